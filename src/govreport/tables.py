"""Stage 3: parse one table section with its grammar into row items.

The Lark transformer runs inside the LALR parser (no tree is built) and yields
:class:`Item` records: a row with its labels and cells, a line of cells with no
label, or text (header words, fragments) with any cells that follow it. Which
template row an item is, and what its cells mean, is the builder's business
(:mod:`govreport.build`).
"""

from __future__ import annotations

from typing import Any

import attrs
from lark import Token, Transformer
from lark.exceptions import LarkError, UnexpectedInput

from .errors import UnexpectedToken, excerpt
from .normalise import GAP
from .parser import TableForm, get_parser

__all__ = ["Cell", "Item", "parse_table"]


@attrs.frozen
class Cell:
    """One cell as read: ``text`` is the token (``"12"``, ``"3443000元"``, ``"-"``)
    or ``""`` for an empty grid cell. ``kind`` is ``number``, ``blank`` or ``gap``."""

    text: str
    kind: str
    line: int
    col: int


@attrs.frozen
class Item:
    """A row (``labels`` set), a line of cells (``kind == "values"``) or text."""

    kind: str
    labels: tuple[str, ...]
    cells: tuple[Cell, ...]
    line: int
    text: str = ""
    #: How many cells the item's grid line has (0 when it is not a grid line).
    width: int = 0

    @property
    def grid(self) -> bool:
        """Whether the item's line has known cell boundaries (tabs, pipes, a grid)."""
        return self.width > 0


_KINDS = {"NUMBER": "number", "BLANK": "blank", "GAP": "gap"}


class _ToItems(Transformer[Token, Any]):
    """Builds items while the LALR parser reduces; stateless, so it is shared."""

    def values(self, children: list[Token]) -> tuple[Cell, ...]:
        return tuple(
            Cell("" if t.type == "GAP" else str(t), _KINDS[t.type], t.line or 0, t.column or 0)
            for t in children
        )

    def row(self, children: list[Any]) -> Item:
        labels = tuple(c.type for c in children if isinstance(c, Token))
        cells = children[-1] if isinstance(children[-1], tuple) else ()
        first = children[0]
        return Item(
            "row",
            labels,
            cells,
            first.line or 0,
            "".join(str(c) for c in children if isinstance(c, Token)),
        )

    def _text(self, kind: str, children: list[Any]) -> Item:
        cells = children[-1] if children and isinstance(children[-1], tuple) else ()
        tokens = [c for c in children if isinstance(c, Token)]
        line = tokens[0].line if tokens else (cells[0].line if cells else 0)
        return Item(kind, (), cells, line or 0, "".join(str(t) for t in tokens))

    def text(self, children: list[Any]) -> Item:
        return self._text("text", children)

    def header(self, children: list[Any]) -> Item:
        return self._text("header", children)

    def line(self, children: list[Any]) -> list[Item]:
        out: list[Item] = []
        for child in children:
            if isinstance(child, tuple):
                if child:
                    out.append(Item("values", (), child, child[0].line))
            else:
                out.append(child)
        return out

    def start(self, children: list[list[Item]]) -> list[Item]:
        return [item for line in children for item in line]


_TRANSFORMER = _ToItems()


def parse_table(form: TableForm, text: str, *, first_line: int = 1) -> list[Item]:
    """Parse normalised table ``text`` (see :func:`govreport.normalise.normalise_table`).

    Raises :class:`~govreport.errors.UnexpectedToken` (a ``ParseError``) with the
    place and a caret excerpt if the grammar rejects the text.
    """
    parser = get_parser(form, _TRANSFORMER)
    try:
        items: list[Item] = parser.parse(text)  # type: ignore[assignment]
    except UnexpectedInput as exc:
        line = (exc.line or 1) + first_line - 1
        col = exc.column or 1
        raise UnexpectedToken(
            f"the {form} table cannot be read here",
            line=line,
            col=col,
            excerpt=excerpt(text, exc.line or 1, col),
        ) from None
    except LarkError as exc:  # a transformer failure; never leak Lark's own types
        raise UnexpectedToken(
            f"the {form} table cannot be read: {exc}", line=first_line, col=1
        ) from None
    lines = text.split("\n")
    widths = {i: src.count("\t") + 1 for i, src in enumerate(lines, 1) if "\t" in src or GAP in src}
    shift = first_line - 1
    # Cells keep their line within the table; items carry the report's line.
    return [attrs.evolve(i, line=i.line + shift, width=widths.get(i.line, 0)) for i in items]
