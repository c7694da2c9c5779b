"""The one way a view shows a `UserError`: on the form it concerns, or as a message after a redirect.

The API has its own handler (`jiandu.api`: 400 with ``{"detail", "field"}``); the CLI prints the message.
Views catch `UserError` only — never a bare `ValueError`, which stays a programming error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest

from jiandu.errors import UserError

T = TypeVar("T")


def form_error(form: forms.BaseForm, error: UserError) -> None:
    """Attach the message to the field it names (when the form has that field), else to the whole form."""
    field = error.field if error.field and error.field in form.fields else None
    form.add_error(field, error.message)


def message_error(request: HttpRequest, error: UserError) -> None:
    """Show the message on the next page (for actions that redirect)."""
    messages.error(request, error.message)


def attempt(request: HttpRequest, form: forms.BaseForm | None, call: Callable[[], T]) -> T | None:
    """Run one service call; a `UserError` goes on `form` (see `form_error`) or, without a form, into the
    messages of the next page. Returns the call's result, or None when it was refused."""
    try:
        return call()
    except UserError as error:
        if form is None:
            message_error(request, error)
        else:
            form_error(form, error)
        return None


def found_or_404(item: T | None, what: str) -> T:
    """The object a scoped selector found, or a 404 that does not say whether it exists elsewhere."""
    if item is None:
        raise Http404(f"没有找到该{what}，或不在您的管辖范围内。")
    return item
