"""Forms of the discretion pages: they parse input into the plain data services and the engine take."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from jiandu.bounds import BoundedFormMixin
from jiandu.discretion.checks import CheckFacts
from jiandu.discretion.vocabulary import FINDING_CHOICES, PenaltyKind
from jiandu.engines.discretion import AGGRAVATING, MITIGATING

HARM_CHOICES = [
    ("", "未认定"),
    ("none", "无危害后果"),
    ("minor", "危害后果轻微"),
    ("general", "一般"),
    ("serious", "严重"),
]
FACT_LABELS: dict[str, str] = {
    "minor": "违法行为轻微",
    "corrected_in_time": "及时改正",
    "first_violation": "初次违法（填写经营主体时由系统查询认定）",
    "no_fault_proven": "有证据足以证明没有主观过错",
    **{key: label for key, (label, _basis) in AGGRAVATING.items()},
    "life_health_or_financial_with_harm": "涉及公民生命健康安全、金融安全且有危害后果",
}

# 从轻、减轻情节: 无 is sent as false, 有 as true, 未查明 not at all (unknown to the engine)


class CheckForm(BoundedFormMixin, forms.Form):
    """The 裁量核查 form: the catalogue item (or a statutory range) and the facts of the case."""

    item_code = forms.CharField(label="违法行为事项编码", max_length=40, required=False)
    base = forms.DecimalField(
        label="计算基数（元）",
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=16,
        help_text="倍数罚款的货值金额、违法所得、广告费用等",
    )
    fine_min = forms.DecimalField(
        label="法定罚款最低额（元）", required=False, min_value=0, decimal_places=2, max_digits=16
    )
    fine_max = forms.DecimalField(
        label="法定罚款最高额（元）", required=False, min_value=0, decimal_places=2, max_digits=16
    )
    uscc = forms.CharField(label="当事人统一社会信用代码", max_length=18, required=False)
    party_kind = forms.ChoiceField(
        label="当事人类型", choices=[("enterprise", "单位"), ("person", "自然人")], initial="enterprise"
    )
    age = forms.IntegerField(label="年龄（自然人）", required=False, min_value=0, max_value=150)
    mental_capacity = forms.ChoiceField(
        label="辨认、控制能力（自然人）",
        choices=[("full", "完全"), ("partial", "尚未完全丧失"), ("none", "不能辨认或者不能控制")],
        initial="full",
    )
    harm = forms.ChoiceField(label="危害后果", choices=HARM_CHOICES, required=False)
    violation_ended = forms.DateField(
        label="违法行为终了日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    discovered = forms.DateField(
        label="发现日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in FACT_LABELS.items():
            self.fields[key] = forms.BooleanField(label=label, required=False)
        for key, (label, basis) in MITIGATING.items():
            self.fields[key] = forms.ChoiceField(
                label=label, choices=FINDING_CHOICES, initial="no", required=False, help_text=basis
            )

    def groups(self) -> list[tuple[str, list[forms.BoundField], bool]]:
        """The fields in sections for the page: (title, fields, are they check boxes)."""
        sections = [
            ("违法行为与法定罚款", ["item_code", "base", "fine_min", "fine_max"], False),
            ("当事人", ["uscc", "party_kind", "age", "mental_capacity"], False),
            ("危害后果与追责时效", ["harm", "violation_ended", "discovered"], False),
            ("已查明的情节", list(FACT_LABELS), True),
            ("从轻、减轻情节（有、无或者未查明）", list(MITIGATING), False),
        ]
        return [(title, [self[name] for name in names], boxes) for title, names, boxes in sections]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("fine_min"), data.get("fine_max")
        if (low is None) != (high is None):
            raise forms.ValidationError("法定罚款最低额和最高额请同时填写，或者都不填写。")
        if low is not None and high is not None and low > high:
            self.add_error("fine_min", "最低额不能高于最高额。")
        if not data.get("item_code") and low is None:
            raise forms.ValidationError("请填写违法行为事项编码，或者填写法定罚款幅度。")
        return data

    def engine_case(self) -> dict[str, Any]:
        """The engine's input (one CLI line) built from the cleaned form."""
        data = self.cleaned_data
        party: dict[str, Any] = {"kind": data["party_kind"], "mental_capacity": data["mental_capacity"]}
        if data.get("age") is not None:
            party["age"] = data["age"]
        facts: dict[str, Any] = {key: bool(data.get(key)) for key in FACT_LABELS}
        for key in MITIGATING:
            choice = data.get(key) or "no"  # an old link without the choice: not found, as before
            if choice != "unknown":
                facts[key] = choice == "yes"
        if data.get("harm"):
            facts["harm"] = data["harm"]
        for key in ("violation_ended", "discovered"):
            if data.get(key):
                facts[key] = data[key].isoformat()
        case: dict[str, Any] = {"id": "form", "party": party, "facts": facts}
        if data.get("fine_min") is not None:
            case["penalty"] = {
                "kind": "range",
                "min": float(data["fine_min"]),
                "max": float(data["fine_max"]),
            }
        return case


def check_facts(form: CheckForm, *, first_violation: bool | None) -> CheckFacts:
    """The form as the input of `check_discretion` (a typed range wins over the item's)."""
    data = form.cleaned_data
    case = form.engine_case()
    statutory = None
    if data.get("fine_min") is not None:
        statutory = (Decimal(str(data["fine_min"])), Decimal(str(data["fine_max"])))
    party = {k: v for k, v in case["party"].items() if k != "kind"}
    return CheckFacts(
        item_code=str(data.get("item_code") or "").strip(),
        party_kind=str(case["party"]["kind"]),
        party=party,
        circumstances=case["facts"],
        base=data.get("base"),
        first_violation=first_violation,
        statutory=statutory,
        case_id="form",
    )


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class ItemEditForm(BoundedFormMixin, forms.Form):
    """Edit one violation item of a draft catalogue version."""

    name = forms.CharField(label="违法行为", max_length=200)
    article = forms.CharField(label="条款", max_length=100)
    quote = forms.CharField(label="条文摘录", widget=forms.Textarea(attrs={"rows": 3}))
    penalty_kinds = forms.MultipleChoiceField(
        label="处罚种类", choices=PenaltyKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    fine_kind = forms.ChoiceField(
        label="罚款方式",
        choices=[("none", "未设罚款"), ("range", "罚款幅度"), ("multiple", "倍数罚款")],
    )
    fine_min = forms.DecimalField(
        label="最低额（元）", required=False, min_value=0, max_digits=16, decimal_places=2
    )
    fine_max = forms.DecimalField(
        label="最高额（元）", required=False, min_value=0, max_digits=16, decimal_places=2
    )
    base_of = forms.CharField(label="倍数计算基数", max_length=40, required=False, help_text="例如：货值金额")
    min_times = forms.DecimalField(
        label="最低倍数", required=False, min_value=0, max_digits=8, decimal_places=3
    )
    max_times = forms.DecimalField(
        label="最高倍数", required=False, min_value=0, max_digits=8, decimal_places=3
    )
    cap = forms.DecimalField(
        label="封顶额（元）", required=False, min_value=0, max_digits=16, decimal_places=2
    )
    no_gain_condition = forms.CharField(
        label="无违法所得（货值金额较小等）时的适用条件", max_length=100, required=False
    )
    no_gain_min = forms.DecimalField(
        label="该情形最低额（元）", required=False, min_value=0, max_digits=16, decimal_places=2
    )
    no_gain_max = forms.DecimalField(
        label="该情形最高额（元）", required=False, min_value=0, max_digits=16, decimal_places=2
    )
    no_gain_text = forms.CharField(label="或以文字说明", max_length=300, required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def initial_for(cls, item: Any) -> dict[str, Any]:
        fine = item.fine or {}
        rule = item.no_gain_rule or {}
        return {
            "name": item.name,
            "article": item.article,
            "quote": item.quote,
            "penalty_kinds": list(item.penalty_kinds),
            "fine_kind": fine.get("kind", "none"),
            "fine_min": fine.get("min"),
            "fine_max": fine.get("max"),
            "base_of": fine.get("base_of", ""),
            "min_times": fine.get("min_times"),
            "max_times": fine.get("max_times"),
            "cap": fine.get("cap"),
            "no_gain_condition": rule.get("condition", ""),
            "no_gain_min": rule.get("min"),
            "no_gain_max": rule.get("max"),
            "no_gain_text": rule.get("text", ""),
            "note": item.note,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("fine_kind")
        if kind == "range":
            for key in ("fine_min", "fine_max"):
                if data.get(key) is None:
                    self.add_error(key, "罚款幅度需填写最低额和最高额（无下限填 0）。")
        elif kind == "multiple":
            for key in ("base_of", "min_times", "max_times"):
                if data.get(key) in (None, ""):
                    self.add_error(key, "倍数罚款需填写计算基数和最低、最高倍数。")
        if data.get("no_gain_condition") and (
            data.get("no_gain_min") is None or data.get("no_gain_max") is None
        ):
            self.add_error("no_gain_min", "填写了适用条件时，请同时填写该情形的最低额和最高额。")
        return data

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        fine: dict[str, Any] | None = None
        if data["fine_kind"] == "range":
            fine = {"kind": "range", "min": _number(data["fine_min"]), "max": _number(data["fine_max"])}
        elif data["fine_kind"] == "multiple":
            fine = {
                "kind": "multiple",
                "base_of": data["base_of"].strip(),
                "min_times": _number(data["min_times"]),
                "max_times": _number(data["max_times"]),
            }
            if data.get("cap") is not None:
                fine["cap"] = _number(data["cap"])
        rule: dict[str, Any] | None = None
        if data.get("no_gain_condition"):
            rule = {
                "condition": data["no_gain_condition"].strip(),
                "kind": "range",
                "min": _number(data["no_gain_min"]),
                "max": _number(data["no_gain_max"]),
            }
        elif data.get("no_gain_text", "").strip():
            rule = {"text": data["no_gain_text"].strip()}
        return {
            "name": data["name"],
            "article": data["article"],
            "quote": data["quote"],
            "note": data.get("note", ""),
            "penalty_kinds": list(data.get("penalty_kinds") or []),
            "fine": fine,
            "no_gain_rule": rule,
        }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(";", "\n").replace("；", "\n").splitlines() if line.strip()]


class ExemptionEditForm(BoundedFormMixin, forms.Form):
    """Edit one entry of a no-penalty list in a draft version; lists are one entry per line."""

    kind = forms.ChoiceField(
        label="种类", choices=[("首违不罚", "首违不罚"), ("轻微不罚", "轻微违法不予处罚")]
    )
    description = forms.CharField(label="情形", widget=forms.Textarea(attrs={"rows": 2}))
    item_codes = forms.CharField(label="对应事项编码（以逗号分隔）", max_length=300)
    conditions = forms.CharField(label="适用条件（每行一项）", widget=forms.Textarea(attrs={"rows": 4}))
    follow_up = forms.CharField(label="后续要求（每行一项）", widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.CharField(label="来源", max_length=200, required=False)
    verified = forms.BooleanField(label="已核对原文", required=False)

    @classmethod
    def initial_for(cls, entry: Any) -> dict[str, Any]:
        return {
            "kind": entry.kind,
            "description": entry.description,
            "item_codes": ", ".join(entry.item_codes),
            "conditions": "\n".join(entry.conditions),
            "follow_up": "\n".join(entry.follow_up),
            "source": entry.source,
            "verified": entry.verified,
        }

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        codes = [c.strip() for c in data["item_codes"].replace("，", ",").split(",") if c.strip()]
        return {
            "kind": data["kind"],
            "description": data["description"],
            "item_codes": codes,
            "conditions": _lines(data["conditions"]),
            "follow_up": _lines(data["follow_up"]),
            "source": data.get("source", ""),
            "verified": bool(data.get("verified")),
        }


class WindowForm(BoundedFormMixin, forms.Form):
    years = forms.IntegerField(label="初次违法认定期间（年）", min_value=1, max_value=10)
