"""In a real browser: an officer checks a draft against similar cases and sees the flag and the marks."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from jiandu.library.services import rebuild_index
from jiandu.library.tests.factories import DecidedCaseFactory
from jiandu.org.tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium 未安装"),
]


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield instance
        instance.close()


def test_similar_check_in_the_browser(live_server, browser, city):
    for fine in (3000, 4000, 5000, 6000):
        DecidedCaseFactory(region=city.east, fine=Decimal(fine))
    rebuild_index()
    page = browser.new_page()
    page.goto(f"{live_server.url}/library/similar/")
    page.fill("#id_username", city.officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#similar-form")
    page.fill("#id_text", "超市货架上陈列超过保质期的牛奶")
    page.fill("#id_proposed_fine", "80000")
    page.click("#similar-form button.primary")
    page.wait_for_selector("#similar-result")
    result = page.inner_text("#similar-result")
    assert "可能存在类案不同罚" in result and "可能畸重" in result
    assert page.locator("#similar-result mark").count() > 0
    assert page.locator("#similar-result meter").count() >= 3
