"""The catalogue file is read only through its strict schema: refusals, messages, exact round trip."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
import yaml

from jiandu.engines.discretion.catalogue import (
    CATALOGUE_FILE,
    PENALTY_KINDS,
    catalogue_rules,
    parse_catalogue,
    shipped_catalogue_file,
    shipped_rules,
)
from jiandu.engines.discretion.ruleset import RulesetError
from jiandu.engines.discretion.statutory import statutory_range


def raw() -> dict[str, Any]:
    data = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def item(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(entry for entry in data["items"] if entry["code"] == code)


def test_every_item_round_trips_exactly() -> None:
    data = raw()
    parsed = shipped_catalogue_file()
    assert len(parsed.items) == len(data["items"])
    for entry, model in zip(data["items"], parsed.items, strict=True):
        assert model.model_dump(exclude_unset=True) == entry, entry["code"]
    for name, law in data["laws"].items():
        assert parsed.laws[name].model_dump(exclude_unset=True) == law, name


def test_the_items_cut_by_commas_are_whole_again() -> None:
    data = raw()
    assert "以假充真" in item(data, "PQL-50")["name"] and "以次充好" in item(data, "PQL-50")["name"]
    assert any(b.get("article") == "第十一条第一款" for b in item(data, "PRP-7")["branches"])
    assert any(b.get("max") == 2000000 for b in item(data, "PRP-9")["branches"])
    assert any(b.get("max_times") == 10 for b in item(data, "ADL-55-1")["branches"])


def test_an_unquoted_comma_in_a_flow_mapping_is_refused_with_file_code_and_field() -> None:
    text = "{code: PRP-7, note: 经营者为个人的,没有违法所得时可以处10万元以下罚款}"
    broken = yaml.safe_load(text)  # YAML reads the tail after the comma as a key of its own
    assert set(broken) == {"code", "note", "没有违法所得时可以处10万元以下罚款"}
    data = raw()
    good = item(data, "PRP-7")
    data["items"][data["items"].index(good)] = {**good, "没有违法所得时可以处10万元以下罚款": None}
    with pytest.raises(RulesetError) as caught:
        parse_catalogue(data)
    message = str(caught.value)
    assert message.startswith("catalogue.yaml 事项 PRP-7 字段 没有违法所得时可以处10万元以下罚款")
    assert "不是允许的字段" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda e: e["fine"].update(max="5000"), "事项 PRL-42 字段 fine.max（最高额）：应为数字"),
        (lambda e: e["fine"].update(kind="ranges"), "事项 PRL-42 字段 fine（罚款规则）：种类（kind）应为"),
        (lambda e: e["fine"].update(extra=1), "事项 PRL-42 字段 fine.extra：不是允许的字段"),
        (lambda e: e["fine"].update(min=-1), "事项 PRL-42 字段 fine.min（最低额）：不能为负数"),
        (lambda e: e.update(article_no="42"), "事项 PRL-42 字段 article_no（条号）：应为整数"),
        (
            lambda e: e.update(penalty_kinds=["fine", "jail"]),
            "字段 penalty_kinds[2]（处罚种类）：取值不在允许范围内",
        ),
        (lambda e: e.pop("quote"), "事项 PRL-42 字段 quote（条文摘录）：缺少此字段"),
        (lambda e: e.update(law="价格条例"), "事项 PRL-42 字段 law（法律简称）：“价格条例”不在法律表中"),
        (lambda e: e.update(branches=[{"label": "x", "max": 1, "max_times": 2}]), "branches[1]：应写明"),
        (lambda e: e.update(branches=[{"label": "x", "max_times": 2}]), "base（金额字段）"),
        (lambda e: e["fine"].update(min=9000), "事项 PRL-42 字段 fine.min（最低额）：大于最高额"),
    ],
)
def test_wrong_entries_are_refused_naming_the_field(change: Any, expected: str) -> None:
    data = copy.deepcopy(raw())
    change(item(data, "PRL-42"))
    with pytest.raises(RulesetError, match=r"^catalogue\.yaml ") as caught:
        parse_catalogue(data)
    assert expected in str(caught.value)


def test_a_bad_law_entry_is_named() -> None:
    data = raw()
    data["laws"]["价格法"] = {**data["laws"]["价格法"], "version": "1997-12-29"}
    with pytest.raises(RulesetError, match="法律“价格法” 字段 version"):
        parse_catalogue(data)


def test_penalty_kinds_are_the_case_penalty_kinds() -> None:
    # jiandu.discretion.vocabulary.PenaltyKind is Django; its values are spelled out there in the same order
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "discretion" / "vocabulary.py").read_text(
        encoding="utf-8"
    )
    block = source[source.index("class PenaltyKind") :].split("\n\n")[0]
    assert tuple(line.split('"')[1] for line in block.splitlines()[1:]) == PENALTY_KINDS


def test_items_follow_the_version_in_force() -> None:
    rules = shipped_rules()
    old = statutory_range(rules, "UCL-20-1", violation_date=dt.date(2025, 10, 14))
    new = statutory_range(rules, "UCL-20-1", violation_date=dt.date(2025, 10, 15))
    assert (old.item, old.min, old.max) == ("UCL-20-1", D(200000), D(1000000))
    assert (new.item, new.min, new.max) == ("UCL25-25", D(0), D(1000000))
    assert new.statute_version == dt.date(2025, 6, 27)
    food = {"goods_value": D(20000)}
    before = statutory_range(rules, "FSL-124-1-5", violation_date=dt.date(2025, 11, 30), amounts=food)
    after = statutory_range(rules, "FSL-124-1-5", violation_date=dt.date(2025, 12, 1), amounts=food)
    assert before.statute_version == dt.date(2021, 4, 29) and after.statute_version == dt.date(2025, 9, 12)
    assert (before.min, before.max) == (after.min, after.max) == (D(200000), D(400000))


def test_the_rules_are_built_from_the_file_given() -> None:
    data = raw()
    item(data, "PRL-42")["fine"]["max"] = 6000
    rules = catalogue_rules(parse_catalogue(data))
    assert statutory_range(rules, "PRL-42").max == D(6000)


def test_the_exemption_lists_round_trip_and_refuse_unknown_keys() -> None:
    from jiandu.engines.discretion.catalogue import parse_exemptions

    path = CATALOGUE_FILE.parents[1] / "exemptions" / "exemptions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert parse_exemptions(data).model_dump(exclude_unset=True) == data
    broken = copy.deepcopy(data)
    broken["lists"][0]["entries"][1]["conditon"] = ["拼错的字段"]
    with pytest.raises(RulesetError) as caught:
        parse_exemptions(broken)
    code = data["lists"][0]["entries"][1]["code"]
    assert str(caught.value).startswith(f"exemptions.yaml 清单“首违不罚清单” 事项 {code} 字段 conditon")
    wrong = copy.deepcopy(data)
    wrong["first_violation_window_years"] = "五"
    with pytest.raises(RulesetError, match="first_violation_window_years"):
        parse_exemptions(wrong)
