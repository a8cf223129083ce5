"""Stage 5: the template's cross-checks (勾稽关系) as diagnostics.

The rules themselves are data (:mod:`govreport.rules`); this module evaluates
them. Each finding is a ``Kind.SOURCE`` diagnostic of ``error`` severity: the
report's own figures disagree. A rule is checked only where every cell it needs
is stated.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from .diagnostics import Diagnostic, Kind, Severity
from .model import Report, TemplateVersion
from .paths import CellPath
from .rules import RULE_WORDS, Equation, equations, may_be_negative
from .template import cell_paths, cell_values

__all__ = ["check", "equation_error"]


def _error(
    code: str, message: str, paths: tuple[str, ...], stated: object, expected: object
) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=Severity.ERROR,
        kind=Kind.SOURCE,
        message=message,
        paths=paths,
        stated=stated,
        expected=expected,
    )


#: The cells of one side of a rule, taken from a report's :func:`cell_values`.
Side = Callable[[tuple[Any, ...]], tuple[Any, ...]]


@functools.cache
def _compiled(version: TemplateVersion) -> tuple[tuple[Equation, Side, Side], ...]:
    """Each rule instance with the cells of its total side and of its parts, as
    places in the report's :func:`cell_values`."""
    index = {path: i for i, path in enumerate(cell_paths(version))}
    return tuple(
        (eq, _side([index[str(p)] for p in eq.total]), _side([index[str(p)] for p in eq.parts]))
        for eq in equations(version)
    )


def _side(places: list[int]) -> Side:
    if len(places) > 1:
        return operator.itemgetter(*places)
    (place,) = places
    return lambda values: (values[place],)


def equation_error(eq: Equation, stated: int | None, expected: int | None) -> Diagnostic | None:
    """The source diagnostic of a rule instance whose sides are ``stated`` (its
    total) and ``expected`` (its parts), if both are known and they differ."""
    if stated is None or expected is None or stated == expected:
        return None
    total_words, parts_words = RULE_WORDS[eq.rule]
    return _error(
        eq.rule,
        f"{eq.about}: {total_words} is {stated}, but {parts_words} add up to {expected}",
        tuple(str(p) for p in eq.cells),
        stated,
        expected,
    )


@functools.cache
def _v1_cells(version: TemplateVersion) -> tuple[tuple[str, ...], Side]:
    """Every cell V1 bounds below by 0 in ``version``, and its places in the
    report's :func:`cell_values`."""
    places = [
        i for i, path in enumerate(cell_paths(version)) if not may_be_negative(CellPath.of(path))
    ]
    return tuple(cell_paths(version)[i] for i in places), operator.itemgetter(*places)


def _v1(version: TemplateVersion, cells: tuple[Any, ...]) -> Iterator[Diagnostic]:
    # The constructors refuse such values; this catches objects built with
    # validators switched off, and keeps the rule in one place for readers.
    # A report has few distinct figures: their set is made in C, and looked at.
    distinct = set(cells)
    distinct.discard(None)
    if min(distinct, default=0) >= 0:
        return  # no negative cell at all: nearly every parse ends here
    paths, get = _v1_cells(version)
    for path, value in zip(paths, get(cells)):
        if isinstance(value, (int, Decimal)) and value < 0:
            yield _error("V1", f"{path} is negative ({value})", (path,), value, ">= 0")


def check(report: Report, cells: tuple[Any, ...] | None = None) -> list[Diagnostic]:
    """The cross-checks A1, A2, A3, R1 and V1 of the template on ``report``;
    ``cells``: its :func:`cell_values`, if the caller has them already."""
    values = cell_values(report) if cells is None else cells
    found = []
    for eq, total, parts in _compiled(report.template):
        stated, expected = total(values), parts(values)
        if None in stated or None in expected or sum(stated) == sum(expected):
            continue  # not checked where a cell is empty; or it holds
        error = equation_error(eq, sum(stated), sum(expected))
        if error is not None:
            found.append(error)
    return found + list(_v1(report.template, values))
