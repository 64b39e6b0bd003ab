"""Entity resolution: one id per real-world thing, one node per id, collectives and their members.

The resolver is the one place where names become ids and nodes merge; its rules are data:
the gazetteers (``data/gazetteers/*.tsv``: kind, canonical name, short forms, source) and the
collectives (``data/gazetteers/collectives.tsv``).

A name as written ("市科技局", "武汉市科学技术局", "武汉市科技局") is looked up by its
:func:`~innokg.graph.model.names.key` among the canonical names and aliases of the gazetteer
entries; a hit gives the entry's id. Names no gazetteer knows get an id from their own key,
so half- and full-width variants still meet. Two different bodies never share an entry, so
"国家发展和改革委员会" and "武汉市发展和改革委员会" stay apart.

>>> resolver = default_resolver()
>>> resolver.resolve(EntityType.UNIT, "市科技局").id == resolver.resolve(EntityType.UNIT, "武汉市科学技术局").id
True
>>> resolver.resolve(EntityType.UNIT, "发展改革委").id != resolver.resolve(EntityType.UNIT, "市发改委").id
True
>>> [e.name for e in resolver.members_of("各区人民政府", "含开发区管委会")][:2]
['江岸区人民政府', '江汉区人民政府']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from innokg.graph.model.data import data_path, rows
from innokg.graph.model.names import key
from innokg.graph.model.records import EntityNode, UnitNode
from innokg.graph.model.vocab import EntityType, Label


#: Kinds of a gazetteer line, and the entity type each stands for: finer than the types, as a
#: collective (collectives.tsv) stands for members of some kinds of unit only.
KIND_TYPE = {
    "Unit": EntityType.UNIT,
    "Collective": EntityType.UNIT,
    "District": EntityType.UNIT,
    "Zone": EntityType.UNIT,
    "Place": EntityType.PLACE,
    "Enterprise": EntityType.ENTERPRISE,
    "Platform": EntityType.PLATFORM,
    "TalentProgram": EntityType.TALENT_PROGRAM,
    "Policy": EntityType.POLICY,
    "Fund": EntityType.FUND,
}


@dataclass(frozen=True)
class Entry:
    kind: str  # Unit, Collective, District, Zone, Place, Enterprise ...
    name: str  # canonical (full) name
    aliases: tuple[str, ...]
    source: str

    @property
    def type(self) -> EntityType:
        return KIND_TYPE[self.kind]

    @property
    def short(self) -> str:
        """The name analysts use: the first short form where the gazetteer gives one."""
        return self.aliases[0] if self.aliases else self.name


@dataclass(frozen=True)
class Resolved:
    id: str
    type: EntityType
    name: str  # the name to show: the short form for known bodies, else as written
    full_name: str | None
    entry: Entry | None = None


@dataclass(frozen=True)
class CollectiveRule:
    """A collective and the kinds of gazetteer entry it stands for (one line of collectives.tsv)."""

    name: str
    kinds: frozenset[str]
    note_word: str = ""
    note_kinds: frozenset[str] = frozenset()

    def kinds_for(self, scope_note: str | None) -> frozenset[str]:
        widened = self.note_word and scope_note and self.note_word in scope_note
        return self.kinds | self.note_kinds if widened else self.kinds


@dataclass
class Resolver:
    entries: list[Entry] = field(default_factory=list)
    collectives: list[CollectiveRule] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key: dict[str, Entry] = {}
        for entry in self.entries:
            for name in (entry.name, *entry.aliases):
                self._by_key.setdefault(key(name), entry)
        self._collectives = {key(rule.name): rule for rule in self.collectives}

    def lookup(self, name: str) -> Entry | None:
        return self._by_key.get(key(name))

    def resolve(self, type_: EntityType, name: str) -> Resolved:
        """The id, type and shown name of a thing of type ``type_`` written ``name``."""
        entry = self.lookup(name)
        if entry is not None and (entry.type == type_ or EntityType.UNIT in (type_, entry.type)):
            return Resolved(
                id=entry_id(entry), type=entry.type, name=entry.short, full_name=entry.name, entry=entry
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
        """The bodies a collective stands for (collectives.tsv): 各区人民政府 → the district
        governments, and the development-zone committees when the scope note says 含开发区管委会."""
        rule = self._collectives.get(key(collective))
        if rule is None:
            return []
        kinds = rule.kinds_for(scope_note)
        return [e for e in self.entries if e.kind in kinds]

    def member_node(self, entry: Entry, doc_id: str) -> UnitNode:
        """The node of a collective's member: a district by its full name (江岸区人民政府), a zone
        by its short one (东湖高新区管委会)."""
        name = entry.name if entry.kind == "District" else entry.short
        return UnitNode(
            id=entry_id(entry),
            name=name,
            full_name=entry.name,
            aliases=sorted({entry.name, *entry.aliases} - {name}),
            documents=[doc_id],
        )

    @staticmethod
    def merge(a, b):
        """The same real thing named by two documents: one node, with both documents and all names.

        A body given a task stays a Unit whatever else it is; other nodes keep the first version.
        """
        if isinstance(b, UnitNode) and not isinstance(a, UnitNode):
            a, b = b, a
        if not isinstance(a, (UnitNode, EntityNode)) or not isinstance(b, (UnitNode, EntityNode)):
            return a
        update = {
            "aliases": sorted(set(a.aliases) | set(b.aliases)),
            "documents": sorted(set(a.documents) | set(b.documents)),
            "full_name": a.full_name or b.full_name,
        }
        if isinstance(a, EntityNode):  # a policy's 文号, issuer …: the first that gives them
            update |= {f: getattr(a, f) or getattr(b, f, None) for f in ("doc_number", "issuer", "year", "level")}
        if a.label == Label.POLICY:  # named by a title where either gives one, not by its 文号
            titled = [n.name for n in (a, b) if n.name != update.get("doc_number") and not n.name.startswith("《")]
            name = titled[0] if titled else a.name
            update |= {"name": name, "aliases": sorted((set(update["aliases"]) | {a.name, b.name}) - {name})}
        if isinstance(a, UnitNode) and isinstance(b, UnitNode):
            update["scope_notes"] = sorted(set(a.scope_notes) | set(b.scope_notes))
            update["collective"] = a.collective or b.collective
        return a.model_copy(update=update)


def entry_id(entry: Entry) -> str:
    return f"{entry.type.lower()}:{key(entry.name)}"


def unit_id(name: str) -> str:
    """The id of the unit called ``name`` (any of its forms).

    >>> unit_id("市科技局") == unit_id("武汉市科学技术局") == "unit:武汉市科学技术局"
    True
    """
    return default_resolver().resolve(EntityType.UNIT, name).id


def read_gazetteer(path: Path) -> list[Entry]:
    """One entry per line: kind, name, aliases (|-separated), source ("同上": as the line above)."""
    entries: list[Entry] = []
    previous = ""
    for fields in rows(path):
        kind, name, aliases, source = (fields + ["", "", "", ""])[:4]
        source = previous = previous if source == "同上" else source
        alias_list = tuple(a for a in aliases.split("|") if a and a != name)
        entries.append(Entry(kind=kind, name=name, aliases=alias_list, source=f"{source}（{path.name}）"))
    return entries


def read_collectives(path: Path) -> list[CollectiveRule]:
    rules = []
    for fields in rows(path):
        name, kinds, word, more = (fields + ["", "", "", ""])[:4]
        rules.append(CollectiveRule(name, frozenset(kinds.split("|")), word, frozenset(filter(None, more.split("|")))))
    return rules


@lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    entries: list[Entry] = []
    for path in sorted(data_path("gazetteers").glob("*.tsv")):
        if path.name != "collectives.tsv":
            entries.extend(read_gazetteer(path))
    return Resolver(entries, read_collectives(data_path("gazetteers", "collectives.tsv")))


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
    """Wuhan's "965" industries and the words documents use for industries (``data/industries``)."""

    industries: list[Industry965]
    words: dict[str, str]  # word as written -> 965 industry name, '' when it fits none

    def __post_init__(self) -> None:
        self._by_key = {key(word): industry for word, industry in self.words.items()}
        self._by_name = {i.name: i for i in self.industries}
        self._by_id = {i.id: i for i in self.industries}

    def category(self, word: str) -> Industry965 | None:
        """The "965" industry a word of a document stands for, if any.

        >>> default_taxonomy().category("集成电路").name
        '光电子信息'
        >>> default_taxonomy().category("区块链") is None
        True
        """
        target = self._by_key.get(key(word)) or (key(word) if key(word) in self._by_name else "")
        return self._by_name.get(target)

    def find(self, name: str) -> Industry965 | None:
        """A "965" industry by its name or by a word mapped to it."""
        return self._by_name.get(key(name)) or self.category(name)

    def by_id(self, industry_id: str) -> Industry965:
        return self._by_id[industry_id]

    def by_id_or_none(self, industry_id: str) -> Industry965 | None:
        return self._by_id.get(industry_id)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    industries = [
        Industry965(id=id_, name=name, group=group, confidence=confidence)
        for group, id_, name, confidence, *_ in rows(data_path("industries", "965.tsv"))
    ]
    words = {fields[0]: (fields[1] if len(fields) > 1 else "") for fields in rows(data_path("industries", "aliases.tsv"))}
    return Taxonomy(industries, words)
