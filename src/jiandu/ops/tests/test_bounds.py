"""Every input the API accepts is bounded (jiandu.bounds): walked from the ninja operations themselves,
so a new schema or query parameter without a bound fails here."""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal

import annotated_types
from django.core.files.uploadedfile import UploadedFile
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from jiandu.api import api
from jiandu.bounds import Bounded

SCALARS = (str, int, float, Decimal, dt.date, dt.datetime)


def _constraints(metadata: list[object]) -> set[str]:
    found: set[str] = set()
    for item in metadata:
        if isinstance(item, annotated_types.MaxLen):
            found.add("max")
        if isinstance(item, annotated_types.Le | annotated_types.Lt):
            found.add("max")
        if isinstance(item, annotated_types.Ge | annotated_types.Gt):
            found.add("min")
        if isinstance(item, Bounded):
            found |= {"min", "max"}
        if isinstance(item, FieldInfo):
            found |= _constraints(list(item.metadata))
    return found


def unbounded(annotation: object, metadata: list[object], where: str, seen: set[type]) -> list[str]:
    """The places under `annotation` where a scalar has no bound (a str no max length, a number or
    a date no minimum and maximum)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return unbounded(inner, [*metadata, *extra], where, seen)
    if origin in (typing.Union, types.UnionType):
        problems = []
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                problems += unbounded(arg, metadata, where, seen)
        return problems
    if origin is typing.Literal or annotation is bool or annotation is type(None):
        return []
    if origin in (list, tuple, set, frozenset):
        if all(isinstance(a, type) and issubclass(a, UploadedFile) for a in typing.get_args(annotation)):
            return []  # uploads: DATA_UPLOAD_MAX_NUMBER_FILES and each importer's size cap bound them
        problems = [] if "max" in _constraints(metadata) else [f"{where}: list without max_length"]
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis:
                problems += unbounded(arg, [], f"{where}[]", seen)
        return problems
    if origin is dict or annotation is dict:
        return []  # structured values are checked by their service when stored (see penalty_spec)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return []
        seen.add(annotation)
        problems = []
        for name, field in annotation.model_fields.items():
            problems += unbounded(field.annotation, list(field.metadata), f"{where}.{name}", seen)
        return problems
    if isinstance(annotation, type) and issubclass(annotation, SCALARS):
        got = _constraints(metadata)
        if issubclass(annotation, str):
            return [] if "max" in got else [f"{where}: str without max_length"]
        if {"min", "max"} <= got:
            return []
        return [f"{where}: {annotation.__name__} without ge/le"]
    return []


def input_problems() -> list[str]:
    problems: list[str] = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for model in operation.models:
                    where = f"{'/'.join(operation.methods)} {prefix}{path}"
                    problems += unbounded(model, [], where, set())
    return problems


def test_every_api_input_is_bounded():
    problems = input_problems()
    assert not problems, f"{len(problems)} unbounded inputs:\n" + "\n".join(problems)


def test_every_form_takes_the_same_bounds():
    import importlib
    import pkgutil

    from django import forms

    import jiandu
    from jiandu.bounds import BoundedFormMixin

    unbounded = []
    for info in pkgutil.iter_modules(jiandu.__path__):
        try:
            module = importlib.import_module(f"jiandu.{info.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and not issubclass(value, BoundedFormMixin)
            ):
                unbounded.append(f"{module.__name__}.{value.__name__}")
    assert not unbounded, unbounded


def test_the_case_form_refuses_what_the_api_refuses():
    from jiandu.cases.forms import CaseForm

    form = CaseForm(data={"fine": "10000000000000", "filed_on": "0001-01-01", "facts": "x" * 20_001})
    assert not form.is_valid()
    assert {"fine", "filed_on", "facts"} <= set(form.errors)
    assert "2100" in str(form.errors["filed_on"])
