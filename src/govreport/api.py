"""The public entry points: ``parse``, ``read``, ``dumps``, ``check``, ``to_dict``, ``from_dict``.

``parse`` runs the stages in order, one module each: :mod:`normalise` →
:mod:`sections` → :mod:`tables` (the grammars) → :mod:`build` → :mod:`checks`;
:mod:`render` is the way back.
"""

from __future__ import annotations

import os
import re
from typing import Any

import attrs

from .build import assemble_active, assemble_applications, assemble_reviews
from .checks import check
from .convert import from_dict, to_dict
from .diagnostics import Diagnostic, Kind, Severity
from .errors import NotAReportError, ParseError, ReaderError, excerpt
from .model import Report, TemplateVersion
from .normalise import normalise_chars, normalise_table
from .render import HEADINGS, TITLE_SUFFIX, dumps
from .sections import Sections, split_sections
from .tokens import scan

__all__ = ["ParseResult", "check", "dumps", "from_dict", "parse", "read", "to_dict"]


@attrs.frozen
class ParseResult:
    """What :func:`parse` returns: the report, and every diagnostic about it
    (what parsing noticed, then what the cross-checks found)."""

    report: Report
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)


_CANON_TITLE = re.compile(rf"\A# (?P<agency>[^\n]*?)(?:(?P<year>\d{{4}})年)?{TITLE_SUFFIX}\n")
_CANON_HEADINGS = [f"\n## {h}\n" for _, h in HEADINGS]
# Markdown from OCR tools carries its tables as inline HTML.
_INLINE_TABLE = re.compile(r"<table\b", re.IGNORECASE)
_FENCE = re.compile(r"\A(`{3,})text\n(?P<body>.*)\n\1\Z", re.S)


def _canonical(text: str) -> Sections | None:
    """Split the canonical form exactly (narrative may hold anything)."""
    m = _CANON_TITLE.match(text)
    if not m:
        return None
    bodies: dict[str, str] = {}
    pos = m.end() - 1
    for i, (key, _) in enumerate(HEADINGS):
        start = text.find(_CANON_HEADINGS[i], max(0, pos - 1))
        if start < 0:
            return None
        begin = start + len(_CANON_HEADINGS[i])
        if i + 1 < len(HEADINGS):
            # The next heading is the first one outside this body's fence.
            body_end = _next_heading(text, begin, _CANON_HEADINGS[i + 1])
            if body_end < 0:
                return None
        else:
            body_end = len(text) - 1 if text.endswith("\n") else len(text)
        bodies[key] = text[begin:body_end]
        pos = body_end
    narrative: dict[str, str | None] = {}
    for key in ("overview", "problems", "other_matters"):
        body = bodies[key]
        if not body.strip():
            narrative[key] = None
            continue
        fm = _FENCE.match(body.strip("\n"))
        if not fm:
            return None
        narrative[key] = fm.group("body")
    tables = bodies["active_disclosure"] + bodies["applications"]
    version: TemplateVersion = "2019" if "本年新制作数量" in tables else "2021"
    year = m.group("year")
    return Sections(
        text=text,
        template=version,
        agency=m.group("agency") or None,
        year=int(year) if year else None,
        overview=narrative["overview"],
        active_disclosure=bodies["active_disclosure"],
        applications=bodies["applications"],
        reviews=bodies["reviews"],
        problems=narrative["problems"],
        other_matters=narrative["other_matters"],
        starts={k: text.find(b) for k, b in bodies.items()},
        found=frozenset(bodies),
    )


def _next_heading(text: str, begin: int, heading: str) -> int:
    pos = begin
    body = text[begin:]
    fence = re.match(r"\n?(`{3,})text\n", body)
    if fence:
        close = text.find(f"\n{fence.group(1)}\n", begin + fence.end())
        if close < 0:
            return -1
        pos = close + len(fence.group(1)) + 1
    return text.find(heading, max(begin, pos) - 1)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(0, offset)) + 1


def parse(text: str) -> ParseResult:
    """Parse a report's text into a :class:`ParseResult`.

    The text may be in any layout real reports arrive in (tab-separated, one
    cell per line, Markdown tables, cells run together on one line), or the
    canonical form :func:`dumps` writes. Raises :class:`ParseError` (a
    ``ValueError``) with line, column and an excerpt when the text is not a report.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() needs a str, not {type(text).__name__}; use read() for files")
    return _parse(text, reader_grid=False)


def _parse(text: str, *, reader_grid: bool) -> ParseResult:
    """:func:`parse`; ``reader_grid`` says the tables come from a real grid
    (HTML or DOCX), so that blank edge cells can be read by position."""
    canonical = _canonical(text)
    if canonical is None and _INLINE_TABLE.search(text):
        from .readers.html import inline_tables_to_text

        text = inline_tables_to_text(text)
        reader_grid = True
    sections = canonical or split_sections(text)
    diags: list[Diagnostic] = []
    version = sections.template
    parsed: dict[str, Any] = {}
    for key, form in (
        ("active_disclosure", f"active_{version}"),
        ("applications", "applications"),
        ("reviews", "reviews"),
    ):
        raw = getattr(sections, key)
        if not raw:
            continue
        first_line = _line_of(text, sections.starts.get(key, 0))
        table = normalise_table(raw)
        items = scan(form, table, first_line=first_line)  # type: ignore[arg-type]
        parsed[key] = (items, table)
    if not parsed or not any(
        item.labels or item.kind == "header" for items, _ in parsed.values() for item in items
    ):
        raise NotAReportError(
            "no table of the national template found (section 二, 三 or 四)",
            line=1,
            col=1,
            excerpt=excerpt(text, 1, 1),
        )
    narrative = "\n".join(
        filter(None, (sections.overview, sections.problems, sections.other_matters))
    )
    empty = Report.empty(version)
    active, applications, reviews = empty.active_disclosure, empty.applications, empty.reviews
    if "active_disclosure" in parsed:
        items, table = parsed["active_disclosure"]
        active, d = assemble_active(items, version, table, normalise_chars(narrative))
        diags += d
    if "applications" in parsed:
        items, table = parsed["applications"]
        applications, d = assemble_applications(
            items, version, table, exact=canonical is not None, reader_grid=reader_grid
        )
        diags += d
    if "reviews" in parsed:
        items, table = parsed["reviews"]
        reviews, d = assemble_reviews(items, table)
        diags += d
    for key in ("active_disclosure", "applications", "reviews"):
        if key not in parsed:
            diags.append(
                Diagnostic(
                    code="U-NO-SECTION",
                    severity=Severity.WARNING,
                    kind=Kind.UNSETTLED,
                    message=f"section {key} not found; its cells are empty",
                    paths=(key,),
                )
            )
    report = Report(
        template=version,
        agency=sections.agency,
        year=sections.year,
        overview=sections.overview,
        active_disclosure=active,
        applications=applications,
        reviews=reviews,
        problems=sections.problems,
        other_matters=sections.other_matters,
    )
    return ParseResult(report, tuple(diags) + tuple(check(report)))


def read(path: str | os.PathLike[str]) -> ParseResult:
    """Read a report file (text, HTML, PDF or DOCX) and parse it.

    The reader is chosen from the file's content, then its extension. Text may be
    UTF-8 (with or without BOM), GB18030/GBK or UTF-16.
    """
    from .readers import sniff, to_text

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ReaderError(f"cannot read {os.fspath(path)}: {exc.strerror or exc}") from None
    kind = sniff(data, os.fspath(path))
    text = to_text(data, kind=kind)
    try:
        return _parse(text, reader_grid=kind in ("html", "docx"))
    except ParseError as exc:
        exc.source = os.fspath(path)
        raise
