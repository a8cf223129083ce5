"""Stage 1: normalise characters and table layouts.

Every input layout (tab-separated, one cell per line, GFM pipe tables, cells split
by spaces, cells run together) becomes one form that the table grammars read:

* full-width ASCII, brackets and spaces become ASCII;
* a known cell boundary is a tab, an empty grid cell is :data:`GAP`;
* spaces inside Chinese labels are removed (``（三）不予 公开`` → ``(三)不予公开``);
* a row ordinal glued to the figures before it is split off (``…0002.没有`` →
  ``…000 2.没有``), thousands separators are dropped, page markers removed.

Narrative text is never passed through here: it is kept as the source has it.
"""

from __future__ import annotations

import re

from .numerals import COUNT_UNITS, NUMERAL_CHARS

__all__ = ["COVER", "GAP", "PAD", "SPAN", "is_chinese", "normalise_chars", "normalise_table"]

#: An empty cell of a grid; the grammars' ``GAP`` terminal.
GAP = "\ue000"
#: A cell a grid reader added to make a short row as wide as the table: the row
#: lost a cell (a ``<td>``) somewhere, so its cells' places are not known.
PAD = "\ue001"
#: Marks a figure of a grid cell merged over several columns or rows where the
#: table's header (or the rows' labels) do not make them one column (or one row):
#: a grid reader writes ``SPAN`` and the figure at every position the cell
#: covers, since which of them it states is not known.
SPAN = "\ue002"
#: Marks the positions after the first of a figure merged over columns only (no
#: rows): ``COVER`` and the figure. Past its row's last field, where the grid is
#: wider than the row (2019's 行政事业性收费 under a four-column header), such a
#: merge states one cell, the one it starts at (:func:`~govreport.assemble.cells.read_once`).
COVER = "\ue003"

_FULLWIDTH: dict[int, int | None] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update(
    {
        0x3000: 0x20,  # ideographic space
        0x00A0: 0x20,  # no-break space
        0x2002: 0x20,
        0x2003: 0x20,
        0x2009: 0x20,
        0x200B: None,  # zero-width space and joiners
        0x200C: None,
        0x200D: None,
        0xFEFF: None,
        0x2212: ord("-"),  # minus sign
        0xFE63: ord("-"),
        0x3014: ord("("),  # 〔 〕 are kept in narrative; in tables they are brackets
        0x3015: ord(")"),
        0x2502: ord("|"),  # box-drawing bar
    }
)

# The characters _FULLWIDTH maps, in runs: translating only these runs is the
# same as translating the whole text, and several times faster on Chinese text
# (str.translate looks every character up in the table). The class is written
# once alone before its repeat: a pattern that starts with a class, not a repeat,
# is searched by the regex engine's fast scan for the class.
_MAPPED_CHAR = "[" + "".join(re.escape(chr(c)) for c in sorted(_FULLWIDTH)) + "]"
_MAPPED = re.compile(f"{_MAPPED_CHAR}{_MAPPED_CHAR}*")

# (A class with a wide range such as the CJK characters' costs milliseconds to
# compile, the range walked a character at a time: the patterns below test a
# wider class, any character past Latin-1, and leave the exact test to Python.)
# Spaces between two pieces of Chinese label text (or its brackets and quotes).
_LABEL_LEFT = '、“”"()/:,'
_LABEL_RIGHT = '“”"('
# The spaces of a run between two characters that may be such text (beyond
# Latin-1, or one of the ASCII marks): found from the space, a fast literal
# search; _label_space tells the exact characters.
_LABEL_SPACE = re.compile(r"[ ](?<=(?:[^\x00-\xff]|[\"()/:,])[ ])[ ]*(?=[^\x00-\xff]|[\"(])")
# "1. 属于" and "1、属于": an ordinal's point, and no space after it (group 2); or
# a row ordinal glued to the figures before it: "00000002.没有" -> "0000000 2.没有";
# where Chinese text follows (_ordinal tells).
_ORDINAL = re.compile(r"(\d)(\.[ ]+|、)?(?=(?(2)|\d(?:\.[ ]*|、))[^\x00-\xff])")
# An ordinal's point before what may be Chinese text: a quick test.
_ORDINAL_POINT = re.compile(r"\.[^\x00-\xff]")
# A figure in Chinese numerals standing as a word of its own (``规章 二十 三 十五``):
# the spaces around it are cell boundaries, not spaces inside a label.
_NUMERAL_WORD = re.compile(rf"(?<![^ \t\n])[{NUMERAL_CHARS}]+(?:{COUNT_UNITS})?(?![^ \t\n])")
# Marks a numeral word's edges while label spaces are removed: a character of its
# own, apart from GAP, PAD, SPAN and COVER, which must survive this step.
_KEEP = "\ue00f"
_GROUPED = re.compile(r",\d\d\d")  # a quick test before the exact pattern
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
# A line that is only a page marker: "- 3 -", "第 3 页 共 9 页", "3/9".
_PAGE_MARKER = re.compile(
    r"[ \t]*(?:[-—–]{1,2}[ \t]*\d{1,4}[ \t]*[-—–]{1,2}"
    r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"
    r"|\d{1,3}[ \t]*/[ \t]*\d{1,3})[ \t]*"
)
_GFM_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def is_chinese(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph (U+3400 to U+9FFF), as table text is."""
    return "\u3400" <= char <= "\u9fff"


def _label_space(m: re.Match[str]) -> str:
    """A run of spaces dropped when it stands between two pieces of label text."""
    left, right = m.string[m.start() - 1], m.string[m.end()]
    if (left in _LABEL_LEFT or is_chinese(left)) and (right in _LABEL_RIGHT or is_chinese(right)):
        return ""
    return m.group()


def _ordinal(m: re.Match[str]) -> str:
    """An ordinal's point written ``.``, or a space before a glued ordinal, where
    the character :data:`_ORDINAL` looked ahead to is Chinese text."""
    text, point = m.string, m.group(2)
    at = m.end()
    if not point:
        at += 2  # past the ordinal's digit and its point (or 、), and spaces
        while text[at] == " ":
            at += 1
    if not is_chinese(text[at]):
        return m.group()
    return m.group(1) + ("." if point else " ")


def normalise_chars(text: str) -> str:
    """Full-width forms to ASCII, odd spaces to spaces, line ends to ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _MAPPED.sub(_translated, text)


def _translated(run: re.Match[str]) -> str:
    return run.group().translate(_FULLWIDTH)


def _cells(cells: list[str]) -> str:
    return "\t".join([c.strip() or GAP for c in cells])


#: What a page marker's line starts with, once stripped (a quick test before it).
_MARKER_START = frozenset("-—–第")


def _layout(text: str) -> list[str]:
    """Rewrite each line so that known cell boundaries are tabs."""
    out: list[str] = []
    pending: list[str] = []  # cells of a one-cell-per-line row being collected
    for raw in text.split("\n"):
        line = raw.strip()
        # A blank or page-marker line is dropped, inside a row collected cell by
        # cell too.
        if not line:
            continue
        first = line[0]
        if (first in _MARKER_START or first.isdigit()) and _PAGE_MARKER.fullmatch(raw):
            continue
        if line[-1] == "|" and first != "|":
            if line.count("|") == 1:  # one cell of a row written cell by cell
                pending.append(line[:-1].rstrip())
                continue
        elif first == "|" and not line.lstrip("|"):  # a line of pipes only
            if pending:
                out.append(_cells(pending))
                pending = []
            continue
        if pending:
            out.append(_cells(pending))
            pending = []
        if "--" in line and _GFM_RULE.match(line):
            continue
        if first == "|" and line.count("|") >= 2:
            parts = line.split("|")[1:]
            if parts and not parts[-1].strip():
                parts = parts[:-1]
            out.append(_cells(parts))
        elif "\t" in raw:
            out.append(_cells(raw.split("\t")))
        else:
            out.append(_MD_HEADING.sub("", line) if first == "#" else line)
    if pending:
        out.append(_cells(pending))
    return out


def normalise_table(text: str) -> str:
    """The text of one table section, in the form the grammars read.

    ``text`` may already have been through :func:`normalise_chars`; doing it
    again changes nothing.
    """
    text = "\n".join(_layout(normalise_chars(text)))
    # Each pass runs only where what it rewrites is found (marking the numeral
    # words only takes away places where a label's space can be dropped).
    if _LABEL_SPACE.search(text):
        numerals = _NUMERAL_WORD.search(text) is not None
        if numerals:
            text = _NUMERAL_WORD.sub(lambda m: _KEEP + m.group() + _KEEP, text)
        text = _LABEL_SPACE.sub(_label_space, text)
        if numerals:
            text = text.replace(_KEEP, "")
    if "、" in text or ". " in text or _ORDINAL_POINT.search(text):
        # One pass for both: the ordinal's point first, then the figure before
        # the ordinal (looked at as the point will be).
        text = _ORDINAL.sub(_ordinal, text)
    if _GROUPED.search(text):
        text = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), text)
    return text
