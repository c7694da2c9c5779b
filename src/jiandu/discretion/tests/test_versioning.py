"""Legal reviewers edit a draft and publish a dated version; published versions never change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from jiandu.audit.models import AuditEntry
from jiandu.discretion import selectors, services
from jiandu.discretion.catalogue import CatalogueError
from jiandu.discretion.models import VersionStatus

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC))
def test_draft_edit_publish_makes_a_new_current_version(reviewer) -> None:
    first = services.seed_catalogue(actor="测试")
    draft = services.create_draft(actor=reviewer, note="调整明码标价事项")
    assert draft.status == VersionStatus.DRAFT
    assert draft.items.count() == first.items.count()
    services.update_item(
        actor=reviewer,
        version=draft,
        code="PRL-42",
        changes={"fine": {"kind": "range", "min": 0, "max": 4000}, "note": "测试修订"},
    )
    # the draft is not current until it is published
    assert selectors.get_item("PRL-42").fine["max"] == 5000
    published = services.publish_version(actor=reviewer, version=draft)
    assert published.version == "catalogue-2026-12-01"
    assert published.published_on == dt.date(2026, 12, 1)
    item = selectors.get_item("PRL-42")
    assert item.fine["max"] == 4000 and item.catalogue_version == "catalogue-2026-12-01"
    # the old version keeps its numbers
    assert first.items.get(code="PRL-42").fine["max"] == 5000
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", "target_type"))
    assert ("update", "discretion.catalogueitem") in actions
    assert ("transition", "discretion.catalogueversion") in actions


def test_published_versions_are_immutable(reviewer) -> None:
    version = services.seed_catalogue(actor="测试")
    with pytest.raises(CatalogueError, match="已发布"):
        services.update_item(actor=reviewer, version=version, code="PRL-42", changes={"name": "改名"})
    with pytest.raises(CatalogueError, match="已发布"):
        services.publish_version(actor=reviewer, version=version)
    assert version.items.get(code="PRL-42").name != "改名"


def test_second_publish_on_a_day_gets_a_numbered_version(reviewer) -> None:
    # the seed is published before the two drafts in time too, whatever day the suite runs on
    with time_machine.travel(dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC)):
        services.seed_catalogue(actor="测试")
    with time_machine.travel(dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)):
        one = services.publish_version(actor=reviewer, version=services.create_draft(actor=reviewer))
        two = services.publish_version(actor=reviewer, version=services.create_draft(actor=reviewer))
    assert (one.version, two.version) == ("catalogue-2026-12-02", "catalogue-2026-12-02-2")
    assert selectors.current_version_id() == two.version


def test_only_one_draft_at_a_time(reviewer) -> None:
    services.create_draft(actor=reviewer)
    with pytest.raises(CatalogueError, match="草稿"):
        services.create_draft(actor=reviewer)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fine": {"kind": "range", "min": 5000, "max": 100}}, "最低额大于最高额"),
        ({"fine": {"kind": "multiple", "base_of": "货值金额", "min_times": -1, "max_times": 2}}, "不小于零"),
        ({"penalty_kinds": ["flogging"]}, "flogging"),
        ({"name": "  "}, "违法行为"),
        ({"domain": "广告"}, "不能修改"),
    ],
)
def test_invalid_edits_are_refused(reviewer, changes, message) -> None:
    draft = services.create_draft(actor=reviewer)
    with pytest.raises(CatalogueError, match=message):
        services.update_item(actor=reviewer, version=draft, code="PRL-42", changes=changes)


def test_exemption_edits_check_the_item_codes(reviewer) -> None:
    draft = services.create_draft(actor=reviewer)
    entry = services.update_exemption(
        actor=reviewer, version=draft, code="SW-08", changes={"verified": True, "conditions": ["初次违法"]}
    )
    assert entry.verified and entry.conditions == ["初次违法"]
    with pytest.raises(CatalogueError, match="NO-SUCH"):
        services.update_exemption(
            actor=reviewer, version=draft, code="SW-08", changes={"item_codes": ["NO-SUCH"]}
        )


def test_only_legal_reviewers_edit(city, reviewer) -> None:
    with pytest.raises(PermissionDenied):
        services.create_draft(actor=city.task_force)
    draft = services.create_draft(actor=reviewer)
    for persona in (city.task_force, city.officer, city.outsider):
        with pytest.raises(PermissionDenied):
            services.update_item(actor=persona, version=draft, code="PRL-42", changes={"note": "x"})
        with pytest.raises(PermissionDenied):
            services.publish_version(actor=persona, version=draft)
