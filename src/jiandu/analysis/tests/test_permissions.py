"""Three personas (city task force, county officer, outsider from another county) on every page and API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jiandu.analysis import services
from jiandu.analysis.models import KeyCounty, ModelHit
from jiandu.audit.models import AuditEntry
from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Channel
from jiandu.clues.selectors import list_clues
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hit(city):
    """A 200,000-yuan fine in the east county last week: the 顶格/大额 model files it as a clue."""
    firm = EnterpriseFactory(region=city.east)
    decided = timezone.localdate() - dt.timedelta(days=7)
    PenaltyCase.objects.create(
        decision_number="中东市监处罚〔2026〕901号", enterprise=firm, region=city.east,
        domain=Domain.objects.get(code="price"), status="closed", violation="哄抬价格",
        filed_on=decided - dt.timedelta(days=30), decided_on=decided, fine=Decimal("250000"),
    )  # fmt: skip
    report = services.run_models(actor=city.task_force, only=["top_fine"])
    assert report.filed["top_fine"] == 1
    return ModelHit.objects.get()


def test_board_is_for_the_task_force(client, city):
    client.force_login(city.task_force)
    assert client.get("/key-counties/").status_code == 200
    assert client.get("/api/analysis/key-counties").status_code == 200
    for user in (city.officer, city.outsider):
        client.force_login(user)
        assert client.get("/key-counties/").status_code == 403
        assert client.get("/api/analysis/key-counties").status_code == 403


def test_profiles_are_region_scoped(client, city):
    client.force_login(city.officer)
    assert client.get(f"/counties/{city.east.code}/").status_code == 200
    assert client.get(f"/api/analysis/counties/{city.east.code}").status_code == 200
    client.force_login(city.outsider)
    assert client.get(f"/counties/{city.east.code}/").status_code == 404
    assert client.get(f"/counties/{city.east.code}/cases/yoy_growth/").status_code == 404
    assert client.get(f"/api/analysis/counties/{city.east.code}").status_code == 404
    client.force_login(city.task_force)
    assert client.get(f"/counties/{city.east.code}/").status_code == 200


def test_bad_month_is_a_chinese_error_not_a_500(client, city):
    client.force_login(city.task_force)
    response = client.get("/api/analysis/key-counties?month=2026-13")
    assert response.status_code == 422 and "YYYY-MM" in response.json()["detail"]
    page = client.get("/key-counties/?month=abc", follow=True)
    assert page.status_code == 200 and "格式错误" in page.content.decode()


def test_key_county_list_is_audited_and_needs_a_note_when_not_flagged(client, city):
    client.force_login(city.officer)
    body = {"region": city.east.code, "period": "2026-10"}
    assert (
        client.post("/api/analysis/key-counties/list", body, content_type="application/json").status_code
        == 403
    )
    client.force_login(city.task_force)
    refused = client.post("/api/analysis/key-counties/list", body, content_type="application/json")
    assert refused.status_code == 422 and "请填写说明" in refused.json()["detail"]
    body["note"] = "群众反映集中，专班决定重点关注"
    created = client.post("/api/analysis/key-counties/list", body, content_type="application/json")
    assert created.status_code == 201, created.content
    entry = KeyCounty.objects.get()
    assert entry.added_by == city.task_force and entry.note == body["note"]
    assert AuditEntry.objects.filter(target_type="analysis.keycounty", action="create").count() == 1
    again = client.post("/api/analysis/key-counties/list", body, content_type="application/json")
    assert again.status_code == 422 and "已在" in again.json()["detail"]
    client.force_login(city.officer)
    listed = client.get("/api/analysis/key-counties/list?period=2026-10").json()
    assert [k["name"] for k in listed] == ["东城区"]
    client.force_login(city.outsider)
    assert client.get("/api/analysis/key-counties/list").json() == []
    client.force_login(city.task_force)
    removed = client.post(f"/key-counties/{entry.pk}/remove/", {"reason": "已核实"})
    assert removed.status_code == 302 and not KeyCounty.objects.exists()
    assert AuditEntry.objects.filter(target_type="analysis.keycounty", action="delete").count() == 1


def test_model_hit_clue_seen_by_own_county_only(client, city, hit):
    assert hit.clue.channel == Channel.DATA_MODEL and hit.region == city.east and hit.case is not None
    assert hit.clue in list_clues(user=city.officer)
    assert hit.clue in list_clues(user=city.task_force)
    assert hit.clue not in list_clues(user=city.outsider)
    client.force_login(city.officer)
    assert [h["id"] for h in client.get("/api/analysis/hits").json()] == [hit.pk]
    assert "疑似顶格或大额处罚" in client.get("/problem-models/hits/").content.decode()
    client.force_login(city.outsider)
    assert client.get("/api/analysis/hits").json() == []
    assert "疑似顶格或大额处罚" not in client.get("/problem-models/hits/").content.decode()


def test_false_positive_mark_needs_role_region_and_reason(client, city, hit):
    west_chief = UserFactory(username="xi_chief", role=Role.COUNTY_BUREAU, region=city.west)
    east_chief = UserFactory(username="dong_chief", role=Role.COUNTY_BUREAU, region=city.east)
    url = f"/api/analysis/hits/{hit.pk}/false-positive"
    client.force_login(city.officer)  # an officer may not mark
    assert client.post(url, {"reason": "x"}, content_type="application/json").status_code == 403
    client.force_login(west_chief)  # another county's bureau cannot even see it
    assert client.post(url, {"reason": "x"}, content_type="application/json").status_code == 404
    client.force_login(east_chief)
    empty = client.post(url, {"reason": "  "}, content_type="application/json")
    assert empty.status_code == 422 and "误报理由" in empty.json()["detail"]
    done = client.post(url, {"reason": "该案有从重情节，系统未录入"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["false_positive"] is True
    hit.refresh_from_db()
    assert hit.marked_by == east_chief
    assert AuditEntry.objects.filter(target_type="analysis.modelhit", action="update").exists()
    models = {m["code"]: m for m in client.get("/api/analysis/models").json()}
    assert models["top_fine"]["assessed"] == 1 and models["top_fine"]["precision"] == 0.0


def test_model_run_and_switch_are_for_the_task_force(client, city, hit):
    client.force_login(city.officer)
    assert client.post("/problem-models/run/").status_code == 403
    assert client.post("/problem-models/top_fine/toggle/").status_code == 403
    client.force_login(city.task_force)
    response = client.post("/problem-models/run/", {"model": "top_fine"}, follow=True)
    assert "新登记线索 0 条" in response.content.decode()  # already filed: no duplicate
    assert ModelHit.objects.count() == 1
    client.post("/problem-models/top_fine/toggle/")
    assert not ModelHit.objects.get().model.enabled
    assert "top_fine" not in services.run_models(actor=city.task_force).models
    assert len(services.run_models(actor=city.task_force).models) == 6
    bad = client.post("/problem-models/run/", {"model": "guess"}, follow=True)
    assert "没有问题模型" in bad.content.decode()


def test_list_pages_have_a_query_budget(client, city, hit, django_assert_max_num_queries):
    client.force_login(city.task_force)
    with django_assert_max_num_queries(20):
        assert client.get("/problem-models/hits/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/problem-models/").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get("/key-counties/?month=2026-10").status_code == 200


def test_pages_mark_a_false_positive_and_show_the_charts(client, city, hit):
    client.force_login(city.task_force)
    url = f"/problem-models/hits/{hit.pk}/false-positive/"
    refused = client.post(url, {"reason": ""}, follow=True)
    assert "请填写误报理由" in refused.content.decode()
    hit.refresh_from_db()
    assert not hit.false_positive
    done = client.post(url, {"reason": "系统未录入从重情节"}, follow=True)
    assert "已标记：系统未录入从重情节" in done.content.decode()
    board = client.get("/key-counties/?month=2026-10").content.decode()
    assert board.count("<svg") == 2 and "每万户经营主体月度罚没金额与全市区间" in board
    profile = client.get(f"/counties/{city.east.code}/").content.decode()
    assert "问题模型命中" in profile and "疑似顶格或大额处罚" in profile


def test_models_run_through_the_api(client, city, hit):
    client.force_login(city.officer)
    url = "/api/analysis/models/run"
    assert client.post(url, {"model": "top_fine"}, content_type="application/json").status_code == 403
    client.force_login(city.task_force)
    again = client.post(url, {"model": "top_fine"}, content_type="application/json")
    assert again.status_code == 200 and again.json()["already_filed"] == {"top_fine": 1}
    assert again.json()["filed"] == {}
    bad = client.post(url, {"model": "guess"}, content_type="application/json")
    assert bad.status_code == 422 and "没有问题模型" in bad.json()["detail"]
