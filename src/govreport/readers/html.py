"""HTML to the parser's plain text, with selectolax (lexbor).

Block elements become lines; every table row becomes one line of
tab-separated cells on an exact grid (rowspan/colspan expanded, a spanning
cell's text at its top-left position, ``""`` at the positions it covers).
Word-exported HTML (``<o:p>``, labels split over spans, ``&nbsp;`` cells) and
CMS-editor HTML (headers split over ``<p>``/``<br>`` in one cell) need nothing
special beyond concatenating a cell's text and :func:`~govreport.readers.text.squash`.
"""

from __future__ import annotations

import math
import re
from itertools import repeat
from typing import Any

from govreport.errors import ReaderError, ResourceLimitError
from govreport.readers.limits import (
    MAX_GRID_CELLS,
    MAX_GRID_WIDTH,
    MAX_HTML_DEPTH,
    MAX_HTML_NESTING_WORK,
)
from govreport.readers.text import (
    GridCell,
    decode,
    grid_lines,
    grid_texts,
    join_located,
    squash,
    squash_each,
)

__all__ = ["decode_html", "html_to_text"]

# Elements whose content is never report text. (``title`` is skipped outside
# <head> too: the saved page's <body> repeats the report title as a heading.)
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "math"}
)
# Elements that start and end a line.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "option",
        "select", "textarea",
    }
)  # fmt: skip
_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
_CELLS = frozenset({"td", "th"})

_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_MAX_COLSPAN = 1000  # the HTML spec's limits
_MAX_ROWSPAN = 65534


def decode_html(data: bytes) -> str:
    """Decode HTML bytes: BOM; a ``<meta>`` charset in the first 4 KB; UTF-8; GB18030."""
    m = _META_CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", errors="replace") if m else None
    return decode(data, declared)


def html_to_text(data: bytes | str) -> str:
    """Plain text of an HTML document in the parser's input contract."""
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ReaderError(
            "reading HTML needs the 'html' extra: pip install 'govreport[html]'"
        ) from e
    text = decode_html(bytes(data)) if isinstance(data, (bytes, bytearray)) else data
    if not isinstance(text, str):
        raise ReaderError(f"html_to_text needs bytes or str, got {type(data).__name__}")
    check_nesting(text)
    try:
        root = LexborHTMLParser(text).root
    except Exception as e:  # lexbor rarely fails, but never leak its error type
        raise ReaderError(f"cannot parse HTML: {e}") from e
    if root is None:
        return ""
    out = _Emitter()
    _walk(root, out)
    out.flush()
    return join_located(out.lines, [out.marks.get(i) for i in range(len(out.lines))])


# Elements that never nest: void ones, and those an HTML5 parser closes when a
# sibling opens (so that ``<p><p><p>`` or ``<td><td>`` stay shallow).
_FLAT = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup",
        "tr", "td", "th", "thead", "tbody", "tfoot", "rb", "rt", "rp", "colgroup",
        "caption",
    }
)  # fmt: skip
# Any start or end tag; comments and the like are skipped by the "!" and "?".
# The tag's rest is taken whole, up to the first ">": it ends in "/" for a
# self-closing tag (a lazy ``[^>]*?(/?)>`` costs the scan twice as much).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^>]*)>")


def _fewest_to_refuse() -> int:
    """The fewest tags a text needs to break a nesting limit: ``k`` tags open at
    most ``k`` deep, for a work of at most ``k(k+1)/2``."""
    # The most tags whose work k(k+1)/2 stays within the limit.
    within = (math.isqrt(8 * MAX_HTML_NESTING_WORK + 1) - 1) // 2
    return min(MAX_HTML_DEPTH, within) + 1


#: A text with fewer "<" than this (its tags are fewer) breaks no nesting limit:
#: a Markdown report's few tables need no scan of their thousand tags.
_FEWEST_TO_REFUSE = _fewest_to_refuse()


def check_nesting(text: str) -> None:
    """Refuse markup nested deep enough to make the HTML parser quadratic
    (see :func:`scan_nesting`); a text of few tags is let through unscanned."""
    if text.count("<") < _FEWEST_TO_REFUSE:
        return
    scan_nesting(text)


def scan_nesting(text: str) -> None:
    """:func:`check_nesting`'s scan, for any text.

    A linear scan of the tags: the depth of each opening tag, and the sum of
    those depths, which bounds the parser's scans of its stack of open elements.
    """
    depth = work = 0
    # findall's tuples: no match object per tag (a table has thousands).
    for n, (close, name, rest) in enumerate(_TAG.findall(text)):
        if name.lower() in _FLAT or rest.endswith("/"):
            continue
        if close:
            depth = max(0, depth - 1)
            continue
        depth += 1
        work += depth
        if depth > MAX_HTML_DEPTH or work > MAX_HTML_NESTING_WORK:
            start = _nth_tag(text, n)
            raise ResourceLimitError(
                f"HTML nested too deeply: more than {MAX_HTML_DEPTH:,} elements one inside "
                "another, or too much nesting for the page's size (a broken or hostile page)",
                line=text.count("\n", 0, start) + 1,
                col=start - text.rfind("\n", 0, start),
            )


def _nth_tag(text: str, n: int) -> int:
    """Where the ``n``-th (0-based) tag of ``text`` starts."""
    for i, m in enumerate(_TAG.finditer(text)):
        if i == n:
            return m.start()
    raise AssertionError("fewer tags than counted")  # pragma: no cover


class _Emitter:
    """Collects inline text and turns it into lines at block boundaries."""

    __slots__ = ("buf", "lines", "marks", "tables")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.marks: dict[int, tuple[int, int]] = {}  # line index -> (table, row)
        self.tables = 0

    def table(self, node: Any) -> None:
        """A table's captions, then its rows, each row's place noted."""
        captions, groups = _table_rows(node)
        self.tables += 1
        self.lines.extend(captions)
        for r, line in enumerate(grid_lines(_grid(groups, _plain_cells(node))), 1):
            self.marks[len(self.lines)] = (self.tables, r)
            self.lines.append(line)

    def flush(self) -> None:
        if self.buf:
            line = squash("".join(self.buf))
            self.buf.clear()
            if line:
                self.lines.append(line)

    def blank(self) -> None:
        """One empty line, to set a table apart (never two in a row)."""
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def _children(node: Any) -> list[Any]:
    kids: list[Any] = list(node.iter(include_text=True))
    return kids


def _walk(root: Any, out: _Emitter) -> None:
    # Iterative DFS: saved pages can nest deeper than Python's recursion limit.
    # A ``None`` entry on the stack marks the end of a block element.
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if node is None:
            out.flush()
            continue
        tag = node.tag
        if tag == "-text":
            # A source newline is squash's soft break "\r" (lexbor gives LF only).
            out.buf.append(node.text_content.replace("\n", "\r"))
            continue
        if tag in _SKIP or tag.startswith("-"):  # comments, doctype
            continue
        if tag == "br":
            out.flush()
            continue
        if tag == "table":
            out.flush()
            out.blank()
            out.table(node)
            out.blank()
            continue
        kids = _children(node)
        if tag in _BLOCK:
            out.flush()
            stack.append(None)
        kids.reverse()
        stack.extend(kids)


def _table_rows(table: Any) -> tuple[list[str], list[list[Any]]]:
    """The table's caption texts and its own ``<tr>``s (not those of nested
    tables), by row group: HTML cuts row spans at the end of their group."""
    captions: list[str] = []
    groups: list[list[Any]] = []
    loose: list[Any] | None = None  # <tr>s straight under <table>
    for child in table.iter(include_text=False):
        tag = child.tag
        if tag == "tr":
            if loose is None:
                loose = []
                groups.append(loose)
            loose.append(child)
            continue
        loose = None
        if tag in _SECTIONS:
            groups.append([tr for tr in child.iter(include_text=False) if tr.tag == "tr"])
        elif tag == "caption":
            cap = squash(_cell_text(child))
            if cap:
                captions.append(cap)
    return captions, groups


_INT = re.compile(r"\s*(\d+)")


def _span(raw: str | None, limit: int) -> int:
    """A ``colspan``/``rowspan`` value as browsers read it: leading digits, 1 if none."""
    if not raw:
        return 1
    if raw.isdecimal():  # the usual "3": no match needed
        return min(int(raw), limit)
    m = _INT.match(raw)
    if not m:
        return 1
    return min(int(m.group(1)), limit)


def _plain_cells(table: Any) -> bool:
    """Whether no cell of the table holds an element (only text, or comments):
    a cell's text is then lexbor's own concatenation of its text nodes, one call
    instead of a walk of its nodes."""
    return table.css_first("td *, th *") is None


def _plain_text(cell: Any) -> str:
    """The text of a cell that holds text only: a source newline is squash's soft
    break "\r", as in :func:`_cell_text`."""
    text: str = cell.text(deep=True)
    return text.replace("\n", "\r") if "\n" in text else text


#: A cell as the grid needs it: its text (not yet squashed), and its ``colspan``
#: and ``rowspan`` attributes as written.
_RawCell = tuple[str, str | None, str | None]


def _row_cells(tr: Any, plain: bool) -> list[_RawCell]:
    """The cells of a ``<tr>`` node; ``plain``: see :func:`_plain_cells`."""
    out: list[_RawCell] = []
    for td in tr.iter(include_text=False):
        if td.tag in _CELLS:
            text = _plain_text(td) if plain else _cell_text(td)
            attrs = td.attributes  # most cells have no attribute at all
            out.append(
                (text, attrs.get("colspan"), attrs.get("rowspan")) if attrs else (text, None, None)
            )
    return out


def _grid(groups: list[list[Any]], plain: bool) -> list[list[str]]:
    """The grid of a table, spans expanded (rows not yet padded to one width);
    ``plain``: see :func:`_plain_cells`."""
    grid: list[list[str]] = []
    for rows in groups:
        cells, cover = _group_cover([_row_cells(tr, plain) for tr in rows])
        grid.extend(grid_texts(cells, cover))
    return grid


def _group_cover(rows: list[list[_RawCell]]) -> tuple[list[GridCell], list[list[int]]]:
    """A row group's cells and the grid of which cell covers each position
    (``-1`` where none does)."""
    cover: list[list[int]] = [[] for _ in rows]
    found: list[GridCell] = []
    size = 0
    for r, cells in enumerate(rows):
        texts = squash_each([text for text, _, _ in cells])
        line = cover[r]
        start, count = len(line), len(cells)
        # The usual row: no spans of its own, no hole left by spans from above,
        # within the limits. Its cells then take the next positions one by one.
        if (
            start + count <= MAX_GRID_WIDTH
            and size + count <= MAX_GRID_CELLS
            and not any(cols or spans for _, cols, spans in cells)
            and -1 not in line
        ):
            first = len(found)
            line.extend(range(first, first + count))
            found.extend(map(GridCell, texts, repeat(r, count), range(start, start + count)))
            size += count
        else:
            size = _cover_cells(cover, found, r, cells, texts, size)
    return found, cover


def _cover_cells(
    cover: list[list[int]],
    found: list[GridCell],
    r: int,
    cells: list[_RawCell],
    texts: list[str],
    size: int,
) -> int:
    """Place row ``r``'s cells (their ``texts`` squashed) one at a time, spans
    and all, appending them to ``found``; the group's size so far is returned."""
    n = len(cover)
    line = cover[r]
    c = 0
    for text, (_, raw_cols, raw_rows) in zip(texts, cells):
        width = len(line)
        while c < width and line[c] >= 0:
            c += 1
        colspan = (_span(raw_cols, _MAX_COLSPAN) or 1) if raw_cols else 1
        rowspan = _span(raw_rows, _MAX_ROWSPAN) if raw_rows else 1
        # rowspan=0 means "to the end of the row group"; spans never add rows.
        last = n if rowspan == 0 else min(n, r + rowspan)
        end = c + colspan
        size += (last - r) * colspan
        if end > MAX_GRID_WIDTH or size > MAX_GRID_CELLS:
            raise _grid_too_large(end, size)
        if c == width and colspan == 1 and last == r + 1:  # the usual: one more position
            line.append(len(found))
        else:
            _cover(cover, len(found), range(r, last), c, end)
        found.append(GridCell(text, r, c, last - r, colspan))
        c = end
    return size


def _cover(cover: list[list[int]], cell: int, rows: range, start: int, end: int) -> None:
    """Mark the cell as covering columns ``start:end`` of its rows."""
    index = [cell] * (end - start)
    for r in rows:
        target = cover[r]
        if len(target) < end:
            target.extend([-1] * (end - len(target)))
        target[start:end] = index


def _grid_too_large(width: int, cells: int) -> ResourceLimitError:
    return ResourceLimitError(
        f"an HTML table too large: its spans make a row {width:,} columns wide or the "
        f"table {cells:,} cells big (limits {MAX_GRID_WIDTH:,} and {MAX_GRID_CELLS:,})"
    )


def _table_lines(table: Any) -> list[str]:
    captions, groups = _table_rows(table)
    return captions + grid_lines(_grid(groups, _plain_cells(table)))


def _cell_text(cell: Any) -> str:
    """All text of a cell, line breaks at blocks and ``<br>`` (``squash`` decides
    whether they become spaces), a nested table flattened to space-joined text.

    Iterative, nested tables included: tables nested a thousand deep must not
    exhaust Python's stack.
    """
    parts: list[str] = []
    stack: list[Any] = _children(cell)
    stack.reverse()
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # a boundary marker pushed below
            parts.append(node)
            continue
        tag = node.tag
        if tag == "-text":
            parts.append(node.text_content.replace("\n", "\r"))
        elif tag in _SKIP or tag.startswith("-"):
            continue
        elif tag == "br":
            parts.append("\n")
        else:
            # A nested table's cells are set apart by squash's hard space "\x00",
            # so that two inner cells never glue together.
            mark = "\x00" if tag in _CELLS else "\n" if tag in _BLOCK else ""
            if mark:
                parts.append(mark)
                stack.append(mark)
            kids = _children(node)
            kids.reverse()
            stack.extend(kids)
    return "".join(parts)


# An HTML table inside text (OCR and PDF-to-Markdown tools write tables so).
# Nested tables are kept inside their outer table by the depth count below.
_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)


def _any_case(name: str) -> str:
    """A tag name's pattern in any ASCII case (``re.IGNORECASE`` would also let
    the Kelvin sign match a ``k``)."""
    return "".join(f"[{c.upper()}{c}]" for c in name)


# A table as Markdown converters write it: only <table>, <tr> and <td>/<th> tags,
# each closed, plain attributes, and cells of plain text (no markup, no character
# reference, no NUL, CR or other control character). From such a fragment an
# HTML5 parser builds just the table its tags say (one implied <tbody>, nothing
# moved out), so it is read without building a DOM. Any other goes to lexbor.
_SPACE = "[ \t\n\f]"
_VALUE = r"""(?:"[^"&<\x00\r]*"|'[^'&<\x00\r]*'|[^ \t\n\f\r"'=<>`&\x00/]+)"""
_ATTRS = f"(?:{_SPACE}+[A-Za-z][A-Za-z0-9_-]*(?:{_SPACE}*={_SPACE}*{_VALUE})?)*{_SPACE}*"
_TEXT = "[^<&\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]*"
_TD, _TH, _TR = _any_case("td"), _any_case("th"), _any_case("tr")
_SIMPLE_CELL = f"<{_TD}{_ATTRS}>{_TEXT}</{_TD}>|<{_TH}{_ATTRS}>{_TEXT}</{_TH}>"
_SIMPLE_TABLE = re.compile(
    f"<{_any_case('table')}{_ATTRS}>{_SPACE}*"
    f"(?:<{_TR}{_ATTRS}>{_SPACE}*(?:(?:{_SIMPLE_CELL}){_SPACE}*)*</{_TR}>{_SPACE}*)*"
    f"</{_any_case('table')}>"
)
# In a fragment _SIMPLE_TABLE matches: each row's cells, and each cell's attributes.
_SIMPLE_ROW = re.compile(f"<{_TR}{_ATTRS}>(.*?)</{_TR}>", re.DOTALL)
_SIMPLE_CELLS = re.compile(f"<[Tt][DdHh]({_ATTRS})>({_TEXT})</[Tt][DdHh]>")
_SIMPLE_ATTR = re.compile(
    r"""([A-Za-z][A-Za-z0-9_-]*)(?:[ \t\n\f]*=[ \t\n\f]*(?:"([^"]*)"|'([^']*)'|([^ \t\n\f>]+)))?"""
)


def _simple_table_lines(fragment: str) -> list[str] | None:
    """The grid lines of a fragment :data:`_SIMPLE_TABLE` matches, else None."""
    if not _SIMPLE_TABLE.fullmatch(fragment):
        return None
    rows: list[list[_RawCell]] = [
        [
            (text, *_simple_spans(attrs)) if attrs else (text, None, None)
            for attrs, text in _SIMPLE_CELLS.findall(row)
        ]
        for row in _SIMPLE_ROW.findall(fragment)
    ]
    if "\n" in fragment:  # a source newline is squash's soft break, as in _plain_text
        rows = [[(t.replace("\n", "\r"), c, r) for t, c, r in cells] for cells in rows]
    return grid_lines(grid_texts(*_group_cover(rows)))


def _simple_spans(attrs: str) -> tuple[str | None, str | None]:
    """A cell's ``colspan`` and ``rowspan`` as written (names in any case, the
    first of a repeated name, as HTML reads them)."""
    if not attrs.strip():
        return None, None
    found: dict[str, str] = {}
    for name, double, single, bare in _SIMPLE_ATTR.findall(attrs):
        found.setdefault(name.lower(), double or single or bare)
    return found.get("colspan"), found.get("rowspan")


def inline_tables_to_text(text: str) -> str:
    """Text with every top-level ``<table>…</table>`` replaced by its grid lines.

    The rest of the text keeps its lines, so Markdown with inline HTML tables
    reads like any other text layout. Without selectolax the text is returned
    unchanged (the tables then read as text, cells glued together).
    """
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:  # pragma: no cover - depends on the environment
        return text
    check_nesting(text)

    def grid(fragment: str) -> str:
        lines = _simple_table_lines(fragment)
        if lines is not None:
            return "\n".join(lines)
        node = LexborHTMLParser(fragment).css_first("table")
        return "\n".join(_table_lines(node)) if node is not None else ""

    out: list[str] = []
    pos = depth = 0
    start = -1
    for m in _TABLE_TAG.finditer(text):
        if not m.group(1):
            if depth == 0:
                start = m.start()
            depth += 1
            continue
        if depth == 0:
            continue
        depth -= 1
        if depth == 0:
            out += [text[pos:start], "\n\n", grid(text[start : m.end()]), "\n\n"]
            pos = m.end()
    if depth:  # an unclosed table: take it to the end of the text
        out += [text[pos:start], "\n\n", grid(text[start:]), "\n"]
        pos = len(text)
    out.append(text[pos:])
    return "".join(out)
