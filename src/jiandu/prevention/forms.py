"""Forms of the prevention pages; they parse input only (services validate and write)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from jiandu.bounds import BoundedFormMixin
from jiandu.errors import UserError
from jiandu.prevention.imports import COMPLAINT_FIELDS
from jiandu.prevention.models import (
    ActivityKind,
    ComplaintSource,
    DeliveryMethod,
    ReminderKind,
    ReminderOrigin,
)


class UploadForm(BoundedFormMixin, forms.Form):
    source = forms.ChoiceField(label="来源", choices=ComplaintSource.choices)
    file = forms.FileField(label="导出文件（.xlsx 或 .csv,UTF-8 或 GBK 编码）")


class MappingForm(BoundedFormMixin, forms.Form):
    stored = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput)
    source = forms.ChoiceField(choices=ComplaintSource.choices, widget=forms.HiddenInput)
    default_region = forms.ChoiceField(label="默认区划（文件中没有区划列时使用）", required=False)
    partial = forms.BooleanField(label="跳过有错误的行，导入其余各行", required=False)

    def __init__(self, *args: Any, header: list[str], regions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "（不导入）"), *[(h, h) for h in header if h]]
        for key, (label, _names) in COMPLAINT_FIELDS.items():
            self.fields[f"map_{key}"] = forms.ChoiceField(label=label, choices=choices, required=False)
        region_field = self.fields["default_region"]
        assert isinstance(region_field, forms.ChoiceField)
        region_field.choices = [("", "（无）"), *[(str(pk), name) for pk, name in regions]]

    def mapping(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"map_{key}", "") for key in COMPLAINT_FIELDS}


class ReviewForm(BoundedFormMixin, forms.Form):
    opinion = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 3}))
    warn_associations = forms.BooleanField(label="向行业协会提醒", required=False)
    warn_firms = forms.BooleanField(label="向经营主体提醒", required=False)
    warn_public = forms.BooleanField(label="向社会公开发布", required=False)


class CloseForm(BoundedFormMixin, forms.Form):
    note = forms.CharField(label="跟进和办结情况", widget=forms.Textarea(attrs={"rows": 3}))


class LettersForm(BoundedFormMixin, forms.Form):
    association = forms.CharField(label="行业协会名称", required=False, max_length=100)
    usccs = forms.CharField(
        label="经营主体统一社会信用代码（每行一个，逐户生成提醒书）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def uscc_list(self) -> list[str]:
        return [
            line.strip().upper() for line in self.cleaned_data.get("usccs", "").splitlines() if line.strip()
        ]


class DeliveryForm(BoundedFormMixin, forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    receiver = forms.CharField(label="签收人", max_length=40, required=False)


class ReminderForm(BoundedFormMixin, forms.Form):
    uscc = forms.CharField(label="经营主体统一社会信用代码", max_length=18)
    kind = forms.ChoiceField(label="提醒方式", choices=ReminderKind.choices)
    origin = forms.ChoiceField(label="来源", choices=ReminderOrigin.choices)
    origin_ref = forms.CharField(label="来源文书或记录编号", max_length=60, required=False)
    content = forms.CharField(label="提醒内容", widget=forms.Textarea(attrs={"rows": 3}))
    given_on = forms.DateField(label="提醒日期", widget=forms.DateInput(attrs={"type": "date"}))
    follow_up_on = forms.DateField(label="跟进检查日期", widget=forms.DateInput(attrs={"type": "date"}))


class CheckForm(BoundedFormMixin, forms.Form):
    complied = forms.TypedChoiceField(
        label="跟进结果", choices=[("1", "已整改"), ("0", "未整改")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="跟进检查情况", widget=forms.Textarea(attrs={"rows": 2}))


class ActivityForm(BoundedFormMixin, forms.Form):
    key_date = forms.ChoiceField(label="重点时段")
    kind = forms.ChoiceField(label="形式", choices=ActivityKind.choices)
    title = forms.CharField(label="活动名称", max_length=100)
    planned_on = forms.DateField(label="计划日期", widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ChoiceField(label="开展单位")

    def __init__(
        self, *args: Any, key_dates: list[tuple[str, str]], units: list[tuple[int, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        key_field, unit_field = self.fields["key_date"], self.fields["unit"]
        assert isinstance(key_field, forms.ChoiceField) and isinstance(unit_field, forms.ChoiceField)
        key_field.choices = key_dates
        unit_field.choices = [(str(pk), name) for pk, name in units]


class ActivityRecordForm(BoundedFormMixin, forms.Form):
    held_on = forms.DateField(label="开展日期", widget=forms.DateInput(attrs={"type": "date"}))
    firms_reached = forms.IntegerField(label="覆盖经营主体数", min_value=0)
    materials = forms.IntegerField(label="发放材料份数", min_value=0)
    note = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


ITEM_KEYS = {
    "合规义务": "obligation",
    "法律依据": "legal_basis",
    "条文": "article",
    "常见违法": "violations",
    "自查要点": "self_check",
}


def items_to_text(items: list[dict[str, Any]]) -> str:
    blocks = []
    for item in items:
        lines = []
        for label, key in ITEM_KEYS.items():
            value = item.get(key, "")
            if isinstance(value, list):
                value = "\uff1b".join(value)
            lines.append(f"{label}\uff1a{str(value).replace(chr(10), ' ')}")
        blocks.append("\n".join(lines))
    return "\n---\n".join(blocks)


def text_to_items(text: str) -> list[dict[str, Any]]:
    """Blocks separated by a line "---", each with lines "合规义务：…", "法律依据：…" and so on."""
    items = []
    for number, block in enumerate(text.split("\n---"), start=1):
        item: dict[str, Any] = {}
        for line in block.strip().splitlines():
            label, sep, value = line.replace("\uff1a", ":", 1).partition(":")
            if not sep:
                continue
            key = ITEM_KEYS.get(label.strip())
            if key is None:
                raise UserError(
                    f"第 {number} 项中“{label.strip()}”不是可识别的栏目。", field="items", row=number
                )
            value = value.strip()
            item[key] = (
                [v.strip() for v in value.replace("\uff1b", ";").split(";") if v.strip()]
                if key
                in {
                    "violations",
                    "self_check",
                }
                else value
            )
        if item:
            items.append(item)
    return items


class GuideForm(BoundedFormMixin, forms.Form):
    items = forms.CharField(label="合规事项", widget=forms.Textarea(attrs={"rows": 16}))
    note = forms.CharField(label="修订说明", max_length=200)


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
