"""govreport.to_frame and govreport.dask: tidy cells that agree with the hand-read values."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

import govreport
from corpus_data import TABLES, expected_files, leaves, real_corpus, same, source_of
from govreport.frame import FRAME_COLUMNS
from govreport.template import cell_labels

pd = pytest.importorskip("pandas")


def wrong_cells(frame: Any, corpus: Path) -> tuple[list[str], int]:
    """Rows of ``frame`` that disagree with the expected files (settled cells only)."""
    wrong, compared = [], 0
    for expected in sorted(corpus.rglob("*.expected.json")):
        rows = frame[frame["source"] == str(source_of(expected))]
        got = {r.path: (r.value, r.status) for r in rows.itertuples()}
        for path, value in leaves(json.loads(expected.read_text(encoding="utf-8"))).items():
            if not path.startswith(TABLES):
                continue
            cell, status = got.get(path, ("<missing>", "stated"))
            cell = None if pd.isna(cell) else cell
            if status == "unsettled":
                continue
            compared += 1
            if not same(value, cell):
                wrong.append(f"{expected.name}: {path} {cell!r} != {value!r}")
    return wrong, compared


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = real_corpus(tmp_path_factory.mktemp("frame"))
    for pdf in root.rglob("*.pdf"):  # PDF reading is slow; the other layouts suffice here
        pdf.unlink()
        (pdf.parent / (pdf.name[: -len(".pdf")] + ".expected.json")).unlink()
    (root / "README.md").unlink()
    return root


def test_to_frame_agrees_with_the_expected_files(corpus: Path) -> None:
    sources = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.endswith(".json"))
    frame = govreport.to_frame({p: govreport.read(p) for p in sources})
    assert tuple(frame.columns) == FRAME_COLUMNS
    wrong, compared = wrong_cells(frame, corpus)
    assert wrong == []
    assert compared > 1000


def test_to_frame_labels_are_the_templates(corpus: Path) -> None:
    (seed,) = corpus.glob("seeds/000_*.txt")
    frame = govreport.to_frame([(seed, govreport.read(seed))])
    for row in frame.itertuples():
        labels = cell_labels(row.path, row.template)
        assert (row.section_label, *f"{row.row_label} {row.column_label}".split(" ")) == labels
    assert str(frame["year"].dtype) == "Int64"


def test_to_frame_of_nothing_has_the_columns() -> None:
    assert tuple(govreport.to_frame([]).columns) == FRAME_COLUMNS


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"govreport\[pandas\]"):
        govreport.to_frame([])


# --- Dask ------------------------------------------------------------------------------

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")
import govreport.dask as gdask  # noqa: E402


@pytest.fixture(scope="module")
def client() -> Any:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_dask_cells_on_a_local_cluster_agree_with_the_expected_files(
    client: Any, corpus: Path
) -> None:
    frame = gdask.cells([corpus.as_uri()]).compute()  # an fsspec URL
    assert tuple(frame.columns) == FRAME_COLUMNS
    wrong, compared = wrong_cells(frame, corpus)
    assert wrong == []
    assert compared > 1000


def test_dask_read_on_a_local_cluster_gives_parse_results(client: Any, corpus: Path) -> None:
    results = gdask.read([corpus]).compute()
    assert all(isinstance(r, govreport.ParseResult) for r in results)
    want = {
        json.loads(p.read_text(encoding="utf-8")).get("agency")
        for p in corpus.rglob("*.expected.json")
    }
    assert {r.report.agency for r in results} >= want - {None}


def test_dask_bad_file_raises_naming_it_or_is_skipped(client: Any, tmp_path: Path) -> None:
    (seed,) = [source_of(p) for p in expected_files() if p.name.startswith("000_")]
    shutil.copy(seed, tmp_path)
    (tmp_path / "notes.txt").write_text("not a report", encoding="utf-8")
    with pytest.raises(ValueError, match=r"notes\.txt"):
        gdask.read([tmp_path]).compute()
    assert len(gdask.read([tmp_path], on_error="skip").compute()) == 1


def test_dask_reads_any_fsspec_filesystem() -> None:
    fsspec = pytest.importorskip("fsspec")
    (seed,) = [source_of(p) for p in expected_files() if p.name.startswith("000_")]
    fs = fsspec.filesystem("memory")
    fs.pipe("/corpus/a/seed.txt", seed.read_bytes())
    # The memory filesystem lives in this process: the synchronous scheduler.
    frame = gdask.cells("memory://corpus").compute(scheduler="sync")
    assert set(frame["source"]) == {"memory:///corpus/a/seed.txt"}
    expected = json.loads(
        seed.with_name(seed.name.replace(".txt", ".expected.json")).read_text(encoding="utf-8")
    )
    total = frame[frame["path"] == "applications.new_received.total"]["value"].item()
    assert int(total) == expected["applications"]["new_received"]["total"]


def test_dask_missing_paths_are_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such file or folder"):
        gdask.read([tmp_path / "nowhere"])
