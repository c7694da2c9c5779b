"""Demo data of the oversight app (last part): the city's and 东城区's task forces, a 舆情 clue followed
to its closing and an open 社会影响恶劣 matter escalated to the city, media reports, a published warning
case, a published 判定标准 citing precedents, the good-credit list, a 尽职免责 decision, the full record
of one case, a special campaign from a hotspot with a 明察暗访 visit, and the 考核评议 of two counties.

Everything goes through the services, so each record has its audit entry. Picks are by primary key."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections import Counter
from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone

from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Assessment, Clue, ClueStatus, Verdict
from jiandu.errors import UserError
from jiandu.org.models import Region, Unit, UnitKind, User
from jiandu.org.permissions import STAFF
from jiandu.oversight.models import (
    Appraisal,
    CaseRecord,
    DutyExemption,
    EligibleFirm,
    IncentivePolicy,
    JudgingStandard,
    MediaReport,
    OpinionEvent,
    SpecialCampaign,
    StudyRecord,
    SupervisionVisit,
    TaskForce,
    UrgentMatter,
    WarningCase,
)
from jiandu.oversight.rules import score_sheet, study_catalogue
from jiandu.oversight.services import (
    campaigns,
    exemptions,
    incentives,
    records,
    standards,
    study,
    taskforce,
    urgent,
)
from jiandu.prevention.models import Hotspot

CITY_CODE, EAST_CODE = "411800", "411802"
MEDIA = (
    ("中原市启动规范涉企行政执法专项行动", "中原日报", "city", "print"),
    ("市场监管“企业直通车”开通一月收到反映四十余条", "中原广播电视台", "city", "broadcast"),
    ("东城区：以案警示推动执法规范化", "东城融媒", "county", "social"),
    ("河南多地整治涉企乱收费乱罚款", "河南日报", "province", "print"),
    ("体检式监管让企业少跑腿", "中原市人民政府网", "city", "web"),
)


def _people() -> dict[str, User]:
    names = ["zhuanban", "zhuanban2", "dongcheng", "dongcheng_zf1", "fazhi", "shipin", "jiage"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def load_demo(*, city: Region, scale: float, rng: random.Random, log: Callable[[str], None]) -> None:
    people = _people()
    if not {"zhuanban", "dongcheng", "fazhi"} <= set(people):
        log("未找到演示账号，跳过执法监督专项演示数据。")
        return
    east = Region.objects.get(code=EAST_CODE)
    tf, chief, legal = people["zhuanban"], people["dongcheng"], people["fazhi"]
    today = timezone.localdate()
    _task_forces(city, east, people, today)
    _urgent(east, tf, chief, today)
    _standards_and_warnings(city, tf, legal)
    incentives.refresh(actor=tf, region=city)
    _exemption(tf, legal)
    _records(east, chief)
    _campaign(city, east, tf, today)
    _study(city, rng, today)
    for county in Region.objects.filter(parent=city).order_by("code")[:2]:
        sheet = score_sheet(today)
        scores = {i.key: float(i.points - (n + len(county.code)) % 3) for n, i in enumerate(sheet.items)}
        campaigns.appraise(
            actor=tf, region=county, year=today.year, scores=scores, comment="按评分表逐项评议"
        )
    log(
        f"执法监督专项：{UrgentMatter.objects.filter(region__parent=city).count()} 个紧急事项，"
        f"{EligibleFirm.objects.filter(region__parent=city).count()} 户守信激励企业"
    )


def _task_forces(city: Region, east: Region, people: dict[str, User], today: dt.date) -> None:
    office = Unit.objects.filter(region=city, kind=UnitKind.TASK_FORCE).order_by("pk").first()
    members = list(Unit.objects.filter(region=city, kind=UnitKind.BUSINESS).order_by("pk"))
    force = taskforce.set_up(
        actor=people["zhuanban"],
        region=city,
        name="中原市市场监管局规范涉企行政执法专项行动工作专班",
        established_on=today - dt.timedelta(days=60),
        office=office,
        units=[*members, *([office] if office else [])],
    )
    tf = people["zhuanban"]
    taskforce.add_member(actor=tf, task_force=force, position="leader", name="刘建国", title="局长")
    taskforce.add_member(actor=tf, task_force=force, position="deputy", name="马晓峰", title="副局长")
    taskforce.add_member(
        actor=tf,
        task_force=force,
        position="office",
        name="周振华",
        title="案件管理科科长",
        unit=office,
        user=tf,
    )
    for user in (people.get("shipin"), people.get("jiage")):
        if user is not None and user.unit is not None:
            taskforce.add_member(
                actor=tf,
                task_force=force,
                position="member",
                name=user.full_name or user.username,
                title="科长",
                unit=user.unit,
                user=user,
            )
    bureau = Unit.objects.filter(region=east, kind=UnitKind.BUREAU).order_by("pk").first()
    chief = people["dongcheng"]
    county = taskforce.set_up(
        actor=chief,
        region=east,
        name="东城区市场监管局专项行动工作专班",
        established_on=today - dt.timedelta(days=55),
        office=bureau,
        units=[bureau] if bureau else [],
    )
    taskforce.add_member(
        actor=chief, task_force=county, position="leader", name="卫国栋", title="局长", user=chief
    )
    taskforce.add_member(actor=chief, task_force=county, position="deputy", name="林海", title="副局长")


def _urgent(east: Region, tf: User, chief: User, today: dt.date) -> None:
    open_clues = list(Clue.objects.filter(region=east).exclude(status=ClueStatus.CLOSED).order_by("pk")[:2])
    if len(open_clues) == 2:
        opinion = urgent.flag_urgent(
            actor=chief,
            clue=open_clues[0],
            kind="opinion",
            reason="短视频平台转发量大，评论集中质疑执法公正",
            deadline_hours=12,
            source="network",
            source_detail="短视频平台",
        )
        event = opinion.events.get()
        urgent.add_step(actor=chief, event=event, action="联系发布者核实，调取执法记录仪视频")
        urgent.publish_statement(
            actor=chief, event=event, statement="我局已成立核查组，核查结果将及时向社会公布。"
        )
        urgent.close_event(actor=chief, event=event, note="核查后依法纠正并公开回应，舆情平息")
        urgent.flag_urgent(
            actor=chief,
            clue=open_clues[1],
            kind="severe",
            reason="多家企业联名反映，社会影响恶劣",
            deadline_hours=48,
        )
    for title, outlet, level, kind in MEDIA:
        region = east if level == "county" else east.parent or east
        urgent.record_media(
            actor=tf if region != east else chief,
            region=region,
            title=title,
            outlet=outlet,
            level=level,
            kind=kind,
            published_on=today - dt.timedelta(days=3 * len(title) % 40),
        )


def _confirmed(city: Region) -> list[Assessment]:
    return list(
        Assessment.objects.filter(verdict=Verdict.CONFIRMED)
        .filter(Q(clue__region=city) | Q(clue__region__parent=city))
        .exclude(subtype="")
        .select_related("clue")
        .order_by("pk")
    )


def _standards_and_warnings(city: Region, tf: User, legal: User) -> None:
    confirmed = _confirmed(city)
    if not confirmed:
        return
    subtype, _ = Counter(a.subtype for a in confirmed).most_common(1)[0]
    cited = [a for a in confirmed if a.subtype == subtype][:3]
    label = cited[0].get_subtype_display()
    standard = standards.create_standard(
        actor=legal, region=city, subtype=subtype, title=f"{label}判定标准（试行）"
    )
    body = (
        f"执法行为同时具备下列情形的，认定为{label}：（一）缺乏法律、法规、规章依据或者超出法定权限、"
        "范围、幅度；（二）对企业权益造成实际影响。具体参照所援引的先例。"
    )
    standards.publish_version(
        actor=legal,
        version=standards.draft_version(actor=legal, standard=standard, body=body, precedents=cited),
    )
    clue = cited[0].clue
    case = urgent.draft_warning_case(
        actor=tf,
        region=city,
        clue=clue,
        title=f"{label}典型问题",
        lesson="严格依法履职，杜绝同类问题再次发生。",
    )
    with contextlib.suppress(UserError):  # left as a draft when the text still names someone
        urgent.publish_warning_case(actor=tf, case=case)


def _exemption(tf: User, legal: User) -> None:
    city = tf.region
    candidates = [a for a in _confirmed(city) if a.clue.region_id != city.pk] if city else []
    if not candidates:
        return
    clue = candidates[-1].clue
    item = exemptions.open_review(
        actor=tf, clue=clue, officer="韩某", act="依据检测报告作出的处罚事后被认定有误"
    )
    exemptions.decide(
        actor=legal,
        item=item,
        decision="exempt",
        reasons="已按规定审查检测报告，属第十一条第（三）项情形",
        findings={"11-3": {"met": True, "evidence": "检测机构资质有效，报告经两名执法人员审查签字"}},
    )


def _records(east: Region, chief: User) -> None:
    case = PenaltyCase.objects.filter(region=east, decided_on__isnull=False).order_by("pk").first()
    if case is None:
        return
    records.link_record(
        actor=chief,
        case=case,
        kind="paper",
        stage="filing",
        label="立案审批表",
        location=f"东城区局档案室 {case.filed_on.year}-{case.pk}",
        recorded_on=case.filed_on,
    )
    records.link_record(
        actor=chief,
        case=case,
        kind="av",
        stage="investigation",
        label="现场检查执法记录仪视频",
        location=f"执法记录仪管理平台 {case.pk:06d}",
        recorded_on=case.filed_on,
    )


def _campaign(city: Region, east: Region, tf: User, today: dt.date) -> None:
    hotspot = Hotspot.objects.filter(region=east).order_by("rank", "pk").first()
    domain = hotspot.domain if hotspot else None
    if domain is None:
        first = PenaltyCase.objects.filter(region=east).order_by("pk").first()
        domain = first.domain if first else None
    if domain is None:
        return
    item = campaigns.start_campaign(
        actor=tf,
        region=east,
        domain=domain,
        title=f"东城区{domain.name}领域专项整治",
        goal="针对投诉热点集中的问题开展专项整治",
        start_on=today - dt.timedelta(days=90),
        end_on=today + dt.timedelta(days=30),
        hotspot=hotspot,
    )
    campaigns.record_visit(
        actor=tf,
        region=east,
        method="covert",
        target="东城区某市场监管所窗口",
        visited_on=today - dt.timedelta(days=5),
        visitors="市局专班两人",
        campaign=item,
        findings=["窗口人员要求企业提供法定材料以外的证明", "未在办事场所公示执法事项清单"],
    )


def _study(city: Region, rng: random.Random, today: dt.date) -> None:
    """Study records of the demo city's staff: most have studied the first items, fewer the rest."""
    catalogue = study_catalogue(today)
    staff = User.objects.filter(
        Q(region=city) | Q(region__parent=city), is_active=True, role__in=STAFF
    ).order_by("username")
    for person in staff:
        for rank, item in enumerate(catalogue.items):
            if rng.random() < 0.9 - 0.07 * rank:
                study.mark_studied(
                    actor=person,
                    item_key=item.key,
                    studied_on=today - dt.timedelta(days=rng.randint(1, 60)),
                    note=rng.choice(["集中学习", "专题培训", "自学", ""]),
                )


def delete_demo(*, regions: list[Region]) -> None:
    in_regions = Q(region__in=regions)
    StudyRecord.objects.filter(in_regions).delete()
    SupervisionVisit.objects.filter(in_regions).delete()
    SpecialCampaign.objects.filter(in_regions).delete()
    Appraisal.objects.filter(in_regions).delete()
    CaseRecord.objects.filter(in_regions).delete()
    DutyExemption.objects.filter(in_regions).delete()
    EligibleFirm.objects.filter(in_regions).delete()
    IncentivePolicy.objects.filter(in_regions).delete()
    JudgingStandard.objects.filter(in_regions).delete()
    WarningCase.objects.filter(in_regions).delete()
    MediaReport.objects.filter(in_regions).delete()
    OpinionEvent.objects.filter(in_regions).delete()
    UrgentMatter.objects.filter(in_regions).delete()
    TaskForce.objects.filter(in_regions).delete()
