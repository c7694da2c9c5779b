"""Read the real penalty cases (reference/cases/) into what an officer would type into Jiandu.

Each row of ``derived_cases_flat.jsonl`` (151 published decisions, Apache-2.0, see the licence
beside it) has the legal basis, the statutory penalty text as the dataset authors wrote it, the
case text and the fine(s) parsed from it. Nothing here was written to fit the engines: the
statutory text is parsed into fine branches by a generic reader of Chinese statute wording, the
amounts (货值金额, 违法所得 …) and circumstances (积极配合, 初次违法 …) are read from the case text
by keyword, and the words that state the authority's own conclusion (从轻, 减轻, 从重) are not used as
facts — only as the "stated 减轻 reason" a decision records.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jiandu.engines.discretion.statutory import Branch, CatalogueRules, InputError, ItemRule, statutory_range

DATA = Path(__file__).resolve().parents[1] / "reference" / "cases" / "derived_cases_flat.jsonl"

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = r"(?:[0-9.]+|[零〇一二两三四五六七八九十百千]+)"


def chinese_number(text: str) -> Decimal:
    if re.fullmatch(r"[0-9.]+", text):
        return Decimal(text)
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in UNITS:
            total += (current or 1) * UNITS[ch]
            current = 0
    return Decimal(total + current)


def money(number: str, unit: str) -> Decimal:
    value = chinese_number(number)
    return value * 10000 if unit.startswith("万") else value


def times(text: str) -> Decimal:
    """二倍 → 2; 百分之五 → 0.05; 30% → 0.3; 等值 → 1."""
    if text == "等值":
        return Decimal(1)
    m = re.fullmatch(rf"百分之({NUM})", text)
    if m:
        return chinese_number(m.group(1)) / 100
    m = re.fullmatch(r"([0-9.]+)%", text)
    if m:
        return Decimal(m.group(1)) / 100
    m = re.fullmatch(rf"({NUM})倍", text)
    if m:
        return chinese_number(m.group(1))
    raise ValueError(text)


BASES = (
    ("货值金额", "goods_value"),
    ("违法所得", "illegal_gain"),
    ("广告费用", "ad_cost"),
    ("违法经营额", "turnover"),
    ("销售额", "sales_last_year"),
    ("营业额", "turnover"),
    ("出资金额", "false_capital"),
    ("注册资本金额", "false_capital"),
    ("所得", "illegal_gain"),
)
AMOUNT = rf"({NUM})(万?元)"
TIMES = rf"(等值|百分之{NUM}|[0-9.]+%|(?:{NUM})倍)"


def _base_of(text: str) -> str | None:
    for word, key in BASES:
        if word in text:
            return key
    return None


SKIP = re.compile(
    r"情节(特别)?严重|情节较重|拒不改正|逾期不改|再次|两年内|所获收入|直接负责的主管人员|从业人员|个人"
)
CONDITION = re.compile(r"不足|以上的|没有|无法计算|难以计算|以下的|明显偏低")


def _condition(text: str, base: str | None) -> dict[str, object]:
    kwargs: dict[str, object] = {}
    if re.search(r"没有|无法计算|难以计算", text) and not re.search(r"不足|以下", text):
        kwargs["none"] = True
    m = re.search(rf"不足{AMOUNT}|在{AMOUNT}以下", text)
    if m:
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        kwargs["below"] = money(number, unit)
    m = re.search(rf"{AMOUNT}以上", text)
    if m and "below" not in kwargs:
        kwargs["at_least"] = money(m.group(1), m.group(2))
    if kwargs:
        kwargs["base"] = _base_of(text) or base or "illegal_gain"
    return kwargs


def parse_statute(text: str) -> list[Branch]:
    """Fine branches from statute wording, for the ordinary severity and a unit (单位) party.

    The text is cut at commas and semicolons; a piece ending in 的 that names a condition
    (不足一万元的, 没有违法所得的 …) applies to the fine that follows. 情节严重/拒不改正 clauses and the
    fines on individuals in charge are skipped. Of several laws joined by "|", the first is read.
    """
    text = text.split("|")[0]
    floor: Decimal | None = None
    m = re.search(rf"不足{AMOUNT}的[,，]?按{AMOUNT}计算", text)
    if m:
        floor = money(m.group(3), m.group(4))
    conditional: list[Branch] = []
    plain: list[Branch] = []
    pending: dict[str, object] = {}
    skipping = False
    last_base: str | None = None
    for piece in re.split(r"[；;。,，]", text):
        piece = piece.strip()
        if not piece:
            continue
        if piece.endswith("的") and (CONDITION.search(piece) or SKIP.search(piece)):
            skipping = bool(SKIP.search(piece))
            pending = {} if skipping else _condition(piece, last_base)
            continue
        if skipping or SKIP.search(piece):
            skipping = False
            pending = {}
            continue
        mult = re.search(rf"{TIMES}以上{TIMES}以下", piece) or re.search(rf"{TIMES}以下", piece)
        fixed = re.search(rf"{AMOUNT}以上{AMOUNT}以下", piece) or re.search(rf"{AMOUNT}以下", piece)
        branch: Branch | None = None
        if mult and (not fixed or mult.start() < fixed.start()):
            base = _base_of(piece[: mult.start()]) or (pending.get("base") if pending else None)
            if base is None:
                continue
            groups = [g for g in mult.groups() if g]
            low, high = (
                (times(groups[0]), times(groups[1])) if len(groups) == 2 else (Decimal(0), times(groups[0]))
            )
            condition = {k: v for k, v in pending.items() if k != "none"}
            condition["base"] = base
            branch = Branch(
                label=piece[:40],
                **condition,  # type: ignore[arg-type]
                min_times=low,
                max_times=high,
                base_floor=floor if base == "goods_value" else None,
            )
            last_base = str(base)
        elif fixed:
            groups = fixed.groups()
            if len(groups) == 4:
                low, high = money(groups[0], groups[1]), money(groups[2], groups[3])
            else:
                low, high = Decimal(0), money(groups[0], groups[1])
            branch = Branch(label=piece[:40], min=low, max=high, **pending)  # type: ignore[arg-type]
        if branch is not None:
            (conditional if pending else plain).append(branch)
        pending = {}
    if not conditional and not plain and "拒不改正的" in text:
        # the statute fines only after a warning is ignored (食品安全法第一百二十六条: 责令改正，给予警告；
        # 拒不改正的，处五千元以上五万元以下罚款): a decision that fines was made under that branch
        return parse_statute(text.replace("拒不改正的", "", 1))
    # conditional branches first, in the order written, then the first unconditional one
    return conditional + plain[:1]


AMOUNT_IN_TEXT = r"(?:为|共计|合计|计|人民币|约)*[:：]?\s*(?:人民币)?\s*([0-9][0-9,，.]*)\s*(万?元)"


def read_amounts(text: str) -> dict[str, Decimal | None]:
    amounts: dict[str, Decimal | None] = {}
    for word, key in (
        ("货值金额", "goods_value"),
        ("货值", "goods_value"),
        ("违法所得", "illegal_gain"),
        ("获利", "illegal_gain"),
        ("广告费用", "ad_cost"),
        ("广告费", "ad_cost"),
        ("违法经营额", "turnover"),
        ("销售金额", "turnover"),
        ("销售收入", "turnover"),
        ("违法经营额", "turnover"),
        ("销售额", "turnover"),
        ("虚假出资金额", "false_capital"),
        ("虚报注册资本", "false_capital"),
    ):
        if key in amounts:
            continue
        found = list(re.finditer(word + AMOUNT_IN_TEXT, text)) or list(
            re.finditer(word + r"[^0-9。；,，]{0,10}([0-9][0-9,，.]*)\s*(万?元)", text)
        )
        if found:
            # a decision that states the amount more than once (the goods seized, then all the goods
            # sold) reaches its total last: the largest figure is the amount the fine rests on
            values = []
            for m in found:
                value = Decimal(m.group(1).replace(",", "").replace("，", "").rstrip("."))
                value = value * 10000 if m.group(2).startswith("万") else value
                # "货值共计不足1万元": only known to be under the figure, a statutory threshold
                if "不足" in m.group(0) or re.match(r"以下|以内", text[m.end() : m.end() + 2]):
                    value -= Decimal("0.01")
                values.append(value)
            amounts[key] = max(values)
        elif re.search(word + r"[^。；]{0,12}(无法计算|无法确定|难以计算|无法认定)", text):
            amounts[key] = None
        elif re.search(r"(无|没有|未产生|未获得|尚未获得)" + word, text):
            amounts[key] = Decimal(0)
    m = re.search(r"(?:认缴|出资额|注册资本)[^。]{0,20}?([0-9.]+)\s*万元", text)
    if m and "false_capital" not in amounts:
        amounts["false_capital"] = Decimal(m.group(1)) * 10000
    return amounts


FACT_WORDS: dict[str, str] = {
    "cooperated": (
        r"积极配合|主动配合|配合(调查|执法|检查|办案|本机关|本局)|如实(陈述|交代|说明|供述)|主动提供"
    ),
    "corrected_in_time": r"(已|及时|主动|立即|积极)(整改|改正)|整改到位|已(下架|停止|撤下|删除)",
    "first_violation": r"初次|首次|初犯|第一次违法",
    "eliminated_harm": (
        r"主动(召回|退还|退款|退赔|消除|赔偿|下架)|已(召回|退还|赔偿|退款)|(已|进行|作出)?退一赔三|已.{0,8}(退赔|赔偿)"
    ),
    "minor_social_harm": r"社会危害(性)?(较小|不大|轻微|小)|危害后果轻微|情节轻微|违法行为轻微",
    "hardship": r"(家庭|生活)(特别|确有|十分)?困难",
    "repeat_within_year": r"一年内.{0,10}(受过|曾因)|屡次|再次违法",
    "obstruction": r"拒不配合|阻碍|抗拒",
    "evidence_tampering": r"伪造证据|隐匿|销毁证据",
}
# the decision relies on an item of 行政处罚法第三十二条 (应当从轻或者减轻):
# that item is the circumstance it found
PENALTY_LAW_32 = re.compile(r"行政处罚法》[^。；]{0,30}第三十二条第[（(]([一二三四五])[）)]项")
ARTICLE_32_ITEMS = {
    "一": "eliminated_harm",
    "二": "coerced_or_deceived",
    "三": "confessed_unknown",
    "四": "meritorious_cooperation",
    "五": "other_shall_mitigate",
}
# a sentence of the decision that states 减轻, or states a mitigating circumstance it relies on (鉴于 …)
MITIGATION_STATED = re.compile(r"减轻|鉴于.{0,40}(积极|主动|配合|初次|首次|轻微|整改|改正)")
# a sentence that states a 从重 circumstance (指导意见第十五、十六条) or 从重 itself
AGGRAVATION_STATED = re.compile(
    r"从重|情节(较重|严重)|拒不(改正|配合)|多次|屡次|再次违法|一年内.{0,10}(受过|曾因)"
)


@dataclass
class RealCase:
    index: int
    domain: str
    subtype: str
    article: str
    text: str
    facts_text: str
    statute: str
    fine: Decimal | None
    branches: list[Branch] = field(default_factory=list)
    amounts: dict[str, Decimal | None] = field(default_factory=dict)
    facts: dict[str, bool] = field(default_factory=dict)
    harm: str | None = None
    mitigation_reason: str = ""
    aggravation_reason: str = ""
    party_kind: str = "enterprise"
    applied_elsewhere: str = ""  # the provision applied, when not the dataset's (see applied_mismatch)

    def rules(self) -> CatalogueRules:
        item = ItemRule(
            code=f"R{self.index}",
            name=self.subtype,
            law="",
            law_title=self.article,
            statute_version=__import__("datetime").date(2000, 1, 1),
            article=self.article,
            branches=tuple(self.branches),
        )
        return CatalogueRules(version="real-cases", items=(item,))

    def statutory(self) -> tuple[Decimal, Decimal, Decimal | None] | None:
        """(min, max, base) of the statutory range for these facts, None when it cannot be read."""
        if not self.branches or self.applied_elsewhere:
            return None
        try:
            result = statutory_range(
                self.rules(), f"R{self.index}", amounts=self.amounts, party_kind=self.party_kind
            )
        except InputError:
            return None
        return result.min, result.max, result.base_amount


DECISION = re.compile(r"(处罚决定|拟决定|决定如下|决定对当事人)")
LAW_ARTICLE = re.compile(
    r"《(?:中华人民共和国)?([^》]+)》(（[^）]*）|\([^)]*\))?(第[零〇一二两三四五六七八九十百千]+条)?"
)


def applied_mismatch(text: str, article: str) -> str:
    """The provision the decision itself applies (处罚依据), when it is not the dataset's one.

    The dataset gives one statute text per violation sub-type; a decision that applies another
    law, another article or an older version of the law (``（2015修正）``) was fined under a range we
    cannot read. Returns the provision as written, or "" when it agrees or names none.
    """
    m = re.search(r"处罚(?:依据|根据)[:：]?(.*?)(?:处罚(?:决定|内容|依据)|$)", text, re.S)
    refs = [
        (law, version, number)
        for law, version, number in LAW_ARTICLE.findall(m.group(1) if m else "")
        if number and law != "行政处罚法"
    ]
    if not refs:
        return ""
    ours = [(law, number) for law, _version, number in LAW_ARTICLE.findall(article)]
    for law, version, number in refs:
        if not version and any(
            number == n and (law == ln or (law[:2] == ln[:2] and law[-1] == ln[-1])) for ln, n in ours
        ):
            return ""
    law, version, number = refs[0]
    return f"《{law}》{version}{number}"


def load(path: Path = DATA) -> list[RealCase]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        text = row["case_text"]
        match = DECISION.search(text)
        facts_text = text[: match.start()] if match else text
        fines = row.get("fines_yuan") or []
        case = RealCase(
            index=number,
            domain=row["domain"],
            subtype=f"{row['l1']}/{row['l2']}",
            article=re.sub(r"\s|中华人民共和国", "", row["legal_basis"]),
            text=text,
            facts_text=f"{row['situation']}。{facts_text}",
            statute=row["statutory_range"] or "",
            fine=Decimal(str(fines[0])).quantize(Decimal("0.01")) if fines else None,
        )
        case.branches = parse_statute(case.statute)
        case.applied_elsewhere = applied_mismatch(text, case.article)
        case.amounts = read_amounts(text)
        words = re.sub(r"从轻|减轻|从重", "", text)
        case.facts = {key: True for key, pattern in FACT_WORDS.items() if re.search(pattern, words)}
        for item in PENALTY_LAW_32.findall(text):
            case.facts[ARTICLE_32_ITEMS[item]] = True
        if re.search(r"未造成(危害后果|危害|社会危害|不良后果|严重后果|实际危害)", text):
            case.harm = "none"
        sentence = next((s for s in re.split(r"[。；]", text) if MITIGATION_STATED.search(s)), "")
        case.mitigation_reason = sentence.strip()
        sentence = next((s for s in re.split(r"[。；]", text) if AGGRAVATION_STATED.search(s)), "")
        case.aggravation_reason = sentence.strip()
        if re.search(r"个体工商户|个体户|自然人", text) and "有限公司" not in text:
            case.party_kind = "person"
        cases.append(case)
    return cases
