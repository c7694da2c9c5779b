"""`jiandu backup` and `jiandu restore`: the database, uploaded files and the search index, with a manifest.

A backup is a folder `jiandu-backup-<UTC time>/` holding

- `database.sqlite3` (SQLite's online backup, consistent while the server runs) or `database.pgdump`
  (`pg_dump --format=custom`),
- `media.tar` and `index.tar` (uploaded evidence and attachments; the case-library index),
- `manifest.json`: format, time, database vendor, the last applied migration of every app, and the
  size and SHA-256 of every file.

`restore` checks every checksum before it touches anything, then replaces the database, the files and
the index, and finally runs the migrations, so that a backup taken before an upgrade restores into the
upgraded code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from jiandu.errors import UserError

FORMAT = 1


@dataclass(frozen=True)
class BackupReport:
    path: Path
    files: dict[str, dict[str, Any]]

    def __str__(self) -> str:
        total = sum(f["bytes"] for f in self.files.values())
        return f"备份已写入 {self.path}（{len(self.files)} 个文件，共 {total / 2**20:.1f} MiB）"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    args += ["--username", str(db.get("USER") or "postgres")]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _database_name() -> str:
    return str(connection.settings_dict["NAME"])


def _dump_database(target_dir: Path) -> str:
    if connection.vendor == "sqlite":
        target = target_dir / "database.sqlite3"
        connection.ensure_connection()
        source = sqlite3.connect(_database_name())
        try:
            dest = sqlite3.connect(target)
            with dest:
                source.backup(dest)
            dest.close()
        finally:
            source.close()
        return target.name
    if connection.vendor == "postgresql":
        target = target_dir / "database.pgdump"
        args, env = _pg_args()
        subprocess.run(
            ["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(target), _database_name()],
            check=True,
            env=env,
            capture_output=True,
        )
        return target.name
    raise UserError(f"不支持备份 {connection.vendor} 数据库。")


def _tar(source: Path, target: Path) -> None:
    with tarfile.open(target, "w") as archive:
        if source.exists():
            for child in sorted(source.iterdir()):
                archive.add(child, arcname=child.name)


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in (
        MigrationRecorder(connection).migration_qs.order_by("app", "name").values_list("app", "name")
    ):
        latest[app] = name
    return latest


def backup(destination: Path | str) -> BackupReport:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(destination) / f"jiandu-backup-{stamp}"
    if folder.exists():
        raise UserError(f"备份目录 {folder} 已存在，请稍后重试或换一个目录。")
    folder.mkdir(parents=True)
    database_file = _dump_database(folder)
    _tar(Path(settings.MEDIA_ROOT), folder / "media.tar")
    _tar(Path(settings.SEARCH_INDEX_DIR), folder / "index.tar")
    files = {
        name: {"bytes": (folder / name).stat().st_size, "sha256": _sha256(folder / name)}
        for name in (database_file, "media.tar", "index.tar")
    }
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": connection.vendor, "file": database_file},
        "migrations": _migrations(),
        "files": files,
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return BackupReport(folder, files)


def read_manifest(folder: Path | str) -> dict[str, Any]:
    path = Path(folder) / "manifest.json"
    if not path.exists():
        raise UserError(f"{folder} 不是 Jiandu 备份：缺少 manifest.json。")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as failure:
        raise UserError(f"manifest.json 无法解析（第 {failure.lineno} 行）。") from None
    if manifest.get("format") != FORMAT:
        raise UserError(f"备份格式 {manifest.get('format')!r} 不受支持（本版本为 {FORMAT}）。")
    return manifest


def verify(folder: Path | str) -> dict[str, Any]:
    """Every file present with its size and checksum, or a UserError naming the first that is not."""
    manifest = read_manifest(folder)
    for name, expected in manifest["files"].items():
        path = Path(folder) / name
        if not path.exists():
            raise UserError(f"备份文件 {name} 缺失。", field=name)
        if path.stat().st_size != expected["bytes"] or _sha256(path) != expected["sha256"]:
            raise UserError(
                f"备份文件 {name} 的校验和与清单不符，备份已损坏或被改动，未做任何恢复。", field=name
            )
    return manifest


def _replace_tree(archive: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")


def restore(folder: Path | str) -> str:
    folder = Path(folder)
    manifest = verify(folder)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise UserError(f"备份来自 {vendor} 数据库，当前为 {connection.vendor}，不能直接恢复。")
    source = folder / manifest["database"]["file"]
    name = _database_name()
    connections.close_all()
    if vendor == "sqlite":
        restored = sqlite3.connect(source)
        try:
            dest = sqlite3.connect(name)
            with dest:
                restored.backup(dest)
            dest.close()
        finally:
            restored.close()
    else:
        args, env = _pg_args()
        subprocess.run(
            [
                "pg_restore",
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                name,
                str(source),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
    _replace_tree(folder / "media.tar", Path(settings.MEDIA_ROOT))
    _replace_tree(folder / "index.tar", Path(settings.SEARCH_INDEX_DIR))
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return f"已从 {folder} 恢复（备份时间 {manifest['created_at']}）；数据库已迁移到当前版本。"
