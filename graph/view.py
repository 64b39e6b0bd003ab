"""Answers read from a graph of typed nodes and relations, shared by every store.

Both stores hand a :class:`GraphView` their :class:`~innokg.graph.facts.Facts` (nodes by id,
relations by their ends): the embedded store its whole graph, the Neo4j store the subgraph one
Cypher query fetched. The answers are therefore
assembled, ordered and grouped by one piece of code, and the stores differ only in how they
find the facts.
"""

from __future__ import annotations

from typing import NamedTuple

from innokg.graph.facts import Fact, Facts
from innokg.graph.model.errors import NotFound
from innokg.graph.model import (
    ENTITY_LABELS,
    key,
    relation_key,
    ROLE_RELATIONS,
    GraphData,
    Label,
    Quantity,
    RelType,
    Role,
    TaskNode,
    UnitNode,
)
from innokg.graph.model.names import short_title
from innokg.graph.model.resolve import default_taxonomy
from innokg.graph.search import NameIndex, TextIndex, TitleIndex
from innokg.graph.store import (
    Chain,
    ChainDocument,
    ChainSection,
    DocumentRef,
    Edge,
    EntityAnswer,
    IndustryLinks,
    Link,
    Neighbourhood,
    NodeRef,
    PlatformLink,
    SectionRef,
    TargetAnswer,
    TaskAnswer,
    TaskInRole,
    TaskLink,
    TaskRef,
    UnitInRole,
    UnitRef,
    UnitTasks,
)



class GraphView:
    """The queries of :class:`~innokg.graph.store.GraphStore`, answered from :class:`Facts`."""

    #: what :meth:`nodes` lists when no label is asked for: the things people search by name
    SEARCHED = tuple(label.value for label in (*ENTITY_LABELS, Label.UNIT, Label.INDUSTRY_965))

    def __init__(
        self, graph: Facts, document_counts: dict[str, int] | None = None, document_titles: dict[str, str] | None = None
    ) -> None:
        self.graph = graph
        # how many documents name a node read without their list (the Neo4j store's large answers)
        self.document_counts = document_counts or {}
        # the titles of documents whose nodes a subgraph was read without (a task names its document)
        self.document_titles = document_titles or {}
        # the lists search runs over, made once per graph (a change makes a new view)
        self._lists: dict[object, list] = {}

    def document_ids(self) -> list[str]:
        if "document_ids" not in self._lists:
            self._lists["document_ids"] = sorted(n.id for n in self.graph.nodes.values() if n.label == Label.DOCUMENT)
        return self._lists["document_ids"]

    def tasks(self) -> list[TaskRef]:
        if "tasks" not in self._lists:
            nodes = [n for n in self.graph.nodes.values() if n.label == Label.TASK]
            self._lists["tasks"] = [self._task_ref(n) for n in sorted(nodes, key=lambda n: (n.doc_id, n.start))]
        return list(self._lists["tasks"])

    def title_index(self) -> TitleIndex:
        if "index" not in self._lists:
            self._lists["index"] = TitleIndex(self.tasks())
        return self._lists["index"]

    def name_index(self, *labels: str) -> NameIndex:
        wanted = ("names", frozenset(labels or self.SEARCHED))
        if wanted not in self._lists:
            self._lists[wanted] = NameIndex(self.nodes(*labels))
        return self._lists[wanted]

    def unit_index(self) -> NameIndex:
        if "unit_names" not in self._lists:
            self._lists["unit_names"] = NameIndex(self.units())
        return self._lists["unit_names"]

    def warm(self) -> None:
        """Build every index now (the service does it in the background once the graph is
        composed), so that no question pays for one: the titles' and texts' indexes, each
        unit's tasks in order, each industry's links."""
        self.document_ids()  # every question asks whether the graph is empty
        self.title_index()
        self.tasks_mentioning([])
        self.unit_index()  # made from the units' list
        for labels in ((), ("Industry965", "Industry"), ("Industry",), ("Unit",)):  # what names are looked up in
            self.name_index(*labels)
        for node in list(self.graph.nodes.values()):
            if node.label == Label.UNIT:
                self._roles_of_unit(node.id)
            elif node.label in (Label.INDUSTRY, Label.INDUSTRY_965):
                self._links(node.id)

    def tasks_mentioning(self, words: list[str], limit: int | None = None) -> list[TaskRef]:
        """Tasks whose text holds every word, in document order (the first ``limit``)."""
        if "texts" not in self._lists:  # each text in the form words are compared in, indexed once
            tasks = sorted((n for n in self.graph.nodes.values() if n.label == Label.TASK), key=lambda n: (n.doc_id, n.start))
            self._lists["texts"] = TextIndex([self._task_ref(n) for n in tasks], [key(n.text) for n in tasks])
        return self._lists["texts"].find(words, limit)

    def units(self) -> list[UnitRef]:
        if "units" not in self._lists:
            nodes = [n for n in self.graph.nodes.values() if n.label == Label.UNIT]
            self._lists["units"] = [unit_ref(n, documents=True) for n in sorted(nodes, key=lambda n: n.name)]
        return list(self._lists["units"])

    def task_answer(self, task_id: str) -> TaskAnswer:
        task = self.node(task_id, Label.TASK)
        answer = TaskAnswer(
            task=self._task_ref(task),
            text=task.text,
            document=self._document_ref(task.doc_id),
            sections=self._sections_above(task_id),
        )
        for rel in sorted(self._out(task_id, *ROLE_RELATIONS), key=lambda r: mention_order(r.start, r.mention_start, r.target)):
            entry = UnitInRole(
                unit=self._unit_ref(rel.target),
                role=rel.type.role,
                surface=rel.surface or "",
                evidence=rel.evidence,
            )
            answer.of(entry.role).append(entry)
        return answer

    def unit_tasks(self, unit_id: str, offset: int = 0, limit: int | None = None) -> UnitTasks:
        """What a unit leads, shares and guides, in document order; ``offset``/``limit`` page the
        entries (a unit of a province's library has thousands), ``total`` and ``counts`` are the whole."""
        unit = unit_ref(self.node(unit_id, Label.UNIT), documents=True)
        rels, counts = self._roles_of_unit(unit_id)
        answer = UnitTasks(unit=unit, total=len(rels), counts=counts, offset=offset, limit=limit)
        for entry in self._entries(page_of(rels, offset, limit)):
            answer.of(entry.role).append(entry)
        return answer

    def chain(self, unit_id: str, offset: int = 0, limit: int | None = None) -> Chain:
        """The unit's tasks (paged as :meth:`unit_tasks`) under their sections and documents."""
        rels, _ = self._roles_of_unit(unit_id)
        chain = Chain(unit=unit_ref(self.node(unit_id, Label.UNIT), documents=True), total=len(rels), offset=offset, limit=limit)
        by_doc: dict[str, ChainDocument] = {}
        by_section: dict[str, ChainSection] = {}
        for entry in self._entries(page_of(rels, offset, limit)):
            doc = by_doc.get(entry.document.id)
            if doc is None:
                doc = by_doc[entry.document.id] = ChainDocument(document=entry.document)
                chain.documents.append(doc)
            siblings, holder = doc.sections, None
            for section in entry.sections:
                node = by_section.get(section.id)
                if node is None:
                    node = by_section[section.id] = ChainSection(section=section)
                    siblings.append(node)
                siblings, holder = node.children, node
            (holder.tasks if holder else doc.tasks).append(entry)
        return chain

    def nodes(self, *labels: str) -> list[NodeRef]:
        wanted = frozenset(labels or self.SEARCHED)
        if wanted not in self._lists:
            found = [n for n in self.graph.nodes.values() if n.label.value in wanted]
            self._lists[wanted] = [node_ref(n) for n in sorted(found, key=lambda n: (n.label.value, n.name, n.id))]
        return list(self._lists[wanted])

    def entity(self, node_id: str) -> EntityAnswer:
        node = self.node(node_id)
        links = [
_link(rel, "out", self.node(rel.target)) for rel in self.graph.out_edges(node_id)]
        links += [_link(rel, "in", self.node(rel.source)) for rel in self.graph.in_edges(node_id)]
        links.sort(
            key=lambda link: (
                link.type,
                link.direction,
                link.evidence.doc_id,
                link.evidence.start,
                link.node.id,
            )
        )
        category = getattr(node, "category", None)
        return EntityAnswer(
            node=node_ref(node),
            full_name=getattr(node, "full_name", None),
            documents=getattr(node, "documents", []),
            category=node_ref(self.node(category)) if category and category in self.graph else None,
            links=links,
        )

    def industry_links(self, node_id: str, offset: int = 0, limit: int | None = None) -> IndustryLinks:
        """Platforms serving an industry (or the industries of a "965" industry), tasks building
        those platforms or naming the industry, and the units behind the tasks. ``offset``/``limit``
        page the platforms and the tasks alike; the totals and ``units`` are of the whole answer."""
        if (unnamed := self.unnamed_965(node_id)) is not None:
            return unnamed
        links = self._links(node_id)
        page = links._replace(platforms=page_of(links.platforms, offset, limit), tasks=page_of(links.tasks, offset, limit))
        return self.links_answer(node_id, page, offset, limit)

    def unnamed_965(self, node_id: str) -> IndustryLinks | None:
        """A "965" industry no document names opens, with nothing behind it (that gap is the finding)."""
        if node_id in self.graph or (unnamed := default_taxonomy().by_id_or_none(node_id)) is None:
            return None
        return IndustryLinks(query=NodeRef(id=unnamed.id, label=Label.INDUSTRY_965.value, name=unnamed.name))

    def industries_of(self, node_id: str) -> list:
        """The industry, or the industries of a "965" industry, by name."""
        node = self.node(node_id)
        if node.label == Label.INDUSTRY_965:
            industries = [self.node(r.source) for r in self.graph.in_edges(node.id) if r.type == RelType.IN_965]
        elif node.label == Label.INDUSTRY:
            industries = [node]
        else:
            raise NotFound(f"{node.name} 不是产业")
        return sorted({i.id: i for i in industries}.values(), key=lambda i: (i.name, i.id))

    def links_answer(self, node_id: str, links: Links, offset: int = 0, limit: int | None = None) -> IndustryLinks:
        """The answer from one page of an industry's links (``links.platforms``/``tasks`` hold the
        page; its totals and units are of the whole)."""
        return IndustryLinks(
            query=node_ref(self.node(node_id)),
            industries=[self._node_ref(i) for i in links.industries],
            platforms=[
                PlatformLink(
                    platform=self._node_ref(platform),
                    industry=self._node_ref(industry),
                    evidence=rel.evidence,
                    doc_short_title=self.short_title(rel.doc_id),
                )
                for rel, platform, industry in links.platforms
            ],
            tasks=[self._task_link(rel, via) for rel, via in links.tasks],
            units=[self._unit_ref(u) for u in links.units],
            **links.totals._asdict(),
            offset=offset,
            limit=limit,
        )

    def _links(self, node_id: str) -> Links:
        """What :meth:`industry_links` pages through, made once per industry."""
        made = self._lists.setdefault("links", {})
        if node_id not in made:
            made[node_id] = self._links_of(node_id)
        return made[node_id]

    def _links_of(self, node_id: str) -> Links:
        industries = self.industries_of(node_id)
        serves = {}
        for industry in industries:
            for rel in self.graph.in_edges(industry.id):
                if rel.type == RelType.SERVES:
                    key = PlatformKey(industry.name, industry.id, rel.doc_id, rel.start, rel.source)
                    serves[key] = (rel, self.node(rel.source), industry)
        platforms = [serves[k] for k in sorted(serves)]
        named = {}
        for via in [*industries, *{platform.id: platform for _, platform, _ in platforms}.values()]:
            wanted = (RelType.MENTIONS,) if via.label == Label.INDUSTRY else (RelType.BUILDS, RelType.MENTIONS)
            for rel in self.graph.in_edges(via.id):
                if rel.type in wanted:
                    task_doc = self.node(rel.source).doc_id
                    named[TaskLinkKey(rel.source, via.id, rel.type.value, rel.doc_id, rel.start, task_doc, via.name)] = (rel, via)
        tasks = [named[k] for k in ordered_task_links(named)]
        units = units_of([self._roles_of_task(rel.source) for rel, _ in tasks])
        totals = LinkTotals.of([platform.id for _, platform, _ in platforms], [rel.source for rel, _ in tasks])
        return Links(industries, platforms, tasks, units, totals)

    def targets(self, task_ids: list[str] | None = None) -> list[TargetAnswer]:
        if task_ids is None:
            edges = self.graph.relations()
        else:  # only those tasks' relations: the API asks this for one task per request
            edges = (rel for t in dict.fromkeys(task_ids) for rel in self.graph.out_edges(t))
        answers = []
        for rel in edges:
            if rel.type != RelType.SETS:
                continue
            task_id, target = rel.source, self.node(rel.target)
            answers.append(
                TargetAnswer(
                    **target.model_dump(include={"id", *Quantity.model_fields}),
                    text=target.name,
                    task=self._task_ref(self.node(task_id)),
                    evidence=rel.evidence,
                )
            )
        return sorted(answers, key=lambda t: (t.evidence.doc_id, t.evidence.start, t.id))

    def neighbourhood(self, node_id: str, depth: int = 1) -> Neighbourhood:
        """The nodes within ``depth`` hops of a node (either direction) and the relations walked.

        The center comes first, then nodes by distance, label and name; relations are those
        touching a node closer than ``depth``, in a stable order.
        """
        center = self.node(node_id)
        distance = {node_id: 0}
        frontier, edges = [node_id], {}
        for hop in range(1, max(depth, 1) + 1):
            reached = []
            for current in frontier:
                for rel in [*self.graph.out_edges(current), *self.graph.in_edges(current)]:
                    edges[id(rel)] = rel
                    other = rel.target if rel.source == current else rel.source
                    if other not in distance:
                        distance[other] = hop
                        reached.append(other)
            frontier = reached
        nodes = sorted(
            (self.node(n) for n in distance),
            key=lambda n: (distance[n.id], n.id != node_id, n.label.value, n.name, n.id),
        )
        return Neighbourhood(
            center=node_ref(center),
            depth=depth,
            nodes=[node_ref(n) for n in nodes],
            edges=[
                Edge(type=r.type.value, source=r.source, target=r.target, evidence=r.evidence)
                for r in sorted(edges.values(), key=lambda r: (r.type.value, r.source, r.target, r.doc_id, r.start))
            ],
        )

    def export(self) -> GraphData:
        """Every node and relation, in a stable order (nodes by id, relations by source, target, key)."""
        nodes = [node for _, node in sorted(self.graph.nodes.items())]
        relations = [
            fact.relation() for fact in sorted(self.graph.relations(), key=lambda r: (r.source, r.target, r.key))
        ]
        return GraphData(nodes=nodes, relations=relations)

    # ------------------------------------------------------------------ helpers

    def _task_link(self, rel: Fact, via) -> TaskLink:
        lead, co = self._roles_of_task(rel.source)
        return TaskLink(
            task=self._task_ref(self.node(rel.source)),
            relation=rel.type.value,
            via=self._node_ref(via),
            evidence=rel.evidence,
            lead=[self._unit_ref(u) for u in lead],
            co=[self._unit_ref(u) for u in co],
        )

    def _roles_of_task(self, task_id: str) -> tuple[list[str], list[str]]:
        """The units leading and sharing a task, in the order the document names them."""
        roles = self._lists.setdefault("task_roles", {})
        if task_id not in roles:
            rels = self._out(task_id, RelType.LEADS, RelType.CO_RESPONSIBLE)
            roles[task_id] = leads_and_co([(r.type.value, r.target, r.start, r.mention_start) for r in rels])
        return roles[task_id]

    def node(self, node_id: str, label: Label | None = None):
        node = self.graph.nodes.get(node_id)
        if node is None or (label and node.label != label):
            raise NotFound(f"图谱中没有 {node_id}")
        return node

    def _out(self, node_id: str, *types: RelType) -> list[Fact]:
        return [rel for rel in self.graph.out_edges(node_id) if rel.type in types]

    def _document_ref(self, doc_id: str) -> DocumentRef:
        refs = self._lists.setdefault("documents", {})
        if doc_id not in refs:
            refs[doc_id] = DocumentRef(id=doc_id, title=self.node(doc_id).name)
        return refs[doc_id]

    def _sections_above(self, node_id: str) -> list[SectionRef]:
        """The sections that hold ``node_id``, from the top of the document down (made once per
        section: the tasks of one section share them)."""
        parent = next((self.node(r.target) for r in self.graph.out_edges(node_id) if r.type == RelType.PART_OF), None)
        if parent is None or parent.label != Label.SECTION:
            return []
        above = self._lists.setdefault("sections", {})
        if parent.id not in above:
            ref = SectionRef(id=parent.id, path=parent.path, marker=parent.marker, title=parent.name)
            above[parent.id] = [*self._sections_above(parent.id), ref]
        return above[parent.id]

    def _node_ref(self, node) -> NodeRef:
        refs = self._lists.setdefault("node_refs", {})
        if node.id not in refs:
            refs[node.id] = node_ref(node)
        return refs[node.id]

    def _unit_ref(self, unit_id: str) -> UnitRef:
        refs = self._lists.setdefault("unit_refs", {})
        if unit_id not in refs:
            refs[unit_id] = unit_ref(self.node(unit_id), document_count=self.document_counts.get(unit_id))
        return refs[unit_id]

    def _task_ref(self, task: TaskNode) -> TaskRef:
        refs = self._lists.setdefault("task_refs", {})
        if task.id not in refs:
            refs[task.id] = task_ref(task, self.short_title(task.doc_id))
        return refs[task.id]

    def short_title(self, doc_id: str) -> str:
        """A document's short title (:func:`~innokg.graph.model.names.short_title`), from its node,
        or from the titles the view was given when the node is not in its subgraph."""
        titles = self._lists.setdefault("short_titles", {})
        if doc_id not in titles:
            node = self.graph.nodes.get(doc_id)
            title = node.name if node is not None and node.label == Label.DOCUMENT else self.document_titles.get(doc_id)
            titles[doc_id] = document_short_title(doc_id, title)
        return titles[doc_id]

    def _roles_of_unit(self, unit_id: str) -> tuple[list[Fact], dict[Role, int]]:
        """A unit's role relations in document order, and how many of each role (sorted once per
        unit: a unit with 100,000 tasks is not sorted per question)."""
        made = self._lists.setdefault("unit_roles", {})
        if unit_id not in made:
            rels = [rel for rel in self.graph.in_edges(unit_id) if rel.type in ROLE_RELATIONS]
            rels.sort(key=lambda r: role_order(r.doc_id, self.node(r.source).start, r.type.value, r.start))
            counts = {role: 0 for role in Role}
            for rel in rels:
                counts[rel.type.role] += 1
            made[unit_id] = (rels, counts)
        return made[unit_id]

    def _entries(self, rels: list[Fact]) -> list[TaskInRole]:
        entries = []
        for rel in rels:
            task = self.node(rel.source)
            entries.append(
                TaskInRole(
                    task=self._task_ref(task),
                    role=rel.type.role,
                    document=self._document_ref(task.doc_id),
                    sections=self._sections_above(task.id),
                    evidence=rel.evidence,
                )
            )
        return entries


class LinkTotals(NamedTuple):
    platform_total: int  # entries
    task_total: int
    platform_count: int  # distinct platforms, tasks
    task_count: int

    @classmethod
    def of(cls, platform_ids: list[str], task_ids: list[str]) -> LinkTotals:
        return cls(len(platform_ids), len(task_ids), len(set(platform_ids)), len(set(task_ids)))


class Links(NamedTuple):
    """An industry's links, or one page of them (the totals and units stay those of the whole)."""

    industries: list
    platforms: list[tuple[Fact, object, object]]  # (SERVES, platform, industry)
    tasks: list[tuple[Fact, object]]  # (BUILDS or MENTIONS, the platform or industry named)
    units: list[str]  # leads first, then co-responsible units
    totals: LinkTotals


# How an industry's links are ordered, on plain values: the embedded store keys its facts with
# them, the Neo4j store the bare rows it lists, so that both page alike.


class PlatformKey(NamedTuple):
    """A platform serving an industry comes by the industry's name, then in document order."""

    industry_name: str
    industry: str
    doc_id: str
    start: int
    platform: str

    @property
    def relation(self) -> tuple[str, str, str]:
        """The SERVES relation this is: its ends and key."""
        return self.platform, self.industry, relation_key(RelType.SERVES.value, self.doc_id, self.start)


class TaskLinkKey(NamedTuple):
    """A task building a platform or naming an industry or platform (``via``)."""

    task: str
    via: str
    type: str
    doc_id: str
    start: int
    task_doc: str
    via_name: str

    @property
    def relation(self) -> tuple[str, str, str]:
        """The relation this is: its ends and key."""
        return self.task, self.via, relation_key(self.type, self.doc_id, self.start)


def ordered_task_links(keys) -> list[TaskLinkKey]:
    """One entry per task and thing it names — BUILDS before MENTIONS when a task does both, else
    its first mention — in document order (ties by the thing's name)."""
    best: dict[tuple[str, str], TaskLinkKey] = {}
    for k in sorted(keys, key=lambda k: (k.type != RelType.BUILDS.value, k.doc_id, k.start)):
        best.setdefault((k.task, k.via), k)
    return sorted(best.values(), key=lambda k: (k.task_doc, k.start, k.via_name, k.via, k.task))


def leads_and_co(roles) -> tuple[list[str], list[str]]:
    """The units leading and sharing a task, in the order the document names them, from its role
    relations as (type, unit, start, mention_start)."""
    ordered = sorted(roles, key=lambda r: mention_order(r[2], r[3], r[1]))
    lead = [unit for rel_type, unit, _, _ in ordered if rel_type == RelType.LEADS.value]
    co = [unit for rel_type, unit, _, _ in ordered if rel_type == RelType.CO_RESPONSIBLE.value]
    return lead, co


def mention_order(start: int, mention_start: int | None, unit: str) -> tuple:
    """Units of one task in the order its text names them."""
    return (start, mention_start or 0, unit)


def units_of(roles: list[tuple[list[str], list[str]]]) -> list[str]:
    """The units behind tasks, given each task's (lead, co): every lead first, then the others."""
    return list(dict.fromkeys([u for lead, _ in roles for u in lead] + [u for _, co in roles for u in co]))


def role_order(doc_id: str, task_start: int, rel_type: str, start: int) -> tuple:
    """Where a unit's role in a task comes among its roles: document order (the Neo4j store pages
    the same way)."""
    return (doc_id, task_start, rel_type, start)


def page_of(items: list, offset: int, limit: int | None) -> list:
    """The items of one page (all from ``offset`` when ``limit`` is None)."""
    return items[offset : None if limit is None else offset + limit]


def document_short_title(doc_id: str, title: str | None) -> str:
    """How answers name a document: its short title, or its id's name when its title is unknown."""
    return short_title(title) if title else doc_id.removeprefix("doc:")


def task_ref(node: TaskNode, doc_short_title: str) -> TaskRef:
    """A task as answers list it, naming its document by its short title."""
    return TaskRef(
        id=node.id, title=node.name, path=node.path, doc_id=node.doc_id, doc_short_title=doc_short_title, uncertain=node.uncertain
    )


def unit_ref(node: UnitNode, documents: bool = False, document_count: int | None = None) -> UnitRef:
    """A unit as answers name it; its documents listed only where it is the answer's subject
    (a unit a province's plans all name would carry 10,000 ids in every task it appears in).
    ``document_count`` stands for the list when the unit was read without it."""
    return UnitRef(
        **node.model_dump(exclude={"label", "documents"}),
        document_count=len(node.documents) if document_count is None else document_count,
        documents=node.documents if documents else [],
    )


def node_ref(node) -> NodeRef:
    """A node as search sees it: its full name counts as one more alias."""
    aliases = list(getattr(node, "aliases", []))
    full_name = getattr(node, "full_name", None)
    if full_name and full_name != node.name and full_name not in aliases:
        aliases.append(full_name)
    return NodeRef(id=node.id, label=node.label.value, name=node.name, aliases=aliases)


def _link(rel: Fact, direction: str, other) -> Link:
    return Link(type=rel.type.value, direction=direction, node=node_ref(other), evidence=rel.evidence)


