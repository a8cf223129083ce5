"""The strict grammars' LALR parsers, run from the tables shipped with the package.

:func:`govreport.parser.parse_tables` writes, at build time, the tables Lark
builds from each grammar (``grammars/tables.json``); this module runs them, so
that a parse loads neither Lark nor its grammars: Lark's import and its parsers'
loading cost a first parse more than the parse itself, and its per-token work is
a good part of a clean table's. The result is the one Lark's parser with the same
transformer gives: each rule's callback (the transformer's method of the rule's
name) gets the rule's children, the children of helper rules (``__…``, from
``HEADER*``) inlined as Lark inlines them.
"""

from __future__ import annotations

import functools
import itertools
import json
import pkgutil
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .tokens import TableForm

__all__ = ["Rejected", "Token", "parse"]


class Token:
    """A token the parser shifted, as a rule's callback sees it: its type and value."""

    __slots__ = ("kind", "value")

    def __init__(self, kind: str, value: Any) -> None:
        self.kind = kind
        self.value = value

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.value!r})"


class Rejected(ValueError):
    """The tokens are not a sentence of the grammar (the table is not clean)."""


class _Rule(NamedTuple):
    name: str
    size: int
    #: Children that are helper rules: their own children go in their place.
    inline: tuple[int, ...]


class _Tables(NamedTuple):
    rules: tuple[_Rule, ...]
    #: Per state, each symbol's action: a state to shift to (``>= 0``), or
    #: ``-(rule + 1)``: reduce by that rule.
    states: tuple[dict[str, int], ...]
    start: dict[str, int]
    end: dict[str, int]


@functools.cache
def _tables(form: TableForm) -> _Tables:
    # pkgutil reads package data as importlib.resources does (from a zip too), and
    # its import costs a first parse a tenth as much.
    raw = pkgutil.get_data("govreport.grammars", "tables.json")
    if raw is None:  # pragma: no cover - a loader that cannot read data files
        raise RuntimeError("govreport.grammars/tables.json cannot be read")
    data = json.loads(raw)[form]
    rules = tuple(_Rule(name, size, tuple(inline)) for name, size, inline in data["rules"])
    return _Tables(rules, tuple(data["states"]), data["start"], data["end"])


#: A rule's callback: its children in, its value out.
Callback = Callable[[list[Any]], Any]


class _Inlined(list[Any]):
    """A helper rule's children, to be put in the place of the rule in its parent."""


#: A rule as the runner reduces it: its name, its size, its helper children's
#: places, and its callback (``None`` for a helper rule).
_Reducer = tuple[str, int, tuple[int, ...], Callback | None]


@functools.cache
def _reducers(form: TableForm, transformer: Any) -> tuple[_Reducer, ...]:
    """Each rule of the form, with its callback on ``transformer``."""
    # Every rule of the grammars has its method (a test checks it).
    return tuple(
        (
            rule.name,
            rule.size,
            rule.inline,
            None if rule.name[0] == "_" else getattr(transformer, rule.name),
        )
        for rule in _tables(form).rules
    )


_END = (("$END", None),)


def parse(form: TableForm, tokens: Sequence[tuple[str, Any]], start: str, transformer: Any) -> Any:
    """The value of the ``start`` rule over ``tokens`` (``(type, value)`` pairs),
    built by ``transformer``'s callbacks; :class:`Rejected` where the grammar does
    not take them. One shift or reduce a step: linear in the tokens."""
    tables = _tables(form)
    states = tables.states
    reducers = _reducers(form, transformer)
    stack = [tables.start[start]]
    values: list[Any] = []
    end = tables.end[start]
    # The top state's actions are kept at hand: each step looks them up once.
    actions = states[stack[-1]]
    for kind, value in itertools.chain(tokens, _END):
        while True:
            action = actions.get(kind)
            if action is None:
                raise Rejected(f"unexpected {kind}")
            if action >= 0:
                if kind == "$END":
                    raise Rejected("unexpected end")
                stack.append(action)
                actions = states[action]
                values.append(Token(kind, value))
                break
            name, size, inline, callback = reducers[-action - 1]
            children = _children(size, inline, values)
            result = _Inlined(children) if callback is None else callback(children)
            if size:
                del stack[-size:]
            state = states[stack[-1]][name]
            stack.append(state)
            actions = states[state]
            values.append(result)
            if kind == "$END" and state == end:
                return result
    raise Rejected("unexpected end")  # not reached: $END is reduced or rejected above


def _children(size: int, inline: tuple[int, ...], values: list[Any]) -> list[Any]:
    """A rule's ``size`` children, taken off ``values``, the children of helper
    rules (at the places ``inline``) put in their place."""
    if not size:
        return []
    children = values[-size:]
    del values[-size:]
    if not inline:
        return children
    out: list[Any] = []
    for i, child in enumerate(children):
        if i in inline:
            out += child
        else:
            out.append(child)
    return out
