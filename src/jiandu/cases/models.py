"""Administrative penalty cases (行政处罚案件)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from jiandu.org.models import Domain, Enterprise, Region, Unit


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
    violation = models.CharField("违法行为", max_length=200)
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
