"""The Lark parsers of the table forms, strict, and the parse tables shipped from them.

The grammars live in the top-level ``grammars/`` folder, which is shipped as the
package ``govreport.grammars`` and loaded with :mod:`importlib.resources`. Their
terminals are declared, not matched: :mod:`govreport.tokens` makes the tokens
from the template, and :class:`TokenStream` hands them to the LALR parser as they
are. Every grammar builds with ``strict=True`` (no shift/reduce conflict).

Parsing does not load Lark: importing it and building (or loading) its parsers
cost more than a report's parse. Lark's LALR tables of every grammar are written,
at build time, to ``grammars/tables.json`` (``python -m govreport.parser``), and
:mod:`govreport.lalr` runs them; a test checks that the shipped tables are the
ones the grammars build. Nothing is written at run time.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from lark import Lark, Token, Transformer
from lark.common import LexerConf
from lark.lexer import Lexer

from .tokens import TableForm

__all__ = ["FORMS", "START", "TokenStream", "build_parser", "parse_tables"]

#: The start rules of each form's grammar (section 三 has one per version).
START: dict[TableForm, tuple[str, ...]] = {
    "applications": ("applications_2021", "applications_2019"),
    "active_2021": ("active_2021",),
    "active_2019": ("active_2019",),
    "reviews": ("reviews",),
}
FORMS: tuple[TableForm, ...] = tuple(START)


class TokenStream(Lexer):
    """A Lark lexer that passes on tokens already made (a list of :class:`Token`)."""

    def __init__(self, conf: LexerConf) -> None:
        pass

    def lex(self, data: Sequence[Token]) -> Iterator[Token]:  # type: ignore[override]
        return iter(data)


def build_parser(
    form: TableForm,
    *,
    transformer: Transformer[Token, Any] | None = None,
    cache: str | bool = False,
) -> Lark:
    """A new strict LALR parser of ``form``'s grammar (the tables :func:`parse_tables` ships)."""
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


def parse_tables(form: TableForm) -> dict[str, Any]:
    """Lark's LALR tables of ``form``'s strict grammar, as :mod:`govreport.lalr` runs them.

    ``rules``: each rule's name, its length, and the places of its children that
    are helper rules (``HEADER*`` is written as rules named ``__…``) whose children
    go in its place, as Lark's tree builder inlines them. ``states``: per state,
    each symbol's action, a state to shift to (``>= 0``) or ``-(rule + 1)`` to
    reduce by. Raises ``ValueError`` where a grammar uses a feature the runner
    does not (aliases, ``?rule``, anonymous tokens): its tables would be read wrong.
    """
    lark = build_parser(form)
    table = lark.parser.parser.parser.parse_table
    index = {rule: i for i, rule in enumerate(lark.rules)}
    rules: list[list[Any]] = []
    for rule in lark.rules:
        if rule.alias or rule.options.expand1 or rule.options.template_source:
            raise ValueError(f"{form}: rule {rule.origin.name} uses an alias or ?rule")
        if any(s.is_term and getattr(s, "filter_out", False) for s in rule.expansion):
            raise ValueError(f"{form}: rule {rule.origin.name} has a filtered token")
        inline = [i for i, s in enumerate(rule.expansion) if not s.is_term and s.name[0] == "_"]
        rules.append([rule.origin.name, len(rule.expansion), inline])
    number = _numbering(table)
    states: list[dict[str, int]] = [{} for _ in number]
    for state, n in number.items():
        for symbol, (action, arg) in sorted(table.states[state].items()):
            states[n][symbol] = number[arg] if action.name == "Shift" else -(index[arg] + 1)
    return {
        "rules": rules,
        "states": states,
        "start": {k: number[v] for k, v in sorted(table.start_states.items())},
        "end": {k: number[v] for k, v in sorted(table.end_states.items())},
    }


def _numbering(table: Any) -> dict[Any, int]:
    """Each state's number, in the order the states are met from the start states.

    Lark numbers its states in an order that varies with the hash seed: numbered
    so, the same grammar gives the same tables (the shipped file is compared with
    them in a test).
    """
    number: dict[Any, int] = {}
    queue = [table.start_states[name] for name in sorted(table.start_states)]
    while queue:
        state = queue.pop(0)
        if state in number:
            continue
        number[state] = len(number)
        for _, (action, arg) in sorted(table.states[state].items()):
            if action.name == "Shift":
                queue.append(arg)
    return number


def main(argv: Sequence[str] | None = None) -> None:
    """Write the parse tables of every form (``grammars/tables.json``) to the path given."""
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) != 1:
        raise SystemExit("usage: python -m govreport.parser grammars/tables.json")
    tables = {form: parse_tables(form) for form in FORMS}
    with open(args[0], "w", encoding="utf-8") as out:
        json.dump(tables, out, sort_keys=True, separators=(",", ":"))
        out.write("\n")


if __name__ == "__main__":
    main()
