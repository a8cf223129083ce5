"""Stage 3b: a clean table through its grammar, straight into the attrs objects.

A table is clean when its rows come labelled, in template order, each with its
full count of cells, and with no text but the template's header words: the
canonical form, HTML and DOCX grids, and tab, GFM or spaced tables that lost
nothing. Then the form's strict grammar (:mod:`govreport.parser`) accepts its
tokens, and a Lark :class:`~lark.Transformer` builds the table while the parser
reduces: no recovery runs, and nothing is inferred.

Anything else (a lost, extra or run-together cell, a row missing or out of
place, a cell that is not a plain figure) makes :func:`read_clean` return
``None``, and the table goes to recovery (:mod:`govreport.assemble`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

import attrs
from lark import Token, Transformer
from lark.exceptions import LarkError

from .model import (
    ActiveDisclosure2019,
    ActiveDisclosure2021,
    ApplicantRow,
    Applications,
    DocumentCounts2019,
    DocumentCounts2021,
    FeeItems2019,
    ItemCounts2019,
    NotProcessed,
    OtherOutcomes,
    Outcomes,
    Procurement2019,
    ReviewGroup,
    Reviews,
    TemplateVersion,
    Unavailable,
    Withheld,
)
from .parser import get_parser
from .template import REVIEW_GROUPS
from .tokens import Cell, Item, TableForm

__all__ = ["Cells", "clean_tokens", "read_clean"]

Table = Applications | Reviews | ActiveDisclosure2019 | ActiveDisclosure2021


class Cells(tuple[Cell, ...]):
    """A row's cells as one token's value (its text is the cells' text)."""

    def __str__(self) -> str:
        return " ".join(c.text for c in self)


class NotClean(Exception):
    """A cell the strict path does not read (a unit, a decimal count, a sign)."""


_WIDTHS = frozenset({1, 2, 3, 7, 15})


def _cells_token(cells: tuple[Cell, ...], positional: bool) -> Token:
    n = len(cells)
    # In a text table an empty edge cell may be a label's span or padding, not a
    # blank: only a real grid (or the canonical form) says where its cells are.
    edge = not positional and (cells[0].kind == "gap" or cells[-1].kind == "gap")
    kind = f"CELLS{n}" if n in _WIDTHS and not edge else "CELLS_OTHER"
    return Token(kind, Cells(cells))


#: How many value columns a row of each form has, where all rows have as many.
_VALUE_COLUMNS: dict[TableForm, int] = {"applications": 7, "reviews": 15}


def _grid_width(items: Sequence[Item]) -> int:
    """The table's width if every grid line has the same one, else 0."""
    widths = {i.width for i in items if i.grid}
    return widths.pop() if len(widths) == 1 else 0


def _value_cells(item: Item, columns: int, width: int) -> tuple[Cell, ...]:
    """A grid row's cells less the label columns' empty spans before them.

    In a grid whose every line is as wide, a row's values are its last
    ``columns`` cells; the empty cells before them are label columns.
    """
    cells = item.cells
    extra = len(cells) - columns
    if width and item.width == width and extra > 0 and all(c.kind == "gap" for c in cells[:extra]):
        return cells[extra:]
    return cells


def clean_tokens(form: TableForm, items: Sequence[Item], *, positional: bool) -> list[Token] | None:
    """The tokens the strict grammars read: labels, header lines and cells; or
    ``None`` as soon as an item shows the table is not clean (stray text, a row
    with an odd count of cells), since no grammar would take it.

    ``positional`` says the cells' places are known (a real grid, the canonical
    form). Lines of empty grid cells alone (a label column's span) carry nothing.
    """
    columns = _VALUE_COLUMNS.get(form, 0)
    width = _grid_width(items) if positional and columns else 0
    out: list[Token] = []
    for item in items:
        cells = _value_cells(item, columns, width) if width else item.cells
        blank = all(c.kind == "gap" for c in cells)
        if item.kind == "values" and blank:
            continue
        if item.kind == "row":
            out += [Token(label, label) for label in item.labels]
        elif item.kind != "values":
            if not item.plain:
                return None
            out.append(Token("HEADER", item.text))
            if blank:
                continue  # a header line's empty spans
        if cells:
            token = _cells_token(cells, positional)
            if token.type == "CELLS_OTHER":
                return None
            out.append(token)
    return out


# --- cell values ------------------------------------------------------------------

_SIGNED = re.compile(r"-?\d{1,15}")
_MONEY = re.compile(r"\d{1,15}(?:\.\d{1,6})?")


def _value(cell: Cell, kind: str) -> int | Decimal | None:
    if cell.kind != "number":
        return None  # an empty grid cell or a blank mark: not stated
    text = cell.text
    if kind == "money":
        if _MONEY.fullmatch(text):
            return Decimal(text)
    elif (text.isdecimal() and len(text) <= 15) or (kind == "signed" and _SIGNED.fullmatch(text)):
        return int(text)
    raise NotClean(text)


@functools.cache
def _columns(cls: type) -> tuple[tuple[str, str], ...]:
    """A row class's cell fields and their kinds (count, signed, money)."""
    return tuple((f.name, f.metadata["cell"]) for f in attrs.fields(cls) if "cell" in f.metadata)


def _row(cls: type, cells: Cells) -> Any:
    columns = _columns(cls)
    return cls(**{name: _value(cell, kind) for (name, kind), cell in zip(columns, cells)})


def _cells_of(children: Sequence[Any]) -> Cells:
    last = children[-1]
    assert isinstance(last, Token) and isinstance(last.value, Cells)
    return last.value


# --- transformers: one per table form -----------------------------------------------

Build = Callable[[list[Any]], tuple[str, Any]]


class _FormTransformer(Transformer[Token, Any]):
    """Builds the form's attrs objects; each rule gives ``(field name, value)``.

    ``GROUPS`` maps a rule whose children are rules to the class it builds,
    ``ROWS`` a rule of one label and its cells to its row class (``None``: the
    cell's own value), ``FIELDS`` a rule to its field where the names differ.
    """

    GROUPS: ClassVar[Mapping[str, type]] = {}
    ROWS: ClassVar[Mapping[str, type | None]] = {}
    FIELDS: ClassVar[Mapping[str, str]] = {}

    def __getattr__(self, rule: str) -> Build:
        if rule in self.GROUPS:
            return functools.partial(self._group, rule)
        if rule in self.ROWS:
            return functools.partial(self._row, rule)
        raise AttributeError(rule)

    def _field(self, rule: str) -> str:
        return self.FIELDS.get(rule, rule)

    def _group(self, rule: str, children: list[Any]) -> tuple[str, Any]:
        fields: dict[str, Any] = dict(c for c in children if isinstance(c, tuple))
        return self._field(rule), self.GROUPS[rule](**fields)

    def _row(self, rule: str, children: list[Any]) -> tuple[str, Any]:
        cls = self.ROWS[rule]
        cells = _cells_of(children)
        if cls is None:
            (cell,) = cells
            return self._field(rule), _value(cell, "money" if rule == "fees" else "count")
        return self._field(rule), _row(cls, cells)


class _Applications(_FormTransformer):
    GROUPS: ClassVar[Mapping[str, type]] = {
        "applications_2021": Applications,
        "applications_2019": Applications,
        "outcomes_2021": Outcomes,
        "outcomes_2019": Outcomes,
        "withheld": Withheld,
        "unavailable": Unavailable,
        "not_processed": NotProcessed,
        "other_2021": OtherOutcomes,
    }
    ROWS: ClassVar[Mapping[str, type | None]] = {
        name: ApplicantRow
        for cls in (Applications, Outcomes, Withheld, Unavailable, NotProcessed, OtherOutcomes)
        for name in attrs.fields_dict(cls)
        if name not in ("outcomes", "withheld", "unavailable", "not_processed", "other")
    } | {"other_other": ApplicantRow, "other_2019": ApplicantRow}
    FIELDS: ClassVar[Mapping[str, str]] = {
        "outcomes_2021": "outcomes",
        "outcomes_2019": "outcomes",
        "other_2021": "other",
        "other_2019": "other",
        "other_other": "other",
    }


class _Active2021(_FormTransformer):
    GROUPS: ClassVar[Mapping[str, type]] = {"active_2021": ActiveDisclosure2021}
    ROWS: ClassVar[Mapping[str, type | None]] = {
        "regulations": DocumentCounts2021,
        "normative_documents": DocumentCounts2021,
        "licensing": None,
        "penalty": None,
        "coercion": None,
        "fees": None,
    }


_AMOUNT_UNIT = re.compile(r"采购总金额\((?:单位:)?(万元|元)\)")


class _Active2019(_FormTransformer):
    ROWS: ClassVar[Mapping[str, type | None]] = {
        "regulations": DocumentCounts2019,
        "normative_documents": DocumentCounts2019,
        "licensing": ItemCounts2019,
        "other_services": ItemCounts2019,
        "penalty": ItemCounts2019,
        "coercion": ItemCounts2019,
        "fees": FeeItems2019,
        "procurement": Procurement2019,
    }

    def active_2019(self, children: list[Any]) -> tuple[str, Any]:
        # The amount's unit is stated in its header cell, if anywhere.
        headers = [c for c in children if isinstance(c, Token)]
        units = [m.group(1) for h in headers for m in [_AMOUNT_UNIT.search(h)] if m]
        fields: dict[str, Any] = dict(c for c in children if isinstance(c, tuple))
        if units:
            fields["procurement"] = attrs.evolve(fields["procurement"], amount_unit=units[-1])
        return "active_disclosure", ActiveDisclosure2019(**fields)


class _Reviews(Transformer[Token, Any]):
    def reviews(self, children: list[Any]) -> tuple[str, Reviews]:
        cells = _cells_of(children)
        groups = {
            key: _row(ReviewGroup, Cells(cells[i * 5 : i * 5 + 5]))
            for i, (key, _) in enumerate(REVIEW_GROUPS)
        }
        return "reviews", Reviews(**groups)


_TRANSFORMERS: dict[TableForm, Transformer[Token, Any]] = {
    "applications": _Applications(),
    "active_2021": _Active2021(),
    "active_2019": _Active2019(),
    "reviews": _Reviews(),
}


def read_clean(
    form: TableForm, version: TemplateVersion, items: Sequence[Item], *, positional: bool
) -> Table | None:
    """The table, if it is clean; ``None`` sends it to recovery."""
    tokens = clean_tokens(form, items, positional=positional)
    if tokens is None:
        return None
    start = f"applications_{version}" if form == "applications" else form
    parser = get_parser(form, _TRANSFORMERS[form])
    try:
        built: Any = parser.parse(tokens, start=start)
    except (LarkError, NotClean):
        return None
    table: Table = built[1]
    return table
