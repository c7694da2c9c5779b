"""REST endpoints for reading the audit trail (auditors and the task force only)."""

import datetime as dt
from typing import Any

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from jiandu.audit.selectors import list_audit_entries, verify_audit_chain
from jiandu.org.permissions import has_permission
from jiandu.org.requests import AuthedRequest
from jiandu.paging import BoundedLimitOffsetPagination

router = Router(tags=["审计留痕"])


class AuditEntryOut(Schema):
    seq: int
    created_at: dt.datetime
    actor_name: str
    action: str
    target_type: str
    target_id: str
    target_repr: str
    region_code: str
    before: Any = None
    after: Any = None
    note: str
    prev_hash: str
    hash: str


class VerifyOut(Schema):
    intact: bool
    first_broken_seq: int | None
    reason: str | None


@router.get("/entries", response=list[AuditEntryOut], summary="审计记录（可筛选）")
@paginate(BoundedLimitOffsetPagination)
def entries(  # type: ignore[no-untyped-def]
    request: AuthedRequest,
    actor: str = "",
    target_type: str = "",
    target_id: str = "",
    action: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
):
    if not has_permission(request.user, "read_audit"):
        raise HttpError(403, "仅审计管理员和工作专班可查看审计留痕")
    return list_audit_entries(
        actor=actor,
        target_type=target_type,
        target_id=target_id,
        action=action,
        since=since,
        until=until,
    )


@router.get("/verify", response=VerifyOut, summary="核验审计哈希链")
def verify(request: AuthedRequest) -> VerifyOut:
    if not has_permission(request.user, "read_audit"):
        raise HttpError(403, "仅审计管理员和工作专班可查看审计留痕")
    broken = verify_audit_chain()
    return VerifyOut(
        intact=broken is None,
        first_broken_seq=broken.seq if broken else None,
        reason=broken.reason if broken else None,
    )
