"""The hand-read expected files, completed: every cell of the template present."""

from __future__ import annotations

import json
from typing import Any

from govreport import to_dict
from govreport.model import Report


def complete(expected: dict[str, Any]) -> dict[str, Any]:
    """The expected file with the keys it leaves out (not stated) as ``None``."""
    base: dict[str, Any] = json.loads(
        json.dumps(to_dict(Report.empty(expected["template"])), default=str)
    )

    def merge(into: dict[str, Any], new: dict[str, Any]) -> None:
        for k, v in new.items():
            if isinstance(v, dict) and isinstance(into.get(k), dict):
                merge(into[k], v)
            else:
                into[k] = v

    merge(base, expected)
    return base


def leaves(d: Any, path: str = "") -> dict[str, Any]:
    """Each leaf of a nested dict, keyed by its dotted path."""
    if isinstance(d, dict):
        out: dict[str, Any] = {}
        for k, v in d.items():
            out.update(leaves(v, f"{path}.{k}" if path else k))
        return out
    return {path: d}
