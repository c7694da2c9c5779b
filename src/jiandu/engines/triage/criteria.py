"""Which 判定标准 item a clue text meets: the criteria are data, passed in by the caller.

A criterion (one item of the judging criteria for a key problem, `rulesets/judging_criteria/`) is a
list of term groups; the text meets it when, after the engine's normalisation (simplified, half-width,
lower case, numbers as 0), every group has at least one of its terms in the text and none of the
criterion's excluding terms is there. The match names the terms found, so staff see why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jiandu.engines.triage.features import normalise

__all__ = ["Criterion", "CriterionMatch", "criteria_from_data", "match_criteria"]


@dataclass(frozen=True)
class Criterion:
    code: str
    subtype: str
    text: str
    basis: str
    groups: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriterionMatch:
    code: str
    subtype: str
    text: str
    basis: str
    terms: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "subtype": self.subtype,
            "text": self.text,
            "basis": self.basis,
            "terms": list(self.terms),
        }


def _terms(values: Iterable[Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normalise(str(v)) for v in values if str(v).strip()))


def criteria_from_data(items: Sequence[Mapping[str, Any]]) -> tuple[Criterion, ...]:
    """Criteria from the rule file's ``criteria`` list; raises ``ValueError`` (Chinese) on a bad item."""
    found: list[Criterion] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        code = str(item.get("code", "")).strip()
        if not code:
            raise ValueError(f"第 {number} 项判定要点缺少编号（code）")
        if code in seen:
            raise ValueError(f"判定要点编号“{code}”重复")
        seen.add(code)
        groups = tuple(_terms(group) for group in item.get("all") or ())
        if not groups or not all(groups):
            raise ValueError(f"判定要点“{code}”须至少有一组词（all），且每组不能为空")
        found.append(
            Criterion(
                code=code,
                subtype=str(item.get("subtype", "")).strip(),
                text=str(item.get("text", "")).strip(),
                basis=str(item.get("basis", "")).strip(),
                groups=groups,
                excluded=_terms(item.get("none") or ()),
            )
        )
    return tuple(found)


def _match(clean: str, criterion: Criterion) -> CriterionMatch | None:
    if any(term in clean for term in criterion.excluded):
        return None
    found: list[str] = []
    for group in criterion.groups:
        hits = [term for term in group if term in clean]
        if not hits:
            return None
        found.extend(hits)
    return CriterionMatch(
        code=criterion.code,
        subtype=criterion.subtype,
        text=criterion.text,
        basis=criterion.basis,
        terms=tuple(dict.fromkeys(found)),
    )


def match_criteria(
    text: str, criteria: Sequence[Criterion], *, prefer: str | None = None, normalised: bool = False
) -> tuple[CriterionMatch, ...]:
    """The criteria the text meets, those of subtype ``prefer`` first (then in the data's order)."""
    clean = text if normalised else normalise(text)
    matches = [m for m in (_match(clean, c) for c in criteria) if m is not None]
    matches.sort(key=lambda m: m.subtype != prefer)
    return tuple(matches)
