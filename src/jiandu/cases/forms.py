"""Forms of the case pages: they parse and check input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from jiandu.bounds import BoundedFormMixin, amount_field
from jiandu.cases.models import CaseOutcome, PartyKind
from jiandu.cases.rules import procedure
from jiandu.cases.services.decisions import CLOSE_REASONS
from jiandu.discretion.vocabulary import FINDING_CHOICES, PenaltyKind
from jiandu.engines.discretion import AGGRAVATING, MITIGATING
from jiandu.engines.discretion.engine import HARMS, OTHER_BOOLEANS
from jiandu.org.models import Domain


def date_input() -> forms.DateInput:
    """An HTML date input: its value must be ISO (YYYY-MM-DD) or the browser shows it blank."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


FACT_CHOICES = [
    *((key, label) for key, label in OTHER_BOOLEANS.items()),
    *((key, f"{label}（从重情节）") for key, (label, _basis) in AGGRAVATING.items()),
]
# 从轻、减轻情节 (指导意见第十三、十四条): 有 / 无 / 未查明. Stored as true / not stored (not found at
# 调查终结, as in cases stored before this choice existed) / null (未查明: the engine takes it as unknown).
FINDING_VALUES: dict[str, bool | None] = {"yes": True, "unknown": None}


def finding_field(key: str) -> str:
    """The form field of one 从轻/减轻 circumstance."""
    return f"mitigating_{key}"


def finding_choice(facts: dict[str, Any], key: str) -> str:
    """The stored value of one circumstance as the form's choice (a key not stored is 无)."""
    if key not in facts:
        return "no"
    value = facts[key]
    return "yes" if value is True else "unknown" if value is None else "no"


class CaseForm(BoundedFormMixin, forms.Form):
    uscc = forms.CharField(label="当事人统一社会信用代码", max_length=18)
    item_code = forms.CharField(
        label="违法行为事项编码",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"list": "catalogue-items"}),
        help_text="从违法行为事项目录中选择；选择后领域、违法行为、处罚依据和法定罚款幅度按目录填写",
    )
    domain = forms.ModelChoiceField(label="领域", queryset=Domain.objects.all(), required=False)
    violation = forms.CharField(label="违法行为", max_length=200, required=False)
    facts = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.CharField(
        label="证据（每行一项）", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    filed_on = forms.DateField(label="立案日期", widget=date_input())
    party_kind = forms.ChoiceField(
        label="当事人类型", choices=[("", "按信用代码判断"), *PartyKind.choices], required=False
    )
    outcome = forms.ChoiceField(label="拟处理结果", choices=CaseOutcome.choices)
    penalty_kinds = forms.MultipleChoiceField(
        label="处罚种类", choices=PenaltyKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    fine = amount_field("拟罚款（元）", required=False)
    confiscation = amount_field("没收违法所得（元）", required=False)
    fine_min = amount_field(
        "法定罚款下限（元）", required=False, help_text="选择了目录事项时可不填，按目录计算"
    )
    fine_max = amount_field("法定罚款上限（元）", required=False)
    fine_base = forms.DecimalField(
        label="计罚基数（货值金额/违法所得，元）",
        min_value=0,
        decimal_places=2,
        max_digits=14,
        required=False,
        help_text="按倍数计罚的事项必填；没有违法所得或者无法计算的填0",
    )
    representative = forms.CharField(label="法定代表人（负责人）", max_length=50, required=False)
    violated_provision = forms.CharField(
        label="违反的法律条款",
        max_length=200,
        required=False,
        help_text="例如：《中华人民共和国食品安全法》第三十四条第（十）项",
    )
    confiscated_property = forms.CharField(
        label="没收的非法财物（名称、数量）", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    no_penalty_ground = forms.ChoiceField(label="不予处罚的法定情形", required=False, choices=())
    legal_basis = forms.CharField(label="处罚依据", max_length=200, required=False)
    officers = forms.CharField(label="承办人员", max_length=100, required=False)
    is_major = forms.BooleanField(label="重大案件（行政处罚法第五十八条）", required=False)
    facts_flags = forms.MultipleChoiceField(
        label="裁量情节", choices=FACT_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    harm = forms.ChoiceField(label="危害后果", choices=[("", "未认定"), *HARMS.items()], required=False)
    violation_ended = forms.DateField(label="违法行为终了日期", required=False, widget=date_input())
    discovered = forms.DateField(label="发现日期", required=False, widget=date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grounds = procedure().no_penalty_grounds
        ground = self.fields["no_penalty_ground"]
        assert isinstance(ground, forms.ChoiceField)
        ground.choices = [("", "（拟处罚时不填）")] + [(key, str(g["label"])) for key, g in grounds.items()]
        for key, (label, basis) in MITIGATING.items():
            self.fields[finding_field(key)] = forms.ChoiceField(
                label=f"{label}（从轻、减轻情节）",
                choices=FINDING_CHOICES,
                initial="no",
                required=False,
                help_text=basis,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("fine_min"), data.get("fine_max")
        if (low is None) != (high is None):
            raise forms.ValidationError("法定罚款下限和上限请同时填写，或都不填写")
        if low is not None and high is not None and low > high:
            self.add_error("fine_min", "法定罚款下限不能高于上限")
        return data

    def service_values(self) -> dict[str, Any]:
        """The cleaned values in the shape `create_case` / `update_case` take."""
        data = self.cleaned_data
        facts: dict[str, Any] = {key: True for key in data.get("facts_flags") or []}
        for key in MITIGATING:
            choice = data.get(finding_field(key)) or "no"
            if choice in FINDING_VALUES:
                facts[key] = FINDING_VALUES[choice]
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
            "representative": data.get("representative", ""),
            "violated_provision": data.get("violated_provision", ""),
            "confiscated_property": data.get("confiscated_property", ""),
            "no_penalty_ground": data.get("no_penalty_ground", ""),
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
            "representative": case.representative,
            "violated_provision": case.violated_provision,
            "confiscated_property": case.confiscated_property,
            "no_penalty_ground": case.no_penalty_ground,
            "officers": case.officers,
            "is_major": case.is_major,
            "facts_flags": [k for k, v in facts.items() if v is True and k not in MITIGATING],
            **{finding_field(key): finding_choice(facts, key) for key in MITIGATING},
            "harm": facts.get("harm", ""),
            "violation_ended": facts.get("violation_ended"),
            "discovered": facts.get("discovered"),
        }


class NoteForm(BoundedFormMixin, forms.Form):
    note = forms.CharField(label="说明", max_length=500, required=False)


class RequiredNoteForm(BoundedFormMixin, forms.Form):
    note = forms.CharField(label="说明", max_length=500)


class OpinionForm(BoundedFormMixin, forms.Form):
    opinion = forms.CharField(label="法制审核意见", widget=forms.Textarea(attrs={"rows": 3}))


def _methods() -> list[tuple[str, str]]:
    return [(m, m) for m in procedure().delivery_methods]


class NotifyForm(BoundedFormMixin, forms.Form):
    issued_on = forms.DateField(label="告知日期", required=False, widget=date_input())
    delivered_on = forms.DateField(label="告知书送达日期", required=False, widget=date_input())
    method = forms.ChoiceField(label="送达方式", choices=_methods)


class RepresentationForm(BoundedFormMixin, forms.Form):
    argument = forms.CharField(label="当事人的陈述申辩意见", widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label="提出日期", required=False, widget=date_input())


class RepresentationReviewForm(BoundedFormMixin, forms.Form):
    adopted = forms.TypedChoiceField(
        label="复核结论",
        choices=[("1", "采纳"), ("0", "不予采纳")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    review = forms.CharField(label="复核意见（理由）", widget=forms.Textarea(attrs={"rows": 2}))


class HearingRequestForm(BoundedFormMixin, forms.Form):
    requested_on = forms.DateField(label="要求听证日期", required=False, widget=date_input())


class HearingScheduleForm(BoundedFormMixin, forms.Form):
    held_on = forms.DateField(label="举行听证日期", widget=date_input())
    place = forms.CharField(label="听证地点", max_length=100)
    host = forms.CharField(label="听证主持人（非本案调查人员）", max_length=50)
    public = forms.BooleanField(label="公开举行", required=False, initial=True)


class HearingReportForm(BoundedFormMixin, forms.Form):
    record = forms.CharField(label="听证笔录要点", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    report = forms.CharField(label="听证报告", widget=forms.Textarea(attrs={"rows": 3}))
    absent = forms.BooleanField(label="当事人无正当理由未出席", required=False)


class DiscussForm(BoundedFormMixin, forms.Form):
    discussed_on = forms.DateField(label="集体讨论日期", required=False, widget=date_input())
    note = forms.CharField(label="参加人员和讨论结论", widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(BoundedFormMixin, forms.Form):
    decided_on = forms.DateField(label="决定日期", required=False, widget=date_input())
    deviation_reason = forms.CharField(
        label="偏离类案或裁量幅度的理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    education_note = forms.CharField(
        label="教育内容（不予处罚时必填）", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DeliverForm(BoundedFormMixin, forms.Form):
    delivered_on = forms.DateField(label="送达日期", required=False, widget=date_input())
    method = forms.ChoiceField(label="送达方式", choices=_methods)
    receiver = forms.CharField(label="受送达人", max_length=50, required=False)


class DateForm(BoundedFormMixin, forms.Form):
    on = forms.DateField(label="日期", required=False, widget=date_input())


class CloseForm(BoundedFormMixin, forms.Form):
    on = forms.DateField(label="结案日期", required=False, widget=date_input())
    reason = forms.ChoiceField(
        label="结案情形", required=False, choices=[("", "按案件情况")] + [(r, r) for r in CLOSE_REASONS]
    )


class FlagsForm(BoundedFormMixin, forms.Form):
    reconsidered = forms.BooleanField(label="当事人已申请行政复议", required=False)
    litigated = forms.BooleanField(label="当事人已提起行政诉讼", required=False)


class LeadForm(BoundedFormMixin, forms.Form):
    uscc = forms.CharField(label="当事人统一社会信用代码", max_length=18)
    source = forms.CharField(
        label="案源来源", max_length=40, help_text="日常检查、投诉举报、其他部门移送、上级交办等"
    )
    description = forms.CharField(label="案源情况", widget=forms.Textarea(attrs={"rows": 3}))
    discovered_on = forms.DateField(label="发现线索或收到材料日期", widget=date_input())


class DeclineLeadForm(BoundedFormMixin, forms.Form):
    ground = forms.ChoiceField(label="不予立案情形", choices=())
    note = forms.CharField(label="核查意见", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ground = self.fields["ground"]
        assert isinstance(ground, forms.ChoiceField)
        ground.choices = list(procedure().not_filed_grounds.items())


class RepairApplicationForm(BoundedFormMixin, forms.Form):
    uscc = forms.CharField(label="统一社会信用代码", max_length=18)
    decision_number = forms.CharField(label="行政处罚决定书文号", max_length=60)
    code = forms.CharField(label="信用修复申请码（见随决定书送达的信用修复告知书）", max_length=20)
    contact_name = forms.CharField(label="联系人", max_length=30)
    contact_phone = forms.CharField(label="联系电话", max_length=30)
    measures = forms.CharField(
        label="已采取的整改措施和消除不良影响的情况", widget=forms.Textarea(attrs={"rows": 4})
    )
    harm_eliminated = forms.BooleanField(label="本单位已经主动消除危害后果和不良影响", required=False)
    not_listed = forms.BooleanField(label="本单位未被列入经营异常名录和严重违法失信名单", required=False)
    commitment = forms.BooleanField(label="本单位签署信用修复承诺书（承诺制，加快办理）", required=False)


class RepairLookupForm(BoundedFormMixin, forms.Form):
    number = forms.CharField(label="申请编号", max_length=30)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18)


class RepairReviewForm(BoundedFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label="审核结论",
        choices=[("1", "准予信用修复，停止公示"), ("0", "不予信用修复")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 3}))
