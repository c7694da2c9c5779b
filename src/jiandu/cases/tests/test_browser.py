"""A real browser carries a case through the procedure — 案源 to 结案 with a hearing, and a no-penalty
case — opening every document it issues (.docx)."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from pathlib import Path

import docx
import pytest
import time_machine

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


def _download(page, selector):
    with page.expect_download() as info:
        page.click(selector)
    return "\n".join(p.text for p in docx.Document(info.value.path()).paragraphs)


def _submit(page, form):
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def test_a_case_with_a_hearing_from_lead_to_closing(live_server, browser, domains, city, enterprises):
    UserFactory(username="fazhi", role=Role.LEGAL_REVIEWER, region=city.city)
    UserFactory(username="dong_ju", role=Role.COUNTY_BUREAU, region=city.east)
    firm = enterprises[0][0]
    today = dt.date.today()

    officer = login(browser, live_server, "dong_officer")
    officer.goto(f"{live_server.url}/cases/leads/")
    officer.fill("#id_uscc", firm.uscc)
    officer.fill("#id_source", "投诉举报")
    officer.fill("#id_description", "消费者投诉当事人虚构原价进行促销。")
    officer.fill("#id_discovered_on", (today - dt.timedelta(days=22)).isoformat())
    _submit(officer, "#lead-form")
    assert officer.inner_text("#lead-status") == "待核查"
    officer.click("#file-lead")
    officer.wait_for_selector("#case-form")
    assert officer.input_value("#id_uscc") == firm.uscc
    officer.select_option("#id_domain", label="价格")
    officer.fill("#id_violation", "虚构原价进行价格欺诈")
    officer.fill("#id_facts", "当事人标示“原价1280元，现价680元”，促销前七日内无1280元的交易记录。")
    officer.fill("#id_evidence", "现场检查笔录\n促销海报照片\n销售记录")
    officer.fill("#id_filed_on", (today - dt.timedelta(days=20)).isoformat())
    officer.fill("#id_representative", "王伟")
    officer.fill("#id_violated_provision", "《明码标价和禁止价格欺诈规定》第十九条")
    officer.fill("#id_legal_basis", "《价格违法行为行政处罚规定》第七条")
    officer.check("input[name=penalty_kinds][value=fine]")
    officer.fill("#id_fine", "200000")
    officer.fill("#id_fine_min", "50000")
    officer.fill("#id_fine_max", "500000")
    officer.fill("#id_officers", "张三、李四")
    _submit(officer, "#case-form")
    assert officer.inner_text("#case-status") == "立案调查"
    case_url = officer.url

    _submit(officer, "#action-check")
    assert "一般处罚" in officer.inner_text("#discretion")
    noticed = (today - dt.timedelta(days=16)).isoformat()
    officer.fill("#id_notify-issued_on", noticed)
    officer.fill("#id_notify-delivered_on", noticed)
    _submit(officer, "#action-notify")
    assert "听证范围" in officer.inner_text("#statement")
    officer.fill("#id_representation-argument", "促销价格系总部统一制定。")
    _submit(officer, "#representation-form")
    officer.check("#representations input[value='0']")
    officer.fill("#representations textarea", "当事人未提供证据证明，不能免除其责任")
    _submit(officer, "#representations form")
    assert "不予采纳" in officer.inner_text("#representations")
    officer.fill("#id_request_hearing-requested_on", (today - dt.timedelta(days=15)).isoformat())
    _submit(officer, "#action-request_hearing")
    assert officer.inner_text("#case-status") == "听证"
    officer.fill("#id_schedule-held_on", (today + dt.timedelta(days=8)).isoformat())
    officer.fill("#id_schedule-place", "本局第一听证室")
    officer.fill("#id_schedule-host", "王五")
    _submit(officer, "#schedule-form")
    hearing_notice = _download(officer, "#doc-hearing_notice")
    assert "听证通知书" in hearing_notice and "本局第一听证室" in hearing_notice

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=9), tick=True):
        officer = login(browser, live_server, "dong_officer")  # the session has expired meanwhile
        officer.goto(case_url)
        officer.fill("#id_hearing_report-record", "当事人陈述促销价格由总部制定。")
        officer.fill("#id_hearing_report-report", "当事人未提出新的事实和证据，建议维持拟处罚意见。")
        _submit(officer, "#hearing-report-form")
        assert "维持拟处罚意见" in officer.inner_text("#hearing")
        _submit(officer, "#action-submit_review")
        assert officer.inner_text("#case-status") == "法制审核中"

        reviewer = login(browser, live_server, "fazhi")
        reviewer.goto(case_url)
        reviewer.fill("#id_pass_review-opinion", "事实清楚，证据确凿，程序合法，同意。")
        _submit(reviewer, "#action-pass_review")
        assert reviewer.inner_text("#case-status") == "法制审核通过"

        head = login(browser, live_server, "dong_ju")
        head.goto(case_url)
        head.fill("#id_discuss-note", "局务会集体讨论，同意。")
        _submit(head, "#action-discuss")
        if head.locator("#id_decide-deviation_reason").count():
            head.fill("#id_decide-deviation_reason", "当事人经营规模较大，情节较重。")
        _submit(head, "#action-decide")
        assert head.inner_text("#case-status") == "已作出决定"

        officer.goto(case_url)
        officer.select_option("#id_deliver-method", "直接送达")
        _submit(officer, "#action-deliver")
        assert officer.inner_text("#case-status") == "已送达"
        _submit(officer, "#action-pay")
        _submit(officer, "#publish-form")
        _submit(officer, "#action-close")
        assert officer.inner_text("#case-status") == "已结案"

        case = PenaltyCase.objects.get()
        notice = _download(officer, "#doc-notice")
        decision = _download(officer, "#doc-penalty_decision")
        repair = _download(officer, "#doc-credit_repair_notice")
        receipt = _download(officer, "#doc-delivery_receipt")
    assert "行政处罚告知书" in notice and "要求听证" in notice
    assert case.decision_number in decision and "王伟" in decision and "第十九条" in decision
    assert "促销价格系总部统一制定" in decision and "听证报告认为" in decision
    assert "集体讨论" in decision and "贰拾万元整" in decision and "六个月内" in decision
    assert "信用修复告知书" in repair and "送达回证" in receipt and case.decision_number in receipt
    statuses = [s.to_status for s in case.steps.all()]
    for step in ("checked", "notified", "hearing", "legal_review", "reviewed", "discussed", "decided",
                 "delivered", "paid", "closed"):  # fmt: skip
        assert step in statuses, step
    assert case.lead is not None and case.lead.status == "filed"


def test_a_no_penalty_case_through_the_pages(live_server, browser, domains, city, enterprises):
    UserFactory(username="dong_ju", role=Role.COUNTY_BUREAU, region=city.east)
    officer = login(browser, live_server, "dong_officer")
    officer.goto(f"{live_server.url}/cases/new/")
    officer.fill("#id_uscc", enterprises[0][1].uscc)
    officer.fill("#id_item_code", "PRL-42")
    officer.fill("#id_violation", "未按规定明码标价")
    officer.fill("#id_facts", "门店3种商品未标示价格，检查当日即已改正。")
    officer.fill("#id_evidence", "现场检查笔录\n整改后照片")
    officer.fill("#id_filed_on", (dt.date.today() - dt.timedelta(days=3)).isoformat())
    officer.fill("#id_violated_provision", "《明码标价和禁止价格欺诈规定》第五条")
    officer.select_option("#id_outcome", "no_penalty")
    officer.select_option("#id_no_penalty_ground", "minor_corrected")
    officer.select_option("#id_harm", "none")
    officer.check("input[name=facts_flags][value=minor]")
    officer.check("input[name=facts_flags][value=corrected_in_time]")
    _submit(officer, "#case-form")
    case_url = officer.url
    _submit(officer, "#action-check")
    assert "不予行政处罚" in officer.inner_text("#discretion")
    assert officer.locator("#action-notify").count() == 0  # no 告知 for a case not punished

    head = login(browser, live_server, "dong_ju")
    head.goto(case_url)
    head.fill("#id_decide-education_note", "向当事人讲解了明码标价的规定。")
    _submit(head, "#action-decide")
    assert head.inner_text("#case-status") == "已作出决定"
    assert "告知" in head.inner_text("#skipped")
    officer.goto(case_url)
    _submit(officer, "#action-deliver")
    _submit(officer, "#action-close")
    assert officer.inner_text("#case-status") == "已结案"
    decision = _download(officer, "#doc-no_penalty_decision")
    record = _download(officer, "#doc-education_record")
    receipt = _download(officer, "#doc-delivery_receipt")
    assert "不予行政处罚决定书" in decision and "第三十三条" in decision
    assert "向当事人讲解了明码标价的规定" in record and "送达回证" in receipt
