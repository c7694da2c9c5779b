"""Template filters that turn stored values into text a reader understands."""

from __future__ import annotations

from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


def _label(target_type: str, key: str) -> str:
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return key
    name = key[:-3] if key.endswith("_id") else key
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", key))
    except FieldDoesNotExist:
        return key


@register.filter
def readable(values: Any, target_type: str = "") -> str:
    """A stored before/after dict as “字段：值；字段：值”, with the Chinese field names the model gives."""
    if not values:
        return ""
    if not isinstance(values, dict):
        return str(values)
    parts = []
    for key, value in values.items():
        if isinstance(value, dict | list):
            value = (
                "、".join(str(v) for v in value) if isinstance(value, list) else readable(value, target_type)
            )
        parts.append(f"{_label(target_type, key)}：{'' if value is None else value}")
    return "；".join(parts)
