"""What recovery says: the diagnostics of rows rebuilt, left open or not found."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, diagnostic
from ..recover import UNKNOWN, How, RowReadings, Settled
from ..tokens import Item
from .cells import RowCells

__all__ = ["HYPOTHESES", "candidates_by_layout", "missing_rows", "settled_row", "stray", "too_long"]

#: Each layout a reading may assume, in words.
HYPOTHESES: dict[How, str] = {
    "stated": "the cells as stated",
    "lost": "cells lost",
    "extra": "a cell too many",
    "split": "figures run together",
    "collapsed": "equal neighbours written once",
    "divided": "a figure split in two",
}


def _fmt(values: Sequence[object]) -> str:
    if None not in values and UNKNOWN not in values:
        return " ".join(map(str, values))  # figures only (most rows rebuilt)
    return " ".join("?" if v is UNKNOWN else "-" if v is None else str(v) for v in values)


def _plain(v: object) -> object:
    return "?" if v is UNKNOWN else v


def _what(row: RowCells, stated: str, readings: RowReadings, width: int) -> str:
    """How the row was read (``stated``: its cells as the source has them), in words."""
    if "divided" in readings.hows:
        n = len(row.cells)
        return f"{n} cells for {width} ({stated!r}: a cell too many, or a figure split in two)"
    n = len(row.cells)
    how = readings.how
    if how == "split":  # only the words of the layout read are written
        return f"figures run together ({stated!r})"
    if how == "collapsed":
        return (
            f"{n} figures for {width} cells (each run of equal neighbouring cells "
            "written once, one a line)"
        )
    if how == "stated":
        return f"{n} cells"
    if how == "lost":
        return f"{n} cells for {width} (cells lost in extraction)"
    assert how == "extra", how  # "divided" is a reading's tag, never a row's layout
    return f"{n} cells for {width} (a cell too many)"


def candidates_by_layout(
    columns: Sequence[str],
    candidates: Sequence[Sequence[object]],
    hows: Sequence[Sequence[Sequence[How]]],
) -> str:
    """Each open cell's candidate values with the layouts behind them:
    ``total: 53 (a figure split in two) or 3 (a cell too many)``."""
    parts = []
    for column, values, layouts in zip(columns, candidates, hows):
        if values:
            each = [
                f"{v} ({', '.join(HYPOTHESES[h] for h in hs)})" for v, hs in zip(values, layouts)
            ]
            parts.append(f"{column}: {' or '.join(each)}")
    return "; ".join(parts)


def settled_row(
    path: str,
    columns: Sequence[str],
    row: RowCells,
    readings: RowReadings,
    result: Settled,
    rule: str,
) -> list[Diagnostic]:
    """Diagnostics for one settled row: what was rebuilt, what stays open."""
    # When the cells' places were inferred (lost, extra or run-together cells),
    # every settled cell is the arithmetic's work, not only the rebuilt ones.
    inferred = readings.how != "stated"
    if not inferred and "recovered" not in result.status and "unsettled" not in result.status:
        return []  # read as stated, nothing to say (most rows)
    rebuilt = [
        c
        for c, s in zip(columns, result.status)
        if s == "recovered" or (inferred and s != "unsettled")
    ]
    open_ = [c for c, s in zip(columns, result.status) if s == "unsettled"]
    if not open_ and not rebuilt:
        return []  # read as stated, nothing to say (most rows)
    stated = row.stated
    what = _what(row, stated, readings, len(columns))
    weighed = len(set(readings.hows)) > 1  # more than one layout weighed together
    out: list[Diagnostic] = []
    if open_:
        by_layout = candidates_by_layout(columns, result.candidates, result.hypotheses)
        out.append(
            diagnostic(
                "U-AMBIGUOUS" if inferred else "U-UNREADABLE",
                f"{path}: read {what}; {len(readings.readings)} readings remain possible "
                f"under {rule}, so {', '.join(open_)} left empty"
                + (f"; settled: {', '.join(rebuilt)}" if rebuilt else "")
                + (f"; candidates: {by_layout}" if weighed and by_layout else ""),
                paths=tuple(f"{path}.{c}" for c in open_),
                stated=stated,
                candidates=[[_plain(v) for v in r] for r in readings.readings[:12]],
                line=row.line,
            )
        )
    if rebuilt:
        message = (
            f"{path}: read {what}; every reading that {rule} admit agrees on {', '.join(rebuilt)}"
            if open_
            else f"{path}: read {what}; {rule} admit exactly one reading: {_fmt(result.values)}"
        )
        if weighed:
            message += "; " + _layouts_kept(result.kept)
        out.append(
            diagnostic(
                "R-PARTLY-REBUILT" if open_ else "R-REBUILT",
                message,
                paths=tuple(f"{path}.{c}" for c in rebuilt),
                stated=stated,
                expected=None if open_ else list(result.values),
                line=row.line,
            )
        )
    return out


def _layouts_kept(kept: Sequence[How]) -> str:
    """Which of the layouts weighed fit the rules, in words."""
    if len(kept) == 1:
        return f"only {HYPOTHESES[kept[0]]} fits"
    return "the layouts that fit (" + ", ".join(HYPOTHESES[h] for h in kept) + ") agree"


def missing_rows(table: str, paths: list[str]) -> Diagnostic:
    return diagnostic(
        "U-MISSING-ROW",
        f"rows not found in the {table} table: " + ", ".join(paths),
        paths=tuple(paths),
    )


def too_long(path: str, row: RowCells, why: str) -> Diagnostic:
    runs = " ".join(c.text for c in row.cells)
    return diagnostic(
        "U-TOO-LONG",
        f"{path}: {runs!r} admits too many readings to weigh with certainty ({why}); "
        "its cells are left empty",
        paths=(path,),
        stated=runs,
        line=row.line,
    )


def stray(path: str, item: Item) -> Diagnostic:
    text = " ".join(c.text for c in item.cells if c.kind == "number")
    return diagnostic(
        "U-STRAY",
        f"figures {text!r} stand on a line of their own after {path}; they were not read",
        paths=(path,),
        stated=text,
        line=item.line,
    )
