"""One bound per field, for the API schemas and the Django forms alike.

Every value a person or a program sends is bounded here once: amounts by the models' money columns
(`DecimalField(max_digits=14, decimal_places=2)`), dates to 1900–2100, texts by a length, counts and
ids by a range. The ninja input schemas use the annotated types below (`Amount`, `Day`, `Text(n)`,
`Count`, `Id`, …); the forms use `amount_field`, `day_field` and `BoundedFormMixin`, which read the same
constants. A value outside the bound is refused with a Chinese message naming the field (422 in the
API, a form error on a page) before it reaches a service, so nothing unbounded is ever stored.

`CONTROL` is the set of characters no input may carry (NUL and \\x01–\\x1f except tab, newline,
carriage return, and lone UTF-16 surrogates): the API refuses them (`ops.hardening`), forms and
imported files strip them (`clean_text`).

`tests/test_bounds.py` walks every ninja operation's input models and fails on a str, int, Decimal,
float or date field without a bound, so a new schema cannot forget one.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from pydantic import AfterValidator, Field

# Money: the widest money column is DecimalField(max_digits=14, decimal_places=2); a fine above one
# hundred billion yuan is a typing error, not a penalty.
AMOUNT_MAX_DIGITS = 14
AMOUNT_DECIMAL_PLACES = 2
AMOUNT_MAX = Decimal("99999999999.99")  # 11 whole digits: sums of several amounts still fit the columns
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
CODE = 64  # codes, keys and enum values (USCC, item codes, statuses)
SHORT = 200  # one-line texts (names, numbers, titles)
LONG = 20_000  # free texts (facts, opinions, notes)
BULK = 2_000_000  # a pasted table (the draw's candidate list)
COUNT_MAX = 1_000_000
WORKDAYS_MAX = 2_500  # about ten years of working days: every legal time limit is far shorter
ID_MAX = 2**63 - 1
SCORE_MAX = 1_000
LIST_MAX = 500  # items in one list-valued field

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def clean_text(value: str) -> str:
    """`value` without control characters and lone surrogates (tab, newline, return kept)."""
    return CONTROL.sub("", value)


def has_control(value: str) -> bool:
    return CONTROL.search(value) is not None


def _refuse_control(value: str) -> str:
    if has_control(value):
        raise ValueError("含有不可见的控制字符，请删除后重试")
    return value


T = TypeVar("T")


class Bounded:
    """Marks a type bounded by a validator rather than by a JSON-schema constraint (datetimes)."""


def _moment_in_range(value: dt.datetime) -> dt.datetime:
    if not DATE_MIN <= value.date() <= DATE_MAX:
        raise ValueError(f"日期应在 {DATE_MIN.year} 年至 {DATE_MAX.year} 年之间")
    return value


CodeText = Annotated[str, Field(max_length=CODE), AfterValidator(_refuse_control)]
ShortText = Annotated[str, Field(max_length=SHORT), AfterValidator(_refuse_control)]
LongText = Annotated[str, Field(max_length=LONG), AfterValidator(_refuse_control)]
BulkText = Annotated[str, Field(max_length=BULK), AfterValidator(_refuse_control)]  # pasted tables
Amount = Annotated[
    Decimal,
    Field(ge=0, le=AMOUNT_MAX, max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMAL_PLACES),
]
Day = Annotated[dt.date, Field(ge=DATE_MIN, le=DATE_MAX)]
Moment = Annotated[dt.datetime, Bounded(), AfterValidator(_moment_in_range)]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]
WorkdayCount = Annotated[int, Field(ge=0, le=WORKDAYS_MAX)]
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Score = Annotated[float, Field(ge=-SCORE_MAX, le=SCORE_MAX, allow_inf_nan=False)]
ScoreInt = Annotated[int, Field(ge=-SCORE_MAX, le=SCORE_MAX)]
ScoreDecimal = Annotated[Decimal, Field(ge=-SCORE_MAX, le=SCORE_MAX, max_digits=8, decimal_places=2)]
Items = Annotated[list[T], Field(max_length=LIST_MAX)]


# --- Django forms ----------------------------------------------------------------------------------


def amount_field(label: str, **kwargs: Any) -> Any:
    """A form field for a money amount, with the API's bounds."""
    kwargs.setdefault("min_value", 0)
    return forms.DecimalField(
        label=label,
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=AMOUNT_DECIMAL_PLACES,
        max_value=AMOUNT_MAX,
        **kwargs,
    )


def _date_in_range(value: dt.date | None) -> None:
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(f"日期应在 {DATE_MIN.year} 年至 {DATE_MAX.year} 年之间")


class BoundedFormMixin:
    """Gives every field of a form the bounds of the API types: dates 1900–2100, texts without a
    `max_length` at most `LONG` characters, numbers without a maximum at most `AMOUNT_MAX`, and strips
    control characters from texts. Put it first in a form's bases."""

    bulk_fields: tuple[str, ...] = ()  # pasted tables: BULK characters instead of LONG

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_form_fields(self.fields, bulk=self.bulk_fields)  # type: ignore[attr-defined]


def bound_form_fields(fields: dict[str, Any], *, bulk: tuple[str, ...] = ()) -> None:
    for name, field in fields.items():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators.append(_date_in_range)
        elif isinstance(field, forms.CharField):
            if field.max_length is None:
                limit = BULK if name in bulk else LONG
                field.max_length = limit
                field.validators.append(MaxLengthValidator(limit))
                field.widget.attrs.setdefault("maxlength", str(limit))
        elif isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
            if field.max_value is None:
                field.max_value = AMOUNT_MAX  # type: ignore[assignment]
                field.validators.append(MaxValueValidator(AMOUNT_MAX))
            if field.min_value is None:
                field.min_value = -AMOUNT_MAX  # type: ignore[assignment]
                field.validators.append(MinValueValidator(-AMOUNT_MAX))


# --- Model fields ----------------------------------------------------------------------------------


if TYPE_CHECKING:
    _DecimalColumn = models.DecimalField[Any, Decimal]
else:
    _DecimalColumn = models.DecimalField


class MoneyField(_DecimalColumn):
    """A money column that still reads a value stored beyond its digits (SQLite keeps any number a
    column is given, PostgreSQL refuses it): the row is shown, not a 500 for the whole list. It
    reads values itself instead of through the backend's strict decimal converter, and deconstructs
    as a plain DecimalField, so it needs no migration."""

    def get_internal_type(self) -> str:
        return "MoneyField"

    def db_type(self, connection: Any) -> str | None:
        return connection.data_types["DecimalField"] % self.db_type_parameters(connection)  # type: ignore[no-any-return]

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        try:
            return Decimal(str(value)).quantize(Decimal(1).scaleb(-self.decimal_places))
        except InvalidOperation:
            return Decimal(str(value))

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
