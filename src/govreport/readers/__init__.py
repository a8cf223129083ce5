"""Front-ends that turn HTML, PDF, DOCX and encoded text files into plain text.

Every reader produces the text parser's input: lines separated by ``\\n``, one
line per paragraph or heading, one line per table row with its cells joined by
``\\t`` on an exact grid (spans expanded, covered positions ``""``), and an empty
line before and after each table.

:func:`sniff` tells the kind of a file from its bytes (then its name);
:func:`to_text` dispatches to the matching reader. The HTML, PDF and DOCX
readers import their library only when called, so the base install stays light.
"""

from __future__ import annotations

import os
import re
from typing import Literal

from govreport.errors import ReaderError
from govreport.readers.text import decode_text

__all__ = ["Kind", "sniff", "to_text"]

Kind = Literal["html", "pdf", "docx", "text"]

_EXTENSIONS: dict[str, Kind] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".md": "text",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: .doc, .xls, encrypted .docx
# Markers that only a real HTML document starts with.
_STRONG_HTML = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s)")
# Markers that also turn up inside Markdown or crawled plain text.
_WEAK_HTML = re.compile(rb"<(?:table|div|p)[\s>/]")


def sniff(data: bytes, name: str | None = None) -> Kind:
    """The kind of a file: ``"html"``, ``"pdf"``, ``"docx"`` or ``"text"``.

    Content decides first: ``%PDF-`` magic; a zip holding ``word/document.xml``;
    HTML markup in the first 2 KB. Then the extension of ``name``; else text.
    A ``.txt``/``.md`` file is called HTML for ``<table``/``<div``/``<p`` only
    when it starts with a tag: Markdown often carries a stray ``<p>`` or ``<br>``
    and must keep its line structure.
    """
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        # Local file headers store names uncompressed: no need to open the zip.
        if b"word/document.xml" in data:
            return "docx"
    else:
        # Drop NULs so UTF-16 markup is seen too; lower() is ASCII-only on bytes.
        loose = head.replace(b"\x00", b"").lower()
        ext = _extension(name)
        if _STRONG_HTML.search(loose):
            return "html"
        if _WEAK_HTML.search(loose):
            plain_name = ext in (".txt", ".md")
            if not plain_name or loose.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").startswith(b"<"):
                return "html"
    return _EXTENSIONS.get(_extension(name), "text")


def _extension(name: str | None) -> str:
    if not name:
        return ""
    return os.path.splitext(name)[1].lower()


def to_text(
    data: bytes, name: str | None = None, *, kind: Kind | None = None, isolate: bool = True
) -> str:
    """Plain text of a report file of any supported kind (``kind``, else :func:`sniff`).

    PDF and DOCX are read in a worker process with a time and memory limit (see
    :mod:`govreport.readers.isolate`) unless ``isolate`` is false; all readers keep
    the bounds of :mod:`govreport.readers.limits`.
    """
    kind = kind or sniff(data, name)
    if kind == "html":
        from govreport.readers.html import html_to_text

        text: str = html_to_text(data)
        return text
    if kind == "pdf":
        if isolate:
            from govreport.readers.isolate import run_isolated

            return run_isolated("pdf", data)
        from govreport.readers.pdf import pdf_to_text

        return pdf_to_text(data)
    if kind == "docx":
        from govreport.readers.docx import check_zip, docx_to_text

        if isolate:
            from govreport.readers.isolate import run_isolated

            check_zip(data)  # a zip bomb is refused before a process is started
            return run_isolated("docx", data)
        return docx_to_text(data)
    # Binary containers sniff() could not place would decode to garbage.
    if data.startswith(b"PK\x03\x04"):
        raise ReaderError("a zip archive that is not a .docx (no word/document.xml)")
    if data.startswith(_OLE):
        raise ReaderError("a legacy Office file (.doc/.xls or encrypted): save it as .docx")
    return decode_text(data)
