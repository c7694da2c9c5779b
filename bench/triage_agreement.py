"""How far two annotators agree on the real public held-out sets, and how the model does where they agree.

A second annotator labelled the texts of real public 3 to 6 again, from the texts alone (the
first labels unseen, no model run): ``data/realpublic_second.jsonl`` (``data/REALPUBLIC_SECOND.md``).
Agreement between the two annotators bounds what any model can be measured to reach on these sets
with one annotator's labels: a model that disagrees with the first annotator where the second one
does too may not be wrong.

Prints, for category, subtype, domain and accused: the share of texts on which the annotators agree
and Cohen's kappa; then the model's accuracy against the first annotator, against the second, on
the texts where both agree, and where either label counts.

Run: .venv/bin/python bench/triage_agreement.py [--second PATH] [--model PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from jiandu.engines.triage import Triager
from jiandu.engines.triage.engine import DATA_DIR
from jiandu.engines.triage.training import REALPUBLIC_SETS, load_corpus

SECOND_PATH = DATA_DIR / "realpublic_second.jsonl"
FIELDS = ("category", "subtype", "domain", "accused")


def _value(row: object, field: str) -> str:
    value = row.get(field) if isinstance(row, dict) else getattr(row, field)
    return str(value) if value else "无"


def load_second(path: Path = SECOND_PATH) -> dict[str, dict[str, object]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {str(row["id"]): row for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--second", default=str(SECOND_PATH))
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    second = load_second(Path(args.second))
    triager = Triager.load(Path(args.model) if args.model else None)
    by_set = {
        name: [e for e in load_corpus(path) if e.id in second] for name, path in REALPUBLIC_SETS.items()
    }
    by_set = {name: examples for name, examples in by_set.items() if examples}
    groups = [*by_set.items(), ("all of them", [e for examples in by_set.values() for e in examples])]
    for name, examples in groups:
        print(f"\n== {name}: {len(examples)} texts labelled twice")
        suggestions = {e.id: triager.suggest(e.text) for e in examples}
        for field in FIELDS:
            first = [_value(e, field) for e in examples]
            other = [_value(second[e.id], field) for e in examples]
            model = [_value(suggestions[e.id], field) for e in examples]
            n = len(examples)
            agree = [i for i in range(n) if first[i] == other[i]]
            kappa = cohen_kappa_score(first, other)
            vs_first = sum(model[i] == first[i] for i in range(n)) / n
            vs_second = sum(model[i] == other[i] for i in range(n)) / n
            on_agreed = sum(model[i] == first[i] for i in agree) / len(agree) if agree else float("nan")
            either = sum(model[i] in (first[i], other[i]) for i in range(n)) / n
            print(
                f"{field:9s} annotators agree {len(agree) / n:.3f} (kappa {kappa:.2f}) | model vs first "
                f"{vs_first:.3f}, vs second {vs_second:.3f}, where they agree {on_agreed:.3f} "
                f"({len(agree)}), either label {either:.3f}"
            )


if __name__ == "__main__":
    main()
