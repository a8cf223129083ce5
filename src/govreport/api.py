"""The public entry points: ``parse``, ``read``, ``dumps``, ``check``, ``to_dict``, ``from_dict``.

``parse`` runs the stages in order, one module each: :mod:`normalise` →
:mod:`sections` → :mod:`tables` (the grammars) → :mod:`build` → :mod:`checks`;
:mod:`render` is the way back.
"""

from __future__ import annotations

import functools
import io
import os
import re
from collections.abc import Mapping
from typing import IO, Any, Union

import attrs

from . import assemble
from .canonical import dumps, loads_sections
from .checks import check as _check
from .diagnostics import Diagnostic, Severity, diagnostic
from .errors import (
    InputTooLargeError,
    NotAReportError,
    ParseError,
    ReaderError,
    StrictModeError,
    excerpt,
)
from .model import Report, TemplateVersion
from .normalise import normalise_chars, normalise_table
from .sections import Sections, split_sections
from .tables import proven_grid, read_clean
from .template import HEADINGS, cell_paths, cell_values
from .tokens import Item, TableForm, scan

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


# A string, compiled by ``re`` on first use: only text with merged lines asks.
_BLANK_LINE = r"\n[ \t\u3000]*\n"
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
    """The cross-checks A1, A2, A3, R1 and V1 of the template on ``report``,
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
    result = ParseResult(result.report, labelled)
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


def _missing_sections(parsed: dict[str, Any]) -> list[Diagnostic]:
    """A warning for each section with a table that the text does not have."""
    return [
        diagnostic(
            "U-NO-SECTION",
            f"section {dict(HEADINGS)[key]} ({key}) not found; its cells are empty",
            paths=(key,),
        )
        for key in ("active_disclosure", "applications", "reviews")
        if key not in parsed
    ]


_ORDER = tuple(key for key, _ in HEADINGS)


def _untitled(sections: Sections) -> list[Diagnostic]:
    """A warning for the agency or the year that no title or statement gives."""
    out = []
    if sections.agency is None:
        out.append(diagnostic("U-NO-AGENCY", "no title names the agency; agency left empty",
                              paths=("agency",)))  # fmt: skip
    if sections.year is None:
        out.append(diagnostic("U-NO-YEAR", "neither a title nor the statistics period gives "
                              "the reporting year; year left empty", paths=("year",)))  # fmt: skip
    return out


def _truncated(sections: Sections, diags: list[Diagnostic]) -> list[Diagnostic]:
    """An error when the text ends inside a table: the last section found is a
    table with rows missing, and every section after it is missing too (a file
    cut off in transfer or extraction, not a report that leaves cells blank)."""
    present = [k for k in _ORDER if getattr(sections, k)]
    if not present or present[-1] not in TABLE_KEYS or present[-1] == _ORDER[-1]:
        return []
    last = present[-1]
    if not any(d.code == "U-MISSING-ROW" and d.paths[0].startswith(last) for d in diags):
        return []
    after = _ORDER[_ORDER.index(last) + 1 :]
    headings = dict(HEADINGS)
    return [
        diagnostic(
            "U-TRUNCATED",
            f"the text ends inside {headings[last]}: its last rows and the sections "
            + "、".join(headings[k].split("、", 1)[0] for k in after)
            + " are missing; the file looks cut off",
            paths=(last, *after),
        )
    ]


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
    positional = canonical is not None or reader_grid
    found = _scan_tables(text, sections, prove=not positional)
    narrative = "\n".join(
        filter(None, (sections.overview, sections.problems, sections.other_matters))
    )
    tables: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    # Lines merged by a crawler keep one empty line for blank cells: with none in the
    # tables, no cell was blank, and each figure stands for a run of equal cells.
    merged = assemble.merged_lines(
        [i for _, items, _ in found.values() for i in items]
    ) and not any(re.search(_BLANK_LINE, getattr(sections, key) or "") for key in found)
    for key, (form, items, grid) in found.items():
        clean = read_clean(form, version, items, positional=positional or grid)
        if clean is None:
            clean = assemble.recover(
                form,
                items,
                version,
                narrative=normalise_chars(narrative),
                exact=canonical is not None,
                reader_grid=reader_grid,
                merged=merged,
                glued=assemble.glued(getattr(sections, key) or ""),
            )
        tables[key], d = clean
        diags += d
    missing = [key for key in TABLE_KEYS if key not in found]
    if missing:  # built only when needed: most reports have every table
        empty = Report.empty(version)
        for key in missing:
            tables[key] = getattr(empty, key)
    diags += _missing_sections(found)
    diags += _truncated(sections, diags)
    diags += _untitled(sections)
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
    cells = cell_values(report)
    diags += _unnamed_blanks(version, cells, diags)
    return ParseResult(report, tuple(diags) + tuple(_check(report, cells)))


def _unnamed_blanks(
    version: TemplateVersion, cells: tuple[Any, ...], diags: list[Diagnostic]
) -> list[Diagnostic]:
    """A diagnostic for the empty cells no other one names: every cell of the
    report (``cells``: its :func:`~govreport.template.cell_values`) is read as
    stated, rebuilt, or reported (a blank stated as such is named where its row
    is read)."""
    if None not in cells:
        return []  # every cell stated (a test in C: most reports)
    named = {p for d in diags for p in d.paths}
    places = _cell_places(version)
    rows: dict[str, list[str]] = {}
    # Only the empty cells are looked up: a report leaves a few of its ~300 blank.
    for i in [i for i, value in enumerate(cells) if value is None]:
        row, cell, prefixes = places[i]
        if named.isdisjoint(prefixes):
            rows.setdefault(row, []).append(cell)
    return [
        diagnostic(
            "U-NO-FIGURE",
            f"{row}: no figure was read for {', '.join(cells)}; left empty",
            paths=tuple(f"{row}.{c}" for c in cells),
        )
        for row, cells in rows.items()
    ]


@functools.cache
def _cell_places(version: TemplateVersion) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """Each cell's row path, its name in the row, and the paths that name it (the
    cell's own and each of its ancestors': a diagnostic may name a row or a table)."""
    out = []
    for path in cell_paths(version):
        parts = path.split(".")
        row, _, cell = path.rpartition(".")
        out.append((row, cell, frozenset(".".join(parts[:i]) for i in range(1, len(parts) + 1))))
    return tuple(out)


TABLE_KEYS = ("active_disclosure", "applications", "reviews")


#: A table section found: its form, its items, and whether its text is a grid
#: that proves its cells' places (:func:`~govreport.tables.proven_grid`).
_Found = tuple[TableForm, list[Item], bool]


def _scan_tables(text: str, sections: Sections, *, prove: bool) -> dict[str, _Found]:
    """Each table section found, as its form's tokens grouped into items;
    ``prove``: whether to look for a text grid's proof of its cells' places."""
    forms: dict[str, TableForm] = {
        "active_disclosure": "active_2021" if sections.template == "2021" else "active_2019",
        "applications": "applications",
        "reviews": "reviews",
    }
    found: dict[str, _Found] = {}
    for key, form in forms.items():
        raw = getattr(sections, key)
        if raw:
            first_line = _line_of(text, sections.starts.get(key, 0))
            table = normalise_table(raw)
            items = scan(form, table, first_line=first_line)
            grid = prove and proven_grid(form, table, items, first_line=first_line)
            found[key] = (form, items, grid)
    if not any(
        item.labels or item.kind == "header" for _, items, _ in found.values() for item in items
    ):
        raise NotAReportError(
            "not a report: expected a table of the national template under "
            "二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况 or "
            "四、政府信息公开行政复议、行政诉讼情况",
            line=1,
            col=1,
            excerpt=excerpt(text, 1, 1),
        )
    return found


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
        return _finish(_placed(result, text), strict=strict, source=label)
    except ParseError as exc:
        exc.source = label
        raise


def _placed(result: ParseResult, text: str) -> ParseResult:
    """Diagnostics of a file read from tables (HTML, PDF, DOCX) say where in the
    file: the table and its row, not the line of the text the reader made."""
    places: dict[int, tuple[int, int]] = getattr(text, "places", None) or {}
    if not places:
        return result
    diags = tuple(
        attrs.evolve(d, place="table {}, row {}".format(*places[d.line])) if d.line in places else d
        for d in result.diagnostics
    )
    return attrs.evolve(result, diagnostics=diags)


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
