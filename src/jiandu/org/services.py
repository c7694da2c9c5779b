"""Writes for the organisation: enterprises (one by one or imported), API tokens, holiday table."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from jiandu.audit.services import AuditAction, Change, change_for, diff, record, record_many, snapshot
from jiandu.documents.tabular import RowError, SheetRow
from jiandu.engines import uscc as uscc_engine
from jiandu.errors import UserError
from jiandu.org.models import ApiToken, CreditClass, Enterprise, Region, User
from jiandu.org.selectors import visible_regions

# Header names accepted for each field: the Chinese labels staff use, and plain English keys.
ENTERPRISE_COLUMNS: dict[str, tuple[str, ...]] = {
    "uscc": ("统一社会信用代码", "uscc"),
    "name": ("名称", "企业名称", "经营主体名称", "name"),
    "region_code": ("行政区划代码", "所在区划代码", "region_code"),
    "industry": ("行业", "所属行业", "industry"),
    "credit_class": ("信用风险分类", "信用等级", "credit_class"),
    "address": ("住所", "地址", "address"),
}
FIELD_LABELS = {key: names[0] for key, names in ENTERPRISE_COLUMNS.items()}
REQUIRED = ("uscc", "name", "region_code")


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    stored: bool = False

    @property
    def summary(self) -> str:
        if self.errors and not self.stored:
            return f"共 {self.total} 行，发现 {len(self.errors)} 处错误，未导入任何数据。请修正后重新导入。"
        skipped = len({e.row for e in self.errors})
        return (
            f"共 {self.total} 行：新增 {self.created} 户，更新 {self.updated} 户，未变化 {self.unchanged} 户"
            + (f"，跳过有错误的 {skipped} 行" if skipped else "")
            + "。"
        )


class ImportHeaderError(UserError):
    pass


def map_enterprise_header(header: list[str]) -> dict[str, str]:
    """Which column holds which field; raises with the missing required columns named."""
    mapping: dict[str, str] = {}
    for key, names in ENTERPRISE_COLUMNS.items():
        for name in names:
            if name in header:
                mapping[key] = name
                break
    missing = [FIELD_LABELS[k] for k in REQUIRED if k not in mapping]
    if missing:
        raise ImportHeaderError(f"表头缺少必填列：{'、'.join(missing)}。第 1 行应包含这些列名。")
    return mapping


def _credit_class(raw: str) -> str | None:
    value = raw.strip().upper().removesuffix("类")
    return value if value in CreditClass.values else None


class EnterpriseChecker:
    """Checks enterprise rows batch by batch (codes repeated across batches are caught too)."""

    def __init__(self, *, actor: User, header: list[str]) -> None:
        self.mapping = map_enterprise_header(header)
        self.regions = {r.code: r for r in visible_regions(actor)}
        self.seen: dict[str, int] = {}

    @property
    def scope(self) -> list[Region]:
        return list(self.regions.values())

    def check(self, batch: Iterable[SheetRow]) -> tuple[list[tuple[int, dict[str, object]]], list[RowError]]:
        """The valid rows (row number, values) and the errors of one batch."""
        mapping, regions, seen = self.mapping, self.regions, self.seen
        batch = list(batch)
        # A USCC already registered outside the importer's scope may not be taken over (nor its
        # existence told): the row is refused in the same words as any other code not importable here.
        foreign = set(
            Enterprise.objects.filter(uscc__in=[r.values.get(mapping["uscc"], "").strip() for r in batch])
            .exclude(region__in=self.scope)
            .values_list("uscc", flat=True)
        )
        all_errors: list[RowError] = []
        valid: list[tuple[int, dict[str, object]]] = []
        for row in batch:
            values = {key: row.values.get(column, "").strip() for key, column in mapping.items()}
            errors: list[RowError] = []

            def fail(
                key: str, message: str, row_number: int = row.number, errors: list[RowError] = errors
            ) -> None:
                errors.append(RowError(row=row_number, field=FIELD_LABELS[key], message=message))

            for key in REQUIRED:
                if not values.get(key):
                    fail(key, "不能为空")
            code = values.get("uscc", "")
            if code:
                check = uscc_engine.validate(code)
                if not check.valid:
                    fail("uscc", check.error or "格式错误")
                elif code in seen:
                    fail("uscc", f"与第 {seen[code]} 行重复")
                elif code in foreign:
                    fail("uscc", "不能在您的管辖范围内导入该代码；主体迁入本辖区的，请由市局办理迁移")
                else:
                    seen[code] = row.number
            if len(values.get("name", "")) > 100:
                fail("name", "不能超过 100 个字")
            region = None
            if values.get("region_code"):
                region = regions.get(values["region_code"])
                if region is None:
                    fail("region_code", f"“{values['region_code']}”不存在或不在您的管辖范围内")
            credit = "B"
            if values.get("credit_class"):
                parsed = _credit_class(values["credit_class"])
                if parsed is None:
                    fail("credit_class", f"“{values['credit_class']}”无效，应为 A、B、C、D 之一")
                else:
                    credit = parsed
            if len(values.get("address", "")) > 200:
                fail("address", "不能超过 200 个字")
            if errors:
                all_errors.extend(errors)
                continue
            valid.append(
                (
                    row.number,
                    {
                        "uscc": code,
                        "name": values["name"],
                        "region": region,
                        "industry": values.get("industry", "")[:50],
                        "credit_class": credit,
                        "address": values.get("address", ""),
                    },
                )
            )
        return valid, all_errors


def import_enterprises(
    *, actor: User, header: list[str], rows: Iterable[SheetRow], partial: bool = False
) -> ImportReport:
    """Validate every row; store all of them, or none if any row is wrong (unless partial).

    In one request and one transaction: for small tables and tests. Staff, the API and the CLI use
    the background job of ``jiandu.org.enterprise_imports``.
    """
    checker = EnterpriseChecker(actor=actor, header=header)
    rows = list(rows)
    report = ImportReport(total=len(rows))
    valid, report.errors = checker.check(rows)
    if report.errors and not partial:
        return report
    _store_enterprises(actor=actor, rows=[data for _, data in valid], report=report, scope=checker.scope)
    report.stored = True
    return report


def _store_enterprises(
    *, actor: User, rows: list[dict[str, object]], report: ImportReport, scope: list[Region]
) -> None:
    with transaction.atomic():
        existing = {
            e.uscc: e
            for e in Enterprise.objects.select_for_update().filter(
                uscc__in=[r["uscc"] for r in rows], region__in=scope
            )
        }
        changes: list[Change] = []
        for data in rows:
            enterprise = existing.get(str(data["uscc"]))
            if enterprise is None:
                enterprise = Enterprise.objects.create(**data)
                changes.append(
                    change_for(enterprise, AuditAction.CREATE, after=snapshot(enterprise), note="导入")
                )
                report.created += 1
                continue
            before = snapshot(enterprise)
            for key, value in data.items():
                setattr(enterprise, key, value)
            after = snapshot(enterprise)
            old, new = diff(before, after)
            old.pop("updated_at", None)
            new.pop("updated_at", None)
            if not new:
                report.unchanged += 1
                continue
            enterprise.save()
            changes.append(change_for(enterprise, AuditAction.UPDATE, before=old, after=new, note="导入"))
            report.updated += 1
        record_many(actor=actor, changes=changes)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(*, actor: User | None, user: User, name: str) -> str:
    """Create a token and return it once; only its digest is kept."""
    if not name.strip():
        raise UserError("请填写令牌用途，例如“对接12345平台”。")
    token = "jd_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        api_token = ApiToken.objects.create(user=user, name=name.strip()[:50], digest=token_digest(token))
        record(
            actor=actor,
            change=change_for(api_token, AuditAction.CREATE, after={"user": user.username, "name": name}),
        )
    return token


def revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionError("只能吊销本人的接口令牌。")
    with transaction.atomic():
        token.revoked = True
        token.save(update_fields=["revoked"])
        record(
            actor=actor,
            change=change_for(token, AuditAction.UPDATE, before={"revoked": False}, after={"revoked": True}),
        )
    return token
