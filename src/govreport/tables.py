"""Stage 3b: a clean table through its grammar, straight into the attrs objects.

A table is clean when its rows come labelled, in template order, each with its
full count of cells, and with no text but the template's header words: the
canonical form, HTML and DOCX grids, and tab, GFM or spaced tables that lost
nothing. Empty cells are read by position only where the places are known: a
real grid, the canonical form, or a text grid that proves them
(:func:`proven_grid`). Then the form's strict grammar (:mod:`govreport.parser`) accepts its
tokens (its LALR tables, run by :mod:`govreport.lalr`), and a transformer builds
the table while the parser reduces: no recovery runs, and nothing is inferred.

Anything else (a lost, extra or run-together cell, a row missing or out of
place, a cell that is not a plain figure) makes :func:`read_clean` return
``None``, and the table goes to recovery (:mod:`govreport.assemble`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .assemble.cells import MAX_DIGITS, stated_none
from .diagnostics import Diagnostic
from .model import APPLICANT_COLUMNS, REVIEW_COLUMNS, TemplateVersion
from .normalise import GAP
from .template import ACTIVE_ROWS, REVIEW_GROUPS, application_rows
from .tokens import BLANK, GAP_CELL, NUMBER, Cell, Item, TableForm

if TYPE_CHECKING:
    from .transform import Table

__all__ = ["Cells", "NotClean", "clean_tokens", "proven_grid", "read_clean"]

#: A token for the strict grammars: its type, and its value (a label's name,
#: a header line's words, or the row's :class:`Cells`).
Token = tuple[str, Any]


class Cells(tuple[Cell, ...]):
    """A row's cells as one token's value (its text is the cells' text); ``line``
    is the line they stand on; ``plain``: every cell is a plain count (digits
    alone, at most :data:`~govreport.assemble.cells.MAX_DIGITS`), the common row,
    which is read without looking at each cell again."""

    line: int | None = None
    plain: bool = False

    def __str__(self) -> str:
        return " ".join(c.text for c in self)


class NotClean(Exception):
    """A cell the strict path does not read (a unit, a decimal count, a sign)."""


_WIDTHS = frozenset({1, 2, 3, 7, 15})


def _cells_token(cells: tuple[Cell, ...], positional: bool, line: int) -> Token:
    n = len(cells)
    # In a text table an empty edge cell may be a label's span or padding, not a
    # blank: only a real grid (or the canonical form) says where its cells are.
    edge = not positional and (cells[0].kind == "gap" or cells[-1].kind == "gap")
    kind = f"CELLS{n}" if n in _WIDTHS and not edge else "CELLS_OTHER"
    value = Cells(cells)
    value.line = line
    # Figures are never empty, so the joined texts are digits alone only if each is.
    texts = [text for text, kind in cells if kind == "number"]
    value.plain = (
        len(texts) == n and "".join(texts).isdecimal() and max(map(len, texts)) <= MAX_DIGITS
    )
    return (kind, value)


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


#: A grid field that is one cell the strict path may read: a figure, a blank
#: mark, or an empty field (found in one pass over the line, not field by field).
_CELL_FIELDS = re.compile(f"(?:^|(?<=\t))(?:{NUMBER}|{BLANK}|{GAP})(?=\t|$)")


def proven_grid(form: TableForm, text: str, items: Sequence[Item], *, first_line: int = 1) -> bool:
    """Whether a text table (its normalised section ``text`` and the items
    :func:`~govreport.tokens.scan` made of it) proves its cells' places, as a
    real grid does: then its empty cells are read by position (``positional``).

    Only section 三 and 四, whose value columns are the last 7 (15) of every
    row. The proof holds when:

    * every grid line (tab-separated, or a GFM pipe row) has the same number of
      fields, and every item with cells is on one (cells between spaces, or
      one a line, have no places);
    * on every grid line each field is at most one cell, and each cell a field
      of its own: as many fields are a figure, a blank mark or empty as the
      line has cells (a figure split in two cells ``5 | 3`` makes its row one
      field wider, ``5 3`` in one field two cells; a figure glued to its label
      is a cell in a label's field; a lost blank makes its row one field
      narrower);
    * no line that holds a figure ends in an empty field: a writer that pads
      short rows to the table's width (an HTML-to-Markdown converter, a PDF
      extractor) pads them there, so that a row which lost a cell would keep
      the width, its cells shifted left. A row whose last cell is a stated
      blank goes to recovery too; a lost cell is never read as a blank;
    * on every line that holds a figure the last 7 (15) fields are cells, its
      labels before them: an extractor whose grid lost a column in every line
      (its lines as wide, each row a cell short) puts a label among the value
      fields (1.属于国家秘密, a third label column, where the official form
      has it), or leaves rows of six values;
    * no item is a padded row (:attr:`~govreport.tokens.Item.padded`).

    A label wrapped onto the next line splits its row in two lines of other
    widths, and a header of another width (merged header cells written once)
    breaks the equal widths: neither is proven. Section 二 is not: its rows'
    merged value cells (行政许可 over three columns) are one figure and empty
    fields, as a padded row is, and which field holds the figure is the
    writer's choice. What no text can show is a row that lost a cell and
    split another, both among its value fields: the strict path reads such a
    row as stated whatever the proof says (as it reads cells between spaces);
    nor a grid drawn with an empty field before every row's values that lost
    a value column throughout.
    """
    columns = _VALUE_COLUMNS.get(form, 0)
    if not columns:
        return False
    cells_on: dict[int, int] = {}
    for item in items:
        if item.cells:
            if not item.grid or item.padded:
                return False
            cells_on[item.line] = cells_on.get(item.line, 0) + len(item.cells)
    if not cells_on:
        return False
    width = 0
    shift = first_line - 1
    for number, line in enumerate(text.split("\n"), 1):
        if "\t" not in line and GAP not in line:
            continue
        fields = line.count("\t") + 1
        width = width or fields
        cells = len(_CELL_FIELDS.findall(line))
        if fields != width or cells != cells_on.pop(number + shift, 0):
            return False
        if cells > line.count(GAP) and not _values_last(line, fields, columns):
            return False
    return not cells_on


def _values_last(line: str, fields: int, columns: int) -> bool:
    """Whether a grid line with a stated cell has cells alone in its last
    ``columns`` fields, and does not end in an empty field (see :func:`proven_grid`)."""
    if line[-1] == GAP or fields < columns:
        return False  # perhaps padded; or narrower than its values
    tail = line if fields == columns else line.split("\t", fields - columns)[-1]
    return len(_CELL_FIELDS.findall(tail)) == columns


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
        blank = cells.count(GAP_CELL) == len(cells)
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
            token = _cells_token(cells, positional, item.line)
            if token[0] == "CELLS_OTHER":
                return None
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
        if not cells.plain
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
