"""Problem clues (问题线索) about how officers enforce."""

from __future__ import annotations

from django.db import models

from jiandu.org.models import Domain, Enterprise, Region


class Channel(models.TextChoices):
    MEDIA = "media", "新闻媒体"
    PETITION = "petition", "信访"
    COMPLAINT_REPORT = "complaint_report", "投诉举报"
    EMAIL = "email", "电子邮箱"
    HOTLINE_12345 = "hotline_12345", "12345热线"
    HOTLINE_12315 = "hotline_12315", "12315平台"
    DIRECT_LINE = "direct_line", "执法监督与企业直通车"
    MAILBOX = "mailbox", "涉企执法问题投诉举报信箱"
    OPINION_CARD = "opinion_card", "执法监督意见卡"
    FORUM = "forum", "涉企执法座谈会"
    VISIT = "visit", "实地走访"
    CASE_REVIEW = "case_review", "案卷评查"
    AV_CHECK = "av_check", "音像记录核查"
    FOLLOW_UP = "follow_up", "双百回访"
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"
    MONITORING_POINT = "monitoring_point", "执法监测点"
    SUPERVISOR = "supervisor", "执法监督员"
    SUPERVISION = "supervision", "行政执法监督"


class ClueStatus(models.TextChoices):
    RECEIVED = "received", "已接收"
    TRIAGED = "triaged", "已分拣"
    ASSESSING = "assessing", "研判中"
    CONSULTATION = "consultation", "会商中"
    CONFIRMED = "confirmed", "已认定"
    NOT_CONFIRMED = "not_confirmed", "不予认定"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "已整改"
    CLOSED = "closed", "已办结"


class Clue(models.Model):
    channel = models.CharField("线索渠道", max_length=30, choices=Channel.choices)
    received_at = models.DateTimeField("接收时间")
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="clues"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="涉及经营主体",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clues",
    )
    domain = models.ForeignKey(
        Domain, verbose_name="领域", null=True, blank=True, on_delete=models.SET_NULL, related_name="clues"
    )
    summary = models.TextField("线索内容")
    reporter_name = models.CharField("反映人", max_length=50, blank=True)
    reporter_phone = models.CharField("联系电话", max_length=30, blank=True)
    status = models.CharField("状态", max_length=20, choices=ClueStatus.choices, default=ClueStatus.RECEIVED)

    class Meta:
        verbose_name = "问题线索"
        verbose_name_plural = "问题线索"
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_at:%Y-%m-%d}"
