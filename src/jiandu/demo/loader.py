"""Load a synthetic demo city, 中原市 (411800), with staff, enterprises, cases, complaints and clues.

The data are invented and deterministic: one seeded ``random.Random`` drives everything, so the
same ``scale`` always yields the same decision numbers, credit codes and texts. Two counties
(新港区、柳河县) show abnormal growth of fines revenue in the last 12 months, and two (西城区、
清源县) a noticeably higher complaint rate, so the risk views have something to find.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import itertools
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from types import ModuleType
from typing import Generic, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jiandu.audit.services import Change, record
from jiandu.cases import demo as cases_demo
from jiandu.cases.models import PenaltyCase
from jiandu.clues import demo as clues_demo
from jiandu.clues.models import Channel, Clue, ClueStatus
from jiandu.demo import names as N
from jiandu.discretion import demo as discretion_demo
from jiandu.engines.discretion.catalogue import catalogue_rules, shipped_catalogue_file
from jiandu.engines.discretion.statutory import InputError, statutory_range
from jiandu.engines.uscc import CHARSET, make_code
from jiandu.inspections import demo as inspections_demo
from jiandu.library import demo as library_demo
from jiandu.org.models import Domain, Enterprise, Region, RegionLevel, Role, Unit, UnitKind, User
from jiandu.org.selectors import region_subtree
from jiandu.oversight import demo as oversight_demo
from jiandu.prevention import demo as prevention_demo
from jiandu.prevention.models import Complaint, ComplaintKind, ComplaintSource
from jiandu.rectify import demo as rectify_demo
from jiandu.reports import demo as reports_demo
from jiandu.reviews import demo as reviews_demo
from jiandu.service import demo as service_demo

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "DemoSummary", "load_demo_city"]

DEMO_PASSWORD = "Jiandu#2026demo"
SEED = 41_18_2026
BATCH = 4000
TZ = ZoneInfo("Asia/Shanghai")

CITY_CODE, CITY_NAME = N.CITY
COUNTY_CODES = [c[0] for c in N.COUNTIES]

# 36 months of cases and complaints, windows of 12 months each, ending with the last complete month
# before the day the demo is loaded (`--today`); the defaults below are the window of 2026-11-01.
REFERENCE_DAY = dt.date(2026, 11, 1)


def demo_months(today: dt.date) -> list[tuple[int, int]]:
    """The 36 (year, month) pairs ending with the last complete month before ``today``."""
    last = today.year * 12 + today.month - 2  # index of the previous month
    return [((last - 35 + k) // 12, (last - 35 + k) % 12 + 1) for k in range(36)]


def clue_window(today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """The clues' 18 months (first day, last day) and the start of their last three months."""
    months = demo_months(today)
    first, recent, (year, month) = months[18], months[33], months[35]
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(*first, 1), last, dt.date(*recent, 1)


MONTHS: list[tuple[int, int]] = demo_months(REFERENCE_DAY)
CLUE_START, CLUE_END, _RECENT = clue_window(REFERENCE_DAY)

ENTERPRISES_AT_SCALE_1 = 50_000
CASES_AT_SCALE_1 = 30_000
COMPLAINTS_AT_SCALE_1 = 100_000
CLUES_AT_SCALE_1 = 300

# (username, full name, role, region: "city" or a county index, unit name / "bureau" / None, superuser)
_ACCOUNTS: list[tuple[str, str, str, str | int, str | None, bool]] = [
    ("admin", "赵立新", Role.TASK_FORCE, "city", N.TASK_FORCE_UNIT, True),
    ("zhuanban", "周振华", Role.TASK_FORCE, "city", N.TASK_FORCE_UNIT, False),
    ("zhuanban2", "孙晓燕", Role.TASK_FORCE, "city", N.TASK_FORCE_UNIT, False),
    ("shipin", "钱文博", Role.BUSINESS_UNIT, "city", "食品经营安全监督管理科", False),
    ("tezhong", "吴海峰", Role.BUSINESS_UNIT, "city", "特种设备安全监察科", False),
    ("jiage", "郑雅琴", Role.BUSINESS_UNIT, "city", "价格监督检查和反不正当竞争科", False),
    ("guanggao", "冯志远", Role.BUSINESS_UNIT, "city", "广告监督管理科", False),
    ("fazhi", "陈思远", Role.LEGAL_REVIEWER, "city", N.LEGAL_UNIT, False),
    ("shenji", "褚红梅", Role.AUDITOR, "city", None, False),
    ("dongcheng", "卫国栋", Role.COUNTY_BUREAU, 0, "bureau", False),
    ("xingang", "蒋丽萍", Role.COUNTY_BUREAU, 2, "bureau", False),
    ("liuhe", "沈建军", Role.COUNTY_BUREAU, 5, "bureau", False),
    ("dongcheng_zf1", "韩立磊", Role.OFFICER, 0, "bureau", False),
    ("dongcheng_zf2", "杨文静", Role.OFFICER, 0, "bureau", False),
    ("xingang_zf1", "朱晓东", Role.OFFICER, 2, "bureau", False),
    ("liuhe_zf1", "秦小龙", Role.OFFICER, 5, "bureau", False),
    ("jianduyuan", "许明哲", Role.SUPERVISOR, "city", None, False),
    ("jiancedian", "何春燕", Role.SUPERVISOR, 4, None, False),
]


def _region_name(key: str | int) -> str:
    return CITY_NAME if key == "city" else N.COUNTIES[int(key)][1]


DEMO_ACCOUNTS: list[tuple[str, str, str, str]] = [
    (username, full_name, Role(role).label, _region_name(region))
    for username, full_name, role, region, _unit, _su in _ACCOUNTS
]
"""(username, full name, role label, region name) of every demo account, for printing."""


@dataclass(frozen=True)
class DemoSummary:
    regions: int
    units: int
    users: int
    enterprises: int
    cases: int
    complaints: int
    clues: int
    seconds: float
    loaded: bool = True

    def counts(self) -> dict[str, int]:
        data = asdict(self)
        return {k: v for k, v in data.items() if k not in {"seconds", "loaded"}}

    def __str__(self) -> str:
        head = "已载入演示城市" if self.loaded else "演示城市已存在（未重新载入）"
        return (
            f"{head} {CITY_NAME}：区划 {self.regions} 个，机构 {self.units} 个，用户 {self.users} 个，"
            f"经营主体 {self.enterprises} 户，行政处罚案件 {self.cases} 件，投诉举报 {self.complaints} 件，"
            f"问题线索 {self.clues} 条；用时 {self.seconds:.1f} 秒。"
        )


def load_demo_city(
    *,
    scale: float = 1.0,
    reset: bool = False,
    log: Callable[[str], None] = print,
    today: dt.date | None = None,
) -> DemoSummary:
    """Load the demo city unless it is already there; ``reset`` deletes it first and reloads.

    ``scale`` multiplies the numbers of enterprises, cases, complaints and clues; regions, units
    and users are fixed. The 36 months end with the last complete month before ``today`` (the day it
    is loaded by default). The same scale and ``today`` always produce the same data.
    """
    today = today or timezone.localdate()
    if not scale > 0:
        raise ValueError("scale 必须大于 0")
    started = time.perf_counter()
    exists = Region.objects.filter(code=CITY_CODE).exists()
    if exists and not reset:
        log(f"演示城市 {CITY_NAME}（{CITY_CODE}）已存在，未重新载入；如需重新载入请使用 reset。")
        return _summary(started, loaded=False)
    with transaction.atomic():
        if exists:
            _delete_extensions(log)
            _delete_demo(log)
        _Builder(scale, log, today).build()
        _load_extensions(scale, log)
        summary = _summary(started, loaded=True)
        record(
            actor=None,
            change=Change(
                action="import",
                target_type="demo.city",
                target_id=CITY_CODE,
                target_repr=f"{CITY_NAME}演示数据",
                region_code=CITY_CODE,
                after={**summary.counts(), "scale": str(scale), "reset": reset, "today": today.isoformat()},
                note="载入演示数据",
            ),
        )
    return _summary(started, loaded=True)


# --- demo data of the other apps ----------------------------------------------------------------

# Each part has `load_demo(*, city, scale, rng, log) -> None`, called after the core city is loaded, and
# `delete_demo(*, regions) -> None`, called before the core city is deleted. The list is explicit, by
# import, in loading order; each part's random stream is seeded from its module name, so adding,
# removing or reordering a part never changes the data of another.
DEMO_PARTS: tuple[ModuleType, ...] = (
    clues_demo,
    rectify_demo,
    discretion_demo,
    library_demo,
    inspections_demo,
    reviews_demo,
    cases_demo,  # after reviews: its decisions schedule follow-ups through the reviews services
    reports_demo,
    prevention_demo,
    service_demo,
    oversight_demo,  # last: it reads clues, cases, hotspots and assessments of the parts above
)


def part_rng(module: ModuleType) -> random.Random:
    """The random stream of one demo part: a function of the demo seed and the part's module name."""
    return random.Random(f"{SEED}:{module.__name__}")


def _load_extensions(scale: float, log: Callable[[str], None]) -> None:
    city = Region.objects.get(code=CITY_CODE)
    for module in DEMO_PARTS:
        started = time.perf_counter()
        module.load_demo(city=city, scale=scale, rng=part_rng(module), log=log)
        log(f"已载入 {module.__name__} 演示数据（用时 {time.perf_counter() - started:.1f} 秒）")


def _delete_extensions(log: Callable[[str], None]) -> None:
    regions = _demo_regions()
    for module in reversed(DEMO_PARTS):
        module.delete_demo(regions=regions)


# --- counting and deleting --------------------------------------------------------------------


def _demo_regions() -> list[Region]:
    city = Region.objects.filter(code=CITY_CODE).first()
    return list(region_subtree(city)) if city is not None else []


def _summary(started: float, *, loaded: bool) -> DemoSummary:
    regions = _demo_regions()
    province = Region.objects.filter(code=N.PROVINCE[0]).count() if regions else 0
    return DemoSummary(
        regions=len(regions) + province,
        units=Unit.objects.filter(region__in=regions).count(),
        users=User.objects.filter(region__in=regions).count(),
        enterprises=Enterprise.objects.filter(region__in=regions).count(),
        cases=PenaltyCase.objects.filter(region__in=regions).count(),
        complaints=Complaint.objects.filter(region__in=regions).count(),
        clues=Clue.objects.filter(region__in=regions).count(),
        seconds=round(time.perf_counter() - started, 2),
        loaded=loaded,
    )


def _delete_demo(log: Callable[[str], None]) -> None:
    """Delete everything in the demo city, children before parents. The province stays."""
    regions = _demo_regions()
    in_city = Q(region__in=regions)
    Clue.objects.filter(in_city).delete()
    Complaint.objects.filter(in_city).delete()
    PenaltyCase.objects.filter(
        in_city | Q(enterprise__region__in=regions) | Q(unit__region__in=regions)
    ).delete()
    User.objects.filter(in_city | Q(unit__region__in=regions)).delete()
    Enterprise.objects.filter(in_city).delete()
    Unit.objects.filter(in_city).delete()
    Region.objects.filter(parent__code=CITY_CODE).delete()
    Region.objects.filter(code=CITY_CODE).delete()
    log("已删除原有演示数据。")


# --- random helpers ---------------------------------------------------------------------------

T = TypeVar("T")


class _Picker(Generic[T]):
    """Weighted choice with precomputed cumulative weights (fast for many draws)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _carry_round(values: Sequence[float]) -> list[int]:
    """Round a series to integers keeping the running total (smooth, no Poisson noise)."""
    out, acc = [], 0.0
    for v in values:
        acc += v
        n = int(acc)
        acc -= n
        out.append(n)
    return out


class _Draft(NamedTuple):
    county: int
    month: int
    domain: str
    violation: tuple[str, str, int, float, int, int]
    enterprise: int
    decided: dt.date
    raw: float
    lo: float
    hi: float
    code: str
    base: float | None


class _HistoryLaw:
    """The statutory range of each historical case: the catalogue item of its violation
    (N.VIOLATION_ITEMS) in force on the decision date, for an amount drawn for the case. Its own
    random stream, so that the rest of the demo city does not move when the amounts do."""

    def __init__(self) -> None:
        self.rules = catalogue_rules(shipped_catalogue_file())
        self.version = self.rules.version
        self.rng = random.Random("jiandu-demo-history-amounts")

    def bounds(
        self, violation: tuple[str, str, int, float, int, int], decided: dt.date
    ) -> tuple[str, float | None, float, float]:
        """(item code, amount, lo, hi); an unmapped violation keeps its own bounds (0 = none)."""
        mapped = N.VIOLATION_ITEMS.get(violation[0])
        if mapped is None:
            return "", None, float(violation[4]), float(violation[5]) or math.inf
        codes, median = mapped
        base = round(median * self.rng.lognormvariate(0, 0.9), 2) if median else None
        amounts = {key: Decimal(f"{base:.2f}") for key in _AMOUNT_KEYS} if base is not None else {}
        for code in codes:
            try:
                found = statutory_range(self.rules, code, violation_date=decided, amounts=amounts)
            except InputError:
                continue  # not in force on that date: the next version of the item
            return found.item, base, float(found.min), float(found.max)  # the version in force
        raise ValueError(f"demo violation {violation[0]} has no catalogue item in force on {decided}")


_AMOUNT_KEYS = ("goods_value", "illegal_gain", "ad_cost", "turnover")


def _clip(fine: float, lo: float, hi: float) -> float:
    """Keep a (non-zero) fine inside the statutory range; 0 bounds mean none."""
    if lo:
        fine = max(fine, lo)
    if hi:
        fine = min(fine, hi)
    return fine


def _fit(fines: Sequence[tuple[float, float, float]], target: float) -> float:
    """The factor bringing the scaled, clipped fines (raw, lo, hi) as near the target as bounds allow."""
    total = sum(raw for raw, _lo, _hi in fines)
    if not total:
        return 1.0
    factor = target / total
    for _ in range(8):
        total = sum(_clip(raw * factor, lo, hi) for raw, lo, hi in fines if raw)
        if not total or abs(total - target) < 0.001 * target:
            break
        factor *= target / total
    return factor


def _person(rng: random.Random) -> str:
    given = rng.choice(N.GIVEN_CHARS) + (rng.choice(N.GIVEN_CHARS) if rng.random() < 0.7 else "")
    return rng.choice(N.SURNAMES) + given


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(
        ("139", "138", "137", "135", "136", "150", "151", "158", "159", "186", "187", "177", "188")
    )
    return f"{prefix}****{rng.randrange(10000):04d}"


def _workday(rng: random.Random, year: int, month: int, weekend_share: float = 0.15) -> dt.date:
    days = calendar.monthrange(year, month)[1]
    day = dt.date(year, month, rng.randint(1, days))
    for _ in range(4):
        if day.weekday() < 5 or rng.random() < weekend_share:
            break
        day = dt.date(year, month, rng.randint(1, days))
    return day


_HOURS = _Picker(
    list(range(7, 22)),
    [0.3, 2.5, 4.5, 5.0, 4.0, 2.0, 1.5, 3.5, 4.5, 4.0, 3.5, 1.5, 0.8, 0.6, 0.3],
)


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    hour = _HOURS(rng)
    return dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=TZ)


# --- the builder ------------------------------------------------------------------------------


class _Builder:
    def __init__(self, scale: float, log: Callable[[str], None], today: dt.date = REFERENCE_DAY) -> None:
        self.months = demo_months(today)
        self.clue_start, self.clue_end, self.recent = clue_window(today)
        self.scale = scale
        self.log = log
        self.rng = random.Random(SEED)
        self.domains: dict[str, Domain] = {d.code: d for d in Domain.objects.order_by("code")}
        missing = set(N.CASE_DOMAIN_WEIGHTS) - set(self.domains)
        if missing:
            raise RuntimeError(f"缺少重点领域：{'、'.join(sorted(missing))}；请先执行数据库迁移。")
        self.city: Region
        self.counties: list[Region] = []
        self.bureaus: list[Unit] = []
        # enterprise facts by index: county, industry, credit class, name; ids after insert
        self.ent_county: list[int] = []
        self.ent_industry: list[str] = []
        self.ent_credit: list[str] = []
        self.ent_name: list[str] = []
        self.ent_ids: list[int] = []
        self.pools: dict[tuple[int, str], list[int]] = defaultdict(list)
        self._pool_pickers: dict[tuple[int, str], _Picker[int]] = {}

    def _tick(self, what: str, started: float) -> None:
        self.log(f"{what}（用时 {time.perf_counter() - started:.1f} 秒）")

    def build(self) -> None:
        for step, label in (
            (self._regions_units_users, "用户 {} 个（及区划、机构）"),
            (self._enterprises, "经营主体 {} 户"),
            (self._cases, "行政处罚案件 {} 件"),
            (self._complaints, "投诉举报 {} 件"),
            (self._clues, "问题线索 {} 条"),
        ):
            started = time.perf_counter()
            count = step()
            self._tick("已载入" + label.format(count), started)

    # -- organisation --

    def _regions_units_users(self) -> int:
        province, _ = Region.objects.get_or_create(
            code=N.PROVINCE[0], defaults={"name": N.PROVINCE[1], "level": RegionLevel.PROVINCE}
        )
        self.city = Region.objects.create(
            code=CITY_CODE, name=CITY_NAME, level=RegionLevel.CITY, parent=province
        )
        Region.objects.bulk_create(
            [Region(code=c[0], name=c[1], level=RegionLevel.COUNTY, parent=self.city) for c in N.COUNTIES]
        )
        by_code = {r.code: r for r in Region.objects.filter(parent=self.city)}
        self.counties = [by_code[code] for code in COUNTY_CODES]

        specs: list[tuple[str, str, Region, Sequence[str]]] = [
            (N.TASK_FORCE_UNIT, UnitKind.TASK_FORCE, self.city, ()),
            (N.LEGAL_UNIT, UnitKind.LEGAL, self.city, ()),
            *[(name, UnitKind.BUSINESS, self.city, codes) for name, codes in N.BUSINESS_UNITS],
            *[
                (f"{county.name}市场监督管理局", UnitKind.BUREAU, county, tuple(self.domains))
                for county in self.counties
            ],
        ]
        Unit.objects.bulk_create(
            [Unit(name=name, kind=kind, region=region) for name, kind, region, _ in specs]
        )
        units = {
            (u.region_id, u.name): u for u in Unit.objects.filter(region__in=[self.city, *self.counties])
        }
        through = Unit.domains.through
        through.objects.bulk_create(
            [
                through(unit_id=units[(region.pk, name)].pk, domain_id=self.domains[code].pk)
                for name, _kind, region, codes in specs
                for code in codes
            ]
        )
        self.bureaus = [units[(county.pk, f"{county.name}市场监督管理局")] for county in self.counties]

        password = make_password(DEMO_PASSWORD)  # hashed once: PBKDF2 is deliberately slow
        taken = set(
            User.objects.filter(username__in=[a[0] for a in _ACCOUNTS]).values_list("username", flat=True)
        )
        users = []
        for username, full_name, role, region_key, unit_name, superuser in _ACCOUNTS:
            if username in taken:
                self.log(f"用户名 {username} 已被占用，跳过该演示账号。")
                continue
            region = self.city if region_key == "city" else self.counties[int(region_key)]
            unit = None
            if unit_name == "bureau":
                unit = self.bureaus[int(region_key)]
            elif unit_name:
                unit = units[(self.city.pk, unit_name)]
            users.append(
                User(
                    username=username,
                    password=password,
                    full_name=full_name,
                    first_name=full_name[1:],
                    last_name=full_name[:1],
                    role=role,
                    region=region,
                    unit=unit,
                    is_staff=superuser,
                    is_superuser=superuser,
                )
            )
        User.objects.bulk_create(users)
        return len(users)

    # -- enterprises --

    def _org_code(self, category: str, used: set[str]) -> str:
        rng = self.rng
        while True:
            if category != "1" or rng.random() < 0.6:
                code = "MA" + "".join(rng.choices(CHARSET, k=7))
            else:
                code = "".join(rng.choices("0123456789", k=8)) + rng.choice(CHARSET)
            if code not in used:
                used.add(code)
                return code

    def _enterprise_name(self, county: int, category: str, industry: str, used: set[str]) -> str:
        rng = self.rng
        county_name = N.COUNTIES[county][1]
        corp_words, indiv_words, coop_words = N.INDUSTRIES[industry][3:]
        for attempt in itertools.count():
            trade = rng.choice(N.TRADE_SYLLABLES) + rng.choice(N.TRADE_SYLLABLES)
            if attempt > 20:  # extremely unlikely; a third syllable always frees a name
                trade += rng.choice(N.TRADE_SYLLABLES)
            if category == "1":
                prefix = rng.choice(("中原市", "中原", "中原市", county_name))
                suffix = "有限责任公司" if rng.random() < 0.25 else "有限公司"
                name = f"{prefix}{trade}{rng.choice(corp_words)}{suffix}"
            elif category == "2":
                if rng.random() < 0.3:
                    trade = rng.choice(N.SURNAMES) + "记"
                name = f"{county_name}{trade}{rng.choice(indiv_words)}"
            else:
                village = rng.choice(N.VILLAGES)[:-1]
                name = f"{county_name}{village}{trade}{rng.choice(coop_words)}"
            if name not in used:
                used.add(name)
                return name
        raise AssertionError("unreachable")

    def _address(self, county: int, category: str) -> str:
        rng = self.rng
        county_name, towns = N.COUNTIES[county][1], N.COUNTIES[county][4]
        rural = category == "3" or (county >= 3 and rng.random() < 0.35)
        if rural:
            return (
                f"{CITY_NAME}{county_name}{rng.choice(towns)}{rng.choice(N.VILLAGES)}{rng.randint(1, 200)}号"
            )
        street = f"{rng.choice(N.ROADS)}{rng.randint(1, 399)}号"
        if rng.random() < 0.2:
            street += f"{rng.randint(1, 12)}号楼{rng.randint(1, 30)}号商铺"
        return f"{CITY_NAME}{county_name}{street}"

    def _enterprises(self) -> int:
        rng = self.rng
        n = max(len(N.COUNTIES) * 20, round(ENTERPRISES_AT_SCALE_1 * self.scale))
        county_pick = _Picker(range(len(N.COUNTIES)), [c[3] for c in N.COUNTIES])
        category_pick = _Picker([c for c, _ in N.CATEGORY_WEIGHTS], [w for _, w in N.CATEGORY_WEIGHTS])
        credit_pick = _Picker([c for c, _ in N.CREDIT_WEIGHTS], [w for _, w in N.CREDIT_WEIGHTS])
        by_category: dict[str, dict[str, float]] = {
            "1": {k: v[0] for k, v in N.INDUSTRIES.items() if v[0] > 0},
            "2": {k: v[1] for k, v in N.INDUSTRIES.items() if v[1] > 0},
            "3": {k: v[2] for k, v in N.INDUSTRIES.items() if v[2] > 0},
        }
        industry_picks = {cat: _Picker(list(w), list(w.values())) for cat, w in by_category.items()}
        used_codes: set[str] = set()
        used_names: set[str] = set()
        rows: list[Enterprise] = []
        for i in range(n):
            county = county_pick(rng)
            category = category_pick(rng)
            industry = industry_picks[category](rng)
            credit = credit_pick(rng)
            name = self._enterprise_name(county, category, industry, used_names)
            uscc = make_code("9", category, COUNTY_CODES[county], self._org_code(category, used_codes))
            rows.append(
                Enterprise(
                    uscc=uscc,
                    name=name,
                    region=self.counties[county],
                    industry=industry,
                    credit_class=credit,
                    address=self._address(county, category),
                )
            )
            self.ent_county.append(county)
            self.ent_industry.append(industry)
            self.ent_credit.append(credit)
            self.ent_name.append(name)
            self.pools[(county, industry)].append(i)
            self.pools[(county, "")].append(i)
        Enterprise.objects.bulk_create(rows, batch_size=BATCH)
        ids = dict(Enterprise.objects.filter(region__in=self.counties).values_list("uscc", "id"))
        self.ent_ids = [ids[row.uscc] for row in rows]
        return n

    def _pick_enterprise(self, county: int, industries: dict[str, float] | Sequence[str]) -> int:
        """An enterprise index in the county, from one of the industries; C/D firms more likely."""
        rng = self.rng
        weights = industries if isinstance(industries, dict) else dict.fromkeys(industries, 1.0)
        options = [(ind, w) for ind, w in weights.items() if self.pools.get((county, ind))]
        industry = _Picker([o[0] for o in options], [o[1] for o in options])(rng) if options else ""
        key = (county, industry)
        picker = self._pool_pickers.get(key)
        if picker is None:
            pool = self.pools[key]
            picker = _Picker(pool, [N.CREDIT_CASE_FACTOR[self.ent_credit[i]] for i in pool])
            self._pool_pickers[key] = picker
        return picker(rng)

    # -- penalty cases --

    def _cases(self) -> int:
        rng = self.rng
        n_counties = len(N.COUNTIES)
        total = max(n_counties * 36 // 3, round(CASES_AT_SCALE_1 * self.scale))
        # Expected volume per county and month: size × season × growth × noise.
        count_growth = [rng.uniform(0.97, 1.05) for _ in range(n_counties)]
        fine_growth = [rng.uniform(0.98, 1.03) for _ in range(n_counties)]
        abnormal_ramp = {24: 1.25, 25: 1.35}  # the jump starts 2025-11 and settles by 2026-01
        lam: list[list[float]] = []
        for c in range(n_counties):
            row = []
            for k, (_year, month) in enumerate(self.months):
                window = k // 12
                growth = count_growth[c] ** window
                if c in N.ABNORMAL_FINE_COUNTIES and window == 2:
                    growth *= abnormal_ramp.get(k, 1.45)
                row.append(N.COUNTIES[c][3] * N.CASE_SEASON[month] * growth * rng.uniform(0.9, 1.1))
            lam.append(row)
        norm = total / sum(map(sum, lam))
        lam = [[v * norm for v in row] for row in lam]

        domain_pick = _Picker(list(N.CASE_DOMAIN_WEIGHTS), list(N.CASE_DOMAIN_WEIGHTS.values()))
        violation_picks = {
            code: _Picker(items, [v[3] for v in items]) for code, items in N.VIOLATIONS.items()
        }
        officer_pool = [[_person(rng) for _ in range(8)] for _ in range(n_counties)]

        # (county, month index, domain, violation, enterprise index, decided_on, raw fine, the
        # statutory range lo/hi, the catalogue item and the amount its fine is counted on)
        drafts: list[_Draft] = []
        law = _HistoryLaw()
        for c in range(n_counties):
            for k, count in enumerate(_carry_round(lam[c])):
                year, month = self.months[k]
                for _ in range(count):
                    domain = domain_pick(rng)
                    violation = violation_picks[domain](rng)
                    ent = self._pick_enterprise(c, N.DOMAIN_INDUSTRIES[domain])
                    decided = _workday(rng, year, month, weekend_share=0.05)
                    code, base, lo, hi = law.bounds(violation, decided)
                    mandatory = code and lo > 0  # the law says 并处 a fine of at least lo: no 警告 alone
                    center = float(violation[2])
                    if code and not lo <= center <= hi:
                        center = lo + 0.1 * (hi - lo)
                    if rng.random() < 0.02 and not mandatory:
                        raw = 0.0  # 警告 only
                    else:
                        raw = center * rng.lognormvariate(0, 0.7)
                        if rng.random() < 0.006:
                            raw *= rng.uniform(6, 15)
                    drafts.append(_Draft(c, k, domain, violation, ent, decided, raw, lo, hi, code, base))

        # Rescale each county's fines to a designed total per month (or, when a county has few cases
        # a month, per 12-month window), so the growth pattern shows even though single large fines
        # would otherwise dominate a month.
        mean_raw = sum(_clip(d.raw, d.lo, d.hi) for d in drafts) / max(1, len(drafts))
        monthly = [min(row) >= 20 for row in lam]

        def bucket(c: int, k: int) -> tuple[int, int]:
            return (c, k) if monthly[c] else (c, 100 + k // 12)

        grouped: dict[tuple[int, int], list[tuple[float, float, float]]] = defaultdict(list)
        for d in drafts:
            grouped[bucket(d.county, d.month)].append((d.raw, d.lo, d.hi))
        factor: dict[tuple[int, int], float] = {}
        for c in range(n_counties):
            for window in range(3):
                level = fine_growth[c] ** window
                if c in N.ABNORMAL_FINE_COUNTIES and window == 2:
                    level *= 1.5
                months = range(window * 12, window * 12 + 12)
                groups = [[k] for k in months] if monthly[c] else [list(months)]
                for group in groups:
                    key = bucket(c, group[0])
                    noise = rng.uniform(0.94, 1.06) if monthly[c] else rng.uniform(0.98, 1.02)
                    target = sum(lam[c][k] for k in group) * mean_raw * level * noise
                    factor[key] = _fit(grouped.get(key, []), target)

        rows: list[PenaltyCase] = []
        keys: list[tuple[int, int, dt.date, int]] = []
        for idx, draft in enumerate(drafts):
            c, k, domain, violation, ent, decided = draft[:6]
            fine = draft.raw * factor[bucket(c, k)]
            text, basis = violation[0], violation[1]
            if fine > 0:
                fine = _clip(fine, draft.lo, draft.hi)
                step = 1000 if fine >= 10000 and rng.random() < 0.6 else (100 if fine >= 1000 else 10)
                rounded = max(step, round(fine / step) * step)
                # a round figure only where it stays inside the range (a narrow range keeps the yuan)
                if _clip(rounded, draft.lo, draft.hi) != rounded:
                    yuan = round(fine)
                    fine = yuan if _clip(yuan, draft.lo, draft.hi) == yuan else round(fine, 2)
            confiscation = 0.0
            if rng.random() < 0.22:
                confiscation = round(math.exp(rng.gauss(math.log(900), 1.3)), 2 if rng.random() < 0.6 else 0)
                confiscation = min(confiscation, 90000.0)
            officers = rng.sample(officer_pool[c], 2)
            kinds = (["fine"] if fine > 0 else []) + (["confiscate_gain"] if confiscation > 0 else [])
            rows.append(
                PenaltyCase(
                    decision_number="",
                    status="closed",
                    outcome="penalty" if kinds else "warning",
                    penalty_kinds=kinds or ["warning"],
                    enterprise_id=self.ent_ids[ent],
                    region=self.counties[c],
                    unit=self.bureaus[c],
                    domain=self.domains[domain],
                    violation=text,
                    item_code=draft.code,
                    fine_base=None if draft.base is None else Decimal(f"{draft.base:.2f}"),
                    catalogue_version=law.version if draft.code else "",
                    legal_basis=basis,
                    officers="、".join(officers),
                    filed_on=decided - dt.timedelta(days=rng.randint(12, 75)),
                    decided_on=decided,
                    fine=Decimal(f"{fine:.2f}"),
                    confiscation=Decimal(f"{confiscation:.2f}"),
                    is_major=fine >= 100_000 or rng.random() < 0.02,
                    reconsidered=rng.random() < 0.015,
                    litigated=rng.random() < 0.007,
                )
            )
            keys.append((c, decided.year, decided, idx))
        # 文号: county abbreviation, year, a sequence per county and year in decision order.
        seq: dict[tuple[int, int], int] = defaultdict(int)
        for c, year, _decided, idx in sorted(keys):
            seq[(c, year)] += 1
            rows[idx].decision_number = f"{N.COUNTIES[c][2]}市监处罚〔{year}〕{seq[(c, year)]}号"
        PenaltyCase.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    # -- complaints --

    def _complaints(self) -> int:
        rng = self.rng
        n_counties = len(N.COUNTIES)
        total = max(200, round(COMPLAINTS_AT_SCALE_1 * self.scale))
        firms = [len(self.pools[(c, "")]) for c in range(n_counties)]
        lam = [
            [
                firms[c]
                * N.HIGH_COMPLAINT_COUNTIES.get(c, 1.0)
                * (1.08 ** (k / 12))
                * N.COMPLAINT_SEASON[month]
                * rng.uniform(0.92, 1.08)
                for k, (_year, month) in enumerate(self.months)
            ]
            for c in range(n_counties)
        ]
        norm = total / sum(map(sum, lam))
        counts = [_carry_round([v * norm for v in row]) for row in lam]

        subjects = N.COMPLAINT_SUBJECTS
        month_picks = [
            _Picker(
                subjects,
                [s[3] * (1 + s[5] * k / 35) * (1.5 if month in s[6] else 1.0) for s in subjects],
            )
            for k, (_year, month) in enumerate(self.months)
        ]
        hotspot_industries = (
            "教育培训",
            "健身服务",
            "美容美发",
            "网络销售",
            "商场超市",
            "餐饮服务",
            "电梯使用单位",
        )
        hotspots: dict[tuple[int, str], list[int]] = {}
        for industry in hotspot_industries:
            for c in range(n_counties):
                pool = self.pools.get((c, industry))
                if pool and rng.random() < 0.6:
                    hotspots[(c, industry)] = rng.sample(pool, min(len(pool), rng.choice((1, 1, 2))))
        source_pick = _Picker([ComplaintSource.PLATFORM_12315, ComplaintSource.HOTLINE_12345], [65, 35])

        drafts: list[tuple[dt.datetime, str, Complaint]] = []
        for c in range(n_counties):
            for k, count in enumerate(counts[c]):
                year, month = self.months[k]
                for _ in range(count):
                    subject, domain, industries, _w, kind_code, _t, _p, templates = month_picks[k](rng)
                    if kind_code == "i":
                        kind = ComplaintKind.INQUIRY
                    elif kind_code == "r":
                        kind = ComplaintKind.REPORT if rng.random() < 0.85 else ComplaintKind.COMPLAINT
                    else:
                        kind = ComplaintKind.COMPLAINT if rng.random() < 0.85 else ComplaintKind.REPORT
                    source = source_pick(rng)
                    enterprise_id = None
                    if rng.random() < (0.3 if kind == ComplaintKind.INQUIRY else 0.93):
                        ent = self._pick_enterprise(c, industries)
                        industry = self.ent_industry[ent]
                        spots = hotspots.get((c, industry))
                        if spots and rng.random() < 0.35:
                            ent = rng.choice(spots)
                        enterprise_id = self.ent_ids[ent]
                    summary = rng.choice(templates).format(
                        n1=rng.randint(2, 9),
                        n2=rng.randint(10, 99),
                        n3=rng.randint(5, 90) * 100,
                        n4=rng.randint(3, 30) * 1000,
                        food=rng.choice(N.FOODS),
                        goods=rng.choice(N.GOODS),
                        brandgoods=rng.choice(N.BRAND_GOODS),
                        disease=rng.choice(N.DISEASES),
                    )
                    weekend = 0.5 if source == ComplaintSource.PLATFORM_12315 else 0.35
                    received = _moment(rng, _workday(rng, year, month, weekend_share=weekend))
                    row = Complaint(
                        number="",
                        source=source,
                        kind=kind,
                        received_at=received,
                        region=self.counties[c],
                        enterprise_id=enterprise_id,
                        domain=self.domains[domain],
                        subject=subject,
                        summary=summary,
                    )
                    drafts.append((received, source, row))
        drafts.sort(key=lambda d: (d[1], d[0]))  # stable: equal times keep generation order
        seq: dict[tuple[str, int], int] = defaultdict(int)
        for received, src, row in drafts:
            seq[(src, received.year)] += 1
            row.number = f"{src}-{received.year}-{seq[(src, received.year)]:07d}"
        Complaint.objects.bulk_create([d[2] for d in drafts], batch_size=BATCH)
        return len(drafts)

    # -- clues --

    def _clues(self) -> int:
        rng = self.rng
        n = max(len(Channel.values), round(CLUES_AT_SCALE_1 * self.scale))
        channel_pick = _Picker(list(N.CLUE_CHANNEL_WEIGHTS), list(N.CLUE_CHANNEL_WEIGHTS.values()))
        channels = list(Channel.values) + [channel_pick(rng) for _ in range(n - len(Channel.values))]
        rng.shuffle(channels)
        kind_pick = _Picker(list(N.CLUE_KIND_WEIGHTS), list(N.CLUE_KIND_WEIGHTS.values()))
        county_pick = _Picker(range(len(N.COUNTIES)), [c[3] for c in N.COUNTIES])
        span = (self.clue_end - self.clue_start).days
        industry_domain: dict[str, str] = {}
        for code, industries in N.DOMAIN_INDUSTRIES.items():
            for industry in sorted(industries, key=lambda i: -industries[i]):
                industry_domain.setdefault(industry, code)
        rows: list[Clue] = []
        for channel in channels:
            day = self.clue_start + dt.timedelta(days=rng.randint(0, span))
            if day.weekday() >= 5 and rng.random() < 0.7:
                day -= dt.timedelta(days=day.weekday() - 4)
            received = _moment(rng, day)
            at_city = rng.random() < 0.12
            c = county_pick(rng)
            other = rng.choice([i for i in range(len(N.COUNTIES)) if i != c])
            bureau = "市市场监管局" if at_city else f"{N.COUNTIES[c][1]}市场监管局"
            earlier = day - dt.timedelta(days=rng.randint(20, 150))
            official = channel in ("case_review", "av_check", "supervision")
            named = rng.random() < 0.6
            kind = kind_pick(rng)
            if channel in N.CLUE_SOURCES:
                voice = "official"
            elif kind in N.RESIDENT_KINDS and (kind == "消费纠纷" or rng.random() < 0.4):
                voice = "resident"
            else:
                voice = "firm" if rng.random() < 0.6 else "merchant"
            ent = None
            if voice == "firm" or rng.random() < 0.3:
                ent = self._pick_enterprise(c, ())
            industry = self.ent_industry[ent] if ent is not None else rng.choice(list(N.INDUSTRIES)[:20])
            person = _person(rng)
            fill = {
                "ent": self.ent_name[ent] if ent is not None else "某商户",
                "industry": industry,
                "activity": N.INDUSTRY_ACTIVITY.get(industry, industry),
                "county": N.COUNTIES[c][1],
                "road": rng.choice(N.ROADS),
                "name": person,
                "source": N.CLUE_SOURCES.get(channel, ""),
                "via": N.CLUE_VIA.get(channel, ""),
                "bureau": bureau,
                "other_bureau": f"{N.COUNTIES[other][1]}市场监管局",
                "dept": rng.choice(N.DEPTS),
                "n": rng.randint(3, 12),
                "money": rng.choice((500, 1000, 2000, 3000, 5000, 8000, 10000, 20000, 30000, 50000)),
                "month": f"{earlier.year}年{earlier.month}月",
                "item": rng.choice(N.CLUE_ITEMS),
            }
            if official:
                kind, body = rng.choice(N.OFFICIAL_BODIES)
                text = f"{fill['source']}发现：" + body.format(**fill)
            else:
                opener = rng.choice(N.CLUE_OPENERS[voice])
                if voice == "official":
                    opener += f"{fill['ent']}称，" if ent is not None else "有经营者称，"
                text = opener.format(**fill) + rng.choice(N.CLUE_BODIES[kind]).format(**fill)
                if kind != "消费纠纷" and voice != "official":
                    text += rng.choice(N.CLUE_CLOSERS)
                if "{name}" in opener:
                    named = True
                elif "不愿透露姓名" in opener:
                    named = False
            if kind == "消费纠纷":
                domain = self.domains["consumer_protection"]
            elif rng.random() < 0.75:
                domain = self.domains[
                    industry_domain.get(industry, rng.choice(("food", "price", "product_quality")))
                ]
            else:
                domain = None
            recent = day >= self.recent
            status = rng.choices(
                [
                    ClueStatus.RECEIVED,
                    ClueStatus.TRIAGED,
                    ClueStatus.ASSESSING,
                    ClueStatus.CONSULTATION,
                    ClueStatus.CONFIRMED,
                    ClueStatus.NOT_CONFIRMED,
                    ClueStatus.RECTIFYING,
                    ClueStatus.RECTIFIED,
                    ClueStatus.CLOSED,
                ],
                [80, 12, 8, 0, 0, 0, 0, 0, 0] if recent else [45, 10, 10, 5, 6, 10, 5, 5, 4],
            )[0]
            rows.append(
                Clue(
                    channel=channel,
                    received_at=received,
                    region=self.city if at_city else self.counties[c],
                    enterprise_id=self.ent_ids[ent] if ent is not None else None,
                    domain=domain,
                    summary=text,
                    reporter_name=person if named and voice != "official" else "",
                    reporter_phone=_phone(rng)
                    if voice != "official" and (named or rng.random() < 0.3)
                    else "",
                    status=status,
                )
            )
        Clue.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)
