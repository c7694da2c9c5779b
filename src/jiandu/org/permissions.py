"""What each role may do, as a table. Region scope is applied separately, by the selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from jiandu.org.models import Role, User

STAFF: set[str] = {
    Role.TASK_FORCE,
    Role.BUSINESS_UNIT,
    Role.COUNTY_BUREAU,
    Role.OFFICER,
    Role.LEGAL_REVIEWER,
    Role.AUDITOR,
}

_TF, _BU, _CB, _OF = (
    Role.TASK_FORCE.value,
    Role.BUSINESS_UNIT.value,
    Role.COUNTY_BUREAU.value,
    Role.OFFICER.value,
)
PREVENTION_PERMISSIONS: dict[str, tuple[str, set[str]]] = {
    "view_prevention": ("查看投诉热点和风险预警", STAFF),
    "import_complaints": ("导入投诉举报", {_TF, _CB}),
    "refresh_hotspots": ("重新计算投诉热点", {_TF, _CB, _BU}),
    "draft_warnings": ("起草违法风险预警和提醒书", {_TF, _CB, _BU}),
    "review_warnings": ("审核违法风险预警", {_TF, _BU}),
    "publish_warnings": ("发布违法风险预警", {_TF, _CB}),
    "record_reminders": ("登记个别提醒和跟进检查", {_TF, _CB, _BU, _OF}),
    "edit_guides": ("修订并发布合规指引", {_TF, _BU}),
    "plan_education": ("计划和登记普法活动", {_TF, _CB, _BU, _OF}),
}

# The oversight app (jiandu.oversight): urgent handling and 舆情, task forces, judging standards,
# incentives, 尽职免责, 三项制度, special campaigns, 明察暗访 and 考核评议.
_LR = Role.LEGAL_REVIEWER.value
OVERSIGHT_PERMISSIONS: dict[str, tuple[str, set[str]]] = {
    "view_oversight": ("查看紧急处置、舆情和专项监督", STAFF),
    "flag_urgent": ("将线索标记为社会影响恶劣或舆情", {_TF, _CB}),
    "handle_opinion": ("登记和处置舆情事件", {_TF, _CB}),
    "record_media": ("登记宣传报道", {_TF, _CB, _BU}),
    "publish_warning_cases": ("编发以案警示典型问题", {_TF}),
    "manage_task_forces": ("维护工作专班名单", {_TF, _CB}),
    "draft_standards": ("起草和发布判定标准", {_LR, _TF}),
    "manage_incentives": ("维护守信激励名单", {_TF, _CB}),
    "open_exemptions": ("提请认定尽职免责", {_TF, _CB}),
    "decide_exemptions": ("认定尽职免责", {_LR}),
    "manage_publicity": ("维护行政执法公示和全过程记录", {_TF, _CB, _LR, _OF}),
    "manage_campaigns": ("组织专项整治、明察暗访和考核评议", {_TF, _CB}),
}

PERMISSIONS: dict[str, tuple[str, set[str]]] = {
    "view_dashboard": ("查看工作台", STAFF),
    "view_enterprises": ("查看经营主体", STAFF),
    "import_enterprises": ("导入经营主体", {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value}),
    "view_cases": ("查看处罚案件", STAFF),
    "view_clues": ("查看问题线索", STAFF),
    "read_audit": ("查看审计留痕", {Role.AUDITOR.value, Role.TASK_FORCE.value}),
    "manage_holidays": ("维护节假日安排", {Role.TASK_FORCE.value, Role.LEGAL_REVIEWER.value}),
    "use_workdays": ("工作日计算", STAFF | {Role.SUPERVISOR.value}),
    "draft_cases": (
        "办理处罚案件",
        {Role.OFFICER.value, Role.COUNTY_BUREAU.value, Role.BUSINESS_UNIT.value, Role.TASK_FORCE.value},
    ),
    "legal_review_cases": ("进行法制审核", {Role.LEGAL_REVIEWER.value}),
    "decide_cases": (
        "作出行政处罚决定",
        {Role.COUNTY_BUREAU.value, Role.BUSINESS_UNIT.value, Role.TASK_FORCE.value},
    ),
    "review_credit_repair": (
        "审核信用修复申请",
        {Role.COUNTY_BUREAU.value, Role.BUSINESS_UNIT.value, Role.TASK_FORCE.value},
    ),
    "view_inspections": ("查看双随机抽查", STAFF),
    "manage_inspections": (
        "制定和抽取双随机抽查计划",
        {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value, Role.BUSINESS_UNIT.value},
    ),
    "record_inspections": (
        "登记检查结果和行政指导",
        {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value, Role.BUSINESS_UNIT.value, Role.OFFICER.value},
    ),
    "file_clues": ("登记问题线索", (STAFF - {Role.AUDITOR.value}) | {Role.SUPERVISOR.value}),
    "import_clues": ("导入问题线索", {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value}),
    "triage_clues": ("分拣问题线索", {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value}),
    "assess_clues": (
        "研判问题线索",
        {Role.TASK_FORCE.value, Role.BUSINESS_UNIT.value, Role.COUNTY_BUREAU.value},
    ),
    "refer_discipline": ("移送纪检监察", {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value}),
    "close_clues": ("办结问题线索", {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value}),
    "view_reporters": ("查看反映人信息", {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value}),
    "view_referrals": ("查看移送纪检监察情况", {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value}),
    "export_problem_lists": (
        "导出问题清单和整改台账",
        {Role.TASK_FORCE.value, Role.BUSINESS_UNIT.value, Role.COUNTY_BUREAU.value},
    ),
    "view_rectifications": ("查看整改台账", STAFF),
    "manage_rectifications": (
        "办理整改事项",
        {Role.TASK_FORCE.value, Role.BUSINESS_UNIT.value, Role.COUNTY_BUREAU.value},
    ),
    "supervise_rectifications": ("督办整改事项", {Role.TASK_FORCE.value}),
    "view_reviews": ("查看案卷评查与回访", STAFF),
    "manage_reviews": (
        "组织案卷评查",
        {Role.TASK_FORCE.value, Role.LEGAL_REVIEWER.value, Role.COUNTY_BUREAU.value},
    ),
    "score_reviews": (
        "评查打分",
        {Role.TASK_FORCE.value, Role.LEGAL_REVIEWER.value, Role.COUNTY_BUREAU.value, Role.OFFICER.value},
    ),
    "confirm_reviews": ("确认评查结果", {Role.TASK_FORCE.value, Role.LEGAL_REVIEWER.value}),
    "check_av_records": (
        "核查音像记录",
        {Role.TASK_FORCE.value, Role.LEGAL_REVIEWER.value, Role.COUNTY_BUREAU.value, Role.OFFICER.value},
    ),
    "record_follow_ups": (
        "登记回访",
        {Role.TASK_FORCE.value, Role.BUSINESS_UNIT.value, Role.COUNTY_BUREAU.value, Role.OFFICER.value},
    ),
    "search_library": ("检索执法案例库", STAFF),
    "check_similar_cases": ("类案比对", STAFF - {Role.AUDITOR.value}),
    "manage_typical_cases": (
        "选编典型案例",
        {Role.TASK_FORCE.value, Role.BUSINESS_UNIT.value, Role.LEGAL_REVIEWER.value},
    ),
    "rebuild_library_index": ("重建案例库索引", {Role.TASK_FORCE.value}),
    "view_discretion": ("查看裁量基准目录和免罚清单", STAFF),
    "check_discretion": ("进行行政处罚裁量核查", STAFF - {Role.AUDITOR.value}),
    "record_suggestions": ("登记意见建议", STAFF - {Role.AUDITOR.value}),
    "answer_suggestions": (
        "答复意见建议",
        {Role.TASK_FORCE.value, Role.BUSINESS_UNIT.value, Role.COUNTY_BUREAU.value},
    ),
    "view_reports": ("查看报送与汇总", STAFF),
    "draft_reports": ("起草报送材料", {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value, Role.OFFICER.value}),
    "submit_reports": ("报送材料", {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value}),
    "decide_reports": ("审核报送材料", {Role.TASK_FORCE.value}),
    "edit_catalogue": ("修订并发布裁量基准目录和免罚清单", {Role.LEGAL_REVIEWER.value}),
    "view_key_counties": ("查看重点县区", {Role.TASK_FORCE.value, Role.AUDITOR.value}),
    "manage_key_counties": ("列入或移出重点县区名单", {Role.TASK_FORCE.value}),
    "view_county_profiles": ("查看县区执法画像", STAFF),
    "view_problem_models": ("查看问题模型及其命中", STAFF),
    "run_problem_models": ("运行、启用或停用问题模型", {Role.TASK_FORCE.value}),
    "mark_model_hits": (
        "标记模型命中为误报",
        {Role.TASK_FORCE.value, Role.BUSINESS_UNIT.value, Role.COUNTY_BUREAU.value},
    ),
    **PREVENTION_PERMISSIONS,
    **OVERSIGHT_PERMISSIONS,
    "view_service": ("查看一企一档和服务台账", STAFF),
    "manage_service": (
        "登记联络走访、帮扶需求、座谈会和服务活动",
        {Role.TASK_FORCE.value, Role.BUSINESS_UNIT.value, Role.COUNTY_BUREAU.value, Role.OFFICER.value},
    ),
    "manage_supervisors": ("管理监督员和监测点", {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value}),
    "view_own_submissions": ("查看本人反映的问题", {Role.SUPERVISOR.value}),
    "handle_case_leads": (
        "受理案源并决定是否立案",
        {Role.TASK_FORCE.value, Role.BUSINESS_UNIT.value, Role.COUNTY_BUREAU.value},
    ),
    "manage_training": (
        "维护学习目录和培训记录",
        {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value, Role.LEGAL_REVIEWER.value},
    ),
    "view_survey_results": (
        "查看满意度测评汇总",
        {Role.TASK_FORCE.value, Role.BUSINESS_UNIT.value, Role.COUNTY_BUREAU.value},
    ),
}


def has_permission(user: Any, permission: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.role in PERMISSIONS[permission][1]


def who_may(permission: str) -> str:
    """The roles that hold a permission, in words: 工作专班、县（市、区）局."""
    holders = PERMISSIONS[permission][1]
    return "、".join(role.label for role in Role if role.value in holders)


def refusal(user: User, permission: str) -> str:
    """A refusal that names the rule and the way on: which right is missing, which roles hold it."""
    role = Role(user.role).label if user.role in Role.values else "当前"
    holders = who_may(permission)
    way = f"此项工作由{holders}办理，请转交本单位相应岗位的同事" if holders else "此项工作由系统管理员办理"
    return (
        f"{role}角色无权{PERMISSIONS[permission][0]}。{way}；"
        "需要调整账号角色的，请向本单位的账号管理人员申请。"
    )


def check_permission(user: User, permission: str) -> None:
    if not has_permission(user, permission):
        raise PermissionDenied(refusal(user, permission))


View = TypeVar("View", bound=Callable[..., Any])


def permission_required(permission: str) -> Callable[[View], View]:
    """Login first, then the role check; a refusal is a 403 page that says which right is missing."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            check_permission(request.user, permission)
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorate
