"""Property tests: text and JSON round trips, and the cross-checks, on drawn reports."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport import check, dumps, from_dict, parse, to_dict
from govreport._hypothesis_plugin import _hypothesis_setup_hook
from govreport.model import (
    ActiveDisclosure2019,
    ActiveDisclosure2021,
    ApplicantRow,
    Applications,
    Procurement2019,
    Report,
    ReviewGroup,
    Reviews,
)
from govreport.strategies import agencies, narratives, reports
from govreport.template import APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, application_rows

# The entry point registers these when govreport is installed; calling the hook
# again is harmless and keeps the tests independent of plugin loading.
_hypothesis_setup_hook()

TEMPLATES = ["2019", "2021"]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def evolve_path(obj: Any, dotted: str, value: Any) -> Any:
    """``obj`` with the attribute at ``dotted`` (``a.b.c``) replaced by ``value``."""
    head, _, rest = dotted.partition(".")
    if not rest:
        return attrs.evolve(obj, **{head: value})
    return attrs.evolve(obj, **{head: evolve_path(getattr(obj, head), rest, value)})


# --- text round trip ---------------------------------------------------------------------

ROUND_TRIP = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_text_round_trip(report: Report) -> None:
    text = dumps(report)
    again = parse(text).report
    assert again == report
    assert dumps(again) == text


@ROUND_TRIP
@given(reports(template="2021"))
def test_text_round_trip_2021(report: Report) -> None:
    _assert_text_round_trip(report)


@ROUND_TRIP
@given(reports(template="2019"))
def test_text_round_trip_2019(report: Report) -> None:
    _assert_text_round_trip(report)


@ROUND_TRIP
@given(reports(consistent=True, allow_none=False))
def test_text_round_trip_full(report: Report) -> None:
    _assert_text_round_trip(report)


def test_minimal_agency_without_year() -> None:
    _assert_text_round_trip(attrs.evolve(Report.empty("2021"), agency="上局"))


@pytest.mark.parametrize(
    "procurement",
    [Procurement2019(projects=1), Procurement2019(amount=Decimal("5"))],
    ids=["projects-only", "amount-only"],
)
def test_minimal_procurement_half_row(procurement: Procurement2019) -> None:
    report = attrs.evolve(
        Report.empty("2019"),
        overview="a",
        problems="b",
        other_matters="c",
        active_disclosure=ActiveDisclosure2019(procurement=procurement),
    )
    _assert_text_round_trip(report)


@settings(max_examples=150, deadline=None)
@given(narratives(), st.sampled_from(TEMPLATES))
def test_narrative_round_trip(text: str, template: str) -> None:
    report = attrs.evolve(Report.empty(template), overview=text, problems=text)  # type: ignore[arg-type]
    parsed = parse(dumps(report)).report
    assert (parsed.overview, parsed.problems) == (text, text)


@settings(max_examples=100, deadline=None)
@given(agencies(), st.none() | st.integers(min_value=2019, max_value=2030))
def test_agency_round_trip(agency: str, year: int | None) -> None:
    report = attrs.evolve(Report.empty("2021"), agency=agency, year=year)
    parsed = parse(dumps(report)).report
    assert (parsed.agency, parsed.year) == (agency, year)


# --- JSON round trip ---------------------------------------------------------------------


@FAST
@given(reports())
def test_dict_round_trip(report: Report) -> None:
    assert from_dict(to_dict(report)) == report
    assert from_dict(json.loads(json.dumps(to_dict(report), ensure_ascii=False))) == report


# --- cross-checks ------------------------------------------------------------------------


@FAST
@given(reports(consistent=True))
def test_consistent_reports_pass_check(report: Report) -> None:
    assert check(report) == []


def _table_cells(template: str) -> list[str]:
    # Section 二 cells take part in no cross-check rule, so only applications
    # (A1/A2/A3) and reviews (R1) cells are perturbed.
    apps = [
        f"{spec.path}.{c}"
        for spec in application_rows(template)  # type: ignore[arg-type]
        for c in APPLICANT_COLUMNS
    ]
    revs = [f"reviews.{g}.{c}" for g, _ in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    return apps + revs


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_changed_cell_is_named(data: st.DataObject) -> None:
    report = data.draw(reports(consistent=True))
    path = data.draw(st.sampled_from(_table_cells(report.template)), label="path")
    k = data.draw(st.integers(min_value=1, max_value=1_000), label="k")
    old: Any = report
    for part in path.split("."):
        old = getattr(old, part)
    changed = evolve_path(report, path, old + k)
    diagnostics = check(changed)
    assert any(path in d.paths for d in diagnostics), (path, diagnostics)


# --- st.from_type and the entry point ----------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.from_type(Report))
def test_from_type_report(report: Report) -> None:
    assert isinstance(report, Report)
    assert from_dict(to_dict(report)) == report


@pytest.mark.parametrize(
    "cls",
    [
        ApplicantRow,
        Applications,
        ReviewGroup,
        Reviews,
        ActiveDisclosure2019,
        ActiveDisclosure2021,
    ],
)
def test_from_type_tables(cls: type) -> None:
    @settings(max_examples=10, deadline=None)
    @given(st.from_type(cls))
    def inner(value: object) -> None:
        assert isinstance(value, cls)

    inner()


def test_entry_point_declared() -> None:
    eps = importlib.metadata.entry_points(group="hypothesis")
    targets = {ep.value for ep in eps if ep.dist is not None and ep.dist.name == "govreport"}
    assert targets == {"govreport._hypothesis_plugin:_hypothesis_setup_hook"}
    (ep,) = (ep for ep in eps if ep.value in targets)
    assert ep.load() is _hypothesis_setup_hook


@pytest.mark.parametrize("first", ["govreport.strategies", "hypothesis"])
def test_strategies_import_in_a_fresh_interpreter(first: str) -> None:
    # hypothesis runs the entry point while it is first imported; importing our
    # strategies module first once failed with a circular import.
    code = (
        f"import {first}\n"
        "from hypothesis import strategies as st\n"
        "from govreport.model import Report\n"
        "from govreport.strategies import reports\n"
        "r = st.from_type(Report).example()\n"
        "assert isinstance(r, Report), r\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"
