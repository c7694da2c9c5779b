"""The decision documents, reopened with python-docx: official layout and the reasoning they must carry."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import docx
import pytest
import time_machine
from docx.shared import Pt

from jiandu.cases import services
from jiandu.documents.official import BODY_FONTS, TITLE_FONTS
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)


def _decided(city, enterprise, **overrides):
    from jiandu.cases.tests.factories import draft_values

    head = UserFactory(role=Role.COUNTY_BUREAU, region=city.east)
    with time_machine.travel(NOW, tick=False):
        case = services.create_case(
            actor=city.officer,
            enterprise=enterprise,
            domain=Domain.objects.get(code="price"),
            **draft_values(**overrides),
        )
        case = services.run_checks(actor=city.officer, case=case)
        if case.legal_review_required:
            case = services.submit_for_review(actor=city.officer, case=case)
            reviewer = UserFactory(role=Role.LEGAL_REVIEWER, region=city.city)
            case = services.review_case(actor=reviewer, case=case, passed=True, opinion="同意")
        return services.decide_case(
            actor=head, case=case, deviation_reason="本案情节特殊", education_note="讲解了相关规定。"
        )


def _open(case, kind):
    return docx.Document(io.BytesIO(bytes(case.documents.get(kind=kind).content)))


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_penalty_decision_layout_and_content(city, enterprises):
    case = _decided(city, enterprises[0][0])
    document = _open(case, "penalty_decision")
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (37, 35)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (28, 26)
    title = document.paragraphs[1]
    assert title.text == "行政处罚决定书"
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert (
        run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == TITLE_FONTS[0]
    )
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert (
        normal.element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == BODY_FONTS[0]
    )
    grid = section._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid")
    # 22 lines of 28 characters in a 225 mm × 156 mm type area
    assert grid.get(W + "linePitch") == "579"
    assert -900 < int(grid.get(W + "charSpace")) < -800
    text = _text(document)
    assert case.decision_number in text
    assert case.enterprise.name in text and case.enterprise.uscc in text
    assert "促销海报照片" in text  # evidence
    assert case.discretion_ruleset in text  # rule version
    for reason in case.discretion["reasons"]:
        assert reason in text
    assert "贰拾万元整" in text  # fine in words
    assert "六十日内" in text and "六个月内" in text  # remedies
    assert "本案情节特殊" in text  # reason given for deviating
    assert "公示期为3年" in text


def test_issued_documents_are_fixed_in_the_audit_trail(city, enterprises):
    from jiandu.audit.models import AuditEntry

    case = _decided(city, enterprises[0][0])
    entry = AuditEntry.objects.filter(target_id=str(case.pk), note="decide").get()
    for document in case.documents.all():
        assert entry.after["documents"][document.kind] == document.sha256
        assert hashlib.sha256(bytes(document.content)).hexdigest() == document.sha256


def test_credit_repair_notice_states_period_and_conditions(city, enterprises):
    case = _decided(city, enterprises[0][0])
    text = _text(_open(case, "credit_repair_notice"))
    assert "行政处罚信息信用修复告知书" in text
    assert "公示期为3年" in text
    assert "满6个月" in text
    assert "未在经营异常名录和严重违法失信名单中" in text
    assert case.decision_number in text


def test_small_fine_notice_says_three_months_no_repair(city, enterprises):
    case = _decided(city, enterprises[0][1], fine=2000, penalty_spec={"kind": "range", "min": 0, "max": 5000})
    text = _text(_open(case, "credit_repair_notice"))
    assert "公示期为3个月" in text
    assert "不适用提前停止公示" in text


def test_no_penalty_documents(city, enterprises):
    case = _decided(
        city,
        enterprises[0][2],
        outcome="no_penalty",
        penalty_kinds=[],
        fine=0,
        discretion_facts={"minor": True, "corrected_in_time": True, "harm": "none"},
    )
    decision = _text(_open(case, "no_penalty_decision"))
    assert "不予行政处罚决定书" in decision
    assert "第三十三条" in decision
    assert "行政复议" in decision
    record = _text(_open(case, "education_record"))
    assert "教育记录" in record and "讲解了相关规定。" in record
