"""Stage 3b: a clean table through its grammar, straight into the attrs objects.

A table is clean when its rows come labelled, in template order, each with its
full count of cells, and with no text but the template's header words: the
canonical form, HTML and DOCX grids, and tab, GFM or spaced tables that lost
nothing. Then the form's strict grammar (:mod:`govreport.parser`) accepts its
tokens (its LALR tables, run by :mod:`govreport.lalr`), and a transformer builds
the table while the parser reduces: no recovery runs, and nothing is inferred.

Anything else (a lost, extra or run-together cell, a row missing or out of
place, a cell that is not a plain figure) makes :func:`read_clean` return
``None``, and the table goes to recovery (:mod:`govreport.assemble`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .assemble.cells import stated_none
from .diagnostics import Diagnostic
from .model import APPLICANT_COLUMNS, REVIEW_COLUMNS, TemplateVersion
from .template import ACTIVE_ROWS, REVIEW_GROUPS, application_rows
from .tokens import Cell, Item, TableForm

if TYPE_CHECKING:
    from .transform import Table

__all__ = ["Cells", "NotClean", "clean_tokens", "read_clean"]

#: A token for the strict grammars: its type, and its value (a label's name,
#: a header line's words, or the row's :class:`Cells`).
Token = tuple[str, Any]


class Cells(tuple[Cell, ...]):
    """A row's cells as one token's value (its text is the cells' text); ``line``
    is the line they stand on."""

    line: int | None = None

    def __str__(self) -> str:
        return " ".join(c.text for c in self)


class NotClean(Exception):
    """A cell the strict path does not read (a unit, a decimal count, a sign)."""


_WIDTHS = frozenset({1, 2, 3, 7, 15})


def _cells_token(cells: tuple[Cell, ...], positional: bool) -> Token:
    n = len(cells)
    # In a text table an empty edge cell may be a label's span or padding, not a
    # blank: only a real grid (or the canonical form) says where its cells are.
    edge = not positional and (cells[0].kind == "gap" or cells[-1].kind == "gap")
    kind = f"CELLS{n}" if n in _WIDTHS and not edge else "CELLS_OTHER"
    return (kind, Cells(cells))


#: How many value columns a row of each form has, where all rows have as many.
_VALUE_COLUMNS: dict[TableForm, int] = {"applications": 7, "reviews": 15}


def _grid_width(items: Sequence[Item]) -> int:
    """The table's width if every grid line has the same one, else 0."""
    widths = {i.width for i in items if i.grid}
    return widths.pop() if len(widths) == 1 else 0


def _value_cells(item: Item, columns: int, width: int) -> tuple[Cell, ...]:
    """A grid row's cells less the label columns' empty spans before them.

    In a grid whose every line is as wide, a row's values are its last
    ``columns`` cells; the empty cells before them are label columns.
    """
    cells = item.cells
    extra = len(cells) - columns
    if width and item.width == width and extra > 0 and all(c.kind == "gap" for c in cells[:extra]):
        return cells[extra:]
    return cells


def clean_tokens(form: TableForm, items: Sequence[Item], *, positional: bool) -> list[Token] | None:
    """The tokens the strict grammars read: labels, header lines and cells; or
    ``None`` as soon as an item shows the table is not clean (stray text, a row
    with an odd count of cells), since no grammar would take it.

    ``positional`` says the cells' places are known (a real grid, the canonical
    form). Lines of empty grid cells alone (a label column's span) carry nothing.
    """
    columns = _VALUE_COLUMNS.get(form, 0)
    width = _grid_width(items) if positional and columns else 0
    out: list[Token] = []
    for item in items:
        cells = _value_cells(item, columns, width) if width else item.cells
        blank = all(c.kind == "gap" for c in cells)
        if item.kind == "values" and blank:
            continue
        if item.kind == "row":
            out += [(label, label) for label in item.labels]
        elif item.kind != "values":
            if not item.plain:
                return None
            out.append(("HEADER", item.text))
            if blank:
                continue  # a header line's empty spans
        if item.notes:
            return None  # a note inside a cell: recovery keeps it out and reports it
        if cells and item.padded:
            return None  # a grid row that lost a cell: its cells' places are not known
        if cells:
            token = _cells_token(cells, positional)
            if token[0] == "CELLS_OTHER":
                return None
            token[1].line = item.line
            out.append(token)
    return out


def read_clean(
    form: TableForm, version: TemplateVersion, items: Sequence[Item], *, positional: bool
) -> tuple[Table, list[Diagnostic]] | None:
    """The table, if it is clean, with a diagnostic for each row's cells that
    state no figure (blank, ``/``, ``无``); ``None`` sends the table to recovery."""
    tokens = clean_tokens(form, items, positional=positional)
    if tokens is None:
        return None
    # The parse tables load only when a table may be clean.
    from .transform import build_table

    table = build_table(form, version, tokens)
    if table is None:
        return None
    rows = [value for kind, value in tokens if kind.startswith("CELLS")]
    return table, [
        d
        for (path, columns), cells in zip(_rows(form, version), rows)
        for d in stated_none(path, columns, cells, cells.line)
    ]


def _rows(form: TableForm, version: TemplateVersion) -> list[tuple[str, tuple[str, ...]]]:
    """The form's rows in the grammar's order: each row's path and its columns'
    names (a one-cell row of section 二 is its own cell)."""
    if form == "applications":
        return [(r.path, APPLICANT_COLUMNS) for r in application_rows(version)]
    if form == "reviews":
        cols = tuple(f"{g}.{c}" for g, _ in REVIEW_GROUPS for c in REVIEW_COLUMNS)
        return [("reviews", cols)]
    return [
        (f"active_disclosure.{key}", cols) if cols else ("active_disclosure", (key,))
        for key, _, cols in ACTIVE_ROWS[version]
    ]
