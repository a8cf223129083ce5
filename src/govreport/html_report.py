"""A visual check report: one self-contained HTML file (inline CSS, no network).

Each report's three tables are laid out as the template lays them. A cell that a
check finds wrong is highlighted, a rebuilt cell is marked ↻ and an unsettled one
?, and every diagnostic sits beside its table, naming its cells by the template's
Chinese labels and linking to them. A corpus page starts with one summary row per
report.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from .corpus_checks import Entry, Finding
from .diagnostics import Diagnostic, Kind, Severity
from .model import TemplateVersion
from .template import (
    ACTIVE_ROWS,
    APPLICANT_HEADERS,
    HEADINGS,
    REVIEW_GROUPS,
    REVIEW_HEADERS,
    SUBTABLES,
    application_rows,
    cell_labels,
)
from .tidy import TABLES, Cell, CellStatus, cells

__all__ = ["render_page", "write_html"]

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;
 margin:1.5em;color:#222;font-size:14px}
table{border-collapse:collapse;margin:.4em 0}
th,td{border:1px solid #888;padding:2px 6px;text-align:center}
th{background:#f0f0f0;font-weight:normal}
td.label{text-align:left}
td.fail{background:#ffb3b3;outline:2px solid #c00000;font-weight:bold}
td.blank{background:#eeeeee}
td.recovered{background:#dde8ff}
td.unsettled{background:#fff2a8}
td.recovered::after{content:" ↻";color:#2050c0}
td.unsettled::after{content:" ?";color:#a07000}
.pair{display:flex;gap:1.5em;align-items:flex-start;flex-wrap:wrap}
.diags{max-width:42em;margin:.4em 0}
.diags li{margin-bottom:.4em}
.error{color:#c00000}.warning{color:#a05000}.info{color:#555}
.cells{color:#444;font-size:12px;margin:0}
.diags details summary{font-size:12px;margin:0}
summary{cursor:pointer;font-size:16px;margin:.6em 0}
.legend span{padding:0 .5em;margin-right:.5em}
"""


def _e(s: object) -> str:
    return html.escape(str(s))


#: Diagnostics of cells the source leaves blank or fills with no figure.
_BLANK_CODES = frozenset({"S-BLANK", "S-NOT-A-FIGURE"})


class _Page:
    """One report's tables and diagnostics; ``n`` makes its anchors unique."""

    def __init__(self, n: int, entry: Entry, findings: Sequence[Diagnostic]) -> None:
        self.n = n
        self.entry = entry
        self.version: TemplateVersion = entry.report.template
        self.diags = (*entry.result.diagnostics, *findings)
        self.cells: dict[str, Cell] = {c.path: c for c in cells(entry.result)}
        # Cells a check finds wrong: named by a source diagnostic worse than info
        # (a cell the source leaves blank is no failed check: it is marked apart).
        self.failing = {
            p
            for d in self.diags
            if d.kind is Kind.SOURCE
            and d.severity is not Severity.INFO
            and d.code not in _BLANK_CODES
            for p in d.paths
        }
        self.blank = {p for d in self.diags if d.code in _BLANK_CODES for p in d.paths}

    def anchor(self, path: str) -> str:
        return f"r{self.n}-{path}"

    def td(self, path: str, extra: str = "") -> str:
        cell = self.cells.get(path)
        value = "" if cell is None or cell.value is None else cell.value
        classes = []
        if path in self.failing:
            classes.append("fail")
        elif path in self.blank:
            classes.append("blank")
        if cell is not None and cell.status is not CellStatus.STATED:
            classes.append(cell.status.value)
        title = " / ".join(cell_labels(path, self.version)[1:])
        cls = f' class="{" ".join(classes)}"' if classes else ""
        return (
            f'<td id="{_e(self.anchor(path))}"{cls} data-path="{_e(path)}" '
            f'title="{_e(title)}">{_e(value)}{_e(extra)}</td>'
        )

    def diag_list(self, section: str | None) -> str:
        """The diagnostics whose first table cell is in ``section`` (``None``: those
        about the narrative or the document), what the reader must act on first."""
        mine = [(i, d) for i, d in enumerate(self.diags) if _home(d) == section]
        mine.sort(key=lambda item: _ORDER[item[1].kind, item[1].severity])
        items = [self._diag_item(i, d) for i, d in mine]
        return f'<ol class="diags">{"".join(items)}</ol>' if items else ""

    def _diag_item(self, i: int, d: Diagnostic) -> str:
        named = "".join(
            f'<li><a href="#{_e(self.anchor(p))}">'
            f"{_e(' / '.join(cell_labels(p, self.version)[1:]) or p)}</a></li>"
            for p in d.paths
            if p.split(".")[0] in TABLES
        )
        cells_html = f'<ul class="cells">{named}</ul>' if named else ""
        if named and d.kind in (Kind.RECOVERED, Kind.NOTE):
            # Rebuilt rows name every cell: folded, so the findings stay in view.
            n = sum(p.split(".")[0] in TABLES for p in d.paths)
            cells_html = f"<details><summary>{n} cells</summary>{cells_html}</details>"
        return (
            f'<li id="d{self.n}-{i}" class="{d.severity.value}" data-code="{_e(d.code)}">'
            f"<b>{_e(d.code)}</b> {_e(d.kind.value)} {_e(d.severity.value)}: "
            f"{_e(d.message)}{cells_html}</li>"
        )


def _home(d: Diagnostic) -> str | None:
    tables = [p for p in d.paths if p.split(".")[0] in TABLES]
    return tables[0].split(".")[0] if tables else None


# Findings first, then what could not be read, then what was rebuilt, then notes.
_ORDER = {
    (kind, sev): rank
    for rank, (kind, sev) in enumerate(
        (k, s) for k in (Kind.SOURCE, Kind.UNSETTLED, Kind.RECOVERED, Kind.NOTE) for s in Severity
    )
}


def _active(page: _Page) -> str:
    out = []
    rows = {key: (label, cols) for key, label, cols in ACTIVE_ROWS[page.version]}
    for heading, headers, keys in SUBTABLES[page.version]:
        head = "".join(f"<th>{_e(h)}</th>" for h in headers)
        body = []
        for key in keys:
            label, cols = rows[key]
            path = f"active_disclosure.{key}"
            if cols is None:
                tds = page.td(path)
            else:
                tds = "".join(page.td(f"{path}.{c}") for c in cols)
                if key == "procurement":
                    unit = page.cells.get(f"{path}.amount_unit")
                    tds += f"<td>{_e(unit.value if unit and unit.value else '')}</td>"
                    head = head if "单位" in head else head + "<th>单位</th>"
            body.append(f'<tr><td class="label">{_e(label)}</td>{tds}</tr>')
        out.append(
            f"<table><tr><th colspan='{len(headers) + 2}'>{_e(heading)}</th></tr>"
            f"<tr><th>信息内容</th>{head}</tr>{''.join(body)}</table>"
        )
    return "".join(out)


def _applications(page: _Page) -> str:
    cols = list(APPLICANT_HEADERS)
    legal = [c for c in cols if c not in ("natural_person", "total")]
    parent = cell_labels(f"applications.new_received.{legal[0]}", page.version)[-2]
    head = (
        "<tr><th rowspan='2' colspan='2'></th>"
        f"<th rowspan='2'>{_e(APPLICANT_HEADERS[cols[0]])}</th>"
        f"<th colspan='{len(legal)}'>{_e(parent)}</th>"
        f"<th rowspan='2'>{_e(APPLICANT_HEADERS['total'])}</th></tr>"
        f"<tr>{''.join(f'<th>{_e(APPLICANT_HEADERS[c])}</th>' for c in legal)}</tr>"
    )
    body = []
    for spec in application_rows(page.version):
        tds = "".join(page.td(f"{spec.path}.{c}") for c in cols)
        body.append(
            f'<tr><td class="label">{_e(spec.group)}</td><td class="label">{_e(spec.label)}</td>'
            f"{tds}</tr>"
        )
    return f"<table>{head}{''.join(body)}</table>"


def _reviews(page: _Page) -> str:
    cols = list(REVIEW_HEADERS)
    top = []
    for i, (_, label) in enumerate(REVIEW_GROUPS):
        parts = label.split(" ")
        if len(parts) == 1:
            top.append(f"<th colspan='{len(cols)}' rowspan='2'>{_e(parts[0])}</th>")
        elif i == 1:
            top.append(f"<th colspan='{len(cols) * 2}'>{_e(parts[0])}</th>")
    second = "".join(
        f"<th colspan='{len(cols)}'>{_e(label.split(' ')[1])}</th>"
        for _, label in REVIEW_GROUPS
        if " " in label
    )
    third = "".join(f"<th>{_e(REVIEW_HEADERS[c])}</th>" for _ in REVIEW_GROUPS for c in cols)
    tds = "".join(page.td(f"reviews.{g}.{c}") for g, _ in REVIEW_GROUPS for c in cols)
    return f"<table><tr>{''.join(top)}</tr><tr>{second}</tr><tr>{third}</tr><tr>{tds}</tr></table>"


_TABLE_HTML = {"active_disclosure": _active, "applications": _applications, "reviews": _reviews}


def _report_html(page: _Page, open_: bool) -> str:
    r = page.entry.report
    title = f"{r.agency or '（机关不详）'} {r.year or ''} · {page.entry.source}"
    parts = [f'<details id="report-{page.n}"{" open" if open_ else ""}>']
    parts.append(f"<summary>{_e(title)} — template {_e(r.template)}</summary>")
    for key, heading in HEADINGS:
        if key in _TABLE_HTML:
            parts.append(f"<h3>{_e(heading)}</h3>")
            parts.append(f'<div class="pair">{_TABLE_HTML[key](page)}{page.diag_list(key)}</div>')
    document = page.diag_list(None)
    if document:
        parts.append(f"<h3>Narrative and document</h3>{document}")
    parts.append("</details>")
    return "".join(parts)


def _summary(pages: Sequence[_Page], failures: Sequence[tuple[str, str]]) -> str:
    head = (
        "<tr><th>#</th><th>source</th><th>agency</th><th>year</th><th>template</th>"
        "<th>errors</th><th>warnings</th><th>recovered cells</th><th>unsettled cells</th>"
        "<th>codes</th></tr>"
    )
    rows = []
    for p in pages:
        sev = [d.severity for d in p.diags]
        status = [c.status for c in p.cells.values()]
        codes = sorted({d.code for d in p.diags if d.severity is not Severity.INFO})
        r = p.entry.report
        rows.append(
            f'<tr><td><a href="#report-{p.n}">{p.n}</a></td><td class="label">'
            f"{_e(p.entry.source)}</td><td>{_e(r.agency or '')}</td><td>{_e(r.year or '')}</td>"
            f"<td>{_e(r.template)}</td><td>{sev.count(Severity.ERROR)}</td>"
            f"<td>{sev.count(Severity.WARNING)}</td>"
            f"<td>{status.count(CellStatus.RECOVERED)}</td>"
            f"<td>{status.count(CellStatus.UNSETTLED)}</td><td>{_e(' '.join(codes))}</td></tr>"
        )
    failed = "".join(f"<li>{_e(s)}: {_e(reason)}</li>" for s, reason in failures)
    failed_html = f"<h2>Files that could not be read</h2><ul>{failed}</ul>" if failures else ""
    return f"<table id='summary'>{head}{''.join(rows)}</table>{failed_html}"


# Runs in the browser: counts what the page highlights, so a headless browser's
# DOM shows that the page was laid out and its cells classed.
_SCRIPT = """
document.body.dataset.failCells = document.querySelectorAll("td.fail").length;
document.body.dataset.rendered = "yes";
// A link from the summary to a folded report unfolds it.
function openTarget() {
  var t = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  for (; t; t = t.parentElement) { if (t.tagName === "DETAILS") { t.open = true; } }
}
window.addEventListener("hashchange", openTarget);
openTarget();
"""

_LEGEND = (
    '<p class="legend"><span style="background:#ffb3b3">a check fails</span>'
    '<span style="background:#dde8ff">rebuilt ↻</span>'
    '<span style="background:#fff2a8">unsettled ?</span>'
    '<span style="background:#eeeeee">blank in the source</span></p>'
)


def render_page(
    entries: Sequence[Entry],
    findings: Iterable[Finding] = (),
    failures: Sequence[tuple[str, str]] = (),
    *,
    title: str = "govreport check",
) -> str:
    """The whole page: a summary row per report, then each report's tables."""
    by_source: dict[str, list[Diagnostic]] = {}
    for f in findings:
        by_source.setdefault(f.source, []).append(f.diagnostic)
    pages = [_Page(n, e, by_source.get(e.source, [])) for n, e in enumerate(entries, 1)]
    reports = "".join(_report_html(p, open_=len(pages) == 1) for p in pages)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1>{_LEGEND}{_summary(pages, failures)}{reports}"
        f"<script>{_SCRIPT}</script></body></html>"
    )


def write_html(
    out: str | os.PathLike[str],
    entries: Sequence[Entry],
    findings: Iterable[Finding] = (),
    failures: Sequence[tuple[str, str]] = (),
) -> None:
    """Write :func:`render_page` to ``out`` (UTF-8)."""
    Path(out).write_text(render_page(entries, findings, failures), encoding="utf-8")
