"""The one way a view shows a `UserError`: on the form it concerns, or as a message after a redirect.

The API has its own handler (`jiandu.api`: 400 with ``{"detail", "field"}``); the CLI prints the message.
Views catch `UserError` only — never a bare `ValueError`, which stays a programming error.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from jiandu.errors import UserError


def form_error(form: forms.BaseForm, error: UserError) -> None:
    """Attach the message to the field it names (when the form has that field), else to the whole form."""
    field = error.field if error.field and error.field in form.fields else None
    form.add_error(field, error.message)


def message_error(request: HttpRequest, error: UserError) -> None:
    """Show the message on the next page (for actions that redirect)."""
    messages.error(request, error.message)
