"""Three personas: the city task force, the east county officer, the west county outsider."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jiandu.inspections.models import InspectionPlan

pytestmark = pytest.mark.django_db


def _form(city, setup) -> dict[str, object]:
    return {
        "title": "东城区餐饮抽查",
        "region": city.east.pk,
        "items": [setup.item.pk],
        "scope_regions": [city.east.pk],
        "period_start": "2026-12-01",
        "period_end": "2026-12-31",
        "window_days": 30,
        "ratio_A": "0.05",
        "ratio_B": "0.1",
        "ratio_C": "0.3",
        "ratio_D": "0.7",
    }


def test_task_force_creates_plan_through_the_form(client, city, setup):
    client.force_login(city.task_force)
    response = client.post(reverse("inspection_plan_create"), _form(city, setup))
    plan = InspectionPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("inspection_plan_detail", args=[plan.pk])
    assert plan.ratios == {"A": "0.05", "B": "0.1", "C": "0.3", "D": "0.7"}
    assert plan.number == "411802-2026-001"


def test_bad_ratio_shows_chinese_error(client, city, setup):
    client.force_login(city.task_force)
    data = _form(city, setup) | {"ratio_C": "三成"}
    page = client.post(reverse("inspection_plan_create"), data).content.decode()
    assert "C" in page and "不是有效的小数" in page
    assert not InspectionPlan.objects.exists()


def test_officer_sees_county_plan_but_cannot_draw(client, city, setup, plan):
    client.force_login(city.officer)
    assert client.get(reverse("inspection_plan_detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("inspection_plan_create")).status_code == 403
    assert client.post(reverse("inspection_plan_commit", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_outsider_cannot_see_the_east_plan(client, city, setup, plan):
    client.force_login(city.outsider)
    assert client.get(reverse("inspection_plan_detail", args=[plan.pk])).status_code == 404
    assert plan.number not in client.get(reverse("inspection_plan_list")).content.decode()


def test_task_force_walks_the_ui_from_commit_to_assign(client, city, setup, plan):
    client.force_login(city.task_force)
    client.post(reverse("inspection_plan_commit", args=[plan.pk]))
    client.post(reverse("inspection_plan_draw", args=[plan.pk]), {"seed": "365#" + plan.number})
    client.post(reverse("inspection_plan_assign", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "assigned"
    page = client.get(reverse("inspection_plan_detail", args=[plan.pk])).content.decode()
    assert plan.candidates_sha256 in page and "登记结果" in page


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(reverse("inspection_plan_list"))
    assert response.status_code == 302 and "/login/" in response.url


def test_api_personas(client, city, setup, plan):
    from jiandu.org.services import issue_api_token

    def headers(user):
        return {"Authorization": f"Bearer {issue_api_token(actor=None, user=user, name='测试')}"}

    assert client.get("/api/inspections/plans", headers=headers(city.outsider)).json() == []
    officer = headers(city.officer)
    assert [p["number"] for p in client.get("/api/inspections/plans", headers=officer).json()] == [
        plan.number
    ]
    assert client.post(f"/api/inspections/plans/{plan.pk}/commit", headers=officer).status_code == 403
    task_force = headers(city.task_force)
    body = client.post(f"/api/inspections/plans/{plan.pk}/commit", headers=task_force).json()
    assert body["status"] == "committed" and len(body["candidates_sha256"]) == 64
    assert (
        client.post(
            f"/api/inspections/plans/{plan.pk}/draw",
            data={"seed": " "},
            content_type="application/json",
            headers=task_force,
        )
        .json()["detail"]
        .startswith("请填写随机种子")
    )
    drawn = client.post(
        f"/api/inspections/plans/{plan.pk}/draw",
        data={"seed": "7"},
        content_type="application/json",
        headers=task_force,
    ).json()
    assert drawn["draw_result"]["seed"] == "7"
    created = client.post(
        "/api/inspections/plans",
        content_type="application/json",
        data={
            "title": "接口计划",
            "region": "411802",
            "items": [setup.item.code],
            "scope_regions": ["411802"],
            "period_start": str(dt.date(2026, 12, 1)),
            "period_end": str(dt.date(2026, 12, 31)),
        },
        headers=task_force,
    )
    assert created.status_code == 201 and created.json()["ratios"]["A"] == "0.03"


def test_api_visits_warnings_and_guidance(client, city, setup):
    import time_machine

    from jiandu.org.services import issue_api_token

    officer = {"Authorization": f"Bearer {issue_api_token(actor=None, user=city.officer, name='测试')}"}
    outsider = {"Authorization": f"Bearer {issue_api_token(actor=None, user=city.outsider, name='测试')}"}
    firm = setup.firms[0]
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0), tick=False):
        for day in ("2026-11-01", "2026-11-10"):
            response = client.post(
                "/api/inspections/visits",
                data={"uscc": firm.uscc, "inspected_on": day},
                content_type="application/json",
                headers=officer,
            )
            assert response.status_code == 201
        warnings = client.get("/api/inspections/repeat-warnings", headers=officer).json()
        assert [(w["uscc"], w["days_apart"]) for w in warnings] == [(firm.uscc, 9)]
        assert client.get("/api/inspections/repeat-warnings", headers=outsider).json() == []
        refused = client.post(
            "/api/inspections/guidance",
            data={"uscc": firm.uscc, "kind": "warn", "content": "告诫", "issued_on": "2026-11-10"},
            content_type="application/json",
            headers=outsider,
        )
        assert refused.status_code == 422 and "不在您的管辖范围内" in refused.json()["detail"]
        created = client.post(
            "/api/inspections/guidance",
            data={"uscc": firm.uscc, "kind": "warn", "content": "告诫", "issued_on": "2026-11-10"},
            content_type="application/json",
            headers=officer,
        )
        assert created.status_code == 201 and created.json()["kind"] == "warn"
