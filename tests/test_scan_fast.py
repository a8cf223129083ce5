"""The shortcuts of :func:`govreport.tokens.scan` against the general path.

``_reference_scan`` is scan as it was before its shortcuts: every field of a
grid line read once a table, every other line read whole, each line's steps
grouped by the general loop (``_reference_items``). Whatever a table holds, scan
must give the same items, whether the template's wordings were met before or not.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport import tokens
from govreport.normalise import GAP, PAD
from govreport.tokens import Cell, Item, Note, scan

FORMS = ("active_2019", "active_2021", "applications", "reviews")


def _reference_items(steps: list[tokens._Step], line: int, width: int, headers: bool) -> list[Item]:
    """One line's items: runs of one token class, each with the cells after it."""
    out: list[Item] = []
    role = ""
    words: list[str] = []
    names: list[str] = []
    plain = True
    cells: list[Cell] = []
    notes: list[Note] = []
    for what, text, name, run, whole in steps:
        if what == "cell":
            cells += run
            continue
        if what == "note":
            notes.append(Note(len(cells), text))
            continue
        if what == "text" and width and role == "label" and whole and (cells or whole == 2):
            cells.append(Cell(text, "text"))
            continue
        kind = (
            "label" if what == "label" else ("header" if headers and what == "header" else "text")
        )
        if cells or kind != role:
            if role or cells or notes:
                out.append(tokens._item(role, names, words, cells, line, width, plain, notes))
            role, words, names, cells, notes, plain = kind, [], [], [], [], True
        if what == "label":
            names.append(name)
            words.append(text)
        elif what == "text":
            words.append(text)
            plain = False
        elif what != "header":
            words.append(text)
            plain = plain and what == "kept"
        else:
            names.append(text)
    if role or cells or notes:
        out.append(tokens._item(role, names, words, cells, line, width, plain, notes))
    return out


def _reference_scan(form: str, text: str, first_line: int = 1) -> list[Item]:
    lexer = tokens._lexer(form)  # type: ignore[arg-type]
    items: list[Item] = []
    fields: dict[str, list[tokens._Step]] = {}
    for number, source in enumerate(text.split("\n"), 1):
        width = source.count("\t") + 1 if ("\t" in source or GAP in source) else 0
        padded = PAD in source
        if padded:
            source = source.replace(PAD, "")
        if width:
            steps: list[tokens._Step] = []
            for field in source.split("\t"):
                read = fields.get(field)
                if read is None:
                    read = fields[field] = tokens._tokens(lexer, field)
                steps += read
        else:
            steps = tokens._tokens(lexer, source)
        line = _reference_items(steps, number + first_line - 1, width, form == "reviews")
        items += [i._replace(padded=True) for i in line] if padded else line
    return items


def _pieces(form: str) -> st.SearchStrategy[str]:
    """Pieces of a table's line: the template's wordings, words of the form's
    patterns (local wordings, a label's free text reaching into figures), cells
    of every kind, notes and stray text."""
    lexer = tokens._lexer(form)  # type: ignore[arg-type]
    patterns = [t.pattern for t in lexer.terminals if t.role in ("label", "header", "kept", "note")]
    words = st.sampled_from(patterns).flatmap(lambda p: st.from_regex(p, fullmatch=True))
    cells = (
        r"-?[0-9]{1,4}(?:\.[0-9]{1,2})?(?:件|万元)?|\ue000|-|—|/|无|二十|三件|\ue002[0-9]|\ue003五"
    )
    return st.one_of(
        st.sampled_from(sorted(tokens._WORDINGS)),
        words,
        st.from_regex(cells, fullmatch=True),
        st.sampled_from(["部分公开(区分处理", "(二)部分公开(", "合计", "十", "注", "(其中3件)"]),
        st.text(alphabet="规章其他合计十 ()0123456789.、-\ue000\ue001", max_size=8),
    )


def _table(form: str) -> st.SearchStrategy[str]:
    piece = _pieces(form)
    line = st.tuples(
        st.lists(piece, min_size=1, max_size=9), st.sampled_from(["\t", " ", "", "  ", " \t"])
    ).map(lambda t: t[1].join(t[0]))
    lines = st.lists(line, min_size=1, max_size=8).map("\n".join)
    return lines.filter(lambda t: "\r" not in t)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FORMS).flatmap(lambda f: st.tuples(st.just(f), _table(f))))
def test_scan_is_the_general_path(form_text: tuple[str, str]) -> None:
    form, text = form_text
    expected = _reference_scan(form, text, 7)
    assert scan(form, text, first_line=7) == expected  # type: ignore[arg-type]
    # Again, the wordings it met now known to its form's lexer.
    assert scan(form, text, first_line=7) == expected  # type: ignore[arg-type]


def test_known_wordings_are_their_tokens() -> None:
    for form in FORMS:
        lexer = tokens._lexer(form)  # type: ignore[arg-type]
        text = "\n".join(sorted(tokens._WORDINGS))
        assert scan(form, text) == _reference_scan(form, text)  # type: ignore[arg-type]
        assert lexer.known
        for word, steps in lexer.known.items():
            assert word in tokens._WORDINGS
            assert steps == tokens._tokens(lexer, word)
