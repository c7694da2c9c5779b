"""A real browser: a forum's issue becomes a clue, a need and a suggestion; an inspection finding
becomes a case lead and then a case."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
from pathlib import Path

import pytest

from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Channel, Clue, Suggestion
from jiandu.inspections import services as inspections
from jiandu.inspections.models import Inspection, Outcome
from jiandu.org.tests.factories import PASSWORD
from jiandu.service.models import AssistanceRequest, CaseLead, CaseLeadStatus, ForumIssue

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
        reason="chromium 未安装（make test 会自动安装）",
    ),
]


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def domains(transactional_db):
    from django.apps import apps

    seed = importlib.import_module("jiandu.org.migrations.0002_seed_domains").seed
    seed(apps, None)


def login(browser, live_server, username):  # type: ignore[no-untyped-def]
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    return page


def test_a_forum_issue_becomes_a_clue_a_need_and_a_suggestion(
    live_server, browser, domains, city, units, enterprises
):
    firm = enterprises[0][0]
    page = login(browser, live_server, "dong_ju")
    page.goto(f"{live_server.url}/service/forums/")
    page.click("#new-link")
    page.select_option("#id_region", label="东城区")
    page.fill("#id_title", "涉企执法座谈会")
    page.fill("#id_held_on", (dt.date.today() - dt.timedelta(days=1)).isoformat())
    page.fill("#id_firms", firm.uscc)
    page.fill("#id_other_attendees", "东城区食品行业协会")
    page.fill("#id_issues", "企业代表：同一事项一年内被不同科室检查三次")
    page.click("#service-form button[type=submit]")
    page.wait_for_selector("#forum-issues")
    row = page.locator("#forum-issues tbody tr").first
    assert "检查三次" in row.inner_text()
    row.locator("button.to-clue").click()
    page.wait_for_selector("#forum-issues .done-clue")
    row = page.locator("#forum-issues tbody tr").first
    row.locator("select[name=unit]").select_option(label="东城区市场监督管理局")
    row.locator("button.to-need").click()
    page.wait_for_selector("#forum-issues .done-need")
    page.locator("#forum-issues tbody tr").first.locator("button.to-suggestion").click()
    page.wait_for_selector("#forum-issues .done-suggestion")
    issue = ForumIssue.objects.get()
    assert Clue.objects.get(pk=issue.clue_id).channel == Channel.FORUM
    assert AssistanceRequest.objects.get(pk=issue.assistance_id).unit == units.east_bureau
    assert Suggestion.objects.get(pk=issue.suggestion_id).text == "同一事项一年内被不同科室检查三次"
    page.click(".done-need")
    page.wait_for_selector("#assistance-status")
    assert "办理中" in page.inner_text("#assistance-status")


def test_an_inspection_finding_becomes_a_case_lead_and_then_a_case(
    live_server, browser, domains, city, units, enterprises
):
    firm = enterprises[0][0]
    visit = Inspection.objects.create(enterprise=firm, region=firm.region)
    inspections.record_result(
        actor=city.officer,
        inspection=visit,
        outcome=Outcome.CLUE,
        inspected_on=dt.date.today() - dt.timedelta(days=2),
        findings="现场发现销售超过保质期的预包装食品",
    )
    officer = login(browser, live_server, "dong_officer")
    officer.goto(f"{live_server.url}/service/case-leads/")
    pending = officer.locator(f"#pending-{visit.pk}")
    assert "超过保质期" in pending.inner_text()
    pending.locator("select[name=domain]").select_option(label="食品")
    pending.locator("select[name=handling_unit]").select_option(label="东城区市场监督管理局")
    pending.locator("button[type=submit]").click()
    officer.wait_for_selector("#lead-status")
    assert officer.inner_text("#lead-status") == "待受理"
    lead = CaseLead.objects.get()
    chief = login(browser, live_server, "dong_ju")
    chief.goto(f"{live_server.url}/service/case-leads/{lead.pk}/")
    chief.click("#form-accept button")
    chief.wait_for_selector("#form-file")
    assert chief.inner_text("#lead-status") == "核查中"
    chief.fill("#form-file #id_violation", "销售超过保质期的食品")
    chief.click("#form-file button")
    chief.wait_for_selector("#lead-case")
    lead.refresh_from_db()
    assert lead.status == CaseLeadStatus.FILED
    case = PenaltyCase.objects.get(pk=lead.case_id)
    assert case.enterprise == firm and case.status == "draft" and case.violation == "销售超过保质期的食品"
    chief.click("#lead-case")
    chief.wait_for_url(re.compile(rf".*/cases/{case.pk}/"))
