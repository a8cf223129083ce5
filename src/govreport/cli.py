"""The ``govreport`` command line.

``govreport parse FILE…`` prints reports in canonical text or JSON, ``govreport
check FILE…`` their diagnostics. Files may be paths, globs, folders (every report
file in them) or ``-`` for standard input.

Exit codes: 0 success; 1 ``check`` found an error (with ``--strict``: a warning or
an error; ``parse --strict`` likewise); 2 a file could not be read as a report, or
the command line was wrong. An internal error on one file is reported as such (no
traceback), the other files are still read, and the exit code is 2.

Subcommands are entries of :data:`COMMANDS`: a name, a help line, a function that
adds its arguments and a function that runs it. A new one is one more entry.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from . import __version__, corpus_cli
from .api import MAX_BYTES, ParseResult, dumps, read, to_dict
from .diagnostics import Diagnostic, Lang, Severity
from .errors import ParseError

__all__ = ["COMMANDS", "Command", "main"]

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2

#: Extensions a folder given on the command line is searched for.
REPORT_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".shtml", ".xhtml", ".pdf", ".docx")

_SEVERITY_ORDER = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_NAMES = {
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"},
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"},
}


class Command(NamedTuple):
    """One subcommand: how to declare its arguments and how to run it."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO], int]


# ---------------------------------------------------------------- inputs


def expand(args: Sequence[str]) -> Iterator[str]:
    """Paths named by the command line: a glob's matches, a folder's report files
    (recursively, sorted), ``-`` as it is. A pattern that matches nothing is
    yielded as it is, so that its error names it."""
    for arg in args:
        if arg == "-" or os.path.isfile(arg):
            yield arg
        elif os.path.isdir(arg):
            found = sorted(
                str(p)
                for p in Path(arg).rglob("*")
                if p.suffix.lower() in REPORT_EXTENSIONS and p.is_file()
            )
            yield from found or [arg]
        elif glob.has_magic(arg):
            yield from sorted(glob.glob(arg, recursive=True)) or [arg]
        else:
            yield arg


def _read(path: str, args: argparse.Namespace) -> ParseResult:
    # Strict mode is judged here from the diagnostics, so that they are still shown.
    if path == "-":
        return read(sys.stdin.buffer, max_bytes=args.max_bytes, name="<stdin>")
    if os.path.isdir(path):
        raise ParseError("a folder with no report files (.txt .md .html .pdf .docx)", source=path)
    if not os.path.exists(path):
        raise ParseError("no such file (nor a glob that matches one)", source=path)
    return read(path, max_bytes=args.max_bytes)


# ---------------------------------------------------------------- output


def _counts(diags: Sequence[Diagnostic]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for d in diags:
        counts[d.severity] += 1
    return counts


def summary(diags: Sequence[Diagnostic], lang: Lang = "en") -> str:
    """``2 errors, 5 warnings, 25 notes`` (or in Chinese)."""
    counts = _counts(diags)
    if lang == "zh":
        return (
            f"{counts[Severity.ERROR]} 个错误，{counts[Severity.WARNING]} 个警告，"
            f"{counts[Severity.INFO]} 条提示"
        )
    parts = []
    for sev, word in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "note"),
    ):
        n = counts[sev]
        parts.append(f"{n} {word}{'' if n == 1 else 's'}")
    return ", ".join(parts)


def format_diagnostic(d: Diagnostic, file: str, lang: Lang, max_paths: int) -> list[str]:
    """A diagnostic as lines: ``FILE:LINE: severity CODE: message``, then each cell's
    path and Chinese labels, at most ``max_paths`` of them and "and N more"."""
    where = f"{file} ({d.place})" if d.place else f"{file}:{d.line}" if d.line is not None else file
    lines = [f"{where}: {_NAMES[lang][d.severity]} {d.code}: {d.render(lang)}"]
    for i, path in enumerate(d.paths[:max_paths]):
        label = d.label_text(i)
        lines.append(f"    {path}" + (f"  ({label})" if label else ""))
    hidden = len(d.paths) - max_paths
    if hidden > 0:
        lines.append(f"    … and {hidden} more" if lang == "en" else f"    … 另有 {hidden} 格")
    return lines


def _error_json(file: str, exc: ParseError) -> dict[str, Any]:
    return {
        "file": file,
        "error": {
            "type": type(exc).__name__,
            "message": exc.message,
            "line": exc.line,
            "col": exc.col,
        },
    }


def _shown(diags: Sequence[Diagnostic], args: argparse.Namespace) -> list[Diagnostic]:
    floor = _SEVERITY_ORDER[Severity(args.min_severity)]
    return [d for d in diags if _SEVERITY_ORDER[d.severity] >= floor]


def _status(diags: Sequence[Diagnostic], strict: bool) -> int:
    worst = max((_SEVERITY_ORDER[d.severity] for d in diags), default=0)
    return EXIT_FINDINGS if worst >= (1 if strict else 2) else EXIT_OK


def _warn(file: str, exc: ParseError) -> None:
    print(f"govreport: {exc}" if exc.source else f"govreport: {file}: {exc}", file=sys.stderr)


def _each(
    args: argparse.Namespace, out: TextIO, one: Callable[[str, ParseResult], tuple[int, Any]]
) -> int:
    """Run ``one`` on every file; collect the JSON records; the worst exit code."""
    status = EXIT_OK
    records: list[Any] = []
    for file in expand(args.files):
        try:
            result = _read(file, args)
        except ParseError as exc:
            _warn(file, exc)
            status = EXIT_UNREADABLE
            records.append(_error_json(_name(file), exc))
            continue
        except Exception as exc:  # a bug of ours: say so, and go on with the other files
            print(f"govreport: {file}: {_internal(exc)}", file=sys.stderr)
            status = EXIT_UNREADABLE
            records.append({"file": _name(file), "error": {"type": "InternalError",
                            "message": _internal(exc), "line": None, "col": None}})  # fmt: skip
            continue
        code, record = one(_name(file), result)
        status = max(status, code)
        records.append(record)
    if args.format == "json":
        doc = records[0] if len(records) == 1 else records
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return status


def _internal(exc: Exception) -> str:
    return (
        f"internal error of govreport, not of the file ({type(exc).__name__}: {exc}); "
        "please report it with the file"
    )


def _name(file: str) -> str:
    return "<stdin>" if file == "-" else file


# ---------------------------------------------------------------- commands


def _common(p: argparse.ArgumentParser, files: str = "+") -> None:
    p.add_argument(
        "files",
        nargs=files,
        metavar="FILE",
        help="report files (text, Markdown, HTML, PDF, DOCX), globs, folders, or - for stdin",
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text); json names each file, one object per file "
        "(a list for several files)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (UTF-8), not stdout")
    p.add_argument(
        "--strict",
        action="store_true",
        help="judge as a draft: exit 1 on warnings too, not only on errors",
    )
    p.add_argument(
        "--max-bytes",
        type=_size,
        default=MAX_BYTES,
        metavar="N",
        help=f"refuse files larger than N bytes (default {MAX_BYTES}; 0: no limit)",
    )
    p.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="language of the messages (default: en; zh: Chinese)",
    )
    p.add_argument(
        "--max-paths",
        type=int,
        default=8,
        metavar="N",
        help="list at most N cells of a diagnostic, then 'and N more' (default 8)",
    )
    p.add_argument(
        "--min-severity",
        choices=("info", "warning", "error"),
        default="info",
        help="show only diagnostics of at least this severity (default: info)",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print no diagnostics, only each file's summary line (check) or nothing (parse)",
    )


def _size(text: str) -> int | None:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of bytes: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return value or None


def _run_parse(args: argparse.Namespace, out: TextIO) -> int:
    def one(file: str, result: ParseResult) -> tuple[int, Any]:
        shown = _shown(result.diagnostics, args)
        if not args.quiet:
            # Warnings go to stderr so that stdout stays the report.
            for d in shown:
                if d.severity is not Severity.INFO:
                    for line in format_diagnostic(d, file, args.lang, args.max_paths):
                        print(line, file=sys.stderr)
        if args.format == "text":
            out.write(dumps(result.report))
        record = {
            "file": file,
            "report": to_dict(result.report),
            "diagnostics": [d.to_dict() for d in shown],
        }
        return _status(result.diagnostics, args.strict) if args.strict else EXIT_OK, record

    return _each(args, out, one)


def _check_arguments(p: argparse.ArgumentParser) -> None:
    _common(p, files="*")
    p.add_argument(
        "--corpus",
        metavar="STORE",
        help="check a store written by `govreport extract`: cross-year, narrative and "
        "document checks over every report in it",
    )
    p.add_argument(
        "--html",
        metavar="OUT.html",
        help="also write a visual check report: the template's tables with failing, "
        "rebuilt and unsettled cells marked (with FILEs or --corpus)",
    )


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    if corpus_cli.wants_corpus_check(args):
        return corpus_cli.cmd_check_corpus(args)
    if not args.files:
        print("govreport check: give report FILEs, or --corpus STORE", file=sys.stderr)
        return EXIT_UNREADABLE
    seen: list[Diagnostic] = []
    files = [0]

    def one(file: str, result: ParseResult) -> tuple[int, Any]:
        seen.extend(result.diagnostics)
        files[0] += 1
        shown = _shown(result.diagnostics, args)
        if args.format == "text":
            if not args.quiet:
                for d in shown:
                    out.write("\n".join(format_diagnostic(d, file, args.lang, args.max_paths)))
                    out.write("\n")
            out.write(f"{file}: {summary(result.diagnostics, args.lang)}\n")
        counts = _counts(result.diagnostics)
        record = {
            "file": file,
            "diagnostics": [d.to_dict() for d in shown],
            "summary": {"errors": counts[Severity.ERROR], "warnings": counts[Severity.WARNING],
                        "notes": counts[Severity.INFO]},
        }  # fmt: skip
        return _status(result.diagnostics, args.strict), record

    status = _each(args, out, one)
    total = len(list(expand(args.files)))
    if args.format == "text" and total > 1:
        # A folder's verdict in one line: how many files were read, and what they hold.
        unread = total - files[0]
        out.write(
            f"{total} files, {unread} unreadable: {summary(seen, args.lang)}\n"
            if args.lang == "en"
            else f"共 {total} 个文件，{unread} 个无法读取：{summary(seen, args.lang)}\n"
        )
    return status


COMMANDS: list[Command] = [
    Command("parse", "print reports in canonical text or JSON; warnings go to stderr",
            _common, _run_parse),
    Command("check", "print the diagnostics of reports and a summary line; exit 1 on errors",
            _check_arguments, _run_check),
    Command("extract", "parse every report under folders into a store (SQLite, CSV, JSON "
            "lines, Parquet), in parallel, resumably", corpus_cli.extract_arguments,
            corpus_cli.run_extract),
]  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="govreport",
        description="Read 政府信息公开工作年度报告 into typed data and check their arithmetic.",
        epilog="exit codes: 0 success; 1 check found errors (--strict: or warnings); "
        "2 a file could not be read as a report, or bad arguments",
    )
    ap.add_argument("--version", action="version", version=f"govreport {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for cmd in COMMANDS:
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        cmd.add_arguments(p)
        p.set_defaults(run=cmd.run)
    return ap


def _survive_any_encoding() -> None:
    """Characters the console cannot encode become escapes, never UnicodeEncodeError
    (``PYTHONIOENCODING=ascii``, a GBK Windows console, a pipe with LANG=C)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A detached or closed stream is left as it is.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``govreport`` and ``python -m govreport``."""
    _survive_any_encoding()
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "output", None):
            with open(args.output, "w", encoding="utf-8", newline="\n") as out:
                code: int = args.run(args, out)
        else:
            code = args.run(args, sys.stdout)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # `govreport check … | head`: the reader left; that is not a failure. Point
        # stdout at devnull so that the interpreter's final flush does not complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        print(f"govreport: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
