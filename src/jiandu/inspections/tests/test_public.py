"""Public pages: no login, commitment before the seed, downloads that re-run, and the verify form."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiandu.engines.lottery import verify
from jiandu.inspections import services
from jiandu.inspections.drawfiles import read_candidates_csv, read_exclude_lines

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(city, setup, plan):
    with time_machine.travel(NOW, tick=False):
        services.record_inspection(
            actor=city.officer, enterprise=setup.firms[2], inspected_on=dt.date(2026, 11, 10)
        )
        plan = services.commit_plan(actor=city.task_force, plan=plan)
        return services.draw_plan(actor=city.task_force, plan=plan, seed="208#" + plan.number)


def test_draft_is_not_public(client, plan):
    assert client.get(reverse("public_inspection_detail", args=[plan.number])).status_code == 404
    assert plan.number not in client.get(reverse("public_inspection_list")).content.decode()


def test_committed_plan_shows_commitment_without_seed(client, city, plan):
    with time_machine.travel(NOW, tick=False):
        plan = services.commit_plan(actor=city.task_force, plan=plan)
    page = client.get(reverse("public_inspection_detail", args=[plan.number])).content.decode()
    assert plan.candidates_sha256 in page and "随机种子尚未公布" in page
    assert "近期已被检查" in page  # exclusions by category
    assert "def " not in page or "reference-script" in page


def test_downloads_reproduce_the_published_draw(client, drawn):
    number = drawn.number
    candidates = client.get(reverse("public_inspection_candidates", args=[number])).content.decode()
    exclude = client.get(reverse("public_inspection_exclude", args=[number])).content.decode()
    result = json.loads(client.get(reverse("public_inspection_result", args=[number])).content)
    assert len(read_exclude_lines(exclude)) == 1
    ok, differences = verify(
        result,
        candidates=read_candidates_csv(candidates),
        exclude=read_exclude_lines(exclude),
        ratios=drawn.ratios,
    )
    assert ok, differences
    page = client.get(reverse("public_inspection_detail", args=[number]) + "?verify=1").content.decode()
    assert "核验一致" in page and drawn.seed in page


def test_verify_form_accepts_files_and_catches_tampering(client, drawn):
    number = drawn.number
    candidates = client.get(reverse("public_inspection_candidates", args=[number])).content
    exclude = client.get(reverse("public_inspection_exclude", args=[number])).content
    result = json.loads(client.get(reverse("public_inspection_result", args=[number])).content)
    url = reverse("public_inspection_verify")
    page = client.post(
        url,
        {
            "result_file": SimpleUploadedFile("result.json", json.dumps(result).encode()),
            "candidates_file": SimpleUploadedFile("candidates.csv", candidates),
            "exclude_file": SimpleUploadedFile("exclude.txt", exclude),
            "ratios": "A=0.05 B=0.25 C=0.5 D=1",
        },
    ).content.decode()
    assert "核验一致" in page
    result["seed"] = "209#" + number
    page = client.post(
        url,
        {
            "result_text": json.dumps(result),
            "candidates_text": candidates.decode(),
            "exclude_text": exclude.decode(),
        },
    ).content.decode()
    assert "核验不一致" in page
    page = client.post(url, {"result_text": "{", "candidates_text": "id,stratum\n"}).content.decode()
    assert "不是有效的 JSON" in page


def test_verify_api_needs_no_login(client, drawn):
    number = drawn.number
    body = {
        "result": json.loads(client.get(reverse("public_inspection_result", args=[number])).content),
        "candidates_csv": client.get(reverse("public_inspection_candidates", args=[number])).content.decode(),
        "exclude": client.get(reverse("public_inspection_exclude", args=[number])).content.decode(),
    }
    response = client.post("/api/inspections/verify", data=body, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"matches": True, "differences": []}
    body["exclude"] = ""
    assert (
        client.post("/api/inspections/verify", data=body, content_type="application/json").json()["matches"]
        is False
    )


def test_reference_script_is_served(client):
    text = client.get(reverse("public_inspection_reference")).content.decode()
    assert "hashlib.sha256" in text and "math.ceil" in text
