"""The command line's conventions: files, globs, folders, stdin, -o, exit codes,
summary lines, severities, languages and console encodings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govreport
import govreport.cli
from govreport.cli import build_parser, main

FIXTURES = Path(__file__).parent / "fixtures"
CLEAN = FIXTURES / "24_pingtan_jingjifazhanju_2019.txt"  # no diagnostics at all
NOTES = FIXTURES / "000_07b2214a8ee11432.txt"  # cells rebuilt: notes only
WARNS = FIXTURES / "05_pingtan_2019.txt"  # unsettled cells: warnings, no errors


def counts(path: Path) -> tuple[int, int, int]:
    diags = govreport.read(path).diagnostics
    return tuple(sum(d.severity.value == s for d in diags) for s in ("error", "warning", "info"))  # type: ignore[return-value]


def run(*args: str, stdin: bytes | None = None, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "govreport", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, **env},
        check=False,
    )


def test_fixtures_have_the_severities_the_tests_rely_on() -> None:
    assert counts(CLEAN) == (0, 0, 0)
    assert counts(NOTES)[:2] == (0, 0) and counts(NOTES)[2] > 0
    assert counts(WARNS)[0] == 0 and counts(WARNS)[1] > 0


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"govreport {govreport.__version__}\n"


def test_every_argument_has_help() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.choices and isinstance(a.choices, dict))
    for name, sub in subparsers.choices.items():  # type: ignore[union-attr]
        for action in sub._actions:
            assert action.help, f"{name}: {action.dest} has no help"
    assert "exit codes: 0" in parser.format_help()


def test_summary_line_of_a_clean_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CLEAN)]) == 0
    assert capsys.readouterr().out == f"{CLEAN}: 0 errors, 0 warnings, 0 notes\n"


def test_several_files_and_a_glob(capsys: pytest.CaptureFixture[str]) -> None:
    pattern = str(FIXTURES / "00[0-2]_*.txt")
    assert main(["check", "-q", pattern, str(CLEAN)]) == 0
    *lines, total = capsys.readouterr().out.splitlines()
    # 001 leaves its five 行政复议 cells blank: one warning (S-BLANK) names them.
    assert total.startswith("4 files, 0 unreadable: 0 errors, 1 warning, ")
    assert lines[1].endswith(": 0 errors, 1 warning, 2 notes")
    assert [line.split(": ")[0] for line in lines] == [
        str(FIXTURES / "000_07b2214a8ee11432.txt"),
        str(FIXTURES / "001_d5d9f9b4a97d8bd5.txt"),
        str(FIXTURES / "002_5fde6840f557cb37.txt"),
        str(CLEAN),
    ]


def test_a_folder_with_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(CLEAN, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text("not a report", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == (
        f"{tmp_path / 'a.txt'}: 0 errors, 0 warnings, 0 notes\n"
        "2 files, 1 unreadable: 0 errors, 0 warnings, 0 notes\n"
    )
    assert captured.err.startswith(
        f"govreport: {tmp_path / 'b.txt'}, line 1, column 1: not a report"
    )


def test_missing_file_and_empty_glob(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "nope.txt", "nothing-*.txt"]) == 2
    assert capsys.readouterr().err == (
        "govreport: nope.txt: no such file (nor a glob that matches one)\n"
        "govreport: nothing-*.txt: no such file (nor a glob that matches one)\n"
    )


def test_stdin() -> None:
    done = run("check", "-", stdin=CLEAN.read_bytes())
    assert done.returncode == 0
    assert done.stdout.decode() == "<stdin>: 0 errors, 0 warnings, 0 notes\n"


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    assert main(["parse", str(CLEAN), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == govreport.dumps(govreport.read(CLEAN).report)


def test_strict_exits_1_on_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-q", str(WARNS)]) == 0
    assert main(["check", "-q", "--strict", str(WARNS)]) == 1
    assert main(["check", "-q", "--strict", str(NOTES)]) == 0
    assert main(["parse", "-q", "--strict", str(WARNS)]) == 1


def test_min_severity_and_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    _, warnings, notes = counts(WARNS)
    main(["check", "--min-severity", "warning", "--max-paths", "1", str(WARNS)])
    out = capsys.readouterr().out
    assert out.count(": warning ") == warnings and ": note " not in out
    main(["check", "-q", str(WARNS)])
    assert capsys.readouterr().out == (f"{WARNS}: 0 errors, {warnings} warnings, {notes} notes\n")


def test_and_n_more_instead_of_hiding_paths(capsys: pytest.CaptureFixture[str]) -> None:
    diag = next(d for d in govreport.read(NOTES).diagnostics if len(d.paths) > 3)
    main(["check", "--max-paths", "3", str(NOTES)])
    assert f"    … and {len(diag.paths) - 3} more\n" in capsys.readouterr().out


def test_labels_beside_paths(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(NOTES)])
    out = capsys.readouterr().out
    path = "applications.new_received.natural_person"
    assert f"    {path}  (一、本年新收政府信息公开申请数量 / 自然人)\n" in out


def test_chinese_messages(capsys: pytest.CaptureFixture[str]) -> None:
    _, warnings, notes = counts(WARNS)
    main(["check", "--lang", "zh", str(WARNS)])
    out = capsys.readouterr().out
    assert out.endswith(f"{WARNS}: 0 个错误，{warnings} 个警告，{notes} 条提示\n")
    assert ": 警告 " in out and ": 提示 " in out


def test_parse_prints_warnings_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(WARNS)]) == 0
    captured = capsys.readouterr()
    assert captured.out == govreport.dumps(govreport.read(WARNS).report)
    assert captured.err.count(": warning ") == counts(WARNS)[1]


def test_json_names_the_file_and_gives_strings(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--format", "json", str(NOTES), str(WARNS)])
    records = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in records] == [str(NOTES), str(WARNS)]
    for record in records:
        for d in record["diagnostics"]:
            for key in ("stated", "expected"):
                assert d[key] is None or isinstance(d[key], str)
            assert all(isinstance(c, str) for c in d["candidates"])
            assert len(d["labels"]) == len(d["paths"])
    assert records[1]["summary"] == dict(zip(("errors", "warnings", "notes"), counts(WARNS)))


def test_json_of_an_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "j.txt"
    junk.write_text("nothing", encoding="utf-8")
    assert main(["check", "--format", "json", str(junk)]) == 2
    record = json.loads(capsys.readouterr().out)
    assert record["file"] == str(junk)
    assert record["error"]["type"] == "NotAReportError"
    assert (record["error"]["line"], record["error"]["col"]) == (1, 1)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "gbk"])
def test_any_console_encoding(encoding: str) -> None:
    done = run("check", "--lang", "zh", str(WARNS), PYTHONIOENCODING=encoding)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode(encoding)
    assert text.splitlines()[-1].startswith(f"{WARNS}: 0 ")
    broken = run("check", "nope-报告.txt", PYTHONIOENCODING=encoding)
    assert broken.returncode == 2 and b"Traceback" not in broken.stderr


def test_max_bytes_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--max-bytes", "100", str(CLEAN)]) == 2
    assert capsys.readouterr().err == (
        f"govreport: {CLEAN}: input too large: more than 100 bytes "
        "(raise the limit with max_bytes= or govreport --max-bytes)\n"
    )
    assert main(["check", "-q", "--max-bytes", "0", str(CLEAN)]) == 0


def test_a_closed_pipe_is_no_failure() -> None:
    done = subprocess.run(
        f"{sys.executable} -m govreport check {FIXTURES}/*.txt | head -1",
        shell=True,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stderr == b""


def test_an_internal_error_is_reported_and_the_run_goes_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_read = govreport.cli.read

    def flaky(source: object, **kwargs: object) -> govreport.ParseResult:
        if str(source) == str(NOTES):
            raise RuntimeError("boom")
        return real_read(source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(govreport.cli, "read", flaky)
    assert main(["check", "-q", str(NOTES), str(CLEAN)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"govreport: {NOTES}: internal error of govreport, not of the file "
        "(RuntimeError: boom); please report it with the file\n"
    )
    assert captured.out.startswith(f"{CLEAN}: 0 errors, 0 warnings, 0 notes\n")
