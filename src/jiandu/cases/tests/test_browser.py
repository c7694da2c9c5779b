"""A real browser carries a penalty from draft to delivery and downloads the decision (.docx)."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from pathlib import Path

import docx
import pytest

from jiandu.cases.models import PenaltyCase
from jiandu.org.models import Role
from jiandu.org.tests.factories import PASSWORD, UserFactory

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
        reason="chromium 未安装(make test 会自动安装)",
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
    """A transactional test that ran before this one flushed the seeded domains: seed them again."""
    from django.apps import apps

    seed = importlib.import_module("jiandu.org.migrations.0002_seed_domains").seed
    seed(apps, None)


def login(browser, live_server, username):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")
    return page


def test_draft_check_review_decide_deliver(live_server, browser, domains, city, enterprises):
    UserFactory(username="fazhi", role=Role.LEGAL_REVIEWER, region=city.city)
    UserFactory(username="dong_ju", role=Role.COUNTY_BUREAU, region=city.east)
    firm = enterprises[0][0]
    filed = (dt.date.today() - dt.timedelta(days=10)).isoformat()

    officer = login(browser, live_server, "dong_officer")
    officer.goto(f"{live_server.url}/cases/")
    officer.click("#new-case")
    officer.fill("#id_uscc", firm.uscc)
    officer.select_option("#id_domain", label="价格")
    officer.fill("#id_violation", "未按规定明码标价")
    officer.fill("#id_facts", "货架上12种商品未标示价格。")
    officer.fill("#id_evidence", "现场检查笔录\n现场照片")
    officer.fill("#id_filed_on", filed)
    officer.check("input[name=penalty_kinds][value=fine]")
    officer.fill("#id_fine", "5000")
    officer.fill("#id_fine_min", "0")
    officer.fill("#id_fine_max", "10000")
    officer.check("#id_is_major")
    officer.click("#case-form button[type=submit]")
    officer.wait_for_selector("#case-status")
    assert officer.inner_text("#case-status") == "拟处罚(草稿)"
    case_url = officer.url

    officer.click("#action-check button")
    officer.wait_for_selector("#discretion .result")
    assert "一般处罚" in officer.inner_text("#discretion")
    assert "类案" in officer.inner_text("#similar")
    assert "重大案件" in officer.inner_text("#legal-review")
    officer.click("#action-submit_review button")
    officer.wait_for_selector("text=法制审核中")

    reviewer = login(browser, live_server, "fazhi")
    reviewer.goto(case_url)
    reviewer.check("#review-form input[value='1']")
    reviewer.fill("#review-form textarea", "事实清楚,证据确凿,裁量适当,同意。")
    reviewer.click("#review-form button")
    reviewer.wait_for_selector("text=已通过")

    head = login(browser, live_server, "dong_ju")
    head.goto(case_url)
    head.click("#action-decide button")
    head.wait_for_selector("#documents")
    assert head.inner_text("#case-status") == "已作出决定"

    officer.goto(case_url)
    officer.select_option("#action-deliver select", "直接送达")
    officer.click("#action-deliver button")
    officer.wait_for_selector("text=已登记送达")
    assert officer.inner_text("#case-status") == "已送达"
    with officer.expect_download() as info:
        officer.click("#doc-penalty_decision")
    document = docx.Document(info.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    case = PenaltyCase.objects.get()
    assert case.decision_number in text
    assert "行政处罚决定书" in text and "现场照片" in text
    assert [s.to_status for s in case.steps.all()] == [
        "draft",
        "checked",
        "legal_review",
        "decided",
        "delivered",
    ]
