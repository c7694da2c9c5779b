"""The case library: curated typical cases (典型案例). Decided penalty cases live in the cases app."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from jiandu.cases.models import CaseOutcome, PenaltyCase
from jiandu.org.models import Domain, Region


class TypicalCase(models.Model):
    """A case staff chose as guidance for like cases (类案同罚), with the points it teaches."""

    title = models.CharField("标题", max_length=120)
    region = models.ForeignKey(
        Region, verbose_name="发布区划", on_delete=models.PROTECT, related_name="typical_cases"
    )
    domain = models.ForeignKey(
        Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="typical_cases"
    )
    item_code = models.CharField("违法行为事项编码", max_length=40, blank=True)
    decision_number = models.CharField("原处罚决定书文号", max_length=60, blank=True)
    violation = models.CharField("违法行为", max_length=200)
    facts = models.TextField("案情简介")
    legal_basis = models.CharField("处罚依据", max_length=200, blank=True)
    outcome = models.CharField(
        "处理结果", max_length=20, choices=CaseOutcome.choices, default=CaseOutcome.PENALTY
    )
    fine = models.DecimalField("罚款（元）", max_digits=14, decimal_places=2, default=Decimal("0"))
    decided_on = models.DateField("决定日期")
    key_points = models.TextField("裁量要点与典型意义", blank=True)
    source_case = models.ForeignKey(
        PenaltyCase,
        verbose_name="来源案件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="typical_cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="选编人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("选编时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "典型案例"
        verbose_name_plural = "典型案例"
        ordering = ["-decided_on", "title"]

    def __str__(self) -> str:
        return self.title
