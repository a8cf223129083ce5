"""The national template as frozen attrs classes.

Field names are the JSON keys of the public data contract. Counts are
``int | None`` and money ``Decimal | None``; ``None`` means the report does not state
the cell. Constructors check types and signs but not the cross-checks: real reports
break those and must still be representable (see :mod:`govreport.checks`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, Union

import attrs

__all__ = [
    "ActiveDisclosure",
    "ActiveDisclosure2019",
    "ActiveDisclosure2021",
    "ApplicantRow",
    "Applications",
    "DocumentCounts2019",
    "DocumentCounts2021",
    "FeeItems2019",
    "ItemCounts2019",
    "NotProcessed",
    "OtherOutcomes",
    "Outcomes",
    "Procurement2019",
    "Report",
    "ReviewGroup",
    "Reviews",
    "TemplateVersion",
    "Unavailable",
    "Withheld",
]

TemplateVersion = Literal["2019", "2021"]


def _count(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if type(value) is not int:
        raise TypeError(
            f"{type(inst).__name__}.{attribute.name} must be an int or None, "
            f"not {type(value).__name__} ({value!r})"
        )
    if value < 0:
        raise ValueError(
            f"{type(inst).__name__}.{attribute.name} must not be negative, got {value}"
        )


def _signed(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and type(value) is not int:
        raise TypeError(
            f"{type(inst).__name__}.{attribute.name} must be an int or None, "
            f"not {type(value).__name__} ({value!r})"
        )


def _money(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal):
        raise TypeError(
            f"{type(inst).__name__}.{attribute.name} must be a Decimal or None, "
            f"not {type(value).__name__} ({value!r})"
        )
    if not value.is_finite() or value < 0:
        raise ValueError(
            f"{type(inst).__name__}.{attribute.name} must be a finite non-negative "
            f"Decimal, got {value}"
        )


def _text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(
            f"{type(inst).__name__}.{attribute.name} must be a str or None, "
            f"not {type(value).__name__}"
        )


def _instance(*types: type) -> Any:
    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, types):
            names = " or ".join(t.__name__ for t in types)
            raise TypeError(
                f"{type(inst).__name__}.{attribute.name} must be {names}, "
                f"not {type(value).__name__}"
            )

    return check


def count() -> Any:
    """A count cell: ``int | None``, never negative."""
    return attrs.field(default=None, validator=_count, kw_only=True, metadata={"cell": "count"})


def signed() -> Any:
    """A signed cell (2019 本年增/减): ``int | None``."""
    return attrs.field(default=None, validator=_signed, kw_only=True, metadata={"cell": "signed"})


def money() -> Any:
    """A money cell: ``Decimal | None``, never negative."""
    return attrs.field(default=None, validator=_money, kw_only=True, metadata={"cell": "money"})


def table(cls: type) -> Any:
    """A nested table, an all-``None`` one by default."""
    return attrs.field(factory=cls, validator=_instance(cls), kw_only=True)


# --- Section 三: applications -------------------------------------------------


@attrs.frozen
class ApplicantRow:
    """One row of the applications table: the six applicant columns and 总计."""

    natural_person: int | None = count()
    commercial: int | None = count()
    research: int | None = count()
    social_welfare: int | None = count()
    legal_services: int | None = count()
    other: int | None = count()
    total: int | None = count()


APPLICANT_COLUMNS: tuple[str, ...] = tuple(f.name for f in attrs.fields(ApplicantRow))


@attrs.frozen
class Withheld:
    """（三）不予公开: eight reasons."""

    state_secret: ApplicantRow = table(ApplicantRow)
    prohibited_by_law: ApplicantRow = table(ApplicantRow)
    safety_stability: ApplicantRow = table(ApplicantRow)
    third_party_rights: ApplicantRow = table(ApplicantRow)
    internal_affairs: ApplicantRow = table(ApplicantRow)
    process_information: ApplicantRow = table(ApplicantRow)
    enforcement_files: ApplicantRow = table(ApplicantRow)
    administrative_query: ApplicantRow = table(ApplicantRow)


@attrs.frozen
class Unavailable:
    """（四）无法提供: three reasons."""

    not_held: ApplicantRow = table(ApplicantRow)
    needs_creation: ApplicantRow = table(ApplicantRow)
    unclear_request: ApplicantRow = table(ApplicantRow)


@attrs.frozen
class NotProcessed:
    """（五）不予处理: five reasons."""

    complaint: ApplicantRow = table(ApplicantRow)
    duplicate: ApplicantRow = table(ApplicantRow)
    publication: ApplicantRow = table(ApplicantRow)
    excessive: ApplicantRow = table(ApplicantRow)
    confirmation: ApplicantRow = table(ApplicantRow)


@attrs.frozen
class OtherOutcomes:
    """（六）其他处理 of the 2021 template: three rows."""

    overdue_correction: ApplicantRow = table(ApplicantRow)
    overdue_fee: ApplicantRow = table(ApplicantRow)
    other: ApplicantRow = table(ApplicantRow)


@attrs.frozen
class Outcomes:
    """三、本年度办理结果.

    ``other`` is an :class:`OtherOutcomes` in the 2021 template and a single
    :class:`ApplicantRow` in the 2019 template.
    """

    granted: ApplicantRow = table(ApplicantRow)
    partially_granted: ApplicantRow = table(ApplicantRow)
    withheld: Withheld = table(Withheld)
    unavailable: Unavailable = table(Unavailable)
    not_processed: NotProcessed = table(NotProcessed)
    other: OtherOutcomes | ApplicantRow = attrs.field(
        factory=OtherOutcomes, validator=_instance(OtherOutcomes, ApplicantRow), kw_only=True
    )
    total: ApplicantRow = table(ApplicantRow)


@attrs.frozen
class Applications:
    """Section 三: 收到和处理政府信息公开申请情况."""

    new_received: ApplicantRow = table(ApplicantRow)
    carried_over: ApplicantRow = table(ApplicantRow)
    outcomes: Outcomes = table(Outcomes)
    carried_forward: ApplicantRow = table(ApplicantRow)


# --- Section 四: reviews ------------------------------------------------------


@attrs.frozen
class ReviewGroup:
    """One group of section 四: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计."""

    upheld: int | None = count()
    corrected: int | None = count()
    other: int | None = count()
    pending: int | None = count()
    total: int | None = count()


REVIEW_COLUMNS: tuple[str, ...] = tuple(f.name for f in attrs.fields(ReviewGroup))


@attrs.frozen
class Reviews:
    """Section 四: 行政复议 and the two kinds of 行政诉讼."""

    administrative_review: ReviewGroup = table(ReviewGroup)
    litigation_direct: ReviewGroup = table(ReviewGroup)
    litigation_after_review: ReviewGroup = table(ReviewGroup)


# --- Section 二: active disclosure ----------------------------------------------


@attrs.frozen
class DocumentCounts2021:
    """规章 / 行政规范性文件 rows of the 2021 template."""

    issued: int | None = count()
    repealed: int | None = count()
    in_force: int | None = count()


@attrs.frozen
class ActiveDisclosure2021:
    """Section 二 of the 2021 template."""

    regulations: DocumentCounts2021 = table(DocumentCounts2021)
    normative_documents: DocumentCounts2021 = table(DocumentCounts2021)
    licensing: int | None = count()
    penalty: int | None = count()
    coercion: int | None = count()
    fees: Decimal | None = money()


@attrs.frozen
class DocumentCounts2019:
    """规章 / 规范性文件 rows of the 2019 template."""

    made: int | None = count()
    published: int | None = count()
    total_published: int | None = count()


@attrs.frozen
class ItemCounts2019:
    """行政许可 and similar rows of the 2019 template; ``change`` may be negative."""

    previous_items: int | None = count()
    change: int | None = signed()
    decisions: int | None = count()


@attrs.frozen
class FeeItems2019:
    """行政事业性收费 row of the 2019 template."""

    previous_items: int | None = count()
    change: int | None = signed()


def _unit(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in (None, "元", "万元"):
        raise ValueError(
            f"{type(inst).__name__}.{attribute.name} must be '元', '万元' or None, got {value!r}"
        )


@attrs.frozen
class Procurement2019:
    """政府集中采购 row of the 2019 template."""

    projects: int | None = count()
    amount: Decimal | None = money()
    amount_unit: Literal["元", "万元"] | None = attrs.field(
        default=None, validator=_unit, kw_only=True
    )


@attrs.frozen
class ActiveDisclosure2019:
    """Section 二 of the 2019 template."""

    regulations: DocumentCounts2019 = table(DocumentCounts2019)
    normative_documents: DocumentCounts2019 = table(DocumentCounts2019)
    licensing: ItemCounts2019 = table(ItemCounts2019)
    other_services: ItemCounts2019 = table(ItemCounts2019)
    penalty: ItemCounts2019 = table(ItemCounts2019)
    coercion: ItemCounts2019 = table(ItemCounts2019)
    fees: FeeItems2019 = table(FeeItems2019)
    procurement: Procurement2019 = table(Procurement2019)


ActiveDisclosure = Union[ActiveDisclosure2019, ActiveDisclosure2021]  # noqa: UP007


# --- The report -------------------------------------------------------------------


def _check_version(report: Report) -> None:
    want_2021 = report.template == "2021"
    if isinstance(report.active_disclosure, ActiveDisclosure2021) != want_2021:
        raise TypeError(
            f"Report.active_disclosure must be ActiveDisclosure{report.template} "
            f"for template {report.template!r}"
        )
    if isinstance(report.applications.outcomes.other, OtherOutcomes) != want_2021:
        shape = "OtherOutcomes" if want_2021 else "ApplicantRow"
        raise TypeError(
            f"Report.applications.outcomes.other must be {shape} for template {report.template!r}"
        )


def _template(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ("2019", "2021"):
        raise ValueError(f"Report.template must be '2019' or '2021', got {value!r}")


def _year(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not int or not 1900 <= value <= 2999):
        raise ValueError(f"Report.year must be an int between 1900 and 2999 or None, got {value!r}")


@attrs.frozen
class Report:
    """A whole annual report: metadata, the three narrative sections, the three tables."""

    template: TemplateVersion = attrs.field(validator=_template, kw_only=True)
    agency: str | None = attrs.field(default=None, validator=_text, kw_only=True)
    year: int | None = attrs.field(default=None, validator=_year, kw_only=True)
    overview: str | None = attrs.field(default=None, validator=_text, kw_only=True)
    active_disclosure: ActiveDisclosure = attrs.field(
        validator=_instance(ActiveDisclosure2019, ActiveDisclosure2021), kw_only=True
    )
    applications: Applications = table(Applications)
    reviews: Reviews = table(Reviews)
    problems: str | None = attrs.field(default=None, validator=_text, kw_only=True)
    other_matters: str | None = attrs.field(default=None, validator=_text, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_version(self)

    @classmethod
    def empty(cls, template: TemplateVersion) -> Report:
        """A report of ``template`` with every cell and text ``None``."""
        if template == "2021":
            return cls(
                template="2021",
                active_disclosure=ActiveDisclosure2021(),
                applications=Applications(outcomes=Outcomes(other=OtherOutcomes())),
            )
        return cls(
            template="2019",
            active_disclosure=ActiveDisclosure2019(),
            applications=Applications(outcomes=Outcomes(other=ApplicantRow())),
        )
