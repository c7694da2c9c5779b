"""The demo city loads completely, deterministically and idempotently, with the designed patterns."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal

import pytest
from django.db.models import Count, F, Sum

from jiandu.audit.models import AuditEntry
from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Channel, Clue
from jiandu.demo import names as N
from jiandu.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, REFERENCE_DAY, DemoSummary, load_demo_city
from jiandu.engines.discretion.catalogue import catalogue_rules, shipped_catalogue_file
from jiandu.engines.discretion.statutory import statutory_range
from jiandu.engines.uscc import is_valid
from jiandu.org.models import Domain, Enterprise, Region, Role, Unit, UnitKind, User
from jiandu.prevention.models import Complaint, ComplaintKind, ComplaintSource

SCALE = 0.02
CITY = "411800"


def _quiet(_message: str) -> None:
    pass


def _load(**kwargs: object) -> DemoSummary:
    kwargs.setdefault("today", REFERENCE_DAY)
    return load_demo_city(scale=SCALE, log=_quiet, **kwargs)  # type: ignore[arg-type]


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for rows in (
        Enterprise.objects.order_by("uscc").values_list("uscc", "name", "credit_class", "address"),
        # drafts have no decision number yet: order fully so ties sort the same on every database
        PenaltyCase.objects.order_by("decision_number", "enterprise__uscc", "violation", "fine").values_list(
            "decision_number", "enterprise__uscc", "fine", "decided_on", "violation"
        ),
        Complaint.objects.order_by("number").values_list(
            "number", "received_at", "subject", "enterprise__uscc"
        ),
        # clues that review findings file through the clue service carry the time of loading
        Clue.objects.order_by("channel", "summary").values_list("channel", "summary"),
    ):
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Region, Unit, User, Enterprise, PenaltyCase, Complaint, Clue)
    )


@pytest.mark.django_db
def test_organisation_regions_units_and_users() -> None:
    summary = _load()
    assert summary.loaded
    assert summary.regions == 12
    assert Region.objects.filter(parent__code=CITY).count() == 10
    assert Region.objects.get(code=CITY).parent.code == "410000"

    # All 17 domains are owned by some business unit of the city.
    business = Unit.objects.filter(region__code=CITY, kind=UnitKind.BUSINESS)
    assert Domain.objects.count() == 17
    assert Domain.objects.filter(units__in=business).distinct().count() == 17
    assert Unit.objects.filter(region__code=CITY, kind=UnitKind.TASK_FORCE).exists()
    assert Unit.objects.filter(region__code=CITY, kind=UnitKind.LEGAL).exists()
    for county in Region.objects.filter(parent__code=CITY):
        bureau = Unit.objects.get(region=county, kind=UnitKind.BUREAU)
        assert bureau.name == f"{county.name}市场监督管理局"
        assert bureau.domains.count() == 17

    users = User.objects.filter(region__code__startswith="4118")
    assert users.count() >= 18 == summary.users
    assert set(users.values_list("role", flat=True)) == set(Role.values)
    assert len(DEMO_ACCOUNTS) == users.count()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.region.code == CITY
    assert len(set(users.values_list("password", flat=True))) == 1  # one hash, computed once
    assert users.get(username="zhuanban").check_password(DEMO_PASSWORD)
    officer = User.objects.get(username="dongcheng_zf1")
    assert (
        officer.role == Role.OFFICER
        and officer.region.name == "东城区"
        and officer.unit.kind == UnitKind.BUREAU
    )

    entry = AuditEntry.objects.get(target_type="demo.city")
    assert entry.action == "import" and entry.target_id == CITY and entry.after["cases"] == summary.cases


@pytest.mark.django_db
def test_enterprises_have_valid_unique_codes_and_names() -> None:
    summary = _load()
    enterprises = list(Enterprise.objects.values_list("uscc", "name", "region__code", "credit_class"))
    assert len(enterprises) == summary.enterprises == round(50_000 * SCALE)
    assert all(is_valid(uscc) for uscc, *_ in enterprises)
    assert all(uscc[2:8] == region for uscc, _name, region, _credit in enterprises)
    assert {uscc[:2] for uscc, *_ in enterprises} == {"91", "92", "93"}
    assert len({name for _u, name, *_ in enterprises}) == len(enterprises)
    assert {credit for *_, credit in enterprises} == {"A", "B", "C", "D"}


@pytest.mark.django_db
def test_cases_are_consistent() -> None:
    summary = _load()
    assert PenaltyCase.objects.count() == summary.cases > 500
    # the historical cases; the cases app's demo adds a few in progress, entered by staff
    cases = PenaltyCase.objects.filter(created_by__isnull=True)
    assert not cases.exclude(enterprise__region=F("region")).exists()
    assert not cases.exclude(unit__region=F("region")).exists()
    assert not cases.filter(filed_on__gte=F("decided_on")).exists()
    assert not cases.filter(decided_on__lt=dt.date(2023, 11, 1)).exists()
    assert not cases.filter(decided_on__gt=dt.date(2026, 10, 31)).exists()
    assert not cases.filter(fine__gte=Decimal("100000"), is_major=False).exists()
    pattern = re.compile(r"^\w{1,2}市监处罚〔20\d\d〕\d+号$")
    for number, decided_on in cases.values_list("decision_number", "decided_on"):
        assert pattern.match(number) and f"〔{decided_on.year}〕" in number
    assert cases.values("domain").distinct().count() >= 10


@pytest.mark.django_db
def test_history_fines_obey_the_statutory_range_of_their_item() -> None:
    _load()
    history = PenaltyCase.objects.filter(created_by__isnull=True, outcome="penalty")
    mapped = history.exclude(item_code="")
    assert mapped.count() > 0.7 * history.count()  # the rest: violations without a catalogue item
    # 食品安全法第一百二十四条:货值金额不足一万元的,并处五万元以上十万元以下罚款;货值金额一万元以上的,
    # 并处货值金额十倍以上二十倍以下罚款
    expired = mapped.filter(item_code="FSL-124-1-5")
    assert expired.exists()
    for fine, base in expired.values_list("fine", "fine_base"):
        if base < 10000:
            assert Decimal("50000") <= fine <= Decimal("100000"), (fine, base)
        else:
            assert 10 * base <= fine <= 20 * base, (fine, base)
    # 广告法第五十七条:处二十万元以上一百万元以下的罚款
    for fine in mapped.filter(item_code="ADL-57-1").values_list("fine", flat=True):
        assert Decimal("200000") <= fine <= Decimal("1000000")
    # 价格违法行为行政处罚规定第十三条:处5000元以下的罚款
    for fine in mapped.filter(item_code="PRP-13-2").values_list("fine", flat=True):
        assert fine <= Decimal("5000")
    # every mapped case: inside the range the catalogue computes for its item, date and amount
    rules = catalogue_rules(shipped_catalogue_file())
    for case in mapped.iterator():
        amounts = {k: case.fine_base for k in ("goods_value", "illegal_gain", "ad_cost", "turnover")}
        found = statutory_range(
            rules,
            case.item_code,
            violation_date=case.decided_on,
            amounts=amounts if case.fine_base is not None else {},
        )
        assert found.min <= case.fine <= found.max, (case.item_code, case.fine, found.min, found.max)
    # the 2025 反不正当竞争法 (in force 2025-10-15) decides the cases decided after it
    assert not mapped.filter(item_code__startswith="UCL-", decided_on__gte=dt.date(2025, 10, 15)).exists()


def _fines(county: Region, start: dt.date, end: dt.date) -> Decimal:
    total = PenaltyCase.objects.filter(region=county, decided_on__range=(start, end)).aggregate(
        s=Sum("fine")
    )["s"]
    return total or Decimal("0")


@pytest.mark.django_db
def test_two_counties_show_abnormal_growth_of_fines() -> None:
    _load()
    abnormal = {N.COUNTIES[i][1] for i in N.ABNORMAL_FINE_COUNTIES}
    assert len(abnormal) == 2
    for county in Region.objects.filter(parent__code=CITY):
        last = _fines(county, dt.date(2025, 11, 1), dt.date(2026, 10, 31))
        previous = _fines(county, dt.date(2024, 11, 1), dt.date(2025, 10, 31))
        ratio = last / previous
        if county.name in abnormal:
            assert ratio > Decimal("1.5"), (county.name, ratio)
        else:
            assert ratio < Decimal("1.3"), (county.name, ratio)


@pytest.mark.django_db
def test_complaints_and_clues_cover_all_sources_and_channels() -> None:
    summary = _load()
    complaints = Complaint.objects.all()
    assert complaints.count() == summary.complaints
    assert abs(summary.complaints - 100_000 * SCALE) <= 10
    assert set(complaints.values_list("source", flat=True)) == set(ComplaintSource.values)
    assert set(complaints.values_list("kind", flat=True)) == set(ComplaintKind.values)
    assert not complaints.filter(enterprise__isnull=False).exclude(enterprise__region=F("region")).exists()
    assert 0.75 < complaints.filter(enterprise__isnull=False).count() / complaints.count() < 0.95
    numbers = complaints.values_list("number", flat=True)
    assert all(re.match(r"^123[14]5-20\d\d-\d{7}$", n) for n in numbers)

    # The two high-complaint counties stand out per enterprise.
    firms = dict(Enterprise.objects.values_list("region__name").annotate(n=Count("id")))
    per_firm = {
        name: n / firms[name] for name, n in complaints.values_list("region__name").annotate(n=Count("id"))
    }
    high = {N.COUNTIES[i][1] for i in N.HIGH_COMPLAINT_COUNTIES}
    normal = [rate for name, rate in per_firm.items() if name not in high]
    assert min(per_firm[name] for name in high) > 1.3 * max(normal)

    clues = Clue.objects.all()
    assert clues.count() == summary.clues >= len(Channel.values)
    assert set(clues.values_list("channel", flat=True)) == set(Channel.values)
    assert not clues.filter(received_at__lt=dt.datetime(2025, 5, 1, tzinfo=dt.UTC)).exists()
    summaries = list(clues.values_list("summary", flat=True))
    assert len(set(summaries)) == len(summaries)


@pytest.mark.django_db
def test_loading_is_idempotent_and_deterministic() -> None:
    first = _load()
    counts = _counts()
    fingerprint = _fingerprint()

    again = _load()
    assert not again.loaded
    assert _counts() == counts
    assert again.counts() == first.counts()
    assert AuditEntry.objects.filter(target_type="demo.city").count() == 1

    reloaded = _load(reset=True)
    assert reloaded.loaded
    assert reloaded.counts() == first.counts()
    assert _counts() == counts
    assert _fingerprint() == fingerprint
    assert AuditEntry.objects.filter(target_type="demo.city").count() == 2


def test_the_window_ends_with_the_last_complete_month_before_the_day() -> None:
    from jiandu.demo.loader import clue_window, demo_months

    for today, first, last in [
        (dt.date(2026, 11, 1), (2023, 11), (2026, 10)),
        (dt.date(2026, 12, 2), (2023, 12), (2026, 11)),
        (dt.date(2027, 1, 31), (2024, 1), (2026, 12)),
        (dt.date(2027, 3, 1), (2024, 3), (2027, 2)),
    ]:
        months = demo_months(today)
        assert (months[0], months[-1], len(set(months))) == (first, last, 36)
        start, end, _recent = clue_window(today)
        assert start == dt.date(*months[18], 1)
        assert end < today.replace(day=1) and (end + dt.timedelta(days=1)).day == 1


@pytest.mark.django_db
def test_a_later_day_moves_the_whole_picture_and_stays_deterministic() -> None:
    _load(today=dt.date(2027, 3, 15))
    decided = PenaltyCase.objects.exclude(decided_on=None)
    newest = decided.order_by("-decided_on").values_list("decided_on", flat=True).first()
    assert newest is not None and dt.date(2027, 2, 1) <= newest <= dt.date(2027, 2, 28)
    assert decided.filter(decided_on__gte=dt.date(2026, 11, 1)).count() > 0
