"""Every layout real reports arrive in, on hand-read figures and on drawn ones.

``layouts.py`` writes a report's tables the way real sources do (Word and CMS
HTML, Markdown with inline HTML tables, GFM, tab grids, spaces, one cell per
line, crawled pages flattened to one line). The figures come from the
hand-read ``*.expected.json`` files and from hypothesis; the parser's output is
never the reference.

* A layout that keeps every cell boundary must give back every cell.
* A layout that loses boundaries (blank cells vanish between spaces; figures run
  together) may leave a cell ``None`` or rebuild it, but only with a diagnostic
  naming that cell (``unsettled`` or ``recovered``): never a silent wrong number.
"""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expected import complete, leaves
from govreport import ParseResult, parse, read, to_dict
from govreport.diagnostics import Kind
from govreport.model import Report
from govreport.strategies import reports
from layouts import HTML_LAYOUTS, TEXT_LAYOUTS

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = sorted(FIXTURES.glob("*.expected.json"))
NARRATIVE = {"overview", "problems", "other_matters"}

# Real grids (HTML, and Markdown with inline HTML tables): every cell boundary
# survives, blank cells included.
EXACT = ["markdown_html_tables", "html_cms", "html_word", "html_flat"]
# Text layouts: a blank cell may lose its place (it vanishes between spaces; on
# a line of its own it reads as a row end; at a text grid's edge it looks like
# a label's span or padding); complete tables still read exactly.
SPACED = ["tabs", "gfm", "gfm_review_groups", "spaces", "one_line_spaced", "cell_per_line"]
RUN_TOGETHER = ["one_line_run_together"]
# Text tables from PDF extraction: a figure broken in two cells (53 as 5 | 3, 5\t3,
# 5 3). A row with a cell too many weighs a cell too many and a figure split in
# two together; a cell the rules leave open is left empty, with a diagnostic.
SPLIT = ["gfm_split", "tabs_split", "spaces_split"]
ALL = {**TEXT_LAYOUTS, **HTML_LAYOUTS}


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return bool(Decimal(str(a)) == Decimal(str(b)))


def _parse(layout: str, source: dict[str, Any]) -> ParseResult:
    text = ALL[layout](source)
    if layout not in HTML_LAYOUTS:
        return parse(text)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.html"
        path.write_text(text, encoding="utf-8")
        return read(path)


def _compare(source: dict[str, Any], result: ParseResult) -> tuple[list[str], list[str]]:
    """(cells that differ, cells that differ with no diagnostic of the reading on
    them: ``unsettled`` for a cell left empty, ``recovered`` for one rebuilt)."""
    got = leaves(json.loads(json.dumps(to_dict(result.report), default=str)))
    flagged = [
        p for d in result.diagnostics if d.kind in (Kind.UNSETTLED, Kind.RECOVERED) for p in d.paths
    ]
    wrong: list[str] = []
    silent: list[str] = []
    for path, want in leaves(source).items():
        if path in NARRATIVE:
            continue
        have = got.get(path)
        if _same(want, have):
            continue
        wrong.append(f"{path}: {want!r} read as {have!r}")
        if not any(path == p or path.startswith(p + ".") for p in flagged):
            silent.append(wrong[-1])
    return wrong, silent


@pytest.mark.parametrize("layout", EXACT)
@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_hand_read_figures_in_exact_layouts(expected: Path, layout: str) -> None:
    source = complete(json.loads(expected.read_text(encoding="utf-8")))
    wrong, _ = _compare(source, _parse(layout, source))
    assert wrong == []


@pytest.mark.parametrize("layout", SPACED + RUN_TOGETHER + SPLIT)
@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_hand_read_figures_in_lossy_layouts(expected: Path, layout: str) -> None:
    source = complete(json.loads(expected.read_text(encoding="utf-8")))
    result = _parse(layout, source)
    wrong, silent = _compare(source, result)
    assert silent == []
    # Never a wrong number: a cell that differs is one left empty, with a diagnostic.
    assert _wrong_values(source, result) == []
    # Most cells still come back: a lossy layout is no excuse to read nothing.
    assert len(wrong) < 60


DRAWN = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def _drawn(report: Report) -> dict[str, Any]:
    source: dict[str, Any] = json.loads(json.dumps(to_dict(report), default=str))
    return source


@DRAWN
@given(reports(), st.sampled_from(EXACT))
def test_drawn_reports_in_exact_layouts(report: Report, layout: str) -> None:
    source = _drawn(report)
    wrong, _ = _compare(source, _parse(layout, source))
    assert wrong == []


@DRAWN
@given(reports(consistent=True, allow_none=False), st.sampled_from(SPACED))
def test_complete_drawn_reports_in_spaced_layouts(report: Report, layout: str) -> None:
    source = _drawn(report)
    wrong, _ = _compare(source, _parse(layout, source))
    assert wrong == []


@DRAWN
@given(reports(allow_none=False), st.sampled_from(SPLIT))
def test_drawn_reports_with_split_figures_are_never_wrong(report: Report, layout: str) -> None:
    # Consistent or not (the source's own errors are data: a row no reading of
    # which keeps its own rule is chosen by no other rule): a figure split in two
    # is joined, or the cell left empty, never misread. (Blank cells are left out:
    # in text layouts a blank at a row's edge loses its place, split or not.)
    source = _drawn(report)
    result = _parse(layout, source)
    _, silent = _compare(source, result)
    assert silent == []
    assert _wrong_values(source, result) == []


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(reports(consistent=True, allow_none=False))
def test_run_together_never_guesses(report: Report) -> None:
    source = _drawn(report)
    result = _parse("one_line_run_together", source)
    _, silent = _compare(source, result)
    assert silent == []
    assert _wrong_values(source, result) == []


def _wrong_values(source: dict[str, Any], result: ParseResult) -> list[str]:
    """Cells read as a value that differs from the source's: never allowed, with a
    diagnostic or without (a cell not settled is ``None``)."""
    got = leaves(json.loads(json.dumps(to_dict(result.report), default=str)))
    return [
        f"{path}: {want!r} read as {got.get(path)!r}"
        for path, want in leaves(source).items()
        if path not in NARRATIVE and got.get(path) is not None and not _same(want, got.get(path))
    ]


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_hand_read_figures_in_merged_lines(expected: Path) -> None:
    # One cell a line, runs of identical lines merged (a crawler's page): each
    # figure may stand for several cells; the arithmetic and the runs settle most.
    source = complete(json.loads(expected.read_text(encoding="utf-8")))
    result = _parse("merged_lines", source)
    wrong, silent = _compare(source, result)
    assert silent == []
    assert _wrong_values(source, result) == []
    # Without blank cells (whose empty lines keep the layout from being taken for
    # merged lines) most cells come back: the runs and the rules settle them.
    if all(v is not None for p, v in leaves(source).items() if p not in NARRATIVE):
        assert len(wrong) < 60


@DRAWN
@given(reports(consistent=True))
def test_drawn_reports_in_merged_lines_are_never_wrong(report: Report) -> None:
    source = _drawn(report)
    result = _parse("merged_lines", source)
    _, silent = _compare(source, result)
    assert silent == []
    assert _wrong_values(source, result) == []
