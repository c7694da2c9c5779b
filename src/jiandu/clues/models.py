"""Problem clues (问题线索) about how officers enforce, and their assessment (研判)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.org.models import Domain, Enterprise, Region, Unit


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
    DATA_MODEL = "data_model", "执法监督（数据模型）"


class ClueStatus(models.TextChoices):
    RECEIVED = "received", "已接收"
    TRIAGED = "triaged", "已分拣"
    ASSESSING = "assessing", "研判中"
    CONSULTATION = "consultation", "会商中"
    JUDICIAL_OPINION = "judicial_opinion", "征求司法行政意见中"
    CONFIRMED = "confirmed", "已认定"
    NOT_CONFIRMED = "not_confirmed", "不予认定"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "已整改"
    REFERRED = "referred", "已移送纪检监察"
    CLOSED = "closed", "已办结"


class ProblemCategory(models.TextChoices):
    P0 = "P0", "不属于四类重点问题"
    P1 = "P1", "乱收费、乱罚款、乱检查、乱查封"
    P2 = "P2", "违规异地执法和趋利性执法"
    P3 = "P3", "执法标准不一致、要求不统一，加重企业负担"
    P4 = "P4", "滥用职权、徇私枉法、该罚不罚、吃拿卡要、粗暴执法、执法不作为"


class ProblemSubtype(models.TextChoices):
    P1A = "P1a", "乱收费"
    P1B = "P1b", "乱罚款"
    P1C = "P1c", "乱检查"
    P1D = "P1d", "乱查封"
    P2A = "P2a", "违规异地执法"
    P2B = "P2b", "趋利性执法"
    P4A = "P4a", "滥用职权"
    P4B = "P4b", "徇私枉法"
    P4C = "P4c", "该罚不罚"
    P4D = "P4d", "吃拿卡要"
    P4E = "P4e", "粗暴执法"
    P4F = "P4f", "执法不作为"


class ClueImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    CHECKING = "checking", "校验中"
    WRITING = "writing", "写入中"
    DONE = "done", "已完成"
    REJECTED = "rejected", "有错误，未导入"
    CANCELLED = "cancelled", "已取消，未导入"
    FAILED = "failed", "导入失败，未导入"

    @classmethod
    def running(cls) -> set[str]:
        return {cls.PENDING, cls.CHECKING, cls.WRITING}


class ClueImport(models.Model):
    """One uploaded 12345 / petition work-order table, imported by a background task in batches.

    The task checks every row, then writes the clues batch by batch as *pending* (hidden from every
    query through ``Clue.objects``) and finally shows all of them with one UPDATE — or removes them
    all when the import is cancelled or fails. See docs/hardening.md (Imports in the background).
    """

    channel = models.CharField("线索渠道", max_length=30, choices=Channel.choices)
    filename = models.CharField("文件名", max_length=200)
    stored_name = models.CharField("存储文件", max_length=80)
    mapping = models.JSONField("列对应关系", default=dict)
    default_region = models.ForeignKey(
        Region, verbose_name="默认区划", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name="导入人所属区划", on_delete=models.PROTECT, related_name="clue_imports"
    )
    partial = models.BooleanField("跳过错误行", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=ClueImportStatus.choices, default=ClueImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField("总行数", default=0)
    rows_done = models.PositiveIntegerField("已校验行数", default=0)
    valid_rows = models.PositiveIntegerField("可导入行数", default=0)
    written = models.PositiveIntegerField("已写入条数", default=0)
    created = models.PositiveIntegerField("导入条数", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    errors = models.JSONField("错误（最多前 500 条）", default=list)
    message = models.TextField("结果说明", blank=True)
    cancel_requested = models.BooleanField("已请求取消", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "工单导入"
        verbose_name_plural = "工单导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.filename}"

    @property
    def running(self) -> bool:
        return self.status in ClueImportStatus.running()

    @property
    def percent(self) -> int:
        """Checking is the first half of the work, writing the second."""
        if self.status in {ClueImportStatus.DONE}:
            return 100
        checked = self.rows_done / self.total_rows if self.total_rows else 0.0
        wrote = self.written / self.valid_rows if self.valid_rows else 0.0
        if self.status == ClueImportStatus.WRITING:
            return min(99, int(50 + 50 * wrote))
        return min(50 if self.status == ClueImportStatus.CHECKING else 100, int(50 * checked))


class VisibleClues(models.Manager["Clue"]):
    """Every query of clues: rows still being written by a background import are not there yet."""

    def get_queryset(self) -> models.QuerySet[Clue]:
        return super().get_queryset().filter(pending=False)


class AllClues(models.Manager["Clue"]):
    """Clues including the pending rows of a running import (only the import code uses it)."""


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
    enterprise_name = models.CharField("企业自报名称", max_length=100, blank=True)
    domain = models.ForeignKey(
        Domain, verbose_name="领域", null=True, blank=True, on_delete=models.SET_NULL, related_name="clues"
    )
    summary = models.TextField("线索内容")
    officers = models.CharField("被反映人员", max_length=200, blank=True)
    unit_named = models.CharField("被反映单位", max_length=100, blank=True)
    reporter_name = models.CharField("反映人", max_length=50, blank=True)
    reporter_phone = models.CharField("联系电话", max_length=30, blank=True)
    reporter_email = models.CharField("电子邮箱", max_length=120, blank=True)
    source_ref = models.CharField("来源编号", max_length=120, blank=True, db_index=True)
    receipt_code = models.CharField("查询码", max_length=20, null=True, blank=True, unique=True)
    status = models.CharField("状态", max_length=20, choices=ClueStatus.choices, default=ClueStatus.RECEIVED)
    step_started_on = models.DateField("当前环节起始日", null=True, blank=True)
    category = models.CharField("问题类别", max_length=2, choices=ProblemCategory.choices, blank=True)
    subtype = models.CharField("问题细类", max_length=3, choices=ProblemSubtype.choices, blank=True)
    suggestion = models.JSONField("分拣建议", null=True, blank=True)
    suggested_unit = models.ForeignKey(
        Unit,
        verbose_name="建议承办机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggested_clues",
    )
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name="承办（牵头）机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_clues",
    )
    public_reply = models.TextField(
        "对外答复",
        blank=True,
        help_text="办结后向反映人和查询人公开的答复，由工作人员专门撰写，不含内部研判意见",
    )
    public_reply_on = models.DateField("答复日期", null=True, blank=True)
    import_job = models.ForeignKey(
        ClueImport,
        verbose_name="导入批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pending = models.BooleanField("导入中（尚未生效）", default=False)

    objects = VisibleClues()
    with_pending = AllClues()  # the import job's own writes and removals only

    class Meta:
        verbose_name = "问题线索"
        verbose_name_plural = "问题线索"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "step_started_on"], name="clue_status_step"),
            # the list's ORDER BY, alone (city users) and after the county (county users), over the
            # visible clues only: the rows of a running import are not walked past (100,000 pending
            # rows made the duplicate search 11 ms and the city list 15 ms instead of 1 ms)
            models.Index(
                fields=["-received_at", "-id"], name="clue_visible_order", condition=models.Q(pending=False)
            ),
            models.Index(
                fields=["region", "-received_at", "-id"],
                name="clue_visible_region_order",
                condition=models.Q(pending=False),
            ),
            models.Index(fields=["import_job", "pending"], name="clue_import_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_at:%Y-%m-%d}"


class ClueAttachment(models.Model):
    clue = models.ForeignKey(
        Clue, verbose_name="问题线索", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to="clues/%Y/%m/")
    name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "线索附件"
        verbose_name_plural = "线索附件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class DuplicateLink(models.Model):
    """Two clues that may report the same thing. Shown side by side, never merged."""

    clue = models.ForeignKey(
        Clue, verbose_name="线索", on_delete=models.CASCADE, related_name="duplicate_links"
    )
    other = models.ForeignKey(Clue, verbose_name="疑似重复线索", on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField("文本相似度", max_digits=4, decimal_places=2)
    reasons = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = "疑似重复线索"
        verbose_name_plural = "疑似重复线索"
        constraints = [models.UniqueConstraint(fields=["clue", "other"], name="duplicate_unique_pair")]

    def __str__(self) -> str:
        return f"{self.clue_id}~{self.other_id}"


class Verdict(models.TextChoices):
    CONFIRMED = "confirmed", "认定属于四类重点问题"
    NOT_CONFIRMED = "not_confirmed", "不予认定"


class Assessment(models.Model):
    """The assessing unit's verdict; the final labels are kept for retraining the triage model."""

    clue = models.OneToOneField(
        Clue, verbose_name="问题线索", on_delete=models.CASCADE, related_name="assessment"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="研判机构", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="研判人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verdict = models.CharField("研判结论", max_length=20, choices=Verdict.choices)
    category = models.CharField("问题类别", max_length=2, choices=ProblemCategory.choices)
    subtype = models.CharField("问题细类", max_length=3, choices=ProblemSubtype.choices, blank=True)
    domain = models.ForeignKey(
        Domain, verbose_name="领域", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opinion = models.TextField("认定意见")
    cause_analysis = models.TextField("原因剖析", blank=True)
    decided_on = models.DateField("研判日期")

    class Meta:
        verbose_name = "研判"
        verbose_name_plural = "研判"

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} {self.category}"


class Consultation(models.Model):
    clue = models.OneToOneField(
        Clue, verbose_name="问题线索", on_delete=models.CASCADE, related_name="consultation"
    )
    lead_unit = models.ForeignKey(Unit, verbose_name="牵头机构", on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField(Unit, verbose_name="参加机构", related_name="+")
    topic = models.TextField("会商事项")
    opened_on = models.DateField("发起日期")
    conclusion = models.TextField("会商结论", blank=True)

    class Meta:
        verbose_name = "会商"
        verbose_name_plural = "会商"

    def __str__(self) -> str:
        return f"会商 {self.clue_id}"


class ConsultationOpinion(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name="会商", on_delete=models.CASCADE, related_name="opinions"
    )
    unit = models.ForeignKey(Unit, verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填写人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opinion = models.TextField("意见")
    given_on = models.DateField("日期")

    class Meta:
        verbose_name = "会商意见"
        verbose_name_plural = "会商意见"
        constraints = [models.UniqueConstraint(fields=["consultation", "unit"], name="opinion_one_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} 意见"


class JudicialOpinion(models.Model):
    """An opinion asked of the judicial-administration department on a hard case."""

    clue = models.ForeignKey(
        Clue, verbose_name="问题线索", on_delete=models.CASCADE, related_name="judicial_opinions"
    )
    question = models.TextField("征求意见事项")
    requested_on = models.DateField("征求日期")
    answer = models.TextField("司法行政部门意见", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)

    class Meta:
        verbose_name = "司法行政意见"
        verbose_name_plural = "司法行政意见"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"征求意见 {self.clue_id}"


class DisciplineReferral(models.Model):
    """A referral to discipline inspection (移送纪检监察). Visible only to those who must know."""

    clue = models.OneToOneField(
        Clue, verbose_name="问题线索", on_delete=models.CASCADE, related_name="referral"
    )
    organ = models.CharField("接收机关", max_length=100)
    persons = models.CharField("涉及人员", max_length=200)
    reason = models.TextField("移送理由")
    referred_on = models.DateField("移送日期")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "移送纪检监察"
        verbose_name_plural = "移送纪检监察"

    def __str__(self) -> str:
        return f"移送 {self.clue_id}"


class SuggestionSource(models.TextChoices):
    FORUM = "forum", "座谈会"
    OPINION_CARD = "opinion_card", "意见卡"
    VISIT = "visit", "走访"
    FOLLOW_UP = "follow_up", "回访"
    SUPERVISOR = "supervisor", "监督员"
    MONITORING_POINT = "monitoring_point", "监测点"
    MAILBOX = "mailbox", "信箱"
    OTHER = "other", "其他"


class SuggestionStatus(models.TextChoices):
    OPEN = "open", "待答复"
    ANSWERED = "answered", "已答复"


class Suggestion(models.Model):
    """One entry of the 意见建议清单： an opinion or suggestion from a forum, card, visit or supervisor."""

    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="suggestions"
    )
    source = models.CharField("来源", max_length=20, choices=SuggestionSource.choices)
    source_ref = models.CharField("来源说明", max_length=120, blank=True)
    text = models.TextField("意见建议内容")
    domain = models.ForeignKey(
        Domain, verbose_name="领域", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="答复机构", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clue = models.ForeignKey(
        Clue,
        verbose_name="相关问题线索",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    answer = models.TextField("答复意见", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "意见建议"
        verbose_name_plural = "意见建议清单"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}意见建议 {self.pk}"
