"""The oversight app's records: urgent matters and 舆情 events, media reports, warning cases; the task
forces; judging standards; good-credit incentives; 尽职免责 reviews; 三项制度; special campaigns,
明察暗访 visits and 考核评议."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.analysis.models import KeyCounty
from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Assessment, Clue, ProblemSubtype
from jiandu.org.models import Domain, Enterprise, Region, Unit
from jiandu.prevention.models import Hotspot
from jiandu.reviews.models import AvCheck

# --- 紧急处置与舆情 ---------------------------------------------------------------------------------


class UrgentKind(models.TextChoices):
    SEVERE = "severe", "社会影响恶劣"
    OPINION = "opinion", "舆情"


class UrgentMatter(models.Model):
    """A clue marked for fast handling, with a deadline in clock hours and escalated to the city."""

    clue = models.OneToOneField(
        Clue, verbose_name="问题线索", on_delete=models.CASCADE, related_name="urgent"
    )
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("紧急类型", max_length=10, choices=UrgentKind.choices)
    reason = models.TextField("标记理由")
    deadline_hours = models.PositiveSmallIntegerField("处置时限（小时）")
    flagged_at = models.DateTimeField("标记时间")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="标记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalated_to = models.ForeignKey(
        Region, verbose_name="提级至", on_delete=models.PROTECT, related_name="+", null=True
    )
    closed_at = models.DateTimeField("处置完毕时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.TextField("处置结果", blank=True)

    class Meta:
        verbose_name = "紧急事项"
        verbose_name_plural = "紧急事项"
        ordering = ["-flagged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.clue_id}"


class OpinionSource(models.TextChoices):
    NETWORK = "network", "网络平台"
    MEDIA = "media", "新闻媒体"
    HOTLINE = "hotline", "12345热线"
    PETITION = "petition", "信访"
    OTHER = "other", "其他"


class OpinionEvent(models.Model):
    """A 舆情 event: where it was first seen, what was done, the statement, its closing."""

    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    matter = models.ForeignKey(
        UrgentMatter,
        verbose_name="紧急事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    title = models.CharField("舆情标题", max_length=120)
    source = models.CharField("来源", max_length=10, choices=OpinionSource.choices)
    source_detail = models.CharField("来源说明", max_length=200, blank=True)
    first_seen_at = models.DateTimeField("首次发现时间")
    summary = models.TextField("舆情概要")
    statement = models.TextField("公开回应", blank=True)
    statement_at = models.DateTimeField("回应发布时间", null=True, blank=True)
    closed_at = models.DateTimeField("处置完毕时间", null=True, blank=True)
    closing_note = models.TextField("处置情况", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "舆情事件"
        verbose_name_plural = "舆情事件"
        ordering = ["-first_seen_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class OpinionStep(models.Model):
    event = models.ForeignKey(
        OpinionEvent, verbose_name="舆情事件", on_delete=models.CASCADE, related_name="steps"
    )
    taken_at = models.DateTimeField("时间")
    action = models.TextField("应对措施")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "舆情应对措施"
        verbose_name_plural = "舆情应对措施"
        ordering = ["taken_at", "pk"]

    def __str__(self) -> str:
        return self.action[:30]


class MediaLevel(models.TextChoices):
    CENTRAL = "central", "中央级"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class MediaKind(models.TextChoices):
    PRINT = "print", "报刊"
    BROADCAST = "broadcast", "广播电视"
    WEB = "web", "网站"
    SOCIAL = "social", "新媒体"


class MediaReport(models.Model):
    """A 宣传报道 of the campaign in the press."""

    region = models.ForeignKey(Region, verbose_name="报送区划", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=150)
    outlet = models.CharField("媒体名称", max_length=60)
    level = models.CharField("媒体级别", max_length=10, choices=MediaLevel.choices)
    kind = models.CharField("媒体类型", max_length=10, choices=MediaKind.choices)
    published_on = models.DateField("刊发日期")
    link = models.CharField("链接或版面", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "宣传报道"
        verbose_name_plural = "宣传报道"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class WarningCase(models.Model):
    """A 典型问题 of 以案警示: an anonymised account of a confirmed problem, published on a public page."""

    region = models.ForeignKey(Region, verbose_name="发布区划", on_delete=models.PROTECT, related_name="+")
    clue = models.ForeignKey(
        Clue, verbose_name="来源线索", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    domain = models.ForeignKey(
        Domain, verbose_name="领域", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subtype = models.CharField("问题细类", max_length=3, choices=ProblemSubtype.choices, blank=True)
    title = models.CharField("标题", max_length=120)
    account = models.TextField("问题经过（已隐去身份信息）")
    lesson = models.TextField("警示意义")
    published_on = models.DateField("发布日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="编写人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "以案警示典型问题"
        verbose_name_plural = "以案警示典型问题"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


# --- 工作专班 --------------------------------------------------------------------------------------


class TaskForce(models.Model):
    """The 工作专班 of the city or of one county (市局实施方案 五(一)、附件3)."""

    region = models.OneToOneField(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=100)
    office = models.ForeignKey(
        Unit,
        verbose_name="专班办公室（牵头科室）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    units = models.ManyToManyField(Unit, verbose_name="成员单位", blank=True, related_name="+")
    established_on = models.DateField("成立日期")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "工作专班"
        verbose_name_plural = "工作专班"
        ordering = ["region__code"]

    def __str__(self) -> str:
        return self.name


class Position(models.TextChoices):
    LEADER = "leader", "组长"
    DEPUTY = "deputy", "副组长"
    OFFICE = "office", "专班办公室"
    MEMBER = "member", "成员"


class TaskForceMember(models.Model):
    task_force = models.ForeignKey(
        TaskForce, verbose_name="工作专班", on_delete=models.CASCADE, related_name="members"
    )
    position = models.CharField("专班职务", max_length=10, choices=Position.choices)
    name = models.CharField("姓名", max_length=30)
    title = models.CharField("行政职务", max_length=60)
    unit = models.ForeignKey(
        Unit, verbose_name="所在单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="系统账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "专班成员"
        verbose_name_plural = "专班成员"
        ordering = ["task_force", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "user"],
                condition=models.Q(user__isnull=False),
                name="task_force_user_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.name}"


# --- 判定标准 --------------------------------------------------------------------------------------


class JudgingStandard(models.Model):
    """What counts as one of the problems (乱收费, 乱罚款, …) in a domain (市局实施方案 五(五))."""

    region = models.ForeignKey(Region, verbose_name="制定区划", on_delete=models.PROTECT, related_name="+")
    subtype = models.CharField("问题细类", max_length=3, choices=ProblemSubtype.choices)
    domain = models.ForeignKey(
        Domain,
        verbose_name="领域（空为各领域通用）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("标题", max_length=120)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "判定标准"
        verbose_name_plural = "判定标准"
        ordering = ["subtype", "domain__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "subtype", "domain"], name="standard_once_per_problem"),
        ]

    def __str__(self) -> str:
        return self.title


class StandardStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class StandardVersion(models.Model):
    standard = models.ForeignKey(
        JudgingStandard, verbose_name="判定标准", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField("版本号")
    text = models.TextField("判定标准内容")
    precedents = models.ManyToManyField(Assessment, verbose_name="援引的先例", related_name="+")
    status = models.CharField(
        "状态", max_length=10, choices=StandardStatus.choices, default=StandardStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drafted_at = models.DateTimeField("起草时间", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "判定标准版本"
        verbose_name_plural = "判定标准版本"
        ordering = ["standard", "-number"]
        constraints = [models.UniqueConstraint(fields=["standard", "number"], name="standard_version_number")]

    def __str__(self) -> str:
        return f"{self.standard} 第{self.number}版"


# --- 守信激励 --------------------------------------------------------------------------------------


class IncentivePolicy(models.Model):
    """A city's reading of 信用良好 for 容缺受理 and honours: the credit classes and the penalty window."""

    region = models.OneToOneField(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    classes = models.JSONField("信用风险分类", default=list)
    window_months = models.PositiveSmallIntegerField("无未修复处罚的期间（月）")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "守信激励条件"
        verbose_name_plural = "守信激励条件"

    def __str__(self) -> str:
        return f"{self.region} 守信激励条件"


class EligibleFirm(models.Model):
    """A firm on the list for 容缺受理 and honours, as of the last refresh."""

    enterprise = models.OneToOneField(
        Enterprise, verbose_name="经营主体", on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    credit_class = models.CharField("信用风险分类", max_length=1)
    reason = models.CharField("依据", max_length=200)
    refreshed_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "守信激励名单"
        verbose_name_plural = "守信激励名单"
        ordering = ["region__code", "enterprise__uscc"]

    def __str__(self) -> str:
        return str(self.enterprise)


# --- 尽职免责 --------------------------------------------------------------------------------------


class ExemptionDecision(models.TextChoices):
    PENDING = "pending", "待法制机构认定"
    EXEMPT = "exempt", "符合尽职免责情形，不予追究"
    NOT_EXEMPT = "not_exempt", "不符合尽职免责情形"


class DutyExemption(models.Model):
    """Whether the 尽职免责 conditions apply to an officer's faulty act found by a clue's assessment."""

    clue = models.ForeignKey(Clue, verbose_name="问题线索", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    officer = models.CharField("执法人员", max_length=50)
    act = models.TextField("过错行为")
    rules_version = models.CharField("规则版本", max_length=20)
    conditions = models.JSONField(
        "逐项认定", default=dict
    )  # code -> {"met": bool, "excepted": bool, "evidence": str}
    decision = models.CharField(
        "认定结论", max_length=12, choices=ExemptionDecision.choices, default=ExemptionDecision.PENDING
    )
    reasons = models.TextField("认定理由", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提请人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField("提请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField("认定日期", null=True, blank=True)

    class Meta:
        verbose_name = "尽职免责认定"
        verbose_name_plural = "尽职免责认定"
        ordering = ["-opened_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["clue", "officer"], name="exemption_once_per_officer")]

    def __str__(self) -> str:
        return f"{self.officer} 尽职免责认定"


# --- 三项制度：全过程记录 --------------------------------------------------------------------------


class RecordKind(models.TextChoices):
    AV = "av", "音像记录"
    PAPER = "paper", "文字记录"


class RecordStage(models.TextChoices):
    FILING = "filing", "立案"
    INVESTIGATION = "investigation", "调查取证"
    INSPECTION = "inspection", "现场检查"
    COERCION = "coercion", "查封扣押"
    HEARING = "hearing", "听证"
    DELIVERY = "delivery", "送达"
    ENFORCEMENT = "enforcement", "执行"


class CaseRecord(models.Model):
    """One piece of the 全过程记录 of a case: an AV or paper record, where it is kept, and the AV check."""

    case = models.ForeignKey(PenaltyCase, verbose_name="案件", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, verbose_name="案件区划", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("记录形式", max_length=10, choices=RecordKind.choices)
    stage = models.CharField("执法环节", max_length=15, choices=RecordStage.choices)
    label = models.CharField("记录名称", max_length=120)
    location = models.CharField("存储位置或档案号", max_length=200)
    recorded_on = models.DateField("记录日期")
    av_check = models.ForeignKey(
        AvCheck,
        verbose_name="音像记录核查",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法全过程记录"
        verbose_name_plural = "执法全过程记录"
        ordering = ["case", "recorded_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.label}"


# --- 专项整治、明察暗访、考核评议 -------------------------------------------------------------------


class SpecialCampaign(models.Model):
    """A 专项整治 against a regional or sector problem: a domain in an area, for a period."""

    region = models.ForeignKey(Region, verbose_name="整治区域", on_delete=models.PROTECT, related_name="+")
    domain = models.ForeignKey(Domain, verbose_name="整治领域", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("名称", max_length=120)
    goal = models.TextField("整治重点")
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期")
    hotspot = models.ForeignKey(
        Hotspot,
        verbose_name="来源投诉热点",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key_county = models.ForeignKey(
        KeyCounty,
        verbose_name="来源重点县区",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField("整治成效", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="组织人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "专项整治"
        verbose_name_plural = "专项整治"
        ordering = ["-start_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class VisitMethod(models.TextChoices):
    OPEN = "open", "明察"
    COVERT = "covert", "暗访"


class SupervisionVisit(models.Model):
    """A 明察暗访 visit to a unit or a service place; each finding becomes a clue."""

    region = models.ForeignKey(Region, verbose_name="被查区划", on_delete=models.PROTECT, related_name="+")
    method = models.CharField("方式", max_length=10, choices=VisitMethod.choices)
    target = models.CharField("被查单位或场所", max_length=120)
    visited_on = models.DateField("日期")
    visitors = models.CharField("检查人员", max_length=120)
    campaign = models.ForeignKey(
        SpecialCampaign,
        verbose_name="所属专项整治",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "明察暗访"
        verbose_name_plural = "明察暗访"
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.target}"


class VisitFinding(models.Model):
    visit = models.ForeignKey(
        SupervisionVisit, verbose_name="明察暗访", on_delete=models.CASCADE, related_name="findings"
    )
    text = models.TextField("发现的问题")
    clue = models.ForeignKey(
        Clue, verbose_name="转为线索", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "明察暗访发现的问题"
        verbose_name_plural = "明察暗访发现的问题"
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return self.text[:30]


class Appraisal(models.Model):
    """A 考核评议 of a unit or a county for a year, scored on the dated score sheet."""

    region = models.ForeignKey(Region, verbose_name="被考核区划", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name="被考核单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    sheet_version = models.CharField("评分表版本", max_length=20)
    scores = models.JSONField("各项得分", default=dict)
    total = models.DecimalField("总分", max_digits=5, decimal_places=1)
    grade = models.CharField("等次", max_length=10)
    comment = models.TextField("评议意见", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="考核人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("考核时间", auto_now_add=True)

    class Meta:
        verbose_name = "考核评议"
        verbose_name_plural = "考核评议"
        ordering = ["-year", "region__code", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.unit or self.region} 考核评议"


# --- 学习目录（附件1）的学习记录 --------------------------------------------------------------------


class StudyRecord(models.Model):
    """A staff member marked one item of the 学习目录 as studied (the catalogue itself is rule data)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="执法人员", on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    catalogue = models.CharField("学习目录版本", max_length=10)
    item_key = models.CharField("学习内容", max_length=20)
    item_title = models.CharField("法律法规名称", max_length=150)
    studied_on = models.DateField("学习日期")
    note = models.CharField("学习方式或心得", max_length=200, blank=True)
    marked_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "学习记录"
        verbose_name_plural = "学习记录"
        ordering = ["region", "user", "item_key"]
        constraints = [
            models.UniqueConstraint(fields=["user", "catalogue", "item_key"], name="study_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.item_title}"
