"""Corpora for the corpus tests, built from the hand-read fixtures (copies, never ../shared)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from expected import leaves

FIXTURES = Path(__file__).parent / "fixtures"
# Reports that the core does not read fully yet would go here, out of tests/fixtures'
# top level (test_real_reports wants every cell there); its README is a file that is
# not a report, for the corpus runs to record and survive.
EXTRA = FIXTURES / "corpus_extra"
TABLES = ("active_disclosure.", "applications.", "reviews.")


def expected_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.expected.json")) + sorted(EXTRA.glob("*.expected.json"))


def source_of(expected: Path) -> Path:
    stem = expected.name[: -len(".expected.json")]
    (src,) = [p for p in expected.parent.glob(stem + ".*") if not p.name.endswith(".json")]
    return src


def real_corpus(root: Path) -> Path:
    """Every hand-read report and its expected file, in nested folders, plus a README
    that is not a report (a failure the run must record and survive)."""
    for i, expected in enumerate(expected_files()):
        folder = root / "corpus" / ("seeds" if expected.name[:3].isdigit() else f"more/{i % 2}")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(expected, folder)
        shutil.copy(source_of(expected), folder)
    shutil.copy(EXTRA / "README.md", root / "corpus" / "README.md")
    return root / "corpus"


def synthetic_corpus(root: Path, n: int) -> Path:
    """``n`` distinct text reports: the text fixtures, each copy with its own last line."""
    texts = [p.read_bytes() for p in sorted(FIXTURES.glob("*.txt"))]
    folder = root / "many"
    for i in range(n):
        sub = folder / f"{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"r{i:04d}.txt").write_bytes(texts[i % len(texts)] + f"\n副本{i}\n".encode())
    return folder


def same(expected: Any, stored: str | None) -> bool:
    """A hand-read value against the store's text (money compared as decimals)."""
    if expected is None or stored is None:
        return expected is None and stored is None
    if isinstance(expected, bool):
        return False
    if isinstance(expected, int):
        return stored == str(expected)
    try:
        return Decimal(expected) == Decimal(stored)
    except ArithmeticError:
        return bool(expected == stored)


def disagreements(db: Path, corpus: Path) -> tuple[list[str], int]:
    """Every way the store disagrees with the expected files, and how many settled
    cells were compared. Cells the parser leaves unsettled must be NULL; cells an
    expected file leaves out (not settled by the source) must be unsettled."""
    con = sqlite3.connect(db)
    wrong: list[str] = []
    compared = 0
    for expected in sorted(corpus.rglob("*.expected.json")):
        want = leaves(json.loads(expected.read_text(encoding="utf-8")))
        source = str(source_of(expected))
        row = con.execute(
            "SELECT id, agency, year, template, status FROM reports WHERE source = ?", (source,)
        ).fetchone()
        if row is None:
            wrong.append(f"{source}: not stored")
            continue
        rid, *head, status = row
        if status != "ok":
            wrong.append(f"{source}: {status}")
        for key, got in zip(("agency", "year", "template"), head):
            if key in want and want[key] != got:
                wrong.append(f"{source}: {key} {got!r} != {want[key]!r}")
        cells = {p: (v, s) for p, v, s in con.execute(
            "SELECT path, value, status FROM cells WHERE report_id = ?", (rid,)
        )}  # fmt: skip
        for path, value in want.items():
            if not path.startswith(TABLES):
                continue
            got_value, got_status = cells.get(path, ("<missing>", "stated"))
            if got_status == "unsettled":
                if got_value is not None:
                    wrong.append(f"{source}: {path} unsettled but {got_value!r}")
                continue
            compared += 1
            if not same(value, got_value):
                wrong.append(f"{source}: {path} {got_value!r} != {value!r}")
        for path, (_, got_status) in cells.items():
            if path not in want and not path.endswith("amount_unit") and got_status != "unsettled":
                wrong.append(f"{source}: {path} is left out by hand but {got_status}")
    con.close()
    return wrong, compared


def dump(db: Path) -> list[str]:
    """The store as SQL (what `sqlite3 db .dump` prints): schema and every row, in
    the tables' own order."""
    con = sqlite3.connect(db)
    out = list(con.iterdump())
    con.close()
    return out
