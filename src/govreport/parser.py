"""The Lark parsers, one per table form, built once and cached.

The grammars live in the top-level ``grammars/`` folder, which is shipped as the
package ``govreport.grammars`` and loaded with :mod:`importlib.resources`.
"""

from __future__ import annotations

import functools
from typing import Literal

from lark import Lark, Transformer

__all__ = ["TableForm", "get_parser"]

TableForm = Literal["active_2019", "active_2021", "applications", "reviews"]


@functools.cache
def get_parser(form: TableForm, transformer: Transformer[object, object] | None = None) -> Lark:
    """The LALR parser of ``form``'s grammar (``grammars/<form>.lark``).

    With a ``transformer`` the parser builds its result while it parses, without
    building a tree first; that is the fast path the table stage uses.
    """
    return Lark.open_from_package(
        "govreport.grammars",
        f"{form}.lark",
        search_paths=("",),
        parser="lalr",
        lexer="contextual",
        propagate_positions=False,
        maybe_placeholders=False,
        transformer=transformer,
    )
