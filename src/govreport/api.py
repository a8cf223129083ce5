"""The public entry points: ``parse``, ``read``, ``dumps``, ``check``, ``to_dict``, ``from_dict``.

``parse`` runs the stages in order, one module each: :mod:`normalise` →
:mod:`sections` → :mod:`tables` (the grammars) → :mod:`build` → :mod:`checks`;
:mod:`render` is the way back.
"""

from __future__ import annotations

import io
import os
import re
from typing import IO, Any, Union

import attrs

from .build import assemble_active, assemble_applications, assemble_reviews
from .checks import check as _check
from .convert import from_dict, to_dict
from .diagnostics import Diagnostic, Kind, Severity
from .errors import (
    InputTooLargeError,
    NotAReportError,
    ParseError,
    ReaderError,
    StrictModeError,
    UnexpectedToken,
    excerpt,
)
from .model import Report, TemplateVersion
from .normalise import normalise_chars, normalise_table
from .render import HEADINGS, TITLE_SUFFIX, dumps
from .sections import Sections, split_sections
from .tables import parse_table

__all__ = [
    "MAX_BYTES",
    "ParseResult",
    "Source",
    "check",
    "dumps",
    "from_dict",
    "parse",
    "read",
    "to_dict",
]

#: The default input size limit of :func:`read` and :func:`parse` (32 MiB): real
#: reports are well under 10 MB, even as PDF. Raise it with ``max_bytes=``.
MAX_BYTES = 32 * 1024 * 1024

#: What :func:`read` takes: a path, the file's bytes, or a binary file object.
Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]


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


def parse(text: str, *, strict: bool = False, max_bytes: int | None = MAX_BYTES) -> ParseResult:
    """Parse a report's text into a :class:`ParseResult`.

    The text may be in any layout real reports arrive in (tab-separated, one
    cell per line, Markdown tables, cells run together on one line), or the
    canonical form :func:`dumps` writes. Raises :class:`ParseError` (a
    ``ValueError``) with line, column and an excerpt when the text is not a report;
    :class:`~govreport.errors.InputTooLargeError` when it has more than
    ``max_bytes`` characters (``None``: no limit).

    With ``strict=True`` a report with any diagnostic of warning or error severity
    raises :class:`~govreport.errors.StrictModeError` (whose ``result`` holds what
    the default mode returns): a draft with gaps does not pass.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() needs a str, not {type(text).__name__}; use read() for files")
    if max_bytes is not None and len(text) > max_bytes:
        raise _too_large(max_bytes, "characters")
    return _finish(_parse(text, reader_grid=False), strict=strict, source=None)


def check(report: Report) -> list[Diagnostic]:
    """The cross-checks A1, A2, A3, R1 and V1 of TEMPLATE.md on ``report``,
    each diagnostic with the template's Chinese labels of its cells."""
    return [d.with_labels(report.template) for d in _check(report)]


def _too_large(limit: int, unit: str) -> InputTooLargeError:
    return InputTooLargeError(
        f"input too large: more than {limit:,} {unit} "
        "(raise the limit with max_bytes= or govreport --max-bytes)"
    )


def _finish(result: ParseResult, *, strict: bool, source: str | None) -> ParseResult:
    """``result`` with labelled diagnostics; in strict mode, refused if it has findings."""
    version = result.report.template
    labelled = tuple(d.with_labels(version) for d in result.diagnostics)
    result = attrs.evolve(result, diagnostics=labelled)
    if not strict:
        return result
    serious = tuple(d for d in labelled if d.severity in (Severity.WARNING, Severity.ERROR))
    if not serious:
        return result
    first = serious[0]
    n = len(serious)
    raise StrictModeError(
        f"strict mode: {n} finding{'s' if n != 1 else ''} of warning or error severity; "
        f"the first is {first.code}: {first.message}",
        result=result,
        diagnostics=serious,
        line=first.line,
        col=1 if first.line is not None else None,
        source=source,
    )


def _parse_table(form: str, table: str, first_line: int, heading: str) -> list[Any]:
    """:func:`parse_table`, its error put in the template's own terms."""
    try:
        return parse_table(form, table, first_line=first_line)  # type: ignore[arg-type]
    except UnexpectedToken as exc:
        raise UnexpectedToken(
            f"the table of {heading} cannot be read here: expected a row of the "
            "template (a row label such as （七）总计, then its figures)",
            line=exc.line,
            col=exc.col,
            excerpt=exc.excerpt,
        ) from None


def _missing_sections(parsed: dict[str, Any]) -> list[Diagnostic]:
    """A warning for each section with a table that the text does not have."""
    return [
        Diagnostic(
            code="U-NO-SECTION",
            severity=Severity.WARNING,
            kind=Kind.UNSETTLED,
            message=f"section {dict(HEADINGS)[key]} ({key}) not found; its cells are empty",
            paths=(key,),
        )
        for key in ("active_disclosure", "applications", "reviews")
        if key not in parsed
    ]


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
        items = _parse_table(form, table, first_line, dict(HEADINGS)[key])
        parsed[key] = (items, table)
    if not parsed or not any(
        item.labels or item.kind == "header" for items, _ in parsed.values() for item in items
    ):
        raise NotAReportError(
            "not a report: expected a table of the national template under "
            "二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况 or "
            "四、政府信息公开行政复议、行政诉讼情况",
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
    diags += _missing_sections(parsed)
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
    return ParseResult(report, tuple(diags) + tuple(_check(report)))


def read(
    source: Source,
    *,
    strict: bool = False,
    max_bytes: int | None = MAX_BYTES,
    name: str | None = None,
) -> ParseResult:
    """Read a report file (text, HTML, PDF or DOCX) and parse it.

    ``source`` is a path, the file's bytes, or a binary file object; all three give
    the same result. The reader is chosen from the content, then the extension of
    the path or of ``name``. Text may be UTF-8 (with or without BOM), GB18030/GBK
    or UTF-16. A file over ``max_bytes`` (default :data:`MAX_BYTES`; ``None``: no
    limit) raises :class:`~govreport.errors.InputTooLargeError`. PDF and DOCX are
    read under time, memory, decompressed-size and grid limits (see
    :mod:`govreport.readers`); a hostile file raises
    :class:`~govreport.errors.ResourceLimitError`. ``strict`` is as for :func:`parse`.
    Every :class:`ParseError` raised names the file in ``source``.
    """
    from .readers import sniff, to_text

    data, label = _load(source, max_bytes, name)
    try:
        kind = sniff(data, label)
        text = to_text(data, kind=kind)
        result = _parse(text, reader_grid=kind in ("html", "docx"))
        return _finish(result, strict=strict, source=label)
    except ParseError as exc:
        exc.source = label
        raise


def _load(source: Source, max_bytes: int | None, name: str | None) -> tuple[bytes, str]:
    """The bytes of ``source`` (at most ``max_bytes`` read) and the name to report."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        label = name or "<bytes>"
    elif isinstance(source, (str, os.PathLike)):
        label = name or os.fspath(source)
        try:
            with open(source, "rb") as fh:
                data = _read_limited(fh, max_bytes, label)
        except OSError as exc:
            raise ReaderError(
                f"cannot read {os.fspath(source)}: {exc.strerror or exc}", source=label
            ) from None
    elif hasattr(source, "read"):
        label = name or str(getattr(source, "name", "") or "<stream>")
        data = _read_limited(source, max_bytes, label)
    else:
        raise TypeError(f"read() needs a path, bytes or a binary file, not {type(source).__name__}")
    if max_bytes is not None and len(data) > max_bytes:
        err = _too_large(max_bytes, "bytes")
        err.source = label
        raise err
    return data, label


def _read_limited(fh: IO[bytes] | io.BufferedIOBase, max_bytes: int | None, label: str) -> bytes:
    # Read one byte past the limit: a 10 GB file is refused without reading it all.
    data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    if isinstance(data, str):
        raise ReaderError("read() needs a binary file object (open it with 'rb')", source=label)
    return bytes(data)
