"""The rule files staff edit (dated YAML), and the one way the apps read them.

A file is parsed once and kept until it changes on disk (its modification time), so an edit or a
newly dated file takes effect without a restart. Dated rule sets live in a folder of files named by
the day they take effect (``2026-01-01.yaml``); `in_force` picks the one that applies on a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

RULESETS_DIR = Path(__file__).resolve().parent

T = TypeVar("T")


@lru_cache(maxsize=128)
def _parsed(path: str, mtime_ns: int, parse: Callable[[Any], Any]) -> Any:
    return parse(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


def load(path: Path, parse: Callable[[Any], T]) -> T:
    """``parse`` applied to the YAML in ``path``; re-read only when the file has changed."""
    return cast(T, _parsed(str(path), path.stat().st_mtime_ns, parse))


def in_force(directory: Path, on: dt.date) -> Path | None:
    """The newest ``YYYY-MM-DD.yaml`` in ``directory`` dated on or before ``on``; None if none is."""
    dated = sorted(p for p in directory.glob("*.yaml") if p.stem <= on.isoformat())
    return dated[-1] if dated else None
