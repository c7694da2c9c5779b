"""Triage on real voices: who is accused first, the failure modes met on real texts, calibration.

The figures asserted here are floors on the hand-written real-voice held-out set
(``data/realvoice_heldout.jsonl``), which is never trained on; ``jiandu triage evaluate --detail``
prints the measured figures and the reliability table.
"""

from __future__ import annotations

import opencc
import pytest

from jiandu.engines.triage import Triager
from jiandu.engines.triage.features import normalise
from jiandu.engines.triage.grammar import add_aside, generate
from jiandu.engines.triage.lexicon import Lexicon, LexiconError
from jiandu.engines.triage.model import LinearModel
from jiandu.engines.triage.taxonomy import ACCUSED, ACCUSING_AUTHORITY, label_of
from jiandu.engines.triage.training import (
    CALIBRATION_PATH,
    REALVOICE_PATH,
    evaluate,
    load_corpus,
    load_heldout,
    reliability,
    split,
)


@pytest.fixture(scope="module")
def triager() -> Triager:
    return Triager.load()


@pytest.mark.parametrize(
    "text",
    [
        "燃气公司上门安检,说软管必须换,一根收了一百八,这不是乱收费吗?",
        "出租车司机不打表,从车站到医院一口价六十,外地人就被这样乱收费。",
        "那家私立医院乱收费,做个B超加上一堆没做的项目收了九百多。",
    ],
)
def test_a_merchant_charging_too_much_is_not_an_officer_problem(triager: Triager, text: str) -> None:
    suggestion = triager.suggest(text)
    assert suggestion.accused == "merchant"
    assert (suggestion.category, suggestion.subtype) == ("P0", None)
    assert suggestion.domain == "价格"


@pytest.mark.parametrize(
    "text",
    [
        "我们楼下的居委会根本不作为,楼道里乱拉电线,说了多少次都没人管。",
        "小区门口的路灯坏了三个月,打了好几次电话都没人来修。",
    ],
)
def test_inaction_of_a_non_enforcement_body_is_p0(triager: Triager, text: str) -> None:
    suggestion = triager.suggest(text)
    assert suggestion.category == "P0"
    assert suggestion.accused not in ACCUSING_AUTHORITY
    assert suggestion.domain is None


@pytest.mark.parametrize(
    "text",
    [
        "我向卫生局举报一家无证诊所给人打点滴,卫生局一直不受理。",
        "楼下饭店后厨脏得要命,打了十几次电话,有关部门就是不管。",
        "市场里卖注水肉的摊位大家都知道,管理所的人天天路过,视而不见。",
    ],
)
def test_inaction_worded_otherwise_is_caught(triager: Triager, text: str) -> None:
    suggestion = triager.suggest(text)
    assert (suggestion.category, suggestion.subtype) == ("P4", "P4f")
    assert suggestion.accused in ACCUSING_AUTHORITY


@pytest.mark.parametrize(
    "text",
    [
        "我司因产品标签不规范被区市场监督管理局罚款二万元,我司认为违法行为轻微且已改正,处罚过重,特申请复议。",
        "我们对20000元的罚款不服,两箱饮料标签有点瑕疵,罚得太重了。",
    ],
)
def test_a_firm_contesting_its_own_fine_is_p1b_not_p4c(triager: Triager, text: str) -> None:
    suggestion = triager.suggest(text)
    assert (suggestion.category, suggestion.subtype) == ("P1", "P1b")
    assert suggestion.accused == "officer"


def test_a_hotline_number_is_a_channel_not_an_accusation(triager: Triager) -> None:
    complaint = triager.suggest("打12315投訴,網店賣假貨,要求退款。")
    assert (complaint.category, complaint.accused, complaint.domain) == ("P0", "merchant", "网监")
    unanswered = triager.suggest("打了三次12315都没人管,投诉的手机店卖翻新机一个多月了没下文。")
    assert (unanswered.category, unanswered.subtype) == ("P4", "P4f")


def test_hotline_numbers_survive_normalisation_and_cues_do_not_fire_on_other_digits() -> None:
    assert "12315" in normalise("打１２３１５投诉")
    assert normalise("花了8元,罚了2万") == "花了0元,罚了0万"
    lexicon = Lexicon.from_mapping({"domains": {"消费者权益保护": [{12315: 1.0}]}})
    assert lexicon.match("打12315投诉了两次")[1]
    assert not lexicon.match("花了8元买了一瓶水")[1]
    assert not lexicon.match("罚了0元")[1]


def test_traditional_characters_read_like_simplified(triager: Triager) -> None:
    to_traditional = opencc.OpenCC("s2t")
    texts = [e.text for e in load_corpus(REALVOICE_PATH)]
    same = 0
    for text in texts:
        plain, traditional = triager.suggest(text), triager.suggest(to_traditional.convert(text))
        same += (plain.category, plain.domain) == (traditional.category, traditional.domain)
    assert same / len(texts) >= 0.95


def test_an_amount_spent_does_not_flip_the_domain(triager: Triager) -> None:
    _, test = split(load_corpus(), load_heldout())
    texts = [e.text for e in test] + [e.text for e in load_corpus(REALVOICE_PATH)]
    flips = 0
    for text in texts:
        before = triager.suggest(text).domain
        flips += before != triager.suggest(text.rstrip("。") + ",花了8元。").domain
        flips += before != triager.suggest("花了8元," + text).domain
    assert flips / (2 * len(texts)) <= 0.05, flips


def test_real_voice_floors(triager: Triager) -> None:
    examples = load_corpus(REALVOICE_PATH)
    assert len(examples) >= 120
    metrics = {m.field: m for m in evaluate(triager.suggest, examples)}
    assert metrics["category"].accuracy >= 0.84
    assert metrics["domain"].accuracy >= 0.74
    assert metrics["subtype"].accuracy >= 0.78


def test_confidence_is_calibrated_on_real_voices(triager: Triager) -> None:
    bins, error = reliability(triager.suggest, load_corpus(REALVOICE_PATH))
    assert error <= 0.10
    confident = [b for b in bins if b.low >= 0.9 and b.n]
    assert confident and all(b.accuracy >= 0.85 for b in confident)
    assert triager.model.temperature >= 1.0


def test_accused_is_in_the_output_and_gates_the_category(triager: Triager) -> None:
    suggestion = triager.suggest("超市卖的牛奶过期了三天,店家不肯退。")
    assert suggestion.to_json()["accused"] == "merchant"
    assert suggestion.category == "P0"
    probabilities = triager.category_probabilities("超市卖的牛奶过期了三天,店家不肯退。")
    assert abs(sum(probabilities.values()) - 1.0) < 1e-6
    assert probabilities["P0"] > 0.9


def test_held_out_and_calibration_texts_are_never_trained_on() -> None:
    held = {e.text for e in load_corpus(REALVOICE_PATH)}
    calibration = {e.text for e in load_corpus(CALIBRATION_PATH)}
    corpus = {e.text for e in load_corpus()}
    generated = {g.text for g in generate(2000)}
    assert not held & calibration
    assert not (held | calibration) & (corpus | generated)


def test_grammar_is_deterministic_and_consistent() -> None:
    first = generate(300, seed=5)
    assert first == generate(300, seed=5)
    assert len({g.text for g in first}) == 300
    for g in first:
        assert g.accused in ACCUSED
        label_of(g.label[:2], g.label if len(g.label) == 3 else None)
        if g.accused not in ACCUSING_AUTHORITY:
            assert g.label == "P0"
    assert {g.accused for g in first} == set(ACCUSED)


def test_add_aside_keeps_the_text() -> None:
    import random

    text = "执法人员来检查,态度恶劣。"
    for seed in range(20):
        aside = add_aside(random.Random(seed), text)
        assert len(aside) > len(text)
        assert "执法人员" in aside and "态度恶劣" in aside


def test_accused_lexicon_section_is_checked() -> None:
    with pytest.raises(LexiconError, match="路人"):
        Lexicon.from_mapping({"accused": {"路人": ["词"]}})
    lexicon = Lexicon.from_mapping({"accused": {"none": ["居委会"]}})
    assert [hit.target for hit in lexicon.match("居委会不管")[2]] == ["none"]


def test_a_model_without_an_accused_head_still_works(triager: Triager) -> None:
    model = triager.model
    columns = len(model.label_classes) + len(model.domain_classes)
    old = LinearModel(
        vocab=model.vocab,
        weights=model.weights[:, :columns],
        bias=model.bias[:columns],
        label_classes=model.label_classes,
        domain_classes=model.domain_classes,
        meta={"version": "old"},
    )
    suggestion = Triager(old, triager.lexicon).suggest("执法人员每次来都要拿两条烟。")
    assert suggestion.accused is None
    assert suggestion.category in {"P0", "P1", "P2", "P3", "P4"}
