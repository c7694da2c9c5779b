"""Review campaigns: selection by the five methods, recusal of reviewers, closing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.cases.models import DECIDED_STATUSES, PenaltyCase
from jiandu.clues.models import Clue
from jiandu.errors import UserError
from jiandu.org.models import Domain, Region, Role, User
from jiandu.org.permissions import check_permission
from jiandu.org.selectors import region_subtree, visible_region_ids
from jiandu.reviews.models import (
    CampaignStatus,
    CaseReview,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    ReviewCampaign,
    ReviewMethod,
    ReviewStatus,
)
from jiandu.reviews.rules import (
    RuleError,
    current_score_sheet,
)
from jiandu.reviews.workflow import CAMPAIGN, CampaignAction, check

# A case counts as closed for reviews once it is decided.

CLOSED_STATUSES = DECIDED_STATUSES
REVIEWER_ROLES = {Role.TASK_FORCE, Role.LEGAL_REVIEWER, Role.COUNTY_BUREAU, Role.OFFICER}


def today() -> dt.date:
    return timezone.localdate()


# --- selection ---------------------------------------------------------------------------------


def _scope_region_ids(region: Region) -> list[int]:
    return list(region_subtree(region).values_list("pk", flat=True))


def _parse_date(value: Any, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UserError(f"{label}“{value}”格式错误，应为 YYYY-MM-DD。") from None


def _parse_money(value: Any, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise UserError(f"{label}“{value}”不是有效金额。") from None
    if amount < 0:
        raise UserError(f"{label}不能为负数。")
    return amount


# What selection, recusal and the reasons read; loading whole cases (60 fields) would be slow.
SELECTION_FIELDS = (
    "decision_number", "region_id", "unit_id", "domain_id", "enterprise_id", "officers", "fine",
    "decided_on", "reconsidered", "litigated", "status", "violation", "item_code",
    "region__code", "region__name", "domain__code", "domain__name",
)  # fmt: skip


def closed_cases(region: Region, criteria: Mapping[str, Any]) -> QuerySet[PenaltyCase]:
    """The closed cases of a scope, within the optional decision-date window of the criteria."""
    cases = PenaltyCase.objects.filter(region_id__in=_scope_region_ids(region), status__in=CLOSED_STATUSES)
    start = _parse_date(criteria.get("decided_from"), "决定日期起")
    end = _parse_date(criteria.get("decided_to"), "决定日期止")
    if start and end and start > end:
        raise UserError("决定日期起不能晚于决定日期止。")
    if start:
        cases = cases.filter(decided_on__gte=start)
    if end:
        cases = cases.filter(decided_on__lte=end)
    return (
        cases.select_related("region", "domain")
        .only(*SELECTION_FIELDS)
        .order_by("region__code", "decided_on", "decision_number")
    )


def _select_key(cases: QuerySet[PenaltyCase], criteria: Mapping[str, Any]) -> list[tuple[PenaltyCase, str]]:
    min_fine = _parse_money(criteria.get("min_fine"), "罚款金额下限")
    domains = set(criteria.get("domains") or [])
    with_clues = bool(criteria.get("with_clues"))
    overturned = bool(criteria.get("overturned"))
    if min_fine is None and not domains and not with_clues and not overturned:
        raise UserError("重点评查至少需要一个条件：罚款金额下限、重点领域、有问题线索或经复议诉讼。")
    unknown = domains - set(Domain.objects.filter(code__in=domains).values_list("code", flat=True))
    if unknown:
        raise UserError(f"重点领域编码无效：{'、'.join(sorted(unknown))}。")
    condition = Q(pk__in=[])
    if min_fine is not None:
        condition |= Q(fine__gte=min_fine)
    if domains:
        condition |= Q(domain__code__in=domains)
    if overturned:
        condition |= Q(reconsidered=True) | Q(litigated=True)
    clue_counts: dict[int, int] = {}
    if with_clues:
        clue_counts = dict(
            Clue.objects.filter(enterprise_id__isnull=False, region_id__in=cases.values("region_id"))
            .values("enterprise_id")
            .annotate(n=Count("id"))
            .values_list("enterprise_id", "n")
        )
        condition |= Q(enterprise_id__in=list(clue_counts))
    selected = []
    for case in cases.filter(condition):
        reasons = []
        if min_fine is not None and case.fine >= min_fine:
            reasons.append(f"罚款 {case.fine:,.2f} 元不低于 {min_fine:,.2f} 元")
        if case.domain.code in domains:
            reasons.append(f"重点领域：{case.domain.name}")
        if with_clues and case.enterprise_id in clue_counts:
            reasons.append(f"当事人有问题线索 {clue_counts[case.enterprise_id]} 条")
        if overturned and case.reconsidered:
            reasons.append("申请行政复议")
        if overturned and case.litigated:
            reasons.append("提起行政诉讼")
        selected.append((case, ";".join(reasons)))
    return selected


def _select_special(
    cases: QuerySet[PenaltyCase], criteria: Mapping[str, Any]
) -> list[tuple[PenaltyCase, str]]:
    domain_code = str(criteria.get("domain") or "")
    item_code = str(criteria.get("item_code") or "").strip()
    keyword = str(criteria.get("violation") or "").strip()
    if not (domain_code or item_code or keyword):
        raise UserError("专项评查需要指定一个领域、违法行为事项编码或违法行为关键词。")
    parts = []
    if domain_code:
        domain = Domain.objects.filter(code=domain_code).first()
        if domain is None:
            raise UserError(f"领域编码“{domain_code}”无效。")
        cases = cases.filter(domain=domain)
        parts.append(f"专项领域：{domain.name}")
    if item_code:
        cases = cases.filter(item_code=item_code)
        parts.append(f"违法行为事项：{item_code}")
    if keyword:
        cases = cases.filter(violation__contains=keyword)
        parts.append(f"违法行为含“{keyword}”")
    reason = ";".join(parts)
    return [(case, reason) for case in cases]


def _select_random(
    cases: QuerySet[PenaltyCase], criteria: Mapping[str, Any], *, seed: str, plan_id: str
) -> tuple[list[tuple[PenaltyCase, str]], dict[str, Any]]:
    from jiandu.engines.lottery import VERSION, Candidate, LotteryError, draw  # the published algorithm

    if not seed.strip():
        raise UserError("随机评查需要公布的随机种子。")
    try:
        ratio = Decimal(str(criteria.get("ratio") or ""))
    except InvalidOperation:
        raise UserError(
            f"抽取比例“{criteria.get('ratio')}”无效，应为 0 到 1 之间的小数，例如 0.05。"
        ) from None
    if not Decimal("0") < ratio <= Decimal("1"):
        raise UserError("抽取比例应大于 0 且不超过 1，例如 0.05 表示 5%。")
    by_county = bool(criteria.get("by_county", True))
    by_id: dict[str, PenaltyCase] = {}
    candidates = []
    for case in cases:
        key = case.decision_number or str(case.pk)
        by_id[key] = case
        stratum = case.region.code if by_county else "all"
        candidates.append(Candidate(id=key, stratum=stratum))
    if not candidates:
        raise UserError("评查范围内没有已结案件，无法抽取。")
    strata = {c.stratum for c in candidates}
    try:
        result = draw(
            seed=seed.strip(),
            plan_id=plan_id,
            candidates=candidates,
            ratios=dict.fromkeys(strata, str(ratio)),
        )
    except LotteryError as error:
        raise UserError(str(error)) from None
    percent = f"{ratio * 100:g}%"
    selected = []
    for item in result.selected:
        case = by_id[item.id]
        selected.append((case, f"随机抽取（种子 {seed.strip()}，按 {percent} 比例，排序键 {item.key[:16]}）"))
    published = result.to_json()
    published["version"] = VERSION
    published["ratio"] = str(ratio)
    return selected, published


def _officer_names(case: PenaltyCase) -> set[str]:
    return {name.strip() for name in case.officers.replace(",", "、").split("、") if name.strip()}


def reviewer_conflict(reviewer: User, case: PenaltyCase, *, cross: bool) -> str:
    """Why a reviewer may not review a case ("" if they may). Handling the case always excludes."""
    if reviewer.full_name and reviewer.full_name in _officer_names(case):
        return "曾承办该案件"
    if cross:
        if reviewer.region_id is not None and reviewer.region_id == case.region_id:
            return "属于案件所在县（市、区）"
        if reviewer.unit_id is not None and reviewer.unit_id == case.unit_id:
            return "属于办案机构"
    return ""


def assign_reviewers(
    pairs: Sequence[tuple[PenaltyCase, str]], reviewers: Sequence[User], *, cross: bool
) -> list[User | None]:
    """The least-loaded eligible reviewer for each case, in order; an error names a case nobody may take."""
    if not reviewers:
        return [None] * len(pairs)
    load = {r.pk: 0 for r in reviewers}
    chosen: list[User | None] = []
    for case, _reason in pairs:
        eligible = [r for r in reviewers if not reviewer_conflict(r, case, cross=cross)]
        if not eligible:
            raise UserError(
                f"案件 {case.decision_number}（{case.region.name}）没有符合回避要求的评查人，"
                "请增加其他县（市、区）或机构的评查人。"
            )
        best = min(eligible, key=lambda r: load[r.pk])
        load[best.pk] += 1
        chosen.append(best)
    return chosen


def create_campaign(
    *,
    actor: User,
    name: str,
    method: str,
    region: Region,
    criteria: Mapping[str, Any] | None = None,
    reviewers: Iterable[User] = (),
    seed: str = "",
) -> ReviewCampaign:
    """Set up a campaign, select its cases by the method, store every selection reason."""
    check_permission(actor, "manage_reviews")
    criteria = dict(criteria or {})
    name = name.strip()
    if not name:
        raise UserError("请填写评查活动名称。")
    if method not in ReviewMethod.values:
        raise UserError(f"评查方式“{method}”无效。")
    if region.pk not in visible_region_ids(actor):
        raise UserError("评查范围超出您的管辖区划。")
    reviewers = list(reviewers)
    for reviewer in reviewers:
        if reviewer.role not in REVIEWER_ROLES or not reviewer.is_active:
            raise UserError(f"{reviewer}的角色不能担任评查人。")
    cross = method == ReviewMethod.CROSS
    if cross and not reviewers:
        raise UserError("交叉评查需要指定评查人。")
    try:
        sheet = current_score_sheet(today())
    except RuleError as error:
        raise UserError(str(error)) from None
    cases = closed_cases(region, criteria)
    with transaction.atomic():
        campaign = ReviewCampaign.objects.create(
            name=name,
            method=method,
            region=region,
            criteria=criteria,
            sheet_version=sheet.version,
            seed=seed.strip(),
            created_by=actor,
        )
        draw_json = None
        if method == ReviewMethod.FULL:
            pairs = [(case, "全面评查：评查范围内的已结案件") for case in cases]
        elif method == ReviewMethod.KEY:
            pairs = _select_key(cases, criteria)
        elif method == ReviewMethod.SPECIAL:
            pairs = _select_special(cases, criteria)
        elif method == ReviewMethod.RANDOM:
            pairs, draw_json = _select_random(cases, criteria, seed=seed, plan_id=f"review-{campaign.pk}")
        else:
            if criteria.get("domain"):
                cases = cases.filter(domain__code=criteria["domain"])
            limit = int(criteria.get("per_county") or 0)
            taken: dict[int, int] = {}
            pairs = []
            for case in cases.order_by("region__code", "-decided_on", "decision_number"):
                if limit and taken.get(case.region_id, 0) >= limit:
                    continue
                taken[case.region_id] = taken.get(case.region_id, 0) + 1
                pairs.append((case, "交叉评查：由其他县（市、区）评查人评查"))
        if not pairs:
            raise UserError("按所选条件没有选出案件，请调整评查范围或条件。")
        chosen = assign_reviewers(pairs, reviewers, cross=cross)
        CaseReview.objects.bulk_create(
            [
                CaseReview(
                    campaign=campaign, case=case, region_id=case.region_id, reason=reason[:300], reviewer=who
                )
                for (case, reason), who in zip(pairs, chosen, strict=True)
            ],
            batch_size=2000,
        )
        if draw_json is not None:
            campaign.draw = draw_json
            campaign.save(update_fields=["draw"])
        after = snapshot(campaign)
        after["selected"] = len(pairs)
        after["reviewers"] = [r.pk for r in reviewers]
        record(actor=actor, change=change_for(campaign, AuditAction.CREATE, after=after, note="评查选案"))
    return campaign


def close_campaign(*, actor: User, campaign: ReviewCampaign) -> ReviewCampaign:
    """Close a campaign once every review is confirmed and every required 双百回访 is done."""
    check_permission(actor, "confirm_reviews")
    with transaction.atomic():
        campaign = ReviewCampaign.objects.select_for_update().get(pk=campaign.pk)
        check(CAMPAIGN, CampaignAction.CLOSE, state=campaign.status, what="评查活动")
        open_reviews = campaign.reviews.exclude(status=ReviewStatus.CONFIRMED)
        if open_reviews.exists():
            first = open_reviews.select_related("case").first()
            example = first.case if first is not None else ""
            raise UserError(f"尚有 {open_reviews.count()} 件案卷未确认评查结果（例如 {example}），不能办结。")
        missing = FollowUp.objects.filter(
            kind=FollowUpKind.MANDATORY,
            case_id__in=campaign.reviews.values("case_id"),
        ).exclude(status=FollowUpStatus.DONE)
        if missing.exists():
            raise UserError(f"尚有 {missing.count()} 件案件的双百回访未完成，不能办结评查活动。")
        campaign.status = CampaignStatus.CLOSED
        campaign.save(update_fields=["status"])
        record(
            actor=actor,
            change=change_for(
                campaign,
                AuditAction.TRANSITION,
                before={"status": CampaignStatus.SELECTED},
                after={"status": CampaignStatus.CLOSED},
            ),
        )
    return campaign
