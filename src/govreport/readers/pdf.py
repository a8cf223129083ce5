"""PDF to the parser's plain text, with pdfplumber.

Per page: the ruled tables (``page.find_tables()``) become tab-separated rows,
the text outside them becomes lines, and both are merged top to bottom.

A table that runs on from the previous page (the page's first block is a table,
the previous page's last block was one, with the same outer edges and column
edges one a subset of the other) is put on one grid with its earlier part: the
union of the pages' column edges. So its rows follow on without a blank line and
keep one width, even when a page's part lacks some columns. A row that the page
break itself cuts in two stays two rows, as printed.

Page-number lines (``- 4 -``, ``— 4 —``, ``第 4 页``, ``4 / 6``, a bare number
at the page's foot) are dropped.

PDF text has no paragraphs: each printed line is one output line, so a paragraph
wrapped over several lines stays several lines.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from govreport.errors import ReaderError
from govreport.readers.text import Mark, grid_lines, join_located, squash

__all__ = ["pdf_to_text"]

_DASH = "-‐‑‒–—―－~～"
_PAGE_NUMBER = re.compile(
    rf"""^(?:
        [{_DASH}]\s*\d{{1,4}}\s*[{_DASH}]          # - 4 -   — 4 —
      | 第\s*\d{{1,4}}\s*页(?:\s*[,，/／]?\s*共\s*\d{{1,4}}\s*页)?   # 第 4 页, 第 4 页 共 6 页
      | \d{{1,4}}\s*[/／]\s*\d{{1,4}}                 # 4 / 6
    )$""",
    re.VERBOSE,
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")

_TOL = 4.0  # points: column edges of one table drawn on two pages differ by ~1-3


@dataclass
class _Table:
    """A ruled table lifted off a page: cells keep their left edge for re-gridding."""

    x0: float
    x1: float
    # rows of (left edge, text) for each cell that starts in that row
    rows: list[list[tuple[float, str]]] = field(default_factory=list)

    def lefts(self) -> list[float]:
        return _cluster([x for row in self.rows for x, _ in row])


@dataclass
class _Block:
    top: float
    text: str | None = None  # a text line, or
    table: _Table | None = None


def pdf_to_text(data: bytes) -> str:
    """Plain text of a PDF in the parser's input contract."""
    try:
        import pdfplumber
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ReaderError("reading PDF needs the 'pdf' extra: pip install 'govreport[pdf]'") from e
    if b"%PDF-" not in data[:1024]:
        raise ReaderError("not a PDF: no %PDF- header")
    # Items are text lines and runs of tables; a run is one table drawn over pages.
    items: list[str | list[_Table]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                blocks = _page_blocks(page)
                page.close()  # drop the page's cached objects: reports can be long
                for i, block in enumerate(blocks):
                    if block.table is None:
                        items.append(block.text or "")
                    elif (
                        i == 0
                        and items
                        and isinstance(items[-1], list)
                        and _continues(items[-1][-1], block.table)
                    ):
                        items[-1].append(block.table)
                    else:
                        items.append([block.table])
    except ReaderError:
        raise
    except Exception as e:  # pdfminer raises many types; callers get one
        raise ReaderError(f"cannot read PDF ({type(e).__name__}: {e})") from e
    out: list[str] = []
    marks: list[Mark] = []
    tables = 0
    for item in items:
        if isinstance(item, str):
            out.append(item)
            marks.append(None)
            continue
        if out and out[-1] != "":
            out.append("")
            marks.append(None)
        tables += 1  # a table drawn over several pages is one table
        rows = _run_lines(item)
        out += rows
        marks += [(tables, r) for r in range(1, len(rows) + 1)]
        out.append("")
        marks.append(None)
    return join_located(out, marks)


def _page_blocks(page: Any) -> list[_Block]:
    """Text lines and tables of one page, top to bottom, page numbers dropped."""
    found = [t for t in page.find_tables() if t.bbox[3] > t.bbox[1]]
    boxes = [t.bbox for t in found]

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cy = (obj["top"] + obj["bottom"]) / 2
        # Any horizontal overlap counts as inside: hanging punctuation (a final
        # "。" past the right border) belongs to the table, not to a stray line.
        return not any(
            obj["x0"] < x1 and obj["x1"] > x0 and top <= cy <= bottom
            for x0, top, x1, bottom in boxes
        )

    text_page = page.filter(outside_tables) if boxes else page
    blocks: list[_Block] = []
    for line in text_page.extract_text_lines(return_chars=False):
        text = squash(line["text"])
        if text and not _PAGE_NUMBER.match(text):
            blocks.append(_Block(float(line["top"]), text=text))
    for t in found:
        table = _lift(t)
        if table is not None:
            blocks.append(_Block(float(t.bbox[1]), table=table))
    blocks.sort(key=lambda b: b.top)
    # A bare number as the page's last line is its page number.
    if blocks and blocks[-1].text is not None and _BARE_NUMBER.match(blocks[-1].text):
        blocks.pop()
    return blocks


def _lift(t: Any) -> _Table | None:
    """The cells of a pdfplumber table, or None for a ruled frame with no text."""
    table = _Table(float(t.bbox[0]), float(t.bbox[2]))
    texts = t.extract()
    for row, row_texts in zip(t.rows, texts, strict=True):
        # ``None`` marks a grid position covered by a merged cell: it becomes "".
        table.rows.append(
            [
                (float(bbox[0]), squash(text) if text else "")
                for bbox, text in zip(row.cells, row_texts, strict=True)
                if bbox is not None
            ]
        )
    if not any(text for row in table.rows for _, text in row):
        return None
    return table


def _cluster(xs: list[float]) -> list[float]:
    """Distinct column edges: values within ``_TOL`` of each other are one edge."""
    edges: list[float] = []
    for x in sorted(xs):
        if not edges or x - edges[-1] > _TOL:
            edges.append(x)
    return edges


def _subset(a: list[float], b: list[float]) -> bool:
    return all(any(abs(x - y) <= _TOL for y in b) for x in a)


def _continues(prev: _Table, nxt: _Table) -> bool:
    """Whether ``nxt`` (first thing on a page) carries on ``prev`` (last on the
    page before): same outer edges, and one's column edges among the other's."""
    if abs(prev.x0 - nxt.x0) > _TOL or abs(prev.x1 - nxt.x1) > _TOL:
        return False
    a, b = prev.lefts(), nxt.lefts()
    return _subset(a, b) or _subset(b, a)


def _run_lines(run: list[_Table]) -> list[str]:
    """TSV lines of a table run on one grid: the union of the pages' column edges."""
    edges = _cluster([x for t in run for row in t.rows for x, _ in row])
    grid: list[list[str]] = []
    for t in run:
        for row in t.rows:
            cells = [""] * len(edges)
            for x, text in row:
                col = min(range(len(edges)), key=lambda i: abs(edges[i] - x))
                cells[col] = text
            grid.append(cells)
    return grid_lines(grid)
