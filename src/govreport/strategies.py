"""Hypothesis strategies for govreport's data model.

Requires hypothesis (``pip install 'govreport[strategies]')``. Like
:mod:`xarray.testing.strategies`, every strategy is a function with keyword-only
parameters that returns a :class:`~hypothesis.strategies.SearchStrategy`.

>>> from hypothesis import given
>>> import govreport
>>> from govreport.strategies import reports
>>> @given(reports(template="2021", consistent=True))
... def test_round_trip(report):
...     assert govreport.parse(govreport.dumps(report)).report == report
...     assert govreport.check(report) == []
>>> test_round_trip()  # doctest: +SKIP

``consistent=True`` draws figures that satisfy the template's cross-checks
(A1, A2, A3 and R1, as :mod:`govreport.rules` defines them) with no table cell left empty.

When govreport is installed, hypothesis loads
:func:`govreport._hypothesis_plugin._hypothesis_setup_hook` through the
``hypothesis`` entry point, so ``st.from_type(Report)`` (and the
table classes) use these strategies.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal, TypeVar

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - tested with hypothesis hidden
    raise ImportError(
        "govreport.strategies needs hypothesis: pip install 'govreport[strategies]'"
    ) from exc

from .model import (
    ActiveDisclosure2019,
    ActiveDisclosure2021,
    ApplicantRow,
    Applications,
    DocumentCounts2019,
    DocumentCounts2021,
    FeeItems2019,
    ItemCounts2019,
    Procurement2019,
    Report,
    ReviewGroup,
    Reviews,
    TemplateVersion,
)
from .paths import CellPath
from .rules import Equation, equations
from .template import (
    APPLICANT_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    application_rows,
    build_applications,
    build_reviews,
    outcome_leaves,
)

__all__ = [
    "active_disclosure",
    "agencies",
    "applicant_rows",
    "applications",
    "cells",
    "narratives",
    "reports",
    "review_groups",
    "reviews",
]

T = TypeVar("T")

_PARTS = APPLICANT_COLUMNS[:-1]  # the six applicant columns, without 总计


def _maybe(strategy: st.SearchStrategy[T], allow_none: bool) -> st.SearchStrategy[T | None]:
    return st.none() | strategy if allow_none else strategy


def _check_template(template: str) -> None:
    if template not in ("2019", "2021"):
        raise ValueError(f"template must be '2019' or '2021', got {template!r}")


# --- cells and rows ----------------------------------------------------------------


def cells(*, max_value: int = 10_000, allow_none: bool = True) -> st.SearchStrategy[int | None]:
    """A count cell: an int in ``[0, max_value]``, or ``None`` if ``allow_none``.

    Requires hypothesis (pip install 'govreport[strategies]').
    """
    if max_value < 0:
        raise ValueError(f"max_value must not be negative, got {max_value}")
    return _maybe(st.integers(min_value=0, max_value=max_value), allow_none)


def _solve(eqs: Sequence[Equation], values: dict[CellPath, int]) -> None:
    """Fill every cell that an equation with one cell left unknown settles."""
    progress = True
    while progress:
        progress = False
        for eq in eqs:
            unknown = [c for c in eq.cells if c not in values]
            if len(unknown) != 1:
                continue
            (x,) = unknown
            total = sum(values[c] for c in eq.total if c != x)
            parts = sum(values[c] for c in eq.parts if c != x)
            values[x] = parts - total if x in eq.total else total - parts
            progress = True


def _bound(x: CellPath, eqs: Sequence[Equation], values: dict[CellPath, int], top: int) -> int:
    """The most ``x`` may be so that a part another equation then settles is not negative."""
    for eq in eqs:
        if x not in eq.parts:
            continue
        others = [c for c in eq.cells if c not in values and c != x]
        if len(others) == 1 and others[0] in eq.parts:
            known = sum(values.get(c, 0) for c in eq.total)
            known -= sum(values.get(c, 0) for c in eq.parts if c != x)
            top = min(top, max(known, 0))
    return top


@st.composite
def _consistent_cells(
    draw: st.DrawFn, eqs: Sequence[Equation], free: Sequence[CellPath], top: int
) -> dict[CellPath, int]:
    """Figures that satisfy ``eqs``: the ``free`` cells drawn in order, every
    other cell settled by the equations (:mod:`govreport.rules`)."""
    values: dict[CellPath, int] = {}
    for x in free:
        if x not in values:
            values[x] = draw(st.integers(min_value=0, max_value=_bound(x, eqs, values, top)))
            _solve(eqs, values)
    _solve(eqs, values)
    return values


def _row_of(values: dict[CellPath, int], row: CellPath, columns: Sequence[str]) -> dict[str, int]:
    return {c: values[row.child(c)] for c in columns}


@st.composite
def _consistent_row(draw: st.DrawFn, max_value: int) -> ApplicantRow:
    (a2,) = [
        e for e in equations("2021") if e.rule == "A2" and e.about == "applications.new_received"
    ]
    row = a2.total[0].parent
    values = draw(_consistent_cells([a2], a2.parts, max_value))
    return ApplicantRow(**_row_of(values, row, APPLICANT_COLUMNS))


def applicant_rows(
    *, consistent: bool = False, allow_none: bool = True, max_value: int = 10_000
) -> st.SearchStrategy[ApplicantRow]:
    """An :class:`~govreport.model.ApplicantRow` (six applicant columns and 总计).

    With ``consistent=True`` every cell is stated and ``total`` is the sum of the
    six applicant columns (rule A2); ``allow_none`` is then ignored. Otherwise each
    cell is drawn independently from :func:`cells`.

    Requires hypothesis (pip install 'govreport[strategies]').
    """
    if consistent:
        return _consistent_row(max_value)
    cell = cells(max_value=max_value, allow_none=allow_none)
    return st.builds(ApplicantRow, **{c: cell for c in APPLICANT_COLUMNS})


# --- section 三 ------------------------------------------------------------------------


@st.composite
def _consistent_applications(draw: st.DrawFn, template: TemplateVersion) -> Applications:
    eqs = [e for e in equations(template) if e.rule in ("A1", "A2", "A3")]
    # Drawn: each outcome row's six applicant columns, then 结转下年度 and 上年结转;
    # the rules settle every 总计, （七）总计 and 本年新收.
    keys = [r.key for r in outcome_leaves(template)] + ["carried_forward", "carried_over"]
    free = [CellPath.of(f"applications.{k}").child(c) for k in keys for c in _PARTS]
    values = draw(_consistent_cells(eqs, free, 200))
    rows = {
        spec.key: ApplicantRow(**_row_of(values, CellPath.of(spec.path), APPLICANT_COLUMNS))
        for spec in application_rows(template)
    }
    return build_applications(template, rows)


@st.composite
def _free_applications(
    draw: st.DrawFn, template: TemplateVersion, allow_none: bool
) -> Applications:
    row = applicant_rows(allow_none=allow_none)
    return build_applications(
        template, {spec.key: draw(row) for spec in application_rows(template)}
    )


def applications(
    *,
    template: TemplateVersion = "2021",
    consistent: bool = False,
    allow_none: bool = True,
) -> st.SearchStrategy[Applications]:
    """Section 三 (:class:`~govreport.model.Applications`) of ``template``.

    ``applications.outcomes.other`` is an :class:`~govreport.model.OtherOutcomes`
    for ``"2021"`` and a single :class:`~govreport.model.ApplicantRow` for ``"2019"``.
    With ``consistent=True`` every cell is stated and rules A1, A2 and A3 hold.

    Requires hypothesis (pip install 'govreport[strategies]').
    """
    _check_template(template)
    if consistent:
        return _consistent_applications(template)
    return _free_applications(template, allow_none)


# --- section 四 ------------------------------------------------------------------------


@st.composite
def _consistent_group(draw: st.DrawFn, max_value: int) -> ReviewGroup:
    r1 = next(e for e in equations("2021") if e.rule == "R1")
    values = draw(_consistent_cells([r1], r1.parts, max_value))
    return ReviewGroup(**_row_of(values, r1.total[0].parent, REVIEW_COLUMNS))


def review_groups(
    *, consistent: bool = False, allow_none: bool = True, max_value: int = 1_000
) -> st.SearchStrategy[ReviewGroup]:
    """One :class:`~govreport.model.ReviewGroup` of section 四.

    With ``consistent=True`` every cell is stated and ``total`` is
    ``upheld + corrected + other + pending`` (rule R1).

    Requires hypothesis (pip install 'govreport[strategies]').
    """
    if consistent:
        return _consistent_group(max_value)
    cell = cells(max_value=max_value, allow_none=allow_none)
    return st.builds(ReviewGroup, upheld=cell, corrected=cell, other=cell, pending=cell, total=cell)


def reviews(*, consistent: bool = False, allow_none: bool = True) -> st.SearchStrategy[Reviews]:
    """Section 四 (:class:`~govreport.model.Reviews`): its three review groups.

    Requires hypothesis (pip install 'govreport[strategies]').
    """
    group = review_groups(consistent=consistent, allow_none=allow_none)
    return st.fixed_dictionaries({key: group for key, _ in REVIEW_GROUPS}).map(build_reviews)


# --- section 二 ------------------------------------------------------------------------


def _money(allow_none: bool) -> st.SearchStrategy[Decimal | None]:
    def places(n: int) -> st.SearchStrategy[Decimal]:
        return st.decimals(
            min_value=0, max_value=10**7, places=n, allow_nan=False, allow_infinity=False
        )

    return _maybe(st.one_of(places(0), places(2), places(4)), allow_none)


def active_disclosure(
    *, template: TemplateVersion = "2021", allow_none: bool = True
) -> st.SearchStrategy[ActiveDisclosure2019 | ActiveDisclosure2021]:
    """Section 二 of ``template``: an ActiveDisclosure2021 or ActiveDisclosure2019.

    Money is a finite non-negative :class:`~decimal.Decimal` with 0, 2 or 4 decimal
    places; the 2019 ``change`` (本年增/减) cells may be negative.

    Requires hypothesis (pip install 'govreport[strategies]').
    """
    _check_template(template)
    cell = cells(allow_none=allow_none)
    if template == "2021":
        docs21 = st.builds(DocumentCounts2021, issued=cell, repealed=cell, in_force=cell)
        return st.builds(
            ActiveDisclosure2021,
            regulations=docs21,
            normative_documents=docs21,
            licensing=cell,
            penalty=cell,
            coercion=cell,
            fees=_money(allow_none),
        )
    change = _maybe(st.integers(min_value=-10_000, max_value=10_000), allow_none)
    docs19 = st.builds(DocumentCounts2019, made=cell, published=cell, total_published=cell)
    items = st.builds(ItemCounts2019, previous_items=cell, change=change, decisions=cell)
    unit: st.SearchStrategy[Literal["元", "万元"] | None] = st.sampled_from(["元", "万元", None])
    return st.builds(
        ActiveDisclosure2019,
        regulations=docs19,
        normative_documents=docs19,
        licensing=items,
        other_services=items,
        penalty=items,
        coercion=items,
        fees=st.builds(FeeItems2019, previous_items=cell, change=change),
        procurement=st.builds(
            Procurement2019, projects=cell, amount=_money(allow_none), amount_unit=unit
        ),
    )


# --- text --------------------------------------------------------------------------------

_CJK_TEXT = (
    "一二三四五六七八九十年月日本机关政府信息公开申请办理情况主动依法行政复议诉讼"
    "工作报告存在问题改进其他事项我市县区人民收费许可处罚强制结果"
    "，。、；：“”‘’（）《》【】！？…—"
)
_NASTY_LINES = (
    "",
    " ",
    "\t",
    "|",
    "| 1 | 2 |",
    "|---|---|",
    "| 申请人情况 | 自然人 | 总计 |",
    "|（一）予以公开| 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    "```",
    "````text",
    "```text",
    "~~~",
    "# 某某局2023年政府信息公开工作年度报告",
    "## 一、总体情况",
    "## 二、主动公开政府信息情况",
    "## 三、收到和处理政府信息公开申请情况",
    "## 四、政府信息公开行政复议、行政诉讼情况",
    "## 五、存在的主要问题及改进情况",
    "## 六、其他需要报告的事项",
    "二、主动公开政府信息情况",
    "本年新制作数量",
    "第二十条第（一）项",
    "（七）总计",
    "- 12 -",
    "第 3 页 共 10 页",
    "1,234.50",
    "　全角空格　",
    "\u00a0",
    "\ue000",
    "> 引用",
    "    缩进代码",
)


def _characters() -> st.SearchStrategy[str]:
    # Any code point but surrogates and the C0/C1 controls ("\r" among them: the
    # parser normalises line ends); "\n" and "\t" are added back.
    return st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t")


def narratives() -> st.SearchStrategy[str]:
    """Narrative text (一、五、六) that stresses the canonical renderer.

    Mixes arbitrary text with Markdown headings (including the report's own),
    pipe-table rows, backtick fences, blank lines, leading and trailing
    whitespace and CJK text. Never contains ``"\\r"``, surrogates or control
    characters other than ``"\\n"`` and ``"\\t"``.

    Requires hypothesis (pip install 'govreport[strategies]').
    """
    line = st.one_of(
        st.sampled_from(_NASTY_LINES),
        st.text(alphabet=_CJK_TEXT + " |`#", max_size=30),
        st.text(alphabet=_characters(), max_size=20),
    )
    lines = st.lists(line, min_size=1, max_size=8).map("\n".join)
    padding = st.sampled_from(["", "", " ", "\n", "\n\n", " \n", "\t", "  \n\n"])
    padded = st.tuples(padding, lines, padding).map("".join)
    return st.one_of(padded, st.text(alphabet=_characters()))


_AGENCY_CHARS = (
    "市县区省州镇乡街道人民政府公安局发展和改革委员会办公室教育卫生健康交通运输自然资源"
    "生态环境住房城乡建设水利农业农村商务文化旅游应急管理审计统计医疗保障税务财政司法"
    "民政人力社会保障退役军人事务市场监督林业草原体育广播电视科技信息化工业东西南北中"
    "上海北京广州深圳杭州成都武汉长沙天津重庆沈阳南京苏州朝阳海淀浦东新"
)
_AGENCY_SUFFIXES = ("局", "委", "政府", "办公室", "厅", "院", "委员会")


def agencies() -> st.SearchStrategy[str]:
    """A realistic issuing-body name: 2–20 Chinese characters, no digits or spaces.

    Ends in one of 局, 委, 政府, 办公室, 厅, 院, 委员会 (``"杭州市交通运输局"``).

    Requires hypothesis (pip install 'govreport[strategies]').
    """

    @st.composite
    def build(draw: st.DrawFn) -> str:
        suffix = draw(st.sampled_from(_AGENCY_SUFFIXES))
        head = draw(
            st.text(
                alphabet=_AGENCY_CHARS,
                min_size=max(0, 2 - len(suffix)),
                max_size=20 - len(suffix),
            )
        )
        return head + suffix

    return build()


# --- the report -------------------------------------------------------------------------


@st.composite
def _reports(
    draw: st.DrawFn, template: TemplateVersion | None, consistent: bool, allow_none: bool
) -> Report:
    version: TemplateVersion = (
        template if template is not None else draw(st.sampled_from(["2019", "2021"]))
    )
    text = st.none() | narratives()
    return Report(
        template=version,
        agency=draw(st.none() | agencies()),
        year=draw(st.none() | st.integers(min_value=2019, max_value=2030)),
        overview=draw(text),
        active_disclosure=draw(active_disclosure(template=version, allow_none=allow_none)),
        applications=draw(
            applications(template=version, consistent=consistent, allow_none=allow_none)
        ),
        reviews=draw(reviews(consistent=consistent, allow_none=allow_none)),
        problems=draw(text),
        other_matters=draw(text),
    )


def reports(
    *,
    template: TemplateVersion | None = None,
    consistent: bool = False,
    allow_none: bool = True,
) -> st.SearchStrategy[Report]:
    """A whole :class:`~govreport.model.Report`.

    ``template=None`` draws either template. ``agency`` is drawn from
    :func:`agencies` or ``None``, ``year`` from 2019–2030 or ``None``, and the three
    narratives from :func:`narratives` or ``None``. ``consistent=True`` makes the
    tables satisfy every cross-check, so ``check(report) == []``; ``allow_none``
    controls empty table cells.

    Requires hypothesis (pip install 'govreport[strategies]').
    """
    if template is not None:
        _check_template(template)
    return _reports(template, consistent, allow_none)
