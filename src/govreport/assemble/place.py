"""Placing rows of section 三 that lost their labels, by template order."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, diagnostic
from .cells import RowCells

__all__ = ["place_unlabelled"]


def _drop_strays(rows: list[RowCells], free: int) -> tuple[list[RowCells], list[Diagnostic]]:
    """A lone figure amid full rows is a page number or a wrapped ordinal."""
    strays = [r for r in rows if len(r.cells) == 1]
    if len(rows) <= free or len(rows) - len(strays) != free:
        return rows, []
    diags = [
        diagnostic(
            "R-STRAY",
            f"a lone figure {s.cells[0].text!r} amid the table's rows was read as not part "
            "of the table",
            stated=s.cells[0].text,
            line=s.line,
        )
        for s in strays
    ]
    return [r for r in rows if len(r.cells) != 1], diags


def place_unlabelled(
    order: Sequence[str], slots: dict[str, RowCells], pending: list[RowCells], start: int, stop: int
) -> list[Diagnostic]:
    """Put label-less rows into the empty template rows between two labelled ones.

    rows := free template rows between ``order[start]`` and ``order[stop]``, filled
    in order only when the rows without labels are exactly as many.
    """
    if not pending:
        return []
    free = [k for k in order[start:stop] if k not in slots]
    rows, diags = _drop_strays(list(pending), len(free))
    paths = tuple(f"applications.{k}" for k in free)
    if len(rows) != len(free):
        return [
            *diags,
            diagnostic(
                "U-UNPLACED",
                f"{len(rows)} row(s) of figures with no label could not be placed: "
                f"{len(free)} template row(s) are free there",
                paths=paths,
                stated=[" ".join(c.text for c in r.cells) for r in rows],
                line=rows[0].line,
            ),
        ]
    for key, row in zip(free, rows):
        slots[key] = row._replace(key=key)
    if free:
        diags.append(
            diagnostic(
                "R-PLACED",
                f"{len(rows)} row(s) of figures with no label placed by template order: "
                + ", ".join(paths),
                paths=paths,
                line=rows[0].line,
            )
        )
    return diags
