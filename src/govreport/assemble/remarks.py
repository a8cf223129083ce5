"""What a table's cells say besides their figures: notes inside cells
(``22（其中修订16件）``) and figures written in Chinese numerals (``二十``).

A note is never a cell, and its own figure never a figure of the table: it is
reported, naming the cell it follows. A figure in numerals is read as the
number, and reported with its text so that a person can check it. Each names
its cell where the row's cells stand one to a column, else the row.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator, Sequence

from ..diagnostics import Diagnostic, diagnostic
from ..model import APPLICANT_COLUMNS, REVIEW_COLUMNS, TemplateVersion
from ..numerals import numeral_value
from ..template import ACTIVE_ROWS, ACTIVE_TERMINALS, REVIEW_GROUPS, application_rows
from ..tokens import Item, TableForm
from .cells import trim

__all__ = ["remarks"]

#: A row of a table: its path, and its columns (``()``: the row is one cell).
Row = tuple[str, tuple[str, ...]]


@functools.cache
def _rows(form: TableForm, version: TemplateVersion) -> dict[str, Row]:
    """Each row label token of the form, and the row it names."""
    if form == "applications":
        return {r.terminal: (r.path, APPLICANT_COLUMNS) for r in application_rows(version)}
    if form == "reviews":
        return {}
    return {
        ACTIVE_TERMINALS[key][0]: (f"active_disclosure.{key}", cols or ())
        for key, _, cols in ACTIVE_ROWS[version]
    }


@functools.cache
def _reviews_row() -> Row:
    cols = tuple(f"{g}.{c}" for g, _ in REVIEW_GROUPS for c in REVIEW_COLUMNS)
    return "reviews", cols


def _cell_path(row: Row, item: Item, index: int) -> str:
    """The path of the item's ``index``-th cell, or the row's when the cells do not
    stand one to a column (cells lost, added, or the line continues the row)."""
    path, columns = row
    if index < 0 or not item.cells:
        return path
    cells = trim(item.cells)
    lead = next((i for i, c in enumerate(item.cells) if c.kind != "gap"), 0)
    width = len(columns) or 1
    if len(cells) != width or not 0 <= index - lead < width:
        return path
    return f"{path}.{columns[index - lead]}" if columns else path


def _of_item(row: Row, item: Item, own: bool) -> Iterator[Diagnostic]:
    for note in item.notes:
        where = _cell_path(row, item, note.after - 1 if own else -1)
        yield diagnostic(
            "N-NOTE",
            f"{where}: the note {note.text!r} inside the cell is not a cell; its figures "
            "were not read",
            paths=(where,),
            stated=note.text,
            line=item.line,
        )
    for i, cell in enumerate(item.cells):
        if cell.kind != "numeral":
            continue
        value = numeral_value(cell.text)
        if value is None:
            continue  # no figure: reported where the row is read (S-NOT-A-FIGURE)
        where = _cell_path(row, item, i if own else -1)
        yield diagnostic(
            "N-NUMERAL",
            f"{where}: {cell.text!r} is written in Chinese numerals; read as {value}",
            paths=(where,),
            stated=cell.text,
            expected=value,
            line=item.line,
        )


_KIND = operator.attrgetter("kind")


def remarks(form: TableForm, version: TemplateVersion, items: Sequence[Item]) -> list[Diagnostic]:
    """The notes and numerals of a table's cells, each naming its cell or row.

    A line without a label belongs to the row before it (its cells' columns are
    then not known); in section 四 a line of fifteen cells is the row.
    """
    rows = _rows(form, version)  # kept: only read here
    out: list[Diagnostic] = []
    last: Row | None = _reviews_row() if form == "reviews" else None
    for item in items:
        named = next((rows[t] for t in reversed(item.labels) if t in rows), None)
        if named is not None:
            last = named
        if last is None or not (item.notes or "numeral" in map(_KIND, item.cells)):
            continue
        own = named is not None or form == "reviews"
        out += _of_item(last, item, own)
    return out
