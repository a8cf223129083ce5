"""Beyond one machine: parse a corpus with Dask (``govreport[dask]``).

>>> import govreport.dask                                          # doctest: +SKIP
>>> bag = govreport.dask.read(["reports/", "s3://bucket/reports/*.pdf"])
>>> frame = govreport.dask.cells(["reports/"])                     # tidy cells
>>> frame.groupby("status").size().compute()

Paths may be local files, folders (walked recursively for the supported formats)
or any fsspec URL, glob patterns included. Each worker reads its files itself, so
a cluster only needs the URLs to be reachable from its workers.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import attrs

from .api import ParseResult
from .api import read as read_file
from .corpus import SUFFIXES
from .frame import empty_frame, frame_of, records

__all__ = ["cells", "expand", "read"]

OnError = Literal["raise", "skip"]


@attrs.frozen
class _Parsed:
    source: str
    result: ParseResult | None
    error: str | None


def _imports() -> tuple[Any, Any, Any]:
    try:
        import dask
        import dask.bag
        import dask.dataframe
        import fsspec
    except ImportError:
        raise ImportError(
            "govreport.dask needs dask and fsspec: pip install 'govreport[dask]'"
        ) from None
    return dask, fsspec, dask.bag


def expand(paths: str | Iterable[str | os.PathLike[str]]) -> list[str]:
    """Every supported file named by ``paths`` (files, folders, globs, fsspec URLs),
    sorted; local files stay plain paths, others keep their protocol."""
    _, fsspec, _ = _imports()
    found: set[str] = set()
    for p in [paths] if isinstance(paths, str) else paths:
        fs, root = fsspec.core.url_to_fs(os.fspath(p))
        if any(ch in root for ch in "*?["):
            names = fs.glob(root)
        elif fs.isdir(root):
            names = [n for n in fs.find(root) if PurePosixPath(n).suffix.lower() in SUFFIXES]
        elif fs.exists(root):
            names = [root]
        else:
            raise ValueError(f"{os.fspath(p)}: no such file or folder")
        local = "file" in (fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,))
        found.update(n if local else fs.unstrip_protocol(n) for n in names)
    return sorted(found)


def _parse_url(url: str) -> ParseResult:
    if os.path.exists(url):
        return read_file(url)
    _, fsspec, _ = _imports()
    with fsspec.open(url, "rb") as fh:
        data = fh.read()
    # read() picks the reader from content and extension: give it both.
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp) / PurePosixPath(url).name
        local.write_bytes(data)
        return read_file(local)


def _parse(url: str) -> _Parsed:
    try:
        return _Parsed(url, _parse_url(url), None)
    except Exception as exc:  # one bad file must not fail the whole job
        return _Parsed(url, None, f"{type(exc).__name__}: {exc}")


def _bag(paths: str | Iterable[str | os.PathLike[str]], npartitions: int | None) -> Any:
    _, _, bag = _imports()
    urls = expand(paths)
    if not urls:
        raise ValueError("no supported report files found")
    # Several files a partition: a task per file would cost more than parsing it.
    n = npartitions or max(1, min(len(urls), (len(urls) + 7) // 8))
    return bag.from_sequence(urls, npartitions=n).map(_parse)


def _result_or_raise(parsed: _Parsed) -> ParseResult:
    if parsed.result is None:
        raise ValueError(f"{parsed.source}: {parsed.error}")
    return parsed.result


def read(
    paths: str | Iterable[str | os.PathLike[str]],
    *,
    npartitions: int | None = None,
    on_error: OnError = "raise",
) -> Any:
    """A ``dask.bag.Bag`` of :class:`~govreport.ParseResult`, one per file.

    A file that cannot be parsed raises (naming it) when the bag is computed, or
    with ``on_error="skip"`` is left out.
    """
    parsed = _bag(paths, npartitions)
    if on_error == "skip":
        return parsed.filter(lambda p: p.result is not None).map(lambda p: p.result)
    return parsed.map(_result_or_raise)


def _frame(partition: Sequence[_Parsed]) -> Any:
    rows = [r for p in partition if p.result is not None for r in records(p.source, p.result)]
    return frame_of(rows) if rows else empty_frame()


def cells(paths: str | Iterable[str | os.PathLike[str]], *, npartitions: int | None = None) -> Any:
    """A ``dask.dataframe.DataFrame`` of tidy cells, the columns of
    :func:`govreport.to_frame`; files that cannot be parsed give no rows."""
    dask, _, _ = _imports()
    import dask.dataframe as dd

    parts = [dask.delayed(_frame)(part) for part in _bag(paths, npartitions).to_delayed()]
    return dd.from_delayed(parts, meta=empty_frame(), verify_meta=False)
