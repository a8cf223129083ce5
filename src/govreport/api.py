"""The public entry points: ``parse``, ``read``, ``dumps``, ``check``, ``to_dict``, ``from_dict``.

``parse`` runs the stages in order, one module each: :mod:`normalise` →
:mod:`sections` → :mod:`tokens` → :mod:`tables` (the strict grammars) or, for
tables they refuse, :mod:`assemble` (recovery) → :mod:`checks`; :mod:`canonical`
is the way back.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

import attrs

from . import assemble
from .canonical import dumps, loads_sections
from .checks import check
from .diagnostics import Diagnostic, Kind, Severity
from .errors import NotAReportError, ParseError, ReaderError, excerpt
from .model import Report
from .normalise import normalise_chars, normalise_table
from .sections import Sections, split_sections
from .tables import read_clean
from .tokens import Item, TableForm, scan

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


# Markdown from OCR tools carries its tables as inline HTML.
_INLINE_TABLE = re.compile(r"<table\b", re.IGNORECASE)


def to_dict(report: Report) -> dict[str, Any]:
    """``report`` as a JSON-ready dict in the data contract (money as decimal strings)."""
    from .convert import to_dict as unstructure  # cattrs loads on first use

    return unstructure(report)


def from_dict(data: Mapping[str, Any]) -> Report:
    """The :class:`Report` of a data-contract dict; :class:`StructureError` names the
    path of the first cell that does not fit."""
    from .convert import from_dict as structure

    return structure(data)


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
    canonical = loads_sections(text)
    if canonical is None and _INLINE_TABLE.search(text):
        from .readers.html import inline_tables_to_text

        text = inline_tables_to_text(text)
        reader_grid = True
    sections = canonical or split_sections(text)
    version = sections.template
    found = _scan_tables(text, sections)
    narrative = "\n".join(
        filter(None, (sections.overview, sections.problems, sections.other_matters))
    )
    positional = canonical is not None or reader_grid
    tables: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    for key, (form, items) in found.items():
        table = read_clean(form, version, items, positional=positional)
        if table is None:
            table, d = assemble.recover(
                form,
                items,
                version,
                narrative=normalise_chars(narrative),
                exact=canonical is not None,
                reader_grid=reader_grid,
            )
            diags += d
        tables[key] = table
    empty = Report.empty(version)
    for key in TABLE_KEYS:
        if key not in found:
            tables[key] = getattr(empty, key)
            diags.append(
                Diagnostic(
                    code="U-NO-SECTION",
                    severity=Severity.WARNING,
                    kind=Kind.UNSETTLED,
                    message=f"section {key} not found; its cells are empty",
                    paths=(key,),
                )
            )
    active, applications, reviews = (tables[k] for k in TABLE_KEYS)
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


TABLE_KEYS = ("active_disclosure", "applications", "reviews")


def _scan_tables(text: str, sections: Sections) -> dict[str, tuple[TableForm, list[Item]]]:
    """Each table section found, as its form's tokens grouped into items."""
    forms: dict[str, TableForm] = {
        "active_disclosure": "active_2021" if sections.template == "2021" else "active_2019",
        "applications": "applications",
        "reviews": "reviews",
    }
    found: dict[str, tuple[TableForm, list[Item]]] = {}
    for key, form in forms.items():
        raw = getattr(sections, key)
        if raw:
            first_line = _line_of(text, sections.starts.get(key, 0))
            found[key] = (form, scan(form, normalise_table(raw), first_line=first_line))
    if not any(
        item.labels or item.kind == "header" for _, items in found.values() for item in items
    ):
        raise NotAReportError(
            "no table of the national template found (section 二, 三 or 四)",
            line=1,
            col=1,
            excerpt=excerpt(text, 1, 1),
        )
    return found


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
