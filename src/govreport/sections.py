"""Stage 2: find the title (agency, year), the six sections, and the template version.

Headings are found by their words, with or without their ordinal's usual form
(``## 一、总体情况``, ``二、主动公开…`` run into the text of a crawled page).
A table section whose heading is missing is found by its table's own words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .model import TemplateVersion
from .normalise import is_chinese, normalise_chars
from .template import HEADING_PATTERNS, VERSION_MARKERS

__all__ = ["Sections", "split_sections"]

# A heading: an ordinal (一、 二. …) at a line's start or after a sentence, then the
# section's words. The ordinals are found first (a fast scan), then the words.
# (The numeral's class is written first on its own, not as ``{1,2}``: a pattern
# that starts with a class is searched by the regex engine's fast scan for it,
# twice as fast over a report's text.)
_ORDINAL = re.compile(r"[一二三四五六七八九十][一二三四五六七八九十]?\s*[、.．]\s*")
_WORDS = {k: re.compile(v) for k, v in HEADING_PATTERNS.items()}
_AFTER = frozenset("。：:；;>|#")
# Where a table starts when its heading is missing.
_TABLE_ANCHORS = {
    "active_disclosure": re.compile(r"第二十条\s*第?\s*[(（]\s*一\s*[)）]"),
    "applications": re.compile(r"[(（]?本列数据的勾稽关系|本年新收政府信息公开申请"),
    "reviews": re.compile(r"行政复议[\s|]*行政诉讼"),
}
# Words that show a heading is followed by its table, not by a mention of it.
_TABLE_NEAR = {
    "active_disclosure": re.compile(r"第二十条|信息内容"),
    "applications": re.compile(r"勾稽|申请人情况|本年新收"),
    "reviews": re.compile(r"结果\s*维持|未经复议|复议后起诉"),
}
_ORDER = tuple(HEADING_PATTERNS)
_NARRATIVE_KEYS = frozenset({"overview", "problems", "other_matters"})

_CRAWLER = re.compile(
    r"^(标题|发布时间|文号|发布机构|栏目|原文链接|本地目录|来源|索引号)\s*[:：]", re.M
)
_BODY_MARK = re.compile(r"^=+\s*正文\s*=+\s*$", re.M)
_CRAWLER_TITLE = re.compile(r"^标题\s*[:：]\s*(.+)$", re.M)
_TITLE = re.compile(
    r"(?P<agency>[^\s，。,:：|()（）《》、]{2,40}?)?[^\S\n]*(?P<year>(?:19|20)\d{2})\s*年\s*(?:度)?\s*"
    r"(?P<agency2>(?!(?:政府|政务)?信息公开)[^\s，。,:：|()（）《》、0-9]{2,40}?)?\s*(?:政府|政务)?信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:年度)?报告"
)
# The patterns of the rarer cases below stay strings, compiled (and cached) by
# ``re`` on first use: an import compiling them all cost a cold start 2.5 ms.
# A title that states no year: the agency starts the line.
_TITLE_NO_YEAR = (
    r"(?m)^[#\s*]*(?!(?:政府|政务)?信息公开)(?P<agency>[^\s，。,:：|()（）《》、0-9]{2,40}?)"
    r"\s*(?:政府|政务)?信息公开(?:工作)?年度报告"
)
# The line before a title names the agency only if it reads like a name
# (site navigation such as "首页 > 政务公开" does not).
_AGENCY_MARKS = frozenset("()（）")


def _agency_line(line: str) -> bool:
    """Whether a line is 2 to 30 Chinese characters and brackets. (A test in
    Python: a class of the CJK range costs milliseconds to compile.)"""
    return 2 <= len(line) <= 30 and all(is_chinese(c) or c in _AGENCY_MARKS for c in line)


_PERIOD = r"统计(?:期限|时限|周期)[^。\n]{0,6}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"


class Sections(NamedTuple):
    """The parts of a report's text: title, version, the six sections' bodies.
    ``starts`` gives each section body's offset into the text it came from."""

    template: TemplateVersion
    agency: str | None
    year: int | None
    overview: str | None
    active_disclosure: str
    applications: str
    reviews: str
    problems: str | None
    other_matters: str | None
    starts: dict[str, int]


def _title(head: str, crawler_title: str | None) -> tuple[str | None, int | None]:
    sources = [normalise_chars(src) for src in filter(None, (crawler_title, head))]
    for flat in sources:
        m = _TITLE.search(flat)
        if not m:
            continue
        agency = m.group("agency") or m.group("agency2")
        if not agency:
            # The body on the line before: "沂源县公安局\n\n2023 年政府信息公开…"
            before = [ln.strip(" #\t") for ln in flat[: m.start()].split("\n") if ln.strip()]
            if before and _agency_line(before[-1]):
                agency = before[-1]
        return _agency_name(agency), int(m.group("year"))
    for flat in sources:
        m = re.search(_TITLE_NO_YEAR, flat)
        if m:
            return _agency_name(m.group("agency")), None
    return None, None


def _agency_name(raw: str | None) -> str | None:
    """The agency as the title gives it, without a crawler's field name."""
    if not raw:
        return None
    return re.sub(r"^(?:标题|名称)", "", raw).strip(" #\t") or None


def _version(text: str, year: int | None) -> TemplateVersion:
    flat = "".join(text.split())
    v2021 = sum(flat.count(m) for m in VERSION_MARKERS["2021"])
    v2019 = sum(flat.count(m) for m in VERSION_MARKERS["2019"])
    if v2021 != v2019:
        return "2021" if v2021 > v2019 else "2019"
    if year is not None and year <= 2020:
        return "2019"
    return "2021"


def _crawler_header(text: str) -> tuple[str | None, int]:
    """A crawled page's own title field, and where its body starts."""
    # (A body mark holds 正文: where the text does not, no search of every line.)
    mark = _BODY_MARK.search(text) if "正文" in text else None
    header = text[: mark.start()] if mark else text if _CRAWLER.match(text) else ""
    m = _CRAWLER_TITLE.search(header) if header else None
    return (m.group(1) if m else None), (mark.end() if mark else 0)


def _heading_start(text: str, ordinal: int) -> int | None:
    """Where a heading whose ordinal is at ``ordinal`` starts: its leading spaces
    and ``#`` marks, if the ordinal stands at a line's start or after a sentence."""
    q = ordinal
    while q > 0 and text[q - 1] in " \t#":
        q -= 1
    if q == 0 or text[q - 1].isspace() or text[q - 1] in _AFTER:
        return q
    return q + 1 if q < ordinal else None


def _candidates(text: str) -> dict[str, list[tuple[int, int]]]:
    """Every heading of each section in the text, as (start, end), in order."""
    out: dict[str, list[tuple[int, int]]] = {k: [] for k in _ORDER}
    for m in _ORDINAL.finditer(text):
        start = _heading_start(text, m.start())
        if start is None:
            continue
        for key, words in _WORDS.items():
            w = words.match(text, m.end())
            if w:
                out[key].append((start, w.end()))
    return out


def _heading(text: str, key: str, pos: int, found: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where section ``key``'s heading is (start, end), searching from ``pos``.

    A table section's heading is the mention its table follows, with no other
    mention of the same heading in between (a narrative may name the section).
    """
    matches = [span for span in found if span[0] >= pos]
    near = _TABLE_NEAR.get(key)
    if near is None or not matches:
        return matches[0] if matches else None
    for i, (_, end) in enumerate(matches):
        w = near.search(text, end, end + 400)
        nxt = matches[i + 1][0] if i + 1 < len(matches) else len(text)
        if w and w.start() < nxt:
            return matches[i]
    return matches[0]


def _starts(text: str, pos: int) -> dict[str, tuple[int, int]]:
    """Each section found: where its heading starts and where its body starts.
    A table section whose heading is missing starts at its table's own words."""
    starts: dict[str, tuple[int, int]] = {}
    found = _candidates(text)
    for key in _ORDER:
        span = _heading(text, key, pos, found[key])
        if span is None and key in _TABLE_ANCHORS:
            a = _TABLE_ANCHORS[key].search(text, pos)
            span = (a.start(), a.start()) if a else None
        if span is not None:
            starts[key] = span
            pos = span[1]
    return starts


def _bodies(text: str, starts: dict[str, tuple[int, int]]) -> dict[str, str | None]:
    """Each section's body: from its heading to the next section's."""
    keys = [k for k in _ORDER if k in starts]
    out: dict[str, str | None] = {}
    for i, key in enumerate(keys):
        end = starts[keys[i + 1]][0] if i + 1 < len(keys) else len(text)
        chunk = text[starts[key][1] : end]
        # A table's edge tabs are its blank edge cells: keep them.
        chunk = chunk.strip() if key in _NARRATIVE_KEYS else chunk.strip(" \r\n")
        out[key] = chunk if chunk.strip() else None
    return out


def split_sections(text: str) -> Sections:
    """Split a report's text (already decoded) into its sections."""
    crawler_title, body_start = _crawler_header(text)
    starts = _starts(text, body_start)
    bodies = _bodies(text, starts)
    first = min((s for s, _ in starts.values()), default=len(text))
    agency, year = _title(text[body_start:first][:3000], crawler_title)
    if year is None:
        m = re.search(_PERIOD, normalise_chars(text[:first] if first else text[:3000]))
        year = int(m.group(1)) if m else None
    return Sections(
        template=_version(text, year),
        agency=agency,
        year=year,
        overview=bodies.get("overview"),
        active_disclosure=bodies.get("active_disclosure") or "",
        applications=bodies.get("applications") or "",
        reviews=bodies.get("reviews") or "",
        problems=bodies.get("problems"),
        other_matters=bodies.get("other_matters"),
        starts={k: v[1] for k, v in starts.items()},
    )
