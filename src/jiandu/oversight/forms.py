"""Forms of the oversight pages; the services do the checking, the forms only parse."""

from __future__ import annotations

from django import forms

from jiandu.bounds import BoundedFormMixin
from jiandu.clues.models import ProblemSubtype
from jiandu.org.models import CreditClass
from jiandu.oversight.models import (
    MediaKind,
    MediaLevel,
    OpinionSource,
    Position,
    RecordKind,
    RecordStage,
    UrgentKind,
    VisitMethod,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"})
DATE = forms.DateInput(attrs={"type": "date"})


class UrgentForm(BoundedFormMixin, forms.Form):
    kind = forms.ChoiceField(label="紧急类型", choices=UrgentKind.choices)
    reason = forms.CharField(label="标记理由", widget=forms.Textarea(attrs={"rows": 3}))
    deadline_hours = forms.IntegerField(
        label="处置时限（小时）", required=False, help_text="不填按规则默认时限"
    )
    source = forms.ChoiceField(label="舆情来源", choices=OpinionSource.choices, required=False)
    source_detail = forms.CharField(label="来源说明", required=False)
    first_seen_at = forms.DateTimeField(label="首次发现时间", required=False, widget=DATETIME)


class EventForm(BoundedFormMixin, forms.Form):
    region = forms.ChoiceField(label="所在区划")
    title = forms.CharField(label="舆情标题")
    source = forms.ChoiceField(label="来源", choices=OpinionSource.choices)
    source_detail = forms.CharField(label="来源说明", required=False)
    first_seen_at = forms.DateTimeField(label="首次发现时间", widget=DATETIME)
    summary = forms.CharField(label="舆情概要", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, regions: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]


class StepForm(BoundedFormMixin, forms.Form):
    action = forms.CharField(label="应对措施", widget=forms.Textarea(attrs={"rows": 2}))


class StatementForm(BoundedFormMixin, forms.Form):
    statement = forms.CharField(label="公开回应内容", widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(BoundedFormMixin, forms.Form):
    note = forms.CharField(label="处置情况", widget=forms.Textarea(attrs={"rows": 2}))


class MediaForm(BoundedFormMixin, forms.Form):
    region = forms.ChoiceField(label="报送区划")
    title = forms.CharField(label="报道标题")
    outlet = forms.CharField(label="媒体名称")
    level = forms.ChoiceField(label="媒体级别", choices=MediaLevel.choices)
    kind = forms.ChoiceField(label="媒体类型", choices=MediaKind.choices)
    published_on = forms.DateField(label="刊发日期", widget=DATE)
    link = forms.CharField(label="链接或版面", required=False)

    def __init__(self, *args: object, regions: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]


class WarningForm(BoundedFormMixin, forms.Form):
    region = forms.ChoiceField(label="发布区划")
    clue = forms.IntegerField(label="来源线索编号", required=False, help_text="已认定的线索；不填则手工撰写")
    title = forms.CharField(label="标题")
    account = forms.CharField(
        label="问题经过",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="从线索生成时可不填，系统自动隐去身份信息",
    )
    lesson = forms.CharField(label="警示意义", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, regions: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]


class TaskForceForm(BoundedFormMixin, forms.Form):
    region = forms.ChoiceField(label="区划")
    name = forms.CharField(label="专班名称")
    established_on = forms.DateField(label="成立日期", widget=DATE)
    office = forms.TypedChoiceField(
        label="专班办公室（牵头科室）", coerce=int, required=False, empty_value=None
    )
    units = forms.TypedMultipleChoiceField(label="成员单位", coerce=int, required=False)

    def __init__(
        self, *args: object, regions: list[tuple[str, str]], units: list[tuple[int, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]
        self.fields["office"].choices = [("", "—"), *units]  # type: ignore[attr-defined]
        self.fields["units"].choices = units  # type: ignore[attr-defined]


class MemberForm(BoundedFormMixin, forms.Form):
    position = forms.ChoiceField(label="专班职务", choices=Position.choices)
    name = forms.CharField(label="姓名")
    title = forms.CharField(label="行政职务")
    unit = forms.TypedChoiceField(label="所在单位", coerce=int, required=False, empty_value=None)
    username = forms.CharField(label="系统账号（用户名）", required=False)

    def __init__(self, *args: object, units: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *units]  # type: ignore[attr-defined]


class StandardForm(BoundedFormMixin, forms.Form):
    region = forms.ChoiceField(label="制定区划")
    subtype = forms.ChoiceField(label="问题细类", choices=ProblemSubtype.choices)
    domain = forms.TypedChoiceField(label="领域", coerce=int, required=False, empty_value=None)
    title = forms.CharField(label="标题")

    def __init__(
        self, *args: object, regions: list[tuple[str, str]], domains: list[tuple[int, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]
        self.fields["domain"].choices = [("", "各领域通用"), *domains]  # type: ignore[attr-defined]


class VersionForm(BoundedFormMixin, forms.Form):
    text = forms.CharField(label="判定标准内容", widget=forms.Textarea(attrs={"rows": 8}))
    precedents = forms.TypedMultipleChoiceField(label="援引的先例", coerce=int)

    def __init__(self, *args: object, precedents: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["precedents"].choices = precedents  # type: ignore[attr-defined]


class PolicyForm(BoundedFormMixin, forms.Form):
    classes = forms.MultipleChoiceField(
        label="信用风险分类", choices=CreditClass.choices, widget=forms.CheckboxSelectMultiple
    )
    window_months = forms.IntegerField(label="无未修复行政处罚的期间（月）")


class ExemptionOpenForm(BoundedFormMixin, forms.Form):
    officer = forms.CharField(label="执法人员姓名")
    act = forms.CharField(label="过错行为", widget=forms.Textarea(attrs={"rows": 3}))


class RecordForm(BoundedFormMixin, forms.Form):
    kind = forms.ChoiceField(label="记录形式", choices=RecordKind.choices)
    stage = forms.ChoiceField(label="执法环节", choices=RecordStage.choices)
    label = forms.CharField(label="记录名称")
    location = forms.CharField(label="存储位置或档案号")
    recorded_on = forms.DateField(label="记录日期", widget=DATE)
    av_check = forms.TypedChoiceField(label="关联音像记录核查", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: object, checks: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["av_check"].choices = [("", "—"), *checks]  # type: ignore[attr-defined]


class CampaignForm(BoundedFormMixin, forms.Form):
    region = forms.ChoiceField(label="整治区域")
    domain = forms.TypedChoiceField(label="整治领域", coerce=int)
    title = forms.CharField(label="名称")
    goal = forms.CharField(label="整治重点", widget=forms.Textarea(attrs={"rows": 3}))
    start_on = forms.DateField(label="开始日期", widget=DATE)
    end_on = forms.DateField(label="结束日期", widget=DATE)
    hotspot = forms.TypedChoiceField(label="来源投诉热点", coerce=int, required=False, empty_value=None)
    key_county = forms.TypedChoiceField(label="来源重点县区", coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        *args: object,
        regions: list[tuple[str, str]],
        domains: list[tuple[int, str]],
        hotspots: list[tuple[int, str]],
        key_counties: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]
        self.fields["domain"].choices = domains  # type: ignore[attr-defined]
        self.fields["hotspot"].choices = [("", "—"), *hotspots]  # type: ignore[attr-defined]
        self.fields["key_county"].choices = [("", "—"), *key_counties]  # type: ignore[attr-defined]


class VisitForm(BoundedFormMixin, forms.Form):
    region = forms.ChoiceField(label="被查区划")
    method = forms.ChoiceField(label="方式", choices=VisitMethod.choices)
    target = forms.CharField(label="被查单位或场所")
    visited_on = forms.DateField(label="日期", widget=DATE)
    visitors = forms.CharField(label="检查人员")
    findings = forms.CharField(
        label="发现的问题（每行一条，各转为一条线索）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    campaign = forms.TypedChoiceField(label="所属专项整治", coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        *args: object,
        regions: list[tuple[str, str]],
        campaigns: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]
        self.fields["campaign"].choices = [("", "—"), *campaigns]  # type: ignore[attr-defined]


class SummaryForm(BoundedFormMixin, forms.Form):
    summary = forms.CharField(label="整治成效", widget=forms.Textarea(attrs={"rows": 3}))
