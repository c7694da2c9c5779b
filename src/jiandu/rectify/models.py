"""The rectification ledger (整改台账): what is done about each confirmed problem."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from jiandu.clues.models import Clue
from jiandu.org.models import Region, Unit


class RectificationMode(models.TextChoices):
    IMMEDIATE = "immediate", "立行立改"
    DEADLINE = "deadline", "限期整改"


class RectificationStatus(models.TextChoices):
    OPEN = "open", "整改中"
    DONE = "done", "已完成"


class Rectification(models.Model):
    clue = models.ForeignKey(
        Clue, verbose_name="问题线索", on_delete=models.PROTECT, related_name="rectifications"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="rectifications"
    )
    responsible_person = models.CharField("责任人", max_length=30)
    measures = models.TextField("整改措施")
    mode = models.CharField("整改方式", max_length=10, choices=RectificationMode.choices)
    term_workdays = models.PositiveSmallIntegerField("整改期限（工作日）")
    opened_on = models.DateField("建账日期")
    status = models.CharField(
        "状态", max_length=10, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    result = models.TextField("整改结果", blank=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    refund_amount = models.DecimalField(
        "退还金额（元）", max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    refund_count = models.PositiveIntegerField("退还笔数", default=0)
    decisions_corrected = models.PositiveIntegerField("纠正执法决定（件）", default=0)
    supervised = models.BooleanField("督办", default=False)
    supervised_on = models.DateField("督办日期", null=True, blank=True)
    supervision_note = models.CharField("督办要求", max_length=200, blank=True)
    supervised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="督办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改台账"
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["-opened_on", "-id"], name="rectification_list_order"),
            models.Index(fields=["region", "-opened_on", "-id"], name="rectification_region_order"),
        ]

    def __str__(self) -> str:
        return f"整改 {self.pk}"


class RectificationEvidence(models.Model):
    rectification = models.ForeignKey(
        Rectification, verbose_name="整改事项", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件", upload_to="rectify/%Y/%m/")
    name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改佐证材料"
        verbose_name_plural = "整改佐证材料"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
