"""Throughput of the text path: reports parsed per second on one core.

Run: .venv/bin/python benchmarks/bench_parse.py [--repeat N]
Parses every text fixture (seeds and text samples) N times in this process
and prints reports/second. The parsers are built once, before timing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import govreport

FIXTURES = Path(__file__).parent.parent / "tests" / "fixtures"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    texts = [
        (p.name, p.read_text(encoding="utf-8"))
        for p in sorted(FIXTURES.iterdir())
        if p.suffix in (".txt", ".md")
    ]
    for _, text in texts:  # build and warm the cached parsers
        govreport.parse(text)
    print(f"{'report':40} {'ms/report':>10}")
    total = 0.0
    for name, text in texts:
        start = time.perf_counter()
        for _ in range(args.repeat):
            govreport.parse(text)
        took = (time.perf_counter() - start) / args.repeat
        total += took
        print(f"{name:40} {took * 1000:10.2f}")
    mean = total / len(texts)
    print(f"mean {mean * 1000:.2f} ms/report = {1 / mean:.0f} reports/s on one core")


if __name__ == "__main__":
    main()
