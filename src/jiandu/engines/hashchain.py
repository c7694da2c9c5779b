"""A hash chain over audit entries: each entry's hash covers its content and the previous hash.

The hash is SHA-256 over the canonical JSON of the entry (sorted keys, UTF-8, no spaces),
so anyone holding an export can recompute it. GENESIS is the "previous hash" of entry 1.
"""

from __future__ import annotations

import hashlib
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
            return ChainBreak(seq=expected_seq, reason=f"第 {expected_seq} 条记录缺失(下一条为第 {seq} 条)")
        if entry["prev_hash"] != previous_hash:
            return ChainBreak(seq=seq, reason=f"第 {seq} 条记录的前序哈希与上一条不符")
        if entry_hash(entry, previous_hash) != entry["hash"]:
            return ChainBreak(seq=seq, reason=f"第 {seq} 条记录的内容与其哈希不符,记录已被改动")
        previous_hash = str(entry["hash"])
        expected_seq += 1
    last_seq = expected_seq - 1
    if expected_last_seq is not None and expected_last_seq != last_seq:
        return ChainBreak(
            seq=last_seq + 1,
            reason=f"链头记录共 {expected_last_seq} 条,实际只有 {last_seq} 条,末尾记录被删除",
        )
    if expected_last_hash and expected_last_hash != previous_hash:
        return ChainBreak(seq=last_seq, reason="链头哈希与最后一条记录不符")
    return None
