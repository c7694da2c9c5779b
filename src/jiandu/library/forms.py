"""Forms of the case library pages: they parse input; the services validate and write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms

from jiandu.bounds import BoundedFormMixin
from jiandu.cases.models import CaseOutcome
from jiandu.library.models import TypicalCase

KIND_CHOICES = [("", "全部"), ("case", "处罚案件"), ("typical", "典型案例")]


class SearchForm(BoundedFormMixin, forms.Form):
    q = forms.CharField(label="关键词或案情", required=False, max_length=500)
    domain = forms.ChoiceField(label="领域", required=False)
    item = forms.CharField(label="事项编码", required=False, max_length=40)
    region = forms.ChoiceField(label="区划", required=False)
    year_from = forms.IntegerField(label="年度起", required=False, min_value=1990, max_value=2100)
    year_to = forms.IntegerField(label="年度止", required=False, min_value=1990, max_value=2100)
    fine_min = forms.DecimalField(
        label="罚款不低于（元）", required=False, min_value=Decimal(0), decimal_places=2
    )
    fine_max = forms.DecimalField(
        label="罚款不高于（元）", required=False, min_value=Decimal(0), decimal_places=2
    )
    kind = forms.ChoiceField(label="类别", required=False, choices=KIND_CHOICES)
    outcome = forms.ChoiceField(
        label="处理结果", required=False, choices=[("", "全部"), *CaseOutcome.choices]
    )

    def __init__(
        self, *args: Any, domains: list[tuple[str, str]], regions: list[tuple[str, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["domain"]).choices = [("", "全部领域"), *domains]
        cast(forms.ChoiceField, self.fields["region"]).choices = [("", "全部区划"), *regions]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("fine_min"), data.get("fine_max")
        if low is not None and high is not None and low > high:
            self.add_error("fine_max", "“罚款不高于”应不小于“罚款不低于”。")
        y1, y2 = data.get("year_from"), data.get("year_to")
        if y1 is not None and y2 is not None and y1 > y2:
            self.add_error("year_to", "“年度止”应不早于“年度起”。")
        return data


def _money_field(label: str, help_text: str = "") -> forms.DecimalField:
    """An optional amount in 元 (≥ 0, two decimals)."""
    return forms.DecimalField(
        label=label, required=False, min_value=Decimal(0), max_digits=14, decimal_places=2,
        help_text=help_text,
    )  # fmt: skip


class SimilarCheckForm(BoundedFormMixin, forms.Form):
    text = forms.CharField(
        label="违法事实（案情）", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    item_code = forms.CharField(label="违法行为事项编码", required=False, max_length=40)
    domain = forms.ChoiceField(label="领域", required=False)
    proposed_outcome = forms.ChoiceField(label="拟处理结果", choices=CaseOutcome.choices, initial="penalty")
    proposed_fine = _money_field("拟罚款（元）")
    fine_base = _money_field("计罚基数（元）", "货值金额、违法所得等按倍数计罚的基数；没有的填 0。")
    units = forms.IntegerField(
        label="违法行为个数",
        required=False,
        min_value=1,
        max_value=1_000_000,
        help_text="按件（套）计罚的事项填写。",
    )
    party_kind = forms.ChoiceField(
        label="当事人类型",
        choices=[("enterprise", "单位"), ("person", "个人（含个体工商户）")],
        initial="enterprise",
        required=False,
    )
    statutory_min = _money_field("法定最低罚款（元）")
    statutory_max = _money_field("法定最高罚款（元）", "不填时按违法行为事项编码和计罚基数计算。")
    mitigation_reason = forms.CharField(label="减轻处罚的理由", required=False, max_length=500)
    aggravation_reason = forms.CharField(label="从重处罚的情节", required=False, max_length=500)
    case = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, domains: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["domain"]).choices = [("", "全部领域"), *domains]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("statutory_min"), data.get("statutory_max")
        if low is not None and high is not None and low > high:
            self.add_error("statutory_min", "法定最低罚款不能高于法定最高罚款。")
        return data


class TypicalCaseForm(BoundedFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = TypicalCase
        fields = [
            "title", "region", "domain", "item_code", "decision_number", "violation", "facts",
            "legal_basis", "outcome", "fine", "decided_on", "key_points",
        ]  # fmt: skip
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}),
            "facts": forms.Textarea(attrs={"rows": 6}),
            "key_points": forms.Textarea(attrs={"rows": 4}),
        }
