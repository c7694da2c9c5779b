"""Any screen: at 390 px no main page scrolls sideways (the menu folds behind a button); axe-core finds
no serious or critical violation on the main pages; the public mailbox works with the keyboard alone;
the to-do list and the bell show in the browser.

axe-core comes from the npm registry at test time (`scripts/vendor-axe` puts its axe.min.js in
var/test-tools/); the product never serves it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from jiandu.cases.models import PenaltyCase
from jiandu.clues import services as clue_services
from jiandu.clues.models import Channel
from jiandu.clues.tests.conftest import units  # noqa: F401 (fixture)
from jiandu.org.models import Domain
from jiandu.org.tests.factories import PASSWORD
from jiandu.web.tests.test_browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[4]
AXE = ROOT / "var" / "test-tools" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
        reason="chromium 未安装（make test 会自动安装）",
    ),
]

STAFF_PAGES = [
    "/", "/todo/", "/notifications/", "/clues/", "/rectifications/", "/cases/", "/enterprises/",
    "/reports/", "/follow-ups/", "/reviews/", "/inspections/", "/prevention/warnings/", "/service/",
    "/discretion/", "/audit/", "/workdays/",
]  # fmt: skip
PUBLIC_PAGES = [
    "/login/",
    "/public/mailbox/",
    "/public/mailbox/status/?code=AAAAA-BBBBB",
    "/public/inspections/",
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
def data(city, enterprises, units):  # noqa: F811
    east, _ = enterprises
    month = timezone.localdate().replace(day=1) - dt.timedelta(days=3)
    PenaltyCase.objects.create(
        decision_number="东市监处罚〔2026〕1号", enterprise=east[0], region=east[0].region,
        domain=Domain.objects.get(code="price"), violation="不明码标价",
        filed_on=month - dt.timedelta(days=10), decided_on=month, fine=Decimal("30000"),
    )  # fmt: skip
    clue = clue_services.file_clue(
        actor=city.task_force,
        channel=Channel.VISIT,
        summary="检查人员要求企业缴纳检测费，收费无依据",
        region=city.east,
    )
    clue_services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.east_bureau)
    return clue


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")


def _width(page) -> int:
    return int(page.evaluate("document.scrollingElement.scrollWidth"))


def test_no_main_page_scrolls_sideways_at_390_px(live_server, browser, data, units):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    widths = {}
    for path in PUBLIC_PAGES:
        page.goto(f"{live_server.url}{path}")
        widths[path] = _width(page)
    _login(page, live_server.url, "zhuanban")
    # the menu is folded behind its button and opens on a tap
    assert not page.locator("#main-nav").is_visible()
    page.click(".menu-toggle")
    assert page.locator("#main-nav").is_visible()
    assert page.get_attribute(".menu-toggle", "aria-expanded") == "true"
    for path in STAFF_PAGES:
        page.goto(f"{live_server.url}{path}")
        widths[path] = _width(page)
    page.goto(f"{live_server.url}/clues/{data.pk}/")
    widths["clue detail"] = _width(page)
    context.close()
    assert {path: w for path, w in widths.items() if w > 390} == {}


def test_axe_finds_no_serious_or_critical_violation(live_server, browser, data):
    if not AXE.exists():
        subprocess.run([str(ROOT / "scripts" / "vendor-axe")], check=True, timeout=300)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    page = context.new_page()
    found: dict[str, list[str]] = {}

    def check(label: str) -> None:
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
        )
        if violations:
            found[label] = violations

    for path in PUBLIC_PAGES:
        page.goto(f"{live_server.url}{path}")
        check(path)
    _login(page, live_server.url, "zhuanban")
    for path in [*STAFF_PAGES, f"/clues/{data.pk}/"]:
        page.goto(f"{live_server.url}{path}")
        check(path)
    context.close()
    assert found == {}


def test_the_public_mailbox_works_with_the_keyboard_alone(live_server, browser, city):
    page = browser.new_page()
    page.goto(f"{live_server.url}/public/mailbox/")
    reached: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.name || document.activeElement.id || ''")
        reached.append(name)
        if name == "summary":
            page.keyboard.type("执法人员检查时要求企业购买指定厂家的灭火器，否则不予通过检查。")
        elif name == "region":
            page.keyboard.press("ArrowDown")
        # the focused element is visibly outlined
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none" or name in ("", "csrfmiddlewaretoken"), name
        if page.evaluate("document.activeElement.type") == "submit":
            break
    assert "region" in reached and "summary" in reached
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "查询码" in page.inner_text("main")


def test_the_to_do_list_and_the_bell_in_the_browser(live_server, browser, data, units):  # noqa: F811
    page = browser.new_page()
    _login(page, live_server.url, units.east_chief.username)
    assert page.inner_text("#bell .badge") == "1"
    todo = page.inner_text("#todo")
    assert "研判" in todo and f"线索第{data.pk}号" in todo and "个工作日" in todo
    page.click("#bell")
    page.click(".notification-list button")
    assert f"/clues/{data.pk}/" in page.url
    assert page.locator("#bell .badge").count() == 0
