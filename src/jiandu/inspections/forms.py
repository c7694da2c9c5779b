"""Forms of the 双随机一公开 pages: parsing only; rules live in services and the engine."""

from __future__ import annotations

from typing import Any

from django import forms

from jiandu.bounds import BoundedFormMixin
from jiandu.inspections.models import GuidanceKind, InspectionItem, ItemKind, Outcome
from jiandu.org.models import CreditClass, Domain, Region

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # ISO, or the browser shows it blank
MAX_VERIFY_BYTES = 50 * 1024 * 1024


class RatioFields(BoundedFormMixin, forms.Form):
    """One ratio field per credit class, e.g. ratio_A."""

    def __init__(self, *args: Any, ratios: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for credit_class, label in CreditClass.choices:
            self.fields[f"ratio_{credit_class}"] = forms.CharField(
                label=f"{label}抽取比例", initial=(ratios or {}).get(credit_class, ""), max_length=12
            )

    def ratios(self) -> dict[str, str]:
        return {c: self.cleaned_data[f"ratio_{c}"] for c in CreditClass.values}


class PlanForm(RatioFields):
    title = forms.CharField(label="计划名称", max_length=100)
    region = forms.ModelChoiceField(label="组织区划", queryset=Region.objects.none())
    items = forms.ModelMultipleChoiceField(
        label="检查事项", queryset=InspectionItem.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    scope_regions = forms.ModelMultipleChoiceField(
        label="抽查范围", queryset=Region.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    industry_filter = forms.CharField(label="行业包含（可选）", required=False, max_length=50)
    period_start = forms.DateField(label="检查开始日期", widget=DATE)
    period_end = forms.DateField(label="检查结束日期", widget=DATE)
    window_days = forms.IntegerField(label="近期检查排除窗口（天）", min_value=0, max_value=365)
    joining_departments = forms.CharField(
        label="联合抽查部门（以顿号分隔，可选）", required=False, max_length=200
    )
    seed_source = forms.CharField(
        label="随机种子来源（公示时写明，例如：某日福彩3D开奖号码 + 计划编号）",
        required=False,
        max_length=200,
    )

    def __init__(self, *args: Any, regions: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["scope_regions"].queryset = regions  # type: ignore[attr-defined]
        self.fields["items"].queryset = items  # type: ignore[attr-defined]


class PlanRulesForm(RatioFields):
    window_days = forms.IntegerField(label="近期检查排除窗口（天）", min_value=0, max_value=365)
    seed_source = forms.CharField(label="随机种子来源", required=False, max_length=200)


class SeedForm(BoundedFormMixin, forms.Form):
    seed = forms.CharField(label="随机种子（公开的随机数加计划编号）", max_length=200)

    def __init__(self, *args: Any, plan_number: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plan_number:
            self.fields["seed"].widget.attrs["placeholder"] = f"例如 517#{plan_number}"


class ResultForm(BoundedFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="检查结果", choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING]
    )
    inspected_on = forms.DateField(label="检查日期", widget=DATE)
    findings = forms.CharField(label="发现的问题", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    case_note = forms.CharField(label="立案说明（立案查处时填写）", required=False, max_length=200)


class AdHocInspectionForm(BoundedFormMixin, forms.Form):
    uscc = forms.CharField(label="统一社会信用代码", max_length=18)
    department = forms.CharField(label="检查部门", max_length=200, initial="市场监督管理局")
    inspected_on = forms.DateField(label="检查日期", widget=DATE)
    findings = forms.CharField(
        label="发现的问题（无则留空）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ItemForm(BoundedFormMixin, forms.Form):
    code = forms.CharField(label="事项编码", max_length=30)
    name = forms.CharField(label="事项名称", max_length=100)
    domain = forms.ModelChoiceField(label="领域", queryset=Domain.objects.all())
    kind = forms.ChoiceField(label="事项类别", choices=ItemKind.choices)
    legal_basis = forms.CharField(label="检查依据", required=False, max_length=200)
    department = forms.CharField(label="实施部门", max_length=50, initial="市场监督管理局", required=False)


class GuidanceForm(BoundedFormMixin, forms.Form):
    uscc = forms.CharField(label="统一社会信用代码", max_length=18)
    kind = forms.ChoiceField(label="指导方式", choices=GuidanceKind.choices)
    content = forms.CharField(label="指导内容", widget=forms.Textarea(attrs={"rows": 3}))
    issued_on = forms.DateField(label="实施日期", widget=DATE)


class FollowUpForm(BoundedFormMixin, forms.Form):
    followed_up_on = forms.DateField(label="跟踪检查日期", widget=DATE)
    result = forms.CharField(label="跟踪检查结果", max_length=200)


class VerifyForm(BoundedFormMixin, forms.Form):
    """The public verification form: the published result and the two lists, as files or pasted text."""

    bulk_fields = ("result_text", "candidates_text", "exclude_text")

    result_file = forms.FileField(label="抽取结果（result.json）", required=False)
    result_text = forms.CharField(
        label="或粘贴抽取结果 JSON", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    candidates_file = forms.FileField(label="候选名单（candidates.csv，列 id,stratum）", required=False)
    candidates_text = forms.CharField(
        label="或粘贴候选名单 CSV", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    exclude_file = forms.FileField(
        label="排除名单（exclude.txt，每行一个编号，可选）", required=False, allow_empty_file=True
    )
    exclude_text = forms.CharField(
        label="或粘贴排除名单", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    ratios = forms.CharField(
        label="公示的抽取比例（可选，例如 A=0.03 B=0.1 C=0.3 D=0.7）", required=False, max_length=200
    )

    def _text(self, name: str) -> str:
        upload = self.cleaned_data.get(f"{name}_file")
        if upload:
            if upload.size > MAX_VERIFY_BYTES:
                raise forms.ValidationError("文件不能超过 50 MB。")
            try:
                return str(upload.read().decode("utf-8-sig"))
            except UnicodeDecodeError:
                raise forms.ValidationError(f"{self.fields[name + '_file'].label} 不是 UTF-8 编码") from None
        return str(self.cleaned_data.get(f"{name}_text") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["result"] = self._text("result")
        cleaned["candidates"] = self._text("candidates")
        cleaned["exclude"] = self._text("exclude")
        if not cleaned["result"].strip():
            raise forms.ValidationError("请上传或粘贴抽取结果 JSON")
        if not cleaned["candidates"].strip():
            raise forms.ValidationError("请上传或粘贴候选名单 CSV")
        return cleaned
