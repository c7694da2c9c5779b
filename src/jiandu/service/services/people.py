"""Outside supervisors and monitoring points; study list and training; satisfaction surveys; the
firm's access code to its own record."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction

from jiandu.audit.services import AuditAction, Change, record, snapshot
from jiandu.errors import UserError
from jiandu.org.models import Enterprise, Region, Role, Unit, User
from jiandu.org.selectors import visible_region_ids
from jiandu.service.models import (
    AccessPurpose,
    FirmAccessCode,
    MonitoringPoint,
    MonitoringPointKind,
    StudyItem,
    Supervisor,
    SupervisorKind,
    Survey,
    SurveyResponse,
    SurveySubject,
    TrainingSession,
)
from jiandu.service.rules import service_rules
from jiandu.service.services._common import authorise, changed, check_unit, created, not_future, text, today

# --- 监督员 / 监测点 ------------------------------------------------------------------------------


def _check_login(user: User | None, region: Region) -> None:
    if user is None:
        return
    if user.role != Role.SUPERVISOR:
        raise UserError("登录账号的角色须为“监督员/监测点”。", field="user")
    if (
        user.region_id is not None
        and user.region_id != region.pk
        and user.region_id not in (region.parent_id,)
    ):
        raise UserError("登录账号的区划与登记区划不一致。", field="user")
    if Supervisor.objects.filter(user=user).exists() or MonitoringPoint.objects.filter(user=user).exists():
        raise UserError("该登录账号已关联其他监督员或监测点。", field="user")


def register_supervisor(
    *,
    actor: User,
    region: Region,
    name: str,
    kind: str,
    term_start: dt.date,
    term_end: dt.date,
    phone: str,
    organisation: str = "",
    user: User | None = None,
) -> Supervisor:
    authorise(actor, region.pk, "manage_supervisors")
    if kind not in SupervisorKind.values:
        raise UserError("请选择身份（人大代表、政协委员、特邀监督员）。", field="kind")
    if term_end <= term_start:
        raise UserError("聘期结束日期应晚于开始日期。", field="term_end")
    _check_login(user, region)
    with transaction.atomic():
        person = Supervisor.objects.create(
            region=region,
            name=text(name, "姓名", "name", 30),
            kind=kind,
            organisation=organisation.strip()[:100],
            term_start=term_start,
            term_end=term_end,
            phone=text(phone, "联系电话", "phone", 30),
            user=user,
        )
        created(actor, person, "聘任执法监督员")
    return person


def register_monitoring_point(
    *,
    actor: User,
    region: Region,
    name: str,
    kind: str,
    contact_name: str,
    phone: str,
    enterprise: Enterprise | None = None,
    user: User | None = None,
) -> MonitoringPoint:
    authorise(actor, region.pk, "manage_supervisors")
    if kind not in MonitoringPointKind.values:
        raise UserError("请选择类型（行业协会、重点企业）。", field="kind")
    _check_login(user, region)
    with transaction.atomic():
        point = MonitoringPoint.objects.create(
            region=region,
            name=text(name, "名称", "name", 100),
            kind=kind,
            enterprise=enterprise,
            contact_name=text(contact_name, "联系人", "contact_name", 30),
            phone=text(phone, "联系电话", "phone", 30),
            designated_on=today(),
            user=user,
        )
        created(actor, point, "设立执法监测点")
    return point


# --- 学习目录与培训 -------------------------------------------------------------------------------


def add_study_item(
    *, actor: User, region: Region, campaign: str, title: str, issuer: str = "", required: bool = True
) -> StudyItem:
    authorise(actor, region.pk, "manage_training")
    with transaction.atomic():
        item = StudyItem.objects.create(
            region=region,
            campaign=text(campaign, "专项行动", "campaign", 100),
            title=text(title, "法律法规名称", "title", 150),
            issuer=issuer.strip()[:60],
            required=required,
        )
        created(actor, item, "列入学习目录")
    return item


def record_training(
    *,
    actor: User,
    region: Region,
    title: str,
    held_on: dt.date,
    hours: Decimal | str,
    study_items: Sequence[StudyItem] = (),
    attendees: Sequence[User] = (),
) -> TrainingSession:
    authorise(actor, region.pk, "manage_training")
    try:
        amount = Decimal(str(hours)).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise UserError(f"学时“{hours}”不是有效数字。", field="hours") from None
    if not Decimal("0.5") <= amount <= Decimal("99"):
        raise UserError("学时应在 0.5 至 99 之间。", field="hours")
    scope = set(visible_region_ids(actor))
    outside = [person for person in attendees if person.region_id not in scope]
    if outside:
        raise UserError(f"参训人员“{outside[0]}”不在您的管辖范围内。", field="attendees")
    with transaction.atomic():
        session = TrainingSession.objects.create(
            region=region,
            title=text(title, "培训名称", "title", 100),
            held_on=not_future(held_on, "培训日期", "held_on"),
            hours=amount,
            created_by=actor,
        )
        session.study_items.set(study_items)
        session.attendees.set(attendees)
        created(actor, session, f"登记培训，参训 {len(attendees)} 人")
    return session


# --- 满意度测评 ----------------------------------------------------------------------------------


def _digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def new_code() -> str:
    """Twelve characters a person can type from paper (no 0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def issue_survey(*, actor: User, enterprise: Enterprise, unit: Unit, subject: str) -> tuple[Survey, str]:
    """Create a survey invitation; the code (returned once) goes to the firm with the notice."""
    authorise(actor, enterprise.region_id, "manage_service")
    if subject not in SurveySubject.values:
        raise UserError("请选择测评事项。", field="subject")
    check_unit(actor, unit, enterprise.region)
    code = new_code()
    with transaction.atomic():
        survey = Survey.objects.create(
            digest=_digest(code),
            enterprise=enterprise,
            region=enterprise.region,
            unit=unit,
            subject=subject,
            issued_on=today(),
            issued_by=actor,
        )
        created(actor, survey, "发放满意度测评")
    return survey, code


def find_survey(code: str) -> Survey | None:
    return Survey.objects.filter(digest=_digest(code), answered=False).select_related("unit").first()


def answer_survey(*, code: str, scores: Mapping[str, int], overall: int, comment: str = "") -> SurveyResponse:
    """The firm's answer. It is stored without the survey, the firm or the officer (anonymous)."""
    questions = [key for key, _ in service_rules().survey_questions]
    clean: dict[str, int] = {}
    for key in questions:
        value = scores.get(key)
        if value is None or not 1 <= int(value) <= 5:
            raise UserError("请为每一题选择 1 至 5 分。", field=key)
        clean[key] = int(value)
    if not 1 <= int(overall) <= 5:
        raise UserError("请选择总体满意度（1 至 5 分）。", field="overall")
    with transaction.atomic():
        survey = Survey.objects.select_for_update().filter(digest=_digest(code)).first()
        if survey is None or survey.answered:
            raise UserError("测评码无效或已作答。", field="code")
        survey.answered = True
        survey.save(update_fields=["answered"])
        answered = today()
        response = SurveyResponse.objects.create(
            region_id=survey.region_id,
            unit_id=survey.unit_id,
            subject=survey.subject,
            month=answered.replace(day=1),
            scores=clean,
            overall=int(overall),
            comment=comment.strip()[:1000],
        )
        # the trail says a survey was answered, not what was answered
        record(
            actor="满意度测评（企业作答）",
            change=Change(
                action=AuditAction.UPDATE,
                target_type="service.survey",
                target_id=str(survey.pk),
                target_repr=str(survey),
                region_code=survey.region.code,
                before={"answered": False},
                after={"answered": True},
                note="企业完成满意度测评",
            ),
        )
    return response


# --- the firm's access code -----------------------------------------------------------------------


def _access_digest(uscc: str, code: str) -> str:
    return hashlib.sha256(f"{uscc.strip().upper()}:{code.strip().upper()}".encode()).hexdigest()


def issue_access_code(*, actor: User, enterprise: Enterprise, purpose: str) -> tuple[FirmAccessCode, str]:
    """A code printed on a decision or inspection notice; only its digest is stored."""
    authorise(actor, enterprise.region_id, "record_inspections")
    if purpose not in AccessPurpose.values:
        raise UserError("请选择送达方式。", field="purpose")
    code = new_code()
    issued = today()
    with transaction.atomic():
        access = FirmAccessCode.objects.create(
            enterprise=enterprise,
            digest=_access_digest(enterprise.uscc, code),
            purpose=purpose,
            issued_on=issued,
            expires_on=issued + dt.timedelta(days=service_rules().access_code_days),
            issued_by=actor,
        )
        created(actor, access, "签发企业查询码")
    return access, code


def revoke_access_code(*, actor: User, access: FirmAccessCode) -> FirmAccessCode:
    authorise(actor, access.enterprise.region_id, "record_inspections")
    with transaction.atomic():
        before = snapshot(access)
        access.revoked = True
        access.save(update_fields=["revoked"])
        changed(actor, access, before, "作废企业查询码")
    return access


def firm_for_code(*, uscc: str, code: str) -> Enterprise | None:
    """The firm whose USCC and code match an unexpired, unrevoked access code."""
    access = (
        FirmAccessCode.objects.filter(
            digest=_access_digest(uscc, code), revoked=False, expires_on__gte=today()
        )
        .select_related("enterprise", "enterprise__region")
        .first()
    )
    if access is None or access.enterprise.uscc != uscc.strip().upper():
        return None
    return access.enterprise
