"""A real browser (Debian's chromium driven by Playwright) logs in and reads the dashboard."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

from jiandu.cases.models import PenaltyCase
from jiandu.org.models import Domain
from jiandu.org.tests.factories import PASSWORD

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


def test_login_and_see_dashboard(live_server, browser, city, enterprises):
    east, _ = enterprises
    last_month = dt.date.today().replace(day=1) - dt.timedelta(days=3)
    PenaltyCase.objects.create(
        decision_number="东市监处罚〔2026〕1号",
        enterprise=east[0],
        region=east[0].region,
        domain=Domain.objects.get(code="price"),
        violation="不明码标价",
        filed_on=last_month - dt.timedelta(days=10),
        decided_on=last_month,
        fine=Decimal("30000"),
    )
    page = browser.new_page()
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    page.fill("#id_username", "zhuanban")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#stat-enterprises")
    assert page.inner_text("h1") == "工作台"
    assert page.inner_text("#stat-enterprises") == "5"
    assert page.inner_text("#stat-cases") == "1"
    assert page.inner_text("#stat-fines") == "3.0"
    assert page.locator("svg.chart.multiple").count() == 2
    tips = page.locator("svg.chart.bars").first.locator("rect > title").all_text_contents()
    assert "东城区：3万元（上年同期0万元）" in tips
    assert "东城区" in page.inner_text("#county-table")
