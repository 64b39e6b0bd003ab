"""The graph a :class:`~innokg.graph.view.GraphView` answers from: nodes by id, relations by their ends.

A library of 10,000 plans holds some three million relations. As pydantic models (a
:class:`Relation` and its :class:`Evidence`, each with a ``__dict__`` and a set of the fields
given) one costs about 1.3 KB, and in a networkx multigraph another half kilobyte of nested
dictionaries — 13 GB for the library. Here a relation is a :class:`Fact`: one object with
slots (about 150 bytes with its numbers), listed under its source and under its target. The
evidence model is made only when an answer shows it. Nodes stay models: there are few of them
beside the relations, and answers read most of their fields.
"""

from __future__ import annotations

import gc
import json
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from innokg.graph.model import Evidence, GraphData, Label, Model, Node, Relation, RelType, relation_key
from innokg.graph.model.names import policy_id
from innokg.graph.model.vocab import CitationKind
from innokg.graph.model.aliases import aliases
from innokg.graph.model.resolve import Resolver, default_resolver
from innokg.graph.model.records import DocumentNode, EntityNode, UnitNode
from pydantic import TypeAdapter

if TYPE_CHECKING:
    import networkx as nx

    from innokg.graph.corrections import Corrections

ANY_NODE = TypeAdapter(Node)
_REL_TYPES = {t.value: t for t in RelType}
_CITATIONS: dict[str | None, CitationKind] = {k.value: k for k in CitationKind}


class Fact:
    """A relation with its evidence, flat; reads like a :class:`Relation`."""

    __slots__ = ("type", "source", "target", "doc_id", "start", "end", "quote", "surface", "mention_start", "corrected", "citation")

    def __init__(
        self,
        type: RelType,  # noqa: A002
        source: str,
        target: str,
        doc_id: str,
        start: int,
        end: int,
        quote: str,
        surface: str | None = None,
        mention_start: int | None = None,
        corrected: bool = False,
        citation: CitationKind | None = None,
    ) -> None:
        self.type = type
        self.source = source
        self.target = target
        self.doc_id = doc_id
        self.start = start
        self.end = end
        self.quote = quote
        self.surface = surface
        self.mention_start = mention_start
        self.corrected = corrected  # set by an analyst's correction (graph.corrections), not read
        self.citation = citation  # for CITES: how the document refers to the policy

    @property
    def evidence(self) -> Evidence:
        return Evidence(doc_id=self.doc_id, start=self.start, end=self.end, quote=self.quote)

    @property
    def key(self) -> str:
        return relation_key(self.type.value, self.doc_id, self.start)

    def relation(self) -> Relation:
        return Relation(
            type=self.type,
            source=self.source,
            target=self.target,
            doc_id=self.doc_id,
            evidence=self.evidence,
            surface=self.surface,
            mention_start=self.mention_start,
            corrected=self.corrected,
            citation=self.citation,
        )

    @classmethod
    def of(cls, rel: Relation) -> Fact:
        e = rel.evidence
        return cls(rel.type, rel.source, rel.target, rel.doc_id, e.start, e.end, e.quote, rel.surface, rel.mention_start, rel.corrected, rel.citation)


class Facts:
    """Nodes by id; each relation listed under its source (``out``) and its target (``into``).

    >>> from innokg.graph.model import TaskNode, UnitNode
    >>> f = Facts()
    >>> f.add_node(TaskNode(id="t", name="x", doc_id="d", path="1", text="x", start=0, end=1))
    >>> f.add_node(UnitNode(id="u", name="市科技局"))
    >>> f.add(Fact(RelType.LEADS, "t", "u", "d", 0, 1, "x"))
    >>> [r.target for r in f.out_edges("t")], [r.source for r in f.in_edges("u")], len(f)
    (['u'], ['t'], 2)
    """

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.out: dict[str, list[Fact]] = defaultdict(list)
        self.into: dict[str, list[Fact]] = defaultdict(list)
        self.size = 0
        self.aliases: dict[str, str] = {}  # unit id → the unit it was folded into (graph.model.aliases)
        self.alias_names: dict[str, str] = {}  # unit id folded → the name it had (what a split names)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nodes

    def __len__(self) -> int:
        return len(self.nodes)

    def add_node(self, node: Node) -> None:
        """Add a node, merged with the node of the same id if there is one."""
        old = self.nodes.get(node.id)
        self.nodes[node.id] = node if old is None else Resolver.merge(old, node)

    def add(self, fact: Fact) -> None:
        self.out[fact.source].append(fact)
        self.into[fact.target].append(fact)
        self.size += 1

    def out_edges(self, node_id: str) -> list[Fact]:
        return self.out.get(node_id, [])

    def in_edges(self, node_id: str) -> list[Fact]:
        return self.into.get(node_id, [])

    def relations(self) -> Iterator[Fact]:
        for facts in self.out.values():
            yield from facts

    def fold(self, aliases: dict[str, str]) -> None:
        """Fold each node of ``aliases`` into the node it stands for: one node, every relation of both."""
        for alias, target in aliases.items():
            if alias not in self.nodes or target not in self.nodes:
                continue
            kept, folded = self.nodes[target], self.nodes.pop(alias)
            merged = merge_all([kept, folded])
            assert isinstance(merged, (UnitNode, EntityNode)), "an alias names a unit (library_aliases)"
            names = {*merged.aliases, folded.name}
            self.nodes[target] = merged.model_copy(update={"name": kept.name, "aliases": sorted(names - {kept.name})})
            # a relation both names had (one clause naming the body twice) is one relation, as in Neo4j:
            # the one written first
            kept_out = {(f.target, f.key): f for f in self.out.get(target, [])}
            replaced: dict[int, Fact] = {}
            for fact in self.out.pop(alias, []):
                fact.source = target
                self._keep_first(kept_out, (fact.target, fact.key), fact, self.out, target, self.into, fact.target, replaced)
            _replace(self.out, target, replaced)
            kept_in = {(f.source, f.key): f for f in self.into.get(target, [])}
            replaced = {}
            for fact in self.into.pop(alias, []):
                fact.target = target
                self._keep_first(kept_in, (fact.source, fact.key), fact, self.into, target, self.out, fact.source, replaced)
            _replace(self.into, target, replaced)
            self.aliases[alias] = target
            self.alias_names[alias] = folded.name

    def _keep_first(
        self,
        kept: dict,
        key: tuple[str, str],
        fact: Fact,
        here: dict[str, list[Fact]],
        node_id: str,
        there: dict[str, list[Fact]],
        other_end: str,
        replaced: dict[int, Fact],
    ) -> None:
        """Add ``fact`` (moved to ``node_id``) unless a relation of the same ends and key is there:
        then the one written first stays, the other goes from both ends. A fact kept in place of
        one ``node_id`` had is noted in ``replaced``, and the list made once (:func:`_replace`):
        a unit thousands of documents name has thousands of relations."""
        other = kept.get(key)
        if other is None:
            kept[key] = fact
            here[node_id].append(fact)
            return
        first, dropped = (fact, other) if (fact.mention_start or 0) < (other.mention_start or 0) else (other, fact)
        if first is fact:
            replaced[id(other)] = fact
            kept[key] = fact
        there[other_end] = [f for f in there.get(other_end, []) if f is not dropped]
        self.size -= 1

    def to_networkx(self) -> nx.MultiDiGraph:
        """The graph for :mod:`innokg.graph.analysis`: nodes with ``node``, ``label``, ``name``;
        edges with ``rel`` and ``type`` (and ``corrected`` where an analyst set the relation)."""
        import networkx as nx  # here, not at import: a question asked from the command line needs none of it

        G = nx.MultiDiGraph()
        for node_id, node in self.nodes.items():
            G.add_node(node_id, node=node, label=node.label.value, name=node.name)
        for fact in self.relations():
            marked = {"corrected": True} if fact.corrected else {}  # 人工校正, in the exports too
            G.add_edge(fact.source, fact.target, key=fact.key, rel=fact, type=fact.type.value, **marked)
        return G


def _replace(lists: dict[str, list[Fact]], node_id: str, replaced: dict[int, Fact]) -> None:
    """The node's relations with each replaced one in its place (by what replaced it last)."""
    if not replaced:
        return
    kept = []
    for fact in lists[node_id]:
        while id(fact) in replaced:
            fact = replaced[id(fact)]
        kept.append(fact)
    lists[node_id] = kept


def facts_of(nodes: Iterable[Node], relations: Iterable[Relation]) -> Facts:
    """Facts of models (a query's subgraph, an export): nodes merged by id, relations once each."""
    facts = Facts()
    for node in nodes:
        facts.add_node(node)
    seen: set[tuple[str, str, str]] = set()
    for rel in relations:
        if (rel.source, rel.target, rel.key) not in seen:
            seen.add((rel.source, rel.target, rel.key))
            facts.add(Fact.of(rel))
    return facts


def compose(documents: Iterable[bytes | str], corrections: Corrections | None = None) -> Facts:
    """One graph from documents' facts as JSON (:class:`GraphData`), taken in the order given
    (by document id, so that the merged node does not depend on the order of the build).

    A node several documents name is merged once, from all its copies — merging them one by one
    copied its growing list of documents each time, quadratic for a unit 10,000 plans name.
    Relations go straight from JSON to :class:`Fact` (validated when written).

    ``corrections`` (an analyst's, :mod:`innokg.graph.corrections`) change which units fold into
    which, then set roles and drop non-entities on the folded graph.
    """
    facts = Facts()
    copies: dict[str, list[Node]] = {}
    with _no_collection():
        _compose_into(facts, copies, documents)
    for node_id, nodes in copies.items():
        facts.nodes[node_id] = merge_all(nodes)
    folded = library_aliases(facts.nodes.values())
    if corrections:
        units = {n.id for n in facts.nodes.values() if isinstance(n, UnitNode)}
        folded = corrections.aliases(folded, units)
    facts.fold(folded)
    if corrections:
        corrections.apply(facts)
    return facts


def library_aliases(nodes: Iterable[Node]) -> dict[str, str]:
    """The nodes of a library that are another's alias — units (区经发局 → 区经济发展局, see
    graph.model.aliases) and policies cited by title that the library knows by 文号."""
    nodes = list(nodes)
    resolver = default_resolver()
    units = {n.id: n.name for n in nodes if isinstance(n, UnitNode) and not n.collective}
    return aliases(units, known=lambda name: resolver.lookup(name) is not None) | policy_aliases(nodes)


def policy_aliases(nodes: Iterable[Node]) -> dict[str, str]:
    """Policy id by title → policy id by 文号, where some document of the library gives that title
    that number (a reference 《…》（国发〔2018〕42号）, or a document's own header). A title two
    numbers share (two years' 《政府工作报告》) stays as it is: which one is meant, nobody says.

    >>> a = EntityNode(label="Policy", id="policy:国发〔2018〕42号", name="甲方案", doc_number="国发〔2018〕42号")
    >>> b = EntityNode(label="Policy", id=policy_id(None, "甲方案"), name="甲方案")
    >>> policy_aliases([a, b])
    {'policy:甲方案': 'policy:国发〔2018〕42号'}
    """
    policies = [n for n in nodes if isinstance(n, EntityNode) and n.label == Label.POLICY]
    numbered: dict[str, set[str]] = defaultdict(set)
    for node in policies:
        if node.doc_number:
            for title in (node.name, *node.aliases):
                if title != node.doc_number:
                    numbered[policy_id(None, title)].add(node.id)
    ids = {n.id for n in policies}
    return {
        title_id: next(iter(targets))
        for title_id, targets in numbered.items()
        if len(targets) == 1 and title_id in ids and title_id not in targets
    }


@contextmanager
def _no_collection() -> Iterator[None]:
    """Millions of objects are made and kept: the cyclic collector, run again and again over the
    growing heap, would take half the time (and none of them is garbage)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compose_into(facts: Facts, copies: dict[str, list[Node]], documents: Iterable[bytes | str]) -> None:
    for raw in documents:
        data = json.loads(raw)
        strings: dict[str, str] = {}  # one string for the quotes, units and document id relations share
        for props in data["nodes"]:
            if props.get("label") == "Document":
                props.pop("text", None)  # the source reader reads it from the document's row
            node = ANY_NODE.validate_python(props)
            if node.id in facts.nodes:
                copies.setdefault(node.id, [facts.nodes[node.id]]).append(node)
            else:
                facts.nodes[node.id] = node
        for r in data["relations"]:
            e = r["evidence"]
            surface = r.get("surface")
            facts.add(
                Fact(
                    _REL_TYPES[r["type"]],
                    _shared(facts, r["source"]),
                    _shared(facts, r["target"]),
                    strings.setdefault(e["doc_id"], e["doc_id"]),
                    e["start"],
                    e["end"],
                    strings.setdefault(e["quote"], e["quote"]),
                    surface and strings.setdefault(surface, surface),
                    r.get("mention_start"),
                    citation=_CITATIONS.get(r.get("citation")),
                )
            )


def _shared(facts: Facts, node_id: str) -> str:
    """The node's own id string where the node is known (one string, not one per relation)."""
    node = facts.nodes.get(node_id)
    return node.id if node is not None else node_id


#: what a Policy node knows besides its names (EntityNode's fields for a Policy)
POLICY_FIELDS = ("doc_number", "issuer", "year", "level")


def merge_all(nodes: list[Node]) -> Node:
    """What :meth:`Resolver.merge` folded over ``nodes`` gives, in one pass.

    >>> a = EntityNode(label="Platform", id="p", name="光谷实验室", documents=["d1"], aliases=["甲"])
    >>> b = UnitNode(id="p", name="光谷实验室", full_name="湖北光谷实验室", documents=["d2"])
    >>> merged = merge_all([a, b])
    >>> merged.label.value, merged.documents, merged.aliases, merged.full_name
    ('Unit', ['d1', 'd2'], ['甲'], '湖北光谷实验室')
    """
    named = [n for n in nodes if isinstance(n, (UnitNode, EntityNode))]
    if len(named) < len(nodes):
        merged = nodes[0]
        for node in nodes[1:]:
            merged = Resolver.merge(merged, node)
        return merged
    base = next((n for n in named if isinstance(n, UnitNode)), named[0])
    update: dict[str, Any] = {
        "aliases": sorted({a for n in named for a in n.aliases}),
        "documents": sorted({d for n in named for d in n.documents}),
        "full_name": base.full_name or next((n.full_name for n in named if n.full_name), None),
    }
    if isinstance(base, EntityNode):  # a policy's 文号, issuer …: the first document that gives them
        update |= {f: next((getattr(n, f) for n in named if getattr(n, f, None)), None) for f in POLICY_FIELDS}
    if base.label == Label.POLICY:  # named by a title where any document gives one, not by its 文号
        names = [n.name for n in named]
        name = next((x for x in names if x != update.get("doc_number") and not x.startswith("《")), names[0])
        update |= {"name": name, "aliases": sorted((set(update["aliases"]) | set(names)) - {name})}
    units = [n for n in named if isinstance(n, UnitNode)]
    if isinstance(base, UnitNode) and len(units) > 1:
        update["scope_notes"] = sorted({s for n in units for s in n.scope_notes})
        update["collective"] = any(n.collective for n in units)
    return base.model_copy(update=update)


class PackedFacts(Model):
    """One document's facts as compressed JSON, with the version an incremental build compares:
    what extraction workers send back and the embedded store keeps, one row per document."""

    doc_id: str
    sha256: str | None = None
    extractor: str | None = None
    blob: bytes

    @classmethod
    def of(cls, data: GraphData) -> PackedFacts:
        document = next(n for n in data.nodes if isinstance(n, DocumentNode))
        return cls(
            doc_id=document.id,
            sha256=document.info.sha256,
            extractor=document.info.extractor,
            blob=zlib.compress(data.model_dump_json().encode(), 1),  # level 1: half the time of 6 for a fifth more bytes
        )

    def facts_json(self) -> bytes:
        """The facts as JSON (what :func:`~innokg.graph.facts.compose` reads)."""
        return zlib.decompress(self.blob)

    def unpack(self) -> GraphData:
        return GraphData.model_validate_json(self.facts_json())


def unpacked(data: GraphData | PackedFacts) -> GraphData:
    return data.unpack() if isinstance(data, PackedFacts) else data
