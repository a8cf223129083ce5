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

import functools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .assemble.cells import MAX_DIGITS, fit, stated_none
from .diagnostics import Diagnostic
from .model import APPLICANT_COLUMNS, REVIEW_COLUMNS, TemplateVersion
from .normalise import GAP, PAD
from .template import ACTIVE_ROWS, ACTIVE_TERMINALS, REVIEW_GROUPS, application_rows
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

#: Section 二: how many value columns each row has, by its label's token (a
#: single value is one); its sub-tables have as many as their rows.
_ACTIVE_FORMS: dict[TableForm, TemplateVersion] = {"active_2021": "2021", "active_2019": "2019"}
_ACTIVE_COLUMNS: dict[TableForm, dict[str, int]] = {
    form: {ACTIVE_TERMINALS[key][0]: len(cols) if cols else 1 for key, _, cols in ACTIVE_ROWS[v]}
    for form, v in _ACTIVE_FORMS.items()
}


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
#: mark, or an empty field, with the tab before it (found in one pass over the
#: line, a tab put before it: the search jumps from tab to tab).
_CELL_FIELDS = re.compile(f"\t(?:{NUMBER}|{BLANK}|{GAP})(?=\t|$)")


#: Grid fields that are one cell each, a tab between them (a row's value fields).
_CELLS = re.compile(f"(?:{NUMBER}|{BLANK}|{GAP})(?:\t(?:{NUMBER}|{BLANK}|{GAP}))*")

#: A grid field that is one cell (as :data:`_CELL_FIELDS` finds them).
_CELL = re.compile(f"{NUMBER}|{BLANK}|{GAP}")

#: The common grid row: empty label columns, a field for its label (or a cell),
#: then plain figures and empty fields alone. Its cells are read off its shape
#: in one match, where :data:`_CELL_FIELDS` tries each field against every kind
#: of cell; any other line (a header, a unit, a blank mark) is searched so.
_ROW = re.compile(f"(?:{GAP}\t)*+(?P<label>[^\t]*+)(?:\t(?:\\d++|{GAP}))*+")


def proven_grid(form: TableForm, text: str, items: Sequence[Item], *, first_line: int = 1) -> bool:
    """Whether a text table (its normalised section ``text`` and the items
    :func:`~govreport.tokens.scan` made of it) proves its cells' places, as a
    real grid does: then its empty cells are read by position (``positional``).

    Section 三 and 四, whose value columns are the last 7 (15) of every row,
    hold the proof when:

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
    breaks the equal widths: neither is proven. Section 二 has a proof of its
    own (:func:`_active_proven`). What no text can show is a row that lost a
    cell and split another, both among its value fields: the strict path
    reads such a row as stated whatever the proof says (as it reads cells
    between spaces); nor a grid drawn with an empty field before every row's
    values that lost a value column throughout.
    """
    lines = enumerate(text.split("\n"), first_line)  # numbered as the items are
    active = _ACTIVE_COLUMNS.get(form)
    if active is not None:
        found = _active_items(items)
        if found is None or PAD in text:
            return False
        return _active_proven(lines, *found, active)
    cells_on = _cells_on(items)
    if not cells_on:
        return False
    columns = _VALUE_COLUMNS[form]
    width = 0
    for number, line in lines:
        if "\t" not in line and GAP not in line:
            continue
        fields = line.count("\t") + 1
        width = width or fields
        row = _ROW.fullmatch(line)
        cells = _cell_fields(line, fields, row)
        if fields != width or cells != cells_on.pop(number, 0):
            return False
        if cells > line.count(GAP) and not _values_last(line, fields, columns, row):
            return False
    return not cells_on


def _cells_on(items: Sequence[Item]) -> dict[int, int]:
    """How many cells the items on each line hold; empty if an item with cells
    is not on a grid line, or is a padded row (no proof then)."""
    cells_on: dict[int, int] = {}
    for item in items:
        if item.cells:
            if not item.grid or item.padded:
                return {}
            cells_on[item.line] = cells_on.get(item.line, 0) + len(item.cells)
    return cells_on


def _cell_fields(line: str, fields: int, row: re.Match[str] | None) -> int:
    """How many of a grid line's fields are one cell each (``row``: the line's
    :data:`_ROW` match, if it is one)."""
    if row is None:
        return len(_CELL_FIELDS.findall("\t" + line))
    return fields if _CELL.fullmatch(row["label"]) else fields - 1


def _values_last(line: str, fields: int, columns: int, row: re.Match[str] | None) -> bool:
    """Whether a grid line with a stated cell has cells alone in its last
    ``columns`` fields, and does not end in an empty field (see :func:`proven_grid`)."""
    if line[-1] == GAP or fields < columns:
        return False  # perhaps padded; or narrower than its values
    if row is not None:  # its label's field is the only one that may not be a cell
        before = line.count("\t", 0, row.start("label"))  # the fields before it
        return before < fields - columns or _CELL.fullmatch(row["label"]) is not None
    tail = line if fields == columns else line.split("\t", fields - columns)[-1]
    return len(_CELL_FIELDS.findall("\t" + tail)) == columns


def _active_items(items: Sequence[Item]) -> tuple[dict[int, int], dict[int, str]] | None:
    """Section 二's items by line: how many cells each line holds
    (:func:`_cells_on`), and the lines of its rows with their label's token;
    ``None`` where :func:`_cells_on` finds no proof, or a line holds text that is
    not the template's own words (no evidence then)."""
    if any(item.kind not in ("row", "values") and not item.plain for item in items):
        return None
    cells_on = _cells_on(items)
    if not cells_on:
        return None
    return cells_on, {item.line: item.labels[-1] for item in items if item.kind == "row"}


def _active_proven(
    lines: Iterable[tuple[int, str]],
    cells_on: dict[int, int],
    rows: dict[int, str],
    columns: dict[str, int],
) -> bool:
    """Section 二's proof of its cells' places (:func:`proven_grid`).

    Its sub-tables (规章 …, 行政许可 …) stand in one grid as wide as the widest,
    each under its heading (第二十条第（五）项) and its header line: 信息内容, then
    a field for each value column, where the template merges a column over
    several fields (2021's 本年处理决定数量 over three, 2019's 本年增/减) its name
    in the first of them and the rest empty. The header is the evidence of
    where the sub-table's columns are, and a row is proven when:

    * the grid's lines are as wide, each field at most one cell and each cell a
      field (as in section 三 and 四, for the same reasons);
    * every grid line begins with words in its first field (a label, a heading,
      信息内容), and after its words holds cells alone: a line without a label
      is a row cut from it (or a label column's span), a figure in a label's
      field or words among the values mean a field lost, gained or glued;
    * a header line (words in more than one field) stands between the row and
      the last heading or text line before it: a heading starts a new
      sub-table, whose columns are its own header's;
    * the section's text is the template's words alone: stray words are no
      evidence (and no clean table);
    * the header names as many columns as the row's template has (one for a
      single value), from the second field: the fields the row's cells are
      read from are then the ones under those names, never a column's merge
      read as another column (a header lost between sub-tables of other
      widths leaves its rows unproven);
    * the row's fields past its columns are empty: a figure there stands under
      no name (a merged figure written in the last of its fields, a cell
      gained), and its column is not known;
    * a row that states anything (a figure or a blank mark) states its last
      column: a writer that pads short rows pads them after their last cell,
      so a row that lost one of its cells would show the rest shifted left and
      its last column empty;
    * and its first column: a row written from the right (padded before its
      cells) would show the rest shifted right and its first column empty.
      Recovery weighs both readings of such a row, and reads it as before.
      A row of empty fields only states nothing, however it was written;
    * the text holds no reader's padding (:data:`~govreport.normalise.PAD`).

    A figure merged by an editor over two of the row's columns (equal
    neighbours), written once, reads as its first column's figure and a blank:
    no figure is read where it does not stand, as recovery reads it.
    """
    width = named = 0  # named: the columns of the last header, 0 until one is seen
    for number, line in lines:
        if "\t" not in line and GAP not in line:
            named = 0  # a heading, or stray text between the sub-table's lines
            continue
        fields = line.split("\t")
        width = width or len(fields)
        cells = cells_on.pop(number, 0)
        label = rows.get(number)
        if len(fields) != width:
            return False
        if label is None:  # a heading (no columns named) or a header line
            lead = width - fields.count(GAP)
            # Its cells are its empty fields, all after its words: no figure.
            if cells != width - lead or not lead or GAP in fields[:lead]:
                return False
            named = lead - 1
        elif (
            cells != width - 1
            or not _CELLS.fullmatch(line, len(fields[0]) + 1)
            or named != columns.get(label)
            or not _under_names(fields, named)
        ):
            return False
    return not cells_on


def _under_names(fields: list[str], named: int) -> bool:
    """Whether a row's fields hold cells under its header's ``named`` columns
    only, the first and last of them stated unless all are empty (:func:`_active_proven`)."""
    own, past = fields[1 : named + 1], fields[named + 1 :]
    if past.count(GAP) != len(past):
        return False  # a cell stated past the row's columns
    return GAP not in (own[0], own[-1]) or own.count(GAP) == named


def clean_tokens(form: TableForm, items: Sequence[Item], *, positional: bool) -> list[Token] | None:
    """The tokens the strict grammars read: labels, header lines and cells; or
    ``None`` as soon as an item shows the table is not clean (stray text, a row
    with an odd count of cells), since no grammar would take it.

    ``positional`` says the cells' places are known (a real grid, the canonical
    form, a proven text grid). Lines of empty grid cells alone (a label column's
    span) carry nothing; so do the empty fields past a section 二 row's columns
    in such a grid (its sub-table is narrower than the grid), as recovery reads
    them (:func:`~govreport.assemble.cells.fit`).
    """
    columns = _VALUE_COLUMNS.get(form, 0)
    width = _grid_width(items) if positional and columns else 0
    active = _ACTIVE_COLUMNS.get(form) if positional else None
    out: list[Token] = []
    for item in items:
        if width:
            cells = _value_cells(item, columns, width)
        elif active and item.labels:
            cells = fit(item.cells, active.get(item.labels[-1], len(item.cells)))
        else:
            cells = item.cells
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


@functools.cache
def _rows(form: TableForm, version: TemplateVersion) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The form's rows in the grammar's order: each row's path and its columns'
    names (a one-cell row of section 二 is its own cell)."""
    if form == "applications":
        return tuple((r.path, APPLICANT_COLUMNS) for r in application_rows(version))
    if form == "reviews":
        cols = tuple(f"{g}.{c}" for g, _ in REVIEW_GROUPS for c in REVIEW_COLUMNS)
        return (("reviews", cols),)
    return tuple(
        (f"active_disclosure.{key}", cols) if cols else ("active_disclosure", (key,))
        for key, _, cols in ACTIVE_ROWS[version]
    )
