"""scripts/check_import_graph.py: no loop between apps, function-level imports included."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "check_import_graph.py"


@pytest.fixture(scope="module")
def graph():
    spec = importlib.util.spec_from_file_location("check_import_graph", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _write(root: Path, files: dict[str, str]) -> Path:
    package = root / "jiandu"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_the_repository_has_no_app_loop(graph):
    problems, apps = graph.check()
    assert problems == []
    assert apps >= 10


LAZY = "def detail():\n    from jiandu.rectify.selectors import rows\n    return rows\n"
TYPING = "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from jiandu.org.models import User\n"


def test_a_loop_hidden_in_a_function_is_found(graph, tmp_path):
    package = _write(
        tmp_path,
        {"clues/selectors.py": LAZY, "rectify/selectors.py": "from jiandu.clues.models import Clue\n"},
    )
    problems, _ = graph.check(package)
    assert any(p.startswith("import loop clues → rectify → clues") for p in problems), problems
    assert any(p.startswith("jiandu.clues.selectors imports jiandu.rectify.selectors") for p in problems)


def test_type_checking_imports_and_upward_imports_count(graph, tmp_path):
    package = _write(tmp_path, {"audit/selectors.py": TYPING})
    problems, _ = graph.check(package)
    assert any(
        p.startswith("jiandu.audit.selectors imports jiandu.org.models: audit (floor 2)") for p in problems
    ), problems


def test_presentation_may_read_any_app(graph, tmp_path):
    package = _write(
        tmp_path,
        {
            "clues/views.py": "from jiandu.rectify.selectors import rows\n",
            "clues/api.py": "from jiandu.rectify import selectors\n",
            "rectify/selectors.py": "from jiandu.clues.models import Clue\n",
        },
    )
    assert graph.check(package)[0] == []
