"""Recovery of section 四, 政府信息公开行政复议、行政诉讼情况: one row of fifteen cells
after the header words, settled by R1 (:mod:`govreport.rules`)."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from ..diagnostics import Diagnostic, diagnostic
from ..model import REVIEW_COLUMNS, ReviewGroup, Reviews
from ..paths import CellPath
from ..recover import System, TooManyReadings, index_equations, row_rules, settle, system
from ..rules import equations
from ..template import REVIEW_GROUPS
from ..tokens import Item
from .cells import RowCells, checked, divisible, fit, readings, stated_none, trim
from .wording import settled_row, too_long

__all__ = ["assemble_reviews"]

_WIDTH = len(REVIEW_GROUPS) * len(REVIEW_COLUMNS)
_CELLS = {
    CellPath(("reviews", g, col)): (0, i * len(REVIEW_COLUMNS) + c)
    for i, (g, _) in enumerate(REVIEW_GROUPS)
    for c, col in enumerate(REVIEW_COLUMNS)
}


@functools.cache
def _system() -> System:
    """R1 over the row's fifteen cells (the same for every report: worked out once)."""
    return system(index_equations(equations("2021"), _CELLS), 1)


def _figures_row(
    items: Sequence[Item], merged: bool, reader_grid: bool, glued: bool = False
) -> RowCells | None:
    """The line of figures after the header: the first with five figures or ten
    cells, else the longest."""
    broken = divisible(real_grid=reader_grid, merged=merged)
    seen_header = False
    groups: list[RowCells] = []
    for item in items:
        seen_header = seen_header or item.kind == "header"
        cells = item.cells
        if any(c.kind != "gap" for c in cells) and (seen_header or item.kind == "values"):
            alone = item.kind == "values" and len(cells) == 1  # a figure on its own line
            flat = not item.grid and not alone
            groups.append(RowCells("reviews", cells, item.line, flat, merged, broken, glued))
    for row in groups:
        if sum(1 for c in row.cells if c.kind != "gap") >= 5 or len(row.cells) >= 10:
            return row
    return max(groups, key=lambda g: len(g.cells)) if groups else None


_GROUP_WORDS = {label.split(" ")[-1]: key for key, label in REVIEW_GROUPS}
_PER_GROUP = len(REVIEW_COLUMNS)


def _per_group_row(items: Sequence[Item]) -> RowCells | None:
    """Section 四 written as one small table per group, each under its group's
    heading (OCR output): the three rows of five, in the template's order.

    Only when each row of five follows its own group's heading, every group once,
    and no line holds more figures: then each cell's place is known.
    """
    rows: dict[str, Item] = {}
    group: str | None = None
    for item in items:
        named = [_GROUP_WORDS[w] for w in item.heads if w in _GROUP_WORDS]
        if named:
            group = named[-1]
        if item.kind != "values" or not item.cells:
            continue
        if len(item.cells) != _PER_GROUP or group is None or group in rows:
            return None
        rows[group] = item
        group = None
    if len(rows) != len(REVIEW_GROUPS):
        return None
    first = rows[REVIEW_GROUPS[0][0]]
    cells = tuple(c for key, _ in REVIEW_GROUPS for c in rows[key].cells)
    return RowCells("reviews", cells, first.line, False)


def assemble_reviews(
    items: Sequence[Item], *, reader_grid: bool = False, merged: bool = False, glued: bool = False
) -> tuple[Reviews, list[Diagnostic]]:
    """Section 四: the one row of fifteen cells after the header words.

    In a real grid (``reader_grid``) empty cells at the edge of a row too long are
    the label columns' spans; in text they may as well be blank cells of the row,
    with a cell too many elsewhere: then every such reading is weighed.
    """
    row = _per_group_row(items) or _figures_row(items, merged, reader_grid, glued)
    if row is None:
        message = "no figures found for the reviews table (section 四)"
        return Reviews(), [diagnostic("U-NO-TABLE", message, paths=("reviews",))]
    cells = fit(row.cells, _WIDTH) if reader_grid or row.flat else row.cells
    cells = cells if len(cells) >= _WIDTH else trim(cells)
    row = row._replace(cells=cells, merged=merged)
    rules = _system()
    try:
        rd = readings(row, _WIDTH, row_rules(rules, 1)[0])
    except TooManyReadings as exc:
        return Reviews(), [too_long("reviews", row, str(exc))]
    (res,) = settle([rd], rules, _WIDTH)
    columns = [f"{g}.{c}" for g, _ in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    n = len(REVIEW_COLUMNS)
    diags = settled_row("reviews", columns, row, rd, res, "the rule R1")
    if rd.how == "stated":
        diags += stated_none("reviews", columns, row.cells, row.line)
    groups: dict[str, ReviewGroup] = {}
    for i, (g, _) in enumerate(REVIEW_GROUPS):
        values = dict(zip(REVIEW_COLUMNS, res.values[i * n : i * n + n]))
        values, bad = checked(f"reviews.{g}", ReviewGroup, values)
        groups[g] = ReviewGroup(**values)
        diags += bad
    return Reviews(**groups), diags
