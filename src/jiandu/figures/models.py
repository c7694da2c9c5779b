"""Aggregate tables the dashboards read instead of scanning millions of raw rows per request.

They are rebuilt from the raw tables by `services.refresh_figures` (a background task, run when the
figures are older than `JIANDU_FIGURES_MAX_AGE` seconds, after imports and after the demo load), in
one transaction, so a reader sees either the old or the new set, never half of each.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from jiandu.org.models import Region


class RegionMonth(models.Model):
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.CASCADE, related_name="+")
    month = models.DateField("月份（当月1日）")
    cases_decided = models.PositiveIntegerField("作出决定的案件", default=0)
    fines = models.DecimalField("罚款（元）", max_digits=16, decimal_places=2, default=Decimal("0"))
    confiscations = models.DecimalField("没收（元）", max_digits=16, decimal_places=2, default=Decimal("0"))
    complaints = models.PositiveIntegerField("投诉举报", default=0)
    clues_received = models.PositiveIntegerField("收到的问题线索", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "区划月度汇总"
        constraints = [
            models.UniqueConstraint(fields=["region", "month"], name="figures_region_month_unique")
        ]
        indexes = [models.Index(fields=["month", "region"], name="figures_month_region")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m}"


class RegionEnterprises(models.Model):
    region = models.OneToOneField(Region, verbose_name="区划", on_delete=models.CASCADE, related_name="+")
    total = models.PositiveIntegerField("经营主体", default=0)
    class_a = models.PositiveIntegerField("A类", default=0)
    class_b = models.PositiveIntegerField("B类", default=0)
    class_c = models.PositiveIntegerField("C类", default=0)
    class_d = models.PositiveIntegerField("D类", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "区划经营主体汇总"

    def __str__(self) -> str:
        return f"{self.region_id}: {self.total}"


class Refresh(models.Model):
    finished_at = models.DateTimeField("完成时间")
    seconds = models.FloatField("用时（秒）")
    rows = models.PositiveIntegerField("汇总行数")

    class Meta:
        verbose_name = verbose_name_plural = "汇总刷新"
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M}"
