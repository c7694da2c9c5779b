"""Tests for working-day deadline arithmetic."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from lunardate import LunarDate

from jiandu.engines.workdays import (
    HolidayTable,
    WorkdayCalendar,
    _approximate_qingming,
    add_workdays,
    count_workdays,
    fallback_holidays,
    load_table_dir,
    official_years,
    qingming,
)

OFFICIAL = official_years()


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _naive_add(cal: WorkdayCalendar, start: date, n: int) -> date:
    day = start
    while n > 0:
        day += timedelta(days=1)
        if cal.is_workday(day):
            n -= 1
    return day


# --------------------------------------------------------------------------- official data


def test_official_range_is_derived_from_chinese_calendar() -> None:
    years = {d.year for d in chinese_calendar.holidays}
    assert OFFICIAL.start == min(years)
    assert OFFICIAL.stop == max(years) + 1
    assert 2026 in OFFICIAL


def test_is_workday_matches_chinese_calendar_for_every_official_day() -> None:
    cal = WorkdayCalendar()
    for day in _days(date(OFFICIAL.start, 1, 1), date(OFFICIAL.stop - 1, 12, 31)):
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
    assert cal.warnings() == []
    assert cal.fallback_years_used == frozenset()


def test_national_day_2026() -> None:
    # 2026 国庆/中秋: Oct 1-7 off; Sun Sep 20 and Sat Oct 10 are adjusted working days.
    assert chinese_calendar.is_workday(date(2026, 10, 10))
    cal = WorkdayCalendar()
    # Sep 29, Sep 30, Oct 8, Oct 9, Oct 10 (Sat, adjusted), Oct 12, Oct 13
    assert cal.add(date(2026, 9, 28), 7) == date(2026, 10, 13)
    assert add_workdays(date(2026, 9, 28), 7) == date(2026, 10, 13)
    assert cal.count(date(2026, 9, 28), date(2026, 10, 13)) == 7
    assert cal.source(2026) == "official"
    assert cal.warnings() == []


def test_adjusted_weekend_days_are_workdays() -> None:
    cal = WorkdayCalendar()
    assert date(2026, 10, 10).weekday() == 5
    assert cal.is_workday(date(2026, 10, 10))
    assert date(2026, 9, 20).weekday() == 6
    assert cal.is_workday(date(2026, 9, 20))
    assert not cal.is_workday(date(2026, 10, 11))  # ordinary Sunday
    # Oct 9 (Fri) + 1 working day is the adjusted Saturday Oct 10, not Monday Oct 12
    assert cal.add(date(2026, 10, 9), 1) == date(2026, 10, 10)


def test_spring_festival_2026() -> None:
    # 2026 春节: Feb 15-23 off; Sat Feb 14 and Sat Feb 28 are adjusted working days.
    cal = WorkdayCalendar()
    assert all(not cal.is_workday(d) for d in _days(date(2026, 2, 15), date(2026, 2, 23)))
    assert cal.is_workday(date(2026, 2, 14))
    assert cal.is_workday(date(2026, 2, 28))
    # Feb 13 (Fri), Feb 14 (Sat, adjusted), then the holiday, then Feb 24
    assert cal.add(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert cal.count(date(2026, 2, 13), date(2026, 2, 24)) == 2


def test_add_and_count_conventions() -> None:
    cal = WorkdayCalendar()
    start = date(2026, 3, 4)
    assert cal.add(start, 0) == start
    assert cal.add(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri -> Mon
    with pytest.raises(ValueError, match="不能为负数"):
        cal.add(start, -1)
    # (start, end]: start excluded, end included
    assert cal.count(date(2026, 3, 2), date(2026, 3, 3)) == 1
    assert cal.count(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert cal.count(date(2026, 3, 3), date(2026, 3, 2)) == 0
    assert count_workdays(date(2026, 9, 30), date(2026, 10, 8)) == 1


def test_add_matches_naive_day_by_day_walk() -> None:
    cal = WorkdayCalendar()
    rng = random.Random(20260101)
    for _ in range(300):
        start = date(2005, 1, 1) + timedelta(days=rng.randrange(365 * 21))
        n = rng.randrange(0, 400)
        assert cal.add(start, n) == _naive_add(cal, start, n), (start, n)


def test_count_is_inverse_of_add() -> None:
    cal = WorkdayCalendar()
    for start in _days(date(2025, 1, 1), date(2026, 8, 31)):
        for n in (0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 60):
            end = cal.add(start, n)
            assert cal.count(start, end) == n, (start, n)
            assert n == 0 or cal.is_workday(end)
    assert cal.warnings() == []  # nothing here reached beyond the official data


def test_count_is_inverse_of_add_across_years_and_fallback() -> None:
    cal = WorkdayCalendar()
    rng = random.Random(7)
    for _ in range(500):
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(365 * 5))
        n = rng.randrange(0, 600)
        end = cal.add(start, n)
        assert cal.count(start, end) == n
        assert cal.count(start, end - timedelta(days=1)) == max(n - 1, 0)


# --------------------------------------------------------------------------- fallback


def test_lunar_facts_2027() -> None:
    assert LunarDate(2027, 1, 1).to_solar_date() == date(2027, 2, 6)
    assert LunarDate(2027, 5, 5).to_solar_date() == date(2027, 6, 9)
    assert LunarDate(2027, 8, 15).to_solar_date() == date(2027, 9, 15)


def test_fallback_holidays_2027() -> None:
    holidays = fallback_holidays(2027)
    expected = {
        date(2027, 1, 1),
        date(2027, 2, 5),  # 除夕 = the day before lunar new year (2027-02-06)
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
        qingming(2027),
        date(2027, 5, 1),
        date(2027, 5, 2),
        date(2027, 6, 9),
        date(2027, 9, 15),
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),
    }
    assert set(holidays) == expected
    assert len(holidays) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3 statutory days
    assert holidays[date(2027, 2, 5)] == "春节"
    assert qingming(2027) in (date(2027, 4, 4), date(2027, 4, 5))


def test_statutory_day_count_matches_law_for_official_years() -> None:
    # Since 2025 the law has 13 statutory days; every one of them must be a rest day
    # in the official 2025 and 2026 arrangements.
    for year in (2025, 2026):
        for day in fallback_holidays(year):
            assert day in chinese_calendar.holidays, day


def test_qingming_approximation_agrees_with_solar_terms() -> None:
    for year in range(1900, 2101):
        solar = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
        assert qingming(year) == next(d for d, name in solar if name == "清明")
        assert _approximate_qingming(year) == qingming(year)


def test_fallback_calendar_2027_and_warnings() -> None:
    cal = WorkdayCalendar()
    assert cal.source(2027) == "fallback"
    assert cal.warnings() == []  # merely asking for the source does not count
    assert not cal.is_workday(date(2027, 2, 5))  # 除夕, Friday
    assert not cal.is_workday(date(2027, 2, 8))  # 初三, Monday
    assert cal.is_workday(date(2027, 2, 9))
    assert not cal.is_workday(date(2027, 9, 15))  # 中秋, Wednesday
    assert not cal.is_workday(date(2027, 6, 9))  # 端午, Wednesday
    # no 调休 in the fallback: every weekend day is a rest day
    assert not any(cal.is_workday(d) for d in _days(date(2027, 1, 1), date(2027, 12, 31)) if d.weekday() >= 5)
    # Thu 2027-02-04 + 1 -> skips 除夕..初三 (Fri-Mon) -> Tue 2027-02-09
    assert cal.add(date(2027, 2, 4), 1) == date(2027, 2, 9)
    assert cal.fallback_years_used == frozenset({2027})
    warnings = cal.warnings()
    assert len(warnings) == 1
    assert warnings[0].startswith("2027年尚无国务院公布的放假安排")
    assert "《全国年节及纪念日放假办法》" in warnings[0]


def test_crossing_into_fallback_year_is_recorded() -> None:
    cal = WorkdayCalendar()
    cal.add(date(2026, 12, 1), 5)
    assert cal.warnings() == []
    cal.add(date(2026, 12, 20), 30)
    assert cal.fallback_years_used == frozenset({2027})
    assert cal.warnings() != []


def test_fallback_out_of_lunar_range() -> None:
    with pytest.raises(ValueError, match="2100年"):
        fallback_holidays(2100)


# --------------------------------------------------------------------------- extension table


TABLE_2027 = """\
year: 2027
holidays:
  - {date: 2027-01-01, name: 元旦}
  - {date: 2027-02-05, name: 春节}
  - {date: 2027-02-06, name: 春节}
  - {date: 2027-02-07, name: 春节}
  - {date: 2027-02-08, name: 春节}
  - {date: 2027-02-09, name: 春节}
  - {date: 2027-02-10, name: 春节}
  - {date: 2027-02-11, name: 春节}
workdays:
  - {date: 2027-02-20, name: 春节}
"""


def test_table_overrides_fallback(tmp_path: Path) -> None:
    (tmp_path / "2027.yaml").write_text(TABLE_2027, encoding="utf-8")
    (tmp_path / "README.md").write_text("ignored", encoding="utf-8")
    table = load_table_dir(tmp_path)
    assert table.years == frozenset({2027})
    assert date(2027, 2, 11) in table.holidays
    assert table.workdays == frozenset({date(2027, 2, 20)})

    cal = WorkdayCalendar(table)
    assert cal.source(2027) == "table"
    assert cal.source(2026) == "official"
    assert not cal.is_workday(date(2027, 2, 10))
    assert cal.is_workday(date(2027, 2, 20))  # adjusted Saturday
    # the table fully covers 2027, so fallback-only holidays do not apply
    assert cal.is_workday(date(2027, 9, 15))
    assert cal.add(date(2027, 2, 4), 1) == date(2027, 2, 12)
    assert cal.count(date(2027, 2, 4), date(2027, 2, 20)) == 7  # the seven days listed below
    assert [d for d in _days(date(2027, 2, 5), date(2027, 2, 20)) if cal.is_workday(d)] == [
        date(2027, 2, 12),
        date(2027, 2, 15),
        date(2027, 2, 16),
        date(2027, 2, 17),
        date(2027, 2, 18),
        date(2027, 2, 19),
        date(2027, 2, 20),
    ]
    assert cal.warnings() == []
    assert cal.fallback_years_used == frozenset()
    assert add_workdays(date(2027, 2, 4), 1, table) == date(2027, 2, 12)
    assert add_workdays(date(2027, 2, 4), 1) == date(2027, 2, 9)


def test_merge_and_conflicts() -> None:
    a = HolidayTable(holidays=frozenset({date(2027, 1, 1)}), years=frozenset({2027}))
    b = HolidayTable(workdays=frozenset({date(2028, 1, 8)}), years=frozenset({2028}))
    merged = a.merge(b)
    assert merged.holidays == a.holidays
    assert merged.workdays == b.workdays
    assert merged.years == frozenset({2027, 2028})
    with pytest.raises(ValueError, match="2027-01-01"):
        a.merge(HolidayTable(workdays=frozenset({date(2027, 1, 1)})))


@pytest.mark.parametrize(
    ("file_name", "content", "message"),
    [
        ("2027.yaml", "year: 2027\nholidays:\n  - {date: 2027-13-01, name: x}\n", "holidays第1项"),
        ("2027.yaml", "year: 2027\nholidays:\n  - {date: 2029-05-01}\n", "不属于2027年"),
        ("2027.yaml", "holidays: []\n", "缺少year"),
        ("2028.yaml", "year: 2027\n", "文件名与year"),
        ("2027.yaml", "year: 2027\nholidays: [1, 2]\n", "holidays第1项"),
        ("2027.yaml", "year: 2027\nworkdays: {date: 2027-02-20}\n", "workdays应为列表"),
        ("2027.yaml", "year: [unclosed\n", "不是有效的YAML"),
        (
            "2027.yaml",
            "year: 2027\nholidays: [{date: 2027-02-20}]\nworkdays: [{date: 2027-02-20}]\n",
            "同时出现",
        ),
    ],
)
def test_bad_table_files(tmp_path: Path, file_name: str, content: str, message: str) -> None:
    (tmp_path / file_name).write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        load_table_dir(tmp_path)
    assert file_name in str(info.value)


def test_duplicate_year_and_missing_dir(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="不存在"):
        load_table_dir(tmp_path / "missing")
    (tmp_path / "2027.yaml").write_text("year: 2027\n", encoding="utf-8")
    (tmp_path / "extra.yml").write_text("year: 2027\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"2027年已在2027\.yaml中定义"):
        load_table_dir(tmp_path)


def test_cross_year_table_entry(tmp_path: Path) -> None:
    # A 2028 arrangement whose 元旦 break starts on Fri 2027-12-31.
    (tmp_path / "2028.yaml").write_text(
        "year: 2028\nholidays:\n  - {date: 2027-12-31, name: 元旦}\n  - {date: 2028-01-01, name: 元旦}\n",
        encoding="utf-8",
    )
    cal = WorkdayCalendar(load_table_dir(tmp_path))
    assert not cal.is_workday(date(2027, 12, 31))
    assert cal.source(2028) == "table"
    assert cal.source(2027) == "fallback"


def test_warnings_between_names_only_the_years_one_computation_spans() -> None:
    cal = WorkdayCalendar()
    cal.add(date(2027, 9, 28), 7)  # this process has now used the 2027 fallback
    assert cal.warnings() != []
    assert cal.warnings_between(date(2026, 9, 28), date(2026, 10, 13)) == []
    spanning = cal.warnings_between(date(2026, 12, 20), date(2027, 1, 10))
    assert len(spanning) == 1 and spanning[0].startswith("2027年")
