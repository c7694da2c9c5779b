"""Campaigns and their report schedule （专项行动与报送）, county submissions, and two of the three lists.

The schedule is data (loaded from rulesets/reports/campaigns/*.yaml): next year's campaign or a
province's own dates are a new file, not code. Effective due dates (after the holiday rule) and
lateness are derived, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.clues.models import Clue
from jiandu.org.models import Domain, Region


class HolidayRule(models.TextChoices):
    KEEP = "keep", "不顺延"
    NEXT_WORKDAY = "next_workday", "顺延至下一个工作日"
    PREVIOUS_WORKDAY = "previous_workday", "提前至上一个工作日"


class ReportKind(models.TextChoices):
    MONTHLY_FORM = "monthly_form", "问题整治情况表"
    RECTIFICATION_REPORT = "rectification_report", "整改报告"
    WORK_REPORT = "work_report", "工作情况报告"


class Campaign(models.Model):
    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("专项行动名称", max_length=100)
    region = models.ForeignKey(
        Region, verbose_name="部署区划", on_delete=models.PROTECT, related_name="report_campaigns"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    holiday_rule = models.CharField(
        "报送日遇节假日", max_length=20, choices=HolidayRule.choices, default=HolidayRule.NEXT_WORKDAY
    )
    template_version = models.CharField("情况表模板版本", max_length=20)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "专项行动"
        verbose_name_plural = "专项行动"
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name="专项行动", on_delete=models.CASCADE, related_name="phases"
    )
    name = models.CharField("阶段", max_length=30)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        verbose_name = "阶段"
        verbose_name_plural = "阶段"
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return self.name


class ScheduleItem(models.Model):
    """One report every county files: what, for which period, due (nominally) when."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="专项行动", on_delete=models.CASCADE, related_name="schedule"
    )
    kind = models.CharField("报送事项", max_length=30, choices=ReportKind.choices)
    name = models.CharField("名称", max_length=60)
    period_start = models.DateField("统计起始日")
    period_end = models.DateField("统计截止日")
    nominal_due = models.DateField("规定报送日")
    holiday_rule = models.CharField("遇节假日", max_length=20, choices=HolidayRule.choices, blank=True)

    class Meta:
        verbose_name = "报送事项"
        verbose_name_plural = "报送安排"
        ordering = ["nominal_due", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "period_start", "period_end"], name="schedule_unique_period"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rule(self) -> str:
        return self.holiday_rule or self.campaign.holiday_rule


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已采纳"


class Submission(models.Model):
    """A county's filing of one schedule item; figures are frozen in `snapshot` when submitted."""

    item = models.ForeignKey(
        ScheduleItem, verbose_name="报送事项", on_delete=models.PROTECT, related_name="submissions"
    )
    region = models.ForeignKey(
        Region, verbose_name="报送单位区划", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    typed = models.JSONField("填报数据", default=dict, blank=True)
    narrative = models.JSONField("文字材料", default=dict, blank=True)
    snapshot = models.JSONField("报送时数据", null=True, blank=True)
    template_version = models.CharField("模板版本", max_length=20, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    first_submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField("审核意见", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "报送材料"
        verbose_name_plural = "报送材料"
        ordering = ["item__nominal_due", "region__code"]
        constraints = [models.UniqueConstraint(fields=["item", "region"], name="submission_one_per_region")]

    def __str__(self) -> str:
        return f"{self.region} {self.item}"


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", "县级报送"
    SELECTED = "selected", "市局选用"
    PUBLISHED = "published", "已发布"


class Practice(models.Model):
    """A typical practice （典型经验做法） a county writes up; the city selects and may publish it."""

    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(
        Campaign, verbose_name="专项行动", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField("标题", max_length=100)
    text = models.TextField("主要做法")
    effect = models.TextField("工作成效", blank=True)
    domain = models.ForeignKey(
        Domain, verbose_name="领域", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    published_on = models.DateField("发布日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填写人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("填写时间", auto_now_add=True)

    class Meta:
        verbose_name = "典型经验做法"
        verbose_name_plural = "典型经验做法清单"
        ordering = ["region__code", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class LawAction(models.TextChoices):
    ENACT = "enact", "立"
    AMEND = "amend", "改"
    REPEAL = "repeal", "废"
    INTERPRET = "interpret", "释"


class LawLevel(models.TextChoices):
    LAW = "law", "法律"
    REGULATION = "regulation", "行政法规"
    LOCAL_REGULATION = "local_regulation", "地方性法规"
    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"


class LawSuggestion(models.Model):
    """A 立改废释 suggestion: a legal text found to cause enforcement problems, with the proposed action."""

    region = models.ForeignKey(Region, verbose_name="提出区划", on_delete=models.PROTECT, related_name="+")
    document = models.CharField("法律法规规章或文件名称", max_length=150)
    level = models.CharField("效力层级", max_length=20, choices=LawLevel.choices)
    provision = models.CharField("涉及条款", max_length=100, blank=True)
    problem = models.TextField("存在的问题")
    action = models.CharField("建议类型", max_length=10, choices=LawAction.choices)
    proposal = models.TextField("具体建议")
    clues = models.ManyToManyField(Clue, verbose_name="相关问题线索", blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("提出时间", auto_now_add=True)

    class Meta:
        verbose_name = "立改废释建议"
        verbose_name_plural = "立改废释建议"
        ordering = ["region__code", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.document}（{self.get_action_display()}）"


class ReminderKind(models.TextChoices):
    AHEAD = "ahead", "到期前提醒"
    DUE = "due", "到期当日提醒"


class Reminder(models.Model):
    """An in-app reminder of a due date (3 working days before, and on the day); e-mailed when configured."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        ScheduleItem, verbose_name="报送事项", on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=10, choices=ReminderKind.choices)
    due_on = models.DateField("报送截止日")
    message = models.CharField("内容", max_length=300)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    emailed = models.BooleanField("已发邮件", default=False)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "报送提醒"
        verbose_name_plural = "报送提醒"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "item", "region", "kind"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return self.message
