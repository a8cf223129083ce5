"""Render a report (its data-contract dict) in the layouts real reports arrive in.

The tables are built here from TEMPLATE.md's labels and the official form's
merged cells, independently of the parser's own template module, then written
out the way real sources write them: a Word/CMS HTML page, Markdown with HTML
tables (OCR output), GFM pipe tables, tab-separated grids, space-separated
cells, one cell per line, and crawled pages flattened to one line.

A layout that keeps cell boundaries must give back every cell exactly; the
flattened run-together layout may leave a cell ``None``, but only with a
diagnostic on it (see ``test_layouts.py``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

Value = Any


@attrs.frozen
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


Row = list[Cell]
Grid = list[Row]


@attrs.frozen
class Written:
    """A cell written otherwise than as its plain figure: ``text`` is what the
    source writes (``二十``, ``22（其中修订16件）``) for the figure ``value``."""

    value: Value
    text: str


_DIGIT_WORDS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """``n`` (0 to 9999) in Chinese numerals, as a report writes a count out."""
    if n == 0:
        return "〇"
    words = []
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit:
            if words and words[-1] == "" and place != 1000:
                words[-1] = "零"
            words.append(_DIGIT_WORDS[digit] + unit)
        elif words and words[-1] != "":
            words.append("")
    text = "".join(w for w in words)
    return text[1:] if text.startswith("一十") else text


def _v(value: Value) -> str:
    if isinstance(value, Written):
        return value.text
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan, colspan, header=True)


APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other",
    "total",
)
REVIEW_KEYS = ("upheld", "corrected", "other", "pending", "total")

WITHHELD = (
    ("state_secret", "1.属于国家秘密"),
    ("prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("safety_stability", "3.危及“三安全一稳定”"),
    ("third_party_rights", "4.保护第三方合法权益"),
    ("internal_affairs", "5.属于三类内部事务信息"),
    ("process_information", "6.属于四类过程性信息"),
    ("enforcement_files", "7.属于行政执法案卷"),
    ("administrative_query", "8.属于行政查询事项"),
)
UNAVAILABLE = (
    ("not_held", "1.本机关不掌握相关政府信息"),
    ("needs_creation", "2.没有现成信息需要另行制作"),
    ("unclear_request", "3.补正后申请内容仍不明确"),
)
NOT_PROCESSED = (
    ("complaint", "1.信访举报投诉类申请"),
    ("duplicate", "2.重复申请"),
    ("publication", "3.要求提供公开出版物"),
    ("excessive", "4.无正当理由大量反复申请"),
    ("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
)
OTHER_2021 = (
    ("overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other", "3.其他"),
)


def _values(row: dict[str, Value] | None, keys: tuple[str, ...]) -> list[Cell]:
    row = row or {}
    return [Cell(_v(row.get(k))) for k in keys]


def applications_grid(report: dict[str, Any]) -> Grid:
    """Section 三 as the official form draws it (merged label cells)."""
    apps = report["applications"]
    out = apps["outcomes"]
    grid: Grid = [
        [
            _h("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            _h("申请人情况", 1, 7),
        ],
        [_h("自然人", 2), _h("法人或其他组织", 1, 5), _h("总计", 2)],
        [_h("商业企业"), _h("科研机构"), _h("社会公益组织"), _h("法律服务机构"), _h("其他")],
        [_h("一、本年新收政府信息公开申请数量", 1, 3), *_values(apps["new_received"], APPLICANTS)],
        [_h("二、上年结转政府信息公开申请数量", 1, 3), *_values(apps["carried_over"], APPLICANTS)],
    ]
    groups: list[tuple[str, list[tuple[str, dict[str, Value] | None]]]] = [
        ("（三）不予公开", [(label, out["withheld"].get(k)) for k, label in WITHHELD]),
        ("（四）无法提供", [(label, out["unavailable"].get(k)) for k, label in UNAVAILABLE]),
        ("（五）不予处理", [(label, out["not_processed"].get(k)) for k, label in NOT_PROCESSED]),
    ]
    # 2019 has one （六）其他处理 row; so has a 2021 report that keeps 2019's form
    # (its ``other`` then a row of sums, not the three rows).
    single = report["template"] == "2019" or "total" in out["other"]
    if not single:
        groups.append(("（六）其他处理", [(label, out["other"].get(k)) for k, label in OTHER_2021]))
    leaf_rows = 2 + sum(len(rows) for _, rows in groups) + 1
    if single:
        leaf_rows += 1
    grid.append(
        [
            _h("三、本年度办理结果", leaf_rows),
            _h("（一）予以公开", 1, 2),
            *_values(out["granted"], APPLICANTS),
        ]
    )
    grid.append(
        [
            _h("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2),
            *_values(out["partially_granted"], APPLICANTS),
        ]
    )
    for group, rows in groups:
        for i, (label, values) in enumerate(rows):
            head = [_h(group, len(rows))] if i == 0 else []
            grid.append([*head, _h(label), *_values(values, APPLICANTS)])
    if single:
        grid.append([_h("（六）其他处理", 1, 2), *_values(out["other"], APPLICANTS)])
    grid.append([_h("（七）总计", 1, 2), *_values(out["total"], APPLICANTS)])
    grid.append([_h("四、结转下年度继续办理", 1, 3), *_values(apps["carried_forward"], APPLICANTS)])
    return grid


def reviews_grid(report: dict[str, Any]) -> Grid:
    rev = report["reviews"]
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        [_h("行政复议", 1, 5), _h("行政诉讼", 1, 10)],
        [*(_h(h, 2) for h in heads), _h("未经复议直接起诉", 1, 5), _h("复议后起诉", 1, 5)],
        [*(_h(h) for h in heads), *(_h(h) for h in heads)],
        [
            *_values(rev["administrative_review"], REVIEW_KEYS),
            *_values(rev["litigation_direct"], REVIEW_KEYS),
            *_values(rev["litigation_after_review"], REVIEW_KEYS),
        ],
    ]


def active_grid(report: dict[str, Any]) -> Grid:
    """Section 二 as one table of sub-tables, as most reports draw it."""
    ad = report["active_disclosure"]
    width = 4

    def head(item: str) -> Row:
        return [_h(f"第二十条第（{item}）项", 1, width)]

    if report["template"] == "2021":
        three = ("issued", "repealed", "in_force")
        return [
            head("一"),
            [_h("信息内容"), _h("本年制发件数"), _h("本年废止件数"), _h("现行有效件数")],
            [_h("规章"), *_values(ad["regulations"], three)],
            [_h("行政规范性文件"), *_values(ad["normative_documents"], three)],
            head("五"),
            [_h("信息内容"), _h("本年处理决定数量", 1, 3)],
            [_h("行政许可"), Cell(_v(ad["licensing"]), 1, 3)],
            head("六"),
            [_h("信息内容"), _h("本年处理决定数量", 1, 3)],
            [_h("行政处罚"), Cell(_v(ad["penalty"]), 1, 3)],
            [_h("行政强制"), Cell(_v(ad["coercion"]), 1, 3)],
            head("八"),
            [_h("信息内容"), _h("本年收费金额（单位：万元）", 1, 3)],
            [_h("行政事业性收费"), Cell(_v(ad["fees"]), 1, 3)],
        ]
    made = ("made", "published", "total_published")
    items = ("previous_items", "change", "decisions")
    fees = ad["fees"] or {}
    proc = ad["procurement"] or {}
    amount = _v(proc.get("amount"))
    amount_head = "采购总金额"
    if amount and proc.get("amount_unit"):
        amount += proc["amount_unit"]
    elif proc.get("amount_unit"):
        amount_head += f"（单位：{proc['amount_unit']}）"
    return [
        head("一"),
        [_h("信息内容"), _h("本年新制作数量"), _h("本年新公开数量"), _h("对外公开总数量")],
        [_h("规章"), *_values(ad["regulations"], made)],
        [_h("规范性文件"), *_values(ad["normative_documents"], made)],
        head("五"),
        [_h("信息内容"), _h("上一年项目数量"), _h("本年增/减"), _h("处理决定数量")],
        [_h("行政许可"), *_values(ad["licensing"], items)],
        [_h("其他对外管理服务事项"), *_values(ad["other_services"], items)],
        head("六"),
        [_h("信息内容"), _h("上一年项目数量"), _h("本年增/减"), _h("处理决定数量")],
        [_h("行政处罚"), *_values(ad["penalty"], items)],
        [_h("行政强制"), *_values(ad["coercion"], items)],
        head("八"),
        [_h("信息内容"), _h("上一年项目数量"), _h("本年增/减", 1, 2)],
        [
            _h("行政事业性收费"),
            Cell(_v(fees.get("previous_items"))),
            Cell(_v(fees.get("change")), 1, 2),
        ],
        head("九"),
        [_h("信息内容"), _h("采购项目数量"), _h(amount_head, 1, 2)],
        [_h("政府集中采购"), Cell(_v(proc.get("projects"))), Cell(amount, 1, 2)],
    ]


# --- a whole report --------------------------------------------------------------------

HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def title(report: dict[str, Any]) -> str:
    year = f"{report['year']}年" if report.get("year") else ""
    return f"{report.get('agency') or ''}{year}政府信息公开工作年度报告"


def blocks(
    report: dict[str, Any], transform: Callable[[Grid], Grid] | None = None
) -> list[str | Grid]:
    """The report in reading order: paragraphs (str) and tables (Grid), each
    table passed through ``transform`` if given."""
    grids = [active_grid(report), applications_grid(report), reviews_grid(report)]
    if transform is not None:
        grids = [transform(g) for g in grids]
    out: list[str | Grid] = [title(report), HEADINGS[0]]
    out += (report.get("overview") or "").split("\n")
    out += [HEADINGS[1], grids[0], HEADINGS[2], grids[1]]
    out += [HEADINGS[3], grids[2], HEADINGS[4]]
    out += (report.get("problems") or "").split("\n")
    out.append(HEADINGS[5])
    out += (report.get("other_matters") or "").split("\n")
    return [b for b in out if not isinstance(b, str) or b.strip()]


def expand(grid: Grid) -> list[list[str | None]]:
    """The grid with spans expanded: a merged cell's text at its top-left, ``None``
    at the positions it covers."""
    rows: list[list[str | None]] = []
    taken: dict[tuple[int, int], bool] = {}
    for r, row in enumerate(grid):
        out: list[str | None] = []
        c = 0
        for cell in row:
            while taken.get((r, c)):
                out.append(None)
                c += 1
            out.append(cell.text)
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if dr or dc:
                        taken[(r + dr, c + dc)] = True
            out += [None] * (cell.colspan - 1)
            c += cell.colspan
        while taken.get((r, c)):
            out.append(None)
            c += 1
        rows.append(out)
    return rows


def _html_table(grid: Grid, word: bool) -> str:
    parts = ["<table border=1>"]
    for row in grid:
        parts.append("<tr>")
        for cell in row:
            span = ""
            if cell.rowspan > 1:
                span += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                span += f' colspan="{cell.colspan}"'
            text = html.escape(cell.text)
            if word:
                # Word splits a label over runs and fills blank cells with &nbsp;.
                mid = len(text) // 2
                text = (
                    "<p class=MsoNormal><span lang=EN-US>"
                    f"{text[:mid]}</span><span>{text[mid:]}</span><o:p></o:p></p>"
                    if text
                    else "<p class=MsoNormal><span>&nbsp;</span></p>"
                )
            parts.append(f"<td{span}>{text}</td>")
        parts.append("</tr>")
    parts.append("</table>")
    return "".join(parts)


def to_html(
    report: dict[str, Any], *, word: bool = False, transform: Callable[[Grid], Grid] | None = None
) -> str:
    body = []
    for b in blocks(report):
        if isinstance(b, str):
            body.append(f"<p>{html.escape(b)}</p>")
        else:
            body.append(_html_table(transform(b) if transform else b, word))
    nav = "<div class=nav><a href=/>首页</a> &gt; <a href=/zwgk>政务公开</a></div>"
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>'
        + html.escape(title(report))
        + "</title></head><body>"
        + nav
        + "".join(body)
        + "<div class=footer>版权所有</div></body></html>"
    )


def to_markdown_html_tables(report: dict[str, Any]) -> str:
    """OCR-style Markdown: headings as ``#``, tables as inline HTML."""
    out = []
    for b in blocks(report):
        if isinstance(b, str):
            out.append(("# " if b in HEADINGS else "") + b)
        else:
            out.append(_html_table(b, word=False))
    return "\n\n".join(out) + "\n"


def _text_layout(
    report: dict[str, Any], table: Callable[[Grid], list[str]], split: bool = False
) -> str:
    lines: list[str] = []
    for b in blocks(report, split_figures if split else None):
        if isinstance(b, str):
            lines.append(b)
        else:
            lines += table(b)
    return "\n".join(lines) + "\n"


def to_tabs(report: dict[str, Any], *, split: bool = False) -> str:
    """Tab-separated grid rows; ``split``: figures broken in two (:func:`split_figures`)."""

    def table(g: Grid) -> list[str]:
        return ["\t".join(c or "" for c in row) for row in expand(g)]

    return _text_layout(report, table, split)


def to_gfm(report: dict[str, Any], *, split: bool = False) -> str:
    """GFM pipe tables; ``split``: figures broken in two (:func:`split_figures`)."""

    def table(g: Grid) -> list[str]:
        rows = expand(g)
        width = max(len(r) for r in rows)
        lines = ["", "| " + " | ".join(c or "" for c in rows[0]) + " |"]
        lines.append("|" + "---|" * width)
        lines += ["| " + " | ".join(c or "" for c in r) + " |" for r in rows[1:]]
        return [*lines, ""]

    return _text_layout(report, table, split)


def to_gfm_review_groups(report: dict[str, Any]) -> str:
    """GFM, with section 四 as one small table per group under the group's heading,
    as OCR tools write it (### 行政复议, ### 行政诉讼（未经复议直接起诉）, …)."""
    rev = report["reviews"]
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    groups = (
        ("行政复议", "administrative_review"),
        ("行政诉讼（未经复议直接起诉）", "litigation_direct"),
        ("行政诉讼（复议后起诉）", "litigation_after_review"),
    )
    parts = []
    for title_, key in groups:
        cells = [c.text for c in _values(rev[key], REVIEW_KEYS)]
        parts += [f"### {title_}", "", "| " + " | ".join(heads) + " |", "|---" * 5 + "|"]
        parts += ["| " + " | ".join(cells) + " |", ""]
    text = to_gfm(report)
    start = text.index(HEADINGS[3]) + len(HEADINGS[3])
    end = text.index(HEADINGS[4])
    return text[:start] + "\n\n" + "\n".join(parts) + "\n" + text[end:]


def to_spaces(report: dict[str, Any], *, split: bool = False) -> str:
    """Every cell separated by a space; blank cells vanish (crawled text).
    ``split``: figures broken in two (:func:`split_figures`)."""

    def table(g: Grid) -> list[str]:
        return [" ".join(c.text for c in row if c.text) for row in g]

    return _text_layout(report, table, split)


def to_cell_per_line(report: dict[str, Any]) -> str:
    """One cell per line with `` |`` after it, as some extractors write tables."""

    def table(g: Grid) -> list[str]:
        lines = []
        for row in g:
            lines += [f"{c.text} |" for c in row]
            lines.append("|" * len(row))
        return lines

    return _text_layout(report, table)


def to_merged_lines(report: dict[str, Any]) -> str:
    """One cell a line (a blank cell an empty line), then every run of identical
    neighbouring lines merged into one, as some crawlers keep pages."""

    def table(g: Grid) -> list[str]:
        return [c.text for row in g for c in row]

    lines = _text_layout(report, table).split("\n")
    kept = [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]
    return "\n".join(kept)


def to_one_line(report: dict[str, Any], *, cell_sep: str) -> str:
    """A crawled page flattened to one line; cells joined by ``cell_sep``."""
    parts: list[str] = []
    for b in blocks(report):
        if isinstance(b, str):
            parts.append(b)
        else:
            parts.append(cell_sep.join(c.text for row in b for c in row if c.text))
    return "标题: " + title(report) + "\n发布时间: 2024-01-20\n" + " ".join(parts) + "\n"


def to_html_flat(report: dict[str, Any]) -> str:
    """HTML whose editor broke the merges: every covered position an empty cell."""

    def flat(g: Grid) -> Grid:
        return [[Cell(c or "") for c in row] for row in expand(g)]

    return to_html(report, transform=flat)


def split_figures(grid: Grid) -> Grid:
    """The grid as PDF extraction gives it: in every row, the first figure of two
    or more digits broken in two cells (``53`` as ``5 | 3``, ``105`` as ``1 | 05``).

    Only in rows whose every cell states something: a row that also lost a blank
    (between spaces, or at a text grid's edge) would keep the template's count of
    cells, and no text tells ``5 3`` then from two figures.
    """
    out: Grid = []
    for row in grid:
        values = [c for c in row if not c.header]
        at = next((i for i, c in enumerate(row) if not c.header and _splits(c.text)), None)
        if at is None or not all(c.text for c in values):
            out.append(row)
            continue
        cell = row[at]
        cut = len(cell.text) // 2
        halves = [Cell(cell.text[:cut]), Cell(cell.text[cut:], cell.rowspan, cell.colspan)]
        out.append([*row[:at], *halves, *row[at + 1 :]])
    return out


def _splits(text: str) -> bool:
    return len(text) >= 2 and text.isdigit()


TEXT_LAYOUTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "tabs": to_tabs,
    "gfm": to_gfm,
    "gfm_review_groups": to_gfm_review_groups,
    "spaces": to_spaces,
    "cell_per_line": to_cell_per_line,
    "merged_lines": to_merged_lines,
    "markdown_html_tables": to_markdown_html_tables,
    "one_line_spaced": lambda r: to_one_line(r, cell_sep=" "),
    "one_line_run_together": lambda r: to_one_line(r, cell_sep=""),
    # PDF extraction: figures broken in two cells (53 as 5 | 3, 5\t3, 5 3).
    "gfm_split": lambda r: to_gfm(r, split=True),
    "tabs_split": lambda r: to_tabs(r, split=True),
    "spaces_split": lambda r: to_spaces(r, split=True),
}
HTML_LAYOUTS: dict[str, Callable[[dict[str, Any]], str]] = {
    "html_cms": lambda r: to_html(r, word=False),
    "html_word": lambda r: to_html(r, word=True),
    "html_flat": to_html_flat,
}


def _is_value(cell: Cell) -> bool:
    return not cell.header and bool(cell.text)


def merge_equal_values(grid: Grid) -> Grid:
    """The grid as an editor tidies it: every run of equal neighbouring figures
    in a row merged into one cell spanning their columns, then every run of equal
    figures down a column (cells as wide) merged into one spanning their rows."""
    placed: list[tuple[int, int, Cell]] = []  # (row, column, cell) of each cell
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            taken |= {(r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            c += cell.colspan
    at = {(r, c): i for i, (r, c, _) in enumerate(placed)}
    gone: set[int] = set()
    for i, (r, c, cell) in enumerate(placed):  # runs along a row
        if i in gone or not _is_value(cell) or cell.colspan > 1:
            continue
        width = 1
        while (j := at.get((r, c + width))) is not None and placed[j][2] == cell:
            gone.add(j)
            width += 1
        placed[i] = (r, c, attrs.evolve(cell, colspan=width))
    for i, (r, c, cell) in enumerate(placed):  # runs down a column
        if i in gone or not _is_value(cell) or cell.rowspan > 1:
            continue
        height = 1
        while (
            (j := at.get((r + height, c))) is not None and j not in gone and (placed[j][2] == cell)
        ):
            gone.add(j)
            height += 1
        placed[i] = (r, c, attrs.evolve(cell, rowspan=height))
    out: Grid = [[] for _ in grid]
    for i, (r, _, cell) in enumerate(placed):
        if i not in gone:
            out[r].append(cell)
    return out


def to_html_spanned_values(report: dict[str, Any]) -> str:
    """HTML whose editor merged runs of equal figures into spanning cells."""
    return to_html(report, transform=merge_equal_values)


HTML_LAYOUTS["html_spanned_values"] = to_html_spanned_values
