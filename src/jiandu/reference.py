"""The reference texts that ship in the repository, for tests and benchmarks (not used at run time).

`reference/law/` holds the statute texts the rule catalogue is checked against; `reference/cases/` the
151 real penalty cases (Apache-2.0, see its LICENSE.apache2) the similar-case method is measured on.
Both live at the root of the checkout. A test that needs them skips when they are absent (an installed
package has no checkout) — except under CI=true, where a missing reference is an error, so the
catalogue-against-statute check can never pass silently.
"""

from __future__ import annotations

import os
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "reference"
LAW_DIR = REFERENCE_DIR / "law"
CASES_DIR = REFERENCE_DIR / "cases"
REAL_CASES = CASES_DIR / "derived_cases_flat.jsonl"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true"}


def require(path: Path) -> None:
    """Skip the calling test (or module) when `path` is missing; under CI=true, fail instead."""
    import pytest  # test support only: the application never imports this module

    if path.exists():
        return
    message = f"参考资料 {path} 不存在（应随仓库提供）"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)
