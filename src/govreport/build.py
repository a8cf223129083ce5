"""Stage 4: build the attrs objects from the row items of each table.

Rows are placed by their labels; lines of cells that lost their label are placed
by template order between the labelled rows around them. Then every row's cells
are read (:mod:`govreport.recover`): as stated, or, where extraction lost, added
or ran cells together, by the template's arithmetic, settling only what exactly
one reading gives. Every rebuilt cell and every unsettled one gets a diagnostic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

import attrs

from .diagnostics import Diagnostic, Kind, Severity
from .model import (
    ActiveDisclosure2019,
    ActiveDisclosure2021,
    ApplicantRow,
    Applications,
    DocumentCounts2019,
    DocumentCounts2021,
    FeeItems2019,
    ItemCounts2019,
    Procurement2019,
    ReviewGroup,
    Reviews,
    TemplateVersion,
)
from .paths import CellPath
from .recover import (
    UNKNOWN,
    RowReadings,
    Settled,
    TooManyReadings,
    grid_readings,
    index_equations,
    settle,
    split_readings,
)
from .rules import equations
from .template import (
    APPLICANT_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    application_rows,
    build_applications,
    build_reviews,
)
from .tokens import Cell, Item

__all__ = ["assemble_active", "assemble_applications", "assemble_reviews"]

_LEAVES: dict[str, str] = {
    "NEW_RECEIVED": "new_received",
    "CARRIED_OVER": "carried_over",
    "GRANTED": "outcomes.granted",
    "PARTIALLY_GRANTED": "outcomes.partially_granted",
    "STATE_SECRET": "outcomes.withheld.state_secret",
    "PROHIBITED_BY_LAW": "outcomes.withheld.prohibited_by_law",
    "SAFETY_STABILITY": "outcomes.withheld.safety_stability",
    "THIRD_PARTY_RIGHTS": "outcomes.withheld.third_party_rights",
    "INTERNAL_AFFAIRS": "outcomes.withheld.internal_affairs",
    "PROCESS_INFORMATION": "outcomes.withheld.process_information",
    "ENFORCEMENT_FILES": "outcomes.withheld.enforcement_files",
    "ADMINISTRATIVE_QUERY": "outcomes.withheld.administrative_query",
    "NOT_HELD": "outcomes.unavailable.not_held",
    "NEEDS_CREATION": "outcomes.unavailable.needs_creation",
    "UNCLEAR_REQUEST": "outcomes.unavailable.unclear_request",
    "COMPLAINT": "outcomes.not_processed.complaint",
    "DUPLICATE": "outcomes.not_processed.duplicate",
    "PUBLICATION": "outcomes.not_processed.publication",
    "EXCESSIVE": "outcomes.not_processed.excessive",
    "CONFIRMATION": "outcomes.not_processed.confirmation",
    "OVERDUE_CORRECTION": "outcomes.other.overdue_correction",
    "OVERDUE_FEE": "outcomes.other.overdue_fee",
    "OTHER_OTHER": "outcomes.other.other",
    "TOTAL": "outcomes.total",
    "CARRIED_FORWARD": "carried_forward",
}

# A procurement count and amount as figures (no leading zeros).
_COUNT = re.compile(r"0|[1-9]\d*")
_AMOUNT = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_NUMBER = re.compile(r"^(-?\d+(?:\.\d+)?)(万元|元|个|件|项|条)?$")


@attrs.frozen
class _Row:
    """A row's cells as read, before they are settled."""

    key: str
    cells: tuple[Cell, ...]
    line: int
    flat: bool


def _cell_value(cell: Cell) -> int | None:
    if cell.kind != "number":
        return None
    m = _NUMBER.match(cell.text)
    if not m or "." in m.group(1):
        return None
    return int(m.group(1))


def _trim(cells: Sequence[Cell]) -> tuple[Cell, ...]:
    """Drop empty grid cells before the first and after the last stated one:
    they are the label's span or the grid's edge, not cells of the row."""
    start, end = 0, len(cells)
    while start < end and cells[start].kind == "gap":
        start += 1
    while end > start and cells[end - 1].kind == "gap":
        end -= 1
    return tuple(cells[start:end])


def _fit(cells: Sequence[Cell], width: int) -> tuple[Cell, ...]:
    """Drop edge gaps only while the row has more cells than the table has columns:
    in an exact grid every remaining gap is a blank cell of the row."""
    out = list(cells)
    while len(out) > width and out[-1].kind == "gap":
        out.pop()
    while len(out) > width and out[0].kind == "gap":
        out.pop(0)
    return tuple(out)


def _readings(row: _Row, width: int) -> RowReadings:
    cells = row.cells
    if row.flat and all(c.kind == "number" for c in cells):
        runs = [c.text for c in cells]
        if all(re.fullmatch(r"\d+", r) for r in runs) and len(runs) <= width:
            return split_readings(runs, width)
    return grid_readings([_cell_value(c) for c in cells], width)


def _fmt(values: Sequence[object]) -> str:
    return " ".join("?" if v is UNKNOWN else "-" if v is None else str(v) for v in values)


def _report_row(
    path: str,
    columns: Sequence[str],
    row: _Row,
    readings: RowReadings,
    result: Settled,
    diags: list[Diagnostic],
    rule: str,
) -> None:
    """Diagnostics for one settled row: what was rebuilt, what stays open."""
    read = " ".join(c.text or "·" for c in row.cells)
    width = len(columns)
    # When the cells' places were inferred (lost, extra or run-together cells),
    # every settled cell is the arithmetic's work, not only the rebuilt ones.
    inferred = readings.how != "stated"
    recovered = [
        c
        for c, s in zip(columns, result.status)
        if s == "recovered" or (inferred and s != "unsettled")
    ]
    open_ = [
        (c, cand)
        for c, s, cand in zip(columns, result.status, result.candidates)
        if s == "unsettled"
    ]
    what = {
        "lost": f"{len(row.cells)} cells for {width} (cells lost in extraction)",
        "extra": f"{len(row.cells)} cells for {width} (a cell too many)",
        "split": f"figures run together ({read!r})",
        "stated": f"{len(row.cells)} cells",
    }[readings.how]
    if recovered and not open_:
        diags.append(
            Diagnostic(
                code="R-REBUILT",
                severity=Severity.INFO,
                kind=Kind.RECOVERED,
                message=(
                    f"{path}: read {what}; {rule} admit exactly one reading: {_fmt(result.values)}"
                ),
                paths=tuple(f"{path}.{c}" for c in recovered),
                stated=read,
                expected=list(result.values),
                line=row.line,
            )
        )
    elif open_:
        shown = [list(r) for r in readings.readings[:12]]
        diags.append(
            Diagnostic(
                code="U-AMBIGUOUS" if readings.how != "stated" else "U-UNREADABLE",
                severity=Severity.WARNING,
                kind=Kind.UNSETTLED,
                message=(
                    f"{path}: read {what}; {len(readings.readings)} readings remain "
                    f"possible under {rule}, so "
                    + ", ".join(c for c, _ in open_)
                    + " left empty"
                    + (f"; settled: {', '.join(recovered)}" if recovered else "")
                ),
                paths=tuple(f"{path}.{c}" for c, _ in open_),
                stated=read,
                candidates=[[_plain(v) for v in r] for r in shown],
                line=row.line,
            )
        )
        if recovered:
            diags.append(
                Diagnostic(
                    code="R-PARTLY-REBUILT",
                    severity=Severity.INFO,
                    kind=Kind.RECOVERED,
                    message=f"{path}: read {what}; every reading that {rule} admit agrees on "
                    + ", ".join(recovered),
                    paths=tuple(f"{path}.{c}" for c in recovered),
                    stated=read,
                    line=row.line,
                )
            )


def _plain(v: object) -> object:
    return "?" if v is UNKNOWN else v


# --- applications --------------------------------------------------------------------


def _place_unlabelled(
    order: Sequence[str],
    slots: dict[str, _Row],
    pending: list[_Row],
    start: int,
    stop: int,
    diags: list[Diagnostic],
) -> None:
    """Put label-less rows into the empty template rows between two labelled ones."""
    if not pending:
        return
    free = [k for k in order[start:stop] if k not in slots]
    rows = list(pending)
    if len(rows) > len(free):
        # A lone figure amid full rows is a page number or a wrapped ordinal.
        strays = [r for r in rows if len(r.cells) == 1]
        if len(rows) - len(strays) == len(free):
            for s in strays:
                diags.append(
                    Diagnostic(
                        code="R-STRAY",
                        severity=Severity.INFO,
                        kind=Kind.RECOVERED,
                        message=f"a lone figure {s.cells[0].text!r} amid the table's rows "
                        "was read as not part of the table",
                        stated=s.cells[0].text,
                        line=s.line,
                    )
                )
            rows = [r for r in rows if len(r.cells) != 1]
    if len(rows) == len(free):
        for key, row in zip(free, rows):
            slots[key] = attrs.evolve(row, key=key)
        if free:
            diags.append(
                Diagnostic(
                    code="R-PLACED",
                    severity=Severity.INFO,
                    kind=Kind.RECOVERED,
                    message=f"{len(rows)} row(s) of figures with no label placed by template "
                    "order: " + ", ".join(f"applications.{k}" for k in free),
                    paths=tuple(f"applications.{k}" for k in free),
                    line=rows[0].line,
                )
            )
        return
    diags.append(
        Diagnostic(
            code="U-UNPLACED",
            severity=Severity.WARNING,
            kind=Kind.UNSETTLED,
            message=f"{len(rows)} row(s) of figures with no label could not be placed: "
            f"{len(free)} template row(s) are free there",
            paths=tuple(f"applications.{k}" for k in free),
            stated=[" ".join(c.text for c in r.cells) for r in rows],
            line=rows[0].line,
        )
    )


def assemble_applications(
    items: Sequence[Item],
    version: TemplateVersion,
    *,
    exact: bool = False,
    reader_grid: bool = False,
) -> tuple[Applications, list[Diagnostic]]:
    """Section 三 from its row items.

    ``exact`` says the table is a known exact grid (the canonical form): blank
    cells are then read by position only. Otherwise a gap at a row's edge may
    be a label's span, and both readings go to the arithmetic."""
    diags: list[Diagnostic] = []
    leaves = dict(_LEAVES)
    if version == "2019":
        leaves["OTHER"] = "outcomes.other"
        for t in ("OVERDUE_CORRECTION", "OVERDUE_FEE", "OTHER_OTHER"):
            leaves.pop(t)
    order = [r.key for r in application_rows(version)]
    slots: dict[str, _Row] = {}
    pending: list[_Row] = []
    last = -1
    # A table read from a real grid (HTML, DOCX: ``reader_grid``) whose lines are
    # all as wide, label columns before the seven, is read by position: a row's
    # figures are its last seven cells, blank edge cells included. Text tables
    # are not: their extraction loses cells and pads rows, so there an edge gap
    # is far more often a label's span or padding, and lost cells are rebuilt by
    # arithmetic.
    widths = {i.width for i in items if i.grid}
    rectangular = (
        reader_grid
        and len(widths) == 1
        and min(widths) > 7
        and all(len(i.cells) >= 7 for i in items if i.kind == "row" and i.grid)
    )
    for item in items:
        if exact:
            cells = _fit(item.cells, 7)
        elif rectangular and item.kind == "row":
            # (A row that lost a <td> would be padded at its end and read shifted;
            # A2 then flags it. Real grids rarely lose cells; text grids often do.)
            cells = item.cells[-7:]
        else:
            cells = _trim(item.cells)
        if not any(c.kind != "gap" for c in cells):
            cells = ()
        key = next((leaves[t] for t in reversed(item.labels) if t in leaves), None)
        if item.kind == "text" and len(cells) < 3:
            cells = ()
        if not cells:
            continue
        row = _Row(key or "", cells, item.line, not item.grid)
        if key is None:
            pending.append(row)
            continue
        idx = order.index(key)
        if key in slots:
            diags.append(
                Diagnostic(
                    code="U-DUPLICATE",
                    severity=Severity.WARNING,
                    kind=Kind.UNSETTLED,
                    message=f"applications.{key} appears twice; the first is kept",
                    paths=(f"applications.{key}",),
                    line=item.line,
                )
            )
            continue
        _place_unlabelled(order, slots, pending, last + 1, idx, diags)
        pending = []
        slots[key] = row
        last = max(last, idx)
    _place_unlabelled(order, slots, pending, last + 1, len(order), diags)

    keys = [k for k in order if k in slots]
    readings: list[RowReadings] = []
    for k in keys:
        try:
            readings.append(_readings(slots[k], 7))
        except TooManyReadings as exc:
            diags.append(_too_many(f"applications.{k}", slots[k], str(exc)))
            readings.append(RowReadings("lost", ((UNKNOWN,) * 7,)))
    cell_index = {
        CellPath.of(f"applications.{k}").child(col): (i, c)
        for i, k in enumerate(keys)
        for c, col in enumerate(APPLICANT_COLUMNS)
    }
    system = index_equations(equations(version), cell_index)
    results = settle(readings, system, 7)
    rows: dict[str, ApplicantRow] = {}
    for k, rd, res in zip(keys, readings, results):
        rows[k] = ApplicantRow(**dict(zip(APPLICANT_COLUMNS, res.values)))
        _report_row(
            f"applications.{k}",
            APPLICANT_COLUMNS,
            slots[k],
            rd,
            res,
            diags,
            "the rules A1, A2, A3",
        )
    missing = [f"applications.{k}" for k in order if k not in slots]
    if missing:
        diags.append(_missing_rows("applications", missing))
    return build_applications(version, rows), diags


def _missing_rows(table: str, paths: list[str]) -> Diagnostic:
    return Diagnostic(
        code="U-MISSING-ROW",
        severity=Severity.WARNING,
        kind=Kind.UNSETTLED,
        message=f"rows not found in the {table} table: " + ", ".join(paths),
        paths=tuple(paths),
    )


def _too_many(path: str, row: _Row, why: str) -> Diagnostic:
    return Diagnostic(
        code="U-TOO-LONG",
        severity=Severity.WARNING,
        kind=Kind.UNSETTLED,
        message=f"{path}: the run {' '.join(c.text for c in row.cells)!r} is too long to "
        f"split with certainty ({why}); its cells are left empty",
        paths=(path,),
        stated=" ".join(c.text for c in row.cells),
        line=row.line,
    )


# --- reviews ---------------------------------------------------------------------------


def assemble_reviews(items: Sequence[Item]) -> tuple[Reviews, list[Diagnostic]]:
    """Section 四: the one row of fifteen cells after the header words."""
    diags: list[Diagnostic] = []
    seen_header = False
    chosen: tuple[Cell, ...] = ()
    line = 0
    chosen_grid = False
    groups: list[tuple[tuple[Cell, ...], int, bool]] = []
    for item in items:
        if item.kind == "header":
            seen_header = True
        cells = item.cells
        if cells and any(c.kind != "gap" for c in cells) and (seen_header or item.kind == "values"):
            groups.append((cells, item.line, item.grid))
    for cells, ln, grid in groups:
        if sum(1 for c in cells if c.kind != "gap") >= 5 or len(cells) >= 10:
            chosen, line, chosen_grid = cells, ln, grid
            break
    if not chosen and groups:
        chosen, line, chosen_grid = max(groups, key=lambda g: len(g[0]))
    if not chosen:
        diags.append(
            Diagnostic(
                code="U-NO-TABLE",
                severity=Severity.WARNING,
                kind=Kind.UNSETTLED,
                message="no figures found for the reviews table (section 四)",
                paths=("reviews",),
            )
        )
        return Reviews(), diags
    chosen = _fit(chosen, 15)
    if len(chosen) < 15:
        chosen = _trim(chosen)
    row = _Row("reviews", chosen, line, not chosen_grid)
    try:
        rd = _readings(row, 15)
    except TooManyReadings as exc:
        diags.append(_too_many("reviews", row, str(exc)))
        return Reviews(), diags
    cell_index = {
        CellPath(("reviews", g, col)): (0, i * 5 + c)
        for i, (g, _) in enumerate(REVIEW_GROUPS)
        for c, col in enumerate(REVIEW_COLUMNS)
    }
    (res,) = settle([rd], index_equations(equations("2021"), cell_index), 15)
    columns = [f"{g}.{c}" for g, _ in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    _report_row("reviews", columns, row, rd, res, diags, "the rule R1")
    groups_out = {
        g: ReviewGroup(**dict(zip(REVIEW_COLUMNS, res.values[i * 5 : i * 5 + 5])))
        for i, (g, _) in enumerate(REVIEW_GROUPS)
    }
    return build_reviews(groups_out), diags


# --- active disclosure ------------------------------------------------------------------

_ACTIVE_KEYS = {
    "REGULATIONS": "regulations",
    "NORMATIVE_DOCUMENTS": "normative_documents",
    "LICENSING": "licensing",
    "OTHER_SERVICES": "other_services",
    "PENALTY": "penalty",
    "COERCION": "coercion",
    "FEES": "fees",
    "PROCUREMENT": "procurement",
}

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


def _narrative_figures(narrative: str, key: str) -> dict[str, tuple[int, str]]:
    """Figures the narrative states for a row: ``现行有效行政规范性文件698件``."""
    words = _NARRATIVE_ROWS.get(key)
    if not words or not narrative:
        return {}
    found: dict[str, tuple[int, str]] = {}
    for clause in re.split(r"[，,。；;：:\n]", narrative):
        if not any(w in clause for w in words):
            continue
        nums = re.findall(r"(\d+)\s*[件部个条项]", clause)
        cols = [c for c, ws in _NARRATIVE_COLUMNS.items() if any(w in clause for w in ws)]
        if len(nums) == 1 and len(cols) == 1 and cols[0] not in found:
            found[cols[0]] = (int(nums[0]), clause.strip())
    return found


def _money(cell: Cell) -> tuple[Decimal | None, str | None]:
    m = _NUMBER.match(cell.text) if cell.kind == "number" else None
    if not m:
        return None, None
    try:
        return Decimal(m.group(1)), m.group(2)
    except InvalidOperation:
        return None, None


def assemble_active(
    items: Sequence[Item], version: TemplateVersion, narrative: str = ""
) -> tuple[ActiveDisclosure2019 | ActiveDisclosure2021, list[Diagnostic]]:
    """Section 二 from its row items; rows are found by label in any order."""
    from .template import ACTIVE_ROWS

    diags: list[Diagnostic] = []
    spec = {k: cols for k, _, cols in ACTIVE_ROWS[version]}
    rows: dict[str, _Row] = {}
    found: set[str] = set()  # rows whose label was seen, blank ones included
    prev: _Row | None = None  # the last row, while figures may continue it
    notes: list[str] = []
    amount_unit: str | None = None
    for item in items:
        if item.kind == "text" and "采购总金额" in item.text:
            m = re.search(r"\((?:单位:)?(万元|元)\)", item.text)
            amount_unit = m.group(1) if m else amount_unit
        if (
            item.kind == "values"
            and prev is not None
            and any(c.kind == "number" for c in item.cells)
        ):
            # Figures on a line of their own after a row: its continuation (a
            # row broken by a blank cell or a page), or a stray to report.
            width = len(spec[prev.key] or (1,))
            have = [c for c in prev.cells if c.kind != "gap"]
            more = [c for c in item.cells if c.kind == "number"]
            if len(have) + len(more) <= width:
                rows[prev.key] = prev = attrs.evolve(prev, cells=tuple(have + more), flat=True)
                notes.append(prev.key)
            else:
                diags.append(_stray(f"active_disclosure.{prev.key}", item))
            continue
        if item.kind != "row":
            if item.kind != "values":
                prev = None  # header words: figures after them open a new row
            continue
        key = next((_ACTIVE_KEYS[t] for t in reversed(item.labels) if t in _ACTIVE_KEYS), None)
        width = len(spec[key] or (1,)) if key in spec else 1
        cells = _fit(item.cells, width)
        if len(cells) != width:
            cells = _trim(cells)
        if not any(c.kind != "gap" for c in cells):
            cells = ()
        if key in spec:
            found.add(key)
        if key is None or key not in spec or key in rows:
            prev = None
            continue
        prev = rows[key] = _Row(key, cells, item.line, not item.grid)
    rows = {k: r for k, r in rows.items() if r.cells}
    for key in dict.fromkeys(notes):
        if key in rows:
            diags.append(
                Diagnostic(
                    code="R-JOINED",
                    severity=Severity.INFO,
                    kind=Kind.RECOVERED,
                    message=f"active_disclosure.{key}: figures on the line after the row "
                    "were read as its cells (a blank cell's place cannot be known)",
                    paths=tuple(f"active_disclosure.{key}.{c}" for c in spec[key] or ())
                    or (f"active_disclosure.{key}",),
                    line=rows[key].line,
                )
            )

    values: dict[str, object] = {}
    for key, cols in spec.items():
        path = f"active_disclosure.{key}"
        row = rows.get(key)
        if row is None:
            if key == "procurement" and amount_unit:
                # The unit stands in the header even when the row states nothing.
                values[key] = Procurement2019(amount_unit=amount_unit)  # type: ignore[arg-type]
            continue
        if cols is None:  # a single-value row of the 2021 template
            first = row.cells[0]
            if key == "fees":
                amount, unit = _money(first)
                if amount is not None and unit == "元":
                    diags.append(
                        Diagnostic(
                            code="N-UNIT",
                            severity=Severity.INFO,
                            kind=Kind.NOTE,
                            message=f"{path}: {first.text} converted to 万元 "
                            f"({amount / 10000} 万元)",
                            paths=(path,),
                            stated=first.text,
                            expected=str(amount / 10000),
                            line=row.line,
                        )
                    )
                    amount = amount / 10000
                values[key] = amount
            else:
                values[key] = _cell_value(first)
            if len([c for c in row.cells if c.kind != "gap"]) > 1:
                diags.append(
                    Diagnostic(
                        code="N-EXTRA-CELLS",
                        severity=Severity.INFO,
                        kind=Kind.NOTE,
                        message=f"{path}: the first of the cells "
                        f"{' '.join(c.text or '·' for c in row.cells)!r} was read",
                        paths=(path,),
                        line=row.line,
                    )
                )
            continue
        if key == "procurement":
            values[key] = _procurement(row, amount_unit, diags)
            continue
        try:
            rd = _readings(row, len(cols))
        except TooManyReadings as exc:
            diags.append(_too_many(path, row, str(exc)))
            continue
        if len(rd.readings) > 1 and rd.how == "split":
            figures = _narrative_figures(narrative, key)
            if figures:
                fit = [
                    r
                    for r in rd.readings
                    if all(r[cols.index(c)] == v for c, (v, _) in figures.items() if c in cols)
                ]
                if len(fit) == 1:
                    rd = RowReadings("split", tuple(fit))
                    diags.append(
                        Diagnostic(
                            code="R-NARRATIVE",
                            severity=Severity.INFO,
                            kind=Kind.RECOVERED,
                            message=f"{path}: the run {row.cells[0].text!r} is split by the "
                            "figures the report's narrative states: "
                            + "; ".join(f"「{clause}」" for _, clause in figures.values()),
                            paths=tuple(f"{path}.{c}" for c in cols),
                            stated=" ".join(c.text for c in row.cells),
                            expected=list(fit[0]),
                            line=row.line,
                        )
                    )
        (res,) = settle([rd], [], len(cols))
        if len(rd.readings) > 1 or rd.how != "stated":
            _report_row(path, cols, row, rd, res, diags, "no rule of the template")
        values[key] = dict(zip(cols, res.values))
    missing = [f"active_disclosure.{k}" for k in spec if k not in found]
    if missing:
        diags.append(_missing_rows("active-disclosure", missing))
    return _active_object(version, values), diags


def _procurement(row: _Row, header_unit: str | None, diags: list[Diagnostic]) -> Procurement2019:
    path = "active_disclosure.procurement"
    cells = [c for c in row.cells if c.kind != "gap"]
    unit = next((u for c in cells for u in [_money(c)[1]] if u in ("元", "万元")), None)
    unit = unit or header_unit
    if len(row.cells) == 2 and not row.flat:
        # A grid row: read by position, a gap is a blank cell.
        projects = _cell_value(row.cells[0])
        amount, _ = _money(row.cells[1])
        return Procurement2019(projects=projects, amount=amount, amount_unit=unit)  # type: ignore[arg-type]
    if len(cells) == 2:
        projects = _cell_value(cells[0])
        amount, _ = _money(cells[1])
        return Procurement2019(projects=projects, amount=amount, amount_unit=unit)  # type: ignore[arg-type]
    if len(cells) == 1 and row.flat:
        m = _NUMBER.match(cells[0].text)
        run = m.group(1) if m else ""
        # One figure may be both cells run together, or one cell with the other
        # blank (a blank vanishes between spaces): never settled alone.
        cuts: list[tuple[str | None, str | None]] = [
            (run[:i], run[i:])
            for i in range(1, len(run))
            if _COUNT.fullmatch(run[:i]) and _AMOUNT.fullmatch(run[i:])
        ]
        if run and not _money(cells[0])[1] and _COUNT.fullmatch(run):
            cuts.append((run, None))
        if run:
            cuts.append((None, run))
        diags.append(
            Diagnostic(
                code="U-AMBIGUOUS",
                severity=Severity.WARNING,
                kind=Kind.UNSETTLED,
                message=f"{path}: {cells[0].text!r} is one figure for two cells (the count "
                f"and the amount run together, or one of them blank); {len(cuts)} readings "
                "are possible and the template has no rule to choose, so projects and "
                "amount are left empty",
                paths=(f"{path}.projects", f"{path}.amount"),
                stated=cells[0].text,
                candidates=[list(c) for c in cuts[:12]],
                line=row.line,
            )
        )
        return Procurement2019(amount_unit=unit)  # type: ignore[arg-type]
    diags.append(
        Diagnostic(
            code="U-UNREADABLE",
            severity=Severity.WARNING,
            kind=Kind.UNSETTLED,
            message=f"{path}: {len(cells)} cells for 2",
            paths=(f"{path}.projects", f"{path}.amount"),
            stated=" ".join(c.text for c in cells),
            line=row.line,
        )
    )
    return Procurement2019(amount_unit=unit)  # type: ignore[arg-type]


def _stray(path: str, item: Item) -> Diagnostic:
    text = " ".join(c.text for c in item.cells if c.kind == "number")
    return Diagnostic(
        code="U-STRAY",
        severity=Severity.WARNING,
        kind=Kind.UNSETTLED,
        message=f"figures {text!r} stand on a line of their own after {path}; they were not read",
        paths=(path,),
        stated=text,
        line=item.line,
    )


def _active_object(
    version: TemplateVersion, values: dict[str, object]
) -> ActiveDisclosure2019 | ActiveDisclosure2021:
    def get(key: str) -> dict[str, int | None]:
        v = values.get(key)
        return v if isinstance(v, dict) else {}

    if version == "2021":
        return ActiveDisclosure2021(
            regulations=DocumentCounts2021(**get("regulations")),
            normative_documents=DocumentCounts2021(**get("normative_documents")),
            licensing=values.get("licensing"),  # type: ignore[arg-type]
            penalty=values.get("penalty"),  # type: ignore[arg-type]
            coercion=values.get("coercion"),  # type: ignore[arg-type]
            fees=values.get("fees"),  # type: ignore[arg-type]
        )
    return ActiveDisclosure2019(
        regulations=DocumentCounts2019(**get("regulations")),
        normative_documents=DocumentCounts2019(**get("normative_documents")),
        licensing=ItemCounts2019(**get("licensing")),
        other_services=ItemCounts2019(**get("other_services")),
        penalty=ItemCounts2019(**get("penalty")),
        coercion=ItemCounts2019(**get("coercion")),
        fees=FeeItems2019(**get("fees")),
        procurement=values.get("procurement") or Procurement2019(),  # type: ignore[arg-type]
    )
