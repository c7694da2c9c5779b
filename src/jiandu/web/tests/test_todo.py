"""我的待办 and notifications: a triaged clue reaches the lead unit's list and bell, 督办 comes first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from jiandu.clues import services as clue_services
from jiandu.clues.models import Channel, Clue
from jiandu.clues.tests.conftest import units  # noqa: F401 (fixture)
from jiandu.org.models import Notification, NotificationKind
from jiandu.org.notifications import email_configured, mark_read, unread_count
from jiandu.rectify import services as rectify_services
from jiandu.web.todo import TodoItem, my_todos, sort_key

pytestmark = pytest.mark.django_db


def _clue(city, summary="来信反映情况"):
    return clue_services.file_clue(
        actor=city.task_force, channel=Channel.VISIT, summary=summary, region=city.east
    )


def test_triage_notifies_the_lead_unit_and_puts_the_clue_on_its_list(city, units):  # noqa: F811
    waiting = Clue.objects.create(
        channel=Channel.VISIT,
        received_at=timezone.now(),
        region=city.east,
        summary="待分拣",
        step_started_on=dt.date.today(),
    )
    # before triage the task force and the county may sort it; a business unit has nothing yet
    assert [t.kind for t in my_todos(user=city.task_force) if f"第{waiting.pk}号" in t.title] == ["分拣"]
    assert [t.kind for t in my_todos(user=units.east_chief) if f"第{waiting.pk}号" in t.title] == ["分拣"]
    assert not [t for t in my_todos(user=units.food_staff) if f"第{waiting.pk}号" in t.title]
    clue = _clue(city)
    Notification.objects.all().delete()
    clue_services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.east_bureau)
    todo = [t for t in my_todos(user=units.east_chief) if f"第{clue.pk}号" in t.title]
    assert [t.kind for t in todo] == ["研判"]
    assert todo[0].due is not None and todo[0].days_left is not None and todo[0].days_left > 0
    # the food unit leads nothing here
    assert not [t for t in my_todos(user=units.food_staff) if f"第{clue.pk}号" in t.title]
    note = Notification.objects.get(user=units.east_chief)
    assert note.kind == NotificationKind.ASSIGNMENT and str(clue.pk) in note.message
    assert unread_count(units.east_chief) == 1 and unread_count(units.food_staff) == 0


def test_overdue_comes_first_then_supervised_then_nearest():
    day = dt.date(2026, 3, 2)
    late = TodoItem("研判", "a", "/", day, -3)
    soon = TodoItem("整改", "b", "/", day, 2)
    pressed = TodoItem("督办", "c", "/", day, 2, supervised=True)
    undated = TodoItem("评查", "d", "/")
    assert sorted([undated, soon, pressed, late], key=sort_key) == [late, pressed, soon, undated]
    assert late.overdue and late.days_late == 3 and not soon.overdue


def test_supervision_notifies_the_responsible_unit_and_is_marked_on_its_list(city, units):  # noqa: F811
    from jiandu.rectify.tests.test_ledger import _open, confirmed_clue

    item = _open(city, units, confirmed_clue(city, units))
    before = Notification.objects.filter(user=units.east_chief).count()
    rectify_services.supervise_rectification(actor=city.task_force, item=item, note="五个工作日内办结")
    note = Notification.objects.filter(user=units.east_chief).order_by("-pk").first()
    assert Notification.objects.filter(user=units.east_chief).count() == before + 1
    assert note.kind == NotificationKind.SUPERVISION and "五个工作日内办结" in note.message
    kinds = {t.kind for t in my_todos(user=units.east_chief) if f"第{item.pk}号" in t.title}
    assert kinds == {"督办"}


def test_e_mail_copy_only_when_configured(city, units, settings):  # noqa: F811
    units.east_chief.email = "dong@example.org"
    units.east_chief.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "localhost"
    assert not email_configured()
    clue_services.triage_clue(actor=city.task_force, clue=_clue(city), lead_unit=units.east_bureau)
    assert len(mail.outbox) == 0 and Notification.objects.filter(user=units.east_chief).exists()
    Notification.objects.all().delete()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clue_services.triage_clue(
        actor=city.task_force, clue=_clue(city, "多头检查"), lead_unit=units.east_bureau
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dong@example.org"]
    assert Notification.objects.filter(user=units.east_chief, emailed=True).count() == 1


def test_bell_counts_and_mark_read_only_ones_own(client, city, units):  # noqa: F811
    clue = _clue(city)
    Notification.objects.all().delete()
    clue_services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.east_bureau)
    note = Notification.objects.get(user=units.east_chief)
    client.force_login(units.east_chief)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="bell"' in page and '<span class="badge">1</span>' in page
    assert 'id="todo"' in page and "研判" in page
    # someone else cannot mark it read
    client.force_login(units.food_staff)
    assert client.post(reverse("notification_read"), {"id": note.pk}).status_code == 404
    client.force_login(units.east_chief)
    response = client.post(reverse("notification_read"), {"id": note.pk})
    assert response.status_code == 302 and response["Location"] == note.url
    assert unread_count(units.east_chief) == 0
    assert mark_read(actor=units.east_chief) == 0
    assert "badge" not in client.get(reverse("dashboard")).content.decode()
