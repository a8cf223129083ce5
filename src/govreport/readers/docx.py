"""DOCX to the parser's plain text, with python-docx.

The body is walked in document order, paragraphs and tables interleaved (also
inside content controls, ``w:sdt``). A table's grid is built from the XML itself:
``w:gridBefore``/``w:gridAfter`` skip grid columns, ``w:gridSpan`` widens a cell
and a ``w:vMerge`` continuation cell is covered by the cell above. A merged
cell's text goes at its top-left grid position, ``""`` everywhere it covers.

python-docx 1.2's own ``row.cells`` gives the same picture (every position of a
merged cell is the same ``_tc``) but needs identity tracking across rows; reading
``w:gridSpan``/``w:vMerge`` directly is as cheap and leaves nothing to chance.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from govreport.errors import ReaderError, ResourceLimitError
from govreport.readers.limits import (
    MAX_DOCX_ENTRIES,
    MAX_DOCX_INFLATED,
    MAX_DOCX_XML,
    MAX_GRID_CELLS,
    MAX_GRID_WIDTH,
)
from govreport.readers.text import GridCell, Mark, grid_lines, grid_texts, join_located, squash

__all__ = ["docx_to_text"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt"
_SDT_CONTENT, _CUSTOM_XML = f"{_W}sdtContent", f"{_W}customXml"
_VAL = f"{_W}val"


def docx_to_text(data: bytes) -> str:
    """Plain text of a .docx in the parser's input contract."""
    try:
        import docx
        from docx.text.paragraph import Paragraph
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ReaderError(
            "reading DOCX needs the 'docx' extra: pip install 'govreport[docx]'"
        ) from e
    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # zipfile/KeyError/lxml errors: callers get one type
        raise ReaderError(f"not a readable .docx ({type(e).__name__}: {e})") from e
    try:
        out: list[str] = []
        marks: list[Mark] = []
        tables = 0
        for el in _blocks(document.element.body):
            if el.tag == _P:
                line = squash(Paragraph(el, document).text)
                if line:
                    out.append(line)
                    marks.append(None)
            else:
                if out and out[-1] != "":
                    out.append("")
                    marks.append(None)
                tables += 1
                rows = grid_lines(_grid(el, document, Paragraph))
                out += rows
                marks += [(tables, r) for r in range(1, len(rows) + 1)]
                out.append("")
                marks.append(None)
    except ReaderError:
        raise
    except Exception as e:
        raise ReaderError(f"cannot read .docx body ({type(e).__name__}: {e})") from e
    return join_located(out, marks)


def check_zip(data: bytes) -> None:
    """Refuse a zip bomb before anything inflates it.

    The sizes come from the zip's central directory. They can lie, but never to
    our cost: :mod:`zipfile` stops reading a member at its stated size (and
    fails its CRC check if more was there).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
        raise ReaderError(f"not a readable .docx (a broken zip: {e})") from e
    if len(infos) > MAX_DOCX_ENTRIES:
        raise ResourceLimitError(
            f"a .docx of {len(infos):,} parts (the limit is {MAX_DOCX_ENTRIES:,}): not a report"
        )
    inflated = sum(i.file_size for i in infos)
    if inflated > MAX_DOCX_INFLATED:
        raise ResourceLimitError(
            f"a .docx that inflates to {inflated:,} bytes (the limit is "
            f"{MAX_DOCX_INFLATED:,}): a zip bomb or not a report"
        )
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_DOCX_XML:
        raise ResourceLimitError(
            f"a .docx whose XML inflates to {xml:,} bytes (the limit is {MAX_DOCX_XML:,}): "
            "a zip bomb or not a report"
        )


def _blocks(parent: Any) -> Iterator[Any]:
    """``w:p`` and ``w:tbl`` children in order, looking into content controls."""
    for el in parent.iterchildren():
        tag = el.tag
        if tag in (_P, _TBL):
            yield el
        elif tag == _SDT:
            content = el.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif tag == _CUSTOM_XML:
            yield from _blocks(el)


def _rows(tbl: Any) -> Iterator[Any]:
    for el in tbl.iterchildren():
        if el.tag == _TR:
            yield el
        elif el.tag in (_SDT, _CUSTOM_XML):
            holder = el.find(_SDT_CONTENT) if el.tag == _SDT else el
            if holder is not None:
                yield from (r for r in holder.iterchildren() if r.tag == _TR)


def _cells(tr: Any) -> Iterator[Any]:
    for el in tr.iterchildren():
        if el.tag == _TC:
            yield el
        elif el.tag in (_SDT, _CUSTOM_XML):
            holder = el.find(_SDT_CONTENT) if el.tag == _SDT else el
            if holder is not None:
                yield from (c for c in holder.iterchildren() if c.tag == _TC)


def _int_prop(parent: Any, path: str) -> int:
    el = parent.find(path) if parent is not None else None
    if el is None:
        return 0
    try:
        return max(0, int(el.get(_VAL, "0")))
    except ValueError:
        return 0


def _grid(tbl: Any, document: Any, paragraph: Any) -> list[list[str]]:
    """The table's grid: every row as wide as the widest, merges resolved."""
    cells: list[GridCell] = []
    cover: list[list[int]] = []
    size = 0
    for r, tr in enumerate(_rows(tbl)):
        tr_pr = tr.find(f"{_W}trPr")
        row = [-1] * _bounded(_int_prop(tr_pr, f"{_W}gridBefore"), 0)
        for tc in _cells(tr):
            tc_pr = tc.find(f"{_W}tcPr")
            # Bounded before it is used: a 1 KB file may declare gridSpan 99,999,999.
            span = _bounded(max(1, _int_prop(tc_pr, f"{_W}gridSpan")), len(row))
            vmerge = tc_pr.find(f"{_W}vMerge") if tc_pr is not None else None
            # <w:vMerge/> or val="continue" continues the cell above; "restart" starts one.
            covered = vmerge is not None and vmerge.get(_VAL, "continue") != "restart"
            above = _above(cells, cover, r, len(row)) if covered else None
            if above is not None:
                row += [above] * span
                cells[above] = cells[above]._replace(rows=r - cells[above].row + 1)
                continue
            text = "" if covered else squash(_cell_text(tc, document, paragraph))
            cells.append(GridCell(text, r, len(row), 1, span))
            row += [len(cells) - 1] * span
        row.extend([-1] * _bounded(_int_prop(tr_pr, f"{_W}gridAfter"), len(row)))
        size += len(row)
        if size > MAX_GRID_CELLS:
            raise _too_large(f"{size:,} cells big (the limit is {MAX_GRID_CELLS:,})")
        cover.append(row)
    # tblGrid is the declared width; rows may be narrower (or, if malformed, wider).
    tbl_grid = tbl.find(f"{_W}tblGrid")
    declared = len(tbl_grid.findall(f"{_W}gridCol")) if tbl_grid is not None else 0
    declared = _bounded(declared, 0)
    width = max([declared, *(len(r) for r in cover)])
    return grid_texts(cells, [r + [-1] * (width - len(r)) for r in cover])


def _above(cells: list[GridCell], cover: list[list[int]], r: int, c: int) -> int | None:
    """The cell a ``w:vMerge`` continuation at row ``r``, column ``c`` carries on:
    the one above that starts in the same column (none: a stray continuation)."""
    line = cover[r - 1] if r else []
    above = line[c] if c < len(line) else -1
    return above if above >= 0 and cells[above].col == c else None


def _bounded(span: int, used: int) -> int:
    """``span`` columns after ``used``, refused past :data:`MAX_GRID_WIDTH`."""
    if used + span > MAX_GRID_WIDTH:
        raise _too_large(f"{used + span:,} columns wide (the limit is {MAX_GRID_WIDTH:,})")
    return span


def _too_large(what: str) -> ResourceLimitError:
    return ResourceLimitError(f"a .docx table too large: a row or the table is {what}")


def _cell_text(tc: Any, document: Any, paragraph: Any) -> str:
    """A cell's paragraphs joined by line breaks; a nested table flattened to
    space-joined text (``\\x00`` is squash's hard space)."""
    parts: list[str] = []
    for el in _blocks(tc):
        if el.tag == _P:
            parts.append(paragraph(el, document).text)
        else:
            inner = (t for row in _grid(el, document, paragraph) for t in row if t)
            parts.append("\x00" + "\x00".join(inner) + "\x00")
    return "\n".join(parts)
