"""Pages and API with the three personas: city task force, county officer, outsider from another county."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.org.services import issue_api_token
from jiandu.reviews.models import FollowUp
from jiandu.reviews.services import create_campaign, ensure_follow_up_task, score_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(city, files):
    return create_campaign(actor=city.task_force, name="东城区全面评查", method="full", region=city.east)


def test_task_force_creates_a_campaign_in_the_ui(client, city, files):
    client.force_login(city.task_force)
    response = client.post(reverse("review_campaigns"), {
        "name": "价格专项评查", "method": "special", "region": city.city.pk, "domain": "price",
    })  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "价格专项评查" in page and files.east_cases[0].decision_number in page
    assert "专项领域：价格" in page


def test_cross_form_error_is_shown_in_chinese(client, city, files):
    client.force_login(city.task_force)
    page = client.post(
        reverse("review_campaigns"), {"name": "交叉", "method": "cross", "region": city.city.pk}
    )
    assert "交叉评查需要指定评查人" in page.content.decode()


def test_officer_cannot_create_campaigns(client, city, files):
    client.force_login(city.officer)
    page = client.get(reverse("review_campaigns")).content.decode()
    assert "新建评查活动" not in page
    client.post(reverse("review_campaigns"), {"name": "x", "method": "full", "region": city.east.pk})
    assert not city.officer.case_reviews.exists()


def test_outsider_sees_neither_campaign_nor_files(client, city, campaign):
    client.force_login(city.outsider)
    assert client.get(reverse("review_campaign", args=[campaign.pk])).status_code == 404
    review = campaign.reviews.first()
    assert client.get(reverse("review_detail", args=[review.pk])).status_code == 404
    assert campaign.name not in client.get(reverse("review_campaigns")).content.decode()


def test_county_officer_sees_own_county_campaign(client, city, campaign):
    client.force_login(city.officer)
    assert client.get(reverse("review_campaign", args=[campaign.pk])).status_code == 200


def test_cross_reviewer_sees_the_files_assigned_outside_their_county(client, city, files):
    campaign = create_campaign(actor=city.task_force, name="交叉", method="cross", region=city.east,
                               reviewers=[files.west_reviewer, files.legal])  # fmt: skip
    client.force_login(files.west_reviewer)
    mine = campaign.reviews.filter(reviewer=files.west_reviewer).first()
    page = client.get(reverse("review_detail", args=[mine.pk])).content.decode()
    assert mine.case.decision_number in page and "保存评分" in page
    response = client.post(reverse("review_detail", args=[mine.pk]), {"d_D01": "4", "c_D01": "未说明理由"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.score == 96


def test_selection_and_report_export_reopen(client, city, files, campaign):
    review = campaign.reviews.get(case=files.east_cases[3])
    score_review(actor=files.legal, review=review, deductions={"D01": "5", "W01": "2"})
    client.force_login(city.task_force)
    selection = client.get(reverse("review_selection_xlsx", args=[campaign.pk]))
    assert selection["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(selection.content))["选案清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "决定书文号"
    assert {r[0] for r in rows[2:]} == {c.decision_number for c in files.east_cases}
    report = client.get(reverse("review_report", args=[campaign.pk]), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(report.content))
    county = list(book["按县（市、区）"].iter_rows(values_only=True))
    assert county[2][:3] == ("东城区", 1, 93.0)
    items = list(book["扣分项"].iter_rows(values_only=True))
    assert {r[0] for r in items[1:]} == {"D01", "W01"}
    officers = {r[0] for r in book["按承办人员"].iter_rows(values_only=True)}
    assert {"刘一", "孙二"} <= officers
    html = client.get(reverse("review_report", args=[campaign.pk])).content.decode()
    assert "处罚超出裁量基准幅度" in html


def test_coverage_page_and_follow_up_pages(client, city, files):
    case = files.east_cases[5]  # reconsidered
    task = ensure_follow_up_task(case=case, actor=None)
    client.force_login(city.task_force)
    page = client.get(reverse("follow_up_coverage")).content.decode()
    assert 'data-region="411802"' in page
    assert case.decision_number in client.get(reverse("follow_ups")).content.decode()
    client.force_login(city.outsider)
    assert client.get(reverse("follow_up_detail", args=[task.pk])).status_code == 404
    assert case.decision_number not in client.get(reverse("follow_ups")).content.decode()


def test_visit_form_records_the_visit(client, city, files):
    task = ensure_follow_up_task(case=files.east_cases[5], actor=None)
    client.force_login(city.officer)
    response = client.post(reverse("follow_up_detail", args=[task.pk]), {
        "visited_on": dt.date.today().isoformat(), "visitors": "韩立磊", "method": "phone",
        "rectification": "done",
        "q_procedure_explained": "yes", "q_rights_told": "yes", "q_conduct_civil": "yes",
        "q_improper_demands": "no", "q_extra_burden": "no",
    })  # fmt: skip
    assert response.status_code == 302
    assert FollowUp.objects.get(pk=task.pk).status == "done"


def test_api_flow_with_three_personas(client, city, files):
    headers = {
        "Authorization": f"Bearer {issue_api_token(actor=city.task_force, user=city.task_force, name='t')}"
    }
    created = client.post("/api/reviews/campaigns", {
        "name": "接口交叉评查", "method": "cross", "region_code": city.city.code,
        "reviewers": [files.east_reviewer.username, files.west_reviewer.username, files.legal.username],
    }, content_type="application/json", headers=headers)  # fmt: skip
    assert created.status_code == 201, created.content
    campaign_id = created.json()["id"]
    reviews = client.get(f"/api/reviews/campaigns/{campaign_id}/reviews", headers=headers).json()
    assert len(reviews) == 16
    for item in reviews:
        own = files.east_reviewer if item["region_code"] == city.east.code else files.west_reviewer
        assert item["reviewer"] != own.username
    east_file = next(r for r in reviews if r["reviewer"] == files.west_reviewer.username)
    west_token = issue_api_token(actor=city.task_force, user=files.west_reviewer, name="w")
    west_headers = {"Authorization": f"Bearer {west_token}"}
    scored = client.post(f"/api/reviews/reviews/{east_file['id']}/score", {"deductions": {"P04": "5"}},
                         content_type="application/json", headers=west_headers)  # fmt: skip
    assert scored.status_code == 200, scored.content
    assert scored.json()["score"] == "95.00"
    finding = scored.json()["findings"][0]
    clue = client.post(f"/api/reviews/findings/{finding['id']}/clue", {}, content_type="application/json",
                       headers=west_headers)  # fmt: skip
    assert clue.status_code == 201 and "未依法告知" in clue.json()["summary"]
    outsider = {
        "Authorization": f"Bearer {issue_api_token(actor=city.task_force, user=city.outsider, name='o')}"
    }
    assert client.get(f"/api/reviews/campaigns/{campaign_id}", headers=outsider).status_code == 404
    refused = client.post("/api/reviews/campaigns", {"name": "x", "method": "full", "region_code": "411803"},
                          content_type="application/json", headers=outsider)  # fmt: skip
    assert refused.status_code == 403
    coverage = client.get("/api/reviews/follow-ups/coverage", headers=headers).json()
    assert [row["name"] for row in coverage] == ["东城区", "西城区", "合计"]
    bad = client.post("/api/reviews/av-checks", {"decision_number": "不存在", "answers": {}},
                      content_type="application/json", headers=headers)  # fmt: skip
    assert bad.status_code == 404


def test_finding_clue_from_the_page_takes_the_edited_summary(client, city, files, campaign):
    review = campaign.reviews.get(case=files.east_cases[2])
    score_review(actor=files.legal, review=review, deductions={"P04": "5"})
    client.force_login(files.legal)
    page = client.get(reverse("review_detail", args=[review.pk])).content.decode()
    assert "未依法告知陈述、申辩或听证权利" in page and "线索内容（已预填，可修改）" in page
    finding = review.findings.get()
    client.post(
        reverse("review_finding_clue", args=[finding.pk]), {"summary": "评查发现未告知听证权利，请研判。"}
    )
    finding.refresh_from_db()
    assert finding.clue.summary == "评查发现未告知听证权利，请研判。"
    assert finding.clue.channel == "case_review"


def test_score_sheet_page_shows_the_sheet_in_force(client, city):
    client.force_login(city.outsider)
    page = client.get(reverse("review_score_sheets")).content.decode()
    assert "优秀 ≥ 90" in page and "调查取证执法人员少于两人" in page and "10000.00" in page
