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
import sys
from typing import Any, Literal, NamedTuple

from .model import TemplateVersion

# The regex parser's own modules, to find the characters a token can start with.
if sys.version_info >= (3, 11):
    import re._constants as _C
    import re._parser as _parser
else:  # pragma: no cover
    import sre_constants as _C
    import sre_parse as _parser

from .canonical import A1_NOTE
from .normalise import COVER, GAP, PAD, SPAN, normalise_table
from .numerals import COUNT_UNITS, NUMERAL_CHARS
from .template import (
    ACTIVE_HEADER_PATTERNS,
    ACTIVE_ROWS,
    ACTIVE_TERMINALS,
    AMOUNT_HEADER_PATTERN,
    APPLICANT_HEADERS,
    APPLICATION_GROUPS,
    APPLICATION_HEADER_PATTERNS,
    REVIEW_GROUPS,
    REVIEW_HEADER_PATTERN,
    REVIEW_HEADERS,
    SUBTABLE_PATTERN,
    SUBTABLES,
    application_rows,
)

__all__ = ["GAP_CELL", "Cell", "CellKind", "Item", "ItemKind", "Note", "TableForm", "scan"]

TableForm = Literal["active_2019", "active_2021", "applications", "reviews"]
CellKind = Literal["number", "blank", "gap", "text", "span", "covered", "numeral"]
ItemKind = Literal["row", "text", "header", "values"]

# (A character class that holds a character beyond U+00FF and is no one or two
# ranges compiles to a 64K-entry map, a third of a millisecond each time it is
# written; these patterns are in most that a first parse compiles. So a cell's
# edges below are alternations, not classes holding GAP: the same test.)
#: Where a cell may end: at a space, a tab, a line's end, GAP or the text's end.
_CELL_END = r"(?=[\t\n ]|\ue000|$)"
#: A figure: digits, an optional decimal part, an optional unit of its own.
NUMBER = r"-?\d+(?:\.\d+)?(?:万元|元|个|件|项|条)?"
#: A cell that states nothing: "/", "-", "—", "无" standing alone.
BLANK = r"(?:[\/\-—–]+|无)" + _CELL_END
#: A figure in Chinese numerals standing alone where a cell may stand (二十, 一百零五,
#: 三件): a whole word or grid field, so that an ordinal (三、 （三）) never is one.
#: Whether it is a well-formed count is for the reading of the cell to say.
_NUMERAL_WORD = f"[{NUMERAL_CHARS}]+(?:{COUNT_UNITS})?"
NUMERAL = r"(?:^|(?<=[\t ])|(?<=\ue000))" + _NUMERAL_WORD + _CELL_END
#: A note inside a cell, after its figure: （其中修订16件）, （含…）. Never a cell: its
#: own figure is no figure of the table.
NOTE = r"\((?:其中|含|包括|注)(?:(?!\ue000)[^()\t\n]){0,40}\)"


class Cell(NamedTuple):
    """One cell as read: ``text`` is the token (``"12"``, ``"3443000元"``, ``"-"``),
    or ``""`` for an empty grid cell. A ``text`` cell is a grid cell that holds
    words where a figure belongs (``二十``): never a figure, always reported. A
    ``span`` cell is a figure merged over cells its table does not make one
    (:data:`~govreport.normalise.SPAN`): which of them it states is not known;
    a ``covered`` cell is a position after the first of one merged over columns
    only (:data:`~govreport.normalise.COVER`)."""

    text: str
    kind: CellKind


class Note(NamedTuple):
    """A note inside a cell (``(其中修订16件)``): ``after`` is how many of the
    item's cells stand before it (the note is about the last of them)."""

    after: int
    text: str


class Item(NamedTuple):
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
    #: A grid line a reader padded: the row lost a cell, its cells' places unknown.
    padded: bool = False
    #: The header words of a header item (section 四: 行政复议, 复议后起诉 …).
    heads: tuple[str, ...] = ()
    #: Notes inside the item's cells, kept out of its cells.
    notes: tuple[Note, ...] = ()

    @property
    def grid(self) -> bool:
        """Whether the item's line has known cell boundaries (tabs, pipes, a grid)."""
        return self.width > 0


# Token classes of the master pattern.
_LABEL, _HEADER, _KEPT, _CELL, _WS, _TEXT = "label", "header", "kept", "cell", "ws", "text"
_NOTE = "note"


class _Terminal(NamedTuple):
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
        _Terminal("NOTE", NOTE, 4, _NOTE),
        _Terminal("NUMERAL", NUMERAL, 3, _CELL),
        _Terminal("NUMBER", NUMBER, 3, _CELL),
        _Terminal("BLANK", BLANK, 3, _CELL),
        _Terminal("GAP", GAP, 3, _CELL),
        _Terminal("SPAN", SPAN + f"(?:{NUMBER}|{_NUMERAL_WORD})", 3, _CELL),
        _Terminal("COVER", COVER + f"(?:{NUMBER}|{_NUMERAL_WORD})", 3, _CELL),
        _Terminal("WS_INLINE", r"[ \t]+", 0, _WS),
        _Terminal("TEXT", r"[^\t\n \d\ue000]", 0, _TEXT),
    ]
    out.sort(key=lambda t: (-t.priority, -_max_width(t.pattern), -len(t.pattern), t.name))
    return out


#: Cell kinds whose token starts with a marker character, not part of the text.
_MARKED = ("span", "covered")

_CELL_KINDS: dict[str, CellKind] = {
    "NUMBER": "number",
    "BLANK": "blank",
    "GAP": "gap",
    "SPAN": "span",
    "COVER": "covered",
    "NUMERAL": "numeral",
}


@functools.cache
def _max_width(pattern: str) -> int:
    """The longest match ``pattern`` can make (as Lark measures it, to order tokens)."""
    return min(int(_parsed(pattern).getwidth()[1]), _MAXWIDTH)


@functools.cache
def _parsed(pattern: str) -> Any:
    """``pattern`` parsed by the regex parser, once for every use here (parsing
    the template's labels is much of building a lexer, on a fresh start)."""
    return _parser.parse(pattern)


_MAXWIDTH = int(getattr(_parser, "MAXWIDTH", _C.MAXREPEAT))


#: One thing a token may start with: ("c", char), ("r", (lo, hi)) or ("k", category).
Start = tuple[str, Any]


def _first(items: list[tuple[Any, Any]]) -> tuple[set[Start] | None, bool]:
    """What a parsed regex can start with (``None``: anything), and whether it
    can match the empty string."""
    out: set[Start] = set()
    for op, av in items:
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue  # zero-width
        if op is _C.LITERAL:
            return out | {("c", chr(av))}, False
        if op is _C.IN:
            if any(o not in (_C.LITERAL, _C.RANGE, _C.CATEGORY) for o, _ in av):
                return None, False
            return out | {_start(o, a) for o, a in av}, False
        if op is _C.SUBPATTERN:
            branches = [list(av[-1])]
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            branches = [list(av[2])]
        elif op is _C.BRANCH:
            branches = [list(seq) for seq in av[1]]
        else:
            return None, False
        nullable = op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[0] == 0
        for branch in branches:
            chars, empty = _first(branch)
            if chars is None:
                return None, False
            out |= chars
            nullable = nullable or empty
        if not nullable:
            return out, False
    return out, True


def _start(op: Any, av: Any) -> Start:
    if op is _C.LITERAL:
        return ("c", chr(av))
    if op is _C.RANGE:
        return ("r", (chr(av[0]), chr(av[1])))
    return ("k", av)


# How a character class's categories read as str methods (the re module's own
# meanings for str patterns).
_CATEGORIES: dict[Any, Any] = {
    _C.CATEGORY_DIGIT: str.isdecimal,
    _C.CATEGORY_SPACE: str.isspace,
    _C.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
}


def _starts_with(starts: set[Start] | None, char: str) -> bool:
    if starts is None:
        return True
    for kind, value in starts:
        if kind == "c" and char == value:
            return True
        if kind == "r" and value[0] <= char <= value[1]:
            return True
        if kind == "k" and _CATEGORIES.get(value, lambda c: True)(char):
            return True
    return False


def _class_item(start: Start) -> str:
    kind, value = start
    if kind == "c":
        return re.escape(str(value))
    if kind == "r":
        return f"{re.escape(value[0])}-{re.escape(value[1])}"
    return {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_SPACE: r"\s", _C.CATEGORY_WORD: r"\w"}.get(
        value, r"\s\S"
    )


@functools.cache
def _analysis(pattern: str) -> tuple[set[Start] | None, bool]:
    """:func:`_first` of a pattern, parsed once for every form that has it."""
    return _first(list(_parsed(pattern).data))


#: A character of text (the run goes on with :attr:`_Lexer.text_tail`). GAP
#: (U+E000) is kept out by a look-ahead, not in the class: a class holding a
#: character beyond U+00FF compiles to a 64K-entry bitmap (milliseconds), and this
#: one is in most patterns :meth:`_Lexer.at` compiles on a first parse.
_TEXT_CHAR = r"(?!\ue000)[^\t\n \d]"


class _Lexer:
    """The form's tokens, tried by the character a token starts with.

    One alternation of every token would try each alternative at every place;
    instead each character gets (and caches) an alternation of only the tokens
    that can start with it, in the same priority order, so the first that
    matches is the token a priority-ordered lexer would take. Whitespace after
    a token is consumed with it (the grammar ignores it).
    """

    def __init__(self, terminals: list[_Terminal]) -> None:
        self.terminals = terminals
        self.starts: list[set[Start] | None] = []
        for t in terminals:
            chars, empty = _analysis(t.pattern)
            self.starts.append(None if empty else chars)
        # Text runs on over characters that start no other token: one match for
        # a run of text instead of one a character, the same tokens in the end.
        lead: set[Start] = set()
        for t in terminals:
            if t.role not in (_TEXT, _WS):
                lead |= _analysis(t.pattern)[0] or set()
        tail = "".join(sorted(_class_item(x) for x in lead))
        self.text_tail = re.compile(rf"[^\t\n \d\ue000{tail}]*[ \t]*")
        self.info: dict[str, tuple[str, str, CellKind | None]] = {
            f"t{i}": (t.role, t.name, _CELL_KINDS.get(t.name)) for i, t in enumerate(terminals)
        }
        self._by_char: dict[str, re.Pattern[str]] = {}
        self._by_choice: dict[tuple[int, ...], re.Pattern[str]] = {}
        # What a cell token may start with.
        self.cell_starts: set[Start] = set()
        for t in terminals:
            if t.role == _CELL:
                self.cell_starts |= _analysis(t.pattern)[0] or set()
        self.cell_run, self._cell_split = self._cell_patterns()
        self._starts_cell: dict[str, bool] = {}
        #: The tokens of the template's wordings met so far (see :func:`scan`).
        self.known: dict[str, list[_Step]] = {}

    @functools.cached_property
    def cell_split(self) -> re.Pattern[str]:
        """The pattern that splits a run of cells into cells, compiled when first
        needed: most runs are plain figures and gaps (see :func:`_split_cells`)."""
        return re.compile(self._cell_split)

    @functools.cached_property
    def cell_groups(self) -> tuple[tuple[int, CellKind], ...]:
        """Where each kind's text is in a tuple that ``cell_split.findall`` gives."""
        index = self.cell_split.groupindex
        return tuple((index[kind] - 1, kind) for kind in _CELL_KINDS.values() if kind in index)

    @functools.cached_property
    def number_at(self) -> int:
        """Where a plain figure's text is in a tuple that ``cell_split.findall`` gives."""
        return self.cell_split.groupindex["number"] - 1

    def starts_cell(self, char: str) -> bool:
        """Whether a cell token can start with ``char``."""
        found = self._starts_cell.get(char)
        if found is None:
            found = self._starts_cell[char] = _starts_with(self.cell_starts, char)
        return found

    def _cell_patterns(self) -> tuple[re.Pattern[str], str]:
        """A run of cells in one match, and the pattern that splits it into cells.

        The cell tokens come after the labels and headers in Lark's order, so a
        cell is taken only where none of those matches (a label may start with a
        digit: ``1.属于国家秘密``): the run ends before any place where such a
        token may start. Each cell is then the first cell token that matches, as
        :meth:`at` would take it.
        """
        cells = [t for t in self.terminals if t.role == _CELL]
        starts = self.cell_starts
        guard = [
            t.pattern
            for t, s in zip(self.terminals, self.starts)
            if t.priority > cells[0].priority and _may_start_a_cell(s, starts)
        ]
        alts = "|".join(f"(?P<{_CELL_KINDS[t.name]}>{t.pattern})" for t in cells)
        ahead = ""
        if guard:
            # The run stops where a label may start, by its first two characters
            # (``1.`` may start one, ``1\t`` cannot): the caller goes on token by
            # token there. (Trying the labels themselves costs more than the run.)
            quick = _quick_test(guard, starts) or "|".join(f"(?:{g})" for g in guard)
            ahead = f"(?!{quick})"
        # The run needs no groups, only its extent: a group inside a repeat costs
        # the regex engine a save at every cell. Its figures and gaps are tried
        # first, the commonest cells: no two cell tokens match at one place (each
        # starts with characters of its own, and a blank's dashes must end the
        # cell where a figure's minus is followed by a digit), so the order of
        # trying them changes no run.
        common = ("NUMBER", "GAP")
        ordered = sorted(cells, key=lambda t: t.name not in common)
        run = "|".join(f"(?:{t.pattern})" for t in ordered)
        return re.compile(f"(?:{ahead}(?:{run})[ \t]*)+"), f"(?:{alts})[ \t]*"

    def at(self, char: str) -> re.Pattern[str]:
        """The alternation of the tokens that can start with ``char``."""
        pattern = self._by_char.get(char)
        if pattern is None:
            choice = tuple(i for i, s in enumerate(self.starts) if _starts_with(s, char))
            pattern = self._by_choice.get(choice)
            if pattern is None:
                alts = "|".join(f"(?P<t{i}>{self._pattern(i)})" for i in choice)
                pattern = self._by_choice[choice] = re.compile(f"(?:{alts})[ \t]*")
            self._by_char[char] = pattern
        return pattern

    def _pattern(self, i: int) -> str:
        t = self.terminals[i]
        return _TEXT_CHAR if t.role == _TEXT else t.pattern


def _quick_test(patterns: list[str], cell: set[Start]) -> str:
    """A regex that matches wherever one of ``patterns`` can match at the start
    of a cell: their first two characters (``""``: no such test worked out)."""
    alts: set[str] = set()
    for pattern in patterns:
        heads = _heads(list(_parsed(pattern).data), 2)
        if heads is None:
            return ""
        for head in heads:
            first = head[0] if head else None
            if first is None or len(first) > 1 or first[0][0] != "c":
                pass  # a class or a category: it may hold a cell's first character
            elif not _starts_with(cell, first[0][1]):
                continue  # starts with a character no cell starts with
            alts.add("".join("[" + "".join(_class_item(x) for x in c) + "]" for c in head))
    return "|".join(sorted(alts)) if "" not in alts else ""


#: A character class as :func:`_heads` gives it: what the character may be.
_Class = tuple[Start, ...]


def _heads(items: list[tuple[Any, Any]], n: int) -> set[tuple[_Class, ...]] | None:
    """The first ``n`` characters a parsed regex can match, as character classes
    (fewer where it can end sooner); ``None`` where that is not worked out."""
    if n == 0 or not items:
        return {()}
    (op, av), rest = items[0], items[1:]
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return _heads(rest, n)  # zero-width: dropping it only widens the set
    if op is _C.LITERAL or op is _C.IN:
        if op is _C.IN and any(o not in (_C.LITERAL, _C.RANGE, _C.CATEGORY) for o, _ in av):
            return None
        char = (_start(op, av),) if op is _C.LITERAL else tuple(_start(o, a) for o, a in av)
        after = _heads(rest, n - 1)
        return None if after is None else {(char, *t) for t in after}
    if op is _C.SUBPATTERN:
        return _heads(list(av[-1]) + rest, n)
    if op is _C.BRANCH:
        options = [list(b) + rest for b in av[1]]
    elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
        low, high, body = av
        again = [(op, (max(low - 1, 0), high - 1, body))] if high > 1 else []
        options = ([rest] if low == 0 else []) + ([list(body) + again + rest] if high else [])
    else:
        return None
    out: set[tuple[_Class, ...]] = set()
    for option in options:
        found = _heads(option, n)
        if found is None:
            return None
        out |= found
    return out


def _may_start_a_cell(token: set[Start] | None, cell: set[Start]) -> bool:
    """Whether a token that starts as ``token`` says may start where a cell
    (starting as ``cell`` says) does; ranges and categories count as may."""
    if token is None:
        return True
    return any(kind != "c" or _starts_with(cell, value) for kind, value in token)


@functools.cache
def _lexer(form: TableForm) -> _Lexer:
    return _Lexer(_terminals(form))


def scan(form: TableForm, text: str, *, first_line: int = 1) -> list[Item]:
    """The items of a normalised table section (see :func:`normalise.normalise_table`).

    Never fails: any character is at worst a piece of text.
    """
    lexer = _lexer(form)
    headers = form == "reviews"
    items: list[Item] = []
    shift = first_line - 1
    # A grid line's tokens are its fields' tokens one after another (no token
    # crosses a tab, and every look-around of a token takes a tab as it takes the
    # end of the text), so each field of this table is read once: most are a
    # figure or a gap, met again and again. A line with no grid is read whole, and
    # looked up the same way (the tokens of a string are the same wherever it
    # stands). The template's own wordings are read once for every table.
    fields = lexer.known.copy()
    for number, source in enumerate(text.split("\n"), 1):
        width = source.count("\t") + 1 if ("\t" in source or GAP in source) else 0
        padded = PAD in source
        if padded:
            source = source.replace(PAD, "")
        if width:
            steps: list[_Step] = []
            for field in source.split("\t"):
                read = fields.get(field)
                if read is None:
                    read = fields[field] = _read(lexer, field)
                steps += read
        else:
            read = fields.get(source)
            if read is None:
                read = fields[source] = _read(lexer, source)
            steps = read
        line = _items(steps, number + shift, width, headers)
        items += [i._replace(padded=True) for i in line] if padded else line
    return items


def _read(lexer: _Lexer, source: str) -> list[_Step]:
    """:func:`_tokens` of ``source``, kept for every later table if ``source`` is
    one of the template's wordings (the lists are shared: never changed)."""
    steps = _tokens(lexer, source)
    if source in _WORDINGS:
        lexer.known[source] = steps
    return steps


def _template_wordings() -> frozenset[str]:
    """The template's own wordings of its labels and headers, as a table's
    normalised text has them, and the commonest cells (a gap, a digit): the
    strings most table fields and many lines are. (Which strings are here
    changes no result: a string's tokens are the same looked up or read.)"""
    words: list[str] = [A1_NOTE, *APPLICANT_HEADERS.values()]
    # The header patterns' alternatives that are words, not patterns (信息内容 …).
    headers = [*APPLICATION_HEADER_PATTERNS, REVIEW_HEADER_PATTERN]
    headers += [p for v in ("2019", "2021") for p in ACTIVE_HEADER_PATTERNS[v]]
    words += [w for p in headers for w in p.split("|") if re.escape(w) == w]
    words += REVIEW_HEADERS.values()
    words += [w for _, label in REVIEW_GROUPS for w in label.split(" ")]
    for version in ("2019", "2021"):
        for row in application_rows(version):
            words += [row.label, row.group]
        words += [label for _, label, _ in ACTIVE_ROWS[version]]
        for heading, heads, _ in SUBTABLES[version]:
            words += [heading, *heads]
    return frozenset([GAP, *"0123456789", *(normalise_table(w) for w in words if w)])


_WORDINGS = _template_wordings()


#: A token of a line, as :func:`_items` reads it: its class, its text, a label's
#: terminal name, the cells of a run of cells, and of a text token 1 if it is a
#: whole grid field, 2 if also a Chinese numeral. (A plain tuple: a table has
#: thousands and a named tuple costs several times more to make.)
_Step = tuple[str, str, str, tuple[Cell, ...], int]


def _tokens(lexer: _Lexer, source: str) -> list[_Step]:
    """The tokens of a line (or of one grid field), whitespace left out.

    Text tokens in a row become one step unless the first is a whole field:
    only then does :func:`_items` tell them apart (a whole field may be a cell).
    """
    steps: list[_Step] = []
    info = lexer.info
    pos, end = 0, len(source)
    ahead: re.Match[str] | None = None  # a token a text run looked at and left
    while pos < end:
        char = source[pos]
        tried = ahead is None and lexer.starts_cell(char)
        if tried:
            # Where a run of cells matches, the lexer takes a cell (see _cell_patterns).
            cell_run = lexer.cell_run.match(source, pos)
            if cell_run is not None:
                pos = cell_run.end()
                steps.append((_CELL, "", "", _split_cells(lexer, cell_run.group()), 0))
                continue
        m = ahead or lexer.at(char).match(source, pos)
        ahead = None
        if m is None:  # a character no token takes (a control character): skip it
            pos += 1
            continue
        pos = m.end()
        group = m.lastgroup or ""
        what, name, kind = info[group]
        if kind is not None:
            # A run of cells in one match (rows are mostly cells), up to where a
            # label may start; from there on token by token. (Where it was tried
            # at this place above, it did not match.)
            cell_run = None if tried else lexer.cell_run.match(source, m.start())
            if cell_run is None:
                text = "" if kind == "gap" else m.group(group)
                cell = Cell(text[1:] if kind in _MARKED else text, kind)
                steps.append((_CELL, "", "", (cell,), 0))
            else:
                pos = cell_run.end()
                steps.append((_CELL, "", "", _split_cells(lexer, cell_run.group()), 0))
        elif what == _TEXT:
            word, pos, whole, ahead = _text_run(lexer, source, m, group)
            last = steps[-1] if steps else None
            if last is not None and last[0] == _TEXT and not last[4]:
                steps[-1] = (_TEXT, last[1] + word, "", (), 0)
            else:
                steps.append((_TEXT, word, "", (), whole))
        elif what != _WS:
            steps.append((what, m.group(group), name, (), 0))
    return steps


def _items(steps: list[_Step], line: int, width: int, headers: bool) -> list[Item]:
    """One line's items: runs of one token class, each with the cells after it."""
    out: list[Item] = []
    role = ""  # the class of the open run: label, text or header
    words: list[str] = []  # the run's kept token strings
    names: list[str] = []  # the run's label names
    plain = True
    cells: list[Cell] = []
    notes: list[Note] = []
    for what, text, name, run, whole in steps:
        if what == _CELL:
            cells += run
            continue
        if what == _NOTE:
            notes.append(Note(len(cells), text))
            continue
        if what == _TEXT and width and role == _LABEL and whole and (cells or whole == 2):
            # Text in a grid row that is a cell of its own where a figure belongs: a
            # whole field after the row's first cell, or a Chinese numeral.
            cells.append(Cell(text, "text"))
            continue
        kind = _LABEL if what == _LABEL else (_HEADER if headers and what == _HEADER else _TEXT)
        if cells or kind != role:
            if role or cells or notes:
                out.append(_item(role, names, words, cells, line, width, plain, notes))
            role, words, names, cells, notes, plain = kind, [], [], [], [], True
        if what == _LABEL:
            names.append(name)
            words.append(text)
        elif what == _TEXT:
            words.append(text)
            plain = False
        elif what != _HEADER:
            words.append(text)
            plain = plain and what == _KEPT
        else:
            names.append(text)  # a header word: kept apart from the text
    if role or cells or notes:
        out.append(_item(role, names, words, cells, line, width, plain, notes))
    return out


#: An empty grid cell (GAP), as every run of cells gives it.
GAP_CELL = Cell("", "gap")


#: A run of plain figures (ASCII digits) and gaps, spaces between them: the most
#: common run, whose cells are its words, each a ``number`` or a ``gap`` (no other
#: cell token matches an ASCII digit or GAP, and ``NUMBER`` takes a whole run of
#: digits).
_PLAIN_RUN = re.compile(r"(?:[0-9]+|\ue000)(?:[ \t]+(?:[0-9]+|\ue000))*[ \t]*")


@functools.lru_cache(maxsize=4096)
def _plain_cell(word: str) -> Cell:
    """The cell of a word of a :data:`_PLAIN_RUN`. Looked up rather than built:
    a table's figures are mostly a few small counts (0, 1, 2 …), written again
    and again, and a cached cell costs a fraction of a new one (the cache is
    bounded: a long-running reader parses any number of figures)."""
    return GAP_CELL if word == GAP else Cell(word, "number")


def _split_cells(lexer: _Lexer, run: str) -> tuple[Cell, ...]:
    """The cells of a run :attr:`_Lexer.cell_run` matched (no look-ahead of a
    cell token reaches past the run's last cell but to its end)."""
    if run.isdigit() and run.isascii():
        return (_plain_cell(run),)
    if _PLAIN_RUN.fullmatch(run):
        return tuple(map(_plain_cell, run.split()))
    n = lexer.number_at
    return tuple(
        Cell(c[n], "number") if c[n] else _other_cell(lexer, c)
        for c in lexer.cell_split.findall(run)
    )


def _other_cell(lexer: _Lexer, groups: tuple[str, ...]) -> Cell:
    """The cell of a ``cell_split`` match that is no plain figure."""
    for at, kind in lexer.cell_groups:
        text = groups[at]
        if text:
            if kind == "gap":
                return GAP_CELL
            return Cell(text[1:] if kind in _MARKED else text, kind)
    return GAP_CELL


def _text_run(
    lexer: _Lexer, source: str, m: re.Match[str], group: str
) -> tuple[str, int, int, re.Match[str] | None]:
    """The text tokens from ``m`` on that no space parts, as one word; where the
    scan goes on; the whole-field mark of the first token (see :data:`_Step`);
    and the token after the run if it was matched (the run ends where a token
    other than text starts)."""
    start, info, end = m.start(group), lexer.info, len(source)
    words: list[str] = []
    while True:
        word, pos = m.group(group), m.end()
        spaced = pos != m.end(group)
        if not spaced:
            # Text runs on over characters that start no other token.
            tail = lexer.text_tail.match(source, pos)
            if tail is not None:
                more = tail.group()
                word += more.rstrip(" \t")
                spaced = more[-1:] in (" ", "\t")
                pos = tail.end()
        words.append(word)
        if spaced or pos >= end:
            break
        after = lexer.at(source[pos]).match(source, pos)
        if after is None or info[after.lastgroup or ""][0] != _TEXT:
            return "".join(words), pos, _whole(source, start, words[0]), after
        m, group = after, after.lastgroup or ""
    return "".join(words), pos, _whole(source, start, words[0]), None


#: Words that are a figure in Chinese numerals (二十, 一百零五).
_NUMERALS = re.compile(f"[{NUMERAL_CHARS}]+")


def _whole(source: str, start: int, word: str) -> int:
    """Whether text is a whole grid field (1), and a Chinese numeral too (2)."""
    stop = start + len(word)
    whole = (start == 0 or source[start - 1] == "\t") and (
        stop == len(source) or source[stop] == "\t"
    )
    if not whole:
        return 0
    return 2 if _NUMERALS.fullmatch(word) is not None else 1


def _item(
    role: str,
    names: list[str],
    words: list[str],
    cells: list[Cell],
    line: int,
    width: int,
    plain: bool,
    notes: list[Note],
) -> Item:
    # (Every field given by place: a named tuple made with keywords costs twice as
    # much, and a table has thousands of items.)
    kept = tuple(notes)
    if not role:
        # Notes alone on a line (a cell's note wrapped below its figure): no cells.
        kind: ItemKind = "values" if cells or not notes else "text"
        return Item(kind, (), tuple(cells), line, "", width, False, False, (), kept)
    if role == _LABEL:
        text = "".join(words)
        return Item("row", tuple(names), tuple(cells), line, text, width, False, False, (), kept)
    kind = "header" if role == _HEADER else "text"
    if not (words or cells):
        width = 0  # header words alone: not a line of the grid, whatever its width
    heads = tuple(names) if kind == "header" else ()
    return Item(kind, (), tuple(cells), line, "".join(words), width, plain, False, heads, kept)
