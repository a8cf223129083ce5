"""Stage 3a: the tokenizer of a table section: named regexes, built from the template.

Every table form has one master pattern whose alternatives are the form's tokens:
row labels (from :mod:`govreport.template`), header phrases, cells and text. The
alternatives are ordered as Lark orders terminals (priority, then width), so that a
label is never swallowed by the text around it. One pass over each line turns it
into :class:`Item` records:

* ``row``: one or more labels, then the cells after them;
* ``text`` (``header`` in section 四): header words or other text, then cells;
* ``values``: cells with no label before them on the line.

Which template row a line is, and whether the table is clean, is decided by the
grammars (:mod:`govreport.tables`) or, where they refuse it, by recovery.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

import attrs
from lark.utils import get_regexp_width

from .model import TemplateVersion
from .normalise import GAP
from .template import (
    ACTIVE_HEADER_PATTERNS,
    ACTIVE_ROWS,
    ACTIVE_TERMINALS,
    AMOUNT_HEADER_PATTERN,
    APPLICATION_GROUPS,
    APPLICATION_HEADER_PATTERNS,
    REVIEW_HEADER_PATTERN,
    SUBTABLE_PATTERN,
    application_rows,
)

__all__ = ["Cell", "CellKind", "Item", "ItemKind", "TableForm", "scan"]

TableForm = Literal["active_2019", "active_2021", "applications", "reviews"]
CellKind = Literal["number", "blank", "gap"]
ItemKind = Literal["row", "text", "header", "values"]

#: A figure: digits, an optional decimal part, an optional unit of its own.
NUMBER = r"-?\d+(?:\.\d+)?(?:万元|元|个|件|项|条)?"
#: A cell that states nothing: "/", "-", "—", "无" standing alone.
BLANK = r"(?:[\/\-—–]+|无)(?=[\t\n \ue000]|$)"


class Cell(NamedTuple):
    """One cell as read: ``text`` is the token (``"12"``, ``"3443000元"``, ``"-"``),
    or ``""`` for an empty grid cell."""

    text: str
    kind: CellKind


@attrs.frozen
class Item:
    """A row (``labels`` set), a line of cells (``kind == "values"``) or text."""

    kind: ItemKind
    labels: tuple[str, ...]
    cells: tuple[Cell, ...]
    line: int
    text: str = ""
    #: How many cells the item's grid line has (0 when it is not a grid line).
    width: int = 0
    #: Text made only of the template's own header words (no stray text).
    plain: bool = False

    @property
    def grid(self) -> bool:
        """Whether the item's line has known cell boundaries (tabs, pipes, a grid)."""
        return self.width > 0


# Token classes of the master pattern.
_LABEL, _HEADER, _KEPT, _CELL, _WS, _TEXT = "label", "header", "kept", "cell", "ws", "text"


@attrs.frozen
class _Terminal:
    name: str
    pattern: str
    priority: int
    role: str


def _terminals(form: TableForm) -> list[_Terminal]:
    """The form's tokens, in the order Lark would try them."""
    out: list[_Terminal] = []
    if form == "applications":
        seen: set[str] = set()
        versions: tuple[TemplateVersion, ...] = ("2021", "2019")
        for v in versions:
            specs = [(r.terminal, r.pattern) for r in application_rows(v)]
            for name, pattern in [*specs, *APPLICATION_GROUPS[v]]:
                if name not in seen:
                    seen.add(name)
                    out.append(_Terminal(name, pattern, 5, _LABEL))
        out.append(_Terminal("_HEADER", "|".join(APPLICATION_HEADER_PATTERNS), 4, _HEADER))
    elif form == "reviews":
        out.append(_Terminal("_HEADER", REVIEW_HEADER_PATTERN, 4, _HEADER))
    else:
        version: TemplateVersion = "2021" if form == "active_2021" else "2019"
        for key, _, _ in ACTIVE_ROWS[version]:
            name, pattern = ACTIVE_TERMINALS[key]
            out.append(_Terminal(name, pattern, 5, _LABEL))
        out.append(_Terminal("SUBTABLE", SUBTABLE_PATTERN, 4, _KEPT))
        if version == "2019":
            out.append(_Terminal("AMOUNT_HEADER", AMOUNT_HEADER_PATTERN, 4, _KEPT))
        out.append(_Terminal("_HEADER", "|".join(ACTIVE_HEADER_PATTERNS[version]), 4, _HEADER))
    out += [
        _Terminal("NUMBER", NUMBER, 3, _CELL),
        _Terminal("BLANK", BLANK, 3, _CELL),
        _Terminal("GAP", GAP, 3, _CELL),
        _Terminal("WS_INLINE", r"[ \t]+", 0, _WS),
        _Terminal("TEXT", r"[^\t\n \d\ue000]", 0, _TEXT),
    ]
    out.sort(key=lambda t: (-t.priority, -get_regexp_width(t.pattern)[1], -len(t.pattern), t.name))
    return out


class _Lexer(NamedTuple):
    pattern: re.Pattern[str]
    roles: dict[str, str]  # group name -> token class
    names: dict[str, str]  # group name -> terminal name


@functools.cache
def _lexer(form: TableForm) -> _Lexer:
    terminals = _terminals(form)
    groups = {f"t{i}": t for i, t in enumerate(terminals)}
    pattern = "|".join(f"(?P<{g}>{t.pattern})" for g, t in groups.items())
    return _Lexer(
        re.compile(pattern),
        {g: t.role for g, t in groups.items()},
        {g: t.name for g, t in groups.items()},
    )


_CELL_KINDS: dict[str, CellKind] = {"NUMBER": "number", "BLANK": "blank", "GAP": "gap"}


def scan(form: TableForm, text: str, *, first_line: int = 1) -> list[Item]:
    """The items of a normalised table section (see :func:`normalise.normalise_table`).

    Never fails: any character is at worst a piece of text.
    """
    lexer = _lexer(form)
    items: list[Item] = []
    for number, source in enumerate(text.split("\n"), 1):
        width = source.count("\t") + 1 if ("\t" in source or GAP in source) else 0
        for item in _line_items(lexer, source, number, form == "reviews"):
            # A header with no cells has no line of its own (as the grammar had it).
            line = item.line
            items.append(
                attrs.evolve(
                    item,
                    line=line + first_line - 1 if line else first_line - 1,
                    width=width if line else 0,
                )
            )
    return items


def _line_items(lexer: _Lexer, source: str, number: int, headers: bool) -> Iterator[Item]:
    """One line's items: runs of one token class, each with the cells after it."""
    role = ""  # the class of the open run: label, text or header
    words: list[str] = []  # the run's kept token strings
    names: list[str] = []  # the run's label names
    plain = True
    cells: list[Cell] = []
    for m in lexer.pattern.finditer(source):
        group = m.lastgroup or ""
        what = lexer.roles[group]
        if what == _WS:
            continue
        if what == _CELL:
            name = lexer.names[group]
            cells.append(Cell("" if name == "GAP" else m.group(), _CELL_KINDS[name]))
            continue
        run = _LABEL if what == _LABEL else (_HEADER if headers and what == _HEADER else _TEXT)
        if cells or run != role:
            if role or cells:
                yield _item(role, names, words, cells, number, plain)
            role, words, names, cells, plain = run, [], [], [], True
        if what == _LABEL:
            names.append(lexer.names[group])
            words.append(m.group())
        elif what != _HEADER:
            words.append(m.group())
            plain = plain and what == _KEPT
    if role or cells:
        yield _item(role, names, words, cells, number, plain)


def _item(
    role: str, names: list[str], words: list[str], cells: list[Cell], number: int, plain: bool
) -> Item:
    if not role:
        return Item("values", (), tuple(cells), number)
    if role == _LABEL:
        return Item("row", tuple(names), tuple(cells), number, "".join(words))
    kind: ItemKind = "header" if role == _HEADER else "text"
    line = number if (words or cells) else 0
    return Item(kind, (), tuple(cells), line, "".join(words), plain=plain)
