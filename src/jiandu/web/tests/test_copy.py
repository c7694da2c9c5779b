"""Chinese copy: no ASCII , : ; ( ) between Chinese characters on the main pages or in generated
documents, no developer residue, people's names (not login names) in histories, one term per concept."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.clues import services as clue_services
from jiandu.clues.models import Channel
from jiandu.clues.tests.conftest import units  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

CJK = r"[\u3400-\u9fff]"
ASCII_BETWEEN = re.compile(rf"(?<={CJK})[,:;()]|[,:;()](?={CJK})")
RESIDUE = [
    re.compile(r"\[unverified\]"), re.compile(r"原文未核对"), re.compile(r"\bfine_range\b"),
    re.compile(r"decided_from="), re.compile(r"/src/jiandu/"), re.compile(r"\{'[a-z_]+': "),
    re.compile(r"Traceback"),
]  # fmt: skip
PAGES = [
    "/", "/todo/", "/notifications/", "/clues/", "/rectifications/", "/cases/", "/enterprises/", "/reports/",
    "/follow-ups/", "/reviews/", "/inspections/", "/discretion/", "/audit/", "/workdays/",
]  # fmt: skip
PUBLIC = ["/login/", "/public/mailbox/", "/public/mailbox/status/?code=AAAAA-BBBBB"]


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    text = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(text))  # &quot; is a quotation mark, not a semicolon


def problems(text: str) -> list[str]:
    found = [text[max(0, m.start() - 8) : m.end() + 8] for m in ASCII_BETWEEN.finditer(text)]
    found += [p.pattern for p in RESIDUE if p.search(text)]
    return found


def test_the_checks_catch_what_they_look_for():
    # raw strings: scripts/fix_punctuation.py leaves them as they are
    assert problems(r"统计期:2026") and problems(r"县(市、区)") and problems(r"{'status': 'x'}")
    assert not problems(r"统计期：2026，县（市、区）；10:30 a, b")


@pytest.fixture
def clue(city, units):  # noqa: F811
    clue = clue_services.file_clue(
        actor=city.task_force, channel=Channel.VISIT, summary="检查人员要求企业缴纳检测费", region=city.east
    )
    clue_services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.east_bureau)
    return clue


def test_main_pages_read_as_chinese(client, city, clue):
    found = {}
    for path in PUBLIC:
        found[path] = problems(visible_text(client.get(path).content.decode()))
    client.force_login(city.task_force)
    for path in [*PAGES, reverse("clue_detail", args=[clue.pk])]:
        response = client.get(path)
        assert response.status_code == 200, path
        found[path] = problems(visible_text(response.content.decode()))
    assert {path: p for path, p in found.items() if p} == {}


def test_histories_name_people_not_logins(client, city, clue):
    client.force_login(city.task_force)
    page = visible_text(client.get(reverse("clue_detail", args=[clue.pk])).content.decode())
    history = page.split("办理记录", 1)[1]
    assert city.task_force.full_name in history and city.task_force.username not in history


def test_generated_workbooks_read_as_chinese(client, city, clue):
    client.force_login(city.task_force)
    for name in ["problem_list", "rectification_list"]:
        data = client.get(reverse(name), {"format": "xlsx"}).content
        sheet = load_workbook(io.BytesIO(data)).active
        texts = [str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert problems(" ".join([*texts, sheet.oddFooter.left.text or ""])) == [], name


def test_the_glossary_names_the_terms_the_navigation_uses():
    glossary = (Path(__file__).resolve().parents[4] / "docs" / "glossary.md").read_text(encoding="utf-8")
    for term in ["我的待办", "通知", "对外答复", "督办", "重点县区", "数据截至"]:
        assert term in glossary, term
