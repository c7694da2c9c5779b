"""The discretion engine on published Chinese price-penalty reports (价格违法).

The cases are ``reference/cases/price_reports.jsonl`` (see ``PRICE_REPORTS.md`` there): structured
summaries of public news reports, notices and decision excerpts, one fine (or no-penalty outcome)
each, with the figures the source states and nothing else.

Each case is mapped to a catalogue item generically: first by the provision the source cites
(价格违法行为行政处罚规定 / 明码标价和禁止价格欺诈规定 / 电力法 / 价格法, in that order), else by
words of the violation description. The keyword table below is written from the wording of the
articles (价格违法行为行政处罚规定第四条至第十四条, 电力法第六十六条) plus a few everyday names of
the same acts (超标准收费, 虚构原价, 划线价); it was not fitted to the cases' fines. The engine is
then run in its item form (``jiandu.engines.discretion.assess``) with:

* ``amounts.illegal_gain``: the 违法所得 / 多收价款 the source states; when it states only the
  overcharge that was refunded, that overcharge (价格违法行为行政处罚规定第十六条: the 违法所得 of
  第四条至第十三条 that consumers overpaid is refunded, so it is still the base); ``null`` (cannot be
  calculated, 第十八条) where the source says 违法所得无法确定; absent (unknown) otherwise;
* ``units`` and ``severity`` (情节较重 / 情节严重) only where the source states them;
* ``facts`` only from the source's own words: 积极配合 → cooperated, 及时改正 → corrected_in_time,
  初次违法 / 首违不罚 → first_violation, 主动退款 → eliminated_harm (never 从轻 / 减轻 / 从重), and
  ``during_emergency`` (指导意见第十五条第（一）项: 在重大传染病疫情等突发事件期间 …, 应当从重) where the
  source places the act in an epidemic (疫情 / 封控 in the description, quote or source note); the
  similar-case check then has that circumstance as the stated 从重 reason;
* ``violation_date`` 1 January of the stated year (the price items have one version, so the day
  only has to be in range); left out when no year is stated.

Reported: how many cases could be mapped, for how many the statutory range could be computed (a
gain-based item needs the gain, which news reports often leave out), the real fine inside the
statutory range and inside the recommended band (overall, decided cases only, by item), the ratio
fine ÷ gain for gain-based items, what the engine said where the source uses a discretion word, and
a sensitivity run reading every unstated gain as 无法确定 (an assumption, shown apart).

With ``--similar``: leave-one-out with ``jiandu.engines.similar.assess``, the other cases of the
same item as the similar cases (compared as fine ÷ gain when both sides know the gain), the
statutory min/max on the proposal; the real fine and the fine ×10 / ×3 / ÷10 flagged or not.

Nothing is tuned here: the ruleset is the shipped default (or --ruleset VERSION).

Run: PYTHONPATH=src:. .venv/bin/python bench/price_real_cases.py [--similar] [--list] [--ruleset V]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench import realcases

from jiandu.engines.discretion import assess, load_ruleset
from jiandu.engines.similar import ConsistencyRules, Proposal, SimilarCase
from jiandu.engines.similar import assess as similar_assess

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "reference" / "cases" / "price_reports.jsonl"

# ---------------------------------------------------------------- mapping to catalogue items


def chinese_number(text: str) -> int:
    """一 … 九十九 (article numbers); 0 for none."""
    return int(realcases.chinese_number(text)) if text else 0


CITE = re.compile(
    r"^(?:中华人民共和国)?(?P<law>价格违法行为行政处罚规定|明码标价和禁止价格欺诈规定|电力法|价格法)"
    r"(?:第(?P<article>[一二三四五六七八九十]+)条)?(?:第(?P<para>[一二三四五六七八九十]+)款)?"
    r"(?:第[（(]?(?P<item>[一二三四五六七八九十]+)[）)]?项)?"
)

# 价格违法行为行政处罚规定: article → item code (第十三条 by 项, below).
PRP_ARTICLES = {4: "PRP-4", 5: "PRP-5", 6: "PRP-6", 7: "PRP-7", 8: "PRP-8", 9: "PRP-9", 10: "PRP-10"}
PRP_ARTICLES |= {12: "PRP-12", 14: "PRP-14"}
PRP_13_ITEMS = {1: "PRP-13-1", 2: "PRP-13-2", 3: "PRP-13-3"}
# 价格法第十四条 项 → the article of 价格违法行为行政处罚规定 that fines it.
PRICE_LAW_14 = {1: "PRP-5", 2: "PRP-4", 3: "PRP-6", 4: "PRP-7", 5: "PRP-4", 6: "PRP-8", 7: "PRP-12"}

# Keywords on the violation description, first match wins. Written from the articles' wording;
# the rows that carry the legal characterisation (政府定价, 哄抬, 价格欺诈) come before the
# subject-matter rows (电费, 明码标价), and the heavier acts before 明码标价.
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PRP-10", ("价格干预措施", "紧急措施")),
    ("PRP-9", ("政府指导价", "政府定价", "自立收费项目", "自定标准收费", "分解收费", "重复收费",
               "扩大收费范围", "明令取消", "保证金", "抵押金", "强制服务", "超标准收")),
    ("EPL-66", ("电费中加收", "在电费中", "多收电费", "计收电费", "电价")),
    ("PRP-6", ("哄抬", "囤积居奇", "涨价信息")),
    ("PRP-5", ("串通",)),
    ("PRP-7", ("价格欺诈", "虚构原价", "虚假的或者使人误解", "被比较价格", "虚假折扣", "低标高结", "划线价")),
    ("PRP-8", ("抬高等级", "压低等级")),
    ("PRP-4", ("倾销", "价格歧视")),
    ("PRP-12", ("暴利",)),
    ("PRP-14", ("拒绝提供", "虚假资料")),
    ("PRP-13-3", ("标价之外", "未标明的费用", "未予标明的费用")),
    ("PRP-13-1", ("未明码标价", "不明码标价", "未标明价格", "不标明价格", "未标价")),
    ("PRP-13-2", ("不按照规定的内容和方式", "标价不规范")),
    ("PRL-42", ("明码标价",)),
)  # fmt: skip
PRICE_MARKING = ("PRP-13-3", "PRP-13-1", "PRP-13-2", "PRL-42")


def by_keywords(text: str, among: tuple[str, ...] | None = None) -> str | None:
    for code, words in KEYWORDS:
        if among is not None and code not in among:
            continue
        if any(word in text for word in words):
            return code
    return None


def _cite_item(cite: str, text: str) -> str | None:
    m = CITE.match(re.sub(r"\s|《|》", "", cite))
    if not m:
        return None
    law, article = m.group("law"), chinese_number(m.group("article") or "")
    para, item = chinese_number(m.group("para") or ""), chinese_number(m.group("item") or "")
    if law == "价格违法行为行政处罚规定":
        if article == 13:
            return PRP_13_ITEMS.get(item) or by_keywords(text, PRICE_MARKING) or "PRL-42"
        return PRP_ARTICLES.get(article)
    if law == "明码标价和禁止价格欺诈规定":
        if 16 <= article <= 20 or article == 23:
            return "PRP-7"
        if article == 25:
            return "PMR-25"
        if 5 <= article <= 15 or article == 22:
            return by_keywords(text, PRICE_MARKING) or "PRL-42"
        return None
    if law == "电力法":
        return "EPL-66" if article in (0, 66) else None
    # 价格法
    if article in (12, 39):
        return by_keywords(text, ("PRP-10",)) or "PRP-9"
    if article in (14, 40):
        return PRICE_LAW_14.get(item) or by_keywords(text, tuple(set(PRICE_LAW_14.values())))
    if article == 13 and para == 2:
        return "PRP-13-3"
    if article in (13, 42):
        return by_keywords(text, PRICE_MARKING) or "PRL-42"
    return None


LAW_ORDER = ("价格违法行为行政处罚规定", "明码标价和禁止价格欺诈规定", "电力法", "价格法")


def item_of(row: dict[str, Any]) -> tuple[str | None, str]:
    """(item code or None, how it was found: 条款 / 关键词 / —)."""
    text = row["violation"]
    for law in LAW_ORDER:
        for cite in row.get("articles") or []:
            if law in cite:
                code = _cite_item(cite, text)
                if code:
                    return code, "条款"
    code = by_keywords(text)
    return (code, "关键词") if code else (None, "—")


# ---------------------------------------------------------------- cases and engine input

FACT_WORDS = {
    "积极配合": "cooperated",
    "及时改正": "corrected_in_time",
    "初次违法": "first_violation",
    "首违不罚": "first_violation",
    "主动退款": "eliminated_harm",
}
EMERGENCY = re.compile(r"疫情|封控|突发事件")
EMERGENCY_REASON = "突发事件（疫情）期间（指导意见第十五条第（一）项）"
GAIN_ITEMS = ("PRP-4", "PRP-5", "PRP-6", "PRP-7", "PRP-8", "PRP-9", "PRP-10", "PRP-12", "EPL-66")


@dataclass
class PriceCase:
    row: dict[str, Any]
    item: str | None
    how: str
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.row["id"])

    @property
    def fine(self) -> Decimal:
        return Decimal(str(self.row["fine"]))

    @property
    def gain(self) -> Decimal | None:
        """The base a gain-based fine is a multiple of, as the source states it (None: unknown)."""
        amounts = self.row.get("amounts") or {}
        for key in ("illegal_gain", "overcharge_refunded"):
            if amounts.get(key) is not None:
                return Decimal(str(amounts[key]))
        return None

    @property
    def stated(self) -> list[str]:
        return list(self.row.get("stated") or [])

    @property
    def during_emergency(self) -> bool:
        """The source places the act in an epidemic (指导意见第十五条第（一）项)."""
        words = " ".join(str(self.row.get(k) or "") for k in ("violation", "quote", "note"))
        return bool(EMERGENCY.search(words))

    def facts(self) -> dict[str, bool]:
        found = {FACT_WORDS[w]: True for w in self.stated if w in FACT_WORDS}
        if self.during_emergency:
            found["during_emergency"] = True
        return found


def load(path: Path = DEFAULT_PATH) -> list[PriceCase]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            cases.append(PriceCase(row, *item_of(row)))
    return cases


def engine_input(case: PriceCase, *, unstated_gain_undeterminable: bool = False) -> dict[str, Any]:
    row = case.row
    amounts = row.get("amounts") or {}
    data: dict[str, Any] = {
        "id": case.id,
        "item": case.item,
        "party": {"kind": "person" if row.get("party_kind") == "person" else "enterprise"},
        "amounts": {},
        "facts": case.facts(),
    }
    if amounts.get("gain_undeterminable"):
        data["amounts"]["illegal_gain"] = None
    elif case.gain is not None:
        data["amounts"]["illegal_gain"] = float(case.gain)
    elif unstated_gain_undeterminable and case.item in GAIN_ITEMS:
        data["amounts"]["illegal_gain"] = None
    if amounts.get("units"):
        data["units"] = int(amounts["units"])
    if row.get("severity"):
        data["severity"] = row["severity"]
    if row.get("year"):
        data["violation_date"] = f"{int(row['year'])}-01-01"
    return data


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def in_band(case: PriceCase, result: dict[str, Any]) -> bool:
    """The real outcome inside what the engine recommends: a fine inside the band; no penalty when
    the engine says no_penalty or may_waive (首违可以不罚)."""
    if case.row["outcome"] == "no_penalty":
        return result.get("outcome") in ("no_penalty", "may_waive")
    band = result.get("fine_range")
    return band is not None and _dec(band["min"]) <= case.fine <= _dec(band["max"])


def in_statutory(case: PriceCase, result: dict[str, Any]) -> bool:
    if case.row["outcome"] == "no_penalty":
        return True  # 不予处罚 is outside the fine range by nature, not a breach of it
    rng = result["statutory_range"]
    return _dec(rng["min"]) <= case.fine <= _dec(rng["max"])


# ---------------------------------------------------------------- the evaluation


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "—"


def _money(value: Any) -> str:
    amount = _dec(value)
    return f"{amount:,.2f}".rstrip("0").rstrip(".")


def evaluate(
    cases: list[PriceCase], ruleset_version: str | None = None, *, unstated_gain_undeterminable: bool = False
) -> dict[str, Any]:
    ruleset = load_ruleset(ruleset_version)
    t: Counter[str] = Counter()
    by_item: dict[str, Counter[str]] = defaultdict(Counter)
    errors: Counter[str] = Counter()
    outside: list[str] = []
    misses: list[str] = []
    ratios: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    stated_lines: list[str] = []
    for case in cases:
        t["cases"] += 1
        if case.item is None:
            t["unmapped"] += 1
            continue
        t[f"mapped_{case.how}"] += 1
        counts = by_item[case.item]
        counts["cases"] += 1
        result = assess(
            engine_input(case, unstated_gain_undeterminable=unstated_gain_undeterminable), ruleset=ruleset
        )
        case.result = result
        if "error" in result:
            reason = "缺违法所得" if "illegal_gain" in result["error"] else result["error"][:40]
            errors[reason] += 1
            counts["no_range"] += 1
            continue
        decided = not case.row.get("proposed")
        t["readable"] += 1
        counts["readable"] += 1
        t["readable_decided"] += decided
        inside_law = in_statutory(case, result)
        inside_band = in_band(case, result)
        for key, hit in (("in_statutory", inside_law), ("in_band", inside_band)):
            t[key] += hit
            counts[key] += hit
            t[f"{key}_decided"] += hit and decided
        if inside_law:
            t["in_band_of_in_statutory"] += inside_band
        rng, band = result["statutory_range"], result.get("fine_range") or {}
        where = (
            f"{case.id} {case.item} 罚款 {_money(case.fine)}，法定 {_money(rng['min'])}–{_money(rng['max'])}"
        )
        if not inside_law:
            outside.append(f"{where}（{rng['branch']}）{'，拟作出' if not decided else ''}")
        if not inside_band:
            shown = f"{_money(band['min'])}–{_money(band['max'])}" if band else "—"
            misses.append(f"{where}，引擎 {result['outcome']} {shown}")
        if case.item in GAIN_ITEMS and case.gain and case.row["outcome"] != "no_penalty":
            ratios[case.item].append((case.id, case.fine / case.gain))
        words = [w for w in case.stated if w in ("从轻", "减轻", "从重", "不予处罚", "首违不罚", "主动退款")]
        if words:
            shown = f"{_money(band['min'])}–{_money(band['max'])}" if band else "无罚款幅度"
            real = "不予处罚" if case.row["outcome"] == "no_penalty" else f"罚款 {_money(case.fine)}"
            said = f"引擎 {result['outcome']} {shown}"
            stated_lines.append(f"{case.id}（{'、'.join(words)}；真实{real}）→ {said}")
    return {
        "tally": dict(t),
        "by_item": {k: dict(v) for k, v in sorted(by_item.items())},
        "errors": dict(errors),
        "outside": outside,
        "misses": misses,
        "ratios": {k: v for k, v in sorted(ratios.items())},
        "stated": stated_lines,
        "ruleset": ruleset.version,
    }


def report(result: dict[str, Any], cases: list[PriceCase], *, listing: bool = False) -> str:
    t: dict[str, int] = result["tally"]
    n, readable = t.get("cases", 0), t.get("readable", 0)
    mapped = n - t.get("unmapped", 0)
    proposed = sum(1 for c in cases if c.row.get("proposed"))
    lines = [
        f"裁量规则 {result['ruleset']}；案例 {n} 件（其中拟作出/告知书 {proposed} 件）",
        f"可对应到目录事项 {share(mapped, n)}（按所引条款 {t.get('mapped_条款', 0)} 件，"
        f"按违法行为关键词 {t.get('mapped_关键词', 0)} 件）；未能对应："
        + ("、".join(c.id for c in cases if c.item is None) or "无"),
        f"可计算法定幅度 {share(readable, mapped)}；不能计算的原因："
        + ("，".join(f"{k} {v} 件" for k, v in result["errors"].items()) or "无"),
        f"真实罚款在法定幅度内 {share(t.get('in_statutory', 0), readable)}；"
        f"仅已作出决定的 {share(t.get('in_statutory_decided', 0), t.get('readable_decided', 0))}",
        f"真实罚款（或不予处罚）在推荐幅度内 {share(t.get('in_band', 0), readable)}；"
        f"仅已作出决定的 {share(t.get('in_band_decided', 0), t.get('readable_decided', 0))}；"
        f"法定幅度内的 {share(t.get('in_band_of_in_statutory', 0), t.get('in_statutory', 0))}",
        "按事项（案例 / 可算幅度 / 法定幅度内 / 推荐幅度内）：",
    ]
    for code, c in result["by_item"].items():
        lines.append(
            f"  {code}: {c.get('cases', 0)} / {c.get('readable', 0)} / "
            f"{c.get('in_statutory', 0)} / {c.get('in_band', 0)}"
        )
    if result["outside"]:
        lines.append("超出法定幅度的：")
        lines += [f"  {row}" for row in result["outside"]]
    if result["ratios"]:
        lines.append(
            "按违法所得倍数计罚的事项，真实罚款 ÷ 违法所得"
            "（引擎分档：从轻 0–1.5 倍，一般 0.5–1.5 倍，从重 3.5–5 倍）："
        )
        for code, values in result["ratios"].items():
            lines.append(f"  {code}: " + "，".join(f"{i} {float(r):.2f}" for i, r in values))
    lines.append("来源写明裁量用语时引擎的结果（来源无一件写'从轻'或'减轻'）：")
    lines += [f"  {row}" for row in result["stated"]] or ["  无"]
    if listing:
        lines.append("推荐幅度未含真实结果的：")
        lines += [f"  {row}" for row in result["misses"]]
    return "\n".join(lines)


# ---------------------------------------------------------------- similar cases (leave-one-out)


def _outcome(case: PriceCase) -> str:
    return "no_penalty" if case.row["outcome"] == "no_penalty" else "penalty"


def evaluate_similar(cases: list[PriceCase], rules: ConsistencyRules | None = None) -> dict[str, Any]:
    """Each mapped case with a fine is taken out; the other cases of its item are the similar cases."""
    rules = rules or ConsistencyRules()
    ranges: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    for case in cases:
        rng = case.result.get("statutory_range") if case.result else None
        ranges[case.id] = (_dec(rng["min"]), _dec(rng["max"])) if rng else (None, None)
    tally: Counter[str] = Counter()
    measures: Counter[str] = Counter()
    flagged_real: list[str] = []
    for case in cases:
        if case.item is None or case.row["outcome"] == "no_penalty" or case.fine <= 0:
            continue
        tally["queries"] += 1
        neighbours = [
            SimilarCase(
                outcome=_outcome(other),
                fine=other.fine,
                score=1.0,
                base=other.gain if other.item in GAIN_ITEMS else None,
                statutory_max=ranges[other.id][1],
            )
            for other in cases
            if other.item == case.item and other.id != case.id
        ]
        low, high = ranges[case.id]
        base = case.gain if case.item in GAIN_ITEMS else None

        def proposal(
            fine: Decimal,
            base: Decimal | None = base,
            low: Any = low,
            high: Any = high,
            reason: str = EMERGENCY_REASON if case.during_emergency else "",
        ) -> Proposal:
            return Proposal(
                fine=fine, base=base, statutory_min=low, statutory_max=high, aggravation_reason=reason
            )

        real = similar_assess(neighbours, proposal(case.fine), rules)
        tally["enough"] += real.enough
        tally["with_statutory"] += high is not None
        tally["ranged_real"] += high is not None and real.flagged
        measures[real.measure] += 1
        if real.flagged:
            tally["flag_real"] += 1
            kind = real.statutory or "类案"
            tally[f"flag_real_{kind}"] += 1
            flagged_real.append(f"{case.id} {case.item} {_money(case.fine)}（{kind}）")
        for label, factor in (("x10", Decimal(10)), ("x3", Decimal(3)), ("div10", Decimal("0.1"))):
            shifted = similar_assess(neighbours, proposal(case.fine * factor), rules)
            tally[f"flag_{label}"] += shifted.flagged
            if high is not None:
                tally[f"ranged_{label}"] += shifted.flagged
            tally[f"flag_{label}_statutory"] += shifted.statutory in ("above_max", "below_min")
    return {"tally": dict(tally), "measures": dict(measures), "flagged_real": flagged_real}


def report_similar(result: dict[str, Any]) -> str:
    t: dict[str, int] = result["tally"]
    q = t.get("queries", 0)
    m = result["measures"]
    return "\n".join(
        [
            f"查询案件(有罚款且对应到事项) {q} 件；同一事项类案≥3件 {share(t.get('enough', 0), q)}；"
            f"带法定幅度 {share(t.get('with_statutory', 0), q)}；"
            "比对方式：" + "，".join(f"{k} {v}" for k, v in sorted(m.items())),
            f"真实罚款被提示 {share(t.get('flag_real', 0), q)}（超出法定幅度 "
            f"{t.get('flag_real_above_max', 0) + t.get('flag_real_below_min', 0)} 件，"
            f"位于法定幅度较高30%而未载明从重情节 {t.get('flag_real_aggravated_unstated', 0)} 件，"
            f"仅因偏离类案 {t.get('flag_real_类案', 0)} 件）",
            "；".join(
                f"罚款{name} 被提示 {share(t.get(f'flag_{key}', 0), q)}"
                f"（法定幅度 {t.get(f'flag_{key}_statutory', 0)} 件）"
                for name, key in (("×10", "x10"), ("×3", "x3"), ("÷10", "div10"))
            ),
            f"可算出法定幅度的 {t.get('with_statutory', 0)} 件中："
            f"罚款×10 被提示 {t.get('ranged_x10', 0)} 件，"
            f"×3 {t.get('ranged_x3', 0)} 件，÷10 {t.get('ranged_div10', 0)} 件，"
            f"真实罚款被提示 {t.get('ranged_real', 0)} 件"
            "（其余为来源未写违法所得、无法计算法定幅度的按倍数计罚事项）",
            "被提示的真实罚款：" + ("；".join(result["flagged_real"]) or "无"),
        ]
    )


def kinds(cases: list[PriceCase]) -> str:
    counts = Counter(c.item or "未对应" for c in cases)
    return "，".join(f"{k} {v}" for k, v in sorted(counts.items()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--ruleset")
    parser.add_argument("--similar", action="store_true", help="类案比对（同一事项的其他案例，留一法）")
    parser.add_argument("--list", action="store_true", help="列出推荐幅度未含真实结果的案例")
    args = parser.parse_args()
    everything = load(args.path)
    print(f"== 价格违法公开案例（{args.path.name}）；按事项：{kinds(everything)}")
    result = evaluate(everything, args.ruleset)
    print(report(result, everything, listing=args.list))
    print("== 敏感性（假设）：来源未写违法所得的，按第十八条'违法所得无法确定'（null）试算")
    print(report(evaluate(load(args.path), args.ruleset, unstated_gain_undeterminable=True), everything))
    if args.similar:
        print("== 类案比对：同一事项的其他案例为类案，留一法")
        print(report_similar(evaluate_similar(everything)))
