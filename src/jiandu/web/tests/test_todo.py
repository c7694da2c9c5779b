"""我的待办 and notifications: a triaged clue reaches the lead unit's list and bell, 督办 comes first."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from jiandu.cases.models import CaseLead, CaseStatus
from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.clues import services as clue_services
from jiandu.clues.models import Channel, Clue
from jiandu.clues.tests.conftest import units  # noqa: F401 (fixture)
from jiandu.org.models import Notification, NotificationKind, Role
from jiandu.org.notifications import email_configured, mark_read, unread_count
from jiandu.org.tests.factories import EnterpriseFactory, UserFactory
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
    # filing may already route the clue by its suggested triage (and mail the unit); count the
    # notification and mail of the triage itself
    clue = _clue(city, "多头检查")
    mail.outbox.clear()
    Notification.objects.all().delete()
    clue_services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.east_bureau)
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


def test_case_and_lead_tasks_carry_their_legal_deadline_and_sort_by_it(city):
    """Due dates worked out by hand from the statutes (November 2026 has no public holiday):
    - 法制审核: 程序规定第五十五条, ten working days after the file reached the reviewer (not counting that
      day): submitted Monday 2026-11-02 → 3–6, 9–13, 16 November → due 2026-11-16;
    - 作出决定: 行政处罚法第六十条, ninety days from 立案: filed 2026-08-03 → 2026-11-01, a Sunday, so the
      next working day 2026-11-02;
    - 立案审查: 程序规定第十八条, fifteen working days from discovery: 2026-11-02 → 2026-11-23."""
    firm = EnterpriseFactory(region=city.east)
    reviewer = UserFactory(username="fz_east", role=Role.LEGAL_REVIEWER, region=city.east)
    bureau = UserFactory(username="dc_bureau", role=Role.COUNTY_BUREAU, region=city.east)
    in_review = PenaltyCaseFactory(
        enterprise=firm, status=CaseStatus.LEGAL_REVIEW, decision_number=None, decided_on=None,
        filed_on=dt.date(2026, 10, 12), submitted_for_review_on=dt.date(2026, 11, 2),
    )  # fmt: skip
    to_decide = PenaltyCaseFactory(
        enterprise=firm, status=CaseStatus.REVIEWED, decision_number=None, decided_on=None,
        filed_on=dt.date(2026, 8, 3),
    )  # fmt: skip
    later = PenaltyCaseFactory(
        enterprise=firm, status=CaseStatus.REVIEWED, decision_number=None, decided_on=None,
        filed_on=dt.date(2026, 9, 1),
    )  # fmt: skip
    lead = CaseLead.objects.create(
        enterprise=firm, region=city.east, source="日常检查", description="现场发现未明码标价",
        discovered_on=dt.date(2026, 11, 2), created_by=city.officer,
    )  # fmt: skip

    review = [t for t in my_todos(user=reviewer, today=dt.date(2026, 11, 10)) if t.kind == "法制审核"]
    assert [(t.title, t.due) for t in review] == [
        (f"案件第{in_review.pk}号：未按规定明码标价", dt.date(2026, 11, 16))
    ]
    assert review[0].days_left == 4 and "第五十五条" in review[0].basis

    decide = [t for t in my_todos(user=bureau, today=dt.date(2026, 11, 4)) if t.kind == "作出决定"]
    # 2026-09-01 + 90 days = 2026-11-30 (a Monday)
    assert [(t.url, t.due) for t in decide] == [
        (f"/cases/{to_decide.pk}/", dt.date(2026, 11, 2)),
        (f"/cases/{later.pk}/", dt.date(2026, 11, 30)),
    ]
    assert decide[0].overdue and decide[0].days_late == 2 and not decide[1].overdue
    assert "第六十条" in decide[0].basis

    leads = [t for t in my_todos(user=city.officer, today=dt.date(2026, 11, 24)) if t.kind == "立案审查"]
    assert [(t.url, t.due, t.days_late) for t in leads] == [
        (f"/cases/leads/{lead.pk}/", dt.date(2026, 11, 23), 1)
    ]
    assert "第十八条" in leads[0].basis and "15个工作日" in leads[0].basis


def test_the_list_shows_the_legal_term_and_marks_overdue(client, city):
    firm = EnterpriseFactory(region=city.east)
    CaseLead.objects.create(
        enterprise=firm, region=city.east, source="投诉举报", description="反映价格欺诈",
        discovered_on=dt.date(2026, 11, 2), created_by=city.officer,
    )  # fmt: skip
    client.force_login(city.officer)
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("todo_list")).content.decode()
    row = page.split("立案审查", 1)[1].split("</li>", 1)[0]
    assert "已逾期2个工作日（2026年11月23日到期）" in row
    assert "法定期限：核查案源，决定是否立案：《市场监督管理行政处罚程序规定》第十八条（15个工作日）" in row
    assert 'class="overdue"' in page.split("立案审查", 1)[0].rsplit("<li", 1)[1]
