"""The template's row and column structure, in template order.

One place says which rows each table has, under which labels, and how a dotted
path (``applications.outcomes.withheld.state_secret``) reaches a row. The builder,
the cross-checks, the renderer and the strategies all read it from here.
"""

from __future__ import annotations

import functools
import operator
import typing
from typing import Any, NamedTuple

import attrs

from .model import (
    APPLICANT_COLUMNS,
    REVIEW_COLUMNS,
    ActiveDisclosure2019,
    ActiveDisclosure2021,
    ApplicantRow,
    Applications,
    NotProcessed,
    OtherOutcomes,
    Outcomes,
    Report,
    ReviewGroup,
    Reviews,
    TemplateVersion,
    Unavailable,
    Withheld,
)

__all__ = [
    "ACTIVE_TABLES",
    "APPLICANT_COLUMNS",
    "APPLICANT_HEADERS",
    "APPLICATION_ROWS",
    "REVIEW_COLUMNS",
    "REVIEW_GROUPS",
    "REVIEW_HEADERS",
    "RowSpec",
    "active_row_classes",
    "application_rows",
    "build_applications",
    "cell_paths",
    "cell_values",
    "get_path",
    "outcome_leaves",
]

APPLICANT_HEADERS: dict[str, str] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构",
    "other": "其他",
    "total": "总计",
}

REVIEW_GROUPS: tuple[tuple[str, str], ...] = (
    ("administrative_review", "行政复议"),
    ("litigation_direct", "行政诉讼 未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼 复议后起诉"),
)

REVIEW_HEADERS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


class RowSpec(NamedTuple):
    """One row of the applications table.

    ``key`` is the path below ``applications`` (``outcomes.withheld.state_secret``),
    ``group`` the group label shown on the group's first row, ``label`` the row's
    own label, both verbatim from the template.
    """

    key: str
    label: str
    group: str = ""
    #: The token that names the row (``STATE_SECRET``) and its pattern: the
    #: template's label and the local wordings of it, after normalisation
    #: (ASCII brackets, no spaces inside labels, ordinals optional).
    terminal: str = ""
    pattern: str = ""

    @property
    def path(self) -> str:
        return f"applications.{self.key}"


_ORD = r"(?:\d\.)?"

#: The rows of section 三 in template order: key, label, group label, token,
#: pattern. Patterns need only the distinctive core of a label, so that labels
#: wrapped across lines or run together with their ordinals lost still match.
_APPLICATION_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "new_received",
        "一、本年新收政府信息公开申请数量",
        "",
        "NEW_RECEIVED",
        r"(?:一[、.])?本年(?:度)?新收(?:到)?(?:的)?政府信息公开申请(?:数量|数)?",
    ),
    (
        "carried_over",
        "二、上年结转政府信息公开申请数量",
        "",
        "CARRIED_OVER",
        r"(?:二[、.])?上年(?:度)?结转(?:的)?政府信息公开申请(?:数量|数)?",
    ),
    ("outcomes.granted", "（一）予以公开", "三、本年度办理结果", "GRANTED", r"(?:\(一\))?予以公开"),
    (
        "outcomes.partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "",
        "PARTIALLY_GRANTED",
        r"(?:\(二\))?部分公开(?:\((?:区分处理的?)?[^)\n\t]{0,20}\)?)?",
    ),
    (
        "outcomes.withheld.state_secret",
        "1.属于国家秘密",
        "（三）不予公开",
        "STATE_SECRET",
        _ORD + "属于国家秘密",
    ),
    (
        "outcomes.withheld.prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        "",
        "PROHIBITED_BY_LAW",
        _ORD + "其他法律(?:、)?行政法规禁止公开",
    ),
    (
        "outcomes.withheld.safety_stability",
        "3.危及“三安全一稳定”",
        "",
        "SAFETY_STABILITY",
        _ORD + '危及["“]?三安全一稳定["”]?',
    ),
    (
        "outcomes.withheld.third_party_rights",
        "4.保护第三方合法权益",
        "",
        "THIRD_PARTY_RIGHTS",
        _ORD + "保护第三方合法权益",
    ),
    (
        "outcomes.withheld.internal_affairs",
        "5.属于三类内部事务信息",
        "",
        "INTERNAL_AFFAIRS",
        _ORD + "属于三类内部事务(?:信息)?",
    ),
    (
        "outcomes.withheld.process_information",
        "6.属于四类过程性信息",
        "",
        "PROCESS_INFORMATION",
        _ORD + "属于四类过程性(?:信息)?",
    ),
    (
        "outcomes.withheld.enforcement_files",
        "7.属于行政执法案卷",
        "",
        "ENFORCEMENT_FILES",
        _ORD + "属于行政执法案卷",
    ),
    (
        "outcomes.withheld.administrative_query",
        "8.属于行政查询事项",
        "",
        "ADMINISTRATIVE_QUERY",
        _ORD + "属于行政查询事项",
    ),
    (
        "outcomes.unavailable.not_held",
        "1.本机关不掌握相关政府信息",
        "（四）无法提供",
        "NOT_HELD",
        _ORD + "本(?:机关|单位|部门|行政机关)?不掌握(?:相关)?(?:政府)?(?:信息)?",
    ),
    (
        "outcomes.unavailable.needs_creation",
        "2.没有现成信息需要另行制作",
        "",
        "NEEDS_CREATION",
        _ORD + "没有现成信息(?:需要)?(?:另行|另外)?(?:制作)?",
    ),
    (
        "outcomes.unavailable.unclear_request",
        "3.补正后申请内容仍不明确",
        "",
        "UNCLEAR_REQUEST",
        _ORD + "补正后申请内容仍?不明确",
    ),
    (
        "outcomes.not_processed.complaint",
        "1.信访举报投诉类申请",
        "（五）不予处理",
        "COMPLAINT",
        _ORD + "信访举报投诉类(?:申请)?",
    ),
    ("outcomes.not_processed.duplicate", "2.重复申请", "", "DUPLICATE", _ORD + "重复申请"),
    (
        "outcomes.not_processed.publication",
        "3.要求提供公开出版物",
        "",
        "PUBLICATION",
        _ORD + "要求提供公开出版物",
    ),
    (
        "outcomes.not_processed.excessive",
        "4.无正当理由大量反复申请",
        "",
        "EXCESSIVE",
        _ORD + "无正当理由大量反复(?:申请)?",
    ),
    (
        "outcomes.not_processed.confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        "",
        "CONFIRMATION",
        _ORD + "要求行政机关确认或重新出具已获取(?:的)?(?:信息)?",
    ),
)
_OTHER_2021: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "outcomes.other.overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "（六）其他处理",
        "OVERDUE_CORRECTION",
        _ORD + "申请人无正当理由逾期不补正(?:、?行政机关不再处理其政府信息公开申请)?",
    ),
    (
        "outcomes.other.overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "",
        "OVERDUE_FEE",
        _ORD + "申请人逾期未按收费通知要求缴纳费用(?:、?行政机关不再处理其政府信息公开申请)?",
    ),
    ("outcomes.other.other", "3.其他", "", "OTHER_OTHER", r"\d\.其他(?!法律|处理)"),
)
_OTHER_PATTERN = r"(?:\(六\))?其他处理"
_OTHER_2019 = (("outcomes.other", "（六）其他处理", "", "OTHER", _OTHER_PATTERN),)
_CLOSING = (
    ("outcomes.total", "（七）总计", "", "TOTAL", r"\(七\)总计|七[、.]总计"),
    (
        "carried_forward",
        "四、结转下年度继续办理",
        "",
        "CARRIED_FORWARD",
        r"(?:四[、.])?结转下年度?继续办理",
    ),
)

#: Group labels of section 三 that carry no cells of their own (in 2021: （六） too).
APPLICATION_GROUPS: dict[TemplateVersion, tuple[tuple[str, str], ...]] = {
    "2021": (
        ("OUTCOMES", r"(?:三[、.])?本年度?办理结果"),
        ("WITHHELD", r"(?:\(三\))?不予公开"),
        ("UNAVAILABLE", r"(?:\(四\))?无法提供"),
        ("NOT_PROCESSED", r"(?:\(五\))?不予处理"),
        ("OTHER", _OTHER_PATTERN),
    ),
}
APPLICATION_GROUPS["2019"] = APPLICATION_GROUPS["2021"][:-1]

#: Header phrases of section 三: read as such, never as values or labels.
APPLICATION_HEADER_PATTERNS = (
    r"\(?本列数据的勾稽关系为[^)\n\t]{0,40}\)?",
    r"申请人情况|自然人|法人或其他组织|商业企业|科研机构|社会公益组织|社会组织|法律服务机构|其他|总计",
)


def _rows(version: TemplateVersion) -> tuple[RowSpec, ...]:
    other = _OTHER_2021 if version == "2021" else _OTHER_2019
    return tuple(
        RowSpec(key, label, group, terminal, pattern)
        for key, label, group, terminal, pattern in (*_APPLICATION_ROWS, *other, *_CLOSING)
    )


APPLICATION_ROWS: dict[str, tuple[RowSpec, ...]] = {v: _rows(v) for v in ("2019", "2021")}


def application_rows(version: TemplateVersion) -> tuple[RowSpec, ...]:
    """The applications rows of ``version`` in template order."""
    return APPLICATION_ROWS[version]


def outcome_leaves(version: TemplateVersion) -> tuple[RowSpec, ...]:
    """The outcome rows that A3 sums into ``outcomes.total``."""
    return tuple(
        r
        for r in APPLICATION_ROWS[version]
        if r.key.startswith("outcomes.") and r.key != "outcomes.total"
    )


def get_path(obj: Any, dotted: str) -> Any:
    """Follow a dotted attribute path (``outcomes.withheld.state_secret``)."""
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def build_applications(version: TemplateVersion, rows: dict[str, ApplicantRow]) -> Applications:
    """An :class:`Applications` from rows keyed as in :func:`application_rows`."""

    def row(key: str) -> ApplicantRow:
        return rows.get(key) or ApplicantRow()

    other: OtherOutcomes | ApplicantRow
    if version == "2021":
        other = OtherOutcomes(
            overdue_correction=row("outcomes.other.overdue_correction"),
            overdue_fee=row("outcomes.other.overdue_fee"),
            other=row("outcomes.other.other"),
        )
    else:
        other = row("outcomes.other")
    return Applications(
        new_received=row("new_received"),
        carried_over=row("carried_over"),
        outcomes=Outcomes(
            granted=row("outcomes.granted"),
            partially_granted=row("outcomes.partially_granted"),
            withheld=Withheld(
                **{k: row(f"outcomes.withheld.{k}") for k in attrs.fields_dict(Withheld)}
            ),
            unavailable=Unavailable(
                **{k: row(f"outcomes.unavailable.{k}") for k in attrs.fields_dict(Unavailable)}
            ),
            not_processed=NotProcessed(
                **{k: row(f"outcomes.not_processed.{k}") for k in attrs.fields_dict(NotProcessed)}
            ),
            other=other,
            total=row("outcomes.total"),
        ),
        carried_forward=row("carried_forward"),
    )


def build_reviews(groups: dict[str, ReviewGroup]) -> Reviews:
    """A :class:`Reviews` from groups keyed as in :data:`REVIEW_GROUPS`."""
    return Reviews(**{k: groups.get(k) or ReviewGroup() for k, _ in REVIEW_GROUPS})


#: Section 二 rows: key -> (template label, column keys). A column list of
#: ``None`` marks a single-value row (2021 licensing, penalty, coercion, fees).
ACTIVE_ROWS: dict[TemplateVersion, tuple[tuple[str, str, tuple[str, ...] | None], ...]] = {
    "2021": (
        ("regulations", "规章", ("issued", "repealed", "in_force")),
        ("normative_documents", "行政规范性文件", ("issued", "repealed", "in_force")),
        ("licensing", "行政许可", None),
        ("penalty", "行政处罚", None),
        ("coercion", "行政强制", None),
        ("fees", "行政事业性收费", None),
    ),
    "2019": (
        ("regulations", "规章", ("made", "published", "total_published")),
        ("normative_documents", "规范性文件", ("made", "published", "total_published")),
        ("licensing", "行政许可", ("previous_items", "change", "decisions")),
        ("other_services", "其他对外管理服务事项", ("previous_items", "change", "decisions")),
        ("penalty", "行政处罚", ("previous_items", "change", "decisions")),
        ("coercion", "行政强制", ("previous_items", "change", "decisions")),
        ("fees", "行政事业性收费", ("previous_items", "change")),
        ("procurement", "政府集中采购", ("projects", "amount")),
    ),
}

#: Each version's section 二 class.
ACTIVE_TABLES: dict[TemplateVersion, type[ActiveDisclosure2019 | ActiveDisclosure2021]] = {
    "2021": ActiveDisclosure2021,
    "2019": ActiveDisclosure2019,
}


@functools.cache
def active_row_classes(version: TemplateVersion) -> dict[str, type | None]:
    """Each section 二 row's class, read off the model: ``None`` for a single value."""
    hints = typing.get_type_hints(ACTIVE_TABLES[version])
    return {
        a.name: hints[a.name] if attrs.has(hints[a.name]) else None
        for a in attrs.fields(ACTIVE_TABLES[version])
    }


#: Section headings of the template, in order: report key -> heading.
HEADINGS: tuple[tuple[str, str], ...] = (
    ("overview", "一、总体情况"),
    ("active_disclosure", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("reviews", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
)

#: Section 二's sub-tables: (heading, column headers, row keys), per version.
SUBTABLES: dict[TemplateVersion, tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = {
    "2021": (
        (
            "第二十条第（一）项",
            ("本年制发件数", "本年废止件数", "现行有效件数"),
            ("regulations", "normative_documents"),
        ),
        ("第二十条第（五）项", ("本年处理决定数量",), ("licensing",)),
        ("第二十条第（六）项", ("本年处理决定数量",), ("penalty", "coercion")),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("fees",)),
    ),
    "2019": (
        (
            "第二十条第（一）项",
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
            ("regulations", "normative_documents"),
        ),
        (
            "第二十条第（五）项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            ("licensing", "other_services"),
        ),
        (
            "第二十条第（六）项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            ("penalty", "coercion"),
        ),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("fees",)),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("procurement",)),
    ),
}

#: What each section's heading says after its ordinal, with the wordings reports use.
HEADING_PATTERNS: dict[str, str] = {
    "overview": r"总体情况",
    "active_disclosure": r"主动公开政府信息(?:情况)?",
    "applications": r"收到和处理政府信息公开申请(?:的)?(?:情况)?",
    "reviews": (
        r"(?:政府信息公开)?(?:被)?(?:申请)?行政.{0,2}复议[^\n。]{0,8}?行政诉讼(?:的)?(?:情况)?"
    ),
    "problems": r"(?:政府信息公开工作)?存在的?主要问题(?:及|和|与)?(?:改进)?(?:情况|措施)?",
    "other_matters": r"其他需要报告的事项",
}

#: Words only one version's tables have: the version is the one whose words appear more.
VERSION_MARKERS: dict[TemplateVersion, tuple[str, ...]] = {
    "2021": (
        "本年制发件数",
        "本年处理决定数量",
        "本年收费金额",
        "逾期不补正",
        "逾期未按收费通知",
        "现行有效件数",
    ),
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "政府集中采购",
        "采购总金额",
    ),
}

_APPLICANT_PARENT = "法人或其他组织"


@functools.lru_cache(maxsize=4096)
def cell_labels(path: str, version: TemplateVersion = "2021") -> tuple[str, ...]:
    """The template's Chinese labels of a cell or row, outermost first.

    >>> cell_labels("applications.outcomes.total.natural_person")
    ('三、收到和处理政府信息公开申请情况', '三、本年度办理结果', '（七）总计', '自然人')

    A path the template does not have gives the labels of its longest known prefix
    (the section heading at least), never an error: diagnostics may name a row or
    a whole table.
    """
    section, _, rest = path.partition(".")
    heading = dict(HEADINGS).get(section)
    if heading is None:
        return ()
    out: list[str] = [heading]
    if section == "applications":
        out += _application_labels(rest, version)
    elif section == "reviews":
        out += _review_labels(rest)
    elif section == "active_disclosure":
        out += _active_labels(rest, version)
    return tuple(out)


@functools.cache
def _application_row_keys(version: TemplateVersion) -> dict[str, RowSpec]:
    return {spec.key: spec for spec in application_rows(version)}


def _application_labels(rest: str, version: TemplateVersion) -> list[str]:
    # The row is the longest prefix of the path (at a dot) that is a row's key.
    by_key = _application_row_keys(version)
    key = rest
    while key not in by_key:
        if "." not in key:
            return []
        key = key.rsplit(".", 1)[0]
    spec = by_key[key]
    out = _groups_of(spec, application_rows(version)) + [spec.label]
    column = rest[len(spec.key) + 1 :]
    if column in APPLICANT_HEADERS:
        if column not in ("natural_person", "total"):
            out.append(_APPLICANT_PARENT)
        out.append(APPLICANT_HEADERS[column])
    return out


def _groups_of(spec: RowSpec, rows: tuple[RowSpec, ...]) -> list[str]:
    """The group labels above a row: 三、本年度办理结果, then （三）不予公开 etc."""
    if not spec.key.startswith("outcomes."):
        return []
    out = ["三、本年度办理结果"]
    parent = spec.key.rsplit(".", 1)[0]
    if parent != "outcomes":
        first = next(r for r in rows if r.key.startswith(parent + "."))
        out.append(first.group)
    return [g for g in out if g != spec.label]


def _review_labels(rest: str) -> list[str]:
    group, _, column = rest.partition(".")
    label = dict(REVIEW_GROUPS).get(group)
    if label is None:
        return []
    out = label.split(" ")
    if column in REVIEW_HEADERS:
        out.append(REVIEW_HEADERS[column])
    return out


def _active_labels(rest: str, version: TemplateVersion) -> list[str]:
    key, _, column = rest.partition(".")
    for heading, headers, keys in SUBTABLES[version]:
        if key not in keys:
            continue
        row = next(r for r in ACTIVE_ROWS[version] if r[0] == key)
        out = [heading, row[1]]
        names = row[2]
        if names is None:
            out.append(headers[0])
        elif column in names:
            out.append(headers[names.index(column)])
        elif key == "procurement" and column == "amount_unit":
            out.append("采购总金额")
        return out
    return []


#: Section 二 row tokens and patterns (the same in both versions where a row exists).
ACTIVE_TERMINALS: dict[str, tuple[str, str]] = {
    "regulations": ("REGULATIONS", r"规章"),
    "normative_documents": ("NORMATIVE_DOCUMENTS", r"(?:行政)?规范性文件"),
    "licensing": ("LICENSING", r"行政许可"),
    "other_services": ("OTHER_SERVICES", r"其他对外管理服务事项"),
    "penalty": ("PENALTY", r"行政处罚"),
    "coercion": ("COERCION", r"行政强制"),
    "fees": ("FEES", r"行政事业性收费"),
    "procurement": ("PROCUREMENT", r"政府集中采购"),
}
#: A sub-table heading of section 二: 第二十条第（N）项.
SUBTABLE_PATTERN = r"第二十条第?\(?[一二三四五六七八九十]+\)?项"
#: The 2019 amount header, which may state the unit: 采购总金额(万元).
AMOUNT_HEADER_PATTERN = r"采购总金额(?:\((?:单位:)?(?:万元|元)\))?"
#: Header phrases of section 二's sub-tables, per version.
ACTIVE_HEADER_PATTERNS: dict[TemplateVersion, tuple[str, ...]] = {
    "2021": (
        r"信息内容|本年制发件数|本年废止件数|现行有效件数|本年处理决定数量",
        r"本年收费金额(?:\([^)\n\t]{0,20}\))?",
    ),
    "2019": (
        r"信息内容|本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|本年增\/减"
        r"|处理决定数量|采购项目数量",
    ),
}
#: Header phrases of section 四.
REVIEW_HEADER_PATTERN = (
    r"行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结|总计|未经复议直接起诉|复议后起诉"
)


@functools.cache
def cell_paths(version: TemplateVersion) -> tuple[str, ...]:
    """Every cell of the three tables in ``version``'s data contract, as dotted
    paths in the model's order (the procurement amount's unit is no cell)."""

    def walk(obj: Any, path: str) -> list[str]:
        out: list[str] = []
        for field in attrs.fields(type(obj)):
            value = getattr(obj, field.name)
            sub = f"{path}.{field.name}"
            if attrs.has(type(value)):
                out += walk(value, sub)
            elif field.name != "amount_unit":
                out.append(sub)
        return out

    report = Report.empty(version)
    return tuple(
        p
        for key in ("active_disclosure", "applications", "reviews")
        for p in walk(getattr(report, key), key)
    )


@functools.cache
def _cell_getter(version: TemplateVersion) -> operator.attrgetter[Any]:
    return operator.attrgetter(*cell_paths(version))


def cell_values(report: Report) -> tuple[Any, ...]:
    """The values of the report's cells in the order of :func:`cell_paths`, read
    in one call: the cross-checks and the blank-cell test run over this tuple."""
    values: tuple[Any, ...] = _cell_getter(report.template)(report)
    return values
