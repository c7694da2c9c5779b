"""Positive incentives for good credit (002 实施方案 item 7): the list of firms eligible for 容缺受理
and for honours, refreshed from the enterprise register and the penalty cases, under a city's policy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from jiandu.audit.services import AuditAction, Change, record, snapshot
from jiandu.cases.models import CaseOutcome, CreditRepair, PenaltyCase, PublicityStatus, RepairStatus
from jiandu.engines.oversight import Penalty, eligible
from jiandu.errors import UserError
from jiandu.org.models import CreditClass, Enterprise, Region, User
from jiandu.org.selectors import region_subtree, visible_region_ids
from jiandu.oversight.models import EligibleFirm, IncentivePolicy
from jiandu.oversight.rules import oversight_rules
from jiandu.oversight.services._common import authorise, changed, city_of, created, now, today


@dataclass(frozen=True)
class Policy:
    classes: tuple[str, ...]
    window_months: int


def policy_for(region: Region) -> Policy:
    """The policy of the region's city, else the rule file's defaults."""
    stored = IncentivePolicy.objects.filter(region=city_of(region)).first()
    if stored is not None:
        return Policy(tuple(stored.classes), stored.window_months)
    rules = oversight_rules()
    return Policy(rules.incentive_classes, rules.incentive_window_months)


def set_policy(*, actor: User, region: Region, classes: Sequence[str], window_months: int) -> IncentivePolicy:
    city = city_of(region)
    authorise(actor, city.pk, "manage_incentives")
    chosen = [c for c in CreditClass.values if c in set(classes)]
    if not chosen or len(chosen) != len(set(classes)):
        raise UserError("请选择有效的信用风险分类（A、B、C、D）。", field="classes")
    if not 1 <= int(window_months) <= 60:
        raise UserError("期间应为 1 至 60 个月。", field="window_months")
    with transaction.atomic():
        item = IncentivePolicy.objects.filter(region=city).first()
        before = snapshot(item) if item else None
        if item is None:
            item = IncentivePolicy.objects.create(
                region=city, classes=chosen, window_months=window_months, updated_by=actor
            )
            created(actor, item, note="设定守信激励条件")
        else:
            item.classes, item.window_months, item.updated_by = chosen, window_months, actor
            item.save()
            changed(actor, item, before or {}, "修改守信激励条件")
    return item


@dataclass(frozen=True)
class Refresh:
    listed: int
    added: int
    removed: int


def refresh(*, actor: User, region: Region) -> Refresh:
    """Recompute the list for a region and the regions under it (inside the actor's scope)."""
    authorise(actor, region.pk, "manage_incentives")
    policy = policy_for(region)
    scope = set(visible_region_ids(actor))
    regions = [r for r in region_subtree(region).values_list("pk", flat=True) if r in scope]
    day = today()
    repaired_cases = set(
        CreditRepair.objects.filter(status=RepairStatus.APPROVED, case__region_id__in=regions).values_list(
            "case_id", flat=True
        )
    )
    penalties: dict[int, list[Penalty]] = defaultdict(list)
    for case_id, firm_id, decided_on, publicity in PenaltyCase.objects.filter(
        enterprise__region_id__in=regions, outcome=CaseOutcome.PENALTY, decided_on__isnull=False
    ).values_list("pk", "enterprise_id", "decided_on", "publicity_status"):
        if decided_on is None:
            continue
        repaired = case_id in repaired_cases or publicity == PublicityStatus.STOPPED
        penalties[firm_id].append(Penalty(decided_on=decided_on, repaired=repaired))
    moment = now()
    rows = []
    for firm_id, region_id, credit in Enterprise.objects.filter(
        region_id__in=regions, credit_class__in=policy.classes
    ).values_list("pk", "region_id", "credit_class"):
        ok, reason = eligible(
            credit,
            penalties.get(firm_id, []),
            classes=policy.classes,
            window_months=policy.window_months,
            today=day,
        )
        if ok:
            rows.append(
                EligibleFirm(
                    enterprise_id=firm_id,
                    region_id=region_id,
                    credit_class=credit,
                    reason=reason,
                    refreshed_at=moment,
                )
            )
    with transaction.atomic():
        old = set(EligibleFirm.objects.filter(region_id__in=regions).values_list("enterprise_id", flat=True))
        EligibleFirm.objects.filter(region_id__in=regions).delete()
        EligibleFirm.objects.bulk_create(rows, batch_size=2000)
        new = {r.enterprise_id for r in rows}
        result = Refresh(listed=len(rows), added=len(new - old), removed=len(old - new))
        record(
            actor=actor,
            change=Change(
                action=AuditAction.UPDATE,
                target_type="oversight.eligiblefirm",
                target_id="",
                target_repr=f"{region.name}守信激励名单",
                region_code=region.code,
                after={
                    "classes": list(policy.classes),
                    "window_months": policy.window_months,
                    "listed": result.listed,
                    "added": result.added,
                    "removed": result.removed,
                },
                note="更新守信激励名单",
            ),
        )
    return result
