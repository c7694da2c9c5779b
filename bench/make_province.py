"""Fill a PostgreSQL database with a synthetic province in the demo's shape, with COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/province \
        .venv/bin/python bench/make_province.py [--scale 1.0] [--seed 2026]

At scale 1.0: 1 province, 15 cities, 150 counties, 1,000,000 firms, 1,000,000 penalty cases over five
years (2021-11 … 2026-10), 5,000,000 complaints, 50,000 clues with their assessments, ledger items and
audit entries, follow-up visits, and staff accounts for every county (password `Jiandu#2026demo`). It
migrates the database first and empties every table it fills, so a run is repeatable: the same seed
gives the same rows. Two counties per city are planted with fines growing ~+120 % year on year, as in
the demo city.

Rows are written with PostgreSQL COPY (psycopg's `copy.write_row`), not the ORM. Column lists come from
the models' own metadata at run time, so a field added later gets its default (or NULL / '') without
touching this script; a new required field without a default stops the run naming it.

This is a benchmark tool, not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.utils import timezone  # noqa: E402
from psycopg.types.json import Jsonb  # noqa: E402

from jiandu.audit.models import AuditChainHead, AuditEntry  # noqa: E402
from jiandu.cases.models import PenaltyCase  # noqa: E402
from jiandu.clues.models import Assessment, Channel, Clue, ClueStatus, ProblemCategory  # noqa: E402
from jiandu.engines.hashchain import GENESIS, entry_hash  # noqa: E402
from jiandu.engines.uscc import check_character  # noqa: E402
from jiandu.org.domains import ensure_domains  # noqa: E402
from jiandu.org.models import Domain, Enterprise, Region, RegionLevel, Role, Unit, UnitKind, User  # noqa: E402
from jiandu.prevention.models import Complaint  # noqa: E402
from jiandu.rectify.models import Rectification  # noqa: E402
from jiandu.reviews.models import FollowUp  # noqa: E402

TZ = dt.timezone(dt.timedelta(hours=8))
PASSWORD = "Jiandu#2026demo"
FIRST_MONTH = dt.date(2021, 11, 1)
MONTHS = 60
INDUSTRIES = ["餐饮服务", "食品销售", "商超零售", "农资经营", "电梯维保", "加油站", "美容美发", "药品零售",
              "建材批发", "电子商务", "广告传媒", "培训机构", "汽车维修", "眼镜验配", "物业服务"]  # fmt: skip
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
WORDS = "华兴丰盛恒泰鑫源宏达福润嘉禾康宁德信汇通永安隆昌瑞祥金辉荣耀博远创新"
COUNTY_SUFFIX = ["区", "区", "区", "县", "县", "县", "县", "市", "县", "县"]
VIOLATIONS = [
    ("food", "FSL-124-1-5", "经营超过保质期的食品", "食品安全法第一百二十四条第一款第五项"),
    ("food", "FSL-126-1-3", "未按规定查验供货者许可证和食品出厂检验合格证", "食品安全法第一百二十六条第一款第三项"),
    ("price", "PRP-7", "不执行政府指导价", "价格违法行为行政处罚规定第七条"),
    ("price", "PRP-13", "不按规定明码标价", "价格违法行为行政处罚规定第十三条"),
    ("advertising", "ADL-58-1-3", "发布虚假广告", "广告法第五十五条第一款"),
    ("special_equipment", "SESL-83-1", "使用未经定期检验的特种设备", "特种设备安全法第八十四条第一项"),
    ("product_quality", "PQL-50", "销售不合格产品", "产品质量法第五十条"),
    ("metrology", "ML-27", "使用不合格的计量器具", "计量法第二十七条"),
    ("registration", "RAR-46", "未按规定公示年度报告", "市场主体登记管理条例第四十六条"),
]  # fmt: skip
COMPLAINT_SUBJECTS = ["销售过期食品", "价格欺诈", "虚假宣传", "计量不准", "质量问题", "预付卡退费难", "未明码标价",
                      "电梯故障", "网购商品与描述不符", "无证经营"]  # fmt: skip


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def uscc_for(number: int) -> str:
    body = f"91{410000 + number % 9000:06d}{number:09d}"[:17]
    return body + check_character(body)


def months() -> list[dt.date]:
    out = []
    for i in range(MONTHS):
        index = FIRST_MONTH.year * 12 + FIRST_MONTH.month - 1 + i
        out.append(dt.date(index // 12, index % 12 + 1, 1))
    return out


# --- COPY with columns taken from the model ---------------------------------------------------------


def _filler(field: models.Field[Any, Any], now: dt.datetime) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    raise SystemExit(
        f"{field.model.__name__}.{field.name} 是必填字段且没有默认值:请在 make_province.py 中补上取值。"
    )


def copy_rows(model: type[models.Model], rows: Iterator[dict[str, Any]], *, label: str) -> int:
    now = timezone.now()
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    started, count = time.perf_counter(), 0
    first = next(rows, None)
    if first is None:
        log(f"{label}: 0 行")
        return 0
    fillers = {f.attname: _filler(f, now) for f in fields if f.attname not in first}
    rows = itertools.chain([first], rows)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg cursor
        with raw.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        ) as copy:
            for row in rows:
                values = []
                for field in fields:
                    value = row[field.attname] if field.attname in row else fillers.get(field.attname)
                    if field.attname in json_fields and value is not None:
                        value = Jsonb(value)
                    values.append(value)
                copy.write_row(values)
                count += 1
                if count % 500_000 == 0:
                    log(f"  {label}: {count:,} 行")
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {model._meta.db_table}), 1))"
        )
    log(f"{label}: {count:,} 行,{time.perf_counter() - started:.1f} 秒")
    return count


# --- the province ------------------------------------------------------------------------------------


class Province:
    def __init__(self, scale: float, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.months = months()
        self.counties: list[Region] = []
        self.city_of: dict[int, Region] = {}
        self.planted: set[int] = set()
        self.domains = {d.code: d for d in Domain.objects.all()}
        self.firms_by_county: dict[int, tuple[int, int]] = {}  # county id -> (first firm id, count)

    def n(self, base: int) -> int:
        return max(1, int(base * self.scale))

    def regions_and_staff(self) -> None:
        province = Region.objects.create(code="410000", name="中原省", level=RegionLevel.PROVINCE)
        users = []
        for c in range(15):
            city = Region.objects.create(
                code=f"41{c + 1:02d}00", name=f"{WORDS[c * 2]}{WORDS[c * 2 + 1]}市", level=RegionLevel.CITY,
                parent=province,
            )  # fmt: skip
            unit = Unit.objects.create(
                name=f"{city.name}市场监督管理局食品科", kind=UnitKind.BUSINESS, region=city
            )
            unit.domains.set(list(self.domains.values()))
            users.append(
                User(username=f"zb{c + 1:02d}", full_name=f"专班{c + 1}", role=Role.TASK_FORCE, region=city)
            )
            for k in range(10):
                county = Region.objects.create(
                    code=f"41{c + 1:02d}{k + 1:02d}", name=f"{city.name[:2]}{WORDS[(c + k * 3) % len(WORDS)]}{COUNTY_SUFFIX[k]}",
                    level=RegionLevel.COUNTY, parent=city,
                )  # fmt: skip
                self.counties.append(county)
                self.city_of[county.pk] = city
                if k in (1, 6):
                    self.planted.add(county.pk)
                users.append(
                    User(
                        username=f"xj{county.code}",
                        full_name=f"县局{county.code}",
                        role=Role.COUNTY_BUREAU,
                        region=county,
                    )
                )
                users.append(
                    User(
                        username=f"zf{county.code}",
                        full_name=f"执法{county.code}",
                        role=Role.OFFICER,
                        region=county,
                    )
                )
        admin = User(
            username="admin",
            full_name="系统管理员",
            role=Role.TASK_FORCE,
            region=province,
            is_staff=True,
            is_superuser=True,
        )
        users.append(admin)
        hashed = User(username="x")
        hashed.set_password(PASSWORD)
        for user in users:
            user.password = hashed.password
        User.objects.bulk_create(users)
        log(f"区划:1 省 15 市 {len(self.counties)} 县;账号 {len(users)} 个(密码 {PASSWORD})")

    def enterprises(self) -> None:
        total = self.n(1_000_000)
        weights = [self.rng.uniform(0.5, 1.5) for _ in self.counties]
        share = [w / sum(weights) for w in weights]
        now = timezone.now()

        def rows() -> Iterator[dict[str, Any]]:
            pk = 0
            for county, part in zip(self.counties, share, strict=True):
                count = max(50, int(total * part))
                self.firms_by_county[county.pk] = (pk + 1, count)
                for _ in range(count):
                    pk += 1
                    roll = self.rng.random()
                    yield {
                        "id": pk,
                        "uscc": uscc_for(pk),
                        "name": f"{county.name[:2]}{self.rng.choice(WORDS)}{self.rng.choice(WORDS)}"
                        f"{self.rng.choice(INDUSTRIES)}有限公司{pk}",
                        "region_id": county.pk,
                        "industry": self.rng.choice(INDUSTRIES),
                        "credit_class": "A"
                        if roll < 0.30
                        else "B"
                        if roll < 0.85
                        else "C"
                        if roll < 0.97
                        else "D",
                        "address": f"{county.name}{self.rng.randint(1, 300)}号",
                        "created_at": now,
                        "updated_at": now,
                    }

        copy_rows(Enterprise, rows(), label="经营主体")

    def firm(self, county_id: int) -> int:
        first, count = self.firms_by_county[county_id]
        return first + self.rng.randrange(count)

    def cases(self) -> None:
        total = self.n(1_000_000)
        # Two counties in ten grow to three times the cases (and more in amounts): about ×1.29 overall.
        per_county_month = total / (len(self.counties) * MONTHS * 1.29)
        now = timezone.now()

        def rows() -> Iterator[dict[str, Any]]:
            pk = 0
            for county in self.counties:
                base = self.rng.uniform(0.6, 1.4) * per_county_month
                for m_index, month in enumerate(self.months):
                    year_index = m_index // 12
                    growth = (
                        2.2**year_index
                        if county.pk in self.planted
                        else self.rng.uniform(0.93, 1.07) ** year_index
                    )
                    count = max(0, int(self.rng.gauss(base * min(growth, 3.0), base * 0.1)))
                    amount_factor = growth / min(growth, 3.0)
                    for _ in range(count):
                        pk += 1
                        domain, item, violation, basis = self.rng.choice(VIOLATIONS)
                        decided = month + dt.timedelta(days=self.rng.randrange(28))
                        fine = Decimal(self.rng.choice([2000, 5000, 10000, 20000, 50000, 80000])) * Decimal(
                            str(round(amount_factor, 2))
                        )
                        yield {
                            "id": pk,
                            "decision_number": f"{county.name[:3]}市监罚〔{decided.year}〕{pk}号",
                            "enterprise_id": self.firm(county.pk),
                            "region_id": county.pk,
                            "domain_id": self.domains[domain].pk,
                            "status": "closed",
                            "outcome": "penalty",
                            "item_code": item,
                            "violation": violation,
                            "facts": f"经查,当事人{violation},违法行为持续{self.rng.randint(3, 90)}日。",
                            "penalty_kinds": ["fine"],
                            "legal_basis": basis,
                            "officers": "执法人员甲、执法人员乙",
                            "filed_on": decided - dt.timedelta(days=self.rng.randint(10, 60)),
                            "decided_on": decided,
                            "fine": fine.quantize(Decimal("0.01")),
                            "confiscation": Decimal("0.00"),
                            "delivered_on": decided + dt.timedelta(days=3),
                            "paid_on": decided + dt.timedelta(days=10),
                            "closed_on": decided + dt.timedelta(days=12),
                            "is_major": fine >= 100000,
                            "created_at": now,
                            "updated_at": now,
                        }

        copy_rows(PenaltyCase, rows(), label="处罚案件")

    def complaints(self) -> None:
        total = self.n(5_000_000)
        per_county = total // len(self.counties)
        start = dt.datetime.combine(self.months[0], dt.time(), tzinfo=TZ)
        span = (dt.datetime.combine(dt.date(2026, 11, 1), dt.time(), tzinfo=TZ) - start).total_seconds()
        domain_ids = [d.pk for d in self.domains.values()]

        def rows() -> Iterator[dict[str, Any]]:
            pk = 0
            for county in self.counties:
                for _ in range(int(per_county * self.rng.uniform(0.7, 1.3))):
                    pk += 1
                    roll = self.rng.random()
                    yield {
                        "id": pk,
                        "number": f"{'12315' if roll < 0.6 else '12345'}-{pk:09d}",
                        "source": "12315" if roll < 0.6 else "12345",
                        "kind": "complaint" if self.rng.random() < 0.8 else "report",
                        "received_at": start + dt.timedelta(seconds=self.rng.random() * span),
                        "region_id": county.pk,
                        "enterprise_id": self.firm(county.pk) if self.rng.random() < 0.6 else None,
                        "domain_id": self.rng.choice(domain_ids),
                        "subject": self.rng.choice(COMPLAINT_SUBJECTS),
                        "summary": "消费者反映" + self.rng.choice(COMPLAINT_SUBJECTS) + ",要求处理。",
                    }

        copy_rows(Complaint, rows(), label="投诉举报")

    def clues(self) -> None:
        total = self.n(50_000)
        start = dt.datetime.combine(dt.date(2025, 4, 1), dt.time(), tzinfo=TZ)
        channels = [c.value for c in Channel]
        statuses = [ClueStatus.RECEIVED, ClueStatus.TRIAGED, ClueStatus.ASSESSING, ClueStatus.CONFIRMED,
                    ClueStatus.NOT_CONFIRMED, ClueStatus.RECTIFYING, ClueStatus.RECTIFIED, ClueStatus.CLOSED]  # fmt: skip
        categories = [c.value for c in ProblemCategory if c != ProblemCategory.P0]
        domain_ids = [d.pk for d in self.domains.values()]
        unit_of_city = {u.region_id: u.pk for u in Unit.objects.all()}
        confirmed: list[tuple[int, int, int, dt.date]] = []

        def clue_rows() -> Iterator[dict[str, Any]]:
            for pk in range(1, total + 1):
                county = self.rng.choice(self.counties)
                status = self.rng.choice(statuses)
                received = start + dt.timedelta(minutes=self.rng.randrange(60 * 24 * 600))
                category = self.rng.choice(categories) if status not in (ClueStatus.RECEIVED,) else ""
                if status in (
                    ClueStatus.CONFIRMED,
                    ClueStatus.RECTIFYING,
                    ClueStatus.RECTIFIED,
                    ClueStatus.CLOSED,
                ):
                    confirmed.append(
                        (pk, county.pk, unit_of_city[self.city_of[county.pk].pk], received.date())
                    )
                yield {
                    "id": pk,
                    "channel": self.rng.choice(channels),
                    "received_at": received,
                    "region_id": county.pk,
                    "enterprise_id": self.firm(county.pk) if self.rng.random() < 0.5 else None,
                    "domain_id": self.rng.choice(domain_ids),
                    "summary": f"反映{county.name}执法人员在检查中{self.rng.choice(['多次重复检查', '要求缴纳不合理费用', '未出示执法证件', '对轻微问题顶格罚款'])}。",
                    "status": status,
                    "step_started_on": received.date(),
                    "category": category,
                    "receipt_code": f"P{pk:011d}",
                }  # fmt: skip

        copy_rows(Clue, clue_rows(), label="问题线索")

        def assessment_rows() -> Iterator[dict[str, Any]]:
            for pk, (clue_id, _county, unit_id, received) in enumerate(confirmed, start=1):
                yield {
                    "id": pk, "clue_id": clue_id, "unit_id": unit_id, "verdict": "confirmed",
                    "category": self.rng.choice(categories), "domain_id": self.rng.choice(domain_ids),
                    "opinion": "经核查,反映问题属实。", "cause_analysis": "执法人员对裁量基准理解不到位。",
                    "decided_on": received + dt.timedelta(days=10),
                }  # fmt: skip

        copy_rows(Assessment, assessment_rows(), label="研判")

        def ledger_rows() -> Iterator[dict[str, Any]]:
            for pk, (clue_id, county, unit_id, received) in enumerate(confirmed, start=1):
                done = self.rng.random() < 0.7
                yield {
                    "id": pk, "clue_id": clue_id, "region_id": county, "unit_id": unit_id,
                    "responsible_person": "责任人", "measures": "立即纠正并开展警示教育。",
                    "mode": "deadline", "term_workdays": 30, "opened_on": received + dt.timedelta(days=12),
                    "status": "done" if done else "open",
                    "completed_on": received + dt.timedelta(days=30) if done else None,
                    "refund_amount": Decimal(self.rng.choice([0, 0, 500, 2000])),
                }  # fmt: skip

        copy_rows(Rectification, ledger_rows(), label="整改台账")

    def follow_ups(self) -> None:
        today = dt.date(2026, 11, 30)

        def rows() -> Iterator[dict[str, Any]]:
            pk = 0
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, region_id, decided_on FROM cases_penaltycase WHERE is_major AND decided_on >= %s",
                    [dt.date(2025, 1, 1)],
                )
                for case_id, region_id, decided in cursor.fetchall():
                    pk += 1
                    visited = self.rng.random() < 0.8
                    yield {
                        "id": pk, "case_id": case_id, "kind": "mandatory", "region_id": region_id,
                        "reasons": ["major"], "rules_version": "2025-01", "due_on": decided + dt.timedelta(days=90),
                        "status": "done" if visited else "pending",
                        "visited_on": min(today, decided + dt.timedelta(days=40)) if visited else None,
                    }  # fmt: skip

        copy_rows(FollowUp, rows(), label="双百回访")

    def audit(self) -> None:
        total = self.n(50_000)
        created = dt.datetime(2025, 4, 1, 9, tzinfo=dt.UTC)
        head = {"seq": 0, "hash": GENESIS}

        def rows() -> Iterator[dict[str, Any]]:
            prev = GENESIS
            for seq in range(1, total + 1):
                content = {
                    "seq": seq,
                    "created_at": (created + dt.timedelta(minutes=seq)).isoformat(),
                    "actor_id": None,
                    "actor_name": "数据迁移",
                    "action": "create",
                    "target_type": "clues.clue",
                    "target_id": str(seq),
                    "target_repr": f"线索 {seq}",
                    "region_code": "",
                    "before": None,
                    "after": {"status": "received"},
                    "note": "省级汇总数据载入",
                }
                digest = entry_hash(content, prev)
                yield {
                    **content,
                    "id": seq,
                    "created_at": created + dt.timedelta(minutes=seq),
                    "prev_hash": prev,
                    "hash": digest,
                }
                prev = digest
                head.update(seq=seq, hash=digest)

        copy_rows(AuditEntry, rows(), label="审计留痕")
        AuditChainHead.objects.update_or_create(
            pk=1, defaults={"last_seq": head["seq"], "last_hash": head["hash"]}
        )


TABLES: list[type[models.Model]] = [AuditEntry, AuditChainHead, FollowUp, Rectification, Assessment, Clue,
                                    Complaint, PenaltyCase, Enterprise, User, Unit, Region]  # fmt: skip


def reset() -> None:
    names = []
    for model in TABLES:
        names.append(model._meta.db_table)
        for m2m in model._meta.local_many_to_many:
            names.append(m2m.remote_field.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # the audit triggers refuse row changes
        cursor.execute(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE")
        cursor.execute("SET session_replication_role = DEFAULT")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("错误:make_province.py 只写 PostgreSQL(DATABASE_URL=postgres://…)。", file=sys.stderr)
        return 2
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    reset()
    with connection.cursor() as cursor:
        # The rows are generated consistent with each other; skipping the deferred foreign-key
        # triggers during the load saves queuing millions of checks until commit.
        cursor.execute("SET session_replication_role = replica")
    ensure_domains()
    province = Province(args.scale, args.seed)
    steps: list[Callable[[], None]] = [
        province.regions_and_staff, province.enterprises, province.cases, province.complaints,
        province.clues, province.follow_ups, province.audit,
    ]  # fmt: skip
    for step in steps:
        step()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")
    log(f"完成,用时 {time.perf_counter() - started:.0f} 秒")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
