"""The ``govreport`` command line: ``parse`` and ``check`` one report, ``corpus`` many."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from . import corpus_cli
from .api import ParseResult, dumps, read, to_dict
from .diagnostics import Severity
from .errors import ParseError

__all__ = ["main"]


def _result_json(result: ParseResult) -> dict[str, Any]:
    return {
        "report": to_dict(result.report),
        "diagnostics": [d.to_dict() for d in result.diagnostics],
    }


def _cmd_parse(args: argparse.Namespace) -> int:
    result = read(args.path)
    if args.format == "json":
        print(json.dumps(_result_json(result), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(dumps(result.report))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    if corpus_cli.wants_corpus_check(args):
        return corpus_cli.cmd_check_corpus(args)
    if not args.path:
        print("govreport: check needs a report (or --corpus STORE)", file=sys.stderr)
        return 2
    result = read(args.path)
    if args.format == "json":
        print(json.dumps([d.to_dict() for d in result.diagnostics], ensure_ascii=False, indent=2))
    else:
        if not result.diagnostics:
            print(f"{args.path}: no findings")
        for d in result.diagnostics:
            print(f"{args.path}: {d}")
            for p in d.paths[:8]:
                print(f"    {p}")
    return 1 if any(d.severity is Severity.ERROR for d in result.diagnostics) else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``govreport`` and ``python -m govreport``."""
    ap = argparse.ArgumentParser(
        prog="govreport",
        description="Read 政府信息公开工作年度报告 into typed data and check their arithmetic.",
    )
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="print one report in canonical text or JSON")
    p.add_argument("path")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_parse)
    c = sub.add_parser("check", help="print the diagnostics of one report; exit 1 on errors")
    c.add_argument("path", nargs="?", help="a report; with --html also a folder")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--corpus", metavar="STORE", help="check a store from `govreport extract`")
    c.add_argument("--html", metavar="OUT.html", help="write a visual check report")
    c.set_defaults(func=_cmd_check)
    corpus_cli.register_extract(sub)
    args = ap.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except ParseError as exc:
        print(f"govreport: {getattr(args, 'path', '')}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
