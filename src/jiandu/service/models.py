"""The service loop of 体检式监管 服务型执法 - liaison, assistance needs, forums, procedure walks, park
visits, outside supervisors and monitoring points, case leads handed to case handling, case analysis
fed back, study and training, satisfaction surveys, and the firm's access code to its own record."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Clue, Suggestion
from jiandu.inspections.models import Inspection
from jiandu.org.models import Domain, Enterprise, Region, Unit, User

USER = settings.AUTH_USER_MODEL


# --- 局处长联络 -----------------------------------------------------------------------------------


class LiaisonCategory(models.TextChoices):
    KEY = "key", "重点企业"
    POTENTIAL = "potential", "高成长潜力企业"
    STRUGGLING = "struggling", "困难小微企业"


class LiaisonAssignment(models.Model):
    """A bureau leader or section head assigned to a firm （局处长联络企业）."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="联络企业", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(USER, verbose_name="联络领导", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("职务", max_length=30)
    category = models.CharField("企业类别", max_length=12, choices=LiaisonCategory.choices)
    assigned_on = models.DateField("确定日期")
    active = models.BooleanField("在联络", default=True)

    class Meta:
        verbose_name = "局处长联络"
        verbose_name_plural = "局处长联络"
        ordering = ["-assigned_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "leader"], name="liaison_unique_pair")]
        indexes = [models.Index(fields=["region", "active"], name="liaison_region_active")]

    def __str__(self) -> str:
        return f"{self.leader} · {self.enterprise}"


class LiaisonVisit(models.Model):
    assignment = models.ForeignKey(
        LiaisonAssignment, verbose_name="联络关系", on_delete=models.CASCADE, related_name="visits"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField("走访日期")
    content = models.TextField("走访情况")
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "联络走访"
        verbose_name_plural = "联络走访"
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["enterprise", "visited_on"], name="liaison_visit_firm")]

    def __str__(self) -> str:
        return f"走访 {self.enterprise} {self.visited_on}"


# --- 帮扶需求清单 ---------------------------------------------------------------------------------


class NeedSource(models.TextChoices):
    VISIT = "visit", "走访"
    FORUM = "forum", "座谈会"
    FOLLOW_UP = "follow_up", "回访"
    MAILBOX = "mailbox", "投诉举报信箱"
    SERVICE_EVENT = "service_event", "进园区进企业"
    OTHER = "other", "其他"


class AssistanceStatus(models.TextChoices):
    OPEN = "open", "办理中"
    ANSWERED = "answered", "已答复，待企业评价"
    CLOSED = "closed", "已办结"


class AssistanceRequest(models.Model):
    """One need raised by a firm, 帮扶需求 - owned by a unit, with a deadline in working days."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requester = models.CharField("提出方", max_length=100, help_text="企业、协会或个人名称")
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    source = models.CharField("需求来源", max_length=14, choices=NeedSource.choices)
    source_ref = models.CharField("来源记录", max_length=60, blank=True)
    content = models.TextField("需求内容")
    raised_on = models.DateField("提出日期")
    term_workdays = models.PositiveSmallIntegerField("办理期限（工作日）")
    status = models.CharField(
        "状态", max_length=10, choices=AssistanceStatus.choices, default=AssistanceStatus.OPEN
    )
    answer = models.TextField("办理答复", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    feedback = models.TextField("企业反馈", blank=True)
    satisfaction = models.PositiveSmallIntegerField("满意度（1至5）", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "帮扶需求"
        verbose_name_plural = "帮扶需求清单"
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["enterprise", "raised_on"], name="assistance_firm"),
            models.Index(fields=["region", "status"], name="assistance_region_status"),
        ]

    def __str__(self) -> str:
        return f"帮扶需求 {self.pk}"


class AssistanceStep(models.Model):
    request = models.ForeignKey(
        AssistanceRequest, verbose_name="帮扶需求", on_delete=models.CASCADE, related_name="steps"
    )
    taken_on = models.DateField("日期")
    action = models.TextField("采取的措施")
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "帮扶措施"
        verbose_name_plural = "帮扶措施"
        ordering = ["taken_on", "pk"]

    def __str__(self) -> str:
        return f"措施 {self.request_id} {self.taken_on}"


# --- 座谈会 ------------------------------------------------------------------------------------


class Forum(models.Model):
    """A forum （座谈会 / 请进来听诤言） with its attendees and the issues raised."""

    region = models.ForeignKey(Region, verbose_name="组织区划", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("名称", max_length=100)
    held_on = models.DateField("召开日期")
    venue = models.CharField("地点", max_length=100, blank=True)
    host_unit = models.ForeignKey(
        Unit, verbose_name="承办单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    firms = models.ManyToManyField(Enterprise, verbose_name="参会企业", blank=True, related_name="+")
    other_attendees = models.CharField(
        "其他参会人员", max_length=300, blank=True, help_text="行业协会、监督员等，以顿号分隔"
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "座谈会"
        verbose_name_plural = "座谈会"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ForumIssue(models.Model):
    """One issue raised at a forum; it becomes a clue, an assistance need or a suggestion."""

    forum = models.ForeignKey(Forum, verbose_name="座谈会", on_delete=models.CASCADE, related_name="issues")
    text = models.TextField("反映的问题")
    raised_by = models.CharField("反映人或单位", max_length=100, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="相关企业",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    clue = models.ForeignKey(
        Clue, verbose_name="转为线索", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assistance = models.ForeignKey(
        AssistanceRequest,
        verbose_name="转为帮扶需求",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name="转为意见建议",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "座谈会问题"
        verbose_name_plural = "座谈会问题"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"问题 {self.pk}"


# --- 走流程 / 体验式办理 --------------------------------------------------------------------------


class FindingStatus(models.TextChoices):
    OPEN = "open", "整改中"
    RECTIFIED = "rectified", "已整改"


class ProcedureFinding(models.Model):
    """A blocker found by walking a procedure as a firm would (the 走流程 walk), tracked to rectification."""

    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    procedure = models.CharField("办理事项", max_length=100)
    step = models.CharField("环节", max_length=100)
    blocker = models.TextField("堵点问题")
    fix = models.TextField("整改措施")
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="+")
    found_on = models.DateField("发现日期")
    term_workdays = models.PositiveSmallIntegerField("整改期限（工作日）")
    status = models.CharField(
        "状态", max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    result = models.TextField("整改结果", blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    walker = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "走流程发现问题"
        verbose_name_plural = "走流程发现问题"
        ordering = ["-found_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.procedure} · {self.step}"


# --- 进园区进企业 ---------------------------------------------------------------------------------


class ServiceKind(models.TextChoices):
    REGISTRATION = "registration", "登记注册"
    METROLOGY = "metrology", "计量检定"
    STANDARDS = "standards", "标准"
    TESTING = "testing", "检验检测"
    IP = "ip", "知识产权"


class ServiceEvent(models.Model):
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    park = models.CharField("园区", max_length=100)
    held_on = models.DateField("日期")
    units = models.ManyToManyField(Unit, verbose_name="参加单位", related_name="+")
    services = models.JSONField("提供的服务", default=list)
    firms = models.ManyToManyField(Enterprise, verbose_name="服务企业", blank=True, related_name="+")
    notes = models.TextField("服务情况", blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "进园区进企业"
        verbose_name_plural = "进园区进企业"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.park} {self.held_on}"

    @property
    def service_labels(self) -> list[str]:
        labels = dict(ServiceKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.services]


# --- 监督员 / 监测点 ------------------------------------------------------------------------------


class SupervisorKind(models.TextChoices):
    NPC_DEPUTY = "npc_deputy", "人大代表"
    CPPCC_MEMBER = "cppcc_member", "政协委员"
    OTHER = "other", "特邀监督员"


class Supervisor(models.Model):
    """规范涉企行政执法监督员， with their own login （role 监督员/监测点）."""

    name = models.CharField("姓名", max_length=30)
    kind = models.CharField("身份", max_length=14, choices=SupervisorKind.choices)
    organisation = models.CharField("工作单位", max_length=100, blank=True)
    term_start = models.DateField("聘期开始")
    term_end = models.DateField("聘期结束")
    phone = models.CharField("联系电话", max_length=30)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        USER,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisor",
    )

    class Meta:
        verbose_name = "执法监督员"
        verbose_name_plural = "执法监督员"
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name


class MonitoringPointKind(models.TextChoices):
    ASSOCIATION = "association", "行业协会"
    KEY_FIRM = "key_firm", "重点企业"


class MonitoringPoint(models.Model):
    """执法监测点： an association or a key firm, with its own login."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=12, choices=MonitoringPointKind.choices)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="对应企业",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField("联系人", max_length=30)
    phone = models.CharField("联系电话", max_length=30)
    designated_on = models.DateField("设立日期")
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        USER,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_point",
    )

    class Meta:
        verbose_name = "执法监测点"
        verbose_name_plural = "执法监测点"
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name


# --- 案源： hand-over from routine supervision to case handling ------------------------------------


class CaseLeadSource(models.TextChoices):
    INSPECTION = "inspection", "日常监督检查"
    COMPLAINT = "complaint", "投诉举报"
    TRANSFER = "transfer", "其他部门移送"
    ASSIGNED = "assigned", "上级交办"
    OTHER = "other", "其他途径"


class CaseLeadStatus(models.TextChoices):
    REGISTERED = "registered", "待受理"
    ACCEPTED = "accepted", "核查中"
    FILED = "filed", "已立案"
    DECLINED = "declined", "不予立案"


class DeclineGround(models.TextChoices):
    """《市场监督管理行政处罚程序规定》第二十条."""

    MINOR_CORRECTED = "minor_corrected", "违法行为轻微并及时改正，没有造成危害后果"
    FIRST_MINOR = "first_minor", "初次违法且危害后果轻微并及时改正"
    NO_FAULT = "no_fault", "当事人有证据足以证明没有主观过错"
    OTHER = "other", "依法可以不予立案的其他情形"


class CaseLead(models.Model):
    """案源： a firm's violation found by routine supervision, handed to the case-handling unit."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="当事人", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    source = models.CharField("线索来源", max_length=12, choices=CaseLeadSource.choices)
    inspection = models.OneToOneField(
        Inspection,
        verbose_name="来源检查",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_lead",
    )
    domain = models.ForeignKey(Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="+")
    facts = models.TextField("涉嫌违法事实")
    discovered_on = models.DateField("发现线索日期")
    handling_unit = models.ForeignKey(
        Unit, verbose_name="办案机构", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=12, choices=CaseLeadStatus.choices, default=CaseLeadStatus.REGISTERED
    )
    registered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    extended = models.BooleanField("经批准延长核查期限", default=False)
    extension_reason = models.CharField("延长理由", max_length=200, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decline_ground = models.CharField(
        "不予立案情形", max_length=16, choices=DeclineGround.choices, blank=True
    )
    decline_reason = models.TextField("不予立案理由", blank=True)
    case = models.OneToOneField(
        PenaltyCase,
        verbose_name="立案案件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "案源"
        verbose_name_plural = "案源"
        ordering = ["-discovered_on", "-pk"]
        indexes = [
            models.Index(fields=["enterprise", "discovered_on"], name="case_lead_firm"),
            models.Index(fields=["region", "status"], name="case_lead_region_status"),
        ]

    def __str__(self) -> str:
        return f"案源 {self.pk}"


class CaseAnalysis(models.Model):
    """A periodic analysis of cases （案件分析） whose common problems go back to supervision units."""

    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("名称", max_length=100)
    period_start = models.DateField("分析期间起")
    period_end = models.DateField("分析期间止")
    summary = models.TextField("分析结论")
    statistics = models.JSONField("案件统计", default=list)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_on = models.DateField("形成日期")

    class Meta:
        verbose_name = "案件分析"
        verbose_name_plural = "案件分析"
        ordering = ["-period_end", "-pk"]

    def __str__(self) -> str:
        return self.title


class CommonProblem(models.Model):
    analysis = models.ForeignKey(
        CaseAnalysis, verbose_name="案件分析", on_delete=models.CASCADE, related_name="problems"
    )
    description = models.TextField("共性问题")
    domain = models.ForeignKey(
        Domain, verbose_name="领域", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="反馈至日常监管单位", on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_on = models.DateField("签收日期", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action_taken = models.TextField("改进措施", blank=True)

    class Meta:
        verbose_name = "共性问题反馈"
        verbose_name_plural = "共性问题反馈"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"共性问题 {self.pk}"


# --- 学习目录与培训 -------------------------------------------------------------------------------


class StudyItem(models.Model):
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    campaign = models.CharField("专项行动", max_length=100)
    title = models.CharField("法律法规名称", max_length=150)
    issuer = models.CharField("制定机关", max_length=60, blank=True)
    required = models.BooleanField("必学", default=True)

    class Meta:
        verbose_name = "学习目录"
        verbose_name_plural = "学习目录"
        ordering = ["campaign", "pk"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("培训名称", max_length=100)
    held_on = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    study_items = models.ManyToManyField(
        StudyItem, verbose_name="学习内容", blank=True, related_name="sessions"
    )
    attendees = models.ManyToManyField(User, verbose_name="参训人员", blank=True, related_name="+")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


# --- 满意度测评 ----------------------------------------------------------------------------------


class SurveySubject(models.TextChoices):
    INSPECTION = "inspection", "监督检查"
    DECISION = "decision", "行政处罚决定"
    VISIT = "visit", "走访回访"


class Survey(models.Model):
    """An invitation to one firm to rate one contact; the answer is kept apart (SurveyResponse)."""

    digest = models.CharField("测评码摘要", max_length=64, unique=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="被测评单位", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField("测评事项", max_length=12, choices=SurveySubject.choices)
    issued_on = models.DateField("发放日期")
    answered = models.BooleanField("已作答", default=False)
    issued_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "满意度测评"
        verbose_name_plural = "满意度测评"
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"测评 {self.pk}"


class SurveyResponse(models.Model):
    """An answer with no link to the survey, the firm or the officer: only unit, county and month."""

    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="被测评单位", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField("测评事项", max_length=12, choices=SurveySubject.choices)
    month = models.DateField("作答月份")
    scores = models.JSONField("各题得分")
    overall = models.PositiveSmallIntegerField("总体满意度（1至5）")
    comment = models.TextField("意见建议", blank=True)

    class Meta:
        verbose_name = "满意度测评答卷"
        verbose_name_plural = "满意度测评答卷"
        indexes = [models.Index(fields=["region", "unit", "month"], name="survey_response_unit")]

    def __str__(self) -> str:
        return f"答卷 {self.pk}"


# --- the firm's access code ----------------------------------------------------------------------


class AccessPurpose(models.TextChoices):
    DECISION = "decision", "随行政处罚决定书送达"
    INSPECTION = "inspection", "随检查结果告知书送达"


class FirmAccessCode(models.Model):
    """A code delivered with a decision or inspection notice; with the USCC it opens the firm's page."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="+"
    )
    digest = models.CharField("查询码摘要", max_length=64, unique=True)
    purpose = models.CharField("送达方式", max_length=12, choices=AccessPurpose.choices)
    issued_on = models.DateField("签发日期")
    expires_on = models.DateField("有效期至")
    revoked = models.BooleanField("已作废", default=False)
    issued_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "企业查询码"
        verbose_name_plural = "企业查询码"
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"查询码 {self.enterprise}"
