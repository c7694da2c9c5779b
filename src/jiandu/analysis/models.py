"""重点县区 lists per period, and the problem models with their hits (each filed as a clue)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Clue
from jiandu.org.models import Enterprise, Region


class KeyCounty(models.Model):
    """A county put on the 重点县区 list for a period (the evaluation month), with the engine's reasons."""

    region = models.ForeignKey(
        Region, verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField("评估月份", max_length=7, help_text="YYYY-MM")
    rank = models.PositiveSmallIntegerField("排名")
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    reasons = models.JSONField("理由", default=list)
    signals = models.JSONField("信号", default=list)
    rules_version = models.CharField("规则版本", max_length=40)
    note = models.CharField("说明", max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="列入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField("列入时间", auto_now_add=True)

    class Meta:
        verbose_name = "重点县区"
        verbose_name_plural = "重点县区"
        ordering = ["-period", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["region", "period"], name="key_county_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.region.name}"


class ProblemModel(models.Model):
    """One model of the rule file, as staff switch it on or off; its rules live in the dated YAML."""

    code = models.CharField("模型代码", max_length=40, unique=True)
    name = models.CharField("模型名称", max_length=100)
    version = models.CharField("规则版本", max_length=40)
    enabled = models.BooleanField("启用", default=True)
    description = models.TextField("说明", blank=True)
    legal_basis = models.JSONField("依据", default=list)
    last_run_at = models.DateTimeField("最近运行时间", null=True, blank=True)

    class Meta:
        verbose_name = "问题模型"
        verbose_name_plural = "问题模型"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ModelHit(models.Model):
    """One finding of a model, filed once as a clue (channel 数据模型); staff may mark it a false positive."""

    model = models.ForeignKey(
        ProblemModel, verbose_name="问题模型", on_delete=models.PROTECT, related_name="hits"
    )
    version = models.CharField("规则版本", max_length=40)
    key = models.CharField("命中标识", max_length=120, unique=True)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    summary = models.TextField("摘要")
    reasons = models.JSONField("理由", default=list)
    evidence = models.JSONField("证据记录", default=list)
    case = models.ForeignKey(
        PenaltyCase,
        verbose_name="涉及案件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="涉及经营主体",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    clue = models.OneToOneField(
        Clue,
        verbose_name="登记的线索",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="model_hit",
    )
    found_at = models.DateTimeField("发现时间", auto_now_add=True)
    false_positive = models.BooleanField("误报", default=False)
    false_positive_reason = models.TextField("误报理由", blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="标记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField("标记时间", null=True, blank=True)

    class Meta:
        verbose_name = "模型命中"
        verbose_name_plural = "模型命中"
        ordering = ["-found_at", "-pk"]
        indexes = [models.Index(fields=["model", "region"], name="model_hit_model_region")]

    def __str__(self) -> str:
        return f"{self.model.name} {self.key}"
