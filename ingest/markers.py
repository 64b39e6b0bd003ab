"""Heading markers: how plans number their sections and items (一、 （一） 1. （1）).

Shared by the structure parser and the PDF reader (which re-joins wrapped lines except
before a marker).
"""

from __future__ import annotations

import re

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUM = "零〇一二三四五六七八九十百"

#: Marker kinds: (name, regex). The numeral is group 1 (may be empty when damaged).
MARKERS = (
    ("cn", re.compile(rf"^[ \t\u3000]*([{CN_NUM}]+)[ \t]*[、，,．.](?![{CN_NUM}\d])")),
    ("paren_cn", re.compile(rf"^[ \t\u3000]*[（(][ \t]*([{CN_NUM}]*)[ \t]*[）)](?![）)、，。])")),
    ("arabic", re.compile(r"^[ \t\u3000]*(\d{1,3})[ \t]*[.．、](?![\d%．.])")),
    ("paren_arabic", re.compile(r"^[ \t\u3000]*[（(][ \t]*(\d{1,3})[ \t]*[）)]")),
    ("half_paren", re.compile(r"^[ \t\u3000]*(\d{1,3})[ \t]*[）)](?![）)])")),
    ("circled", re.compile(r"^[ \t\u3000]*([\u2460-\u2473])")),
)
#: How each kind prints in a path such as 二/(一)/1.
PATH_FORM = {"cn": "{}", "paren_cn": "({})", "arabic": "{}", "paren_arabic": "({})", "half_paren": "{})", "circled": "{}"}


def path_part(kind: str, number: int) -> str:
    """How a heading's number prints in a path: 二, (一), 1, (1), 1), ①."""
    if kind == "circled":
        return chr(0x2460 + number - 1) if 1 <= number <= 20 else f"({number})"
    shown = _cn(number) if "cn" in kind else str(number)
    return PATH_FORM[kind].format(shown)


def _cn(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    if number < 100:
        return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")
    return str(number)
#: The same markers found inside a line (scraped text runs paragraphs together): no leading space.
INLINE_MARKERS = tuple((kind, re.compile(pattern.pattern.replace(r"^[ \t\u3000]*", "", 1))) for kind, pattern in MARKERS)
