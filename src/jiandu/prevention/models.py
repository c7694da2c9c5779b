"""Complaints and reports (投诉举报), the raw material of risk warnings."""

from __future__ import annotations

from django.db import models

from jiandu.org.models import Domain, Enterprise, Region


class ComplaintSource(models.TextChoices):
    PLATFORM_12315 = "12315", "12315平台"
    HOTLINE_12345 = "12345", "12345热线"


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    INQUIRY = "inquiry", "咨询"


class Complaint(models.Model):
    number = models.CharField("工单编号", max_length=40, unique=True)
    source = models.CharField("来源", max_length=10, choices=ComplaintSource.choices)
    kind = models.CharField("类型", max_length=10, choices=ComplaintKind.choices)
    received_at = models.DateTimeField("登记时间")
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="complaints"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="被投诉经营主体",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    domain = models.ForeignKey(
        Domain,
        verbose_name="领域",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    subject = models.CharField("诉求事项", max_length=100)
    summary = models.TextField("内容摘要", blank=True)

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["region", "received_at"], name="complaint_region_received")]

    def __str__(self) -> str:
        return self.number
