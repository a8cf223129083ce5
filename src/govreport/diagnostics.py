"""Diagnostics: what parsing noticed and what the cross-checks found.

Three kinds are kept apart so that a reader can tell "the report is wrong" from
"we could not read it":

* ``Kind.SOURCE``: the report's own stated numbers break a rule (kept as stated);
* ``Kind.RECOVERED``: the parser rebuilt, split or dropped a cell by arithmetic;
* ``Kind.UNSETTLED``: the parser could not settle a cell and left it ``None``;
* ``Kind.NOTE``: anything else worth knowing (a unit converted, text ignored).
"""

from __future__ import annotations

import enum
import functools
from typing import Any, Literal

import attrs

from .model import TemplateVersion
from .template import cell_labels

__all__ = ["CODES", "MESSAGES_ZH", "Diagnostic", "Kind", "Lang", "Severity"]

#: The languages :meth:`Diagnostic.render` speaks.
Lang = Literal["en", "zh"]


class Severity(str, enum.Enum):
    """How much a diagnostic matters; ``govreport check`` exits 1 on ``ERROR``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Kind(str, enum.Enum):
    """Who is at fault: the source, or the reading of it."""

    SOURCE = "source"
    RECOVERED = "recovered"
    UNSETTLED = "unsettled"
    NOTE = "note"


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class Diagnostic:
    """One finding, naming the cells it concerns.

    ``paths`` are dotted paths into the data contract, e.g.
    ``applications.outcomes.total.natural_person``. ``stated`` is what the report
    says (or what was read), ``expected`` what the rule wants, when those apply.
    ``candidates`` lists the readings that fit when a cell could not be settled.
    """

    code: str
    severity: Severity
    kind: Kind
    message: str
    paths: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    stated: Any = None
    expected: Any = None
    candidates: tuple[Any, ...] = attrs.field(default=(), converter=_tuple)
    line: int | None = None
    #: The template's Chinese labels of each path, outermost first, e.g.
    #: ``("三、收到和处理政府信息公开申请情况", "三、本年度办理结果", "（七）总计", "自然人")``;
    #: one tuple per path. Filled by :func:`govreport.parse`/``read``/``check``.
    labels: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_tuple)
    #: Where in an HTML, PDF or DOCX file: ``"table 2, row 5"`` (its tables and
    #: their rows counted from 1); ``line`` then counts lines of the text read.
    place: str | None = None

    def with_labels(self, version: TemplateVersion) -> Diagnostic:
        """This diagnostic with ``labels`` computed for template ``version``."""
        if self.labels or not self.paths:
            return self  # labelled already, or nothing to label
        labelled = _copy(self)  # every diagnostic of a parse passes here: no evolve()
        object.__setattr__(labelled, "labels", _labels(self.paths, version))
        return labelled

    def label_text(self, index: int | None = None) -> str:
        """The labels of the ``index``-th path joined by `` / ``, or (``None``) the
        labels all paths share: the row of a row's cells. The section heading is
        left out when a deeper label says where. ``""`` when there are none."""
        if index is not None:
            labels = self.labels[index] if index < len(self.labels) else ()
        else:
            labels = _common_prefix(self.labels)
        return " / ".join(labels[1:] if len(labels) >= 2 else labels)

    def render(self, lang: Lang = "en") -> str:
        """The message in ``lang``: Chinese from :data:`MESSAGES_ZH` where the code
        has a template, else the English message."""
        if lang == "zh":
            template = MESSAGES_ZH.get(self.code)
            if template is not None:
                return template.format(
                    where=self.label_text() or (self.paths[0] if self.paths else ""),
                    stated=_zh_value(self.stated),
                    expected=_zh_value(self.expected),
                    n=len(self.paths),
                )
        return self.message

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (Decimals as strings)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "kind": self.kind.value,
            "message": self.message,
            "paths": list(self.paths),
            "stated": _text(self.stated),
            "expected": _text(self.expected),
            "candidates": [_text(c) for c in self.candidates],
            "line": self.line,
            "place": self.place,
            "labels": [list(labels) for labels in self.labels],
        }

    def __str__(self) -> str:
        where = (
            f"{self.place}: "
            if self.place
            else f"line {self.line}: "
            if self.line is not None
            else ""
        )
        return f"{self.severity.value} {self.code}: {where}{self.message}"


_FIELDS = tuple(a.name for a in attrs.fields(Diagnostic))


def _copy(diag: Diagnostic) -> Diagnostic:
    """A copy of ``diag`` made field by field (its values are converted already):
    what :func:`attrs.evolve` does, at a fraction of its cost."""
    new = object.__new__(Diagnostic)
    for name in _FIELDS:
        object.__setattr__(new, name, getattr(diag, name))
    return new


@functools.lru_cache(maxsize=4096)
def _labels(paths: tuple[str, ...], version: TemplateVersion) -> tuple[tuple[str, ...], ...]:
    """The labels of each path: a row's diagnostic names the same cells in every
    report that has it."""
    return tuple(cell_labels(p, version) for p in paths)


def _common_prefix(labels: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    if not labels:
        return ()
    first = labels[0]
    n = len(first)
    for other in labels[1:]:
        diff = next((i for i, (a, b) in enumerate(zip(first, other)) if a != b), len(other))
        n = min(n, diff)
    return first[:n]


def _zh_value(value: Any) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, (list, tuple)):
        return "、".join(_zh_value(v) for v in value)
    return str(value)


#: Every diagnostic code, with its kind, severity and the rule it reports. The
#: README's table of codes is this table.
CODES: dict[str, tuple[Kind, Severity, str]] = {
    "A1": (
        Kind.SOURCE,
        Severity.ERROR,
        "一 本年新收 + 二 上年结转 = （七）总计 + 四 结转下年度, per column",
    ),
    "A2": (Kind.SOURCE, Severity.ERROR, "a row's 总计 = the sum of its six applicant columns"),
    "A3": (Kind.SOURCE, Severity.ERROR, "（七）总计 = the sum of the outcome rows, per column"),
    "R1": (
        Kind.SOURCE,
        Severity.ERROR,
        "复议/诉讼 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    ),
    "V1": (Kind.SOURCE, Severity.ERROR, "no figure is negative (except 增/减 change)"),
    "R-REBUILT": (
        Kind.RECOVERED,
        Severity.INFO,
        "cells lost or run together, rebuilt: the rules admit one reading",
    ),
    "R-PARTLY-REBUILT": (
        Kind.RECOVERED,
        Severity.INFO,
        "some cells of a row rebuilt; the rest left open",
    ),
    "R-PLACED": (Kind.RECOVERED, Severity.INFO, "rows without a label placed by template order"),
    "R-STRAY": (
        Kind.RECOVERED,
        Severity.INFO,
        "a lone figure amid the rows read as not part of the table",
    ),
    "R-JOINED": (Kind.RECOVERED, Severity.INFO, "figures on the next line read as the row's cells"),
    "R-NARRATIVE": (
        Kind.RECOVERED,
        Severity.INFO,
        "a run of digits split by figures the narrative states",
    ),
    "U-AMBIGUOUS": (
        Kind.UNSETTLED,
        Severity.WARNING,
        "several readings fit: cells left empty, candidates listed",
    ),
    "U-UNPLACED": (
        Kind.UNSETTLED,
        Severity.WARNING,
        "rows of figures with no label could not be placed",
    ),
    "U-DUPLICATE": (Kind.UNSETTLED, Severity.WARNING, "a row appears twice; the first is kept"),
    "U-MISSING-ROW": (Kind.UNSETTLED, Severity.WARNING, "template rows not found in a table"),
    "U-TOO-LONG": (
        Kind.UNSETTLED,
        Severity.WARNING,
        "a row with too many readings to weigh with certainty: cells left empty",
    ),
    "U-NO-TABLE": (Kind.UNSETTLED, Severity.WARNING, "a section's table has no figures"),
    "U-NO-SECTION": (Kind.UNSETTLED, Severity.WARNING, "a section with a table was not found"),
    "U-UNREADABLE": (Kind.UNSETTLED, Severity.WARNING, "cells of a row that could not be read"),
    "U-STRAY": (Kind.UNSETTLED, Severity.WARNING, "figures on a line of their own, not read"),
    "S-BLANK": (
        Kind.SOURCE,
        Severity.WARNING,
        "cells the source leaves blank (empty, /, -, 无): not stated, left empty",
    ),
    "S-NOT-A-FIGURE": (
        Kind.SOURCE,
        Severity.WARNING,
        "cells whose text is no figure the template allows (约三, 0.5 in a count, -1): left empty",
    ),
    "U-NO-FIGURE": (Kind.UNSETTLED, Severity.WARNING, "cells for which no figure was read"),
    "U-NO-AGENCY": (Kind.UNSETTLED, Severity.WARNING, "no title names the agency"),
    "U-NO-YEAR": (Kind.UNSETTLED, Severity.WARNING, "nothing gives the reporting year"),
    "U-TRUNCATED": (
        Kind.UNSETTLED,
        Severity.ERROR,
        "the text ends inside a table, the sections after it missing: a file cut off",
    ),
    "N-UNIT": (Kind.NOTE, Severity.INFO, "an amount in 元 converted to 万元"),
    "N-EXTRA-CELLS": (Kind.NOTE, Severity.INFO, "extra cells after a row's figures ignored"),
    "N-NOTE": (
        Kind.NOTE,
        Severity.INFO,
        "a note inside a cell (（其中修订16件）) kept out of the cells, its figures not read",
    ),
    "N-NUMERAL": (
        Kind.NOTE,
        Severity.INFO,
        "a figure written in Chinese numerals (二十) read as the number",
    ),
    "N-READ-ONCE": (
        Kind.NOTE,
        Severity.INFO,
        "a figure merged over grid columns past its row's last field read once, as that field",
    ),
}

#: Chinese message templates by code, for ``govreport check --lang zh``. Fields:
#: ``where`` (the labels of the first cell), ``stated``, ``expected``, ``n`` (cells
#: named). A code without an entry falls back to its English message.
MESSAGES_ZH: dict[str, str] = {
    "A1": "{where}：本年新收 + 上年结转 = {expected}，但 总计 + 结转下年度 = {stated}",
    "A2": "{where}：总计为 {stated}，但六类申请人之和为 {expected}",
    "A3": "{where}：总计为 {stated}，但各项办理结果之和为 {expected}",
    "R1": "{where}：总计为 {stated}，但 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {expected}",
    "V1": "{where}：数值为负（{stated}）",
    "R-REBUILT": "{where}：单元格丢失或粘连（读到 {stated}），按勾稽关系唯一还原 {n} 格",
    "R-PARTLY-REBUILT": "{where}：按勾稽关系还原了部分单元格（共 {n} 格），其余留空",
    "R-PLACED": "{where}：无标签的数据行按模板顺序放置（共 {n} 行）",
    "R-STRAY": "表格中孤立的数字 {stated} 被视为表外内容",
    "R-JOINED": "{where}：下一行的数字被读作本行的单元格",
    "R-NARRATIVE": "{where}：连在一起的数字按正文所述数字拆分",
    "U-AMBIGUOUS": "{where}：有多种读法，无法确定，单元格留空；候选读法已列出",
    "U-UNPLACED": "无标签的数据行无法放置：{stated}",
    "U-DUPLICATE": "{where}：该行出现两次，保留第一次",
    "U-MISSING-ROW": "{where}：表中缺少该行（共 {n} 行缺失）",
    "U-TOO-LONG": "{where}：{stated} 的读法过多，无法确定，单元格留空",
    "U-NO-TABLE": "{where}：未找到该部分表格的数字",
    "U-NO-SECTION": "未找到 {where} 部分，其单元格为空",
    "U-UNREADABLE": "{where}：单元格无法读取：{stated}",
    "U-STRAY": "{where} 之后单独一行的数字 {stated} 未被读取",
    "S-BLANK": "{where}：原文未填写（{stated}），单元格留空（共 {n} 格）",
    "S-NOT-A-FIGURE": "{where}：原文 {stated} 不是模板允许的数字，单元格留空（共 {n} 格）",
    "U-NO-FIGURE": "{where}：未读到数字，单元格留空（共 {n} 格）",
    "U-NO-AGENCY": "未找到写明机关名称的标题，机关名称留空",
    "U-NO-YEAR": "标题和统计期限均未给出报告年度，年度留空",
    "U-TRUNCATED": "文本在 {where} 的表格中间结束，其后各部分缺失：文件似乎不完整",
    "N-UNIT": "{where}：{stated} 已换算为万元",
    "N-EXTRA-CELLS": "{where}：本行数字之后的多余单元格被忽略",
    "N-NOTE": "{where}：单元格内的注释 {stated} 不是单元格，其中的数字未被读取",
    "N-NUMERAL": "{where}：原文以汉字数字写作 {stated}，读作 {expected}",
    "N-READ-ONCE": "{where}：{stated} 是跨越本行末项之后各列的合并单元格，只读作本行末项",
}


def _text(value: Any) -> str | None:
    """``stated``, ``expected`` and candidates in JSON: always a string (or null),
    whatever their Python type: ``"217"``, ``"1332.99"``, ``"11 0 0 0 0 0 11"``."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return " ".join(_text(v) or "·" for v in value)
    if isinstance(value, dict):
        return " ".join(f"{k}={_text(v)}" for k, v in value.items())
    return str(value)


def diagnostic(code: str, message: str, **fields: Any) -> Diagnostic:
    """A diagnostic of a registered ``code``, with its kind and severity from :data:`CODES`."""
    kind, severity, _ = CODES[code]
    return Diagnostic(code=code, severity=severity, kind=kind, message=message, **fields)
