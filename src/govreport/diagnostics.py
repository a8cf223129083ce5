"""Diagnostics: what parsing noticed and what the cross-checks found.

Three kinds are kept apart so that a reader can tell "the report is wrong" from
"we could not read it":

* ``Kind.SOURCE``: the report's own stated numbers break a rule (kept as stated);
* ``Kind.RECOVERED``: the parser rebuilt, split or dropped a cell by arithmetic;
* ``Kind.UNSETTLED``: the parser could not settle a cell and left it ``None``;
* ``Kind.NOTE``: anything else worth knowing (a unit converted, text ignored).
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

__all__ = ["Diagnostic", "Kind", "Severity"]


class Severity(str, enum.Enum):
    """How much a diagnostic matters; ``govreport check`` exits 1 on ``ERROR``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Kind(str, enum.Enum):
    """Who is at fault: the source, or the reading of it."""

    SOURCE = "source"
    RECOVERED = "recovered"
    UNSETTLED = "unsettled"
    NOTE = "note"


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class Diagnostic:
    """One finding, naming the cells it concerns.

    ``paths`` are dotted paths into the data contract, e.g.
    ``applications.outcomes.total.natural_person``. ``stated`` is what the report
    says (or what was read), ``expected`` what the rule wants, when those apply.
    ``candidates`` lists the readings that fit when a cell could not be settled.
    """

    code: str
    severity: Severity
    kind: Kind
    message: str
    paths: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    stated: Any = None
    expected: Any = None
    candidates: tuple[Any, ...] = attrs.field(default=(), converter=_tuple)
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (Decimals as strings)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "kind": self.kind.value,
            "message": self.message,
            "paths": list(self.paths),
            "stated": _plain(self.stated),
            "expected": _plain(self.expected),
            "candidates": [_plain(c) for c in self.candidates],
            "line": self.line,
        }

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{self.severity.value} {self.code}: {where}{self.message}"


def _plain(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


#: Every diagnostic code the parser emits: its kind, its severity, what it means.
#: The cross-checks' codes are the rule ids (A1, A2, A3, R1, V1), all ``source``
#: errors.
CODES: dict[str, tuple[Kind, Severity, str]] = {
    "R-REBUILT": (Kind.RECOVERED, Severity.INFO, "cells rebuilt: the rules admit one reading"),
    "R-PARTLY-REBUILT": (
        Kind.RECOVERED,
        Severity.INFO,
        "some cells of a row rebuilt; the rest left open",
    ),
    "R-NARRATIVE": (Kind.RECOVERED, Severity.INFO, "a run split by figures the narrative states"),
    "R-JOINED": (Kind.RECOVERED, Severity.INFO, "figures on the next line read as the row's"),
    "R-PLACED": (Kind.RECOVERED, Severity.INFO, "rows without a label placed by template order"),
    "R-STRAY": (Kind.RECOVERED, Severity.INFO, "a lone figure amid the rows read as not a cell"),
    "U-AMBIGUOUS": (Kind.UNSETTLED, Severity.WARNING, "several readings fit: cells left empty"),
    "U-UNREADABLE": (Kind.UNSETTLED, Severity.WARNING, "cells that could not be read"),
    "U-TOO-LONG": (Kind.UNSETTLED, Severity.WARNING, "a row with too many readings to weigh"),
    "U-UNPLACED": (Kind.UNSETTLED, Severity.WARNING, "rows without a label that fit nowhere"),
    "U-DUPLICATE": (Kind.UNSETTLED, Severity.WARNING, "a row stated twice: the first is kept"),
    "U-MISSING-ROW": (Kind.UNSETTLED, Severity.WARNING, "template rows not found in a table"),
    "U-STRAY": (Kind.UNSETTLED, Severity.WARNING, "figures on a line of their own, not read"),
    "U-NO-TABLE": (Kind.UNSETTLED, Severity.WARNING, "a table section with no figures"),
    "U-NO-SECTION": (Kind.UNSETTLED, Severity.WARNING, "a table section not found"),
    "N-UNIT": (Kind.NOTE, Severity.INFO, "a cell's own unit converted to the field's"),
    "N-EXTRA-CELLS": (Kind.NOTE, Severity.INFO, "cells beyond a one-value row ignored"),
}


def diagnostic(code: str, message: str, **fields: Any) -> Diagnostic:
    """A diagnostic of a registered ``code``, with its kind and severity from :data:`CODES`."""
    kind, severity, _ = CODES[code]
    return Diagnostic(code=code, severity=severity, kind=kind, message=message, **fields)
