"""Demo ledger items for the demo city's confirmed problems (after ``jiandu.clues.demo``).

Clues still rectifying get open items (some past their deadline, some under supervision);
rectified and closed ones get completed items with a result, refunds where fees or fines were
wrongly collected, and a short evidence file.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from jiandu.audit.services import Change, record_many
from jiandu.clues.demo import recent_start
from jiandu.clues.models import Clue, ClueStatus, Verdict
from jiandu.clues.uploads import stored_file
from jiandu.clues.workflow import deadline_rules
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Region, User
from jiandu.rectify.models import Rectification, RectificationEvidence, RectificationMode, RectificationStatus

MEASURES = {
    "P1a": "立即停止收取相关费用，对已收取的费用全额退还，并在门户网站公示收费目录清单。",
    "P1b": "撤销原处罚决定，退还罚款，对承办人员进行约谈并组织裁量基准专题培训。",
    "P1c": "清理检查事项，将该企业纳入“双随机、一公开”统一抽查，当年不再安排重复检查。",
    "P1d": "解除查封扣押措施，返还相关财物，补正执法文书。",
    "P2a": "停止违规异地执法，补办协助手续，对相关人员批评教育。",
    "P2b": "取消罚没收入考核指标，对趋利性执法案件逐案复核。",
    "P3": "统一本系统同类案件的执法标准，印发执法指引并组织全员学习。",
    "P4": "对相关执法人员约谈提醒，调整执法岗位，完善执法全过程记录制度。",
}
RESULTS = (
    "已按整改措施落实到位，企业表示满意。",
    "整改完成，已将整改情况书面反馈企业并回访。",
    "已完成整改并建立长效机制，相关制度已印发。",
)
PEOPLE = ("王建国", "李慧敏", "张振宇", "刘晓峰", "陈立华", "杨春梅")


def load_demo(*, city: Region, scale: float, rng: random.Random, log: Callable[[str], None]) -> None:
    clues = list(
        Clue.objects.filter(Q(region=city) | Q(region__parent=city))
        .filter(
            assessment__verdict=Verdict.CONFIRMED,
            status__in=[ClueStatus.RECTIFYING, ClueStatus.RECTIFIED, ClueStatus.CLOSED],
        )
        .select_related("assessment", "region", "lead_unit")
        .order_by("pk")
    )
    if not clues:
        return
    calendar = load_calendar()
    today = timezone.localdate()
    rules = deadline_rules()
    supervisor = (
        User.objects.filter(region=city, role="task_force", is_superuser=False).order_by("pk").first()
    )
    items: list[Rectification] = []
    for clue in clues:
        if clue.lead_unit is None:
            continue
        decided = clue.assessment.decided_on
        opened = calendar.add(decided, 2)
        key = clue.subtype or clue.category
        for _ in range(1 if rng.random() < 0.75 else 2):
            immediate = rng.random() < 0.4
            term = rules.immediate if immediate else rng.choice((10, 20, 30))
            if clue.status == ClueStatus.RECTIFYING:  # opened recently; some are past their deadline
                opened = max(decided, recent_start(calendar, today, term, rng))
            item = Rectification(
                clue=clue,
                region=clue.region,
                unit=clue.lead_unit,
                responsible_person=rng.choice(PEOPLE),
                measures=MEASURES.get(key, MEASURES["P4"]),
                mode=RectificationMode.IMMEDIATE if immediate else RectificationMode.DEADLINE,
                term_workdays=term,
                opened_on=opened,
            )
            due = calendar.add(opened, term)
            if clue.status != ClueStatus.RECTIFYING:
                item.status = RectificationStatus.DONE
                finished = calendar.add(opened, rng.randint(1, term + 3))
                item.completed_on = max(opened, min(finished, clue.step_started_on or due, today))
                item.result = rng.choice(RESULTS)
                if clue.subtype in ("P1a", "P1b"):
                    item.refund_count = rng.randint(1, 12)
                    item.refund_amount = Decimal(rng.randint(5, 400) * 100).quantize(Decimal("0.01"))
                if clue.subtype in ("P1b", "P1d", "P2b"):
                    item.decisions_corrected = rng.randint(1, 3)
            elif rng.random() < 0.3 and supervisor is not None:
                item.supervised, item.supervised_by = True, supervisor
                item.supervised_on = max(opened, min(today, calendar.add(opened, 2)))
                item.supervision_note = "企业反映强烈，请于期限内整改到位并报送整改报告。"
            items.append(item)
    created = Rectification.objects.bulk_create(items)
    evidence = [
        RectificationEvidence(
            rectification=item,
            file=stored_file("整改报告.txt", f"整改事项 {item.pk}：{item.result}\n（演示数据）".encode()),
            name="整改报告.txt",
            size=64,
        )
        for item in created
        if item.status == RectificationStatus.DONE
    ]
    RectificationEvidence.objects.bulk_create(evidence)
    record_many(
        actor="演示数据",
        changes=[
            Change(
                action="create",
                target_type="rectify.rectification",
                target_id=str(item.pk),
                target_repr=str(item),
                region_code=item.region.code,
                after={"clue_id": item.clue_id, "mode": item.mode, "status": item.status},
                note="演示整改事项",
            )
            for item in created
        ],
    )
    done = sum(1 for item in created if item.status == RectificationStatus.DONE)
    log(f"整改台账：{len(created)} 项，其中已完成 {done} 项，督办 {sum(i.supervised for i in created)} 项。")


def delete_demo(*, regions: list[Region]) -> None:
    items = Rectification.objects.filter(region__in=regions)
    for evidence in RectificationEvidence.objects.filter(rectification__in=items):
        evidence.file.delete(save=False)
    items.delete()
