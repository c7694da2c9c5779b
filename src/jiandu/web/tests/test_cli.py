"""The command-line contracts, run as a user would: the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jiandu.engines.uscc import make_code

JIANDU = shutil.which("jiandu") or str(Path(sys.executable).parent / "jiandu")


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [JIANDU, *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env=env or os.environ.copy(),
    )


def test_uscc_check_writes_one_json_line_per_code_in_order():
    good = make_code("9", "1", "411802", "MA0000001")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    result = run("uscc", "check", stdin=f"{good}\n{bad}\n\nabc\n")
    assert result.returncode == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["code"] for item in lines] == [good, bad, "", "abc"]
    assert lines[0] == {"code": good, "valid": True, "error": None}
    assert lines[1]["valid"] is False and "校验码" in lines[1]["error"]
    assert lines[2]["valid"] is False and lines[3]["valid"] is False


def test_workdays_add_contract(tmp_path):
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path}/none.sqlite3", "JIANDU_VAR_DIR": str(tmp_path)}
    result = run("workdays", "add", "2026-09-28", "7", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2026-10-13\n"
    assert result.stderr == ""


def test_workdays_warns_on_stderr_for_fallback_year(tmp_path):
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path}/none.sqlite3", "JIANDU_VAR_DIR": str(tmp_path)}
    result = run("workdays", "add", "2027-09-30", "1", env=env)
    assert result.returncode == 0
    assert result.stdout == "2027-10-04\n"  # Oct 1-3 statutory, then the weekend falls inside
    assert "2027" in result.stderr and "放假办法" in result.stderr


@pytest.mark.parametrize(
    "args", [("workdays", "add", "2026-13-01", "1"), ("workdays", "add", "2026-01-01", "-1")]
)
def test_workdays_bad_input_is_refused_in_chinese(args, tmp_path):
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path}/none.sqlite3", "JIANDU_VAR_DIR": str(tmp_path)}
    result = run(*args, env=env)
    assert result.returncode == 2
    assert "错误" in result.stderr or "格式" in result.stderr
