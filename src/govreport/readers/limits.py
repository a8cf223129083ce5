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
    "READER_CPU_PER_PAGE",
    "READER_CPU_SECONDS",
    "READER_MAX_SECONDS",
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
#: Seconds and address-space bytes of the worker process that reads a PDF or DOCX
#: (see :mod:`govreport.readers.isolate`). By default the worker's bound is CPU
#: time, so that a loaded machine does not fail a real file: 3 s for a .docx or a
#: PDF of up to six pages (a real six-page report takes about 1.2 s), and 0.5 s more
#: for each further page, up to 60 s (a real page takes about 0.2 s). A hostile
#: file of a few pages ends within 5 s on an idle machine; one that claims many
#: pages gets their allowance, never more than 60 s. ``GOVREPORT_READER_SECONDS``
#: sets one wall-clock bound instead.
READER_CPU_SECONDS = 3.0
READER_CPU_PER_PAGE = 0.5
READER_FREE_PAGES = 6
READER_MAX_SECONDS = 60.0
#: The wall-clock bound of ``GOVREPORT_READER_SECONDS`` when it is set without a value.
READER_SECONDS = 4.0
READER_MEMORY = 2 * 1024 * 1024 * 1024
