"""`jiandu anomaly` keeps its JSON Lines contract; `jiandu models run` files clues once."""

from __future__ import annotations

import io
import json
import random

import pytest

from jiandu.cli import main


def lines(n_counties: int = 5, months: int = 24, planted: str = "411803") -> list[str]:
    rng = random.Random(5)
    out = []
    for c in range(n_counties):
        region = f"4118{c + 2:02d}"
        for m in range(months):
            year, month = 2024 + (m + 10) // 12, (m + 10) % 12 + 1
            fines = rng.uniform(9e4, 1.1e5) * (2.2 if region == planted and m >= 12 else 1)
            row = {"region": region, "month": f"{year}-{month:02d}", "fines": round(fines, 2),
                   "confiscations": 0, "firms": 8000, "cases": 50}  # fmt: skip
            out.append(json.dumps(row))
    return out


def run(monkeypatch, capsys, text: str, *args: str) -> tuple[int, list[dict], str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code = main(["anomaly", *args])
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_anomaly_ranks_counties(monkeypatch, capsys):
    code, out, _err = run(monkeypatch, capsys, "\n".join(lines()) + "\n")
    assert code == 0
    assert [o["rank"] for o in out] == [1, 2, 3, 4, 5]
    assert out[0]["region"] == "411803" and out[0]["flagged"] is True
    assert out[0]["reasons"][0].startswith("罚没收入同比 +")
    assert not any(o["flagged"] for o in out[1:])


def test_anomaly_bad_lines_in_place_and_exit_2(monkeypatch, capsys):
    rows = lines()
    rows.insert(0, '{"region": "411802", "month": "2025-06", "fines": "many"}')
    rows.insert(5, "[1, 2]")
    code, out, _err = run(monkeypatch, capsys, "\n".join(rows))
    assert code == 2
    assert out[0] == {"line": 1, "error": "字段 fines（罚款金额）应为数字（元）"}
    assert out[1] == {"line": 6, "error": "每行应为一个 JSON 对象"}
    assert len([o for o in out if "region" in o]) == 5


def test_anomaly_month_option(monkeypatch, capsys):
    code, out, _err = run(monkeypatch, capsys, "\n".join(lines()), "--month", "2025-10")
    assert code == 0 and not any(o["flagged"] for o in out)  # before the planted rise
    code, _out, err = run(monkeypatch, capsys, "\n".join(lines()), "--month", "2025/10")
    assert code == 2 and "YYYY-MM" in err


@pytest.mark.django_db
def test_models_run_command(capsys, city):
    assert main(["models", "run", "--model", "guess"]) == 2
    assert "没有问题模型“guess”" in capsys.readouterr().err
    assert main(["models", "run", "--model", "top_fine", "--user", city.task_force.username]) == 0
    assert "共新登记线索 0 条" in capsys.readouterr().out
