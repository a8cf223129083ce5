"""Throughput of `govreport extract` on one core and on two.

Run: .venv/bin/python benchmarks/bench_extract.py [--files N] [--jobs 1 2]
Writes N distinct text reports (the text and HTML fixtures, each copy with its own
last line) to a temporary folder, extracts them into a fresh SQLite store with each
-j, and prints files per second and the speedup over -j 1. Each run includes process
start-up, hashing and the SQLite writes: what a user waits for.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from govreport.corpus import extract

FIXTURES = Path(__file__).parent.parent / "tests" / "fixtures"


def corpus(folder: Path, n: int) -> None:
    sources = [p for p in sorted(FIXTURES.iterdir()) if p.suffix in (".txt", ".md", ".html")]
    for i in range(n):
        src = sources[i % len(sources)]
        extra = f"\n<!-- {i} -->\n" if src.suffix == ".html" else f"\n副本{i}\n"
        (folder / f"{i:05d}{src.suffix}").write_bytes(src.read_bytes() + extra.encode())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    print(f"{args.files} files, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        corpus(folder, args.files)
        base = None
        for jobs in args.jobs:
            start = time.perf_counter()
            summary = extract([folder], Path(tmp) / f"j{jobs}.sqlite", jobs=jobs)
            took = time.perf_counter() - start
            rate = summary.stored / took
            base = base or rate
            print(f"-j {jobs}: {took:6.2f} s, {rate:6.1f} files/s, x{rate / base:.2f}")


if __name__ == "__main__":
    main()
