"""How well the judging criteria (rulesets/judging_criteria) name a clue's problem.

    PYTHONPATH=src python scripts/triage_criteria_figures.py

For the training corpus and the real-voice held-out set: recall (problem texts meeting an item of
their own subtype), precision (items named that are of the text's subtype) and the texts that are
none of the four problems but meet an item.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from jiandu.engines.triage.criteria import criteria_from_data, match_criteria
from jiandu.engines.triage.engine import DATA_DIR

RULES = Path(__file__).resolve().parents[1] / "src" / "jiandu" / "rulesets" / "judging_criteria"


def main() -> None:
    path = sorted(RULES.glob("*.yaml"))[-1]
    criteria = criteria_from_data(yaml.safe_load(path.read_text(encoding="utf-8"))["criteria"])
    print(f"判定要点 {path.name}：{len(criteria)} 项")
    for name in ("corpus.jsonl", "realvoice_heldout.jsonl"):
        lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line]
        covered = problems = named = right = none_total = none_named = 0
        for row in rows:
            gold = row["subtype"] or row["category"]
            found = match_criteria(row["text"], criteria)
            if gold == "P0":
                none_total += 1
                none_named += bool(found)
                continue
            problems += 1
            covered += any(m.subtype == gold for m in found)
            named += len(found)
            right += sum(m.subtype == gold for m in found)
        print(
            f"{name}: recall {covered}/{problems} = {covered / problems:.2f}; "
            f"precision {right}/{named} = {right / max(named, 1):.2f}; "
            f"P0 texts meeting an item {none_named}/{none_total}"
        )


if __name__ == "__main__":
    main()
