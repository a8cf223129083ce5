"""Failures of the parsing core that the fuzzing found, kept as regression tests.

The ones the core does not meet yet are ``xfail(strict=True)``: CI stays green,
and a fix turns a test into an XPASS that fails the run, so that its marker goes.

Each test states the issue's bar for one minimal input: the call ends within 5 s
in a report or a ParseError, and a cell that is not read as stated is named by a
diagnostic quoting its text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import govreport
from hostile import BUDGET_SECONDS, within
from test_fuzz import hand_read, silent_changes

FIXTURES = Path(__file__).parent / "fixtures"
SOURCE = (FIXTURES / "002_5fde6840f557cb37.txt").read_text(encoding="utf-8")
# The canonical text of a real report: every row on one line, easy to edit.
CANON = govreport.dumps(govreport.parse(SOURCE).report)
ROW = "| 一、本年新收政府信息公开申请数量 | 6 | 0 | 0 | 0 | 0 | 0 | 6 |"
CELL = "applications.new_received.natural_person"


def with_row(row: str) -> str:
    assert ROW in CANON
    return CANON.replace(ROW, row)


def first_cell(text: str) -> str:
    return with_row(ROW.replace("| 6 | 0 |", f"| {text} | 0 |", 1))


def outcome(text: str) -> govreport.ParseResult | None:
    """The result of parsing ``text`` within the budget; None for a ParseError.
    Any other exception, or a hang, fails the test."""
    try:
        return within(BUDGET_SECONDS, govreport.parse, text)
    except govreport.ParseError:
        return None


def names(result: govreport.ParseResult | None, path: str, quoted: str) -> bool:
    """Whether ``result`` has a diagnostic naming ``path`` and quoting ``quoted``."""
    if result is None:
        return True
    return any(
        path in d.paths and (quoted in d.message or quoted in str(d.stated))
        for d in result.diagnostics
    )


def core(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"core: {reason}")


def test_negative_count() -> None:
    assert names(outcome(first_cell("-1")), CELL, "-1")


def test_negative_money() -> None:
    assert "| 50 | 2287.0728 |" in CANON
    text = CANON.replace("| 50 | 2287.0728 |", "| 50 | -2287.0728 |")
    result = outcome(text)
    assert result is None or any("-2287.0728" in str(d.stated) for d in result.diagnostics)


def test_figure_of_4400_digits() -> None:
    assert names(outcome(first_cell("9" * 4400)), CELL, "9" * 50)


def test_run_of_5000_digits() -> None:
    outcome(with_row("一、本年新收政府信息公开申请数量\t" + "1" * 5000))


def test_row_of_30_tab_cells() -> None:
    outcome(with_row("一、本年新收政府信息公开申请数量\t" + "\t".join(["1"] * 30)))


@pytest.mark.parametrize("char", [" ", "\t", "#"], ids=["spaces", "tabs", "hashes"])
def test_long_run_of_one_character(char: str) -> None:
    outcome(SOURCE.replace("\n\n", "\n" + char * 30_000 + "\n", 1))


@pytest.mark.parametrize("text", ["二十", "0.5", "无", "-", "/"])
def test_cell_that_is_not_a_figure(text: str) -> None:
    assert names(outcome(first_cell(text)), CELL, text)


def test_blank_cell() -> None:
    result = outcome(first_cell(""))
    assert result is None or any(CELL in d.paths for d in result.diagnostics)


def _html_edit(name: str, tag: str, index: int, duplicate: bool) -> bytes:
    html = (FIXTURES / name).read_text(encoding="utf-8")
    pattern = r"<tr\b.*?</tr>" if tag == "tr" else r"<t[dh]\b.*?</t[dh]>"
    a, b = [m.span() for m in re.finditer(pattern, html, re.S | re.I)][index]
    return (html[:a] + (html[a:b] * 2 if duplicate else "") + html[b:]).encode("utf-8")


@pytest.mark.parametrize(
    ("tag", "index", "duplicate"),
    [("tr", 21, False), ("tr", 20, True), ("td", 24, False)],
    ids=["tr21-deleted", "tr20-duplicated", "td24-deleted"],
)
def test_html_row_or_cell_lost_or_doubled(tag: str, index: int, duplicate: bool) -> None:
    name = "12_shuyang_fagaiju_2023.html"
    data = _html_edit(name, tag, index, duplicate)
    try:
        result = within(BUDGET_SECONDS, govreport.read, data)
    except govreport.ParseError:
        return
    assert silent_changes(hand_read(name), result) == []


def test_report_cut_off_in_section_three_is_an_error() -> None:
    # The canonical text of 002, cut after its (四) 无法提供 rows.
    cut = CANON[: CANON.index("（五）不予处理")]
    result = outcome(cut)
    assert result is not None
    (truncated,) = [d for d in result.diagnostics if d.code == "U-TRUNCATED"]
    assert truncated.severity is govreport.Severity.ERROR
    assert truncated.paths == ("applications", "reviews", "problems", "other_matters")
    # The whole report is no such thing.
    assert all(d.code != "U-TRUNCATED" for d in govreport.parse(CANON).diagnostics)


def test_diagnostics_of_html_say_table_and_row() -> None:
    # 12_shuyang's row 一、本年新收 leaves five cells blank: the third table's second row.
    html = (FIXTURES / "12_shuyang_fagaiju_2023.html").read_bytes()
    result = govreport.read(html, name="x.html")
    (blank,) = [
        d for d in result.diagnostics if d.paths[0].startswith("applications.new_received.")
    ]
    assert blank.code == "S-BLANK"
    assert blank.place == "table 3, row 2"
    assert str(blank).startswith("warning S-BLANK: table 3, row 2: applications.new_received")
    # Text files keep their lines.
    text = govreport.parse(SOURCE)
    assert all(d.place is None for d in text.diagnostics)


def test_a_cell_doubled_in_a_tab_row_with_blank_cells() -> None:
    # 001's reviews row: five blank 行政复议 cells, then ten zeros. One zero doubled
    # makes sixteen cells; dropping a leading blank to read by position would put a
    # 0 in 行政复议 总计, which the source leaves blank.
    text = (FIXTURES / "001_d5d9f9b4a97d8bd5.txt").read_text(encoding="utf-8")
    row = "\t\t\t\t\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
    assert row in text
    result = outcome(text.replace(row, row + "\t0"))
    assert result is not None
    assert result.report.reviews.administrative_review.total is None
    assert names(result, "reviews.administrative_review.total", "")


def test_a_cell_lost_before_a_text_rows_padding() -> None:
    # 002's fee row is "行政事业性收费\t49\t0\t" (a padding tab at its end). With 49
    # lost, reading "0" and the padding by position would make 上一年项目数量 0.
    assert "行政事业性收费\t49\t0\t" in SOURCE
    result = outcome(SOURCE.replace("行政事业性收费\t49\t0\t", "行政事业性收费\t0\t"))
    assert result is not None
    fees = result.report.active_disclosure.fees  # type: ignore[union-attr]
    assert fees.previous_items in (None, 49)
    assert names(result, "active_disclosure.fees.previous_items", "")
