"""The JSON data contract: a preconfigured cattrs converter.

Like cattrs' ``preconf`` modules: :func:`make_converter` builds a converter and
:func:`configure_converter` adds this project's hooks to one you already have.
Money is a decimal string (``"1332.99"``), never a float; counts must be real
ints (``"12"`` or ``12.0`` are refused, not coerced).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Union

import cattrs

from .errors import StructureError
from .model import (
    ActiveDisclosure2019,
    ActiveDisclosure2021,
    ApplicantRow,
    Applications,
    OtherOutcomes,
    Report,
    Reviews,
)

__all__ = ["configure_converter", "converter", "from_dict", "make_converter", "to_dict"]


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise TypeError(f"expected a decimal string, got {type(value).__name__} {value!r}")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a decimal: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"not a finite decimal: {value!r}")
    return result


def _structure_int(value: Any, _: type) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, got {type(value).__name__} {value!r}")
    return value


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__} {value!r}")
    return value


def _unstructure_decimal(value: Decimal) -> str:
    return format(value, "f")


def configure_converter(converter: cattrs.Converter) -> None:
    """Register govreport's hooks on ``converter``.

    * ``Decimal`` <-> plain decimal strings;
    * strict ``int`` and ``str`` (no silent coercion of ``"12"`` or ``12.5``);
    * :class:`~govreport.model.Report` picks the section 二 class and the shape of
      ``applications.outcomes.other`` from its ``template`` key.
    """
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(str, _structure_str)

    def structure_other(value: Any, _: Any) -> OtherOutcomes | ApplicantRow:
        if isinstance(value, Mapping) and ({"overdue_correction", "overdue_fee"} & set(value)):
            return converter.structure(value, OtherOutcomes)
        return converter.structure(value, ApplicantRow)

    converter.register_structure_hook(
        Union[OtherOutcomes, ApplicantRow],  # noqa: UP007
        structure_other,
    )

    def structure_report(value: Any, _: type) -> Report:
        return _structure_report(converter, value)

    converter.register_structure_hook(Report, structure_report)


_REPORT_KEYS = frozenset(
    {
        "template", "agency", "year", "overview", "active_disclosure",
        "applications", "reviews", "problems", "other_matters",
    }
)  # fmt: skip
_SCALARS: tuple[tuple[str, type], ...] = (
    ("agency", str),
    ("year", int),
    ("overview", str),
    ("problems", str),
    ("other_matters", str),
)


def _structure_report(converter: cattrs.Converter, value: Any) -> Report:
    """A :class:`Report` from a data-contract mapping; every bad key is collected
    into one :class:`cattrs.ClassValidationError`, each naming its key."""
    if not isinstance(value, Mapping):
        raise TypeError(f"a report must be an object, got {type(value).__name__}")
    template = value.get("template")
    if template not in ("2019", "2021"):
        raise ValueError(f"template must be '2019' or '2021', got {template!r}")
    extra = sorted(set(value) - _REPORT_KEYS)
    if extra:
        raise cattrs.ForbiddenExtraKeysError("", Report, set(extra))
    fields: dict[str, Any] = {"template": template}
    errors: list[Exception] = []
    for key, kind in _SCALARS:
        raw = value.get(key)
        try:
            fields[key] = None if raw is None else converter.structure(raw, kind)
        except Exception as exc:
            exc.__notes__ = [*getattr(exc, "__notes__", []), f"Structuring key @ {key}"]  # type: ignore[attr-defined]
            errors.append(exc)
    errors += _structure_tables(converter, value, template, fields)
    if errors:
        raise cattrs.ClassValidationError("While structuring Report", errors, Report)
    return Report(**fields)


def _structure_tables(
    converter: cattrs.Converter, value: Mapping[str, Any], template: Any, fields: dict[str, Any]
) -> list[Exception]:
    """The three tables of ``value`` into ``fields`` (empty where absent); the
    errors met, each noted with its key."""
    empty = Report.empty(template)
    active_cls = ActiveDisclosure2021 if template == "2021" else ActiveDisclosure2019
    errors: list[Exception] = []
    for key, cls, default in (
        ("active_disclosure", active_cls, empty.active_disclosure),
        ("applications", Applications, empty.applications),
        ("reviews", Reviews, empty.reviews),
    ):
        raw = value.get(key)
        try:
            if raw is None:
                fields[key] = default
            elif key == "applications":
                fields[key] = _structure_applications(converter, raw, template)
            else:
                fields[key] = converter.structure(raw, cls)
        except Exception as exc:
            note = cattrs.AttributeValidationNote(f"Structuring key @ {key}", key, cls)
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]
            errors.append(exc)
    return errors


def _structure_applications(converter: cattrs.Converter, raw: Any, template: str) -> Applications:
    apps = converter.structure(raw, Applications)
    other = apps.outcomes.other
    want = OtherOutcomes if template == "2021" else ApplicantRow
    if not isinstance(other, want):
        # An empty or all-null ``other`` object fits either shape: take the template's.
        raw_other = raw.get("outcomes", {}).get("other") if isinstance(raw, Mapping) else None
        if isinstance(raw_other, Mapping) and not any(v is not None for v in raw_other.values()):
            import attrs

            return attrs.evolve(apps, outcomes=attrs.evolve(apps.outcomes, other=want()))
        raise ValueError(
            f"applications.outcomes.other has the {type(other).__name__} shape, "
            f"but template {template} needs {want.__name__}"
        )
    return apps


def _describe(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown keys {sorted(exc.extra_fields)}"
    if isinstance(exc, KeyError):
        return "required key missing"
    return str(exc) or type(exc).__name__


def make_converter() -> cattrs.Converter:
    """A new converter configured for the govreport data contract."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    configure_converter(conv)
    return conv


converter = make_converter()


def to_dict(report: Report) -> dict[str, Any]:
    """``report`` as a JSON-ready dict in the data contract (money as decimal strings)."""
    result: dict[str, Any] = converter.unstructure(report)
    return result


def from_dict(data: Mapping[str, Any]) -> Report:
    """A :class:`Report` from a dict in the data contract.

    Raises :class:`~govreport.errors.StructureError` (a ``ValueError``) naming the
    path of every offending key, e.g. ``$.applications.new_received.total``.
    """
    try:
        return converter.structure(data, Report)
    except Exception as exc:  # cattrs raises exception groups; flatten them to paths
        try:
            problems = cattrs.transform_error(exc, path="$", format_exception=_describe)
        except Exception:
            problems = [str(exc)]
        problems = [_cell_path(p) for p in problems]
        raise StructureError("not a govreport report: " + "; ".join(problems)) from None


# The model's validators say "ApplicantRow.total must not be negative, got -1";
# cattrs places that error at the row, as it comes from the row's constructor.
_FIELD_ERROR = re.compile(
    r"^(?P<cls>\w+)\.(?P<field>\w+) (?P<rest>must .*) @ (?P<path>\$[\w.]*)$", re.S
)


def _cell_path(problem: str) -> str:
    """A problem of a model validator, placed at its cell rather than its row."""
    m = _FIELD_ERROR.match(problem)
    if m is None:
        return problem
    return f"{m['field']} {m['rest']} @ {m['path']}.{m['field']}"
