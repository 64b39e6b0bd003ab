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
)
#: How each kind prints in a path such as 二/(一)/1.
PATH_FORM = {"cn": "{}", "paren_cn": "({})", "arabic": "{}", "paren_arabic": "({})"}
#: The same markers found inside a line (scraped text runs paragraphs together): no leading space.
INLINE_MARKERS = tuple((kind, re.compile(pattern.pattern.replace(r"^[ \t\u3000]*", "", 1))) for kind, pattern in MARKERS)
