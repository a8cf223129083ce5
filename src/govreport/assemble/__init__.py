"""Stage 4: recovery, for the tables the strict grammars refuse.

A table whose rows lost, gained or ran together cells, lost their labels or came
out of order is read here: each row's readings (:mod:`.cells`), rows placed by
label or template order (:mod:`.place`), one module per table form, settled by
the template's rules (:mod:`govreport.recover`, :mod:`govreport.rules`), and
every inferred or open cell reported (:mod:`.wording`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..diagnostics import Diagnostic
from ..model import TemplateVersion
from ..tokens import Item, TableForm
from .active import assemble_active
from .applications import assemble_applications
from .cells import glued, join_merged, merged_lines
from .remarks import remarks
from .reviews import assemble_reviews

__all__ = [
    "assemble_active",
    "assemble_applications",
    "assemble_reviews",
    "glued",
    "merged_lines",
    "recover",
]


def recover(
    form: TableForm,
    items: Sequence[Item],
    version: TemplateVersion,
    *,
    narrative: str = "",
    exact: bool = False,
    reader_grid: bool = False,
    merged: bool = False,
    glued: bool = False,
) -> tuple[Any, list[Diagnostic]]:
    """Read a table the strict grammar refused: the table, and what was inferred.

    ``narrative`` is the report's narrative (normalised), which may state figures
    of section 二; ``exact`` marks the canonical form and ``reader_grid`` a real
    grid (HTML, DOCX), whose blank cells are read by position; ``merged`` a text
    written one figure a line with runs of equal lines merged
    (:func:`.cells.merged_lines`), whose rows read as runs of equal cells;
    ``glued`` a table whose labels and figures run together (:func:`.cells.glued`),
    whose short rows read as figures run together only. Not section 二's: no rule
    of the template refutes a wrong cut there (``600`` for three cells cuts one way
    only, 6 0 0, and may be 600 with two blanks), so its short rows always weigh
    blank cells lost as well.
    """
    said = remarks(form, version, items)
    if merged:
        items = join_merged(items)
    table: Any
    if form == "applications":
        table, diags = assemble_applications(
            items, version, exact=exact, reader_grid=reader_grid, merged=merged, glued=glued
        )
    elif form == "reviews":
        table, diags = assemble_reviews(
            items, reader_grid=reader_grid or exact, merged=merged, glued=glued
        )
    else:
        table, diags = assemble_active(
            items, version, narrative, merged=merged, positional=reader_grid or exact
        )
    return table, said + diags
