"""The method on the 151 real penalty cases (reference/cases/), leave-one-out.

What bench/similar_real_cases.py prints; here only what must keep holding.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
SCRIPT = ROOT / "bench" / "similar_real_cases.py"


@pytest.fixture(scope="module")
def check():
    spec = importlib.util.spec_from_file_location("similar_real_cases", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    if not module.DEFAULT_PATH.exists():
        pytest.skip("reference cases not available")
    return module


def test_leave_one_out(check, tmp_path):
    cases = check.load_cases()
    assert len(cases) == 151
    tally = check.evaluate(cases)
    assert tally["queries"] == sum(1 for c in cases if c.fine is not None)
    # retrieval: a case of the same sub-type is among the five most similar for most cases
    assert tally["sibling_in_top5"] / tally["with_sibling"] >= 0.6
    # consistency: fines moved tenfold are flagged far more often than the real fines
    assert tally["flag_x10"] >= 2 * tally["flag_real"]
    assert tally["flag_div10"] >= 2 * tally["flag_real"]
    assert "类案" in check.report(tally)


def test_leave_one_out_with_the_whole_method(check):
    """Same provision first, statutory range, fine ÷ base / share of the maximum (docs/discretion.md)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    tally = check.evaluate_full()
    queries = tally["queries"]
    assert queries == 129
    # the statutory range catches most tenfold fines; the spread of similar cases rarely flags a real one
    assert tally["flag_x10"] >= 0.6 * queries
    assert tally["flag_real_other"] <= 0.12 * queries
    assert tally["flag_x10"] >= 2 * tally["flag_real"]
