"""The index follows the cases: index_case / remove_case after commit, rebuild from the database."""

from __future__ import annotations

from jiandu.audit.models import AuditEntry
from jiandu.engines.similar import SearchQuery
from jiandu.library import services
from jiandu.library.tests.factories import DecidedCaseFactory, TypicalCaseFactory


def _keys(text: str = "") -> set[str]:
    return {h.key for h in services.index_store().search(SearchQuery(text=text, limit=100)).hits}


def test_decided_case_is_indexed_after_commit(city, django_capture_on_commit_callbacks):
    case = DecidedCaseFactory(region=city.east, facts="当事人在仓库存放过期奶粉20罐")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.index_case(case)
    assert len(callbacks) == 1
    assert _keys("奶粉") == {f"case:{case.pk}"}


def test_draft_is_not_indexed_and_leaves_when_reopened(city, django_capture_on_commit_callbacks):
    case = DecidedCaseFactory(region=city.east)
    with django_capture_on_commit_callbacks(execute=True):
        services.index_case(case)
        case.status = "draft"
        services.index_case(case)
    assert _keys() == set()


def test_remove_case(city, django_capture_on_commit_callbacks):
    cases = DecidedCaseFactory.create_batch(2, region=city.east)
    services.rebuild_index()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_case(cases[0].pk)
    assert _keys() == {f"case:{cases[1].pk}"}


def test_index_failure_does_not_break_the_workflow(
    city, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(docs):
        raise OSError("disk full")

    monkeypatch.setattr(services.index_store(), "upsert", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.index_case(DecidedCaseFactory(region=city.east))
    assert "jiandu index rebuild" in caplog.text


def test_rebuild_takes_decided_cases_and_typical_cases(city):
    DecidedCaseFactory.create_batch(3, region=city.east)
    DecidedCaseFactory(region=city.west, status="draft", decision_number=None, decided_on=None)
    TypicalCaseFactory(region=city.city)
    report = services.rebuild_index(actor=city.task_force)
    assert report.documents == 4
    assert services.index_store().count() == 4
    assert "4 件" in str(report)
    assert AuditEntry.objects.filter(target_type="library.index", action="import").count() == 1


def test_typical_case_changes_reach_the_index(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        typical = services.create_typical_case(
            actor=city.task_force,
            title="学校周边小卖部销售过期食品案",
            region=city.city,
            domain=TypicalCaseFactory.build().domain,
            violation="经营超过保质期的食品",
            facts="小卖部销售过期辣条",
            decided_on=TypicalCaseFactory.build().decided_on,
            fine="2000",
        )
    assert _keys("辣条") == {f"typical:{typical.pk}"}
    with django_capture_on_commit_callbacks(execute=True):
        services.update_typical_case(actor=city.task_force, typical=typical, facts="小卖部销售过期面包")
    assert _keys("辣条") == set() and _keys("面包") == {f"typical:{typical.pk}"}
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_typical_case(actor=city.task_force, typical=typical)
    assert _keys() == set()
    entries = AuditEntry.objects.filter(target_type="library.typicalcase").order_by("seq")
    actions = list(entries.values_list("action", flat=True))
    assert actions == ["create", "update", "delete"]
