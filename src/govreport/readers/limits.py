"""The readers' bounds on hostile input, in one place.

Real reports are small: a few hundred KB of text, tables about ten columns wide
and thirty rows long, markup nested a few dozen deep. Files far past these
bounds are broken or hostile, and each bound turns what would be a hang or an
exhausted memory into a :class:`~govreport.errors.ResourceLimitError`.
"""

from __future__ import annotations

__all__ = [
    "MAX_DOCX_ENTRIES",
    "MAX_DOCX_INFLATED",
    "MAX_DOCX_XML",
    "MAX_GRID_CELLS",
    "MAX_GRID_WIDTH",
    "MAX_HTML_DEPTH",
    "MAX_HTML_NESTING_WORK",
    "READER_MEMORY",
    "READER_SECONDS",
]

#: Columns of one table row after spans are expanded (HTML allows colspan ≤ 1000).
MAX_GRID_WIDTH = 1000
#: Grid positions of one table after spans are expanded (the template's biggest
#: table has about 300).
MAX_GRID_CELLS = 200_000
#: Open elements one inside the other in HTML.
MAX_HTML_DEPTH = 5_000
#: The sum over opening tags of the depth they open at. An HTML5 parser scans its
#: stack of open elements for many tags, so its work grows with this sum: 100,000
#: nested <div>s cost lexbor 30 s. Real pages stay under 10^6; the bound is 2·10^7.
MAX_HTML_NESTING_WORK = 20_000_000
#: Bytes a .docx may inflate to, all its parts together (images included).
MAX_DOCX_INFLATED = 512 * 1024 * 1024
#: Bytes its XML parts may inflate to: what lxml parses in memory. A report's
#: document.xml is well under 5 MB.
MAX_DOCX_XML = 32 * 1024 * 1024
#: Parts of a .docx (real ones have a few dozen).
MAX_DOCX_ENTRIES = 10_000
#: Wall-clock seconds and address-space bytes of the worker process that reads a
#: PDF or DOCX (see :mod:`govreport.readers.isolate`). A real report of a dozen pages
#: takes one to two seconds, a .docx under one; 4 s keeps any input from hanging a
#: caller past 5 s. A long PDF may need ``GOVREPORT_READER_SECONDS=30``.
READER_SECONDS = 4.0
READER_MEMORY = 2 * 1024 * 1024 * 1024
