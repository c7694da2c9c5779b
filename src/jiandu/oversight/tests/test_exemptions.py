"""尽职免责: the conditions are the rule's own items (checked against the statute text), a confirmed
problem opens a record per officer, the legal unit decides item by item with reasons, the clue page
shows it beside the referral, and a county sees only its own."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jiandu.audit.models import AuditEntry
from jiandu.errors import UserError
from jiandu.org.models import Role
from jiandu.org.tests.factories import UserFactory
from jiandu.oversight import selectors as S
from jiandu.oversight.rules import exemption_rules
from jiandu.oversight.services import exemptions
from jiandu.oversight.tests.helpers import assessed
from jiandu.reference import REFERENCE_DIR

pytestmark = pytest.mark.django_db
LAW = REFERENCE_DIR / "law" / "市场监督管理行政执法责任制规定(2021-05-26).md"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_conditions_are_the_items_of_articles_11_and_12_of_the_rule():
    law = _flat(LAW.read_text(encoding="utf-8"))
    article_11 = law[law.index("第十一条") : law.index("第十二条")]
    items = re.findall(r"（[一二三四五六七八九十]+）", article_11)
    rules = exemption_rules(dt.date(2026, 5, 1))
    from_11 = [c for c in rules.conditions if c.code.startswith("11-")]
    assert len(from_11) == len(items) == 13
    for condition in rules.conditions:
        assert _flat(condition.text) in law, condition.code
        if condition.exception:
            assert _flat(f"但{condition.exception}除外") in law or _flat(f"但{condition.exception}") in law
    assert exemption_rules(dt.date(2021, 7, 15)).version == "2021-07-15"


@pytest.fixture
def legal(city):
    return UserFactory(username="fazhi", role=Role.LEGAL_REVIEWER, region=city.city)


@pytest.fixture
def problem(city):
    return assessed(city.east, "执法人员依据检测报告对企业罚款，后检测报告被撤销", "罚款依据的检测报告有误")


def test_an_exemption_is_decided_item_by_item_with_reasons(city, units, legal, problem):
    item = exemptions.open_review(
        actor=units.east_chief, clue=problem.clue, officer="周某", act="依据有误的检测报告作出罚款"
    )
    with pytest.raises(UserError) as no_item:
        exemptions.decide(actor=legal, item=item, findings={}, decision="exempt", reasons="x")
    assert no_item.value.field == "conditions"
    with pytest.raises(UserError) as excepted:
        exemptions.decide(
            actor=legal,
            item=item,
            decision="exempt",
            reasons="x",
            findings={"11-1": {"met": True, "excepted": True, "evidence": "依据不明确"}},
        )
    assert "除外" in excepted.value.message
    with pytest.raises(UserError) as no_evidence:
        exemptions.decide(
            actor=legal, item=item, decision="exempt", reasons="x", findings={"11-3": {"met": True}}
        )
    assert "第十一条第（三）项" in no_evidence.value.message
    with pytest.raises(UserError) as unknown:
        exemptions.decide(
            actor=legal, item=item, decision="exempt", reasons="x", findings={"99": {"met": True}}
        )
    assert unknown.value.field == "conditions"
    with pytest.raises(PermissionDenied):
        exemptions.decide(actor=units.east_chief, item=item, decision="exempt", reasons="x", findings={})
    exemptions.decide(
        actor=legal,
        item=item,
        decision="exempt",
        reasons="已按规定审查检测报告",
        findings={"11-3": {"met": True, "evidence": "检测机构具备资质，报告经两人审查"}},
    )
    item.refresh_from_db()
    assert item.decision == "exempt" and exemptions.applicable(item) == ["11-3"] and item.decided_by == legal
    entry = AuditEntry.objects.filter(target_type="oversight.dutyexemption").latest("seq")
    assert entry.after["decision"] == "exempt"
    with pytest.raises(UserError):
        exemptions.decide(actor=legal, item=item, decision="not_exempt", reasons="again", findings={})


def test_only_confirmed_problems_open_a_record(city, units):
    rejected = assessed(city.east, "反映罚款过重", "罚款适当", confirmed=False)
    with pytest.raises(UserError) as refused:
        exemptions.open_review(actor=units.east_chief, clue=rejected.clue, officer="吴某", act="罚款")
    assert refused.value.field == "clue"


def test_shown_beside_the_referral_and_scoped(city, units, legal, problem, client):
    item = exemptions.open_review(
        actor=units.east_chief, clue=problem.clue, officer="周某", act="罚款依据有误"
    )
    client.force_login(units.east_chief)
    page = client.get(reverse("clue_detail", args=[problem.clue_id])).content.decode()
    assert "exemption-panel" in page and "周某：待法制机构认定" in page
    client.force_login(legal)
    response = client.post(
        reverse("oversight_exemption_detail", args=[item.pk]),
        {
            "met_11-3": "on",
            "evidence_11-3": "报告经审查",
            "decision": "exempt",
            "reasons": "已履行审查职责",
        },
    )
    assert response.status_code == 302
    client.force_login(city.task_force)
    (row,) = client.get(f"/api/oversight/exemptions?clue={problem.clue_id}").json()
    assert row["decision"] == "exempt" and row["applicable"] == ["11-3"]
    client.force_login(city.outsider)
    assert client.get("/api/oversight/exemptions").json() == []
    assert client.get(reverse("oversight_exemption_detail", args=[item.pk])).status_code == 404
    assert list(S.list_exemptions(user=city.outsider)) == []
