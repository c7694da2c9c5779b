"""Every document of the procedure, rendered to PDF by LibreOffice: page count and line length.

A character grid (w:docGrid linesAndChars) made LibreOffice break body lines after about 14
characters; the documents now use a line grid only and a character spacing that puts 28 characters of
3号 on a body line, as GB/T 9704 asks.
Skipped when LibreOffice (`soffice`) is not installed, failed under CI=true.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import statistics
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine

from jiandu.cases import services
from jiandu.cases.models import PenaltyCase
from jiandu.cases.tests.factories import draft_values
from jiandu.documents.official import CHARS_PER_LINE
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None and os.environ.get("CI") != "true":
    pytest.skip("LibreOffice is not installed", allow_module_level=True)

NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)


def _documents(city, enterprises) -> dict[str, bytes]:
    head = UserFactory(role=Role.COUNTY_BUREAU, region=city.east)
    reviewer = UserFactory(role=Role.LEGAL_REVIEWER, region=city.city)
    officer = city.officer
    with time_machine.travel(NOW, tick=False):
        case = services.create_case(
            actor=officer,
            enterprise=enterprises[0][0],
            domain=Domain.objects.get(code="price"),
            **draft_values(
                representative="王伟", violated_provision="《明码标价和禁止价格欺诈规定》第十九条"
            ),
        )
        case = services.run_checks(actor=officer, case=case)
        case = services.notify_case(
            actor=officer, case=case, issued_on=dt.date(2026, 11, 2), delivered_on=dt.date(2026, 11, 2)
        )
        item = services.record_representation(actor=officer, case=case, argument="促销价格系总部统一制定。")
        services.review_representation(actor=officer, representation=item, adopted=False, review="未提供证据")
        case = services.request_hearing(actor=officer, case=case, requested_on=dt.date(2026, 11, 4))
        services.schedule_hearing(
            actor=officer, case=case, held_on=dt.date(2026, 11, 30), place="本局第一听证室", host="王五"
        )
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        services.report_hearing(actor=officer, case=case, record_text="当事人申辩", report="维持拟处罚意见。")
        case = services.submit_for_review(actor=officer, case=PenaltyCase.objects.get(pk=case.pk))
        case = services.pass_review(actor=reviewer, case=case, opinion="同意")
        case = services.discuss_case(actor=head, case=case, discussed_on=None, note="局务会讨论同意")
        case = services.decide_case(actor=head, case=case, deviation_reason="情节说明")
        case = services.deliver_case(actor=officer, case=case)
        case = services.publish_case(actor=officer, case=case)
        none = services.create_case(
            actor=officer,
            enterprise=enterprises[0][1],
            domain=Domain.objects.get(code="price"),
            **draft_values(
                outcome="no_penalty", penalty_kinds=[], fine=Decimal(0), no_penalty_ground="minor_corrected",
                discretion_facts={"minor": True, "corrected_in_time": True, "harm": "none"},
            ),
        )  # fmt: skip
        none = services.run_checks(actor=officer, case=none)
        none = services.decide_case(actor=head, case=none, education_note="讲解了明码标价的规定。")
        docs = {d.kind: bytes(d.content) for d in case.documents.all()}
        docs.update({d.kind: bytes(d.content) for d in none.documents.all()})
    with time_machine.travel(dt.datetime(2027, 6, 10, 10, tzinfo=dt.UTC), tick=False):
        services.record_payment(actor=officer, case=case, paid_on=dt.date(2026, 12, 5))
        application = services.apply_for_repair(
            uscc=case.enterprise.uscc,
            decision_number=case.decision_number,
            contact_name="刘敏",
            contact_phone="0371-65550000",
            measures="已整改。",
            declared={"harm_eliminated": True, "not_listed": True},
            commitment=True,
            code=services.repair_code(case),
        )
        application = services.review_repair(
            actor=head, application=application, approve=False, opinion="公示未满六个月。"
        )
        docs["credit_repair_decision"] = services.repair_decision_document(application)
    return docs


def _lines(pdf: bytes) -> tuple[int, list[int]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    lengths = []
    for page in reader.pages:
        for line in (page.extract_text() or "").splitlines():
            text = line.replace(" ", "")
            if len(text) >= 8:
                lengths.append(len(text))
    return len(reader.pages), lengths


def test_each_document_renders_in_libreoffice_with_full_lines(city, enterprises, tmp_path: Path):
    docs = _documents(city, enterprises)
    expected = {
        "notice", "hearing_notice", "penalty_decision", "no_penalty_decision", "credit_repair_notice",
        "delivery_receipt", "credit_repair_decision",
    }  # fmt: skip
    assert expected <= set(docs)
    for kind in expected:
        (tmp_path / f"{kind}.docx").write_bytes(docs[kind])
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *(str(tmp_path / f"{k}.docx") for k in sorted(expected))],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    for kind in sorted(expected):
        pages, lengths = _lines((tmp_path / f"{kind}.pdf").read_bytes())
        assert 1 <= pages <= 4, (kind, pages)
        full = [n for n in lengths if n >= 20]
        # body paragraphs fill their lines: GB/T 9704 7.1 每行28个字 (26 where a paragraph is indented
        # two characters, more where digits are half width), never ~15
        assert max(lengths) >= 28, (kind, lengths)
        if kind == "penalty_decision":  # the long one: most of its full lines hold exactly 28
            assert sum(n == CHARS_PER_LINE for n in full) >= 5, (kind, lengths)
        assert statistics.median(full) >= 24, (kind, lengths)
