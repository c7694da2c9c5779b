"""Forms for intake and each workflow step. Forms parse and check shape only; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from jiandu.bounds import BoundedFormMixin
from jiandu.clues.imports import IMPORT_CHANNELS, WORK_ORDER_FIELDS
from jiandu.clues.models import Channel, ClueStatus, ProblemCategory, ProblemSubtype, Verdict
from jiandu.clues.uploads import ALLOWED_TEXT, MAX_FILES
from jiandu.engines.uscc import validate as validate_uscc
from jiandu.org.models import Domain, Region, Unit

MAX_TABLE_BYTES = 20 * 1024 * 1024
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; type and size are checked by the services (clues.uploads)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"附件最多 {MAX_FILES} 个。")
        return files


def read_files(files: list[Any]) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in files]


ATTACHMENT_HELP = f"可选，最多 {MAX_FILES} 个，每个不超过 10 MB，格式：{ALLOWED_TEXT}。"


class ClueForm(BoundedFormMixin, forms.Form):
    """Staff entry of a clue from any channel (座谈会、走访、意见卡、信访、监督员、监测点、复议诉讼……)."""

    channel = forms.ChoiceField(label="线索渠道", choices=Channel.choices)
    received_at = forms.DateTimeField(
        label="接收时间", widget=DATETIME, required=False, help_text="不填为当前时间"
    )
    region = forms.ModelChoiceField(label="所属区划", queryset=Region.objects.none())
    summary = forms.CharField(label="线索内容", widget=forms.Textarea(attrs={"rows": 6}))
    uscc = forms.CharField(label="涉及企业统一社会信用代码", required=False, max_length=18)
    enterprise_name = forms.CharField(label="涉及企业名称", required=False, max_length=100)
    officers = forms.CharField(label="被反映人员", required=False, max_length=200, help_text="多人用顿号分隔")
    unit_named = forms.CharField(label="被反映单位", required=False, max_length=100)
    reporter_name = forms.CharField(label="反映人", required=False, max_length=50)
    reporter_phone = forms.CharField(label="联系电话", required=False, max_length=30)
    attachments = MultipleFileField(label="附件", help_text=ATTACHMENT_HELP)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]

    def clean_uscc(self) -> str:
        code = str(self.cleaned_data["uscc"]).strip().upper()
        if code:
            result = validate_uscc(code)
            if not result.valid:
                raise forms.ValidationError(result.error or "统一社会信用代码无效")
        return code


class PublicClueForm(BoundedFormMixin, forms.Form):
    """The 企业直通车 / complaint mailbox. ``website`` is a trap field that people never see or fill."""

    region = forms.ModelChoiceField(label="问题发生地", queryset=Region.objects.none(), empty_label="请选择")
    summary = forms.CharField(
        label="问题描述",
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="请说明时间、地点、经过，以及您认为执法中存在的问题。",
    )
    enterprise_name = forms.CharField(label="企业名称", required=False, max_length=100, help_text="可不填")
    uscc = forms.CharField(label="统一社会信用代码", required=False, max_length=18, help_text="可不填")
    officers = forms.CharField(label="涉及的执法人员", required=False, max_length=200, help_text="可不填")
    unit_named = forms.CharField(label="涉及的执法单位", required=False, max_length=100, help_text="可不填")
    reporter_name = forms.CharField(label="联系人", required=False, max_length=50, help_text="可不填")
    reporter_phone = forms.CharField(label="联系电话", required=False, max_length=30, help_text="可不填")
    attachments = MultipleFileField(label="证明材料", help_text=ATTACHMENT_HELP)
    website = forms.CharField(
        label="网址", required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]

    clean_uscc = ClueForm.clean_uscc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError("提交未通过校验，请刷新页面后重试。")
        return data


class ReceiptForm(BoundedFormMixin, forms.Form):
    code = forms.CharField(label="查询码", max_length=20)


class ClueFilterForm(BoundedFormMixin, forms.Form):
    channel = forms.ChoiceField(label="渠道", choices=[("", "全部"), *Channel.choices], required=False)
    category = forms.ChoiceField(
        label="类别", choices=[("", "全部"), *ProblemCategory.choices], required=False
    )
    domain = forms.ChoiceField(label="领域", required=False)
    county = forms.ChoiceField(label="区划", required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *ClueStatus.choices], required=False)
    overdue = forms.BooleanField(label="仅看逾期", required=False)
    q = forms.CharField(label="关键词", required=False, max_length=50)

    def __init__(
        self,
        *args: Any,
        domains: list[Domain],
        regions: list[Region],
        hide_referred: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if hide_referred:  # those who may not see referrals do not learn of them from the filter either
            status = self.fields["status"]
            assert isinstance(status, forms.ChoiceField)
            status.choices = [
                ("", "全部"),
                *[(v, n) for v, n in ClueStatus.choices if v != ClueStatus.REFERRED],
            ]
        self.fields["domain"].choices = [("", "全部"), *[(d.code, d.name) for d in domains]]  # type: ignore[attr-defined]
        self.fields["county"].choices = [("", "全部"), *[(r.code, r.name) for r in regions]]  # type: ignore[attr-defined]


class TriageForm(BoundedFormMixin, forms.Form):
    domain = forms.ModelChoiceField(label="领域", queryset=Domain.objects.all(), required=False)
    lead_unit = forms.ModelChoiceField(label="承办机构", queryset=Unit.objects.none(), required=False)
    category = forms.ChoiceField(
        label="初步类别", choices=[("", "按分拣建议"), *ProblemCategory.choices], required=False
    )
    subtype = forms.ChoiceField(
        label="初步细类", choices=[("", "—"), *ProblemSubtype.choices], required=False
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]


class ConsultForm(BoundedFormMixin, forms.Form):
    lead_unit = forms.ModelChoiceField(label="牵头机构", queryset=Unit.objects.none())
    units = forms.ModelMultipleChoiceField(label="参加机构", queryset=Unit.objects.none())
    topic = forms.CharField(label="会商事项", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["units"].queryset = units  # type: ignore[attr-defined]


class OpinionForm(BoundedFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label="机构", queryset=Unit.objects.none())
    opinion = forms.CharField(label="会商意见", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class JudicialRequestForm(BoundedFormMixin, forms.Form):
    question = forms.CharField(label="征求意见事项", widget=forms.Textarea(attrs={"rows": 3}))


class JudicialAnswerForm(BoundedFormMixin, forms.Form):
    answer = forms.CharField(label="司法行政部门意见", widget=forms.Textarea(attrs={"rows": 3}))


class AssessForm(BoundedFormMixin, forms.Form):
    verdict = forms.ChoiceField(label="研判结论", choices=Verdict.choices)
    category = forms.ChoiceField(
        label="问题类别", choices=[("", "请选择"), *ProblemCategory.choices], required=False
    )
    subtype = forms.ChoiceField(
        label="问题细类", choices=[("", "—"), *ProblemSubtype.choices], required=False
    )
    domain = forms.ModelChoiceField(label="领域", queryset=Domain.objects.all(), required=False)
    opinion = forms.CharField(label="认定意见", widget=forms.Textarea(attrs={"rows": 3}))
    cause_analysis = forms.CharField(
        label="原因剖析",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="认定属于四类重点问题的必填",
    )


class ReferForm(BoundedFormMixin, forms.Form):
    organ = forms.CharField(label="接收机关", max_length=100, initial="市纪委监委派驻纪检监察组")
    persons = forms.CharField(label="涉及人员", max_length=200, required=False)
    reason = forms.CharField(label="移送理由", widget=forms.Textarea(attrs={"rows": 3}))


PUBLIC_REPLY_MAX = 2000


class CloseForm(BoundedFormMixin, forms.Form):
    note = forms.CharField(label="办结说明（内部）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    public_reply = forms.CharField(
        label="对外答复（办结后向反映人公开）",
        required=False,
        max_length=PUBLIC_REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写给反映人和查询人看的办理结果，不要照抄内部研判意见，不写他人个人信息。",
    )


class PublicReplyForm(BoundedFormMixin, forms.Form):
    public_reply = forms.CharField(
        label="对外答复", max_length=PUBLIC_REPLY_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportUploadForm(BoundedFormMixin, forms.Form):
    file = forms.FileField(label="工单文件（.xlsx 或 .csv）")
    channel = forms.ChoiceField(label="线索渠道", choices=[(c.value, c.label) for c in IMPORT_CHANNELS])
    default_region = forms.ModelChoiceField(
        label="默认区划", queryset=Region.objects.none(), required=False, help_text="文件中没有区划列时使用"
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default_region"].queryset = regions  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("仅支持 .xlsx 或 .csv 文件。")
        if upload.size > MAX_TABLE_BYTES:
            raise forms.ValidationError("文件不能超过 20 MB。")
        return upload


class MappingForm(BoundedFormMixin, forms.Form):
    """Step two of an import: which column holds which field."""

    token = forms.CharField(widget=forms.HiddenInput)
    channel = forms.CharField(widget=forms.HiddenInput)
    default_region = forms.CharField(widget=forms.HiddenInput, required=False)
    partial = forms.BooleanField(label="跳过有错误的行，导入其余各行", required=False)

    def __init__(self, *args: Any, header: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "（不导入）"), *[(h, h) for h in header if h]]
        for key, (label, _names) in WORK_ORDER_FIELDS.items():
            self.fields[f"map_{key}"] = forms.ChoiceField(label=label, choices=choices, required=False)

    def mapping(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"map_{key}", "") for key in WORK_ORDER_FIELDS}


class EmailImportForm(BoundedFormMixin, forms.Form):
    emails = MultipleFileField(label="邮件文件（.eml）")
    region = forms.ModelChoiceField(label="所属区划", queryset=Region.objects.none())

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]

    def clean_emails(self) -> Any:
        files = self.cleaned_data["emails"]
        if not files:
            raise forms.ValidationError("请选择 .eml 文件。")
        for f in files:
            if not f.name.lower().endswith(".eml") or f.size > MAX_TABLE_BYTES:
                raise forms.ValidationError(f"文件“{f.name}”不是不超过 20 MB 的 .eml 邮件文件。")
        return files


class ProblemFilterForm(BoundedFormMixin, forms.Form):
    county = forms.ChoiceField(label="县（市、区）", required=False)
    unit = forms.ChoiceField(label="机构", required=False)
    category = forms.ChoiceField(
        label="类别", choices=[("", "全部"), *ProblemCategory.choices], required=False
    )
    since = forms.DateField(label="起", required=False, widget=DATE)
    until = forms.DateField(label="止", required=False, widget=DATE)

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
