"""Writes of the case library: typical cases, the full-text index, and the similar-case check.

The index is kept in files (``settings.SEARCH_INDEX_DIR``) by :mod:`jiandu.engines.similar`.
``index_case`` / ``remove_case`` are called by the case workflow after a case changes; they run
after the transaction commits, so the index never shows a change that was rolled back, and a
failure to index is logged, never raised into the workflow (``jiandu index rebuild`` repairs it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiandu import rulesets
from jiandu.audit.models import AuditAction
from jiandu.audit.services import Change, change_for, record, snapshot
from jiandu.cases.models import CaseOutcome, PenaltyCase
from jiandu.discretion import selectors as discretion_selectors
from jiandu.discretion.statutory import InputError, base_of, law_range
from jiandu.engines.similar import (
    CaseDoc,
    ConsistencyRules,
    Hit,
    Proposal,
    SearchQuery,
    SimilarCase,
    assess,
    parse_rules,
    select_similar,
)
from jiandu.errors import UserError
from jiandu.library import tasks
from jiandu.library.index import DECIDED_STATES, index_store
from jiandu.library.index import regions_for as _regions_for
from jiandu.library.models import TypicalCase
from jiandu.org.models import Domain, Region, User
from jiandu.org.permissions import check_permission

logger = logging.getLogger(__name__)

RULES_DIR = rulesets.RULESETS_DIR / "similar"
CASE_FIELDS = (
    "id", "decision_number", "violation", "facts", "legal_basis", "region_id", "domain__code", "item_code",
    "decided_on", "outcome", "fine", "status", "enterprise__name", "fine_base", "penalty_spec",
)  # fmt: skip


# --- the index ---------------------------------------------------------------------------------


def _case_doc(row: dict[str, Any]) -> CaseDoc:
    decided = row["decided_on"]
    return CaseDoc(
        kind="case",
        case_id=row["id"],
        decision_number=row["decision_number"] or "",
        title=row["violation"],
        text="\n".join(t for t in (row["facts"], row["legal_basis"]) if t),
        domain=row["domain__code"] or "",
        item_code=row["item_code"] or "",
        region_id=row["region_id"],
        year=decided.year if decided else 0,
        decided=decided.isoformat() if decided else "",
        outcome=row["outcome"],
        fine=Decimal(row["fine"] or 0),
        extra=_case_extra(row),
    )


def _case_extra(row: dict[str, Any]) -> dict[str, str]:
    """The party, and for a gain-based fine its base (so similar cases compare fine ÷ base)."""
    extra = {"party": row.get("enterprise__name") or ""}
    spec = row.get("penalty_spec") or {}
    if row.get("fine_base") and isinstance(spec, dict) and spec.get("kind") == "multiple":
        extra["fine_base"] = str(row["fine_base"])
        times = spec.get("max_times")
        if isinstance(times, int | float) and not isinstance(times, bool):
            extra["statutory_max"] = str(Decimal(str(row["fine_base"])) * Decimal(str(times)))
    elif isinstance(spec, dict) and spec.get("kind") == "range" and spec.get("max"):
        extra["statutory_max"] = str(spec["max"])
    return extra


def _similar_case(hit: Hit) -> SimilarCase:
    base = hit.extra.get("fine_base")
    units = hit.extra.get("units")
    top = hit.extra.get("statutory_max")
    return SimilarCase(
        outcome=hit.outcome,
        fine=hit.fine,
        score=hit.score,
        base=Decimal(base) if base else None,
        units=int(units) if units and units.isdigit() else None,
        statutory_max=Decimal(top) if top else None,
    )


def _typical_doc(typical: TypicalCase) -> CaseDoc:
    return CaseDoc(
        kind="typical",
        case_id=typical.pk,
        decision_number=typical.decision_number or f"典型案例第{typical.pk}号",
        title=f"{typical.title}:{typical.violation}",
        text="\n".join(t for t in (typical.facts, typical.legal_basis, typical.key_points) if t),
        domain=typical.domain.code,
        item_code=typical.item_code,
        region_id=typical.region_id,
        year=typical.decided_on.year,
        decided=typical.decided_on.isoformat(),
        outcome=typical.outcome,
        fine=typical.fine,
        extra={"party": ""},
    )


def _enqueue_index(
    *, cases: Sequence[int] = (), typicals: Sequence[int] = (), removed: Sequence[str] = ()
) -> None:
    """After the commit, hand the index change to the task queue (the worker is the index's one writer)."""
    what = ", ".join([*(f"案件 {c}" for c in cases), *(f"典型案例 {t}" for t in typicals), *removed])

    def run() -> None:
        try:
            tasks.apply_index_changes.enqueue(list(cases), list(typicals), list(removed))
        except Exception:  # the workflow must go on; a rebuild repairs the index
            logger.exception("案例库索引更新失败（%s），请运行 jiandu index rebuild", what)

    transaction.on_commit(run)


def sync_index(
    *, cases: Sequence[int] = (), typicals: Sequence[int] = (), removed: Sequence[str] = ()
) -> int:
    """Write the current database state of these records into the index; returns documents written."""
    store = index_store()
    docs: list[CaseDoc] = []
    keys = list(removed)
    rows = {row["id"]: row for row in PenaltyCase.objects.filter(pk__in=list(cases)).values(*CASE_FIELDS)}
    for case_id in cases:
        row = rows.get(case_id)
        if row is None or row["status"] not in DECIDED_STATES:
            keys.append(f"case:{case_id}")
        else:
            docs.append(_case_doc(row))
    found = {t.pk: t for t in TypicalCase.objects.select_related("domain").filter(pk__in=list(typicals))}
    for typical_id in typicals:
        if typical_id in found:
            docs.append(_typical_doc(found[typical_id]))
        else:
            keys.append(f"typical:{typical_id}")
    if keys:
        store.remove(keys)
    if docs:
        store.upsert(docs)
    return len(docs)


def index_case(case: PenaltyCase) -> None:
    """Put a penalty case into the index once it is decided (or take it out if it is not)."""
    if case.status not in DECIDED_STATES:
        remove_case(case.pk)
        return
    _enqueue_index(cases=[case.pk])


def remove_case(case_id: int) -> None:
    _enqueue_index(removed=[f"case:{case_id}"])


def _all_docs(region_ids: list[int] | None = None) -> Iterator[CaseDoc]:
    cases = PenaltyCase.objects.filter(status__in=DECIDED_STATES)
    typicals = TypicalCase.objects.select_related("domain")
    if region_ids is not None:
        cases = cases.filter(region_id__in=region_ids)
    for row in cases.values(*CASE_FIELDS).order_by("id").iterator(chunk_size=4000):
        yield _case_doc(row)
    for typical in typicals.order_by("id"):
        yield _typical_doc(typical)


@dataclass(frozen=True)
class RebuildReport:
    documents: int
    seconds: float
    size_bytes: int

    def __str__(self) -> str:
        return (
            f"案例库索引已重建：收录 {self.documents} 件（已决定的处罚案件与典型案例），"
            f"用时 {self.seconds:.1f} 秒，索引 {self.size_bytes / 2**20:.1f} MiB。"
        )


def rebuild_index(*, actor: User | None = None) -> RebuildReport:
    """Build the whole index afresh from the database and switch to it atomically."""
    started = time.perf_counter()
    store = index_store()
    count = store.build(_all_docs())
    report = RebuildReport(
        documents=count, seconds=time.perf_counter() - started, size_bytes=store.size_bytes()
    )
    if actor is not None:
        record(
            actor=actor,
            change=_index_change(note=str(report), after={"documents": count}),
        )
    return report


def _index_change(*, note: str, after: dict[str, Any]) -> Change:
    return Change(
        action=AuditAction.IMPORT,
        target_type="library.index",
        target_id="index",
        target_repr="案例库全文索引",
        after=after,
        note=note,
    )


# --- typical cases -----------------------------------------------------------------------------

TYPICAL_FIELDS = (
    "title", "region", "domain", "item_code", "decision_number", "violation", "facts", "legal_basis",
    "outcome", "fine", "decided_on", "key_points", "source_case",
)  # fmt: skip


def _clean_typical(values: dict[str, Any]) -> dict[str, Any]:
    labels = {f.name: str(f.verbose_name) for f in TypicalCase._meta.fields}
    for name in ("title", "violation", "facts"):
        if not str(values.get(name) or "").strip():
            raise UserError(f"“{labels[name]}”不能为空，请填写。")
    if values.get("outcome") not in CaseOutcome.values:
        raise UserError("“处理结果”须为予以处罚、警告或不予处罚之一。")
    try:
        fine = Decimal(str(values.get("fine") or "0")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise UserError("“罚款（元）”须为金额数字，例如 5000 或 5000.00。") from None
    if fine < 0:
        raise UserError("“罚款（元）”不能为负数。")
    if values["outcome"] != CaseOutcome.PENALTY and fine:
        raise UserError("处理结果为警告或不予处罚的，“罚款（元）”应为 0。")
    values["fine"] = fine
    if not isinstance(values.get("domain"), Domain):
        raise UserError("请选择“领域”。")
    if not isinstance(values.get("region"), Region):
        raise UserError("请选择“发布区划”。")
    if values.get("decided_on") is None:
        raise UserError("请填写“决定日期”。")
    return values


def _check_region(actor: User, region: Region) -> None:
    from jiandu.org.selectors import visible_region_ids

    if region.pk not in visible_region_ids(actor):
        raise UserError("“发布区划”不在您的管辖范围内。")


def create_typical_case(*, actor: User, **values: Any) -> TypicalCase:
    check_permission(actor, "manage_typical_cases")
    unknown = set(values) - set(TYPICAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values = _clean_typical({"outcome": CaseOutcome.PENALTY, **values})
    _check_region(actor, values["region"])
    with transaction.atomic():
        typical = TypicalCase.objects.create(created_by=actor, **values)
        record(
            actor=actor,
            change=change_for(typical, AuditAction.CREATE, after=snapshot(typical), note="选编典型案例"),
        )
        _enqueue_index(typicals=[typical.pk])
    return typical


def update_typical_case(*, actor: User, typical: TypicalCase, **values: Any) -> TypicalCase:
    check_permission(actor, "manage_typical_cases")
    unknown = set(values) - set(TYPICAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_region(actor, typical.region)
    merged = _clean_typical({**{n: getattr(typical, n) for n in TYPICAL_FIELDS}, **values})
    _check_region(actor, merged["region"])
    with transaction.atomic():
        before = snapshot(typical)
        for name, value in merged.items():
            setattr(typical, name, value)
        typical.save()
        record(
            actor=actor,
            change=change_for(typical, AuditAction.UPDATE, before=before, after=snapshot(typical)),
        )
        _enqueue_index(typicals=[typical.pk])
    return typical


def delete_typical_case(*, actor: User, typical: TypicalCase) -> None:
    check_permission(actor, "manage_typical_cases")
    _check_region(actor, typical.region)
    with transaction.atomic():
        key = f"typical:{typical.pk}"
        record(
            actor=actor,
            change=change_for(typical, AuditAction.DELETE, before=snapshot(typical), note="删除典型案例"),
        )
        typical.delete()
        _enqueue_index(removed=[key])


# --- the similar-case check ------------------------------------------------------------------


def current_rules() -> ConsistencyRules:
    """The similar-case rules in force today (the latest dated file not after today)."""
    path = rulesets.in_force(RULES_DIR, timezone.localdate())
    return ConsistencyRules() if path is None else rulesets.load(path, _parse_rules_file)


def _parse_rules_file(data: Any) -> ConsistencyRules:
    return parse_rules(data or {})


def _domain_code(domain_name: str) -> str:
    if not domain_name:
        return ""
    domain = (
        Domain.objects.filter(name=domain_name).first() or Domain.objects.filter(code=domain_name).first()
    )
    return domain.code if domain else ""


def _item_range(
    item_code: str, *, base: Decimal | None, units: int | None, party_kind: str
) -> tuple[dict[str, Any] | None, str]:
    """The statutory range of a catalogue item for these amounts today, or why there is none."""
    item = discretion_selectors.get_item(item_code)
    if item is None:
        return None, f"事项编码{item_code}不在现行目录中，未按法定幅度核对。"
    try:
        law = law_range(
            item, base=base, party_kind=party_kind, violation_date=timezone.localdate(), units=units
        )
    except InputError as error:
        if base is None:
            return None, f"该事项的法定罚款幅度取决于{base_of(item)}，填写计罚基数后才能按法定幅度核对。"
        return None, f"未能计算事项{item_code}的法定罚款幅度：{error}"
    if law is None:
        return None, f"事项{item_code}未规定罚款，未按法定幅度核对。"
    return {
        "min": law.minimum,
        "max": law.maximum,
        "source": "item",
        "explanation": law.explanation,
    }, ""


def check_similar(
    *,
    text: str,
    item_code: str = "",
    domain_name: str = "",
    proposed_outcome: str = "penalty",
    proposed_fine: Decimal | None = None,
    exclude_case_id: int | None = None,
    user: User | None = None,
    fine_base: Decimal | None = None,
    units: int | None = None,
    statutory_min: Decimal | None = None,
    statutory_max: Decimal | None = None,
    mitigation_reason: str = "",
    aggravation_reason: str = "",
    party_kind: str = "enterprise",
) -> dict[str, Any]:
    """The most similar decided cases and where the proposal sits among them (JSON-safe).

    Similar means: the same violation item when ``item_code`` is given and there are at least
    ``min_similar`` such cases; otherwise the closest texts in the same domain (BM25), keeping
    those scoring at least ``relative_score`` of the best. Only cases the user may see count.
    A gain-based proposal (``fine_base``) is compared as fine ÷ base, a per-unit one per unit;
    a fine above ``statutory_max``, or below ``statutory_min`` without a ``mitigation_reason``
    (减轻), or in the highest 30 % of the range without an ``aggravation_reason`` (从重), is always
    flagged, with the reason beside the flag. With an ``item_code`` and no range given, the range is
    the item's, computed from the catalogue for ``fine_base``, ``units`` and ``party_kind`` on today's
    date (``statutory_range`` in the result says which, and how).
    """
    rules = current_rules()
    if proposed_outcome not in CaseOutcome.values:
        raise ValueError(f"拟处理结果“{proposed_outcome}”无效，应为 penalty、warning 或 no_penalty。")
    if party_kind not in ("enterprise", "person"):
        raise ValueError(f"当事人类型“{party_kind}”无效，应为 enterprise（单位）或 person（个人）。")
    if statutory_min is not None and statutory_max is not None and statutory_min > statutory_max:
        raise ValueError("法定最低罚款额不能高于法定最高罚款额。")
    notes: list[str] = []
    statutory: dict[str, Any] | None = None
    if statutory_min is not None or statutory_max is not None:
        statutory = {"min": statutory_min, "max": statutory_max, "source": "typed", "explanation": ""}
    elif item_code:
        statutory, note = _item_range(item_code, base=fine_base, units=units, party_kind=party_kind)
        if note:
            notes.append(note)
        if statutory is not None:
            statutory_min, statutory_max = statutory["min"], statutory["max"]
    region_ids, ancestors = _regions_for(user)
    domain = _domain_code(domain_name)
    exclude = (f"case:{exclude_case_id}",) if exclude_case_id else ()
    store = index_store()
    base = SearchQuery(
        text=text,
        domain=domain,
        region_ids=region_ids,
        typical_region_ids=ancestors,
        exclude_keys=exclude,
        limit=rules.top_k,
        count=False,
    )
    hits = []
    basis = "text"
    if item_code:
        by_item = store.search(SearchQuery(**{**base.__dict__, "item_code": item_code, "domain": ""}))
        hits = select_similar(by_item.hits, rules)
        basis = "item"
        if len(hits) < rules.min_similar:
            notes.append(
                f"同一违法行为事项（{item_code}）的类案仅 {len(hits)} 件，改按案情文本在"
                f"{'同一领域' if domain else '全部领域'}检索。"
            )
            hits, basis = [], "text"
    if not hits and text.strip():
        hits = select_similar(store.search(base).hits, rules)
    consistency = assess(
        [_similar_case(h) for h in hits],
        Proposal(
            outcome=proposed_outcome,
            fine=proposed_fine,
            base=fine_base,
            units=units,
            statutory_min=statutory_min,
            statutory_max=statutory_max,
            mitigation_reason=mitigation_reason,
            aggravation_reason=aggravation_reason,
        ),
        rules,
    )
    result = consistency.as_dict()
    result["reasons"] = notes + result["reasons"]
    if statutory is not None:  # JSON-safe: the amounts as text
        statutory |= {k: str(statutory[k]) for k in ("min", "max") if statutory[k] is not None}
    result["statutory_range"] = statutory
    result["basis"] = basis
    result["index_ready"] = store.exists()
    result["similar"] = [
        {
            "kind": h.kind,
            "case_id": h.case_id,
            "decision_number": h.decision_number,
            "title": h.title,
            "score": h.score,
            "outcome": h.outcome,
            "outcome_label": CaseOutcome(h.outcome).label if h.outcome in CaseOutcome.values else h.outcome,
            "fine": str(h.fine),
            "decided_on": h.decided,
            "region_id": h.region_id,
            "domain": h.domain,
            "item_code": h.item_code,
            "snippet": h.snippet_text,
            "snippet_parts": [[piece, marked] for piece, marked in h.snippet],
        }
        for h in hits
    ]
    return result
