"""Rule catalogue (违法行为事项目录) and no-penalty lists (不予处罚清单 / 首违不罚), versioned.

A version is a whole catalogue: its violation items and its exemption entries. Legal reviewers
copy the current published version into a draft, edit the draft, and publish it; a published
version is never changed again (services refuse it). Decisions record the version they used.
"""

from __future__ import annotations

from django.db import models

from jiandu.discretion.workflow import VERSION_TRANSITIONS as VERSION_TRANSITIONS
from jiandu.discretion.workflow import VersionStatus as VersionStatus
from jiandu.org.models import Domain, User


class CatalogueVersion(models.Model):
    version = models.CharField("版本号", max_length=40, unique=True)
    status = models.CharField(
        "状态", max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", verbose_name="来源版本", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("修订说明", blank=True)
    first_violation_window_years = models.PositiveSmallIntegerField(
        "初次违法认定期间（年）", default=5, help_text="可编辑默认值：法律未规定期限"
    )
    created_by = models.ForeignKey(
        User, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_by = models.ForeignKey(
        User, verbose_name="发布人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)

    class Meta:
        verbose_name = "裁量基准目录版本"
        verbose_name_plural = "裁量基准目录版本"
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.version


class CatalogueItem(models.Model):
    """A violation item (违法行为事项) with its legal basis and penalty rule."""

    version = models.ForeignKey(
        CatalogueVersion, verbose_name="目录版本", on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField("事项编码", max_length=40)
    name = models.CharField("违法行为", max_length=200)
    domain = models.ForeignKey(Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="+")
    law = models.CharField("法律简称", max_length=60)
    law_title = models.CharField("法律名称", max_length=100)
    law_file = models.CharField("法律文本", max_length=100, blank=True)
    statute_version = models.DateField("法律版本日期")
    article = models.CharField("条款", max_length=100)
    article_no = models.PositiveSmallIntegerField("条号")
    quote = models.TextField("条文摘录")
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    fine = models.JSONField("罚款规则", null=True, blank=True)
    no_gain_rule = models.JSONField("无违法所得时的规则", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    branches = models.JSONField("罚款分支", default=list, blank=True)
    unit = models.CharField(
        "计数单位", max_length=60, blank=True, help_text="按个数计罚时，一个违法行为的单位"
    )
    replaces = models.CharField("所替代的事项", max_length=40, blank=True)
    band_kind = models.CharField("倍数罚款分档类别", max_length=40, blank=True)

    class Meta:
        verbose_name = "违法行为事项"
        verbose_name_plural = "违法行为事项"
        ordering = ["domain__order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="catalogue_item_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ExemptionKind(models.TextChoices):
    FIRST_VIOLATION = "首违不罚", "首违不罚"
    MINOR = "轻微不罚", "轻微违法不予处罚"


class ExemptionEntry(models.Model):
    """One entry of a 首违不罚 or 轻微违法不予处罚 list."""

    version = models.ForeignKey(
        CatalogueVersion, verbose_name="目录版本", on_delete=models.CASCADE, related_name="exemptions"
    )
    code = models.CharField("编号", max_length=20)
    list_name = models.CharField("清单", max_length=60)
    kind = models.CharField("种类", max_length=10, choices=ExemptionKind.choices)
    item_codes = models.JSONField("对应事项编码", default=list)
    description = models.TextField("情形")
    conditions = models.JSONField("适用条件", default=list)
    requires = models.JSONField("判断条件（事实字段）", default=dict, blank=True)
    follow_up = models.JSONField("后续要求", default=list)
    source = models.CharField("来源", max_length=200, blank=True)
    verified = models.BooleanField("已核对原文", default=False)

    class Meta:
        verbose_name = "免罚清单事项"
        verbose_name_plural = "免罚清单事项"
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="exemption_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:30]}"
