"""Working-day (工作日) deadline arithmetic with the State Council holiday table.

Sources, in order of precedence for a given calendar year:

1. ``"table"`` — a :class:`HolidayTable` maintained by staff (YAML files, see
   ``src/jiandu/rulesets/holidays/README.md``) for the years it declares.
2. ``"official"`` — the ``chinese_calendar`` package, for the contiguous year
   range its data covers (derived from the package data, not hard-coded).
3. ``"fallback"`` — the statutory holidays of 《全国年节及纪念日放假办法》
   (2024 revision, in force since 2025-01-01), without any adjusted working
   days (调休) or substitute days (补假).  Using it is recorded on the
   calendar and reported by :meth:`WorkdayCalendar.warnings`.

Individual dates listed in the table always win, even outside the table's
years (useful for a 元旦 break that starts on 31 December of the previous year).

Conventions: :meth:`WorkdayCalendar.add` does not count the start date, and
:meth:`WorkdayCalendar.count` counts the half-open interval ``(start, end]``.
"""

from __future__ import annotations

import bisect
import calendar
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal, cast

import chinese_calendar
import yaml
from lunardate import LunarDate

__all__ = [
    "DEFAULT_TABLE_DIR",
    "HolidayTable",
    "Source",
    "WorkdayCalendar",
    "add_workdays",
    "count_workdays",
    "fallback_holidays",
    "load_table_dir",
    "official_years",
    "qingming",
]

Source = Literal["official", "table", "fallback"]

DEFAULT_TABLE_DIR = Path(__file__).resolve().parent.parent / "rulesets" / "holidays"
"""Where the project keeps its extension table (``<year>.yaml`` files, see the README there)."""

LUNAR_MIN_YEAR = 1900
LUNAR_MAX_YEAR = 2099


# --------------------------------------------------------------------------- official data


def _official_dates(raw: object) -> frozenset[date]:
    return frozenset(cast(Mapping[date, str], raw).keys())


def _by_year(dates: frozenset[date]) -> dict[int, frozenset[date]]:
    grouped: dict[int, set[date]] = {}
    for d in dates:
        grouped.setdefault(d.year, set()).add(d)
    return {year: frozenset(days) for year, days in grouped.items()}


_OFFICIAL_HOLIDAYS: frozenset[date] = _official_dates(chinese_calendar.holidays)
_OFFICIAL_WORKDAYS: frozenset[date] = _official_dates(chinese_calendar.workdays)
_OFFICIAL_HOLIDAYS_BY_YEAR = _by_year(_OFFICIAL_HOLIDAYS)
_OFFICIAL_WORKDAYS_BY_YEAR = _by_year(_OFFICIAL_WORKDAYS)


def official_years() -> range:
    """Years covered by the ``chinese_calendar`` data (same rule as the package itself)."""
    years = [d.year for d in _OFFICIAL_HOLIDAYS]
    if not years:
        return range(0)
    return range(min(years), max(years) + 1)


_OFFICIAL_YEARS = official_years()


# --------------------------------------------------------------------------- extension table


@dataclass(frozen=True, slots=True)
class HolidayTable:
    """Staff-maintained holiday arrangements for years not (yet) in ``chinese_calendar``.

    ``holidays`` are rest days, ``workdays`` are adjusted working days (调休上班,
    usually weekend days) and ``years`` the years the table fully covers.
    A date may not be both a holiday and a workday.
    """

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        clash = self.holidays & self.workdays
        if clash:
            listed = "、".join(d.isoformat() for d in sorted(clash))
            raise ValueError(f"节假日表冲突：{listed}同时被列为放假日和调休上班日")

    def merge(self, other: HolidayTable) -> HolidayTable:
        """Union of both tables; raises :class:`ValueError` if they contradict each other."""
        return HolidayTable(
            holidays=self.holidays | other.holidays,
            workdays=self.workdays | other.workdays,
            years=self.years | other.years,
        )


def _parse_entry_date(value: object, where: str) -> date:
    if isinstance(value, datetime):
        raise ValueError(f"{where}：日期不应包含时间")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{where}：日期“{value}”格式错误，应为YYYY-MM-DD")


def _parse_entries(raw: object, key: str, year: int, file_name: str) -> list[date]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValueError(f"节假日表文件{file_name}：{key}应为列表")
    result: list[date] = []
    for index, entry in enumerate(raw, start=1):
        where = f"节假日表文件{file_name}的{key}第{index}项"
        if not isinstance(entry, dict) or "date" not in entry:
            raise ValueError(f"{where}：应为包含date（及name）的条目")
        day = _parse_entry_date(entry["date"], where)
        # A year's arrangement may reach into the adjacent December/January (e.g. 元旦).
        adjacent = (day.year == year - 1 and day.month == 12) or (day.year == year + 1 and day.month == 1)
        if day.year != year and not adjacent:
            raise ValueError(f"{where}：日期{day.isoformat()}不属于{year}年")
        result.append(day)
    return result


class _TableLoader(yaml.SafeLoader):
    """Safe loader that keeps timestamps as strings so bad dates get a per-entry message."""


_TableLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_table_file(path: Path) -> tuple[int, list[date], list[date]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"节假日表文件{path.name}无法读取：{exc}") from exc
    return parse_table_text(text, path.name)


def parse_table_text(text: str, name: str) -> tuple[int, list[date], list[date]]:
    """One year's arrangement from YAML text: (year, holidays, adjusted workdays).

    Raises :class:`ValueError` with a Chinese message naming the file and the entry.
    """
    path = Path(name)
    try:
        data = yaml.load(text, Loader=_TableLoader)  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        raise ValueError(f"节假日表文件{name}不是有效的YAML：{exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"节假日表文件{name}：内容应为包含year、holidays、workdays的映射")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise ValueError(f"节假日表文件{name}：缺少year或year不是整数")
    if path.stem.isdigit() and int(path.stem) != year:
        raise ValueError(f"节假日表文件{name}：文件名与year（{year}）不一致")
    unknown = set(data) - {"year", "holidays", "workdays"}
    if unknown:
        raise ValueError(f"节假日表文件{name}：未知字段{'、'.join(sorted(map(str, unknown)))}")
    holidays = _parse_entries(data.get("holidays"), "holidays", year, name)
    workdays = _parse_entries(data.get("workdays"), "workdays", year, name)
    clash = set(holidays) & set(workdays)
    if clash:
        listed = "、".join(d.isoformat() for d in sorted(clash))
        raise ValueError(f"节假日表文件{name}：{listed}同时出现在holidays和workdays中")
    return year, holidays, workdays


def load_table_dir(path: Path) -> HolidayTable:
    """Load every ``*.yaml``/``*.yml`` file in ``path`` (one file per year) into a table.

    Raises :class:`ValueError` with a Chinese message naming the file and entry
    for malformed data, duplicate years or contradictory entries.
    """
    if not path.is_dir():
        raise ValueError(f"节假日表目录{path}不存在")
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in {".yaml", ".yml"})
    table = HolidayTable()
    seen: dict[int, str] = {}
    for file in files:
        year, holidays, workdays = _load_table_file(file)
        if year in seen:
            raise ValueError(f"节假日表文件{file.name}：{year}年已在{seen[year]}中定义")
        seen[year] = file.name
        try:
            table = table.merge(HolidayTable(frozenset(holidays), frozenset(workdays), frozenset({year})))
        except ValueError as exc:
            raise ValueError(f"节假日表文件{file.name}：{exc}") from exc
    return table


# --------------------------------------------------------------------------- statutory fallback


def _lunar_to_solar(year: int, month: int, day: int) -> date:
    return cast(date, LunarDate(year, month, day).to_solar_date())


def _approximate_qingming(year: int) -> date:
    """清明 by the common 寿星 formula ``[Y*D + C] - L`` (approximate, ±1 day).

    ``Y`` = last two digits of the year, ``D`` = 0.2422, ``L`` = ``Y // 4``,
    ``C`` = 5.59 for the 20th century and 4.81 for the 21st.  Only used if
    ``chinese_calendar.get_solar_terms`` does not cover the year.
    """
    y = year % 100
    c = 5.59 if year < 2000 else 4.81
    return date(year, 4, math.floor(y * 0.2422 + c) - y // 4)


def qingming(year: int) -> date:
    """Date of the 清明 solar term in ``year``."""
    try:
        terms = cast(
            list[tuple[date, str]],
            chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10)),
        )
    except NotImplementedError:
        return _approximate_qingming(year)
    for day, name in terms:
        if name == "清明":
            return day
    return _approximate_qingming(year)  # pragma: no cover - the data always has 清明


def fallback_holidays(year: int) -> dict[date, str]:
    """Statutory holidays of 《全国年节及纪念日放假办法》 (2024 revision) for ``year``.

    No adjusted working days and no substitute days are included.  Raises
    :class:`ValueError` outside the years the lunar conversion supports.
    """
    if not LUNAR_MIN_YEAR <= year <= LUNAR_MAX_YEAR:
        raise ValueError(
            f"{year}年无法按法定节假日推算（农历换算仅支持{LUNAR_MIN_YEAR}—{LUNAR_MAX_YEAR}年），"
            "请在节假日表中补充该年安排"
        )
    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    new_year = _lunar_to_solar(year, 1, 1)
    for offset in range(-1, 3):  # 除夕 and 正月初一至初三
        days[new_year + timedelta(days=offset)] = "春节"
    days[qingming(year)] = "清明节"
    days[date(year, 5, 1)] = "劳动节"
    days[date(year, 5, 2)] = "劳动节"
    days[_lunar_to_solar(year, 5, 5)] = "端午节"
    days[_lunar_to_solar(year, 8, 15)] = "中秋节"
    for d in range(1, 4):
        days[date(year, 10, d)] = "国庆节"
    return days


# --------------------------------------------------------------------------- calendar


def _days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


@dataclass(frozen=True, slots=True)
class _YearData:
    start: date
    # cumulative[k] = number of working days among the first k days of the year
    cumulative: tuple[int, ...]

    @property
    def length(self) -> int:
        return len(self.cumulative) - 1


_SHARED_OFFICIAL: dict[int, _YearData] = {}


def _fallback_warning(year: int) -> str:
    return (
        f"{year}年尚无国务院公布的放假安排，已按《全国年节及纪念日放假办法》法定节假日推算（不含调休），"
        "请在节假日表中补充该年安排。"
    )


class WorkdayCalendar:
    """Working-day calendar combining an extension table, official data and the statutory fallback."""

    def __init__(self, table: HolidayTable | None = None) -> None:
        self._table = table if table is not None else HolidayTable()
        self._years: dict[int, _YearData] = {}
        self._fallback_used: set[int] = set()
        self._table_split: tuple[dict[int, frozenset[date]], dict[int, frozenset[date]]] | None = None

    def _table_by_year(self) -> tuple[dict[int, frozenset[date]], dict[int, frozenset[date]]]:
        if self._table_split is None:
            self._table_split = (_by_year(self._table.holidays), _by_year(self._table.workdays))
        return self._table_split

    @property
    def table(self) -> HolidayTable:
        return self._table

    def source(self, year: int) -> Source:
        """Which source decides ``year``: ``"table"``, ``"official"`` or ``"fallback"``."""
        if year in self._table.years:
            return "table"
        if year in _OFFICIAL_YEARS:
            return "official"
        return "fallback"

    @property
    def fallback_years_used(self) -> frozenset[int]:
        """Years whose working days were computed by the statutory fallback so far."""
        return frozenset(self._fallback_used)

    def warnings(self) -> list[str]:
        """Chinese warnings for every fallback year used so far (empty if none)."""
        return [_fallback_warning(year) for year in sorted(self._fallback_used)]

    def warnings_between(self, first: date, last: date) -> list[str]:
        """Chinese warnings for the fallback years one computation from ``first`` to ``last`` spans.

        A calendar shared by a process accumulates :meth:`warnings` over every request; a page or an
        answer about one computation must warn only about the years that computation touched."""
        low, high = sorted((first.year, last.year))
        return [_fallback_warning(year) for year in range(low, high + 1) if self.source(year) == "fallback"]

    def _build_year(self, year: int) -> _YearData:
        source = self.source(year)
        rest: frozenset[date] = frozenset()
        work: frozenset[date] = frozenset()
        if source == "official":
            rest = _OFFICIAL_HOLIDAYS_BY_YEAR.get(year, frozenset())
            work = _OFFICIAL_WORKDAYS_BY_YEAR.get(year, frozenset())
        elif source == "fallback":
            rest = frozenset(fallback_holidays(year))
            self._fallback_used.add(year)
        # Explicit table entries always win, whatever the source of the year.
        table_rest, table_work = self._table_by_year()
        rest = (rest | table_rest.get(year, frozenset())) - self._table.workdays
        work = (work | table_work.get(year, frozenset())) - self._table.holidays

        start = date(year, 1, 1)
        cumulative = [0]
        running = 0
        for offset in range(_days_in_year(year)):
            day = start + timedelta(days=offset)
            if day in work or (day.weekday() < 5 and day not in rest):
                running += 1
            cumulative.append(running)
        return _YearData(start=start, cumulative=tuple(cumulative))

    def _year(self, year: int) -> _YearData:
        data = self._years.get(year)
        if data is None:
            table_rest, table_work = self._table_by_year()
            shareable = self.source(year) == "official" and year not in table_rest and year not in table_work
            if shareable:
                # Official-only years do not depend on the table: share them between calendars.
                data = _SHARED_OFFICIAL.get(year)
                if data is None:
                    data = _SHARED_OFFICIAL[year] = self._build_year(year)
            else:
                data = self._build_year(year)
            self._years[year] = data
        return data

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day."""
        data = self._year(d.year)
        index = (d - data.start).days
        return data.cumulative[index + 1] > data.cumulative[index]

    def add(self, start: date, n: int) -> date:
        """The date ``n`` working days after ``start`` (``start`` itself is not counted).

        ``n == 0`` returns ``start``; a negative ``n`` raises :class:`ValueError`.
        """
        if n < 0:
            raise ValueError(f"工作日天数不能为负数（收到{n}）")
        if n == 0:
            return start
        remaining = n
        year = start.year
        low = (start - date(year, 1, 1)).days + 1  # first day index after start
        while True:
            if low >= _days_in_year(year):  # start was 31 December: nothing left in this year
                year += 1
                low = 0
                continue
            data = self._year(year)
            base = data.cumulative[low]
            available = data.cumulative[data.length] - base
            if available >= remaining:
                # first k with cumulative[k] == base + remaining; the day has index k - 1
                k = bisect.bisect_left(data.cumulative, base + remaining, low)
                return data.start + timedelta(days=k - 1)
            remaining -= available
            year += 1
            low = 0

    def count(self, start: date, end: date) -> int:
        """Number of working days in ``(start, end]`` — start excluded, end included.

        Returns 0 when ``end <= start``.  ``count(d, add(d, n)) == n`` for every
        ``n >= 0``.
        """
        if end <= start:
            return 0
        total = 0
        for year in range(start.year, end.year + 1):
            low = (start - date(year, 1, 1)).days + 1 if year == start.year else 0
            high = (end - date(year, 1, 1)).days + 1 if year == end.year else _days_in_year(year)
            if low < high:
                data = self._year(year)
                total += data.cumulative[high] - data.cumulative[low]
        return total


def add_workdays(start: date, n: int, table: HolidayTable | None = None) -> date:
    """``WorkdayCalendar(table).add(start, n)``."""
    return WorkdayCalendar(table).add(start, n)


def count_workdays(start: date, end: date, table: HolidayTable | None = None) -> int:
    """``WorkdayCalendar(table).count(start, end)`` — working days in ``(start, end]``."""
    return WorkdayCalendar(table).count(start, end)
