"""Every diagnostic code is documented: in CODES, in the README's table, in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import govreport
from govreport.diagnostics import CODES, MESSAGES_ZH, Diagnostic, Kind, Severity

ROOT = Path(__file__).parent.parent
SRC = ROOT / "src" / "govreport"


def codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'code="([A-Z][A-Z0-9-]*)"', text))
        found |= set(re.findall(r'_error\(\s*"([A-Z][A-Z0-9-]*)"', text))
    return found


def test_every_code_the_library_emits_is_in_the_table() -> None:
    assert codes_in_source() - set(CODES) == set()


def test_the_readme_table_is_the_codes_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, (kind, severity, rule) in CODES.items():
        assert f"| `{code}` | {kind.value} | {severity.value} | {rule} |" in readme


def test_every_code_speaks_chinese() -> None:
    assert set(MESSAGES_ZH) == set(CODES)


def test_a_code_without_chinese_falls_back_to_english() -> None:
    d = Diagnostic(code="X-NEW", severity=Severity.INFO, kind=Kind.NOTE, message="new thing")
    assert d.render("zh") == "new thing"


def test_chinese_message_names_the_row_by_its_labels() -> None:
    result = govreport.read(ROOT / "tests" / "fixtures" / "000_07b2214a8ee11432.txt")
    d = next(d for d in result.diagnostics if d.paths[0].startswith("applications.new_received"))
    assert d.render("zh").startswith("一、本年新收政府信息公开申请数量：")
    assert d.labels[0] == (
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量",
        "自然人",
    )
