"""Triager: clue text → suggested category, subtype, domain, unit, confidence and cues."""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from jiandu.engines.triage.criteria import Criterion, CriterionMatch, match_criteria
from jiandu.engines.triage.features import extract_normalised, normalise
from jiandu.engines.triage.lexicon import Hit, Lexicon
from jiandu.engines.triage.model import LinearModel
from jiandu.engines.triage.taxonomy import ACCUSING_AUTHORITY, NO_DOMAIN, category_of, subtype_of

__all__ = ["DATA_DIR", "LEXICON_PATH", "MAX_CUES", "MODEL_PATH", "Suggestion", "Triager"]

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA_DIR / "model.npz"
LEXICON_PATH = DATA_DIR / "lexicon.yaml"
MAX_CUES = 8
MIN_CUE_WEIGHT = 0.4
SHORT_TEXT_CHARS = 12
"""A text of fewer characters than this carries too little to be sure of: its confidence is flattened
by ``1 + (SHORT_TEXT_CHARS / n) ** 2`` (n letters, digits and Chinese characters) — "检查" alone would
otherwise be P1c 乱检查 at 1.00; at 60 characters the factor is 1.04, at 120 it is 1.01."""


@dataclass(frozen=True)
class Suggestion:
    """A triage suggestion; staff decide.  ``version`` names the model and lexicon used."""

    category: str
    subtype: str | None
    domain: str | None
    unit: str | None
    confidence: float
    cues: tuple[str, ...]
    version: str = ""
    accused: str | None = None
    criteria: tuple[CriterionMatch, ...] = ()
    """The 判定标准 items the text meets (those of ``subtype`` first); empty when none is passed in."""

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "subtype": self.subtype,
            "domain": self.domain,
            "unit": self.unit,
            "confidence": self.confidence,
            "cues": list(self.cues),
            "accused": self.accused,
            "criteria": [match.to_json() for match in self.criteria],
        }


_cache: dict[tuple[object, ...], Triager] = {}
_cache_lock = threading.Lock()


def _stamp(path: Path) -> tuple[str, int]:
    return str(path), path.stat().st_mtime_ns


class Triager:
    """Combines the cue lexicon (additive scores) with the linear model; thread-safe, no state."""

    def __init__(self, model: LinearModel, lexicon: Lexicon) -> None:
        self.model = model
        self.lexicon = lexicon
        self.version = f"model {model.version} · lexicon {lexicon.version}"
        self._label_column = {label: i for i, label in enumerate(model.label_classes)}
        self._domain_column = {domain: i for i, domain in enumerate(model.domain_classes)}
        self._accused_column = {name: i for i, name in enumerate(model.accused_classes)}
        self._authority_columns = [
            i for i, name in enumerate(model.accused_classes) if name in ACCUSING_AUTHORITY
        ]
        self._p0_column = self._label_column.get("P0")
        self._temperature = model.temperature
        self._categories = sorted({category_of(label) for label in model.label_classes})
        self._members = {
            category: [i for i, label in enumerate(model.label_classes) if category_of(label) == category]
            for category in self._categories
        }

    @classmethod
    def load(cls, model_path: Path | None = None, lexicon_path: Path | None = None) -> Triager:
        """The shipped model and lexicon (or the given files); cached until a file changes."""
        model_file = Path(model_path) if model_path else MODEL_PATH
        lexicon_file = Path(lexicon_path) if lexicon_path else LEXICON_PATH
        key = (_stamp(model_file), _stamp(lexicon_file))
        with _cache_lock:
            triager = _cache.get(key)
            if triager is None:
                triager = cls(LinearModel.load(model_file), Lexicon.load(lexicon_file))
                _cache.clear()  # keep only the current files
                _cache[key] = triager
        return triager

    def suggest(
        self,
        text: str,
        units: Mapping[str, str] | None = None,
        criteria: Sequence[Criterion] = (),
    ) -> Suggestion:
        """The suggestion for ``text``; ``criteria`` (the judging criteria, as data) are matched too."""
        clean = normalise(text)
        features, words = extract_normalised(clean)
        label_scores, domain_scores, accused_scores = self.model.score_lists(self.model.indices(features))
        label_hits, domain_hits, accused_hits = self.lexicon.match_normalised(clean)
        _boost(label_scores, label_hits, self._label_column)
        _boost(domain_scores, domain_hits, self._domain_column)
        _boost(accused_scores, accused_hits, self._accused_column)

        label_probs = self._label_probabilities(label_scores, accused_scores)
        category_probs = {c: sum(label_probs[i] for i in m) for c, m in self._members.items()}
        evidence = _short_text_factor(clean)
        category = max(self._categories, key=lambda c: (category_probs[c], c == "P0"))
        label_column = max(self._members[category], key=label_probs.__getitem__)
        label = self.model.label_classes[label_column]
        domain_column = max(range(len(domain_scores)), key=domain_scores.__getitem__)
        domain_name = self.model.domain_classes[domain_column]
        domain = None if domain_name == NO_DOMAIN else domain_name
        accused = (
            self.model.accused_classes[max(range(len(accused_scores)), key=accused_scores.__getitem__)]
            if accused_scores
            else None
        )

        cues = _cue_names(label, label_hits)
        if accused is not None:
            cues += _cue_names(accused, accused_hits)
        if domain is not None:
            cues += _cue_names(domain, domain_hits)
        cues += self._model_cues(words, label_column, len(self.model.label_classes) + domain_column, domain)
        return Suggestion(
            category=category,
            subtype=subtype_of(label),
            domain=domain,
            unit=units.get(domain) if units is not None and domain is not None else None,
            confidence=round(_calibrated(category_probs, category, self._temperature * evidence), 3),
            cues=tuple(dict.fromkeys(cues))[:MAX_CUES],
            version=self.version,
            accused=accused,
            criteria=match_criteria(clean, criteria, prefer=subtype_of(label) or label, normalised=True),
        )

    def category_probabilities(self, text: str) -> dict[str, float]:
        """Uncalibrated probability of each category (what the temperature is fitted on)."""
        clean = normalise(text)
        features, _ = extract_normalised(clean)
        label_scores, _, accused_scores = self.model.score_lists(self.model.indices(features))
        label_hits, _, accused_hits = self.lexicon.match_normalised(clean)
        _boost(label_scores, label_hits, self._label_column)
        _boost(accused_scores, accused_hits, self._accused_column)
        label_probs = self._label_probabilities(label_scores, accused_scores)
        probs = {c: sum(label_probs[i] for i in m) for c, m in self._members.items()}
        evidence = _short_text_factor(clean)
        if evidence == 1.0:
            return probs
        # what the temperature is fitted on is what suggest() scales: p ** (1 / (evidence · T))
        powered = {c: max(p, 1e-12) ** (1.0 / evidence) for c, p in probs.items()}
        total = sum(powered.values())
        return {c: p / total for c, p in powered.items()}

    def _label_probabilities(self, label_scores: list[float], accused_scores: list[float]) -> list[float]:
        """Who is accused first, then what they did.

        ``P(P0) = P(merchant or nobody) + P(officer or authority) · P(P0 | text)`` and
        ``P(label) = P(officer or authority) · P(label | text)`` for the four key problems: a clue
        that accuses no officer and no authority cannot be one of the four.
        """
        probs = _softmax(label_scores)
        if not accused_scores or not self._authority_columns or self._p0_column is None:
            return probs
        accused_probs = _softmax(accused_scores)
        authority = sum(accused_probs[i] for i in self._authority_columns)
        combined = [p * authority for p in probs]
        combined[self._p0_column] += 1.0 - authority
        return combined

    def _model_cues(self, words: list[str], label_col: int, domain_col: int, domain: str | None) -> list[str]:
        """The words of the text that pushed hardest towards the suggested label (and domain)."""
        vocab = self.model.vocab
        known = [w for w in dict.fromkeys(words) if len(w) > 1 and "w:" + w in vocab]
        if not known:
            return []
        rows = self.model.weights[[vocab["w:" + w] for w in known]]
        found: list[str] = []
        for column, count in [(label_col, 3)] + ([(domain_col, 2)] if domain is not None else []):
            weights = rows[:, column]
            for position in np.argsort(-weights, kind="stable")[:count]:
                if weights[position] > MIN_CUE_WEIGHT:
                    found.append(known[int(position)])
        return found


def _boost(scores: list[float], hits: list[Hit], columns: Mapping[str, int]) -> None:
    for hit in hits:
        column = columns.get(hit.target)
        if column is not None:
            scores[column] += hit.weight


def _calibrated(category_probs: Mapping[str, float], category: str, temperature: float) -> float:
    """The probability of ``category`` after temperature scaling (``p ** (1/T)``, renormalised)."""
    if temperature == 1.0:
        return category_probs[category]
    powered = {c: float(max(p, 1e-12) ** (1.0 / temperature)) for c, p in category_probs.items()}
    return powered[category] / sum(powered.values())


def _short_text_factor(clean: str) -> float:
    """How much a short text's confidence is flattened (``SHORT_TEXT_CHARS``); 1.0 for a long one."""
    n = sum(ch.isalnum() for ch in clean)
    if n == 0:
        return 1.0 + SHORT_TEXT_CHARS**2
    return 1.0 + (SHORT_TEXT_CHARS / n) ** 2


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    total = sum(exps)
    return [value / total for value in exps]


def _cue_names(target: str, hits: list[Hit]) -> list[str]:
    return [hit.name for hit in hits if hit.target == target]
