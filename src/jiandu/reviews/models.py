"""Case-file review campaigns (案卷评查), AV-record checks (音像记录核查) and follow-up visits (回访)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Clue
from jiandu.org.models import Region


class ReviewMethod(models.TextChoices):
    FULL = "full", "全面评查"
    KEY = "key", "重点评查"
    SPECIAL = "special", "专项评查"
    CROSS = "cross", "交叉评查"
    RANDOM = "random", "随机评查"


class CampaignStatus(models.TextChoices):
    SELECTED = "selected", "评查中"
    CLOSED = "closed", "已办结"


class ReviewCampaign(models.Model):
    name = models.CharField("评查活动名称", max_length=100)
    method = models.CharField("评查方式", max_length=10, choices=ReviewMethod.choices)
    region = models.ForeignKey(
        Region, verbose_name="评查范围", on_delete=models.PROTECT, related_name="review_campaigns"
    )
    criteria = models.JSONField("选案条件", default=dict, blank=True)
    sheet_version = models.CharField("评分表版本", max_length=20)
    seed = models.CharField("随机种子", max_length=100, blank=True)
    draw = models.JSONField("抽取结果", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.SELECTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="组织人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "案卷评查活动"
        verbose_name_plural = "案卷评查活动"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "待评查"
    SCORED = "scored", "已评分"
    CHECKED = "checked", "已复核"
    CONFIRMED = "confirmed", "已确认（锁定）"


class CaseReview(models.Model):
    campaign = models.ForeignKey(
        ReviewCampaign, verbose_name="评查活动", on_delete=models.CASCADE, related_name="reviews"
    )
    case = models.ForeignKey(
        PenaltyCase, verbose_name="案件", on_delete=models.PROTECT, related_name="reviews"
    )
    region = models.ForeignKey(
        Region, verbose_name="案件区划", on_delete=models.PROTECT, related_name="case_reviews"
    )
    reason = models.CharField("入选理由", max_length=300)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评查人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_reviews",
    )
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checked_reviews",
    )
    status = models.CharField(
        "状态", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField("等次", max_length=10, blank=True)
    vetoed = models.BooleanField("否决", default=False)
    result = models.JSONField("计分明细", null=True, blank=True)
    comment = models.TextField("总体意见", blank=True)
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "案卷评查"
        verbose_name_plural = "案卷评查"
        ordering = ["campaign", "region__code", "case__decision_number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "case"], name="review_case_once")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.case}"

    @property
    def locked(self) -> bool:
        return self.status == ReviewStatus.CONFIRMED


class ReviewFinding(models.Model):
    """One scored item with a deduction, or one veto item, with the reviewer's comment."""

    review = models.ForeignKey(
        CaseReview, verbose_name="评查", on_delete=models.CASCADE, related_name="findings"
    )
    item_code = models.CharField("评分项编号", max_length=10)
    item_text = models.CharField("评分项", max_length=200)
    group = models.CharField("分组", max_length=20, blank=True)
    veto = models.BooleanField("否决项", default=False)
    deduction = models.DecimalField("扣分", max_digits=5, decimal_places=2, default=Decimal("0"))
    comment = models.CharField("评查意见", max_length=500, blank=True)
    enforcement_problem = models.BooleanField("指向执法问题", default=False)
    clue = models.ForeignKey(
        Clue, verbose_name="转办线索", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "评查扣分"
        verbose_name_plural = "评查扣分"
        ordering = ["review", "-veto", "item_code"]
        constraints = [models.UniqueConstraint(fields=["review", "item_code"], name="finding_item_once")]

    def __str__(self) -> str:
        return f"{self.item_code} {self.item_text}"


class AvCheck(models.Model):
    case = models.ForeignKey(
        PenaltyCase, verbose_name="案件", on_delete=models.PROTECT, related_name="av_checks"
    )
    region = models.ForeignKey(Region, verbose_name="案件区划", on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(
        ReviewCampaign,
        verbose_name="评查活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="av_checks",
    )
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核查人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField("核查时间", auto_now_add=True)
    checklist_version = models.CharField("清单版本", max_length=20)
    answers = models.JSONField("核查结果", default=dict)
    passed = models.BooleanField("通过")
    note = models.TextField("核查说明", blank=True)
    clue = models.ForeignKey(
        Clue, verbose_name="转办线索", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "音像记录核查"
        verbose_name_plural = "音像记录核查"
        ordering = ["-checked_at", "-pk"]

    def __str__(self) -> str:
        return f"音像记录核查 {self.case}"


class FollowUpKind(models.TextChoices):
    MANDATORY = "mandatory", "双百回访"
    AFTER_PENALTY = "after_penalty", "事后回访"


class FollowUpStatus(models.TextChoices):
    PENDING = "pending", "待回访"
    DONE = "done", "已回访"


class VisitMethod(models.TextChoices):
    ON_SITE = "on_site", "实地回访"
    PHONE = "phone", "电话回访"
    VIDEO = "video", "视频回访"


class RectificationState(models.TextChoices):
    DONE = "done", "已整改到位"
    ONGOING = "ongoing", "正在整改"
    NOT_STARTED = "not_started", "尚未整改"
    NOT_APPLICABLE = "not_applicable", "无需整改"


class FollowUp(models.Model):
    case = models.ForeignKey(
        PenaltyCase, verbose_name="案件", on_delete=models.CASCADE, related_name="follow_ups"
    )
    kind = models.CharField("回访类型", max_length=20, choices=FollowUpKind.choices)
    region = models.ForeignKey(Region, verbose_name="案件区划", on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField("回访理由", default=list)
    rules_version = models.CharField("规则版本", max_length=20)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    due_on = models.DateField("回访期限")
    status = models.CharField(
        "状态", max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.PENDING
    )
    visited_on = models.DateField("回访日期", null=True, blank=True)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visitors = models.CharField("回访人员", max_length=100, blank=True)
    method = models.CharField("回访方式", max_length=10, choices=VisitMethod.choices, blank=True)
    answers = models.JSONField("问卷", default=dict, blank=True)
    rectification = models.CharField(
        "整改情况", max_length=20, choices=RectificationState.choices, blank=True
    )
    opinion = models.TextField("企业意见", blank=True)
    needs = models.TextField("帮扶需求", blank=True)
    clue = models.ForeignKey(
        Clue, verbose_name="转办线索", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "回访"
        verbose_name_plural = "回访"
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="follow_up_once_per_kind")]
        indexes = [
            models.Index(fields=["region", "kind", "status", "due_on"], name="follow_up_coverage"),
            models.Index(fields=["kind", "status", "due_on", "id"], name="follow_up_list_order"),
            models.Index(fields=["status", "due_on", "id"], name="follow_up_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case}"
