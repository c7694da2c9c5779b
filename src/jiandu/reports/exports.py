"""Files of the reports app: the monthly form and the roll-up (.xlsx/.docx), the three lists and the
立改废释 list (.xlsx), the 整改报告 / 工作情况报告 (.docx) and the indicator chart (SVG)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone

from jiandu.documents.report_forms import (
    FormRow,
    ReportContent,
    ReportSection,
    ReportTable,
    build_form_workbook,
    build_report_document,
)
from jiandu.documents.xlsx import Sheet, build_workbook
from jiandu.org.models import Region, User
from jiandu.oversight.selectors import MEDIA_URGENT_HEADER, MEDIA_URGENT_NOTE, media_urgent_rows
from jiandu.reports.models import ReportKind, Submission
from jiandu.reports.rulesets import Column
from jiandu.reports.selectors import (
    LAW_HEADER,
    PRACTICE_HEADER,
    PROBLEM_HEADER,
    SECTIONS,
    SUGGESTION_HEADER,
    Cell,
    FormTable,
    IndicatorValue,
    decode_cells,
    fact_paragraphs,
    indicator_regions,
    indicator_table,
    law_rows,
    list_law_suggestions,
    list_practices,
    list_suggestion_rows,
    practice_rows,
    problem_rows,
    submission_live_cells,
    template_for,
)

TYPED_NOTE = (
    "说明：浅黄色底纹的单元格为县（市、区）局填报数，"
    "其余为系统根据问题线索、整改台账、案卷评查和回访数据自动生成。"
)
MISSING_NOTE = "未报送、逾期未报送或尚未采纳的单位不计入合计，也不以零计。"


def form_workbook(form: FormTable) -> bytes:
    template = form.template
    rows = [
        FormRow(
            name=row.name,
            values=[row.cells.get(c.key) for c in template.columns],
            typed=frozenset(i for i, c in enumerate(template.columns) if c.key in row.typed_keys),
            state=row.state_label,
            missing=not row.has_data,
        )
        for row in form.rows
    ]
    total = FormRow(template.total_label, [form.total.get(c.key) for c in template.columns])
    kind = "（各单位已采纳的报送数）" if form.snapshot else "（实时数据）"
    return build_form_workbook(
        title=f"{form.region.name}{template.name}",
        subtitle=f"统计期间：{form.period_label}{kind}  模板版本：{template.version}",
        corner="县（市、区）",
        headers=[(*c.header, c.title) for c in template.columns],
        money=[c.money for c in template.columns],
        rows=rows,
        total=total,
        notes=[TYPED_NOTE, MISSING_NOTE] if form.snapshot else [TYPED_NOTE],
    )


def _rollup_table(form: FormTable) -> tuple[list[str], list[list[object]]]:
    """Each county as a column; a county without an accepted filing shows its state, never zero."""
    header = ["栏目", *[row.name for row in form.rows], form.template.total_label]
    body: list[list[object]] = [["报送状态", *[row.state_label for row in form.rows], ""]]
    for column in form.template.columns:
        if column.typed == "text":
            continue
        line: list[object] = ["／".join([*column.header[1:], column.title])]
        for row in form.rows:
            line.append(row.cells.get(column.key) if row.has_data else row.state_label)
        line.append(form.total.get(column.key))
        body.append(line)
    return header, body


def rollup_workbook(form: FormTable) -> bytes:
    header, body = _rollup_table(form)
    return build_workbook(
        [
            Sheet(
                name="汇总表",
                header=header,
                rows=body,
                title=f"{form.region.name}{form.template.name}汇总表",
                subtitle=f"统计期间：{form.period_label}；{MISSING_NOTE}",
            )
        ]
    )


def rollup_document(form: FormTable, *, date: dt.date | None = None) -> bytes:
    header, body = _rollup_table(form)
    filed = [row.name for row in form.rows if row.has_data and not row.own_units]
    missing = [f"{row.name}（{row.state_label}）" for row in form.rows if not row.has_data]
    opening = [
        f"{form.period_label}，全市{form.template.name}汇总如下。已采纳报送单位：{'、'.join(filed) or '无'}。"
        + (f"未计入汇总的单位：{'、'.join(missing)}。" if missing else "各单位均已按要求报送并经采纳。")
    ]
    keep = {
        "clues_received",
        "clues_confirmed",
        "rectified",
        "refund_amount",
        "referrals",
        "supervised",
        "rectify_overdue",
    }
    key_rows = [body[0]] + [
        line
        for line, column in zip(
            body[1:], [c for c in form.template.columns if c.typed != "text"], strict=True
        )
        if column.key in keep
    ]
    content = ReportContent(
        title=[f"{form.region.name}规范涉企行政执法专项行动", "问题整治情况汇总"],
        addressee="",
        opening=opening,
        sections=[
            ReportSection("一、主要数据", [MISSING_NOTE], [ReportTable("主要数据汇总", header, key_rows)])
        ],
        authority=f"{form.region.name}市场监督管理局规范涉企行政执法专项行动工作专班",
        date=date or timezone.localdate(),
        attachments=[ReportTable(f"{form.template.name}汇总表（全部栏目）", header, body)],
    )
    return build_report_document(content)


# --- the lists ------------------------------------------------------------------------------------


def lists_workbook(
    *, user: User, county: str = "", since: dt.date | None = None, until: dt.date | None = None
) -> bytes:
    return build_workbook(
        [
            Sheet(
                "主要问题清单",
                PROBLEM_HEADER,
                problem_rows(user=user, county=county, since=since, until=until),
                title="主要问题清单",
            ),
            Sheet(
                "意见建议清单",
                SUGGESTION_HEADER,
                list_suggestion_rows(user=user, county=county, since=since, until=until),
                title="意见建议清单",
            ),
            Sheet(
                "典型经验做法清单",
                PRACTICE_HEADER,
                practice_rows(list_practices(user=user, county=county)),
                title="典型经验做法清单",
            ),
            Sheet(
                "立改废释建议",
                LAW_HEADER,
                law_rows(list_law_suggestions(user=user, county=county)),
                title="立改废释建议清单",
            ),
            Sheet(
                "宣传报道与紧急处置",
                MEDIA_URGENT_HEADER,
                media_urgent_rows(user=user, county=county, since=since, until=until),
                title="宣传报道与舆情、紧急处置情况",
                subtitle=MEDIA_URGENT_NOTE,
            ),
        ]
    )


LIST_NAMES = {
    "problems": "主要问题清单",
    "suggestions": "意见建议清单",
    "practices": "典型经验做法清单",
    "laws": "立改废释建议清单",
}


def list_workbook(*, user: User, name: str, county: str = "") -> bytes:
    """One of the lists on its own, with the columns a bureau files."""
    tables = {
        "problems": lambda: (PROBLEM_HEADER, problem_rows(user=user, county=county)),
        "suggestions": lambda: (SUGGESTION_HEADER, list_suggestion_rows(user=user, county=county)),
        "practices": lambda: (PRACTICE_HEADER, practice_rows(list_practices(user=user, county=county))),
        "laws": lambda: (LAW_HEADER, law_rows(list_law_suggestions(user=user, county=county))),
    }
    header, rows = tables[name]()
    return single_list_workbook(LIST_NAMES[name], header, rows)


def single_list_workbook(name: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    return build_workbook([Sheet(name, header, rows, title=name)])


# --- reports --------------------------------------------------------------------------------------


def _figure_rows(template_columns: Sequence[Column], cells: dict[str, Cell]) -> list[list[object]]:
    rows: list[list[object]] = []
    for column in template_columns:
        key = column.key
        if column.typed == "text" or key.startswith(("received_", "confirmed_P")):
            continue
        rows.append([column.title, cells.get(key)])
    return rows


def indicator_rows(
    values: Sequence[IndicatorValue], regions: Sequence[Region]
) -> tuple[list[str], list[list[object]]]:
    header = ["指标", *[r.name for r in regions], "全市中位数", "计算公式"]
    rows: list[list[object]] = [
        [
            v.indicator.label,
            *[f"{v.values[r.pk]}%" if v.values.get(r.pk) is not None else "无数据" for r in regions],
            f"{v.median}%" if v.median is not None else "无数据",
            v.indicator.formula,
        ]
        for v in values
    ]
    return header, rows


def report_document(*, submission: Submission, user: User) -> bytes:
    """整改报告 or 工作情况报告 of one region, in GB/T 9704 layout, with the four parts."""
    item = submission.item
    template = template_for(item)
    if submission.snapshot:
        cells = decode_cells(template, submission.snapshot.get("cells", {}))
        frozen = timezone.localtime(dt.datetime.fromisoformat(submission.snapshot["frozen_at"]))
        state = f"数据为{frozen:%Y年%m月%d日%H时%M分}报送时冻结的数据"
    else:
        cells = submission_live_cells(submission)
        state = "数据为实时数据（尚未报送）"
    period = f"{item.period_start:%Y年%m月%d日}至{item.period_end:%Y年%m月%d日}"
    region = submission.region
    generated = fact_paragraphs(cells, region_name=region.name, period_label=period)
    tables: dict[str, list[ReportTable]] = {
        "problems": [
            ReportTable(f"主要数据（{period}）", ["项目", "数值"], _figure_rows(template.columns, cells))
        ],
    }
    attachments: list[ReportTable] = []
    county = region.code if region.level == "county" else ""
    if item.kind == ReportKind.WORK_REPORT:
        problems = problem_rows(user=user, county=county, since=item.period_start, until=item.period_end)
        attachments = [
            ReportTable(
                "主要问题清单",
                ["序号", "县（市、区）", "问题描述", "问题类别", "原因剖析", "整改情况"],
                [[r[0], r[1], r[6], r[7], r[13], r[16]] for r in problems],
            ),
            ReportTable(
                "意见建议清单",
                ["序号", "县（市、区）", "来源", "意见建议内容", "答复机构", "答复意见", "状态"],
                [
                    [r[0], r[1], r[2], r[4], r[6], r[7], r[9]]
                    for r in list_suggestion_rows(
                        user=user, county=county, since=item.period_start, until=item.period_end
                    )
                ],
            ),
            ReportTable(
                "典型经验做法清单",
                ["序号", "县（市、区）", "标题", "主要做法", "工作成效", "状态"],
                [
                    [r[0], r[1], r[2], r[3], r[4], r[6]]
                    for r in practice_rows(list_practices(user=user, county=county))
                ],
            ),
            ReportTable(
                "立改废释建议清单",
                [
                    "序号",
                    "法律法规规章或文件名称",
                    "效力层级",
                    "存在的问题",
                    "建议类型",
                    "具体建议",
                    "相关线索",
                ],
                [
                    [r[0], r[2], r[3], r[5], r[6], r[7], r[8]]
                    for r in law_rows(list_law_suggestions(user=user, county=county))
                ],
            ),
            ReportTable(
                "宣传报道与舆情、紧急处置情况",
                MEDIA_URGENT_HEADER,
                media_urgent_rows(user=user, county=county, since=item.period_start, until=item.period_end),
            ),
        ]
        parent = region.parent if region.level == "county" and region.parent else region
        values = indicator_table(user=user, region=parent, start=item.period_start, end=item.period_end)
        regions = indicator_regions(user, parent)
        header, rows = indicator_rows(values, regions)
        tables["effects"] = [ReportTable("涉企行政执法评价指标", header, rows)]
    sections = []
    for key, heading in SECTIONS:
        text = submission.narrative.get(key) or generated[key]
        sections.append(ReportSection(heading, [text], tables.get(key, [])))
    noun = "整改报告" if item.kind == ReportKind.RECTIFICATION_REPORT else "工作情况报告"
    content = ReportContent(
        title=[f"{region.name}市场监督管理局", f"关于规范涉企行政执法专项行动{noun}"],
        addressee="市局案件管理科：",
        opening=[f"现将本单位{item.campaign.name}{period}有关情况报告如下（{state}）。"],
        sections=sections,
        authority=f"{region.name}市场监督管理局",
        date=timezone.localdate(submission.submitted_at) if submission.submitted_at else timezone.localdate(),
        attachments=attachments,
    )
    return build_report_document(content)


# --- the indicator chart --------------------------------------------------------------------------


def indicator_svg(value: IndicatorValue, regions: Sequence[Region]) -> str:
    """A horizontal bar chart of one indicator per county with the city median as a dashed line."""
    bar, gap, left, width = 22, 8, 120, 320
    present = [value.values.get(r.pk) for r in regions]
    top = max([Decimal(100), *[v for v in present if v is not None]])
    height = 30 + len(regions) * (bar + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height + 20}" '
        f'role="img" aria-label="{escape(value.indicator.label)}">',
        f'<text x="4" y="16" font-size="13">{escape(value.indicator.label)}</text>',
    ]
    for index, (region, number) in enumerate(zip(regions, present, strict=True)):
        y = 26 + index * (bar + gap)
        parts.append(f'<text x="4" y="{y + 15}" font-size="12">{escape(region.name)}</text>')
        if number is None:
            parts.append(f'<text x="{left}" y="{y + 15}" font-size="12" fill="#888">无数据</text>')
            continue
        length = float(max(number, Decimal(0)) / top) * width
        parts.append(f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="#4a78b5"/>')
        parts.append(f'<text x="{left + length + 4:.1f}" y="{y + 15}" font-size="12">{number}%</text>')
    if value.median is not None:
        x = left + float(max(value.median, Decimal(0)) / top) * width
        parts.append(
            f'<line x1="{x:.1f}" y1="22" x2="{x:.1f}" y2="{height}" stroke="#c0392b" stroke-dasharray="4 3"/>'
            f'<text x="{x + 3:.1f}" y="{height + 14}" font-size="11" fill="#c0392b">'
            f"中位数 {value.median}%</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
