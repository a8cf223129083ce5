"""Hostile and damaged inputs, and a clock to hold them to.

The builders make the files of issue 10 (zip bombs, span bombs, deep nesting,
external entities) in memory and fast: a 1 GiB zip bomb is one deflated MiB
repeated, not a GiB compressed at test time.
"""

from __future__ import annotations

import io
import signal
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

FIXTURES = Path(__file__).parent / "fixtures"
BLANK_DOCX = FIXTURES / "template_2021_blank.docx"
T = TypeVar("T")

#: The issue's bar: nothing may take longer than this.
BUDGET_SECONDS = 5.0


class Hang(Exception):
    """The call ran past its time budget."""


@contextmanager
def time_limit(seconds: float = BUDGET_SECONDS) -> Iterator[None]:
    """Raise :class:`Hang` in the block after ``seconds`` (SIGALRM: main thread, POSIX)."""

    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def within(seconds: float, fn: Callable[..., T], *args: object) -> T:
    with time_limit(seconds):
        return fn(*args)


# ---------------------------------------------------------------- HTML


def html_page(body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset=utf-8></head><body>{body}</body></html>".encode()
    )


def nested_divs(n: int = 100_000) -> bytes:
    return html_page("<div>" * n + "x" + "</div>" * n)


def colspan_bomb(rows: int = 50, cells: int = 200) -> bytes:
    row = "<tr>" + "<td colspan=1000>1</td>" * cells + "</tr>"
    return html_page("<table>" + row * rows + "</table>")


def merged_figures(rows: int = 199, width: int = 1000) -> bytes:
    """A table at the cell limit of figures merged across it and down it: a
    header row, then one figure spanning every column a row; then rows of their
    own labels, each column after the labels one figure spanning every row."""
    across = "<tr>" + "<td>h</td>" * width + "</tr>" + f"<tr><td colspan={width}>1</td></tr>" * rows
    figures = f"<td rowspan={rows + 1}>1</td>" * (width - 1)
    down = f"<tr><td>a</td>{figures}</tr>" + "<tr><td>a</td></tr>" * rows
    return html_page(f"<table>{across}</table><table>{down}</table>")


def rowspan_bomb(rows: int = 300) -> bytes:
    first = '<tr><td rowspan="65534" colspan="1000">x</td></tr>'
    return html_page("<table>" + first + "<tr><td>1</td></tr>" * rows + "</table>")


# ---------------------------------------------------------------- DOCX


def docx_with(document_xml: bytes, base: Path = BLANK_DOCX) -> bytes:
    """The blank template .docx with its word/document.xml replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = document_xml if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, data)
    return out.getvalue()


_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_body(inner: str, prolog: str = "") -> bytes:
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<w:document {_W_NS}><w:body>{inner}</w:body></w:document>"
    )
    return docx_with(xml.encode())


def docx_gridspan_bomb(span: int = 99_999_999) -> bytes:
    cell = (
        f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'
        "<w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
    )
    return docx_body(f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>")


def docx_xxe(target: Path) -> bytes:
    prolog = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{target}">]>'
    return docx_body("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", prolog)


def docx_billion_laughs() -> bytes:
    ents = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    return docx_body("<w:p><w:r><w:t>&a9;</w:t></w:r></w:p>", f"<!DOCTYPE w:document [{ents}]>")


def docx_zip_bomb(inflated: int = 1 << 30) -> bytes:
    """A .docx whose word/document.xml inflates to ``inflated`` bytes of spaces
    (a multiple of 1 MiB), built by hand from one deflated MiB repeated."""
    chunk = b" " * (1 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    # A full flush ends the segment on a byte boundary with no final-block bit and
    # resets the window, so segments concatenate into one valid deflate stream.
    segment = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    count = inflated // len(chunk)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    body = segment * count + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    name = b"word/document.xml"
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(body), inflated, len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(body), inflated, len(name), 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    cd_offset = len(local) + len(name) + len(body)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central) + len(name), cd_offset, 0)
    return local + name + body + central + name + end


def html_xxe(target: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{target}">]>'
        "<html><body><p>&xxe;</p></body></html>"
    ).encode()
