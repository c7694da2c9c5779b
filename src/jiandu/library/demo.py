"""Demo data of the case library: fact texts for the demo cases, typical cases, and the index."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection

from jiandu.cases.models import CaseOutcome, PenaltyCase
from jiandu.demo.factgen import fact_text
from jiandu.library.index import index_store
from jiandu.library.models import TypicalCase
from jiandu.library.services import _all_docs
from jiandu.org.models import Region, User
from jiandu.org.selectors import region_subtree

# (violation of the demo city, title, key points) — the median case of each becomes a typical case.
TYPICAL = (
    (
        "经营超过保质期的食品",
        "超市销售过期乳制品案",
        "货值金额小、及时下架的，在基准的从轻档内确定罚款；同类案件罚款应与本案大致相当。",
    ),
    (
        "未按规定明码标价",
        "商铺未明码标价案",
        "首次违法、及时改正的可适用首违不罚；本案当事人经责令改正后仍未改正，予以罚款。",
    ),
    ("发布虚假广告", "保健用品虚假广告案", "广告费用无法计算的，按法定罚款幅度结合影响范围裁量。"),
    (
        "使用未经定期检验的电梯",
        "小区电梯超期未检案",
        "涉及公共安全，不适用首违不罚；罚款起点较高，裁量时考虑停用整改情况。",
    ),
    (
        "销售不合格产品（监督抽检不合格）",
        "销售抽检不合格电热水器案",
        "以货值金额为基数按倍数裁量，注意与同类抽检不合格案件比对。",
    ),
    (
        "使用未经检定的强制检定计量器具（电子计价秤）",
        "农贸市场计价秤未检定案",
        "罚款幅度较小，应避免顶格处罚。",
    ),
    (
        "销售侵犯注册商标专用权的商品",
        "销售假冒运动鞋案",
        "能证明商品合法取得并说明提供者的，不予罚款，仅责令停止销售。",
    ),
)
NO_PENALTY = (
    (
        "未将营业执照置于主要经营场所醒目位置",
        "个体户未亮照经营首违不罚案",
        "首次违法、危害后果轻微并及时改正的，依法不予行政处罚，进行教育。",
    ),
    (
        "未按规定明码标价",
        "新开业门店标价不全首违不罚案",
        "首违不罚：当场改正、未造成危害后果，不予处罚并制作教育记录。",
    ),
)

FALLBACK_DAY = dt.date(2025, 1, 1)


def load_demo(*, city: Region, scale: float, rng: random.Random, log: Callable[[str], None]) -> None:
    started = time.perf_counter()
    regions = list(region_subtree(city))
    names = {r.pk: r.name for r in regions}
    rows = list(
        PenaltyCase.objects.filter(region__in=regions, facts="").values_list(
            "id", "violation", "domain__code", "fine", "outcome", "region_id", "decided_on"
        )
    )
    fines: dict[str, list[Decimal]] = defaultdict(list)
    for _id, violation, _domain, fine, outcome, _region, _decided in rows:
        if outcome == CaseOutcome.PENALTY and fine > 0:
            fines[violation].append(fine)
    usual = {v: float(statistics.median(f)) for v, f in fines.items()}
    updates = [
        (
            fact_text(
                rng,
                domain=domain,
                violation=violation,
                fine_ratio=float(fine) / usual.get(violation, float(fine) or 1.0) if fine else 0.0,
                county=names.get(region_id, city.name),
                outcome=outcome,
                decided=decided,
            ),
            pk,
        )
        for pk, violation, domain, fine, outcome, region_id, decided in rows
    ]
    table = connection.ops.quote_name(PenaltyCase._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET facts = %s WHERE id = %s", updates)  # noqa: S608
    typicals = _typical_cases(city=city, rng=rng, rows=rows, fines=fines)
    log(f"案例库：已补充 {len(updates)} 件案件的违法事实，选编典型案例 {typicals} 件。")
    indexed = index_store().build(_all_docs())
    log(f"案例库：索引已建立，收录 {indexed} 件（用时 {time.perf_counter() - started:.1f} 秒）。")


def _typical_cases(
    *, city: Region, rng: random.Random, rows: Sequence[tuple[Any, ...]], fines: dict[str, list[Decimal]]
) -> int:
    by_violation: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by_violation[row[1]].append(row)
    author = User.objects.filter(region=city, role="legal_reviewer").first()
    created = []
    for violation, title, points in TYPICAL:
        amounts = sorted(fines.get(violation, []))
        if not amounts:
            continue
        median = amounts[len(amounts) // 2]
        source = next(r for r in by_violation[violation] if r[3] == median)
        case = PenaltyCase.objects.select_related("domain").get(pk=source[0])
        created.append(
            TypicalCase(
                title=title, region=city, domain=case.domain, item_code=case.item_code,
                decision_number=case.decision_number or "", violation=violation,
                facts=fact_text(
                    rng, domain=case.domain.code, violation=violation, fine_ratio=1.0, decided=case.decided_on
                ),
                legal_basis=case.legal_basis, outcome=CaseOutcome.PENALTY, fine=case.fine,
                decided_on=case.decided_on or FALLBACK_DAY, key_points=points, source_case=case,
                created_by=author,
            )
        )  # fmt: skip
    for violation, title, points in NO_PENALTY:
        sample = by_violation.get(violation)
        if not sample:
            continue
        case = PenaltyCase.objects.select_related("domain").get(pk=rng.choice(sample)[0])
        earlier = (case.decided_on or FALLBACK_DAY) - dt.timedelta(days=rng.randint(10, 90))
        created.append(
            TypicalCase(
                title=title, region=city, domain=case.domain, violation=violation,
                facts=fact_text(
                    rng, domain=case.domain.code, violation=violation, fine_ratio=0.0, outcome="no_penalty",
                    decided=earlier,
                ),
                legal_basis="《中华人民共和国行政处罚法》第三十三条第一款", outcome=CaseOutcome.NO_PENALTY,
                fine=Decimal("0"), decided_on=earlier,
                key_points=points, created_by=author,
            )
        )  # fmt: skip
    TypicalCase.objects.bulk_create(created)
    return len(created)


def delete_demo(*, regions: Sequence[Region]) -> None:
    doomed = list(TypicalCase.objects.filter(region__in=regions).values_list("pk", flat=True))
    TypicalCase.objects.filter(pk__in=doomed).delete()
    store = index_store()
    if store.exists() and doomed:
        store.remove([f"typical:{pk}" for pk in doomed])
