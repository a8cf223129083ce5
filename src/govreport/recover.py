"""Stage 4a: settle cells by the template's arithmetic.

A row as read may not have the template's number of cells: extraction lost a cell
(``lost``), added one (``extra``), broke a figure in two cells (``divided``: ``53``
as ``5 | 3``, as PDF extraction does), or ran the cells together with no separator
(``split``). Each such row gets the list of its possible *readings*: one value per
column, or :data:`UNKNOWN` for a lost cell, each tagged with the layout it assumes.
A row may weigh several layouts at once (a cell too many, or a figure broken in
two): its readings are settled together, so a cell is set only when the readings
of every layout that fits agree. The cross-checks (A1, A2, A3, R1) are
linear equations over the cells; :func:`settle` narrows every cell's bounds with
them and drops readings that fall outside, until nothing changes.

A cell is settled only when every surviving reading gives it the same value. Any
other cell stays ``None`` and is reported with its candidate values: a reading is
never guessed.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Literal, NamedTuple, Union, cast

from .paths import CellPath
from .rules import Equation

__all__ = [
    "UNKNOWN",
    "Linear",
    "Reading",
    "RowReadings",
    "Settled",
    "System",
    "TooManyReadings",
    "collapsed_readings",
    "divided_readings",
    "grid_readings",
    "index_equations",
    "row_rules",
    "settle",
    "split_readings",
    "system",
]


class _Unknown:
    def __repr__(self) -> str:
        return "?"


#: A lost cell whose value only arithmetic can give.
UNKNOWN = _Unknown()
Value = Union[int, _Unknown, None]  # noqa: UP007
Reading = tuple[Value, ...]
INF = 10**18

#: Most readings one row may have before it is reported as too long to split.
MAX_READINGS = 20000
#: Most ways to place a row's lost or extra grid cells that are weighed; beyond
#: it no cell of the row could be settled with certainty in reasonable time.
MAX_GRID_READINGS = 2000


class TooManyReadings(Exception):
    """A run of figures admits too many splits to search with certainty."""


#: The layout a row's readings assume: cells as stated, cells lost, a cell too
#: many, figures run together, runs of equal cells merged into one, or a figure
#: divided over two neighbouring cells.
How = Literal["stated", "lost", "extra", "split", "collapsed", "divided"]


class RowReadings(NamedTuple):
    """The possible readings of one row, and how they arose.

    ``how`` is the row's layout as its count of cells says; ``hows``, when given,
    the layout each reading assumes (one per reading), for a row that weighs more
    than one (a cell too many, or a figure divided in two).
    """

    how: How
    readings: tuple[Reading, ...]
    hows: tuple[How, ...] = ()

    def tagged(self) -> tuple[tuple[How, Reading], ...]:
        """Each reading with the layout it assumes."""
        hows = self.hows or (self.how,) * len(self.readings)
        return tuple(zip(hows, self.readings))


def grid_readings(
    cells: Sequence[int | None], width: int, joins: Sequence[int | None] = ()
) -> RowReadings:
    """Readings of a row whose cell boundaries are known.

    With ``width`` cells it reads as stated. With fewer, each choice of positions
    for the lost cells is a reading; with more, each choice of cells to drop, and,
    where ``joins`` gives the figure two neighbouring cells make together
    (``joins[i]`` for cells ``i`` and ``i + 1``, ``None`` where they make none),
    each choice of cells to join (:func:`divided_readings`).
    Raises :class:`TooManyReadings` beyond :data:`MAX_GRID_READINGS` choices.
    """
    n = len(cells)
    if n == width:
        return RowReadings("stated", (tuple(cells),))
    if n > width and any(j is not None for j in joins):
        return divided_readings(cells, width, joins)
    choices = math.comb(width, width - n) if n < width else math.comb(n, n - width)
    if choices > MAX_GRID_READINGS:
        what = "lost" if n < width else "extra"
        raise TooManyReadings(f"{n} cells for {width}: {choices} ways to place the {what} cells")
    out: list[Reading] = []
    if n < width:
        for lost in itertools.combinations(range(width), width - n):
            reading: list[Value] = list(cells)
            for i in lost:  # in ascending order: each lands at its own place
                reading.insert(i, UNKNOWN)
            out.append(tuple(reading))
        return RowReadings("lost", tuple(dict.fromkeys(out)))
    for dropped in itertools.combinations(range(n), n - width):
        out.append(tuple(c for i, c in enumerate(cells) if i not in dropped))
    return RowReadings("extra", tuple(dict.fromkeys(out)))


def divided_readings(
    cells: Sequence[int | None], width: int, joins: Sequence[int | None]
) -> RowReadings:
    """Readings of a row with more cells than ``width``: each way to drop cells
    (``extra``) or to join neighbours into the figure they make together
    (``divided``: PDF extraction breaks ``53`` into ``5 | 3``), or both, down to
    ``width`` cells. A reading that joins any cells is tagged ``divided``.
    Raises :class:`TooManyReadings` beyond :data:`MAX_GRID_READINGS` readings.
    """
    n = len(cells)
    if math.comb(n, n - width) > MAX_GRID_READINGS:  # the drops alone are too many
        raise TooManyReadings(f"{n} cells for {width}: too many ways to drop or join cells")
    found: dict[Reading, How] = {}
    ways = 0

    def walk(i: int, left: int, acc: tuple[Value, ...], joined: bool) -> None:
        nonlocal ways
        # ``left`` cells are still to go: each drop or join takes one away.
        if left == 0:
            ways += 1
            if ways > MAX_GRID_READINGS:
                raise TooManyReadings(
                    f"{n} cells for {width}: more than {MAX_GRID_READINGS} ways to drop "
                    "or join cells"
                )
            reading = (*acc, *cells[i:])
            if found.get(reading) != "extra":
                found[reading] = "divided" if joined else "extra"
            return
        if n - i > left:
            walk(i + 1, left, (*acc, cells[i]), joined)
        if n - i >= left:
            walk(i + 1, left - 1, acc, joined)
        if i + 1 < n and joins[i] is not None:
            walk(i + 2, left - 1, (*acc, joins[i]), True)

    walk(0, n - width, (), False)
    # The plainer layout first: a reading both ways is a cell too many.
    order = sorted(found, key=lambda r: found[r] != "extra")
    return RowReadings("extra", tuple(order), tuple(found[r] for r in order))


def collapsed_readings(
    values: Sequence[int | None], width: int, local: Sequence[LocalRule] = ()
) -> RowReadings:
    """Readings of a row whose runs of equal neighbouring cells were merged into
    one (a crawler that keeps one of each run of identical lines): every way to
    give each value read a run of one or more cells. Two equal neighbours read
    cannot be such a row (they would have been merged): no reading. Nor is a
    reading that breaks the row's own ``local`` rules: the layout assumed, not
    the source, would then be wrong.
    Raises :class:`TooManyReadings` beyond :data:`MAX_GRID_READINGS` ways.
    """
    n = len(values)
    if not 0 < n <= width or any(a == b for a, b in itertools.pairwise(values)):
        return RowReadings("collapsed", ())
    ways = math.comb(width - 1, n - 1)
    if ways > MAX_GRID_READINGS:
        raise TooManyReadings(f"{n} cells for {width}: {ways} ways to repeat them")
    out: list[Reading] = []
    due = _due_checks(tuple(local), width)
    reading: list[Value] = [None] * width

    def place(c: int, k: int) -> None:
        # Column c repeats values[k]; a rule whose last column this is is tested
        # now, so a run that breaks it is given no further columns.
        reading[c] = values[k]
        if due[c] and not _holds(reading, due[c]):
            return
        if c + 1 == width:
            out.append(tuple(reading))
            return
        # The next value first, then the same run again (as long as the values
        # left still find a column each): the readings come in the order of
        # their cuts, the first cut leftmost first.
        if k + 1 < n:
            place(c + 1, k + 1)
        if n - k < width - c:
            place(c + 1, k)

    place(0, 0)
    return RowReadings("collapsed", tuple(out))


@functools.lru_cache(maxsize=64)
def _due_checks(local: tuple[LocalRule, ...], width: int) -> tuple[tuple[_Check, ...], ...]:
    """The row's own rules as tests (:func:`_checks`), each at its last column:
    a reading filled left to right can be tested there on the columns so far."""
    due: list[list[LocalRule]] = [[] for _ in range(width)]
    for t, cols in local:
        due[max(t, *cols)].append((t, cols))
    return tuple(_checks(tuple(rules)) for rules in due)


#: The longest figure a split may make: no count of the template has more digits,
#: and the bound keeps the search over a long run linear in its length.
MAX_FIGURE_DIGITS = 12


class _Cutter:
    """The ways to cut runs of digits into figures, with the sub-cuts of one row
    remembered (a run's tail is cut the same way whatever came before it)."""

    def __init__(self) -> None:
        self._cuts: dict[tuple[str, int], tuple[tuple[str, ...], ...]] = {}
        self._counts: dict[tuple[str, int], int] = {}

    def count(self, digits: str, parts: int) -> int:
        """How many cuts :meth:`cuts` would return, without making them."""
        if not parts <= len(digits) <= parts * MAX_FIGURE_DIGITS:
            return 0
        if parts == 1:
            return 1 if _figure(digits) else 0
        key = (digits, parts)
        n = self._counts.get(key)
        if n is None:
            n = self._counts[key] = sum(
                self.count(digits[cut:], parts - 1)
                for cut in range(1, min(len(digits) - parts + 1, MAX_FIGURE_DIGITS) + 1)
                if _figure(digits[:cut])
            )
        return n

    def cuts(self, digits: str, parts: int) -> tuple[tuple[str, ...], ...]:
        """All ways to cut ``digits`` into ``parts`` figures without leading zeros."""
        if not parts <= len(digits) <= parts * MAX_FIGURE_DIGITS:
            return ()
        if parts == 1:
            return ((digits,),) if _figure(digits) else ()
        key = (digits, parts)
        done = self._cuts.get(key)
        if done is None:
            out: list[tuple[str, ...]] = []
            for cut in range(1, min(len(digits) - parts + 1, MAX_FIGURE_DIGITS) + 1):
                head = digits[:cut]
                if _figure(head):
                    out.extend((head, *rest) for rest in self.cuts(digits[cut:], parts - 1))
            done = self._cuts[key] = tuple(out)
        return done


def _figure(s: str) -> bool:
    if not s or s[0] == "." or s[-1] == ".":
        return False
    whole = s.split(".", 1)[0]
    return whole == "0" or not whole.startswith("0")


#: A row's own rules, by column: (the total's column, the parts' columns).
LocalRule = tuple[int, tuple[int, ...]]

#: Most steps the search for rule-abiding cuts of one row may take.
MAX_SEARCH = 200_000


def split_readings(runs: Sequence[str], width: int, local: Sequence[LocalRule] = ()) -> RowReadings:
    """Readings of figures run together: each run is cut into one or more cells.

    With the row's own ``local`` rules (A2, R1), only the cuts that keep them are
    made, if there are any (as settling would keep only those); otherwise every
    cut. Raises :class:`TooManyReadings` when the cuts exceed :data:`MAX_READINGS`
    or the search :data:`MAX_SEARCH` steps.
    """
    if len(runs) > width:
        raise TooManyReadings(f"{len(runs)} figures for {width} cells")
    if len(runs) == width:  # one figure a cell: nothing to cut
        whole = all(len(r) <= MAX_FIGURE_DIGITS and _figure(r) for r in runs)
        return RowReadings("stated", (tuple(int(r) for r in runs),) if whole else ())
    if local and all(r.isdigit() for r in runs):
        kept = _RuleCuts(runs, width, local).search()
        if kept:
            return RowReadings("split", tuple(dict.fromkeys(kept)))
    return RowReadings("split", _every_cut(runs, width))


def _every_cut(runs: Sequence[str], width: int) -> tuple[Reading, ...]:
    counts = [len(r.replace(".", "")) for r in runs]
    cutter = _Cutter()
    out: list[Reading] = []
    total = 0
    # Distribute the cells over the runs, then cut each run.
    for shares in _shares(counts, width):
        # Count before cutting: one long run alone can have billions of cuts.
        n = 1
        for r, k in zip(runs, shares):
            n *= cutter.count(r, k)
        total += n
        if total > MAX_READINGS:
            raise TooManyReadings(f"more than {MAX_READINGS} ways to split {' '.join(runs)}")
        if n == 0:
            continue
        per_run = [
            [tuple(int(s) for s in cut) for cut in cutter.cuts(r, k)] for r, k in zip(runs, shares)
        ]
        chain = itertools.chain.from_iterable
        out += [tuple(chain(combo)) for combo in itertools.product(*per_run)]
    return tuple(dict.fromkeys(out))


class _RuleCuts:
    """The cuts of runs of digits into ``width`` figures that keep the row's own
    rules, found right to left: a total comes before its parts, so a cut whose
    parts already exceed their total is abandoned at once.

    A total whose parts are all the columns before it has them take every digit
    still to cut, however they are cut: and figures add up to their digits' sum
    less a multiple of 9 (10 is 1 more than 9, so each digit counts as itself
    modulo 9). A total that differs from that sum modulo 9 is no total of them.
    """

    def __init__(self, runs: Sequence[str], width: int, local: Sequence[LocalRule]) -> None:
        self.runs = runs
        # Filled right to left: when column c is given, the columns from c on hold
        # their figures and those before it none yet (0 stands for "not yet").
        self.values: list[int] = [0] * width
        self.tests = _column_tests(tuple(local), width)
        # Digits in the runs before each run: what the columns to its left must take.
        self.before = [sum(len(r) for r in runs[:i]) for i in range(len(runs))]
        self.found: list[Reading] = []
        self.steps = 0
        # How many readings were found when the last step began (see _replay).
        self.found_at_step = 0
        # Columns below a boundary no rule crosses are cut the same way whatever
        # the columns above hold: each such sub-search is made once (see _replay).
        self.apart = _apart(tuple(local), width)
        self.done: dict[tuple[int, int, int], tuple[int, int, list[Reading]]] = {}
        self.of_all = _totals_of_all(tuple(local), width)
        # The sum of the digits before each place in each run, those of the runs
        # before it included (modulo 9: see the class's note).
        self.digit_sums: list[list[int]] = []
        total = 0
        for r in runs:
            sums = [total]
            for d in r:
                total = (total + int(d)) % 9
                sums.append(total)
            self.digit_sums.append(sums)

    def search(self) -> list[Reading]:
        last = len(self.runs) - 1
        self._column(len(self.values) - 1, last, len(self.runs[last]))
        return self.found

    def _column(self, c: int, run: int, left: int) -> None:
        """Give column ``c`` a figure from the end of ``runs[run][:left]``."""
        self._step()
        # Below a boundary no rule crosses, the sub-search is made once (_replay).
        key = (c, run, left) if self.apart[c] else None
        if key is not None:
            done = self.done.get(key)
            if done is not None:
                self._replay(c, *done)
                return
            steps, base = self.steps, len(self.found)
        digits = self.runs[run][:left]
        before = self.before[run]
        lo, hi = self._reach(c)
        # The columns to the left must take the rest: c to c * MAX_FIGURE_DIGITS
        # digits (the sizes tried), and one figure at least for every run still
        # open: with as many columns as runs before this one, this run's rest
        # would be one too many, so the figure takes all of it.
        lowest = max(1, before + left - c * MAX_FIGURE_DIGITS)
        if run >= c:
            lowest = max(lowest, left) if run == c else left + 1
        for size in range(lowest, min(MAX_FIGURE_DIGITS, left, before + left - c) + 1):
            rest = left - size
            if size > 1 and digits[rest] == "0":
                continue  # a leading zero: no figure (the runs are plain digits)
            figure = int(digits[rest:])
            if figure > hi:
                break  # a longer figure (no leading zero) is larger still
            if figure < lo:
                continue
            if self.of_all[c] and (figure - self.digit_sums[run][rest]) % 9:
                continue  # its parts' digits add up to another figure (see above)
            self.values[c] = figure
            if c == 0:
                self.found.append(tuple(self.values))
            elif rest:
                self._column(c - 1, run, rest)
            else:
                self._column(c - 1, run - 1, len(self.runs[run - 1]))
        if key is not None:
            kept = [r[: c + 1] for r in self.found[base:]]
            self.done[key] = (self.steps - steps, self.found_at_step - base, kept)

    def _step(self, steps: int = 1, found: int = 0) -> None:
        """Count ``steps`` steps (a sub-search's, when it is replayed: ``found``
        the readings it had found when its last step began), and stop where the
        search would have stopped."""
        self.steps += steps
        self.found_at_step = len(self.found) + found
        if self.steps > MAX_SEARCH or self.found_at_step > MAX_READINGS:
            raise TooManyReadings(f"more than {MAX_SEARCH} steps to split {' '.join(self.runs)}")

    def _replay(self, c: int, steps: int, found: int, kept: list[Reading]) -> None:
        """Give columns ``c`` down to 0 the figures a sub-search found for them
        before, counting its steps as if it were made again (the step limit
        stops the search at the same place)."""
        self._step(steps, found)
        rest = tuple(self.values[c + 1 :])
        self.found.extend(r + rest for r in kept)

    def _reach(self, c: int) -> tuple[int, int]:
        """The figures column ``c`` may take under the rules on it, as far as the
        columns after it say: at most its total less its known fellow parts (all
        of it when they are all known), at least the sum of its own known parts
        (all of it when they are all known). An empty range when none may."""
        values = self.values
        lo, hi = 0, INF
        for total, others, part, complete in self.tests[c]:
            known = sum(map(values.__getitem__, others))
            if total != c:  # a part of a total already given
                hi = min(hi, values[total] - known)
                if complete:
                    lo = max(lo, values[total] - known)
            elif part:  # its own total and a part of it: the other parts come to nothing
                hi = hi if known == 0 else -1
            else:  # the total of the parts already given
                lo = max(lo, known)
                if complete:
                    hi = min(hi, known)
        return lo, hi


@functools.lru_cache(maxsize=64)
def _totals_of_all(local: tuple[LocalRule, ...], width: int) -> tuple[bool, ...]:
    """For each column, whether it is a rule's total whose parts are all the
    columns before it."""
    return tuple(
        any(t == c and set(parts) == set(range(c)) for t, parts in local) for c in range(width)
    )


@functools.lru_cache(maxsize=64)
def _apart(local: tuple[LocalRule, ...], width: int) -> tuple[bool, ...]:
    """For each column, whether no rule has cells both at or before it and after
    it: the columns up to it are then bound by no figure after it."""
    return tuple(
        all(max(t, *parts) <= c or min(t, *parts) > c for t, parts in local) for c in range(width)
    )


#: A rule's test once a column is given: (the total's column, the parts' columns
#: known by then besides the column itself, whether the column is a part, whether
#: every part is known by then).
_Test = tuple[int, tuple[int, ...], bool, bool]


@functools.lru_cache(maxsize=64)
def _column_tests(local: tuple[LocalRule, ...], width: int) -> tuple[tuple[_Test, ...], ...]:
    """For each column, the tests of the rules on it that can fail once it is
    given right to left: a rule whose total is still to come tests nothing, nor
    one with no part known and parts still to come (nothing exceeds a total)."""
    out: list[list[_Test]] = [[] for _ in range(width)]
    for c in range(width):
        for total, parts in local:
            if (c == total or c in parts) and total >= c:
                known = tuple(p for p in parts if p >= c)
                if known or len(known) == len(parts):
                    others = tuple(p for p in known if p != c)
                    out[c].append((total, others, c in parts, len(known) == len(parts)))
    return tuple(tuple(tests) for tests in out)


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

Cell = tuple[int, int]  # (row, column) of the rows being settled
Status = Literal["stated", "recovered", "unsettled"]


class Linear(NamedTuple):
    """A rule instance over the rows being settled: ``sum(total) == sum(parts)``."""

    total: tuple[Cell, ...]
    parts: tuple[Cell, ...]


def index_equations(equations: Sequence[Equation], cells: Mapping[CellPath, Cell]) -> list[Linear]:
    """The rule instances whose every cell is among ``cells`` (rows not read drop out)."""
    out: list[Linear] = []
    for eq in equations:
        try:
            out.append(Linear(tuple(cells[p] for p in eq.total), tuple(cells[p] for p in eq.parts)))
        except KeyError:
            continue
    return out


class Settled(NamedTuple):
    """The outcome for one row: values (``None`` where unsettled or not stated),
    and per column whether it was ``stated``, ``recovered`` or ``unsettled``,
    with the candidate values of each unsettled column and, for each candidate,
    the layouts whose readings give it (``hypotheses``). ``kept`` are the layouts
    of the readings that fit the rules."""

    values: tuple[int | None, ...]
    status: tuple[Status, ...]
    candidates: tuple[tuple[int | None, ...], ...]
    hypotheses: tuple[tuple[tuple[How, ...], ...], ...] = ()
    kept: tuple[How, ...] = ()


#: An equation's cells, its totals and its parts.
Prepared = tuple[tuple[Cell, ...], tuple[Cell, ...], tuple[Cell, ...]]


class System(tuple[Linear, ...]):
    """Rule instances over a table's rows, with what settling derives from them
    worked out once (:func:`system`): each row's own rules, each equation's cells
    and terms. A table's system comes back on every report, and hashing it to
    look them up costs more than reading a row."""

    rows: int
    local: tuple[tuple[LocalRule, ...], ...]
    prepared: tuple[Prepared, ...]


def system(equations: Sequence[Linear], rows: int) -> System:
    """``equations`` over ``rows`` rows as a :class:`System`."""
    out = System(equations)
    out.rows = rows
    out.local = _row_rules(tuple(out), rows)
    out.prepared = _prepared(tuple(out))
    return out


def _derived(
    equations: Sequence[Linear], rows: int
) -> tuple[tuple[tuple[LocalRule, ...], ...], tuple[Prepared, ...]]:
    """Each row's own rules and each equation's cells and terms."""
    if isinstance(equations, System) and equations.rows == rows:
        return equations.local, equations.prepared
    eqs = tuple(equations)
    return _row_rules(eqs, rows), _prepared(eqs)


def row_rules(equations: Sequence[Linear], rows: int) -> list[list[LocalRule]]:
    """Each row's own rules (A2, R1): the equations whose cells all lie in it."""
    return [list(rules) for rules in _derived(equations, rows)[0]]


@functools.lru_cache(maxsize=256)
def _row_rules(equations: tuple[Linear, ...], rows: int) -> tuple[tuple[LocalRule, ...], ...]:
    # Kept: the same few systems (the template's rows a table has) come back on
    # every report, and working their rules out costs more than reading a row.
    local: list[list[LocalRule]] = [[] for _ in range(rows)]
    for eq in equations:
        row_ids = {i for i, _ in eq.total + eq.parts}
        if len(row_ids) == 1 and len(eq.total) == 1:
            local[row_ids.pop()].append((eq.total[0][1], tuple(c for _, c in eq.parts)))
    return tuple(tuple(rules) for rules in local)


def _solve_local(reading: Reading, local: Sequence[LocalRule]) -> Reading | None:
    """Fill what the row's own rules (A2, R1: a total and its parts, by column)
    settle in ``reading``, or ``None`` when the reading breaks one of them."""
    if not local:
        return reading
    values = list(reading)
    for t, cols in local:
        total = values[t]
        if total is None:
            continue
        known = 0
        unknown: list[int] = []
        for c in cols:
            v = values[c]
            if v is None:
                break
            if v is UNKNOWN:
                unknown.append(c)
            else:
                known += v  # type: ignore[operator]
        else:
            if total is UNKNOWN:
                if not unknown:
                    values[t] = known
                continue
            rest = total - known  # type: ignore[operator]
            if rest < 0 or (not unknown and rest != 0):
                return None
            if len(unknown) == 1 or (unknown and rest == 0):
                fill = rest if len(unknown) == 1 else 0
                for c in unknown:
                    values[c] = fill
    return tuple(values)


#: A row's own rule as a test: the total's column, and what takes the parts' values.
_Check = tuple[int, Callable[[Sequence[Value]], tuple[Value, ...]]]


@functools.lru_cache(maxsize=64)
def _checks(local: tuple[LocalRule, ...]) -> tuple[_Check, ...]:
    """The row's own rules as tests (for readings with no lost cell)."""
    return tuple((t, _parts_of(cols)) for t, cols in local)


def _parts_of(cols: tuple[int, ...]) -> Callable[[Sequence[Value]], tuple[Value, ...]]:
    """What takes a reading's values in ``cols`` (one C call for two or more)."""
    if len(cols) > 1:
        return cast(Callable[[Sequence[Value]], tuple[Value, ...]], operator.itemgetter(*cols))

    def parts(reading: Sequence[Value]) -> tuple[Value, ...]:
        return tuple(reading[c] for c in cols)

    return parts


def _holds(reading: Sequence[Value], checks: Sequence[_Check]) -> bool:
    """Whether a reading with no lost cell keeps the row's own rules (as far as
    its cells state figures): what :func:`_solve_local` tells of it, faster."""
    for t, parts_of in checks:
        total = reading[t]
        if total is None:
            continue
        parts = parts_of(reading)
        if None in parts:
            continue
        if sum(parts) != total:  # type: ignore[arg-type]
            return False
    return True


#: Per row, each reading kept (after its own rules) and the layouts it came from.
Origins = list[dict[Reading, tuple[How, ...]]]
#: Per row, the cells each reading kept had lost (none where it had lost none).
Lost = list[dict[Reading, set[int]]]


class _Local(NamedTuple):
    """Each row's readings after its own rules, which cells each had lost, the
    layouts each reading assumes, and the rows no reading of which keeps them."""

    valid: list[list[Reading]]
    lost: Lost
    origins: Origins
    broken: set[int]
    #: For each row, the first row with the same readings and rules.
    first: list[int]


class _RowLocal(NamedTuple):
    """One row's part of :class:`_Local`."""

    valid: tuple[Reading, ...]
    lost: dict[Reading, set[int]]
    origin: dict[Reading, tuple[How, ...]]
    broken: bool


def _local_readings(rows: Sequence[RowReadings], local: Sequence[Sequence[LocalRule]]) -> _Local:
    """Each row's readings after its own rules (see :class:`_Local`). Rows with
    the same readings and rules (a table's rows of zeros) are worked out once."""
    out = _Local([], [], [], set(), [])
    done: dict[tuple[RowReadings, tuple[LocalRule, ...]], tuple[int, _RowLocal]] = {}
    for i, row in enumerate(rows):
        key = (row, tuple(local[i]))
        found = done.get(key)
        if found is None:
            found = done[key] = (i, _row_local(row, key[1]))
        first, one = found
        out.first.append(first)
        out.valid.append(list(one.valid))
        out.lost.append(one.lost)
        out.origins.append(one.origin)
        if one.broken:
            out.broken.add(i)
    return out


def _row_local(row: RowReadings, rules: tuple[LocalRule, ...]) -> _RowLocal:
    """One row's readings after its own rules."""
    if row.how == "stated" and len(row.readings) == 1:
        # One reading as stated (most rows): kept as it is, rules or not.
        r = row.readings[0]
        gaps = {r: {c for c, v in enumerate(r) if v is UNKNOWN}} if UNKNOWN in r else {}
        return _RowLocal((r,), gaps, {r: ((row.hows or ("stated",))[0],)}, False)
    keep: dict[Reading, tuple[How, ...]] = {}
    lost: dict[Reading, set[int]] = {}
    checks = _checks(rules)
    solve = row.how != "stated"
    for how, r in row.tagged():
        if not solve:
            solved: Reading | None = r
        elif UNKNOWN in r:
            solved = _solve_local(r, rules)
        else:  # nothing to fill: the rules only test it
            solved = r if _holds(r, checks) else None
        if solved is not None:
            had = keep.get(solved)
            keep[solved] = (how,) if had is None else (*had, how)
            if UNKNOWN in r:
                lost.setdefault(solved, set()).update([c for c, v in enumerate(r) if v is UNKNOWN])
    # Rows whose every reading broke the row's own rule keep all of them:
    # the source may itself be wrong, and that is for the checks to report.
    # Its other rules may be as wrong: they then bound nothing in the row.
    broken = not keep
    if broken:
        for how, r in row.tagged():
            keep[r] = (*keep.get(r, ()), how)
    origin = {r: h if len(h) == 1 else tuple(dict.fromkeys(h)) for r, h in keep.items()}
    return _RowLocal(tuple(keep), lost, origin, broken)


class _Bounds:
    """Each cell's interval, narrowed by the equations until nothing changes."""

    def __init__(self, valid: list[list[Reading]], width: int, frozen: set[int]) -> None:
        self.valid = valid
        #: Rows whose cells the equations may not narrow (their source breaks them).
        self.frozen = frozen
        self.box: dict[Cell, tuple[int, int]] = {}
        #: Each cell's box that every reading of its row still kept lies in, once
        #: found (pruning by it again drops nothing).
        self.fitted: dict[Cell, tuple[int, int]] = {}
        box = self.box
        for i, readings in enumerate(valid):
            if len(readings) == 1:
                # One reading: each cell's box is its value (what _hull would give).
                for c, v in enumerate(readings[0][:width]):
                    if isinstance(v, int):
                        if v >= 0:
                            box[(i, c)] = (v, min(v, INF))
                    elif v is UNKNOWN:
                        box[(i, c)] = (0, INF)
                continue
            # Column by column (the readings transposed): one pass a cell.
            for c, column in enumerate(zip(*readings)):
                if c >= width:
                    break
                h = _hull(column, (0, INF))
                if h is not None:
                    self.box[(i, c)] = h

    def narrow(self, totals: tuple[Cell, ...], parts: tuple[Cell, ...]) -> set[int]:
        """Narrow every cell of an equation (``totals`` = sum of ``parts``, no cell
        in both) by the others; the rows whose cells changed."""
        box = self.box
        # The boxes' bounds gathered column-wise, so that the sums and the widest
        # box are each one C call (this runs some ninety times a report).
        t_lo, t_hi = zip(*map(box.__getitem__, totals))
        p_lo, p_hi = zip(*map(box.__getitem__, parts))
        # The range of sum(totals) - sum(parts), which must hold 0.
        lo_sum = sum(t_lo) - sum(p_hi)
        hi_sum = sum(t_hi) - sum(p_lo)
        widest = max(max(map(operator.sub, t_hi, t_lo)), max(map(operator.sub, p_hi, p_lo)))
        changed: set[int] = set()
        # A cell narrows only where its box is wider than the sum's slack on either
        # side (0 within [lo_sum, hi_sum]); none does where the equation cannot hold
        # (negative slack: every narrowed box would be empty). Most calls end here.
        slack = min(hi_sum, -lo_sum)
        if slack < 0 or widest <= slack:
            return changed
        frozen = self.frozen
        # Each cell is bounded by the others' range: the sum's range less its own.
        # A total x = parts - other totals lies in [x.hi - hi_sum, x.lo - lo_sum];
        # a part x = totals - other parts in [lo_sum + x.hi, hi_sum + x.lo]. A box
        # is narrowed where that cuts it and leaves it not empty. (No box starts
        # below 0, see _Bounds, so none narrowed from one ends below 0.)
        for x, lo, hi, new_lo, new_hi in itertools.chain(
            zip(totals, t_lo, t_hi, [h - hi_sum for h in t_hi], [v - lo_sum for v in t_lo]),
            zip(parts, p_lo, p_hi, [lo_sum + h for h in p_hi], [hi_sum + v for v in p_lo]),
        ):
            if (new_lo > lo or new_hi < hi) and x[0] not in frozen:
                new = (max(lo, new_lo), min(hi, new_hi))
                if new[0] <= new[1]:
                    box[x] = new
                    changed.add(x[0])
        return changed

    def prune(self, i: int, width: int) -> bool:
        """Drop row ``i``'s readings with a stated value outside its cell's box."""
        box, fitted = self.box, self.fitted
        # The row's cells and boxes looked up once, not once a reading (None: no box).
        cells = [(i, c) for c in range(width)]
        boxes = list(map(box.get, cells))
        keep = self.valid[i]
        # Column by column, each a pass over the readings still kept: a lost value
        # (or none) is never outside (a cell with a box has one in every reading).
        # A box every reading still kept was found to lie in drops none of them.
        for c, b in enumerate(boxes):
            if b is not None and fitted.get(cells[c]) != b:
                lo, hi = b
                keep = [r for r in keep if (v := r[c]) is UNKNOWN or lo <= v <= hi]  # type: ignore[operator]
        if not keep:
            return False
        if len(keep) == len(self.valid[i]):  # none dropped: every box fits them all
            fitted.update((x, b) for x, b in zip(cells, boxes) if b is not None)
            return False
        self.valid[i] = keep
        # Each box taken again from the readings kept (transposed: one pass a cell).
        columns = list(zip(*keep))
        for c, b in enumerate(boxes):
            if b is not None:
                h = _hull(columns[c], b)
                if h is not None and h[0] <= h[1]:
                    box[cells[c]] = h
                fitted[cells[c]] = box[cells[c]]
        return True


def _hull(column: Sequence[Value], bound: tuple[int, int]) -> tuple[int, int] | None:
    """The interval of a cell's values in ``column`` (one per reading), a lost
    value standing for all of ``bound``, within ``bound``; ``None`` where a
    reading has no such cell or there is no reading."""
    if not column or None in column:
        return None
    if UNKNOWN in column:  # a lost value spans the whole bound: so does the hull
        return bound
    figures = cast(Sequence[int], column)  # figures only (most columns)
    lo, hi = min(figures), max(figures)
    return (max(lo, bound[0]), min(hi, bound[1])) if hi >= 0 else None


#: Rounds of narrowing at most; each round that changes nothing ends the search.
MAX_ROUNDS = 100


def settle(
    rows: Sequence[RowReadings], equations: Sequence[Linear], width: int = 7
) -> list[Settled]:
    """Narrow every row's readings with ``equations`` and report what is settled.

    An equation whose cells all lie in one row (A2, R1) also solves that row's
    readings one by one. Rows read as stated are never changed: the equations
    only choose between readings and bound lost cells.
    """
    if all(row.how == "stated" and len(row.readings) == 1 for row in rows):
        return [_as_stated(row.readings[0]) for row in rows]
    local, prepared = _derived(equations, len(rows))
    valid, lost, origins, broken, first = _local_readings(rows, local)
    # Each cell's bounds, narrowed by the equations; not needed when every row
    # has one reading and no lost cell (most rows of merged or run-together
    # tables): there is nothing open to narrow, and no lost cell to fill.
    if all(len(v) == 1 and UNKNOWN not in v[0] for v in valid):
        box: dict[Cell, tuple[int, int]] = {}
    else:
        # A row no reading of which keeps its own rule (A2, R1) says the source's
        # arithmetic is wrong there: the other rules then choose none of its readings.
        box = _narrowed(valid, width, {i for i in broken if rows[i].how != "stated"}, prepared)
    out: list[Settled] = []
    done: dict[tuple[object, ...], Settled] = {}
    for i, row in enumerate(rows):
        # Rows alike (see _local_readings) with the same readings left, and the same
        # bounds on their lost cells if any, settle alike: worked out once.
        key: tuple[object, ...] = (first[i], *valid[i])
        if any(UNKNOWN in r for r in valid[i]):
            key = (*key, *(box.get((i, c)) for c in range(width)))
        found = done.get(key)
        if found is None:
            found = done[key] = _settled_row(row, valid[i], origins[i], lost[i], box, i, width)
        out.append(found)
    return out


def _narrowed(
    valid: list[list[Reading]], width: int, frozen: set[int], prepared: Sequence[Prepared]
) -> dict[Cell, tuple[int, int]]:
    """Each cell's bounds, narrowed by the equations until nothing changes; the
    readings outside them are dropped from ``valid``."""
    bounds = _Bounds(valid, width, frozen)
    box = bounds.box
    has = box.__contains__
    # Only equations over cells with a box, one of them open, can narrow anything.
    open_cells = {x for x, (lo, hi) in box.items() if lo != hi}
    live = [
        (totals, parts)
        for cells, totals, parts in (prepared if open_cells else ())
        if all(map(has, cells)) and not open_cells.isdisjoint(cells)
    ]
    for _ in range(MAX_ROUNDS):
        touched: set[int] = set()
        for totals, parts in live:
            touched |= bounds.narrow(totals, parts)
        pruned = {i for i in touched if bounds.prune(i, width)}
        if not touched and not pruned:
            break
    return box


@functools.lru_cache(maxsize=64)
def _prepared(equations: tuple[Linear, ...]) -> tuple[Prepared, ...]:
    """Each equation's cells, totals and parts, worked out once per system (the
    same few come back on every report)."""
    return tuple((eq.total + eq.parts, eq.total, eq.parts) for eq in equations)


def _as_stated(reading: Reading) -> Settled:
    n = len(reading)
    values = tuple(None if v is UNKNOWN else v for v in reading) if UNKNOWN in reading else reading
    one: tuple[Status] = ("stated",)
    stated = one * n
    return Settled(cast(tuple[int | None, ...], values), stated, ((),) * n)


def _settled_row(
    row: RowReadings,
    valid: list[Reading],
    origin: dict[Reading, tuple[How, ...]],
    lost: dict[Reading, set[int]],
    box: dict[Cell, tuple[int, int]],
    i: int,
    width: int,
) -> Settled:
    if row.how == "stated" and len(valid) == 1 and UNKNOWN not in valid[0]:
        return _as_stated(valid[0])
    # Worked out once for the row, not once a column: each reading's layouts,
    # and the cells any surviving reading had lost.
    hows = [origin.get(r, (row.how,)) for r in valid]
    rebuilt: set[int] = set().union(*(lost.get(r, ()) for r in valid))
    shifted = row.how in ("split", "extra", "collapsed")
    kept = tuple(dict.fromkeys(h for hs in hows for h in hs))
    if len(valid) == 1 and len(valid[0]) == width and UNKNOWN not in valid[0]:
        return _one_reading(row, valid[0], rebuilt, shifted, kept)
    values: list[int | None] = []
    status: list[Status] = []
    cands: list[tuple[int | None, ...]] = []
    hyps: list[tuple[tuple[How, ...], ...]] = []
    same = _common(row.readings) if shifted else []
    one_how = hows[0] if hows and all(h == hows[0] for h in hows) else None
    # Column by column (the readings transposed); no reading left: every column open.
    columns = list(zip(*valid)) or [()] * width
    for c in range(width):
        column = columns[c]
        seen = _column_values(column, hows, one_how, box.get((i, c), (0, INF)))
        only = next(iter(seen)) if len(seen) == 1 else UNKNOWN
        if not isinstance(only, _Unknown):
            values.append(only)
            # Rebuilt: a lost cell in a surviving reading; split or shifted:
            # each cell of a run-together row or of a row with a cell too many.
            changed = c in rebuilt or (shifted and _moved(same[c], only))
            status.append("recovered" if changed else "stated")
            cands.append(())
            hyps.append(())
        else:
            values.append(None)
            status.append("unsettled")
            known = [(v, h) for v, h in seen.items() if not isinstance(v, _Unknown)]
            cands.append(tuple(v for v, _ in known))
            hyps.append(tuple(tuple(h) for _, h in known))
    return Settled(tuple(values), tuple(status), tuple(cands), tuple(hyps), kept)


def _one_reading(
    row: RowReadings, reading: Reading, rebuilt: set[int], shifted: bool, kept: tuple[How, ...]
) -> Settled:
    """The outcome of a row with one surviving reading and no lost cell left in it
    (most rows that went to recovery): every cell settled, as :func:`_settled_row`
    would find them, without gathering each column's values."""
    same = _common(row.readings) if shifted else []
    status: list[Status] = [
        "recovered" if c in rebuilt or (shifted and _moved(same[c], v)) else "stated"
        for c, v in enumerate(reading)
    ]
    values = cast(tuple[int | None, ...], reading)  # no lost cell left: figures or None
    none: tuple[tuple[()], ...] = ((),) * len(reading)
    return Settled(values, tuple(status), none, none, kept)


def _common(readings: Sequence[Reading]) -> list[Value]:
    """Per column, the one value every reading gives it, or :data:`UNKNOWN` where
    they differ (or agree on a lost cell)."""
    if len(readings) == 1:
        return list(readings[0])  # one reading: its own values (most shifted rows)
    return [col[0] if len(set(col)) == 1 else UNKNOWN for col in zip(*readings)]


def _moved(common: Value, value: Value) -> bool:
    """Whether some reading of the row gives its column another value than ``value``
    (``common`` being :func:`_common`'s for the column)."""
    return common is UNKNOWN or common != value


def _column_values(
    column: Sequence[Value],
    hows: list[tuple[How, ...]],
    one_how: tuple[How, ...] | None,
    box: tuple[int, int],
) -> dict[Value, dict[How, None]]:
    """Each value the surviving readings give a column (``column``: one a reading;
    a lost cell its box's value when the box is one value), with their layouts
    in order (``one_how``: the layouts of every reading, when all have the same)."""
    lo, hi = box
    fill = lo if lo == hi else UNKNOWN
    if one_how is not None:
        return {
            v: dict.fromkeys(one_how)
            for v in dict.fromkeys(fill if v is UNKNOWN else v for v in column)
        }
    seen: dict[Value, dict[How, None]] = {}
    for v, h in zip(column, hows):
        if v is UNKNOWN:
            v = fill
        layouts = seen.get(v)
        if layouts is None:
            seen[v] = dict.fromkeys(h)
        else:
            layouts.update(dict.fromkeys(h))
    return seen
