"""Compliance guides (starter set, versions, domain unit edits, public search) and the 普法 calendar."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.urls import reverse

from jiandu.errors import UserError
from jiandu.prevention import services
from jiandu.prevention.forms import items_to_text, text_to_items
from jiandu.prevention.models import ComplianceGuide
from jiandu.rulesets import RULESETS_DIR

pytestmark = pytest.mark.django_db


def test_starter_guides_cover_eight_domains_and_cite_article_text():
    guides = yaml.safe_load((RULESETS_DIR / "prevention" / "guides.yaml").read_text(encoding="utf-8"))[
        "guides"
    ]
    assert len({g["domain"] for g in guides}) >= 8
    for guide in guides:
        for item in guide["items"]:
            article = item["legal_basis"].split("》")[-1]
            # the statute text itself is stored, starting with the article it cites
            assert item["article"].startswith(article), (guide["title"], item["legal_basis"])
            assert len(item["article"]) > 20 and item["violations"] and item["self_check"]


def test_load_publish_and_search(client, city):
    created = services.load_starter_guides(actor=city.task_force, region=city.city)
    assert created == ComplianceGuide.objects.count() >= 8
    assert services.load_starter_guides(actor=city.task_force, region=city.city) == 0  # idempotent
    client.logout()
    page = client.get(reverse("public_guides"), {"q": "保质期"}).content.decode()
    assert "食品销售经营者合规指引" in page and "电梯使用单位合规指引" not in page
    guide = ComplianceGuide.objects.get(industry="电梯使用单位")
    detail = client.get(reverse("public_guide", args=[guide.pk])).content.decode()
    assert "第四十条" in detail and "定期检验" in detail
    api = client.get("/api/prevention/public/guides", {"q": "明码标价"}).json()
    assert api and all("价格" in g["domain"] for g in api)


def test_versions_are_kept_and_only_published_versions_are_public(client, city, prevention):
    services.load_starter_guides(actor=city.task_force, region=city.city)
    guide = ComplianceGuide.objects.get(industry="食品销售")
    items = text_to_items(
        items_to_text(guide.versions.get(number=1).items)
        + "\n---\n合规义务：新义务测试\n法律依据：《测试法》第一条"
    )
    with pytest.raises(UserError, match="负责“食品”领域"):
        services.revise_guide(actor=prevention.price_user, guide=guide, items=items, note="补充")
    version = services.revise_guide(actor=prevention.food_user, guide=guide, items=items, note="补充一项")
    assert version.number == 2 and len(version.items) == 3
    client.logout()
    assert "新义务测试" not in client.get(reverse("public_guide", args=[guide.pk])).content.decode()
    services.publish_guide(actor=prevention.food_user, guide=guide)
    assert "新义务测试" in client.get(reverse("public_guide", args=[guide.pk])).content.decode()
    with pytest.raises(UserError, match="第 1 项"):
        services.revise_guide(actor=prevention.food_user, guide=guide, items=[{"obligation": ""}], note="x")


def test_guide_page_edit_by_food_unit(client, city, prevention):
    services.load_starter_guides(actor=city.task_force, region=city.city)
    guide = ComplianceGuide.objects.get(industry="食品销售")
    client.force_login(prevention.food_user)
    page = client.get(reverse("prevention_guide", args=[guide.pk]))
    text = page.context["form"]["items"].value()
    response = client.post(reverse("prevention_guide", args=[guide.pk]), {"items": text, "note": "核对条文"})
    assert response.status_code == 302 and guide.versions.count() == 2
    client.force_login(city.officer)
    response = client.post(reverse("prevention_guide", args=[guide.pk]), {"items": text, "note": "越权"})
    assert response.status_code == 403 and guide.versions.count() == 2
    assert "无权修订并发布合规指引" in response.content.decode()


def test_education_calendar_per_year(client, city, prevention):
    dates = {d["code"]: d for d in services.key_dates(2026)}
    assert (
        dates["0315"]["end_date"] == dt.date(2026, 3, 15) and dates["quality_month"]["start_date"].month == 9
    )
    unit = prevention.food_unit
    activity = services.plan_activity(
        actor=city.task_force, unit=unit, key_date="food_week", kind="event", title="食品安全进社区",
        planned_on=dt.date(2026, 6, 10),
    )  # fmt: skip
    services.record_activity(
        actor=city.task_force,
        activity=activity,
        held_on=dt.date(2026, 6, 10),
        firms_reached=80,
        materials=200,
    )
    client.force_login(city.task_force)
    page = client.get(reverse("prevention_education", args=[2026])).content.decode()
    assert "食品安全宣传周" in page and "食品安全进社区" in page and "覆盖经营主体 80 户" in page
    assert client.get("/api/prevention/education/2026").json()["firms_reached"] == 80
    client.force_login(city.outsider)  # another county: the city's activity is not theirs
    assert "食品安全进社区" not in client.get(reverse("prevention_education", args=[2026])).content.decode()
    with pytest.raises(UserError, match="重点时段"):
        services.plan_activity(
            actor=city.task_force,
            unit=unit,
            key_date="nope",
            kind="event",
            title="x",
            planned_on=dt.date(2026, 1, 1),
        )
