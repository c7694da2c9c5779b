"""The published price-penalty reports (reference/cases/price_reports.jsonl) and their bench reader.

The figures come from bench/price_real_cases.py (docs/discretion.md); here: the file is what its
README says it is, and the reader maps a case to the item the law names.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.price_real_cases import DEFAULT_PATH, by_keywords, engine_input, item_of, load  # noqa: E402

from jiandu.engines.discretion import assess  # noqa: E402
from jiandu.engines.discretion.catalogue import shipped_rules  # noqa: E402

pytestmark = pytest.mark.skipif(not DEFAULT_PATH.exists(), reason="reference/cases is not in this checkout")


def _rows() -> list[dict[str, object]]:
    lines = DEFAULT_PATH.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_every_report_has_its_fields_a_source_and_no_person_name() -> None:
    rows = _rows()
    assert len({r["id"] for r in rows}) == len(rows) >= 60
    for row in rows:
        assert str(row["source_url"]).startswith("http"), row["id"]
        assert row["outcome"] in ("fine", "warning", "no_penalty", "confiscation"), row["id"]
        assert isinstance(row["fine"], int | float) and row["fine"] >= 0, row["id"]
        assert (row["fine"] > 0) == (row["outcome"] == "fine"), row["id"]
        assert row["party_kind"] in ("enterprise", "person", None), row["id"]
        # names of people are left out: no "X某" placeholders or 先生/女士 forms of address either
        text = " ".join(str(row.get(k) or "") for k in ("region", "violation", "quote", "note"))
        assert not re.search(r"[\u4e00-\u9fff]某[\u4e00-\u9fff]?(?:先生|女士)|先生|女士", text), row["id"]


def test_the_cited_article_chooses_the_item() -> None:
    rows = {
        "price": {"violation": "销售商品", "articles": ["《价格违法行为行政处罚规定》第九条"]},
        "marking": {"violation": "商品未标价", "articles": ["价格违法行为行政处罚规定第十三条第（一）项"]},
        "fraud": {"violation": "标示原价", "articles": ["明码标价和禁止价格欺诈规定第十九条第三项"]},
        "power": {"violation": "转供电", "articles": ["电力法第六十六条"]},
    }
    found = {name: item_of(row)[0] for name, row in rows.items()}
    assert found == {"price": "PRP-9", "marking": "PRP-13-1", "fraud": "PRP-7", "power": "EPL-66"}
    # without a citation, the words of the articles: 哄抬 before 明码标价 (the heavier act first)
    assert by_keywords("未明码标价，且哄抬价格") == "PRP-6"
    assert by_keywords("超市商品未明码标价") == "PRP-13-1"


def test_every_mapped_item_is_in_the_catalogue_and_runs() -> None:
    codes = {item.code for item in shipped_rules().items}
    for case in load():
        if case.item is None:
            continue
        assert case.item in codes, (case.id, case.item)
        result = assess(engine_input(case))
        assert "error" not in result or "illegal_gain" in str(result["error"]), (case.id, result)
