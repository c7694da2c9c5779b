"""The shipped catalogue against the statute texts in reference/law/: every article, quote and number."""

from __future__ import annotations

import importlib
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from jiandu.discretion.catalogue import shipped_catalogue

LAW_DIR = Path(__file__).resolve().parents[4] / "reference" / "law"
DIGITS = "零一二三四五六七八九"


def chinese(number: int) -> str:
    """1..999 in the numerals statutes use for article numbers and amounts (十, 二十五, 一百二十四)."""
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    text = f"{DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    if ones:
        text += DIGITS[ones]
    return text


def test_chinese_numerals() -> None:
    assert [chinese(n) for n in (5, 10, 14, 25, 100, 104, 124, 200)] == [
        "五",
        "十",
        "十四",
        "二十五",
        "一百",
        "一百零四",
        "一百二十四",
        "二百",
    ]


@cache
def article_text(law_file: str, number: int) -> str | None:
    text = (LAW_DIR / f"{law_file}.md").read_text(encoding="utf-8")
    pattern = rf"^第{chinese(number)}条[ 　](.*?)(?=^第[一二三四五六七八九十百零]+条[ 　]|^## |\Z)"
    found = re.search(pattern, text, re.M | re.S)
    return found.group(1) if found else None


def amount_spellings(amount: Decimal) -> list[str]:
    value = int(amount)
    spellings = [f"{value}元"]
    if value % 10000 == 0:
        spellings += [f"{chinese(value // 10000)}万元", f"{value // 10000}万元"]
    elif value % 1000 == 0:
        spellings += [f"{chinese(value // 1000)}千元"]
    return spellings


def times_spellings(times: Decimal) -> list[str]:
    if times == times.to_integral_value():
        whole = int(times)
        return [f"{chinese(whole)}倍", f"{whole}倍", *(["等值"] if whole == 1 else [])]
    percent = int(times * 100)
    return [f"百分之{chinese(percent)}", f"{percent}%"]


def _numbers_in(text: str, fine: dict) -> list[str]:
    """The spellings of a fine rule's numbers that are missing from the article text."""
    missing = []
    if fine["kind"] == "range":
        for key in ("min", "max"):
            amount = Decimal(str(fine[key]))
            if amount and not any(s in text for s in amount_spellings(amount)):
                missing.append(f"{key}={amount}")
    else:
        for key in ("min_times", "max_times"):
            times = Decimal(str(fine[key]))
            if times and not any(s in text for s in times_spellings(times)):
                missing.append(f"{key}={times}")
        if fine.get("cap") and not any(s in text for s in amount_spellings(Decimal(str(fine["cap"])))):
            missing.append(f"cap={fine['cap']}")
    return missing


def test_catalogue_has_at_least_60_items_across_all_17_domains() -> None:
    catalogue = shipped_catalogue()
    assert len(catalogue.items) >= 60
    # the domain seed migration is the single list of the 17 domains
    domains = {name for _, name in importlib.import_module("jiandu.org.migrations.0002_seed_domains").DOMAINS}
    assert len(domains) == 17
    assert {item.domain for item in catalogue.items} == domains
    assert len({item.code for item in catalogue.items}) == len(catalogue.items)


def test_every_law_file_is_named_with_its_version_date() -> None:
    for law in shipped_catalogue().laws.values():
        assert law["file"].endswith(f"({law['version']})"), law


def _texts(item) -> list[str]:  # type: ignore[no-untyped-def]
    """The law files whose text the item cites: the cited text and every later text it stands in."""
    law = shipped_catalogue().laws[item.law]
    return [law["file"], *(later["file"] for later in law.get("later_texts", ()))]


def _branch_rules(item) -> list[dict]:  # type: ignore[no-untyped-def]
    rules = []
    for branch in item.branches:
        if "max_times" in branch:
            rules.append(
                {
                    "kind": "multiple",
                    "min_times": branch.get("min_times", 0),
                    "max_times": branch["max_times"],
                }
            )
        elif branch["max"]:
            rules.append({"kind": "range", "min": branch.get("min", 0), "max": branch["max"]})
    return rules


@pytest.mark.parametrize("item", shipped_catalogue().items, ids=lambda item: item.code)
def test_item_matches_the_statute_text(item) -> None:  # type: ignore[no-untyped-def]
    for law_file in _texts(item):
        assert (LAW_DIR / f"{law_file}.md").is_file(), law_file
        text = article_text(law_file, item.article_no)
        assert text is not None, f"{law_file} 中没有第{chinese(item.article_no)}条"
        assert item.article.startswith(f"第{chinese(item.article_no)}条")
        compact = re.sub(r"\s+", "", text)
        assert item.quote in compact, f"{item.code}: quote not in article of {law_file}"
        # a branch written in another article (第十一条) is checked against that article
        extra = {b["article"] for b in item.branches if b.get("article")}
        for article in extra:
            number = re.match(r"第([一二三四五六七八九十百零]+)条", article)
            assert number, article
            other = next(n for n in range(1, 1000) if chinese(n) == number.group(1))
            other_text = article_text(law_file, other)
            assert other_text is not None, article
            compact += re.sub(r"\s+", "", other_text)
        for rule in (item.fine, item.no_gain_rule, *_branch_rules(item)):
            if rule and "kind" in rule:
                assert not _numbers_in(compact, rule), (item.code, law_file, _numbers_in(compact, rule))


def test_statute_check_catches_a_wrong_number() -> None:
    """The check above is not vacuous: a changed maximum is reported."""
    item = next(item for item in shipped_catalogue().items if item.code == "PRP-9")
    text = re.sub(r"\s+", "", article_text(item.law_file, 9) or "")
    assert not _numbers_in(text, {"kind": "range", "min": 500000, "max": 2000000})
    assert _numbers_in(text, {"kind": "range", "min": 500000, "max": 3000000}) == ["max=3000000"]


def test_exemptions_point_at_catalogue_items_and_carry_conditions() -> None:
    catalogue = shipped_catalogue()
    codes = {item.code for item in catalogue.items}
    assert catalogue.exemptions
    assert {e.kind for e in catalogue.exemptions} == {"首违不罚", "轻微不罚"}
    for exemption in catalogue.exemptions:
        assert exemption.item_codes and set(exemption.item_codes) <= codes, exemption.code
        assert exemption.conditions and exemption.follow_up, exemption.code
        assert exemption.verified is False or exemption.source
