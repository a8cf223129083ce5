"""Recovery of section 三, 收到和处理政府信息公开申请情况.

Rows are placed by their labels; lines of cells that lost their label are placed
by template order between the labelled rows around them. Each row's readings are
then settled together by the rules A1, A2 and A3 (:mod:`govreport.rules`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from ..diagnostics import Diagnostic, diagnostic
from ..model import APPLICANT_COLUMNS, ApplicantRow, Applications, TemplateVersion
from ..paths import CellPath
from ..recover import (
    UNKNOWN,
    RowReadings,
    System,
    TooManyReadings,
    index_equations,
    row_rules,
    settle,
    system,
)
from ..rules import equations
from ..template import application_rows, build_applications
from ..tokens import Cell, Item
from .cells import RowCells, checked, divisible, fit, stated_none, table_readings, trim
from .place import place_unlabelled
from .summed import split_sum, summed_other
from .wording import missing_rows, settled_row, too_long

__all__ = ["assemble_applications"]

_WIDTH = len(APPLICANT_COLUMNS)


def _rectangular(items: Sequence[Item], reader_grid: bool) -> bool:
    """Whether a real grid's rows are read by position.

    A table read from a real grid (HTML, DOCX) whose lines are all as wide, label
    columns before the seven, is read by position: a row's figures are its last
    seven cells, blank edge cells included. Text tables are not: their extraction
    loses cells and pads rows, so there an edge gap is far more often a label's
    span or padding, and lost cells are rebuilt by arithmetic.
    """
    widths = {i.width for i in items if i.grid}
    return (
        reader_grid
        and len(widths) == 1
        and min(widths) > _WIDTH
        and all(len(i.cells) >= _WIDTH for i in items if i.kind == "row" and i.grid)
    )


def _may_run_together(item: Item) -> bool:
    """Whether the item's figures may have run together: not in a grid, and not
    one figure standing alone on its own line (that is never cut)."""
    return not item.grid and not (item.kind == "values" and len(item.cells) == 1)


def _only_gaps(cells: Sequence[Cell]) -> bool:
    return all(c.kind == "gap" for c in cells)


def _row_cells(item: Item, exact: bool, rectangular: bool) -> tuple[Cell, ...]:
    """The cells of a row item that belong to the table's seven columns."""
    if exact:
        cells = fit(item.cells, _WIDTH)
    elif (
        rectangular and item.kind == "row" and not item.padded and _only_gaps(item.cells[:-_WIDTH])
    ):
        # The row's figures are its last seven cells only if nothing stands before
        # them but the label columns' empty spans: a figure there means the grid
        # itself is off (a lost or doubled <tr> or <td>), and position is not sure.
        cells = item.cells[-_WIDTH:]
    else:
        cells = trim(item.cells)
    if not any(c.kind != "gap" for c in cells):
        return ()
    if item.kind == "text" and len(cells) < 3:
        return ()  # a footnote's figures or a page number after text
    return cells


@functools.cache
def _row_order(version: TemplateVersion) -> tuple[dict[str, str], list[str], dict[str, int]]:
    """Each row label token's row key, the keys in template order, and each key's
    place in it (the same for every report of a version: worked out once)."""
    rows = application_rows(version)
    order = [r.key for r in rows]
    return (
        {r.terminal: r.key for r in rows},
        order,
        {k: i for i, k in reversed(list(enumerate(order)))},
    )


def _place_rows(
    items: Sequence[Item],
    version: TemplateVersion,
    exact: bool,
    reader_grid: bool,
    merged: bool,
    glued: bool = False,
) -> tuple[dict[str, RowCells], list[Diagnostic]]:
    """Each template row's cells: labelled rows by label, the rest by order."""
    leaves, order, index = _row_order(version)
    rectangular = _rectangular(items, reader_grid)
    broken = divisible(real_grid=exact or reader_grid, merged=merged)
    slots: dict[str, RowCells] = {}
    pending: list[RowCells] = []
    diags: list[Diagnostic] = []
    last = -1
    for item in items:
        # A line without cells (text, a header) is no row: the common case, skipped early.
        cells = _row_cells(item, exact, rectangular) if item.cells else ()
        if not cells:
            continue
        key = next((leaves[t] for t in reversed(item.labels) if t in leaves), None)
        row = RowCells(key or "", cells, item.line, _may_run_together(item), merged, broken, glued)
        if key is None:
            pending.append(row)
        elif key in slots:
            diags.append(
                diagnostic(
                    "U-DUPLICATE",
                    f"applications.{key} appears twice; the first is kept",
                    paths=(f"applications.{key}",),
                    line=item.line,
                )
            )
        else:
            idx = index[key]
            diags += place_unlabelled(order, slots, pending, last + 1, idx)
            pending = []
            slots[key] = row
            last = max(last, idx)
    diags += place_unlabelled(order, slots, pending, last + 1, len(order))
    return slots, diags


@functools.lru_cache(maxsize=256)
def _system(version: TemplateVersion, keys: tuple[str, ...]) -> System:
    """The rules A1, A2, A3 over the rows ``keys`` (the rows read, in order)."""
    cells = {
        CellPath.of(f"applications.{k}").child(col): (i, c)
        for i, k in enumerate(keys)
        for c, col in enumerate(APPLICANT_COLUMNS)
    }
    return system(index_equations(equations(version), cells), len(keys))


def _settle_rows(
    slots: dict[str, RowCells], version: TemplateVersion
) -> tuple[dict[str, ApplicantRow], list[Diagnostic]]:
    """Every placed row's cells, settled together by A1, A2 and A3."""
    keys = [r.key for r in application_rows(version) if r.key in slots]
    diags: list[Diagnostic] = []
    options: list[RowReadings] = []
    rules = _system(version, tuple(keys))
    local = row_rules(rules, len(keys))
    for k, rd in zip(keys, table_readings([slots[k] for k in keys], _WIDTH, local)):
        if isinstance(rd, TooManyReadings):
            diags.append(too_long(f"applications.{k}", slots[k], str(rd)))
            rd = RowReadings("lost", ((UNKNOWN,) * _WIDTH,))
        options.append(rd)
    results = settle(options, rules, _WIDTH)
    rows: dict[str, ApplicantRow] = {}
    for k, rd, res in zip(keys, options, results):
        path = f"applications.{k}"
        diags += settled_row(path, APPLICANT_COLUMNS, slots[k], rd, res, "the rules A1, A2, A3")
        if rd.how == "stated":
            diags += stated_none(path, APPLICANT_COLUMNS, slots[k].cells, slots[k].line)
        values, bad = checked(path, ApplicantRow, dict(zip(APPLICANT_COLUMNS, res.values)))
        rows[k] = ApplicantRow(**values)
        diags += bad
    return rows, diags


def assemble_applications(
    items: Sequence[Item],
    version: TemplateVersion,
    *,
    exact: bool = False,
    reader_grid: bool = False,
    merged: bool = False,
    glued: bool = False,
) -> tuple[Applications, list[Diagnostic]]:
    """Section 三 from its row items.

    ``exact`` says the table is a known exact grid (the canonical form): blank
    cells are then read by position only. Otherwise a gap at a row's edge may
    be a label's span, and both readings go to the arithmetic.
    """
    # A 2021 table with 2019's single （六） row is read in 2019's layout (:mod:`.summed`).
    layout: TemplateVersion = "2019" if version == "2021" and summed_other(items) else version
    slots, diags = _place_rows(items, layout, exact, reader_grid, merged, glued)
    rows, settled = _settle_rows(slots, layout)
    diags += settled
    if layout != version:
        summed = slots.get("outcomes.other")
        diags += split_sum(rows, summed.line if summed is not None else None)
    missing = [f"applications.{r.key}" for r in application_rows(layout) if r.key not in slots]
    if missing:
        diags.append(missing_rows("applications", missing))
    return build_applications(version, rows), diags
