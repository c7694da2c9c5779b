"""The command line: every app's sub-commands are registered by import, and a UserError is one line."""

from __future__ import annotations

import pytest

from jiandu import cli
from jiandu.errors import UserError


def test_every_command_module_is_registered():
    names = set(cli.build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert {"triage", "draw", "reviews", "discretion", "index", "uscc", "demo"} <= names


def test_a_user_error_becomes_a_line_on_stderr(monkeypatch, capsys):
    def refuse(args: object) -> int:
        raise UserError("请填写依据。", field="source")

    monkeypatch.setattr(cli, "cmd_uscc_check", refuse)
    assert cli.main(["uscc", "check"]) == 2
    assert capsys.readouterr().err.strip() == "错误：请填写依据。"


def test_a_programming_error_is_not_swallowed(monkeypatch):
    def broken(args: object) -> int:
        raise ValueError("bug")

    monkeypatch.setattr(cli, "cmd_uscc_check", broken)
    with pytest.raises(ValueError, match="bug"):
        cli.main(["uscc", "check"])
