"""Stage 2: find the title (agency, year), the six sections, and the template version.

Headings are found by their words, with or without their ordinal's usual form
(``## 一、总体情况``, ``二、主动公开…`` run into the text of a crawled page).
A table section whose heading is missing is found by its table's own words.
"""

from __future__ import annotations

import re

import attrs

from .model import TemplateVersion
from .normalise import normalise_chars

__all__ = ["Sections", "split_sections"]

_NUM = r"[一二三四五六七八九十]{1,2}"
_PRE = r"(?:^|(?<=[\s。：:；;>|#]))[ \t#]*"
_HEADINGS: dict[str, str] = {
    "overview": r"总体情况",
    "active_disclosure": r"主动公开政府信息(?:情况)?",
    "applications": r"收到和处理政府信息公开申请(?:的)?(?:情况)?",
    "reviews": (
        r"(?:政府信息公开)?(?:被)?(?:申请)?行政.{0,2}复议[^\n。]{0,8}?行政诉讼(?:的)?(?:情况)?"
    ),
    "problems": r"(?:政府信息公开工作)?存在的?主要问题(?:及|和|与)?(?:改进)?(?:情况|措施)?",
    "other_matters": r"其他需要报告的事项",
}
_HEADING_RE = {
    k: re.compile(rf"{_PRE}({_NUM})\s*[、.．]\s*(?:{v})", re.M) for k, v in _HEADINGS.items()
}
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
_ORDER = tuple(_HEADINGS)
_NARRATIVE_KEYS = frozenset({"overview", "problems", "other_matters"})

_CRAWLER = re.compile(
    r"^(标题|发布时间|文号|发布机构|栏目|原文链接|本地目录|来源|索引号)\s*[:：]", re.M
)
_BODY_MARK = re.compile(r"^=+\s*正文\s*=+\s*$", re.M)
_TITLE = re.compile(
    r"(?P<agency>[^\s，。,:：|()（）《》、]{2,40}?)?[^\S\n]*(?P<year>(?:19|20)\d{2})\s*年\s*(?:度)?\s*"
    r"(?P<agency2>(?!(?:政府|政务)?信息公开)[^\s，。,:：|()（）《》、0-9]{2,40}?)?\s*(?:政府|政务)?信息公开(?:工作)?(?:年度)?\s*(?:年度)?报告"
)
# A title that states no year: the agency starts the line.
_TITLE_NO_YEAR = re.compile(
    r"^[#\s*]*(?!(?:政府|政务)?信息公开)(?P<agency>[^\s，。,:：|()（）《》、0-9]{2,40}?)\s*(?:政府|政务)?信息公开(?:工作)?年度报告",
    re.M,
)
# The line before a title names the agency only if it reads like a name
# (site navigation such as "首页 > 政务公开" does not).
_AGENCY_LINE = re.compile(r"[\u3400-\u9fff()（）]{2,30}")
_PERIOD = re.compile(r"统计(?:期限|时限|周期)[^。\n]{0,6}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")

_2021_MARKS = (
    "本年制发件数",
    "本年处理决定数量",
    "本年收费金额",
    "逾期不补正",
    "逾期未按收费通知",
    "现行有效件数",
)
_2019_MARKS = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "政府集中采购",
    "采购总金额",
)


@attrs.frozen
class Sections:
    """The parts of a report's text. Offsets are into ``text``."""

    text: str
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
    found: frozenset[str]


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
            if before and _AGENCY_LINE.fullmatch(before[-1]):
                agency = before[-1]
        return _agency_name(agency), int(m.group("year"))
    for flat in sources:
        m = _TITLE_NO_YEAR.search(flat)
        if m:
            return _agency_name(m.group("agency")), None
    return None, None


def _agency_name(raw: str | None) -> str | None:
    """The agency as the title gives it, without a crawler's field name."""
    if not raw:
        return None
    return re.sub(r"^(?:标题|名称)", "", raw).strip(" #\t") or None


def _version(text: str, year: int | None) -> TemplateVersion:
    flat = re.sub(r"\s+", "", text)
    v2021 = sum(flat.count(m) for m in _2021_MARKS)
    v2019 = sum(flat.count(m) for m in _2019_MARKS)
    if v2021 != v2019:
        return "2021" if v2021 > v2019 else "2019"
    if year is not None and year <= 2020:
        return "2019"
    return "2021"


def split_sections(text: str) -> Sections:
    """Split a report's text (already decoded) into its sections."""
    crawler_title = None
    body_start = 0
    mark = _BODY_MARK.search(text)
    if mark:
        header = text[: mark.start()]
        m = re.search(r"^标题\s*[:：]\s*(.+)$", header, re.M)
        crawler_title = m.group(1) if m else None
        body_start = mark.end()
    elif _CRAWLER.match(text):
        m = re.search(r"^标题\s*[:：]\s*(.+)$", text, re.M)
        crawler_title = m.group(1) if m else None

    starts: dict[str, tuple[int, int]] = {}
    pos = body_start
    for key in _ORDER:
        found = None
        near = _TABLE_NEAR.get(key)
        if near is None:
            found = _HEADING_RE[key].search(text, pos)
        else:
            matches = list(_HEADING_RE[key].finditer(text, pos))
            for i, m in enumerate(matches):
                # The heading is the one its table follows, with no other mention
                # of the same heading in between (a narrative that names the section).
                w = near.search(text, m.end(), m.end() + 400)
                nxt = matches[i + 1].start() if i + 1 < len(matches) else len(text)
                if w and w.start() < nxt:
                    found = m
                    break
                if found is None:
                    found = m
        if found is None and key in _TABLE_ANCHORS:
            a = _TABLE_ANCHORS[key].search(text, pos)
            if a:
                starts[key] = (a.start(), a.start())
                pos = a.start()
            continue
        if found is not None:
            starts[key] = (found.start(), found.end())
            pos = found.end()
    keys = [k for k in _ORDER if k in starts]

    def body(key: str) -> str | None:
        if key not in starts:
            return None
        begin = starts[key][1]
        i = keys.index(key)
        end = starts[keys[i + 1]][0] if i + 1 < len(keys) else len(text)
        chunk = text[begin:end]
        # A table's edge tabs are its blank edge cells: keep them.
        chunk = chunk.strip() if key in _NARRATIVE_KEYS else chunk.strip(" \r\n")
        return chunk if chunk.strip() else None

    first = min((s for s, _ in starts.values()), default=len(text))
    head = text[body_start:first]
    agency, year = _title(head[:3000], crawler_title)
    if year is None:
        m = _PERIOD.search(normalise_chars(text[:first] if first else text[:3000]))
        year = int(m.group(1)) if m else None
    return Sections(
        text=text,
        template=_version(text, year),
        agency=agency,
        year=year,
        overview=body("overview"),
        active_disclosure=body("active_disclosure") or "",
        applications=body("applications") or "",
        reviews=body("reviews") or "",
        problems=body("problems"),
        other_matters=body("other_matters"),
        starts={k: v[1] for k, v in starts.items()},
        found=frozenset(starts),
    )
