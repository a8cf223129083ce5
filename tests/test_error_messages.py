"""The exact message of every error class; strict mode; read() of bytes and streams.

Every ParseError names the file (``<string>`` for text given to ``parse``), the
line and column where it has them, and what the template expected.
"""

from __future__ import annotations

import importlib
import io
import pickle
import sys
from pathlib import Path

import pytest

import govreport
import govreport.api
from govreport.errors import (
    InputTooLargeError,
    NotAReportError,
    ParseError,
    ReaderError,
    ResourceLimitError,
    StrictModeError,
    StructureError,
    UnexpectedToken,
)

FIXTURES = Path(__file__).parent / "fixtures"
WARNS = FIXTURES / "05_pingtan_2019.txt"
NOT_A_REPORT = (
    "not a report: expected a table of the national template under "
    "二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况 or "
    "四、政府信息公开行政复议、行政诉讼情况"
)


def test_every_error_is_a_parse_error_and_a_value_error() -> None:
    for cls in (
        NotAReportError, UnexpectedToken, StructureError, ReaderError,
        InputTooLargeError, ResourceLimitError, StrictModeError,
    ):  # fmt: skip
        assert issubclass(cls, ParseError) and issubclass(cls, ValueError)
        assert cls.__doc__


def test_not_a_report_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("\n会议纪要\n", encoding="utf-8")
    with pytest.raises(NotAReportError) as info:
        govreport.read(path)
    assert str(info.value) == f"{path}, line 1, column 1: {NOT_A_REPORT}\n    \n    ^"


def test_unexpected_token_message() -> None:
    err = UnexpectedToken("the table cannot be read here", line=3, col=5, excerpt="    ab\n      ^")
    err.source = "r.txt"
    assert str(err) == "r.txt, line 3, column 5: the table cannot be read here\n    ab\n      ^"


def test_structure_error_names_the_cell() -> None:
    data = govreport.to_dict(govreport.read(FIXTURES / "004_0894b26ac3a47999.txt").report)
    data["applications"]["new_received"]["total"] = -1
    data["reviews"]["administrative_review"]["upheld"] = "x"
    with pytest.raises(StructureError) as info:
        govreport.from_dict(data)
    assert str(info.value) == (
        "not a govreport report: total must not be negative, got -1 @ "
        "$.applications.new_received.total; expected an integer, got str 'x' @ "
        "$.reviews.administrative_review.upheld"
    )


def test_reader_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ReaderError) as info:
        govreport.read(path)
    assert str(info.value) == (
        f"{path}: a legacy Office file (.doc/.xls or encrypted): save it as .docx"
    )


def test_reader_error_of_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(ReaderError) as info:
        govreport.read(path)
    assert str(info.value) == f"{path}: cannot read {path}: No such file or directory"


def test_input_too_large() -> None:
    with pytest.raises(InputTooLargeError) as info:
        govreport.read(b"x" * 11, max_bytes=10, name="big.txt")
    assert str(info.value) == (
        "big.txt: input too large: more than 10 bytes "
        "(raise the limit with max_bytes= or govreport --max-bytes)"
    )


def test_strict_mode_raises_with_the_result() -> None:
    default = govreport.read(WARNS)
    warnings = [d for d in default.diagnostics if d.severity.value == "warning"]
    assert warnings
    with pytest.raises(StrictModeError) as info:
        govreport.read(WARNS, strict=True)
    err = info.value
    assert err.result == default
    assert err.diagnostics == tuple(warnings)
    first = warnings[0]
    assert str(err) == (
        f"{WARNS}, line {first.line}, column 1: strict mode: {len(warnings)} findings of "
        f"warning or error severity; the first is {first.code}: {first.message}"
    )
    text = WARNS.read_text(encoding="utf-8")
    with pytest.raises(StrictModeError):
        govreport.parse(text, strict=True)


def test_strict_mode_passes_notes() -> None:
    path = FIXTURES / "000_07b2214a8ee11432.txt"
    assert govreport.read(path, strict=True) == govreport.read(path)


def test_errors_pickle_with_their_place() -> None:
    err = NotAReportError("m", line=3, col=4, excerpt="x", source="f.txt")
    back = pickle.loads(pickle.dumps(err))
    assert (type(back), str(back), back.line, back.col) == (NotAReportError, str(err), 3, 4)


@pytest.mark.parametrize("name", ["12_shuyang_fagaiju_2023.html", "004_0894b26ac3a47999.txt"])
def test_read_takes_bytes_and_binary_files(name: str) -> None:
    path = FIXTURES / name
    by_path = govreport.read(path)
    assert govreport.read(path.read_bytes()) == by_path
    assert govreport.read(bytearray(path.read_bytes())) == by_path
    with path.open("rb") as fh:
        assert govreport.read(fh) == by_path
    assert govreport.read(io.BytesIO(path.read_bytes())) == by_path


def test_read_refuses_a_text_stream() -> None:
    with pytest.raises(ReaderError, match="binary file object"):
        govreport.read(io.StringIO("x"))  # type: ignore[arg-type]


def test_strategies_without_hypothesis_say_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "govreport.strategies", raising=False)
    with pytest.raises(ImportError) as info:
        importlib.import_module("govreport.strategies")
    assert str(info.value) == (
        "govreport.strategies needs hypothesis: pip install 'govreport[strategies]'"
    )
