"""A real browser: a county head files the monthly form, the city task force accepts it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from jiandu.org.tests.factories import PASSWORD
from jiandu.reports.models import ReportKind, ScheduleItem, Submission, SubmissionStatus

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


def _login(page, url, user):
    page.goto(f"{url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_county_files_and_city_accepts(live_server, browser, city, heads, campaign):
    item = ScheduleItem.objects.get(
        campaign=campaign, kind=ReportKind.MONTHLY_FORM, period_start=dt.date(2025, 5, 1)
    )
    county = browser.new_context().new_page()
    _login(county, live_server.url, heads.east)
    county.goto(f"{live_server.url}/reports/")
    county.click(f"#board tr[data-item='{item.pk}'] button.start-filing")
    county.wait_for_selector("#figures")
    county.fill("input[name=forums_held]", "3")
    county.fill("input[name=enterprises_visited]", "25")
    county.click("#save-draft")
    county.wait_for_selector("text=草稿已保存")
    county.click("#action-submit button")
    county.wait_for_selector("text=报送时的数据已冻结")
    assert county.inner_text("#submission-status") == "已报送"
    submission = Submission.objects.get()
    assert submission.typed == {"forums_held": 3, "enterprises_visited": 25}

    task_force = browser.new_context().new_page()
    _login(task_force, live_server.url, city.task_force)
    task_force.goto(f"{live_server.url}/reports/")
    task_force.click(f"#board tr[data-item='{item.pk}'] a:has-text('逾期报送')")
    task_force.wait_for_selector("#action-accept")
    task_force.fill("#action-accept textarea[name=comment]", "数据完整，予以采纳")
    task_force.click("#action-accept button")
    task_force.wait_for_selector("text=已采纳。")
    assert task_force.inner_text("#submission-status") == "已采纳"
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED and submission.comment == "数据完整，予以采纳"
    task_force.goto(f"{live_server.url}/reports/items/{item.pk}/rollup/")
    assert "东城区" in task_force.inner_text("#rollup")
