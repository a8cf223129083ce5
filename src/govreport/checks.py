"""Stage 5: the template's cross-checks (勾稽关系) as diagnostics.

The rules themselves are data (:mod:`govreport.rules`); this module evaluates
them. Each finding is a ``Kind.SOURCE`` diagnostic of ``error`` severity: the
report's own figures disagree. A rule is checked only where every cell it needs
is stated.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from .diagnostics import Diagnostic, Kind, Severity
from .model import Report
from .paths import CellPath
from .rules import RULE_WORDS, Equation, equations, may_be_negative

__all__ = ["check"]


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


def _sum(report: Report, paths: tuple[CellPath, ...]) -> int | None:
    total = 0
    for path in paths:
        value = path.get(report)
        if value is None:
            return None
        total += value
    return total


def _equation(report: Report, eq: Equation) -> Diagnostic | None:
    stated = _sum(report, eq.total)
    expected = _sum(report, eq.parts)
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


def _v1(report: Report) -> Iterator[Diagnostic]:
    # The constructors refuse such values; this catches objects built with
    # validators switched off, and keeps the rule in one place for readers.
    for section in ("active_disclosure", "applications", "reviews"):
        for path, value in _walk(getattr(report, section), CellPath((section,))):
            if isinstance(value, (int, Decimal)) and value < 0 and not may_be_negative(path):
                yield _error("V1", f"{path} is negative ({value})", (str(path),), value, ">= 0")


def check(report: Report) -> list[Diagnostic]:
    """The cross-checks A1, A2, A3, R1 and V1 of the template on ``report``."""
    found = [_equation(report, eq) for eq in equations(report.template)]
    return [d for d in found if d is not None] + list(_v1(report))
