"""Staff pages of the oversight app. Each view parses, fetches through a scoped selector, calls one
service and renders; a `UserError` goes on the form or into messages, a `PermissionDenied` stays 403."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.cases.selectors import get_case
from jiandu.clues.selectors import get_clue
from jiandu.clues.services import record_export
from jiandu.documents.xlsx import Sheet, build_workbook
from jiandu.errors import UserError
from jiandu.org.feedback import attempt
from jiandu.org.feedback import found_or_404 as found
from jiandu.org.models import Region, Role, Unit
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import (
    get_region_by_code,
    get_staff,
    list_counties,
    list_domains,
    list_units,
    visible_regions,
)
from jiandu.oversight import forms as F
from jiandu.oversight import selectors as S
from jiandu.oversight.models import ExemptionDecision, Position
from jiandu.oversight.rules import exemption_rules, score_sheet
from jiandu.oversight.services import (
    campaigns,
    exemptions,
    incentives,
    records,
    standards,
    study,
    taskforce,
    urgent,
)

T = TypeVar("T")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def region_choices(request: AuthedRequest) -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in visible_regions(request.user)]


def region_of(request: AuthedRequest, code: str) -> Region:
    region = get_region_by_code(user=request.user, code=code)
    if region is None:
        raise UserError("所选区划不在您的管辖范围内。", field="region")
    return region


def table(
    request: AuthedRequest, title: str, columns: list[str], rows: list[list[tuple[Any, str]]], **extra: Any
) -> HttpResponse:
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request, "oversight/table.html", {"title": title, "columns": columns, "page": page, **extra}
    )


def form_page(request: AuthedRequest, title: str, form: forms.Form, back: str, **extra: Any) -> HttpResponse:
    return render(request, "oversight/form.html", {"title": title, "form": form, "back": back, **extra})


def _fmt(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


# --- home ---------------------------------------------------------------------------------------


@permission_required("view_oversight")
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    rows = S.urgent_rows(S.list_urgent(user=user, open_only=True)[:50])
    return render(
        request,
        "oversight/home.html",
        {
            "escalated": S.escalated_to_me(user=user),
            "open_rows": rows,
            "overdue": sum(1 for r in rows if r.urgency.overdue),
            "events_open": S.list_events(user=user, open_only=True).count(),
            "media": S.list_media(user=user).count(),
            "warnings": S.list_warning_cases(user=user).exclude(published_on=None).count(),
        },
    )


# --- urgent matters and 舆情 --------------------------------------------------------------------


@permission_required("view_oversight")
def urgent_list(request: AuthedRequest) -> HttpResponse:
    rows = []
    for row in S.urgent_rows(S.list_urgent(user=request.user)[:500]):
        m, u = row.matter, row.urgency
        state = "已处置" if m.closed_at else ("已超时" if u.overdue else "处置中")
        if m.closed_at:
            state += "（按时）" if u.on_time else "（超时）"
        rows.append(
            [
                (f"线索 {m.clue_id}", reverse("oversight_urgent_detail", args=[m.pk])),
                (m.get_kind_display(), ""),
                (m.region.name, ""),
                (_fmt(m.flagged_at), ""),
                (_fmt(u.due_at), ""),
                (state, ""),
            ]
        )
    return table(
        request,
        "紧急事项",
        ["线索", "类型", "区划", "标记时间", "处置时限", "状态"],
        rows,
        table_id="urgent-table",
        more=[("舆情事件", reverse("oversight_event_list"))],
    )


@permission_required("flag_urgent")
@require_http_methods(["GET", "POST"])
def urgent_new(request: AuthedRequest, clue_pk: int) -> HttpResponse:
    clue = found(get_clue(user=request.user, pk=clue_pk), "线索")
    existing = S.urgent_for_clue(user=request.user, clue=clue)
    if existing is not None:
        return redirect("oversight_urgent_detail", pk=existing.pk)
    form = F.UrgentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        matter = attempt(
            request,
            form,
            lambda: urgent.flag_urgent(
                actor=request.user,
                clue=clue,
                kind=d["kind"],
                reason=d["reason"],
                deadline_hours=d["deadline_hours"],
                source=d["source"] or "network",
                source_detail=d["source_detail"],
                first_seen_at=d["first_seen_at"],
            ),
        )
        if matter is not None:
            messages.success(request, "已标记并提级至市局。")
            return redirect("oversight_urgent_detail", pk=matter.pk)
    return form_page(
        request,
        f"标记紧急事项：线索 {clue.pk}",
        form,
        reverse("clue_detail", args=[clue.pk]),
        intro=clue.summary,
    )


@permission_required("view_oversight")
def urgent_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    matter = found(S.get_urgent(user=request.user, pk=pk), "紧急事项")
    (row,) = S.urgent_rows([matter])
    can_handle = has_permission(request.user, "handle_opinion")
    return render(
        request,
        "oversight/urgent_detail.html",
        {
            "row": row,
            "matter": matter,
            "events": matter.events.prefetch_related("steps"),
            "can_handle": can_handle and matter.closed_at is None,
            "can_close": has_permission(request.user, "flag_urgent") and matter.closed_at is None,
            "step_form": F.StepForm(),
            "statement_form": F.StatementForm(),
            "close_form": F.CloseForm(),
        },
    )


@permission_required("flag_urgent")
@require_POST
def urgent_close(request: AuthedRequest, pk: int) -> HttpResponse:
    matter = found(S.get_urgent(user=request.user, pk=pk), "紧急事项")
    form = F.CloseForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            None,
            lambda: urgent.close_urgent(actor=request.user, matter=matter, result=form.cleaned_data["note"]),
        )
    else:
        messages.error(request, "请填写处置结果。")
    return redirect("oversight_urgent_detail", pk=matter.pk)


@permission_required("view_oversight")
def event_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (e.title, reverse("oversight_event_detail", args=[e.pk])),
            (e.get_source_display(), ""),
            (e.region.name, ""),
            (_fmt(e.first_seen_at), ""),
            ("已回应" if e.statement_at else "未回应", ""),
            ("已处置完毕" if e.closed_at else "处置中", ""),
        ]
        for e in S.list_events(user=request.user)[:500]
    ]
    new = reverse("oversight_event_new") if has_permission(request.user, "handle_opinion") else ""
    return table(
        request,
        "舆情事件",
        ["标题", "来源", "区划", "首次发现", "公开回应", "状态"],
        rows,
        new=new,
        table_id="event-table",
    )


@permission_required("handle_opinion")
@require_http_methods(["GET", "POST"])
def event_new(request: AuthedRequest) -> HttpResponse:
    form = F.EventForm(request.POST or None, regions=region_choices(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        event = attempt(
            request,
            form,
            lambda: urgent.open_event(
                actor=request.user,
                region=region_of(request, d["region"]),
                title=d["title"],
                source=d["source"],
                summary=d["summary"],
                first_seen_at=d["first_seen_at"],
                source_detail=d["source_detail"],
            ),
        )
        if event is not None:
            return redirect("oversight_event_detail", pk=event.pk)
    return form_page(request, "登记舆情事件", form, reverse("oversight_event_list"))


@permission_required("view_oversight")
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    event = found(S.get_event(user=request.user, pk=pk), "舆情事件")
    if event.matter_id is not None:
        return redirect(reverse("oversight_urgent_detail", args=[event.matter_id]) + f"#event-{event.pk}")
    return render(
        request,
        "oversight/urgent_detail.html",
        {
            "events": [event],
            "can_handle": has_permission(request.user, "handle_opinion") and event.closed_at is None,
            "step_form": F.StepForm(),
            "statement_form": F.StatementForm(),
            "close_form": F.CloseForm(),
        },
    )


@permission_required("handle_opinion")
@require_POST
def event_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    event = found(S.get_event(user=request.user, pk=pk), "舆情事件")
    user = request.user
    calls: dict[str, tuple[type[forms.Form], Callable[[dict[str, Any]], object]]] = {
        "step": (F.StepForm, lambda d: urgent.add_step(actor=user, event=event, action=d["action"])),
        "statement": (
            F.StatementForm,
            lambda d: urgent.publish_statement(actor=user, event=event, statement=d["statement"]),
        ),
        "close": (F.CloseForm, lambda d: urgent.close_event(actor=user, event=event, note=d["note"])),
    }
    if action not in calls:
        raise Http404("没有该操作。")
    form_class, call = calls[action]
    form = form_class(request.POST)
    if form.is_valid():
        if attempt(request, None, lambda: call(form.cleaned_data)) is not None:
            messages.success(request, "已保存。")
    else:
        messages.error(request, "请填写" + "、".join(str(form.fields[f].label) for f in form.errors) + "。")
    return redirect("oversight_event_detail", pk=event.pk)


# --- 宣传报道 -------------------------------------------------------------------------------------


@permission_required("view_oversight")
def media_list(request: AuthedRequest) -> HttpResponse:
    items = list(S.list_media(user=request.user)[:1000])
    rows = [
        [
            (m.published_on, ""),
            (m.title, m.link if m.link.startswith("http") else ""),
            (m.outlet, ""),
            (m.get_level_display(), ""),
            (m.get_kind_display(), ""),
            (m.region.name, ""),
        ]
        for m in items
    ]
    counts = S.media_counts(items)
    summary = "；".join(f"{k} {v} 篇" for k, v in sorted(counts["level"].items()))
    new = reverse("oversight_media_new") if has_permission(request.user, "record_media") else ""
    return table(
        request,
        "宣传报道",
        ["刊发日期", "标题", "媒体", "级别", "类型", "区划"],
        rows,
        new=new,
        intro=f"共 {len(items)} 篇" + (f"（{summary}）" if summary else ""),
        table_id="media-table",
    )


@permission_required("record_media")
@require_http_methods(["GET", "POST"])
def media_new(request: AuthedRequest) -> HttpResponse:
    form = F.MediaForm(request.POST or None, regions=region_choices(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = attempt(
            request,
            form,
            lambda: urgent.record_media(
                actor=request.user,
                region=region_of(request, d["region"]),
                title=d["title"],
                outlet=d["outlet"],
                level=d["level"],
                kind=d["kind"],
                published_on=d["published_on"],
                link=d["link"],
            ),
        )
        if done is not None:
            return redirect("oversight_media_list")
    return form_page(request, "登记宣传报道", form, reverse("oversight_media_list"))


# --- 以案警示 ------------------------------------------------------------------------------------


@permission_required("view_oversight")
def warning_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (w.title, reverse("oversight_warning_detail", args=[w.pk])),
            (w.get_subtype_display() or "—", ""),
            (w.region.name, ""),
            (w.published_on or "未发布", ""),
        ]
        for w in S.list_warning_cases(user=request.user)[:500]
    ]
    new = reverse("oversight_warning_new") if has_permission(request.user, "publish_warning_cases") else ""
    return table(
        request,
        "以案警示典型问题",
        ["标题", "问题细类", "区划", "发布日期"],
        rows,
        new=new,
        more=[("公开页面", reverse("public_warning_cases"))],
        table_id="warning-table",
    )


@permission_required("publish_warning_cases")
@require_http_methods(["GET", "POST"])
def warning_new(request: AuthedRequest) -> HttpResponse:
    form = F.WarningForm(request.POST or None, regions=region_choices(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        clue = None
        if d["clue"]:
            clue = get_clue(user=request.user, pk=d["clue"])
            if clue is None:
                form.add_error("clue", f"没有找到编号为 {d['clue']} 的线索，或不在您的管辖范围内。")
        if not form.errors:
            case = attempt(
                request,
                form,
                lambda: urgent.draft_warning_case(
                    actor=request.user,
                    region=region_of(request, d["region"]),
                    title=d["title"],
                    lesson=d["lesson"],
                    clue=clue,
                    account=d["account"],
                ),
            )
            if case is not None:
                return redirect("oversight_warning_detail", pk=case.pk)
    return form_page(request, "编写以案警示典型问题", form, reverse("oversight_warning_list"))


@permission_required("view_oversight")
def warning_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = found(S.get_warning_case(user=request.user, pk=pk), "典型问题")
    can = has_permission(request.user, "publish_warning_cases") and case.published_on is None
    return render(request, "oversight/warning_detail.html", {"case": case, "can_publish": can})


@permission_required("publish_warning_cases")
@require_POST
def warning_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    case = found(S.get_warning_case(user=request.user, pk=pk), "典型问题")
    if attempt(request, None, lambda: urgent.publish_warning_case(actor=request.user, case=case)) is not None:
        messages.success(request, "已在公开页面发布。")
    return redirect("oversight_warning_detail", pk=case.pk)


# --- 工作专班 ------------------------------------------------------------------------------------


def _units(request: AuthedRequest) -> list[tuple[int, str]]:
    return [
        (u.pk, f"{u.region.name} {u.name}") for u in list_units(user=request.user).select_related("region")
    ]


def _unit(request: AuthedRequest, pk: int | None, field: str) -> Unit | None:
    if pk is None:
        return None
    unit = list_units(user=request.user).filter(pk=pk).first()
    if unit is None:
        raise UserError("所选单位不在您的管辖范围内。", field=field)
    return unit


@permission_required("view_oversight")
def task_force_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (t.name, reverse("oversight_task_force_detail", args=[t.pk])),
            (t.region.name, ""),
            (next((m.name for m in t.members.all() if m.position == Position.LEADER), "—"), ""),
            (t.office.name if t.office else "—", ""),
            (t.units.count(), ""),
            (t.members.count(), ""),
        ]
        for t in S.list_task_forces(user=request.user)
    ]
    new = reverse("oversight_task_force_new") if has_permission(request.user, "manage_task_forces") else ""
    return table(
        request,
        "工作专班",
        ["名称", "区划", "组长", "专班办公室", "成员单位", "成员"],
        rows,
        new=new,
        table_id="task-force-table",
    )


@permission_required("manage_task_forces")
@require_http_methods(["GET", "POST"])
def task_force_new(request: AuthedRequest) -> HttpResponse:
    form = F.TaskForceForm(request.POST or None, regions=region_choices(request), units=_units(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data

        def call() -> Any:
            return taskforce.set_up(
                actor=request.user,
                region=region_of(request, d["region"]),
                name=d["name"],
                established_on=d["established_on"],
                office=_unit(request, d["office"], "office"),
                units=[u for pk in d["units"] if (u := _unit(request, pk, "units")) is not None],
            )

        item = attempt(request, form, call)
        if item is not None:
            return redirect("oversight_task_force_detail", pk=item.pk)
    return form_page(request, "成立或修改工作专班", form, reverse("oversight_task_force_list"))


@permission_required("view_oversight")
@require_http_methods(["GET", "POST"])
def task_force_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = found(S.get_task_force(user=request.user, pk=pk), "工作专班")
    can = has_permission(request.user, "manage_task_forces")
    form = F.MemberForm(request.POST or None, units=_units(request))
    if request.method == "POST":
        if not can:
            raise PermissionDenied("您的角色无权维护工作专班名单。")
        if form.is_valid():
            d = form.cleaned_data

            def call() -> Any:
                user = None
                if d["username"].strip():
                    user = get_staff(user=request.user, username=d["username"].strip())
                    if user is None:
                        raise UserError(
                            f"没有找到账号“{d['username'].strip()}”，或不在您的管辖范围内。", field="username"
                        )
                return taskforce.add_member(
                    actor=request.user,
                    task_force=item,
                    position=d["position"],
                    name=d["name"],
                    title=d["title"],
                    unit=_unit(request, d["unit"], "unit"),
                    user=user,
                )

            if attempt(request, form, call) is not None:
                return redirect("oversight_task_force_detail", pk=item.pk)
    return render(
        request,
        "oversight/task_force.html",
        {
            "tf": item,
            "members": [
                (m, taskforce.derived_role(item.region, m.position, m.unit)) for m in item.members.all()
            ],
            "Role": dict(Role.choices),
            "changes": taskforce.role_changes(item),
            "can_manage": can,
            "form": form,
        },
    )


@permission_required("manage_task_forces")
@require_POST
def task_force_apply_roles(request: AuthedRequest, pk: int) -> HttpResponse:
    item = found(S.get_task_force(user=request.user, pk=pk), "工作专班")
    changes = attempt(request, None, lambda: taskforce.apply_roles(actor=request.user, task_force=item))
    if changes is not None:
        messages.success(request, f"已按专班职务调整 {len(changes)} 个账号的角色。")
    return redirect("oversight_task_force_detail", pk=item.pk)


# --- 判定标准 ------------------------------------------------------------------------------------


@permission_required("view_oversight")
def standard_list(request: AuthedRequest) -> HttpResponse:
    items = [(s, S.in_force(s)) for s in S.list_standards(user=request.user)]
    return render(
        request,
        "oversight/standards.html",
        {
            "groups": S.precedent_groups(user=request.user),
            "items": items,
            "can_draft": has_permission(request.user, "draft_standards"),
        },
    )


@permission_required("view_oversight")
def precedent_list(request: AuthedRequest) -> HttpResponse:
    subtype = request.GET.get("subtype", "")
    rows = [
        [
            (f"线索 {a.clue_id}", reverse("clue_detail", args=[a.clue_id])),
            (a.get_subtype_display() or "—", ""),
            (a.domain.name if a.domain else "—", ""),
            (a.opinion[:80], ""),
            (a.decided_on, ""),
        ]
        for a in S.list_precedents(user=request.user, subtype=subtype)[:500]
    ]
    return table(
        request,
        "先例（已认定的研判结论）",
        ["线索", "问题细类", "领域", "认定意见", "研判日期"],
        rows,
        table_id="precedent-table",
    )


@permission_required("draft_standards")
@require_http_methods(["GET", "POST"])
def standard_new(request: AuthedRequest) -> HttpResponse:
    domains = [(d.pk, d.name) for d in list_domains()]
    form = F.StandardForm(request.POST or None, regions=region_choices(request), domains=domains)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        domain = list_domains().filter(pk=d["domain"]).first() if d["domain"] else None
        item = attempt(
            request,
            form,
            lambda: standards.create_standard(
                actor=request.user,
                region=region_of(request, d["region"]),
                subtype=d["subtype"],
                title=d["title"],
                domain=domain,
            ),
        )
        if item is not None:
            return redirect("oversight_standard_detail", pk=item.pk)
    return form_page(request, "新建判定标准", form, reverse("oversight_standard_list"))


@permission_required("view_oversight")
@require_http_methods(["GET", "POST"])
def standard_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = found(S.get_standard(user=request.user, pk=pk), "判定标准")
    pool = S.list_precedents(user=request.user, subtype=item.subtype, domain_id=item.domain_id)[:300]
    choices = [(a.pk, f"线索 {a.clue_id}：{a.opinion[:40]}") for a in pool]
    can = has_permission(request.user, "draft_standards")
    form = F.VersionForm(request.POST or None, precedents=choices)
    if request.method == "POST":
        if not can:
            raise PermissionDenied("您的角色无权起草和发布判定标准。")
        if form.is_valid():
            d = form.cleaned_data
            chosen = list(S.list_precedents(user=request.user).filter(pk__in=d["precedents"]))
            made = attempt(
                request,
                form,
                lambda: standards.draft_version(
                    actor=request.user, standard=item, body=d["text"], precedents=chosen
                ),
            )
            if made is not None:
                return redirect("oversight_standard_detail", pk=item.pk)
    versions = item.versions.prefetch_related("precedents__clue")
    # staff other than the drafters see the published versions only
    shown = versions if can else versions.filter(status="published")
    return render(
        request,
        "oversight/standard.html",
        {"item": item, "versions": shown, "in_force": S.in_force(item), "can_draft": can, "form": form},
    )


@permission_required("draft_standards")
@require_POST
def standard_publish(request: AuthedRequest, pk: int, version_pk: int) -> HttpResponse:
    item = found(S.get_standard(user=request.user, pk=pk), "判定标准")
    version = found(item.versions.filter(pk=version_pk).first(), "版本")
    if (
        attempt(request, None, lambda: standards.publish_version(actor=request.user, version=version))
        is not None
    ):
        messages.success(request, f"第{version.number}版已发布。")
    return redirect("oversight_standard_detail", pk=item.pk)


# --- 守信激励 ------------------------------------------------------------------------------------


@permission_required("view_oversight")
@require_http_methods(["GET", "POST"])
def incentive_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    region = user.region
    can = has_permission(user, "manage_incentives") and region is not None
    policy = incentives.policy_for(region) if region else None
    form = F.PolicyForm(
        request.POST or None,
        initial={"classes": list(policy.classes), "window_months": policy.window_months} if policy else None,
    )
    if request.method == "POST":
        if not can or region is None:
            raise PermissionDenied("您的角色无权维护守信激励名单。")
        if "refresh" in request.POST:
            done = attempt(request, None, lambda: incentives.refresh(actor=user, region=region))
            if done is not None:
                messages.success(
                    request, f"名单已更新：{done.listed} 户（新增 {done.added}，移出 {done.removed}）。"
                )
            return redirect("oversight_incentive_list")
        if form.is_valid():
            d = form.cleaned_data
            saved = attempt(
                request,
                form,
                lambda: incentives.set_policy(
                    actor=user, region=region, classes=d["classes"], window_months=d["window_months"]
                ),
            )
            if saved is not None:
                messages.success(request, "条件已保存，请更新名单。")
                return redirect("oversight_incentive_list")
    county = request.GET.get("county", "")
    items = S.list_eligible(user=user, county=county)
    if request.GET.get("format") == "xlsx":
        rows = S.eligible_rows(items)
        record_export(actor=user, name="守信激励名单", filters={"county": county}, rows=len(rows))
        body = build_workbook(
            [
                Sheet(
                    name="守信激励名单",
                    header=S.INCENTIVE_HEADER,
                    rows=rows,
                    title="信用良好经营主体名单（容缺受理、荣誉申报）",
                    subtitle=f"条件：{'、'.join(policy.classes) if policy else ''}类，"
                    f"近{policy.window_months if policy else ''}个月内无未修复的行政处罚",
                )
            ]
        )
        response = HttpResponse(body, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('守信激励名单.xlsx')}"
        return response
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/incentives.html",
        {
            "page": page,
            "policy": policy,
            "form": form,
            "can_manage": can,
            "county": county,
            "counties": list_counties(user),
            "measures": S.INCENTIVE_MEASURES,
        },
    )


# --- 尽职免责 ------------------------------------------------------------------------------------


@permission_required("view_oversight")
def exemption_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (f"线索 {e.clue_id}", reverse("clue_detail", args=[e.clue_id])),
            (e.officer, reverse("oversight_exemption_detail", args=[e.pk])),
            (e.region.name, ""),
            (e.get_decision_display(), ""),
            (e.decided_on or "—", ""),
        ]
        for e in S.list_exemptions(user=request.user)[:500]
    ]
    return table(
        request,
        "尽职免责认定",
        ["线索", "执法人员", "区划", "认定结论", "认定日期"],
        rows,
        table_id="exemption-table",
    )


@permission_required("open_exemptions")
@require_http_methods(["GET", "POST"])
def exemption_new(request: AuthedRequest, clue_pk: int) -> HttpResponse:
    clue = found(get_clue(user=request.user, pk=clue_pk), "线索")
    form = F.ExemptionOpenForm(request.POST or None, initial={"officer": clue.officers.split("、")[0]})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        item = attempt(
            request,
            form,
            lambda: exemptions.open_review(actor=request.user, clue=clue, officer=d["officer"], act=d["act"]),
        )
        if item is not None:
            return redirect("oversight_exemption_detail", pk=item.pk)
    return form_page(
        request, f"提请认定尽职免责：线索 {clue.pk}", form, reverse("clue_detail", args=[clue.pk])
    )


@permission_required("view_oversight")
@require_http_methods(["GET", "POST"])
def exemption_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = found(S.get_exemption(user=request.user, pk=pk), "尽职免责认定")
    rules = exemption_rules(item.opened_at.date())
    can = has_permission(request.user, "decide_exemptions") and item.decision == ExemptionDecision.PENDING
    if request.method == "POST":
        if not can:
            raise PermissionDenied("您的角色无权认定尽职免责。")
        post = request.POST
        findings = {
            c.code: {
                "met": post.get(f"met_{c.code}") == "on",
                "excepted": post.get(f"excepted_{c.code}") == "on",
                "evidence": post.get(f"evidence_{c.code}", ""),
            }
            for c in rules.conditions
            if post.get(f"met_{c.code}") == "on" or post.get(f"excepted_{c.code}") == "on"
        }
        done = attempt(
            request,
            None,
            lambda: exemptions.decide(
                actor=request.user,
                item=item,
                findings=findings,
                decision=post.get("decision", ""),
                reasons=post.get("reasons", ""),
            ),
        )
        if done is not None:
            messages.success(request, "已作出认定。")
            return redirect("oversight_exemption_detail", pk=item.pk)
    lines = [(c, item.conditions.get(c.code, {})) for c in rules.conditions]
    return render(
        request,
        "oversight/exemption.html",
        {"item": item, "rules": rules, "lines": lines, "can_decide": can, "Decision": ExemptionDecision},
    )


# --- 三项制度：全过程记录 ------------------------------------------------------------------------


@permission_required("view_oversight")
def record_gaps(request: AuthedRequest) -> HttpResponse:
    items = S.cases_without_av(user=request.user)[:500]
    rows = [
        [
            (c.decision_number or f"案件 {c.pk}", reverse("oversight_case_trail", args=[c.pk])),
            (c.enterprise.name, ""),
            (c.region.name, ""),
            (c.decided_on, ""),
        ]
        for c in items
    ]
    return table(
        request,
        "尚未登记音像记录的已决定案件",
        ["决定书文号", "当事人", "区划", "决定日期"],
        rows,
        table_id="record-gap-table",
        more=[("行政执法公示（公开页面）", reverse("public_enforcement"))],
    )


@permission_required("view_oversight")
@require_http_methods(["GET", "POST"])
def case_trail(request: AuthedRequest, case_pk: int) -> HttpResponse:
    case = found(get_case(user=request.user, pk=case_pk), "案件")
    trail = S.case_trail(user=request.user, case=case)
    checks = [(c.pk, f"{c.checked_at:%Y-%m-%d} {'通过' if c.passed else '未通过'}") for c in trail.av_checks]
    form = F.RecordForm(request.POST or None, checks=checks)
    can = has_permission(request.user, "manage_publicity")
    if request.method == "POST":
        if not can:
            raise PermissionDenied("您的角色无权维护全过程记录。")
        if form.is_valid():
            d = form.cleaned_data
            check = next((c for c in trail.av_checks if c.pk == d["av_check"]), None)
            done = attempt(
                request,
                form,
                lambda: records.link_record(
                    actor=request.user,
                    case=case,
                    kind=d["kind"],
                    stage=d["stage"],
                    label=d["label"],
                    location=d["location"],
                    recorded_on=d["recorded_on"],
                    av_check=check,
                ),
            )
            if done is not None:
                return redirect("oversight_case_trail", case_pk=case.pk)
    publicity = next(iter(S.decision_publicity([case])), None)
    return render(
        request,
        "oversight/case_trail.html",
        {"trail": trail, "case": case, "form": form, "can_manage": can, "publicity": publicity},
    )


# --- 专项整治、明察暗访、考核评议 -------------------------------------------------------------------


@permission_required("view_oversight")
def campaign_list(request: AuthedRequest) -> HttpResponse:
    rows = []
    for c in S.list_campaigns(user=request.user)[:200]:
        n = S.campaign_counts(c)
        rows.append(
            [
                (c.title, reverse("oversight_campaign_detail", args=[c.pk])),
                (c.region.name, ""),
                (c.domain.name, ""),
                (f"{c.start_on} 至 {c.end_on}", ""),
                (n.inspections, ""),
                (n.cases, ""),
                (n.clues, ""),
                ("已总结" if c.summary else "进行中", ""),
            ]
        )
    new = reverse("oversight_campaign_new") if has_permission(request.user, "manage_campaigns") else ""
    return table(
        request,
        "专项整治",
        ["名称", "区域", "领域", "期间", "检查", "立案", "线索", "状态"],
        rows,
        new=new,
        table_id="campaign-table",
        more=[
            ("明察暗访", reverse("oversight_visit_list")),
            ("考核评议", reverse("oversight_appraisal_list")),
        ],
    )


@permission_required("manage_campaigns")
@require_http_methods(["GET", "POST"])
def campaign_new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    hotspots = {h.pk: h for h in S.hotspots_for(user=user)}
    keys = {k.pk: k for k in S.key_counties_for(user=user)}
    form = F.CampaignForm(
        request.POST or None,
        regions=region_choices(request),
        domains=[(d.pk, d.name) for d in list_domains()],
        hotspots=[(h.pk, f"{h.period} {h.region.name} {h.domain.name} {h.issue}") for h in hotspots.values()],
        key_counties=[(k.pk, f"{k.period} {k.region.name}（第{k.rank}名）") for k in keys.values()],
        initial={"region": request.GET.get("region", "")},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        domain = list_domains().filter(pk=d["domain"]).first()
        hotspot, key = hotspots.get(d["hotspot"] or 0), keys.get(d["key_county"] or 0)
        if domain is None:
            form.add_error("domain", "请选择整治领域。")
        else:
            item = attempt(
                request,
                form,
                lambda: campaigns.start_campaign(
                    actor=user,
                    region=region_of(request, d["region"]),
                    domain=domain,
                    title=d["title"],
                    goal=d["goal"],
                    start_on=d["start_on"],
                    end_on=d["end_on"],
                    hotspot=hotspot,
                    key_county=key,
                ),
            )
            if item is not None:
                return redirect("oversight_campaign_detail", pk=item.pk)
    return form_page(request, "部署专项整治", form, reverse("oversight_campaign_list"))


@permission_required("view_oversight")
@require_http_methods(["GET", "POST"])
def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = found(S.get_campaign(user=request.user, pk=pk), "专项整治")
    can = has_permission(request.user, "manage_campaigns") and not item.summary
    form = F.SummaryForm(request.POST or None)
    if request.method == "POST":
        if not can:
            raise PermissionDenied("您的角色无权总结专项整治。")
        if form.is_valid():
            done = attempt(
                request,
                form,
                lambda: campaigns.close_campaign(
                    actor=request.user, campaign=item, summary=form.cleaned_data["summary"]
                ),
            )
            if done is not None:
                return redirect("oversight_campaign_detail", pk=item.pk)
    return render(
        request,
        "oversight/campaign.html",
        {
            "item": item,
            "counts": S.campaign_counts(item),
            "visits": item.visits.prefetch_related("findings"),
            "can_close": can,
            "form": form,
        },
    )


@permission_required("view_oversight")
def visit_list(request: AuthedRequest) -> HttpResponse:
    rows = []
    for v in S.list_visits(user=request.user)[:500]:
        clues = [f.clue_id for f in v.findings.all() if f.clue_id]
        rows.append(
            [
                (v.visited_on, ""),
                (v.get_method_display(), ""),
                (v.target, ""),
                (v.region.name, ""),
                (len(v.findings.all()), ""),
                (
                    "、".join(f"线索 {c}" for c in clues) or "—",
                    reverse("clue_detail", args=[clues[0]]) if clues else "",
                ),
            ]
        )
    new = reverse("oversight_visit_new") if has_permission(request.user, "manage_campaigns") else ""
    return table(
        request,
        "明察暗访",
        ["日期", "方式", "被查单位或场所", "区划", "发现问题", "转为线索"],
        rows,
        new=new,
        table_id="visit-table",
    )


@permission_required("manage_campaigns")
@require_http_methods(["GET", "POST"])
def visit_new(request: AuthedRequest) -> HttpResponse:
    mine = {c.pk: c for c in S.list_campaigns(user=request.user).filter(summary="")}
    form = F.VisitForm(
        request.POST or None,
        regions=region_choices(request),
        campaigns=[(c.pk, c.title) for c in mine.values()],
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        visit = attempt(
            request,
            form,
            lambda: campaigns.record_visit(
                actor=request.user,
                region=region_of(request, d["region"]),
                method=d["method"],
                target=d["target"],
                visited_on=d["visited_on"],
                visitors=d["visitors"],
                findings=d["findings"].splitlines(),
                campaign=mine.get(d["campaign"] or 0),
            ),
        )
        if visit is not None:
            messages.success(request, f"已登记，{visit.findings.count()} 个问题已转为线索。")
            return redirect("oversight_visit_list")
    return form_page(request, "登记明察暗访", form, reverse("oversight_visit_list"))


@permission_required("view_oversight")
@require_http_methods(["GET", "POST"])
def appraisal_list(request: AuthedRequest) -> HttpResponse:
    sheet = score_sheet(timezone.localdate())
    can = has_permission(request.user, "manage_campaigns")
    if request.method == "POST":
        if not can:
            raise PermissionDenied("您的角色无权考核评议。")
        post = request.POST

        def call() -> Any:
            scores: dict[str, float] = {}
            for item in sheet.items:
                raw = post.get(f"score_{item.key}", "").strip()
                if raw:
                    try:
                        scores[item.key] = float(raw)
                    except ValueError:
                        raise UserError(f"评分项“{item.text}”的得分应为数字。", field="scores") from None
            unit = _unit(request, int(post["unit"]) if post.get("unit", "").isdigit() else None, "unit")
            year = int(post["year"]) if post.get("year", "").isdigit() else 0
            return campaigns.appraise(
                actor=request.user,
                region=region_of(request, post.get("region", "")),
                year=year,
                scores=scores,
                unit=unit,
                comment=post.get("comment", ""),
            )

        if attempt(request, None, call) is not None:
            messages.success(request, "已保存考核评议。")
            return redirect("oversight_appraisal_list")
    return render(
        request,
        "oversight/appraisals.html",
        {
            "items": S.list_appraisals(user=request.user)[:500],
            "sheet": sheet,
            "can": can,
            "regions": region_choices(request),
            "units": _units(request),
            "year": timezone.localdate().year,
        },
    )


# --- 学习目录（附件1） ------------------------------------------------------------------------------


@permission_required("view_oversight")
@require_http_methods(["GET", "POST"])
def study_list(request: AuthedRequest) -> HttpResponse:
    """The catalogue, each staff member's record (filter by county, export), and one's own marks."""
    user = request.user
    if request.method == "POST":
        post = request.POST
        if post.get("withdraw", "").isdigit():
            entry = found(S.get_own_study_record(user=user, pk=int(post["withdraw"])), "学习记录")
            if attempt(request, None, lambda: study.unmark_studied(actor=user, entry=entry)) is not None:
                messages.success(request, "已撤回学习记录。")
            return redirect("oversight_study_list")
        raw_day = post.get("studied_on", "").strip()

        def call() -> Any:
            day = None
            if raw_day:
                try:
                    day = dt.date.fromisoformat(raw_day)
                except ValueError:
                    raise UserError("学习日期格式应为 YYYY-MM-DD。", field="studied_on") from None
            return study.mark_studied(
                actor=user,
                item_key=post.get("item", "")[:20],
                studied_on=day,
                note=post.get("note", "")[:400],
            )

        if attempt(request, None, call) is not None:
            messages.success(request, "已登记学习记录。")
        return redirect("oversight_study_list")
    county = request.GET.get("county", "")[:12]
    catalogue, rows = S.study_table(user=user, county=county)
    if request.GET.get("format") == "xlsx":
        header, body = S.study_sheet_rows(catalogue, rows)
        record_export(actor=user, name="学习记录", filters={"county": county}, rows=len(body))
        data = build_workbook(
            [
                Sheet(
                    name="学习记录",
                    header=header,
                    rows=body,
                    title=f"{catalogue.title}学习情况",
                    subtitle=f"学习目录版本 {catalogue.version}；来源：{catalogue.source}；单元格为学习日期",
                )
            ]
        )
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('学习记录.xlsx')}"
        return response
    mine = next((r for r in rows if r.staff.pk == user.pk), None)
    if mine is None:  # another county was chosen: one's own record still shows
        own_rows = S.study_table(user=user, county=user.region.code if user.region else "")[1]
        mine = next((r for r in own_rows if r.staff.pk == user.pk), None)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    own = mine.done if mine else {}
    return render(
        request,
        "oversight/study.html",
        {
            "catalogue": catalogue,
            "page": page,
            "lines": [(r, [r.done.get(i.key) for i in catalogue.items]) for r in page],
            "mine": [(i, own.get(i.key)) for i in catalogue.items],
            "county": county,
            "counties": list_counties(user),
            "today": timezone.localdate(),
        },
    )
