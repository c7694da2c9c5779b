"""Administrative penalty cases (行政处罚案件)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from jiandu.bounds import MoneyField
from jiandu.discretion.vocabulary import penalty_kind_labels
from jiandu.org.models import Domain, Enterprise, Region, Unit, User


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "立案调查"
    CHECKED = "checked", "调查终结（已完成裁量与类案核查）"
    NOTIFIED = "notified", "已告知，陈述申辩期"
    HEARING = "hearing", "听证"
    LEGAL_REVIEW = "legal_review", "法制审核中"
    REVIEWED = "reviewed", "法制审核通过"
    DISCUSSED = "discussed", "已集体讨论"
    DECIDED = "decided", "已作出决定"
    DELIVERED = "delivered", "已送达"
    ENFORCING = "enforcing", "已申请强制执行"
    PAID = "paid", "已缴纳"
    CLOSED = "closed", "已结案"


# A case counts as decided (an earlier penalty, in the library, for credit repair) from here on.
DECIDED_STATUSES = (
    CaseStatus.DECIDED,
    CaseStatus.DELIVERED,
    CaseStatus.ENFORCING,
    CaseStatus.PAID,
    CaseStatus.CLOSED,
)


class CaseOutcome(models.TextChoices):
    PENALTY = "penalty", "予以处罚"
    WARNING = "warning", "警告"
    NO_PENALTY = "no_penalty", "不予处罚"


class PartyKind(models.TextChoices):
    ORGANISATION = "organisation", "法人或其他组织"
    PERSON = "person", "自然人（含个体工商户）"


class PublicityStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", "无需公示"
    PENDING = "pending", "待公示"
    PUBLISHED = "published", "公示中"
    STOPPED = "stopped", "已停止公示"


class PenaltyCase(models.Model):
    decision_number = models.CharField("处罚决定书文号", max_length=60, unique=True, null=True, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="当事人", on_delete=models.PROTECT, related_name="penalty_cases"
    )
    region = models.ForeignKey(
        Region, verbose_name="办案区划", on_delete=models.PROTECT, related_name="penalty_cases"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="办案机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="penalty_cases",
    )
    domain = models.ForeignKey(
        Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="penalty_cases"
    )
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    outcome = models.CharField(
        "处理结果", max_length=20, choices=CaseOutcome.choices, default=CaseOutcome.PENALTY
    )
    item_code = models.CharField("违法行为事项编码", max_length=40, blank=True, db_index=True)
    violation = models.CharField("违法行为", max_length=200)
    facts = models.TextField("违法事实", blank=True)
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    legal_basis = models.CharField("处罚依据", max_length=200, blank=True)
    officers = models.CharField("承办人员", max_length=100, blank=True)
    filed_on = models.DateField("立案日期")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    fine = MoneyField("罚款（元）", max_digits=14, decimal_places=2, default=Decimal("0"))
    confiscation = MoneyField("没收违法所得（元）", max_digits=14, decimal_places=2, default=Decimal("0"))
    is_major = models.BooleanField("重大案件", default=False)
    reconsidered = models.BooleanField("申请行政复议", default=False)
    litigated = models.BooleanField("提起行政诉讼", default=False)

    # --- the workflow of a case in progress (historical demo cases leave these empty) ---
    party_kind = models.CharField(
        "当事人类型", max_length=20, choices=PartyKind.choices, default=PartyKind.ORGANISATION
    )
    evidence = models.TextField("证据", blank=True)
    penalty_spec = models.JSONField(
        "法定罚款幅度", default=dict, blank=True, help_text="裁量引擎的 penalty 对象：range 或 multiple"
    )
    fine_base = MoneyField(  # type: ignore[misc]
        "计罚基数（货值金额/违法所得，元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    discretion_facts = models.JSONField("裁量情节", default=dict, blank=True)
    discretion = models.JSONField("裁量核查结果", null=True, blank=True)
    discretion_ruleset = models.CharField("裁量规则版本", max_length=60, blank=True)
    similar = models.JSONField("类案核查结果", null=True, blank=True)
    checked_at = models.DateTimeField("核查时间", null=True, blank=True)
    deviation_reason = models.TextField("偏离类案的说明", blank=True)
    legal_review_required = models.BooleanField("须经法制审核", default=False)
    legal_review_reasons = models.JSONField("法制审核理由", default=list, blank=True)
    submitted_for_review_on = models.DateField("提请法制审核日期", null=True, blank=True)
    legal_review_passed = models.BooleanField("法制审核通过", default=False)
    legal_review_opinion = models.TextField("法制审核意见", blank=True)
    legal_reviewer = models.ForeignKey(
        User,
        verbose_name="法制审核人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_cases",
    )
    education_note = models.TextField("教育内容", blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_method = models.CharField("送达方式", max_length=30, blank=True)
    paid_on = models.DateField("缴纳日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    publicity_status = models.CharField(
        "公示状态", max_length=20, choices=PublicityStatus.choices, default=PublicityStatus.NOT_REQUIRED
    )
    published_on = models.DateField("公示日期", null=True, blank=True)
    publicity_stopped_on = models.DateField("停止公示日期", null=True, blank=True)
    publicity_stop_reason = models.CharField("停止公示原因", max_length=100, blank=True)
    # --- the procedure of 行政处罚法 / 市场监督管理行政处罚程序规定 ---
    lead = models.OneToOneField(
        "CaseLead", verbose_name="案源", null=True, blank=True, on_delete=models.SET_NULL, related_name="case"
    )
    representative = models.CharField("法定代表人（负责人）", max_length=50, blank=True)
    violated_provision = models.CharField("违反的法律条款", max_length=200, blank=True)
    confiscated_property = models.TextField("没收的非法财物（名称、数量）", blank=True)
    catalogue_version = models.CharField("违法行为事项目录版本", max_length=60, blank=True)
    no_penalty_ground = models.CharField("不予处罚的法定情形", max_length=40, blank=True)
    discussion_required = models.BooleanField("须经集体讨论", default=False)
    discussed_on = models.DateField("集体讨论日期", null=True, blank=True)
    discussion_note = models.TextField("集体讨论意见", blank=True)
    skipped_steps = models.JSONField("未经的程序环节及理由", default=list, blank=True)
    delivery_receiver = models.CharField("受送达人", max_length=50, blank=True)
    late_fee = models.DecimalField("加处罚款（元）", max_digits=14, decimal_places=2, default=Decimal("0"))
    enforcement_applied_on = models.DateField("申请强制执行日期", null=True, blank=True)
    close_reason = models.CharField("结案情形", max_length=100, blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_cases",
    )
    created_at = models.DateTimeField("创建时间", null=True, blank=True, auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", null=True, blank=True, auto_now=True)

    class Meta:
        verbose_name = "行政处罚案件"
        verbose_name_plural = "行政处罚案件"
        ordering = ["-decided_on", "decision_number"]
        indexes = [models.Index(fields=["region", "decided_on"], name="case_region_decided")]

    def __str__(self) -> str:
        return self.decision_number or f"案件{self.pk}（未作出决定）"

    @property
    def amount_due(self) -> Decimal:
        return self.fine + self.confiscation

    @property
    def penalty_kind_labels(self) -> list[str]:
        return penalty_kind_labels(list(self.penalty_kinds or []))


class CaseStep(models.Model):
    """One state change of a case, for the timeline on the case page (the audit trail has it too)."""

    case = models.ForeignKey(PenaltyCase, verbose_name="案件", on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField("原状态", max_length=20, choices=CaseStatus.choices)
    to_status = models.CharField("新状态", max_length=20, choices=CaseStatus.choices)
    actor = models.ForeignKey(
        User, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "案件办理环节"
        verbose_name_plural = "案件办理环节"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class DocumentKind(models.TextChoices):
    NOTICE = "notice", "行政处罚告知书"
    HEARING_NOTICE = "hearing_notice", "听证通知书"
    PENALTY_DECISION = "penalty_decision", "行政处罚决定书"
    NO_PENALTY_DECISION = "no_penalty_decision", "不予行政处罚决定书"
    CREDIT_REPAIR_NOTICE = "credit_repair_notice", "行政处罚信息信用修复告知书"
    EDUCATION_RECORD = "education_record", "教育记录"
    DELIVERY_RECEIPT = "delivery_receipt", "送达回证"


class CaseDocument(models.Model):
    """A document as issued: the bytes are frozen when the decision is made."""

    case = models.ForeignKey(
        PenaltyCase, verbose_name="案件", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("文书种类", max_length=30, choices=DocumentKind.choices)
    content = models.BinaryField("文件内容")
    sha256 = models.CharField("SHA-256", max_length=64)
    generated_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "案件文书"
        verbose_name_plural = "案件文书"
        ordering = ["case", "kind"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="case_document_once")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"

    @property
    def filename(self) -> str:
        return f"{self.get_kind_display()}-{self.case}.docx"


class LeadStatus(models.TextChoices):
    OPEN = "open", "待核查"
    FILED = "filed", "已立案"
    NOT_FILED = "not_filed", "不予立案"


class CaseLead(models.Model):
    """案源: a violation found by supervision, a complaint or a referral, checked before 立案
    (程序规定第十八条).."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="当事人", on_delete=models.PROTECT, related_name="case_leads"
    )
    region = models.ForeignKey(Region, verbose_name="办案区划", on_delete=models.PROTECT, related_name="+")
    source = models.CharField("案源来源", max_length=40)
    description = models.TextField("案源情况")
    discovered_on = models.DateField("发现线索或收到材料日期")
    status = models.CharField("状态", max_length=20, choices=LeadStatus.choices, default=LeadStatus.OPEN)
    decided_on = models.DateField("核查决定日期", null=True, blank=True)
    not_filed_ground = models.CharField("不予立案情形", max_length=40, blank=True)
    decision_note = models.TextField("核查意见", blank=True)
    created_by = models.ForeignKey(
        User, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "案源"
        verbose_name_plural = "案源"
        ordering = ["-discovered_on", "-pk"]

    def __str__(self) -> str:
        return f"案源{self.pk}（{self.enterprise.name}）"


class Notice(models.Model):
    """行政处罚告知书 (行政处罚法第四十四条, 程序规定第五十七条): what was announced and when it reached
    the party."""

    case = models.OneToOneField(
        PenaltyCase, verbose_name="案件", on_delete=models.CASCADE, related_name="notice"
    )
    issued_on = models.DateField("告知日期")
    delivered_on = models.DateField("告知书送达日期")
    method = models.CharField("送达方式", max_length=30)
    intended = models.TextField("拟作出的行政处罚")
    hearing_offered = models.BooleanField("告知听证权利", default=False)
    waived = models.BooleanField("当事人明确放弃陈述申辩", default=False)

    class Meta:
        verbose_name = "行政处罚告知"
        verbose_name_plural = "行政处罚告知"

    def __str__(self) -> str:
        return f"{self.case}告知"


class Representation(models.Model):
    """One argument of the party's 陈述、申辩 and the bureau's 复核 of it (行政处罚法第四十五条)."""

    case = models.ForeignKey(
        PenaltyCase, verbose_name="案件", on_delete=models.CASCADE, related_name="representations"
    )
    received_on = models.DateField("提出日期")
    argument = models.TextField("当事人的陈述申辩意见")
    adopted = models.BooleanField("是否采纳", null=True, blank=True)
    review = models.TextField("复核意见", blank=True)
    reviewed_by = models.ForeignKey(
        User, verbose_name="复核人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField("复核日期", null=True, blank=True)

    class Meta:
        verbose_name = "陈述申辩"
        verbose_name_plural = "陈述申辩"
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return self.argument[:30]


class Hearing(models.Model):
    """听证 (行政处罚法第六十三至六十五条): request, notice seven days ahead, record and report."""

    case = models.OneToOneField(
        PenaltyCase, verbose_name="案件", on_delete=models.CASCADE, related_name="hearing"
    )
    requested_on = models.DateField("要求听证日期")
    notified_on = models.DateField("听证通知日期", null=True, blank=True)
    held_on = models.DateField("举行听证日期", null=True, blank=True)
    place = models.CharField("听证地点", max_length=100, blank=True)
    host = models.CharField("听证主持人", max_length=50, blank=True)
    public = models.BooleanField("公开举行", default=True)
    absent = models.BooleanField("当事人无正当理由未出席", default=False)
    record = models.TextField("听证笔录要点", blank=True)
    report = models.TextField("听证报告", blank=True)

    class Meta:
        verbose_name = "听证"
        verbose_name_plural = "听证"

    def __str__(self) -> str:
        return f"{self.case}听证"


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交，待审核"
    APPROVED = "approved", "准予信用修复"
    REJECTED = "rejected", "不予信用修复"


class CreditRepair(models.Model):
    """A firm's application to stop the publicity of a penalty early (信用修复)."""

    number = models.CharField("申请编号", max_length=30, unique=True)
    case = models.ForeignKey(
        PenaltyCase, verbose_name="行政处罚案件", on_delete=models.PROTECT, related_name="credit_repairs"
    )
    region = models.ForeignKey(
        Region, verbose_name="受理区划", on_delete=models.PROTECT, related_name="credit_repairs"
    )
    contact_name = models.CharField("联系人", max_length=30)
    contact_phone = models.CharField("联系电话", max_length=30)
    measures = models.TextField("已采取的整改措施")
    declared = models.JSONField("申请人声明", default=dict)
    commitment = models.BooleanField("签署信用修复承诺书（承诺制）", default=False)
    eligibility = models.JSONField("资格核验结果", default=dict)
    status = models.CharField(
        "状态", max_length=20, choices=RepairStatus.choices, default=RepairStatus.SUBMITTED
    )
    submitted_on = models.DateField("提交日期")
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    reviewer = models.ForeignKey(
        User, verbose_name="审核人员", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_opinion = models.TextField("审核意见", blank=True)
    decided_on = models.DateField("审核日期", null=True, blank=True)

    class Meta:
        verbose_name = "信用修复申请"
        verbose_name_plural = "信用修复申请"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.number
