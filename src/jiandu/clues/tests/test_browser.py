"""A real browser: a firm submits a clue on the public page; staff triage, assess, confirm, rectify, close."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jiandu.clues.models import Clue, ClueStatus
from jiandu.org.tests.factories import PASSWORD
from jiandu.rectify.models import Rectification

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


def _submit(page, form_id: str) -> None:
    with page.expect_navigation():
        page.click(f"#{form_id} button[type=submit]")


def test_public_clue_goes_through_the_whole_workflow_in_the_ui(live_server, browser, city, units, tmp_path):
    page = browser.new_page()
    # 1. A firm, not signed in, submits a complaint on the public page.
    page.goto(f"{live_server.url}/public/mailbox/")
    page.select_option("#id_region", label="东城区")
    page.fill(
        "#id_summary",
        "我公司在东城区开办超市，市场监管所执法人员检查时要求我们缴纳五千元检测费，没有出具任何收费依据和票据。",
    )
    page.fill("#id_enterprise_name", "东城区某某超市")
    evidence = tmp_path / "收费照片.png"
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    page.set_input_files("#id_attachments", str(evidence))
    _submit(page, "mailbox-form")
    code = page.inner_text("#receipt-code")
    clue = Clue.objects.get(receipt_code=code)
    assert clue.attachments.count() == 1

    # 2. The task force signs in, finds the clue and triages it to the county bureau.
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "zhuanban")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(f"{live_server.url}/clues/")
    page.click(f"#clue-table a[href='/clues/{clue.pk}/']")
    page.wait_for_selector("#triage-suggestion")
    assert "收取" in page.inner_text("#clue-summary") or "检测费" in page.inner_text("#clue-summary")
    page.select_option("#form-triage #id_lead_unit", label="东城区市场监督管理局")
    _submit(page, "form-triage")
    _submit(page, "form-accept")
    assert page.inner_text("#clue-status") == "研判中"

    # 3. Assessment: confirmed as 乱收费 with the cause analysed.
    page.select_option("#form-assess #id_verdict", value="confirmed")
    page.select_option("#form-assess #id_category", value="P1")
    page.select_option("#form-assess #id_subtype", value="P1a")
    page.fill("#form-assess #id_opinion", "经核查，收取检测费无法定依据，属于乱收费。")
    page.fill("#form-assess #id_cause_analysis", "收费目录未公示，所内审核把关不严。")
    _submit(page, "form-assess")
    assert page.inner_text("#clue-status") == "已认定"

    # 4. Rectification: an immediate item, evidence, result with the refund.
    with page.expect_navigation():
        page.click("#open-rectification")
    page.select_option("#id_unit", label="东城区市场监督管理局")
    page.fill("#id_responsible_person", "王所长")
    page.fill("#id_measures", "立即退还检测费并公示收费目录。")
    page.select_option("#id_mode", value="immediate")
    _submit(page, "rectification-form")
    receipt = tmp_path / "退款凭证.pdf"
    receipt.write_bytes(b"%PDF-1.4\n%test\n")
    page.set_input_files("#form-evidence #id_evidence_files", str(receipt))
    _submit(page, "form-evidence")
    assert "退款凭证.pdf" in page.inner_text("#evidence-list")
    page.fill("#form-complete #id_result", "已全额退还五千元。")
    page.fill("#form-complete #id_refund_amount", "5000")
    page.fill("#form-complete #id_refund_count", "1")
    _submit(page, "form-complete")
    assert page.inner_text("#clue-status") == "已整改"

    # 5. Closed; the firm sees the final stage with its receipt code, and nothing else.
    _submit(page, "form-close")
    assert page.inner_text("#clue-status") == "已办结"
    assert "办结" in page.inner_text("#history")
    clue.refresh_from_db()
    assert clue.status == ClueStatus.CLOSED
    assert Rectification.objects.get(clue=clue).refund_amount == 5000
    public = browser.new_page()
    public.goto(f"{live_server.url}/public/mailbox/status/?code={code}")
    assert public.inner_text("#public-stage") == "已办结"
    assert "东城区某某超市" not in public.content()
