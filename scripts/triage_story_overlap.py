"""List the held-out triage texts that may tell the same story as a training text, for a person to read.

The no-overlap test (engines/tests/test_triage_real_public.py) catches copies: the same page or
near-identical wording. It cannot catch one event reported by two papers in different words. This
script ranks each held-out text by the number of rare character 4-grams (place names, firms,
amounts: grams found in at most three texts of all the sets) it shares with its closest training
text, and prints the top pairs. A pair that is the same event means the held-out row goes (that is
how ten rows left the held-out sets on 2026-12-04); a shared stock phrase does not.

Run: PYTHONPATH=src .venv/bin/python scripts/triage_story_overlap.py [--top 40]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict

import opencc

from jiandu.engines.triage import training

RARE = 3  # a gram in at most this many texts is a name, a place or an amount rather than a phrase


def grams(text: str, converter: opencc.OpenCC, n: int = 4) -> set[str]:
    clean = re.sub(r"[^\u4e00-\u9fff0-9a-zA-Z]", "", converter.convert(text))
    return {clean[i : i + n] for i in range(len(clean) - n + 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    converter = opencc.OpenCC("t2s")
    train = [
        (e.id, grams(e.text, converter), e.text)
        for path in training.REALTRAIN_PATHS
        for e in training.load_corpus(path)
    ]
    held = [
        (e.id, grams(e.text, converter), e.text)
        for path in training.REALPUBLIC_SETS.values()
        for e in training.load_corpus(path)
    ]
    frequency = Counter(g for _, found, _ in (*train, *held) for g in found)
    index: dict[str, list[int]] = defaultdict(list)
    for position, (_, found, _) in enumerate(train):
        for g in found:
            if frequency[g] <= RARE:
                index[g].append(position)
    pairs = []
    for held_id, found, text in held:
        shared = Counter(p for g in found if frequency[g] <= RARE for p in index.get(g, ()))
        if shared:
            position, count = shared.most_common(1)[0]
            pairs.append((count, held_id, train[position][0], text, train[position][2]))
    pairs.sort(reverse=True)
    for count, held_id, train_id, text, other in pairs[: args.top]:
        print(f"{count:3d} {held_id} ~ {train_id}\n    held-out: {text[:80]}\n    training: {other[:80]}")


if __name__ == "__main__":
    main()
