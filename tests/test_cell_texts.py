"""Cells that say more or other than a figure: notes inside cells (（其中修订16件）),
figures in Chinese numerals (二十), and 2021 reports with 2019's single （六） row.
The layout harness (``test_layouts.py``) writes these into every hand-read report;
here each reading is pinned on one small section 二."""

from __future__ import annotations

import pytest

from govreport import parse
from govreport.diagnostics import Kind
from govreport.numerals import numeral_value

SECTION_2 = """某某局2022年政府信息公开工作年度报告
一、总体情况
好。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
{regulations}
行政规范性文件 7 1 30
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 106
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 2
行政强制 0
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 0
五、存在的主要问题及改进情况
无。
"""


def _regulations(row: str) -> tuple[tuple[int | None, ...], list[tuple[str, tuple[str, ...], str]]]:
    result = parse(SECTION_2.format(regulations=row))
    reg = result.report.active_disclosure.regulations
    diags = [
        (d.code, d.paths, d.stated)
        for d in result.diagnostics
        if any(p.startswith("active_disclosure.regulations") for p in d.paths)
    ]
    return (reg.issued, reg.repealed, reg.in_force), diags  # type: ignore[union-attr]


ISSUED = ("active_disclosure.regulations.issued",)


@pytest.mark.parametrize(
    ("row", "path", "note"),
    [
        ("规章 22（其中修订16件） 0 5", ISSUED, "(其中修订16件)"),
        ("规章 22(含修订 16 件) 0 5", ISSUED, "(含修订 16 件)"),
        ("规章\t22（其中修订16件）\t0\t5", ISSUED, "(其中修订16件)"),
        # The note in a grid cell of its own after the figure's.
        ("规章\t22\t（其中修订16件）\t0\t5", ISSUED, "(其中修订16件)"),
        # Wrapped onto the next line: which cell it follows is not known, the row is named.
        ("规章 22 0 5\n（其中修订16件）", ("active_disclosure.regulations",), "(其中修订16件)"),
    ],
)
def test_a_note_inside_a_cell_is_no_cell(row: str, path: tuple[str, ...], note: str) -> None:
    values, diags = _regulations(row)
    assert values == (22, 0, 5)
    assert diags == [("N-NOTE", path, note)]


def test_a_note_is_a_note_kind_diagnostic() -> None:
    result = parse(SECTION_2.format(regulations="规章 22（其中修订16件） 0 5"))
    (d,) = [d for d in result.diagnostics if d.code == "N-NOTE"]
    assert d.kind is Kind.NOTE
    assert d.message == (
        "active_disclosure.regulations.issued: the note '(其中修订16件)' inside the cell "
        "is not a cell; its figures were not read"
    )


@pytest.mark.parametrize("sep", [" ", "\t"])
def test_chinese_numerals_in_cells_are_read_and_reported(sep: str) -> None:
    values, diags = _regulations(sep.join(["规章", "二十", "〇", "十五"]))
    assert values == (20, 0, 15)
    cells = ("issued", "repealed", "in_force")
    assert diags == [
        ("N-NUMERAL", (f"active_disclosure.regulations.{c}",), text)
        for c, text in zip(cells, ("二十", "〇", "十五"))
    ]


@pytest.mark.parametrize("text", ["二〇", "若干", "十十"])
def test_words_that_are_no_standard_numeral_stay_not_a_figure(text: str) -> None:
    values, diags = _regulations(f"规章\t22\t0\t{text}")
    assert values == (22, 0, None)
    assert diags == [("S-NOT-A-FIGURE", ("active_disclosure.regulations.in_force",), [text])]


def test_a_numeral_inside_words_is_no_cell() -> None:
    # 约三 is no figure: the row is not read as if it were 3, nor its cells shifted.
    values, diags = _regulations("规章 约三 0 5")
    assert values == (None, None, None)
    cells = tuple(f"active_disclosure.regulations.{c}" for c in ("issued", "repealed", "in_force"))
    assert diags == [("U-NO-FIGURE", cells, None)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("〇", 0),
        ("零", 0),
        ("三", 3),
        ("两", 2),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两千", 2000),
        ("一万零五", 10005),
        ("两万两千", 22000),
        ("二十件", 20),
    ],
)
def test_standard_numerals(text: str, value: int) -> None:
    assert numeral_value(text) == value


@pytest.mark.parametrize(
    "text", ["百", "二〇", "二二", "十十", "一百十", "一千零零一", "十两", "零五", "约三", ""]
)
def test_numerals_read_more_than_one_way_are_none(text: str) -> None:
    assert numeral_value(text) is None
