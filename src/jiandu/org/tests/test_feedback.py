"""org.feedback: a UserError lands on the field it names, or on the whole form."""

from __future__ import annotations

from django import forms

from jiandu.errors import UserError
from jiandu.org.feedback import form_error


class NameForm(forms.Form):
    name = forms.CharField(label="名称", required=False)


def test_the_error_lands_on_the_named_field():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    form_error(form, UserError("名称已存在。", field="name"))
    assert form.errors["name"] == ["名称已存在。"]
    assert not form.non_field_errors()


def test_an_unknown_or_missing_field_becomes_a_form_error():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    form_error(form, UserError("当前状态不能执行。", field="action"))
    form_error(form, UserError("请稍后再试。"))
    assert form.non_field_errors() == ["当前状态不能执行。", "请稍后再试。"]
