"""Signed checkpoints of the audit chain's head, kept outside the database.

Anyone who can write to the database can delete the tail and move the head back, or edit an entry and
re-chain everything after it; the chain alone then still looks whole. So after each committed append
the head (seq and hash) is signed with HMAC-SHA256 under a key the database does not hold —
``JIANDU_AUDIT_KEY``, else the file ``<VAR_DIR>/audit.key`` made on first use (mode 0600) — and
appended as one line to ``JIANDU_AUDIT_ANCHOR_FILE`` (default ``<VAR_DIR>/audit-anchors.log``) and, if
set, to a second store ``JIANDU_AUDIT_ANCHOR_MIRROR`` (a path on another disk or host mount). The file
is only ever appended to (``O_APPEND``; one short line per write, so concurrent processes do not
interleave); ``jiandu audit verify`` checks every line's signature and compares the checkpoints with
the stored chain.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from jiandu.engines.hashchain import Checkpoint, checkpoint_line, parse_checkpoints


def audit_key() -> bytes:
    configured = str(getattr(settings, "JIANDU_AUDIT_KEY", "") or "")
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("JIANDU_AUDIT_KEY 至少 32 个字符。")
        return configured.encode()
    path = Path(settings.VAR_DIR) / "audit.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def anchor_paths() -> list[Path]:
    main = str(getattr(settings, "JIANDU_AUDIT_ANCHOR_FILE", "") or "") or str(
        Path(settings.VAR_DIR) / "audit-anchors.log"
    )
    mirror = str(getattr(settings, "JIANDU_AUDIT_ANCHOR_MIRROR", "") or "")
    return [Path(main)] + ([Path(mirror)] if mirror else [])


def append_checkpoint(seq: int, head_hash: str) -> None:
    """Sign the head and append it to every anchor store (called once the append has committed)."""
    line = checkpoint_line(
        audit_key(),
        Checkpoint(seq=seq, hash=head_hash, at=dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")),
    ).encode()
    for path in anchor_paths():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)


def read_checkpoints() -> tuple[list[Checkpoint], list[str]]:
    """The valid checkpoints of all stores, and a note for each line whose signature fails."""
    key = audit_key()
    checkpoints: list[Checkpoint] = []
    problems: list[str] = []
    for path in anchor_paths():
        if not path.exists():
            continue
        good, bad = parse_checkpoints(key, path.read_text(encoding="utf-8", errors="replace").splitlines())
        checkpoints.extend(good)
        problems.extend(f"检查点文件 {path.name} 第 {number} 行签名无效" for number in bad)
    return checkpoints, problems
