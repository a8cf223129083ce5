"""The canonical text form: the writer (:func:`dumps`) and its exact reader.

A Markdown document (GFM pipe tables): the title line, the six headings, each
narrative in a fenced block (so any text survives), and every table with the
template's labels verbatim, every cell present, blank for ``None``.
``parse(dumps(r)).report == r`` for every report ``r``: the reader splits the
sections exactly, and the tables, being clean, go through the strict grammars.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from .model import ActiveDisclosure2019, ActiveDisclosure2021, Report, TemplateVersion
from .sections import Sections
from .template import (
    ACTIVE_ROWS,
    APPLICANT_COLUMNS,
    APPLICANT_HEADERS,
    HEADINGS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    REVIEW_HEADERS,
    SUBTABLES,
    application_rows,
    get_path,
)

__all__ = ["TITLE_SUFFIX", "dumps", "loads_sections"]

TITLE_SUFFIX = "政府信息公开工作年度报告"
A1_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _active(ad: ActiveDisclosure2019 | ActiveDisclosure2021, version: str) -> str:
    labels = {k: label for k, label, _ in ACTIVE_ROWS[version]}  # type: ignore[index]
    cols = {k: c for k, _, c in ACTIVE_ROWS[version]}  # type: ignore[index]
    blocks = []
    subtables = SUBTABLES[version]  # type: ignore[index]
    for heading, headers, keys in subtables:
        header = ["信息内容", *headers]
        if "procurement" in keys:
            unit = ad.procurement.amount_unit  # type: ignore[union-attr]
            header[-1] = f"采购总金额（{unit}）" if unit else "采购总金额"
        rows = []
        for key in keys:
            value = getattr(ad, key)
            names = cols[key]
            if names is None:
                cells = [_cell(value)]
            else:
                cells = [_cell(getattr(value, n)) for n in names]
            rows.append([labels[key], *cells])
        blocks.append(f"{heading}\n\n{_table(header, rows)}")
    return "\n\n".join(blocks)


def _applications(report: Report) -> str:
    header = ["申请人情况", *(APPLICANT_HEADERS[c] for c in APPLICANT_COLUMNS)]
    rows = []
    for spec in application_rows(report.template):
        row = get_path(report.applications, spec.key)
        label = f"{spec.group} {spec.label}" if spec.group else spec.label
        rows.append([label, *(_cell(getattr(row, c)) for c in APPLICANT_COLUMNS)])
    return f"{A1_NOTE}\n\n{_table(header, rows)}"


def _reviews(report: Report) -> str:
    header = [f"{label} {REVIEW_HEADERS[c]}" for _, label in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    cells = [
        _cell(getattr(getattr(report.reviews, key), c))
        for key, _ in REVIEW_GROUPS
        for c in REVIEW_COLUMNS
    ]
    return _table(header, [cells])


def dumps(report: Report) -> str:
    """The canonical text of ``report`` (Markdown with GFM pipe tables)."""
    if not attrs.has(type(report)) or not isinstance(report, Report):
        raise TypeError(f"dumps() needs a Report, not {type(report).__name__}")
    year = f"{report.year}年" if report.year is not None else ""
    title = f"# {report.agency or ''}{year}{TITLE_SUFFIX}"
    parts = [title]
    for key, heading in HEADINGS:
        parts.append(f"## {heading}")
        if key == "active_disclosure":
            parts.append(_active(report.active_disclosure, report.template))
        elif key == "applications":
            parts.append(_applications(report))
        elif key == "reviews":
            parts.append(_reviews(report))
        else:
            text = getattr(report, key)
            if text is not None:
                parts.append(_fence(text))
    return "\n\n".join(parts) + "\n"


# --- the reader ---------------------------------------------------------------------

_CANON_TITLE = re.compile(rf"\A# (?P<agency>[^\n]*?)(?:(?P<year>\d{{4}})年)?{TITLE_SUFFIX}\n")
_CANON_HEADINGS = [f"\n## {h}\n" for _, h in HEADINGS]
_FENCE = re.compile(r"\A(`{3,})text\n(?P<body>.*)\n\1\Z", re.S)


def loads_sections(text: str) -> Sections | None:
    """The sections of a text in the canonical form, split exactly (a narrative
    may hold anything), or ``None`` when the text is not in that form."""
    m = _CANON_TITLE.match(text)
    if not m:
        return None
    bodies: dict[str, str] = {}
    pos = m.end() - 1
    for i, (key, _) in enumerate(HEADINGS):
        start = text.find(_CANON_HEADINGS[i], max(0, pos - 1))
        if start < 0:
            return None
        begin = start + len(_CANON_HEADINGS[i])
        if i + 1 < len(HEADINGS):
            # The next heading is the first one outside this body's fence.
            body_end = _next_heading(text, begin, _CANON_HEADINGS[i + 1])
            if body_end < 0:
                return None
        else:
            body_end = len(text) - 1 if text.endswith("\n") else len(text)
        bodies[key] = text[begin:body_end]
        pos = body_end
    narrative: dict[str, str | None] = {}
    for key in ("overview", "problems", "other_matters"):
        body = bodies[key]
        if not body.strip():
            narrative[key] = None
            continue
        fm = _FENCE.match(body.strip("\n"))
        if not fm:
            return None
        narrative[key] = fm.group("body")
    tables = bodies["active_disclosure"] + bodies["applications"]
    version: TemplateVersion = "2019" if "本年新制作数量" in tables else "2021"
    year = m.group("year")
    return Sections(
        template=version,
        agency=m.group("agency") or None,
        year=int(year) if year else None,
        overview=narrative["overview"],
        active_disclosure=bodies["active_disclosure"],
        applications=bodies["applications"],
        reviews=bodies["reviews"],
        problems=narrative["problems"],
        other_matters=narrative["other_matters"],
        starts={k: text.find(b) for k, b in bodies.items()},
    )


def _next_heading(text: str, begin: int, heading: str) -> int:
    pos = begin
    body = text[begin:]
    fence = re.match(r"\n?(`{3,})text\n", body)
    if fence:
        close = text.find(f"\n{fence.group(1)}\n", begin + fence.end())
        if close < 0:
            return -1
        pos = close + len(fence.group(1)) + 1
    return text.find(heading, max(begin, pos) - 1)
