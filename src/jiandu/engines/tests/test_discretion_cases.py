"""The discretion rule cases a legal reviewer can read (YAML in discretion_cases/) run against the engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from jiandu.engines.discretion import OUTCOMES, assess, load_ruleset

CASES_DIR = Path(__file__).parent / "discretion_cases"


def _load() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append((f"{path.stem}: {case['name']}", case))
    return cases


CASES = _load()


def test_there_are_enough_readable_cases() -> None:
    assert len(CASES) >= 30
    for _, case in CASES:
        assert case["note"].strip(), case["name"]
        # ``ruleset`` (optional): the version a case was written for, when not the newest
        keys = {"name", "note", "input", "expect"}
        assert keys <= set(case) <= keys | {"ruleset"}, case["name"]
    covered = {case["expect"]["outcome"] for _, case in CASES if "outcome" in case["expect"]}
    assert covered == set(OUTCOMES)


@pytest.mark.parametrize(("label", "case"), CASES, ids=[label for label, _ in CASES])
def test_rule_case(label: str, case: dict[str, Any]) -> None:
    ruleset = load_ruleset(case["ruleset"]) if "ruleset" in case else None
    result = assess({"id": case["name"], **case["input"]}, ruleset=ruleset)
    expect = case["expect"]
    assert result["id"] == case["name"]
    if "error_mentions" in expect:
        assert set(result) == {"id", "error"}, result
        assert expect["error_mentions"] in result["error"]
        return
    assert "error" not in result, result
    assert result["outcome"] == expect["outcome"]
    assert result["fine_range"] == expect["fine_range"]
    if "statutory_range" in expect:
        got = result["statutory_range"]
        assert {"min": got["min"], "max": got["max"]} == expect["statutory_range"]
        assert result["catalogue"]
    if "item" in expect:
        assert result["item"] == expect["item"]
    if "statute_version" in expect:
        assert result["statute"]["version"] == expect["statute_version"]
    reasons = "\n".join(result["reasons"])
    for text in expect.get("reasons_include", []):
        assert text in reasons, (text, reasons)
    basis = "\n".join(result["legal_basis"])
    for text in expect.get("basis_include", []):
        assert text in basis, (text, basis)
    assert result["reasons"], "every result explains itself"
    assert result["ruleset"]


NEW_FACTS = (
    "cooperated", "minor_social_harm", "secondary_role", "hardship", "instigated_others",
    "seized_property_tampering", "ad_cost_obviously_low", "other_shall_mitigate",
)  # fmt: skip
NEW_ITEMS = (
    "PRP-4", "PRP-5", "PRP-8", "PRP-10", "PRP-12", "PRP-13-1", "PRP-13-2", "EPL-66", "FSL-123-1-4",
    "FSL-126-1-7", "FSL-126-1-11", "FSL-126-1-12", "UCL25-23", "UCL25-24", "UCL25-25", "UCL25-26",
    "UCL25-27", "UCL25-28", "UCL25-29", "UCL25-35", "ADL-58-1-1", "ADL-58-1-3", "ADL-59-1-4", "ADL-59-3",
    "FSL-123-1-5", "FSL-123-1-6", "FSL-124-1-2", "FSL-125-1-1", "FSL-126-1-2", "FSL-126-1-13",
)  # fmt: skip


def test_every_new_fact_and_item_has_a_readable_case() -> None:
    facts = {key for _, case in CASES for key in (case["input"].get("facts") or {})}
    assert set(NEW_FACTS) <= facts, set(NEW_FACTS) - facts
    items = {case["input"].get("item") for _, case in CASES} | {
        case["expect"].get("item") for _, case in CASES
    }
    assert set(NEW_ITEMS) <= items, set(NEW_ITEMS) - items
