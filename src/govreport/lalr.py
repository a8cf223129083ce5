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


@functools.cache
def _callbacks(form: TableForm, transformer: Any) -> tuple[Callback | None, ...]:
    """Each rule's callback on ``transformer`` (``None`` for a helper rule)."""
    out: list[Callback | None] = []
    for rule in _tables(form).rules:
        if rule.name[0] == "_":
            out.append(None)
        else:
            # Every rule of the grammars has its method (a test checks it).
            out.append(getattr(transformer, rule.name))
    return tuple(out)


def parse(form: TableForm, tokens: Sequence[tuple[str, Any]], start: str, transformer: Any) -> Any:
    """The value of the ``start`` rule over ``tokens`` (``(type, value)`` pairs),
    built by ``transformer``'s callbacks; :class:`Rejected` where the grammar does
    not take them. One shift or reduce a step: linear in the tokens."""
    tables = _tables(form)
    rules, states = tables.rules, tables.states
    callbacks = _callbacks(form, transformer)
    stack = [tables.start[start]]
    values: list[Any] = []
    end = tables.end[start]
    # The top state's actions are kept at hand: each step looks them up once.
    actions = states[stack[-1]]
    for kind, value in [*tokens, ("$END", None)]:
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
            index = -action - 1
            rule = rules[index]
            size = rule.size
            if size:
                del stack[-size:]
                if rule.inline:
                    children = _children(rule, values)
                else:
                    children = values[-size:]
                    del values[-size:]
            else:
                children = []
            callback = callbacks[index]
            result = _Inlined(children) if callback is None else callback(children)
            state = states[stack[-1]][rule.name]
            stack.append(state)
            actions = states[state]
            values.append(result)
            if kind == "$END" and state == end:
                return result
    raise Rejected("unexpected end")  # not reached: $END is reduced or rejected above


def _children(rule: _Rule, values: list[Any]) -> list[Any]:
    """The rule's children, taken off ``values``, helper rules' children inlined."""
    if not rule.size:
        return []
    children = values[-rule.size :]
    del values[-rule.size :]
    if not rule.inline:
        return children
    out: list[Any] = []
    for i, child in enumerate(children):
        if i in rule.inline:
            out += child
        else:
            out.append(child)
    return out
