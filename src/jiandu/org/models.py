"""Organisation: regions, domains, units, staff, enterprises, the holiday table."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class Region(models.Model):
    """An administrative division keyed by its GB/T 2260 six-digit code."""

    code = models.CharField("行政区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Domain(models.Model):
    """One of the 17 key enforcement domains (重点领域)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "重点领域"
        verbose_name_plural = "重点领域"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    TASK_FORCE = "task_force", "工作专班/案件管理科"
    BUSINESS = "business", "业务机构"
    LEGAL = "legal", "法制机构"
    BUREAU = "bureau", "县（市、区）局"


class Unit(models.Model):
    """A business unit (业务机构) or bureau; owns the domains it assesses."""

    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="units"
    )
    domains = models.ManyToManyField(Domain, verbose_name="负责领域", blank=True, related_name="units")

    class Meta:
        verbose_name = "业务机构"
        verbose_name_plural = "业务机构"
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    TASK_FORCE = "task_force", "工作专班"
    BUSINESS_UNIT = "business_unit", "业务机构"
    COUNTY_BUREAU = "county_bureau", "县（市、区）局"
    OFFICER = "officer", "执法人员"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核"
    SUPERVISOR = "supervisor", "监督员/监测点"
    AUDITOR = "auditor", "审计管理员"


class User(AbstractUser):
    """A staff account. What it sees is bounded by its region scope and its role."""

    full_name = models.CharField("姓名", max_length=30, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.OFFICER)
    region = models.ForeignKey(
        Region, verbose_name="管辖区划", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="所在机构", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.full_name or self.username


class CreditClass(models.TextChoices):
    A = "A", "A类（信用风险低）"
    B = "B", "B类（信用风险一般）"
    C = "C", "C类（信用风险较高）"
    D = "D", "D类（信用风险高）"


class Enterprise(models.Model):
    """A market entity (经营主体) keyed by its unified social credit code."""

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="enterprises"
    )
    industry = models.CharField("行业", max_length=50, blank=True)
    credit_class = models.CharField("信用风险分类", max_length=1, choices=CreditClass.choices, default="B")
    address = models.CharField("住所", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "经营主体"
        verbose_name_plural = "经营主体"
        ordering = ["uscc"]
        indexes = [
            models.Index(fields=["region", "credit_class"], name="enterprise_region_credit"),
            models.Index(fields=["region", "uscc"], name="enterprise_region_uscc"),
        ]

    def __str__(self) -> str:
        return self.name


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class HolidayYear(models.Model):
    """A year whose full holiday arrangement staff entered (beyond the shipped official table)."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField(
        "依据", max_length=200, help_text="例如：国务院办公厅关于2027年部分节假日安排的通知"
    )

    class Meta:
        verbose_name = "节假日安排年度"
        verbose_name_plural = "节假日安排年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class HolidayDay(models.Model):
    year = models.ForeignKey(HolidayYear, verbose_name="年度", on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=HolidayKind.choices)
    name = models.CharField("名称", max_length=20, blank=True)

    class Meta:
        verbose_name = "节假日"
        verbose_name_plural = "节假日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class ApiToken(models.Model):
    """A bearer token for the REST API; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=50)
    digest = models.CharField("摘要", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked = models.BooleanField("已吊销", default=False)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return self.name


class NotificationKind(models.TextChoices):
    ASSIGNMENT = "assignment", "新分派"
    RETURNED = "returned", "退回"
    SUPERVISION = "supervision", "督办"
    REMINDER = "reminder", "提醒"


class Notification(models.Model):
    """An in-app message to one person: a new assignment, a return, a 督办 or a reminder."""

    user = models.ForeignKey(
        User, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("类型", max_length=20, choices=NotificationKind.choices)
    message = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed = models.BooleanField("已发邮件", default=False)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.message[:50]


class EnterpriseImportStatus(models.TextChoices):
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


class EnterpriseImport(models.Model):
    """One uploaded enterprise table, imported by a background task.

    The task checks every row in batches and stages the checked values in ``EnterpriseImportRow``
    (short transactions); no firm is created or changed until the final switch applies every staged
    row — new firms and updates of existing ones — in one transaction of bulk statements. Cancel or
    failure only deletes staging rows. See docs/hardening.md (Imports in the background).
    """

    filename = models.CharField("文件名", max_length=200)
    stored_name = models.CharField("存储文件", max_length=80)
    region = models.ForeignKey(
        Region, verbose_name="导入人所属区划", on_delete=models.PROTECT, related_name="enterprise_imports"
    )
    partial = models.BooleanField("跳过错误行", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=EnterpriseImportStatus.choices, default=EnterpriseImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField("总行数", default=0)
    rows_done = models.PositiveIntegerField("已校验行数", default=0)
    valid_rows = models.PositiveIntegerField("可导入行数", default=0)
    written = models.PositiveIntegerField("已暂存行数", default=0)
    created = models.PositiveIntegerField("新增户数", default=0)
    updated = models.PositiveIntegerField("更新户数", default=0)
    unchanged = models.PositiveIntegerField("未变化户数", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    errors = models.JSONField("错误（最多前 500 条）", default=list)
    message = models.TextField("结果说明", blank=True)
    cancel_requested = models.BooleanField("已请求取消", default=False)
    created_by = models.ForeignKey("User", verbose_name="导入人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "经营主体导入"
        verbose_name_plural = "经营主体导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"经营主体导入 {self.filename}"

    @property
    def running(self) -> bool:
        return self.status in EnterpriseImportStatus.running()

    @property
    def percent(self) -> int:
        """Checking is the first half of the work, staging the second."""
        if self.status == EnterpriseImportStatus.DONE:
            return 100
        checked = self.rows_done / self.total_rows if self.total_rows else 0.0
        wrote = self.written / self.valid_rows if self.valid_rows else 0.0
        if self.status == EnterpriseImportStatus.WRITING:
            return min(99, int(50 + 50 * wrote))
        return min(50 if self.status == EnterpriseImportStatus.CHECKING else 100, int(50 * checked))


class EnterpriseImportRow(models.Model):
    """A checked row of an enterprise import, waiting for the final switch (then deleted)."""

    job = models.ForeignKey(EnterpriseImport, on_delete=models.CASCADE, related_name="staged_rows")
    row = models.PositiveIntegerField("行号")
    uscc = models.CharField("统一社会信用代码", max_length=18)
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    industry = models.CharField("行业", max_length=50, blank=True)
    credit_class = models.CharField("信用风险分类", max_length=1, choices=CreditClass.choices, default="B")
    address = models.CharField("住所", max_length=200, blank=True)

    class Meta:
        verbose_name = "经营主体导入暂存行"
        verbose_name_plural = "经营主体导入暂存行"
        constraints = [
            models.UniqueConstraint(fields=["job", "uscc"], name="enterprise_import_row_job_uscc"),
        ]

    def __str__(self) -> str:
        return f"第 {self.row} 行 {self.uscc}"
