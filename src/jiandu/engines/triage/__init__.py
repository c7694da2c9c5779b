"""Triage of problem clues (问题线索分拣): text → category P0–P4, subtype, domain, unit, confidence, cues.

Pure Python (no Django).  An editable cue lexicon (``data/lexicon.yaml``) is combined with a
linear model over jieba words and character n-grams (``data/model.npz``), trained on the labelled
corpus ``data/corpus.jsonl`` minus the held-out 20% listed in ``data/heldout.json``.

    triager = Triager.load()
    suggestion = triager.suggest(text, units={"食品": "食品经营安全监督管理科"})
"""

from jiandu.engines.triage.criteria import Criterion, CriterionMatch, criteria_from_data, match_criteria
from jiandu.engines.triage.engine import Suggestion, Triager
from jiandu.engines.triage.taxonomy import CATEGORIES, DOMAINS, LABELS, SUBTYPES

__all__ = [
    "CATEGORIES",
    "DOMAINS",
    "LABELS",
    "SUBTYPES",
    "Criterion",
    "CriterionMatch",
    "Suggestion",
    "Triager",
    "criteria_from_data",
    "match_criteria",
]
