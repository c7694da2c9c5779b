"""Writes: the 重点县区 list, the problem models' switches, model runs (each hit filed as a clue once),
false-positive marks. Every change is audited."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from jiandu.analysis.models import KeyCounty, ModelHit, ProblemModel
from jiandu.analysis.rules import model_rules
from jiandu.analysis.selectors import evaluate_city, existing_hit_keys, model_data
from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Channel, ProblemCategory, ProblemSubtype
from jiandu.clues.services import file_clue
from jiandu.engines import anomaly, problem_models
from jiandu.errors import UserError
from jiandu.org.models import Domain, Enterprise, Region, RegionLevel, User
from jiandu.org.permissions import check_permission
from jiandu.org.selectors import visible_region_ids

logger = logging.getLogger(__name__)


def _check_region(actor: User, region: Region) -> None:
    if region.pk not in visible_region_ids(actor):
        raise PermissionDenied("该区划不在您的管辖范围内。")


# --- 重点县区 list ------------------------------------------------------------------------------


def put_on_key_list(*, actor: User, region: Region, period: str, note: str = "") -> KeyCounty:
    """Put a county on the 重点县区 list of a period, with the engine's reasons for that period.

    A county the engine did not flag needs a note saying why it is listed all the same.
    """
    check_permission(actor, "manage_key_counties")
    _check_region(actor, region)
    if region.level != RegionLevel.COUNTY or region.parent is None:
        raise UserError("只有县（市、区）可以列入重点县区名单。", field="region")
    try:
        anomaly.month_index(period)
    except anomaly.InputError as error:
        raise UserError(str(error), field="period") from None
    evaluation, _rows = evaluate_city(city=region.parent, month=period)
    result = evaluation.result_for(region.code)
    if result is None:
        raise UserError(f"{region.name}在 {period} 没有可评估的数据。", field="region")
    if not result.flagged and not note.strip():
        raise UserError(
            f"{region.name}在 {period} 未被识别为疑似重点县区；如仍要列入，请填写说明。", field="note"
        )
    with transaction.atomic():
        if KeyCounty.objects.select_for_update().filter(region=region, period=period).exists():
            raise UserError(f"{region.name}已在 {period} 的重点县区名单中。", field="region")
        entry = KeyCounty.objects.create(
            region=region,
            period=period,
            rank=result.rank,
            score=Decimal(str(result.score)).quantize(Decimal("0.01")),
            reasons=list(result.reasons),
            signals=[s.as_dict() for s in result.fired],
            rules_version=evaluation.rules_version,
            note=note.strip()[:500],
            added_by=actor,
        )
        record(
            actor=actor,
            change=change_for(entry, AuditAction.CREATE, after=snapshot(entry), note="列入重点县区"),
        )
    return entry


def remove_from_key_list(*, actor: User, entry: KeyCounty, reason: str) -> None:
    check_permission(actor, "manage_key_counties")
    _check_region(actor, entry.region)
    if not reason.strip():
        raise UserError("请填写移出重点县区名单的理由。", field="reason")
    with transaction.atomic():
        before = snapshot(entry)
        record(
            actor=actor,
            change=change_for(
                entry, AuditAction.DELETE, before=before, note=f"移出重点县区：{reason.strip()}"
            ),
        )
        entry.delete()


# --- problem models ---------------------------------------------------------------------------


def sync_models(*, actor: User | None = None, on: dt.date | None = None) -> dict[str, ProblemModel]:
    """Make the table match the rule file in force: new models are added, names and versions updated.

    Whether a model is enabled is the staff's switch and is kept.
    """
    rules = model_rules(on)
    out: dict[str, ProblemModel] = {}
    with transaction.atomic():
        for rule in rules.models:
            model = ProblemModel.objects.select_for_update().filter(code=rule.code).first()
            values = {
                "name": rule.name,
                "version": rule.version,
                "description": rule.description,
                "legal_basis": list(rule.legal_basis),
            }
            if model is None:
                model = ProblemModel.objects.create(code=rule.code, enabled=rule.enabled, **values)
                record(actor=actor, change=change_for(model, AuditAction.CREATE, after=snapshot(model)))
            elif any(getattr(model, k) != v for k, v in values.items()):
                before = snapshot(model, list(values))
                for k, v in values.items():
                    setattr(model, k, v)
                model.save()
                record(
                    actor=actor,
                    change=change_for(
                        model, AuditAction.UPDATE, before=before, after=snapshot(model, list(values))
                    ),
                )
            out[rule.code] = model
    return out


def set_model_enabled(*, actor: User, model: ProblemModel, enabled: bool) -> ProblemModel:
    check_permission(actor, "run_problem_models")
    with transaction.atomic():
        before = {"enabled": model.enabled}
        model.enabled = enabled
        model.save(update_fields=["enabled"])
        record(
            actor=actor,
            change=change_for(
                model,
                AuditAction.UPDATE,
                before=before,
                after={"enabled": enabled},
                note="启用" if enabled else "停用",
            ),
        )
    return model


@dataclass
class RunReport:
    filed: Counter[str] = field(default_factory=Counter)
    already_filed: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)  # hits that could not be filed, with the reason
    models: list[str] = field(default_factory=list)

    @property
    def total_filed(self) -> int:
        return sum(self.filed.values())

    def lines(self, names: dict[str, str]) -> list[str]:
        out = []
        for code in self.models:
            filed, before = self.filed[code], self.already_filed[code]
            out.append(f"{names.get(code, code)}：新登记线索 {filed} 条，已登记过的命中 {before} 条")
        out.extend(self.skipped)
        return out


def _clue_text(model: ProblemModel, hit: problem_models.Hit) -> str:
    category = dict(ProblemCategory.choices).get(hit.category, hit.category)
    subtype = dict(ProblemSubtype.choices).get(hit.subtype, "") if hit.subtype else ""
    kind = f"{category}({subtype})" if subtype else str(category)
    return (
        f"【问题模型：{model.name}（规则版本 {hit.version}）】{hit.summary}。"
        f"理由：{'；'.join(hit.reasons)}。疑似问题类别：{kind}。依据：{'、'.join(hit.legal_basis)}。"
        "本线索由数据模型自动发现，请研判；如属误报，请在问题模型页面标记并说明理由。"
    )


def run_models(*, actor: User | None, only: Iterable[str] = (), today: dt.date | None = None) -> RunReport:
    """Run the enabled models (or those in ``only``) and file each new hit as a clue (channel 数据模型).

    Idempotent: a hit whose key is already stored is not filed again, whatever the rules' version.
    Each hit is filed in its own transaction, so one bad record does not lose the rest.
    """
    if actor is not None:
        check_permission(actor, "run_problem_models")
    wanted = list(only)
    models = sync_models(actor=actor, on=today)
    unknown = [code for code in wanted if code not in models]
    if unknown:
        known = "、".join(f"{code}({m.name})" for code, m in models.items())
        raise UserError(f"没有问题模型“{'、'.join(unknown)}”；可用的模型：{known}。", field="model")
    rules = model_rules(today)
    if not wanted:
        wanted = [code for code, m in models.items() if m.enabled]
    report = RunReport(models=wanted)
    if not wanted:
        return report
    hits = problem_models.run(rules, model_data(today=today), only=wanted)
    seen = existing_hit_keys(h.key for h in hits)
    regions = {r.code: r for r in Region.objects.all()}
    domains = {d.name: d for d in Domain.objects.all()}
    enterprise_ids = {h.enterprise_id for h in hits if h.enterprise_id is not None}
    enterprises = {e.pk: e for e in Enterprise.objects.filter(pk__in=enterprise_ids)}
    case_ids = {e.id for h in hits for e in h.evidence[:1] if e.kind == "case"}
    case_exists = set(PenaltyCase.objects.filter(pk__in=case_ids).values_list("pk", flat=True))
    now = timezone.now()
    for hit in hits:
        if hit.key in seen:
            report.already_filed[hit.model] += 1
            continue
        region = regions.get(hit.region)
        if region is None:
            report.skipped.append(f"命中 {hit.key} 的区划 {hit.region} 不存在，未登记")
            continue
        model = models[hit.model]
        first = hit.evidence[0] if hit.evidence else None
        case_id = first.id if first is not None and first.kind == "case" and first.id in case_exists else None
        try:
            with transaction.atomic():
                clue = file_clue(
                    actor=actor,
                    channel=Channel.DATA_MODEL,
                    summary=_clue_text(model, hit),
                    region=region,
                    received_at=now,
                    enterprise=enterprises.get(hit.enterprise_id) if hit.enterprise_id else None,
                    domain=domains.get(hit.domain),
                    source_ref=hit.key,
                )
                entry = ModelHit.objects.create(
                    model=model,
                    version=hit.version,
                    key=hit.key,
                    region=region,
                    summary=hit.summary,
                    reasons=list(hit.reasons),
                    evidence=[e.as_dict() for e in hit.evidence],
                    case_id=case_id,
                    enterprise_id=hit.enterprise_id if hit.enterprise_id in enterprises else None,
                    clue=clue,
                )
                record(
                    actor=actor,
                    change=change_for(
                        entry, AuditAction.CREATE, after=snapshot(entry), note="问题模型命中并登记线索"
                    ),
                )
        except IntegrityError:  # another run filed the same hit a moment ago: nothing to do
            report.already_filed[hit.model] += 1
            continue
        report.filed[hit.model] += 1
    ProblemModel.objects.filter(code__in=wanted).update(last_run_at=now)
    return report


def mark_false_positive(*, actor: User, hit: ModelHit, reason: str) -> ModelHit:
    """Staff mark a hit as a false positive (误报), with a reason; it then counts against precision."""
    check_permission(actor, "mark_model_hits")
    _check_region(actor, hit.region)
    if not reason.strip():
        raise UserError("请填写误报理由。", field="reason")
    if hit.false_positive:
        raise UserError("该命中已标记为误报。")
    with transaction.atomic():
        hit.false_positive = True
        hit.false_positive_reason = reason.strip()
        hit.marked_by = actor
        hit.marked_at = timezone.now()
        hit.save(update_fields=["false_positive", "false_positive_reason", "marked_by", "marked_at"])
        record(
            actor=actor,
            change=change_for(
                hit,
                AuditAction.UPDATE,
                before={"false_positive": False},
                after={"false_positive": True, "false_positive_reason": hit.false_positive_reason},
                note="标记为误报",
            ),
        )
    return hit
