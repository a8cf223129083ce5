"""The text grid's proof (:func:`govreport.tables.proven_grid`) reads its common
rows off one match of their shape (``_ROW``): on every grid line of every
fixture's tables, in every text layout, and on those lines perturbed as the
golden cases perturb them, it must count the cells and judge the value fields as
the search of each field (``_CELL_FIELDS``, the path taken without the match) does.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import govreport
from expected import complete
from govreport import api
from govreport import tables as t
from govreport.normalise import GAP, normalise_table
from layouts import TEXT_LAYOUTS

FIXTURES = Path(__file__).parent / "fixtures"


def _table_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every normalised table section the parser reads, over the fixtures in
    every text layout (and the fixtures' own texts)."""
    seen: list[str] = []

    def record(raw: str) -> str:
        table = normalise_table(raw)
        seen.append(table)
        return table

    monkeypatch.setattr(api, "normalise_table", record)
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    for path in sorted(FIXTURES.glob("*.expected.json")):
        source = complete(json.loads(path.read_text(encoding="utf-8")))
        texts += [write(source) for write in TEXT_LAYOUTS.values()]
    for text in texts:
        with contextlib.suppress(govreport.ParseError):  # not every text is a report
            govreport.parse(text)
    return seen


def _variants(line: str) -> Iterator[str]:
    """The line, and the line with a tab lost, a field's first character lost,
    a figure added, a field emptied (as a golden case's perturbations do)."""
    yield line
    yield line + " 7"
    tabs = [i for i, c in enumerate(line) if c == "\t"]
    for i in tabs:
        yield line[:i] + line[i + 1 :]
        yield line[: i + 1] + line[i + 2 :]
    fields = line.split("\t")
    for k in range(len(fields)):
        yield "\t".join([*fields[:k], GAP, *fields[k + 1 :]])


def test_row_shape_reads_as_each_field_search(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = {
        line
        for table in _table_texts(monkeypatch)
        for line in table.split("\n")
        if "\t" in line or GAP in line
    }
    assert len(lines) > 300
    checked = matched = 0
    for line in {v for base in lines for v in _variants(base) if v}:
        fields = line.count("\t") + 1
        row = t._ROW.fullmatch(line)
        matched += row is not None
        assert t._cell_fields(line, fields, row) == t._cell_fields(line, fields, None), line
        for columns in (7, 15):
            fast = t._values_last(line, fields, columns, row)
            assert fast == t._values_last(line, fields, columns, None), (line, columns)
        checked += 1
    assert matched > checked // 4  # the shape is the common row's


@pytest.mark.parametrize(
    "line",
    [
        "0",
        GAP,
        f"{GAP}\t{GAP}\t{GAP}",
        f"{GAP}\t{GAP}\t2.重复申请\t0\t0\t0\t0\t0\t0\t0",
        "合计\t1\t2\t3\t4\t5\t6\t7",
        f"1\t2\t3\t4\t5\t6\t7\t{GAP}",
        "-5\t1\t2\t3\t4\t5\t6",
        "/\t1\t2\t3\t4\t5\t6",
        "一、本年新收\t0\t0\t0\t0\t0\t0",
        "总计\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
        f"行政复议\t{GAP}\t{GAP}\t行政诉讼\t{GAP}",
        "项目\t0\t0\t0\t0\t0\t0\t5 3",
        f"{GAP}\t0\t1.属于国家秘密\t0\t0\t0\t0\t0\t0",
        "",
        "\t\t",
    ],
)
def test_row_shape_edges(line: str) -> None:
    fields = line.count("\t") + 1
    row = t._ROW.fullmatch(line)
    assert t._cell_fields(line, fields, row) == t._cell_fields(line, fields, None)
    if line:
        for columns in (1, 6, 7, 15):
            fast = t._values_last(line, fields, columns, row)
            assert fast == t._values_last(line, fields, columns, None)
