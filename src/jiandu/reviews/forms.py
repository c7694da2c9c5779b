"""Input forms of the reviews pages (parsing only; the rules live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from jiandu.bounds import BoundedFormMixin
from jiandu.org.models import Domain, Region, User
from jiandu.reviews.models import RectificationState, ReviewMethod, VisitMethod
from jiandu.reviews.rules import Question

DATE = forms.DateInput(attrs={"type": "date"})


class CampaignForm(BoundedFormMixin, forms.Form):
    name = forms.CharField(label="评查活动名称", max_length=100)
    method = forms.ChoiceField(label="评查方式", choices=ReviewMethod.choices)
    region = forms.ModelChoiceField(label="评查范围", queryset=Region.objects.none(), empty_label=None)
    decided_from = forms.DateField(label="决定日期起", required=False, widget=DATE)
    decided_to = forms.DateField(label="决定日期止", required=False, widget=DATE)
    min_fine = forms.DecimalField(
        label="重点：罚款金额不低于（元）", required=False, min_value=0, decimal_places=2
    )
    domains = forms.ModelMultipleChoiceField(
        label="重点：重点领域", queryset=Domain.objects.all(), required=False, to_field_name="code"
    )
    with_clues = forms.BooleanField(label="重点：当事人有问题线索", required=False)
    overturned = forms.BooleanField(label="重点：经复议或诉讼", required=False)
    domain = forms.ModelChoiceField(
        label="专项/交叉：领域", queryset=Domain.objects.all(), required=False, to_field_name="code"
    )
    item_code = forms.CharField(label="专项：违法行为事项编码", required=False, max_length=40)
    violation = forms.CharField(label="专项：违法行为关键词", required=False, max_length=50)
    per_county = forms.IntegerField(label="交叉：每县最多案件数", required=False, min_value=1, max_value=1000)
    ratio = forms.DecimalField(
        label="随机：抽取比例（如 0.05）", required=False, min_value=0, max_value=1, decimal_places=4
    )
    by_county = forms.BooleanField(label="随机：按县（市、区）分层", required=False, initial=True)
    seed = forms.CharField(label="随机：公布的随机种子", required=False, max_length=100)
    reviewers = forms.ModelMultipleChoiceField(
        label="评查人（交叉评查必选）", queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], reviewers: QuerySet[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["reviewers"].queryset = reviewers  # type: ignore[attr-defined]
        self.fields["reviewers"].label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.full_name or u.username}（{u.region.name if u.region else '—'}，{u.get_role_display()}）"
        )

    def criteria(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for key in ("decided_from", "decided_to"):
            if data.get(key):
                out[key] = data[key].isoformat()
        method = data["method"]
        if method == ReviewMethod.KEY:
            if data.get("min_fine") is not None:
                out["min_fine"] = str(data["min_fine"])
            if data.get("domains"):
                out["domains"] = [d.code for d in data["domains"]]
            out["with_clues"] = bool(data.get("with_clues"))
            out["overturned"] = bool(data.get("overturned"))
        elif method == ReviewMethod.SPECIAL:
            if data.get("domain"):
                out["domain"] = data["domain"].code
            out["item_code"] = data.get("item_code", "")
            out["violation"] = data.get("violation", "")
        elif method == ReviewMethod.CROSS:
            if data.get("domain"):
                out["domain"] = data["domain"].code
            if data.get("per_county"):
                out["per_county"] = data["per_county"]
        elif method == ReviewMethod.RANDOM:
            out["ratio"] = str(data.get("ratio") or "")
            out["by_county"] = bool(data.get("by_county"))
        return out


YES_NO = [("yes", "是"), ("no", "否")]


class VisitForm(BoundedFormMixin, forms.Form):
    visited_on = forms.DateField(label="回访日期", widget=DATE)
    visitors = forms.CharField(label="回访人员", max_length=100)
    method = forms.ChoiceField(label="回访方式", choices=VisitMethod.choices)
    rectification = forms.ChoiceField(label="整改情况", choices=RectificationState.choices)
    opinion = forms.CharField(
        label="企业对执法工作的意见", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs = forms.CharField(label="帮扶需求", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, questions: tuple[Question, ...], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"q_{q.code}"] = forms.ChoiceField(
                label=q.text, choices=YES_NO, widget=forms.RadioSelect
            )

    def answers(self) -> dict[str, str]:
        return {q.code: self.cleaned_data[f"q_{q.code}"] for q in self.questions}


class AvCheckForm(BoundedFormMixin, forms.Form):
    decision_number = forms.CharField(label="处罚决定书文号", max_length=60)
    note = forms.CharField(label="核查说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, items: tuple[Question, ...], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"a_{item.code}"] = forms.ChoiceField(
                label=item.text, choices=[("yes", "符合"), ("no", "不符合")], widget=forms.RadioSelect
            )

    def answers(self) -> dict[str, bool]:
        return {item.code: self.cleaned_data[f"a_{item.code}"] == "yes" for item in self.items}
