"""Corpus, held-out split, training (scikit-learn, only here) and evaluation of the triage model.

* ``data/corpus.jsonl``  one labelled clue a line: ``{"id", "text", "category", "subtype", "domain"}``
* ``data/heldout.json``  the ids of the fixed, stratified 20% kept out of training
* ``grammar.py``         generated training texts in many registers (labelled by construction)
* ``data/realvoice_calibration.jsonl``  hand-written free texts in the voice of real clues, used only
  to fit the confidence temperature
* ``data/realvoice_heldout.jsonl``      hand-written free texts of the same kind, used only to evaluate

The real-voice texts were written by hand in free prose, by a different method than the grammar, and
neither set is ever trained on.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import numpy as np

from jiandu.engines.triage.engine import DATA_DIR
from jiandu.engines.triage.features import extract
from jiandu.engines.triage.grammar import add_aside, generate
from jiandu.engines.triage.model import LinearModel
from jiandu.engines.triage.taxonomy import (
    ACCUSED,
    ACCUSING_AUTHORITY,
    DOMAINS,
    LABELS,
    NO_DOMAIN,
    category_of,
    label_of,
    subtype_of,
)

__all__ = [
    "CALIBRATION_PATH",
    "CORPUS_PATH",
    "GENERATED_COUNT",
    "HELDOUT_PATH",
    "REALPUBLIC2_PATH",
    "REALPUBLIC3_PATH",
    "REALPUBLIC4_PATH",
    "REALPUBLIC5_PATH",
    "REALPUBLIC6_PATH",
    "REALPUBLIC_PATH",
    "REALPUBLIC_SETS",
    "REALTRAIN2_PATH",
    "REALTRAIN_PATH",
    "REALTRAIN_PATHS",
    "REALVOICE_PATH",
    "Bin",
    "Example",
    "Metrics",
    "calibration_examples",
    "evaluate",
    "examples_from_labels",
    "fit_temperature",
    "generated_examples",
    "kept_out_texts",
    "load_corpus",
    "load_heldout",
    "make_example",
    "make_heldout",
    "real_split",
    "reliability",
    "split",
    "train",
    "training_examples",
]

CORPUS_PATH = DATA_DIR / "corpus.jsonl"
HELDOUT_PATH = DATA_DIR / "heldout.json"
CALIBRATION_PATH = DATA_DIR / "realvoice_calibration.jsonl"
REALVOICE_PATH = DATA_DIR / "realvoice_heldout.jsonl"
# real public texts (REALPUBLIC*.md): one set to train on (a quarter of it only calibrates), two to
# evaluate on — the first looked at while the model was changed, the second only measured
REALTRAIN_PATH = DATA_DIR / "realpublic_train.jsonl"
REALTRAIN2_PATH = DATA_DIR / "realpublic_train2.jsonl"  # a second batch (REALPUBLIC_TRAIN.md)
REALTRAIN3_PATHS = (  # a third batch (REALPUBLIC_TRAIN3.md)
    DATA_DIR / "realpublic_train3a.jsonl",
    DATA_DIR / "realpublic_train3b.jsonl",
)
REALTRAIN4_PATHS = (  # a fourth batch (REALPUBLIC_TRAIN4.md)
    DATA_DIR / "realpublic_train4a.jsonl",
    DATA_DIR / "realpublic_train4b.jsonl",
)
REALTRAIN5_PATH = DATA_DIR / "realpublic_train5.jsonl"  # a fifth batch (REALPUBLIC_TRAIN5.md)
REALTRAIN6_PATHS = (  # a sixth batch (REALPUBLIC_TRAIN6.md)
    DATA_DIR / "realpublic_train6a.jsonl",
    DATA_DIR / "realpublic_train6b.jsonl",
)
REALTRAIN7_PATH = DATA_DIR / "realpublic_train7.jsonl"  # a seventh batch (REALPUBLIC_TRAIN7.md)
REALTRAIN8_PATH = DATA_DIR / "realpublic_train8.jsonl"  # an eighth batch (REALPUBLIC_TRAIN8.md)
REALTRAIN9_PATH = DATA_DIR / "realpublic_train9.jsonl"  # a ninth batch (REALPUBLIC_TRAIN9.md)
# every file of real public training texts, in the order their texts are read
REALTRAIN_PATHS = (
    REALTRAIN_PATH,
    REALTRAIN2_PATH,
    *REALTRAIN3_PATHS,
    *REALTRAIN4_PATHS,
    REALTRAIN5_PATH,
    *REALTRAIN6_PATHS,
    REALTRAIN7_PATH,
    REALTRAIN8_PATH,
    REALTRAIN9_PATH,
)
REALPUBLIC_PATH = DATA_DIR / "realpublic_heldout.jsonl"
REALPUBLIC2_PATH = DATA_DIR / "realpublic2_heldout.jsonl"
REALPUBLIC3_PATH = DATA_DIR / "realpublic3_heldout.jsonl"  # a third, collected 2026-12-03
REALPUBLIC4_PATH = DATA_DIR / "realpublic4_heldout.jsonl"  # a fourth, collected 2026-12-03 later
REALPUBLIC5_PATH = DATA_DIR / "realpublic5_heldout.jsonl"  # a fifth, collected 2026-12-04
REALPUBLIC6_PATH = DATA_DIR / "realpublic6_heldout.jsonl"  # a sixth, collected 2026-12-04 later
# the real public evaluation sets by the name `jiandu triage evaluate --set` gives them
REALPUBLIC_SETS = {
    "realpublic": REALPUBLIC_PATH,
    "realpublic2": REALPUBLIC2_PATH,
    "realpublic3": REALPUBLIC3_PATH,
    "realpublic4": REALPUBLIC4_PATH,
    "realpublic5": REALPUBLIC5_PATH,
    "realpublic6": REALPUBLIC6_PATH,
}
# each real training text counts this many times (with a label-neutral aside on the copies): a few
# hundred real texts against 17,600 corpus and generated ones
REAL_REPEAT = 16
REAL_CALIBRATION_EVERY = 4
HELDOUT_FRACTION = 0.2
MIN_DOCUMENT_FREQUENCY = 3
REGULARISATION_C = 16.0
GENERATED_COUNT = 16000
# The label head's weight on examples that accuse no officer and no authority (merchant complaints,
# questions). The engine multiplies the label head by the accused head's P(an official is accused),
# so the label head should mostly answer "what did the official do"; at full weight the many
# merchant complaints pull complaints about officials towards P0, with no weight at all (a purely
# conditional head) P0 evidence is lost (measured: README.md, "How it decides").
NOT_ACCUSING_LABEL_WEIGHT = 0.3

_QUESTION = re.compile("请问|咨询|怎么办理|如何|想问|是否需要|需要什么|要不要|是否违规|是否合法")
_OFFICER = re.compile(
    "执法|监管所|监管局|工作人员|窗口|检查人员|案卷|评查|复议|诉讼|所里|局里|回访|检查组|监督员"
)


def _derive_accused(category: str, text: str) -> str:
    """Who the older corpus lines (written before ``accused`` existed) accuse, from their label."""
    if category != "P0":
        return "officer"
    if _QUESTION.search(text):
        return "none"
    return "officer" if _OFFICER.search(text) else "merchant"


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    category: str
    subtype: str | None
    domain: str | None
    accused: str | None = None
    # the id of the text this example is a copy of ("" for an original): copies count once for the
    # vocabulary's document frequency
    source: str = ""

    @property
    def label(self) -> str:
        return label_of(self.category, self.subtype)


def make_example(
    id_: str, text: str, category: str, subtype: str | None, domain: str | None, accused: str | None = None
) -> Example:
    """Validated example; ``ValueError`` (Chinese) names the problem."""
    if not text.strip():
        raise ValueError(f"{id_}:文本为空")
    label_of(category, subtype or None)
    if domain and domain not in DOMAINS:
        raise ValueError(f"{id_}:领域“{domain}”不在 17 个重点领域中")
    if accused is not None and accused not in ACCUSED:
        raise ValueError(f"{id_}:被反映对象“{accused}”应为 {'、'.join(ACCUSED)} 之一")
    if accused in ("merchant", "none") and category != "P0":
        raise ValueError(f"{id_}:未指向执法人员或行政机关的线索只能是 P0")
    return Example(id_, text.strip(), category, subtype or None, domain or None, accused)


def load_corpus(path: Path = CORPUS_PATH) -> list[Example]:
    examples: list[Example] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            accused = row.get("accused") or _derive_accused(row["category"], row["text"])
            example = make_example(
                str(row["id"]), row["text"], row["category"], row.get("subtype"), row.get("domain"), accused
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"语料 {path.name} 第 {number} 行有误:{error}") from error
        if example.id in seen:
            raise ValueError(f"语料 {path.name} 第 {number} 行:编号 {example.id} 重复")
        seen.add(example.id)
        examples.append(example)
    return examples


def make_heldout(
    examples: Sequence[Example], fraction: float = HELDOUT_FRACTION, seed: int = 20250815
) -> list[str]:
    """A stratified (by joint label) random choice of ids to hold out."""
    rng = random.Random(seed)
    by_label: dict[str, list[str]] = defaultdict(list)
    for example in examples:
        by_label[example.label].append(example.id)
    chosen: list[str] = []
    for label in sorted(by_label):
        ids = sorted(by_label[label])
        rng.shuffle(ids)
        chosen += ids[: max(1, round(len(ids) * fraction))]
    return sorted(chosen)


def load_heldout(path: Path = HELDOUT_PATH) -> set[str]:
    return {str(i) for i in json.loads(path.read_text(encoding="utf-8"))}


def split(examples: Sequence[Example], heldout: set[str]) -> tuple[list[Example], list[Example]]:
    """(training, held-out)."""
    return [e for e in examples if e.id not in heldout], [e for e in examples if e.id in heldout]


def generated_examples(n: int = GENERATED_COUNT, seed: int = 20251201) -> list[Example]:
    """Texts from the grammar (``grammar.py``), labelled by construction."""
    return [
        Example(f"gen-{i}", g.text, category_of(g.label), subtype_of(g.label), g.domain, g.accused)
        for i, g in enumerate(generate(n, seed=seed))
    ]


def real_split() -> tuple[list[Example], list[Example]]:
    """The real public training texts: (trained on, calibration only — every fourth text)."""
    rows = [e for path in REALTRAIN_PATHS if path.exists() for e in load_corpus(path)]
    if len({e.id for e in rows}) != len(rows):
        raise ValueError("真实训练文本的编号重复")
    calibration = rows[REAL_CALIBRATION_EVERY - 1 :: REAL_CALIBRATION_EVERY]
    chosen = {e.id for e in calibration}
    return [e for e in rows if e.id not in chosen], calibration


def calibration_examples() -> list[Example]:
    """What the temperature is fitted on: the hand-written calibration texts and a quarter of the
    real public training texts (neither trained on)."""
    return [*load_corpus(CALIBRATION_PATH), *real_split()[1]]


def kept_out_texts() -> set[str]:
    """Texts never trained on: the corpus's held-out fifth and every evaluation or calibration set."""
    _, test = split(load_corpus(), load_heldout())
    kept_out = {e.text for e in test} | {e.text for e in real_split()[1]}
    for path in (CALIBRATION_PATH, REALVOICE_PATH, *REALPUBLIC_SETS.values()):
        if path.exists():
            kept_out |= {e.text for e in load_corpus(path)}
    return kept_out


def training_examples(generated: int = GENERATED_COUNT) -> list[Example]:
    """Everything the shipped model is trained on: the corpus less its held-out fifth, the grammar,
    and the real public training texts (less their calibration quarter), ``REAL_REPEAT`` times.

    Texts that also occur in a held-out or calibration set are dropped.
    """
    corpus, _ = split(load_corpus(), load_heldout())
    real, _ = real_split()
    copies = [
        Example(f"{e.id}-r{k}", e.text, e.category, e.subtype, e.domain, e.accused, source=e.id)
        for k in range(REAL_REPEAT // 2)
        for e in real
    ]
    asides = [
        e
        for k in range(REAL_REPEAT - REAL_REPEAT // 2)
        for e in _with_asides(
            [
                Example(f"{x.id}-a{k}", x.text, x.category, x.subtype, x.domain, x.accused, source=x.id)
                for x in real
            ],
            seed=100 + k,
        )
    ]
    kept_out = kept_out_texts()
    return [
        e
        for e in [*corpus, *_with_asides(corpus), *generated_examples(generated), *copies, *asides]
        if e.text not in kept_out
    ]


def _with_asides(examples: Sequence[Example], seed: int = 8) -> list[Example]:
    """One copy of each corpus text with a label-neutral aside (``花了8元``, a date …).

    The grammar adds such asides to a quarter of its texts; without the same in the corpus, an
    aside would mark "a generated text" and drag the prediction towards the grammar's label mix.
    """
    rng = random.Random(seed)
    return [
        Example(
            f"{e.id}-aside",
            add_aside(rng, e.text),
            e.category,
            e.subtype,
            e.domain,
            e.accused,
            source=e.source or e.id,
        )
        for e in examples
    ]


def train(
    examples: Sequence[Example],
    *,
    c: float = REGULARISATION_C,
    note: str = "",
    not_accusing_weight: float = NOT_ACCUSING_LABEL_WEIGHT,
) -> LinearModel:
    """Fit the label, domain and accused heads (multinomial logistic regression).

    The label head weighs the examples that accuse no officer and no authority by
    ``not_accusing_weight`` (:data:`NOT_ACCUSING_LABEL_WEIGHT`)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    documents = [extract(e.text)[0] for e in examples]
    # document frequency over source texts: the copies of one text (``Example.source``) count once,
    # so that a word of a single real text does not pass the threshold by repetition
    by_source: dict[str, set[str]] = defaultdict(set)
    for example, doc in zip(examples, documents, strict=True):
        by_source[example.source or example.id].update(doc)
    frequency: Counter[str] = Counter(f for doc in by_source.values() for f in doc)
    vocab_list = sorted(f for f, n in frequency.items() if n >= MIN_DOCUMENT_FREQUENCY)
    vocab = {f: i for i, f in enumerate(vocab_list)}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for row, doc in enumerate(documents):
        kept = [vocab[f] for f in doc if f in vocab]
        scale = 1.0 / math.sqrt(len(kept)) if kept else 0.0
        rows += [row] * len(kept)
        cols += kept
        values += [scale] * len(kept)
    matrix = csr_matrix((values, (rows, cols)), shape=(len(documents), len(vocab_list)), dtype=np.float64)

    label_classes = tuple(sorted({e.label for e in examples}, key=LABELS.index))
    domain_classes = (*[d for d in DOMAINS if any(e.domain == d for e in examples)], NO_DOMAIN)
    with_accused = [i for i, e in enumerate(examples) if e.accused is not None]
    accused_classes = tuple(a for a in ACCUSED if any(e.accused == a for e in examples))
    blocks = []
    biases = []
    heads: list[tuple[tuple[str, ...], list[str], Any]] = [
        (label_classes, [e.label for e in examples], matrix),
        (domain_classes, [e.domain or NO_DOMAIN for e in examples], matrix),
    ]
    if len(accused_classes) > 1:
        heads.append(
            (accused_classes, [str(examples[i].accused) for i in with_accused], matrix[with_accused])
        )
    else:
        accused_classes = ()
    label_weights = np.array(
        [1.0 if e.accused in ACCUSING_AUTHORITY else not_accusing_weight for e in examples]
    )
    for classes, targets, rows_matrix in heads:
        # the accused head is balanced: the corpus (mostly officers' problems) must not make
        # "officer" the answer for any free-style text
        weight = "balanced" if classes == accused_classes else None
        fitted = LogisticRegression(C=c, max_iter=3000, class_weight=weight).fit(
            rows_matrix,
            [classes.index(t) for t in targets],
            sample_weight=label_weights if classes is label_classes else None,
        )
        coef = np.zeros((len(classes), len(vocab_list)))
        bias = np.zeros(len(classes))
        weights, intercepts = fitted.coef_, fitted.intercept_
        if len(fitted.classes_) == 2:
            # scikit-learn fits two classes as one logistic model (one row: the second class's log
            # odds); as softmax scores that is minus and plus half of it
            weights = np.vstack([-weights[0] / 2, weights[0] / 2])
            intercepts = np.array([-intercepts[0] / 2, intercepts[0] / 2])
        coef[fitted.classes_] = weights
        bias[fitted.classes_] = intercepts
        blocks.append(coef.T)
        biases.append(bias)
    meta = {
        "version": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%MZ"),
        "examples": len(examples),
        "features": len(vocab_list),
        "c": c,
        "min_document_frequency": MIN_DOCUMENT_FREQUENCY,
        "note": note,
        "not_accusing_label_weight": not_accusing_weight,
    }
    return LinearModel(
        vocab=vocab,
        weights=np.hstack(blocks).astype(np.float32),
        bias=np.concatenate(biases).astype(np.float32),
        label_classes=label_classes,
        domain_classes=domain_classes,
        meta=meta,
        accused_classes=accused_classes,
    )


@dataclass(frozen=True)
class Metrics:
    """Accuracy, macro-F1 and per-class F1 of one field over ``n`` examples."""

    field: str
    n: int
    accuracy: float
    macro_f1: float
    f1_by_class: dict[str, float] = dataclass_field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "f1_by_class": self.f1_by_class,
        }


def _metrics(name: str, gold: list[str], predicted: list[str]) -> Metrics:
    classes = sorted(set(gold) | set(predicted))
    pairs = list(zip(gold, predicted, strict=True))
    f1s: dict[str, float] = {}
    for cls in classes:
        tp = sum(1 for g, p in pairs if g == cls and p == cls)
        fp = sum(1 for g, p in pairs if g != cls and p == cls)
        fn = sum(1 for g, p in pairs if g == cls and p != cls)
        f1s[cls] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    correct = sum(1 for g, p in pairs if g == p)
    n = len(pairs)
    return Metrics(
        field=name,
        n=n,
        accuracy=round(correct / n, 4) if n else 0.0,
        macro_f1=round(sum(f1s.values()) / len(f1s), 4) if f1s else 0.0,
        f1_by_class={cls: round(f1, 4) for cls, f1 in f1s.items()},
    )


def evaluate(predict: Any, examples: Iterable[Example]) -> list[Metrics]:
    """Metrics for category, subtype (P3/P0 count as the class “无”) and domain.

    ``predict`` is a callable text → object with ``category``, ``subtype``, ``domain``
    (e.g. ``Triager.load().suggest``).
    """
    gold: dict[str, list[str]] = {"category": [], "subtype": [], "domain": []}
    guess: dict[str, list[str]] = {"category": [], "subtype": [], "domain": []}
    for example in examples:
        suggestion = predict(example.text)
        gold["category"].append(example.category)
        guess["category"].append(suggestion.category)
        gold["subtype"].append(example.subtype or NO_DOMAIN)
        guess["subtype"].append(suggestion.subtype or NO_DOMAIN)
        gold["domain"].append(example.domain or NO_DOMAIN)
        guess["domain"].append(suggestion.domain or NO_DOMAIN)
    return [_metrics(field, gold[field], guess[field]) for field in ("category", "subtype", "domain")]


MIN_TEMPERATURE = 1.0


def fit_temperature(
    category_probabilities: Any, examples: Sequence[Example], floor: float = MIN_TEMPERATURE
) -> float:
    """The temperature ``T`` minimising the log-loss of ``p ** (1/T)`` (renormalised) on ``examples``.

    ``category_probabilities`` is a callable text → {category: uncalibrated probability}
    (``Triager.category_probabilities``).  A grid search: one parameter, a few hundred texts.
    ``T`` never goes below ``floor`` (1.0: never sharper than the model itself), because clues met in
    service drift further from the training texts than the calibration texts do.
    """
    rows = [(category_probabilities(e.text), e.category) for e in examples]
    best, best_loss = floor, math.inf
    for step in range(max(10, round(floor * 100)), 801):
        t = step / 100
        loss = 0.0
        for probs, gold in rows:
            powered = {c: max(p, 1e-12) ** (1 / t) for c, p in probs.items()}
            loss -= math.log(powered.get(gold, 1e-12) / sum(powered.values()))
        if loss < best_loss:
            best, best_loss = t, loss
    return best


@dataclass(frozen=True)
class Bin:
    """One row of a reliability table: suggestions whose confidence falls in [low, high)."""

    low: float
    high: float
    n: int
    mean_confidence: float
    accuracy: float

    def to_json(self) -> dict[str, Any]:
        return {
            "low": self.low,
            "high": self.high,
            "n": self.n,
            "mean_confidence": self.mean_confidence,
            "accuracy": self.accuracy,
        }


RELIABILITY_EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)


def reliability(predict: Any, examples: Iterable[Example]) -> tuple[list[Bin], float]:
    """Confidence bins against the accuracy of the category, and the expected calibration error."""
    pairs = []
    for example in examples:
        suggestion = predict(example.text)
        pairs.append((float(suggestion.confidence), suggestion.category == example.category))
    bins: list[Bin] = []
    error = 0.0
    for low, high in itertools.pairwise(RELIABILITY_EDGES):
        inside = [(c, ok) for c, ok in pairs if low <= c < high]
        if not inside:
            bins.append(Bin(low, min(high, 1.0), 0, 0.0, 0.0))
            continue
        confidence = sum(c for c, _ in inside) / len(inside)
        accuracy = sum(1 for _, ok in inside if ok) / len(inside)
        error += len(inside) / len(pairs) * abs(confidence - accuracy)
        bins.append(Bin(low, min(high, 1.0), len(inside), round(confidence, 3), round(accuracy, 3)))
    return bins, round(error, 4)


def examples_from_labels(rows: Iterable[tuple[str, str, str | None, str | None]]) -> list[Example]:
    """Staff-confirmed labels (text, category, subtype, domain name) as examples; bad rows skipped."""
    examples = []
    for number, (text, category, subtype, domain) in enumerate(rows, start=1):
        try:
            examples.append(make_example(f"confirmed-{number}", text or "", category, subtype, domain))
        except ValueError:
            continue
    return examples
