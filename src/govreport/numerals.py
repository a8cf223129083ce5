"""Counts written in Chinese numerals (二十, 一百零五, 两千, 〇), read only when
the writing is the one standard way to write the number.

A run of numerals is read by the usual rules (digits times their units, 万
grouping), then written back in the standard form; only text that is that form
(with 两 for 二 before 百/千/万, 〇 for 零, 十 for 一十 at the start) is a
figure. ``二〇`` (digit by digit), ``十十``, ``百`` alone or ``一千零零一`` are
none: they could be read more than one way, and a count is never guessed.
"""

from __future__ import annotations

import re

__all__ = ["COUNT_UNITS", "NUMERAL_CHARS", "numeral_value"]

#: The characters Chinese numerals are written with (the tokenizer's numeral words).
NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万"
#: The units a count may follow (三件): a regex alternation.
COUNT_UNITS = "个|件|项|条"

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_COUNT_UNIT = re.compile(f"(?:{COUNT_UNITS})$")
#: Numerals with more characters are no count a report writes out.
_MAX_LENGTH = 20


def _section(n: int) -> str:
    """``n`` (1 to 9999) in standard numerals, 零 between non-zero places."""
    out: list[str] = []
    gap = False
    for unit, place in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            gap = bool(out)
            continue
        if gap:
            out.append("零")
            gap = False
        out.append("零一二三四五六七八九"[digit] + place)
    return "".join(out)


def _standard(n: int) -> str:
    """``n`` (0 to 99,999,999) as the standard numerals write it."""
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    text = _section(high) + "万" if high else ""
    if low:
        text += ("零" if high and low < 1000 else "") + _section(low)
    return text[1:] if text.startswith("一十") else text


def _loose(text: str) -> int | None:
    """The value by the usual rules, or ``None`` when a character is out of place."""
    total, section, digit = 0, 0, None
    for char in text:
        if char == "零" and digit is None:
            continue  # a place left empty; whether it stands right, the round trip says
        if char in _DIGITS:
            if digit is not None:
                return None  # two digits in a row: digit-by-digit writing
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        elif char == "万":
            if total:
                return None
            total, section, digit = (section + (digit or 0)) * 10000, 0, None
        else:
            return None
    return total + section + (digit or 0)


def numeral_value(text: str) -> int | None:
    """The count ``text`` writes in Chinese numerals (a unit such as 件 may follow),
    or ``None`` when it is not the standard writing of one number."""
    text = _COUNT_UNIT.sub("", text)
    if not text or len(text) > _MAX_LENGTH:
        return None
    plain = text.replace("〇", "零")
    # 两 is 二 only as a count of hundreds, thousands or ten-thousands, or alone.
    if re.search(r"两(?![百千万])", plain) and plain != "两":
        return None
    plain = plain.replace("两", "二")
    value = _loose(plain)
    if value is None or value >= 10**8 or _standard(value) != plain:
        return None
    return value
