"""A hash chain over audit entries: each entry's hash covers its content and the previous hash.

The hash is SHA-256 over the canonical JSON of the entry (sorted keys, UTF-8, no spaces),
so anyone holding an export can recompute it. GENESIS is the "previous hash" of entry 1.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64

HASHED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "region_code",
    "before",
    "after",
    "note",
)


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(content: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 (lowercase hex) of the canonical content plus the previous entry's hash."""
    body = {name: content[name] for name in HASHED_FIELDS}
    body["prev_hash"] = prev_hash
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(
    entries: Iterable[Mapping[str, Any]],
    *,
    expected_last_seq: int | None = None,
    expected_last_hash: str = "",
) -> ChainBreak | None:
    """Walk entries in sequence order; return the first break, or None when the chain holds.

    Each entry is a mapping with the HASHED_FIELDS plus "prev_hash" and "hash".
    """
    previous_hash = GENESIS
    expected_seq = 1
    for entry in entries:
        seq = int(entry["seq"])
        if seq != expected_seq:
            return ChainBreak(seq=expected_seq, reason=f"第 {expected_seq} 条记录缺失（下一条为第 {seq} 条）")
        if entry["prev_hash"] != previous_hash:
            return ChainBreak(seq=seq, reason=f"第 {seq} 条记录的前序哈希与上一条不符")
        if entry_hash(entry, previous_hash) != entry["hash"]:
            return ChainBreak(seq=seq, reason=f"第 {seq} 条记录的内容与其哈希不符，记录已被改动")
        previous_hash = str(entry["hash"])
        expected_seq += 1
    last_seq = expected_seq - 1
    if expected_last_seq is not None and expected_last_seq != last_seq:
        return ChainBreak(
            seq=last_seq + 1,
            reason=f"链头记录共 {expected_last_seq} 条，实际只有 {last_seq} 条，末尾记录被删除",
        )
    if expected_last_hash and expected_last_hash != previous_hash:
        return ChainBreak(seq=last_seq, reason="链头哈希与最后一条记录不符")
    return None


# --- signed checkpoints: the chain's head anchored outside the database ---------------------------------


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str  # ISO time the checkpoint was written


def checkpoint_mac(key: bytes, seq: int, head_hash: str, at: str) -> str:
    """HMAC-SHA256 of one checkpoint; without the key nobody can write a checkpoint that verifies."""
    return hmac.new(key, f"{seq}|{head_hash}|{at}".encode(), hashlib.sha256).hexdigest()


def checkpoint_line(key: bytes, checkpoint: Checkpoint) -> str:
    """One line of the append-only anchor file: ``seq hash at mac``."""
    mac = checkpoint_mac(key, checkpoint.seq, checkpoint.hash, checkpoint.at)
    return f"{checkpoint.seq} {checkpoint.hash} {checkpoint.at} {mac}\n"


def parse_checkpoints(key: bytes, lines: Iterable[str]) -> tuple[list[Checkpoint], list[int]]:
    """The checkpoints whose signature holds, and the line numbers (from 1) of those that do not."""
    good: list[Checkpoint] = []
    bad: list[int] = []
    for number, line in enumerate(lines, start=1):
        parts = line.split()
        if not parts:
            continue
        try:
            seq, head_hash, at, mac = int(parts[0]), parts[1], parts[2], parts[3]
        except (IndexError, ValueError):
            bad.append(number)
            continue
        if len(parts) != 4 or not hmac.compare_digest(checkpoint_mac(key, seq, head_hash, at), mac):
            bad.append(number)
            continue
        good.append(Checkpoint(seq=seq, hash=head_hash, at=at))
    return good, bad


def check_against_checkpoints(
    checkpoints: Iterable[Checkpoint], hash_at: Mapping[int, str], last_seq: int
) -> ChainBreak | None:
    """Compare signed checkpoints with the stored chain (``hash_at``: seq → stored hash).

    A checkpoint whose entry is gone or carries another hash means the history was rewritten after it
    was signed (a re-chained edit, a deleted tail with the head moved back). The answer names the
    first entry after the last checkpoint that still holds: everything from there on is suspect.
    """
    last_good = 0
    for checkpoint in sorted(checkpoints, key=lambda c: c.seq):
        if checkpoint.seq == 0:
            continue
        stored = hash_at.get(checkpoint.seq)
        if stored == checkpoint.hash:
            last_good = max(last_good, checkpoint.seq)
            continue
        if stored is None or checkpoint.seq > last_seq:
            what = f"签名检查点记有第 {checkpoint.seq} 条记录，库中已不存在（末尾记录被删除、链头被移回）"
        else:
            what = f"第 {checkpoint.seq} 条记录的哈希与签名检查点不符（记录被改动后重新链接）"
        return ChainBreak(
            seq=last_good + 1,
            reason=f"{what}；最后一个完好的检查点为第 {last_good} 条，其后第 {last_good + 1} 条起均不可信",
        )
    return None
