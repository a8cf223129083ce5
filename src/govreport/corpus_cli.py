"""The corpus commands: ``govreport extract`` and ``govreport check --corpus/--html``.

``cli.py`` lists them among its commands; they live here so that the command
line's own structure can change without touching them.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from .corpus import Progress, Stopped, entries, extract
from .corpus_checks import (
    Entry,
    Finding,
    check_corpus,
    entries_from_store,
    failures_from_store,
)
from .diagnostics import Severity

__all__ = ["cmd_check_corpus", "extract_arguments", "run_extract", "wants_corpus_check"]


@contextmanager
def progress_bar(label: str, enabled: bool = True) -> Iterator[Progress]:
    """A progress callback (files done, to do, failures) drawn on stderr: a rich bar
    with rate and ETA when rich is installed, a line every few percent otherwise."""
    if not enabled:
        yield lambda done, total, failed: None
        return
    try:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import (
            Progress as Bar,
        )
    except ImportError:
        yield _plain_progress(label)
        return
    bar = Bar(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} files/s"),
        TextColumn("[red]{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        transient=False,
    )
    start = time.monotonic()
    with bar:
        task = bar.add_task(label, total=None, rate=0.0, failed=0)

        def update(done: int, total: int, failed: int) -> None:
            rate = done / max(time.monotonic() - start, 1e-9)
            bar.update(task, completed=done, total=total, rate=rate, failed=failed)

        yield update


def _plain_progress(label: str) -> Progress:
    start = time.monotonic()
    last = [-1]

    def update(done: int, total: int, failed: int) -> None:
        step = max(1, total // 20)
        if done // step != last[0] or done == total:
            last[0] = done // step
            rate = done / max(time.monotonic() - start, 1e-9)
            eta = (total - done) / rate if rate else 0
            print(
                f"{label}: {done}/{total} files, {rate:.1f}/s, {failed} failed, ETA {eta:.0f}s",
                file=sys.stderr,
            )

    return update


def _cmd_extract(args: argparse.Namespace, out: TextIO) -> int:
    try:
        with progress_bar("extract", enabled=not args.quiet) as progress:
            summary = extract(args.paths, args.out, jobs=args.jobs, progress=progress)
    except (KeyboardInterrupt, Stopped) as exc:
        print(
            f"govreport: interrupted; every file stored so far is kept in {args.out}: "
            "run the same command again to go on",
            file=sys.stderr,
        )
        return 128 + (exc.signum if isinstance(exc, Stopped) else signal.SIGINT)
    except (ValueError, OSError) as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return 2
    print(
        f"{summary.found} files: {summary.stored} stored now ({summary.failed} failed, "
        f"reasons in the failures table), {summary.skipped} already stored → {summary.out}",
        file=out,
    )
    return 0


def extract_arguments(e: argparse.ArgumentParser) -> None:
    """The arguments of ``govreport extract``."""
    e.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    e.add_argument(
        "-o", "--out", required=True, help="OUT.sqlite/.db (the store), .csv, .jsonl, .parquet"
    )
    e.add_argument(
        "-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)"
    )
    e.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def run_extract(args: argparse.Namespace, out: TextIO) -> int:
    """``govreport extract``: the summary goes to ``out``."""
    return _cmd_extract(args, out)


def wants_corpus_check(args: argparse.Namespace) -> bool:
    """Whether ``govreport check`` was asked for a store or an HTML report."""
    return bool(getattr(args, "corpus", None) or getattr(args, "html", None))


def _load(args: argparse.Namespace) -> tuple[list[Entry], list[tuple[str, str]]]:
    if args.corpus:
        return entries_from_store(args.corpus), failures_from_store(args.corpus)
    if not args.files:
        raise ValueError("give report files or folders, or --corpus STORE")
    with progress_bar("check", enabled=sys.stderr.isatty()) as progress:
        return entries(list(args.files), progress)


def _print_json(
    found: list[Entry], findings: list[Finding], failures: list[tuple[str, str]]
) -> None:
    out = {
        "findings": [
            {"source": f.source, "agency": f.agency, "year": f.year, **f.diagnostic.to_dict()}
            for f in findings
        ],
        "failures": [{"source": s, "error": e} for s, e in failures],
        "reports": len(found),
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))


def _print_findings(
    found: list[Entry], findings: list[Finding], failures: list[tuple[str, str]]
) -> None:
    by_source: dict[str, list[Finding]] = {}
    for f in findings:
        by_source.setdefault(f.source, []).append(f)
    for e in found:
        own = [d for d in e.result.diagnostics if d.severity is not Severity.INFO]
        for d in [*own, *(f.diagnostic for f in by_source.get(e.source, []))]:
            print(f"{e.source}: {d}")
    for source, reason in failures:
        print(f"{source}: failed: {reason}")


def cmd_check_corpus(args: argparse.Namespace) -> int:
    """``govreport check PATH|--corpus STORE [--html OUT]``: the corpus and document
    checks; exit 1 if any finding or stored diagnostic is an error."""
    from .html_report import write_html

    try:
        found, failures = _load(args)
        findings = check_corpus(found)
        if args.html:
            write_html(args.html, found, findings, failures)
    except (ValueError, OSError) as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return 2
    if args.html:
        print(
            f"{len(found)} report(s), {len(failures)} failed, {len(findings)} finding(s) "
            f"→ {os.fspath(args.html)}"
        )
    elif args.format == "json":
        _print_json(found, findings, failures)
    else:
        _print_findings(found, findings, failures)
    errors = [d for e in found for d in e.result.diagnostics if d.severity is Severity.ERROR]
    return 1 if errors or any(f.diagnostic.severity is Severity.ERROR for f in findings) else 0
