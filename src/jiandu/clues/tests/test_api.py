"""The same workflow through the REST API, with the same checks; the public endpoints need no login."""

from __future__ import annotations

import pytest

from jiandu.audit.models import AuditEntry
from jiandu.clues.models import Channel, Clue, ClueStatus

pytestmark = pytest.mark.django_db

TEXT = "企业反映：执法人员检查时以不配合为由当场扣押货物，没有出具任何文书"


def test_full_workflow_through_the_api(client, city, units):
    client.force_login(city.task_force)
    created = client.post(
        "/api/clues/",
        {
            "channel": Channel.SUPERVISOR,
            "summary": TEXT,
            "region_code": city.east.code,
            "reporter_name": "监督员甲",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    clue_id = created.json()["id"]
    assert created.json()["reporter"] == "监督员甲"

    def post(path, body=None, user=None):
        if user is not None:
            client.force_login(user)
        response = client.post(f"/api/clues/{clue_id}/{path}", body or {}, content_type="application/json")
        assert response.status_code == 200, response.content
        return response.json()

    post("triage", {"domain": "food", "lead_unit_id": units.east_bureau.pk})
    post("accept", user=units.east_chief)
    data = post(
        "assess",
        {
            "verdict": "confirmed",
            "category": "P1",
            "subtype": "P1d",
            "opinion": "属实",
            "cause_analysis": "程序意识弱",
        },
    )
    assert data["status"] == ClueStatus.CONFIRMED and data["assessment"]["subtype"] == "P1d"

    item = client.post(
        "/api/rectifications/",
        {
            "clue_id": clue_id,
            "unit_id": units.east_bureau.pk,
            "responsible_person": "赵某",
            "measures": "解除扣押",
            "mode": "immediate",
        },
        content_type="application/json",
    )
    assert item.status_code == 201, item.content
    item_id = item.json()["id"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = client.post(
        f"/api/rectifications/{item_id}/evidence",
        {"files": [SimpleUploadedFile("解除通知.pdf", b"%PDF-1 x")]},
    )
    assert upload.status_code == 200 and upload.json()["evidence"] == ["解除通知.pdf"]
    done = client.post(
        f"/api/rectifications/{item_id}/complete",
        {"result": "已解除扣押并返还货物", "decisions_corrected": 1},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    data = post("close", {"note": "整改到位"})
    assert data["status"] == ClueStatus.CLOSED
    assert [h["note"] for h in data["history"]][-1] == "办结"
    assert (
        AuditEntry.objects.filter(
            target_type="clues.clue", target_id=str(clue_id), action="transition"
        ).count()
        >= 6
    )


def test_api_refuses_steps_out_of_order_and_by_the_wrong_role(client, city, units):
    client.force_login(city.task_force)
    clue_id = client.post(
        "/api/clues/",
        {"channel": Channel.FORUM, "summary": TEXT, "region_code": city.east.code},
        content_type="application/json",
    ).json()["id"]
    early = client.post(f"/api/clues/{clue_id}/close", {}, content_type="application/json")
    assert early.status_code == 400 and "不能执行" in early.json()["detail"]
    client.force_login(city.officer)
    refused = client.post(f"/api/clues/{clue_id}/accept", content_type="application/json")
    assert refused.status_code == 403
    assert (
        client.post(
            "/api/clues/",
            {"channel": "x", "summary": TEXT, "region_code": city.west.code},
            content_type="application/json",
        ).status_code
        == 400
    )


def test_list_filters_and_overdue_summary(client, city):
    client.force_login(city.task_force)
    for channel in (Channel.FORUM, Channel.PETITION):
        client.post(
            "/api/clues/",
            {"channel": channel, "summary": TEXT, "region_code": city.west.code},
            content_type="application/json",
        )
    items = client.get("/api/clues/", {"channel": Channel.PETITION}).json()["items"]
    assert [i["channel"] for i in items] == [Channel.PETITION]
    assert client.get("/api/clues/", {"county": city.east.code}).json()["count"] == 0
    summary = client.get("/api/clues/overdue").json()
    assert summary["open_clues"] == 2


def test_public_api_submits_and_reports_status_without_login(client, city):
    response = client.post(
        "/api/clues/public",
        {"region_code": city.east.code, "summary": TEXT, "reporter_name": "某企业负责人"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    assert Clue.objects.get().receipt_code == code
    status = client.get(f"/api/clues/public/{code}").json()
    assert set(status) == {"code", "received_on", "stage", "finished", "reply"} and not status["finished"]
    assert client.get("/api/clues/public/NOPE1-NOPE2").status_code == 404


def test_work_orders_and_email_import_through_the_api(client, city, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jiandu.clues.tests.test_imports import _eml

    client.force_login(city.task_force)
    table = "工单号,来电时间,诉求内容\nA-1,2026-05-06,检查人员要求购买指定产品\nA-2,明天,内容\n".encode()

    def import_job(**extra: str) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(
                "/api/clues/import/work-orders",
                {"file": SimpleUploadedFile("o.csv", table), "default_region": city.east.code, **extra},
            )
        assert started.status_code == 202 and started.json()["status"] == "pending"
        return client.get(f"/api/clues/import/work-orders/{started.json()['id']}").json()

    refused = import_job()
    assert refused["status"] == "rejected" and not refused["stored"]
    assert refused["errors"][0]["row"] == 3 and Clue.objects.count() == 0
    partial = import_job(partial="true")
    assert partial["stored"] and partial["created"] == 1 and partial["total"] == 2
    email = client.post(
        "/api/clues/import/email",
        {"file": SimpleUploadedFile("m.eml", _eml()), "region_code": city.east.code},
    )
    assert email.status_code == 200 and email.json()["channel"] == Channel.EMAIL
    client.force_login(city.officer)
    assert client.post("/api/clues/import/email", {"region_code": city.east.code}).status_code in (403, 422)
