"""Case library index and similar-case consistency (类案检索与类案同罚).

Pure Python (no Django): the apps hand in plain :class:`CaseDoc` records and get plain results back.

* **Segmentation.** Chinese text is cut with jieba's dictionary and algorithm (search mode, no HMM,
  so the result is deterministic) through rjieba, the jieba-rs binding; terms are lower-cased and
  stripped of punctuation, numbers and boilerplate words.
* **Index.** BM25 through tantivy. The segmented terms go into a whitespace-tokenised field; the
  filters (domain, item, region, year, fine, outcome, kind) are indexed fields; what a result page
  shows is kept as a stored JSON payload. An :class:`IndexStore` keeps one directory per build
  ("generation") under its root and a ``CURRENT`` file naming the live one, so a rebuild never
  disturbs readers: it is built aside and switched in with an atomic rename.
* **Consistency.** :func:`assess` places a proposed outcome and fine among the outcomes of the
  similar cases (no-penalty and warning included), gives the median and the percentile, and flags a
  proposal outside the spread (类案不同罚) with reasons. Nothing is claimed from fewer than
  ``rules.min_similar`` cases. The thresholds come from dated YAML (see :func:`parse_rules`).
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import tantivy

__all__ = [
    "MAX_QUERY_TERMS",
    "QUERY_SYNONYMS",
    "STATUTORY_FLAGS",
    "CaseDoc",
    "Consistency",
    "ConsistencyRules",
    "Hit",
    "IndexStore",
    "Proposal",
    "SearchPage",
    "SearchQuery",
    "SimilarCase",
    "assess",
    "highlight",
    "parse_rules",
    "query_terms",
    "segment",
    "select_similar",
]

OUTCOMES = ("no_penalty", "warning", "penalty")
OUTCOME_LABELS = {"no_penalty": "不予处罚", "warning": "警告", "penalty": "予以处罚"}
MAX_QUERY_TERMS = 24
COMMON_TERM_IDF = math.log(1 + (1 - 0.25) / 0.25)  # a term in more than about a quarter of the documents
PRUNE_FROM_DOCS = 50_000
CENT = Decimal("0.01")

# --- segmentation ----------------------------------------------------------------------------

# Words jieba's general dictionary splits badly; added once, at first use.
DOMAIN_WORDS = (
    "保质期", "明码标价", "食品添加剂", "健康证明", "营业执照", "特种设备", "电梯", "计量器具",
    "强制检定", "预包装食品", "价格欺诈", "虚假广告", "虚假宣传", "商业贿赂", "注册商标",
    "侵犯注册商标专用权", "食品经营许可", "不合格产品", "以次充好", "进货查验", "缺斤短两",
    "电子计价秤", "电动自行车", "使用登记", "定期检验", "首违不罚", "腐败变质", "冒用",
    "厂名厂址", "生产日期", "违法所得", "货值金额", "责令改正", "网络交易", "直播带货",
    "医疗器械", "化妆品", "保健食品", "农资", "农药", "种子", "化肥", "传销", "格式条款",
)  # fmt: skip

# Everyday words a searcher types for the statutory wording of the decisions (query side only).
QUERY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "过期": ("保质期",),
    "变质": ("腐败变质",),
    "假货": ("侵犯注册商标专用权", "假冒"),
    "山寨": ("侵犯注册商标专用权", "混淆"),
    "标价": ("明码标价",),
    "缺斤短两": ("计量器具",),
    "无证": ("许可", "未取得"),
    "健康证": ("健康证明",),
    "年检": ("定期检验",),
    "夸大": ("虚假广告", "虚假宣传"),
}

_STOPWORD_TEXT = """
的 了 在 于 和 与 及 以及 或 等 对 其 该 为 是 将 已 并 由 被 把 向 从 以 之 而 且 也 又 但 则 即
所 有 无 不 未 没有 一 个 这 那 此 上 下 中 内 后 前 时 年 月 日 号 元 万元 条 款 项 第 经 经查
查明 经查明 现查明 当事 当事人 本局 我局 执法人员 人员 进行 情况 相关 有关 规定 规定的 之规定 依据
根据 按照 违反 违法 行为 中华人民共和国 共和国 人民 中华 共计 合计 其中 对其 责令 处罚 决定 拟
予以 作出 给予
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_TOKEN_OK = re.compile(r"[\u3400-\u9fff]|[a-z]{2,}")
_NUMERIC = re.compile(r"^[\d.,%％]+$|^第?[一二三四五六七八九十百千零〇两]+[条款项章节]?$")
_BOILERPLATE = re.compile(r"中华人民共和国|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)")
_jieba_lock = threading.Lock()
_cutter: Any = None


def _jieba() -> Any:
    """The segmenter: rjieba (jieba-rs, jieba's dictionary and algorithm, ~20x faster), else jieba.

    Returns a function ``cut_for_search(text) -> list[str]`` with the domain words loaded.
    """
    global _cutter
    if _cutter is None:
        with _jieba_lock:
            if _cutter is None:
                try:
                    import rjieba

                    for word in DOMAIN_WORDS:
                        rjieba.add_word(word, 20000, None)
                    _cutter = lambda text: rjieba.cut_for_search(text, False)  # noqa: E731
                except ImportError:  # pragma: no cover - the pure-Python original
                    import jieba

                    jieba.setLogLevel(logging.WARNING)
                    for word in DOMAIN_WORDS:
                        jieba.add_word(word, freq=20000)
                    jieba.initialize()
                    _cutter = lambda text: jieba.lcut_for_search(text, HMM=False)  # noqa: E731
    return _cutter


def _term(raw: str) -> str:
    """The index term of one segmented word, or "" when the word is not worth indexing."""
    word = raw.strip()
    if not word or word in STOPWORDS or _NUMERIC.match(word) or not _TOKEN_OK.search(word):
        return ""
    if len(word) == 1 and not ("\u3400" <= word <= "\u9fff"):
        return ""
    return word


_TERM_CACHE: dict[str, str] = {}
_TERM_CACHE_LIMIT = 500_000


def segment(text: str) -> list[str]:
    """The index terms of a text, in order, repeated as often as they occur."""
    if not text:
        return []
    cache = _TERM_CACHE
    terms: list[str] = []
    for raw in _jieba()(_BOILERPLATE.sub(" ", text.lower())):
        term = cache.get(raw)
        if term is None:
            term = _term(raw)
            if len(cache) < _TERM_CACHE_LIMIT:
                cache[raw] = term
        if term:
            terms.append(term)
    return terms


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query, most frequent first (ties in order of appearance),
    followed by the statutory wording of everyday words (:data:`QUERY_SYNONYMS`)."""
    counts = Counter(segment(text))
    terms = [term for term, _ in counts.most_common()]
    extra = [s for term in terms for s in QUERY_SYNONYMS.get(term, ()) if s not in counts]
    return terms + list(dict.fromkeys(extra))


# --- snippets --------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(re.escape(w) for w in words)) if words else None


def highlight(text: str, terms: Iterable[str], *, width: int = 120) -> list[tuple[str, bool]]:
    """A window of ``text`` of about ``width`` characters where the query terms are densest.

    Returns pieces ``(text, is_match)`` so that a template can mark the matches after escaping.
    """
    return _highlight(text, _pattern(_longest_first(terms)), width)


def _longest_first(terms: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({t for t in terms if t}, key=lambda w: (-len(w), w)))


def _highlight(text: str, pattern: re.Pattern[str] | None, width: int = 120) -> list[tuple[str, bool]]:
    if not text:
        return []
    spans: list[tuple[int, int]] = []
    if pattern is not None:
        spans = [(m.start(), m.end()) for m in pattern.finditer(text.lower())]
    start = 0
    if spans and len(text) > width:
        best, best_count, right = 0, -1, 0
        for left, (s, _e) in enumerate(spans):  # the window starting at each match, two pointers
            right = max(right, left)
            while right < len(spans) and spans[right][0] < s + width:
                right += 1
            if right - left > best_count:
                best, best_count = s, right - left
        start = max(0, min(best - width // 6, len(text) - width))
    end = min(len(text), start + width)
    pieces: list[tuple[str, bool]] = []
    if start > 0:
        pieces.append(("…", False))
    cursor = start
    for s, e in spans:
        if e <= cursor or s >= end:
            continue
        s = max(s, cursor)
        e = min(e, end)
        if s > cursor:
            pieces.append((text[cursor:s], False))
        pieces.append((text[s:e], True))
        cursor = e
    if cursor < end:
        pieces.append((text[cursor:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces


# --- documents and queries -------------------------------------------------------------------


@dataclass(frozen=True)
class CaseDoc:
    """One decided case (``kind="case"``) or curated typical case (``kind="typical"``)."""

    kind: str
    case_id: int
    decision_number: str
    title: str
    text: str
    domain: str = ""
    item_code: str = ""
    region_id: int = 0
    year: int = 0
    decided: str = ""  # YYYY-MM-DD
    outcome: str = "penalty"
    fine: Decimal = Decimal("0")
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.case_id}"


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    domain: str = ""
    item_code: str = ""
    region_ids: tuple[int, ...] | None = None  # None: no region filter; (): nothing visible
    typical_region_ids: tuple[int, ...] = ()  # regions whose typical cases are shown as well
    year_from: int | None = None
    year_to: int | None = None
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    kind: str = ""
    outcome: str = ""
    exclude_keys: tuple[str, ...] = ()
    limit: int = 20
    offset: int = 0
    count: bool = True


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str
    case_id: int
    decision_number: str
    title: str
    domain: str
    item_code: str
    region_id: int
    year: int
    decided: str
    outcome: str
    fine: Decimal
    score: float
    snippet: list[tuple[str, bool]]
    extra: dict[str, str]

    @property
    def snippet_text(self) -> str:
        return "".join(piece for piece, _ in self.snippet)


@dataclass(frozen=True)
class SearchPage:
    hits: list[Hit]
    total: int
    terms: list[str]


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("kind", tokenizer_name="raw")
    builder.add_text_field("terms", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("domain", tokenizer_name="raw")
    builder.add_text_field("item_code", tokenizer_name="raw")
    builder.add_text_field("outcome", tokenizer_name="raw")
    builder.add_integer_field("region_id", indexed=True, fast=True)
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("decided", fast=True)
    builder.add_float_field("fine", indexed=True, fast=True)
    builder.add_bytes_field("payload", stored=True)
    return builder.build()


SCHEMA_VERSION = "1"


def _joined_terms(text: str) -> str:
    return " ".join(segment(text))


def _document(doc: CaseDoc, terms: str | None = None) -> tantivy.Document:
    if terms is None:
        terms = _joined_terms(f"{doc.title}\n{doc.text}")
    payload = {
        "kind": doc.kind,
        "id": doc.case_id,
        "number": doc.decision_number,
        "title": doc.title,
        "text": doc.text,
        "domain": doc.domain,
        "item": doc.item_code,
        "region": doc.region_id,
        "year": doc.year,
        "decided": doc.decided,
        "outcome": doc.outcome,
        "fine": str(doc.fine.quantize(CENT)),
        "extra": dict(doc.extra),
    }
    return tantivy.Document(
        key=doc.key,
        kind=doc.kind,
        terms=terms,
        domain=doc.domain,
        item_code=doc.item_code,
        outcome=doc.outcome,
        region_id=doc.region_id,
        year=doc.year,
        decided=int(doc.decided.replace("-", "") or 0),
        fine=float(doc.fine),
        payload=json.dumps(payload, ensure_ascii=False).encode(),
    )


def _batches(docs: Iterable[CaseDoc], size: int) -> Iterable[list[CaseDoc]]:
    batch: list[CaseDoc] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class IndexBusy(RuntimeError):
    """Another process holds the index writer."""


class IndexStore:
    """The index under ``root``: generations ``g-*`` and a ``CURRENT`` file naming the live one."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._opened: tuple[str, tantivy.Index] | None = None

    # -- opening --

    def current_name(self) -> str:
        try:
            return (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return ""

    def exists(self) -> bool:
        name = self.current_name()
        return bool(name) and (self.root / name).is_dir()

    def _index(self, *, create: bool = False) -> tantivy.Index | None:
        name = self.current_name()
        with self._lock:
            if self._opened is not None and self._opened[0] == name and name:
                return self._opened[1]
            if not name or not (self.root / name).is_dir():
                if not create:
                    return None
                name = self._new_generation()
                index = tantivy.Index(_schema(), path=str(self.root / name))
                self._switch_to(name)
            else:
                index = tantivy.Index(_schema(), path=str(self.root / name), reuse=True)
            self._opened = (name, index)
            return index

    def _new_generation(self) -> str:
        name = f"g-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        (self.root / name).mkdir(parents=True)
        (self.root / name / "SCHEMA").write_text(SCHEMA_VERSION, encoding="utf-8")
        return name

    def _switch_to(self, name: str) -> None:
        temporary = self.root / f"CURRENT.{uuid.uuid4().hex[:8]}"
        temporary.write_text(name, encoding="utf-8")
        os.replace(temporary, self.root / "CURRENT")
        for old in self.root.glob("g-*"):
            if old.name != name and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)

    # -- writing --

    def build(
        self, docs: Iterable[CaseDoc], *, threads: int = 1, heap_mb: int = 256, workers: int = 1
    ) -> int:
        """Build a fresh generation from ``docs`` and make it the live one; returns the count.

        ``workers`` > 1 segments the texts in that many forked processes (segmentation dominates
        the build time); the index writer itself uses ``threads`` threads.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        name = self._new_generation()
        index = tantivy.Index(_schema(), path=str(self.root / name))
        writer = index.writer(heap_mb * 1_000_000, threads)
        count = 0
        pool = None
        if workers > 1:
            import multiprocessing

            _jieba()  # load the dictionary once, before forking
            pool = multiprocessing.get_context("fork").Pool(workers)
        try:
            for batch in _batches(docs, 4000):
                texts = [f"{d.title}\n{d.text}" for d in batch]
                if pool is not None:
                    joined = pool.map(_joined_terms, texts, chunksize=200)
                else:
                    joined = [_joined_terms(t) for t in texts]
                for doc, terms in zip(batch, joined, strict=True):
                    writer.add_document(_document(doc, terms))
                count += len(batch)
        finally:
            if pool is not None:
                pool.close()
                pool.join()
        writer.commit()
        writer.wait_merging_threads()
        self._switch_to(name)
        return count

    def _write(self, documents: Sequence[tantivy.Document], *, keys: Sequence[str] = ()) -> None:
        """Delete ``keys``, add ``documents`` and commit, in the live index (created if needed)."""
        index = self._index(create=True)
        assert index is not None
        writer = self._writer(index)
        for key in keys:
            writer.delete_documents_by_term("key", key)
        for document in documents:
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()

    def upsert(self, docs: Sequence[CaseDoc]) -> None:
        """Add or replace cases (matched by kind and id)."""
        self._write([_document(d) for d in docs], keys=[d.key for d in docs])

    def remove(self, keys: Sequence[str]) -> None:
        index = self._index()
        if index is None:
            return
        writer = self._writer(index)
        for key in keys:
            writer.delete_documents_by_term("key", key)
        writer.commit()
        writer.wait_merging_threads()

    @staticmethod
    def _writer(index: tantivy.Index) -> tantivy.IndexWriter:
        for attempt in range(20):
            try:
                return index.writer(15_000_000, 1)
            except ValueError as error:
                if "lock" not in str(error).lower() or attempt == 19:
                    raise IndexBusy(str(error)) from error
                time.sleep(0.05)
        raise IndexBusy("index writer lock")  # pragma: no cover

    # -- reading --

    def count(self) -> int:
        index = self._index()
        if index is None:
            return 0
        index.reload()
        return int(index.searcher().num_docs)

    def size_bytes(self) -> int:
        name = self.current_name()
        if not name:
            return 0
        return sum(p.stat().st_size for p in (self.root / name).rglob("*") if p.is_file())

    def search(self, query: SearchQuery) -> SearchPage:
        index = self._index()
        if index is None:
            return SearchPage(hits=[], total=0, terms=[])
        index.reload()
        searcher = index.searcher()
        schema = index.schema
        words = query_terms(query.text)
        weighted: list[tuple[float, str, int]] = []
        total_docs = max(1, int(searcher.num_docs))
        for position, word in enumerate(words):
            df = int(searcher.doc_freq("terms", word))
            if df:
                idf = math.log(1 + (total_docs - df + 0.5) / (df + 0.5))
                weighted.append((idf, word, position))
        chosen = sorted(weighted, key=lambda w: (-w[0] * (1 + 1 / (1 + w[2])), w[2]))[:MAX_QUERY_TERMS]
        if total_docs >= PRUNE_FROM_DOCS:
            # In a large index, terms in a quarter of the documents or more add little to BM25
            # but cost the longest posting lists.
            rare = [w for w in chosen if w[0] >= COMMON_TERM_IDF]
            chosen = rare or chosen[:3]
        must: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if words and not chosen:
            return SearchPage(hits=[], total=0, terms=words)
        if chosen:
            should = [
                (tantivy.Occur.Should, tantivy.Query.term_query(schema, "terms", w)) for _, w, _ in chosen
            ]
            must.append((tantivy.Occur.Must, tantivy.Query.boolean_query(should)))
        for occur, filter_query in self._filters(schema, query):
            must.append((occur, filter_query))
        if query.region_ids is not None and not (query.region_ids or query.typical_region_ids):
            return SearchPage(hits=[], total=0, terms=words)
        if not must:
            final = tantivy.Query.all_query()
        elif not any(o == tantivy.Occur.Must for o, _ in must):
            final = tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.all_query()), *must])
        else:
            final = tantivy.Query.boolean_query(must)
        if chosen:
            result = searcher.search(final, query.limit, count=query.count, offset=query.offset)
        else:
            result = searcher.search(
                final,
                query.limit,
                count=query.count,
                order_by_field="decided",
                offset=query.offset,
                order=tantivy.Order.Desc,
            )
        hits = []
        pattern = _pattern(_longest_first(words))
        for score, address in result.hits:
            stored = searcher.doc(address)
            payload = json.loads(bytes(stored["payload"][0]))
            hits.append(_hit(str(stored["key"][0]), payload, float(score) if chosen else 0.0, pattern))
        counted = getattr(result, "count", None)
        total = int(counted) if query.count and counted is not None else len(hits)
        return SearchPage(hits=hits, total=total, terms=words)

    @staticmethod
    def _region_filter(schema: tantivy.Schema, query: SearchQuery) -> tantivy.Query:
        """Cases of the visible regions; typical cases of those regions and of the regions above."""
        Q, must, should = tantivy.Query, tantivy.Occur.Must, tantivy.Occur.Should
        branches = []
        for kind, ids in (
            ("case", query.region_ids or ()),
            ("typical", (*(query.region_ids or ()), *query.typical_region_ids)),
        ):
            if ids:
                branches.append(
                    (
                        should,
                        Q.boolean_query(
                            [
                                (must, Q.term_query(schema, "kind", kind)),
                                (must, Q.term_set_query(schema, "region_id", list(ids))),
                            ]
                        ),
                    )
                )
        return Q.boolean_query(branches)

    @staticmethod
    def _filters(schema: tantivy.Schema, query: SearchQuery) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        zero = 0.0
        filters: list[tantivy.Query] = []
        for name, value in (
            ("domain", query.domain),
            ("item_code", query.item_code),
            ("kind", query.kind),
            ("outcome", query.outcome),
        ):
            if value:
                filters.append(tantivy.Query.term_query(schema, name, value))
        if query.region_ids is not None:
            filters.append(IndexStore._region_filter(schema, query))
        if query.year_from is not None or query.year_to is not None:
            filters.append(
                tantivy.Query.range_query(
                    schema, "year", tantivy.FieldType.Integer, query.year_from, query.year_to
                )
            )
        if query.fine_min is not None or query.fine_max is not None:
            filters.append(
                tantivy.Query.range_query(
                    schema,
                    "fine",
                    tantivy.FieldType.Float,
                    None if query.fine_min is None else float(query.fine_min),
                    None if query.fine_max is None else float(query.fine_max),
                )
            )
        out = [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, zero)) for f in filters]
        out += [
            (tantivy.Occur.MustNot, tantivy.Query.term_query(schema, "key", k)) for k in query.exclude_keys
        ]
        return out


def _hit(key: str, payload: dict[str, Any], score: float, pattern: re.Pattern[str] | None) -> Hit:
    return Hit(
        key=key,
        kind=str(payload["kind"]),
        case_id=int(payload["id"]),
        decision_number=str(payload["number"]),
        title=str(payload["title"]),
        domain=str(payload["domain"]),
        item_code=str(payload["item"]),
        region_id=int(payload["region"]),
        year=int(payload["year"]),
        decided=str(payload["decided"]),
        outcome=str(payload["outcome"]),
        fine=Decimal(str(payload["fine"])),
        score=round(score, 4),
        snippet=_highlight(f"{payload['title']}。{payload['text']}", pattern),
        extra={str(k): str(v) for k, v in dict(payload.get("extra") or {}).items()},
    )


# --- consistency -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsistencyRules:
    version: str = "builtin"
    min_similar: int = 3
    min_fined: int = 3
    top_k: int = 20
    relative_score: float = 0.35
    low_quantile: float = 0.1
    high_quantile: float = 0.9
    tolerance: float = 1.0
    outcome_majority: float = 0.75
    # 指导意见(国市监法规〔2022〕2号)第十条(四): 从重 fines lie in the highest 30 % of the statutory
    # range, and need a 从重 circumstance (第十五、十六条); above this share without a stated one: flag
    aggravated_from: float | None = 0.7
    legal_basis: tuple[str, ...] = ("《中华人民共和国行政处罚法》第五条第二款",)
    bands: tuple[tuple[str, Decimal | None], ...] = (
        ("1千元以下", Decimal("1000")),
        ("1千至5千元", Decimal("5000")),
        ("5千至1万元", Decimal("10000")),
        ("1万至5万元", Decimal("50000")),
        ("5万至10万元", Decimal("100000")),
        ("10万至50万元", Decimal("500000")),
        ("50万元以上", None),
    )


def parse_rules(data: Mapping[str, Any]) -> ConsistencyRules:
    """Rules from a YAML mapping; unknown keys are refused so a typo does not pass silently."""
    known = {f for f in ConsistencyRules.__dataclass_fields__}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"类案比对规则含未知字段：{'、'.join(sorted(unknown))}")
    values: dict[str, Any] = dict(data)
    if "legal_basis" in values:
        values["legal_basis"] = tuple(str(v) for v in values["legal_basis"])
    if "bands" in values:
        values["bands"] = tuple(
            (str(b["label"]), None if b.get("below") is None else Decimal(str(b["below"])))
            for b in values["bands"]
        )
    if "version" in values:
        values["version"] = str(values["version"])
    rules = ConsistencyRules(**values)
    if rules.min_similar < 3:
        raise ValueError("min_similar 不得小于 3：少于 3 件类案不作结论。")
    if not 0 <= rules.low_quantile < rules.high_quantile <= 1:
        raise ValueError("low_quantile 与 high_quantile 须满足 0 ≤ 低 < 高 ≤ 1。")
    if rules.aggravated_from is not None and not 0 < float(rules.aggravated_from) < 1:
        raise ValueError("aggravated_from 须在 0 与 1 之间（法定幅度的比例），或为空（不检查从重部分）。")
    if rules.tolerance < 0 or not 0.5 <= rules.outcome_majority <= 1:
        raise ValueError("tolerance 不得为负，outcome_majority 须在 0.5 至 1 之间。")
    return rules


@dataclass(frozen=True)
class SimilarCase:
    outcome: str
    fine: Decimal
    score: float = 0.0
    # the amount a gain-based fine was a multiple of (违法所得、货值金额 …), when known
    base: Decimal | None = None
    # the number of violations, when the item is fined per unit
    units: int | None = None
    # the statutory maximum that applied to the case (its item, amounts and severity), when known
    statutory_max: Decimal | None = None


@dataclass(frozen=True)
class Proposal:
    outcome: str = "penalty"
    fine: Decimal | None = None
    base: Decimal | None = None  # as SimilarCase.base: compare fine ÷ base when both sides have it
    units: int | None = None  # as SimilarCase.units: compare fine ÷ units
    statutory_min: Decimal | None = None  # the statutory range of the proposal's item and facts
    statutory_max: Decimal | None = None
    mitigation_reason: str = ""  # the stated reason for 减轻 (a fine below the statutory minimum)
    aggravation_reason: str = ""  # the stated 从重 circumstance (a fine in the top 30 % of the range)


# the statutory outcomes that flag a proposal whatever the similar cases say
STATUTORY_FLAGS = ("above_max", "below_min", "aggravated_unstated")


@dataclass(frozen=True)
class Consistency:
    count: int
    enough: bool
    distribution: dict[str, Any]
    median: Decimal | None
    percentile: float | None
    spread: tuple[Decimal, Decimal] | None
    flagged: bool
    reasons: tuple[str, ...]
    legal_basis: tuple[str, ...]
    rules_version: str
    measure: str = "fine"  # what was compared: "fine", "ratio" (fine ÷ base) or "per_unit"
    # "above_max", "below_min", "below_min_mitigated", "aggravated_unstated", "aggravated_stated" or ""
    statutory: str = ""

    @property
    def statutory_flagged(self) -> bool:
        """Flagged by the law (outside the range, 减轻 or 从重 without a stated reason)."""
        return self.statutory in STATUTORY_FLAGS

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: money as strings with two decimals."""
        return {
            "count": self.count,
            "enough": self.enough,
            "distribution": self.distribution,
            "median": _money(self.median),
            "percentile": self.percentile,
            "spread": None if self.spread is None else [_money(self.spread[0]), _money(self.spread[1])],
            "flagged": self.flagged,
            "reasons": list(self.reasons),
            "legal_basis": list(self.legal_basis),
            "rules_version": self.rules_version,
            "measure": self.measure,
            "statutory": self.statutory,
            "statutory_flagged": self.statutory_flagged,
        }


MEASURES = {
    "fine": "罚款",
    "ratio": "罚款与计算基数之比",
    "per_unit": "每个违法行为的罚款",
    "share": "罚款占法定最高额的比例",
}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _yuan(value: Decimal) -> str:
    amount = value.quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{amount:,.2f}".rstrip("0").rstrip(".")
    return f"{text}元"


def _times(value: Decimal) -> str:
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP).normalize():f}倍"


def _percent(value: Decimal) -> str:
    return f"{float(value):.1%}"


def quantile(values: Sequence[Decimal], q: float) -> Decimal:
    """Linear interpolation between closest ranks (the "type 7" definition); values sorted."""
    if not values:
        raise ValueError("empty")
    position = (len(values) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(values) - 1)
    fraction = Decimal(str(position - low))
    return values[low] + (values[high] - values[low]) * fraction


def _severity(outcome: str, fine: Decimal) -> tuple[int, Decimal]:
    rank = {"no_penalty": 0, "warning": 1}.get(outcome, 2)
    return (rank, fine if rank == 2 else Decimal(0))


def _fined(case: SimilarCase) -> bool:
    return case.outcome not in ("no_penalty", "warning") and case.fine > 0


def _measure(
    similar: Sequence[SimilarCase], proposal: Proposal, rules: ConsistencyRules
) -> tuple[str, list[Decimal], Decimal | None]:
    """What to compare: fine ÷ base when the proposal and enough fined similar cases have a base,
    else fine ÷ units when both count units, else the share of each case's own statutory maximum
    (so cases under different articles compare like with like), else the fine itself. Returns the
    measure, the sorted values of the similar cases and the proposal's value."""
    fine = proposal.fine
    if fine is not None and proposal.base:
        ratios = sorted(c.fine / c.base for c in similar if _fined(c) and c.base)
        if len(ratios) >= rules.min_fined:
            return "ratio", ratios, fine / proposal.base
    if fine is not None and proposal.units:
        per_unit = sorted(c.fine / c.units for c in similar if _fined(c) and c.units)
        if len(per_unit) >= rules.min_fined:
            return "per_unit", per_unit, fine / proposal.units
    if fine is not None and proposal.statutory_max:
        shares = sorted(c.fine / c.statutory_max for c in similar if _fined(c) and c.statutory_max)
        if len(shares) >= rules.min_fined:
            return "share", shares, fine / proposal.statutory_max
    return "fine", sorted(c.fine for c in similar if _fined(c)), fine


def _statutory(proposal: Proposal, fine: Decimal, rules: ConsistencyRules | None = None) -> tuple[str, str]:
    """Against the statutory range: always a flag above the maximum, below the minimum unless a
    减轻 reason is stated (行政处罚法第三十二条), and in the 从重 part of the range (指导意见第十条(四),
    the highest 30 %) unless a 从重 circumstance is stated."""
    if proposal.statutory_max is not None and fine > proposal.statutory_max:
        return "above_max", (
            f"拟罚款{_yuan(fine)}，超过法定最高额{_yuan(proposal.statutory_max)}，"
            "超出法定幅度，不得作出（行政处罚法第四条、第三十四条）。"
        )
    share = rules.aggravated_from if rules is not None else None
    low, high = proposal.statutory_min, proposal.statutory_max
    if share is not None and low is not None and high is not None and high > low:
        threshold = low + (high - low) * Decimal(str(share))
        if fine > threshold:
            if proposal.aggravation_reason.strip():
                return "aggravated_stated", (
                    f"拟罚款{_yuan(fine)}，位于法定幅度较高的{1 - share:.0%}部分（高于{_yuan(threshold)}）；"
                    f"已说明从重情节：{proposal.aggravation_reason.strip()}。"
                )
            return "aggravated_unstated", (
                f"拟罚款{_yuan(fine)}，位于法定幅度{_yuan(low)}至{_yuan(high)}较高的{1 - share:.0%}部分"
                f"（高于{_yuan(threshold)}），属从重处罚，但未说明从重情节"
                "（指导意见第十条第（四）项、第十五条、第十六条），请说明或调整。"
            )
    if proposal.statutory_min is not None and fine < proposal.statutory_min:
        if proposal.mitigation_reason.strip():
            return "below_min_mitigated", (
                f"拟罚款{_yuan(fine)}，低于法定最低额{_yuan(proposal.statutory_min)}；"
                f"已说明减轻处罚的理由：{proposal.mitigation_reason.strip()}。"
            )
        return "below_min", (
            f"拟罚款{_yuan(fine)}，低于法定最低额{_yuan(proposal.statutory_min)}，"
            "且未说明减轻处罚的理由（行政处罚法第三十二条），请说明或调整。"
        )
    return "", ""


def assess(
    similar: Sequence[SimilarCase], proposal: Proposal, rules: ConsistencyRules | None = None
) -> Consistency:
    """Where a proposal sits among similar decided cases, and whether it is out of line.

    A proposal outside its statutory range (``statutory_min``/``statutory_max``) is flagged whatever
    the similar cases say (below the minimum only without a stated 减轻 reason). Gain-based fines
    are compared as fine ÷ base, per-unit fines per unit, when the similar cases carry them.
    """
    rules = rules or ConsistencyRules()
    n = len(similar)
    counts = Counter(c.outcome if c.outcome in OUTCOMES else "penalty" for c in similar)
    fines = sorted(c.fine for c in similar if _fined(c))
    distribution: dict[str, Any] = {
        "no_penalty": counts.get("no_penalty", 0),
        "warning": counts.get("warning", 0),
        "penalty": counts.get("penalty", 0),
        "fined": len(fines),
        "bands": _bands(fines, rules),
    }
    for label, q in (("min", 0.0), ("p25", 0.25), ("p75", 0.75), ("max", 1.0)):
        distribution[label] = _money(quantile(fines, q)) if fines else None
    statutory, statutory_reason = "", ""
    if proposal.outcome == "penalty" and proposal.fine is not None and proposal.fine > 0:
        statutory, statutory_reason = _statutory(proposal, proposal.fine, rules)
    statutory_flag = statutory in STATUTORY_FLAGS
    if n < rules.min_similar:
        few = [f"检索到的类案仅 {n} 件，少于 {rules.min_similar} 件，不作类案比对结论。"]
        if statutory_reason:
            few.insert(0, statutory_reason)
        return Consistency(
            count=n, enough=False, median=None, percentile=None, spread=None, flagged=statutory_flag,
            reasons=tuple(few), legal_basis=rules.legal_basis, rules_version=rules.version,
            distribution=distribution, statutory=statutory,
        )  # fmt: skip

    median = quantile(fines, 0.5) if fines else None
    proposed_fine = proposal.fine if proposal.fine is not None else Decimal(0)
    if proposal.outcome in ("no_penalty", "warning"):
        proposed_fine = Decimal(0)
    mine = _severity(proposal.outcome, proposed_fine)
    keys = [_severity(c.outcome, c.fine) for c in similar]
    below = sum(1 for k in keys if k < mine)
    equal = sum(1 for k in keys if k == mine)
    percentile: float | None = round(100 * (below + 0.5 * equal) / n, 1)
    if proposal.outcome == "penalty" and proposal.fine is None:
        percentile = None

    reasons: list[str] = [statutory_reason] if statutory_reason else []
    flagged = statutory_flag
    lenient = counts.get("no_penalty", 0) + counts.get("warning", 0)
    fined_share = len(fines) / n
    label = OUTCOME_LABELS.get(proposal.outcome, proposal.outcome)
    if proposal.outcome == "penalty" and proposed_fine > 0 and lenient / n >= rules.outcome_majority:
        flagged = True
        reasons.append(
            f"{n} 件类案中 {lenient} 件（{lenient / n:.0%}）不予处罚或仅予警告，"
            f"拟处罚款{_yuan(proposed_fine)}，"
            "处理结果明显重于类案，请说明理由。"
        )
    if proposal.outcome in ("no_penalty", "warning") and fined_share >= rules.outcome_majority:
        flagged = True
        reasons.append(
            f"{n} 件类案中 {len(fines)} 件（{fined_share:.0%}）予以罚款，拟{label}，"
            "处理结果明显轻于类案，请说明不予处罚或从宽的事实和依据。"
        )
    spread: tuple[Decimal, Decimal] | None = None
    measure, values, mine_value = _measure(similar, proposal, rules)
    show = {"ratio": _times, "share": _percent}.get(measure, _yuan)
    what = MEASURES[measure]
    if len(values) >= rules.min_fined and mine_value is not None:
        low, high = quantile(values, rules.low_quantile), quantile(values, rules.high_quantile)
        spread = (low, high)
        factor = Decimal(str(1 + rules.tolerance))
        middle = show(quantile(values, 0.5))
        if proposal.outcome == "penalty" and proposed_fine > 0:
            if mine_value > high * factor:
                flagged = True
                reasons.append(
                    f"拟{what}{show(mine_value)}，超过类案{what}第{rules.high_quantile * 100:.0f}百分位数"
                    f"（{show(high)}）的{float(factor):g}倍，类案中位数为{middle}，可能畸重。"
                )
            elif mine_value < low / factor:
                flagged = True
                reasons.append(
                    f"拟{what}{show(mine_value)}，不足类案{what}第{rules.low_quantile * 100:.0f}百分位数"
                    f"（{show(low)}）的1/{float(factor):g}，类案中位数为{middle}，可能畸轻。"
                )
    elif proposal.outcome == "penalty" and proposed_fine > 0:
        reasons.append(f"类案中予以罚款的仅 {len(fines)} 件，少于 {rules.min_fined} 件，不对罚款金额作比对。")
    if not flagged:
        where = "与类案处理结果一致"
        if percentile is not None and proposal.outcome == "penalty":
            where = f"位于类案第 {percentile:.0f} 百分位"
        if proposal.outcome == "penalty" and proposed_fine > 0 and median is not None:
            where += f"，类案罚款中位数{_yuan(median)}"
        reasons.insert(0, f"拟{label}{where}，未发现类案不同罚。")
    return Consistency(
        count=n, enough=True, median=median, percentile=percentile, spread=spread, flagged=flagged,
        reasons=tuple(reasons), legal_basis=rules.legal_basis, rules_version=rules.version,
        distribution=distribution, measure=measure, statutory=statutory,
    )  # fmt: skip


def _bands(fines: Sequence[Decimal], rules: ConsistencyRules) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    lower = Decimal(0)
    for label, below in rules.bands:
        count = sum(1 for f in fines if f >= lower and (below is None or f < below))
        out.append({"label": label, "count": count})
        lower = below if below is not None else lower
    return out


def select_similar(hits: Sequence[Hit], rules: ConsistencyRules) -> list[Hit]:
    """The hits close enough to the best one to count as similar (score ≥ relative × best)."""
    if not hits:
        return []
    best = max(h.score for h in hits)
    if best <= 0:
        return list(hits[: rules.top_k])
    return [h for h in hits[: rules.top_k] if h.score >= rules.relative_score * best]
