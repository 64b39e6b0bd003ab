"""China's administrative divisions, as documents write them: 九江市 and 九江, 海西蒙古族藏族自治州 and
海西州, 阜城县 and 阜城.

The names come from the division codes that ``cpca`` ships (``ingest/divisions.py``).

>>> "九江" in place_names() and "海西州" in place_names() and "北京市" in place_names()
True
>>> "海洋" in place_names()
False
"""

from __future__ import annotations

import re
from functools import lru_cache

from innokg.graph.model.names import any_word
from innokg.ingest.divisions import divisions, resource


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every division's name and its short forms (two characters at least)."""
    names: set[str] = set()
    peoples = re.compile(f"(?:{any_word(_peoples())})+$")
    for division in divisions():
        names.add(division.name)
        short = peoples.sub("", division.stem)
        if len(short) >= 2:
            names.add(short)
            if division.suffix == "自治州":
                names.add(short + "州")  # 海西州
    return frozenset(names)


def _peoples() -> list[str]:
    """蒙古族, 藏族 …: with and without 族 (海南藏族自治州, 阿坝藏族羌族自治州)."""
    return re.findall(r"[\u4e00-\u9fff]+族", resource("56_nations.csv"))
