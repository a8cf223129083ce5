"""Exceptions. Every one a caller can see is a :class:`ParseError` (a ``ValueError``)."""

from __future__ import annotations

__all__ = [
    "NotAReportError",
    "ParseError",
    "ReaderError",
    "StructureError",
    "UnexpectedToken",
]


class ParseError(ValueError):
    """Input that cannot be read as a report.

    Carries ``line`` and ``col`` (1-based, ``None`` when the failure has no place)
    and ``excerpt``: the offending source line with a caret under the column.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        col: int | None = None,
        excerpt: str = "",
        source: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.col = col
        self.excerpt = excerpt
        self.source = source
        where = f" (line {line}, column {col})" if line is not None else ""
        text = f"{message}{where}"
        if excerpt:
            text += "\n" + excerpt
        super().__init__(text)


class NotAReportError(ParseError):
    """The text has none of the template's tables or headings."""


class UnexpectedToken(ParseError):
    """A table's grammar met something it does not allow."""


class StructureError(ParseError):
    """A dict or JSON document does not fit the data contract (names the path)."""


class ReaderError(ParseError):
    """A file could not be read or decoded (missing extra, broken file, bad encoding)."""


def excerpt(text: str, line: int, col: int, width: int = 1) -> str:
    """The 1-based ``line`` of ``text`` with a caret run under ``col``."""
    lines = text.splitlines() or [""]
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    start = max(0, col - 1 - 30)
    shown = src[start : col - 1 + 40]
    pad = " " * _display_width(src[start : col - 1])
    return f"    {shown}\n    {pad}{'^' * max(1, width)}"


def _display_width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
