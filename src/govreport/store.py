"""The corpus store: SQLite (standard library), and exports of its tidy cells.

Schema (documented in the README)::

    reports(id, source, sha256 UNIQUE, agency, year, template, status)  -- status: ok | failed
    cells(report_id, path, value, status)          -- status: stated | recovered | unsettled
    diagnostics(report_id, code, kind, severity, message, paths)        -- paths: JSON list
    failures(source, sha256, error)
    documents(report_id, report, outline)          -- what the corpus checks read back

A report's id is taken from its content hash, so that the same files give the same
database however the run was interrupted and resumed. Every report is written in one
transaction: a kill loses at most the report being written, never half of one.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

__all__ = [
    "CELL_COLUMNS",
    "ExportFormat",
    "Record",
    "Store",
    "export_cells",
    "export_format",
    "report_id",
]

ExportFormat = Literal["sqlite", "csv", "jsonl", "parquet"]

_SUFFIXES: dict[str, ExportFormat] = {
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".parquet": "parquet",
}

#: Columns of the tidy cells written by every export, in order.
CELL_COLUMNS: tuple[str, ...] = (
    "source",
    "sha256",
    "agency",
    "year",
    "template",
    "path",
    "value",
    "status",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    agency TEXT,
    year INTEGER,
    template TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed'))
);
CREATE INDEX IF NOT EXISTS reports_agency_year ON reports (agency, year);
CREATE INDEX IF NOT EXISTS reports_year ON reports (year);
CREATE TABLE IF NOT EXISTS cells (
    report_id INTEGER NOT NULL REFERENCES reports (id),
    path TEXT NOT NULL,
    value TEXT,
    status TEXT NOT NULL CHECK (status IN ('stated', 'recovered', 'unsettled')),
    PRIMARY KEY (report_id, path)
);
CREATE INDEX IF NOT EXISTS cells_path ON cells (path);
CREATE TABLE IF NOT EXISTS diagnostics (
    report_id INTEGER NOT NULL REFERENCES reports (id),
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    paths TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS diagnostics_report ON diagnostics (report_id);
CREATE INDEX IF NOT EXISTS diagnostics_code ON diagnostics (code);
CREATE TABLE IF NOT EXISTS failures (
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    error TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    report_id INTEGER PRIMARY KEY REFERENCES reports (id),
    report TEXT NOT NULL,
    outline TEXT NOT NULL
);
"""


def report_id(sha256: str) -> int:
    """A report's id: the first 60 bits of its content hash (fits SQLite's INTEGER)."""
    return int(sha256[:15], 16)


@attrs.frozen
class Record:
    """One file's extraction, as plain rows ready to store (cheap to send between
    processes). ``error`` is set, and the rest empty, for a file that failed."""

    source: str
    sha256: str
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    error: str | None = None
    cells: tuple[tuple[str, str | None, str], ...] = ()
    diagnostics: tuple[tuple[str, str, str, str, str], ...] = ()
    report_json: str | None = None
    outline_json: str = "[]"


def export_format(out: str | os.PathLike[str]) -> ExportFormat:
    """The export format named by ``out``'s suffix; a clear ``ValueError`` otherwise."""
    suffix = Path(out).suffix.lower()
    if suffix not in _SUFFIXES:
        known = ", ".join(sorted(_SUFFIXES))
        raise ValueError(f"cannot tell the output format of {os.fspath(out)!r}: use one of {known}")
    return _SUFFIXES[suffix]


class Store:
    """A SQLite corpus store; one connection, used from one thread."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            # WAL: a reader (the sqlite3 shell) never blocks the writer, and a
            # killed writer leaves every committed report in place.
            self.db.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL still keeps every commit across a killed process
            # (only a power cut can lose the last ones), without an fsync per report.
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"{os.fspath(path)} is not a govreport store: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def known(self) -> set[str]:
        """The content hashes already stored (done or failed): a rerun skips them."""
        return {row[0] for row in self.db.execute("SELECT sha256 FROM reports")}

    def add(self, rec: Record) -> bool:
        """Store one file in one transaction; ``False`` if its content is already there."""
        rid = report_id(rec.sha256)
        status = "failed" if rec.error is not None else "ok"
        with _transaction(self.db):
            cur = self.db.execute(
                "INSERT OR IGNORE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)",
                (rid, rec.source, rec.sha256, rec.agency, rec.year, rec.template, status),
            )
            if cur.rowcount == 0:
                return False
            if rec.error is not None:
                self.db.execute(
                    "INSERT OR IGNORE INTO failures VALUES (?, ?, ?)",
                    (rec.source, rec.sha256, rec.error),
                )
                return True
            self.db.executemany(
                "INSERT INTO cells VALUES (?, ?, ?, ?)", [(rid, *c) for c in rec.cells]
            )
            self.db.executemany(
                "INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?, ?)",
                [(rid, *d) for d in rec.diagnostics],
            )
            self.db.execute(
                "INSERT INTO documents VALUES (?, ?, ?)",
                (rid, rec.report_json or "{}", rec.outline_json),
            )
        return True

    def tidy_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every stored cell joined with its report, in :data:`CELL_COLUMNS` order."""
        yield from self.db.execute(
            "SELECT r.source, r.sha256, r.agency, r.year, r.template, c.path, c.value, c.status"
            " FROM cells c JOIN reports r ON r.id = c.report_id ORDER BY r.sha256, c.rowid"
        )


class _transaction:
    """BEGIN … COMMIT, or ROLLBACK on any error (the connection is in autocommit)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if exc_type is not None else "COMMIT")


def export_cells(store: Store, out: str | os.PathLike[str]) -> int:
    """Write the store's tidy cells to ``out`` (csv, jsonl or parquet); the number of rows.

    The file is written beside ``out`` and renamed into place, so an interrupted
    export never leaves a truncated file.
    """
    kind = export_format(out)
    if kind == "sqlite":
        raise ValueError("a .sqlite output is the store itself")
    rows = list(store.tidy_rows())
    target = Path(out)
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
    os.close(fd)
    try:
        _WRITERS[kind](Path(tmp), rows)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return len(rows)


def _write_csv(path: Path, rows: Sequence[tuple[Any, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CELL_COLUMNS)
        w.writerows(rows)


def _write_jsonl(path: Path, rows: Sequence[tuple[Any, ...]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(dict(zip(CELL_COLUMNS, row)), ensure_ascii=False) + "\n")


def _write_parquet(path: Path, rows: Sequence[tuple[Any, ...]]) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ValueError(
            "writing .parquet needs pyarrow: pip install 'govreport[parquet]'"
        ) from None
    columns = {name: [row[i] for row in rows] for i, name in enumerate(CELL_COLUMNS)}
    types = {name: pa.string() for name in CELL_COLUMNS}
    types["year"] = pa.int64()
    table = pa.table({n: pa.array(v, type=types[n]) for n, v in columns.items()})
    pq.write_table(table, path)


_WRITERS = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}
