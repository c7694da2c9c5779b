"""The one error a user is meant to read.

`UserError(message, field=None)` carries a Chinese message saying what is wrong, where, and what to do.
Services and engines raise it for refusals a person can act on; one handler turns it into a form error
(views), a JSON error (API) or a line on stderr (CLI). A bare `ValueError` stays a programming error and
is never caught in a view: in tests it must remain a 500.
"""

from __future__ import annotations


class UserError(Exception):
    """A refusal or bad input the user can fix; `message` is Chinese, `field` names the form/API field."""

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.row = row

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"detail": self.message}
        if self.field:
            data["field"] = self.field
        if self.row is not None:
            data["row"] = self.row
        return data

    def __str__(self) -> str:
        return self.message
