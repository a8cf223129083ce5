"""A row's cells as read, and the readings of them that recovery weighs.

A row of cells whose boundaries are known (a grid, tabs) reads as stated when it
has the template's count, and otherwise as cells lost or added
(:func:`~govreport.recover.grid_readings`). A row of figures separated by spaces
only may have run together (:func:`~govreport.recover.split_readings`).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import attrs

from ..diagnostics import Diagnostic, diagnostic
from ..model import ActiveDisclosure2021, Procurement2019
from ..recover import (
    LocalRule,
    RowReadings,
    collapsed_readings,
    grid_readings,
    split_readings,
)
from ..tokens import Cell, Item

__all__ = [
    "NUMBER",
    "RowCells",
    "cell_value",
    "checked",
    "fit",
    "money",
    "readings",
    "stated_none",
    "trim",
]

#: A figure with the unit it may state: ``12``, ``3443000元``, ``1.5万元``.
NUMBER = re.compile(r"^(-?\d+(?:\.\d+)?)(万元|元|个|件|项|条)?$")
_DIGITS = re.compile(r"\d+")


class RowCells(NamedTuple):
    """A row's cells as read, before they are settled. ``key`` is the row's path
    below its table (``outcomes.total``); ``flat`` says its cell boundaries are
    spaces only, so that figures may have run together."""

    key: str
    cells: tuple[Cell, ...]
    line: int
    flat: bool
    #: One figure a line, each run of equal neighbouring cells written once.
    merged: bool = False

    @property
    def stated(self) -> str:
        """The cells as the source has them, for messages (· for an empty cell)."""
        return " ".join(c.text or "·" for c in self.cells)


#: The most digits a count may have: more is no figure of the template (and a
#: thousands-digit string is never handed to ``int``).
MAX_DIGITS = 15


def cell_value(cell: Cell) -> int | None:
    """A count cell's value, or ``None`` when it states none (it may be negative
    here: whether the column allows that is :func:`valid`'s to say)."""
    if cell.kind != "number":
        return None
    text = cell.text
    if text.isdecimal() and len(text) <= MAX_DIGITS:
        return int(text)  # the common case: plain digits
    m = NUMBER.match(text)
    if not m or "." in m.group(1) or len(m.group(1)) > MAX_DIGITS + 1:
        return None
    return int(m.group(1))


#: The template's money fields (their cells are decimals, not counts).
MONEY_FIELDS = frozenset(
    f.name
    for cls in (ActiveDisclosure2021, Procurement2019)
    for f in attrs.fields(cls)
    if f.metadata.get("cell") == "money"
)


def _figure(column: str, cell: Cell) -> bool:
    if column.rsplit(".", 1)[-1] in MONEY_FIELDS:
        return money(cell)[0] is not None
    return cell_value(cell) is not None


def stated_none(
    path: str, columns: Sequence[str], cells: Sequence[Cell], line: int | None = None
) -> Diagnostic | None:
    """The diagnostic of a row read by position whose cells state no figure: blank
    (empty, ``/``, ``-``, ``无``) or not a figure (``二十``, ``0.5`` in a count)."""
    if all(c.kind == "number" and c.text.isdecimal() and len(c.text) <= MAX_DIGITS for c in cells):
        return None  # plain figures throughout: the common case
    blank = [(c, cell) for c, cell in zip(columns, cells) if not _figure(c, cell)]
    if not blank:
        return None
    words = [cell.text for _, cell in blank]
    code = (
        "S-BLANK" if all(cell.kind in ("gap", "blank") for _, cell in blank) else "S-NOT-A-FIGURE"
    )
    shown = ", ".join(f"{c} ({cell.text!r})" if cell.text else f"{c} (empty)" for c, cell in blank)
    return diagnostic(
        code,
        f"{path}: no figure stated for {shown}; left empty",
        paths=tuple(f"{path}.{c}" for c, _ in blank),
        stated=words,
        line=line,
    )


def money(cell: Cell) -> tuple[Decimal | None, str | None]:
    """A money cell's amount and the unit it states, if any."""
    m = NUMBER.match(cell.text) if cell.kind == "number" else None
    if not m:
        return None, None
    try:
        return Decimal(m.group(1)), m.group(2)
    except InvalidOperation:
        return None, None


def trim(cells: Sequence[Cell]) -> tuple[Cell, ...]:
    """Drop empty grid cells before the first and after the last stated one:
    they are the label's span or the grid's edge, not cells of the row."""
    start, end = 0, len(cells)
    while start < end and cells[start].kind == "gap":
        start += 1
    while end > start and cells[end - 1].kind == "gap":
        end -= 1
    return tuple(cells[start:end])


def fit(cells: Sequence[Cell], width: int) -> tuple[Cell, ...]:
    """Drop edge gaps only while the row has more cells than the table has columns:
    in an exact grid every remaining gap is a blank cell of the row."""
    out = list(cells)
    while len(out) > width and out[-1].kind == "gap":
        out.pop()
    while len(out) > width and out[0].kind == "gap":
        out.pop(0)
    return tuple(out)


def readings(row: RowCells, width: int, local: Sequence[LocalRule] = ()) -> RowReadings:
    """Every reading of ``row`` as ``width`` cells that its layout allows (and,
    for figures run together, that its own ``local`` rules allow, if any does)."""
    cells = row.cells
    if row.merged and len(cells) < width:
        return collapsed_readings([cell_value(c) for c in cells], width, local)
    if row.flat and all(c.kind == "number" for c in cells):
        runs = [c.text for c in cells]
        if all(_DIGITS.fullmatch(r) for r in runs) and len(runs) <= width:
            return split_readings(runs, width, local)
    return grid_readings([cell_value(c) for c in cells], width)


def _allowed(kind: str, value: object) -> bool:
    if value is None:
        return True
    if kind == "money":
        return isinstance(value, Decimal) and value.is_finite() and value >= 0
    if type(value) is not int:
        return False
    return kind == "signed" or value >= 0


@functools.cache
def _cell_kinds(cls: type) -> dict[str, Any]:
    """Each field of ``cls`` and the kind of cell it holds (count, signed, money)."""
    return {f.name: f.metadata.get("cell") for f in attrs.fields(cls)}


def checked(
    path: str, cls: type, values: dict[str, Any]
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """``values`` for ``cls`` with every value its field does not allow (a negative
    count or amount: V1) set to ``None`` and reported, quoting what was read."""
    kinds = _cell_kinds(cls)
    bad = {k: v for k, v in values.items() if kinds.get(k) and not _allowed(kinds[k], v)}
    if not bad:
        return values, []
    shown = ", ".join(f"{k} ({v})" for k, v in bad.items())
    diag = diagnostic(
        "S-NOT-A-FIGURE",
        f"{path}: {shown} is no figure the template allows (counts and amounts are not "
        "negative); left empty",
        paths=tuple(f"{path}.{k}" for k in bad),
        stated=[str(v) for v in bad.values()],
    )
    return {k: (None if k in bad else v) for k, v in values.items()}, [diag]


def merged_lines(items: Sequence[Item]) -> bool:
    """Whether tables are written one figure a line with every run of identical
    neighbouring lines merged into one, as some crawlers keep pages.

    The signs: no grid, every line of figures holds one, a label line holds none,
    and among many lines of figures no two neighbours are the same. Written one
    cell a line without merging, a table of many figures has equal neighbours
    (``0`` after ``0``) almost everywhere; with merging it has none.
    """
    values = [i for i in items if i.kind == "values"]
    if len(values) < 20 or any(i.grid for i in items):
        return False
    if any(len(i.cells) != 1 for i in values) or any(i.cells for i in items if i.kind == "row"):
        return False
    return not any(
        a.kind == b.kind == "values" and a.cells == b.cells for a, b in itertools.pairwise(items)
    )


def join_merged(items: Sequence[Item]) -> list[Item]:
    """The figures on the lines after a row's label (or after other figures), as
    that row's cells."""
    out: list[Item] = []
    for item in items:
        if item.kind == "values" and out and out[-1].kind in ("row", "values"):
            out[-1] = out[-1]._replace(cells=out[-1].cells + item.cells)
        else:
            out.append(item)
    return out
