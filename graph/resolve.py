"""Entity resolution: one canonical id per real-world thing, from the gazetteers in ``data/``.

A name as written ("市科技局", "武汉市科学技术局", "武汉市科技局") is looked up by its normalised
form (NFKC, white space, quotes and brackets dropped) among the canonical names and aliases
of the gazetteer entries; a hit gives the entry's canonical id. Names no gazetteer knows get
an id from their own normalised form, so half- and full-width variants still meet. Two
different bodies never share an entry, so "国家发展和改革委员会" and "武汉市发展和改革委员会"
stay apart.

>>> resolver = default_resolver()
>>> resolver.resolve("Unit", "市科技局").id == resolver.resolve("Unit", "武汉市科学技术局").id
True
>>> resolver.resolve("Unit", "发展改革委").id != resolver.resolve("Unit", "市发改委").id
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

#: Types of a gazetteer line, and the entity type each stands for.
KIND_TYPE = {
    "Unit": "Unit",
    "Collective": "Unit",
    "District": "Unit",
    "Zone": "Unit",
    "Place": "Place",
    "Enterprise": "Enterprise",
    "Platform": "Platform",
    "TalentProgram": "TalentProgram",
    "Policy": "Policy",
    "Fund": "Fund",
}
_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉<>]")


def key(name: str) -> str:
    """The form names are compared in: NFKC, no white space or quotes."""
    return _DROP.sub("", unicodedata.normalize("NFKC", name))


@dataclass(frozen=True)
class Entry:
    kind: str  # Unit, Collective, District, Zone, Place, Enterprise ...
    name: str  # canonical (full) name
    aliases: tuple[str, ...]
    source: str

    @property
    def type(self) -> str:
        return KIND_TYPE[self.kind]

    @property
    def short(self) -> str:
        """The name analysts use: the first short form where the gazetteer gives one."""
        return self.aliases[0] if self.aliases else self.name


@dataclass(frozen=True)
class Resolved:
    id: str
    type: str
    name: str  # the name to show: the short form for known bodies, else as written
    full_name: str | None
    entry: Entry | None = None


@dataclass
class Resolver:
    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key: dict[str, Entry] = {}
        for entry in self.entries:
            for name in (entry.name, *entry.aliases):
                self._by_key.setdefault(key(name), entry)

    def lookup(self, name: str) -> Entry | None:
        return self._by_key.get(key(name))

    def resolve(self, type_: str, name: str) -> Resolved:
        entry = self.lookup(name)
        if entry is not None and (entry.type == type_ or type_ == "Unit" or entry.type == "Unit"):
            return Resolved(
                id=f"{entry.type.lower()}:{key(entry.name)}",
                type=entry.type,
                name=entry.short,
                full_name=entry.name,
                entry=entry,
            )
        return Resolved(id=f"{type_.lower()}:{key(name)}", type=type_, name=key(name) or name, full_name=None)

    def names(self) -> dict[str, Entry]:
        """Every name and alias as written in the gazetteers, for matching in text."""
        out: dict[str, Entry] = {}
        for entry in self.entries:
            for name in (entry.name, *entry.aliases):
                out.setdefault(name, entry)
        return out

    def members_of(self, collective: str, scope_note: str | None) -> list[Entry]:
        """The bodies a collective stands for: 各区人民政府 → the district governments, and the
        development-zone committees when the document's scope note says so (含开发区管委会)."""
        if key(collective) != key("各区人民政府"):
            return []
        kinds = {"District"} | ({"Zone"} if scope_note and "开发区" in scope_note else set())
        return [e for e in self.entries if e.kind in kinds]


def unit_id(name: str) -> str:
    """The id of the unit called ``name`` (any of its forms).

    >>> unit_id("市科技局") == unit_id("武汉市科学技术局") == "unit:武汉市科学技术局"
    True
    """
    return default_resolver().resolve("Unit", name).id


def read_gazetteer(path: Path) -> list[Entry]:
    """One entry per line: kind, name, aliases (|-separated), source ("同上": as the line above)."""
    entries: list[Entry] = []
    previous = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, name, aliases, source = (line.split("\t") + ["", "", "", ""])[:4]
        source = previous = previous if source == "同上" else source
        alias_list = tuple(a for a in aliases.split("|") if a and a != name)
        entries.append(Entry(kind=kind, name=name, aliases=alias_list, source=f"{source}（{path.name}）"))
    return entries


def data_path(*parts: str) -> Path:
    return Path(str(resources.files("innokg.data").joinpath(*parts)))


@lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    entries: list[Entry] = []
    for path in sorted(data_path("gazetteers").glob("*.tsv")):
        entries.extend(read_gazetteer(path))
    return Resolver(entries)


# --------------------------------------------------------------------------- the "965" industries

GROUP_CN = {"pillar": "支柱产业", "emerging": "战略性新兴产业", "future": "未来产业"}


@dataclass(frozen=True)
class Industry965:
    id: str  # 965:pillar:光电子信息
    name: str
    group: str  # pillar, emerging, future
    confidence: str

    @property
    def group_cn(self) -> str:
        return GROUP_CN[self.group]


@dataclass
class Taxonomy:
    """Wuhan's "965" industries and the words documents use for them (``data/industries``)."""

    industries: list[Industry965]
    aliases: dict[str, str]  # word -> 965 industry name, '' when it fits none

    def category(self, word: str) -> Industry965 | None:
        """The "965" industry a word of a document stands for, if any.

        >>> default_taxonomy().category("集成电路").name
        '光电子信息'
        >>> default_taxonomy().category("区块链") is None
        True
        """
        target = self.aliases.get(key(word)) or (
            key(word) if any(i.name == key(word) for i in self.industries) else ""
        )
        return next((i for i in self.industries if i.name == target), None)

    def find(self, name: str) -> Industry965 | None:
        """A "965" industry by its name or by a word mapped to it."""
        return next((i for i in self.industries if i.name == key(name)), None) or self.category(name)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    industries = []
    for line in data_path("industries", "965.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            group, id_, name, confidence = line.split("\t")[:4]
            industries.append(Industry965(id=id_, name=name, group=group, confidence=confidence))
    aliases = {}
    for line in data_path("industries", "aliases.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, industry = line.partition("\t")
            aliases[key(word)] = industry.strip()
    return Taxonomy(industries, aliases)
