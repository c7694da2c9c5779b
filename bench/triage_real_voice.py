"""Triage on real voices: accuracy, macro-F1, reliability table and robustness, on held-out sets.

Sets (none of them is trained on):

* ``realvoice`` — ``data/realvoice_heldout.jsonl``, hand-written free texts in the voice of real
  12345 work orders, hotline calls, petitions, firms' letters and court summaries (a different
  method from the grammar that writes most of the training texts);
* ``corpus``    — the fixed, stratified 20% of ``data/corpus.jsonl``.

Robustness: how often adding "花了8元" (at the end or at the start) changes the domain or the
category, and how often the same text in traditional characters (OpenCC s2t) gets a different
category or domain.

Run: .venv/bin/python bench/triage_real_voice.py [--model PATH] [--lexicon PATH]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import opencc

from jiandu.engines.triage import Triager
from jiandu.engines.triage.training import (
    REALVOICE_PATH,
    Example,
    evaluate,
    load_corpus,
    load_heldout,
    reliability,
    split,
)


def print_reliability(triager: Triager, examples: list[Example], *, lead: str = "") -> None:
    """The reliability table of the category confidence and its ECE (``training.reliability``)."""
    bins, ece = reliability(triager.suggest, examples)
    print(f"{lead}reliability of the category confidence (ECE {ece:.3f}):")
    print("  confidence      n   mean conf.  accuracy")
    for b in bins:
        print(f"  [{b.low:.2f}, {b.high:.2f})  {b.n:4d}  {b.mean_confidence:9.3f}  {b.accuracy:8.3f}")


def _robustness(triager: Triager, examples: list[Example]) -> dict[str, float]:
    to_traditional = opencc.OpenCC("s2t")
    domain_flips = category_flips = traditional_changes = 0
    for example in examples:
        plain = triager.suggest(example.text)
        for variant in (example.text.rstrip("。") + ",花了8元。", "花了8元," + example.text):
            other = triager.suggest(variant)
            domain_flips += other.domain != plain.domain
            category_flips += other.category != plain.category
        traditional = triager.suggest(to_traditional.convert(example.text))
        traditional_changes += (traditional.category, traditional.domain) != (plain.category, plain.domain)
    n = len(examples)
    return {
        "aside_domain_flip_rate": domain_flips / (2 * n),
        "aside_category_flip_rate": category_flips / (2 * n),
        "traditional_change_rate": traditional_changes / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    parser.add_argument("--lexicon", default=None)
    args = parser.parse_args()
    triager = Triager.load(
        Path(args.model) if args.model else None, Path(args.lexicon) if args.lexicon else None
    )
    print(f"model and lexicon: {triager.version}; temperature {triager.model.temperature:.2f}")
    sets = {
        "realvoice": load_corpus(REALVOICE_PATH),
        "corpus": split(load_corpus(), load_heldout())[1],
    }
    for name, examples in sets.items():
        labels = Counter(e.category for e in examples)
        accused = Counter(e.accused for e in examples)
        print(f"\n== {name}: {len(examples)} texts")
        print(f"categories {dict(sorted(labels.items()))}; accused {dict(accused)}")
        for m in evaluate(triager.suggest, examples):
            print(f"{m.field:9s} accuracy {m.accuracy:.3f}  macro-F1 {m.macro_f1:.3f}")
        if all(e.accused for e in examples):
            correct = sum(triager.suggest(e.text).accused == e.accused for e in examples)
            print(f"accused   accuracy {correct / len(examples):.3f}")
        print_reliability(triager, examples)
        confident = [(triager.suggest(e.text), e) for e in examples]
        high = [(s, e) for s, e in confident if s.confidence >= 0.9]
        right = sum(1 for s, e in high if s.category == e.category)
        print(f"confidence >= 0.9: {right} of {len(high)} right")
        for key, value in _robustness(triager, examples).items():
            print(f"{key}: {value:.3f}")


if __name__ == "__main__":
    main()
