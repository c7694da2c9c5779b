"""Score sheets and the 双百回访 criteria as data (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import yaml

from jiandu.reviews.rules import (
    SCORE_SHEET_DIR,
    CaseFacts,
    RuleError,
    compute_score,
    current_score_sheet,
    follow_up_rules,
    mandatory_visit_reasons,
    parse_score_sheet,
    score_sheets,
)

D = Decimal


def test_default_sheet_has_the_seven_groups_and_sums_to_100():
    sheet = current_score_sheet(dt.date(2026, 1, 1))
    assert [g.name for g in sheet.groups] == ["主体", "事实证据", "程序", "法律适用", "裁量", "文书", "卷宗"]
    assert sum(g.points for g in sheet.groups) == D(100)
    # 20 points of form (文书 + 卷宗), 80 of content, as in regulatory_facts.md §6
    assert sum(g.points for g in sheet.groups if g.code in {"documents", "file"}) == D(20)
    assert {v.text for v in sheet.veto} >= {"调查取证执法人员少于两人", "执法人员不具备行政执法资格"}
    assert (
        sheet.grade(D(90)) == "优秀" and sheet.grade(D("89.5")) == "合格" and sheet.grade(D(69)) == "不合格"
    )


def test_no_sheet_before_the_first_effective_date():
    with pytest.raises(RuleError, match="没有"):
        current_score_sheet(dt.date(2020, 1, 1))


def test_deductions_are_capped_at_the_group_points():
    sheet = current_score_sheet(dt.date(2026, 1, 1))
    # 主体 has 10 points: S01 (10) + S02 (3) would deduct 13 but stops at 10
    result = compute_score(sheet, deductions={"S01": D(10), "S02": D(3), "W01": D(1)}, vetoes=frozenset())
    assert result.score == D(100) - D(10) - D(1)
    subject = next(g for g in result.groups if g.code == "subject")
    assert subject.score == 0 and subject.deducted == 10
    assert result.grade == "合格" and not result.vetoed  # 89 < 90


def test_a_veto_fails_the_file_whatever_the_points():
    sheet = current_score_sheet(dt.date(2026, 1, 1))
    result = compute_score(sheet, deductions={}, vetoes=frozenset({"V03"}))
    assert result.score == 0 and result.grade == "不合格" and result.vetoed
    assert "V03" in result.reasons[0]


@pytest.mark.parametrize(
    ("deductions", "message"),
    [
        ({"S02": D(4)}, "超过该项分值"),
        ({"X99": D(1)}, "不在评分表"),
        ({"P03": D(2)}, "不得低于"),
        ({"S02": D(-1)}, "负数"),
    ],
)
def test_bad_deductions_are_refused_with_the_item(deductions, message):
    sheet = current_score_sheet(dt.date(2026, 1, 1))
    with pytest.raises(RuleError, match=message):
        compute_score(sheet, deductions=deductions, vetoes=frozenset())


def test_grade_bands_are_editable(tmp_path):
    data = yaml.safe_load((SCORE_SHEET_DIR / "2025-05-01.yaml").read_text(encoding="utf-8"))
    data["version"] = "2027-01-01"
    data["effective_from"] = "2027-01-01"
    data["bands"] = [
        {"grade": "优秀", "min": 95},
        {"grade": "合格", "min": 80},
        {"grade": "不合格", "min": 0},
    ]
    (tmp_path / "2027-01-01.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "2025-05-01.yaml").write_text(
        (SCORE_SHEET_DIR / "2025-05-01.yaml").read_text("utf-8"), "utf-8"
    )
    assert set(score_sheets(tmp_path)) == {"2025-05-01", "2027-01-01"}
    newer = current_score_sheet(dt.date(2027, 3, 1), tmp_path)
    assert newer.grade(D(92)) == "合格"
    assert current_score_sheet(dt.date(2026, 3, 1), tmp_path).grade(D(92)) == "优秀"


def test_sheet_whose_groups_do_not_add_up_is_refused():
    data = yaml.safe_load((SCORE_SHEET_DIR / "2025-05-01.yaml").read_text(encoding="utf-8"))
    data["groups"][0]["points"] = 12
    with pytest.raises(RuleError, match="总分"):
        parse_score_sheet(data, "bad.yaml")


def facts(**kw):
    base = dict(
        decided_on=dt.date(2026, 6, 1), uscc="91411802MA0000000X", fine=D(5000), penalty_kinds=("fine",),
        is_major=False, reconsidered=False, litigated=False,
    )  # fmt: skip
    base.update(kw)
    return CaseFacts(**base)


def test_mandatory_visit_reasons():
    rules = follow_up_rules()
    assert mandatory_visit_reasons(facts(), rules) == []
    assert mandatory_visit_reasons(facts(reconsidered=True), rules) == ["当事人申请行政复议"]
    assert "提起行政诉讼" in mandatory_visit_reasons(facts(litigated=True), rules)[0]
    assert mandatory_visit_reasons(facts(fine=D(99999)), rules) == []  # organisation threshold 100,000
    assert "较大数额" in mandatory_visit_reasons(facts(fine=D(100000)), rules)[0]
    # a 个体工商户 (second character 2) is held to the natural-person threshold of 10,000
    assert "自然人" in mandatory_visit_reasons(facts(uscc="92411802MA0000000X", fine=D(10000)), rules)[0]
    assert mandatory_visit_reasons(facts(person=True, fine=D(9999)), rules) == []
    assert "吊销" in mandatory_visit_reasons(facts(penalty_kinds=("fine", "revoke_licence")), rules)[0]
    assert "第五十八条" in mandatory_visit_reasons(facts(is_major=True), rules)[0]
    # cases decided before the campaign began are out of scope
    assert mandatory_visit_reasons(facts(reconsidered=True, decided_on=dt.date(2024, 1, 5)), rules) == []
