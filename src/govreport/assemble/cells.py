"""A row's cells as read, and the readings of them that recovery weighs.

A row of cells whose boundaries are known (a grid, tabs) reads as stated when it
has the template's count, and otherwise as cells lost or added
(:func:`~govreport.recover.grid_readings`). A row of figures separated by spaces
only may have run together (:func:`~govreport.recover.split_readings`). A row of a
text table with a cell too many may as well hold a figure that extraction broke in
two (``53`` as ``5 | 3``): both layouts are weighed together
(:func:`~govreport.recover.divided_readings`).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, cast

import attrs

from ..diagnostics import Diagnostic, diagnostic
from ..model import ActiveDisclosure2021, Procurement2019
from ..numerals import numeral_value
from ..recover import (
    MAX_READINGS,
    How,
    LocalRule,
    Reading,
    RowReadings,
    TooManyReadings,
    collapsed_readings,
    grid_readings,
    split_readings,
)
from ..tokens import Cell, CellKind, Item

__all__ = [
    "NUMBER",
    "RowCells",
    "cell_value",
    "checked",
    "divisible",
    "fit",
    "joins",
    "money",
    "read_once",
    "read_once_note",
    "readings",
    "spanned",
    "spanned_misfit",
    "stated_none",
    "table_readings",
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
    #: The cells are a text table's, on one line (see :func:`divisible`): two
    #: neighbours may be one figure that extraction broke in two.
    divisible: bool = False
    #: The row's table runs its labels and figures together (``规章000行政…``): its
    #: extraction dropped the separators, so a row's figures ran together, and
    #: fewer runs than cells are read as cut runs only (see :func:`readings`).
    glued: bool = False

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
        return numeral_value(cell.text) if cell.kind == "numeral" else None
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
) -> list[Diagnostic]:
    """The diagnostics of a row read by position whose cells state no figure: blank
    (empty, ``/``, ``-``, ``无``) or not a figure (``二十``, ``0.5`` in a count), or
    a figure merged over cells the table names apart (:func:`spanned`)."""
    if all(c.kind == "number" and c.text.isdecimal() and len(c.text) <= MAX_DIGITS for c in cells):
        return []  # plain figures throughout: the common case
    pairs = list(zip(columns, cells))
    out = [spanned(path, pairs, line)]
    blank = [(c, cell) for c, cell in pairs if cell.kind not in _MERGED and not _figure(c, cell)]
    if blank:
        words = [cell.text for _, cell in blank]
        code = (
            "S-BLANK"
            if all(cell.kind in ("gap", "blank") for _, cell in blank)
            else "S-NOT-A-FIGURE"
        )
        shown = ", ".join(
            f"{c} ({cell.text!r})" if cell.text else f"{c} (empty)" for c, cell in blank
        )
        out.append(
            diagnostic(
                code,
                f"{path}: no figure stated for {shown}; left empty",
                paths=tuple(f"{path}.{c}" for c, _ in blank),
                stated=words,
                line=line,
            )
        )
    return [d for d in out if d is not None]


#: The kinds of a figure merged over cells the table names apart.
_MERGED = ("span", "covered")


def read_once(cells: Sequence[Cell], width: int) -> tuple[Cell, ...] | None:
    """``cells`` with a figure merged over columns past the row's last field read
    once, as that field: the row has ``width`` fields, the merge starts at the
    last and covers only positions beyond it (2019's 行政事业性收费 or 政府集中采购
    under a header of more columns), so the one field it can state is the one it
    starts at. ``None`` where the row has no such merge."""
    if len(cells) <= width or cells[width - 1].kind != "span":
        return None
    if any(c.kind != "covered" for c in cells[width:]):
        return None
    first = cells[width - 1]
    kind: CellKind = "number" if NUMBER.match(first.text) else "numeral"
    return (*cells[: width - 1], Cell(first.text, kind))


def read_once_note(cell: str, figure: str, line: int) -> Diagnostic:
    """The note that a merged figure was read once, as ``cell``, its row's last."""
    return diagnostic(
        "N-READ-ONCE",
        f"{cell}: {figure} is one cell merged over columns past the row's fields; "
        "read once, as this cell",
        paths=(cell,),
        stated=[figure],
        line=line,
    )


#: Most readings of a merged figure a diagnostic lists.
_SHOWN_READINGS = 12


def spanned(
    path: str, pairs: Sequence[tuple[str, Cell]], line: int | None = None
) -> Diagnostic | None:
    """The diagnostic of a row's cells covered by a figure merged over columns or
    rows the table names apart: it may state any one of them or all (an editor's
    merge of equal neighbours, or of a column that does not apply), so none is
    read; the readings listed are the figure in all of them, or in one only."""
    span = [(c, cell) for c, cell in pairs if cell.kind in _MERGED]
    if not span:
        return None
    figures = [cell.text for _, cell in span]
    k = len(span)
    readings = [figures] + [
        [f if i == j else None for j, f in enumerate(figures)] for i in range(k)
    ]
    shown = ", ".join(f"{c} ({cell.text})" for c, cell in span)
    return diagnostic(
        "U-AMBIGUOUS",
        f"{path}: {shown} read from one cell merged over columns or rows the table "
        "names apart; which of them it states is not known, so they are left empty",
        paths=tuple(f"{path}.{c}" for c, _ in span),
        stated=figures,
        candidates=readings[:_SHOWN_READINGS],
        line=line,
    )


def spanned_misfit(path: str, columns: Sequence[str], row: RowCells) -> Diagnostic | None:
    """The diagnostic of a row whose cells, a merged figure among them, are not as
    many as its fields: which fields the merge states is not known, nor where the
    other cells stand, so none is read."""
    if len(row.cells) == len(columns) or not any(c.kind in _MERGED for c in row.cells):
        return None
    return diagnostic(
        "U-AMBIGUOUS",
        f"{path}: read {row.stated!r} for {len(columns)} cells, with a figure merged over "
        "columns the table names apart; which of them it states is not known, so they "
        "are left empty",
        paths=tuple(f"{path}.{c}" for c in columns),
        stated=[c.text for c in row.cells],
        line=row.line,
    )


def money(cell: Cell) -> tuple[Decimal | None, str | None]:
    """A money cell's amount and the unit it states, if any."""
    if cell.kind == "numeral":
        count = numeral_value(cell.text)
        return (None, None) if count is None else (Decimal(count), None)
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


def divisible(*, real_grid: bool, merged: bool) -> bool:
    """Whether a table's rows may hold figures broken in two cells.

    A real grid (HTML, DOCX, the canonical form) keeps each figure in its own
    cell, as its author typed it; a crawler that wrote one figure a line kept
    each whole. A text table (tabs, pipes, spaces) has the boundaries its
    extractor drew, and a PDF extractor draws one wherever glyphs stand apart,
    inside a figure too: such a table written as GFM or tabs looks no different.
    """
    return not real_grid and not merged


def joins(cells: Sequence[Cell]) -> tuple[int | None, ...]:
    """For each pair of neighbouring cells, the figure they make as one (``5``
    and ``3``: 53), or ``None`` where they make none (not plain digits, or a
    leading zero: ``0`` then ``3``)."""
    out: list[int | None] = []
    for a, b in itertools.pairwise(cells):
        text = a.text + b.text
        whole = a.kind == b.kind == "number" and _DIGITS.fullmatch(text) is not None
        figure = whole and _whole_figure(text)
        out.append(int(text) if figure else None)
    return tuple(out)


def readings(row: RowCells, width: int, local: Sequence[LocalRule] = ()) -> RowReadings:
    """Every reading of ``row`` as ``width`` cells that its layout allows (and,
    for figures run together, that its own ``local`` rules allow, if any does).
    A row of a text table with cells too many weighs both a cell too many and a
    figure broken in two (``row.divisible``)."""
    cells = row.cells
    if row.merged and len(cells) < width:
        return collapsed_readings([cell_value(c) for c in cells], width, local)
    if row.flat and all(c.kind == "number" for c in cells):
        runs = [c.text for c in cells]
        # Plain digits only (what ``\d+`` matches: decimal digits, one at least).
        if all(r.isdecimal() for r in runs) and len(runs) <= width:
            split = split_readings(runs, width, local)
            return _or_lost(split, runs, width) if len(runs) < width and not row.glued else split
    pairs = joins(cells) if row.divisible and len(cells) > width else ()
    return grid_readings([cell_value(c) for c in cells], width, pairs)


def table_readings(
    rows: Sequence[RowCells], width: int, local: Sequence[Sequence[LocalRule]]
) -> list[RowReadings | TooManyReadings]:
    """Each row's :func:`readings` under its own rules ``local[i]``, or the
    :class:`TooManyReadings` it raised. Rows whose cells, layout and rules are
    the same (a table's rows of zeros) are read once."""
    out: list[RowReadings | TooManyReadings] = []
    done: dict[tuple[object, ...], RowReadings | TooManyReadings] = {}
    for row, rules in zip(rows, local):
        key = (row.cells, row.flat, row.merged, row.divisible, row.glued, tuple(rules))
        found = done.get(key)
        if found is None:
            try:
                found = readings(row, width, rules)
            except TooManyReadings as exc:
                found = exc
            done[key] = found
        out.append(found)
    return out


def _whole_figure(digits: str) -> bool:
    """Whether a run of digits can be one figure as written: no leading zero
    (``0`` alone aside), and no more digits than a count has."""
    return len(digits) <= MAX_DIGITS and (digits[0] != "0" or len(digits) == 1)


def _or_lost(split: RowReadings, runs: Sequence[str], width: int) -> RowReadings:
    """``split`` and the readings of the same runs as fewer figures than cells,
    the other cells lost: between spaces a blank cell vanishes as surely as
    figures run together, and nothing in the text tells the two apart (``721``
    for three cells is ``7 2 1``, or ``721`` with two blanks; ``0563`` is
    ``0 5 63``, or ``0 563`` with a blank). A run with a leading zero (``000``)
    is no whole figure: only a cut reads it."""
    how: dict[Reading, How] = {}
    if all(_whole_figure(r) for r in runs):
        how.update((r, h) for h, r in grid_readings([int(r) for r in runs], width).tagged())
    how.update((r, h) for h, r in split.tagged())
    # Cut into fewer figures than cells, the others lost (listed last: the
    # candidates a diagnostic shows come first).
    for figures in range(len(runs) + 1, width):
        cuts = split_readings(runs, figures).readings
        if len(cuts) * math.comb(width, figures) + len(how) > MAX_READINGS:
            raise TooManyReadings(f"more than {MAX_READINGS} ways to read {' '.join(runs)}")
        for cut in cuts:  # figures cut from digits: plain counts, none unknown
            placed = grid_readings(cast("tuple[int, ...]", cut), width).readings
            how.update((r, "lost") for r in placed if r not in how)
    if len(how) == len(split.readings):
        return split
    return RowReadings("split", tuple(how), tuple(how.values()))


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


@functools.cache
def _has_money(cls: type) -> bool:
    """Whether a field of ``cls`` holds an amount (a count is no amount)."""
    return "money" in _cell_kinds(cls).values()


def checked(
    path: str, cls: type, values: dict[str, Any]
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """``values`` for ``cls`` with every value its field does not allow (a negative
    count or amount: V1) set to ``None`` and reported, quoting what was read."""
    kinds = _cell_kinds(cls)
    if not _has_money(cls) and all(
        v is None or (type(v) is int and v >= 0) for v in values.values()
    ):
        return values, []  # counts, none negative: every field allows them (most rows)
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


# A label's last character against a figure, or a figure against the next label's
# first: not a unit (元, 件), a date (年) or an ordinal's dot (1.属于…, 2、).
# Compiled on first use (only recovery asks): its two CJK ranges take a cold start
# some 3 ms to compile, which a report whose tables are clean never needs.
@functools.cache
def _glue() -> re.Pattern[str]:
    return re.compile(
        r"[\u4e00-\u9fff）)”]\d+(?![\d.．、])|\d(?![万元件个项条年月日])[\u4e00-\u9fff（(“]"
    )


def glued(table: str) -> bool:
    """Whether a table's text runs its labels and figures together, with no space
    between (``规章000行政规范性文件8855698``), as crawlers that drop every tag
    write pages: its figures then ran together, and a blank cell is no reading of
    a short row. Where a space parts each label from its figures, a blank cell
    vanishes between spaces as surely as figures may run together, and a short
    row weighs both."""
    return _glue().search(table) is not None


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
    # Each item kept and the cells it gathers, joined once it has them all.
    cells: list[list[Cell]] = []
    for item in items:
        if item.kind == "values" and out and out[-1].kind in ("row", "values"):
            cells[-1] += item.cells
        else:
            out.append(item)
            cells.append(list(item.cells))
    return [
        item if len(item.cells) == len(own) else item._replace(cells=tuple(own))
        for item, own in zip(out, cells)
    ]
