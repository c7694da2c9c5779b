"""Writes for problem clues. Every channel files through `file_clue`; every step goes through `_move`."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from jiandu.audit.services import AuditAction, Change, change_for, record, record_many, snapshot
from jiandu.clues import duplicates
from jiandu.clues.criteria import criteria_items
from jiandu.clues.models import (
    Assessment,
    Channel,
    Clue,
    ClueAttachment,
    ClueImport,
    ClueStatus,
    Consultation,
    ConsultationOpinion,
    DisciplineReferral,
    DuplicateLink,
    JudicialOpinion,
    ProblemCategory,
    ProblemSubtype,
    Suggestion,
    SuggestionSource,
    SuggestionStatus,
    Verdict,
)
from jiandu.clues.uploads import check_uploads, stored_file
from jiandu.clues.workflow import Action, transition, transition_for, unit_blocked
from jiandu.engines.identity import mask_identity
from jiandu.errors import UserError
from jiandu.org.models import Domain, Enterprise, Region, Role, Unit, User
from jiandu.org.permissions import check_permission, has_permission
from jiandu.org.selectors import visible_region_ids
from jiandu.org.transitions import Transition

Actor = User | str | None
logger = logging.getLogger(__name__)
IDENTITY_FIELDS = ("reporter_name", "reporter_phone", "reporter_email")
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _today() -> dt.date:
    return timezone.localdate()


def _public_snapshot(clue: Clue) -> dict[str, Any]:
    """The clue as the audit trail keeps it: identities of reporters stay out (auditors read it)."""
    data = snapshot(clue)
    for name in IDENTITY_FIELDS:
        data.pop(name, None)
    data.pop("suggestion", None)
    return data


def new_receipt_code() -> str:
    body = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{body[:5]}-{body[5:]}"


# --- triage ------------------------------------------------------------------------------------


def _triager() -> Any:
    """The triage engine (reloaded when the model is retrained); None while it is not installed."""
    try:
        from jiandu.engines.triage import Triager

        return Triager.load()
    except ImportError:
        return None
    except Exception:  # a damaged model file must not stop intake
        logger.exception("无法载入分拣引擎")
        return None


def units_for_region(region: Region) -> dict[str, Unit]:
    """Domain name -> the unit that assesses clues of that domain in this region (own units first)."""
    mapping: dict[str, Unit] = {}
    chain = [region, *([region.parent] if region.parent_id else [])]
    for place in chain:
        for unit in Unit.objects.filter(region=place).prefetch_related("domains").order_by("pk"):
            for domain in unit.domains.all():
                mapping.setdefault(domain.name, unit)
    return mapping


def _apply_suggestion(clue: Clue, units: dict[str, Unit] | None = None) -> bool:
    triager = _triager()
    if triager is None:
        return False
    if units is None:
        units = units_for_region(clue.region)
    try:
        suggestion = triager.suggest(
            clue.summary, units={name: u.name for name, u in units.items()}, criteria=criteria_items()
        )
    except Exception:  # intake never fails because of triage; the clue waits for staff triage
        logger.exception("分拣引擎出错，线索 %s 留待人工分拣", clue.pk)
        return False
    clue.suggestion = {**suggestion.to_json(), "version": getattr(suggestion, "version", "")}
    clue.category = suggestion.category or ""
    clue.subtype = suggestion.subtype or ""
    if clue.domain_id is None and suggestion.domain:
        clue.domain = Domain.objects.filter(name=suggestion.domain).first()
    unit = units.get(clue.domain.name) if clue.domain is not None else None
    if unit is None and suggestion.unit:
        unit = next((u for u in units.values() if u.name == suggestion.unit), None)
    clue.suggested_unit = unit
    if clue.lead_unit_id is None:
        clue.lead_unit = unit
    return True


def _mark_triaged(clue: Clue) -> None:
    """A new clue whose suggestion was applied moves to 已分拣."""
    clue.status = ClueStatus.TRIAGED
    clue.step_started_on = _today()


def _triage_change(clue: Clue) -> Change:
    return change_for(
        clue,
        AuditAction.TRANSITION,
        before={"status": ClueStatus.RECEIVED},
        after={
            "status": clue.status,
            "category": clue.category,
            "subtype": clue.subtype,
            "domain_id": clue.domain_id,
            "suggested_unit_id": clue.suggested_unit_id,
            "confidence": (clue.suggestion or {}).get("confidence"),
        },
        note="自动分拣",
    )


def _auto_triage(clue: Clue) -> None:
    if clue.status != ClueStatus.RECEIVED or not _apply_suggestion(clue):
        return
    _mark_triaged(clue)
    clue.save()
    record(actor=None, change=_triage_change(clue))


# --- duplicates --------------------------------------------------------------------------------


def _city_region_ids(region: Region) -> list[int]:
    root = region.parent if region.parent_id and region.level == "county" else region
    assert root is not None
    return [root.pk, *Region.objects.filter(parent=root).values_list("pk", flat=True)]


def _duplicate_matches(clue: Clue, pool: QuerySet[Clue]) -> list[tuple[float, int, str]]:
    """Clues of ``pool`` that may report the same thing as ``clue``: (score, id, reasons), best first."""
    window = dt.timedelta(days=duplicates.WINDOW_DAYS)
    nearby = Q(region_id=clue.region_id)  # text and officers are compared within the same region
    if clue.enterprise_id:
        nearby |= Q(enterprise_id=clue.enterprise_id)  # the same firm anywhere in the city
    if clue.enterprise_name:
        nearby |= Q(enterprise_name=clue.enterprise_name)
    candidates = (
        pool.filter(
            nearby,
            region_id__in=_city_region_ids(clue.region),
            received_at__gte=clue.received_at - window,
            received_at__lte=clue.received_at + window,
        )
        .exclude(pk=clue.pk)
        .order_by("-received_at")
        .values_list("pk", "summary", "enterprise_id", "enterprise_name", "officers")[
            : duplicates.MAX_CANDIDATES
        ]
    )
    mine = duplicates.bigrams(clue.summary)
    my_officers = duplicates.officer_names(clue.officers)
    found: list[tuple[float, int, str]] = []
    for pk, summary, enterprise_id, enterprise_name, officers in candidates:
        same_firm = bool(
            (clue.enterprise_id and clue.enterprise_id == enterprise_id)
            or (clue.enterprise_name and clue.enterprise_name == enterprise_name)
        )
        same_officers = bool(my_officers and my_officers & duplicates.officer_names(officers))
        score = duplicates.similarity(mine, duplicates.cached_bigrams(summary))
        reasons = duplicates.duplicate_reasons(score=score, same_firm=same_firm, same_officers=same_officers)
        if reasons:
            found.append((score, pk, "、".join(reasons)))
    found.sort(key=lambda item: (-item[0], -item[1]))
    return found[: duplicates.MAX_LINKS]


def _links_for(clue: Clue, found: list[tuple[float, int, str]]) -> list[DuplicateLink]:
    links: list[DuplicateLink] = []
    for score, other_id, text in found:
        value = Decimal(str(round(score, 2)))
        links.append(DuplicateLink(clue_id=clue.pk, other_id=other_id, score=value, reasons=text))
        links.append(DuplicateLink(clue_id=other_id, other_id=clue.pk, score=value, reasons=text))
    return links


def _duplicates_change(clue: Clue, links: list[DuplicateLink]) -> Change:
    return change_for(
        clue,
        AuditAction.UPDATE,
        after={"duplicates": sorted(link.other_id for link in links if link.clue_id == clue.pk)},
        note="发现疑似重复线索（仅关联，不合并）",
    )


def link_duplicates(clue: Clue) -> list[DuplicateLink]:
    """Link the clue with earlier or later ones that may report the same thing; never merge."""
    links = _links_for(clue, _duplicate_matches(clue, Clue.objects.all()))
    if links:
        DuplicateLink.objects.bulk_create(links, ignore_conflicts=True)
        record(actor=None, change=_duplicates_change(clue, links))
    return [link for link in links if link.clue_id == clue.pk]


# --- filing ------------------------------------------------------------------------------------


def file_clue(
    *,
    actor: Actor,
    channel: str,
    summary: str,
    region: Region,
    received_at: dt.datetime | None = None,
    enterprise: Enterprise | None = None,
    domain: Domain | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    enterprise_name: str = "",
    officers: str = "",
    unit_named: str = "",
    source_ref: str = "",
    attachments: Sequence[tuple[str, bytes]] = (),
    with_receipt: bool = False,
    redact_identity: bool = False,
    import_job: ClueImport | None = None,
) -> Clue:
    """Record one clue from any channel, then triage it and link possible duplicates.

    Staff entry, the public mailbox, imports, e-mail, case reviews and follow-up visits all call this.
    With ``redact_identity`` (offered to staff at intake) the reporter's name, phone numbers and ID
    numbers found inside the text (engines/identity.py) are replaced before the text is stored; the
    reporter fields keep them for the handlers. With ``import_job`` (the background work-order
    import) the clue is stored *pending*: hidden from every query until the import shows its batch.
    """
    if redact_identity:
        summary = mask_identity(summary, [reporter_name])
    if channel not in Channel.values:
        raise UserError(f"线索渠道“{channel}”无效")
    if not summary.strip():
        raise UserError("线索内容不能为空")
    files = check_uploads(list(attachments))
    with transaction.atomic():
        clue = _new_clue(
            channel=channel,
            summary=summary,
            region=region,
            received_at=received_at,
            enterprise=enterprise,
            domain=domain,
            reporter_name=reporter_name,
            reporter_phone=reporter_phone,
            reporter_email=reporter_email,
            enterprise_name=enterprise_name,
            officers=officers,
            unit_named=unit_named,
            source_ref=source_ref,
            import_job=import_job,
        )
        clue.receipt_code = new_receipt_code() if with_receipt else None
        clue.save(force_insert=True)
        for name, data in files:
            ClueAttachment.objects.create(clue=clue, file=stored_file(name, data), name=name, size=len(data))
        after = _public_snapshot(clue)
        after["attachments"] = [name for name, _ in files]
        record(actor=actor, change=change_for(clue, AuditAction.CREATE, after=after))
        _auto_triage(clue)
        link_duplicates(clue)
    return clue


def _new_clue(
    *,
    channel: str,
    summary: str,
    region: Region,
    received_at: dt.datetime | None = None,
    enterprise: Enterprise | None = None,
    domain: Domain | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    enterprise_name: str = "",
    officers: str = "",
    unit_named: str = "",
    source_ref: str = "",
    import_job: ClueImport | None = None,
) -> Clue:
    """An unsaved clue as every channel stores it (lengths cut to the columns)."""
    return Clue(
        channel=channel,
        summary=summary.strip(),
        region=region,
        received_at=received_at or timezone.now(),
        enterprise=enterprise,
        enterprise_name=(enterprise_name or (enterprise.name if enterprise else "")).strip()[:100],
        domain=domain,
        officers=officers.strip()[:200],
        unit_named=unit_named.strip()[:100],
        reporter_name=reporter_name.strip()[:50],
        reporter_phone=reporter_phone.strip()[:30],
        reporter_email=reporter_email.strip()[:120],
        source_ref=source_ref[:120],
        step_started_on=timezone.localdate(received_at) if received_at else _today(),
        import_job=import_job,
        pending=import_job is not None,
    )


# what automatic triage changes on a new clue; the creation entry records the values before it
_TRIAGE_FIELDS = ("status", "category", "subtype", "domain", "suggested_unit", "lead_unit", "step_started_on")


def file_clues(
    *, actor: User, channel: str, items: Sequence[dict[str, Any]], import_job: ClueImport
) -> list[Clue]:
    """File a batch of imported clues (the background work-order import): the same records as
    `file_clue` row by row — the creation, the automatic triage, the duplicate links, each in the audit
    trail — but triage and the duplicate search run before the writes, and the writes of the batch are
    two short transactions (the clues with their creation and triage entries; then the links), so other
    users wait milliseconds. The clues are *pending* until the import shows them all at once.

    Duplicates are looked for among the visible clues, as when filing row by row with pending rows:
    repeated work orders inside one file are not linked to each other (comparing each row with up
    to 5,000 rows of its own import made a 20,000-row import three times slower).
    """
    if channel not in Channel.values:
        raise UserError(f"线索渠道“{channel}”无效")
    clues: list[Clue] = []
    before_triage: list[dict[str, Any]] = []
    triaged: list[bool] = []
    units_by_region: dict[int, dict[str, Unit]] = {}
    for item in items:
        if not str(item.get("summary", "")).strip():
            raise UserError("线索内容不能为空")
        clue = _new_clue(channel=channel, import_job=import_job, **item)
        before_triage.append(snapshot(clue, fields=_TRIAGE_FIELDS))
        units = units_by_region.get(clue.region_id)
        if units is None:
            units = units_by_region[clue.region_id] = units_for_region(clue.region)
        done = _apply_suggestion(clue, units)
        if done:
            _mark_triaged(clue)
        clues.append(clue)
        triaged.append(done)
    with transaction.atomic():
        Clue.with_pending.bulk_create(clues)
        creations = [
            change_for(
                clue, AuditAction.CREATE, after={**_public_snapshot(clue), **before, "attachments": []}
            )
            for clue, before in zip(clues, before_triage, strict=True)
        ]
        record_many(actor=actor, changes=creations)
        record_many(
            actor=None, changes=[_triage_change(c) for c, done in zip(clues, triaged, strict=True) if done]
        )
    pool = Clue.objects.all()  # visible clues; the import's own rows are not compared (see the docstring)
    links: list[DuplicateLink] = []
    noted: list[Change] = []
    for clue in clues:
        mine = _links_for(clue, _duplicate_matches(clue, pool))
        if mine:
            links.extend(mine)
            noted.append(_duplicates_change(clue, mine))
    if links:
        with transaction.atomic():
            DuplicateLink.objects.bulk_create(links, ignore_conflicts=True)
            record_many(actor=None, changes=noted)
    return clues


# --- moving through the workflow ---------------------------------------------------------------


def _authorise(actor: User, clue: Clue, transition: Transition) -> None:
    check_permission(actor, transition.permission)
    if clue.region_id not in visible_region_ids(actor):
        raise PermissionDenied("该线索不在您的管辖范围内。")
    if unit_blocked(transition.action, clue, actor):
        raise PermissionDenied(f"该线索由{clue.lead_unit}承办，您所在机构无权办理。")


def _move(
    *, actor: User | None, clue: Clue, action: str, after: dict[str, Any] | None = None, note: str = ""
) -> Clue:
    """The one place a clue changes state: check the table, the role and region, save, audit."""
    transition = transition_for(clue.status, action)
    if actor is not None:
        _authorise(actor, clue, transition)
    before = clue.status
    clue.status = transition.target
    clue.step_started_on = _today()
    clue.save()
    record(
        actor=actor,
        change=change_for(
            clue,
            AuditAction.TRANSITION,
            before={"status": before},
            after={"status": clue.status, **(after or {})},
            note=note or Action(action).label,
        ),
    )
    return clue


def _locked(clue: Clue) -> Clue:
    return Clue.objects.select_for_update(of=("self",)).select_related("region", "lead_unit").get(pk=clue.pk)


def triage_clue(
    *,
    actor: User,
    clue: Clue,
    domain: Domain | None = None,
    lead_unit: Unit | None = None,
    category: str = "",
    subtype: str = "",
) -> Clue:
    """Staff triage (分拣): confirm or correct the domain and the unit that will assess."""
    _check_labels(category, subtype, required=False)
    with transaction.atomic():
        clue = _locked(clue)
        if clue.status == ClueStatus.RECEIVED:
            _apply_suggestion(clue)
        if domain is not None:
            clue.domain = domain
        if category:
            clue.category, clue.subtype = category, subtype
        if lead_unit is not None:
            clue.lead_unit = lead_unit
        elif clue.lead_unit_id is None and clue.domain is not None:
            clue.lead_unit = units_for_region(clue.region).get(clue.domain.name)
        if clue.lead_unit_id is None:
            raise UserError("请指定承办机构。")
        details = {"domain_id": clue.domain_id, "lead_unit_id": clue.lead_unit_id, "category": clue.category}
        if clue.status == ClueStatus.RECEIVED:
            return _move(actor=actor, clue=clue, action=Action.TRIAGE, after=details)
        if clue.status != ClueStatus.TRIAGED:
            raise UserError("线索已进入研判，不能再调整分拣。")
        _authorise(actor, clue, transition(Action.TRIAGE))
        clue.save()
        record(actor=actor, change=change_for(clue, AuditAction.UPDATE, after=details, note="调整分拣"))
        return clue


def accept_clue(*, actor: User, clue: Clue) -> Clue:
    """The lead unit accepts the clue and starts assessing (研判)."""
    with transaction.atomic():
        clue = _locked(clue)
        _authorise(actor, clue, transition_for(clue.status, Action.ACCEPT))
        if clue.lead_unit_id is None:
            raise UserError("请先在分拣中指定承办机构。")
        return _move(actor=actor, clue=clue, action=Action.ACCEPT, after={"lead_unit_id": clue.lead_unit_id})


def open_consultation(*, actor: User, clue: Clue, lead_unit: Unit, units: Sequence[Unit], topic: str) -> Clue:
    """Several units concerned: one lead unit organises a consultation (会商)."""
    others = [u for u in units if u.pk != lead_unit.pk]
    if not others:
        raise UserError("会商至少需要牵头机构以外的一个参加机构。")
    if not topic.strip():
        raise UserError("请填写会商事项。")
    with transaction.atomic():
        clue = _locked(clue)
        _move(
            actor=actor,
            clue=clue,
            action=Action.CONSULT,
            after={"lead_unit_id": lead_unit.pk, "units": [u.pk for u in others]},
        )
        consultation = Consultation.objects.create(
            clue=clue, lead_unit=lead_unit, topic=topic.strip(), opened_on=_today()
        )
        consultation.units.set([lead_unit, *others])
        clue.lead_unit = lead_unit
        clue.save(update_fields=["lead_unit"])
    return clue


def give_consultation_opinion(*, actor: User, clue: Clue, unit: Unit, opinion: str) -> ConsultationOpinion:
    """One unit's opinion in the consultation; a unit's staff give it for their own unit only."""
    if not opinion.strip():
        raise UserError("请填写会商意见。")
    with transaction.atomic():
        clue = _locked(clue)
        if clue.status != ClueStatus.CONSULTATION:
            raise UserError("线索不在会商中，不能填写会商意见。")
        # the staff of an invited unit (e.g. 法制科) speak for it; for another unit one needs to assess
        if actor.unit_id is None or actor.unit_id != unit.pk:
            check_permission(actor, "assess_clues")
        if clue.region_id not in visible_region_ids(actor):
            raise PermissionDenied("该线索不在您的管辖范围内。")
        if actor.role == Role.BUSINESS_UNIT and actor.unit_id != unit.pk:
            raise PermissionDenied("您只能代表本机构填写会商意见。")
        consultation = clue.consultation
        if not consultation.units.filter(pk=unit.pk).exists():
            raise UserError(f"{unit}不是本次会商的参加机构。")
        entry, _ = ConsultationOpinion.objects.update_or_create(
            consultation=consultation,
            unit=unit,
            defaults={"opinion": opinion.strip(), "author": actor, "given_on": _today()},
        )
        record(
            actor=actor,
            change=change_for(
                clue,
                AuditAction.UPDATE,
                after={"unit_id": unit.pk, "opinion": entry.opinion},
                note="会商意见",
            ),
        )
    return entry


def request_judicial_opinion(*, actor: User, clue: Clue, question: str) -> Clue:
    if not question.strip():
        raise UserError("请填写征求意见事项。")
    with transaction.atomic():
        clue = _locked(clue)
        _move(actor=actor, clue=clue, action=Action.REQUEST_JUDICIAL, after={"question": question.strip()})
        JudicialOpinion.objects.create(clue=clue, question=question.strip(), requested_on=_today())
    return clue


def record_judicial_opinion(*, actor: User, clue: Clue, answer: str) -> Clue:
    if not answer.strip():
        raise UserError("请填写司法行政部门的意见。")
    with transaction.atomic():
        clue = _locked(clue)
        pending = clue.judicial_opinions.filter(answered_on__isnull=True).last()
        if pending is None:
            raise UserError("没有待答复的征求意见。")
        _move(actor=actor, clue=clue, action=Action.RECORD_JUDICIAL, after={"answer": answer.strip()})
        pending.answer, pending.answered_on = answer.strip(), _today()
        pending.save(update_fields=["answer", "answered_on"])
    return clue


def _check_labels(category: str, subtype: str, *, required: bool) -> None:
    if not category:
        if required:
            raise UserError("请选择问题类别。")
        return
    if category not in ProblemCategory.values:
        raise UserError(f"问题类别“{category}”无效。")
    if subtype:
        if subtype not in ProblemSubtype.values:
            raise UserError(f"问题细类“{subtype}”无效。")
        if not subtype.startswith(category):
            raise UserError(f"问题细类“{ProblemSubtype(subtype).label}”不属于所选类别。")
    elif category in ("P1", "P2", "P4") and required:
        raise UserError("请选择问题细类。")


def assess_clue(
    *,
    actor: User,
    clue: Clue,
    verdict: str,
    category: str,
    subtype: str = "",
    domain: Domain | None = None,
    opinion: str,
    cause_analysis: str = "",
) -> Assessment:
    """Record the verdict (认定 / 不予认定) with the final labels and, when confirmed, the causes."""
    if verdict not in Verdict.values:
        raise UserError("请选择研判结论。")
    if verdict == Verdict.NOT_CONFIRMED:
        category = category or ProblemCategory.P0
    _check_labels(category, subtype, required=verdict == Verdict.CONFIRMED)
    if verdict == Verdict.CONFIRMED and category == ProblemCategory.P0:
        raise UserError("认定属于四类重点问题时，类别不能为“不属于四类重点问题”。")
    if not opinion.strip():
        raise UserError("请填写认定意见。")
    if verdict == Verdict.CONFIRMED and not cause_analysis.strip():
        raise UserError("认定属于四类重点问题的，须剖析产生的原因。")
    with transaction.atomic():
        clue = _locked(clue)
        labels = {
            "category": category,
            "subtype": subtype,
            "domain_id": domain.pk if domain else clue.domain_id,
        }
        action = Action.CONFIRM if verdict == Verdict.CONFIRMED else Action.REJECT
        _move(actor=actor, clue=clue, action=action, after={"verdict": verdict, **labels})
        assessment, _ = Assessment.objects.update_or_create(
            clue=clue,
            defaults={
                "unit": clue.lead_unit or actor.unit,
                "assessor": actor,
                "verdict": verdict,
                "category": category,
                "subtype": subtype,
                "domain": domain or clue.domain,
                "opinion": opinion.strip(),
                "cause_analysis": cause_analysis.strip(),
                "decided_on": _today(),
            },
        )
        clue.category, clue.subtype = category, subtype
        if domain is not None:
            clue.domain = domain
        clue.save(update_fields=["category", "subtype", "domain"])
        consultation = Consultation.objects.filter(clue=clue).first()
        if consultation is not None and not consultation.conclusion:
            consultation.conclusion = opinion.strip()
            consultation.save(update_fields=["conclusion"])
    return assessment


def refer_to_discipline(
    *, actor: User, clue: Clue, organ: str, persons: str, reason: str
) -> DisciplineReferral:
    """Refer to discipline inspection. The trail of the clue says only that it was referred."""
    if not organ.strip() or not reason.strip():
        raise UserError("请填写接收机关和移送理由。")
    with transaction.atomic():
        clue = _locked(clue)
        _move(actor=actor, clue=clue, action=Action.REFER)
        referral = DisciplineReferral.objects.create(
            clue=clue,
            organ=organ.strip(),
            persons=persons.strip(),
            reason=reason.strip(),
            referred_on=_today(),
            referred_by=actor,
        )
        record(
            actor=actor,
            change=change_for(referral, AuditAction.CREATE, after=snapshot(referral), note="移送纪检监察"),
        )
    return referral


def close_clue(*, actor: User, clue: Clue, note: str = "", public_reply: str = "") -> Clue:
    with transaction.atomic():
        clue = _locked(clue)
        clue = _move(actor=actor, clue=clue, action=Action.CLOSE, after={"note": note.strip()})
        if public_reply.strip():
            clue = write_public_reply(actor=actor, clue=clue, text=public_reply)
        return clue


PUBLIC_REPLY_MAX = 2000


def write_public_reply(*, actor: User, clue: Clue, text: str) -> Clue:
    """The bureau's answer to the person who reported (shown on the public status page and to the
    supervisor once the clue is closed); written for the public, separate from the assessment."""
    text = text.strip()
    if not has_permission(actor, "close_clues"):
        raise PermissionDenied("您的角色无权办结问题线索，不能撰写对外答复。")
    if clue.region_id not in visible_region_ids(actor):
        raise PermissionDenied("该线索不在您的管辖范围内。")
    if not text:
        raise UserError("请填写对外答复。", field="public_reply")
    if len(text) > PUBLIC_REPLY_MAX:
        raise UserError(f"对外答复不能超过{PUBLIC_REPLY_MAX}字。", field="public_reply")
    with transaction.atomic():
        clue = _locked(clue)
        before = {"public_reply": clue.public_reply}
        clue.public_reply, clue.public_reply_on = text, _today()
        clue.save(update_fields=["public_reply", "public_reply_on"])
        record(
            actor=actor,
            change=change_for(
                clue, AuditAction.UPDATE, before=before, after={"public_reply": text}, note="撰写对外答复"
            ),
        )
    return clue


def advance_rectification(*, actor: User | None, clue: Clue, action: str) -> Clue:
    """Called by the rectify app: the first ledger item opens rectification, the last one ends it."""
    with transaction.atomic():
        clue = _locked(clue)
        return _move(actor=actor, clue=clue, action=action)


def record_export(*, actor: User, name: str, filters: dict[str, Any], rows: int) -> None:
    """Exports of the problem list and the ledger leave a trace (they may carry reporters' names)."""
    with transaction.atomic():
        record(
            actor=actor,
            change=Change(
                action=AuditAction.EXPORT,
                target_type="clues.export",
                target_id="",
                target_repr=name,
                region_code=actor.region.code if actor.region else "",
                after={"filters": {k: str(v) for k, v in filters.items() if v}, "rows": rows},
                note=f"导出{name}",
            ),
        )


# --- suggestions （意见建议清单） -------------------------------------------------------------------


def record_suggestion(
    *,
    actor: User | None,
    region: Region,
    source: str,
    text: str,
    source_ref: str = "",
    domain: Domain | None = None,
    unit: Unit | None = None,
    clue: Clue | None = None,
) -> Suggestion:
    """Record an opinion or suggestion from a forum, card, visit, supervisor or mailbox.

    Forums of the service loop call this too, so ``actor`` may be None for system-made entries.
    """
    if actor is not None:
        check_permission(actor, "record_suggestions")
        if region.pk not in visible_region_ids(actor):
            raise PermissionDenied("该区划不在您的管辖范围内。")
    if source not in SuggestionSource.values:
        raise UserError(f"意见建议来源“{source}”无效，请从列表中选择。", field="source")
    if not text.strip():
        raise UserError("意见建议内容不能为空，请填写。", field="text")
    if clue is not None and clue.region_id != region.pk:
        raise UserError("所选问题线索不属于该区划，请重新选择。", field="clue")
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            region=region,
            source=source,
            source_ref=source_ref.strip()[:120],
            text=text.strip(),
            domain=domain,
            unit=unit,
            clue=clue,
            created_by=actor,
        )
        record(
            actor=actor,
            change=change_for(
                suggestion, AuditAction.CREATE, after=snapshot(suggestion), note="登记意见建议"
            ),
        )
    return suggestion


def answer_suggestion(*, actor: User, suggestion: Suggestion, answer: str) -> Suggestion:
    """The answering unit's reply; a second answer replaces the first and both stay in the trail."""
    check_permission(actor, "answer_suggestions")
    if suggestion.region_id not in visible_region_ids(actor):
        raise PermissionDenied("该意见建议不在您的管辖范围内。")
    if not answer.strip():
        raise UserError("答复意见不能为空，请填写。", field="answer")
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        before = snapshot(suggestion, ["answer", "answered_at", "status"])
        suggestion.answer = answer.strip()
        suggestion.answered_at = timezone.now()
        suggestion.status = SuggestionStatus.ANSWERED
        suggestion.save(update_fields=["answer", "answered_at", "status"])
        record(
            actor=actor,
            change=change_for(
                suggestion,
                AuditAction.UPDATE,
                before=before,
                after=snapshot(suggestion, ["answer", "answered_at", "status"]),
                note="答复意见建议",
            ),
        )
    return suggestion
