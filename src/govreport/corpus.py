"""Extract a corpus: walk folders, hash, parse in parallel, store; resumable.

``extract(paths, out)`` is ``govreport extract``. Files are keyed by the SHA-256 of
their content: a file whose content is already in the store is skipped, so an
interrupted run picks up where it stopped and a rerun adds nothing twice. Workers
parse chunks of files and send back plain rows; the main process alone writes,
one transaction per file.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import attrs

from .api import ParseResult, parse, read, to_dict
from .corpus_checks import Entry, outline
from .store import Record, Store, export_cells, export_format
from .tidy import cells

__all__ = [
    "SUFFIXES",
    "ExtractSummary",
    "Progress",
    "Stopped",
    "entries",
    "extract",
    "extract_file",
    "parse_file",
    "record_of",
    "sha256_of",
    "walk",
]

#: File suffixes ``extract`` picks up when it walks a folder (files named on the
#: command line are always taken).
SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".html", ".htm", ".xhtml", ".shtml", ".pdf", ".docx"}
)

#: Called after each stored file with (files done, files to do, failures so far).
Progress = Callable[[int, int, int], None]


@attrs.frozen
class ExtractSummary:
    """What one run did."""

    found: int  # supported files found
    skipped: int  # already in the store (same content), or a duplicate within this run
    stored: int  # parsed and stored now
    failed: int  # of ``stored``, those whose reason is in the failures table
    out: str


def walk(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Every supported file under ``paths`` (folders recursively), sorted, no repeats."""
    found: set[str] = set()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.update(
                    os.path.join(root, f)
                    for f in files
                    if not f.startswith(".") and Path(f).suffix.lower() in SUFFIXES
                )
        elif path.exists():
            found.add(os.fspath(path))
        else:
            raise ValueError(f"{os.fspath(path)}: no such file or folder")
    return sorted(found)


def sha256_of(path: str) -> str:
    """The file's content hash; for an unreadable file, a hash of its name (marked so
    that it can never equal a content hash's input), so its failure is stored once."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return hashlib.sha256(b"\0unreadable\0" + os.fsencode(path)).hexdigest()
    return h.hexdigest()


def record_of(source: str, sha256: str, result: ParseResult, outline_json: str) -> Record:
    """The rows to store for one parsed report."""
    report = result.report
    return Record(
        source=source,
        sha256=sha256,
        agency=report.agency,
        year=report.year,
        template=report.template,
        cells=tuple((c.path, c.value, c.status.value) for c in cells(result)),
        diagnostics=tuple(
            (d.code, d.kind.value, d.severity.value, d.message, json.dumps(list(d.paths)))
            for d in result.diagnostics
        ),
        report_json=json.dumps(to_dict(report), ensure_ascii=False),
        outline_json=outline_json,
    )


def parse_file(source: str) -> Entry:
    """Parse one file, keeping the section headings of its text for the document checks."""
    from .readers import sniff, to_text

    try:
        data = Path(source).read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {source}: {exc.strerror or exc}") from None
    kind = sniff(data, source)
    text = to_text(data, kind=kind)
    # Tables from a real grid (HTML, DOCX) are read by position only through read();
    # for text and PDF, parse() of the text is read() without converting twice.
    result = read(source) if kind in ("html", "docx") else parse(text)
    return Entry(source, result, outline(text))


def extract_file(source: str, sha256: str) -> Record:
    """Parse one file into its rows. Never raises: a failure is a record with its reason."""
    try:
        entry = parse_file(source)
    except Exception as exc:  # a bad file must never stop a corpus run: keep its reason
        return Record(source=source, sha256=sha256, error=_reason(exc))
    heads = json.dumps([attrs.astuple(h) for h in entry.outline or ()], ensure_ascii=False)
    return record_of(source, sha256, entry.result, heads)


def entries(
    paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None
) -> tuple[list[Entry], list[tuple[str, str]]]:
    """Parse every supported file under ``paths`` in this process, for the checks:
    the entries, and (source, reason) of each file that failed."""
    files = walk(paths)
    done: list[Entry] = []
    failed: list[tuple[str, str]] = []
    for i, source in enumerate(files, 1):
        try:
            done.append(parse_file(source))
        except Exception as exc:  # one bad file must not hide the others' findings
            failed.append((source, _reason(exc)))
        if progress is not None:
            progress(i, len(files), len(failed))
    return done, failed


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _extract_chunk(chunk: Sequence[tuple[str, str]]) -> list[Record]:
    return [extract_file(source, sha) for source, sha in chunk]


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group: the main process alone handles it,
    # so that it can stop cleanly instead of every worker printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A main process killed outright (SIGKILL) cannot stop its workers: they stop
    # themselves when their parent is gone instead of idling on forever.
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class Stopped(Exception):
    """The run was asked to stop (SIGTERM); what was stored is kept."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stopped(signum: int, _frame: object) -> None:
    raise Stopped(signum)


def _chunks(todo: Sequence[tuple[str, str]], jobs: int) -> list[list[tuple[str, str]]]:
    # Several files per task amortise sending work to a process, small enough
    # chunks keep the progress bar moving and bound what a kill can lose.
    size = max(1, min(16, len(todo) // (jobs * 8) or 1))
    return [list(todo[i : i + size]) for i in range(0, len(todo), size)]


def _results(todo: Sequence[tuple[str, str]], jobs: int) -> Iterator[Record]:
    if jobs <= 1:
        for source, sha in todo:
            yield extract_file(source, sha)
        return
    with cf.ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init) as pool:
        futures = [pool.submit(_extract_chunk, c) for c in _chunks(todo, jobs)]
        try:
            # In the files' order, not as they finish: the store's rows then come in
            # the same order in a clean run and in an interrupted and resumed one, so
            # that even a dump of the two databases is the same.
            for fut in futures:
                yield from fut.result()
        finally:
            for fut in futures:
                fut.cancel()


def store_path(out: str | os.PathLike[str]) -> Path:
    """The SQLite store behind ``out``: ``out`` itself, or for a csv/jsonl/parquet
    export a working store beside it (``x.csv.govreport.sqlite``) that makes the
    export resumable too."""
    if export_format(out) == "sqlite":
        return Path(out)
    return Path(f"{os.fspath(out)}.govreport.sqlite")


def extract(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> ExtractSummary:
    """Parse every supported file under ``paths`` into the store at ``out``.

    ``out`` ending in .sqlite/.db is the store; .csv, .jsonl and .parquet get the
    tidy cells of the whole store once every file is in.
    """
    export_format(out)  # a bad suffix fails before any work
    with _stop_on_sigterm():
        return _extract(walk(paths), out, jobs, progress)


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """A plain `kill` stops the run as Ctrl-C does (:class:`Stopped`): the workers are
    ended and nothing is half-written. The caller's own handler is put back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_stopped)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _extract(
    files: list[str], out: str | os.PathLike[str], jobs: int | None, progress: Progress | None
) -> ExtractSummary:
    with Store(store_path(out)) as store:
        known = store.known()
        todo: list[tuple[str, str]] = []
        for source in files:
            sha = sha256_of(source)
            if sha not in known:
                known.add(sha)  # the same content twice in one run is stored once
                todo.append((source, sha))
        stored = failed = 0
        # No pool for a single file: starting processes would cost more than parsing it.
        workers = min(jobs or os.cpu_count() or 1, len(todo))
        for rec in _results(todo, workers):
            if store.add(rec):
                stored += 1
                failed += rec.error is not None
            if progress is not None:
                progress(stored, len(todo), failed)
        if export_format(out) != "sqlite":
            export_cells(store, out)
    return ExtractSummary(len(files), len(files) - len(todo), stored, failed, os.fspath(out))
