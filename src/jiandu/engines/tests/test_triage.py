"""Triage engine: held-out accuracy, CLI contract, bad lines, determinism, lexicon edits. No database."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from jiandu.engines.triage import DOMAINS, LABELS, SUBTYPES, Suggestion, Triager, criteria_from_data
from jiandu.engines.triage.engine import LEXICON_PATH, MODEL_PATH
from jiandu.engines.triage.features import extract
from jiandu.engines.triage.lexicon import Lexicon, LexiconError
from jiandu.engines.triage.model import LinearModel
from jiandu.engines.triage.taxonomy import label_of
from jiandu.engines.triage.training import (
    REALPUBLIC_SETS,
    REALVOICE_PATH,
    Example,
    evaluate,
    examples_from_labels,
    load_corpus,
    load_heldout,
    split,
    train,
)

KEYS = {"id", "category", "subtype", "domain", "unit", "confidence", "cues", "accused", "criteria"}
FOOD_FINE = "我家小卖部卖的一包饼干过期了一天，市场监管所直接罚了五万元，这也罚得太重了。"
OFFICER_GIFTS = "执法人员每次来检查都要拿走几条烟，还让我们请吃饭，不给就说要查我们。"


def jiandu_command() -> list[str]:
    script = Path(sys.executable).parent / "jiandu"
    return [str(script)] if script.exists() else [sys.executable, "-m", "jiandu.cli"]


def run_cli(args: list[str], stdin: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'absent.sqlite3'}"  # no database: unit must be null
    env.setdefault("JIANDU_ENV", "test")
    return subprocess.run(
        [*jiandu_command(), "triage", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.load()


def test_corpus_covers_every_label_and_domain() -> None:
    corpus = load_corpus()
    assert len(corpus) >= 800
    labels = Counter(example.label for example in corpus)
    domains = Counter(example.domain for example in corpus)
    assert set(labels) == set(LABELS)
    assert all(labels[label] >= 30 for label in LABELS), labels
    assert set(DOMAINS) <= set(domains), set(DOMAINS) - set(domains)
    assert len({example.text for example in corpus}) == len(corpus)  # no duplicates


def test_heldout_split_is_a_stratified_fifth_of_the_corpus() -> None:
    corpus = load_corpus()
    heldout = load_heldout()
    training, test = split(corpus, heldout)
    assert heldout <= {example.id for example in corpus}
    assert 0.18 <= len(test) / len(corpus) <= 0.22
    assert not {e.text for e in training} & {e.text for e in test}
    assert {example.label for example in test} == set(LABELS)


def test_heldout_accuracy_floor(triager: Triager) -> None:
    _, test = split(load_corpus(), load_heldout())
    metrics = {m.field: m for m in evaluate(triager.suggest, test)}
    assert metrics["category"].accuracy >= 0.75
    assert metrics["subtype"].accuracy >= 0.65
    assert metrics["domain"].accuracy >= 0.65
    assert metrics["category"].macro_f1 >= 0.70
    assert metrics["subtype"].macro_f1 >= 0.55


def test_suggestions_are_consistent(triager: Triager) -> None:
    for example in load_corpus()[::25]:
        suggestion = triager.suggest(example.text)
        label_of(suggestion.category, suggestion.subtype)  # raises when category and subtype disagree
        assert suggestion.domain is None or suggestion.domain in DOMAINS
        assert 0.0 <= suggestion.confidence <= 1.0
        assert suggestion.unit is None
        assert all(isinstance(cue, str) and cue for cue in suggestion.cues)


def test_obvious_clues(triager: Triager) -> None:
    fine = triager.suggest(FOOD_FINE)
    assert (fine.category, fine.subtype, fine.domain) == ("P1", "P1b", "食品")
    gifts = triager.suggest(OFFICER_GIFTS)
    assert gifts.subtype == "P4d"
    assert gifts.cues


def test_a_word_or_two_is_never_a_confident_suggestion(triager: Triager) -> None:
    # one cue word is all the model sees: it still names a label, but staff must read the clue
    for text in ("检查", "城管", "罚款", "不作为", "12315"):
        assert triager.suggest(text).confidence < 0.5, text
    # the same words in a full complaint are judged as before: the flattening fades with length
    long_text = FOOD_FINE * max(1, 130 // len(FOOD_FINE))
    probs = triager.category_probabilities(long_text)
    best = max(probs, key=probs.__getitem__)
    t = triager.model.temperature
    powered = {c: max(p, 1e-12) ** (1 / t) for c, p in probs.items()}
    assert triager.suggest(long_text).confidence == pytest.approx(
        powered[best] / sum(powered.values()), abs=0.002
    )
    # what the temperature is fitted on is flattened the same way as what suggest() reports
    short = triager.category_probabilities("检查")
    assert max(short.values()) < 0.5


def test_unit_comes_from_the_mapping(triager: Triager) -> None:
    suggestion = triager.suggest(FOOD_FINE, units={"食品": "食品经营安全监督管理科", "价格": "价格科"})
    assert suggestion.unit == "食品经营安全监督管理科"
    assert triager.suggest(FOOD_FINE, units={"价格": "价格科"}).unit is None


def test_suggestion_is_a_frozen_dataclass_with_json(triager: Triager) -> None:
    suggestion = triager.suggest(FOOD_FINE)
    assert isinstance(suggestion, Suggestion)
    with pytest.raises(AttributeError):
        suggestion.category = "P0"  # type: ignore[misc]
    data = suggestion.to_json()
    assert set(data) == KEYS - {"id"}
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_deterministic_across_loads(triager: Triager) -> None:
    texts = [example.text for example in load_corpus()[::40]]
    first = [triager.suggest(text) for text in texts]
    again = [triager.suggest(text) for text in texts]
    fresh = Triager(triager.model, Lexicon.load(LEXICON_PATH))
    assert first == again == [fresh.suggest(text) for text in texts]


def test_lexicon_edit_takes_effect(tmp_path: Path, triager: Triager) -> None:
    text = "他们今天又来了，说是要看一下我们的蓝色信封，我们也不知道该怎么办。"
    assert triager.suggest(text).subtype != "P4d"
    edited = tmp_path / "lexicon.yaml"
    shutil.copy(LEXICON_PATH, edited)
    data = yaml.safe_load(edited.read_text(encoding="utf-8"))
    data["labels"]["P4d"].append({"蓝色信封": 8.0})
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    changed = Triager.load(lexicon_path=edited).suggest(text)
    assert changed.subtype == "P4d"
    assert "蓝色信封" in changed.cues
    # editing the same file again is picked up without restarting (the cache follows the file)
    data["labels"]["P4d"].pop()
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert Triager.load(lexicon_path=edited).suggest(text).subtype != "P4d"


def test_lexicon_errors_are_explained(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="正则"):
        Lexicon.from_mapping({"labels": {"P1a": [{"rule": "坏规则", "pattern": "(未闭合"}]}})
    with pytest.raises(LexiconError, match="P9"):
        Lexicon.from_mapping({"labels": {"P9": ["词"]}})
    with pytest.raises(LexiconError, match="火星"):
        Lexicon.from_mapping({"domains": {"火星": ["词"]}})


def test_subtypes_and_labels_agree() -> None:
    assert set(SUBTYPES) | {"P0", "P3"} == set(LABELS)
    with pytest.raises(ValueError, match="不属于"):
        label_of("P1", "P4d")
    with pytest.raises(ValueError, match="不应有细类"):
        label_of("P3", "P1a")


def test_cli_contract_and_bad_lines(tmp_path: Path, triager: Triager) -> None:
    lines = [
        json.dumps({"id": 17, "text": FOOD_FINE}, ensure_ascii=False),
        "这不是 JSON",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": "   "}),
        json.dumps({"id": "d", "text": 42}),
        json.dumps(["text"]),
        json.dumps({"id": "x-2", "text": OFFICER_GIFTS}, ensure_ascii=False),
    ]
    result = run_cli([], "\n".join(lines) + "\n", tmp_path)
    assert result.returncode == 2, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert set(out[0]) == KEYS and set(out[6]) == KEYS
    assert (out[0]["id"], out[6]["id"]) == (17, "x-2")
    assert [item["line"] for item in out[1:6]] == [2, 3, 4, 5, 6]
    assert all(set(item) == {"line", "error"} and item["error"] for item in out[1:6])
    assert "text" in out[2]["error"] and "空" in out[3]["error"] and "字符串" in out[4]["error"]
    assert "\\u" not in result.stdout  # ensure_ascii=False
    # the same answer as the engine, with no unit because there is no database
    # (and the judging criteria of the newest rule file, which is in force)
    rules = sorted((Path(__file__).resolve().parents[2] / "rulesets" / "judging_criteria").glob("*.yaml"))[-1]
    criteria = criteria_from_data(yaml.safe_load(rules.read_text(encoding="utf-8"))["criteria"])
    expected = triager.suggest(FOOD_FINE, criteria=criteria).to_json()
    assert {k: v for k, v in out[0].items() if k != "id"} == expected
    assert out[0]["criteria"] and out[0]["criteria"][0]["code"].startswith("P1b")
    assert out[0]["unit"] is None
    assert not (tmp_path / "absent.sqlite3").exists()  # looking for units created no database


def test_cli_exit_zero_when_every_line_is_fine(tmp_path: Path) -> None:
    stdin = "".join(
        json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n"
        for i, text in enumerate([FOOD_FINE, OFFICER_GIFTS, "请问营业执照怎么办理?"])
    )
    result = run_cli([], stdin, tmp_path)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [0, 1, 2]


def test_cli_evaluate(tmp_path: Path) -> None:
    evaluated = run_cli(["evaluate", "--json"], "", tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
    payload = json.loads(evaluated.stdout)
    # the real public sets are evaluated when their files are there
    assert {"corpus", "realvoice", "realpublic"} <= set(payload) <= {"corpus", "realvoice", *REALPUBLIC_SETS}
    assert sum(b["n"] for b in payload["realvoice"]["reliability"]) == len(load_corpus(REALVOICE_PATH))
    fields = {m["field"]: m for m in payload["corpus"]["metrics"]}
    assert set(fields) == {"category", "subtype", "domain"}
    assert fields["category"]["n"] == len(load_heldout())
    assert 0 < fields["category"]["accuracy"] <= 1


def test_cli_evaluate_takes_every_real_public_set_by_name(tmp_path: Path) -> None:
    newest = [name for name, path in REALPUBLIC_SETS.items() if path.exists()][-1]
    evaluated = run_cli(["evaluate", "--set", newest, "--json"], "", tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
    assert set(json.loads(evaluated.stdout)) == {newest}


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no shipped model")
def test_shipped_model_loads_without_pickle() -> None:
    import numpy as np

    with np.load(MODEL_PATH, allow_pickle=False) as data:
        assert data["weights"].shape[0] == data["vocab"].shape[0]


def test_confirmed_labels_become_examples() -> None:
    rows = [
        ("执法人员每次来都要拿两箱饮料", "P4", "P4d", "食品"),
        ("请问营业执照怎么办", "P0", None, "登记注册"),
        ("类别和细类不一致", "P1", "P4d", None),  # skipped: subtype of another category
        ("", "P0", None, None),  # skipped: empty text
        ("领域不存在", "P0", None, "火星"),  # skipped: unknown domain
    ]
    examples = examples_from_labels(rows)
    assert [(e.text, e.label, e.domain) for e in examples] == [
        ("执法人员每次来都要拿两箱饮料", "P4d", "食品"),
        ("请问营业执照怎么办", "P0", "登记注册"),
    ]


def test_the_label_head_weighs_merchant_complaints_less() -> None:
    """Complaints about merchants teach the label head less (``not_accusing_weight``), so a shared
    word such as 不受理 does not drag a complaint about an officer towards P0."""
    merchant = [
        Example(f"m{i}", f"这家{shop}不受理退货，客服一直推脱", "P0", None, "消费者权益保护", "merchant")
        for i, shop in enumerate(["超市", "商场", "网店", "药店", "饭店", "手机店", "家具店", "健身房"] * 3)
    ]
    officer = [
        Example(f"o{i}", text, "P4", "P4f", None, "officer")
        for i, text in enumerate(
            ["执法人员不受理我的举报", "市场监管所不受理投诉", "所里工作人员推脱不管"] * 3
        )
    ]
    praise = [Example(f"p{i}", "感谢执法人员热情服务", "P0", None, None, "officer") for i in range(3)]
    examples = merchant + officer + praise

    def p0(model: LinearModel, text: str = "工作人员不受理，一直推脱") -> float:
        scores, _, _ = model.score_lists(model.indices(extract(text)[0]))
        total = sum(math.exp(v) for v in scores)
        return math.exp(scores[model.label_classes.index("P0")]) / total

    full, weighed = train(examples, not_accusing_weight=1.0), train(examples, not_accusing_weight=0.3)
    assert weighed.meta["not_accusing_label_weight"] == 0.3
    assert p0(weighed) < p0(full)
    # two label classes only (P0, P4f): scikit-learn's one-row binary fit is stored as two scores
    assert p0(full, "这家药店不受理退货") > 0.6 > 0.4 > p0(full, "市场监管所不受理我的举报")


def test_copies_of_one_text_count_once_for_the_vocabulary() -> None:
    """The copies of a real text (``Example.source``) are one source: a word only that text has does
    not enter the vocabulary however often the text is repeated."""
    base = [
        Example(f"b{i}", f"这家{shop}卖过期食品", "P0", None, "食品", "merchant")
        for i, shop in enumerate(["超市", "商场", "网店", "药店"])
    ]
    copies = [
        Example(f"rt-9-r{k}", "城管踹翻了摊子", "P4", "P4e", None, "authority", source="rt-9")
        for k in range(8)
    ] + [
        Example(f"rt-9-a{k}-aside", "城管踹翻了摊子，花了8元", "P4", "P4e", None, "authority", source="rt-9")
        for k in range(8)
    ]
    vocab = train(base + copies).vocab
    assert "w:城管" not in vocab and "w:过期" in vocab
    spread = [
        Example(f"rt-{n}", f"城管踹翻了{what}", "P4", "P4e", None, "authority")
        for n, what in enumerate("摊桌车")
    ]
    assert "w:城管" in train(base + spread).vocab


def test_training_round_trip(tmp_path: Path) -> None:
    training_set, _ = split(load_corpus(), load_heldout())
    model = train(training_set[::4], note="test")
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = LinearModel.load(path)
    assert loaded.vocab == model.vocab
    assert loaded.label_classes == model.label_classes
    assert loaded.meta["note"] == "test"
    a = Triager(model, Lexicon.load(LEXICON_PATH)).suggest(FOOD_FINE)
    b = Triager(loaded, Lexicon.load(LEXICON_PATH)).suggest(FOOD_FINE)
    assert a.category == b.category and a.subtype == b.subtype and a.domain == b.domain
    assert abs(a.confidence - b.confidence) < 1e-3
