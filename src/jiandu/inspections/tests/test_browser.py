"""A real browser drafts, commits, draws, assigns, carries out and publishes a plan, then an
anonymous visitor verifies the draw on the public page and with the verification form."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

from jiandu.inspections.models import InspectionPlan
from jiandu.org.tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"]

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


def test_plan_flow_and_public_verification(live_server, browser, city, setup, tmp_path):
    today = timezone.localdate().isoformat()
    page = browser.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "zhuanban")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/inspections/new/")
    page.fill("#id_title", "浏览器测试抽查计划")
    page.select_option("#id_region", str(city.east.pk))
    page.check(f"input[name=items][value='{setup.item.pk}']")
    page.check(f"input[name=scope_regions][value='{city.east.pk}']")
    page.fill("#id_period_start", today)
    page.fill("#id_period_end", today)
    page.fill("#id_ratio_B", "0.25")
    page.fill("#id_seed_source", "次日福彩3D开奖号码 + 计划编号")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#plan-status")
    assert page.inner_text("#plan-status") == "草稿"

    page.click("#commit-button")
    page.wait_for_selector("#candidates-sha256")
    assert page.inner_text("#plan-status") == "已公示候选名单"
    plan = InspectionPlan.objects.get()
    assert page.inner_text("#candidates-sha256") == plan.candidates_sha256

    page.fill("#id_seed", "731#" + plan.number)
    page.click("#draw-button")
    page.wait_for_selector("#selected")
    page.click("#assign-button")
    page.wait_for_selector("#inspection-table")
    visits = page.locator("#inspection-table a", has_text="登记结果").count()
    assert visits == len(InspectionPlan.objects.get().draw_result["selected"]) > 0
    for index in range(visits):
        page.locator("#inspection-table a", has_text="登记结果").nth(index).click()
        page.select_option("#id_outcome", "no_problem" if index else "rectification")
        page.fill("#id_inspected_on", today)
        page.fill("#id_findings", "" if index else "未公示食品经营许可证")
        page.click("#result-form button[type=submit]")
        page.wait_for_selector("#inspection-table")
    assert "整改期限" in page.inner_text("#inspection-table")
    page.click("#publish-button")
    page.wait_for_selector("text=已在公开页面公示抽查结果")

    visitor = browser.new_context().new_page()  # no session
    visitor.goto(f"{live_server.url}/public/inspections/{plan.number}/")
    assert visitor.inner_text("#seed") == "731#" + plan.number
    assert "未公示食品经营许可证" in visitor.inner_text("#results")
    assert "hashlib.sha256" in visitor.inner_text("#reference-script")
    visitor.click("#verify-stored")
    visitor.wait_for_selector("#verify-outcome")
    assert "核验一致" in visitor.inner_text("#verify-outcome")

    files = {}
    for name in ("candidates.csv", "exclude.txt", "result.json"):
        body = visitor.request.get(f"{live_server.url}/public/inspections/{plan.number}/{name}").body()
        files[name] = tmp_path / name
        files[name].write_bytes(body)
    visitor.goto(f"{live_server.url}/public/inspections/verify/")
    visitor.set_input_files("#id_result_file", str(files["result.json"]))
    visitor.set_input_files("#id_candidates_file", str(files["candidates.csv"]))
    visitor.set_input_files("#id_exclude_file", str(files["exclude.txt"]))
    visitor.fill("#id_ratios", "A=0.03 B=0.25 C=0.3 D=0.7")
    visitor.click("#verify-form button[type=submit]")
    visitor.wait_for_selector("#verify-outcome")
    assert "核验一致" in visitor.inner_text("#verify-outcome")

    visitor.fill("#id_ratios", "A=0.03 B=0.5 C=0.3 D=0.7")
    visitor.set_input_files("#id_result_file", str(files["result.json"]))
    visitor.set_input_files("#id_candidates_file", str(files["candidates.csv"]))
    visitor.set_input_files("#id_exclude_file", str(files["exclude.txt"]))
    visitor.click("#verify-form button[type=submit]")
    visitor.wait_for_selector("#verify-outcome")
    assert "核验不一致" in visitor.inner_text("#verify-outcome")
