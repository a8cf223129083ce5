"""The visual check report, rendered by a real browser (headless Chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from corpus_data import FIXTURES
from govreport.cli import main
from govreport.template import cell_labels

SEED = FIXTURES / "000_07b2214a8ee11432.txt"
REVIEWS_ROW = "\t".join(["0"] * 15)
# 复议后起诉's 总计 says 5 where its four cells say 0: R1 fails on that group's cells.
BROKEN_ROW = "\t".join(["0"] * 14 + ["5"])
FAILING = [
    f"reviews.litigation_after_review.{c}" for c in ("upheld", "corrected", "other", "pending")
] + ["reviews.litigation_after_review.total"]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no headless Chromium here (.ci/run installs Debian's chromium)")


def _browser(*args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                _chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    text = SEED.read_text(encoding="utf-8")
    assert REVIEWS_ROW in text
    (folder / "broken.txt").write_text(text.replace(REVIEWS_ROW, BROKEN_ROW), encoding="utf-8")
    shutil.copy(FIXTURES / "12_shuyang_fagaiju_2023.html", folder)
    return folder


@pytest.fixture(scope="module")
def page(reports: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = reports
    out = tmp_path_factory.mktemp("html") / "check.html"
    assert main(["check", str(folder), "--html", str(out)]) == 1  # R1 is an error
    return out


def test_the_page_is_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html and "@import" not in html


def test_chromium_renders_the_tables_and_highlights_the_failing_cells(page: Path) -> None:
    dom = _browser("--dump-dom", page.as_uri()).stdout
    assert 'data-rendered="yes"' in dom  # the page's script ran after layout
    assert f'data-fail-cells="{len(FAILING)}"' in dom
    failing = re.findall(r'<td id="r\d+-([\w.]+)" class="fail[^"]*"', dom)
    assert sorted(failing) == sorted(FAILING)
    # The diagnostic beside them names its cells by the template's Chinese labels.
    (r1,) = re.findall(r'<li id="d\d+-\d+" class="error" data-code="R1">.*?</li></ul>', dom)
    for path in FAILING:
        assert " / ".join(cell_labels(path)[1:]) in r1
    # Rebuilt cells of the seed (a row lost a cell) are marked as such.
    assert re.search(r'<td id="r\d+-applications\.new_received\.total" class="recovered"', dom)
    # Both reports have a summary row and their three tables.
    assert len(re.findall(r'<a href="#report-\d+">', dom)) == 2
    assert dom.count("<table>") >= 2 * 6


def test_chromium_screenshot_shows_the_highlight(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "check.png"
    _browser("--window-size=1400,2600", f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = pytest.importorskip("PIL.Image").open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    highlight = sum(n for n, rgb in colours if rgb == (0xFF, 0xB3, 0xB3))
    assert highlight > 500  # five cells' worth of the failing-cell background


def test_corpus_summary_from_a_store(tmp_path: Path, reports: Path) -> None:
    store = tmp_path / "x.sqlite"
    assert main(["extract", str(reports), "-o", str(store), "-q"]) == 0
    out = tmp_path / "corpus.html"
    assert main(["check", "--corpus", str(store), "--html", str(out)]) == 1
    html = out.read_text(encoding="utf-8")
    assert html.count('<a href="#report-') == 2
    assert "Files that could not be read" not in html  # both files are reports
    assert html.count('class="fail') == len(FAILING)
