"""Decode text files, and the whitespace rules every reader shares.

Chinese report files come as UTF-8 (with or without BOM), GBK/GB2312 (read as
GB18030, a superset of both) and now and then UTF-16 from Windows tools.
:func:`decode_text` picks the encoding from the bytes alone.

:func:`squash` is the one place that turns the raw text of a cell or a paragraph
into a single clean line: the other readers call it so that all formats agree.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from govreport.errors import ReaderError
from govreport.normalise import COVER, PAD, SPAN, normalise_chars
from govreport.numerals import COUNT_UNITS, NUMERAL_CHARS, numeral_value
from govreport.tokens import BLANK, NUMBER

__all__ = ["GridCell", "decode_text", "grid_lines", "grid_texts", "squash", "squash_each"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Characters across whose line break no space belongs: CJK ideographs, kana,
# CJK and full-width punctuation, and the curly quotes/dashes Chinese text uses.
# U+3000 (ideographic space) is deliberately not in the class.
_CJK = (
    "\u2e80-\u2fff\u3001-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
)


@functools.cache
def _cjk_breaks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two patterns of line breaks between CJK characters, compiled on first
    use: their wide character classes cost milliseconds to compile, and a text
    file's parse never needs them (only the HTML, PDF and DOCX readers do).

    A line break between two CJK characters is an artefact of wrapping (a PDF
    line, <p>/<br> inside a cell, a DOCX paragraph), not a word gap: it goes
    together with any whitespace around it, U+00A0/U+3000 padding included. A
    *soft* break, "\\r", is a newline in HTML source. As in CSS it goes only
    when plain collapsible whitespace surrounds it: an &nbsp; beside it is a gap.
    """
    return (
        re.compile(rf"(?<=[{_CJK}])\s*\n\s*(?=[{_CJK}])"),
        re.compile(rf"(?<=[{_CJK}])[ \t\f\r]*\r[ \t\f\r]*(?=[{_CJK}])"),
    )


class _Squash(NamedTuple):
    """The patterns of :func:`squash`."""

    #: Anything squash would change: most cells and lines hold none, and one
    #: search is cheaper than the passes below.
    changes: re.Pattern[str]
    invisible: re.Pattern[str]
    #: \x00 is the readers' "hard space" marker (e.g. between cells of a nested
    #: table): it must survive the CJK rules above and then become a plain space.
    spaces: re.Pattern[str]


@functools.cache
def _squash() -> _Squash:
    """Compiled on first use, like :func:`_cjk_breaks`: reading a text file needs
    none of them, and they cost its cold start a millisecond."""
    return _Squash(
        re.compile("[\\s\\x00\u200b-\u200d\u2060\ufeff\u00ad]"),
        re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]"),
        re.compile(r"[\s\x00]+"),
    )


def squash(text: str) -> str:
    """One clean line: no tab, no newline, single spaces, stripped.

    A whitespace run holding a line break ``\\n`` between two CJK characters is
    dropped (``商业\\n企业`` -> ``商业企业``); so is a run of plain spaces around a
    soft break ``\\r`` (HTML source newline) between CJK characters. Any other
    whitespace run (including U+00A0 and U+3000) becomes one space.
    """
    patterns = _squash()
    if not patterns.changes.search(text):
        return text
    if "\n" in text:
        text = _cjk_breaks()[0].sub("", text)
    if "\r" in text:
        text = _cjk_breaks()[1].sub("", text)
    text = patterns.invisible.sub("", text)
    return patterns.spaces.sub(" ", text).strip()


def squash_each(texts: list[str]) -> list[str]:
    """:func:`squash` of each text (``texts`` itself when none changes): a row's
    cells rarely hold anything squash changes, and one search over them all says
    so (squash's test is of single characters, so it finds one in the joined
    texts exactly when one of the texts has one)."""
    if not _squash().changes.search("".join(texts)):
        return texts
    return [squash(text) for text in texts]


def grid_lines(grid: list[list[str]]) -> list[str]:
    """One tab-joined line per row, short rows padded to the grid's width with
    :data:`~govreport.normalise.PAD` cells (not blanks: a short row lost a cell,
    and where it stood is not known).

    In a one-column table an empty row (an empty cell, or none: ``<tr></tr>``)
    would print as an empty line, which reads as a block boundary; such rows are
    dropped.
    """
    width = max((len(row) for row in grid), default=0)
    if width == 1:
        return [row[0] for row in grid if row and row[0]]
    return ["\t".join(row + [PAD] * (width - len(row))) for row in grid]


class GridCell(NamedTuple):
    """A cell of a table as its file draws it: its text, its top-left grid
    position, and how many grid rows and columns it covers."""

    text: str
    row: int
    col: int
    rows: int = 1
    cols: int = 1


#: A table's grid by position: the index of the :class:`GridCell` covering each
#: position (``-1`` where none does).
Cover = Sequence[Sequence[int]]


@functools.cache
def _kinds() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A figure, a blank mark, a thousands comma: compiled on first use (only the
    grid readers ask a cell's kind)."""
    return re.compile(NUMBER), re.compile(BLANK), re.compile(r"(?<=\d),(?=\d{3})")


#: The CJK ideographs a figure (its unit: 万元, 件), a count in Chinese numerals or
#: a blank mark (无) may hold. Any other ideograph in a cell makes it words:
#: normalise_chars and the grouping commas leave ideographs as they are, and
#: figure, numeral and blank mark hold none but these.
_FIGURE_IDEOGRAPHS = frozenset(NUMERAL_CHARS + "元" + COUNT_UNITS.replace("|", "") + "无")


def _words_edge(char: str) -> bool:
    """Whether a cell with ``char`` in it is words (see :data:`_FIGURE_IDEOGRAPHS`)."""
    return "\u4e00" <= char <= "\u9fff" and char not in _FIGURE_IDEOGRAPHS


def _kind(text: str) -> str:
    """``figure``, ``blank`` (/, -, 无), ``words`` or ``""`` for an empty cell."""
    if not text:
        return ""
    # Most cells asked are plain counts ("0") or labels starting or ending in
    # an ideograph: a look at their characters settles them.
    if text.isdigit() and text.isascii():
        return "figure"
    if _words_edge(text[0]) or _words_edge(text[-1]):
        return "words"
    return _kind_read(text)


def _kind_read(text: str) -> str:
    """:func:`_kind` of a non-empty text, read the long way."""
    figure, blank, grouping = _kinds()
    plain = grouping.sub("", normalise_chars(text)).strip()
    # A figure in Chinese numerals (〇, 二十) merged over cells is a figure too.
    if figure.fullmatch(plain) or numeral_value(plain) is not None:
        return "figure"
    return "blank" if blank.fullmatch(plain) else "words"


def grid_texts(cells: Sequence[GridCell], cover: Cover) -> list[list[str]]:
    """Each position's text: a cell's text at its top-left, ``""`` where it covers.

    A figure merged over grid columns that its header names as one column (the
    2021 form's 本年处理决定数量 over three) is that column's figure. Merged over
    columns the header names apart (本年新制作数量 and 本年新公开数量), or over rows
    that have labels of their own, it may state any of them or all (an editor's
    merge of equal neighbours, or of a column that does not apply): the figure is
    then written at every position it covers, marked :data:`SPAN`, for the parser
    to leave open; merged over columns only, the positions after its first are
    marked :data:`COVER`, so that a merge past its row's last field reads once.
    """
    grid = [[""] * len(row) for row in cover]
    merged: list[int] = []
    # One pass, fields unpacked: a table's every cell comes here.
    for i, (text, row, col, rows, cols) in enumerate(cells):
        if row < len(grid) and col < len(grid[row]):
            grid[row][col] = text
        if rows > 1 or cols > 1:
            merged.append(i)
    if not merged:
        return grid
    table = _Table(cells, cover)
    for i in merged:
        cell = cells[i]
        if table.kind(i) == "figure" and not table.one_cell(cell):
            for r in range(cell.row, cell.row + cell.rows):
                for c in range(cell.col, min(cell.col + cell.cols, len(grid[r]))):
                    mark = COVER if cell.rows == 1 and c > cell.col else SPAN
                    grid[r][c] = mark + cell.text
    return grid


#: How far above a merged figure its header row is looked for: section 三, the
#: tallest table of the template, has its last row 28 rows below its header.
_HEADER_REACH = 40


class _Table:
    """What :func:`grid_texts` asks of a table: each cell's kind of text, and
    the first column of each row where a cell of the row's own starts."""

    def __init__(self, cells: Sequence[GridCell], cover: Cover) -> None:
        self.cells, self.cover = cells, cover
        # Kinds are read on demand (the merged cells and their header rows), and
        # once per text: a table's thousands of "0" cells would each cost a
        # normalisation and three matches.
        self._kinds: dict[str, str] = {}

    def kind(self, i: int) -> str:
        """The kind of cell ``i``'s text (see :func:`_kind`)."""
        text = self.cells[i].text
        found = self._kinds.get(text)
        if found is None:
            found = self._kinds[text] = _kind(text)
        return found

    def start(self, r: int) -> int:
        """The first column of row ``r`` where a cell of the row's own starts
        (asked only below figures merged over rows: not worth a table's pass)."""
        line = self.cover[r]
        return next((c for c, i in enumerate(line) if i >= 0 and self.cells[i].row == r), len(line))

    def one_cell(self, cell: GridCell) -> bool:
        """Whether a merged figure stands for one cell of the template: its rows
        have no labels of their own below its first, and the nearest header row
        over its columns (words there, no figure) names one column over them."""
        rows = range(cell.row + 1, cell.row + cell.rows)
        if any(self.start(r) < cell.col for r in rows):
            return False
        if cell.cols == 1:
            return True
        for r in range(cell.row - 1, max(-1, cell.row - 1 - _HEADER_REACH), -1):
            ids = set(self.cover[r][cell.col : cell.col + cell.cols])
            kinds = {self.kind(i) for i in ids if i >= 0}
            if "figure" in kinds or "blank" in kinds or "words" not in kinds:
                continue  # a row of values (or of empty cells): not a header
            named = [i for i in ids if i >= 0 and self.kind(i) == "words"]
            if len(named) == 1 and self.cells[named[0]].cols >= len(self.cover[r]):
                continue  # a title or unit line across the table names no column
            return len(named) == 1
        return False  # no header names its columns


def _strip_bom(data: bytes) -> tuple[bytes, str | None]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :], enc
    return data, None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """The text, if ``data`` is UTF-16 without a BOM; else None.

    UTF-8 and GB18030 text never contains NUL, while UTF-16 puts one in every
    ASCII character (digits, tabs, newlines): NULs gathered on one byte parity
    are a strong, cheap signal. (A few CJK characters such as 一 U+4E00 put a NUL
    on the other parity, so the ratio is loose and the decoded text is checked.)
    """
    sample = data[:8192]
    if len(data) < 4 or len(data) % 2 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > 2 * even:
        order = ("utf-16-le", "utf-16-be")
    elif even > 2 * odd:
        order = ("utf-16-be", "utf-16-le")
    else:
        return None
    for enc in order:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text[:4096])) <= 2:
            return text
    return None


def _normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _decode_loose(data: bytes) -> str:
    """Last resort for bytes that are neither valid UTF-8 nor GB18030."""
    candidates = [data.decode("utf-8", errors="replace"), data.decode("gb18030", errors="replace")]
    return min(candidates, key=lambda s: s.count("\ufffd"))


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``: BOM, UTF-16 sniffing, ``declared``, UTF-8, GB18030.

    ``declared`` is a charset named by the file itself (an HTML ``<meta>``); it
    is trusted unless the bytes contradict it (see :func:`_decode_declared`).
    The result has no BOM and only ``\\n`` line ends.
    """
    body, enc = _strip_bom(data)
    if enc is not None:
        try:
            return _normalise_newlines(body.decode(enc))
        except UnicodeDecodeError:
            pass  # a damaged file: try the byte encodings, without the BOM's bytes
    else:
        text = _utf16_without_bom(data)
        if text is not None:
            return _normalise_newlines(text)
    _refuse_binary(body)
    if declared is not None:
        text = _decode_declared(body, declared)
        if text is not None:
            return _normalise_newlines(text)
    try:
        return _normalise_newlines(body.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    # UTF-8 cut mid-character (a crawler's byte limit) or with a stray bad byte
    # would often decode "cleanly" as GB18030 mojibake: a handful of UTF-8 errors
    # keeps it UTF-8. GBK text read as UTF-8 fails on nearly every character.
    loose = body.decode("utf-8", errors="replace")
    if loose.count("\ufffd") <= max(1, len(body) // 2000):
        return _normalise_newlines(loose)
    try:
        return _normalise_newlines(body.decode("gb18030"))
    except UnicodeDecodeError:
        pass
    return _normalise_newlines(_decode_loose(body))


# C0 control bytes other than tab, newline, carriage return and form feed: no
# encoding of Chinese text uses them (UTF-16 is recognised before this test).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SAMPLE = 65536


def _refuse_binary(data: bytes) -> None:
    """Fail fast on binary data: a 10 MB random file must not reach the parser."""
    sample = data[:_SAMPLE]
    controls = len(_CONTROL_BYTES.findall(sample))
    if controls > max(8, len(sample) // 100):
        raise ReaderError(
            f"binary data, not a text report ({controls:,} control bytes in the first "
            f"{len(sample):,})"
        )


_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "gb_2312-80", "euc-cn"}


def _decode_declared(data: bytes, declared: str) -> str | None:
    name = declared.strip().lower()
    if name in _GB_FAMILY:
        name = "gb18030"
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        # Bytes we could sniff a <meta> from are not UTF-16 (HTML spec: use UTF-8).
        name = "utf-8"
    if name != "utf-8" and not data.isascii():
        # Crawlers often re-save a GBK page as UTF-8 but keep its <meta>; real GBK
        # text is valid UTF-8 only by freak chance, so valid UTF-8 wins.
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes) -> str:
    """Decode the bytes of a plain-text report.

    Order: a BOM (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); UTF-16 without a BOM
    (NUL bytes on one parity); strict UTF-8; UTF-8 with at most one bad
    sequence per 2000 bytes (a file cut mid-character); strict GB18030 (covers
    GBK and GB2312). Bytes valid in none are decoded with replacement characters
    by whichever of UTF-8/GB18030 needs fewer. The BOM is removed and line ends
    are normalised to ``\\n``.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ReaderError(f"decode_text needs bytes, got {type(data).__name__}")
    return decode(bytes(data))


class Located(str):
    """Text a grid reader made, knowing where its table rows came from:
    ``places[line]`` is ``(table, row)`` (both 1-based) for each line of the text
    that is a row of a table of the source file."""

    places: dict[int, tuple[int, int]]


#: A line of a reader's output and, for a table row, its (table, row) in the file.
Mark = tuple[int, int] | None


def join_located(lines: list[str], marks: list[Mark]) -> Located:
    """The reader's text (lines joined, blank lines at either end dropped, a final
    newline) with the places of its table rows."""
    joined = "\n".join(lines)
    text = joined.strip("\n")
    shift = len(joined) - len(joined.lstrip("\n"))
    out = Located(text + "\n" if text else "")
    out.places = {}
    number = 1
    for line, mark in zip(lines, marks):
        if mark is not None and number - shift >= 1:
            out.places[number - shift] = mark
        number += line.count("\n") + 1
    return out
