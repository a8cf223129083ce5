"""A row's cells as read, and the readings of them that recovery weighs.

A row of cells whose boundaries are known (a grid, tabs) reads as stated when it
has the template's count, and otherwise as cells lost or added
(:func:`~govreport.recover.grid_readings`). A row of figures separated by spaces
only may have run together (:func:`~govreport.recover.split_readings`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from ..recover import LocalRule, RowReadings, grid_readings, split_readings
from ..tokens import Cell

__all__ = ["NUMBER", "RowCells", "cell_value", "fit", "money", "readings", "trim"]

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

    @property
    def stated(self) -> str:
        """The cells as the source has them, for messages (· for an empty cell)."""
        return " ".join(c.text or "·" for c in self.cells)


def cell_value(cell: Cell) -> int | None:
    """A count cell's value, or ``None`` when it states none."""
    if cell.kind != "number":
        return None
    m = NUMBER.match(cell.text)
    if not m or "." in m.group(1):
        return None
    return int(m.group(1))


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
    if row.flat and all(c.kind == "number" for c in cells):
        runs = [c.text for c in cells]
        if all(_DIGITS.fullmatch(r) for r in runs) and len(runs) <= width:
            return split_readings(runs, width, local)
    return grid_readings([cell_value(c) for c in cells], width)
