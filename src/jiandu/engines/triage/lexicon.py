"""The editable cue lexicon (``data/lexicon.yaml``): words and named rules that point to a label or domain.

Each hit adds its weight to the score of its label or domain before the probabilities are formed,
so staff can correct the engine without retraining.  Format::

    version: "2025-08-15"
    basis: 依据
    default_weight: 1.0
    label_weight_scale: 1.3    # overall strength of the label cues against the model
    domain_weight_scale: 2.5   # overall strength of the domain cues against the model
    labels:                # P0, P1a … P4f, P3
      P1a:
        - 乱收费                       # a word, default weight
        - 检测费: 1.5                  # a word with its own weight
        - rule: 强制收取费用            # a named rule: a regular expression
          pattern: "(要求|让|逼).{0,8}(交|缴)"
          weight: 1.2
    domains:               # the 17 domain names
      食品: [...]
    accused:               # officer, authority, merchant, none
      authority: [卫生局, ...]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jiandu.engines.triage.features import normalise
from jiandu.engines.triage.taxonomy import ACCUSED, DOMAINS, LABELS

__all__ = ["Cue", "Hit", "Lexicon", "LexiconError"]


class LexiconError(ValueError):
    """The lexicon file is malformed; the message (Chinese) names the entry."""


@dataclass(frozen=True, slots=True)
class Cue:
    target: str  # a label (P1a …) or a domain name
    word: str | None
    pattern: re.Pattern[str] | None
    name: str  # what is shown as the cue: the word, or "规则:名称"
    weight: float


@dataclass(frozen=True, slots=True)
class Hit:
    target: str
    name: str
    weight: float


@dataclass(frozen=True)
class Lexicon:
    version: str
    label_cues: tuple[Cue, ...]
    domain_cues: tuple[Cue, ...]
    accused_cues: tuple[Cue, ...] = ()

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise LexiconError(f"无法读取线索词库 {path}：{error}") from error
        if not isinstance(raw, Mapping):
            raise LexiconError(f"线索词库 {path} 应为 YAML 映射")
        return cls.from_mapping(raw)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Lexicon:
        default = _number(raw.get("default_weight", 1.0), "default_weight")
        label_scale = _number(raw.get("label_weight_scale", 1.0), "label_weight_scale")
        domain_scale = _number(raw.get("domain_weight_scale", 1.0), "domain_weight_scale")
        accused_scale = _number(raw.get("accused_weight_scale", 1.0), "accused_weight_scale")
        labels = _section(raw.get("labels") or {}, "labels", set(LABELS), default, label_scale)
        domains = _section(raw.get("domains") or {}, "domains", set(DOMAINS), default, domain_scale)
        accused = _section(raw.get("accused") or {}, "accused", set(ACCUSED), default, accused_scale)
        return cls(
            version=str(raw.get("version", "")), label_cues=labels, domain_cues=domains, accused_cues=accused
        )

    def match(self, text: str) -> tuple[list[Hit], list[Hit], list[Hit]]:
        """Hits in ``text`` for labels, for domains and for who is accused."""
        return self.match_normalised(normalise(text))

    def match_normalised(self, clean: str) -> tuple[list[Hit], list[Hit], list[Hit]]:
        """:meth:`match` for a text already passed through ``features.normalise``."""
        return (
            _match(self.label_cues, clean),
            _match(self.domain_cues, clean),
            _match(self.accused_cues, clean),
        )


def _match(cues: tuple[Cue, ...], text: str) -> list[Hit]:
    hits: list[Hit] = []
    for cue in cues:
        if cue.word is not None:
            if cue.word in text:
                hits.append(Hit(cue.target, cue.name, cue.weight))
        elif cue.pattern is not None and cue.pattern.search(text):
            hits.append(Hit(cue.target, cue.name, cue.weight))
    return hits


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LexiconError(f"线索词库 {where} 的权重“{value}”不是数字")
    return float(value)


def _section(raw: object, section: str, allowed: set[str], default: float, scale: float) -> tuple[Cue, ...]:
    if not isinstance(raw, Mapping):
        raise LexiconError(f"线索词库的 {section} 应为映射")
    cues: list[Cue] = []
    for target, entries in raw.items():
        if target not in allowed:
            raise LexiconError(f"线索词库 {section} 中的“{target}”不是可用的类别或领域")
        if not isinstance(entries, list):
            raise LexiconError(f"线索词库 {section}.{target} 应为列表")
        for position, entry in enumerate(entries, start=1):
            cue = _cue(str(target), entry, f"{section}.{target} 第 {position} 项", default)
            cues.append(Cue(cue.target, cue.word, cue.pattern, cue.name, cue.weight * scale))
    return tuple(cues)


def _cue(target: str, entry: object, where: str, default: float) -> Cue:
    if isinstance(entry, str) and entry.strip():
        word = normalise(entry.strip())
        return Cue(target, word, None, entry.strip(), default)
    if isinstance(entry, Mapping) and "rule" in entry:
        name, pattern = entry.get("rule"), entry.get("pattern")
        if not isinstance(name, str) or not isinstance(pattern, str) or not pattern:
            raise LexiconError(f"线索词库 {where}：规则须有 rule（名称）和 pattern（正则表达式）")
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            raise LexiconError(f"线索词库 {where}：正则表达式有误（{error}）") from error
        weight = _number(entry.get("weight", default), where)
        return Cue(target, None, compiled, f"规则：{name}", weight)
    if isinstance(entry, Mapping) and len(entry) == 1:
        ((word, weight),) = entry.items()
        if isinstance(word, int) and not isinstance(word, bool):  # e.g. "12315: 0.5"
            word = str(word)
        if isinstance(word, str) and word.strip():
            return Cue(target, normalise(word.strip()), None, word.strip(), _number(weight, where))
    raise LexiconError(f"线索词库 {where}：应为词语、“词语：权重”或含 rule/pattern 的规则")
