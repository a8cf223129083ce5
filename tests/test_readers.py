"""Tests of the file front-ends (govreport.readers).

Expected lines of the real samples were read by hand from the sources (the HTML
markup, the PDF's rendered pages and ``huaian_2024.expected.json``), not copied
from the readers' output.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from govreport.errors import ReaderError
from govreport.normalise import COVER, PAD, SPAN
from govreport.readers import sniff, to_text
from govreport.readers.docx import docx_to_text
from govreport.readers.html import html_to_text
from govreport.readers.pdf import pdf_to_text
from govreport.readers.text import decode_text, grid_lines, squash

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def tsv(*cells: str) -> str:
    return "\t".join(cells)


def n(values: str) -> list[str]:
    """Cells from a space-separated string: ``n("1 0 2")``."""
    return values.split()


def table_blocks(text: str) -> list[list[str]]:
    """Runs of consecutive tab-holding lines: one per multi-column table."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if "\t" in line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def assert_contract(text: str) -> None:
    """What every reader promises, whatever the input."""
    assert "\r" not in text
    assert "\n\n\n" not in text
    for block in table_blocks(text):
        widths = {line.count("\t") for line in block}
        # Adjacent tables are separated by a blank line, so one block is one table.
        assert len(widths) == 1, block
    for line in text.split("\n"):
        for cell in line.split("\t"):
            assert cell == cell.strip(), repr(line)
            assert "  " not in cell, repr(line)


@pytest.fixture(scope="module")
def shuyang() -> str:
    return html_to_text(fixture("12_shuyang_fagaiju_2023.html"))


@pytest.fixture(scope="module")
def pingtan() -> str:
    return html_to_text(fixture("13_pingtan_2024_trs.html"))


@pytest.fixture(scope="module")
def huaian() -> str:
    return pdf_to_text(fixture("huaian_2024.pdf"))


@pytest.fixture(scope="module")
def blank() -> str:
    return docx_to_text(fixture("template_2021_blank.docx"))


@pytest.fixture(scope="module")
def filled() -> str:
    return docx_to_text(_fill_template())


# --------------------------------------------------------------------------- text


class TestSquash:
    def test_cjk_line_break_is_dropped(self) -> None:
        assert squash("商业\n企业") == "商业企业"
        assert squash("三、\n本\n年\n度") == "三、本年度"

    def test_other_line_breaks_become_one_space(self) -> None:
        assert squash("（三）不予公开\n1.属于国家秘密") == "（三）不予公开 1.属于国家秘密"
        assert squash("26\n5") == "26 5"
        assert squash("结 果\n维持") == "结 果维持"

    def test_whitespace_kinds_collapse(self) -> None:
        assert squash("\u00a0 总\u3000\u3000计\t \n") == "总 计"
        assert squash("a\u200bb\ufeff") == "ab"

    def test_soft_break_keeps_a_real_nbsp_gap(self) -> None:
        # "\r" stands for a newline in HTML source: only plain spaces go with it.
        assert squash("年报\r    其他") == "年报其他"
        assert squash("年报\r  \u00a0\u00a0其他") == "年报 其他"

    def test_hard_space_marker(self) -> None:
        assert squash("是\x00否") == "是 否"
        assert squash("\x00是\n\x00\n否\x00") == "是 否"

    def test_grid_lines_pad_and_drop_empty_single_column_rows(self) -> None:
        # A short row is padded with PAD cells: it lost cells, not blank ones.
        assert grid_lines([["a", "b", "c"], ["d"]]) == ["a\tb\tc", f"d\t{PAD}\t{PAD}"]
        assert grid_lines([[""], ["box text"], [""]]) == ["box text"]


class TestDecodeText:
    TEXT = "一、总体情况\n本年新收 3 件。\n"

    def test_utf8(self) -> None:
        assert decode_text(self.TEXT.encode("utf-8")) == self.TEXT

    def test_utf8_bom(self) -> None:
        assert decode_text(b"\xef\xbb\xbf" + self.TEXT.encode("utf-8")) == self.TEXT

    def test_gb18030_and_gbk(self) -> None:
        assert decode_text(self.TEXT.encode("gb18030")) == self.TEXT
        assert decode_text(self.TEXT.encode("gbk")) == self.TEXT
        assert decode_text(self.TEXT.encode("gb2312")) == self.TEXT

    def test_utf16_with_bom(self) -> None:
        assert decode_text(b"\xff\xfe" + self.TEXT.encode("utf-16-le")) == self.TEXT
        assert decode_text(b"\xfe\xff" + self.TEXT.encode("utf-16-be")) == self.TEXT
        assert decode_text(self.TEXT.encode("utf-16")) == self.TEXT  # native BOM

    def test_utf32_with_bom(self) -> None:
        assert decode_text(self.TEXT.encode("utf-32")) == self.TEXT

    def test_utf16_without_bom(self) -> None:
        text = "一、本年新收政府信息公开申请数量\t217\t1\t0\t218\n" * 3
        assert decode_text(text.encode("utf-16-le")) == text
        assert decode_text(text.encode("utf-16-be")) == text

    def test_newlines_normalised(self) -> None:
        assert decode_text("甲\r\n乙\r丙\n".encode()) == "甲\n乙\n丙\n"

    def test_utf8_cut_mid_character_stays_utf8(self) -> None:
        data = (self.TEXT * 20).encode("utf-8") + "政".encode()[:2]
        assert decode_text(data) == self.TEXT * 20 + "\ufffd"

    def test_invalid_everywhere_still_decodes(self) -> None:
        # Valid GB18030 with one broken byte at the end: GB18030 wins on errors.
        data = "政府信息公开".encode("gb18030") + b"\xff"
        out = decode_text(data)
        assert out.startswith("政府信息公开")


# --------------------------------------------------------------------------- sniff


class TestSniff:
    def test_pdf_magic_beats_the_name(self) -> None:
        assert sniff(b"%PDF-1.7\n...", "report.html") == "pdf"

    def test_docx_zip(self) -> None:
        assert sniff(fixture("template_2021_blank.docx"), None) == "docx"

    def test_zip_without_word_document_falls_back_to_name(self) -> None:
        data = _zip({"hello.txt": b"hi"})
        assert sniff(data, "x.docx") == "docx"
        assert sniff(data, None) == "text"

    @pytest.mark.parametrize(
        "head",
        [b"<!DOCTYPE html><p>x", b"<html>", b"  <TABLE border=1>", b"<body>", b"<div class=a>",
         b"<p>x</p>", b'<meta charset="gbk">'],
    )  # fmt: skip
    def test_html_markers(self, head: bytes) -> None:
        assert sniff(head + "正文".encode(), None) == "html"

    def test_utf16_html(self) -> None:
        assert sniff("<html><body>正文".encode("utf-16"), None) == "html"

    def test_markdown_with_a_stray_tag_stays_text(self) -> None:
        md = "# 报告\n\n| a | b |\n|---|---|\n| 1<br>2 | <p>3 |\n".encode()
        assert sniff(md, "report.md") == "text"
        assert sniff(b"<div>crawled page saved as txt</div>", "page.txt") == "html"

    def test_extension_then_default(self) -> None:
        assert sniff(b"plain", "a.HTM") == "html"
        assert sniff(b"plain", "a.pdf") == "pdf"
        assert sniff(b"plain", "a.md") == "text"
        assert sniff(b"plain", None) == "text"
        assert sniff(b"plain", "noext") == "text"


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


# --------------------------------------------------------------------------- HTML


class TestHtmlSynthetic:
    def test_rowspan_colspan_grid(self) -> None:
        html = """<p>before</p><table>
        <tr><td rowspan=2 colspan=2>A</td><td>B</td></tr>
        <tr><td>C</td></tr>
        <tr><td>D</td><td colspan=2>E</td></tr>
        <tr><td>F</td></tr>
        </table><p>after</p>"""
        # E spans two columns (a blank after it); F's row is short (padded).
        assert html_to_text(html) == f"before\n\nA\t\tB\n\t\tC\nD\tE\t\nF\t{PAD}\t{PAD}\n\nafter\n"

    def test_spans_overlapping_from_several_rows(self) -> None:
        # The applications-table header: a 3x3 corner, a 2-row 自然人 and 总计.
        html = """<table>
        <tr><td colspan=3 rowspan=3>corner</td><td colspan=7>申请人情况</td></tr>
        <tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>
        <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
        <tr><td colspan=3>一、本年新收</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td>
        <td>6</td><td>21</td></tr>
        </table>"""
        assert html_to_text(html).split("\n") == [
            tsv("corner", "", "", "申请人情况", "", "", "", "", "", ""),
            tsv("", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"),
            tsv("", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""),
            tsv("一、本年新收", "", "", "1", "2", "3", "4", "5", "6", "21"),
            "",
        ]

    _HEAD_2019 = (
        "<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td>"
        "<td>对外公开总数量</td></tr>"
    )

    def test_figure_merged_over_header_columns_is_marked_at_each(self) -> None:
        # 13 over 本年新制作数量 and 本年新公开数量: which (or both) it states is not known.
        html = (
            f"<table>{self._HEAD_2019}<tr><td>规章</td><td colspan=2>13</td><td>5</td></tr></table>"
        )
        assert html_to_text(html).split("\n")[1] == tsv("规章", SPAN + "13", COVER + "13", "5")

    def test_figure_merged_as_its_header_is_one_column(self) -> None:
        # The 2021 form: 本年处理决定数量 spans the three grid columns, and so does its figure.
        head = "<tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr>"
        html = f"<table>{head}<tr><td>行政许可</td><td colspan=3>447228</td></tr></table>"
        assert html_to_text(html).split("\n")[1] == tsv("行政许可", "447228", "", "")

    def test_header_cells_without_words_name_no_column(self) -> None:
        head = "<tr><td>信息内容</td><td>本年处理决定数量</td><td></td><td>&nbsp;</td></tr>"
        html = f"<table>{head}<tr><td>行政许可</td><td colspan=3>7</td></tr></table>"
        assert html_to_text(html).split("\n")[1] == tsv("行政许可", "7", "", "")

    def test_a_line_across_the_table_is_no_header(self) -> None:
        unit = "<tr><td colspan=4>（单位：件）</td></tr>"
        row = "<tr><td>规章</td><td colspan=2>0</td><td>5</td></tr>"
        html = f"<table>{self._HEAD_2019}{unit}{row}</table>"
        assert html_to_text(html).split("\n")[2] == tsv("规章", SPAN + "0", COVER + "0", "5")

    def test_figure_merged_down_rows_with_their_own_labels(self) -> None:
        head = "<tr><td>信息内容</td><td>本年处理决定数量</td></tr>"
        rows = "<tr><td>行政处罚</td><td rowspan=2>5</td></tr><tr><td>行政强制</td></tr>"
        assert html_to_text(f"<table>{head}{rows}</table>").split("\n") == [
            tsv("信息内容", "本年处理决定数量"),
            tsv("行政处罚", SPAN + "5"),
            tsv("行政强制", SPAN + "5"),
            "",
        ]

    def test_figure_merged_down_rows_of_one_label(self) -> None:
        # A label drawn over two grid rows, its figure too: one cell of the template.
        rows = "<tr><td rowspan=2>行政处罚</td><td rowspan=2>5</td></tr><tr></tr>"
        html = f"<table><tr><td>信息内容</td><td>数量</td></tr>{rows}</table>"
        assert html_to_text(html).split("\n")[1:3] == [tsv("行政处罚", "5"), tsv("", "")]

    def test_merged_blank_marks_labels_and_headerless_figures(self) -> None:
        html = (
            f"<table>{self._HEAD_2019}<tr><td>规章</td><td colspan=2>/</td><td>5</td></tr>"
            "<tr><td colspan=2>（七）总计</td><td>1</td><td>2</td></tr></table>"
            "<table><tr><td>x</td><td colspan=2>1,234</td></tr></table>"
        )
        # A blank mark states nothing in any column; a label's span is no figure; a
        # figure with no header row above it has no column that settles it.
        assert html_to_text(html).split("\n")[1:] == [
            tsv("规章", "/", "", "5"),
            tsv("（七）总计", "", "1", "2"),
            "",
            tsv("x", SPAN + "1,234", COVER + "1,234"),
            "",
        ]

    def test_wide_cell_in_a_hole_left_of_a_span_from_above(self) -> None:
        # 自然人 starts in row 2's first hole, left of 14's span: its colspan=3 runs over
        # the spanned column (the later cell wins there), and 14 still spans two rows.
        html = (
            "<table><tr><td>8</td><td rowspan=2>14</td><td>x</td></tr>"
            "<tr><td colspan=3>自然人</td><td></td></tr></table>"
        )
        assert html_to_text(html).split("\n") == [
            tsv("8", SPAN + "14", "x", PAD),
            tsv("自然人", SPAN + "14", "", ""),
            "",
        ]

    @pytest.mark.parametrize(
        "fragment",
        [
            '<table border=1><tr><td colspan="3">本年处理决定数量</td></tr>'
            "<tr><td>行政许可</td><td colspan=3>20</td></tr></table>",
            "<TABLE>\n <TR><TH RowSpan = '2'>自然人</TH>"
            "<td\tCOLSPAN=2 colspan=5>商业\n企业</td></tr>"
            "\n<tr>\f<td>1</td><td>2</td></tr>\n</table>",
            '<table><tr><td rowspan=0>a</td><td colspan=" 2x" nowrap>b</td></tr><tr></tr></table>',
            "<table></table>",
        ],
    )
    def test_inline_simple_tables_read_as_lexbor_reads_them(self, fragment: str) -> None:
        from selectolax.lexbor import LexborHTMLParser

        from govreport.readers import html

        node = LexborHTMLParser(fragment).css_first("table")
        assert html._simple_table_lines(fragment) == html._table_lines(node)

    @pytest.mark.parametrize(
        "fragment",
        [
            "<table><tr><td>a&amp;b</td></tr></table>",  # a character reference
            "<table><tr><td><b>1</b></td></tr></table>",  # markup in a cell
            "<table><tbody><tr><td>1</td></tr></tbody></table>",  # a row group
            "<table><tr><td>1</tr></table>",  # a cell left open
            "<table>x<tr><td>1</td></tr></table>",  # text moved out of the table
            "<table><tr><td>1\r\n2</td></tr></table>",  # a CR, which HTML rewrites
        ],
    )
    def test_inline_other_tables_go_to_lexbor(self, fragment: str) -> None:
        from govreport.readers import html

        assert html._simple_table_lines(fragment) is None

    def test_rowspans_stop_at_the_row_group(self) -> None:
        html = """<table><thead><tr><th>h1</th><th rowspan=0>h2</th></tr></thead>
        <tbody><tr><td rowspan=9>x</td></tr><tr><td>y</td><td>z</td></tr></tbody></table>"""
        # HTML cuts spans at the end of their row group: rowspan=0 covers the rest of
        # <thead> only, rowspan=9 the two rows of <tbody>; y moves right of x.
        assert html_to_text(html) == f"h1\th2\t{PAD}\nx\t{PAD}\t{PAD}\n\ty\tz\n"

    def test_word_export_cell(self) -> None:
        html = """<table><tr>
        <td width=46 valign=top style='mso-border-alt:solid windowtext .5pt'>
        <p class=MsoNormal><span lang=EN-US style='font-family:宋体'>商业</span><o:p></o:p></p>
        <p class=MsoNormal><span style='font-family:宋体'>企</span><span>业</span><o:p></o:p></p>
        </td>
        <td><p class=MsoNormal><span lang=EN-US>&nbsp;<o:p>&nbsp;</o:p></span></p></td>
        <td><p><span>2</span><span>6</span></p></td>
        <td><p>26</p><p>5</p></td>
        </tr></table>"""
        assert html_to_text(html) == tsv("商业企业", "", "26", "26 5") + "\n"

    def test_br_and_p_inside_header_cell(self) -> None:
        html = (
            "<table><tr><td><p>结果<br/>纠正</p></td>"
            "<td><p>社会</p><p>公益 \n&nbsp;&nbsp;</p><p>组织</p></td></tr></table>"
        )
        assert html_to_text(html) == "结果纠正\t社会公益组织\n"

    def test_nested_table_is_flattened_into_its_cell(self) -> None:
        html = """<table><tr><td>outer</td><td>
        <table><tr><td>是</td><td>否</td></tr><tr><td>1</td><td>2</td></tr></table>
        </td></tr><tr><td>a</td><td>b</td></tr></table>"""
        assert html_to_text(html) == "outer\t是 否 1 2\na\tb\n"

    def test_skipped_elements_and_blocks(self) -> None:
        html = """<html><head><title>T</title><style>p{}</style></head><body>
        <script>var x = "<p>no</p>";</script><noscript>no</noscript>
        <div>一、总体情况<br>第二行</div><ul><li>甲</li><li>乙</li></ul>
        <p>本报告
        根据条例</p><!-- comment --><h2>二、主动公开</h2></body></html>"""
        assert html_to_text(html) == "一、总体情况\n第二行\n甲\n乙\n本报告根据条例\n二、主动公开\n"

    def test_deep_nesting_does_not_exhaust_the_stack(self) -> None:
        assert html_to_text("<div>" * 5000 + "深" + "</div>" * 5000) == "深\n"
        nested = "<table><tr><td>" * 1500 + "x" + "</td></tr></table>" * 1500
        assert html_to_text(nested) == "x\n"

    def test_two_adjacent_tables_are_set_apart(self) -> None:
        html = "<table><tr><td>a</td><td>b</td></tr></table><table><tr><td>c</td></tr></table>"
        assert html_to_text(html) == "a\tb\n\nc\n"

    def test_gbk_with_meta_charset(self) -> None:
        html = (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            "</head><body><p>本年新收政府信息公开申请</p></body></html>"
        )
        assert html_to_text(html.encode("gbk")) == "本年新收政府信息公开申请\n"
        html5 = '<meta charset="GBK"><p>行政复议</p>'
        assert html_to_text(html5.encode("gbk")) == "行政复议\n"

    def test_gbk_without_meta(self) -> None:
        assert html_to_text("<p>结转下年度继续办理</p>".encode("gb18030")) == "结转下年度继续办理\n"

    def test_utf8_bom(self) -> None:
        data = b"\xef\xbb\xbf" + "<p>总体情况</p>".encode()
        assert html_to_text(data) == "总体情况\n"

    def test_meta_says_gbk_but_page_was_resaved_as_utf8(self) -> None:
        data = '<meta charset="gb2312"><p>依申请公开</p>'.encode()
        assert html_to_text(data) == "依申请公开\n"

    def test_utf16_with_bom(self) -> None:
        assert html_to_text("<p>其他需要报告的事项</p>".encode("utf-16")) == "其他需要报告的事项\n"

    def test_empty_document(self) -> None:
        assert html_to_text(b"") == ""
        assert html_to_text("<p> &nbsp; </p>") == ""


class TestHtmlShuyang:
    """12_: a whole saved web page with Word-exported tables."""

    def test_contract(self, shuyang: str) -> None:
        assert_contract(shuyang)

    def test_applications_rows(self, shuyang: str) -> None:
        lines = shuyang.split("\n")
        # <td colspan=3>一、本年新收…</td><td>26</td> five <o:p>&nbsp;</o:p> cells <td>26</td>
        assert (
            tsv("一、本年新收政府信息公开申请数量", "", "", "26", "", "", "", "", "", "26") in lines
        )
        # 三、本年度办理结果 rowspan=22 at column 0, then （一）予以公开 colspan=2.
        assert (
            tsv("三、本年度办理结果", "（一）予以公开", "", "26", "", "", "", "", "", "26") in lines
        )
        # "1.<font>属于国家秘密</font>" in the first row of （三）不予公开 (rowspan=8)
        assert tsv("", "（三）不予公开", "1.属于国家秘密", "0", "", "", "", "", "", "0") in lines
        assert tsv("", "", "3.危及“三安全一稳定”", "0", "", "", "", "", "", "0") in lines
        assert tsv("", "（七）总计", "", "26", "", "", "", "", "", "26") in lines

    def test_header_rows(self, shuyang: str) -> None:
        lines = shuyang.split("\n")
        # "申请人情</span><span>况" and "<p>商业</p><p>企业</p>" are one cell each.
        corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        assert tsv(corner, "", "", "申请人情况", "", "", "", "", "", "") in lines
        # <td rowspan=2><p><o:p>&nbsp;</o:p></p><p>自然人</p></td>
        assert tsv("", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计") in lines
        assert (
            tsv("", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "")
            in lines
        )

    def test_applications_table_is_one_block_of_28_rows(self, shuyang: str) -> None:
        block = next(b for b in table_blocks(shuyang) if b[0].startswith("（本列数据"))
        assert len(block) == 28
        assert {line.count("\t") for line in block} == {9}
        assert block[-1] == tsv("四、结转下年度继续办理", "", "", "0", "", "", "", "", "", "0")

    def test_reviews_rows(self, shuyang: str) -> None:
        lines = shuyang.split("\n")
        assert (
            tsv("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉")
            + "\t" * 5
            + "复议后起诉"
            + "\t" * 4
        ) in lines
        assert tsv(*n("0 0 0 1 1 0 0 0 0 0 0 0 0 0 0")) in lines

    def test_active_disclosure_rows(self, shuyang: str) -> None:
        lines = shuyang.split("\n")
        assert tsv("第二十条第（一）项", "", "", "") in lines
        assert tsv("规范性文件", "8", "0", "18") in lines
        assert tsv("信息内容", "本年收费金额（单位：万元）", "", "") in lines

    def test_page_furniture_in_document_order(self, shuyang: str) -> None:
        lines = shuyang.split("\n")
        # The CMS metadata table; "信息公开年报\n &nbsp;&nbsp;其他" keeps its gap.
        assert tsv("索引号", "014314799/2024-00002", "分类", "信息公开年报 其他 报告") in lines
        order = [
            "沭阳县发展和改革局2023年政府信息公开年度报告",
            "一、总体情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "六、其他需要报告的事项",
        ]
        assert [lines.index(h) for h in order] == sorted(lines.index(h) for h in order)
        assert "var websiteId" not in shuyang  # <script> skipped


class TestHtmlPingtanTrs:
    """13_: CMS-editor HTML, headers split over <p> and <br>."""

    def test_contract(self, pingtan: str) -> None:
        assert_contract(pingtan)

    def test_new_received_row(self, pingtan: str) -> None:
        assert tsv("一、本年新收政府信息公开申请数量", "", "", *n("217 1 0 0 0 0 218")) in (
            pingtan.split("\n")
        )

    def test_header_split_over_p(self, pingtan: str) -> None:
        # <p>社会</p><p><span>公益</span>\n &nbsp; …</p><p><span>组织</span> …</p>
        # <p>法律</p><p>服<span>务</span> …</p><p><span>机构</span> …</p>
        header = tsv(
            "", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""
        )
        assert header in pingtan.split("\n")

    def test_header_split_over_br(self, pingtan: str) -> None:
        lines = pingtan.split("\n")
        # <td rowspan=2><p>结果<br/>纠正</p></td> …, then two colspan=5 groups.
        row1 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉"]
        row1 += [""] * 4 + ["复议后起诉"] + [""] * 4
        assert tsv(*row1) in lines
        row2 = [""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
        assert tsv(*row2) in lines
        assert tsv(*n("2 1 3 1 7 0 0 0 0 0 13 2 4 0 19")) in lines

    def test_outcome_rows(self, pingtan: str) -> None:
        lines = pingtan.split("\n")
        assert tsv("三、本年度办理结果", "（一）予以公开", "", *n("71 0 0 0 0 0 71")) in lines
        assert (
            tsv("", "（四）无法提供", "1.本机关不掌握相关政府信息", "75", *"0" * 5, "75") in lines
        )
        assert tsv("", "", "3.其他", *n("1 1 0 0 0 0 2")) in lines
        assert tsv("", "（七）总计", "", *n("217 1 0 0 0 0 218")) in lines

    def test_active_disclosure(self, pingtan: str) -> None:
        lines = pingtan.split("\n")
        assert tsv("行政规范性文件", "62", "33", "440") in lines
        assert tsv("行政事业性收费", "18651.06", "", "") in lines


# --------------------------------------------------------------------------- PDF


class TestPdfHuaian:
    """huaian_2024.pdf: ruled tables running over page breaks."""

    def test_contract(self, huaian: str) -> None:
        assert_contract(huaian)

    def test_applications_rows_match_expected_json(self, huaian: str) -> None:
        lines = huaian.split("\n")
        # new_received: 3001 53 0 0 61 4 3119
        assert tsv("一、本年新收政府信息公开申请数量", "", "", *n("3001 53 0 0 61 4 3119")) in lines
        # carried_over: 34 0 0 0 0 0 34
        assert tsv("二、上年结转政府信息公开申请数量", "", "", *n("34 0 0 0 0 0 34")) in lines
        # "三、\n本\n年\n度…" printed one character a line: one label.
        assert tsv("三、本年度办理结果", "（一）予以公开", "", *n("1288 21 0 0 50 3 1362")) in lines
        # outcomes.total 2932 53 0 0 61 4 3050 and carried_forward 103 … 103
        assert tsv("", "（七）总计", "", *n("2932 53 0 0 61 4 3050")) in lines
        assert tsv("四、结转下年度继续办理", "", "", *n("103 0 0 0 0 0 103")) in lines

    def test_rows_at_the_page_break_are_neither_lost_nor_doubled(self, huaian: str) -> None:
        lines = huaian.split("\n")
        # Page 4 ends with the not_held row, page 5 starts with needs_creation; the
        # label （四）无法提供 itself is cut by the page break.
        last_p4 = tsv("", "（四）无", "1.本机关不掌握相关政府信息", *n("746 12 0 0 10 1 769"))
        first_p5 = tsv("", "法提供", "2.没有现成信息需要另行制作", *n("11 0 0 0 0 0 11"))
        i = lines.index(last_p4)
        assert lines[i + 1] == first_p5
        assert lines[i + 2] == tsv("", "", "3.补正后申请内容仍不明确", *n("1 0 0 0 0 0 1"))
        for label in ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "2.重复申请"):
            assert sum(label in line for line in lines) == 1

    def test_applications_table_is_one_block(self, huaian: str) -> None:
        block = next(b for b in table_blocks(huaian) if b[0].startswith("（本列数据"))
        assert len(block) == 28  # 3 header rows + 25 data rows, 16 on p.4 and 12 on p.5
        assert {line.count("\t") for line in block} == {9}
        assert block[2] == tsv(
            "", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""
        )

    def test_active_disclosure_keeps_its_width_over_the_page_break(self, huaian: str) -> None:
        lines = huaian.split("\n")
        # Page 3 draws this table 4 columns wide, page 4's part only 2: one grid.
        assert tsv("规章", "1", "0", "11") in lines
        assert tsv("行政规范性文件", "8", "26", "66") in lines
        assert tsv("行政许可", "447228", "", "") in lines
        i = lines.index(tsv("第二十条 第（六）项", "", "", ""))  # last row of page 3
        assert lines[i + 1] == tsv("信息内容", "本年处理决定数量", "", "")  # first of page 4
        assert lines[i + 2] == tsv("行政处罚", "3985758", "", "")
        assert lines[i + 3] == tsv("行政强制", "88283", "", "")
        assert tsv("行政事业性收费", "96171.6", "", "") in lines

    def test_reviews_row(self, huaian: str) -> None:
        lines = huaian.split("\n")
        # administrative_review 72 64 178 37 351; direct 13 4 8 1 26; after 12 1 1 6 20
        assert tsv(*n("72 64 178 37 351 13 4 8 1 26 12 1 1 6 20")) in lines

    def test_text_outside_tables(self, huaian: str) -> None:
        lines = huaian.split("\n")
        assert lines[0] == "淮安市人民政府"
        assert lines[1] == "2024 年政府信息公开工作年度报告"
        heads = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
        heads += ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"]
        idx = [lines.index(h) for h in heads]
        assert idx == sorted(idx)
        # The applications table sits between its heading and section 四.
        assert idx[2] < lines.index(tsv("", "（七）总计", "", *n("2932 53 0 0 61 4 3050"))) < idx[3]
        # Page 6, printed as two lines ("…信息处理费管理" / "办法》，全年收取…").
        assert "办法》，全年收取政府信息公开信息处理费 3940 元。" in lines

    def test_page_numbers_and_stray_punctuation_dropped(self, huaian: str) -> None:
        lines = huaian.split("\n")
        for n in range(1, 7):
            assert f"- {n} -" not in lines
        # Hanging "。"/"，" past a frame's right border must not become lines.
        assert "。" not in lines
        assert "，" not in lines


@pytest.mark.parametrize(
    ("line", "dropped"),
    [("- 4 -", True), ("— 12 —", True), ("－3－", True), ("第 4 页", True),
     ("第4页 共6页", True), ("4 / 6", True), ("- 4 -  x", False), ("第四页", False),
     ("2024", False)],
)  # fmt: skip
def test_pdf_page_number_pattern(line: str, dropped: bool) -> None:
    from govreport.readers.pdf import _PAGE_NUMBER

    assert bool(_PAGE_NUMBER.match(line)) is dropped


class TestPdfErrors:
    def test_truncated_pdf(self) -> None:
        data = fixture("huaian_2024.pdf")
        with pytest.raises(ReaderError, match="PDF"):
            pdf_to_text(data[:3000])

    def test_not_a_pdf(self) -> None:
        with pytest.raises(ReaderError, match="not a PDF"):
            pdf_to_text(b"hello")

    def test_garbage_after_magic(self) -> None:
        with pytest.raises(ReaderError):
            pdf_to_text(b"%PDF-1.4\n" + b"\x00garbage" * 100)


# --------------------------------------------------------------------------- DOCX


def _fill_template() -> bytes:
    import docx

    doc = docx.Document(str(FIXTURES / "template_2021_blank.docx"))
    active, apps, reviews = doc.tables
    # Section 二: grid 4 wide. table.cell(r, c) addresses grid positions.
    for c, v in zip((1, 2, 3), ("1", "0", "11"), strict=True):
        active.cell(2, c).text = v  # 规章
    for c, v in zip((1, 2, 3), ("8", "26", "66"), strict=True):
        active.cell(3, c).text = v  # 行政规范性文件
    active.cell(6, 1).text = "447228"  # 行政许可, a cell spanning columns 1-3
    active.cell(13, 1).text = "96171.6"  # 行政事业性收费
    # Section 三: grid 10 wide, values in columns 3..9.
    for c, v in enumerate(n("5 1 0 0 2 0 8"), start=3):
        apps.cell(3, c).text = v  # 一、本年新收
        apps.cell(26, c).text = v  # （七）总计
    for c, v in enumerate(n("72 64 178 37 351 13 4 8 1 26 12 1 1 6 20")):
        reviews.cell(3, c).text = v
    body = doc.paragraphs[4]  # "（文字描述）" under 一、总体情况
    body.text = "本年度共收到申请 8 件。"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _merged_template() -> bytes:
    """The official form, filled and then merged as an editor would in Word: a
    figure over 本年制发件数 and 本年废止件数 (``w:gridSpan``), one down 行政处罚 and
    行政强制 (``w:vMerge``); 行政许可's own three-column cell is its header's column."""
    import docx

    doc = docx.Document(str(FIXTURES / "template_2021_blank.docx"))
    active = doc.tables[0]
    active.cell(2, 1).merge(active.cell(2, 2)).text = "4"
    active.cell(2, 3).text = "11"
    active.cell(6, 1).text = "447228"
    active.cell(9, 1).merge(active.cell(10, 1)).text = "0"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class TestDocx:
    def test_contract(self, blank: str, filled: str) -> None:
        assert_contract(blank)
        assert_contract(filled)

    def test_blank_template_structure(self, blank: str) -> None:
        blocks = table_blocks(blank)
        assert [len(b) for b in blocks] == [14, 28, 4]
        assert [b[0].count("\t") + 1 for b in blocks] == [4, 10, 15]
        active, apps, reviews = blocks
        assert active[0] == tsv("第二十条第（一）项", "", "", "")
        assert active[5] == tsv("信息内容", "本年处理决定数量", "", "")
        # "\u3000\u3000" placeholders in the blank value cells come out empty.
        assert active[2] == tsv("规章", "", "", "")
        corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        assert apps[0] == tsv(corner, "", "", "申请人情况", "", "", "", "", "", "")
        # vMerge continuation of the corner and of 自然人/总计; 商业\n企业 in 2 paragraphs.
        assert apps[2] == tsv(
            "", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""
        )
        assert apps[5] == tsv("三、本年度办理结果", "（一）予以公开", "", *[""] * 7)
        assert apps[7] == tsv("", "（三）不予公开", "1.属于国家秘密", *[""] * 7)
        assert apps[26] == tsv("", "（七）总计", "", *[""] * 7)
        assert reviews[1] == tsv(
            "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉",
            "", "", "", "", "复议后起诉", "", "", "", "",
        )  # fmt: skip
        assert reviews[3] == "\t" * 14

    def test_blank_template_paragraphs_in_order(self, blank: str) -> None:
        lines = blank.split("\n")
        assert lines[0] == "政府信息公开工作年度报告格式模板"
        heads = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
        heads += ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"]
        heads += ["六、其他需要报告的事项"]
        idx = [lines.index(h) for h in heads]
        assert idx == sorted(idx)
        # Each table sits between its heading and the next one.
        assert idx[1] < lines.index(tsv("规章", "", "", "")) < idx[2]
        assert idx[2] < lines.index(tsv("", "（七）总计", "", *[""] * 7)) < idx[3]
        assert lines[-2:] == ["（文字描述，收取信息处理费情况在此处报告。）", ""]

    def test_filled_template(self, filled: str) -> None:
        lines = filled.split("\n")
        assert tsv("规章", "1", "0", "11") in lines
        assert tsv("行政规范性文件", "8", "26", "66") in lines
        # Written through the merged cell: text once, at its left position.
        assert tsv("行政许可", "447228", "", "") in lines
        assert tsv("行政事业性收费", "96171.6", "", "") in lines
        assert tsv("一、本年新收政府信息公开申请数量", "", "", *n("5 1 0 0 2 0 8")) in lines
        assert tsv("", "（七）总计", "", *n("5 1 0 0 2 0 8")) in lines
        assert tsv(*n("72 64 178 37 351 13 4 8 1 26 12 1 1 6 20")) in lines
        i = lines.index("一、总体情况")
        assert lines[i + 1] == "本年度共收到申请 8 件。"

    def test_figures_merged_in_the_template(self) -> None:
        lines = docx_to_text(_merged_template()).split("\n")
        assert tsv("规章", SPAN + "4", COVER + "4", "11") in lines
        assert tsv("行政许可", "447228", "", "") in lines
        assert tsv("行政处罚", *[SPAN + "0"] * 3) in lines
        assert tsv("行政强制", *[SPAN + "0"] * 3) in lines

    def test_merged_figures_are_left_open_and_named(self) -> None:
        from govreport import read

        result = read(_merged_template(), name="merged.docx")
        active = result.report.active_disclosure
        assert (active.regulations.issued, active.regulations.repealed) == (None, None)
        assert active.regulations.in_force == 11
        assert (active.licensing, active.penalty, active.coercion) == (447228, None, None)
        open_ = [d for d in result.diagnostics if d.code == "U-AMBIGUOUS"]
        assert [d.paths for d in open_] == [
            ("active_disclosure.regulations.issued", "active_disclosure.regulations.repealed"),
            ("active_disclosure.penalty",),
            ("active_disclosure.coercion",),
        ]
        assert open_[0].message == (
            "active_disclosure.regulations: issued (4), repealed (4) read from one cell merged "
            "over columns or rows the table names apart; which of them it states is not "
            "known, so they are left empty"
        )
        assert open_[0].candidates == (["4", "4"], ["4", None], [None, "4"])

    def test_grid_agrees_with_python_docx_cell_identity(self, blank: str) -> None:
        """Cross-check: python-docx repeats one ``_tc`` over a merge's positions."""
        import docx

        doc = docx.Document(str(FIXTURES / "template_2021_blank.docx"))
        expected: list[list[str]] = []
        for table in doc.tables:
            rows = [row.cells for row in table.rows]  # keep every proxy alive
            seen: set[int] = set()
            lines = []
            for cells in rows:
                out = []
                for cell in cells:
                    key = id(cell._tc)
                    out.append("" if key in seen else squash(cell.text))
                    seen.add(key)
                lines.append("\t".join(out))
            expected.append(lines)
        assert table_blocks(blank) == expected

    def test_merges_and_nested_table_built_with_python_docx(self) -> None:
        import docx

        doc = docx.Document()
        doc.add_paragraph("前言")
        t = doc.add_table(rows=3, cols=3)
        t.cell(0, 0).merge(t.cell(1, 1)).text = "角"  # 2x2 block: gridSpan + vMerge
        t.cell(0, 2).text = "右上"
        t.cell(1, 2).text = "右中"
        t.cell(2, 0).text = "左下"
        inner = t.cell(2, 1).add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "是"
        inner.cell(0, 1).text = "否"
        t.cell(2, 2).paragraphs[0].add_run("第一行")
        t.cell(2, 2).add_paragraph("第二行")
        doc.add_paragraph("结语")
        out = io.BytesIO()
        doc.save(out)
        assert docx_to_text(out.getvalue()) == (
            "前言\n\n角\t\t右上\n\t\t右中\n左下\t是 否\t第一行第二行\n\n结语\n"
        )

    def test_not_a_docx_zip(self) -> None:
        with pytest.raises(ReaderError, match="docx"):
            docx_to_text(_zip({"word/other.xml": b"<x/>"}))

    def test_not_a_zip(self) -> None:
        with pytest.raises(ReaderError, match="docx"):
            docx_to_text(b"this is not a zip")

    def test_truncated_docx(self) -> None:
        with pytest.raises(ReaderError):
            docx_to_text(fixture("template_2021_blank.docx")[:5000])


# --------------------------------------------------------------------------- misc


class TestToText:
    @pytest.mark.parametrize(
        ("name", "needle"),
        [
            ("12_shuyang_fagaiju_2023.html", "一、本年新收政府信息公开申请数量\t\t\t26\t"),
            ("13_pingtan_2024_trs.html", "一、本年新收政府信息公开申请数量\t\t\t217\t"),
            ("huaian_2024.pdf", "一、本年新收政府信息公开申请数量\t\t\t3001\t"),
            ("template_2021_blank.docx", "一、本年新收政府信息公开申请数量\t\t\t\t"),
        ],
    )
    def test_dispatch_without_a_name(self, name: str, needle: str) -> None:
        assert needle in to_text(fixture(name))

    def test_binary_that_is_no_report_raises(self) -> None:
        with pytest.raises(ReaderError, match=r"not a \.docx"):
            to_text(_zip({"a.txt": b"x"}), "a.zip")
        with pytest.raises(ReaderError, match="legacy Office"):
            to_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "a.doc")

    def test_text_file(self) -> None:
        assert to_text("一、总体情况\r\n".encode("gbk"), "a.txt") == "一、总体情况\n"


class TestMissingExtra:
    @pytest.mark.parametrize(
        ("module", "call", "extra"),
        [
            ("selectolax.lexbor", lambda: html_to_text(b"<p>x</p>"), "html"),
            ("pdfplumber", lambda: pdf_to_text(b"%PDF-1.4"), "pdf"),
            ("docx", lambda: docx_to_text(b"PK"), "docx"),
        ],
    )
    def test_reader_error_names_the_extra(
        self, monkeypatch: pytest.MonkeyPatch, module: str, call: object, extra: str
    ) -> None:
        monkeypatch.setitem(sys.modules, module, None)  # makes the import fail
        with pytest.raises(ReaderError, match=rf"govreport\[{extra}\]"):
            call()  # type: ignore[operator]


# --- a figure merged past its row's last field ----------------------------------------


def _fees_under_a_shared_header(merged_cells: str) -> bytes:
    """The hand-read 2019 report as CMS HTML, its 行政事业性收费 row (figures 5 and 13)
    written under the (六) group's four-column header: the (八) group's own header
    row left out, its figures as ``merged_cells``."""
    import json

    from expected import complete
    from layouts import to_html

    source = complete(
        json.loads((FIXTURES / "24_pingtan_jingjifazhanju_2019.expected.json").read_text("utf-8"))
    )
    source["active_disclosure"]["fees"] = {"previous_items": 5, "change": 13}
    html = to_html(source, word=False)
    own_header = '<tr><td>信息内容</td><td>上一年项目数量</td><td colspan="2">本年增/减</td></tr>'
    written = '<td>5</td><td colspan="2">13</td>'
    assert own_header in html and written in html
    return html.replace(own_header, "").replace(written, merged_cells).encode()


def test_a_figure_merged_past_the_rows_last_field_is_read_once() -> None:
    # The header above names 本年增/减 and 处理决定数量 over the merge, but the row has
    # two fields: a merge that starts at the last and covers only columns beyond it
    # can state that field alone.
    from govreport import read

    result = read(_fees_under_a_shared_header('<td>5</td><td colspan="2">13</td>'), name="x.html")
    fees = result.report.active_disclosure.fees
    assert (fees.previous_items, fees.change) == (5, 13)
    (note,) = [d for d in result.diagnostics if d.code == "N-READ-ONCE"]
    assert note.paths == ("active_disclosure.fees.change",)
    assert note.message == (
        "active_disclosure.fees.change: 13 is one cell merged over columns past the "
        "row's fields; read once, as this cell"
    )


def test_a_figure_merged_over_the_rows_fields_is_left_open() -> None:
    # Over both fields and past them: it may state either or both.
    from govreport import read

    result = read(_fees_under_a_shared_header('<td colspan="3">13</td>'), name="x.html")
    fees = result.report.active_disclosure.fees
    assert (fees.previous_items, fees.change) == (None, None)
    (d,) = [d for d in result.diagnostics if "active_disclosure.fees.change" in d.paths]
    assert d.code == "U-AMBIGUOUS"
    assert d.paths == ("active_disclosure.fees.previous_items", "active_disclosure.fees.change")
