"""The real reports in tests/fixtures parse to their hand-read expected values.

Each NAME.expected.json was read by hand from the source (see ../shared); every key
present is compared, money as decimals. Keys left out of a sample's expected file
are cells the source does not settle: those must be None and carry a diagnostic.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govreport
from expected import leaves
from govreport.diagnostics import Kind

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = sorted(FIXTURES.glob("*.expected.json"))
SEEDS = [p for p in EXPECTED if p.name[:3].isdigit() and p.name[3] == "_"]


def source_of(expected: Path) -> Path:
    stem = expected.name[: -len(".expected.json")]
    (src,) = [p for p in FIXTURES.glob(stem + ".*") if not p.name.endswith(".expected.json")]
    return src


def same(expected: Any, actual: Any) -> bool:
    if expected is None or actual is None:
        return expected is actual
    if isinstance(expected, str) and isinstance(actual, str):
        try:
            return Decimal(expected) == Decimal(actual)
        except ArithmeticError:
            return expected == actual
    return bool(expected == actual) and type(expected) is type(actual)


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_every_expected_cell(expected_path: Path) -> None:
    if source_of(expected_path).suffix == ".pdf":
        pytest.importorskip("pdfplumber")
    result = govreport.read(source_of(expected_path))
    got = leaves(govreport.to_dict(result.report))
    want = leaves(json.loads(expected_path.read_text(encoding="utf-8")))
    wrong = {k: (v, got.get(k, "<missing>")) for k, v in want.items() if not same(v, got.get(k))}
    assert wrong == {}


def test_seeds_cover_1011_cells() -> None:
    total = sum(len(leaves(json.loads(p.read_text(encoding="utf-8")))) for p in SEEDS)
    assert len(SEEDS) == 5
    assert total == 1011


def _left_out(expected_path: Path) -> list[str]:
    """The table cells of the template that the expected file leaves out."""
    want = json.loads(expected_path.read_text(encoding="utf-8"))
    template = leaves(govreport.to_dict(govreport.Report.empty(want["template"])))
    tables = ("active_disclosure.", "applications.", "reviews.")
    have = leaves(want)
    return [
        k
        for k in template
        if k.startswith(tables) and k not in have and not k.endswith("amount_unit")
    ]


LEFT_OUT = [p for p in EXPECTED if _left_out(p)]


def test_some_expected_files_leave_cells_out() -> None:
    # The next test is only worth its name while some hand-read file leaves out
    # cells that its source does not settle.
    assert LEFT_OUT


@pytest.mark.parametrize("expected_path", LEFT_OUT, ids=lambda p: p.name.split(".")[0])
def test_cells_left_out_are_none_with_a_diagnostic(expected_path: Path) -> None:
    """A cell the expected file leaves out is unsettled: None, and named by a diagnostic."""
    if source_of(expected_path).suffix == ".pdf":
        pytest.importorskip("pdfplumber")
    result = govreport.read(source_of(expected_path))
    got = leaves(govreport.to_dict(result.report))
    named = {p for d in result.diagnostics if d.kind is Kind.UNSETTLED for p in d.paths}
    left_out = _left_out(expected_path)
    assert left_out
    for key in left_out:
        assert got[key] is None, key
        assert key in named or any(key.startswith(p + ".") for p in named), key


REBUILT = {
    # seed: rows the seeds README says lost a cell in extraction. "11 0 0 0 0 0" lost
    # its 总计; "11 0 0 0 0 11" lost one of its zero cells (which one cannot be known,
    # and need not be: every placement gives the same row).
    "000_07b2214a8ee11432": ["applications.new_received", "applications.outcomes.total"],
    "001_d5d9f9b4a97d8bd5": ["applications.outcomes.unavailable.not_held"],
    "003_9470c4aa1fea4678": ["applications.new_received", "applications.outcomes.granted"],
}


@pytest.mark.parametrize("name", sorted(REBUILT))
def test_rebuilt_rows_are_reported(name: str) -> None:
    result = govreport.read(FIXTURES / f"{name}.txt")
    recovered = {p for d in result.diagnostics if d.kind is Kind.RECOVERED for p in d.paths}
    for row in REBUILT[name]:
        assert any(p.startswith(row + ".") for p in recovered), row


def test_row_with_a_lost_cell_names_every_cell_it_placed() -> None:
    # Six figures for seven cells: which cell was lost, and so where each figure
    # goes, is the arithmetic's inference; every cell of the row is named.
    result = govreport.read(FIXTURES / "000_07b2214a8ee11432.txt")
    (diag,) = [d for d in result.diagnostics if "applications.new_received.total" in d.paths]
    assert diag.code == "R-REBUILT"
    assert diag.kind is Kind.RECOVERED
    assert diag.paths == tuple(
        f"applications.new_received.{c}"
        for c in ("natural_person", "commercial", "research", "social_welfare")
        + ("legal_services", "other", "total")
    )
    assert diag.expected == [11, 0, 0, 0, 0, 0, 11]


def test_seed_002_extra_review_cell_is_dropped_and_reported() -> None:
    result = govreport.read(FIXTURES / "002_5fde6840f557cb37.txt")
    assert govreport.to_dict(result.report)["reviews"]["administrative_review"]["total"] == 0
    # All sixteen cells are 0: every way of dropping one gives the same row.
    assert not [d for d in result.diagnostics if d.kind is Kind.UNSETTLED]


def test_narrative_settles_a_run_together_row() -> None:
    result = govreport.read(FIXTURES / "09_pingtan_2022.txt")
    nd = result.report.active_disclosure.normative_documents
    assert (nd.issued, nd.repealed, nd.in_force) == (88, 55, 698)  # type: ignore[union-attr]
    (diag,) = [d for d in result.diagnostics if d.code == "R-NARRATIVE"]
    assert "现行有效行政规范性文件698件" in diag.message
    assert "active_disclosure.normative_documents.in_force" in diag.paths


def test_2019_run_together_rows_are_left_unsettled_with_candidates() -> None:
    result = govreport.read(FIXTURES / "05_pingtan_2019.txt")
    ad = result.report.active_disclosure
    assert ad.normative_documents.made is None  # type: ignore[union-attr]
    (diag,) = [
        d for d in result.diagnostics if "active_disclosure.normative_documents.made" in d.paths
    ]
    assert diag.kind is Kind.UNSETTLED
    assert [89, 89, 89] in [list(c) for c in diag.candidates]
    assert [8, 98, 989] in [list(c) for c in diag.candidates]


def test_source_arithmetic_errors_are_kept_and_reported() -> None:
    text = (FIXTURES / "002_5fde6840f557cb37.txt").read_text(encoding="utf-8")
    # 5.属于三类内部事务信息 7 … 7: make its total disagree with its columns.
    broken = text.replace(
        "5.属于三类内部事务信息\t7\t0\t0\t0\t0\t0\t7", "5.属于三类内部事务信息\t7\t0\t0\t0\t0\t0\t8"
    )
    assert broken != text
    result = govreport.parse(broken)
    row = result.report.applications.outcomes.withheld.internal_affairs
    assert row.total == 8  # kept as stated
    codes = {(d.code, d.kind) for d in result.diagnostics}
    assert ("A2", Kind.SOURCE) in codes
    assert ("A3", Kind.SOURCE) in codes
