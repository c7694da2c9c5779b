"""Problem models (engines/problem_models): each model finds its planted record and leaves the clean ones."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from jiandu.engines import case_deadlines
from jiandu.engines import problem_models as P
from jiandu.engines.workdays import WorkdayCalendar

RULES_DIR = Path(P.__file__).resolve().parent.parent.parent / "rulesets" / "problem_models"
RULES = P.parse_rules(yaml.safe_load((RULES_DIR / "2026-01-01.yaml").read_text(encoding="utf-8")))
TODAY = dt.date(2026, 11, 16)
PARENTS = {"411800": "410000", "411802": "411800", "411803": "411800", "410000": None}


def case(pk: int, **kw) -> P.CaseRecord:
    values = dict(
        id=pk, label=f"中东市监处罚〔2026〕{pk}号", region="411802", enterprise_id=pk,
        enterprise_name=f"企业{pk}", enterprise_region="411802", domain="价格", item="PRL-42",
        violation="未按规定明码标价", status="closed", outcome="penalty", fine=Decimal("2000"),
        filed_on=dt.date(2026, 6, 1), decided_on=dt.date(2026, 7, 1),
    )  # fmt: skip
    values.update(kw)
    return P.CaseRecord(**values)


def run(code: str, **data) -> list[P.Hit]:
    return P.run(RULES, P.ModelData(today=TODAY, region_parents=PARENTS, **data), only=[code])


def test_every_model_has_description_and_legal_basis():
    assert {m.code for m in RULES.models} == set(P.CHECKS)
    for model in RULES.models:
        assert model.name and model.description and model.legal_basis
        assert model.category in ("P1", "P2", "P3", "P4")


def test_top_fine_needs_no_aggravating_circumstance():
    near_max = case(1, fine=Decimal("4600"), statutory_max=Decimal("5000"))
    aggravated = case(
        2, fine=Decimal("5000"), statutory_max=Decimal("5000"), facts={"repeat_within_year": True}
    )
    large = case(3, fine=Decimal("300000"))
    floor = case(6, fine=Decimal("500000"), statutory_min=Decimal("500000"))  # the statute's minimum
    normal = case(4, fine=Decimal("2000"), statutory_max=Decimal("5000"))
    old = case(5, fine=Decimal("5000"), statutory_max=Decimal("5000"), decided_on=dt.date(2024, 1, 5))
    hits = {h.key: h for h in run("top_fine", cases=[near_max, aggravated, large, normal, old, floor])}
    assert set(hits) == {"top_fine:case:1", "top_fine:case:3"}
    assert "达到法定最高罚款 5,000 元的 92%" in hits["top_fine:case:1"].reasons[0]
    assert hits["top_fine:case:1"].reasons[-1] == "案件未记录任何从重处罚情节"
    assert hits["top_fine:case:3"].evidence[0].kind == "case" and hits["top_fine:case:3"].category == "P2"


def test_minor_heavy_and_first_violation_fined():
    waived = case(
        1, fine=Decimal("800"), discretion={"outcome": "may_waive", "fine_range": {"min": 0, "max": 1500}}
    )
    heavy = case(
        2, fine=Decimal("4000"), discretion={"outcome": "lenient", "fine_range": {"min": 0, "max": 1500}}
    )
    within = case(
        3, fine=Decimal("1200"), discretion={"outcome": "lenient", "fine_range": {"min": 0, "max": 1500}}
    )
    unchecked = case(4, fine=Decimal("4000"))
    hits = {h.key: h for h in run("minor_heavy", cases=[waived, heavy, within, unchecked])}
    assert set(hits) == {"minor_heavy:case:1", "minor_heavy:case:2"}
    assert "可以首违不罚" in hits["minor_heavy:case:1"].reasons[0]
    assert "上限 1,500 元" in hits["minor_heavy:case:2"].reasons[0]


def test_remote_enforcement_unless_joint_or_the_city_itself():
    remote = case(1, enterprise_region="411803")
    joint = case(2, enterprise_region="411803", text="经市局指定管辖，由本局立案查处")
    city_case = case(3, region="411800", enterprise_region="411803")
    local = case(4)
    hits = run("remote_enforcement", cases=[remote, joint, city_case, local])
    assert [h.key for h in hits] == ["remote_enforcement:case:1"]
    assert hits[0].subtype == "P2a" and "411803" in hits[0].reasons[0]


def inspection(pk: int, firm: int, day: dt.date, dept: str, credit: str = "B") -> P.InspectionRecord:
    return P.InspectionRecord(
        id=pk, enterprise_id=firm, enterprise_name=f"企业{firm}", region="411802", department=dept,
        inspected_on=day, credit_class=credit,
    )  # fmt: skip


def test_repeat_inspection_by_different_bodies_and_yearly_cap():
    items = [
        inspection(1, 7, dt.date(2026, 3, 2), "市场监督管理局"),
        inspection(2, 7, dt.date(2026, 3, 20), "消防救援大队"),  # 18 days later, another body
        inspection(3, 8, dt.date(2026, 3, 2), "市场监督管理局"),
        inspection(4, 8, dt.date(2026, 3, 20), "市场监督管理局"),  # same body: not this model's concern
        inspection(5, 9, dt.date(2026, 1, 5), "市场监督管理局", "A"),
        inspection(6, 9, dt.date(2026, 5, 5), "市场监督管理局", "A"),  # A: cap 1 a year
        inspection(7, 10, dt.date(2026, 1, 5), "市场监督管理局"),
        inspection(8, 10, dt.date(2026, 9, 5), "卫生健康委员会"),  # far apart, within the B cap of 2
    ]
    rule = RULES.get("repeat_inspection")
    assert rule is not None
    rules = P.ModelRules(
        version="t", lookback_days=365,
        models=(dataclasses.replace(rule, params={"window_days": 30, "yearly_caps": {"A": 1, "B": 2}}),),
    )  # fmt: skip
    hits = {h.key: h for h in P.run(rules, P.ModelData(today=TODAY, inspections=items))}
    assert set(hits) == {"repeat_inspection:inspection:2", "repeat_inspection:firm:9:2026"}
    assert "间隔 18 日" in hits["repeat_inspection:inspection:2"].reasons[0]
    assert "年度检查上限 1 次" in hits["repeat_inspection:firm:9:2026"].reasons[0]


def test_inaction_many_complaints_no_case_and_overdue_clues():
    def complaint(pk: int, firm: int, week: int) -> P.ComplaintRecord:
        day = dt.date(2026, 2, 1) + dt.timedelta(days=7 * week)
        return P.ComplaintRecord(
            id=pk,
            enterprise_id=firm,
            enterprise_name=f"企业{firm}",
            region="411802",
            domain="食品",
            received_on=day,
        )

    complaints = [complaint(i, 11, i) for i in range(16)] + [complaint(100 + i, 12, i) for i in range(16)]
    acted = case(
        20, enterprise_id=12, filed_on=dt.date(2026, 4, 1)
    )  # a case against firm 12 after complaints
    clues = [
        P.ClueRecord(id=5, label="第5号", region="411803", status="assessing", overdue=True),
        P.ClueRecord(id=6, label="第6号", region="411803", status="received", overdue=True),
    ]
    hits = {h.key: h for h in run("inaction", complaints=complaints, cases=[acted], clues=clues)}
    assert set(hits) == {"inaction:firm:11:2026", "inaction:clue:5"}
    assert "被投诉举报 16 件" in hits["inaction:firm:11:2026"].reasons[0]
    assert hits["inaction:clue:5"].subtype == "P4f" and hits["inaction:firm:11:2026"].subtype == "P4c"


def test_similar_outlier_against_earlier_decisions_of_the_same_item():
    earlier = [
        case(100 + i, fine=Decimal(1800 + 40 * i), decided_on=dt.date(2026, 1, 1) + dt.timedelta(days=5 * i))
        for i in range(20)
    ]
    heavy = case(1, fine=Decimal("30000"), decided_on=dt.date(2026, 8, 1))
    usual = case(2, fine=Decimal("2100"), decided_on=dt.date(2026, 8, 2))
    other_item = case(3, fine=Decimal("30000"), item="FSL-124-1-5", decided_on=dt.date(2026, 8, 3))
    hits = {h.key: h for h in run("similar_outlier", cases=[*earlier, heavy, usual, other_item])}
    assert "similar_outlier:case:1" in hits
    assert "similar_outlier:case:2" not in hits and "similar_outlier:case:3" not in hits
    assert any("可能畸重" in r for r in hits["similar_outlier:case:1"].reasons)
    assert hits["similar_outlier:case:1"].category == "P3"


def test_overdue_case_running_and_decided_late():
    calendar = WorkdayCalendar()
    rules = case_deadlines.load_rules()
    running = case(1, status="draft", decided_on=None, filed_on=dt.date(2026, 6, 1))  # 90 days passed
    fresh = case(2, status="draft", decided_on=None, filed_on=dt.date(2026, 11, 1))
    late = case(3, filed_on=dt.date(2026, 1, 5), decided_on=dt.date(2026, 6, 30))
    on_time = case(4, filed_on=dt.date(2026, 5, 5), decided_on=dt.date(2026, 6, 30))
    hits = {
        h.key: h
        for h in run(
            "overdue_case", cases=[running, fresh, late, on_time], calendar=calendar, deadline_rules=rules
        )
    }
    assert set(hits) == {"overdue_case:case:1:decide", "overdue_case:case:3:decide"}
    assert "至今未完成" in hits["overdue_case:case:1:decide"].reasons[0]
    assert "2026-06-30 才作出决定" in hits["overdue_case:case:3:decide"].reasons[0]
    assert "第六十条" in hits["overdue_case:case:3:decide"].reasons[1]


def test_keys_are_stable_across_versions_and_disabled_models_skip():
    hits_a = run("top_fine", cases=[case(1, fine=Decimal("300000"))])
    data = yaml.safe_load((RULES_DIR / "2026-01-01.yaml").read_text(encoding="utf-8"))
    data["version"] = "2027-01-01"
    for model in data["models"]:
        model["enabled"] = model["code"] != "top_fine"
    newer = P.parse_rules(data)
    hits_b = P.run(
        newer, P.ModelData(today=TODAY, cases=[case(1, fine=Decimal("300000"))]), only=["top_fine"]
    )
    assert [h.key for h in hits_a] == [h.key for h in hits_b] and hits_b[0].version == "2027-01-01"
    assert P.run(newer, P.ModelData(today=TODAY, cases=[case(1, fine=Decimal("300000"))])) == []


def test_rules_refuse_unknown_models_and_fields():
    data = yaml.safe_load((RULES_DIR / "2026-01-01.yaml").read_text(encoding="utf-8"))
    with pytest.raises(P.RuleError, match="不是已实现的模型"):
        P.parse_rules({**data, "models": [*data["models"], {**data["models"][0], "code": "guess"}]})
    with pytest.raises(P.RuleError, match="未知字段"):
        P.parse_rules({**data, "models": [{**data["models"][0], "threshold": 3}]})
    with pytest.raises(P.RuleError, match="category"):
        P.parse_rules({**data, "models": [{**data["models"][0], "category": "P9"}]})
