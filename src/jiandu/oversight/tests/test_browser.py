"""A real browser: a county marks a clue 舆情, the city sees it escalated at once, and the county follows
the event through a response step and a published statement to its closing within the hours allowed."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from jiandu.clues.tests.factories import ClueFactory
from jiandu.org.tests.factories import PASSWORD
from jiandu.oversight.models import UrgentMatter

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


def test_a_clue_marked_opinion_is_followed_to_closing_within_hours(
    live_server, browser, domains, city, units
):
    clue = ClueFactory(region=city.east, summary="短视频平台热传：东城区执法人员对早餐摊连续罚款")
    county = login(browser, live_server, "dong_ju")
    county.goto(f"{live_server.url}/clues/{clue.pk}/")
    county.click("#urgent-panel a.button")
    county.select_option("#id_kind", "opinion")
    county.fill("#id_reason", "视频播放量超过十万，评论集中质疑执法公正")
    county.fill("#id_deadline_hours", "4")
    county.select_option("#id_source", "network")
    county.fill("#id_source_detail", "短视频平台")
    county.click("#oversight-form button[type=submit]")
    county.wait_for_selector("#urgent-state")
    assert "处置中" in county.inner_text("#urgent-state")

    city_page = login(browser, live_server, "zhuanban")
    city_page.goto(f"{live_server.url}/oversight/")
    escalated = city_page.inner_text("#escalated")
    assert f"线索 {clue.pk}" in escalated and "东城区" in escalated

    county.fill(".step-form textarea", "联系视频发布者核实情况，调取执法记录仪视频")
    county.click(".step-form button")
    county.wait_for_selector(".steps li:has-text('执法记录仪')")
    county.fill(".statement-form textarea", "我局已成立核查组，核查结果将及时公布。")
    county.click(".statement-form button")
    county.wait_for_selector(".statement:has-text('核查组')")
    county.fill(".close-form textarea", "核查属实，已退还罚款并向当事人致歉，舆情平息")
    county.click(".close-form button")
    county.wait_for_selector("#urgent-state:has-text('已处置完毕')")
    assert "按时" in county.inner_text("#urgent-state")
    matter = UrgentMatter.objects.get(clue=clue)
    assert matter.closed_at is not None
    assert (matter.closed_at - matter.flagged_at).total_seconds() < 4 * 3600

    city_page.goto(f"{live_server.url}/oversight/")
    assert f"线索 {clue.pk}" not in city_page.inner_text("#escalated")
    city_page.goto(f"{live_server.url}/clues/{clue.pk}/")
    assert "已处置完毕（按时）" in city_page.inner_text("#urgent-panel")
