"""The readers' shortcuts give what their long ways give.

Each shortcut of the HTML and text readers (the nesting check of a text of few
tags, a cell's kind told by its characters, a row of plain cells placed at once,
squash over a row) is checked against the general path it skips, kept as the
reference: on the worst case it must bound, and on generated inputs.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport.errors import ResourceLimitError
from govreport.numerals import NUMERAL_CHARS
from govreport.readers import html, text

pytest.importorskip("selectolax")


class TestNestingCheck:
    def test_the_bound_is_the_fewest_tags_that_break_a_limit(self) -> None:
        # The worst a text of k tags can do: k opening tags, each inside the last.
        fewest = html._FEWEST_TO_REFUSE
        html.scan_nesting("<div>" * (fewest - 1))
        with pytest.raises(ResourceLimitError):
            html.scan_nesting("<div>" * fewest)

    @pytest.mark.parametrize("depth", [10, 40_000])
    def test_the_bound_follows_the_limits(self, depth: int) -> None:
        # A work limit tighter than the depth limit sets the bound: 200 tags can
        # open 200 deep, for a work of 20,100 (> 20,000); 199 make 19,900.
        with (
            mock.patch.object(html, "MAX_HTML_DEPTH", depth),
            mock.patch.object(html, "MAX_HTML_NESTING_WORK", 20_000),
        ):
            fewest = html._fewest_to_refuse()
            assert fewest == min(depth, 199) + 1
            html.scan_nesting("<div>" * (fewest - 1))
            with pytest.raises(ResourceLimitError):
                html.scan_nesting("<div>" * fewest)

    def test_a_text_of_many_tags_is_still_scanned(self) -> None:
        with pytest.raises(ResourceLimitError):
            html.check_nesting("<div>" * (html._FEWEST_TO_REFUSE + 10))


# Characters that make a difference to a cell's kind: digits (ASCII, full-width,
# other scripts'), numerals and units, blank marks, signs, spaces, ideographs.
_KIND_CHARS = (
    "0123456789０１２٣.,-－−/—–无 \u3000\t\n\r\xa0\u200b"
    + NUMERAL_CHARS
    + "〇元个件项条万元总计第（）()、本年a"
)


class TestCellKind:
    @settings(max_examples=3000, deadline=None)
    @given(st.text(st.sampled_from(_KIND_CHARS), min_size=1, max_size=8))
    def test_kind_is_the_long_reading(self, cell: str) -> None:
        assert text._kind(cell) == text._kind_read(cell)

    @settings(max_examples=500, deadline=None)
    @given(st.text(min_size=1, max_size=8))
    def test_kind_of_any_text_is_the_long_reading(self, cell: str) -> None:
        assert text._kind(cell) == text._kind_read(cell)

    @pytest.mark.parametrize("cell", ["0", "1063", "三件", "二十", "无", "/", "5万元", "0件"])
    def test_figures_and_blanks_are_told(self, cell: str) -> None:
        assert text._kind(cell) == text._kind_read(cell) != "words"


class TestSquashEach:
    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.text(st.sampled_from("商业企业 \n\r\t\x00\u200b\xa0ab1"), max_size=6)))
    def test_squash_each_is_squash_of_each(self, texts: list[str]) -> None:
        assert text.squash_each(list(texts)) == [text.squash(t) for t in texts]


_SPAN_VALUES = st.sampled_from([None, "", "1", "2", "3", "0", "2x", " 2", "x"])
_RAW_CELL = st.tuples(st.sampled_from(["0", "a", "商业 企业", ""]), _SPAN_VALUES, _SPAN_VALUES)
_PLAIN_CELL = st.tuples(st.sampled_from(["0", "1", "a"]), st.none(), st.none())
_ROWS = st.lists(st.lists(st.one_of(_RAW_CELL, _PLAIN_CELL, _PLAIN_CELL), max_size=6), max_size=6)


def _cover_cell_by_cell(
    rows: list[list[html._RawCell]],
) -> tuple[list[text.GridCell], list[list[int]]]:
    """:func:`html._group_cover` without its shortcut: every row cell by cell."""
    cover: list[list[int]] = [[] for _ in rows]
    found: list[text.GridCell] = []
    size = 0
    for r, cells in enumerate(rows):
        texts = [text.squash(t) for t, _, _ in cells]
        size = html._cover_cells(cover, found, r, cells, texts, size)
    return found, cover


def _outcome(
    rows: list[list[html._RawCell]], cover: object
) -> tuple[list[text.GridCell], list[list[int]]] | str:
    try:
        return cover(rows)  # type: ignore[operator, no-any-return]
    except ResourceLimitError as e:
        return e.message


class TestGroupCover:
    @settings(max_examples=500, deadline=None)
    @given(_ROWS)
    def test_rows_placed_at_once_are_placed_as_cell_by_cell(
        self, rows: list[list[html._RawCell]]
    ) -> None:
        assert html._group_cover(rows) == _cover_cell_by_cell(rows)

    @settings(max_examples=500, deadline=None)
    @given(_ROWS, st.integers(1, 8), st.integers(1, 30))
    def test_limits_are_met_at_the_same_cell(
        self, rows: list[list[html._RawCell]], width: int, cells: int
    ) -> None:
        with (
            mock.patch.object(html, "MAX_GRID_WIDTH", width),
            mock.patch.object(html, "MAX_GRID_CELLS", cells),
        ):
            assert _outcome(rows, html._group_cover) == _outcome(rows, _cover_cell_by_cell)


# Simple tables as Markdown converters write them, in their variants of case,
# quoting, spacing and spans, for the shortcut reader and lexbor to read.
_WS = st.sampled_from(["", " ", "\n", "\n  ", "\t"])
_CELL_TEXT = st.text(st.sampled_from("商业企业0123 \n\t/无a"), max_size=6)
_ATTR = st.builds(
    lambda name, value: f" {name}{value}",
    st.sampled_from(["colspan", "rowspan", "ColSpan", "ROWSPAN", "nowrap", "class", "border"]),
    st.sampled_from(["", "=2", '="3"', "='0'", "=1", '=" 2x"', "=x", " = 2", '="a>b"']),
)
_ATTRS = st.lists(_ATTR, max_size=3).map("".join)


@st.composite
def _simple_table(draw: st.DrawFn) -> str:
    parts = [f"<table{draw(_ATTRS)}>", draw(_WS)]
    for _ in range(draw(st.integers(0, 5))):
        parts += [f"<{draw(st.sampled_from(['tr', 'TR']))}{draw(_ATTRS)}>", draw(_WS)]
        for _ in range(draw(st.integers(0, 5))):
            tag = draw(st.sampled_from(["td", "th", "TD", "Td"]))
            parts += [f"<{tag}{draw(_ATTRS)}>{draw(_CELL_TEXT)}</{tag}>", draw(_WS)]
        parts += ["</tr>", draw(_WS)]
    return "".join([*parts, "</table>"])


class TestSimpleTables:
    @settings(max_examples=400, deadline=None)
    @given(_simple_table())
    def test_simple_tables_read_as_lexbor_reads_them(self, fragment: str) -> None:
        from selectolax.lexbor import LexborHTMLParser

        node = LexborHTMLParser(fragment).css_first("table")
        lines = html._simple_table_lines(fragment)
        assert lines is not None
        assert lines == html._table_lines(node)

    def test_a_row_of_no_cells_in_a_one_column_table(self) -> None:
        # Found by the test above: grid_lines read the first cell of an empty row.
        assert html.html_to_text("<table><tr><td>a</td></tr><tr></tr></table>") == "a\n"
        assert html.inline_tables_to_text("<table><tr><td></td></tr><tr></tr></table>") == (
            "\n\n\n\n"
        )
