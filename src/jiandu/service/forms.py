"""Forms of the service-loop pages. Firms are named by their USCC; the view resolves them in scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from jiandu.bounds import BoundedFormMixin
from jiandu.clues.forms import DATE
from jiandu.org.models import Domain, Region, Unit, User
from jiandu.service.models import (
    AccessPurpose,
    AssistanceStatus,
    DeclineGround,
    LiaisonCategory,
    MonitoringPointKind,
    NeedSource,
    ServiceKind,
    StudyItem,
    SupervisorKind,
    SurveySubject,
)

USCC = {"placeholder": "18 位统一社会信用代码"}


class ScopedForm(BoundedFormMixin, forms.Form):
    """A form whose region, unit and people choices come from the user's scope."""

    def __init__(
        self,
        *args: Any,
        regions: QuerySet[Region] | None = None,
        units: QuerySet[Unit] | None = None,
        staff: QuerySet[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, QuerySet[Any] | None] = {"region": regions, "unit": units, "units": units}
        choices.update({"handling_unit": units, "leader": staff, "attendees": staff, "user": staff})
        for name, queryset in choices.items():
            if name in self.fields and queryset is not None:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]


class FirmForm(BoundedFormMixin, forms.Form):
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, widget=forms.TextInput(attrs=USCC))


class AssistanceForm(ScopedForm):
    uscc = forms.CharField(label="企业统一社会信用代码", max_length=18, required=False)
    requester = forms.CharField(label="提出方", max_length=100, required=False, help_text="无企业代码时填写")
    region = forms.ModelChoiceField(label="所在区划", queryset=Region.objects.none())
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none())
    source = forms.ChoiceField(label="需求来源", choices=NeedSource.choices)
    content = forms.CharField(label="需求内容", widget=forms.Textarea(attrs={"rows": 3}))
    raised_on = forms.DateField(label="提出日期", required=False, widget=DATE)
    term_workdays = forms.IntegerField(label="办理期限（工作日）", min_value=1, max_value=250, required=False)


class AssistanceFilterForm(BoundedFormMixin, forms.Form):
    county = forms.ChoiceField(label="县（市、区）", required=False)
    unit = forms.ChoiceField(label="责任单位", required=False)
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *AssistanceStatus.choices], required=False
    )
    overdue = forms.BooleanField(label="仅看逾期", required=False)

    def __init__(self, *args: Any, regions: list[Region], units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", "全部"), *[(r.code, r.name) for r in regions]]  # type: ignore[attr-defined]
        self.fields["unit"].choices = [("", "全部"), *[(str(u.pk), u.name) for u in units]]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["unit"] = int(data["unit"]) if data.get("unit") else None
        return data


class StepForm(BoundedFormMixin, forms.Form):
    action = forms.CharField(label="采取的措施", widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(BoundedFormMixin, forms.Form):
    answer = forms.CharField(label="办理答复", widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(BoundedFormMixin, forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="企业满意度", coerce=int, choices=[(i, f"{i} 分") for i in range(5, 0, -1)]
    )
    feedback = forms.CharField(label="企业反馈", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reopen = forms.BooleanField(label="企业不满意，重新办理", required=False)


class LiaisonForm(ScopedForm):
    uscc = forms.CharField(label="企业统一社会信用代码", max_length=18)
    leader = forms.ModelChoiceField(label="联络领导", queryset=User.objects.none())
    title = forms.CharField(label="职务", max_length=30, help_text="例如：局长、副局长、科长")
    category = forms.ChoiceField(label="企业类别", choices=LiaisonCategory.choices)


class VisitForm(BoundedFormMixin, forms.Form):
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    content = forms.CharField(label="走访情况", widget=forms.Textarea(attrs={"rows": 3}))


class ForumForm(ScopedForm):
    region = forms.ModelChoiceField(label="组织区划", queryset=Region.objects.none())
    title = forms.CharField(label="名称", max_length=100)
    held_on = forms.DateField(label="召开日期", widget=DATE)
    venue = forms.CharField(label="地点", max_length=100, required=False)
    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none(), required=False)
    firms = forms.CharField(
        label="参会企业",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一个统一社会信用代码",
    )
    other_attendees = forms.CharField(label="其他参会人员", max_length=300, required=False)
    issues = forms.CharField(
        label="反映的问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一个问题；可写成“反映人：问题”",
    )


class IssueForm(BoundedFormMixin, forms.Form):
    text = forms.CharField(label="反映的问题", widget=forms.Textarea(attrs={"rows": 2}))
    raised_by = forms.CharField(label="反映人或单位", max_length=100, required=False)
    uscc = forms.CharField(label="相关企业统一社会信用代码", max_length=18, required=False)


class IssueNeedForm(ScopedForm):
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none())


class FindingForm(ScopedForm):
    region = forms.ModelChoiceField(label="所在区划", queryset=Region.objects.none())
    procedure = forms.CharField(label="办理事项", max_length=100)
    step = forms.CharField(label="环节", max_length=100)
    blocker = forms.CharField(label="堵点问题", widget=forms.Textarea(attrs={"rows": 2}))
    fix = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none())
    found_on = forms.DateField(label="发现日期", required=False, widget=DATE)
    term_workdays = forms.IntegerField(label="整改期限（工作日）", min_value=1, max_value=250, required=False)


class ResultForm(BoundedFormMixin, forms.Form):
    result = forms.CharField(label="整改结果", widget=forms.Textarea(attrs={"rows": 2}))


class EventForm(ScopedForm):
    region = forms.ModelChoiceField(label="所在区划", queryset=Region.objects.none())
    park = forms.CharField(label="园区", max_length=100)
    held_on = forms.DateField(label="日期", widget=DATE)
    units = forms.ModelMultipleChoiceField(label="参加单位", queryset=Unit.objects.none())
    services = forms.MultipleChoiceField(
        label="提供的服务", choices=ServiceKind.choices, widget=forms.CheckboxSelectMultiple
    )
    firms = forms.CharField(
        label="服务企业",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一个统一社会信用代码",
    )
    notes = forms.CharField(label="服务情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SupervisorForm(ScopedForm):
    region = forms.ModelChoiceField(label="所在区划", queryset=Region.objects.none())
    name = forms.CharField(label="姓名", max_length=30)
    kind = forms.ChoiceField(label="身份", choices=SupervisorKind.choices)
    organisation = forms.CharField(label="工作单位", max_length=100, required=False)
    term_start = forms.DateField(label="聘期开始", widget=DATE)
    term_end = forms.DateField(label="聘期结束", widget=DATE)
    phone = forms.CharField(label="联系电话", max_length=30)
    user = forms.ModelChoiceField(label="登录账号", queryset=User.objects.none(), required=False)


class MonitoringPointForm(ScopedForm):
    region = forms.ModelChoiceField(label="所在区划", queryset=Region.objects.none())
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=MonitoringPointKind.choices)
    uscc = forms.CharField(label="对应企业统一社会信用代码", max_length=18, required=False)
    contact_name = forms.CharField(label="联系人", max_length=30)
    phone = forms.CharField(label="联系电话", max_length=30)
    user = forms.ModelChoiceField(label="登录账号", queryset=User.objects.none(), required=False)


class CaseLeadForm(ScopedForm):
    uscc = forms.CharField(label="当事人统一社会信用代码", max_length=18)
    domain = forms.ModelChoiceField(label="领域", queryset=Domain.objects.all())
    facts = forms.CharField(label="涉嫌违法事实", widget=forms.Textarea(attrs={"rows": 3}))
    handling_unit = forms.ModelChoiceField(label="办案机构", queryset=Unit.objects.none())
    source = forms.ChoiceField(
        label="线索来源",
        choices=[
            ("complaint", "投诉举报"),
            ("transfer", "其他部门移送"),
            ("assigned", "上级交办"),
            ("other", "其他途径"),
        ],
    )
    discovered_on = forms.DateField(label="发现线索日期", widget=DATE)


class HandoverForm(ScopedForm):
    domain = forms.ModelChoiceField(label="领域", queryset=Domain.objects.all())
    handling_unit = forms.ModelChoiceField(label="办案机构", queryset=Unit.objects.none())


class ExtendForm(BoundedFormMixin, forms.Form):
    reason = forms.CharField(label="延长理由（经负责人批准）", max_length=200)


class FileForm(BoundedFormMixin, forms.Form):
    violation = forms.CharField(
        label="违法行为", max_length=200, required=False, help_text="不填则用涉嫌违法事实"
    )


class DeclineForm(BoundedFormMixin, forms.Form):
    ground = forms.ChoiceField(label="不予立案情形（第二十条）", choices=DeclineGround.choices)
    reason = forms.CharField(label="不予立案理由", widget=forms.Textarea(attrs={"rows": 2}))


class AnalysisForm(BoundedFormMixin, forms.Form):
    title = forms.CharField(label="名称", max_length=100)
    period_start = forms.DateField(label="分析期间起", widget=DATE)
    period_end = forms.DateField(label="分析期间止", widget=DATE)
    summary = forms.CharField(label="分析结论", widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(
        label="共性问题",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一个，写成“单位名称：共性问题”，单位须为本级或上级的机构",
    )


class AcknowledgeForm(BoundedFormMixin, forms.Form):
    action_taken = forms.CharField(label="改进措施", widget=forms.Textarea(attrs={"rows": 2}))


class StudyItemForm(ScopedForm):
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none())
    campaign = forms.CharField(label="专项行动", max_length=100)
    title = forms.CharField(label="法律法规名称", max_length=150)
    issuer = forms.CharField(label="制定机关", max_length=60, required=False)
    required = forms.BooleanField(label="必学", required=False, initial=True)


class TrainingForm(ScopedForm):
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none())
    title = forms.CharField(label="培训名称", max_length=100)
    held_on = forms.DateField(label="培训日期", widget=DATE)
    hours = forms.DecimalField(label="学时", max_digits=4, decimal_places=1)
    study_items = forms.ModelMultipleChoiceField(
        label="学习内容", queryset=StudyItem.objects.none(), required=False
    )
    attendees = forms.ModelMultipleChoiceField(label="参训人员", queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, items: QuerySet[StudyItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["study_items"].queryset = items  # type: ignore[attr-defined]


class SurveyIssueForm(ScopedForm):
    unit = forms.ModelChoiceField(label="被测评单位", queryset=Unit.objects.none())
    subject = forms.ChoiceField(label="测评事项", choices=SurveySubject.choices)


class AccessCodeForm(BoundedFormMixin, forms.Form):
    purpose = forms.ChoiceField(label="送达方式", choices=AccessPurpose.choices)


class PublicFirmForm(BoundedFormMixin, forms.Form):
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, widget=forms.TextInput(attrs=USCC))
    code = forms.CharField(label="查询码", max_length=20, help_text="随行政处罚决定书或检查结果告知书送达")


class SurveyAnswerForm(BoundedFormMixin, forms.Form):
    overall = forms.TypedChoiceField(
        label="总体满意度", coerce=int, choices=[(i, f"{i} 分") for i in range(5, 0, -1)]
    )
    comment = forms.CharField(
        label="意见建议（选填）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, questions: tuple[tuple[str, str], ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, text in questions:
            self.fields[key] = forms.TypedChoiceField(
                label=text, coerce=int, choices=[(i, f"{i} 分") for i in range(5, 0, -1)]
            )
        self.order_fields([key for key, _ in questions] + ["overall", "comment"])
