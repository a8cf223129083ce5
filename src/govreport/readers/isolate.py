"""Run a reader in a worker process with a time and a memory limit.

pdfminer (under pdfplumber) can spin for minutes or grow to gigabytes on a
hostile PDF, lxml can be made to work hard by a hostile .docx, and a thread
cannot be stopped. So :func:`~govreport.readers.to_text` reads PDF and DOCX files
in a fresh ``python -m govreport.readers.isolate`` process: the file's bytes go
in on stdin, a JSON answer comes back on stdout. The worker caps its own address
space and CPU time (``resource``, where the platform has it; CPU time by the
PDF's pages, see :mod:`~govreport.readers.limits`); the caller stops waiting
after :data:`~govreport.readers.limits.READER_MAX_SECONDS` and kills it.
Every way this can end that is not text is a :class:`~govreport.errors.ParseError`.

The limits can be set with the environment variables ``GOVREPORT_READER_SECONDS``
(one wall-clock bound, for the worker's CPU time too) and ``GOVREPORT_READER_MEMORY``
(bytes).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any, Literal

from govreport.errors import ReaderError, ResourceLimitError
from govreport.readers.limits import (
    READER_CPU_PER_PAGE,
    READER_CPU_SECONDS,
    READER_FREE_PAGES,
    READER_MAX_SECONDS,
    READER_MEMORY,
    READER_SECONDS,
)
from govreport.readers.text import Located

__all__ = ["run_isolated"]

IsolatedKind = Literal["pdf", "docx"]


def _limit(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def run_isolated(kind: IsolatedKind, data: bytes) -> str:
    """The text of ``data`` read by the ``kind`` reader in a limited worker."""
    fixed = "GOVREPORT_READER_SECONDS" in os.environ
    seconds = _limit("GOVREPORT_READER_SECONDS", READER_SECONDS) if fixed else READER_MAX_SECONDS
    memory = int(_limit("GOVREPORT_READER_MEMORY", READER_MEMORY))
    cpu = str(seconds) if fixed else "pages"
    cmd = [sys.executable, "-m", "govreport.readers.isolate", kind, str(memory), cpu]
    try:
        run = subprocess.run(cmd, input=data, capture_output=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired:
        raise ResourceLimitError(
            f"reading the {kind.upper()} took longer than {seconds:g} s: stopped "
            "(a broken or hostile file; set GOVREPORT_READER_SECONDS to allow more)"
        ) from None
    except OSError as e:
        raise ReaderError(f"cannot start the {kind.upper()} reader process: {e}") from e
    try:
        answer = json.loads(run.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answer = None
    if not isinstance(answer, dict):
        raise ResourceLimitError(
            f"the {kind.upper()} reader process died (exit status {run.returncode}): "
            f"it ran out of its time or memory limit ({memory:,} bytes), or crashed "
            "on a broken or hostile file"
        )
    if "text" in answer:
        text = Located(str(answer["text"]))
        text.places = {int(line): (int(t), int(r)) for line, t, r in answer.get("places", [])}
        return text
    error = ResourceLimitError if answer.get("type") == "ResourceLimitError" else ReaderError
    raise error(str(answer.get("message", "cannot read the file")))


def _set_limits(memory: int, seconds: float) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows: the caller's timeout still holds
        return
    for limit, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, int(seconds) + 1)):
        try:
            _soft, hard = resource.getrlimit(limit)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError):  # pragma: no cover - a platform that refuses
            pass


def _out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` or what caused it was an allocation failure (pdfminer wraps
    MemoryError and zlib's "Unable to allocate" in its own exception types)."""
    seen: BaseException | None = exc
    for _ in range(20):
        if seen is None:
            return False
        if isinstance(seen, MemoryError) or "allocate" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _cpu_seconds(kind: str, data: bytes) -> float:
    """The default CPU bound of reading ``data``: a base, and an allowance for each
    page of a long PDF (counted from its page tree, which is quick to read; the
    worker counts under the base bound)."""
    if kind != "pdf":
        return READER_CPU_SECONDS
    try:
        import io

        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
    except Exception:  # the reader proper reports what is wrong with the file
        return READER_CPU_SECONDS
    extra = READER_CPU_PER_PAGE * max(0, pages - READER_FREE_PAGES)
    return min(READER_CPU_SECONDS + extra, READER_MAX_SECONDS)


def _worker(argv: list[str]) -> int:
    kind, memory = argv[0], int(argv[1])
    # The libraries are imported before the limits: these bound the file, not them.
    reader: Callable[[bytes], str]
    if kind == "pdf":
        from govreport.readers.pdf import pdf_to_text as reader

        with contextlib.suppress(ImportError):  # pdf_to_text reports a missing extra
            import pdfplumber  # noqa: F401
    else:
        from govreport.readers.docx import docx_to_text as reader

        with contextlib.suppress(ImportError):
            import docx  # noqa: F401
    data = sys.stdin.buffer.read()
    if argv[2] == "pages":
        _set_limits(memory, READER_CPU_SECONDS)  # counting the pages is bounded too
        seconds = _cpu_seconds(kind, data)
    else:
        seconds = float(argv[2])
    _set_limits(memory, seconds)
    try:
        text = reader(data)
        places = getattr(text, "places", {})
        answer: dict[str, Any] = {
            "text": str(text),
            "places": [[line, t, r] for line, (t, r) in places.items()],
        }
    except (MemoryError, ReaderError) as e:
        if _out_of_memory(e):
            answer = {"type": "ResourceLimitError", "message": f"the {kind.upper()} needs more "
                      f"memory than the reader's limit ({memory:,} bytes)"}  # fmt: skip
        else:
            answer = {"type": type(e).__name__, "message": getattr(e, "message", str(e))}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    raise SystemExit(_worker(sys.argv[1:]))
