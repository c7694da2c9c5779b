"""Forms of the case pages: they parse and check input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from jiandu.cases.models import CaseOutcome, PartyKind, PenaltyKind
from jiandu.engines.discretion import AGGRAVATING, MITIGATING
from jiandu.engines.discretion.engine import HARMS, OTHER_BOOLEANS
from jiandu.org.models import Domain

FACT_CHOICES = [
    *((key, label) for key, label in OTHER_BOOLEANS.items()),
    *((key, f"{label}(从轻、减轻情节)") for key, (label, _basis) in MITIGATING.items()),
    *((key, f"{label}(从重情节)") for key, (label, _basis) in AGGRAVATING.items()),
]


class CaseForm(forms.Form):
    uscc = forms.CharField(label="当事人统一社会信用代码", max_length=18)
    item_code = forms.CharField(
        label="违法行为事项编码",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"list": "catalogue-items"}),
        help_text="从违法行为事项目录中选择;选择后领域、违法行为、处罚依据和法定罚款幅度按目录填写",
    )
    domain = forms.ModelChoiceField(label="领域", queryset=Domain.objects.all(), required=False)
    violation = forms.CharField(label="违法行为", max_length=200, required=False)
    facts = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.CharField(
        label="证据(每行一项)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    filed_on = forms.DateField(label="立案日期", widget=forms.DateInput(attrs={"type": "date"}))
    party_kind = forms.ChoiceField(
        label="当事人类型", choices=[("", "按信用代码判断"), *PartyKind.choices], required=False
    )
    outcome = forms.ChoiceField(label="拟处理结果", choices=CaseOutcome.choices)
    penalty_kinds = forms.MultipleChoiceField(
        label="处罚种类", choices=PenaltyKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    fine = forms.DecimalField(
        label="拟罚款(元)", min_value=0, decimal_places=2, max_digits=14, required=False
    )
    confiscation = forms.DecimalField(
        label="没收违法所得(元)", min_value=0, decimal_places=2, max_digits=14, required=False
    )
    fine_min = forms.DecimalField(
        label="法定罚款下限(元)", min_value=0, decimal_places=2, max_digits=14, required=False,
        help_text="选择了目录事项时可不填,按目录计算",
    )  # fmt: skip
    fine_max = forms.DecimalField(
        label="法定罚款上限(元)", min_value=0, decimal_places=2, max_digits=14, required=False
    )
    fine_base = forms.DecimalField(
        label="计罚基数(货值金额/违法所得,元)", min_value=0, decimal_places=2, max_digits=14, required=False
    )
    legal_basis = forms.CharField(label="处罚依据", max_length=200, required=False)
    officers = forms.CharField(label="承办人员", max_length=100, required=False)
    is_major = forms.BooleanField(label="重大案件(行政处罚法第五十八条)", required=False)
    facts_flags = forms.MultipleChoiceField(
        label="裁量情节", choices=FACT_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    harm = forms.ChoiceField(label="危害后果", choices=[("", "未认定"), *HARMS.items()], required=False)
    violation_ended = forms.DateField(
        label="违法行为终了日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    discovered = forms.DateField(
        label="发现日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("fine_min"), data.get("fine_max")
        if (low is None) != (high is None):
            raise forms.ValidationError("法定罚款下限和上限请同时填写,或都不填写")
        if low is not None and high is not None and low > high:
            self.add_error("fine_min", "法定罚款下限不能高于上限")
        return data

    def service_values(self) -> dict[str, Any]:
        """The cleaned values in the shape `create_case` / `update_case` take."""
        data = self.cleaned_data
        facts: dict[str, Any] = {key: True for key in data.get("facts_flags") or []}
        if data.get("harm"):
            facts["harm"] = data["harm"]
        for key in ("violation_ended", "discovered"):
            value: dt.date | None = data.get(key)
            if value:
                facts[key] = value.isoformat()
        values: dict[str, Any] = {
            "item_code": data.get("item_code", ""),
            "domain": data.get("domain"),
            "violation": data.get("violation", ""),
            "facts": data.get("facts", ""),
            "evidence": data.get("evidence", ""),
            "filed_on": data.get("filed_on"),
            "outcome": data.get("outcome"),
            "penalty_kinds": list(data.get("penalty_kinds") or []),
            "fine": data.get("fine") or 0,
            "confiscation": data.get("confiscation") or 0,
            "fine_base": data.get("fine_base"),
            "legal_basis": data.get("legal_basis", ""),
            "officers": data.get("officers", ""),
            "is_major": bool(data.get("is_major")),
            "discretion_facts": facts,
        }
        if data.get("party_kind"):
            values["party_kind"] = data["party_kind"]
        if data.get("fine_min") is not None:
            values["penalty_spec"] = {
                "kind": "range",
                "min": str(data["fine_min"]),
                "max": str(data["fine_max"]),
            }
        return values

    @classmethod
    def initial_for(cls, case: Any) -> dict[str, Any]:
        facts = case.discretion_facts or {}
        spec = case.penalty_spec or {}
        return {
            "uscc": case.enterprise.uscc,
            "item_code": case.item_code,
            "domain": case.domain_id,
            "violation": case.violation,
            "facts": case.facts,
            "evidence": case.evidence,
            "filed_on": case.filed_on,
            "party_kind": case.party_kind,
            "outcome": case.outcome,
            "penalty_kinds": case.penalty_kinds,
            "fine": case.fine,
            "confiscation": case.confiscation,
            "fine_base": case.fine_base,
            "fine_min": spec.get("min") if spec.get("kind") == "range" else None,
            "fine_max": spec.get("max") if spec.get("kind") == "range" else None,
            "legal_basis": case.legal_basis,
            "officers": case.officers,
            "is_major": case.is_major,
            "facts_flags": [k for k, v in facts.items() if v is True],
            "harm": facts.get("harm", ""),
            "violation_ended": facts.get("violation_ended"),
            "discovered": facts.get("discovered"),
        }


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=500, required=False)


class ReviewForm(forms.Form):
    passed = forms.TypedChoiceField(
        label="审核结论",
        choices=[("1", "审核通过"), ("0", "退回修改")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label="法制审核意见", widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(forms.Form):
    decided_on = forms.DateField(
        label="决定日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    deviation_reason = forms.CharField(
        label="偏离类案或裁量幅度的说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    education_note = forms.CharField(
        label="教育内容(不予处罚时必填)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(
        label="送达日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(
        label="送达方式",
        choices=[(m, m) for m in ("直接送达", "留置送达", "邮寄送达", "电子送达", "委托送达", "公告送达")],
    )


class DateForm(forms.Form):
    on = forms.DateField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class FlagsForm(forms.Form):
    reconsidered = forms.BooleanField(label="当事人已申请行政复议", required=False)
    litigated = forms.BooleanField(label="当事人已提起行政诉讼", required=False)


class RepairApplicationForm(forms.Form):
    uscc = forms.CharField(label="统一社会信用代码", max_length=18)
    decision_number = forms.CharField(label="行政处罚决定书文号", max_length=60)
    contact_name = forms.CharField(label="联系人", max_length=30)
    contact_phone = forms.CharField(label="联系电话", max_length=30)
    measures = forms.CharField(
        label="已采取的整改措施和消除不良影响的情况", widget=forms.Textarea(attrs={"rows": 4})
    )
    harm_eliminated = forms.BooleanField(label="本单位已经主动消除危害后果和不良影响", required=False)
    not_listed = forms.BooleanField(label="本单位未被列入经营异常名录和严重违法失信名单", required=False)
    commitment = forms.BooleanField(label="本单位签署信用修复承诺书(承诺制,加快办理)", required=False)


class RepairLookupForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=30)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18)


class RepairReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审核结论",
        choices=[("1", "准予信用修复,停止公示"), ("0", "不予信用修复")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 3}))
