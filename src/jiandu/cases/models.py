"""Administrative penalty cases (行政处罚案件)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from jiandu.org.models import Domain, Enterprise, Region, Unit


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "拟处罚(草稿)"
    CHECKED = "checked", "已完成裁量与类案核查"
    LEGAL_REVIEW = "legal_review", "法制审核中"
    DECIDED = "decided", "已作出决定"
    DELIVERED = "delivered", "已送达"
    PAID = "paid", "已缴纳"
    CLOSED = "closed", "已结案"


class CaseOutcome(models.TextChoices):
    PENALTY = "penalty", "予以处罚"
    WARNING = "warning", "警告"
    NO_PENALTY = "no_penalty", "不予处罚"


class PenaltyKind(models.TextChoices):
    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_GAIN = "confiscate_gain", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_LICENCE = "suspend_licence", "暂扣许可证件"
    DOWNGRADE = "downgrade", "降低资质等级"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件/营业执照"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    BAN_EMPLOYMENT = "ban_employment", "限制从业"
    DETENTION = "detention", "行政拘留"


class PenaltyCase(models.Model):
    decision_number = models.CharField("处罚决定书文号", max_length=60, unique=True)
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
    decided_on = models.DateField("决定日期")
    fine = models.DecimalField("罚款(元)", max_digits=14, decimal_places=2, default=Decimal("0"))
    confiscation = models.DecimalField(
        "没收违法所得(元)", max_digits=14, decimal_places=2, default=Decimal("0")
    )
    is_major = models.BooleanField("重大案件", default=False)
    reconsidered = models.BooleanField("申请行政复议", default=False)
    litigated = models.BooleanField("提起行政诉讼", default=False)

    class Meta:
        verbose_name = "行政处罚案件"
        verbose_name_plural = "行政处罚案件"
        ordering = ["-decided_on", "decision_number"]
        indexes = [models.Index(fields=["region", "decided_on"], name="case_region_decided")]

    def __str__(self) -> str:
        return self.decision_number
