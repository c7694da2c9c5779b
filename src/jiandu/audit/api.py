"""REST endpoints for reading the audit trail (auditors and the task force only)."""

import datetime as dt
from typing import Any

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from jiandu.audit.selectors import list_audit_entries, verify_audit_chain
from jiandu.bounds import CodeText, Day, ShortText
from jiandu.engines.identity import mask_record
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

    @staticmethod
    def resolve_before(obj: Any, context: dict[str, Any]) -> Any:
        return _shown(obj.before, context)

    @staticmethod
    def resolve_after(obj: Any, context: dict[str, Any]) -> Any:
        return _shown(obj.after, context)


REPORTER_KEYS = frozenset({"reporter_name", "reporter_phone", "reporter_email"})


def _shown(value: Any, context: dict[str, Any]) -> Any:
    """Reporter identity (fields and inside texts) is masked for readers without `view_reporters`."""
    request = context.get("request")
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if user is not None and has_permission(user, "view_reporters"):
        return value
    return mask_record(value, REPORTER_KEYS)


class VerifyOut(Schema):
    intact: bool
    first_broken_seq: int | None
    reason: str | None


@router.get("/entries", response=list[AuditEntryOut], summary="审计记录（可筛选）")
@paginate(BoundedLimitOffsetPagination)
def entries(  # type: ignore[no-untyped-def]
    request: AuthedRequest,
    actor: ShortText = "",
    target_type: CodeText = "",
    target_id: CodeText = "",
    action: CodeText = "",
    since: Day | None = None,
    until: Day | None = None,
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
