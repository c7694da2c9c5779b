"""Settings refuse what they cannot read: strict yes/no values; a data directory that ignores cwd."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from jiandu import settings as jiandu_settings
from jiandu.settings import envbool


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("TRUE", True), ("0", False), ("false", False)]
)
def test_envbool_reads_the_four_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("JIANDU_SOMETHING", raw)
    assert envbool("JIANDU_SOMETHING", not expected) is expected


def test_envbool_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("JIANDU_SOMETHING", raising=False)
    assert envbool("JIANDU_SOMETHING", True) is True
    monkeypatch.setenv("JIANDU_SOMETHING", "")
    assert envbool("JIANDU_SOMETHING", False) is False


@pytest.mark.parametrize("raw", ["yes", "on", "2", "ture", "1 0", "off"])
def test_envbool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("JIANDU_SOMETHING", raw)
    with pytest.raises(ImproperlyConfigured, match="JIANDU_SOMETHING"):
        envbool("JIANDU_SOMETHING", False)


def _run_settings(tmp_path: Path, code: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANDU_") and k != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "jiandu.settings",
        "JIANDU_ENV": "test",
        "JIANDU_SECRET_KEY": "k" * 64,
        "DATABASE_URL": "sqlite:///:memory:",
        "PYTHONPATH": str(jiandu_settings.PROJECT_ROOT / "src"),
    }
    env |= extra
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, check=False
    )


def test_a_typo_in_a_yes_no_setting_stops_the_start(tmp_path):
    result = _run_settings(tmp_path, "import django; django.setup()", JIANDU_DEBUG="yes")
    assert result.returncode != 0 and "JIANDU_DEBUG" in result.stderr


def test_the_data_directory_does_not_follow_the_current_directory(tmp_path):
    code = "from django.conf import settings; print(settings.VAR_DIR)"
    result = _run_settings(tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == jiandu_settings.PROJECT_ROOT / "var"
    assert not (tmp_path / "var").exists()


def test_the_data_directory_comes_from_jiandu_var_dir(tmp_path):
    chosen = tmp_path / "data"
    result = _run_settings(
        tmp_path, "from django.conf import settings; print(settings.VAR_DIR)", JIANDU_VAR_DIR=str(chosen)
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == chosen.resolve()
