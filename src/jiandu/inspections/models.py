"""双随机一公开: inspection items, inspectors, plans with their verifiable draw, inspections, guidance."""

from __future__ import annotations

from django.db import models

from jiandu.org.models import Domain, Enterprise, Region, User


class ItemKind(models.TextChoices):
    KEY = "key", "重点检查事项"
    GENERAL = "general", "一般检查事项"


class InspectionItem(models.Model):
    """One entry of the bureau's list of inspection items (随机抽查事项清单)."""

    code = models.CharField("事项编码", max_length=30, unique=True)
    name = models.CharField("事项名称", max_length=100)
    domain = models.ForeignKey(Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("事项类别", max_length=10, choices=ItemKind.choices, default=ItemKind.GENERAL)
    legal_basis = models.CharField("检查依据", max_length=200, blank=True)
    department = models.CharField(
        "实施部门", max_length=50, default="市场监督管理局", help_text="联合抽查时，其他部门的事项也列入清单"
    )
    active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "检查事项"
        verbose_name_plural = "检查事项"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Inspector(models.Model):
    """A member of the inspectors' pool (执法检查人员名录库)."""

    name = models.CharField("姓名", max_length=30)
    certificate_number = models.CharField("执法证号", max_length=30, unique=True)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    domains = models.ManyToManyField(Domain, verbose_name="熟悉领域", blank=True, related_name="+")
    qualifications = models.CharField("资格", max_length=200, blank=True, help_text="例如：特种设备检验员")
    user = models.ForeignKey(
        User, verbose_name="账号", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "检查人员"
        verbose_name_plural = "检查人员"
        ordering = ["certificate_number"]

    def __str__(self) -> str:
        return self.name


class ConflictOfInterest(models.Model):
    """An inspector's declared conflict with a firm; the inspector is skipped for it in every draw."""

    inspector = models.ForeignKey(
        Inspector, verbose_name="检查人员", on_delete=models.CASCADE, related_name="conflicts"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField("申报事由", max_length=200)
    declared_on = models.DateField("申报日期")

    class Meta:
        verbose_name = "利益冲突申报"
        verbose_name_plural = "利益冲突申报"
        constraints = [
            models.UniqueConstraint(fields=["inspector", "enterprise"], name="conflict_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.inspector} · {self.enterprise}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    COMMITTED = "committed", "已公示候选名单"
    DRAWN = "drawn", "已抽取企业"
    ASSIGNED = "assigned", "已匹配检查人员"
    PUBLISHED = "published", "结果已公示"


class InspectionPlan(models.Model):
    """A 双随机 plan; commit (hashes, exclusions, ratios) strictly before the seed, then draw."""

    number = models.CharField("计划编号", max_length=40, unique=True)
    title = models.CharField("计划名称", max_length=100)
    region = models.ForeignKey(Region, verbose_name="组织区划", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    items = models.ManyToManyField(InspectionItem, verbose_name="检查事项", related_name="plans")
    scope_regions = models.ManyToManyField(Region, verbose_name="抽查范围", related_name="+")
    domains = models.ManyToManyField(Domain, verbose_name="领域", blank=True, related_name="+")
    industry_filter = models.CharField("行业包含", max_length=50, blank=True)
    ratios = models.JSONField("各类抽取比例", default=dict)
    yearly_caps = models.JSONField("年度检查上限", default=dict)
    window_days = models.PositiveSmallIntegerField("近期检查排除窗口（天）", default=30)
    period_start = models.DateField("检查开始日期")
    period_end = models.DateField("检查结束日期")
    joining_departments = models.CharField(
        "联合抽查部门", max_length=200, blank=True, help_text="以顿号分隔，例如：卫生健康委、应急管理局"
    )
    seed_source = models.CharField(
        "随机种子来源", max_length=200, blank=True, help_text="例如：2026年12月1日福彩3D开奖号码 + 计划编号"
    )
    rules_version = models.CharField("规则版本", max_length=40, blank=True)
    # commitment, published before the seed exists
    committed_at = models.DateTimeField("候选名单公示时间", null=True, blank=True)
    candidate_count = models.PositiveIntegerField("候选企业数", default=0)
    candidates_sha256 = models.CharField("候选名单哈希", max_length=64, blank=True)
    excluded_sha256 = models.CharField("排除名单哈希", max_length=64, blank=True)
    exclusion_summary = models.JSONField("排除情况（按类别）", default=list)
    # the draw
    seed = models.CharField("随机种子", max_length=200, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    draw_result = models.JSONField("抽取结果", null=True, blank=True)
    inspector_draw = models.JSONField("检查人员抽取结果", null=True, blank=True)
    assigned_at = models.DateTimeField("匹配时间", null=True, blank=True)
    published_at = models.DateTimeField("结果公示时间", null=True, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ExclusionCategory(models.TextChoices):
    RECENT = "recent", "近期已被检查（无事不扰）"
    YEARLY_CAP = "yearly_cap", "已达年度检查上限"


class PlanCandidate(models.Model):
    """A firm on a plan's committed candidate list, with its stratum frozen at commit time."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="candidates")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    uscc = models.CharField("统一社会信用代码", max_length=18)
    # the id published in candidates.csv and used by the draw (ADR 0009): a keyed pseudonym of plan
    # and firm; empty for plans committed before, which published the USCC and keep it
    candidate_id = models.CharField("候选编号", max_length=24, blank=True, db_index=True)
    stratum = models.CharField("信用风险分类", max_length=4)
    excluded = models.CharField("排除类别", max_length=12, choices=ExclusionCategory.choices, blank=True)

    class Meta:
        verbose_name = "候选企业"
        verbose_name_plural = "候选企业"
        constraints = [models.UniqueConstraint(fields=["plan", "uscc"], name="candidate_unique_in_plan")]

    def __str__(self) -> str:
        return f"{self.uscc} ({self.stratum})"

    @property
    def public_id(self) -> str:
        """The id the published files and the draw use for this firm."""
        return self.candidate_id or self.uscc


class Outcome(models.TextChoices):
    PENDING = "pending", "待检查"
    NO_PROBLEM = "no_problem", "未发现问题"
    RECTIFICATION = "rectification", "发现问题，责令整改"
    CLUE = "clue", "发现问题，移交线索"
    CASE_NOTE = "case_note", "发现问题，立案查处"


class Inspection(models.Model):
    """One visit to one firm: from a plan (joint visit for every joining department) or recorded ad hoc."""

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name="抽查计划",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    department = models.CharField("检查部门", max_length=200, default="市场监督管理局")
    inspectors = models.ManyToManyField(
        Inspector, verbose_name="检查人员", blank=True, related_name="inspections"
    )
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    outcome = models.CharField("检查结果", max_length=14, choices=Outcome.choices, default=Outcome.PENDING)
    findings = models.TextField("发现的问题", blank=True)
    rectification_deadline = models.DateField("整改期限", null=True, blank=True)
    clue = models.ForeignKey(
        "clues.Clue",
        verbose_name="移交线索",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case_note = models.CharField("立案说明", max_length=200, blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "检查记录"
        verbose_name_plural = "检查记录"
        ordering = ["-inspected_on", "pk"]
        indexes = [models.Index(fields=["enterprise", "inspected_on"], name="inspection_firm_date")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.inspected_on or '待检查'}"


class GuidanceKind(models.TextChoices):
    PROMPT = "prompt", "提示"
    WARN = "warn", "告诫"
    ADVISE = "advise", "建议"
    INTERVIEW = "interview", "约谈"
    DEMONSTRATE = "demonstrate", "示范"


class GuidanceMeasure(models.Model):
    """行政指导 recorded against a firm instead of or before a penalty, with a follow-up check."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("指导方式", max_length=12, choices=GuidanceKind.choices)
    content = models.TextField("指导内容")
    issued_on = models.DateField("实施日期")
    inspection = models.ForeignKey(
        Inspection,
        verbose_name="关联检查",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    followed_up_on = models.DateField("跟踪检查日期", null=True, blank=True)
    follow_up_result = models.CharField("跟踪检查结果", max_length=200, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "行政指导"
        verbose_name_plural = "行政指导"
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.enterprise}"
