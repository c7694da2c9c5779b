"""On the demo city: the planted counties rank first and second, nothing else is flagged; a planted
month-end spike is found; model hits are filed as clues that each county officer sees for their own county."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from django.test import Client

from jiandu.analysis import selectors, services
from jiandu.analysis.models import ModelHit
from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Assessment, Channel, Clue, Verdict
from jiandu.clues.selectors import list_clues
from jiandu.demo import loader
from jiandu.demo.loader import REFERENCE_DAY
from jiandu.org.models import Region, User

pytestmark = pytest.mark.django_db
MONTH = "2026-10"  # the demo's last month of data


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setattr(loader, "DEMO_PARTS", ())  # the core city: counties, firms, cases, complaints
    loader.load_demo_city(scale=0.1, log=lambda _m: None, today=REFERENCE_DAY)
    return User.objects.get(username="zhuanban")


def test_planted_counties_rank_first_and_second_then_a_month_end_spike_is_found(demo):
    board = selectors.key_county_board(user=demo, month=MONTH)
    names = [row.region.name for row in board.rows]
    assert len(names) == 10
    assert set(names[:2]) == {"新港区", "柳河县"}
    assert [row.region.name for row in board.flagged] == names[:2]
    for row in board.rows[:2]:
        assert row.result.reasons[0].startswith("罚没收入同比 +")
        assert "稳健标准差" in row.result.reasons[0]
        assert {"yoy_growth", "peer_deviation"} <= {s.name for s in row.result.fired}
    assert selectors.key_county_board(user=demo).month == MONTH  # default: last complete month with data

    # a third pattern planted on top: a month-end spike only
    county = Region.objects.get(name="白水县")
    cases = PenaltyCase.objects.filter(region=county, decided_on__gte=dt.date(2025, 11, 1))
    moved = 0
    for index, case in enumerate(cases.order_by("pk")):
        if index % 5 < 3:  # 60 % of the year's decisions moved to the last day of their month
            last = calendar.monthrange(case.decided_on.year, case.decided_on.month)[1]
            case.decided_on = case.decided_on.replace(day=last)
            case.save(update_fields=["decided_on"])
            moved += 1
    assert moved > 30
    board = selectors.key_county_board(user=demo, month=MONTH)
    row = next(r for r in board.rows if r.region == county)
    assert row.result.flagged
    assert [s.name for s in row.result.fired] == ["month_end_spike"]
    assert {r.region.name for r in board.flagged} == {"新港区", "柳河县", "白水县"}
    client = Client()
    client.force_login(demo)
    page = client.get(f"/counties/{county.code}/cases/month_end_spike/?month={MONTH}")
    assert page.status_code == 200
    listed = list(page.context["cases"])
    assert listed and all(
        c.decided_on.day > calendar.monthrange(c.decided_on.year, c.decided_on.month)[1] - 5 for c in listed
    )


def test_model_hits_are_clues_each_county_officer_sees_for_their_own_county_only(demo):
    report = services.run_models(actor=demo, today=dt.date(2026, 11, 16))
    assert report.total_filed > 0
    hits = list(ModelHit.objects.select_related("region", "clue"))
    assert len(hits) == report.total_filed
    assert all(h.clue is not None and h.clue.channel == Channel.DATA_MODEL for h in hits)
    assert all(h.clue.source_ref == h.key and h.model.name in h.clue.summary for h in hits)
    again = services.run_models(actor=demo, today=dt.date(2026, 11, 16))
    assert again.total_filed == 0 and sum(again.already_filed.values()) == len(hits)
    assert Clue.objects.filter(channel=Channel.DATA_MODEL, source_ref__contains=":").count() == len(hits)

    xingang = Region.objects.get(name="新港区")
    mine = {h.clue_id for h in hits if h.region == xingang}
    assert mine
    officer = User.objects.get(username="xingang_zf1")  # 新港区 officer
    outsider = User.objects.get(username="liuhe_zf1")  # 柳河县 officer
    seen_by_officer = set(list_clues(user=officer, channel=Channel.DATA_MODEL).values_list("pk", flat=True))
    seen_by_outsider = set(list_clues(user=outsider, channel=Channel.DATA_MODEL).values_list("pk", flat=True))
    seen_by_city = set(list_clues(user=demo, channel=Channel.DATA_MODEL).values_list("pk", flat=True))
    assert mine <= seen_by_officer and not (mine & seen_by_outsider)
    assert {h.clue_id for h in hits} <= seen_by_city
    assert all(Clue.objects.get(pk=pk).region == xingang for pk in seen_by_officer)
    client = Client()
    client.force_login(officer)
    page = client.get("/clues/?channel=data_model")
    assert page.status_code == 200
    html = page.content.decode()
    for hit in hits:
        assert (f'href="/clues/{hit.clue_id}/"' in html) == (hit.region == xingang)

    # precision = confirmed / assessed, shown beside each model
    model_hits = [h for h in hits if h.model_id == hits[0].model_id]
    first = model_hits[0]
    Assessment.objects.create(
        clue=first.clue,
        verdict=Verdict.CONFIRMED,
        category="P3",
        opinion="经研判属实",
        decided_on=dt.date(2026, 11, 20),
    )
    rows = {r.model.pk: r for r in selectors.model_rows(user=demo)}
    assert rows[first.model_id].assessed == 1 and rows[first.model_id].precision == 1.0
    if len(model_hits) > 1:
        services.mark_false_positive(actor=demo, hit=model_hits[1], reason="该案有从重情节，系统未录入")
        row = {r.model.pk: r for r in selectors.model_rows(user=demo)}[first.model_id]
        assert (row.assessed, row.confirmed, row.false_positives, row.precision) == (2, 1, 1, 0.5)
    page = Client()
    page.force_login(demo)
    html = page.get("/problem-models/").content.decode()
    assert "准确率" in html and ("100 %" in html or "50 %" in html)
