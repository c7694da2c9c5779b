"""Excel exports of the oversight loop: the problem list (问题清单) and the ledger (整改台账).

Plain rows in, bytes out: a title row naming the bureau and period, a header row, the data, frozen
panes, widths fitted to Chinese text, dates as dates and money with two decimals.
"""

from __future__ import annotations

from collections.abc import Sequence

from jiandu.documents.xlsx import Filing, Sheet, build_workbook

__all__ = ["tabular_xlsx"]


def tabular_xlsx(
    *,
    title: str,
    subtitle: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    sheet: str,
    filing: Filing | None = None,
) -> bytes:
    """One sheet: title (row 1), subtitle (row 2), header (row 3), data from row 4, the filing block."""
    return build_workbook(
        [Sheet(name=sheet, header=header, rows=rows, title=title, subtitle=subtitle, filing=filing)]
    )
