"""Stage 4a: settle cells by the template's arithmetic.

A row as read may not have the template's number of cells: extraction lost a cell
(``lost``), added one (``extra``), or ran the cells together with no separator
(``split``). Each such row gets the list of its possible *readings*: one value per
column, or :data:`UNKNOWN` for a lost cell. The cross-checks (A1, A2, A3, R1) are
linear equations over the cells; :func:`settle` narrows every cell's bounds with
them and drops readings that fall outside, until nothing changes.

A cell is settled only when every surviving reading gives it the same value. Any
other cell stays ``None`` and is reported with its candidate values: a reading is
never guessed.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Union

import attrs

__all__ = [
    "NOT_STATED",
    "UNKNOWN",
    "Reading",
    "RowReadings",
    "Settled",
    "TooManyReadings",
    "grid_readings",
    "settle",
    "split_readings",
]


class _Unknown:
    def __repr__(self) -> str:
        return "?"


#: A lost cell whose value only arithmetic can give.
UNKNOWN = _Unknown()
#: A cell the source leaves blank (``/``, ``-``, empty): never filled.
NOT_STATED = None

Value = Union[int, _Unknown, None]  # noqa: UP007
Reading = tuple[Value, ...]
INF = 10**18

#: Most readings one row may have before it is reported as too long to split.
MAX_READINGS = 20000


class TooManyReadings(Exception):
    """A run of figures admits too many splits to search with certainty."""


@attrs.frozen
class RowReadings:
    """The possible readings of one row, and how they arose."""

    how: str  # "stated", "lost", "extra", "split"
    readings: tuple[Reading, ...]


def grid_readings(cells: Sequence[int | None], width: int) -> RowReadings:
    """Readings of a row whose cell boundaries are known.

    With ``width`` cells it reads as stated. With fewer, each choice of positions
    for the lost cells is a reading; with more, each choice of cells to drop.
    """
    n = len(cells)
    if n == width:
        return RowReadings("stated", (tuple(cells),))
    out: list[Reading] = []
    if n < width:
        for lost in itertools.combinations(range(width), width - n):
            it = iter(cells)
            out.append(tuple(UNKNOWN if i in lost else next(it) for i in range(width)))
        return RowReadings("lost", tuple(dict.fromkeys(out)))
    for dropped in itertools.combinations(range(n), n - width):
        out.append(tuple(c for i, c in enumerate(cells) if i not in dropped))
    return RowReadings("extra", tuple(dict.fromkeys(out)))


def _splits(digits: str, parts: int) -> list[tuple[str, ...]]:
    """All ways to cut ``digits`` into ``parts`` figures without leading zeros."""
    if parts == 1:
        return [(digits,)] if _figure(digits) else []
    out: list[tuple[str, ...]] = []
    for cut in range(1, len(digits) - parts + 2):
        head = digits[:cut]
        if not _figure(head):
            continue
        for rest in _splits(digits[cut:], parts - 1):
            out.append((head, *rest))
    return out


@functools.lru_cache(maxsize=4096)
def _count_splits(digits: str, parts: int) -> int:
    """How many cuts :func:`_splits` would return, without making them."""
    if parts == 1:
        return 1 if _figure(digits) else 0
    return sum(
        _count_splits(digits[cut:], parts - 1)
        for cut in range(1, len(digits) - parts + 2)
        if _figure(digits[:cut])
    )


def _figure(s: str) -> bool:
    if not s or s[0] == "." or s[-1] == ".":
        return False
    whole = s.split(".", 1)[0]
    return whole == "0" or not whole.startswith("0")


def split_readings(
    runs: Sequence[str], width: int, parse: Callable[[str], int | None] = int
) -> RowReadings:
    """Readings of figures run together: each run is cut into one or more cells.

    Raises :class:`TooManyReadings` when the cuts exceed :data:`MAX_READINGS`.
    """
    if len(runs) > width:
        raise TooManyReadings(f"{len(runs)} figures for {width} cells")
    counts = [len(r.replace(".", "")) for r in runs]
    out: list[Reading] = []
    total = 0
    # Distribute the cells over the runs, then cut each run.
    for shares in _shares(counts, width):
        # Count before cutting: one long run alone can have billions of cuts.
        n = 1
        for r, k in zip(runs, shares):
            n *= _count_splits(r, k)
        total += n
        if total > MAX_READINGS:
            raise TooManyReadings(f"more than {MAX_READINGS} ways to split {' '.join(runs)}")
        if n == 0:
            continue
        per_run = [_splits(r, k) for r, k in zip(runs, shares)]
        for combo in itertools.product(*per_run):
            out.append(tuple(parse(s) for part in combo for s in part))
    how = "stated" if len(runs) == width else "split"
    return RowReadings(how, tuple(dict.fromkeys(out)))


def _shares(counts: Sequence[int], width: int) -> list[tuple[int, ...]]:
    if not counts:
        return [()] if width == 0 else []
    head, rest = counts[0], counts[1:]
    out: list[tuple[int, ...]] = []
    for k in range(1, min(head, width - len(rest)) + 1):
        for tail in _shares(rest, width - k):
            out.append((k, *tail))
    return out


# --- settling by equations ---------------------------------------------------------

#: A linear equation: ``sum(coef * cell) == 0`` over (row, column, coef) terms.
Equation = tuple[tuple[int, int, int], ...]


@attrs.frozen
class Settled:
    """The outcome for one row: values (``None`` where unsettled or not stated),
    and per column whether it was ``stated``, ``recovered`` or ``unsettled``,
    with the candidate values of each unsettled column."""

    values: tuple[int | None, ...]
    status: tuple[str, ...]
    candidates: tuple[tuple[int | None, ...], ...]
    consistent: bool


def settle(
    rows: Sequence[RowReadings],
    equations: Sequence[Equation],
    local: Callable[[Reading], Reading | None] | None = None,
    width: int = 7,
) -> list[Settled]:
    """Narrow every row's readings with ``equations`` and report what is settled.

    ``local`` solves and checks one reading against its own row's rule (A2, R1):
    it returns the reading with what the rule settles filled in, or ``None`` if the
    reading breaks the rule. Rows read as stated are never changed: the equations
    only choose between readings and bound lost cells.
    """
    if all(row.how == "stated" and len(row.readings) == 1 for row in rows):
        # Nothing to choose: the fast path for a clean table.
        return [
            Settled(
                tuple(None if isinstance(v, _Unknown) else v for v in row.readings[0]),
                tuple("stated" for _ in row.readings[0]),
                tuple(() for _ in row.readings[0]),
                True,
            )
            for row in rows
        ]
    valid: list[list[Reading]] = []
    # Which cells of each surviving reading were lost cells before solving.
    lost: dict[tuple[int, Reading], set[int]] = {}
    for i, row in enumerate(rows):
        keep = []
        for r in row.readings:
            solved = local(r) if local and row.how != "stated" else r
            if solved is not None:
                keep.append(solved)
                lost.setdefault((i, solved), set()).update(
                    c for c, v in enumerate(r) if isinstance(v, _Unknown)
                )
        valid.append(list(dict.fromkeys(keep)) if keep else [])
    consistent = [bool(v) for v in valid]
    # Rows whose every reading broke the row's own rule keep all of them:
    # the source may itself be wrong, and that is for the checks to report.
    for i, row in enumerate(rows):
        if not valid[i]:
            valid[i] = list(row.readings)

    def hull(i: int, c: int) -> tuple[int, int] | None:
        lo, hi = INF, -1
        for r in valid[i]:
            v = r[c]
            if v is None:
                return None
            if isinstance(v, _Unknown):
                a, b = bounds.get((i, c), (0, INF))
            else:
                a = b = v
            lo, hi = min(lo, a), max(hi, b)
        return (lo, hi) if hi >= 0 else None

    bounds: dict[tuple[int, int], tuple[int, int]] = {}
    usable = [
        eq
        for eq in equations
        if all(all(r[c] is not None for r in rows[i].readings) for i, c, _ in eq)
    ]
    for _ in range(50):
        changed = False
        cur: dict[tuple[int, int], tuple[int, int]] = {}
        for eq in usable:
            for i, c, _ in eq:
                if (i, c) not in cur:
                    h = hull(i, c)
                    if h is not None:
                        cur[(i, c)] = h
        for eq in usable:
            if any((i, c) not in cur for i, c, _ in eq):
                continue
            for j, cj, aj in eq:
                lo_sum = hi_sum = 0
                for i, c, a in eq:
                    if (i, c) == (j, cj):
                        continue
                    lo, hi = cur[(i, c)]
                    lo_sum += a * (lo if a > 0 else hi)
                    hi_sum += a * (hi if a > 0 else lo)
                # aj * x = -(sum of the others)
                lo_x, hi_x = (-hi_sum, -lo_sum) if aj > 0 else (lo_sum, hi_sum)
                old = cur[(j, cj)]
                new = (max(old[0], lo_x, 0), min(old[1], hi_x))
                if new != old and new[0] <= new[1]:
                    cur[(j, cj)] = new
                    bounds[(j, cj)] = new
                    changed = True
        # Drop readings with a stated value outside its cell's bounds.
        for i in range(len(rows)):
            keep = [
                r
                for r in valid[i]
                if all(
                    not isinstance(v, int)
                    or (i, c) not in cur
                    or cur[(i, c)][0] <= v <= cur[(i, c)][1]
                    for c, v in enumerate(r)
                )
            ]
            if keep and len(keep) != len(valid[i]):
                valid[i] = keep
                changed = True
        if not changed:
            break

    out: list[Settled] = []
    for i, row in enumerate(rows):
        values: list[int | None] = []
        status: list[str] = []
        cands: list[tuple[int | None, ...]] = []
        for c in range(width):
            seen: list[int | None] = []
            for r in valid[i]:
                v = r[c]
                if isinstance(v, _Unknown):
                    lo, hi = bounds.get((i, c), (0, INF))
                    v = lo if lo == hi else UNKNOWN
                if v not in seen:
                    seen.append(v)  # type: ignore[arg-type]
            if len(seen) == 1 and not isinstance(seen[0], _Unknown):
                values.append(seen[0])
                # Rebuilt: a lost cell in a surviving reading; split or shifted:
                # each cell of a run-together row or of a row with a cell too many.
                changed_cell = any(c in lost.get((i, r), ()) for r in valid[i]) or (
                    row.how in ("split", "extra") and any(r[c] != seen[0] for r in row.readings)
                )
                status.append("recovered" if changed_cell else "stated")
                cands.append(())
            else:
                values.append(None)
                status.append("unsettled")
                cands.append(tuple(v for v in seen if not isinstance(v, _Unknown)))
        out.append(Settled(tuple(values), tuple(status), tuple(cands), consistent[i]))
    return out
