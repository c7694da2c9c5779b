"""A real browser fills in the discretion check form and reads the outcome."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jiandu.org.tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
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


def test_officer_checks_a_first_violation_then_browses_the_catalogue(live_server, browser, city):
    page = browser.new_page()
    page.goto(f"{live_server.url}/discretion/check/")
    page.fill("#id_username", city.officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#id_item_code")
    page.fill("#id_item_code", "REG-48-1")
    page.check("#id_first_violation")
    page.check("#id_corrected_in_time")
    page.select_option("#id_harm", "minor")
    page.click("button.primary")
    page.wait_for_selector("#discretion-outcome")
    assert page.get_attribute("#discretion-outcome", "data-outcome") == "may_waive"
    # 市场主体登记管理条例第四十八条第一款: 3万元以下 → 从轻 0 至 9000
    assert page.inner_text("#discretion-range") == "0 元至 9000 元"
    assert "第三十三条第一款" in page.inner_text("#discretion-result")
    if os.environ.get("JIANDU_SCREENSHOTS"):
        page.screenshot(path=os.environ["JIANDU_SCREENSHOTS"] + "/discretion_check.png", full_page=True)

    # one browser test per file: the shared conftest ends the live server's sessions after each one
    page.goto(f"{live_server.url}/discretion/")
    page.wait_for_selector("#catalogue-version")
    page.select_option("select[name=domain]", "特种设备")
    page.click("form.filters button")
    page.wait_for_selector("text=SEL-84-1")
    codes = page.locator("table.table tbody td.mono").all_inner_texts()
    assert codes and all(code.startswith("SEL-") for code in codes)
    page.click("text=SEL-84-1")
    page.wait_for_selector("#item-fine")
    assert page.inner_text("#item-fine") == "30,000 元以上 300,000 元以下"
    if os.environ.get("JIANDU_SCREENSHOTS"):
        page.screenshot(path=os.environ["JIANDU_SCREENSHOTS"] + "/discretion_item.png", full_page=True)
