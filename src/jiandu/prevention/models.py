"""事前 prevention: complaints （投诉举报） and their imports, hotspots, graded risk warnings and their
letters, individual reminders, compliance guides, and the 谁执法谁普法 calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.org.models import Domain, Enterprise, Region, Unit


class ComplaintSource(models.TextChoices):
    PLATFORM_12315 = "12315", "12315平台"
    HOTLINE_12345 = "12345", "12345热线"


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    INQUIRY = "inquiry", "咨询"


class FirmMatch(models.TextChoices):
    USCC = "uscc", "按统一社会信用代码"
    NAME = "name", "按名称和区划"
    NONE = "none", "未匹配"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    CHECKING = "checking", "校验中"
    WRITING = "writing", "写入中"
    DONE = "done", "已完成"
    REJECTED = "rejected", "有错误，未导入"
    FAILED = "failed", "导入失败"

    @classmethod
    def running(cls) -> set[str]:
        return {cls.PENDING, cls.CHECKING, cls.WRITING}


class ComplaintImport(models.Model):
    """One uploaded 12315 / 12345 export and its progress; the file is read by a background task."""

    source = models.CharField("来源", max_length=10, choices=ComplaintSource.choices)
    filename = models.CharField("文件名", max_length=200)
    stored_name = models.CharField("存储文件", max_length=80)
    mapping = models.JSONField("列对应关系", default=dict)
    default_region = models.ForeignKey(
        Region, verbose_name="默认区划", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name="导入人所属区划", on_delete=models.PROTECT, related_name="complaint_imports"
    )
    partial = models.BooleanField("跳过错误行", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField("总行数（估计）", default=0)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    created = models.PositiveIntegerField("新增条数", default=0)
    duplicates = models.PositiveIntegerField("已导入过的条数", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    errors = models.JSONField("错误（最多前 500 条）", default=list)
    message = models.TextField("结果说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "投诉举报导入"
        verbose_name_plural = "投诉举报导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.filename}"

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, round(100 * self.rows_done / self.total_rows))

    @property
    def running(self) -> bool:
        return self.status in ImportStatus.running()


class Complaint(models.Model):
    number = models.CharField("工单编号", max_length=40, unique=True)
    source = models.CharField("来源", max_length=10, choices=ComplaintSource.choices)
    kind = models.CharField("类型", max_length=10, choices=ComplaintKind.choices)
    received_at = models.DateTimeField("登记时间")
    # The foreign keys of this high-volume table carry no database constraint (db_constraint=False):
    # the import service only writes ids it has just looked up, and row locks taken by constraint
    # checks would cap a COPY at a few thousand rows a second (docs/decisions/0005-hotspots-numpy.md).
    region = models.ForeignKey(
        Region,
        verbose_name="所属区划",
        on_delete=models.PROTECT,
        related_name="complaints",
        db_constraint=False,
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="被投诉经营主体",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        db_constraint=False,
    )
    enterprise_name = models.CharField("被投诉方名称", max_length=100, blank=True)
    enterprise_uscc = models.CharField("被投诉方统一社会信用代码", max_length=18, blank=True)
    firm_match = models.CharField(
        "经营主体匹配方式", max_length=5, choices=FirmMatch.choices, default=FirmMatch.NONE
    )
    domain = models.ForeignKey(
        Domain,
        verbose_name="领域",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        db_constraint=False,
    )
    category = models.CharField("平台问题类别", max_length=60, blank=True)
    issue = models.CharField("问题类型", max_length=30, blank=True)
    subject = models.CharField("诉求事项", max_length=100)
    summary = models.TextField("内容摘要", blank=True)
    import_job = models.ForeignKey(
        ComplaintImport,
        verbose_name="导入批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
        db_constraint=False,
    )

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["region", "received_at"], name="complaint_region_received"),
            models.Index(fields=["enterprise", "received_at"], name="complaint_firm_received"),
        ]

    def __str__(self) -> str:
        return self.number


class PeriodKind(models.TextChoices):
    MONTH = "month", "月"
    WEEK = "week", "周"


class ComplaintCount(models.Model):
    """The aggregate kept by the import service: complaints per region × domain × issue × period."""

    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.CASCADE, related_name="+")
    domain = models.ForeignKey(Domain, verbose_name="领域", on_delete=models.CASCADE, related_name="+")
    issue = models.CharField("问题类型", max_length=30)
    period_kind = models.CharField("周期", max_length=5, choices=PeriodKind.choices)
    period_start = models.DateField("周期起始日")
    count = models.PositiveIntegerField("件数", default=0)

    class Meta:
        verbose_name = "投诉举报统计"
        verbose_name_plural = "投诉举报统计"
        constraints = [
            models.UniqueConstraint(
                fields=["period_kind", "period_start", "region", "domain", "issue"],
                name="complaint_count_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.domain_id}/{self.issue}/{self.period_start}: {self.count}"


class HotspotKind(models.TextChoices):
    EMERGING = "emerging", "新发热点"
    PERSISTENT = "persistent", "持续热点"
    FIRM = "firm", "重复被投诉经营主体"


class Hotspot(models.Model):
    """A hotspot found by engines/hotspots.py for one period, stored verbatim with its reasons."""

    period = models.CharField("周期", max_length=10)
    period_kind = models.CharField("周期类型", max_length=5, choices=PeriodKind.choices, default="month")
    kind = models.CharField("类别", max_length=10, choices=HotspotKind.choices)
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.CASCADE, related_name="hotspots")
    domain = models.ForeignKey(Domain, verbose_name="领域", on_delete=models.CASCADE, related_name="hotspots")
    issue = models.CharField("问题类型", max_length=30, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="经营主体", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField("本期件数")
    expected = models.FloatField("期望件数")
    q_value = models.FloatField("q 值", null=True, blank=True)
    grade = models.CharField("建议等级", max_length=4, blank=True)
    points = models.PositiveSmallIntegerField("分级得分", default=0)
    reasons = models.JSONField("理由", default=list)
    rules_version = models.CharField("规则版本", max_length=40, blank=True)
    found_at = models.DateTimeField("计算时间", auto_now_add=True)
    rank = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "投诉热点"
        verbose_name_plural = "投诉热点"
        ordering = ["period_kind", "-period", "rank"]
        indexes = [models.Index(fields=["period_kind", "period", "rank"], name="hotspot_period_rank")]

    def __str__(self) -> str:
        return f"{self.period} {self.region} {self.domain} {self.issue}"


# --- compliance guides -------------------------------------------------------------------------


class ComplianceGuide(models.Model):
    """合规指引： one guide per domain and industry, with versions; the published version is public."""

    domain = models.ForeignKey(Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="guides")
    industry = models.CharField("行业", max_length=50)
    title = models.CharField("标题", max_length=100)
    unit = models.ForeignKey(
        Unit, verbose_name="负责业务机构", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="发布区划", on_delete=models.PROTECT, related_name="+")
    published_version = models.PositiveIntegerField("已发布版本", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "合规指引"
        verbose_name_plural = "合规指引"
        ordering = ["domain__order", "industry"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "domain", "industry"], name="guide_unique_domain_industry"
            )
        ]

    def __str__(self) -> str:
        return self.title


class GuideVersion(models.Model):
    guide = models.ForeignKey(
        ComplianceGuide, verbose_name="合规指引", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    # each item: {"obligation", "legal_basis", "article", "violations", "self_check"}
    items = models.JSONField("合规事项", default=list)
    note = models.CharField("修订说明", max_length=200, blank=True)
    search_text = models.TextField("检索文本", blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修订人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("修订时间", auto_now_add=True)

    class Meta:
        verbose_name = "合规指引版本"
        verbose_name_plural = "合规指引版本"
        ordering = ["guide", "-number"]
        constraints = [models.UniqueConstraint(fields=["guide", "number"], name="guide_version_unique")]

    def __str__(self) -> str:
        return f"{self.guide} 第{self.number}版"


# --- graded risk warnings ----------------------------------------------------------------------


class WarningStatus(models.TextChoices):
    DRAFT = "draft", "草拟"
    REVIEWING = "reviewing", "待业务机构审核"
    APPROVED = "approved", "已审核"
    PUBLISHED = "published", "已发布"
    CLOSED = "closed", "已办结"


class WarningGrade(models.TextChoices):
    FIRST = "一级", "一级"
    SECOND = "二级", "二级"
    THIRD = "三级", "三级"
    FOURTH = "四级", "四级"


class RiskWarning(models.Model):
    """One entry of the 违法风险预警分级清单."""

    number = models.CharField("编号", max_length=30, unique=True)
    title = models.CharField("预警事项", max_length=100)
    region = models.ForeignKey(
        Region, verbose_name="预警区划", on_delete=models.PROTECT, related_name="warnings"
    )
    domain = models.ForeignKey(Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="warnings")
    issue = models.CharField("问题类型", max_length=30)
    grade = models.CharField("等级", max_length=4, choices=WarningGrade.choices)
    grading_version = models.CharField("分级规则版本", max_length=40, blank=True)
    grading_reasons = models.JSONField("分级理由", default=list)
    hotspot = models.ForeignKey(
        Hotspot, verbose_name="来源热点", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.TextField("风险提示内容")
    legal_basis = models.TextField("法律依据")
    guide = models.ForeignKey(
        ComplianceGuide,
        verbose_name="合规指引",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="warnings",
    )
    status = models.CharField(
        "状态", max_length=10, choices=WarningStatus.choices, default=WarningStatus.DRAFT
    )
    warn_associations = models.BooleanField("向行业协会提醒", default=False)
    warn_firms = models.BooleanField("向经营主体提醒", default=False)
    warn_public = models.BooleanField("向社会公开发布", default=False)
    review_opinion = models.TextField("业务机构审核意见", blank=True)
    review_unit = models.ForeignKey(
        Unit, verbose_name="审核业务机构", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        on_delete=models.PROTECT,
        related_name="owned_warnings",
    )
    follow_up_on = models.DateField("跟进日期")
    issued_on = models.DateField("发布日期", null=True, blank=True)
    close_note = models.TextField("办结情况", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("起草时间", auto_now_add=True)

    class Meta:
        verbose_name = "违法风险预警"
        verbose_name_plural = "违法风险预警"
        ordering = ["grade", "-created_at"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class AddresseeKind(models.TextChoices):
    ASSOCIATION = "association", "行业协会"
    FIRM = "firm", "经营主体"


class DeliveryMethod(models.TextChoices):
    DIRECT = "direct", "直接送达"
    MAIL = "mail", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"
    MEETING = "meeting", "会议送达"


class WarningLetter(models.Model):
    """《违法风险预警提醒书》 to an association or one firm of a mail-merged list."""

    warning = models.ForeignKey(
        RiskWarning, verbose_name="预警", on_delete=models.CASCADE, related_name="letters"
    )
    number = models.CharField("文号", max_length=40, unique=True)
    addressee_kind = models.CharField("收件类型", max_length=12, choices=AddresseeKind.choices)
    addressee = models.CharField("收件单位", max_length=100)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="经营主体",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="制发人", on_delete=models.PROTECT)
    created_at = models.DateTimeField("制发时间", auto_now_add=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    delivery_method = models.CharField("送达方式", max_length=12, choices=DeliveryMethod.choices, blank=True)
    receiver = models.CharField("签收人", max_length=40, blank=True)

    class Meta:
        verbose_name = "违法风险预警提醒书"
        verbose_name_plural = "违法风险预警提醒书"
        ordering = ["warning", "number"]

    def __str__(self) -> str:
        return self.number


class ReminderKind(models.TextChoices):
    WRITTEN = "written", "违法风险预警提醒告知书"
    ORAL = "oral", "口头提醒（记入执法文书）"


class ReminderOrigin(models.TextChoices):
    INSPECTION = "inspection", "检查"
    VISIT = "visit", "走访"
    CASE = "case", "案件办理"


class ReminderStatus(models.TextChoices):
    OPEN = "open", "待跟进"
    COMPLIED = "complied", "已整改"
    NOT_COMPLIED = "not_complied", "未整改"


class Reminder(models.Model):
    """An individual compliance reminder （个别提醒） recorded against a firm, with the follow-up check."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="经营主体", on_delete=models.PROTECT, related_name="reminders"
    )
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("提醒方式", max_length=10, choices=ReminderKind.choices)
    origin = models.CharField("来源", max_length=12, choices=ReminderOrigin.choices)
    origin_ref = models.CharField("来源文书或记录编号", max_length=60, blank=True)
    content = models.TextField("提醒内容")
    warning = models.ForeignKey(
        RiskWarning,
        verbose_name="相关预警",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders",
    )
    guide = models.ForeignKey(
        ComplianceGuide,
        verbose_name="合规指引",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    given_on = models.DateField("提醒日期")
    follow_up_on = models.DateField("跟进检查日期")
    status = models.CharField(
        "跟进结果", max_length=12, choices=ReminderStatus.choices, default=ReminderStatus.OPEN
    )
    check_note = models.TextField("跟进检查情况", blank=True)
    checked_at = models.DateTimeField("跟进时间", null=True, blank=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提醒人", on_delete=models.PROTECT)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "个别提醒"
        verbose_name_plural = "个别提醒"
        ordering = ["-given_on"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()}"


# --- 谁执法谁普法 ------------------------------------------------------------------------------


class ActivityKind(models.TextChoices):
    EVENT = "event", "普法活动"
    MATERIALS = "materials", "宣传材料"
    TRAINING = "training", "培训讲座"
    MEDIA = "media", "媒体宣传"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    DONE = "done", "已开展"


class EducationActivity(models.Model):
    """A 普法 activity a unit plans and records for one of the key dates of the year."""

    year = models.PositiveSmallIntegerField("年度")
    key_date = models.CharField("重点时段", max_length=30)
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="开展单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("形式", max_length=10, choices=ActivityKind.choices)
    title = models.CharField("活动名称", max_length=100)
    planned_on = models.DateField("计划日期")
    held_on = models.DateField("开展日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    firms_reached = models.PositiveIntegerField("覆盖经营主体数", default=0)
    materials = models.PositiveIntegerField("发放材料份数", default=0)
    note = models.TextField("情况说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT)

    class Meta:
        verbose_name = "普法活动"
        verbose_name_plural = "普法活动"
        ordering = ["year", "planned_on"]

    def __str__(self) -> str:
        return self.title
