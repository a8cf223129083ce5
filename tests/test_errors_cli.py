"""Bad input gets a ParseError with line, column and excerpt; the CLI's contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import govreport
from govreport.cli import main
from govreport.errors import NotAReportError, ReaderError, StructureError

FIXTURES = Path(__file__).parent / "fixtures"


def test_not_a_report_is_a_parse_error_with_place_and_excerpt() -> None:
    with pytest.raises(govreport.ParseError) as info:
        govreport.parse("hello\nworld")
    err = info.value
    assert isinstance(err, ValueError)
    assert isinstance(err, NotAReportError)
    assert (err.line, err.col) == (1, 1)
    assert str(err) == (
        "<string>, line 1, column 1: not a report: expected a table of the national "
        "template under 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况 or "
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "    hello\n"
        "    ^"
    )


def test_parse_refuses_bytes() -> None:
    with pytest.raises(TypeError, match="use read"):
        govreport.parse(b"x")  # type: ignore[arg-type]


def test_from_dict_names_the_path() -> None:
    data = govreport.to_dict(govreport.read(FIXTURES / "000_07b2214a8ee11432.txt").report)
    data["applications"]["outcomes"]["total"]["research"] = "3"
    with pytest.raises(StructureError) as info:
        govreport.from_dict(data)
    assert "$.applications.outcomes.total.research" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_from_dict_refuses_unknown_template() -> None:
    with pytest.raises(StructureError, match="template"):
        govreport.from_dict({"template": "2020"})


def test_read_missing_file() -> None:
    with pytest.raises(ReaderError, match="cannot read"):
        govreport.read(FIXTURES / "no-such-report.txt")


def test_cli_parse_json_is_the_data_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(FIXTURES / "000_07b2214a8ee11432.txt"), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["file"] == str(FIXTURES / "000_07b2214a8ee11432.txt")
    assert out["report"]["agency"] == "汝州市公安局"
    assert out["report"]["active_disclosure"]["fees"] == "1332.99"
    assert {d["code"] for d in out["diagnostics"]} == {"R-REBUILT"}


def test_cli_parse_text_is_canonical(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(FIXTURES / "004_0894b26ac3a47999.txt")]) == 0
    text = capsys.readouterr().out
    report = govreport.parse(text).report
    assert govreport.dumps(report) == text
    # The canonical text carries the hand-read figures, not an empty report.
    expected = json.loads((FIXTURES / "004_0894b26ac3a47999.expected.json").read_text("utf-8"))
    assert (
        report.applications.new_received.total == expected["applications"]["new_received"]["total"]
    )
    assert govreport.to_dict(report)["applications"] == expected["applications"]
    assert govreport.to_dict(report)["reviews"] == expected["reviews"]


def test_cli_check_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = FIXTURES / "002_5fde6840f557cb37.txt"
    assert main(["check", str(good)]) == 0
    text = good.read_text(encoding="utf-8").replace(
        "(七) 总计\t7\t0\t0\t0\t0\t0\t7", "(七) 总计\t9\t0\t0\t0\t0\t0\t9"
    )
    bad = tmp_path / "bad.txt"
    bad.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "error A1" in out and "applications.outcomes.total.natural_person" in out
    # A1 and A3 break in both changed columns (natural_person and total).
    assert out.endswith(f"{bad}: 4 errors, 0 warnings, 1 note\n")


def test_cli_reports_parse_errors_without_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("nothing here", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "govreport", "parse", str(junk)], capture_output=True, text=True
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert run.stderr == (
        f"govreport: {junk}, line 1, column 1: not a report: expected a table of the national "
        "template under 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况 or "
        "四、政府信息公开行政复议、行政诉讼情况\n    nothing here\n    ^\n"
    )
