"""Throughput of the clue triage engine on one core, and peak memory.

100,000 texts are generated from the labelled corpus with variations (a channel-style opening, a
closing sentence, a different amount, two corpus texts joined, a cut-off text), then each one is
triaged with ``Triager.suggest`` as the clue workflow calls it.

Run: .venv/bin/python bench/bench_triage.py [--n 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time

from jiandu.engines.triage import Triager
from jiandu.engines.triage.training import load_corpus

OPENINGS = [
    "",
    "",
    "12345工单:",
    "来电人反映:",
    "企业直通车留言:",
    "监督员反映,",
    "信访件:",
    "您好,",
    "我想反映一个问题,",
    "座谈会上企业提出,",
]
CLOSINGS = [
    "",
    "",
    "请尽快核实处理。",
    "希望上级部门调查。",
    "特此反映。",
    "麻烦你们管一管。",
    "请回复处理结果。",
    "联系电话已留。",
]
UNITS = {"食品": "食品经营安全监督管理科", "特种设备": "特种设备安全监察科", "价格": "价格监督检查科"}


def make_texts(n: int, seed: int = 2025) -> list[str]:
    rng = random.Random(seed)
    corpus = [example.text for example in load_corpus()]
    texts = []
    for _ in range(n):
        text = rng.choice(corpus)
        roll = rng.random()
        if roll < 0.15:
            text = text + rng.choice(corpus)
        elif roll < 0.25:
            text = text[: rng.randint(10, max(11, len(text)))]
        text = text.replace("五万", f"{rng.randint(2, 9)}万").replace("两千", f"{rng.randint(1, 9)}千")
        texts.append(rng.choice(OPENINGS) + text + rng.choice(CLOSINGS))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    texts = make_texts(args.n)
    average = sum(map(len, texts)) / len(texts)
    loaded = time.perf_counter()
    triager = Triager.load()
    triager.suggest("预热:分词词典载入")
    load_seconds = time.perf_counter() - loaded
    started = time.perf_counter()
    cpu_started = time.process_time()
    categories: dict[str, int] = {}
    for text in texts:
        suggestion = triager.suggest(text, units=UNITS)
        categories[suggestion.category] = categories.get(suggestion.category, 0) + 1
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"triage: {len(texts):,} texts (average {average:.0f} characters): "
        f"{len(texts) / cpu:,.0f} clues/s per core-second of CPU ({cpu:.1f} s CPU), "
        f"{len(texts) / elapsed:,.0f} clues/s wall clock ({elapsed:.1f} s, pinned to one core, "
        f"load average {os.getloadavg()[0]:.1f}); target >= 2,000/s"
    )
    print(f"model + lexicon + jieba load: {load_seconds:.2f} s; peak memory (max RSS): {peak_mib:.0f} MiB")
    print("suggested categories: " + ", ".join(f"{k} {v}" for k, v in sorted(categories.items())))


if __name__ == "__main__":
    main()
