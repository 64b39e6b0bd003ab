"""China's administrative divisions, as documents write them: 九江市 and 九江, 海西蒙古族藏族自治州 and
海西州, 阜城县 and 阜城.

The names come from the division codes that ``cpca`` ships (``resources/adcodes.csv``, 3,500
provinces, prefectures and counties); the file is read directly, without importing the
package (and pandas with it).

>>> "九江" in place_names() and "海西州" in place_names() and "北京市" in place_names()
True
>>> "海洋" in place_names()
False
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import metadata

#: what a division's name ends with; the short form drops it (九江市 → 九江)
_SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|地区|省|市|县|区|盟|旗)$")


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every division's name and its short forms (two characters at least)."""
    names: set[str] = set()
    peoples = re.compile("(" + "|".join(sorted(_peoples(), key=len, reverse=True)) + ")+$")
    for row in csv.DictReader(io.StringIO(_resource("adcodes.csv"))):
        name = row["name"]
        if len(name) <= 2 and name.endswith("区"):
            continue  # 城区, 郊区, 矿区: divisions named with a common word
        names.add(name)
        suffix = _SUFFIX.search(name)
        short = peoples.sub("", name[: suffix.start()]) if suffix else name
        if len(short) >= 2:
            names.add(short)
            if suffix and suffix.group(0) == "自治州":
                names.add(short + "州")  # 海西州
    return frozenset(names)


def _peoples() -> list[str]:
    """蒙古族, 藏族 …: with and without 族 (海南藏族自治州, 阿坝藏族羌族自治州)."""
    text = _resource("56_nations.csv")
    return [w for w in re.findall(r"[\u4e00-\u9fff]+族", text)]


def _resource(name: str) -> str:
    files = metadata.files("cpca") or []
    path = next(f for f in files if f.name == name)
    return path.read_text(encoding="utf-8")
