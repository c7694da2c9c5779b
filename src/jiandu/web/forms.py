from __future__ import annotations

from django import forms

from jiandu.bounds import BoundedFormMixin

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class TableUploadForm(BoundedFormMixin, forms.Form):
    file = forms.FileField(label="文件（.xlsx 或 .csv）")
    partial = forms.BooleanField(label="跳过有错误的行，导入其余各行", required=False)

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("仅支持 .xlsx 或 .csv 文件。")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件不能超过 20 MB。")
        return upload


class WorkdaysForm(BoundedFormMixin, forms.Form):
    start = forms.DateField(label="起算日期", widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label="工作日数", min_value=0, max_value=1000)


class AuditFilterForm(BoundedFormMixin, forms.Form):
    actor = forms.CharField(label="操作人", required=False)
    target_type = forms.CharField(label="对象类型", required=False)
    target_id = forms.CharField(label="对象ID", required=False)
    since = forms.DateField(label="起", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="止", required=False, widget=forms.DateInput(attrs={"type": "date"}))
