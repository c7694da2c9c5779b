"""Excel exports of a campaign: the selection with its reasons, and the score report."""

from __future__ import annotations

import json

from jiandu.documents.xlsx import Sheet, build_workbook
from jiandu.org.models import User
from jiandu.reviews.models import ReviewCampaign
from jiandu.reviews.selectors import ScoreLine, list_reviews, review_report


def selection_workbook(*, user: User, campaign: ReviewCampaign) -> bytes:
    rows = [
        (
            r.case.decision_number,
            r.region.name,
            r.case.unit.name if r.case.unit else "",
            r.case.enterprise.name,
            r.case.domain.name,
            r.case.decided_on.isoformat() if r.case.decided_on else "",
            float(r.case.fine),
            r.case.officers,
            r.reason,
            str(r.reviewer or ""),
            r.get_status_display(),
            float(r.score) if r.score is not None else "",
            r.grade,
        )
        for r in list_reviews(user=user, campaign=campaign)
    ]
    caption = (
        f"{campaign.name}（{campaign.get_method_display()}，范围 {campaign.region.name}，"
        f"评分表 {campaign.sheet_version}" + (f"，随机种子 {campaign.seed}" if campaign.seed else "") + "）"
    )
    sheets = [
        Sheet(
            "选案清单",
            [
                "决定书文号",
                "区划",
                "办案机构",
                "当事人",
                "领域",
                "决定日期",
                "罚款（元）",
                "承办人员",
                "入选理由",
                "评查人",
                "状态",
                "得分",
                "等次",
            ],
            rows,
            caption,
        )
    ]
    if campaign.draw:
        sheets.append(Sheet("抽取验证数据", ["内容"], [[json.dumps(campaign.draw, ensure_ascii=False)]]))
    return build_workbook(sheets)


def report_workbook(*, user: User, campaign: ReviewCampaign) -> bytes:
    report = review_report(user=user, campaign=campaign)
    header = ["名称", "已评查（件）", "平均分", "优秀（件）", "合格及以上（件）", "不合格（件）"]

    def lines(items: list[ScoreLine]) -> list[tuple[object, ...]]:
        return [(x.label, x.reviewed, float(x.average), x.excellent, x.passed, x.failed) for x in items]

    caption = f"{campaign.name} 评查报告：已评查 {report['reviewed']} 件，选案 {report['selected']} 件"
    return build_workbook(
        [
            Sheet("按县（市、区）", ["县（市、区）", *header[1:]], lines(report["by_county"]), caption),
            Sheet("按办案机构", ["办案机构", *header[1:]], lines(report["by_unit"])),
            Sheet("按承办人员", ["承办人员", *header[1:]], lines(report["by_officer"])),
            Sheet(
                "扣分项",
                ["编号", "评分项", "出现次数", "累计扣分", "占已评查案卷"],
                [(i["code"], i["text"], i["times"], float(i["points"]), i["share"]) for i in report["items"]],
            ),
        ]
    )
