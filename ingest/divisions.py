"""China's administrative divisions, read once from the division codes ``cpca`` ships
(``resources/adcodes.csv``: 3,500 provinces, prefectures and counties). The file is read
directly, without importing the package (and pandas with it). Who reads names from them — the
places a name starts with (``nlp/places.py``), an issuer's level (``ingest/issuers.py``) — makes
its own forms from these rows.

>>> jiujiang = next(d for d in divisions() if d.name == "九江市")
>>> jiujiang.stem, jiujiang.suffix, str(jiujiang.level)
('九江', '市', 'city')
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from innokg.graph.model.vocab import AdminLevel

#: what a division's name ends with; its short form drops it (九江市 → 九江)
SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|地区|省|市|县|区|盟|旗)$")


@dataclass(frozen=True)
class Division:
    name: str  # 海西蒙古族藏族自治州
    stem: str  # the name without its suffix (海西蒙古族藏族), the name itself where none
    suffix: str  # 自治州; '' where the name ends in none
    level: AdminLevel  # from the code: a province's ends in ten zeros, a prefecture's in eight


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every division, but those named with a common word (城区, 郊区, 矿区)."""
    found = []
    for row in csv.DictReader(io.StringIO(resource("adcodes.csv"))):
        code, name = row["adcode"], row["name"]
        if len(name) <= 2 and name.endswith("区"):
            continue
        level = (
            AdminLevel.PROVINCIAL
            if code[2:].strip("0") == ""
            else AdminLevel.CITY if code[4:].strip("0") == "" else AdminLevel.COUNTY
        )
        suffix = SUFFIX.search(name)
        stem = name[: suffix.start()] if suffix else name
        found.append(Division(name, stem, suffix.group(0) if suffix else "", level))
    return tuple(found)


def resource(name: str) -> str:
    """A file of ``cpca``'s resources, as text."""
    files = metadata.files("cpca") or []
    return next(f for f in files if f.name == name).read_text(encoding="utf-8")
