"""A 2021 table that still writes （六）其他处理 as 2019's single row.

The 2021 template splits （六）其他处理 into three rows (逾期不补正, 逾期未按收费通知,
其他); a report that keeps 2019's one row states only their sum. The table is then
read in 2019's layout, where that row is one outcome row of A3 (the 2019 rules are
the 2021 rules with the three rows summed), so the rules still settle and check
the other cells through it. The three rows stay empty and are reported with the
figures stated, except a column whose sum is 0: three counts that add up to 0
are each 0. A rule the sum breaks is reported as the source's error, naming the
three rows' cells, where the finished report cannot check it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..checks import equation_error
from ..diagnostics import Diagnostic, diagnostic
from ..model import APPLICANT_COLUMNS, ApplicantRow
from ..paths import CellPath
from ..rules import Equation, equations
from ..template import application_rows
from ..tokens import Item

__all__ = ["split_sum", "summed_other"]

_SUM_KEY = "outcomes.other"
_SUM_TERMINAL = next(r.terminal for r in application_rows("2019") if r.key == _SUM_KEY)
_SUB_KEYS = tuple(r.key for r in application_rows("2021") if r.key.startswith(_SUM_KEY + "."))
_SUB_TERMINALS = frozenset(r.terminal for r in application_rows("2021") if r.key in _SUB_KEYS)
_SUM = CellPath.of(f"applications.{_SUM_KEY}")


def summed_other(items: Sequence[Item]) -> bool:
    """Whether a 2021 table states （六）其他处理 as one row: the group's label with
    figures after it, and no label of its three rows anywhere in the table (a
    row's label apart from its figures would make them that row's)."""
    if any(t in _SUB_TERMINALS for item in items for t in item.labels):
        return False
    return any(
        item.labels[-1:] == (_SUM_TERMINAL,) and any(c.kind != "gap" for c in item.cells)
        for item in items
    )


def _sub_paths(column: str) -> tuple[str, ...]:
    return tuple(f"applications.{k}.{column}" for k in _SUB_KEYS)


def _expand(paths: tuple[CellPath, ...]) -> tuple[CellPath, ...]:
    """The paths with each cell of the summed row as the three rows' cells."""
    out: list[CellPath] = []
    for p in paths:
        out += [CellPath.of(s) for s in _sub_paths(p.name)] if p.parent == _SUM else [p]
    return tuple(out)


def _checks(rows: dict[str, ApplicantRow], open_columns: set[str]) -> list[Diagnostic]:
    """The 2019-layout rules on the summed row that the 2021 report cannot check:
    those on a column whose three cells are left empty."""
    out: list[Diagnostic] = []
    for eq in equations("2019"):
        summed = [p for p in eq.cells if p.parent == _SUM]
        if not summed or not any(p.name in open_columns for p in summed):
            continue
        sides = []
        for side in (eq.total, eq.parts):
            values = [getattr(rows.get(".".join(p.parts[1:-1])), p.name, None) for p in side]
            sides.append(None if None in values else sum(v for v in values if v is not None))
        wide = Equation(eq.rule, eq.about, _expand(eq.total), _expand(eq.parts))
        found = equation_error(wide, sides[0], sides[1])
        if found is not None:
            out.append(found)
    return out


def split_sum(rows: dict[str, ApplicantRow], line: int | None) -> list[Diagnostic]:
    """Replace the summed row in ``rows`` (settled in 2019's layout) by the three
    2021 rows: 0 where its figure is 0, else empty; what was done and what the
    sum breaks."""
    summed = rows.pop(_SUM_KEY, None)
    if summed is None:
        return []
    values = {c: getattr(summed, c) for c in APPLICANT_COLUMNS}
    zero = [c for c, v in values.items() if v == 0]
    for key in _SUB_KEYS:
        rows[key] = ApplicantRow(**{c: 0 for c in zero})
    open_ = [c for c in APPLICANT_COLUMNS if c not in zero]
    stated = [values[c] for c in APPLICANT_COLUMNS]
    out: list[Diagnostic] = []
    if open_:
        out.append(
            diagnostic(
                "U-AMBIGUOUS",
                f"applications.{_SUM_KEY}: （六）其他处理 is stated as one row (the 2019 "
                f"form), {' '.join('-' if v is None else str(v) for v in stated)}: the sum "
                "of its three 2021 rows, which cannot be told apart; their cells in "
                f"{', '.join(open_)} are left empty",
                paths=tuple(p for c in open_ for p in _sub_paths(c)),
                stated=stated,
                line=line,
            )
        )
    if zero:
        out.append(
            diagnostic(
                "R-REBUILT",
                f"applications.{_SUM_KEY}: （六）其他处理 is stated as one row, the sum of "
                f"its three 2021 rows; its figure is 0 in {', '.join(zero)}, and three "
                "counts that add up to 0 are each 0",
                paths=tuple(p for c in zero for p in _sub_paths(c)),
                stated=stated,
                expected=[0 if c in zero else None for c in APPLICANT_COLUMNS],
                line=line,
            )
        )
    return out + _checks(rows | {_SUM_KEY: summed}, set(open_))
