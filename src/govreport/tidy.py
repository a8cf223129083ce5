"""A report and its diagnostics as tidy cells: one row per cell of the data contract.

Every store, export and DataFrame of a corpus is built from these rows, so that a
cell reads the same whichever way it leaves the library:

* ``path`` is the contract's dotted path (``applications.outcomes.total.natural_person``);
* ``value`` is the figure as text (``"12"``, ``"1332.99"``) or ``None`` when not stated;
* ``status`` says how the figure was obtained (:class:`CellStatus`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from .api import ParseResult, to_dict
from .diagnostics import Diagnostic, Kind
from .model import TemplateVersion
from .template import cell_labels

__all__ = ["TABLES", "Cell", "CellStatus", "cell_status", "cells", "label_parts", "leaves"]

#: The report keys that hold the template's three tables.
TABLES: tuple[str, ...] = ("active_disclosure", "applications", "reviews")


class CellStatus(str, enum.Enum):
    """How a cell's figure was obtained."""

    STATED = "stated"  # read as the report states it
    RECOVERED = "recovered"  # rebuilt, split or placed by the template's arithmetic
    UNSETTLED = "unsettled"  # the parser could not settle it (the value is None)


@attrs.frozen
class Cell:
    """One cell of the contract, as text."""

    path: str
    value: str | None
    status: CellStatus


def leaves(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """The leaf values of a nested contract dict, with their dotted paths, in order."""
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            yield from leaves(value, path)
        else:
            yield path, value


def _prefixes(path: str) -> Iterator[str]:
    # A diagnostic may name a cell, a row or a whole table: the cell and each of these.
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        yield ".".join(parts[:i])


def _named(diagnostics: Iterable[Diagnostic], kind: Kind) -> frozenset[str]:
    return frozenset(p for d in diagnostics if d.kind is kind for p in d.paths)


def cell_status(path: str, diagnostics: Iterable[Diagnostic]) -> CellStatus:
    """``unsettled`` if an unsettled diagnostic names the cell (or its row or table),
    else ``recovered`` if a recovered one does, else ``stated``."""
    diagnostics = tuple(diagnostics)
    return _status(path, _named(diagnostics, Kind.UNSETTLED), _named(diagnostics, Kind.RECOVERED))


def _status(path: str, unsettled: frozenset[str], recovered: frozenset[str]) -> CellStatus:
    prefixes = set(_prefixes(path))
    if prefixes & unsettled:
        return CellStatus.UNSETTLED
    if prefixes & recovered:
        return CellStatus.RECOVERED
    return CellStatus.STATED


def _text(value: Any) -> str | None:
    # to_dict already writes money as decimal strings; counts become their digits.
    if value is None:
        return None
    return str(value)


def cells(result: ParseResult) -> tuple[Cell, ...]:
    """Every cell of the report's three tables, in contract order."""
    data = to_dict(result.report)
    unsettled = _named(result.diagnostics, Kind.UNSETTLED)
    recovered = _named(result.diagnostics, Kind.RECOVERED)
    out: list[Cell] = []
    for table in TABLES:
        for path, value in leaves(data[table], table):
            out.append(Cell(path, _text(value), _status(path, unsettled, recovered)))
    return tuple(out)


def label_parts(path: str, version: TemplateVersion) -> tuple[str, str, str]:
    """The template's Chinese labels of a cell as (section, row, column).

    The column labels are what the cell adds to its row's labels; a single-value
    row of section 二 (2021 行政许可) keeps its one column header as the column.
    """
    labels = cell_labels(path, version)
    if not labels:
        return ("", "", "")
    parent = path.rsplit(".", 1)[0]
    if "." in parent:
        row = cell_labels(parent, version)
        column = labels[len(row) :]
        row_labels = row[1:]
    else:
        row_labels, column = labels[1:-1], labels[-1:]
    return (labels[0], " ".join(row_labels), " ".join(column))
