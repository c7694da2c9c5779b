"""三项制度 (002 实施方案 item 7): the 全过程记录 of a case — its AV and paper records, where they are
kept, linked to the AV checks of the case-file reviews."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from jiandu.cases.models import PenaltyCase
from jiandu.errors import UserError
from jiandu.org.models import User
from jiandu.oversight.models import CaseRecord, RecordKind, RecordStage
from jiandu.oversight.services._common import authorise, choice, created, not_future, text
from jiandu.reviews.models import AvCheck


def link_record(
    *,
    actor: User,
    case: PenaltyCase,
    kind: str,
    stage: str,
    label: str,
    location: str,
    recorded_on: dt.date,
    av_check: AvCheck | None = None,
) -> CaseRecord:
    authorise(actor, case.region_id, "manage_publicity")
    choice(kind, RecordKind, "记录形式", "kind")
    choice(stage, RecordStage, "执法环节", "stage")
    not_future(recorded_on, "记录日期", "recorded_on")
    if recorded_on < case.filed_on - dt.timedelta(days=30):
        raise UserError("记录日期早于立案日期一个月以上，请核对。", field="recorded_on")
    if av_check is not None:
        if av_check.case_id != case.pk:
            raise UserError("所选音像记录核查不是本案的核查。", field="av_check")
        if kind != RecordKind.AV:
            raise UserError("只有音像记录才能关联音像记录核查。", field="av_check")
    with transaction.atomic():
        item = CaseRecord.objects.create(
            case=case,
            region_id=case.region_id,
            kind=kind,
            stage=stage,
            label=text(label, "记录名称", "label", 120),
            location=text(location, "存储位置或档案号", "location", 200),
            recorded_on=recorded_on,
            av_check=av_check,
            created_by=actor,
        )
        created(actor, item, note=f"登记全过程记录：{item.get_kind_display()} {item.label}")
    return item
