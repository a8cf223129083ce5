"""Each stage alone: template, grammars, normalise, sections, tokens, tables
(the strict path), recovery, rules and checks, the canonical form.

Expected values here are written from the template and the inputs, never taken
from the parser's output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Lark

import govreport
from expected import complete
from govreport import assemble, rules, tables
from govreport import tokens as tokenizer
from govreport.api import TABLE_KEYS
from govreport.canonical import dumps, loads_sections
from govreport.checks import check
from govreport.lalr import Rejected
from govreport.lalr import parse as run_tables
from govreport.model import (
    APPLICANT_COLUMNS,
    ApplicantRow,
    DocumentCounts2021,
    Report,
    ReviewGroup,
    Reviews,
)
from govreport.normalise import GAP, PAD, normalise_chars, normalise_table
from govreport.parser import build_parser, parse_tables
from govreport.paths import CellPath
from govreport.recover import (
    MAX_GRID_READINGS,
    UNKNOWN,
    Linear,
    TooManyReadings,
    grid_readings,
    settle,
    split_readings,
)
from govreport.sections import split_sections
from govreport.tables import NotClean, clean_tokens, proven_grid, read_clean
from govreport.template import (
    ACTIVE_ROWS,
    ACTIVE_TERMINALS,
    APPLICATION_GROUPS,
    application_rows,
    cell_labels,
)
from govreport.tokens import Cell, scan
from layouts import TEXT_LAYOUTS

FIXTURES = Path(__file__).parent / "fixtures"
FORMS = ("applications", "active_2021", "active_2019", "reviews")


# --- template and grammars -----------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_every_grammar_builds_strict(form: str) -> None:
    # strict=True refuses any shift/reduce or reduce/reduce conflict.
    parser = build_parser(form)  # type: ignore[arg-type]
    assert parser.options.strict
    assert parser.options.parser == "lalr"


def test_the_shipped_parse_tables_are_the_grammars_tables() -> None:
    # The parse runs grammars/tables.json: it must be what the grammars build now
    # (regenerate with `python -m govreport.parser grammars/tables.json`).
    shipped = json.loads((Path(__file__).parent.parent / "grammars" / "tables.json").read_text())
    assert shipped == {form: parse_tables(form) for form in FORMS}  # type: ignore[arg-type]


@pytest.mark.parametrize("form", FORMS)
def test_every_grammar_rule_has_its_transformer_method(form: str) -> None:
    from govreport.transform import _TRANSFORMERS

    rules = {r.origin.name for r in build_parser(form).rules}  # type: ignore[arg-type]
    named = {r for r in rules if not r.startswith("_")}
    assert named and all(callable(getattr(_TRANSFORMERS[form], r)) for r in named)  # type: ignore[index]


class _Echo:
    """Each rule's value: its name and its children (tokens as (kind, value))."""

    def __getattr__(self, rule: str) -> Any:
        return lambda children: (
            rule,
            [(c.kind, c.value) if hasattr(c, "kind") else c for c in children],
        )


def test_the_table_runner_inlines_header_lines_and_rejects_what_the_grammar_does_not() -> None:
    cells = ("CELLS15", "c")
    got = run_tables("reviews", [("HEADER", "a"), ("HEADER", "b"), cells], "reviews", _Echo())
    assert got == ("reviews", [("HEADER", "a"), ("HEADER", "b"), ("CELLS15", "c")])
    for tokens in ([cells], [("HEADER", "a")], [("HEADER", "a"), cells, cells], [("TEXT", "x")]):
        with pytest.raises(Rejected):
            run_tables("reviews", tokens, "reviews", _Echo())


def _leaf_rules(parser: Lark, start: str) -> list[str]:
    """The grammar's row rules under ``start``, depth first, in order."""
    rules_by_name: dict[str, list[Any]] = {}
    for rule in parser.rules:
        rules_by_name.setdefault(rule.origin.name, []).append(rule)
    out: list[str] = []

    def rule_children(rule: Any) -> list[str]:
        # Lark writes HEADER* as helper rules (names starting with "_").
        return [s.name for s in rule.expansion if not s.is_term and not s.name.startswith("_")]

    def walk(name: str) -> None:
        children = max((rule_children(r) for r in rules_by_name[name]), key=len)
        if not children:
            out.append(name)
        for child in children:
            walk(child)

    walk(start)
    return out


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_applications_grammar_holds_the_template_rows_in_order(version: str) -> None:
    parser = build_parser("applications")
    leaves = _leaf_rules(parser, f"applications_{version}")
    # Row rules are named by their field (other_other is OtherOutcomes.other,
    # other_2019 the single 2019 row).
    names = {"other_other": "other", "other_2019": "other"}
    want = [r.key.rsplit(".", 1)[-1] for r in application_rows(version)]  # type: ignore[arg-type]
    assert [names.get(n, n) for n in leaves] == want
    # Each row rule is its template row's token, then seven cells.
    by_name = {r.origin.name: r for r in parser.rules}
    for rule_name, spec in zip(leaves, application_rows(version)):  # type: ignore[arg-type]
        symbols = [s.name for s in by_name[rule_name].expansion]
        assert symbols == [spec.terminal, "CELLS7"]
    # Groups start with their own label: 三、本年度办理结果, （三）不予公开 …
    group_labels = {t for t, _ in APPLICATION_GROUPS[version]}  # type: ignore[index]
    firsts = {
        r.expansion[0].name for r in parser.rules if r.origin.name in ("withheld", "unavailable")
    }
    assert firsts <= group_labels and firsts == {"WITHHELD", "UNAVAILABLE"}


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_active_grammar_holds_the_template_rows_in_order(version: str) -> None:
    parser = build_parser(f"active_{version}")
    leaves = _leaf_rules(parser, f"active_{version}")
    assert leaves == [key for key, _, _ in ACTIVE_ROWS[version]]  # type: ignore[index]
    by_name = {r.origin.name: r for r in parser.rules}
    for key, _, cols in ACTIVE_ROWS[version]:  # type: ignore[index]
        symbols = [s.name for s in by_name[key].expansion]
        assert symbols == [ACTIVE_TERMINALS[key][0], f"CELLS{len(cols or (1,))}"]


def _labels_of(line: str, form: str = "applications") -> tuple[str, ...]:
    (item,) = [i for i in scan(form, normalise_table(line)) if i.kind == "row"]  # type: ignore[arg-type]
    return item.labels


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_every_template_label_reads_as_its_row(version: str) -> None:
    for spec in application_rows(version):  # type: ignore[arg-type]
        label = f"{spec.group} {spec.label}".strip()
        assert _labels_of(f"{label}\t1\t2\t3\t4\t5\t6\t21")[-1] == spec.terminal, label


@pytest.mark.parametrize(
    ("wording", "terminal"),
    [
        ("1.本单位不掌握相关政府信息", "NOT_HELD"),  # 本单位 for 本机关
        ("2.没有现成信息需要另外制作", "NEEDS_CREATION"),  # 另外制作 for 另行制作
        ("（三）不 予 公 开 1. 属于国家秘密", "STATE_SECRET"),  # spaces inside labels
        ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "PARTIALLY_GRANTED"),
        ("（七）总计", "TOTAL"),
    ],
)
def test_local_wordings_read_as_the_template_row(wording: str, terminal: str) -> None:
    assert _labels_of(f"{wording}\t0\t0\t0\t0\t0\t0\t0")[-1] == terminal


def test_group_labels_come_from_the_template() -> None:
    assert _labels_of("三、本年度办理结果\t（一）予以公开\t0") == ("OUTCOMES", "GRANTED")
    assert [t for t, _ in APPLICATION_GROUPS["2021"]][-1] == "OTHER"
    assert _labels_of("规范性文件\t1\t2\t3", "active_2019") == ("NORMATIVE_DOCUMENTS",)


def test_cell_labels_are_the_templates_chinese_labels() -> None:
    assert cell_labels("applications.outcomes.total.natural_person") == (
        "三、收到和处理政府信息公开申请情况",
        "三、本年度办理结果",
        "（七）总计",
        "自然人",
    )
    assert cell_labels("reviews.litigation_direct.upheld")[1:] == (
        "行政诉讼",
        "未经复议直接起诉",
        "结果维持",
    )
    assert cell_labels("active_disclosure.fees", "2021")[-2:] == (
        "行政事业性收费",
        "本年收费金额（单位：万元）",
    )


# --- normalise -------------------------------------------------------------------------


def test_normalise_chars_maps_full_width_forms() -> None:
    assert normalise_chars("（一）１２\u3000３\r\n") == "(一)12 3\n"


@given(st.text(alphabet="（）１２ａ\u3000\u200b〔〕一 \n"))
def test_normalise_chars_is_translating_the_whole_text(text: str) -> None:
    # The mapped characters are found in runs: the same as mapping every one.
    from govreport.normalise import _FULLWIDTH

    assert normalise_chars(text) == text.translate(_FULLWIDTH)


@pytest.mark.parametrize(
    ("source", "table"),
    [
        ("| 规章 | 1 |  | 3 |\n|---|---|---|---|", f"规章\t1\t{GAP}\t3"),  # GFM, blank cell
        ("规章\t1\t\t3", f"规章\t1\t{GAP}\t3"),  # tabs
        ("规章 |\n1 |\n2 |\n||", "规章\t1\t2"),  # one cell per line
        ("规章 1 2\n- 3 -\n第 2 页 共 9 页", "规章 1 2"),  # page markers dropped
        ("（三）不予 公开", "(三)不予公开"),  # spaces inside a label
        ("0 0 0 0 0002.没有现成信息", "0 0 0 0 000 2.没有现成信息"),  # glued ordinal
        ("1、属于国家秘密 1,234", "1.属于国家秘密 1234"),  # ordinal point, thousands
    ],
)
def test_normalise_table_layouts(source: str, table: str) -> None:
    assert normalise_table(source) == table


# --- sections --------------------------------------------------------------------------

REPORT = """\
某某县公安局2023年政府信息公开工作年度报告
一、总体情况
本年度，本机关按照二、主动公开政府信息情况的要求开展工作。
二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1
四、政府信息公开行政复议、行政诉讼情况
行政复议\t行政诉讼
0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
五、存在的主要问题及改进情况
无。
六、其他需要报告的事项
无。
"""


def test_sections_title_version_and_bodies() -> None:
    s = split_sections(REPORT)
    assert (s.agency, s.year, s.template) == ("某某县公安局", 2023, "2021")
    # The narrative's mention of section 二 is not its heading: the table follows the heading.
    assert s.overview == "本年度，本机关按照二、主动公开政府信息情况的要求开展工作。"
    assert s.active_disclosure.startswith("第二十条第（一）项")
    assert s.applications.splitlines()[-1].startswith("一、本年新收")
    assert s.reviews.splitlines()[0] == "行政复议\t行政诉讼"
    assert (s.problems, s.other_matters) == ("无。", "无。")


def test_sections_version_from_the_2019_words() -> None:
    text = REPORT.replace(
        "本年制发件数\t本年废止件数\t现行有效件数", "本年新制作数量\t本年新公开数量\t对外公开总数量"
    )
    assert split_sections(text).template == "2019"


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("十一、其他", [(0, 3)]),  # two numerals
        ("二十一、其他", [(1, 4)]),  # three: the last two make the ordinal
        ("一 . 二、三", [(0, 4), (4, 6)]),  # spaces around the point, then the next
        ("统一规划", []),
    ],
)
def test_heading_ordinals_are_found_whole(text: str, spans: list[tuple[int, int]]) -> None:
    from govreport.sections import _ORDINAL

    assert [m.span() for m in _ORDINAL.finditer(text)] == spans


# --- tokens ----------------------------------------------------------------------------


def test_scan_items_of_a_line() -> None:
    items = scan(
        "applications", "二、上年结转政府信息公开申请数量\t3\t\ue000\t-\n9 9", first_line=10
    )
    row, values = items
    assert (row.kind, row.labels, row.line, row.width) == ("row", ("CARRIED_OVER",), 10, 4)
    assert row.cells == (Cell("3", "number"), Cell("", "gap"), Cell("-", "blank"))
    assert (values.kind, values.line, values.width) == ("values", 11, 0)
    assert values.cells == (Cell("9", "number"), Cell("9", "number"))


def test_scan_prefers_a_label_to_the_figure_it_starts_with() -> None:
    # "2.没有…" is the row label, not the figure 2 followed by text.
    (item,) = scan("applications", "2.没有现成信息需要另行制作 0 0")
    assert item.labels == ("NEEDS_CREATION",)
    assert [c.text for c in item.cells] == ["0", "0"]


def test_scan_ends_a_run_of_cells_where_a_label_starts() -> None:
    # Cells are matched a run at a time: the run stops before "1.属于…" (a label
    # that starts with a digit), yet "1.5" and "12" after cells stay figures.
    items = scan("applications", "0 0 1.属于国家秘密 3 1.5 12\t无\t—")
    assert [(i.kind, i.labels) for i in items] == [("values", ()), ("row", ("STATE_SECRET",))]
    assert items[0].cells == (Cell("0", "number"), Cell("0", "number"))
    assert [(c.text, c.kind) for c in items[1].cells] == [
        ("3", "number"),
        ("1.5", "number"),
        ("12", "number"),
        ("无", "blank"),
        ("—", "blank"),
    ]


def test_scan_keeps_stray_text_as_text() -> None:
    (item,) = scan("applications", "注:以上 数据")
    assert (item.kind, item.text, item.plain) == ("text", "注:以上数据", False)
    (header,) = scan("applications", "申请人情况 自然人 总计")
    assert (header.kind, header.plain) == ("text", True)


def _grid_line(form: str) -> st.SearchStrategy[list[str]]:
    """The fields of a table's grid line: its form's words, then figures, gaps,
    blanks, numerals, merged cells, stray text and more words."""
    lexer = tokenizer._lexer(form)  # type: ignore[arg-type]
    patterns = [t.pattern for t in lexer.terminals if t.role in ("label", "header", "kept", "note")]
    words = st.sampled_from(patterns).flatmap(lambda p: st.from_regex(p, fullmatch=True))
    cells = r"[0-9]{1,4}(?:\.[0-9]{1,2})?|\ue000|-|—|无|二十|三件|\ue002[0-9]|\ue003五"
    field = st.one_of(
        words,
        st.from_regex(cells, fullmatch=True),
        st.sampled_from(["合计", "其他", "十", "二十", "规章", "注", "(其中3件)"]),
        st.text(alphabet="规章其他合计十 ()（）0123456789.、\ue000", max_size=8),
    )
    line = st.tuples(words, st.lists(field, min_size=1, max_size=8)).map(lambda t: [t[0], *t[1]])
    return line.filter(lambda f: not any(c in "".join(f) for c in ("\t", "\n", "\r", PAD)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FORMS).flatmap(lambda f: st.tuples(st.just(f), _grid_line(f))))
def test_scan_reads_a_grid_line_field_by_field_as_the_whole_line(
    form_fields: tuple[str, list[str]],
) -> None:
    # scan reads a grid line's fields one by one, each once a table (no token
    # crosses a tab): that must be the reading of the whole line at once,
    # whatever the fields hold.
    form, fields = form_fields
    line = "\t".join(fields)
    lexer = tokenizer._lexer(form)  # type: ignore[arg-type]
    whole = tokenizer._items(tokenizer._tokens(lexer, line), 1, len(fields), form == "reviews")
    assert scan(form, line) == whole  # type: ignore[arg-type]


# --- tables: the strict path -----------------------------------------------------------


@pytest.fixture
def no_recovery(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("recovery ran on a clean table")

    monkeypatch.setattr(assemble, "recover", refuse)


@pytest.mark.parametrize(
    "expected", sorted(FIXTURES.glob("*.expected.json")), ids=lambda p: p.name.split(".")[0]
)
def test_canonical_forms_go_through_the_grammars_alone(expected: Path, no_recovery: None) -> None:
    report = govreport.from_dict(complete(json.loads(expected.read_text(encoding="utf-8"))))
    result = govreport.parse(dumps(report))
    assert result.report == report
    # Only the source's own findings, and a word on a title that names no agency or year.
    untitled = {"U-NO-AGENCY": report.agency is None, "U-NO-YEAR": report.year is None}
    codes = {d.code for d in result.diagnostics if d.kind.value != "source"}
    assert codes == {code for code, missing in untitled.items() if missing}


def _tab_table(report: Report) -> str:
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计",
    ]
    for spec in application_rows(report.template):
        row = CellPath.of(spec.path).get(report)
        cells = [str(getattr(row, c)) for c in APPLICANT_COLUMNS]
        lines.append("\t".join([f"{spec.group}{spec.label}", *cells]))
    return "\n".join(lines) + "\n"


def test_a_full_tab_table_is_clean(no_recovery: None) -> None:
    rows = {
        spec.key: ApplicantRow(**dict(zip(APPLICANT_COLUMNS, [i, 0, 0, 0, 0, 1, i + 1])))
        for i, spec in enumerate(application_rows("2021"))
    }
    from govreport.template import build_applications

    report = Report.empty("2021")
    report = Report(
        template="2021",
        active_disclosure=report.active_disclosure,
        applications=build_applications("2021", rows),
    )
    result = govreport.parse(_tab_table(report))
    assert result.report.applications == report.applications


def _no_recovery_of(monkeypatch: pytest.MonkeyPatch, forms: set[str]) -> list[str]:
    """Make recovery raise for ``forms``; the forms it ran for are listed."""
    recover = assemble.recover
    ran: list[str] = []

    def spy(form: str, *args: Any, **kwargs: Any) -> Any:
        assert form not in forms, f"recovery ran on the clean {form} table"
        ran.append(form)
        return recover(form, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(assemble, "recover", spy)
    return ran


#: Per text grid layout that lost nothing: the forms its proof sends through the
#: grammars alone, and the sections read back. Sections 三 and 四 of a tab or GFM
#: grid have every line as wide (gfm_review_groups writes 四 as three small
#: tables: no one grid); in section 二 each sub-table's header names the fields
#: its rows' cells stand in (2021's 行政许可 one of three, 2019's 行政事业性收费
#: two of three), the rest empty.
_ACTIVE = {"active_2021", "active_2019"}
PROVEN_LAYOUTS: dict[str, tuple[set[str], tuple[str, ...]]] = {
    "tabs": ({*_ACTIVE, "applications", "reviews"}, TABLE_KEYS),
    "gfm": ({*_ACTIVE, "applications", "reviews"}, TABLE_KEYS),
    "gfm_review_groups": ({"applications"}, ("applications", "reviews")),
    "markdown_html_tables": (_ACTIVE, ("active_disclosure",)),
}


@pytest.mark.parametrize("layout", sorted(PROVEN_LAYOUTS))
@pytest.mark.parametrize(
    "expected", sorted(FIXTURES.glob("*.expected.json")), ids=lambda p: p.name.split(".")[0]
)
def test_text_grids_that_prove_their_places_go_through_the_grammars_alone(
    expected: Path, layout: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    strict, compared = PROVEN_LAYOUTS[layout]
    source = complete(json.loads(expected.read_text(encoding="utf-8")))
    _no_recovery_of(monkeypatch, strict)
    report = govreport.from_dict(source)
    result = govreport.parse(TEXT_LAYOUTS[layout](source))
    for key in compared:
        assert getattr(result.report, key) == getattr(report, key), key


HUAIAN = complete(json.loads((FIXTURES / "huaian_2024.expected.json").read_text(encoding="utf-8")))
_NEW_RECEIVED = "一、本年新收政府信息公开申请数量\t\t\t3001\t53\t0\t0\t61\t4\t3119"


def _huaian_tabs(old: str, new: str) -> str:
    text = TEXT_LAYOUTS["tabs"](HUAIAN)
    assert text.count(old) == 1
    return text.replace(old, new)


def _section_proven(text: str, key: str, form: str) -> bool:
    raw = getattr(split_sections(text), key)
    table = normalise_table(raw)
    return proven_grid(form, table, scan(form, table))  # type: ignore[arg-type]


def test_the_tab_grid_of_a_hand_read_report_is_proven() -> None:
    text = _huaian_tabs(_NEW_RECEIVED, _NEW_RECEIVED)
    assert _section_proven(text, "applications", "applications")
    assert _section_proven(text, "reviews", "reviews")
    # Section 二: its sub-tables' headers name the fields its rows' cells stand in.
    assert _section_proven(text, "active_disclosure", "active_2021")


#: What an extractor may do to a grid's row (一、本年新收: 3001 53 0 0 61 4 3119), each
#: of which leaves its cells' places unknown.
GRID_DAMAGE = {
    # A cell lost: the row is a field narrower than the grid.
    "lost cell": "一、本年新收政府信息公开申请数量\t\t\t3001\t0\t0\t61\t4\t3119",
    # The same row padded to the grid's width: its last field is empty.
    "padded row": "一、本年新收政府信息公开申请数量\t\t\t3001\t0\t0\t61\t4\t3119\t",
    # A figure split in two fields: the row is a field wider.
    "split figure": "一、本年新收政府信息公开申请数量\t\t\t30\t01\t53\t0\t0\t61\t4\t3119",
    # Two figures in one field, and a field lost elsewhere: as wide, one cell more.
    "two figures in a field": "一、本年新收政府信息公开申请数量\t\t3001 53\t0\t0\t61\t4\t3119\t1",
    # A figure glued to its label, the grid's width kept: a cell in a label's field.
    "figure in a label's field": _NEW_RECEIVED.replace("数量\t", "数量3001\t\t", 1).replace(
        "\t3001\t", "\t", 1
    ),
}


@pytest.mark.parametrize("damage", sorted(GRID_DAMAGE))
def test_a_damaged_text_grid_is_not_proven_and_goes_to_recovery(
    damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _huaian_tabs(_NEW_RECEIVED, GRID_DAMAGE[damage])
    assert not _section_proven(text, "applications", "applications")
    ran = _no_recovery_of(monkeypatch, set())
    got = govreport.to_dict(govreport.parse(text).report)["applications"]
    assert "applications" in ran
    # Never a wrong figure; every other row is read as the hand-read report has it.
    want = HUAIAN["applications"]
    row = got.pop("new_received")
    assert all(v in (None, want["new_received"][k]) for k, v in row.items())
    want = {k: v for k, v in want.items() if k != "new_received"}
    assert got == want


_LICENSING = "行政许可\t447228\t\t"

#: What an extractor may do to a row of section 二 (行政许可 447228, one value column
#: of the three fields its header 本年处理决定数量 spans), or to its sub-table,
#: each of which leaves the row's cells' places unknown.
ACTIVE_DAMAGE = {
    # The figure in a field its header does not name: whose column is not known.
    "figure past its columns": "行政许可\t\t447228\t",
    # A figure glued to its label, the width kept: a cell in the label's field.
    "figure in the label's field": "行政许可447228\t\t\t",
    # A field lost: the row is narrower than the grid.
    "lost field": "行政许可\t447228\t",
    # Words among the value fields.
    "words among the values": "行政许可\t447228\t见附件\t",
    # The row's label lost: its cells stand after an empty field.
    "lost label": "\t447228\t\t",
}


@pytest.mark.parametrize("damage", sorted(ACTIVE_DAMAGE))
def test_a_damaged_row_of_section_two_is_not_proven(damage: str) -> None:
    assert _section_proven(_huaian_tabs(_LICENSING, _LICENSING), "active_disclosure", "active_2021")
    text = _huaian_tabs(_LICENSING, ACTIVE_DAMAGE[damage])
    assert not _section_proven(text, "active_disclosure", "active_2021")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # A stated row whose last (first) column is empty: it may have lost a cell
        # and been padded after (before) the rest.
        ("规章\t1\t0\t11", "规章\t1\t0\t"),
        ("规章\t1\t0\t11", "规章\t\t0\t11"),
        # The sub-table's header lost: no evidence of where its columns are.
        ("信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n", ""),
        # A header naming other columns than its rows have (one for three).
        ("信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "信息内容\t本年制发件数\t\t"),
        # Stray words between the header and the rows.
        ("规章\t1\t0\t11", "说明\t如下\t\t\n规章\t1\t0\t11"),
    ],
    ids=["last column empty", "first column empty", "header lost", "header of one", "stray"],
)
def test_a_sub_table_of_section_two_without_its_evidence_is_not_proven(old: str, new: str) -> None:
    text = _huaian_tabs(old, new)
    assert not _section_proven(text, "active_disclosure", "active_2021")


def test_a_row_of_section_two_that_states_nothing_is_proven_and_read_as_blank() -> None:
    text = _huaian_tabs("规章\t1\t0\t11", "规章\t\t\t")
    assert _section_proven(text, "active_disclosure", "active_2021")
    result = govreport.parse(text)
    assert result.report.active_disclosure.regulations == DocumentCounts2021()
    (blank,) = [d for d in result.diagnostics if d.paths[0].endswith("regulations.issued")]
    assert blank.code == "S-BLANK"


def test_a_text_grid_that_lost_a_column_throughout_is_not_proven() -> None:
    # Every line of section 三 a field short (总计 lost): the lines are as wide,
    # but the third label column (1.属于国家秘密 …) stands among the last 7 fields.
    text = TEXT_LAYOUTS["tabs"](HUAIAN)
    start, end = text.index("三、收到和处理"), text.index("四、政府信息公开行政")
    lines = [line.rsplit("\t", 1)[0] for line in text[start:end].split("\n")]
    text = text[:start] + "\n".join(lines) + text[end:]
    assert not _section_proven(text, "applications", "applications")
    assert _section_proven(text, "reviews", "reviews")


def test_a_text_grid_with_a_header_of_another_width_is_not_proven() -> None:
    # Merged header cells written once (申请人情况 over seven columns, no empty fields).
    header = "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计"
    text = _huaian_tabs(header, "\t\t\t自然人\t法人或其他组织\t总计")
    assert not _section_proven(text, "applications", "applications")


def test_a_text_grid_whose_last_cell_is_blank_is_not_proven() -> None:
    # A stated blank at a row's end cannot be told from padding: recovery reads it.
    text = _huaian_tabs("\t12\t1\t1\t6\t20\n", "\t12\t1\t1\t6\t\n")
    assert not _section_proven(text, "reviews", "reviews")


def test_a_text_grid_with_a_wrapped_label_is_not_proven() -> None:
    # A label of the second column wrapped: its row is two lines of other widths.
    label = "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t"
    wrapped = "\t（二）部分公开（区分处理的，只计这一情形，\n不计其他情形）\t"
    assert not _section_proven(_huaian_tabs(label, wrapped), "applications", "applications")
    # Wrapped inside the row's first field, the places stay known (the row's
    # first line is stray text, and the table goes to recovery for it).
    label = "一、本年新收政府信息公开申请数量\t"
    wrapped = "一、本年新收政府\n信息公开申请数量\t"
    assert _section_proven(_huaian_tabs(label, wrapped), "applications", "applications")


def test_a_row_with_a_lost_cell_is_not_clean() -> None:
    text = normalise_table("一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t1")
    assert read_clean("applications", "2021", scan("applications", text), positional=False) is None


@pytest.mark.parametrize(
    ("cells", "plain"),
    [
        ("12\t0\t3\t0\t0\t1\t16", True),
        ("12\t0\t3\t\ue000\t0\t1\t16", False),  # an empty cell
        ("12\t0\t3\t-\t0\t1\t16", False),  # a blank mark
        ("12件\t0\t3\t0\t0\t1\t16", False),  # a unit: not a plain count
    ],
)
def test_a_row_of_plain_counts_is_read_as_any_row(cells: str, plain: bool) -> None:
    # The row's token says whether its cells are plain counts; either way the
    # row read is the one the template's constructor builds from its figures.
    text = normalise_table("一、本年新收政府信息公开申请数量\t" + cells)
    ((_, label), (kind, value)) = clean_tokens(
        "applications", scan("applications", text), positional=True
    )
    assert (label, kind, value.plain) == ("NEW_RECEIVED", "CELLS7", plain)
    from govreport.transform import _row

    figures = [int(c) if c.isdecimal() else None for c in cells.split("\t")]
    if cells.startswith("12件"):
        with pytest.raises(NotClean):
            _row(ApplicantRow, value)
    else:
        assert _row(ApplicantRow, value) == ApplicantRow(**dict(zip(APPLICANT_COLUMNS, figures)))


# --- recovery --------------------------------------------------------------------------


def test_grid_readings_place_lost_cells_every_way() -> None:
    got = grid_readings([5, 5], 3)
    assert got.how == "lost"
    assert set(got.readings) == {(UNKNOWN, 5, 5), (5, UNKNOWN, 5), (5, 5, UNKNOWN)}


def test_grid_readings_are_bounded() -> None:
    with pytest.raises(TooManyReadings):
        grid_readings([0] * 30, 7)  # C(30, 23) placements of the extra cells
    assert MAX_GRID_READINGS < 3003


def test_split_readings_keep_the_rows_own_rule() -> None:
    # '11011' as three figures without leading zeros: 1|10|11, 1|101|1, 11|0|11, 110|1|1.
    every = {(1, 10, 11), (1, 101, 1), (11, 0, 11), (110, 1, 1)}
    assert set(split_readings(["11011"], 3).readings) == every
    # With the row's rule total = a + b, only the cuts that keep it.
    got = split_readings(["11011"], 3, [(2, (0, 1))])
    assert got.how == "split"
    assert set(got.readings) == {(1, 10, 11), (11, 0, 11)}
    # A run no cut of which keeps the rule: every cut (the source may be wrong).
    assert set(split_readings(["1001"], 3, [(2, (0, 1))]).readings) == {(10, 0, 1)}


def test_settle_rebuilds_only_what_every_reading_agrees_on() -> None:
    # One row, cells a, b, total with total = a + b; b was lost.
    rows = [grid_readings([2, 5], 3)]
    eqs = [Linear(total=((0, 2),), parts=((0, 0), (0, 1)))]
    (res,) = settle(rows, eqs, 3)
    # Readings: (?,2,5) -> 3 2 5; (2,?,5) -> 2 3 5; (2,5,?) -> 2 5 7: nothing agrees.
    assert res.values == (None, None, None)
    assert res.status == ("unsettled",) * 3


def test_settle_rebuilds_a_unique_reading() -> None:
    # 0 and 0 read for three cells with a total: every placement gives 0 0 0.
    rows = [grid_readings([0, 0], 3)]
    eqs = [Linear(total=((0, 2),), parts=((0, 0), (0, 1)))]
    (res,) = settle(rows, eqs, 3)
    assert res.values == (0, 0, 0)
    # Each cell was the lost one in some reading: each is rebuilt.
    assert res.status == ("recovered",) * 3


# --- rules and checks ------------------------------------------------------------------


@pytest.mark.parametrize(("version", "rows"), [("2021", 25), ("2019", 23)])
def test_rules_instances(version: str, rows: int) -> None:
    eqs = rules.equations(version)  # type: ignore[arg-type]
    by_rule = {r: [e for e in eqs if e.rule == r] for r in ("A1", "A2", "A3", "R1")}
    assert [len(by_rule[r]) for r in ("A1", "A2", "A3", "R1")] == [7, rows, 7, 3]
    (a3,) = [e for e in by_rule["A3"] if e.about == "column total"]
    assert len(a3.parts) == (21 if version == "2021" else 19)
    assert rules.may_be_negative(CellPath.of("active_disclosure.licensing.change"))
    assert not rules.may_be_negative(CellPath.of("applications.new_received.total"))


def test_check_names_the_cells_of_a_broken_row() -> None:
    report = Report.empty("2021")
    row = ApplicantRow(
        natural_person=1,
        commercial=1,
        research=0,
        social_welfare=0,
        legal_services=0,
        other=0,
        total=3,
    )
    report = Report(
        template="2021",
        active_disclosure=report.active_disclosure,
        applications=report.applications.__class__(new_received=row),
    )
    (a2,) = [d for d in check(report) if d.code == "A2"]
    assert (a2.stated, a2.expected) == (3, 2)
    assert a2.paths == tuple(
        f"applications.new_received.{c}" for c in ("total", *APPLICANT_COLUMNS[:-1])
    )


def test_check_v1_names_a_negative_cell_built_without_validators() -> None:
    import attrs

    empty = Report.empty("2021")
    with attrs.validators.disabled():
        row = ApplicantRow(natural_person=-2)
    report = Report(
        template="2021",
        active_disclosure=empty.active_disclosure,
        applications=empty.applications.__class__(carried_over=row),
    )
    (v1,) = [d for d in check(report) if d.code == "V1"]
    assert (v1.paths, v1.stated, v1.message) == (
        ("applications.carried_over.natural_person",),
        -2,
        "applications.carried_over.natural_person is negative (-2)",
    )
    assert [d.code for d in check(empty)] == []


def test_check_v1_lets_2019_change_be_negative_and_names_the_other_cells() -> None:
    import attrs

    from govreport.model import ItemCounts2019

    empty = Report.empty("2019")
    licensing = ItemCounts2019(previous_items=4, change=-3, decisions=1)
    stated = attrs.evolve(empty.active_disclosure, licensing=licensing)
    report = attrs.evolve(empty, active_disclosure=stated)
    assert [d.code for d in check(report)] == []  # a negative change is no V1 finding
    with attrs.validators.disabled():
        penalty = ItemCounts2019(previous_items=-1, change=-5)
    report = attrs.evolve(report, active_disclosure=attrs.evolve(stated, penalty=penalty))
    assert [d.paths for d in check(report) if d.code == "V1"] == [
        ("active_disclosure.penalty.previous_items",)
    ]


def test_clean_rows_of_zeros_equal_the_constructors_rows() -> None:
    from govreport.transform import build_table

    zeros = tuple(Cell("0", "number") for _ in range(15))
    cells = tables.Cells(zeros)
    cells.plain = True
    built = build_table("reviews", "2021", [("HEADER", "行政复议"), ("CELLS15", cells)])
    zero = ReviewGroup(upheld=0, corrected=0, other=0, pending=0, total=0)
    assert built == Reviews(
        administrative_review=zero, litigation_direct=zero, litigation_after_review=zero
    )


# --- canonical -------------------------------------------------------------------------


def test_canonical_reader_splits_its_own_output_exactly() -> None:
    report = Report(
        template="2019",
        agency="某局",
        year=2020,
        overview="## 二、主动公开政府信息情况\n```\n| 规章 | 1 |",
        active_disclosure=Report.empty("2019").active_disclosure,
        applications=Report.empty("2019").applications,
    )
    text = dumps(report)
    sections = loads_sections(text)
    assert sections is not None
    assert sections.overview == report.overview
    assert (sections.agency, sections.year, sections.template) == ("某局", 2020, "2019")
    assert govreport.parse(text).report == report


def test_normalise_keeps_merge_marks_beside_a_numeral_word() -> None:
    # A numeral word's edges are marked while label spaces go; that mark once was
    # SPAN's own character, and removing it turned a merged figure into two stated.
    from govreport.normalise import COVER, GAP, SPAN, normalise_table

    table = f"规章\t{SPAN}13\t{COVER}13\t5\n规范性文件\t〇\t{GAP}\t1\n"
    assert normalise_table(table) == f"规章\t{SPAN}13\t{COVER}13\t5\n规范性文件\t〇\t{GAP}\t1"
