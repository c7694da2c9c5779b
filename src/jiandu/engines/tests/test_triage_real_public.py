"""Triage on real public texts (data/REALPUBLIC*.md): kept apart from training, and floors.

realpublic_train.jsonl is trained on (a quarter only calibrates); realpublic_heldout.jsonl was
looked at while the model was changed; realpublic2_heldout.jsonl was collected by someone else at
the same time and only measured; realpublic3 and realpublic4 were collected later by helpers that
never ran the engine, and only measured; so were realpublic5 and 6 (2026-12-04). The floors sit a little
under the measured figures (README, bench/triage_real_public.py) so that a worse model fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import opencc
import pytest

from jiandu.engines.triage import Triager
from jiandu.engines.triage.taxonomy import ACCUSED, DOMAINS, label_of
from jiandu.engines.triage.training import (
    REALPUBLIC2_PATH,
    REALPUBLIC3_PATH,
    REALPUBLIC4_PATH,
    REALPUBLIC5_PATH,
    REALPUBLIC6_PATH,
    REALPUBLIC_PATH,
    REALPUBLIC_SETS,
    REALTRAIN_PATH,
    REALTRAIN_PATHS,
    calibration_examples,
    evaluate,
    kept_out_texts,
    load_corpus,
    real_split,
    training_examples,
)

pytestmark = pytest.mark.skipif(
    not all(p.exists() for p in (REALTRAIN_PATH, *REALPUBLIC_SETS.values())),
    reason="the real public sets are not in this installation",
)
SIMPLIFIED = opencc.OpenCC("t2s")


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.load()


def _plain(text: str) -> str:
    return re.sub(r"\W", "", SIMPLIFIED.convert(text))


def test_the_held_out_sets_are_never_trained_on_or_calibrated_on() -> None:
    held_paths = [p for p in REALPUBLIC_SETS.values() if p.exists()]
    held = {_plain(e.text) for path in held_paths for e in load_corpus(path)}
    trained = {_plain(e.text) for e in training_examples(generated=200)}
    assert not held & trained
    assert not held & {_plain(e.text) for e in calibration_examples()}
    for path in held_paths:
        assert {e.text for e in load_corpus(path)} <= kept_out_texts()
    # the training texts and the held-out sets share no source page either

    def urls(path: Path) -> set[str]:
        rows = path.read_text("utf-8").splitlines()
        return {json.loads(row)["source_url"] for row in rows if row.strip()}

    train = set().union(*(urls(path) for path in REALTRAIN_PATHS if path.exists()))
    helds = [urls(path) for path in held_paths]
    for number, held_urls in enumerate(helds):
        assert not train & held_urls
        assert not any(held_urls & other for other in helds[number + 1 :])


def test_a_quarter_of_the_real_training_texts_only_calibrates() -> None:
    trained, calibration = real_split()
    assert len(calibration) * 4 >= len(trained) + len(calibration) - 3
    texts = {e.text for e in training_examples(generated=200)}
    assert not texts & {e.text for e in calibration}
    assert {e.text for e in trained} <= texts


def test_no_personal_data_in_the_real_sets() -> None:
    for path in (*REALTRAIN_PATHS, *REALPUBLIC_SETS.values()):
        if not path.exists():
            continue
        for example in load_corpus(path):
            assert not re.search(r"1[3-9]\d{9}|\d{17}[\dXx]", example.text), (path.name, example.id)


@pytest.mark.parametrize(
    ("path", "category", "domain", "accused"),
    [
        (REALPUBLIC_PATH, 0.78, 0.72, 0.74),
        (REALPUBLIC2_PATH, 0.74, 0.68, 0.72),
        (REALPUBLIC3_PATH, 0.78, 0.66, 0.70),
        (REALPUBLIC4_PATH, 0.78, 0.60, 0.73),
        (REALPUBLIC5_PATH, 0.70, 0.72, 0.80),
        (REALPUBLIC6_PATH, 0.72, 0.62, 0.80),
    ],
)
def test_real_public_floors(triager: Triager, path, category, domain, accused) -> None:  # type: ignore[no-untyped-def]
    examples = load_corpus(path)
    metrics = {m.field: m.accuracy for m in evaluate(triager.suggest, examples)}
    assert metrics["category"] >= category and metrics["domain"] >= domain
    right = sum(triager.suggest(e.text).accused == e.accused for e in examples)
    assert right / len(examples) >= accused


def test_the_second_annotation_covers_real_public_3_to_6_with_valid_labels() -> None:
    second = [
        json.loads(line)
        for line in (REALPUBLIC3_PATH.parent / "realpublic_second.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ]
    ids = {
        e.id
        for path in (REALPUBLIC3_PATH, REALPUBLIC4_PATH, REALPUBLIC5_PATH, REALPUBLIC6_PATH)
        for e in load_corpus(path)
    }
    assert sorted(row["id"] for row in second) == sorted(ids)
    for row in second:
        label_of(row["category"], row["subtype"])  # raises on a label the taxonomy does not have
        assert row["domain"] is None or row["domain"] in DOMAINS
        assert row["accused"] in ACCUSED and "text" not in row
