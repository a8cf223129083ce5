"""Stage 5: the template's cross-checks (勾稽关系) as diagnostics.

Each finding is a ``Kind.SOURCE`` diagnostic of ``error`` severity: the report's
own figures disagree. A rule is checked only where every cell it needs is stated.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from .diagnostics import Diagnostic, Kind, Severity
from .model import ApplicantRow, Report, ReviewGroup
from .template import (
    APPLICANT_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    application_rows,
    get_path,
    outcome_leaves,
)

__all__ = ["check"]


def _error(
    code: str, message: str, paths: list[str], stated: object, expected: object
) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=Severity.ERROR,
        kind=Kind.SOURCE,
        message=message,
        paths=tuple(paths),
        stated=stated,
        expected=expected,
    )


def _a1(report: Report) -> Iterator[Diagnostic]:
    apps = report.applications
    for c in APPLICANT_COLUMNS:
        cells = {
            "new_received": getattr(apps.new_received, c),
            "carried_over": getattr(apps.carried_over, c),
            "outcomes.total": getattr(apps.outcomes.total, c),
            "carried_forward": getattr(apps.carried_forward, c),
        }
        if any(v is None for v in cells.values()):
            continue
        left = cells["new_received"] + cells["carried_over"]
        right = cells["outcomes.total"] + cells["carried_forward"]
        if left != right:
            yield _error(
                "A1",
                f"column {c}: 一 本年新收 + 二 上年结转 = {left}, but "
                f"（七）总计 + 四 结转下年度 = {right}",
                [f"applications.{k}.{c}" for k in cells],
                right,
                left,
            )


def _a2(report: Report) -> Iterator[Diagnostic]:
    for spec in application_rows(report.template):
        row: ApplicantRow = get_path(report.applications, spec.key)
        parts = [getattr(row, c) for c in APPLICANT_COLUMNS[:-1]]
        if row.total is None or any(p is None for p in parts):
            continue
        expected = sum(p for p in parts if p is not None)
        if row.total != expected:
            yield _error(
                "A2",
                f"{spec.path}: 总计 is {row.total}, but the six applicant columns add up "
                f"to {expected}",
                [f"{spec.path}.{c}" for c in APPLICANT_COLUMNS],
                row.total,
                expected,
            )


def _a3(report: Report) -> Iterator[Diagnostic]:
    leaves = outcome_leaves(report.template)
    total = report.applications.outcomes.total
    for c in APPLICANT_COLUMNS:
        values = [getattr(get_path(report.applications, r.key), c) for r in leaves]
        stated = getattr(total, c)
        if stated is None or any(v is None for v in values):
            continue
        expected = sum(values)
        if stated != expected:
            yield _error(
                "A3",
                f"column {c}: （七）总计 is {stated}, but the outcome rows add up to {expected}",
                [f"applications.outcomes.total.{c}"] + [f"{r.path}.{c}" for r in leaves],
                stated,
                expected,
            )


def _r1(report: Report) -> Iterator[Diagnostic]:
    for key, label in REVIEW_GROUPS:
        group: ReviewGroup = getattr(report.reviews, key)
        parts = [group.upheld, group.corrected, group.other, group.pending]
        if group.total is None or any(p is None for p in parts):
            continue
        expected = sum(parts)  # type: ignore[arg-type]
        if group.total != expected:
            yield _error(
                "R1",
                f"reviews.{key} ({label}): 总计 is {group.total}, but 结果维持 + 结果纠正 + "
                f"其他结果 + 尚未审结 = {expected}",
                [f"reviews.{key}.{c}" for c in REVIEW_COLUMNS],
                group.total,
                expected,
            )


def _walk(obj: Any, path: str) -> Iterator[tuple[str, str, object]]:
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        sub = f"{path}.{field.name}" if path else field.name
        if attrs.has(type(value)):
            yield from _walk(value, sub)
        else:
            yield sub, field.name, value


def _v1(report: Report) -> Iterator[Diagnostic]:
    # The constructors refuse such values; this catches objects built with
    # validators switched off, and keeps the rule in one place for readers.
    for section in ("active_disclosure", "applications", "reviews"):
        for path, name, value in _walk(getattr(report, section), section):
            if name == "change" or value is None or isinstance(value, str):
                continue
            if isinstance(value, (int, Decimal)) and value < 0:
                yield _error("V1", f"{path} is negative ({value})", [path], value, ">= 0")


def check(report: Report) -> list[Diagnostic]:
    """The cross-checks A1, A2, A3, R1 and V1 of TEMPLATE.md on ``report``."""
    return [*_a1(report), *_a2(report), *_a3(report), *_r1(report), *_v1(report)]
