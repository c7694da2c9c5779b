"""The demo city shows something on every oversight page; each page renders for each persona without an
error, within a query budget; the 新港区 bureau sees none of 东城区's matters."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiandu.demo.loader import load_demo_city
from jiandu.org.models import User
from jiandu.oversight.models import (
    Appraisal,
    CaseRecord,
    DutyExemption,
    EligibleFirm,
    SpecialCampaign,
    StudyRecord,
    TaskForce,
    UrgentMatter,
    VisitFinding,
)

PAGES = [
    "oversight_home",
    "oversight_urgent_list",
    "oversight_event_list",
    "oversight_media_list",
    "oversight_warning_list",
    "oversight_task_force_list",
    "oversight_standard_list",
    "oversight_precedent_list",
    "oversight_incentive_list",
    "oversight_exemption_list",
    "oversight_record_gaps",
    "oversight_campaign_list",
    "oversight_visit_list",
    "oversight_appraisal_list",
    "oversight_study_list",
]


@pytest.mark.django_db
def test_the_demo_fills_every_part_and_every_page_renders(client):
    load_demo_city(scale=0.02, log=lambda _m: None)
    assert TaskForce.objects.count() == 2 and UrgentMatter.objects.count() == 2
    assert UrgentMatter.objects.exclude(closed_at=None).count() == 1
    assert EligibleFirm.objects.exists() and DutyExemption.objects.filter(decision="exempt").count() == 1
    assert CaseRecord.objects.count() == 2 and SpecialCampaign.objects.count() == 1
    assert VisitFinding.objects.exclude(clue=None).count() == 2 and Appraisal.objects.count() == 2
    assert StudyRecord.objects.filter(user__username="dongcheng").exists()
    for username in ("zhuanban", "dongcheng", "fazhi", "xingang", "shenji"):
        client.force_login(User.objects.get(username=username))
        for name in PAGES:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(name))
            assert response.status_code == 200, (username, name)
            assert len(queries) < 120, (username, name, len(queries))
    for name in ("public_warning_cases", "public_enforcement"):
        client.logout()
        assert client.get(reverse(name)).status_code == 200
    client.force_login(User.objects.get(username="xingang"))
    assert client.get("/api/oversight/urgent").json() == []
    east = UrgentMatter.objects.first()
    assert client.get(reverse("oversight_urgent_detail", args=[east.pk])).status_code == 404
    client.force_login(User.objects.get(username="zhuanban"))
    escalated = client.get(reverse("oversight_home")).content.decode()
    assert "社会影响恶劣" in escalated
    for pk, view in (
        (TaskForce.objects.first().pk, "oversight_task_force_detail"),
        (SpecialCampaign.objects.get().pk, "oversight_campaign_detail"),
        (DutyExemption.objects.get().pk, "oversight_exemption_detail"),
        (CaseRecord.objects.first().case_id, "oversight_case_trail"),
        (east.pk, "oversight_urgent_detail"),
    ):
        assert client.get(reverse(view, args=[pk])).status_code == 200, view
    study_page = client.get(reverse("oversight_study_list"), {"county": "411802"}).content.decode()
    assert "dongcheng" in study_page or "东城" in study_page
