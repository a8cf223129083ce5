"""Checks across a corpus and of each report as a document.

* ``Y1`` last year's ``carried_forward`` = this year's ``carried_over``, per column, for the
  same agency (matched by normalised name);
* ``Y2`` 2021 ``in_force(t) = in_force(t-1) + issued(t) - repealed(t)``;
* ``N1`` figures stated in the narrative against the tables (:mod:`govreport.narrative`);
* document checks: ``D-PROBLEMS`` (section 五 empty or only 无), ``D-YEAR`` (the narrative
  names another reporting period), ``D-SECTIONS`` (headings missing, misnumbered or out
  of order), ``D-ALL-HANDLED`` ("all handled" while ``carried_forward`` is above 0);
* ``REPEATED`` the share of each narrative section repeated from the agency's previous
  report (a warning above 50%, where evaluators deduct points);
* ``DERIVED`` 实质公开率 and 复议纠错率, with their formulas.

All are soft: warnings (or info notes), never errors.
"""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from .api import ParseResult, from_dict
from .diagnostics import Diagnostic, Kind, Severity
from .model import Report
from .narrative import NARRATIVE, narrative_figures, period_years, says_all_handled
from .template import HEADINGS, REVIEW_GROUPS, cell_labels, get_path

__all__ = [
    "Entry",
    "Finding",
    "Heading",
    "check_corpus",
    "check_document",
    "derived_figures",
    "entries_from_store",
    "failures_from_store",
    "normalise_agency",
    "outline",
    "repetition",
]

_NUMERALS = "一二三四五六七八九十"


@attrs.frozen
class Heading:
    """A section heading found in a report's text: its numeral as written, the
    template section it names, its line and its offset (crawled pages put every
    heading on one line)."""

    number: int
    section: str
    line: int
    offset: int = 0


@attrs.frozen
class Entry:
    """One report of a corpus: where it came from, the parse, and its headings
    (``None`` when the text is not at hand, which skips ``D-SECTIONS``)."""

    source: str
    result: ParseResult
    outline: tuple[Heading, ...] | None = None

    @property
    def report(self) -> Report:
        return self.result.report


@attrs.frozen
class Finding:
    """A diagnostic about one report of the corpus."""

    source: str
    agency: str | None
    year: int | None
    diagnostic: Diagnostic


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


_TITLES = tuple((key, _squash(title.split("、", 1)[1])) for key, title in HEADINGS)
_HEADING = re.compile(
    rf"(?<![{_NUMERALS}])([{_NUMERALS}]{{1,2}})\s*[、.．]\s*(?=(\S[^\n]{{0,30}}))"
)


def _likeness(candidate: str, title: str) -> float:
    # The candidate runs on to the end of the line (one-line pages): cut it to size.
    return max(
        difflib.SequenceMatcher(None, candidate[: len(title) + extra], title).ratio()
        for extra in (0, 3)
    )


def outline(text: str) -> tuple[Heading, ...]:
    """The template section headings in ``text``, in order: for each section, the
    numbered line closest to the template's wording (the first of equals). Being on
    the same subject is not enough: a report's own sub-heading 三、主动公开工作情况
    inside section 一 is not section 二."""
    best: dict[str, tuple[float, Heading]] = {}
    for m in _HEADING.finditer(text):
        candidate = _squash(m.group(2))
        scores = [(_likeness(candidate, title), key) for key, title in _TITLES]
        score, key = max(scores)
        if score < 0.75 or (key in best and best[key][0] >= score):
            continue
        number = _NUMERALS.index(m.group(1)[-1]) + 1 + 10 * (len(m.group(1)) - 1)
        line = text.count("\n", 0, m.start()) + 1
        best[key] = (score, Heading(number, key, line, m.start()))
    return tuple(sorted((h for _, h in best.values()), key=lambda h: h.offset))


def normalise_agency(name: str | None) -> str | None:
    """An agency's name for matching across years: width, spaces and punctuation ignored."""
    if not name:
        return None
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name)) or None


def _warn(code: str, message: str, paths: Sequence[str], **kw: Any) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, Kind.SOURCE, message, tuple(paths), **kw)


def _note(code: str, message: str, paths: Sequence[str], **kw: Any) -> Diagnostic:
    return Diagnostic(code, Severity.INFO, Kind.NOTE, message, tuple(paths), **kw)


def _label(path: str, report: Report) -> str:
    return " / ".join(cell_labels(path, report.template)[1:])


# --- across years ------------------------------------------------------------


def _y1(prev: Entry, cur: Entry) -> Iterator[Diagnostic]:
    row_prev = prev.report.applications.carried_forward
    row_cur = cur.report.applications.carried_over
    for column in attrs.fields_dict(type(row_cur)):
        before, now = getattr(row_prev, column), getattr(row_cur, column)
        if before is None or now is None or before == now:
            continue
        path = f"applications.carried_over.{column}"
        yield _warn(
            "Y1",
            f"{_label(path, cur.report)}: {now}, but the {prev.report.year} report "
            f"({prev.source}) carried forward {before}",
            (path,),
            stated=now,
            expected=before,
        )


def _y2(prev: Entry, cur: Entry) -> Iterator[Diagnostic]:
    if prev.report.template != "2021" or cur.report.template != "2021":
        return
    for row in ("regulations", "normative_documents"):
        before = get_path(prev.report.active_disclosure, row).in_force
        now = get_path(cur.report.active_disclosure, row)
        if None in (before, now.issued, now.repealed, now.in_force):
            continue
        want = before + now.issued - now.repealed
        if now.in_force != want:
            path = f"active_disclosure.{row}.in_force"
            yield _warn(
                "Y2",
                f"{_label(path, cur.report)}: {now.in_force}, but {before} in force in "
                f"{prev.report.year} + {now.issued} issued - {now.repealed} repealed = {want} "
                "(a clean-up of old documents breaks this legitimately)",
                (path, f"active_disclosure.{row}.issued", f"active_disclosure.{row}.repealed"),
                stated=now.in_force,
                expected=want,
            )


_SENTENCE = re.compile(r"[^。！？；;!?\n]+")


def _sentences(text: str | None) -> list[str]:
    # Digits are masked: boilerplate copied with only this year's figures updated
    # is still a repeat.
    out = []
    for s in _SENTENCE.findall(text or ""):
        s = re.sub(r"\d+", "#", _squash(s))
        if len(s) >= 6:
            out.append(s)
    return out


def repetition(prev: Report, cur: Report) -> dict[str, float]:
    """For each narrative section of ``cur`` that has text: the share of its characters
    in sentences repeated word for word from ``prev`` (figures masked)."""
    shares: dict[str, float] = {}
    for key in NARRATIVE:
        now = _sentences(getattr(cur, key))
        if not now:
            continue
        before = set(_sentences(getattr(prev, key)))
        repeated = sum(len(s) for s in now if s in before)
        shares[key] = repeated / sum(len(s) for s in now)
    return shares


def _repeated(prev: Entry, cur: Entry) -> Iterator[Diagnostic]:
    for key, share in repetition(prev.report, cur.report).items():
        heading = cell_labels(key, cur.report.template)[0]
        msg = f"{heading}: {share:.0%} repeated from the {prev.report.year} report ({prev.source})"
        if share > 0.5:
            yield _warn("REPEATED", msg + "; evaluators deduct points above 50%", (key,))
        else:
            yield _note("REPEATED", msg, (key,))


def _by_agency(entries: Sequence[Entry]) -> dict[str, dict[int, list[Entry]]]:
    groups: dict[str, dict[int, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for e in entries:
        name = normalise_agency(e.report.agency)
        if name is not None and e.report.year is not None:
            groups[name][e.report.year].append(e)
    return groups


def _across_years(entries: Sequence[Entry]) -> Iterator[Finding]:
    for years in _by_agency(entries).values():
        for year, current in sorted(years.items()):
            for cur in current:
                for prev in years.get(year - 1, ()):
                    for d in (*_y1(prev, cur), *_y2(prev, cur), *_repeated(prev, cur)):
                        yield Finding(cur.source, cur.report.agency, year, d)


# --- one report as a document ----------------------------------------------


def _sections(found: tuple[Heading, ...]) -> Iterator[Diagnostic]:
    keys = [key for key, _ in HEADINGS]
    where = {h.section: h for h in found}
    missing = [title for key, title in HEADINGS if key not in where]
    if missing:
        yield _warn("D-SECTIONS", "section headings missing: " + "；".join(missing), ())
    for h in found:
        want = keys.index(h.section) + 1
        if h.number != want:
            yield _warn(
                "D-SECTIONS",
                f"line {h.line}: {dict(HEADINGS)[h.section]} is numbered {h.number}",
                (h.section,),
                line=h.line,
            )
    order = [keys.index(h.section) for h in found]
    if order != sorted(order):
        names = " → ".join(dict(HEADINGS)[h.section] for h in found)
        yield _warn("D-SECTIONS", f"sections out of order: {names}", ())


def check_document(entry: Entry) -> list[Diagnostic]:
    """N1 and the document checks of one report."""
    report = entry.report
    out = list(narrative_figures(report))
    problems = _squash(report.problems or "").rstrip("。.")
    if problems in ("", "无"):
        heading = cell_labels("problems")[0]
        out.append(_warn("D-PROBLEMS", f"{heading} is empty or only 无", ("problems",)))
    if report.year is not None:
        for key, line, words, years in period_years(report):
            if any(y != report.year for y in years):
                out.append(
                    _warn(
                        "D-YEAR",
                        f"{cell_labels(key)[0]}, line {line}: “{words}” names another "
                        f"reporting year than {report.year}",
                        (key,),
                    )
                )
    carried = report.applications.carried_forward.total
    if carried:
        for key, line, words in says_all_handled(report):
            out.append(
                _warn(
                    "D-ALL-HANDLED",
                    f"{cell_labels(key)[0]}, line {line}: “{words}”, but {carried} "
                    f"carried forward ({_label('applications.carried_forward.total', report)})",
                    (key, "applications.carried_forward.total"),
                )
            )
    if entry.outline is not None:
        out += _sections(entry.outline)
    out += _derived_notes(report)
    return out


# --- derived figures ---------------------------------------------------------


def _ratio(num: int | None, den: int | None) -> Decimal | None:
    if num is None or not den:
        return None
    return (Decimal(num) / Decimal(den)).quantize(Decimal("0.0001"))


def derived_figures(report: Report) -> dict[str, Decimal | None]:
    """实质公开率 = (granted + partially_granted) / outcomes.total, and 复议纠错率 =
    corrected / total of each review group (``复议纠错率.administrative_review``…);
    ``None`` where a figure is missing or the denominator is 0."""
    o = report.applications.outcomes
    granted = (
        None
        if o.granted.total is None or o.partially_granted.total is None
        else o.granted.total + o.partially_granted.total
    )
    out = {"实质公开率": _ratio(granted, o.total.total)}
    for key, _ in REVIEW_GROUPS:
        group = getattr(report.reviews, key)
        out[f"复议纠错率.{key}"] = _ratio(group.corrected, group.total)
    return out


def _derived_notes(report: Report) -> Iterator[Diagnostic]:
    figures = derived_figures(report)
    o = "applications.outcomes"
    rate = figures["实质公开率"]
    if rate is not None:
        paths = (f"{o}.granted.total", f"{o}.partially_granted.total", f"{o}.total.total")
        names = [cell_labels(p, report.template)[-2] for p in paths]
        yield _note(
            "DERIVED",
            f"实质公开率 = ({names[0]} + {names[1]}) / {names[2]} = {rate:.2%}",
            paths,
            stated=rate,
        )
    for key, _ in REVIEW_GROUPS:
        rate = figures[f"复议纠错率.{key}"]
        if rate is not None:
            group = " ".join(cell_labels(f"reviews.{key}")[1:])
            yield _note(
                "DERIVED",
                f"复议纠错率 ({group}) = 结果纠正 / 总计 = {rate:.2%}",
                (f"reviews.{key}.corrected", f"reviews.{key}.total"),
                stated=rate,
            )


# --- the corpus --------------------------------------------------------------


def check_corpus(entries: Iterable[Entry]) -> list[Finding]:
    """Every corpus and document finding, grouped by report in the entries' order."""
    entries = list(entries)
    findings: dict[str, list[Finding]] = defaultdict(list)
    for e in entries:
        for d in check_document(e):
            findings[e.source].append(Finding(e.source, e.report.agency, e.report.year, d))
    for f in _across_years(entries):
        findings[f.source].append(f)
    return [f for e in entries for f in findings.pop(e.source, [])]


def failures_from_store(path: str | Path) -> list[tuple[str, str]]:
    """(source, reason) of each file a store could not parse."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [(s, e) for s, e in db.execute("SELECT source, error FROM failures ORDER BY 1")]
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"{path} is not a govreport store: {exc}") from None
    finally:
        db.close()


def entries_from_store(path: str | Path) -> list[Entry]:
    """The parsed reports of a store written by ``govreport extract``."""
    if not Path(path).is_file():
        raise ValueError(f"{path}: no such store")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT r.id, r.source, d.report, d.outline FROM reports r"
            " JOIN documents d ON d.report_id = r.id WHERE r.status = 'ok' ORDER BY r.source"
        ).fetchall()
        diags: dict[int, list[Diagnostic]] = defaultdict(list)
        for rid, code, kind, severity, message, paths in db.execute(
            "SELECT report_id, code, kind, severity, message, paths FROM diagnostics"
        ):
            diags[rid].append(
                Diagnostic(code, Severity(severity), Kind(kind), message, json.loads(paths))
            )
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"{path} is not a govreport store: {exc}") from None
    finally:
        db.close()
    return [
        Entry(
            source,
            ParseResult(from_dict(json.loads(report)), tuple(diags[rid])),
            tuple(Heading(*h) for h in json.loads(heads)),
        )
        for rid, source, report, heads in rows
    ]
