"""Who issued a policy document, and at which level of government: from the issuer's name, the
code of its 文号, or the place its title starts with.

A 文号's code says who issued it when the code is known: 国办发 is the State Council's general
office, 鄂政发 the government of 湖北省 (the province's abbreviation and its government's
character), 闽政办 the general office of 福建省人民政府. A code innokg does not know (岚综管综,
苏府) gives no issuer: it is never guessed. An issuer's name gives the level: national bodies
(国务院…, 国家…, a ministry), the divisions the name starts with (湖北省 → provincial, 武汉市 → city,
辽中区 → county; 北京市 is a province-level city) and development or pilot zones (…开发区管委会 →
county). The knowledge is data: ``data/policy/`` (codes, provinces' abbreviations, word lists) and
the division codes ``cpca`` ships (a division's level is in its code).

>>> [code_issuer(c)[0] for c in ("国办发", "鄂政发", "闽政办", "岚综管综")]
['国务院办公厅', '湖北省人民政府', '福建省人民政府办公厅', None]
>>> [str(name_level(n)) for n in ("国务院办公厅", "湖北省人民政府", "武汉市科学技术局", "北京市人民政府", "沈阳市辽中区人民政府")]
['national', 'provincial', 'city', 'provincial', 'county']
>>> [str(name_level(n)) for n in ("平潭综合实验区管委会", "财政部", "即时比分")]
['county', 'national', 'None']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from innokg.graph.model.data import data_path, rows
from innokg.graph.model.vocab import AdminLevel
from innokg.ingest.divisions import divisions

#: the longest division name looked for
_LONGEST = 12


@dataclass(frozen=True)
class _Tables:
    codes: dict[str, tuple[str, AdminLevel]]  # a code's start -> its issuer and level
    provinces: dict[str, tuple[str, str]]  # abbreviation -> the province's name, its government's character
    words: dict[str, list[str]]  # a list's name -> its words (data/policy/words.tsv)
    level_prefixes: dict[str, AdminLevel]  # 省 → provincial …
    places: dict[str, AdminLevel | None]  # a division's name (full or short) -> its level; None where two differ


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    folder = data_path("policy")
    codes = {row[0]: (row[1], AdminLevel(row[2])) for row in rows(folder / "codes.tsv")}
    provinces = {row[0]: (row[1], row[2]) for row in rows(folder / "provinces.tsv")}
    words: dict[str, list[str]] = {}
    prefixes: dict[str, AdminLevel] = {}
    for row in rows(folder / "words.tsv"):
        words.setdefault(row[0], []).append(row[1])
        if row[0] == "level_prefix":
            prefixes[row[1]] = AdminLevel(row[2])
    return _Tables(codes, provinces, words, prefixes, _divisions())


def _divisions() -> dict[str, AdminLevel | None]:
    """Every division's name and short form with its level (a city, 州, 盟, 地区 is a prefecture's;
    a district or a county-level city a county's)."""
    levels: dict[str, AdminLevel | None] = {}

    def add(name: str, level: AdminLevel) -> None:
        if len(name) < 2:
            return
        levels[name] = level if levels.get(name, level) == level else None  # 吉林 is a province and a city

    for division in divisions():
        add(division.name, division.level)
        if division.suffix:
            add(division.stem, division.level)
            if division.suffix == "自治州":
                add(re.sub("(.{2,}?)(?:[\u4e00-\u9fff]{1,3}族)+$", r"\1", division.stem) + "州", division.level)  # 海西州
    return levels


def code_issuer(code: str) -> tuple[str | None, AdminLevel | None]:
    """The issuer and level a 文号's code names, where innokg knows the code: (None, None) otherwise.

    >>> code_issuer("闽委办发") == ("中共福建省委办公厅", "provincial"), code_issuer("粤府办")[0]
    (True, '广东省人民政府办公厅')
    >>> code_issuer("苏府"), code_issuer("发改投资") == ("国家发展改革委", "national")
    ((None, None), True)
    """
    tables = _tables()
    for length in range(len(code), 0, -1):
        if known := tables.codes.get(code[:length]):
            return known
    province = tables.provinces.get(code[:1])
    if province is None:
        return None, None
    name, government = province
    rest = code[1:]
    if rest.startswith(government):
        office = rest[1:2] in ("办", "厅")
        return name + ("人民政府办公厅" if office else "人民政府"), AdminLevel.PROVINCIAL
    if rest.startswith("委"):
        return "中共" + name + ("委办公厅" if rest[1:2] == "办" else "委"), AdminLevel.PROVINCIAL
    return None, None  # a department (闽海渔) or a city sharing the abbreviation: unknown


def _starts_with(text: str, words: list[str]) -> bool:
    return any(text.startswith(w) for w in words)


def _place_level(name: str, at: int = 0) -> tuple[AdminLevel | None, int]:
    """The level of the divisions ``name`` starts with at ``at`` (湖北省武汉市 → city, the last
    one), and where they end."""
    places = _tables().places
    level: AdminLevel | None = None
    while True:
        found = next((name[at:end] for end in range(min(len(name), at + _LONGEST), at + 1, -1) if name[at:end] in places), None)
        if found is None:
            return level, at
        level = places[found] or level
        at += len(found)


def name_level(name: str) -> AdminLevel | None:
    """The level of government an issuing body's name says: national (国务院…, 国家…, a ministry),
    provincial, city or county (from the divisions it starts with, or a zone's committee); None
    when the name says none.

    >>> [str(name_level(n)) for n in ("中共福建省委办公厅", "海西州人民政府办公室", "中国（福建）自由贸易试验区平潭片区管委会")]
    ['provincial', 'city', 'county']
    >>> [str(name_level(n)) for n in ("省委省政府", "市场监督管理局")]
    ['provincial', 'None']
    """
    tables = _tables()
    name = re.sub(r"\s+", "", name).removeprefix("中共")
    if any(word in name for word in tables.words.get("zone", [])):
        return AdminLevel.COUNTY
    if _starts_with(name, tables.words.get("national", [])):
        return AdminLevel.NATIONAL
    level, _ = _place_level(name)
    if level is not None:
        return level
    if (prefix := tables.level_prefixes.get(name[:1])) and not _starts_with(name, tables.words.get("not_level", [])):
        return prefix
    if any(name.endswith(word) for word in tables.words.get("ministry", [])):
        return AdminLevel.NATIONAL
    return None


_LEADING_DATE = re.compile(r"^\s*(?:19|20)\d{2}\s*年(?:度|\d{1,2}月(?:\d{1,2}日)?)?")


def title_level(title: str) -> AdminLevel | None:
    """The level a title says by the body or division it starts with (国家…, 武汉市创新发展三年行动方案
    → city, 2025年省《政府工作报告》… → provincial); None otherwise.

    >>> [str(title_level(t)) for t in ("武汉市创新发展三年行动方案(2022——2024年)", "平潭综合实验区推进人工影响天气工作高质量发展实施方案")]
    ['city', 'county']
    >>> [str(title_level(t)) for t in ("2025年省《政府工作报告》重点工作分工方案(一)", "支持鄱余万都滨湖四县小康攻坚重点工作责任分工方案")]
    ['provincial', 'None']
    """
    tables = _tables()
    text = _LEADING_DATE.sub("", title).lstrip("《 ")
    if _starts_with(text, tables.words.get("national", [])):
        return AdminLevel.NATIONAL
    level, _ = _place_level(text)
    if level is not None:
        return level
    if (prefix := tables.level_prefixes.get(text[:1])) and not _starts_with(text, tables.words.get("not_level", [])):
        return prefix
    return None


#: the issuer a title names before 关于 / 印发 / 转发 (国务院办公厅关于…, 中共福建省委办公厅、福建省人民政府办公厅印发…)
_ISSUER_IN_TITLE = re.compile(r"^(.{2,60}?)\s*(?:关于|印发|转发)")
_TAGS = re.compile(r"^.*】(?=.)")


def is_body(name: str) -> bool:
    """Whether a name ends like an issuing body's (…人民政府, …管委会, …厅, …部).

    >>> is_body("平潭综合实验区管委会"), is_body("即时比分")
    (True, False)
    """
    return any(name.endswith(word) for word in _tables().words.get("body", []))


def title_issuer(title: str) -> str | None:
    """The body a title names as its issuer, before 关于, 印发 or 转发; None when the words there
    are no body's name.

    >>> title_issuer("国务院办公厅关于完善科技成果评价机制的指导意见"), title_issuer("即时比分关于印发《方案》的通知")
    ('国务院办公厅', None)
    >>> title_issuer("平潭综合实验区管委会办公室转发福建省人民政府办公厅关于印发福建省若干措施的通知")
    '平潭综合实验区管委会办公室'
    """
    text = _TAGS.sub("", title).strip()
    found = _ISSUER_IN_TITLE.match(text)
    if found is None:
        return None
    name = re.sub(r"\s+", "", found.group(1))
    name = re.sub(r"^(.{2,8}?)(?=\1)", "", name)  # a field's value glued before the title: 山西省山西省人民政府
    return name if is_body(name) and "《" not in name else None
