"""The `jiandu discretion` contract, through the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

JIANDU = Path(sys.executable).parent / "jiandu"


def _run(lines: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JIANDU), "discretion", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_one_line_out_per_case_in_order_and_status_zero() -> None:
    cases = [
        {"id": "c1", "penalty": {"kind": "range", "min": 10000, "max": 100000}},
        {"id": "c2", "party": {"kind": "person", "age": 13}},
        {
            "id": 3,
            "penalty": {"kind": "multiple", "base": 20000, "min_times": 1, "max_times": 5},
            "facts": {"repeat_within_year": True},
        },
    ]
    done = _run([json.dumps(c) for c in cases])
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in results] == ["c1", "c2", 3]
    for result in results:
        assert set(result) == {"id", "outcome", "fine_range", "reasons", "legal_basis", "ruleset"}
    assert results[0]["outcome"] == "standard"
    # no circumstance stated: unknown, not absent (unstated_mitigation: unknown),
    # from the 从轻 low end to the 一般 high end
    assert results[0]["fine_range"] == {"min": 10000, "max": 73000}
    assert results[1]["outcome"] == "no_penalty" and results[1]["fine_range"] is None
    assert results[2]["outcome"] == "aggravated"
    assert results[2]["fine_range"] == {"min": 76000, "max": 100000}
    assert isinstance(results[0]["fine_range"]["min"], int)


def test_bad_lines_are_answered_in_place_and_the_rest_go_on() -> None:
    lines = [
        json.dumps({"id": "ok1", "penalty": {"kind": "range", "min": 0, "max": 5000}}),
        json.dumps({"id": "bad1", "penalty": {"kind": "range", "min": 5000, "max": 100}}),
        "{not json",
        json.dumps({"id": "bad2", "facts": {"discovered": "2024/01/01"}}),
        json.dumps({"id": "bad3", "outcome": "standard"}),
        json.dumps({"id": "bad4", "penalty": {"kind": "range", "min": -1, "max": 100}}),
        json.dumps({"id": "bad5", "facts": {"first_violation": 1}}),
        "",
        json.dumps(
            {"id": "ok2", "facts": {"first_violation": True, "harm": "minor", "corrected_in_time": True}}
        ),
    ]
    done = _run(lines)
    assert done.returncode == 2
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r.get("id") for r in results] == ["ok1", "bad1", None, "bad2", "bad3", "bad4", "bad5", "ok2"]
    assert results[0]["outcome"] == "standard"
    assert results[-1]["outcome"] == "may_waive"
    errors = {r["id"]: r["error"] for r in results if "error" in r}
    assert set(errors) == {"bad1", None, "bad2", "bad3", "bad4", "bad5"}
    assert "penalty.min" in errors["bad1"]
    assert "第 3 行" in errors[None]
    assert "facts.discovered" in errors["bad2"]
    assert "outcome" in errors["bad3"]
    assert "penalty.min" in errors["bad4"]
    assert "facts.first_violation" in errors["bad5"]
    for message in errors.values():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_unknown_ruleset_version_is_refused() -> None:
    done = _run([json.dumps({"id": "x"})], "--ruleset", "no-such-version")
    assert done.returncode == 2
    assert "no-such-version" in done.stderr


def test_a_ruleset_file_can_be_tried_out(tmp_path: Path) -> None:
    source = Path(__file__).parents[2] / "rulesets" / "discretion" / "2023-12-11.yaml"
    text = source.read_text(encoding="utf-8").replace("lenient: [0.0, 0.3]", "lenient: [0.0, 0.2]")
    good = tmp_path / "draft.yaml"
    good.write_text(text.replace("version: henan-2023-12-11", "version: draft-1"), encoding="utf-8")
    line = json.dumps(
        {"id": "r", "penalty": {"kind": "range", "min": 0, "max": 1000}, "facts": {"eliminated_harm": True}}
    )
    done = _run([line], "--ruleset", str(good))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["ruleset"] == "draft-1" and result["fine_range"] == {"min": 0, "max": 200}
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("aggravated:", "aggravatd:"), encoding="utf-8")
    refused = _run([line], "--ruleset", str(bad))
    assert refused.returncode == 2 and "aggravatd" in refused.stderr


def test_the_item_form_adds_the_statutory_range_item_and_catalogue() -> None:
    line = {
        "id": "i1",
        "item": "PRP-7",
        "party": {"kind": "person"},
        "violation_date": "2024-05-01",
        "amounts": {"illegal_gain": 0},
        "facts": {"cooperated": True},
    }
    explicit = {
        "id": "p1",
        "penalty": {"kind": "range", "min": 0, "max": 100000},
        "facts": {"cooperated": True},
    }
    done = _run([json.dumps(line), json.dumps(explicit)])
    assert done.returncode == 0, done.stderr
    item, plain = (json.loads(row) for row in done.stdout.splitlines())
    # 第七条 with 第十一条第一款: an individual with no illegal gain, up to 100,000
    assert item["statutory_range"]["min"] == 0 and item["statutory_range"]["max"] == 100000
    assert item["statutory_range"]["articles"] == ["第七条", "第十一条第一款"]
    assert item["item"] == "PRP-7" and item["catalogue"].startswith("catalogue-")
    assert item["statute"] == {"title": "价格违法行为行政处罚规定", "version": "2010-12-04"}
    assert item["outcome"] == "lenient" and item["fine_range"] == plain["fine_range"]
    assert "第十四条第（二）项" in "".join(item["legal_basis"])
    assert "statutory_range" not in plain


def test_an_item_form_error_names_the_field_and_sets_status_two() -> None:
    done = _run([json.dumps({"id": "e", "item": "FSL-124-1-5", "amounts": {"goods_value": "多"}})])
    assert done.returncode == 2
    assert "amounts.goods_value" in json.loads(done.stdout)["error"]
