"""The demo city: the 2025 campaign's schedule, every county's June form filed and accepted (one
returned and resubmitted), the May roll-up with one county missing, and a clean delete."""

from __future__ import annotations

import datetime as dt

import pytest

from jiandu.audit.models import AuditEntry
from jiandu.clues import demo as clues_demo
from jiandu.demo.loader import REFERENCE_DAY, load_demo_city
from jiandu.org.models import Region
from jiandu.reports import demo as reports_demo
from jiandu.reports.demo import delete_demo
from jiandu.reports.models import Campaign, ReportKind, Submission, SubmissionStatus
from jiandu.reports.selectors import build_form, monthly_item

pytestmark = pytest.mark.django_db


def test_demo_campaign_filings_and_rollup(monkeypatch):
    monkeypatch.setattr("jiandu.demo.loader.DEMO_PARTS", (clues_demo, reports_demo))
    load_demo_city(scale=0.02, log=lambda _m: None, today=REFERENCE_DAY)
    city = Region.objects.get(code="411800")
    campaign = Campaign.objects.get(region=city)
    assert campaign.schedule.filter(kind=ReportKind.MONTHLY_FORM).count() == 4
    counties = list(Region.objects.filter(parent=city))
    june = monthly_item(city, dt.date(2025, 6, 1))
    filed = Submission.objects.filter(item=june)
    assert filed.count() == len(counties) and all(s.status == SubmissionStatus.ACCEPTED for s in filed)
    returned = AuditEntry.objects.filter(target_type="reports.submission", note="退回修改")
    assert returned.count() == 1
    rollup = build_form(region=city, start=june.period_start, end=june.period_end, item=june, snapshot=True)
    assert all(row.state == "accepted" and not row.late for row in rollup.rows if not row.own_units)
    assert rollup.total["clues_received"] == sum(row.cells["clues_received"] for row in rollup.rows)
    may = monthly_item(city, dt.date(2025, 5, 1))
    rollup = build_form(region=city, start=may.period_start, end=may.period_end, item=may, snapshot=True)
    assert [row.state for row in rollup.rows].count("late") == 1

    delete_demo(regions=[city, *counties])
    assert not Submission.objects.exists() and not Campaign.objects.exists()
