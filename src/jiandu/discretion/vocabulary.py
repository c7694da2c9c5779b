"""Words the discretion floor and every app above it share: the kinds of administrative penalty.

行政处罚法 第九条 lists the kinds; 行政拘留 is left out because only public security organs may impose it
(第十八条第三款) — a market regulator never offers it.
"""

from __future__ import annotations

from django.db import models


class PenaltyKind(models.TextChoices):
    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_GAIN = "confiscate_gain", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_LICENCE = "suspend_licence", "暂扣许可证件"
    DOWNGRADE = "downgrade", "降低资质等级"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件或者营业执照"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业"
    CLOSE = "close", "责令关闭"
    BAN_EMPLOYMENT = "ban_employment", "限制从业"


def penalty_kind_labels(kinds: list[str] | tuple[str, ...]) -> list[str]:
    labels = dict(PenaltyKind.choices)
    return [str(labels.get(kind, kind)) for kind in kinds]


# 从轻、减轻情节 (指导意见第十三、十四条) are found 有, 无 or 未查明 (unknown to the engine); the case form
# and the 裁量核查 form offer the same choice.
FINDING_CHOICES = [("no", "无"), ("yes", "有"), ("unknown", "未查明")]
