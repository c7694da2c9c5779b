"""The discretion engine on the 151 real penalty decisions in reference/cases/.

For each decision with a parsed fine, the statutory range is read from the dataset's own statute
text and the case's amounts (bench/realcases.py), the circumstances from the case text by keyword,
and the engine's recommended band is compared with the real fine. Reported: how many statutory
ranges could be read, how many real fines lie inside the statutory range, and how many inside the
recommended band — overall, for fines inside the statutory range, and per outcome. Where the
decision itself says 从轻 / 减轻, what the engine said.

Nothing is tuned here: the ruleset is the shipped default (or --ruleset VERSION).

Run: PYTHONPATH=src:. .venv/bin/python bench/discretion_real_cases.py [--ruleset VERSION]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections import Counter
from decimal import Decimal

from bench.realcases import LAW_ARTICLE, RealCase, load

from jiandu.engines.discretion import assess, load_ruleset
from jiandu.engines.discretion.catalogue import shipped_rules
from jiandu.engines.discretion.statutory import InputError, statutory_range


def engine_input(case: RealCase) -> dict[str, object]:
    """The item form, as an officer types it: the case's own item (its statute text read into
    branches, ``RealCase.rules``), the amounts and the circumstances read from the text."""
    facts: dict[str, object] = dict(case.facts)
    if case.harm:
        facts["harm"] = case.harm
    return {
        "id": case.index,
        "item": f"R{case.index}",
        "party": {"kind": "person" if case.party_kind == "person" else "enterprise"},
        "amounts": {key: None if value is None else float(value) for key, value in case.amounts.items()},
        "facts": facts,
    }


def evaluate(cases: list[RealCase], ruleset_version: str | None = None) -> dict[str, object]:
    ruleset = load_ruleset(ruleset_version)
    tally: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    inside_by_outcome: Counter[str] = Counter()
    stated: Counter[str] = Counter()
    misses: list[tuple[int, str, Decimal, dict[str, object]]] = []
    widths: list[Decimal] = []
    for case in cases:
        if case.fine is None:
            continue
        tally["fined"] += 1
        statutory = case.statutory()
        if statutory is None:
            continue
        low, high, _base = statutory
        tally["readable"] += 1
        in_range = low <= case.fine <= high
        tally["in_statutory"] += in_range
        result = assess(engine_input(case), ruleset=ruleset, rules=case.rules())
        outcome = result["outcome"]
        outcomes[outcome] += 1
        band = result["fine_range"]
        inside = band is not None and Decimal(str(band["min"])) <= case.fine <= Decimal(str(band["max"]))
        if band is not None and high > low:
            widths.append((Decimal(str(band["max"])) - Decimal(str(band["min"]))) / (high - low))
        tally["in_band"] += inside
        if in_range:
            tally["in_band_of_in_statutory"] += inside
        inside_by_outcome[outcome] += inside
        if re.search(r"从轻", case.text):
            stated[f"从轻→{outcome}"] += 1
        if re.search(r"减轻", case.text):
            stated[f"减轻→{outcome}"] += 1
        if not inside:
            misses.append((case.index, outcome, case.fine, band or {}))
    return {
        "tally": dict(tally),
        "outcomes": dict(outcomes),
        "inside_by_outcome": dict(inside_by_outcome),
        "stated": dict(stated),
        "misses": misses,
        "ruleset": ruleset.version,
        "median_width": sorted(widths)[len(widths) // 2] if widths else None,
    }


STATE_CUES = re.compile(r"从轻|减轻|从重")


def _cause(
    case: RealCase, low: Decimal, high: Decimal, base: Decimal | None, result: dict[str, object]
) -> str:
    """Why the recommended band misses the real fine, in the terms of the diagnosis table."""
    assert case.fine is not None
    fine = case.fine
    outcome = result["outcome"]
    gain = "按倍数计罚；" if base is not None else ""
    person = "个体/自然人；" if case.party_kind == "person" else ""
    if fine < low:
        if case.mitigation_reason:
            why = "减轻处罚，决定书载明理由（引擎须有第十三条情节才减轻）"
        elif base is None and low >= 10 * max(
            case.amounts.get("goods_value") or 0, case.amounts.get("illegal_gain") or 0
        ):
            why = "减轻处罚未载明理由；涉案金额远小于固定最低罚款（过罚相当）"
        else:
            why = "减轻处罚未载明理由"
        return f"{gain}{person}低于法定最低额：{why}"
    if fine > high:
        return f"{gain}{person}高于法定最高额：可能为情节严重分支或其他版本"
    position = (fine - low) / (high - low) if high > low else Decimal(0)
    if position <= Decimal("0.3"):
        where = "等于法定最低额" if fine == low else "位于法定幅度最低30%"
        if outcome == "lenient":
            return f"{gain}{person}{where}，引擎从轻但推荐幅度未含（见幅度）"
        return f"{gain}{person}{where}（从轻部分），摘要未载明第十四条等从轻情节，引擎按一般"
    if position > Decimal("0.7"):
        return f"{gain}{person}位于法定幅度最高30%（从重部分），摘要未载明从重情节"
    return f"{gain}{person}位于中间（一般部分），引擎给出{outcome}"


def diagnose(cases: list[RealCase], ruleset_version: str | None = None) -> str:
    """A Markdown table: for every decision whose statute text could be read, why the band misses."""
    ruleset = load_ruleset(ruleset_version)
    rows = [
        "| # | 条款 | 法定幅度 | 真实罚款 | 引擎 | 推荐幅度 | 原因 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    causes: Counter[str] = Counter()
    for case in cases:
        if case.fine is None or not case.branches:
            continue
        if case.applied_elsewhere:
            causes["决定适用了其他条款或旧版本"] += 1
            rows.append(
                f"| {case.index} | {case.article[:24].replace('|', '／')} | — | {case.fine} | — | — | "
                f"决定适用{case.applied_elsewhere}，数据集的法定幅度不适用（不计入） |"
            )
            continue
        statutory = case.statutory()
        if statutory is None:
            continue
        low, high, base = statutory
        result = assess(engine_input(case), ruleset=ruleset, rules=case.rules())
        band = result["fine_range"] or {}
        if band and Decimal(str(band["min"])) <= case.fine <= Decimal(str(band["max"])):
            causes["在推荐幅度内"] += 1
            continue
        cause = _cause(case, low, high, base, result)
        causes[re.sub(r"^(按倍数计罚;)?(个体/自然人;)?", "", cause).split(":")[0].split(",")[0]] += 1
        rows.append(
            f"| {case.index} | {case.article[:24].replace('|', '／')} | {low}–{high} | {case.fine} | "
            f"{result['outcome']} | "
            f"{band.get('min', '—')}–{band.get('max', '—')} | {cause} |"
        )
    summary = ["| 原因 | 件数 |", "| --- | --- |"] + [f"| {k} | {v} |" for k, v in causes.most_common()]
    return "\n".join([*summary, "", *rows])


def _norm(article: str) -> str:
    return article.replace("(", "（").replace(")", "）")


def catalogue_check(cases: list[RealCase]) -> tuple[dict[str, int], list[str]]:
    """The shipped catalogue against the same decisions: for each decision with a readable range whose
    provision is a catalogue item (same law, same article, same 款/项 where the decision names them),
    the catalogue's statutory range for the decision's amounts, party and year, compared with the
    range read from the dataset's own statute text and with the real fine."""
    rules = shipped_rules()
    tally: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    rows: list[str] = []
    for case in cases:
        statutory = case.statutory() if case.fine is not None else None
        if statutory is None:
            continue
        assert case.fine is not None
        m = LAW_ARTICLE.match(case.article)
        if not m or not m.group(3):
            continue
        law, wanted = (
            m.group(1),
            _norm(case.article[m.start(3) : case.article.find("|") % (len(case.article) + 1)]),
        )
        year = re.search(r"(20[0-2][0-9])年", case.text)
        day = dt.date(int(year.group(1)), 1, 1) if year else None
        codes = [
            item.code
            for item in rules.items
            if item.law == law and item.in_force(day) and _norm(item.article).startswith(wanted)
        ]
        if not codes:
            tally["not_in_catalogue"] += 1
            missing[f"《{law}》{wanted}"] += 1
            continue
        try:
            got = statutory_range(
                rules, codes[0], violation_date=day, party_kind=case.party_kind, amounts=case.amounts
            )
        except (InputError, KeyError) as error:
            tally["catalogue_unreadable"] += 1
            rows.append(f"{case.index} {codes[0]} 目录无法计算：{error}")
            continue
        tally["matched"] += 1
        low, high, _ = statutory
        same = (got.min, got.max) == (low, high)
        tally["same_range"] += same
        tally["fine_in_catalogue_range"] += got.min <= case.fine <= got.max
        if not same:
            rows.append(
                f"{case.index} {got.item} 目录 {got.min}–{got.max}，数据集 {low}–{high}，罚款 {case.fine}"
            )
    rows += [f"目录中没有的条款：{article} {n} 件" for article, n in missing.most_common()]
    return dict(tally), rows


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "—"


def report(result: dict[str, object]) -> str:
    t: dict[str, int] = result["tally"]  # type: ignore[assignment]
    outcomes: dict[str, int] = result["outcomes"]  # type: ignore[assignment]
    by: dict[str, int] = result["inside_by_outcome"]  # type: ignore[assignment]
    lines = [
        f"裁量规则 {result['ruleset']}",
        f"有罚款的决定 {t.get('fined', 0)} 件；"
        f"可读出法定幅度 {share(t.get('readable', 0), t.get('fined', 0))}",
        f"真实罚款在法定幅度内 {share(t.get('in_statutory', 0), t.get('readable', 0))}"
        "（其余多为低于法定最低额：减轻处罚或摘要未载明理由）",
        f"真实罚款在推荐幅度内 {share(t.get('in_band', 0), t.get('readable', 0))}；"
        f"其中法定幅度内的 {share(t.get('in_band_of_in_statutory', 0), t.get('in_statutory', 0))}",
        "推荐幅度宽度中位数（占法定幅度）："
        + (f"{float(result['median_width']):.0%}" if result.get("median_width") is not None else "—"),
        "按引擎结果：" + ",".join(f"{k} {share(by.get(k, 0), v)}" for k, v in sorted(outcomes.items())),
        "决定书写明从轻/减轻时引擎的结果："
        + ",".join(f"{k} {v}" for k, v in sorted(result["stated"].items())),  # type: ignore[attr-defined]
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--ruleset")
    parser.add_argument(
        "--split", action="store_true", help="分别报告偶数位、奇数位两半（本脚本不选参数，两半均为留出）"
    )
    parser.add_argument("--misses", action="store_true", help="列出推荐幅度未包含真实罚款的决定")
    parser.add_argument(
        "--catalogue", action="store_true", help="以目录事项计算法定幅度，与数据集条文读出的幅度对照"
    )
    parser.add_argument(
        "--diagnose", action="store_true", help="逐件列出推荐幅度未含真实罚款的原因（Markdown）"
    )
    args = parser.parse_args()
    if args.catalogue:
        counts, lines = catalogue_check(load())
        print(counts)
        print("\n".join(lines))
        raise SystemExit(0)
    if args.diagnose:
        print(diagnose(load(), args.ruleset))
        raise SystemExit(0)
    if args.split:
        everything = [c for c in load() if c.fine is not None]
        for part, name in ((0, "偶数位"), (1, "奇数位")):
            print(f"== {name}一半")
            print(report(evaluate(everything[part::2], args.ruleset)))
        raise SystemExit(0)
    outcome = evaluate(load(), args.ruleset)
    print(report(outcome))
    if args.misses:
        for row in outcome["misses"]:  # type: ignore[attr-defined]
            print(*row)
