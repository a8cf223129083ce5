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

import attrs

from .diagnostics import Diagnostic, Kind, Severity
from .model import Report, TemplateVersion
from .paths import CellPath
from .rules import RULE_WORDS, Equation, equations, may_be_negative

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


Getter = Callable[[Report], Any]


@functools.cache
def _compiled(version: TemplateVersion) -> tuple[tuple[Equation, Getter, Getter], ...]:
    """Each rule instance with one getter for its total side and one for its parts."""
    return tuple((eq, _getter(eq.total), _getter(eq.parts)) for eq in equations(version))


def _getter(paths: tuple[CellPath, ...]) -> Getter:
    return operator.attrgetter(*(str(p) for p in paths)) if len(paths) > 1 else _one(paths[0])


def _one(path: CellPath) -> Getter:
    get = operator.attrgetter(str(path))
    return lambda report: (get(report),)


def _sum(values: tuple[Any, ...]) -> int | None:
    return None if None in values else sum(values)


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


def _walk(obj: Any, path: CellPath) -> Iterator[tuple[CellPath, object]]:
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        sub = path.child(field.name)
        if attrs.has(type(value)):
            yield from _walk(value, sub)
        else:
            yield sub, value


@functools.cache
def _v1_cells(version: TemplateVersion) -> tuple[tuple[CellPath, ...], Getter]:
    """Every cell V1 bounds below by 0 in ``version``, and one getter for them all."""
    report = Report.empty(version)
    paths = tuple(
        path
        for section in ("active_disclosure", "applications", "reviews")
        for path, _ in _walk(getattr(report, section), CellPath((section,)))
        if path.name != "amount_unit" and not may_be_negative(path)
    )
    return paths, operator.attrgetter(*(str(p) for p in paths))


#: Whether a cell is stated (not ``None``), as a C function.
_STATED = functools.partial(operator.is_not, None)


def _v1(report: Report) -> Iterator[Diagnostic]:
    # The constructors refuse such values; this catches objects built with
    # validators switched off, and keeps the rule in one place for readers.
    paths, get = _v1_cells(report.template)
    values = get(report)
    if min(filter(_STATED, values), default=0) >= 0:
        return  # no negative cell (a test in C: it runs on every parse)
    for path, value in zip(paths, values):
        if isinstance(value, (int, Decimal)) and value < 0:
            yield _error("V1", f"{path} is negative ({value})", (str(path),), value, ">= 0")


def check(report: Report) -> list[Diagnostic]:
    """The cross-checks A1, A2, A3, R1 and V1 of the template on ``report``."""
    found = [
        equation_error(eq, _sum(total(report)), _sum(parts(report)))
        for eq, total, parts in _compiled(report.template)
    ]
    return [d for d in found if d is not None] + list(_v1(report))
