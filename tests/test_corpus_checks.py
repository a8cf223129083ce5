"""Corpus and document checks: each fires on a report seeded with its error, and stays
quiet on the real reports where the figures agree."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import govreport
from corpus_data import FIXTURES, expected_files, source_of
from govreport.cli import main
from govreport.corpus import parse_file
from govreport.corpus_checks import (
    Entry,
    check_corpus,
    check_document,
    derived_figures,
    normalise_agency,
    outline,
    repetition,
)
from govreport.model import ApplicantRow, ReviewGroup

SEED = FIXTURES / "000_07b2214a8ee11432.txt"  # 汝州市公安局 2023, 11 requests, none carried
SEED_TEXT = SEED.read_text(encoding="utf-8")
CARRIED_FORWARD = "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0"
NEW_RECEIVED = "一、本年新收政府信息公开申请数量\t\t11\t0\t0\t0\t0\t0"


def entry(text: str, source: str = "r.txt") -> Entry:
    return Entry(source, govreport.parse(text), outline(text))


def codes(e: Entry) -> list[str]:
    return [d.code for d in check_document(e) if d.code != "DERIVED"]


def last_year(text: str) -> str:
    """The seed as the agency's 2022 report, which received 14 requests and carried 3
    forward (its own arithmetic holds)."""
    assert CARRIED_FORWARD in text and NEW_RECEIVED in text
    text = text.replace("2023 年政府信息公开工作年度报告", "2022 年政府信息公开工作年度报告")
    text = text.replace(NEW_RECEIVED, NEW_RECEIVED.replace("\t\t11\t", "\t\t14\t") + "\t14")
    return text.replace(CARRIED_FORWARD, "四、结转下年度继续办理\t\t3\t0\t0\t0\t0\t0\t3")


# --- quiet on the real reports ----------------------------------------------------


@pytest.fixture(scope="module")
def real_entries() -> list[Entry]:
    sources = [source_of(p) for p in expected_files()]
    return [parse_file(str(s)) for s in sources if s.suffix != ".pdf"]


def test_real_reports_raise_no_figure_or_year_warnings(real_entries: list[Entry]) -> None:
    found = {(Path(f.source).name, f.diagnostic.code) for f in check_corpus(real_entries)}
    assert {code for _, code in found} & {"Y1", "Y2", "N1", "D-YEAR", "D-ALL-HANDLED"} == set()


def test_real_narratives_state_figures_that_n1_reads(real_entries: list[Entry]) -> None:
    # N1 stays quiet above because the figures agree, not because it reads nothing:
    # 000 states 共受理政府信息公开网上申请 11 件 and 09 its 75 requests and 1 lawsuit.
    from govreport.narrative import claims

    figures = {(Path(e.source).name[:3], c.figure) for e in real_entries for c in claims(e.report)}
    assert {("000", 11), ("09_", 75), ("09_", 1)} <= figures


def test_the_real_headings_are_in_order(real_entries: list[Entry]) -> None:
    by_name = {Path(e.source).name[:3]: e for e in real_entries}
    for name in ("000", "001", "002", "003", "004", "12_", "13_", "54_"):
        assert [h.number for h in by_name[name].outline or ()] == [1, 2, 3, 4, 5, 6], name
        assert "D-SECTIONS" not in codes(by_name[name])


# --- Y1, Y2 ----------------------------------------------------------------------


def test_y1_fires_per_column_when_carry_forward_and_carry_over_differ() -> None:
    prev, cur = entry(last_year(SEED_TEXT), "2022.txt"), entry(SEED_TEXT, "2023.txt")
    y1 = [f.diagnostic for f in check_corpus([cur, prev]) if f.diagnostic.code == "Y1"]
    assert [(d.paths, d.stated, d.expected) for d in y1] == [
        (("applications.carried_over.natural_person",), 0, 3),
        (("applications.carried_over.total",), 0, 3),
    ]
    assert all(
        f.source == "2023.txt" for f in check_corpus([cur, prev]) if f.diagnostic.code == "Y1"
    )
    assert "2022.txt" in y1[0].message


def test_y1_is_quiet_when_the_years_agree_or_agencies_differ() -> None:
    prev = entry(last_year(SEED_TEXT).replace(CARRIED_FORWARD, CARRIED_FORWARD), "2022.txt")
    agree = attrs.evolve(
        prev.report,
        applications=attrs.evolve(
            prev.report.applications,
            carried_forward=entry(SEED_TEXT).report.applications.carried_over,
        ),
    )
    cur = entry(SEED_TEXT, "2023.txt")
    same = Entry("2022.txt", govreport.ParseResult(agree, ()))
    assert not [f for f in check_corpus([same, cur]) if f.diagnostic.code == "Y1"]
    other = Entry("x.txt", govreport.ParseResult(attrs.evolve(prev.report, agency="别的局"), ()))
    assert not [f for f in check_corpus([other, cur]) if f.diagnostic.code == "Y1"]


def test_agencies_match_by_normalised_name() -> None:
    assert normalise_agency("汝州市 公安局") == normalise_agency("汝州市公安局")
    assert normalise_agency("（汝州市）公安局") == normalise_agency("(汝州市)公安局")
    assert normalise_agency(None) is None


def test_y2_in_force_arithmetic() -> None:
    report = entry(SEED_TEXT).report
    docs = report.active_disclosure.normative_documents

    def with_docs(year: int, issued: int, repealed: int, in_force: int) -> Entry:
        row = attrs.evolve(docs, issued=issued, repealed=repealed, in_force=in_force)
        active = attrs.evolve(report.active_disclosure, normative_documents=row)
        r = attrs.evolve(report, year=year, active_disclosure=active)
        return Entry(f"{year}.txt", govreport.ParseResult(r, ()))

    ok = check_corpus([with_docs(2022, 1, 0, 10), with_docs(2023, 4, 2, 12)])
    assert not [f for f in ok if f.diagnostic.code == "Y2"]
    bad = check_corpus([with_docs(2022, 1, 0, 10), with_docs(2023, 4, 2, 15)])
    (y2,) = [f.diagnostic for f in bad if f.diagnostic.code == "Y2"]
    assert (y2.stated, y2.expected) == (15, 12)
    assert y2.paths[0] == "active_disclosure.normative_documents.in_force"


# --- N1 ----------------------------------------------------------------------------


def test_n1_fires_on_a_figure_that_disagrees_and_quotes_it() -> None:
    text = SEED_TEXT.replace("共受理政府信息公开网上申请 11 件", "共受理政府信息公开网上申请 15 件")
    (n1,) = [d for d in check_document(entry(text)) if d.code == "N1"]
    assert "“受理政府信息公开网上申请 15 件”" in n1.message
    assert n1.message.startswith("一、总体情况, line ")
    assert (n1.stated, n1.expected) == (15, 11)
    assert "applications.new_received.total" in n1.paths
    overview = entry(text).report.overview or ""
    assert "网上申请 15 件" in overview.splitlines()[n1.line - 1]  # the place it names


def test_n1_never_reads_figures_about_something_else() -> None:
    other = (
        "本年度规范性文件备案审查12件，报送备案文件7件，办理行政复议案件30件，收到人大代表建议9件。"
    )
    text = SEED_TEXT.replace("（五）监督保障。", "（五）监督保障。" + other)
    assert [d for d in check_document(entry(text)) if d.code == "N1"] == []


def test_n1_reads_reviews_outcomes_and_carry_forward() -> None:
    add = "因政府信息公开被申请行政复议2件，结转下年度继续办理1件。其中予以公开5件，部分公开2件。"
    add += "本年主动予以公开政府信息138条，不予公开0件。"  # documents, and another row: not read
    text = SEED_TEXT.replace("（五）监督保障。", "（五）监督保障。" + add)
    n1 = [d for d in check_document(entry(text)) if d.code == "N1"]
    assert sorted((d.paths[1], d.stated, d.expected) for d in n1) == [
        ("applications.carried_forward.total", 1, 0),
        ("applications.outcomes.granted.total", 5, 0),
        ("applications.outcomes.partially_granted.total", 2, 0),
        ("reviews.administrative_review.total", 2, 0),
    ]


# --- document checks ----------------------------------------------------------------


def _problems(text: str, body: str) -> str:
    head, rest = text.split("#### 五、存在的主要问题及改进情况", 1)
    _, tail = rest.split("#### 六、其他需要报告的事项", 1)
    return f"{head}#### 五、存在的主要问题及改进情况\n\n{body}\n\n#### 六、其他需要报告的事项{tail}"


def test_section_five_empty_or_only_none() -> None:
    assert "D-PROBLEMS" in codes(entry(_problems(SEED_TEXT, "无。")))
    assert "D-PROBLEMS" not in codes(entry(SEED_TEXT))


def test_narrative_naming_another_reporting_year() -> None:
    stale = "本报告所列数据统计期限自2022年1月1日起至2022年12月31日止。"
    assert "D-YEAR" in codes(entry(SEED_TEXT + "\n" + stale + "\n"))
    fresh = stale.replace("2022", "2023")
    assert "D-YEAR" not in codes(entry(SEED_TEXT + "\n" + fresh + "\n"))


def test_sections_missing_misnumbered_or_out_of_order() -> None:
    swapped = SEED_TEXT.replace("#### 五、存在的主要", "#### 六、存在的主要", 1)
    swapped = swapped.replace("#### 六、其他需要", "#### 五、其他需要", 1)
    messages = [d.message for d in check_document(entry(swapped)) if d.code == "D-SECTIONS"]
    assert any("五、存在的主要问题及改进情况 is numbered 6" in m for m in messages)
    dropped = SEED_TEXT.replace("#### 六、其他需要报告的事项", "")
    messages = [d.message for d in check_document(entry(dropped)) if d.code == "D-SECTIONS"]
    assert any("missing: 六、其他需要报告的事项" in m for m in messages)
    # A crawled page: every heading on one line, so order is by place in the line.
    order = outline("一、总体情况 … 三、收到和处理政府信息公开申请情况 … 二、主动公开政府信息情况")
    assert [h.section for h in order] == ["overview", "applications", "active_disclosure"]


def test_all_handled_while_requests_are_carried_forward() -> None:
    claim = "本年度政府信息公开申请均已办结。"
    text = last_year(SEED_TEXT).replace("（五）监督保障。", "（五）监督保障。" + claim)
    assert "D-ALL-HANDLED" in codes(entry(text))
    past = "上年结转的申请均已办结。"
    text = last_year(SEED_TEXT).replace("（五）监督保障。", "（五）监督保障。" + past)
    assert "D-ALL-HANDLED" not in codes(entry(text))
    quiet = SEED_TEXT.replace("（五）监督保障。", "（五）监督保障。" + claim)  # none carried
    assert "D-ALL-HANDLED" not in codes(entry(quiet))


# --- repetition and derived figures --------------------------------------------------


def test_repetition_share_per_section() -> None:
    cur = entry(SEED_TEXT).report
    prev = attrs.evolve(cur, year=2022, problems="完全不同的一段文字，讲别的事情。")
    shares = repetition(prev, cur)
    assert shares["overview"] == 1.0
    assert shares["problems"] == 0.0
    findings = check_corpus([Entry("a", govreport.ParseResult(prev, ())), entry(SEED_TEXT, "b")])
    repeated = {
        f.diagnostic.paths[0]: f.diagnostic for f in findings if f.diagnostic.code == "REPEATED"
    }
    assert repeated["overview"].severity.value == "warning"
    assert repeated["problems"].severity.value == "info"


def test_derived_figures() -> None:
    report = entry(SEED_TEXT).report
    o = report.applications.outcomes
    outcomes = attrs.evolve(
        o,
        granted=ApplicantRow(total=3),
        partially_granted=ApplicantRow(total=1),
        total=ApplicantRow(total=5),
    )
    reviews = attrs.evolve(report.reviews, administrative_review=ReviewGroup(corrected=1, total=4))
    r = attrs.evolve(
        report, applications=attrs.evolve(report.applications, outcomes=outcomes), reviews=reviews
    )
    figures = derived_figures(r)
    assert figures["实质公开率"] == Decimal("0.8")
    assert figures["复议纠错率.administrative_review"] == Decimal("0.25")
    assert figures["复议纠错率.litigation_direct"] is None  # nothing stated


# --- the command line -----------------------------------------------------------------


def test_check_corpus_from_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "2023.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "in" / "2022.txt").write_text(last_year(SEED_TEXT), encoding="utf-8")
    (tmp_path / "in" / "junk.txt").write_text("not a report", encoding="utf-8")
    store = tmp_path / "x.sqlite"
    assert main(["extract", str(tmp_path / "in"), "-o", str(store), "-q"]) == 0
    capsys.readouterr()
    assert main(["check", "--corpus", str(store)]) == 0  # soft findings only
    out = capsys.readouterr().out
    y1 = [line for line in out.splitlines() if "Y1" in line]
    assert len(y1) == 2 and all(line.startswith(str(tmp_path / "in" / "2023.txt")) for line in y1)
    assert f"{tmp_path / 'in' / 'junk.txt'}: failed: NotAReportError" in out


def test_check_corpus_of_a_missing_store_is_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--corpus", str(tmp_path / "none.sqlite")]) == 2
    assert "no such store" in capsys.readouterr().err


def test_check_corpus_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "2023.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "in" / "2022.txt").write_text(last_year(SEED_TEXT), encoding="utf-8")
    store = tmp_path / "x.sqlite"
    assert main(["extract", str(tmp_path / "in"), "-o", str(store), "-q"]) == 0
    capsys.readouterr()
    assert main(["check", "--corpus", str(store), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    y1 = [f for f in data["findings"] if f["code"] == "Y1"]
    assert [(f["year"], f["paths"], f["stated"], f["expected"]) for f in y1] == [
        (2023, ["applications.carried_over.natural_person"], "0", "3"),
        (2023, ["applications.carried_over.total"], "0", "3"),
    ]
