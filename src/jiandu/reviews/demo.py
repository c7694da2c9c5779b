"""Demo data of the reviews app: 双百回访 tasks for every demo case that needs one (most done, some
overdue, some not yet due), a few 事后回访, AV-record checks, and two review campaigns (cross and random)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from jiandu.cases.models import PenaltyCase
from jiandu.clues.services import file_clue
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Region, Role, User
from jiandu.reviews import services
from jiandu.reviews.models import (
    AvCheck,
    CaseReview,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    RectificationState,
    ReviewCampaign,
    ReviewMethod,
    VisitMethod,
)
from jiandu.reviews.rules import av_checklist, follow_up_rules, get_score_sheet, mandatory_visit_reasons

OPINIONS = (
    "执法人员讲解了违法事实和依据，处罚决定我们接受。",
    "希望今后多开展合规指导，提前提醒。",
    "执法过程规范，对整改给予了具体指导。",
    "对处罚金额有不同看法，已依法申请复议，对执法人员态度无意见。",
    "整改已完成，希望尽快办理信用修复。",
)
NEEDS = ("", "", "希望提供标签标识方面的培训。", "希望指导办理信用修复。", "希望帮助对接检验检测机构。")
PROBLEM_OPINIONS = {  # question code answered the problem way → what the firm said
    "procedure_explained": "执法人员未说明处罚依据，只让签字。",
    "rights_told": "未被告知可以申请听证。",
    "conduct_civil": "执法人员态度生硬，当众训斥店员。",
    "improper_demands": "检查时执法人员要求企业购买指定的培训资料。",
    "extra_burden": "同一事项一个月内被不同科室重复检查三次。",
}


def _visit_answers(rng: random.Random, problem: bool) -> tuple[dict[str, str], str]:
    """Questionnaire answers and, when there is a problem, the firm's words about it."""
    answers = {
        "procedure_explained": "yes",
        "rights_told": "yes",
        "conduct_civil": "yes",
        "improper_demands": "no",
        "extra_burden": "no",
    }
    if not problem:
        return answers, rng.choice(OPINIONS)
    key = rng.choice(list(answers))
    answers[key] = "no" if answers[key] == "yes" else "yes"
    return answers, PROBLEM_OPINIONS[key]


# The demo's clues begin with the campaign (the loader's CLUE_START): a problem met on an earlier visit
# was handled before the clue register existed.
CLUES_FROM = dt.date(2025, 5, 1)


def load_demo(*, city: Region, scale: float, rng: random.Random, log: Callable[[str], None]) -> None:
    today = timezone.localdate()
    rules = follow_up_rules()
    calendar = load_calendar()
    counties = list(Region.objects.filter(parent=city))
    cases = list(
        PenaltyCase.objects.filter(region__in=counties, status__in=services.CLOSED_STATUSES)
        .select_related("enterprise")
        .order_by("decision_number")
    )
    # Cases another demo module already carried through the workflow have their tasks already.
    existing = set(FollowUp.objects.filter(region__in=counties).values_list("case_id", "kind"))
    tasks: list[FollowUp] = []
    problem_tasks: list[FollowUp] = []
    decided: dict[int, dt.date] = {c.pk: c.decided_on or today for c in cases}
    for case in cases:
        reasons = mandatory_visit_reasons(services.case_facts(case), rules)
        if not reasons or (case.pk, FollowUpKind.MANDATORY) in existing:
            continue
        due = calendar.add(decided[case.pk], rules.deadline_workdays)
        task = FollowUp(
            case=case,
            kind=FollowUpKind.MANDATORY,
            region_id=case.region_id,
            reasons=reasons,
            rules_version=rules.version,
            due_on=due,
        )
        # Older tasks are mostly done; a few slipped past their deadline. Recent ones are partly done.
        done_share = 0.93 if due < today else 0.35
        if rng.random() < done_share:
            latest = min(today, due + dt.timedelta(days=10 if rng.random() < 0.1 else 0))
            span = max(0, (latest - decided[case.pk]).days)
            task.status = FollowUpStatus.DONE
            task.visited_on = decided[case.pk] + dt.timedelta(days=rng.randint(min(3, span), span))
            task.visitors = "、".join(case.officers.split("、")[:2]) or "回访组"
            task.method = rng.choices(VisitMethod.values, [6, 3, 1])[0]
            problem = rng.random() < 0.03
            task.answers, task.opinion = _visit_answers(rng, problem)
            task.rectification = rng.choices(RectificationState.values, [70, 15, 3, 12])[0]
            task.needs = rng.choice(NEEDS)
            if problem and task.visited_on >= CLUES_FROM:
                problem_tasks.append(task)
        tasks.append(task)
    # 事后回访 for a sample of the other recent cases
    recent = [c for c in cases if decided[c.pk] >= today - dt.timedelta(days=120)]
    mandatory_ids = {t.case_id for t in tasks}
    for case in rng.sample(recent, min(len(recent), max(10, round(150 * scale)))):
        if case.pk in mandatory_ids or (case.pk, FollowUpKind.AFTER_PENALTY) in existing:
            continue
        due = calendar.add(decided[case.pk], rules.after_penalty_deadline_workdays)
        task = FollowUp(
            case=case,
            kind=FollowUpKind.AFTER_PENALTY,
            region_id=case.region_id,
            reasons=["处罚后回访（体检式监管 服务型执法第14项）"],
            rules_version=rules.version,
            due_on=due,
        )
        if due < today and rng.random() < 0.8:
            task.status = FollowUpStatus.DONE
            task.visited_on = min(today, decided[case.pk] + dt.timedelta(days=rng.randint(5, 30)))
            task.visitors = "、".join(case.officers.split("、")[:2]) or "回访组"
            task.method = VisitMethod.ON_SITE
            task.answers, task.opinion = _visit_answers(rng, False)
            task.rectification = RectificationState.DONE
            task.needs = rng.choice(NEEDS)
        tasks.append(task)
    FollowUp.objects.bulk_create(tasks, batch_size=2000)
    by_region = {r.pk: r for r in counties}
    for task in problem_tasks:
        task.region = by_region[task.region_id]
        summary = (
            f"双百回访发现：{task.case.enterprise.name}（案件 {task.case.decision_number}）"
            f"反映：{task.opinion}"
        )
        task.clue = file_clue(
            actor=None,
            channel="follow_up",
            summary=summary,
            region=task.region,
            enterprise=task.case.enterprise,
            received_at=timezone.make_aware(dt.datetime.combine(task.visited_on or today, dt.time(15, 0))),
        )
        task.save(update_fields=["clue"])
    n_mandatory = sum(1 for t in tasks if t.kind == FollowUpKind.MANDATORY)
    log(f"双百回访任务 {n_mandatory} 件，事后回访 {len(tasks) - n_mandatory} 件")
    _campaigns(city=city, counties=counties, cases=cases, rng=rng, log=log)
    _av_checks(cases=cases, rng=rng)


def _campaigns(
    *,
    city: Region,
    counties: Sequence[Region],
    cases: Sequence[PenaltyCase],
    rng: random.Random,
    log: Callable[[str], None],
) -> None:
    organiser = User.objects.filter(region=city, role=Role.TASK_FORCE).order_by("username").first()
    if organiser is None or not cases:
        return
    reviewers = list(
        User.objects.filter(
            Q(region__in=counties, role__in=[Role.COUNTY_BUREAU, Role.OFFICER])
            | Q(region=city, role=Role.LEGAL_REVIEWER)
        ).order_by("username")
    )
    last = max(c.decided_on or dt.date.min for c in cases)
    quarter_start = dt.date(last.year, ((last.month - 1) // 3) * 3 + 1, 1)
    window = {"decided_from": quarter_start.isoformat(), "decided_to": last.isoformat()}
    campaigns: list[ReviewCampaign] = []
    if len({r.region_id for r in reviewers}) >= 2:
        campaigns.append(
            services.create_campaign(
                actor=organiser,
                name=f"{quarter_start.year}年第{(quarter_start.month - 1) // 3 + 1}季度交叉评查",
                method=ReviewMethod.CROSS,
                region=city,
                criteria={**window, "per_county": 3},
                reviewers=reviewers,
            )
        )
    campaigns.append(
        services.create_campaign(
            actor=organiser,
            name=f"{quarter_start.year}年随机评查",
            method=ReviewMethod.RANDOM,
            region=city,
            criteria={**window, "ratio": "0.01", "by_county": True},
            reviewers=reviewers,
            seed=f"中原市案卷评查-{last.isoformat()}",
        )
    )
    sheet = get_score_sheet(campaigns[0].sheet_version)
    items = [i for g in sheet.groups for i in g.items]
    scored = 0
    for review in CaseReview.objects.filter(campaign__in=campaigns).select_related(
        "reviewer", "case", "campaign"
    ):
        if review.reviewer is None or rng.random() < 0.35:
            continue
        picks = rng.sample(items, rng.choice((0, 1, 1, 2, 2, 3)))
        deductions = {
            i.code: str(max(i.minimum, min(i.points, Decimal(rng.choice((1, 1, 2, 3)))))) for i in picks
        }
        vetoes = [sheet.veto[rng.randrange(len(sheet.veto))].code] if rng.random() < 0.04 else []
        services.score_review(
            actor=review.reviewer,
            review=review,
            deductions=deductions,
            vetoes=vetoes,
            comments={code: "案卷中未见相应材料" for code in deductions},
        )
        scored += 1
    log(f"评查活动 {len(campaigns)} 个，已评分案卷 {scored} 件")


def _av_checks(*, cases: Sequence[PenaltyCase], rng: random.Random) -> None:
    checklist = av_checklist()
    checker = User.objects.filter(role=Role.TASK_FORCE, region__isnull=False).order_by("username").first()
    for case in rng.sample(list(cases), min(12, len(cases))):
        answers = {item.code: True for item in checklist.items}
        if rng.random() < 0.25:
            answers[rng.choice(checklist.items).code] = False
        services.record_av_check(
            actor=checker,  # type: ignore[arg-type]
            case=case,
            answers=answers,
            note="" if all(answers.values()) else "现场检查环节执法记录仪画面中断约 3 分钟",
        )


def delete_demo(*, regions: Sequence[Region]) -> None:
    in_city = Q(region__in=regions)
    FollowUp.objects.filter(in_city | Q(case__region__in=regions)).delete()
    AvCheck.objects.filter(in_city | Q(case__region__in=regions)).delete()
    CaseReview.objects.filter(in_city | Q(case__region__in=regions)).delete()
    ReviewCampaign.objects.filter(in_city).delete()
