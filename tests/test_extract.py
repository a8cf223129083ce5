"""`govreport extract`: a folder of reports into a store that agrees with the hand-read
values; resumable, idempotent, and never stopped by a bad file."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus_data import disagreements, dump, real_corpus, synthetic_corpus
from govreport.cli import main
from govreport.store import CELL_COLUMNS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return real_corpus(tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="module")
def store(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("store") / "x.sqlite"
    assert main(["extract", str(corpus), "-o", str(out), "-j", "2", "-q"]) == 0
    return out


def test_cells_agree_with_every_expected_file(store: Path, corpus: Path) -> None:
    wrong, compared = disagreements(store, corpus)
    assert wrong == []
    # The five seeds alone hold 1011 hand-read cells; the samples add more.
    assert compared > 1011


def test_one_row_per_cell_of_the_contract(store: Path) -> None:
    con = sqlite3.connect(store)
    per_template = dict(
        con.execute(
            "SELECT r.template, COUNT(*) / COUNT(DISTINCT r.id) FROM cells c"
            " JOIN reports r ON r.id = c.report_id GROUP BY r.template"
        )
    )
    # 2021: section 二 3+3+1+1+1+1, section 三 25 rows x 7, section 四 15.
    # 2019: section 二 3+3+3+3+3+3+2+3, section 三 23 rows x 7, section 四 15.
    assert per_template == {"2021": 10 + 25 * 7 + 15, "2019": 23 + 23 * 7 + 15}
    paths = {p for (p,) in con.execute("SELECT path FROM cells")}
    assert "applications.outcomes.total.natural_person" in paths


def test_a_bad_file_is_recorded_and_the_run_goes_on(store: Path, corpus: Path) -> None:
    con = sqlite3.connect(store)
    (failure,) = con.execute("SELECT source, error FROM failures").fetchall()
    assert failure[0] == str(corpus / "README.md")
    assert "not a report: expected a table of the national template" in failure[1]
    statuses = dict(con.execute("SELECT status, COUNT(*) FROM reports GROUP BY status"))
    assert statuses == {"ok": len(list(corpus.rglob("*.expected.json"))), "failed": 1}


def test_a_rerun_adds_nothing(
    store: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(store)
    assert main(["extract", str(corpus), "-o", str(store), "-q"]) == 0
    assert "0 stored now" in capsys.readouterr().out
    assert dump(store) == before


def test_an_unreadable_file_is_recorded(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # dangling
    out = tmp_path / "x.sqlite"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "-q"]) == 0
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "-q"]) == 0  # not twice
    rows = sqlite3.connect(out).execute("SELECT source, error FROM failures").fetchall()
    assert len(rows) == 1 and rows[0][0].endswith("gone.txt")
    assert "cannot read" in rows[0][1]


def test_same_content_twice_is_stored_once(tmp_path: Path, corpus: Path) -> None:
    (src,) = corpus.glob("seeds/000_*.txt")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_bytes(src.read_bytes())
    (tmp_path / "a" / "two.txt").write_bytes(src.read_bytes())
    out = tmp_path / "x.db"
    assert main(["extract", str(tmp_path / "a"), "-o", str(out), "-q", "-j", "1"]) == 0
    sources = sqlite3.connect(out).execute("SELECT source FROM reports").fetchall()
    assert sources == [(str(tmp_path / "a" / "one.txt"),)]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_exports_write_the_same_tidy_cells(
    suffix: str, store: Path, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"cells{suffix}"
    assert main(["extract", str(corpus), "-o", str(out), "-q"]) == 0
    con = sqlite3.connect(store)
    want = [
        tuple(row)
        for row in con.execute(
            "SELECT r.source, r.sha256, r.agency, r.year, r.template, c.path, c.value, c.status"
            " FROM cells c JOIN reports r ON r.id = c.report_id"
        )
    ]
    if suffix == ".csv":
        with out.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert tuple(rows[0]) == CELL_COLUMNS
        # CSV has no NULL: an unstated cell is an empty field, the year digits.
        got = [tuple(r) for r in rows[1:]]
        want = [tuple("" if v is None else str(v) for v in row) for row in want]
    elif suffix == ".jsonl":
        lines = out.read_text(encoding="utf-8").splitlines()
        got = [tuple(json.loads(line)[c] for c in CELL_COLUMNS) for line in lines]
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        table = pq.read_table(out).to_pydict()
        got = list(zip(*(table[c] for c in CELL_COLUMNS)))
    assert sorted(got, key=repr) == sorted(want, key=repr)


def test_bad_arguments_are_clear_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "x.xlsx"), "-q"]) == 2
    assert "cannot tell the output format" in capsys.readouterr().err
    assert main(["extract", str(tmp_path / "nowhere"), "-o", str(tmp_path / "x.db")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "junk.db"), "-q"]) == 2
    assert "not a govreport store" in capsys.readouterr().err


def _rows(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=0.1)
        try:
            return int(con.execute("SELECT COUNT(*) FROM reports").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:  # not created yet
        return 0


def _start(folder: Path, out: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "govreport", "extract", str(folder), "-o", str(out), "-q"]
    return subprocess.Popen(
        [*cmd, "-j", "2"], start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _wait_for_rows(db: Path, proc: subprocess.Popen[bytes], at_least: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        n = _rows(db)
        if n >= at_least:
            return n
        time.sleep(0.02)
    pytest.fail(f"the run ended or stalled before {at_least} rows: {proc.stderr.read()!r}")  # type: ignore[union-attr]


N_MANY = 240


def _group_ends(pgid: int) -> bool:
    """Whether every process of the run's group (its workers) is gone within 20 s."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    os.killpg(pgid, signal.SIGKILL)  # leave nothing behind, then report
    return False


def test_a_killed_run_resumes_to_the_same_store_as_a_clean_run(tmp_path: Path) -> None:
    folder = synthetic_corpus(tmp_path, N_MANY)
    killed, clean = tmp_path / "killed.sqlite", tmp_path / "clean.sqlite"
    proc = _start(folder, killed)
    _wait_for_rows(killed, proc, 10)
    os.kill(proc.pid, signal.SIGKILL)  # the main process only: no chance to clean up
    proc.wait()
    assert _group_ends(proc.pid)  # its workers notice and stop by themselves
    assert 10 <= _rows(killed) < N_MANY  # killed midway, with rows already written
    assert main(["extract", str(folder), "-o", str(killed), "-q"]) == 0
    assert main(["extract", str(folder), "-o", str(clean), "-q"]) == 0
    assert _rows(clean) == N_MANY
    assert dump(killed) == dump(clean)


@pytest.mark.parametrize(
    ("how", "signum"),
    [("ctrl-c", signal.SIGINT), ("kill", signal.SIGTERM)],
)
def test_a_stopped_run_ends_cleanly_and_keeps_what_was_written(
    tmp_path: Path, how: str, signum: int
) -> None:
    folder = synthetic_corpus(tmp_path, N_MANY)
    out = tmp_path / "x.sqlite"
    proc = _start(folder, out)
    _wait_for_rows(out, proc, 10)
    if how == "ctrl-c":
        os.killpg(proc.pid, signum)  # the terminal signals the whole group
    else:
        os.kill(proc.pid, signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum
    assert _group_ends(proc.pid)
    assert b"Traceback" not in err
    assert "run the same command again" in err.decode()
    kept = _rows(out)
    assert 10 <= kept < N_MANY
    assert main(["extract", str(folder), "-o", str(out), "-q"]) == 0
    assert _rows(out) == N_MANY
