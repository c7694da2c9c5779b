"""Demo data: triage the demo city's clues and walk a realistic share of them through the workflow.

The loader creates the clues; this module runs the triage engine on them, sets each one's state by
its age (old clues are mostly closed, recent ones still being assessed), and writes the records a
real run would leave: lead units, assessments with causes, consultations with opinions, opinions of
the judicial-administration department, a few discipline referrals, and the audit entries of every
step. Ledger items come from ``jiandu.rectify.demo``. Deterministic for a given ``rng``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from jiandu.audit.services import Change, record_many
from jiandu.clues.criteria import criteria_items
from jiandu.clues.models import (
    Assessment,
    Clue,
    ClueStatus,
    Consultation,
    ConsultationOpinion,
    DisciplineReferral,
    JudicialOpinion,
    ProblemCategory,
    ProblemSubtype,
)
from jiandu.clues.services import _triager, link_duplicates, units_for_region
from jiandu.clues.workflow import deadline_rules
from jiandu.engines.workdays import WorkdayCalendar
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Domain, Region, Unit, UnitKind

S = ClueStatus
DEMO_ACTOR = "演示数据"

# (age bucket upper bound in days, {final state: weight})
STATE_BY_AGE: list[tuple[int, dict[str, float]]] = [
    (40, {S.RECEIVED: 10, S.TRIAGED: 22, S.ASSESSING: 30, S.CONSULTATION: 8, S.JUDICIAL_OPINION: 2,
          S.CONFIRMED: 8, S.NOT_CONFIRMED: 7, S.RECTIFYING: 13}),
    (120, {S.ASSESSING: 4, S.CONSULTATION: 3, S.JUDICIAL_OPINION: 2, S.CONFIRMED: 3, S.NOT_CONFIRMED: 4,
           S.RECTIFYING: 22, S.RECTIFIED: 6, S.REFERRED: 2, S.CLOSED: 54}),
    (100_000, {S.RECTIFYING: 6, S.RECTIFIED: 2, S.REFERRED: 2, S.CLOSED: 90}),
]  # fmt: skip

# the path of states leading to each final state (closed picks one of two paths)
PATH_CONFIRMED: list[str] = [
    S.RECEIVED,
    S.TRIAGED,
    S.ASSESSING,
    S.CONFIRMED,
    S.RECTIFYING,
    S.RECTIFIED,
    S.CLOSED,
]
PATH_REJECTED: list[str] = [S.RECEIVED, S.TRIAGED, S.ASSESSING, S.NOT_CONFIRMED, S.CLOSED]

CAUSES = (
    "执法人员对《优化营商环境条例》和行政执法“三项制度”理解不到位，重处罚、轻服务的观念仍然存在。",
    "所内对检查事项缺乏统筹，同一企业被不同股室重复检查，检查计划未纳入“双随机、一公开”统一安排。",
    "裁量基准执行不严，案件审核把关不细，未综合考虑当事人初次违法、危害后果轻微等情节。",
    "个别执法人员纪律意识淡薄，对执法行为规范要求掌握不牢，日常教育管理和监督不到位。",
    "罚没收入与考核指标挂钩的做法未彻底纠正，存在以罚代管、趋利执法的倾向。",
    "异地协查程序不清，未按规定办理协助手续即跨区域实施调查。",
    "收费项目公示不全，委托第三方检测的费用承担规则未向企业说明。",
    "执法记录仪使用不规范，现场执法用语不文明，缺少对执法全过程的音像记录核查。",
)
OPINIONS_CONFIRMED = (
    "经调阅案卷、询问当事人和执法人员，反映情况基本属实，属于{label}问题。",
    "经核查执法记录和相关票据，反映问题属实，认定为{label}。",
    "经会商研判，该执法行为违反执法规范要求，认定为{label}。",
)
OPINIONS_REJECTED = (
    "经核查，执法人员依法履行职责，程序合法，未发现反映的问题。",
    "经调阅执法记录仪视频，现场执法文明规范，反映情况与事实不符。",
    "反映事项属于经营者之间的民事纠纷，不属于四类重点问题，已告知当事人救济途径。",
)
UNIT_OPINIONS = (
    "同意牵头机构的初步意见。",
    "建议补充调取执法记录仪视频后再作认定。",
    "本机构职责范围内未发现相关执法活动，同意按牵头机构意见处理。",
    "涉及收费标准问题，建议征求价格主管部门意见。",
)
SUBTYPES = {
    "P1": ["P1a", "P1b", "P1c", "P1d"],
    "P2": ["P2a", "P2b"],
    "P3": [""],
    "P4": ["P4a", "P4b", "P4c", "P4d", "P4e", "P4f"],
}


def _city_clues(city: Region) -> list[Clue]:
    return list(
        Clue.objects.filter(Q(region=city) | Q(region__parent=city))
        .select_related("region", "domain")
        .order_by("received_at", "pk")
    )


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    states = list(weights)
    return rng.choices(states, [weights[s] for s in states])[0]


def _path(final: str, rng: random.Random) -> list[str]:
    """The states a clue went through; about one verdict in six came after a consultation."""
    path = _plain_path(final, rng)
    at = path.index(S.ASSESSING) + 1 if S.ASSESSING in path else len(path)
    verdict_next = at < len(path) and path[at] in (S.CONFIRMED, S.NOT_CONFIRMED)
    if verdict_next and rng.random() < 0.17:
        path = [*path[:at], S.CONSULTATION, *path[at:]]
    return path


def _plain_path(final: str, rng: random.Random) -> list[str]:
    if final == S.CLOSED:
        return PATH_CONFIRMED if rng.random() < 0.65 else PATH_REJECTED
    if final == S.NOT_CONFIRMED:
        return PATH_REJECTED[:4]
    if final in (S.CONSULTATION, S.JUDICIAL_OPINION):
        return [S.RECEIVED, S.TRIAGED, S.ASSESSING, final]
    if final == S.REFERRED:
        return [S.RECEIVED, S.TRIAGED, S.ASSESSING, S.REFERRED]
    return PATH_CONFIRMED[: PATH_CONFIRMED.index(final) + 1]


# working days each step usually took in the demo (min, max)
STEP_TOOK: dict[str, tuple[int, int]] = {
    S.TRIAGED: (0, 2), S.ASSESSING: (1, 3), S.CONSULTATION: (3, 8), S.JUDICIAL_OPINION: (3, 8),
    S.CONFIRMED: (5, 18), S.NOT_CONFIRMED: (5, 18), S.REFERRED: (5, 15), S.RECTIFYING: (1, 6),
    S.RECTIFIED: (3, 35), S.CLOSED: (1, 6),
}  # fmt: skip


def back_workdays(calendar: WorkdayCalendar, day: dt.date, n: int) -> dt.date:
    """The working day ``n`` working days before ``day``."""
    while n > 0:
        day -= dt.timedelta(days=1)
        n -= calendar.is_workday(day)
    return day


LATE_SHARE = 0.2


def recent_start(calendar: WorkdayCalendar, today: dt.date, days: int, rng: random.Random) -> dt.date:
    """When an open step began: within its deadline, or (one time in five) already past it."""
    if rng.random() < LATE_SHARE:
        back = days + rng.randint(2, days // 2 + 4)
    else:
        back = rng.randint(0, max(days - 1, 0))
    return back_workdays(calendar, today, back)


def _fallback_unit(region: Region, units: dict[int, list[Unit]]) -> Unit | None:
    own = units.get(region.pk, [])
    kinds = (UnitKind.BUREAU,) if region.level == "county" else (UnitKind.TASK_FORCE,)
    return next((u for u in own if u.kind in kinds), own[0] if own else None)


def load_demo(*, city: Region, scale: float, rng: random.Random, log: Callable[[str], None]) -> None:
    clues = _city_clues(city)
    if not clues:
        return
    triager = _triager()
    criteria = criteria_items()
    calendar = load_calendar()
    today = timezone.localdate()
    latest = max(timezone.localdate(c.received_at) for c in clues)
    now_day = min(today, latest + dt.timedelta(days=21))
    unit_maps: dict[int, dict[str, Unit]] = {}
    region_units: dict[int, list[Unit]] = {}
    for each in Unit.objects.filter(Q(region=city) | Q(region__parent=city)).order_by("pk"):
        region_units.setdefault(each.region_id, []).append(each)
    city_business = [u for u in region_units.get(city.pk, []) if u.kind == UnitKind.BUSINESS]
    domains_by_name: dict[str, Domain] = {}
    changes: list[Change] = []
    assessments, consultations, judicial, referrals = [], [], [], []
    opinions: list[tuple[int, list[Unit], Unit]] = []
    for clue in clues:
        if clue.region_id not in unit_maps:
            unit_maps[clue.region_id] = units_for_region(clue.region)
        units = unit_maps[clue.region_id]
        if triager is not None:
            suggestion = triager.suggest(
                clue.summary, units={k: u.name for k, u in units.items()}, criteria=criteria
            )
            clue.suggestion = {**suggestion.to_json(), "version": suggestion.version}
            clue.category, clue.subtype = suggestion.category or "", suggestion.subtype or ""
            if clue.domain is None and suggestion.domain:
                if not domains_by_name:
                    domains_by_name = {d.name: d for d in Domain.objects.all()}
                clue.domain = domains_by_name.get(suggestion.domain)
        unit: Unit | None = (units.get(clue.domain.name) if clue.domain else None) or _fallback_unit(
            clue.region, region_units
        )
        clue.suggested_unit = unit
        received = timezone.localdate(clue.received_at)
        age = (now_day - received).days
        weights = next(w for limit, w in STATE_BY_AGE if age <= limit)
        final = _pick(rng, weights)
        path = _path(final, rng)
        day = received
        steps: list[tuple[str, dt.date]] = [(S.RECEIVED, received)]
        for state in path[1:]:
            low, high = STEP_TOOK[state]
            nxt = calendar.add(day, rng.randint(low, high))
            if nxt > now_day:
                break
            day = nxt
            steps.append((state, day))
        clue.status, clue.step_started_on = steps[-1]
        if clue.status != S.CLOSED:
            # an open step began recently: about one in five is past its deadline, as in real work
            days = deadline_rules().steps.get(clue.status, 20)
            clue.step_started_on = max(clue.step_started_on, recent_start(calendar, today, days, rng))
        if clue.status != S.RECEIVED:
            clue.lead_unit = unit
        reached = {state: when for state, when in steps}
        verdict_state = (
            S.CONFIRMED if S.CONFIRMED in reached else S.NOT_CONFIRMED if S.NOT_CONFIRMED in reached else None
        )
        if verdict_state is not None:
            if verdict_state == S.CONFIRMED:
                category = (
                    clue.category
                    if clue.category in ("P1", "P2", "P3", "P4")
                    else rng.choice(["P1", "P3", "P4"])
                )
                subtype = (
                    clue.subtype
                    if clue.subtype.startswith(category) and clue.subtype
                    else rng.choice(SUBTYPES[category])
                )
                label = ProblemSubtype(subtype).label if subtype else ProblemCategory(category).label
                opinion = rng.choice(OPINIONS_CONFIRMED).format(label=label)
                cause = rng.choice(CAUSES)
            else:
                category, subtype, opinion, cause = "P0", "", rng.choice(OPINIONS_REJECTED), ""
            clue.category, clue.subtype = category, subtype
            assessments.append(
                Assessment(
                    clue=clue,
                    unit=unit,
                    verdict=verdict_state,
                    category=category,
                    subtype=subtype,
                    domain=clue.domain,
                    opinion=opinion,
                    cause_analysis=cause,
                    decided_on=reached[verdict_state],
                )
            )
        if S.CONSULTATION in reached and unit is not None:
            others = [u for u in city_business if u.pk != unit.pk]
            partners = rng.sample(others, k=min(len(others), rng.randint(1, 2)))
            consultations.append(
                Consultation(
                    clue=clue,
                    lead_unit=unit,
                    topic="涉及多个业务机构职责，需会商确定认定意见。",
                    opened_on=reached[S.CONSULTATION],
                    conclusion=assessments[-1].opinion if verdict_state and assessments else "",
                )
            )
            opinions.append((clue.pk, [unit, *partners], unit))
        if clue.status == S.JUDICIAL_OPINION:
            judicial.append(
                JudicialOpinion(
                    clue=clue,
                    question="该执法行为是否属于乱检查，现有规定不明确，请予指导。",
                    requested_on=reached[S.JUDICIAL_OPINION],
                )
            )
        if clue.status == S.REFERRED:
            referrals.append(
                DisciplineReferral(
                    clue=clue,
                    organ="市纪委监委派驻市场监管局纪检监察组",
                    persons="（演示）执法人员甲",
                    reason="反映执法人员收受企业财物，涉嫌违反廉洁纪律。",
                    referred_on=reached[S.REFERRED],
                )
            )
        for (before, _), (after, when) in itertools.pairwise(steps):
            changes.append(
                Change(
                    action="transition",
                    target_type="clues.clue",
                    target_id=str(clue.pk),
                    target_repr=str(clue),
                    region_code=clue.region.code,
                    before={"status": before},
                    after={"status": after, "on": when.isoformat()},
                    note=f"演示：{S(after).label}（{when:%Y-%m-%d}）",
                )
            )
    Clue.objects.bulk_update(
        clues,
        [
            "status",
            "step_started_on",
            "category",
            "subtype",
            "suggestion",
            "suggested_unit",
            "lead_unit",
            "domain",
        ],
        batch_size=500,
    )
    Assessment.objects.bulk_create(assessments)
    JudicialOpinion.objects.bulk_create(judicial)
    DisciplineReferral.objects.bulk_create(referrals)
    created = {c.clue_id: c for c in Consultation.objects.bulk_create(consultations)}
    through = Consultation.units.through
    links: list[Any] = []
    notes: list[ConsultationOpinion] = []
    for clue_id, members, lead in opinions:
        consultation = created[clue_id]
        links.extend(through(consultation_id=consultation.pk, unit_id=u.pk) for u in members)
        notes.extend(
            ConsultationOpinion(
                consultation=consultation,
                unit=u,
                opinion=rng.choice(UNIT_OPINIONS),
                given_on=consultation.opened_on,
            )
            for u in members
            if u.pk != lead.pk and rng.random() < 0.7
        )
    through.objects.bulk_create(links)
    ConsultationOpinion.objects.bulk_create(notes)
    record_many(actor=DEMO_ACTOR, changes=changes)
    for clue in clues:
        link_duplicates(clue)
    counts: dict[str, int] = {}
    for clue in clues:
        counts[clue.status] = counts.get(clue.status, 0) + 1
    log(
        "问题线索办理进度："
        + ",".join(f"{S(s).label} {n}" for s, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        + ("" if triager is not None else "（分拣引擎未安装，未生成分拣建议）")
    )


def delete_demo(*, regions: list[Region]) -> None:
    Clue.objects.filter(region__in=regions).delete()


__all__ = ["delete_demo", "load_demo"]
