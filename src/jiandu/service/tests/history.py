"""A firm in the east county with a record in every source the firm record reads (for the tests)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, record
from jiandu.cases.models import CreditRepair, PublicityStatus
from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.clues.models import Channel
from jiandu.clues.services import file_clue
from jiandu.inspections import services as inspections
from jiandu.org.models import Domain, Enterprise
from jiandu.org.tests.factories import EnterpriseFactory
from jiandu.prevention.models import Complaint
from jiandu.reviews.models import FollowUp
from jiandu.service import services


def firm_with_history(city, units) -> Enterprise:  # type: ignore[no-untyped-def]
    actor, today = city.task_force, timezone.localdate()
    firm = EnterpriseFactory(region=city.east, credit_class="C")
    record(
        actor=actor,
        change=change_for(
            firm, AuditAction.UPDATE, before={"credit_class": "B"}, after={"credit_class": "C"}
        ),
    )
    visit = inspections.record_inspection(
        actor=actor, enterprise=firm, inspected_on=today - dt.timedelta(days=20), findings="未公示许可证"
    )
    inspections.record_guidance(
        actor=actor,
        enterprise=firm,
        kind="prompt",
        content="提示规范标签标识",
        issued_on=today,
        inspection=visit,
    )
    for n in range(3):
        Complaint.objects.create(
            number=f"T{firm.pk}-{n}",
            source="12315",
            kind="complaint",
            received_at=timezone.now() - dt.timedelta(minutes=n),
            region=firm.region,
            enterprise=firm,
            subject="食品质量",
            summary="投诉人张某反映购买的面包发霉",
        )
    case = PenaltyCaseFactory(
        enterprise=firm,
        decided_on=today - dt.timedelta(days=40),
        publicity_status=PublicityStatus.PUBLISHED,
        published_on=today - dt.timedelta(days=39),
        fine=Decimal("5000.00"),
    )
    CreditRepair.objects.create(
        number=f"XF{firm.pk}",
        case=case,
        region=firm.region,
        contact_name="王经理",
        contact_phone="13800000000",
        measures="已整改",
        submitted_on=today,
    )
    FollowUp.objects.create(
        case=case,
        kind="after_penalty",
        region=firm.region,
        rules_version="t",
        due_on=today + dt.timedelta(days=5),
    )
    services.open_assistance(
        actor=actor,
        region=firm.region,
        unit=units.east_bureau,
        source="visit",
        content="希望指导办理食品经营许可延续",
        enterprise=firm,
    )
    liaison = services.assign_liaison(
        actor=actor, enterprise=firm, leader=units.east_chief, title="局长", category="struggling"
    )
    services.record_liaison_visit(
        actor=actor, assignment=liaison, visited_on=today, content="走访了解经营困难"
    )
    forum = services.hold_forum(
        actor=actor,
        region=city.east,
        title="食品企业座谈会",
        held_on=today,
        firms=[firm],
        issues=[("检查过于频繁", "企业代表", firm)],
    )
    services.record_service_event(
        actor=actor,
        region=city.east,
        park="东城食品产业园",
        held_on=today,
        units=[units.east_bureau],
        services=["metrology"],
        firms=[firm],
    )
    services.register_case_lead(
        actor=actor,
        enterprise=firm,
        domain=Domain.objects.get(code="food"),
        facts="销售过期食品",
        handling_unit=units.east_bureau,
        source="complaint",
        discovered_on=today,
    )
    file_clue(
        actor=actor,
        channel=Channel.DIRECT_LINE,
        summary="执法人员多次重复检查",
        region=firm.region,
        enterprise=firm,
    )
    assert forum.pk
    return firm
