"""A real browser scores a case with a deduction, turns it into a clue and completes a mandatory visit."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from jiandu.clues.models import Clue
from jiandu.org.models import Role
from jiandu.org.tests.factories import PASSWORD, UserFactory
from jiandu.reviews.models import FollowUp, ReviewStatus
from jiandu.reviews.services import create_campaign, ensure_follow_up_task

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


def test_score_deduction_to_clue_and_mandatory_visit(live_server, browser, city, files):
    case = files.east_cases[5]  # went to reconsideration: a 双百回访 is mandatory
    task = ensure_follow_up_task(case=case, actor=None)
    assert task is not None
    campaign = create_campaign(actor=city.task_force, name="东城区重点评查", method="key", region=city.east,
                               criteria={"overturned": True}, reviewers=[city.task_force])  # fmt: skip
    review = campaign.reviews.get()

    page = browser.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", city.task_force.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    # score item by item: a deduction with a comment
    page.goto(f"{live_server.url}/reviews/files/{review.pk}/")
    assert case.decision_number in page.inner_text("#case-summary")
    page.fill("#d_D01", "5")
    page.fill("#c_D01", "按最高限额处罚，未说明理由")
    page.click("#save-score")
    page.wait_for_selector("#review-score")
    assert page.inner_text("#review-score") == "95.00"
    assert page.inner_text("#review-grade") == "优秀"

    # one action turns the deduction into a pre-filled clue
    page.click("#findings button[data-item=D01]")
    page.wait_for_selector("#findings .clue-done")
    clue = Clue.objects.get(channel="case_review")
    assert "按最高限额处罚，未说明理由" in clue.summary and case.decision_number in clue.summary

    # the result cannot be confirmed while the mandatory visit is missing
    page.click("#confirm-review")
    page.wait_for_selector(".messages .error")
    assert "双百回访尚未完成" in page.inner_text(".messages")

    # complete the mandatory visit
    page.click(f"a[href='/follow-ups/{task.pk}/']")
    page.wait_for_selector("#visit-form")
    page.fill("input[name=visited_on]", dt.date.today().isoformat())
    page.fill("input[name=visitors]", "韩立磊、杨文静")
    page.select_option("select[name=method]", "on_site")
    page.select_option("select[name=rectification]", "done")
    for code in ("procedure_explained", "rights_told", "conduct_civil"):
        page.check(f"input[name=q_{code}][value=yes]")
    for code in ("improper_demands", "extra_burden"):
        page.check(f"input[name=q_{code}][value=no]")
    page.fill("textarea[name=needs]", "希望指导办理信用修复")
    page.click("#save-visit")
    page.wait_for_selector("#visit-record")
    assert page.inner_text("#follow-up-status") == "已回访"
    assert FollowUp.objects.get(pk=task.pk).status == "done"

    # the reviewer cannot lock their own scoring alone
    page.goto(f"{live_server.url}/reviews/files/{review.pk}/")
    page.click("#confirm-review")
    page.wait_for_selector(".messages .error")
    assert "本人的评分" in page.inner_text(".messages")

    # a second person confirms and locks it
    second = UserFactory(username="zhuanban_2", role=Role.TASK_FORCE, region=city.city)
    page = browser.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", second.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/reviews/files/{review.pk}/")
    page.click("#confirm-review")
    page.wait_for_selector(".messages .success")
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONFIRMED
    assert page.locator("#save-score").count() == 0
