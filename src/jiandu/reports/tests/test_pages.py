"""Pages and API of the reports app with the three personas; no 500 from bad input; query budget."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.clues.models import Suggestion
from jiandu.reports.models import Practice, ReportKind, ScheduleItem, Submission, SubmissionStatus
from jiandu.reports.services import start_submission, submit_submission

pytestmark = pytest.mark.django_db


def _may(campaign) -> ScheduleItem:
    return ScheduleItem.objects.get(
        campaign=campaign, kind=ReportKind.MONTHLY_FORM, period_start=dt.date(2025, 5, 1)
    )


def test_board_for_three_personas(client, city, heads, campaign, django_assert_max_num_queries):
    start_submission(actor=heads.east, item=_may(campaign), region=city.east)
    client.force_login(city.task_force)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("reports_board")).content.decode()
    assert "东城区" in page and "西城区" in page and "草稿" in page and "未开始" in page
    client.force_login(city.officer)
    page = client.get(reverse("reports_board")).content.decode()
    assert "东城区" in page and "西城区" not in page and "起草" in page
    client.force_login(city.outsider)
    page = client.get(reverse("reports_board")).content.decode()
    assert "东城区" not in page


def test_filing_through_the_pages(client, city, heads, campaign):
    client.force_login(heads.east)
    response = client.post(reverse("reports_start", args=[_may(campaign).pk]))
    submission = Submission.objects.get()
    assert response.url == reverse("reports_submission", args=[submission.pk])
    page = client.get(response.url).content.decode()
    assert "县局填报" in page and "系统生成" in page
    response = client.post(response.url, {"forums_held": "两场"}, follow=True)
    assert "应填写整数" in response.content.decode()
    client.post(reverse("reports_submission", args=[submission.pk]), {"forums_held": "2"})
    client.post(reverse("reports_submission_action", args=[submission.pk, "submit"]))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED and submission.typed == {"forums_held": 2}
    # the outsider cannot see it; the officer cannot accept it; the task force can
    client.force_login(city.outsider)
    assert client.get(reverse("reports_submission", args=[submission.pk])).status_code == 404
    client.force_login(city.officer)
    assert (
        client.post(reverse("reports_submission_action", args=[submission.pk, "accept"])).status_code == 403
    )
    client.force_login(city.task_force)
    response = client.post(
        reverse("reports_submission_action", args=[submission.pk, "return"]), {"comment": ""}, follow=True
    )
    assert "请写明退回意见" in response.content.decode()
    client.post(reverse("reports_submission_action", args=[submission.pk, "accept"]), {"comment": "同意"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    assert (
        client.post(reverse("reports_submission_action", args=[submission.pk, "publish"])).status_code == 404
    )
    rollup = client.get(reverse("reports_rollup", args=[_may(campaign).pk])).content.decode()
    assert "已采纳（逾期报送）" in rollup and "逾期未报送" in rollup
    for fmt in ("xlsx", "docx", "form"):
        response = client.get(reverse("reports_rollup", args=[_may(campaign).pk]), {"format": fmt})
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert client.get(reverse("reports_submission_file", args=[submission.pk])).status_code == 200


def test_lists_practices_and_indicators(client, city, heads, campaign):
    client.force_login(heads.east)
    client.post(reverse("reports_practice_create"), {"title": "综合查一次", "text": "一次检查多项事项"})
    practice = Practice.objects.get()
    response = client.post(
        reverse("reports_law_create"),
        {
            "document": "某办法",
            "level": "rule",
            "action": "amend",
            "problem": "问题",
            "proposal": "建议",
            "clues": "abc",
        },
        follow=True,
    )
    assert "不存在或不在您的管辖范围内" in response.content.decode()
    assert client.post(reverse("reports_practice_select", args=[practice.pk])).status_code == 403
    client.force_login(city.task_force)
    client.post(reverse("reports_practice_select", args=[practice.pk]), {"publish": "1"})
    practice.refresh_from_db()
    assert practice.status == "published" and practice.published_on is not None
    assert "综合查一次" in client.get(reverse("reports_lists")).content.decode()
    assert client.get(reverse("reports_lists"), {"format": "xlsx"}).status_code == 200
    response = client.get(reverse("reports_lists"), {"format": "xlsx", "list": "practices"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "典型经验做法清单" and sheet["C3"].value == "综合查一次"
    page = client.get(reverse("reports_indicators"), {"period": "2025-05"}).content.decode()
    assert "举报案件查处率" in page and "<svg" in page
    assert client.get(reverse("reports_indicators"), {"period": "五月"}).status_code == 200
    client.force_login(city.outsider)
    assert "综合查一次" not in client.get(reverse("reports_lists")).content.decode()


def test_api_monthly_form_and_actions(client, city, heads, campaign):
    client.force_login(city.task_force)
    data = client.get("/api/reports/monthly-form", {"region": "411800", "period": "2025-05"}).json()
    assert data["region"] == "411800" and [r["name"] for r in data["rows"]] == ["东城区", "西城区", "市本级"]
    assert (
        client.get("/api/reports/monthly-form", {"region": "411800", "period": "2025/05"}).status_code == 422
    )
    client.force_login(city.outsider)
    assert (
        client.get("/api/reports/monthly-form", {"region": "411802", "period": "2025-05"}).status_code == 404
    )
    submission = submit_submission(
        actor=heads.east, submission=start_submission(actor=heads.east, item=_may(campaign), region=city.east)
    )
    response = client.post(
        f"/api/reports/submissions/{submission.pk}/accept", {}, content_type="application/json"
    )
    assert response.status_code == 404
    client.force_login(city.task_force)
    response = client.post(
        f"/api/reports/submissions/{submission.pk}/return", {"comment": ""}, content_type="application/json"
    )
    assert response.status_code == 422
    response = client.post(
        f"/api/reports/submissions/{submission.pk}/accept", {}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert [s["status"] for s in client.get("/api/reports/submissions").json()] == ["accepted"]


def test_suggestions_recorded_and_answered_through_the_pages(client, city, heads):
    client.force_login(city.officer)
    response = client.post(
        reverse("reports_suggestion_create"), {"source": "forum", "text": "   "}, follow=True
    )
    assert "意见建议内容不能为空" in response.content.decode()
    client.post(reverse("reports_suggestion_create"), {"source": "forum", "text": "建议减少重复检查"})
    suggestion = Suggestion.objects.get()
    assert suggestion.region == city.east and suggestion.created_by == city.officer
    assert (
        client.post(reverse("reports_suggestion_answer", args=[suggestion.pk]), {"answer": "x"}).status_code
        == 403
    )
    client.force_login(city.outsider)
    assert "建议减少重复检查" not in client.get(reverse("reports_lists")).content.decode()
    client.force_login(heads.west)
    assert (
        client.post(reverse("reports_suggestion_answer", args=[suggestion.pk]), {"answer": "x"}).status_code
        == 404
    )
    client.force_login(city.task_force)
    assert "待答复的意见建议" in client.get(reverse("reports_lists")).content.decode()
    client.post(reverse("reports_suggestion_answer", args=[suggestion.pk]), {"answer": "已纳入检查计划统筹"})
    suggestion.refresh_from_db()
    assert suggestion.status == "answered" and suggestion.answer == "已纳入检查计划统筹"
