"""Recovery of section 二, 主动公开政府信息情况 (both versions).

Rows are found by their labels in any order (PDF extraction moves the
sub-tables). No rule of the template ties section 二's cells together, so a row
whose cells were lost or ran together is settled only where a single reading is
possible, or where the report's narrative states the figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..diagnostics import Diagnostic, diagnostic
from ..model import (
    ActiveDisclosure2019,
    ActiveDisclosure2021,
    Procurement2019,
    TemplateVersion,
)
from ..recover import RowReadings, TooManyReadings, settle
from ..template import ACTIVE_ROWS, ACTIVE_TABLES, ACTIVE_TERMINALS, active_row_classes
from ..tokens import Item
from .cells import (
    NUMBER,
    RowCells,
    cell_value,
    checked,
    divisible,
    fit,
    joins,
    money,
    read_once,
    read_once_note,
    readings,
    spanned,
    spanned_misfit,
    stated_none,
    trim,
)
from .wording import HYPOTHESES, missing_rows, settled_row, stray, too_long

__all__ = ["assemble_active"]

_KEYS = {terminal: key for key, (terminal, _) in ACTIVE_TERMINALS.items()}
_AMOUNT_UNIT = re.compile(r"\((?:单位:)?(万元|元)\)")
# A procurement count and amount as figures (no leading zeros).
_COUNT = re.compile(r"0|[1-9]\d*")
_AMOUNT = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")

# Words of the narrative that name a column, to settle an ambiguous run.
_NARRATIVE_COLUMNS: dict[str, tuple[str, ...]] = {
    "issued": ("制发", "新制定", "出台", "印发"),
    "repealed": ("废止",),
    "in_force": ("现行有效",),
    "made": ("新制作",),
    "published": ("新公开",),
    "total_published": ("对外公开总", "累计公开"),
}
_NARRATIVE_ROWS = {"regulations": ("规章",), "normative_documents": ("规范性文件",)}
_CLAUSE = re.compile(r"[，,。；;：:\n]")
_NARRATIVE_FIGURE = re.compile(r"(\d+)\s*[件部个条项]")


def _narrative_figures(narrative: str, key: str) -> dict[str, tuple[int, str]]:
    """Figures the narrative states for a row: ``现行有效行政规范性文件698件``."""
    words = _NARRATIVE_ROWS.get(key)
    if not words or not narrative:
        return {}
    found: dict[str, tuple[int, str]] = {}
    for clause in _CLAUSE.split(narrative):
        if not any(w in clause for w in words):
            continue
        nums = _NARRATIVE_FIGURE.findall(clause)
        cols = [c for c, ws in _NARRATIVE_COLUMNS.items() if any(w in clause for w in ws)]
        if len(nums) == 1 and len(cols) == 1 and cols[0] not in found:
            found[cols[0]] = (int(nums[0]), clause.strip())
    return found


class _Rows:
    """What the section's lines give: each row's cells, the labels seen (blank
    rows included), rows continued on the next line, the procurement unit."""

    def __init__(self) -> None:
        self.cells: dict[str, RowCells] = {}
        self.found: set[str] = set()
        self.joined: list[str] = []
        self.amount_unit: str | None = None
        self.diags: list[Diagnostic] = []


def _width(spec: dict[str, tuple[str, ...] | None], key: str | None) -> int:
    cols = spec.get(key) if key is not None else None
    return len(cols) if cols else 1


def _continue(rows: _Rows, prev: RowCells, item: Item, width: int) -> RowCells:
    """Figures on a line of their own after a row: its continuation (a row broken
    by a blank cell or a page), or a stray to report."""
    have = [c for c in prev.cells if c.kind != "gap"]
    more = [c for c in item.cells if c.kind == "number"]
    if len(have) + len(more) > width:
        rows.diags.append(stray(f"active_disclosure.{prev.key}", item))
        return prev
    # Figures from lines of their own stood apart: never cut as if run together.
    joined = prev._replace(cells=tuple(have + more), flat=False, divisible=False)
    rows.cells[prev.key] = prev = joined
    rows.joined.append(prev.key)
    return prev


def _collect(
    items: Sequence[Item],
    spec: dict[str, tuple[str, ...] | None],
    merged: bool,
    positional: bool,
) -> _Rows:
    rows = _Rows()
    prev: RowCells | None = None  # the last row, while figures may continue it
    for item in items:
        if item.kind == "text" and "采购总金额" in item.text:
            m = _AMOUNT_UNIT.search(item.text)
            rows.amount_unit = m.group(1) if m else rows.amount_unit
        if (
            item.kind == "values"
            and prev is not None
            and any(c.kind == "number" for c in item.cells)
        ):
            prev = _continue(rows, prev, item, _width(spec, prev.key))
            continue
        if item.kind != "row":
            if item.kind != "values":
                prev = None  # header words: figures after them open a new row
            continue
        key = next((_KEYS[t] for t in reversed(item.labels) if t in _KEYS), None)
        width = _width(spec, key)
        # In a real grid, empty cells at a row's edge beyond its width are spans;
        # in text they may be padding as well as blanks: the row's figures are
        # then read without them, and a blank's place is left to the readings.
        cells = fit(item.cells, width) if positional else trim(item.cells)
        cells = trim(cells) if len(cells) != width else cells
        if key in spec:
            rows.found.add(key)
        if key is None or key not in spec or key in rows.cells:
            prev = None
            continue
        cells = cells if any(c.kind != "gap" for c in cells) else ()
        once = read_once(cells, width) if positional else None
        if once is not None:
            columns = spec[key]
            cell = f"active_disclosure.{key}" + (f".{columns[width - 1]}" if columns else "")
            rows.diags.append(read_once_note(cell, once[-1].text, item.line))
            cells = once
        broken = divisible(real_grid=positional, merged=merged)
        prev = rows.cells[key] = RowCells(key, cells, item.line, not item.grid, merged, broken)
    rows.cells = {k: r for k, r in rows.cells.items() if r.cells}
    return rows


def _joined(key: str, row: RowCells, columns: tuple[str, ...] | None) -> Diagnostic:
    path = f"active_disclosure.{key}"
    return diagnostic(
        "R-JOINED",
        f"{path}: figures on the line after the row were read as its cells (a blank "
        "cell's place cannot be known)",
        paths=tuple(f"{path}.{c}" for c in columns or ()) or (path,),
        line=row.line,
    )


def _divided_single(path: str, row: RowCells) -> Diagnostic | None:
    """The diagnostic of a single-value row whose first two cells may be one
    figure broken in two (``5 | 3``): its first figure with a cell too many after
    it, or the two joined. No rule chooses, so the cell is left empty."""
    joined = joins(row.cells[:2])[0] if row.divisible and len(row.cells) > 1 else None
    if joined is None:
        return None
    first = cell_value(row.cells[0])
    return diagnostic(
        "U-AMBIGUOUS",
        f"{path}: read {row.stated!r} for one cell; it is {first} "
        f"({HYPOTHESES['extra']}) or {joined} ({HYPOTHESES['divided']}), and no rule of "
        "the template chooses, so it is left empty",
        paths=(path,),
        stated=row.stated,
        candidates=[[first], [joined]],
        line=row.line,
    )


def _single(key: str, row: RowCells) -> tuple[Any, list[Diagnostic]]:
    """A single-value row of the 2021 template: the first figure (unless the
    first two may be one figure broken in two)."""
    path = f"active_disclosure.{key}"
    divided = _divided_single(path, row)
    if divided is not None:
        return None, [divided]
    first = row.cells[0]
    if first.kind == "span":
        return None, list(filter(None, [spanned("active_disclosure", [(key, first)], row.line)]))
    diags: list[Diagnostic] = []
    value: Any = cell_value(first)
    if key == "fees":
        value, unit = money(first)
        if value is not None and unit == "元":
            value = value / 10000
            diags.append(
                diagnostic(
                    "N-UNIT",
                    f"{path}: {first.text} converted to 万元 ({value} 万元)",
                    paths=(path,),
                    stated=first.text,
                    expected=str(value),
                    line=row.line,
                )
            )
    if value is None:
        code = "S-BLANK" if first.kind in ("gap", "blank") else "S-NOT-A-FIGURE"
        shown = repr(first.text) if first.text else "empty"
        diags.append(
            diagnostic(
                code,
                f"{path}: no figure stated ({shown}); left empty",
                paths=(path,),
                stated=[first.text],
                line=row.line,
            )
        )
    if len([c for c in row.cells if c.kind != "gap"]) > 1:
        diags.append(
            diagnostic(
                "N-EXTRA-CELLS",
                f"{path}: the first of the cells {row.stated!r} was read",
                paths=(path,),
                line=row.line,
            )
        )
    return value, diags


def _by_narrative(
    path: str, row: RowCells, rd: RowReadings, cols: tuple[str, ...], narrative: str
) -> tuple[RowReadings, list[Diagnostic]]:
    """A run-together row split by the figures the narrative states, if that
    leaves exactly one reading."""
    figures = _narrative_figures(narrative, path.rsplit(".", 1)[-1])
    fit_ = [
        r
        for r in rd.readings
        if all(r[cols.index(c)] == v for c, (v, _) in figures.items() if c in cols)
    ]
    if not figures or len(fit_) != 1:
        return rd, []
    clauses = "; ".join(f"「{clause}」" for _, clause in figures.values())
    return RowReadings("split", tuple(fit_)), [
        diagnostic(
            "R-NARRATIVE",
            f"{path}: the run {row.cells[0].text!r} is split by the figures the report's "
            f"narrative states: {clauses}",
            paths=tuple(f"{path}.{c}" for c in cols),
            stated=" ".join(c.text for c in row.cells),
            expected=list(fit_[0]),
            line=row.line,
        )
    ]


def _multi(
    key: str, row: RowCells, cols: tuple[str, ...], narrative: str
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """A row of two or three cells, read by its readings alone."""
    path = f"active_disclosure.{key}"
    misfit = spanned_misfit(path, cols, row)
    if misfit is not None:
        return None, [misfit]
    try:
        rd = readings(row, len(cols))
    except TooManyReadings as exc:
        return None, [too_long(path, row, str(exc))]
    diags: list[Diagnostic] = []
    if len(rd.readings) > 1 and rd.how == "split":
        rd, diags = _by_narrative(path, row, rd, cols, narrative)
    (res,) = settle([rd], [], len(cols))
    if len(rd.readings) > 1 or rd.how != "stated":
        diags += settled_row(path, cols, row, rd, res, "no rule of the template")
    elif rd.how == "stated":
        diags += stated_none(path, cols, row.cells, row.line)
    return dict(zip(cols, res.values)), diags


def _procurement_cuts(run: str, has_unit: bool) -> list[tuple[str | None, str | None]]:
    """The readings of one figure for the count and the amount: both run
    together, or one of them blank (a blank vanishes between spaces)."""
    cuts: list[tuple[str | None, str | None]] = [
        (run[:i], run[i:])
        for i in range(1, len(run))
        if _COUNT.fullmatch(run[:i]) and _AMOUNT.fullmatch(run[i:])
    ]
    if run and not has_unit and _COUNT.fullmatch(run):
        cuts.append((run, None))
    if run:
        cuts.append((None, run))
    return cuts


def _procurement(
    row: RowCells, header_unit: str | None
) -> tuple[Procurement2019, list[Diagnostic]]:
    path = "active_disclosure.procurement"
    cells = [c for c in row.cells if c.kind != "gap"]
    unit = next((u for c in cells for u in [money(c)[1]] if u in ("元", "万元")), None)
    unit = unit or header_unit
    if len(row.cells) == 2 and not row.flat:
        cells = list(row.cells)  # a grid row: read by position, a gap is a blank cell
    if len(cells) == 2:
        amount, _ = money(cells[1])
        values, bad = checked(
            path, Procurement2019, {"projects": cell_value(cells[0]), "amount": amount}
        )
        bad += filter(None, [spanned(path, list(zip(("projects", "amount"), cells)), row.line)])
        return Procurement2019(**values, amount_unit=unit), bad  # type: ignore[arg-type]
    paths = (f"{path}.projects", f"{path}.amount")
    if len(cells) == 1 and row.flat:
        m = NUMBER.match(cells[0].text)
        cuts = _procurement_cuts(m.group(1) if m else "", bool(money(cells[0])[1]))
        message = (
            f"{path}: {cells[0].text!r} is one figure for two cells (the count and the amount "
            f"run together, or one of them blank); {len(cuts)} readings are possible and the "
            "template has no rule to choose, so projects and amount are left empty"
        )
        candidates = [list(c) for c in cuts[:12]]
        diag = diagnostic(
            "U-AMBIGUOUS",
            message,
            paths=paths,
            stated=cells[0].text,
            candidates=candidates,
            line=row.line,
        )
    else:
        stated = " ".join(c.text for c in cells)
        diag = diagnostic(
            "U-UNREADABLE",
            f"{path}: {len(cells)} cells for 2",
            paths=paths,
            stated=stated,
            line=row.line,
        )
    return Procurement2019(amount_unit=unit), [diag]  # type: ignore[arg-type]


def _active_object(
    version: TemplateVersion, values: dict[str, Any]
) -> ActiveDisclosure2019 | ActiveDisclosure2021:
    """The section 二 object: rows read as column dicts become their row class."""
    fields: dict[str, Any] = {}
    for key, cls in active_row_classes(version).items():
        value = values.get(key)
        if cls is not None and not isinstance(value, cls):
            value = cls(**(value if isinstance(value, dict) else {}))
        fields[key] = value
    return ACTIVE_TABLES[version](**fields)


def _value(
    key: str, cols: tuple[str, ...] | None, rows: _Rows, narrative: str, version: TemplateVersion
) -> tuple[Any, list[Diagnostic]]:
    """One row's value (a number, or a dict of its columns), and what was said."""
    row = rows.cells.get(key)
    if row is None:
        # The procurement unit stands in the header even when the row states nothing.
        unit = rows.amount_unit if key == "procurement" else None
        return (Procurement2019(amount_unit=unit) if unit else None), []  # type: ignore[arg-type]
    if key == "procurement":
        return _procurement(row, rows.amount_unit)
    value, diags = _single(key, row) if cols is None else _multi(key, row, cols, narrative)
    if isinstance(value, dict):
        cls = active_row_classes(version)[key]
        assert cls is not None  # only a row with columns reads to a dict
        value, bad = checked(f"active_disclosure.{key}", cls, value)
    else:
        checked_values, bad = checked("active_disclosure", ActiveDisclosure2021, {key: value})
        value = checked_values[key]
    return value, diags + bad


def assemble_active(
    items: Sequence[Item],
    version: TemplateVersion,
    narrative: str = "",
    *,
    merged: bool = False,
    positional: bool = False,
) -> tuple[ActiveDisclosure2019 | ActiveDisclosure2021, list[Diagnostic]]:
    """Section 二 from its row items; rows are found by label in any order."""
    spec = {k: cols for k, _, cols in ACTIVE_ROWS[version]}
    rows = _collect(items, spec, merged, positional)
    diags = rows.diags
    diags += [
        _joined(k, rows.cells[k], spec[k]) for k in dict.fromkeys(rows.joined) if k in rows.cells
    ]
    values: dict[str, Any] = {}
    for key, cols in spec.items():
        value, said = _value(key, cols, rows, narrative, version)
        diags += said
        if value is not None:
            values[key] = value
    missing = [f"active_disclosure.{k}" for k in spec if k not in rows.found]
    if missing:
        diags.append(missing_rows("active-disclosure", missing))
    return _active_object(version, values), diags
