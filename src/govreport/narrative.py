"""Figures and claims stated in a report's narrative (sections 一, 五, 六).

The narrative is read one clause at a time (between ，。；), and a figure counts only
when the clause says what it is about: 政府信息公开申请, 行政复议 or 行政诉讼 *about
information disclosure*, 上年结转, 结转下年度. A clause about filing (备案) or
anything else is never read: counts of documents filed for the record (备案审查N件)
or of an agency's reviews in general (办理行政复议案件N件) are not the tables' figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import attrs

from .diagnostics import Diagnostic, Kind, Severity
from .model import Report
from .template import cell_labels, get_path

__all__ = ["NARRATIVE", "Claim", "claims", "narrative_figures", "period_years", "says_all_handled"]

#: The narrative sections of a report, in template order.
NARRATIVE: tuple[str, ...] = ("overview", "problems", "other_matters")

_CLAUSE = re.compile(r"[^，。；,;\n]+")
# Clauses about these are never about the tables' figures.
_ELSEWHERE = re.compile(r"备案|审查|决定书|规范性文件")
# Characters a rule may skip between its key words: never a digit, and never a
# word that turns the figure into one about something else.
_GAP = r"(?:(?!复议|诉讼|备案|结转)[^\d，。；,;]){0,%d}"
_NUM = r"\s*(\d+)\s*(?:件|个|宗|起|份|条)"


def _sum(*paths: str, or_first: bool = False) -> Callable[[Report], set[int]]:
    """The readings of a figure: the sum of the cells (or the first cell alone, when
    ``or_first``); none when a cell is not stated, so that nothing is compared."""

    def accept(report: Report) -> set[int]:
        values = [get_path(report, p) for p in paths]
        if any(v is None for v in values):
            return set()
        total: int = sum(values)
        return {total, values[0]} if or_first else {total}

    return accept


@attrs.frozen
class _Rule:
    name: str
    pattern: re.Pattern[str]
    paths: tuple[str, ...]  # the cells compared; the first is the one named
    accept: Callable[[Report], set[int]]


_AP = "applications."
_RULES: tuple[_Rule, ...] = (
    _Rule(
        "applications received",
        re.compile(
            rf"(?:收到|受理|接收|新收){_GAP % 8}政府信息公开{_GAP % 6}申请(?:共|合计)?{_NUM}"
        ),
        (f"{_AP}new_received.total", f"{_AP}carried_over.total"),
        # 共受理…申请N件 sometimes counts last year's carry-over in (含上年结转M件).
        _sum(f"{_AP}new_received.total", f"{_AP}carried_over.total", or_first=True),
    ),
    _Rule(
        "carried over",
        re.compile(rf"上一?年度?结转{_GAP % 10}{_NUM}"),
        (f"{_AP}carried_over.total",),
        _sum(f"{_AP}carried_over.total"),
    ),
    _Rule(
        "carried forward",
        re.compile(rf"结转(?:至|到)?下一?年度?(?:继续办理)?{_GAP % 4}{_NUM}"),
        (f"{_AP}carried_forward.total",),
        _sum(f"{_AP}carried_forward.total"),
    ),
    _Rule(
        "granted",
        # 部分公开 and 不予公开 are other rows; 主动公开 counts documents, not requests.
        re.compile(rf"(?<![部分不主动])予以公开{_NUM}"),
        (f"{_AP}outcomes.granted.total",),
        _sum(f"{_AP}outcomes.granted.total"),
    ),
    _Rule(
        "partially granted",
        re.compile(rf"部分公开{_NUM}"),
        (f"{_AP}outcomes.partially_granted.total",),
        _sum(f"{_AP}outcomes.partially_granted.total"),
    ),
    _Rule(
        "administrative reviews",
        re.compile(rf"信息公开{_GAP % 12}行政复议(?:案件|申请)?{_NUM}"),
        ("reviews.administrative_review.total",),
        _sum("reviews.administrative_review.total"),
    ),
    _Rule(
        "lawsuits",
        re.compile(rf"信息公开{_GAP % 12}行政诉讼(?:案件)?{_NUM}"),
        ("reviews.litigation_direct.total", "reviews.litigation_after_review.total"),
        _sum("reviews.litigation_direct.total", "reviews.litigation_after_review.total"),
    ),
)


@attrs.frozen
class Claim:
    """A figure the narrative states: where, the words, the figure, the rule."""

    section: str
    line: int
    words: str
    figure: int
    rule: str
    paths: tuple[str, ...]


def _clauses(report: Report) -> Iterator[tuple[str, int, str]]:
    for key in NARRATIVE:
        for n, line in enumerate((getattr(report, key) or "").splitlines(), 1):
            for m in _CLAUSE.finditer(line):
                yield key, n, m.group().strip()


def claims(report: Report) -> Iterator[Claim]:
    """Every figure of the narrative that a rule reads, with its place."""
    for key, line, clause in _clauses(report):
        if _ELSEWHERE.search(clause):
            continue
        for rule in _RULES:
            for m in rule.pattern.finditer(clause):
                yield Claim(key, line, m.group().strip(), int(m.group(1)), rule.name, rule.paths)


def narrative_figures(report: Report) -> Iterator[Diagnostic]:
    """N1: each narrative figure that no reading of its table cells gives."""
    rules = {r.name: r for r in _RULES}
    for c in claims(report):
        readings = rules[c.rule].accept(report)
        if not readings or c.figure in readings:
            continue
        heading = cell_labels(c.section)[0]
        named = " + ".join(" / ".join(cell_labels(p, report.template)[1:]) for p in c.paths[:2])
        yield Diagnostic(
            "N1",
            Severity.WARNING,
            Kind.SOURCE,
            f"{heading}, line {c.line}: “{c.words}” states {c.figure}, but the table "
            f"gives {' or '.join(map(str, sorted(readings)))} ({named})",
            (c.section, *c.paths),
            stated=c.figure,
            expected=min(readings),
            line=c.line,
        )


# The sentences that state the reporting period, not any year named in passing
# (plans for next year, history).
_PERIOD = re.compile(
    r"(\d{4})\s*年\s*1\s*月\s*1\s*日(?:起)?\s*(?:至|到|-|—)\s*(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日"
    r"|(\d{4})\s*年度?(?:本机关|本单位|我局|我委|我办|本部门)?政府信息公开工作年度报告"
)


def period_years(report: Report) -> Iterator[tuple[str, int, str, tuple[int, ...]]]:
    """(section, line, words, years) of each statement of the reporting period."""
    for key in NARRATIVE:
        for n, line in enumerate((getattr(report, key) or "").splitlines(), 1):
            for m in _PERIOD.finditer(line):
                years = tuple(int(y) for y in m.groups() if y)
                yield key, n, m.group(), years


_ALL_HANDLED = re.compile(
    r"(?:全部|均已|均|已全部|全都)(?:按时|依法|按期|在法定期限内)?(?:办结|办理完毕|答复完毕)"
)


def says_all_handled(report: Report) -> Iterator[tuple[str, int, str]]:
    """(section, line, clause) of each "all requests handled" claim about this year."""
    for key, line, clause in _clauses(report):
        # "last year's carried-over requests were all handled" is another claim.
        if "上年" in clause:
            continue
        m = _ALL_HANDLED.search(clause)
        if m:
            yield key, line, clause
