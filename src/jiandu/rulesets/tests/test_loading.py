"""Rule files are re-read when staff edit them, and the dated file in force is the one applied."""

from __future__ import annotations

import datetime as dt
import os

import time_machine

from jiandu import rulesets
from jiandu.inspections import rules as inspection_rules


def _touch_later(path):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def test_an_edited_file_is_read_again(tmp_path):
    path = tmp_path / "deadlines.yaml"
    path.write_text("days: 5\n", encoding="utf-8")
    assert rulesets.load(path, dict) == {"days": 5}
    path.write_text("days: 7\n", encoding="utf-8")
    _touch_later(path)
    assert rulesets.load(path, dict) == {"days": 7}


def test_parsed_result_is_kept_while_the_file_is_unchanged(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    calls = []

    def parse(data):
        calls.append(data)
        return data

    rulesets.load(path, parse)
    rulesets.load(path, parse)
    assert len(calls) == 1


def test_in_force_picks_the_newest_file_not_after_the_day(tmp_path):
    for day in ("2025-01-01", "2026-01-01", "2027-01-01"):
        (tmp_path / f"{day}.yaml").write_text("x: 1\n", encoding="utf-8")
    assert rulesets.in_force(tmp_path, dt.date(2026, 6, 30)).stem == "2026-01-01"
    assert rulesets.in_force(tmp_path, dt.date(2026, 1, 1)).stem == "2026-01-01"
    assert rulesets.in_force(tmp_path, dt.date(2024, 12, 31)) is None


def test_inspection_rules_follow_the_day_asked_for(tmp_path, monkeypatch):
    shipped = min(inspection_rules.RULES_DIR.glob("*.yaml")).read_text(encoding="utf-8")
    (tmp_path / "2026-01-01.yaml").write_text(shipped, encoding="utf-8")
    (tmp_path / "2027-01-01.yaml").write_text(
        shipped.replace("recent_window_days:", "recent_window_days: 45 #"), encoding="utf-8"
    )
    monkeypatch.setattr(inspection_rules, "RULES_DIR", tmp_path)
    with time_machine.travel(dt.datetime(2026, 12, 31, 12, tzinfo=dt.UTC)):
        before = inspection_rules.current_rules()
    with time_machine.travel(dt.datetime(2027, 1, 2, 12, tzinfo=dt.UTC)):
        after = inspection_rules.current_rules()  # the new file took effect while the process ran
    assert before.recent_window_days == 30 and after.recent_window_days == 45
