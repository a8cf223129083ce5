"""govreport: the yearly government information-disclosure reports as typed data.

>>> import govreport
>>> result = govreport.read("examples/ruzhou_gonganju_2023.txt")  # doctest: +SKIP
>>> result.report.applications.new_received.total                     # doctest: +SKIP
11
"""

from __future__ import annotations

from .api import MAX_BYTES, ParseResult, check, dumps, from_dict, parse, read, to_dict
from .diagnostics import Diagnostic, Kind, Severity
from .errors import (
    InputTooLargeError,
    NotAReportError,
    ParseError,
    ReaderError,
    ResourceLimitError,
    StrictModeError,
    StructureError,
    UnexpectedToken,
)
from .model import Report

__all__ = [
    "MAX_BYTES",
    "Diagnostic",
    "InputTooLargeError",
    "Kind",
    "NotAReportError",
    "ParseError",
    "ParseResult",
    "ReaderError",
    "Report",
    "ResourceLimitError",
    "Severity",
    "StrictModeError",
    "StructureError",
    "UnexpectedToken",
    "check",
    "dumps",
    "from_dict",
    "parse",
    "read",
    "strategies",
    "to_dict",
    "to_frame",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # Imported on first use: it needs the optional hypothesis dependency.
    if name == "strategies":
        import importlib

        return importlib.import_module(".strategies", __name__)
    if name == "to_frame":
        # Imported on first use: pandas is optional (govreport[pandas]).
        from .frame import to_frame

        return to_frame
    raise AttributeError(f"module 'govreport' has no attribute {name!r}")
