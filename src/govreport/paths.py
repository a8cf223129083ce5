"""Typed cell paths: ``applications.outcomes.total.natural_person`` as a value.

A :class:`CellPath` is the dotted path of the data contract split into its names.
It reads a cell from a report (:meth:`CellPath.get`) and prints as the contract's
dotted string, which is what diagnostics carry.
"""

from __future__ import annotations

import functools
import operator
from typing import Any, NamedTuple

__all__ = ["CellPath"]


class CellPath(NamedTuple):
    """A path into the data contract, e.g. ``CellPath.of("applications.new_received")``."""

    parts: tuple[str, ...]

    @classmethod
    def of(cls, dotted: str) -> CellPath:
        """The path of a dotted string (``"reviews.administrative_review.total"``)."""
        return cls(tuple(dotted.split(".")))

    def child(self, *names: str) -> CellPath:
        """This path extended by ``names``."""
        return CellPath(self.parts + names)

    @property
    def parent(self) -> CellPath:
        return CellPath(self.parts[:-1])

    @property
    def name(self) -> str:
        return self.parts[-1]

    def get(self, obj: Any) -> Any:
        """The value this path names in ``obj`` (a report, or a table of it)."""
        return _getter(self.parts)(obj)

    def within(self, prefix: CellPath) -> CellPath:
        """This path relative to ``prefix`` (which it must start with)."""
        n = len(prefix.parts)
        if self.parts[:n] != prefix.parts:
            raise ValueError(f"{self} is not within {prefix}")
        return CellPath(self.parts[n:])

    def __str__(self) -> str:
        return ".".join(self.parts)


@functools.cache
def _getter(parts: tuple[str, ...]) -> operator.attrgetter[Any]:
    return operator.attrgetter(".".join(parts))
