"""Demo data of the reports app (after the other apps): the 2025 campaign's schedule, filings of the
monthly forms, a returned and resubmitted form, practices, suggestions and 立改废释 suggestions.

Every county files the June 2025 form; the city returns one, which is corrected, resubmitted and
accepted. The May form is accepted for all counties but one, which never files (shown as late in the
roll-up). Filing dates are set back into the campaign's months, as the real county heads would have
filed them then.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from django.db.models import Q

from jiandu.clues.models import Clue, Suggestion, SuggestionSource, Verdict
from jiandu.clues.services import record_suggestion
from jiandu.org.models import Region, Role, User
from jiandu.reports.models import Campaign, LawSuggestion, Practice, Reminder, ReportKind, Submission
from jiandu.reports.rulesets import RULESET_DIR, load_campaign_file
from jiandu.reports.selectors import due_of
from jiandu.reports.services import (
    accept_submission,
    load_campaign,
    record_law_suggestion,
    record_practice,
    return_submission,
    save_draft,
    select_practice,
    start_submission,
    submit_submission,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
PRACTICES = (
    (
        "推行“综合查一次”联合检查",
        "整合同一企业的多项检查事项，由牵头科室统一组织一次完成，检查结果互认。",
        "企业接受检查次数明显减少。",
    ),
    (
        "建立涉企执法问题“直通车”快速响应机制",
        "设立专门受理窗口和联络员，企业反映的问题当日登记、三日内反馈。",
        "问题办理时限明显缩短。",
    ),
    (
        "实行轻微违法“首违不罚”清单化管理",
        "对照免罚清单逐案审核，同步开展行政指导和普法宣传。",
        "首次轻微违法企业均得到指导整改。",
    ),
    (
        "开展裁量基准“以案释法”培训",
        "选取本地典型案例，逐条讲解裁量基准的适用，统一执法尺度。",
        "同类案件裁量差异缩小。",
    ),
)
SUGGESTIONS = (
    (SuggestionSource.FORUM, "建议对同一企业的多部门检查统筹安排，减少重复进企。"),
    (SuggestionSource.OPINION_CARD, "希望执法人员在检查前出示检查事项清单。"),
    (SuggestionSource.VISIT, "建议对小微企业的轻微问题多指导、少处罚。"),
    (SuggestionSource.SUPERVISOR, "建议公开裁量基准，便于企业自查。"),
    (SuggestionSource.MONITORING_POINT, "建议统一各县区食品经营许可现场核查标准。"),
)
COMMENTS = ("座谈会场次与台账不符，请核实后重新报送。", "退费金额与整改台账不一致，请核对。")


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def _backdate(submission: Submission, day: dt.date, *, decided: dt.date | None = None) -> None:
    """Demo only: the filing happened in the campaign's months, not at the moment the demo loads."""
    Submission.objects.filter(pk=submission.pk).update(
        submitted_at=_at(day, 16),
        first_submitted_at=_at(day, 16),
        **({"decided_at": _at(decided, 10)} if decided else {}),
    )


def _filer(county: Region, admin: User) -> User:
    head = User.objects.filter(region=county, role=Role.COUNTY_BUREAU, is_active=True).order_by("pk").first()
    return head or admin


def _typed(rng: random.Random) -> dict[str, str]:
    return {
        "forums_held": str(rng.randint(1, 4)),
        "cards_issued": str(rng.randint(50, 400)),
        "enterprises_visited": str(rng.randint(10, 80)),
    }


def load_demo(*, city: Region, scale: float, rng: random.Random, log: Callable[[str], None]) -> None:
    admin = User.objects.filter(region=city, role=Role.TASK_FORCE, is_superuser=True).order_by("pk").first()
    task_force = (
        User.objects.filter(region=city, role=Role.TASK_FORCE, is_superuser=False).order_by("pk").first()
    )
    if admin is None or task_force is None:
        return
    campaign = load_campaign(
        actor=None, data=load_campaign_file(RULESET_DIR / "campaigns" / "2025.yaml"), region=city
    )
    counties = list(Region.objects.filter(parent=city).order_by("code"))
    items = {(i.kind, i.period_start): i for i in campaign.schedule.all()}
    may = items[(ReportKind.MONTHLY_FORM, dt.date(2025, 5, 1))]
    june = items[(ReportKind.MONTHLY_FORM, dt.date(2025, 6, 1))]
    july = items[(ReportKind.MONTHLY_FORM, dt.date(2025, 7, 1))]
    for index, county in enumerate(counties):
        filer = _filer(county, admin)
        for item, skip in ((may, index == len(counties) - 1), (june, False)):
            if skip:
                continue
            due = due_of(item)
            submission = start_submission(actor=filer, item=item, region=county)
            save_draft(actor=filer, submission=submission, typed=_typed(rng))
            submission = submit_submission(actor=filer, submission=submission)
            filed_on = due - dt.timedelta(days=rng.randint(0, 4))
            if item is june and index == 1:  # returned once, corrected and filed again
                return_submission(actor=task_force, submission=submission, comment=rng.choice(COMMENTS))
                save_draft(actor=filer, submission=submission, typed=_typed(rng))
                submission = submit_submission(actor=filer, submission=submission)
            accept_submission(actor=task_force, submission=submission)
            _backdate(submission, filed_on, decided=due)
        if index < 3:  # a few counties have started July
            start_submission(actor=filer, item=july, region=county)
        for title, text, effect in rng.sample(PRACTICES, 2):
            practice = record_practice(
                actor=filer, region=county, title=title, text=text, effect=effect, campaign=campaign
            )
            if rng.random() < 0.4:
                select_practice(actor=task_force, practice=practice, publish=rng.random() < 0.5)
        confirmed = list(
            Clue.objects.filter(region=county, assessment__verdict=Verdict.CONFIRMED).order_by("pk")[:3]
        )
        for source, text in rng.sample(SUGGESTIONS, 2):
            record_suggestion(
                actor=None, region=county, source=source, text=text, source_ref="2025年专项行动"
            )
        if confirmed and index % 3 == 0:
            record_law_suggestion(
                actor=filer,
                region=county,
                document="某市户外广告设置管理办法",
                level="normative",
                provision="第十二条",
                problem="对未备案的临时性宣传物料一律处以罚款，未区分情节，导致小微商户反复被罚。",
                action="amend",
                proposal="增加首次轻微违法责令改正、不予处罚的情形，与免罚清单衔接。",
                clues=confirmed,
            )
    work = items[(ReportKind.WORK_REPORT, dt.date(2025, 4, 1))]
    for county in counties[:2]:
        start_submission(actor=_filer(county, admin), item=work, region=county)
    filed = Submission.objects.filter(item__campaign=campaign).count()
    log(f"专项行动报送安排 {campaign.schedule.count()} 项，报送材料 {filed} 份")


def delete_demo(*, regions: Sequence[Region]) -> None:
    Reminder.objects.filter(region__in=regions).delete()
    Submission.objects.filter(region__in=regions).delete()
    Practice.objects.filter(region__in=regions).delete()
    LawSuggestion.objects.filter(region__in=regions).delete()
    Suggestion.objects.filter(Q(region__in=regions) | Q(clue__region__in=regions)).delete()
    Campaign.objects.filter(region__in=regions).delete()
