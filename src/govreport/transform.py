"""Stage 3c: the transformers that build a clean table's attrs objects.

The form's strict grammar (its LALR tables, run by :mod:`govreport.lalr`;
:mod:`govreport.parser` builds them with Lark) reduces the tokens that
:func:`govreport.tables.clean_tokens` made, and the transformer turns each rule
into its object while it reduces: a row rule into its row, a group into its
group, the start rule into the table. A cell the strict path does not read (a
unit, a decimal count, a sign) raises :class:`~govreport.tables.NotClean`, and the
table goes to recovery.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from .lalr import Rejected, Token, parse
from .model import (
    ActiveDisclosure2019,
    ActiveDisclosure2021,
    ApplicantRow,
    Applications,
    NotProcessed,
    OtherOutcomes,
    Outcomes,
    ReviewGroup,
    Reviews,
    TemplateVersion,
    Unavailable,
    Withheld,
)
from .tables import Cells, NotClean
from .template import REVIEW_GROUPS, active_row_classes
from .tokens import Cell, TableForm

__all__ = ["Table", "build_table"]

Table = Applications | Reviews | ActiveDisclosure2019 | ActiveDisclosure2021


_SIGNED = re.compile(r"-?\d{1,15}")
_MONEY = re.compile(r"\d{1,15}(?:\.\d{1,6})?")


def _value(cell: Cell, kind: str) -> int | Decimal | None:
    if cell.kind != "number":
        if cell.kind == "numeral":
            raise NotClean(cell.text)  # read, and said so, by recovery
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


@functools.cache
def _counts(cls: type) -> tuple[str, ...] | None:
    """A row class's fields if each is a cell that holds an int (a count or a
    signed count, as a plain figure is read) and the class needs nothing but its
    fields set (:func:`_plain_fields`); else ``None`` (money is a Decimal)."""
    columns = _columns(cls)
    fields = _plain_fields(cls)
    names = tuple(n for n, _ in columns)
    if fields is None or names != tuple(n for n, _ in fields):
        return None
    return names if all(k != "money" for _, k in columns) else None


def _row(cls: type, cells: Cells) -> Any:
    names = _counts(cls) if cells.plain else None
    if names is not None and len(cells) == len(names):
        return _plain_row(cls, names, cells)
    values = {name: _value(cell, kind) for (name, kind), cell in zip(_columns(cls), cells)}
    fields = _plain_fields(cls)
    if fields is None:
        return cls(**values)
    # _value checked every value already (a count is a non-negative int, money a
    # finite non-negative Decimal): the row is built without running the
    # validators again, as the constructor would build it. Public code still
    # goes through the validating constructor.
    row: Any = object.__new__(cls)
    for name, default in fields:
        object.__setattr__(row, name, values.get(name, default))
    return row


#: A cell that states 0: most rows of a real report state 0 in every cell.
_ZERO = Cell("0", "number")


@functools.cache
def _zeros(cls: type) -> Any:
    """The row of ``cls`` with 0 in every field, built once: a frozen value, so
    that every such row can be this one."""
    return cls(**dict.fromkeys(attrs.fields_dict(cls), 0))


def _plain_row(cls: type, names: tuple[str, ...], cells: Cells) -> Any:
    """A row of plain counts in every field (the common row): each read as
    :func:`_value` reads it, and set as :func:`_row` sets checked values."""
    if cells.count(_ZERO) == len(names):
        return _zeros(cls)
    row: Any = object.__new__(cls)
    set_field = object.__setattr__
    for name, (text, _) in zip(names, cells):
        set_field(row, name, int(text))
    return row


@functools.cache
def _plain_fields(cls: type) -> tuple[tuple[str, Any], ...] | None:
    """A row class's fields and their defaults, if it needs nothing but its fields
    set (no converter, factory default or post-init step); else ``None``."""
    if hasattr(cls, "__attrs_post_init__"):
        return None
    out: list[tuple[str, Any]] = []
    for f in attrs.fields(cls):
        if (
            f.converter is not None
            or f.default is attrs.NOTHING
            or isinstance(f.default, type(attrs.Factory(list)))
        ):
            return None
        out.append((f.name, f.default))
    return tuple(out)


def _cells_of(children: Sequence[Any]) -> Cells:
    last = children[-1]
    assert isinstance(last, Token) and isinstance(last.value, Cells)
    return last.value


# --- transformers: one per table form -----------------------------------------------

Build = Callable[[list[Any]], tuple[str, Any]]


class _FormTransformer:
    """Builds the form's attrs objects; each rule gives ``(field name, value)``.

    ``GROUPS`` maps a rule whose children are rules to the class it builds,
    ``ROWS`` a rule of one label and its cells to its row class (``None``: the
    cell's own value), ``FIELDS`` a rule to its field where the names differ.
    """

    GROUPS: ClassVar[Mapping[str, type]] = {}
    ROWS: ClassVar[Mapping[str, type | None]] = {}
    FIELDS: ClassVar[Mapping[str, str]] = {}

    def __getattr__(self, rule: str) -> Build:
        # Asked once a rule (the runner keeps the callbacks): each gets its own.
        if rule in self.GROUPS:
            return functools.partial(_group, self._field(rule), self.GROUPS[rule])
        if rule in self.ROWS:
            return self._row(rule)
        raise AttributeError(rule)

    def _field(self, rule: str) -> str:
        return self.FIELDS.get(rule, rule)

    def _row(self, rule: str) -> Build:
        field, cls = self._field(rule), self.ROWS[rule]
        if cls is None:
            kind = "money" if rule == "fees" else "count"
            return lambda children: (field, _value(_one(_cells_of(children)), kind))
        return lambda children: (field, _row(cls, _cells_of(children)))


def _one(cells: Cells) -> Cell:
    (cell,) = cells
    return cell


def _group(field: str, cls: type, children: list[Any]) -> tuple[str, Any]:
    """A group rule's object, of its children that are rules' fields."""
    return field, cls(**dict(c for c in children if isinstance(c, tuple)))


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
    ROWS: ClassVar[Mapping[str, type | None]] = active_row_classes("2021")


_AMOUNT_UNIT = re.compile(r"采购总金额\((?:单位:)?(万元|元)\)")


class _Active2019(_FormTransformer):
    ROWS: ClassVar[Mapping[str, type | None]] = active_row_classes("2019")

    def active_2019(self, children: list[Any]) -> tuple[str, Any]:
        # The amount's unit is stated in its header cell, if anywhere.
        headers = [c for c in children if isinstance(c, Token)]
        units = [m.group(1) for h in headers for m in [_AMOUNT_UNIT.search(h.value)] if m]
        fields: dict[str, Any] = dict(c for c in children if isinstance(c, tuple))
        if units:
            fields["procurement"] = attrs.evolve(fields["procurement"], amount_unit=units[-1])
        return "active_disclosure", ActiveDisclosure2019(**fields)


def _part(cells: Cells, start: int, stop: int) -> Cells:
    """Some of a row's cells, as plain as the row."""
    part = Cells(cells[start:stop])
    part.plain = cells.plain
    return part


class _Reviews:
    def reviews(self, children: list[Any]) -> tuple[str, Reviews]:
        cells = _cells_of(children)
        groups = {
            key: _row(ReviewGroup, _part(cells, i * 5, i * 5 + 5))
            for i, (key, _) in enumerate(REVIEW_GROUPS)
        }
        return "reviews", Reviews(**groups)


_TRANSFORMERS: dict[TableForm, Any] = {
    "applications": _Applications(),
    "active_2021": _Active2021(),
    "active_2019": _Active2019(),
    "reviews": _Reviews(),
}


def build_table(
    form: TableForm, version: TemplateVersion, tokens: Sequence[tuple[str, Any]]
) -> Table | None:
    """The table the tokens make under the form's strict grammar, or ``None``."""
    start = f"applications_{version}" if form == "applications" else form
    try:
        built: Any = parse(form, tokens, start, _TRANSFORMERS[form])
    except (Rejected, NotClean):
        return None
    table: Table = built[1]
    return table
