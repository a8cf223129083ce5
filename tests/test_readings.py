"""Readings of a row tagged by the layout they assume, weighed together.

A row of a text table with one cell too many is a cell too many (``extra``) or a
figure that PDF extraction broke in two cells (``divided``: ``53`` as ``5 | 3``).
Both are weighed together: a cell is set only where every layout that fits the
rules agrees. Expected values are worked out here by hand or come from the
hand-read ``*.expected.json`` files.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from expected import complete
from govreport import parse, read
from govreport.assemble.cells import RowCells, divisible, joins, readings, table_readings
from govreport.model import APPLICANT_COLUMNS
from govreport.recover import (
    MAX_GRID_READINGS,
    UNKNOWN,
    Linear,
    RowReadings,
    TooManyReadings,
    collapsed_readings,
    divided_readings,
    grid_readings,
    settle,
    split_readings,
)
from govreport.tokens import Cell
from layouts import split_figures, to_gfm, to_html, to_spaces, to_tabs

FIXTURES = Path(__file__).parent / "fixtures"

# The row rule A2 over one row of seven cells: total (column 6) = the six before.
A2 = [Linear(total=((0, 6),), parts=tuple((0, c) for c in range(6)))]


def _cells(*texts: str) -> tuple[Cell, ...]:
    return tuple(Cell(t, "number") for t in texts)


def test_joins_give_the_figure_two_neighbours_make() -> None:
    cells = (*_cells("5", "3", "0", "53", "1", "05"), Cell("-", "blank"), Cell("2", "number"))
    # 5|3 is 53, 3|0 is 30; 0|53 has a leading zero; 1|05 is 105; a blank joins nothing.
    assert joins(cells) == (53, 30, None, 531, 105, None, None)
    assert joins(_cells("3万元", "4")) == (None,)


def test_a_cell_too_many_or_a_figure_split_in_two() -> None:
    cells = [5, 3, 0, 0, 0, 0, 0, 53]
    got = divided_readings(cells, 7, joins(_cells(*map(str, cells))))
    assert got.how == "extra"
    assert dict((r, h) for h, r in got.tagged()) == {
        (3, 0, 0, 0, 0, 0, 53): "extra",
        (5, 0, 0, 0, 0, 0, 53): "extra",
        (5, 3, 0, 0, 0, 0, 53): "extra",
        (5, 3, 0, 0, 0, 0, 0): "extra",
        (53, 0, 0, 0, 0, 0, 53): "divided",
        (5, 30, 0, 0, 0, 0, 53): "divided",
    }
    # Without joins the row reads as a cell too many only, as before.
    assert set(grid_readings(cells, 7).readings) == {r for h, r in got.tagged() if h == "extra"}


def test_a2_joins_a_split_figure_it_alone_settles() -> None:
    cells = [5, 3, 0, 0, 0, 0, 0, 53]
    (res,) = settle([divided_readings(cells, 7, joins(_cells(*map(str, cells))))], A2)
    # Only 53 0 0 0 0 0 53 keeps total = the sum: every other reading breaks A2.
    assert res.values == (53, 0, 0, 0, 0, 0, 53)
    assert res.kept == ("divided",)
    assert res.status == ("recovered", "recovered", *("stated",) * 4, "recovered")


def test_cells_stay_open_unless_every_layout_agrees() -> None:
    # 1 1 0 0 0 0 0 11: 11|0 and 1|10 both keep A2; dropping a cell keeps it nowhere.
    cells = [1, 1, 0, 0, 0, 0, 0, 11]
    (res,) = settle([divided_readings(cells, 7, joins(_cells(*map(str, cells))))], A2)
    assert res.values == (None, None, 0, 0, 0, 0, 11)
    assert res.status[:2] == ("unsettled", "unsettled")
    assert dict(zip(res.candidates[0], res.hypotheses[0])) == {1: ("divided",), 11: ("divided",)}
    assert dict(zip(res.candidates[1], res.hypotheses[1])) == {10: ("divided",), 0: ("divided",)}


def test_a_layout_the_rules_rule_out_gives_no_candidate() -> None:
    # 7 0 0 0 0 0 7 7: 7|7 joined (7 0 0 0 0 0 77) breaks A2; dropping the last 7
    # (7 0 0 0 0 0 7) or the first (0 0 0 0 0 7 7) keeps it: a cell too many only,
    # and the two places of the extra cell leave the first and sixth cells open.
    cells = [7, 0, 0, 0, 0, 0, 7, 7]
    rd = divided_readings(cells, 7, joins(_cells(*map(str, cells))))
    assert (7, 0, 0, 0, 0, 0, 77) in rd.readings
    (res,) = settle([rd], A2)
    assert res.values == (None, 0, 0, 0, 0, None, 7)
    assert res.kept == ("extra",)
    assert dict(zip(res.candidates[0], res.hypotheses[0])) == {7: ("extra",), 0: ("extra",)}


def test_the_enumeration_is_bounded() -> None:
    with pytest.raises(TooManyReadings):
        divided_readings([1] * 30, 7, [11] * 29)
    assert MAX_GRID_READINGS == 2000


def test_a_row_no_reading_of_which_keeps_its_rule_is_chosen_by_no_other() -> None:
    # Row 0 has a cell too many and breaks A2 whichever cell goes; row 1 (stated)
    # and an equation row0.total == row1.total would pick one reading: it must not.
    row0 = grid_readings([4, 4, 0, 0, 0, 0, 0, 9], 7)
    row1 = RowReadings("stated", ((1, 0, 0, 0, 0, 0, 9),))
    eqs = [*A2, Linear(total=((0, 6),), parts=((1, 6),))]
    res0, res1 = settle([row0, row1], eqs)
    # Row 0 reads 4 0 0 0 0 0 9, 4 4 0 0 0 0 9 or 4 4 0 0 0 0 0: what they agree on.
    assert res0.values == (4, None, 0, 0, 0, 0, None)
    assert res1.values == (1, 0, 0, 0, 0, 0, 9)


def test_only_text_tables_may_hold_figures_split_in_two() -> None:
    assert divisible(real_grid=False, merged=False)
    assert not divisible(real_grid=True, merged=False)  # HTML, DOCX, the canonical form
    assert not divisible(real_grid=False, merged=True)  # one figure a line, kept whole
    cells = _cells("5", "3", "0", "0", "0", "0", "0", "53")
    grid = readings(RowCells("outcomes.total", cells, 1, False), 7)
    assert "divided" not in grid.hows
    text = readings(RowCells("outcomes.total", cells, 1, False, divisible=True), 7)
    assert text.hows.count("divided") == 2


def _source(name: str) -> dict[str, Any]:
    return complete(json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("layout", [to_gfm, to_tabs, to_spaces])
def test_a_report_with_split_figures_is_joined_with_a_diagnostic(
    layout: Callable[..., str],
) -> None:
    source = _source("03_shanghai_kewei_2024")
    want = [source["applications"]["new_received"][c] for c in APPLICANT_COLUMNS]
    result = parse(layout(source, split=True))
    got = result.report.applications.new_received
    assert [getattr(got, c) for c in APPLICANT_COLUMNS] == want
    (diag,) = [
        d
        for d in result.diagnostics
        if d.code == "R-REBUILT" and d.paths[0].startswith("applications.new_received.")
    ]
    assert diag.expected == want
    assert diag.message == (
        "applications.new_received: read 8 cells for 7 ('3 2 2 0 0 0 0 34': a cell too "
        "many, or a figure split in two); the rules A1, A2, A3 admit exactly one reading: "
        "32 2 0 0 0 0 34; only a figure split in two fits"
    )


def test_a_single_cell_split_in_two_is_left_open() -> None:
    source = _source("03_shanghai_kewei_2024")
    result = parse(to_gfm(source, split=True))
    assert result.report.active_disclosure.licensing is None
    (diag,) = [d for d in result.diagnostics if d.paths == ("active_disclosure.licensing",)]
    assert diag.code == "U-AMBIGUOUS"
    assert diag.message == (
        "active_disclosure.licensing: read '9 7' for one cell; it is 9 (a cell too many) "
        "or 97 (a figure split in two), and no rule of the template chooses, so it is "
        "left empty"
    )


def test_a_real_grid_never_joins_cells(tmp_path: Path) -> None:
    source = _source("03_shanghai_kewei_2024")
    path = tmp_path / "report.html"
    path.write_text(to_html(source, transform=split_figures), encoding="utf-8")
    result = read(path)
    assert not any("split in two" in d.message for d in result.diagnostics)


# --- a short row between spaces: blanks lost, or figures run together ----------------

_SPACED_2019 = """平潭县某局2019年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
规章 0 0 0
规范性文件 721
"""


def test_a_short_spaced_row_weighs_blank_cells_lost_and_figures_run_together() -> None:
    # Between spaces a blank cell vanishes: '721' for three cells is 7 2 1 run
    # together, 721 in any one of them with two blanks, or 7 21 / 72 1 with one.
    # No rule of section 二 chooses, so none is set (it was read 7 2 1, "exactly one reading").
    result = parse(_SPACED_2019)
    nd = result.report.active_disclosure.normative_documents
    assert (nd.made, nd.published, nd.total_published) == (None, None, None)
    (d,) = [d for d in result.diagnostics if d.paths[0].startswith(
        "active_disclosure.normative_documents")]  # fmt: skip
    assert d.code == "U-AMBIGUOUS"
    assert {tuple(c) for c in d.candidates} == {
        (7, 2, 1),
        (721, "?", "?"),
        ("?", 721, "?"),
        ("?", "?", 721),
        # 721 cut in two figures, with one blank lost: 7 21 or 72 1, anywhere.
        ("?", 7, 21),
        (7, "?", 21),
        (7, 21, "?"),
        ("?", 72, 1),
        (72, "?", 1),
        (72, 1, "?"),
    }


def test_section_two_glued_to_its_labels_still_weighs_blank_cells_lost() -> None:
    # Labels and figures with no space between (a crawler dropped every tag): in
    # sections 三 and 四 a short row then reads as figures run together, which their
    # rules check; section 二 has no rule to refute a wrong cut, so '721' stays open
    # there, while '000' (no whole figure has a leading zero) is 0 0 0.
    glued = _SPACED_2019.replace(
        "规章 0 0 0\n规范性文件 721\n", "规章000规范性文件721第二十条第（五）项\n"
    )
    ad = parse(glued).report.active_disclosure
    nd, reg = ad.normative_documents, ad.regulations
    assert (nd.made, nd.published, nd.total_published) == (None, None, None)
    assert (reg.made, reg.published, reg.total_published) == (0, 0, 0)


def test_a_leading_zero_is_no_whole_figure() -> None:
    # '000' can only be cut: 0 0 0, blanks lost or not.
    row = RowCells("regulations", (Cell("000", "number"),), 1, flat=True)
    assert readings(row, 3).readings == ((0, 0, 0),)
    alone = RowCells("regulations", (Cell("721", "number"),), 1, flat=True)
    assert set(readings(alone, 3).readings) == {
        (7, 2, 1),
        (721, UNKNOWN, UNKNOWN),
        (UNKNOWN, 721, UNKNOWN),
        (UNKNOWN, UNKNOWN, 721),
        *{(UNKNOWN, a, b) for a, b in ((7, 21), (72, 1))},
        *{(a, UNKNOWN, b) for a, b in ((7, 21), (72, 1))},
        *{(a, b, UNKNOWN) for a, b in ((7, 21), (72, 1))},
    }
    assert readings(alone._replace(glued=True), 3).readings == ((7, 2, 1),)


# --- searches that rule readings out before making them ---------------------------

# R1 over section 四's row of fifteen cells: each group's total after its four parts.
R1_LOCAL = [(4 + 5 * g, tuple(range(5 * g, 5 * g + 4))) for g in range(3)]
A2_LOCAL = [(6, tuple(range(6)))]


def _keeps(reading: tuple[Any, ...], local: list[tuple[int, tuple[int, ...]]]) -> bool:
    return all(
        reading[t] is None
        or any(reading[c] is None for c in cols)
        or reading[t] == sum(reading[c] for c in cols)
        for t, cols in local
    )


@pytest.mark.parametrize(
    ("values", "width", "local"),
    [
        ([5, 0, 5], 7, A2_LOCAL),
        ([3, 1, 0, 4], 7, A2_LOCAL),
        ([1, 0, 2, 0, 1, 4], 7, A2_LOCAL),
        ([0, 1, 0, 2, 0], 15, R1_LOCAL),
        ([0, 1, 0, 1, 0, 2, 0, 1, 0, 1, 0, 1, 0, 2], 15, R1_LOCAL),
        ([2, None, 2, 0], 7, A2_LOCAL),
        ([4, 1, 2], 5, []),
    ],
)
def test_merged_rows_keep_every_repeat_that_keeps_their_rules_in_cut_order(
    values: list[int | None], width: int, local: list[tuple[int, tuple[int, ...]]]
) -> None:
    # Every way to give the values runs, first cut leftmost first, kept where the
    # row's own rules hold: what the column-by-column search must give.
    every = []
    for cuts in itertools.combinations(range(1, width), len(values) - 1):
        sizes = [b - a for a, b in zip((0, *cuts), (*cuts, width))]
        every.append(tuple(v for v, k in zip(values, sizes) for _ in range(k)))
    expected = tuple(r for r in every if _keeps(r, local))
    assert collapsed_readings(values, width, local).readings == expected


@pytest.mark.parametrize(
    ("runs", "local"),
    [
        (["293253006143050"], A2_LOCAL),
        (["2932530", "06143050"], A2_LOCAL),
        (["7461200101769"], A2_LOCAL),
        (["110000011"], A2_LOCAL),
        (["200020000010001"], R1_LOCAL),
        (["0000000000", "00000"], R1_LOCAL),
    ],
)
def test_cuts_under_the_rules_are_every_cut_that_keeps_them(
    runs: list[str], local: list[tuple[int, tuple[int, ...]]]
) -> None:
    # The search skips totals whose parts' digits cannot add up to them (modulo 9)
    # and makes a group's cuts once for every cut of the groups after it: the
    # cuts it gives are still every cut that keeps the rules, each once.
    width = max(t for t, _ in local) + 1
    every = split_readings(runs, width).readings
    kept = split_readings(runs, width, local).readings
    assert len(set(kept)) == len(kept) > 0
    assert set(kept) == {r for r in every if _keeps(r, local)}


def test_rows_alike_are_read_once_and_settle_alike() -> None:
    zeros = RowCells("a", tuple(Cell("0", "number") for _ in range(6)), 1, False)
    other = zeros._replace(key="b", line=2)
    long_ = RowCells("c", tuple(Cell("1", "number") for _ in range(16)), 3, False)
    read = table_readings([zeros, other, long_], 7, [A2_LOCAL, A2_LOCAL, A2_LOCAL])
    assert read[0] is read[1] and read[0].how == "lost"  # type: ignore[union-attr]
    assert isinstance(read[2], TooManyReadings)
    a2 = [Linear(((i, 6),), tuple((i, c) for c in range(6))) for i in range(2)]
    first, second = settle([read[0], read[1]], a2, 7)  # type: ignore[list-item]
    assert first == second and first.values == (0,) * 7
