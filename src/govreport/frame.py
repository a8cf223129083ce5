"""Parse results as a pandas DataFrame in tidy form (``govreport[pandas]``).

One row per cell of the data contract, the same rows as the corpus store's cells
table, with the template's Chinese labels beside the dotted path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Union

from .api import ParseResult
from .tidy import cells, label_parts

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FRAME_COLUMNS", "Results", "empty_frame", "frame_of", "records", "to_frame"]

#: The columns of :func:`to_frame`, in order.
FRAME_COLUMNS: tuple[str, ...] = (
    "source",
    "agency",
    "year",
    "template",
    "path",
    "value",
    "status",
    "section_label",
    "row_label",
    "column_label",
)

Sourced = Union[ParseResult, tuple[Union[str, "os.PathLike[str]", None], ParseResult]]  # noqa: UP007
#: What :func:`to_frame` takes: results keyed by source, or results (optionally
#: paired with their source) in any iterable.
Results = Union[Mapping[Any, ParseResult], Iterable[Sourced]]  # noqa: UP007

# Text columns hold pandas' nullable string (a cell not stated is <NA>, never NaN),
# the year a nullable integer.
_DTYPES = {c: "string" for c in FRAME_COLUMNS} | {"year": "Int64"}


def records(source: str | None, result: ParseResult) -> list[dict[str, Any]]:
    """The tidy rows of one parse result, as dicts keyed by :data:`FRAME_COLUMNS`."""
    report = result.report
    out = []
    for cell in cells(result):
        section, row, column = label_parts(cell.path, report.template)
        out.append(
            {
                "source": source,
                "agency": report.agency,
                "year": report.year,
                "template": report.template,
                "path": cell.path,
                "value": cell.value,
                "status": cell.status.value,
                "section_label": section,
                "row_label": row,
                "column_label": column,
            }
        )
    return out


def _pairs(results: Results) -> Iterable[tuple[str | None, ParseResult]]:
    if isinstance(results, Mapping):
        items: Iterable[Any] = results.items()
    else:
        items = results
    for item in items:
        if isinstance(item, ParseResult):
            yield None, item
        else:
            source, result = item
            yield (None if source is None else os.fspath(source)), result


def empty_frame() -> pd.DataFrame:
    """A frame with no rows and the columns and dtypes of :func:`to_frame`."""
    pandas = _pandas()
    return pandas.DataFrame({c: pandas.Series(dtype=_DTYPES[c]) for c in FRAME_COLUMNS})


def to_frame(results: Results) -> pd.DataFrame:
    """A tidy DataFrame of parse results: one row per cell, with the columns
    :data:`FRAME_COLUMNS` (``year`` a nullable integer, ``value`` text or None).

    >>> govreport.to_frame({"a.txt": govreport.read("a.txt")})  # doctest: +SKIP
    """
    _pandas()  # the missing-extra message before any parsing work
    rows = [r for source, result in _pairs(results) for r in records(source, result)]
    if not rows:
        return empty_frame()
    return frame_of(rows)


def frame_of(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame of :func:`records` rows with the dtypes of :func:`to_frame`."""
    pandas = _pandas()
    frame = pandas.DataFrame.from_records(rows, columns=list(FRAME_COLUMNS))
    return frame.astype(_DTYPES)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "govreport.to_frame needs pandas: pip install 'govreport[pandas]'"
        ) from None
    return pandas
