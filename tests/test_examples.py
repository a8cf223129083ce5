"""Every script in examples/ runs, and prints what the hand-read values say."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from corpus_data import FIXTURES, leaves
from govreport.template import cell_labels

EXAMPLES = Path(__file__).parent.parent / "examples"
SEED = FIXTURES / "000_07b2214a8ee11432.txt"
TEXTS = sorted(FIXTURES.glob("*.txt"))


def run(script: str, *args: object) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def expected(source: Path) -> dict[str, object]:
    path = source.with_name(source.name.rsplit(".", 1)[0] + ".expected.json")
    return leaves(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for p in TEXTS:
        shutil.copy(p, folder)
    return folder


def test_parse_one_prints_the_totals(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "r.txt")
    lines = run("parse_one.py", tmp_path / "r.txt").splitlines()
    want = expected(SEED)
    assert lines[0].startswith(f"{want['agency']} {want['year']}")
    for line in lines[1:]:
        path, value, label = line.split("\t")
        assert value == str(want[path])
        assert label == " / ".join(cell_labels(path)[1:])


def test_check_folder_writes_the_html_report(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    wrong = text.replace("网上申请 11 件", "网上申请 12 件")  # seeded: the narrative disagrees
    (folder / "wrong.txt").write_text(wrong, encoding="utf-8")
    out = tmp_path / "check.html"
    printed = run("check_folder.py", folder, out)
    assert "1 reports, 0 failed" in printed
    assert "N1" in printed and "网上申请 12 件" in printed
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_extract_and_plot(texts: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png = tmp_path / "outcomes.png"
    printed = run("extract_and_plot.py", texts, tmp_path / "x.sqlite", png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    want: dict[tuple[str, int], int] = defaultdict(int)
    for source in TEXTS:
        cells = expected(source)
        if cells.get("year") is None:  # no year in the title: left out of a per-year plot
            continue
        for path, value in cells.items():
            outcome = path.startswith("applications.outcomes.") and path.endswith(".total")
            if outcome and path != "applications.outcomes.total.total" and value is not None:
                group = cell_labels(path, cells["template"])[2]  # type: ignore[arg-type]
                want[group, cells["year"]] += value  # type: ignore[index, operator]
    got = {}
    for line in printed.splitlines()[1:]:
        group, year, n = line.split("\t")
        got[group, int(year)] = int(n)
    assert got == dict(want)


def test_dask_job_gives_the_same_answer_on_one_machine_and_a_cluster(texts: Path) -> None:
    pytest.importorskip("distributed")
    local = run("dask_job.py", texts)
    cluster = run("dask_job.py", texts, "--cluster")
    assert local == cluster
    want: dict[int, int] = defaultdict(int)
    for source in TEXTS:
        cells = expected(source)
        if cells.get("year") is None:  # no year: dask's groupby leaves it out
            continue
        want[cells["year"]] += cells["applications.new_received.total"]  # type: ignore[index, operator]
    received = {
        int(year): int(n)
        for kind, year, n in (line.split("\t") for line in local.splitlines())
        if kind == "received"
    }
    assert received == dict(want)
