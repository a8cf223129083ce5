"""The Lark parsers, one per table form, built once, strict, and cached on disk.

The grammars live in the top-level ``grammars/`` folder, which is shipped as the
package ``govreport.grammars`` and loaded with :mod:`importlib.resources`. Their
terminals are declared, not matched: :mod:`govreport.tokens` makes the tokens
from the template, and :class:`TokenStream` hands them to the LALR parser as they
are. Every grammar builds with ``strict=True`` (no shift/reduce conflict).

Building the parse tables costs more than a report's parse, so the analysed
grammars are kept in the user's cache directory (``$XDG_CACHE_HOME/govreport``,
or ``GOVREPORT_CACHE_DIR``); never in the installed package. Where no cache
directory can be written the parsers are simply built in memory.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer
from lark.common import LexerConf
from lark.lexer import Lexer

from .tokens import TableForm

__all__ = ["START", "TokenStream", "build_parser", "get_parser"]

#: The start rules of each form's grammar (section 三 has one per version).
START: dict[TableForm, tuple[str, ...]] = {
    "applications": ("applications_2021", "applications_2019"),
    "active_2021": ("active_2021",),
    "active_2019": ("active_2019",),
    "reviews": ("reviews",),
}


class TokenStream(Lexer):
    """A Lark lexer that passes on tokens already made (a list of :class:`Token`)."""

    def __init__(self, conf: LexerConf) -> None:
        pass

    def lex(self, data: Sequence[Token]) -> Iterator[Token]:  # type: ignore[override]
        return iter(data)


def _cache_dir() -> Path | None:
    root = os.environ.get("GOVREPORT_CACHE_DIR")
    if root is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
        root = os.path.join(base, "govreport")
    try:
        os.makedirs(root, exist_ok=True)
    except OSError:
        return None
    return Path(root) if os.access(root, os.W_OK) else None


def build_parser(
    form: TableForm,
    *,
    transformer: Transformer[Token, Any] | None = None,
    cache: str | bool = False,
) -> Lark:
    """A new strict LALR parser of ``form``'s grammar; :func:`get_parser` keeps one."""
    return Lark.open_from_package(
        "govreport.grammars",
        f"{form}.lark",
        search_paths=("",),
        parser="lalr",
        lexer=TokenStream,
        strict=True,
        start=list(START[form]),
        propagate_positions=False,
        maybe_placeholders=False,
        transformer=transformer,
        cache=cache,
    )


@functools.cache
def get_parser(form: TableForm, transformer: Transformer[Token, Any]) -> Lark:
    """The strict LALR parser of ``form``'s grammar (``grammars/<form>.lark``).

    The ``transformer`` builds the result while the parser reduces, without a
    tree in between: the fast path for clean tables.
    """
    from . import __version__

    where = _cache_dir()
    if where is not None:
        path = where / f"{form}-{__version__}.lark"
        try:
            return build_parser(form, transformer=transformer, cache=str(path))
        except OSError:
            pass  # an unwritable or vanished cache: build in memory
    return build_parser(form, transformer=transformer)
