"""The wheel ships the grammars: build it, install it in a fresh venv, parse a seed there."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SEED = Path(__file__).parent / "fixtures" / "000_07b2214a8ee11432.txt"


@pytest.mark.slow
def test_wheel_installs_and_parses_in_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    (wheel,) = dist.glob("govreport-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for grammar in ("common", "applications", "reviews", "active_2019", "active_2021"):
        assert f"govreport/grammars/{grammar}.lark" in names
    assert "govreport/py.typed" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True)
    script = (
        "import govreport, sys;"
        "assert 'site-packages' in govreport.__file__, govreport.__file__;"
        f"r = govreport.read({str(SEED)!r}).report;"
        "print(r.agency, r.applications.new_received.total, r.active_disclosure.fees)"
    )
    run = subprocess.run(
        [str(py), "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["汝州市公安局", "11", "1332.99"]


@pytest.mark.slow
def test_sdist_carries_the_tests_fixtures_and_license(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "-o", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (sdist,) = tmp_path.glob("govreport-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
        pkg_info = tar.extractfile(f"{sdist.name[: -len('.tar.gz')]}/PKG-INFO")
        assert pkg_info is not None
        metadata = pkg_info.read().decode("utf-8")
    fixtures = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("*")}
    fixtures = {n for n in fixtures if "__pycache__" not in n and ".hypothesis" not in n}
    assert fixtures <= names
    assert {"LICENSE", "CHANGELOG.md", "examples/ruzhou_gonganju_2023.txt"} <= names
    assert "License-Expression: MIT" in metadata
    assert "Classifier: Typing :: Typed" in metadata
