"""`jiandu draw`: the CLI contract, exit codes, Chinese errors, and the stand-alone reference script."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jiandu.cli import main

REFERENCE = Path(__file__).resolve().parent.parent / "reference_draw.txt"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    rows = ["id,stratum"] + [f"9141180200000{i:04d}X,{'ABCD'[i % 4]}" for i in range(60)]
    candidates = tmp_path / "candidates.csv"
    candidates.write_text("\n".join(rows) + "\n", encoding="utf-8")
    exclude = tmp_path / "exclude.txt"
    exclude.write_text("91411802000000000X\n\n91411802000000005X\n", encoding="utf-8")
    return {"candidates": candidates, "exclude": exclude, "dir": tmp_path}


RATIOS = ["--ratio", "A=0.1", "--ratio", "B=0.05", "--ratio", "C=0.5", "--ratio", "D=1"]


def _draw(files, capsys) -> dict[str, object]:
    code = main(
        ["draw", "--seed", "S1", "--plan-id", "P-1", "--candidates", str(files["candidates"]),
         "--exclude", str(files["exclude"]), *RATIOS, "--json"]
    )  # fmt: skip
    assert code == 0
    return json.loads(capsys.readouterr().out)


def test_json_output_has_exactly_the_contract_keys(files, capsys):
    data = _draw(files, capsys)
    assert list(data) == ["seed", "plan_id", "candidates_sha256", "excluded_sha256", "strata", "selected"]
    assert data["strata"]["A"] == {"population": 14, "selected": 2}  # 15 A minus id 0; ceil(1.4)
    assert data["strata"]["B"] == {"population": 14, "selected": 1}  # 15 B minus id 5; ceil(0.7)
    assert data["excluded_sha256"] == hashlib.sha256(b"91411802000000000X\n91411802000000005X").hexdigest()
    first = data["selected"][0]
    assert set(first) == {"id", "stratum", "key"}
    assert first["key"] == hashlib.sha256(f"S1\nP-1\n{first['id']}".encode()).hexdigest()


def test_verify_exits_zero_then_one(files, capsys):
    data = _draw(files, capsys)
    result = files["dir"] / "result.json"
    result.write_text(json.dumps(data), encoding="utf-8")
    args = ["draw", "--verify", str(result), "--candidates", str(files["candidates"])]
    assert main([*args, "--exclude", str(files["exclude"])]) == 0
    assert "核验一致" in capsys.readouterr().out
    assert main(args) == 1  # without the exclusion list the draw differs
    assert "排除名单哈希不符" in capsys.readouterr().out
    # dropping the last drawn firm of a class and lowering its count is only caught with the ratios
    dropped = data["selected"].pop()
    data["strata"][dropped["stratum"]]["selected"] -= 1
    result.write_text(json.dumps(data), encoding="utf-8")
    assert main([*args, "--exclude", str(files["exclude"])]) == 0
    assert "未给出 --ratio" in capsys.readouterr().err
    assert main([*args, "--exclude", str(files["exclude"]), *RATIOS]) == 1
    assert "重新计算为" in capsys.readouterr().out


def test_bad_input_exits_two_with_chinese_on_stderr(files, capsys):
    base = ["draw", "--seed", "S", "--plan-id", "P", "--candidates", str(files["candidates"])]
    assert main([*base, "--ratio", "A=0.1"]) == 2
    assert "没有给出其抽取比例" in capsys.readouterr().err
    assert main([*base, *RATIOS[:-2], "--ratio", "D=abc"]) == 2
    assert "不是有效的小数" in capsys.readouterr().err
    assert main([*base[:-1], str(files["dir"] / "missing.csv"), *RATIOS]) == 2
    assert "找不到" in capsys.readouterr().err
    bad = files["dir"] / "bad.csv"
    bad.write_text("id,class\n1,A\n", encoding="utf-8")
    assert main([*base[:-1], str(bad), *RATIOS]) == 2
    assert "表头" in capsys.readouterr().err
    empty = files["dir"] / "empty.csv"
    empty.write_text("id,stratum\n1,A\n,B\n", encoding="utf-8")
    assert main([*base[:-1], str(empty), *RATIOS]) == 2
    assert "第 3 行 id 为空" in capsys.readouterr().err
    assert main(["draw", "--candidates", str(files["candidates"]), *RATIOS]) == 2
    assert "--seed" in capsys.readouterr().err
    broken = files["dir"] / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["draw", "--verify", str(broken), "--candidates", str(files["candidates"])]) == 2


def test_reference_script_prints_the_same_json(files, capsys):
    data = _draw(files, capsys)
    output = subprocess.run(
        [sys.executable, str(REFERENCE), "S1", "P-1", str(files["candidates"]), str(files["exclude"]),
         "A=0.1", "B=0.05", "C=0.5", "D=1"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert json.loads(output) == data
    assert len(REFERENCE.read_text(encoding="utf-8").splitlines()) <= 25
