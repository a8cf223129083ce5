"""Exceptions. Every one a caller can see is a :class:`ParseError` (a ``ValueError``).

One class per failure, in the style of tomlkit: each carries ``line`` and ``col``
(1-based, ``None`` when the failure has no place in the text, e.g. a broken zip)
and ``source``, the file it came from. ``str(error)`` names all three:

    report.txt, line 1, column 1: not a report: expected …
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .api import ParseResult
    from .diagnostics import Diagnostic

__all__ = [
    "InputTooLargeError",
    "NotAReportError",
    "ParseError",
    "ReaderError",
    "ResourceLimitError",
    "StrictModeError",
    "StructureError",
    "UnexpectedToken",
]


class ParseError(ValueError):
    """Input that cannot be read as a report.

    Carries ``line`` and ``col`` (1-based, ``None`` when the failure has no place)
    and ``excerpt``: the offending source line with a caret under the column.
    ``source`` is the file name (``None`` for a string given to ``parse``, shown
    as ``<string>``); :func:`govreport.read` fills it in.
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
        super().__init__(message)

    def __str__(self) -> str:
        # Built on demand: read() names the file after the error was raised.
        if self.source is None and self.line is None:
            # No place to name (from_dict names its own paths).
            return self.message + (("\n" + self.excerpt) if self.excerpt else "")
        where = self.source if self.source is not None else "<string>"
        if self.line is not None:
            where += f", line {self.line}"
            if self.col is not None:
                where += f", column {self.col}"
        text = f"{where}: {self.message}"
        if self.excerpt:
            text += "\n" + self.excerpt
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only fields survive pickling (a corpus run's worker processes).
        state = (self.message, self.line, self.col, self.excerpt, self.source)
        return (_rebuild, (type(self), state, self.__dict__))


def _rebuild(cls: type[ParseError], state: tuple[Any, ...], extra: dict[str, Any]) -> ParseError:
    message, line, col, excerpt_, source = state
    err = cls.__new__(cls)
    ParseError.__init__(err, message, line=line, col=col, excerpt=excerpt_, source=source)
    err.__dict__.update(extra)
    return err


class NotAReportError(ParseError):
    """The text has none of the template's tables or headings."""


class UnexpectedToken(ParseError):
    """A table's grammar met something it does not allow.

    Kept for callers that catch it: parsing no longer raises it, since a table the
    strict grammars refuse is read by recovery instead (:mod:`govreport.assemble`).
    """


class StructureError(ParseError):
    """A dict or JSON document does not fit the data contract (names the path)."""


class ReaderError(ParseError):
    """A file could not be read or decoded (missing extra, broken file, bad encoding)."""


class InputTooLargeError(ReaderError):
    """The input is larger than ``max_bytes`` (default :data:`govreport.MAX_BYTES`).

    Raise the limit with ``read(..., max_bytes=N)`` or ``govreport --max-bytes N``.
    """


class ResourceLimitError(ReaderError):
    """A file would cost more than its reader allows: it inflates past the
    decompressed-size limit, declares a grid too wide or nests too deep, or its
    reader ran past its time or memory limit. Such files are hostile or broken."""


class StrictModeError(ParseError):
    """``strict=True`` and the report has warnings or errors.

    ``result`` is the :class:`~govreport.ParseResult` the default mode would have
    returned; ``diagnostics`` the findings of warning or error severity.
    """

    def __init__(
        self,
        message: str,
        *,
        result: ParseResult,
        diagnostics: tuple[Diagnostic, ...],
        line: int | None = None,
        col: int | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message, line=line, col=col, source=source)
        self.result = result
        self.diagnostics = diagnostics


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
