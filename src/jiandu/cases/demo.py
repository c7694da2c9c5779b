"""Demo cases in progress (东城区): one at each step of the procedure, plus two credit-repair applications.

The ~30,000 historical demo cases are loaded closed by `jiandu.demo.loader`; these few are carried
through the real services (立案, 核查, 告知, 陈述申辩 and 复核, 听证, 法制审核, 集体讨论, 决定, 送达,
缴纳, 结案, 公示), so the case pages show what an officer sees. Every fine lies inside the statutory
range the catalogue gives for the case's base amount; where it leaves the recommended band the
decision says why. Dates are relative to the day the demo is loaded.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jiandu.cases import services
from jiandu.cases.models import CreditRepair, PenaltyCase
from jiandu.cases.workflow import needs_deviation_reason
from jiandu.discretion.selectors import get_item
from jiandu.org.models import Domain, Enterprise, Region, User

COUNTY = "411802"  # 东城区
OFFICER, HEAD, REVIEWER = "dongcheng_zf1", "dongcheng", "fazhi"


@dataclass(frozen=True)
class Scenario:
    stop: str  # the last step (ORDER)
    domain: str
    violation: str
    facts: str
    evidence: str
    legal_basis: str
    spec: dict[str, Any]
    fine: str
    filed_days_ago: int
    industry: str
    outcome: str = "penalty"
    flags: dict[str, Any] = field(default_factory=dict)
    decided_days_ago: int = 0
    item_code: str = ""  # an item of the rule catalogue: violation, basis and fine rule come from it
    fine_base: str | None = None  # 货值金额 / 违法所得 / 广告费用 the item's fine is counted on ("0": none)
    violated: str = ""  # the provision the conduct breaks
    confiscation: str = "0"
    hearing: bool = False  # the party asks for a hearing
    argument: str = ""  # the party's statement, reviewed (not adopted) before the decision


_FSL = "《中华人民共和国食品安全法》"
SCENARIOS = [
    Scenario(
        "draft", "price", "未按规定明码标价",
        "当事人经营的超市货架上12种预包装食品未标示价格，执法人员现场检查时当事人未能提供价格标签。",
        "现场检查笔录\n现场照片12张\n营业执照复印件",
        "《明码标价和禁止价格欺诈规定》第二十一条、《价格违法行为行政处罚规定》第十三条",
        {"kind": "range", "min": 0, "max": 5000}, "1500", 3, "食品销售",
        flags={"harm": "minor"}, item_code="PRL-42", violated="《明码标价和禁止价格欺诈规定》第五条",
    ),
    Scenario(
        "checked", "food", "经营超过保质期的食品",
        "当事人在其经营场所货架上陈列超过保质期的酸奶6盒、面包4袋，货值金额共计86元，尚未售出。",
        "现场检查笔录\n扣押物品清单\n进货票据\n询问笔录",
        f"{_FSL}第一百二十四条第一款第（五）项",
        {"kind": "range", "min": 50000, "max": 100000}, "50000", 12, "食品销售",
        flags={"harm": "minor", "eliminated_harm": True}, item_code="FSL-124-1-5", fine_base="86",
        violated=f"{_FSL}第三十四条第（十）项",
    ),
    Scenario(
        "hearing", "advertising", "发布虚假广告",
        "当事人在其微信公众号发布“三天见效、无效退款”等宣传用语，无法提供相应证明材料，广告费用无法计算。",
        "网页截图及公证书\n询问笔录\n公众号后台数据",
        "《中华人民共和国广告法》第五十五条第一款",
        {"kind": "range", "min": 200000, "max": 1000000}, "500000", 40, "",
        flags={"harm": "general"}, item_code="ADL-55-1", fine_base="0", hearing=True,
        violated="《中华人民共和国广告法》第二十八条第一款",
        argument="广告语系第三方代运营公司撰写，本单位不知情。",
    ),
    Scenario(
        "reviewed", "special_equipment", "使用未经定期检验的特种设备",
        "当事人使用的1台乘客电梯检验合格有效期已届满3个月，未申报定期检验，仍继续投入使用。",
        "现场检查笔录\n特种设备使用登记证\n检验报告\n询问笔录",
        "《中华人民共和国特种设备安全法》第八十四条第（一）项",
        {"kind": "range", "min": 30000, "max": 300000}, "120000", 30, "",
        flags={"harm": "general"}, item_code="SEL-84-1",
        violated="《中华人民共和国特种设备安全法》第四十条第三款",
    ),
    Scenario(
        "decided", "metrology", "使用不合格的计量器具",
        "当事人使用的2台电子计价秤经检定不合格，仍用于贸易结算。",
        "现场检查笔录\n计量检定报告\n询问笔录",
        "《中华人民共和国计量法实施细则》第四十六条",
        {"kind": "range", "min": 0, "max": 2000}, "600", 20, "食品销售",
        flags={"harm": "minor"}, decided_days_ago=1, item_code="MTR-46",
        violated="《中华人民共和国计量法》第九条第一款",
    ),
    Scenario(
        "delivered", "price", "虚构原价进行价格欺诈",
        "当事人在促销活动中标示“原价1280元，现价680元”，经查该商品在促销前七日内无1280元的交易记录。",
        "促销海报照片\n销售记录\n询问笔录",
        "《价格违法行为行政处罚规定》第七条",
        {"kind": "range", "min": 50000, "max": 500000}, "80000", 35, "",
        flags={"harm": "general", "eliminated_harm": True}, decided_days_ago=5, item_code="PRP-7",
        fine_base="0", violated="《明码标价和禁止价格欺诈规定》第十九条第（一）项",
        argument="促销前该商品曾在其他门店以1280元销售。",
    ),
    Scenario(
        "delivered", "price", "未按规定明码标价",
        "当事人门店3种商品未标示价格，系初次违法，检查当日即已改正，未造成危害后果。",
        "现场检查笔录\n整改后照片",
        "《中华人民共和国行政处罚法》第三十三条第一款",
        {"kind": "range", "min": 0, "max": 5000}, "0", 15, "",
        outcome="no_penalty",
        flags={"first_violation": True, "harm": "none", "corrected_in_time": True, "minor": True},
        decided_days_ago=4, item_code="PRL-42", violated="《明码标价和禁止价格欺诈规定》第五条",
    ),
    Scenario(
        "repair", "product_quality", "销售不合格产品",
        "当事人销售的电热水壶经抽检，耐热性项目不合格，货值金额8600元，违法所得1200元。",
        "抽样检验报告\n进货台账\n销售记录",
        "《中华人民共和国产品质量法》第五十条",
        {"kind": "range", "min": 4300, "max": 25800}, "9000", 430, "",
        flags={"harm": "general", "eliminated_harm": True}, decided_days_ago=400, item_code="PQL-50",
        fine_base="8600", confiscation="1200", violated="《中华人民共和国产品质量法》第三十九条",
    ),
    Scenario(
        "repaired", "price", "不执行政府指导价收取停车服务费",
        "当事人在其管理的停车场超出政府指导价标准收取停车费，多收款项已于检查当日全部退还消费者，没有违法所得。",
        "收费记录\n价格主管部门文件\n退款凭证",
        "《价格违法行为行政处罚规定》第九条",
        {"kind": "range", "min": 50000, "max": 500000}, "90000", 450, "",
        flags={"harm": "general", "eliminated_harm": True}, decided_days_ago=420, item_code="PRP-9",
        fine_base="0", violated="《中华人民共和国价格法》第十二条",
    ),
]  # fmt: skip

ORDER = [
    "draft",
    "checked",
    "notified",
    "hearing",
    "legal_review",
    "reviewed",
    "decided",
    "delivered",
    "repair",
    "repaired",
]


def _reached(scenario: Scenario, step: str) -> bool:
    return ORDER.index(scenario.stop) >= ORDER.index(step)


def _run(scenario: Scenario, enterprise: Enterprise, people: dict[str, User], today: dt.date) -> PenaltyCase:
    officer, head, reviewer = people[OFFICER], people[HEAD], people[REVIEWER]
    from_catalogue = bool(scenario.item_code) and get_item(scenario.item_code) is not None
    filed = today - dt.timedelta(days=scenario.filed_days_ago)
    decided = today - dt.timedelta(days=scenario.decided_days_ago)
    kinds = [] if scenario.outcome == "no_penalty" else ["fine"]
    case = services.create_case(
        actor=officer,
        enterprise=enterprise,
        item_code=scenario.item_code if from_catalogue else "",
        domain=Domain.objects.get(code=scenario.domain),
        violation=scenario.violation,
        facts=scenario.facts,
        evidence=scenario.evidence,
        legal_basis="" if from_catalogue else scenario.legal_basis,
        violated_provision=scenario.violated,
        representative=rng_name(enterprise.pk),
        outcome=scenario.outcome,
        penalty_kinds=kinds + (["confiscate_gain"] if Decimal(scenario.confiscation) else []),
        fine=Decimal(scenario.fine),
        confiscation=Decimal(scenario.confiscation),
        fine_base=scenario.fine_base,
        penalty_spec=None if from_catalogue else scenario.spec,
        officers="韩立磊、杨文静",
        discretion_facts=scenario.flags,
        no_penalty_ground="minor_corrected" if scenario.outcome == "no_penalty" else "",
        filed_on=filed,
    )
    if not _reached(scenario, "checked"):
        return case
    case = services.run_checks(actor=officer, case=case)
    if not _reached(scenario, "notified"):
        return case
    if scenario.outcome != "no_penalty":
        # the notice reached the party long enough ago that its statement period has run out
        notice_on = (
            filed + (decided - filed) / 3 if scenario.decided_days_ago else filed + dt.timedelta(days=2)
        )
        case = services.notify_case(actor=officer, case=case, issued_on=notice_on, delivered_on=notice_on)
        if scenario.argument:
            item = services.record_representation(
                actor=officer,
                case=case,
                argument=scenario.argument,
                received_on=notice_on + dt.timedelta(days=2),
            )
            services.review_representation(
                actor=officer,
                representation=item,
                adopted=False,
                review="经核查，当事人作为广告主或经营者应对其发布的内容负责，所述理由不能免除其法律责任",
            )
        if scenario.hearing:
            case = services.request_hearing(
                actor=officer, case=case, requested_on=notice_on + dt.timedelta(days=3)
            )
            if not _reached(scenario, "legal_review"):
                return case
        if not _reached(scenario, "hearing"):
            return case
    if not _reached(scenario, "legal_review"):
        return case
    if case.legal_review_required:
        case = services.submit_for_review(actor=officer, case=case, note="拟作出较大数额罚款")
        if not _reached(scenario, "reviewed"):
            return case
        case = services.pass_review(
            actor=reviewer, case=case, opinion="事实清楚，证据确凿，适用依据正确，程序合法，裁量适当，同意。"
        )
    if case.discussion_required:
        case = services.discuss_case(
            actor=head, case=case, discussed_on=decided, note="局长办公会集体讨论，同意法制审核意见。"
        )
    if not _reached(scenario, "decided"):
        return case
    case = services.decide_case(
        actor=head,
        case=case,
        decided_on=decided,
        deviation_reason="当事人积极整改并主动消除影响，综合考虑后确定罚款数额。"
        if needs_deviation_reason(case)
        else None,
        education_note="向当事人讲解了《明码标价和禁止价格欺诈规定》，当事人表示今后将严格执行明码标价。"
        if scenario.outcome == "no_penalty"
        else None,
    )
    if not _reached(scenario, "delivered"):
        return case
    case = services.deliver_case(actor=officer, case=case, delivered_on=decided, method="直接送达")
    if not _reached(scenario, "repair"):
        return case
    case = services.publish_case(actor=officer, case=case, published_on=decided + dt.timedelta(days=7))
    case = services.record_payment(actor=officer, case=case, paid_on=decided + dt.timedelta(days=10))
    return services.close_case(actor=officer, case=case, closed_on=decided + dt.timedelta(days=12))


_SURNAMES, _GIVEN = "王李张刘陈杨赵黄周吴", "伟芳娜敏静丽强磊军洋"


def rng_name(seed: int) -> str:
    """A synthetic 法定代表人 name, the same for the same firm."""
    return _SURNAMES[seed % 10] + _GIVEN[(seed // 10) % 10] + _GIVEN[(seed // 100) % 10]


def load_demo(*, city: Region, scale: float, rng: random.Random, log: Callable[[str], None]) -> None:
    county = Region.objects.get(code=COUNTY)
    people = {u.username: u for u in User.objects.filter(username__in=[OFFICER, HEAD, REVIEWER])}
    if len(people) < 3:
        log("未找到演示账号，跳过在办案件演示数据。")
        return
    pool = list(Enterprise.objects.filter(region=county).order_by("pk").values_list("pk", flat=True)[:2000])
    chosen = rng.sample(pool, len(SCENARIOS))
    firms = Enterprise.objects.in_bulk(chosen)
    today = services.today()
    cases = [_run(s, firms[pk], people, today) for s, pk in zip(SCENARIOS, chosen, strict=True)]
    repairs = 0
    for case, scenario in zip(cases, SCENARIOS, strict=True):
        if scenario.stop not in ("repair", "repaired"):
            continue
        application = services.apply_for_repair(
            uscc=case.enterprise.uscc,
            decision_number=case.decision_number or "",
            contact_name="刘敏",
            contact_phone="0371-6555" + f"{rng.randrange(10000):04d}",
            measures="已全部召回、下架涉事产品，退还多收款项，建立进货查验和价格公示制度，组织员工培训。",
            declared={"harm_eliminated": True, "not_listed": True},
            commitment=scenario.stop == "repair",
            code=services.repair_code(case),
        )
        repairs += 1
        if scenario.stop == "repaired":
            services.review_repair(
                actor=people[HEAD],
                application=application,
                approve=True,
                opinion="经核实符合提前停止公示条件。",
            )
    log(f"在办行政处罚案件 {len(cases)} 件，信用修复申请 {repairs} 件")


def delete_demo(*, regions: list[Region]) -> None:
    CreditRepair.objects.filter(region__in=regions).delete()
