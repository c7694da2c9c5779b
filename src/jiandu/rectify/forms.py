"""Forms for the rectification ledger."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from jiandu.bounds import BoundedFormMixin
from jiandu.clues.forms import DATE, MultipleFileField
from jiandu.clues.models import ProblemCategory
from jiandu.org.models import Region, Unit
from jiandu.rectify.models import RectificationMode, RectificationStatus


class OpenForm(BoundedFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none())
    responsible_person = forms.CharField(label="责任人", max_length=30)
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 4}))
    mode = forms.ChoiceField(label="整改方式", choices=RectificationMode.choices)
    term_workdays = forms.IntegerField(
        label="整改期限（工作日）",
        min_value=1,
        max_value=250,
        required=False,
        help_text="限期整改时填写，不填按默认期限",
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class EvidenceForm(BoundedFormMixin, forms.Form):
    evidence_files = MultipleFileField(label="佐证材料", required=True)


class CompleteForm(BoundedFormMixin, forms.Form):
    result = forms.CharField(label="整改结果", widget=forms.Textarea(attrs={"rows": 3}))
    refund_amount = forms.DecimalField(label="退还金额（元）", min_value=0, decimal_places=2, required=False)
    refund_count = forms.IntegerField(label="退还笔数", min_value=0, required=False)
    decisions_corrected = forms.IntegerField(label="纠正执法决定（件）", min_value=0, required=False)
    completed_on = forms.DateField(label="完成日期", required=False, widget=DATE)


class SuperviseForm(BoundedFormMixin, forms.Form):
    note = forms.CharField(label="督办要求", max_length=200)


class LedgerFilterForm(BoundedFormMixin, forms.Form):
    county = forms.ChoiceField(label="县（市、区）", required=False)
    unit = forms.ChoiceField(label="责任单位", required=False)
    category = forms.ChoiceField(
        label="类别", choices=[("", "全部"), *ProblemCategory.choices], required=False
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *RectificationStatus.choices], required=False
    )
    since = forms.DateField(label="建账起", required=False, widget=DATE)
    until = forms.DateField(label="建账止", required=False, widget=DATE)
    overdue = forms.BooleanField(label="仅看逾期", required=False)
    supervised = forms.BooleanField(label="仅看督办", required=False)

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
