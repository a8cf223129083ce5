"""The template's cross-checks (勾稽关系) as data, written once.

A1, A2, A3 and R1 are linear equations over cell paths: the cells of ``total`` add
up to the cells of ``parts``. :mod:`govreport.checks` evaluates them on a report,
:mod:`govreport.recover` solves them for cells lost in extraction, and
:func:`govreport.strategies.reports` draws reports that satisfy them. V1 (signs)
is declared here too: only 2019's 本年增/减 (``change``) may be negative.
"""

from __future__ import annotations

import functools
from typing import Literal, NamedTuple

from .model import APPLICANT_COLUMNS, REVIEW_COLUMNS, TemplateVersion
from .paths import CellPath
from .template import REVIEW_GROUPS, application_rows, outcome_leaves

__all__ = [
    "RULE_WORDS",
    "SIGNED_FIELDS",
    "Equation",
    "RuleId",
    "equations",
    "may_be_negative",
]

RuleId = Literal["A1", "A2", "A3", "R1"]

#: How each rule's two sides read in a message: (the total side, the parts side).
RULE_WORDS: dict[RuleId, tuple[str, str]] = {
    "A1": ("（七）总计 + 四 结转下年度", "一 本年新收 + 二 上年结转"),
    "A2": ("总计", "the six applicant columns"),
    "A3": ("（七）总计", "the outcome rows"),
    "R1": ("总计", "结果维持 + 结果纠正 + 其他结果 + 尚未审结"),
}

#: V1: the fields that may be negative (2019 本年增/减); every other count and
#: amount is non-negative.
SIGNED_FIELDS = frozenset({"change"})


def may_be_negative(path: CellPath) -> bool:
    """Whether V1 allows the cell at ``path`` to be negative."""
    return path.name in SIGNED_FIELDS


class Equation(NamedTuple):
    """``sum(total) == sum(parts)``: one instance of a rule, e.g. A2 on one row."""

    rule: RuleId
    #: What the instance is about, for messages: a column or a row.
    about: str
    total: tuple[CellPath, ...]
    parts: tuple[CellPath, ...]

    @property
    def cells(self) -> tuple[CellPath, ...]:
        return self.total + self.parts


_APPS = CellPath(("applications",))


def _a1() -> list[Equation]:
    rows = {k: _APPS.child(*k.split(".")) for k in ("new_received", "carried_over")}
    out_rows = [_APPS.child("outcomes", "total"), _APPS.child("carried_forward")]
    return [
        Equation(
            "A1",
            f"column {c}",
            tuple(r.child(c) for r in out_rows),
            tuple(r.child(c) for r in rows.values()),
        )
        for c in APPLICANT_COLUMNS
    ]


def _a2(version: TemplateVersion) -> list[Equation]:
    out = []
    for spec in application_rows(version):
        row = CellPath.of(spec.path)
        parts = tuple(row.child(c) for c in APPLICANT_COLUMNS[:-1])
        out.append(Equation("A2", spec.path, (row.child("total"),), parts))
    return out


def _a3(version: TemplateVersion) -> list[Equation]:
    leaves = [CellPath.of(r.path) for r in outcome_leaves(version)]
    total = _APPS.child("outcomes", "total")
    return [
        Equation("A3", f"column {c}", (total.child(c),), tuple(r.child(c) for r in leaves))
        for c in APPLICANT_COLUMNS
    ]


def _r1() -> list[Equation]:
    out = []
    for key, label in REVIEW_GROUPS:
        group = CellPath(("reviews", key))
        parts = tuple(group.child(c) for c in REVIEW_COLUMNS[:-1])
        out.append(Equation("R1", f"reviews.{key} ({label})", (group.child("total"),), parts))
    return out


@functools.cache
def equations(version: TemplateVersion) -> tuple[Equation, ...]:
    """Every instance of A1, A2, A3 and R1 in ``version``'s template."""
    return (*_a1(), *_a2(version), *_a3(version), *_r1())
