"""Throughput of the text path, side by side with a bare regex tokeniser.

Run: .venv/bin/python benchmarks/bench_parse.py [--repeat N] [--cold] [--memory N] [--scaling]

The corpus is every text fixture (the seeds and text samples) and every hand-read
report written by the layout harness (tests/layouts.py) in each text layout: tab
grids, GFM, spaces, one cell per line, Markdown with HTML tables, crawled one-line
pages. In the same run a bare tokeniser (``re.findall(r"\\d+(?:\\.\\d+)?|[^\\W\\d_]+")``)
goes over the same texts; both are printed as reports/s, with their ratio, and the
worst ratio of any single real report. The parsers are built before timing, and each
report's times are the best of several passes over the whole corpus (CPU time).

``--cold`` times ``import govreport`` plus a first parse in a fresh process
against ``python -c pass`` (CPU time, best of several runs). ``--memory N`` parses
N reports and prints the process's peak memory at intervals. ``--scaling`` parses
inputs from 10 kB to 10 MB and prints the time per MB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import govreport

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT / "tests"))

from expected import complete  # noqa: E402
from layouts import TEXT_LAYOUTS  # noqa: E402

TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+")


def corpus() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(real reports as extracted, hand-read reports written in every text layout)."""
    real = [
        (p.name, p.read_text(encoding="utf-8"))
        for p in sorted(FIXTURES.iterdir())
        if p.suffix in (".txt", ".md")
    ]
    drawn = []
    for p in sorted(FIXTURES.glob("*.expected.json")):
        source = complete(json.loads(p.read_text(encoding="utf-8")))
        for layout, write in TEXT_LAYOUTS.items():
            drawn.append((f"{p.name.split('.')[0]} {layout}", write(source)))
    return real, drawn


def _time(fn: Any, text: str, repeat: int) -> float:
    """CPU seconds of one call of ``fn(text)``, over ``repeat`` calls in a row."""
    start = time.process_time()
    for _ in range(repeat):
        fn(text)
    return (time.process_time() - start) / repeat


#: Timing passes over the whole corpus; each report keeps its best pass, so a
#: moment's noise (another process, a garbage collection) in one pass is dropped.
PASSES = 5
#: The tokeniser takes about a twentieth of a parse: it runs this many times as
#: often per timing, so that both are timed over windows of similar length.
TOKENISER_REPEATS = 20


def throughput(repeat: int) -> None:
    real, drawn = corpus()
    texts = real + drawn
    for _, text in texts:  # build and warm the cached parsers
        govreport.parse(text)
    best = [[float("inf"), float("inf")] for _ in texts]
    for _ in range(PASSES):
        for (_, t), times in zip(texts, best):
            times[0] = min(times[0], _time(govreport.parse, t, repeat))
            times[1] = min(times[1], _time(TOKEN.findall, t, repeat * TOKENISER_REPEATS))
    rows = [(name, p, k) for (name, _), (p, k) in zip(texts, best)]
    print(f"{'report':48} {'parse ms':>9} {'tokens ms':>9} {'ratio':>6}")
    for name, p, t in rows[: len(real)]:
        print(f"{name:48} {p * 1000:9.3f} {t * 1000:9.3f} {p / t:6.1f}")
    parse_total = sum(p for _, p, _ in rows)
    token_total = sum(t for _, _, t in rows)
    worst = max(rows[: len(real)], key=lambda r: r[1] / r[2])
    n = len(rows)
    print(
        f"\n{n} reports ({len(real)} real, {len(drawn)} in the harness's text layouts)\n"
        f"parse:     {n / parse_total:8.0f} reports/s ({parse_total / n * 1000:.3f} ms a report)\n"
        f"tokeniser: {n / token_total:8.0f} reports/s ({token_total / n * 1000:.3f} ms a report)\n"
        f"ratio:     {parse_total / token_total:8.1f}x the tokeniser\n"
        f"worst real report: {worst[0]} at {worst[1] / worst[2]:.1f}x the tokeniser"
    )


def _cpu(code: str) -> float:
    """The CPU seconds (user + system) of a fresh interpreter running ``code``.

    Bytecode may be written, as an installed package has it: without it every
    start would compile the sources again.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cold(runs: int = 7) -> None:
    example = ROOT / "examples" / "ruzhou_gonganju_2023.txt"
    first = f"import govreport; govreport.read({str(example)!r})"
    _cpu(first)  # the first run may write the parser cache and the bytecode
    bare = min(_cpu("pass") for _ in range(runs))
    ours = min(_cpu(first) for _ in range(runs))
    print(
        f"python -c pass: {bare * 1000:.0f} ms CPU; import govreport + first parse: "
        f"{ours * 1000:.0f} ms CPU ({ours / bare:.1f}x)"
    )


def memory(count: int) -> None:
    real, drawn = corpus()
    texts = [t for _, t in real + drawn]
    step = max(count // 10, 1)
    for i in range(count):
        govreport.parse(texts[i % len(texts)])
        if (i + 1) % step == 0:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{i + 1:8d} parses: peak RSS {peak:.1f} MB")


def scaling() -> None:
    real, _ = corpus()
    base = real[0][1]
    govreport.parse(base)  # build the parsers first
    filler = "本机关持续推进政务公开工作，" * 100 + "\n"
    step = len(filler.encode())
    for size in (10_000, 100_000, 1_000_000, 10_000_000):
        text = base + filler * max(0, (size - len(base.encode())) // step)
        start = time.process_time()
        govreport.parse(text, max_bytes=None)
        took = time.process_time() - start
        mb = len(text.encode()) / 1e6
        print(f"{mb:7.2f} MB: {took * 1000:9.1f} ms ({took / mb * 1000:.1f} ms per MB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=20, help="parses of each text per timing")
    ap.add_argument("--cold", action="store_true", help="time import + first parse")
    ap.add_argument("--memory", type=int, metavar="N", help="peak memory over N parses")
    ap.add_argument("--scaling", action="store_true", help="time against input size")
    args = ap.parse_args()
    if args.cold:
        cold()
    elif args.memory:
        memory(args.memory)
    elif args.scaling:
        scaling()
    else:
        throughput(args.repeat)


if __name__ == "__main__":
    main()
