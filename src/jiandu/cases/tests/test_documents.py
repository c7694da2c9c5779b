"""The documents of a case, reopened with python-docx: official layout and the content the law asks for."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from decimal import Decimal

import docx
import pytest
import time_machine
from docx.shared import Pt

from jiandu.cases import services
from jiandu.cases.tests.factories import draft_values
from jiandu.documents.official import BODY_FONTS, TITLE_FONTS, full_width
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
NOTICE_ON = dt.date(2026, 11, 2)
CJK = "[\u4e00-\u9fff]"
ASCII_BETWEEN_CJK = re.compile(rf"{CJK}[,:;()]|[,:;()]{CJK}")


def _decided(city, enterprise, *, argument: str = "", **overrides):
    head = UserFactory(role=Role.COUNTY_BUREAU, region=city.east)
    with time_machine.travel(NOW, tick=False):
        values = draft_values(
            representative="王伟", violated_provision="《明码标价和禁止价格欺诈规定》第十九条"
        )
        values.update(overrides)
        values.setdefault("domain", Domain.objects.get(code="price"))
        case = services.create_case(actor=city.officer, enterprise=enterprise, **values)
        case = services.run_checks(actor=city.officer, case=case)
        if case.outcome != "no_penalty":
            case = services.notify_case(
                actor=city.officer, case=case, issued_on=NOTICE_ON, delivered_on=NOTICE_ON
            )
            if argument:
                item = services.record_representation(actor=city.officer, case=case, argument=argument)
                services.review_representation(
                    actor=city.officer, representation=item, adopted=False, review="当事人未提供证据证明"
                )
        if case.legal_review_required:
            case = services.submit_for_review(actor=city.officer, case=case)
            reviewer = UserFactory(role=Role.LEGAL_REVIEWER, region=city.city)
            case = services.pass_review(actor=reviewer, case=case, opinion="同意")
        return services.decide_case(
            actor=head, case=case, deviation_reason="本案情节特殊", education_note="讲解了相关规定。"
        )


def _open(case, kind):
    return docx.Document(io.BytesIO(bytes(case.documents.get(kind=kind).content)))


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_penalty_decision_layout_and_content(city, enterprises):
    case = _decided(city, enterprises[0][0], argument="促销价格系总部统一制定")
    document = _open(case, "penalty_decision")
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (37, 35)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (28, 26)
    title = document.paragraphs[1]
    assert title.text == "行政处罚决定书"
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert run._element.rPr.rFonts.get(W + "eastAsia") == TITLE_FONTS[0]
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(W + "eastAsia") == BODY_FONTS[0]
    grid = section._sectPr.find(W + "docGrid")
    # 22 lines in a 225 mm type area; a line grid only (a character grid breaks lines in LibreOffice)
    assert grid.get(W + "linePitch") == "579" and grid.get(W + "type") == "lines"
    assert grid.get(W + "charSpace") is None
    text = _text(document)
    assert case.decision_number in text
    assert case.enterprise.name in text and case.enterprise.uscc in text
    assert (
        "法定代表人（负责人）：王伟".replace("(", "\uff08").replace(")", "\uff09").replace(":", "\uff1a")
        in text
    )
    assert "促销海报照片" in text  # evidence
    assert full_width("违反了《明码标价和禁止价格欺诈规定》第十九条的规定") in text  # the violated provision
    assert "《价格违法行为行政处罚规定》第七条" in text  # the penalty basis, article level
    assert "促销价格系总部统一制定" in text and "不予采纳" in text  # the statement and its 复核
    assert f"{NOTICE_ON.year}年{NOTICE_ON.month}月{NOTICE_ON.day}日" in text  # the notice date
    assert "贰拾万元整" in text  # fine in words
    assert "十五日内" in text and "百分之三加处罚款" in text  # payment and late fee
    assert "六十日内" in text and "六个月内" in text  # remedies
    assert "本案情节特殊" in text  # reason given for deviating
    assert "公示期为3年" in text
    assert case.discretion_ruleset not in text and "百分位" not in text  # no internal codes
    assert not re.search(r"[A-Za-z_]{3,}", text), re.findall(r"[A-Za-z_]{3,}", text)
    assert not ASCII_BETWEEN_CJK.search(text), ASCII_BETWEEN_CJK.findall(text)


def test_the_issue_case_first_violation_small_value_states_one_outcome(city, enterprises):
    """货值 ¥96, 首违, 改正, 危害轻微, 罚款 ¥50,000: the law's floor, and no self-contradiction."""
    case = _decided(
        city,
        enterprises[0][1],
        item_code="FSL-124-1-5",
        legal_basis="",
        domain=Domain.objects.get(code="food"),
        violation="",
        fine=Decimal("50000"),
        fine_base=Decimal("96"),
        penalty_spec=None,
        penalty_kinds=["fine", "confiscate_property"],
        confiscated_property="超过保质期的乳制品6盒",
        discretion_facts={"first_violation": True, "corrected_in_time": True, "harm": "minor"},
    )
    assert case.discretion["outcome"] == "may_waive"
    law = case.discretion["statutory"]
    assert (Decimal(law["min"]), Decimal(law["max"])) == (Decimal(50000), Decimal(100000))
    text = _text(_open(case, "penalty_decision"))
    assert "50,000" in text and "100,000" in text and "不足一万元" in text
    assert "960" not in text and "1,248" not in text  # the old wrong range (10–13 × ¥96)
    assert "没收非法财物\uff1a超过保质期的乳制品6盒" in text
    assert "本局综合考虑后认为" in text  # why a fine although it could be waived
    # the engine's outcome line is not printed (its reasons may say the fine could be waived; the
    # deviation paragraph above says why it is not)
    assert "裁量结论" not in text
    assert "fine_range" not in text


def test_notice_states_intended_penalty_rights_and_deadline(city, enterprises):
    case = _decided(city, enterprises[0][0])
    text = _text(_open(case, "notice"))
    assert "行政处罚告知书" in text and "贰拾万元整" in text
    assert "陈述、申辩和要求听证的权利" in text  # ¥200,000 to an organisation is a large fine
    assert "2026年11月9日前" in text  # five working days from delivery on 2 November
    assert not ASCII_BETWEEN_CJK.search(text)


def test_issued_documents_are_fixed_in_the_audit_trail(city, enterprises):
    from jiandu.audit.models import AuditEntry

    case = _decided(city, enterprises[0][0])
    entry = AuditEntry.objects.filter(target_id=str(case.pk), note="decide").get()
    for document in case.documents.exclude(kind="notice"):
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
    assert "规则版本" not in text


def test_small_fine_notice_says_three_months_no_repair(city, enterprises):
    case = _decided(city, enterprises[0][1], fine=2000, penalty_spec={"kind": "range", "min": 0, "max": 5000})
    text = _text(_open(case, "credit_repair_notice"))
    assert "公示期为3个月" in text
    assert "不适用提前停止公示" in text


def test_no_penalty_documents_cite_the_grounds_articles(city, enterprises):
    case = _decided(
        city,
        enterprises[0][2],
        outcome="no_penalty",
        penalty_kinds=[],
        fine=0,
        no_penalty_ground="minor_corrected",
        discretion_facts={"minor": True, "corrected_in_time": True, "harm": "none"},
    )
    decision = _text(_open(case, "no_penalty_decision"))
    assert "不予行政处罚决定书" in decision
    assert (
        "依据《中华人民共和国行政处罚法》第三十三条的规定，本局决定对当事人不予行政处罚".replace(
            ",", "\uff0c"
        )
        in decision
    )
    assert "违法行为轻微并及时改正" in decision
    assert "行政复议" in decision
    assert not re.search(r"[A-Za-z_]{3,}", decision)
    record = _text(_open(case, "education_record"))
    assert "教育记录" in record and "讲解了相关规定。" in record
