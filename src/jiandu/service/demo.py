"""Demo data of the service loop (after every other part): one demo firm in 东城区 whose record has every
part (its code for the public page is printed), assistance needs, liaison, forums whose issues became a
clue, a need and a suggestion, procedure walks, park visits, supervisors and monitoring points linked
to the demo logins, case leads handed over from inspections (one filed as a case, one declined), a case
analysis fed back, the study list and training, and anonymous survey answers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, record
from jiandu.cases.models import CreditRepair, PenaltyCase, PublicityStatus
from jiandu.clues.models import Channel, Suggestion
from jiandu.clues.services import file_clue
from jiandu.inspections import services as inspections
from jiandu.inspections.models import Inspection, Outcome
from jiandu.org.models import Domain, Enterprise, Region, Role, Unit, UnitKind, User
from jiandu.prevention.models import Complaint
from jiandu.reviews.models import FollowUp
from jiandu.service import services
from jiandu.service.models import (
    AccessPurpose,
    AssistanceRequest,
    CaseAnalysis,
    CaseLead,
    FirmAccessCode,
    Forum,
    ForumIssue,
    LiaisonAssignment,
    MonitoringPoint,
    ProcedureFinding,
    ServiceEvent,
    StudyItem,
    Supervisor,
    Survey,
    SurveyResponse,
    TrainingSession,
)
from jiandu.service.services.people import _access_digest

COUNTY = "411802"  # 东城区
DEMO_ACCESS_CODE = "DEMO2026JDQY"  # the demo firm's code for /public/firm/record/ (demo only)
NEEDS = (
    "希望协调计量器具周期检定，缩短排队时间",
    "申请食品经营许可延续，希望提前指导材料准备",
    "企业拟申请商标注册，希望开展知识产权辅导",
    "希望就产品执行标准备案给予指导",
    "检验检测机构资质认定扩项，希望了解流程",
    "反映园区内停车收费标准不公示，希望协调",
    "希望在企业开办环节实行一次办结",
    "申请开展信用修复的政策辅导",
)
WALKS = (
    ("食品经营许可", "现场核查预约", "需电话预约，多次未接通", "改为网上预约并短信确认"),
    ("企业开办", "银行开户", "需另行前往银行网点", "与银行对接，开办专区同步开户"),
    ("特种设备使用登记", "材料提交", "要求提交纸质与电子两套材料", "取消纸质材料"),
    ("计量器具强制检定", "申请受理", "受理窗口仅工作日上午开放", "延长受理时间至全天"),
)
LAWS = (
    ("规范涉企行政执法专项行动", "中华人民共和国行政处罚法", "全国人民代表大会常务委员会"),
    ("规范涉企行政执法专项行动", "市场监督管理行政处罚程序规定", "国家市场监督管理总局"),
    ("规范涉企行政执法专项行动", "市场监督管理执法监督暂行规定", "国家市场监督管理总局"),
    ("规范涉企行政执法专项行动", "关于规范市场监督管理行政处罚裁量权的指导意见", "国家市场监督管理总局"),
    ("体检式监管 服务型执法", "优化营商环境条例", "国务院"),
)


def _people() -> dict[str, User]:
    names = ["zhuanban", "dongcheng", "dongcheng_zf1", "dongcheng_zf2", "shipin", "jianduyuan", "jiancedian"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _demo_firm(county: Region) -> Enterprise:
    """A firm of 东城区 with a decided case, preferably one that applied for credit repair."""
    repair = CreditRepair.objects.filter(region=county).order_by("pk").first()
    if repair is not None:
        return repair.case.enterprise
    case = PenaltyCase.objects.filter(region=county, decided_on__isnull=False).order_by("pk").first()
    if case is not None:
        return case.enterprise
    return Enterprise.objects.filter(region=county).order_by("pk")[0]


def _firm_history(firm: Enterprise, people: dict[str, User], unit: Unit, today: dt.date) -> None:
    """Give the demo firm what the other demo parts may not: so its record shows every part."""
    chief, officer = people["dongcheng"], people["dongcheng_zf1"]
    if firm.credit_class != "C":
        before = firm.credit_class
        Enterprise.objects.filter(pk=firm.pk).update(credit_class="C")
        firm.credit_class = "C"
        record(
            actor="演示数据",
            change=change_for(
                firm, AuditAction.UPDATE, before={"credit_class": before}, after={"credit_class": "C"}
            ),
        )
    visit = inspections.record_inspection(
        actor=officer,
        enterprise=firm,
        inspected_on=today - dt.timedelta(days=25),
        findings="部分商品未明码标价",
    )
    inspections.record_guidance(
        actor=officer,
        enterprise=firm,
        kind="prompt",
        content="提示落实明码标价制度",
        issued_on=today,
        inspection=visit,
    )
    stamp = dt.datetime.combine(today, dt.time(9, 30), tzinfo=timezone.get_current_timezone())
    Complaint.objects.bulk_create(
        Complaint(
            number=f"12315-{today.year}-{9_000_000 + n}",
            source="12315",
            kind="complaint",
            received_at=stamp - dt.timedelta(days=3 * n + 1),
            region=firm.region,
            enterprise=firm,
            subject=("价格欺诈", "商品质量", "价格欺诈")[n],
            summary="（演示）消费者反映的诉求摘要",
        )
        for n in range(3)
    )
    case = PenaltyCase.objects.filter(enterprise=firm).order_by("pk").first()
    if case is not None and not FollowUp.objects.filter(case=case).exists():
        FollowUp.objects.create(
            case=case,
            kind="after_penalty",
            region=firm.region,
            rules_version="demo",
            due_on=today + dt.timedelta(7),
        )
    if case is not None and case.publicity_status == PublicityStatus.NOT_REQUIRED and case.decided_on:
        PenaltyCase.objects.filter(pk=case.pk).update(
            publicity_status=PublicityStatus.PUBLISHED, published_on=case.decided_on
        )
    file_clue(
        actor=chief,
        channel=Channel.DIRECT_LINE,
        summary=f"（演示）{firm.name}反映同一事项短期内被多个部门重复检查",
        region=firm.region,
        enterprise=firm,
    )
    services.register_case_lead(
        actor=officer,
        enterprise=firm,
        domain=Domain.objects.get(code="price"),
        facts="涉嫌虚构原价促销",
        handling_unit=unit,
        source="complaint",
        discovered_on=today - dt.timedelta(days=2),
    )
    FirmAccessCode.objects.create(
        enterprise=firm,
        digest=_access_digest(firm.uscc, DEMO_ACCESS_CODE),
        purpose=AccessPurpose.DECISION,
        issued_on=today,
        expires_on=today + dt.timedelta(days=365),
        issued_by=officer,
    )


def load_demo(*, city: Region, scale: float, rng: random.Random, log: Callable[[str], None]) -> None:
    people = _people()
    if len(people) < 7:
        log("未找到演示账号，跳过服务型执法演示数据。")
        return
    county = Region.objects.get(code=COUNTY)
    bureau = Unit.objects.get(region=county, kind=UnitKind.BUREAU)
    food = Unit.objects.filter(region=city, domains__code="food").first() or bureau
    today = timezone.localdate()
    city_staff, chief, officer = people["zhuanban"], people["dongcheng"], people["dongcheng_zf1"]
    firm = _demo_firm(county)
    _firm_history(firm, people, bureau, today)
    pool = list(Enterprise.objects.filter(region=county).exclude(pk=firm.pk).order_by("pk")[:400])
    firms = [firm, *rng.sample(pool, min(12, len(pool)))]

    # 局处长联络 with visits
    for index, (target, category) in enumerate(
        zip(firms[:5], ("struggling", "key", "potential", "key", "struggling"), strict=False)
    ):
        leader = (chief, people["shipin"], city_staff)[index % 3]
        liaison = services.assign_liaison(
            actor=chief,
            enterprise=target,
            leader=leader,
            title=("局长", "科长", "副局长")[index % 3],
            category=category,
        )
        for visit in range(1 + index % 2):
            services.record_liaison_visit(
                actor=chief,
                assignment=liaison,
                visited_on=today - dt.timedelta(days=30 * visit + 3),
                content="（演示）走访了解生产经营情况和执法需求，宣讲涉企政策。",
            )

    # 帮扶需求： some answered and rated, some open and past their deadline
    calendar_start = today - dt.timedelta(days=40)
    for index, target in enumerate(firms[:8]):
        raised = calendar_start + dt.timedelta(days=4 * index)
        item = services.open_assistance(
            actor=officer,
            region=county,
            unit=bureau if index % 3 else food,
            source=("visit", "follow_up", "mailbox")[index % 3],
            content=NEEDS[index % len(NEEDS)],
            enterprise=target,
            raised_on=raised,
            term_workdays=10,
        )
        if index % 2 == 0:
            services.add_assistance_step(
                actor=officer, item=item, action="（演示）已联系相关科室研究办理", taken_on=raised
            )
        if index % 4 == 1:
            item = services.answer_assistance(
                actor=officer, item=item, answer="（演示）已按企业需求办结并书面答复。"
            )
            services.record_assistance_feedback(
                actor=officer, item=item, satisfaction=rng.choice((4, 5)), feedback="满意"
            )

    # 座谈会： the first forum's issues became a clue, a need and a suggestion
    forum = services.hold_forum(
        actor=chief,
        region=county,
        title="涉企执法“请进来听诤言”座谈会",
        held_on=today - dt.timedelta(days=10),
        venue="东城区市场监管局三楼会议室",
        host_unit=bureau,
        firms=firms[:6],
        other_attendees="东城区食品行业协会、执法监督员许明哲",
        issues=[
            ("同一事项一年内被不同科室检查三次，希望合并检查", "企业代表", firm),
            ("希望组织食品标签标准培训", "东城区食品行业协会", None),
            ("建议公开涉企检查计划，便于企业提前准备", "执法监督员", None),
        ],
    )
    first, second, third = list(forum.issues.order_by("pk"))
    services.issue_to_clue(actor=chief, issue=first)
    services.issue_to_need(actor=chief, issue=second, unit=bureau)
    services.issue_to_suggestion(actor=chief, issue=third)
    services.hold_forum(
        actor=city_staff,
        region=city,
        title="重点企业执法监督座谈会",
        held_on=today - dt.timedelta(days=45),
        firms=firms[6:9],
        other_attendees="市人大代表、政协委员",
        issues=[("希望减少年底集中检查", "企业代表", None)],
    )

    # 走流程 and 进园区进企业
    for index, (procedure, step, blocker, fix) in enumerate(WALKS):
        finding = services.record_procedure_finding(
            actor=chief,
            region=county,
            procedure=procedure,
            step=step,
            blocker=blocker,
            fix=fix,
            unit=bureau,
            found_on=today - dt.timedelta(days=20 + 10 * index),
        )
        if index % 2 == 0:
            services.rectify_procedure_finding(
                actor=chief, finding=finding, result=f"（演示）{fix}，已落实。"
            )
    services.record_service_event(
        actor=chief,
        region=county,
        park="东城食品产业园",
        held_on=today - dt.timedelta(days=15),
        units=[bureau],
        services=["registration", "metrology", "testing"],
        firms=firms[:7],
        notes="（演示）现场办理登记 6 件，检定计量器具 32 台",
    )
    services.record_service_event(
        actor=city_staff,
        region=city,
        park="中原市高新技术产业园",
        held_on=today - dt.timedelta(days=50),
        units=[food],
        services=["standards", "ip"],
        firms=firms[7:10],
    )

    # 监督员 and 监测点 with their logins; they file clues and see what became of them
    jdy, jcd = people["jianduyuan"], people["jiancedian"]
    services.register_supervisor(
        actor=city_staff,
        region=city,
        name=jdy.full_name or "许明哲",
        kind="npc_deputy",
        organisation="中原市人大代表",
        term_start=today.replace(month=1, day=1),
        term_end=today.replace(year=today.year + 2, month=12, day=31),
        phone="0371-65550101",
        user=jdy,
    )
    services.register_supervisor(
        actor=city_staff,
        region=city,
        name="黄振国",
        kind="cppcc_member",
        organisation="中原市政协委员",
        term_start=today.replace(month=1, day=1),
        term_end=today.replace(year=today.year + 2, month=12, day=31),
        phone="0371-65550102",
    )
    point_region = jcd.region or county
    services.register_monitoring_point(
        actor=city_staff,
        region=point_region,
        name=f"{point_region.name}餐饮行业协会",
        kind="association",
        contact_name=jcd.full_name or "何春燕",
        phone="0371-65550103",
        user=jcd,
    )
    for login, channel, text in (
        (jdy, Channel.SUPERVISOR, "（演示）有企业反映执法人员检查时要求购买指定品牌的消防器材"),
        (jcd, Channel.MONITORING_POINT, "（演示）协会会员反映同一餐馆一月内被抽查两次"),
    ):
        file_clue(actor=login, channel=channel, summary=text, region=point_region if login == jcd else county)

    # 案源： inspections that found violations are handed over; one filed, one declined
    price = Domain.objects.get(code="price")
    food_domain = Domain.objects.get(code="food")
    found = list(
        Inspection.objects.filter(
            Q(region=county) | Q(region__parent=city), outcome__in=(Outcome.CLUE, Outcome.CASE_NOTE)
        )
        .filter(case_lead__isnull=True, region=county)
        .order_by("pk")[:3]
    )
    leads = [
        services.hand_over_inspection(
            actor=officer, inspection=visit, domain=food_domain, handling_unit=bureau
        )
        for visit in found
    ]
    if leads:
        services.accept_case_lead(actor=chief, lead=leads[0])
        services.file_case_from_lead(actor=chief, lead=leads[0], violation="销售超过保质期的食品")
    if len(leads) > 1:
        services.accept_case_lead(actor=chief, lead=leads[1])
        services.decline_case_lead(
            actor=chief,
            lead=leads[1],
            ground="minor_corrected",
            reason="（演示）当场下架并销毁，货值极小，未造成危害后果",
        )

    # case analysis fed back to routine supervision
    start = today.replace(month=1, day=1)
    analysis = services.record_case_analysis(
        actor=city_staff,
        region=city,
        title=f"{today.year}年案件分析（演示）",
        period_start=start,
        period_end=today,
        summary="（演示）价格类案件集中在促销活动，食品类案件集中在小型超市的过期食品。",
        statistics=_statistics(city, start, today),
        problems=[
            (
                "日常检查对促销活动价格标示关注不够",
                Unit.objects.filter(region=city, domains__code="price").first() or food,
                price,
            ),
            ("小型超市临期食品管理薄弱", food, food_domain),
        ],
    )
    first_problem = analysis.problems.order_by("pk").first()
    if first_problem is not None:
        services.acknowledge_problem(
            actor=city_staff, problem=first_problem, action_taken="将促销价格纳入下季度检查要点"
        )

    # 学习目录， training, attendance
    items = [
        services.add_study_item(actor=city_staff, region=city, campaign=c, title=t, issuer=i)
        for c, t, i in LAWS
    ]
    officers = list(
        User.objects.filter(
            Q(region=city) | Q(region__parent=city), role__in=[Role.OFFICER, Role.COUNTY_BUREAU]
        )
    )
    services.record_training(
        actor=city_staff,
        region=city,
        title="行政处罚法及程序规定专题培训",
        held_on=today - dt.timedelta(days=20),
        hours=Decimal("3"),
        study_items=items[:2],
        attendees=officers,
    )
    services.record_training(
        actor=city_staff,
        region=city,
        title="裁量基准适用培训",
        held_on=today - dt.timedelta(days=60),
        hours=Decimal("2"),
        study_items=items[3:4],
        attendees=officers[: max(1, len(officers) // 2)],
    )

    # satisfaction surveys answered (the answers keep no link to the firm or the officer)
    answered = 0
    for target in firms[:9]:
        _survey, code = services.issue_survey(
            actor=officer, enterprise=target, unit=bureau, subject="inspection"
        )
        score = rng.choice((3, 4, 4, 5, 5))
        services.answer_survey(
            code=code, scores={"fairness": score, "burden": score, "clarity": score}, overall=score
        )
        answered += 1
    log(
        f"服务型执法：演示企业 {firm.name}（{firm.uscc}，企业查询码 {DEMO_ACCESS_CODE}），"
        f"帮扶需求 {AssistanceRequest.objects.filter(region=county).count()} 项，"
        f"案源 {len(leads) + 1} 件，满意度答卷 {answered} 份"
    )


def _statistics(city: Region, start: dt.date, end: dt.date) -> list[dict[str, object]]:
    rows = (
        PenaltyCase.objects.filter(Q(region=city) | Q(region__parent=city), decided_on__range=(start, end))
        .values_list("domain__name", flat=True)
        .order_by("domain__name")
    )
    counts: dict[str, int] = {}
    for name in rows:
        counts[name] = counts.get(name, 0) + 1
    return [{"domain": k, "violation": "", "cases": v, "fines": ""} for k, v in sorted(counts.items())]


def delete_demo(*, regions: list[Region]) -> None:
    in_regions = Q(region__in=regions)
    CaseLead.objects.filter(in_regions).delete()
    CaseAnalysis.objects.filter(in_regions).delete()
    issues = ForumIssue.objects.filter(forum__region__in=regions, suggestion__isnull=False)
    Suggestion.objects.filter(pk__in=list(issues.values_list("suggestion_id", flat=True))).delete()
    Forum.objects.filter(in_regions).delete()
    AssistanceRequest.objects.filter(in_regions).delete()
    LiaisonAssignment.objects.filter(in_regions).delete()
    ProcedureFinding.objects.filter(in_regions).delete()
    ServiceEvent.objects.filter(in_regions).delete()
    Supervisor.objects.filter(in_regions).delete()
    MonitoringPoint.objects.filter(in_regions).delete()
    TrainingSession.objects.filter(in_regions).delete()
    StudyItem.objects.filter(in_regions).delete()
    Survey.objects.filter(in_regions).delete()
    SurveyResponse.objects.filter(in_regions).delete()
    FirmAccessCode.objects.filter(enterprise__region__in=regions).delete()
