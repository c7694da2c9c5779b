"""Triage on real public message texts: an independent evaluation set, never trained on.

Set: ``data/realpublic_heldout.jsonl`` — 120 real Chinese citizens' and firms' texts found in public
sources (government message boards and mailboxes, 12345 hotline pages, administrative
reconsideration decisions, forum posts, news quoting complainants, consumer-association case
summaries), de-identified and labelled by hand (see ``data/REALPUBLIC.md``). Unlike the real-voice
sets, nobody on the team wrote these texts.

Prints accuracy and macro-F1 for category, subtype and domain (``training.evaluate``), accuracy of
the accused head, the reliability table and ECE of the category confidence
(``training.reliability``), confusion counts, and every text whose category, subtype, domain or
accused differs from the label.

Run: .venv/bin/python bench/triage_real_public.py [--model PATH] [--lexicon PATH] [--set PATH]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from bench.triage_real_voice import print_reliability

from jiandu.engines.triage import Triager
from jiandu.engines.triage.engine import DATA_DIR
from jiandu.engines.triage.training import evaluate, load_corpus

REALPUBLIC_PATH = DATA_DIR / "realpublic_heldout.jsonl"


def _fmt(category: str, subtype: str | None, domain: str | None, accused: str | None) -> str:
    return f"{subtype or category}/{domain or '无'}/{accused or '-'}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    parser.add_argument("--lexicon", default=None)
    parser.add_argument("--set", default=str(REALPUBLIC_PATH))
    args = parser.parse_args()
    triager = Triager.load(
        Path(args.model) if args.model else None, Path(args.lexicon) if args.lexicon else None
    )
    examples = load_corpus(Path(args.set))
    print(f"model and lexicon: {triager.version}; temperature {triager.model.temperature:.2f}")
    print(f"\n== realpublic: {len(examples)} texts ({args.set})")
    print(f"categories {dict(sorted(Counter(e.category for e in examples).items()))}")
    print(f"accused {dict(sorted(Counter(e.accused for e in examples).items()))}")

    for m in evaluate(triager.suggest, examples):
        print(f"{m.field:9s} accuracy {m.accuracy:.3f}  macro-F1 {m.macro_f1:.3f}")
        print("  F1 by class: " + "  ".join(f"{c} {f:.2f}" for c, f in m.f1_by_class.items()))
    suggestions = {e.id: triager.suggest(e.text) for e in examples}
    accused_right = sum(suggestions[e.id].accused == e.accused for e in examples)
    print(f"accused   accuracy {accused_right / len(examples):.3f}")

    print_reliability(triager, examples, lead="\n")
    high = [e for e in examples if suggestions[e.id].confidence >= 0.9]
    right = sum(suggestions[e.id].category == e.category for e in high)
    print(f"confidence >= 0.9: {right} of {len(high)} right")

    category_pairs = Counter(
        (e.category, suggestions[e.id].category) for e in examples if suggestions[e.id].category != e.category
    )
    accused_pairs = Counter(
        (e.accused, suggestions[e.id].accused) for e in examples if suggestions[e.id].accused != e.accused
    )
    print(
        "\ncategory confusions (truth -> predicted): "
        + ", ".join(f"{t}->{p} {n}" for (t, p), n in category_pairs.most_common())
    )
    print(
        "accused confusions (truth -> predicted): "
        + ", ".join(f"{t}->{p} {n}" for (t, p), n in accused_pairs.most_common())
    )

    print("\nmisclassified (truth -> prediction as label/domain/accused; * marks the fields that differ)")
    for e in examples:
        s = suggestions[e.id]
        wrong = [
            name
            for name, ok in (
                ("cat", s.category == e.category),
                ("sub", (s.subtype or None) == e.subtype),
                ("dom", (s.domain or None) == e.domain),
                ("acc", s.accused == e.accused),
            )
            if not ok
        ]
        if not wrong:
            continue
        truth = _fmt(e.category, e.subtype, e.domain, e.accused)
        guess = _fmt(s.category, s.subtype, s.domain, s.accused)
        text = e.text.replace("\n", " ")[:60]
        print(f"{e.id} *{','.join(wrong):15s} {truth:28s} -> {guess:28s} conf {s.confidence:.2f}  {text}")


if __name__ == "__main__":
    main()
