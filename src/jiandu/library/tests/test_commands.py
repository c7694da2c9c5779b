"""`jiandu index rebuild` and `jiandu index status`."""

from __future__ import annotations

from jiandu.cli import main
from jiandu.library.tests.factories import DecidedCaseFactory


def test_status_before_and_after_rebuild(city, capsys):
    DecidedCaseFactory.create_batch(2, region=city.east)
    assert main(["index", "status"]) == 1
    assert "尚未建立" in capsys.readouterr().out
    assert main(["index", "rebuild", "--user", city.task_force.username]) == 0
    assert "收录 2 件" in capsys.readouterr().out
    assert main(["index", "status"]) == 0
    assert "索引文档：2 件" in capsys.readouterr().out
    DecidedCaseFactory(region=city.east)  # added without index_case: status notices
    assert main(["index", "status"]) == 1
    assert "不一致" in capsys.readouterr().out


def test_rebuild_with_unknown_user_fails(city, capsys):
    assert main(["index", "rebuild", "--user", "nobody"]) == 2
    assert "不存在" in capsys.readouterr().err
