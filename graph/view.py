"""Answers read from a graph of typed nodes and relations, shared by every store.

Both stores hand a :class:`GraphView` their :class:`~innokg.graph.facts.Facts` (nodes by id,
relations by their ends): the embedded store its whole graph, the Neo4j store the subgraph one
Cypher query fetched. The answers are therefore
assembled, ordered and grouped by one piece of code, and the stores differ only in how they
find the facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from innokg.graph.facts import Fact, Facts
from innokg.graph.model.errors import NotFound
from innokg.graph.model import (
    ENTITY_LABELS,
    Evidence,
    key,
    ROLE_RELATIONS,
    GraphData,
    Label,
    Quantity,
    RelType,
    TargetNode,
    TaskNode,
    UnitNode,
)
from innokg.graph.model.names import short_title
from innokg.graph.model.resolve import default_taxonomy
from innokg.graph.search import NameIndex, TextIndex, TitleIndex
from innokg.graph.stats import assemble_stats, graph_counts
from innokg.graph.model.answers import (
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
    Stats,
    TargetAnswer,
    TaskAnswer,
    TaskInRole,
    TaskLink,
    TaskRef,
    UnitInRole,
    UnitRef,
    UnitTasks,
)
from innokg.graph.store import LinkRows, PlatformRow, RoleRow, TaskLinkRow, TaskRoleRow



class GraphView:
    """The query layer (:class:`~innokg.graph.store.GraphQueries`) over :class:`Facts`: the embedded
    store's whole graph, or the subgraph a Neo4j query fetched; and the answers made from them."""

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
        # what answers and search read, made once per graph (a change makes a new view)
        self._name_indexes: dict[frozenset[str], NameIndex] = {}
        self._nodes: dict[frozenset[str], list[NodeRef]] = {}
        self._unit_roles: dict[str, list[RoleRow]] = {}
        self._link_rows: dict[str, LinkRows | None] = {}
        self._sections: dict[str, list[SectionRef]] = {}
        self._document_refs: dict[str, DocumentRef] = {}
        self._node_refs: dict[str, NodeRef] = {}
        self._unit_refs: dict[str, UnitRef] = {}
        self._task_refs: dict[str, TaskRef] = {}
        self._short_titles: dict[str, str] = {}

    def document_ids(self) -> list[str]:
        return self._document_ids

    @cached_property
    def _document_ids(self) -> list[str]:
        return sorted(n.id for n in self.graph.nodes.values() if n.label == Label.DOCUMENT)

    def tasks(self) -> list[TaskRef]:
        return list(self._tasks)

    @cached_property
    def _tasks(self) -> list[TaskRef]:
        return [self._task_ref(n) for n in self._task_nodes]

    @cached_property
    def _task_nodes(self) -> list[TaskNode]:
        nodes = [n for n in self.graph.nodes.values() if isinstance(n, TaskNode)]
        return sorted(nodes, key=lambda n: (n.doc_id, n.start))

    def title_index(self) -> TitleIndex:
        return self._title_index

    @cached_property
    def _title_index(self) -> TitleIndex:
        return TitleIndex(self.tasks())

    def name_index(self, *labels: str) -> NameIndex:
        wanted = frozenset(labels or self.SEARCHED)
        if wanted not in self._name_indexes:
            self._name_indexes[wanted] = NameIndex(self.nodes(*labels))
        return self._name_indexes[wanted]

    def unit_index(self) -> NameIndex:
        return self._unit_index

    @cached_property
    def _unit_index(self) -> NameIndex:
        return NameIndex(self.units())

    # ------------------------------------------------------------------ the query layer: the
    # graph is whole in memory, so every subgraph an answer needs is this view

    def task_facts(self, task_id: str) -> GraphView:
        return self

    def entity_facts(self, node_id: str) -> GraphView:
        return self

    def neighbourhood_facts(self, node_id: str, depth: int) -> GraphView:
        return self

    def target_facts(self, task_ids: list[str] | None) -> GraphView:
        return self

    def citation_facts(self) -> GraphView:
        return self

    def unit_page_facts(self, unit_id: str, page: list[RoleRow]) -> GraphView:
        return self

    def link_page_facts(self, node_id: str, page: LinkPage) -> GraphView:
        return self

    def document_facts(self, doc_id: str) -> GraphView:
        self.node(doc_id, Label.DOCUMENT)
        return self

    def stats(self) -> Stats:
        titles = {doc_id: self.node(doc_id).name for doc_id in self.document_ids()}
        return assemble_stats(graph_counts(self.graph), titles)

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
                self.unit_roles(node.id)
            elif node.label in (Label.INDUSTRY, Label.INDUSTRY_965):
                self.link_rows(node.id)

    def tasks_mentioning(self, words: list[str], limit: int | None = None) -> list[TaskRef]:
        """Tasks whose text holds every word, in document order (the first ``limit``)."""
        return self._text_index.find(words, limit)

    @cached_property
    def _text_index(self) -> TextIndex:
        """Each task's text in the form words are compared in, indexed once."""
        return TextIndex(self.tasks(), [key(n.text) for n in self._task_nodes])

    def units(self) -> list[UnitRef]:
        return list(self._units)

    @cached_property
    def _units(self) -> list[UnitRef]:
        nodes = [n for n in self.graph.nodes.values() if isinstance(n, UnitNode)]
        return [unit_ref(n, documents=True) for n in sorted(nodes, key=lambda n: n.name)]

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
                corrected=rel.corrected,
            )
            answer.of(entry.role).append(entry)
        return answer

    def unit_tasks(self, unit_id: str, page: list[RoleRow]) -> UnitTasks:
        """What a unit leads, shares and guides: the entries of ``page`` (its roles, ordered and
        paged by :func:`innokg.graph.answers.unit_tasks`)."""
        answer = UnitTasks(unit=unit_ref(self.node(unit_id, Label.UNIT), documents=True))
        for entry in self._entries(unit_id, page):
            answer.of(entry.role).append(entry)
        return answer

    def chain(self, unit_id: str, page: list[RoleRow]) -> Chain:
        """The tasks of ``page`` (as :meth:`unit_tasks`) under their sections and documents."""
        chain = Chain(unit=unit_ref(self.node(unit_id, Label.UNIT), documents=True))
        by_doc: dict[str, ChainDocument] = {}
        by_section: dict[str, ChainSection] = {}
        for entry in self._entries(unit_id, page):
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

    def unit_roles(self, unit_id: str) -> list[RoleRow]:
        """Every role the unit has, bare (listed once per unit: a unit with 100,000 tasks is not
        walked per question)."""
        made = self._unit_roles
        if unit_id not in made:
            self.node(unit_id, Label.UNIT)
            made[unit_id] = sorted(  # once, in the order the answers list roles
                RoleRow(rel.doc_id, self.node(rel.source).start, rel.type.value, rel.start, rel.source)
                for rel in self.graph.in_edges(unit_id)
                if rel.type in ROLE_RELATIONS
            )
        return made[unit_id]

    def nodes(self, *labels: str) -> list[NodeRef]:
        wanted = frozenset(labels or self.SEARCHED)
        if wanted not in self._nodes:
            found = [n for n in self.graph.nodes.values() if n.label.value in wanted]
            self._nodes[wanted] = [node_ref(n) for n in sorted(found, key=lambda n: (n.label.value, n.name, n.id))]
        return list(self._nodes[wanted])

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

    def industry_links(self, node_id: str, page: LinkPage) -> IndustryLinks:
        """An industry's links: the platforms and tasks of ``page`` (ordered and paged by
        :func:`innokg.graph.answers.industry_links`), with the totals and units of the whole."""
        if (unnamed := self.unnamed_965(node_id)) is not None:
            return unnamed
        return IndustryLinks(
            query=node_ref(self.node(node_id)),
            industries=[self._node_ref(i) for i in self.industries_of(node_id)],
            platforms=[self._platform_link(row) for row in page.platforms],
            tasks=[self._task_link(row) for row in page.tasks],
            units=[self._unit_ref(u) for u in page.units],
            platform_total=page.platform_total,
            task_total=page.task_total,
            platform_count=page.platform_count,
            task_count=page.task_count,
            offset=page.offset,
            limit=page.limit,
        )

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

    def link_rows(self, node_id: str) -> LinkRows | None:
        """An industry's links, bare (listed once per industry); None for a "965" industry no
        document names."""
        made = self._link_rows
        if node_id not in made:
            made[node_id] = None if self.unnamed_965(node_id) is not None else self._links_of(node_id)
        return made[node_id]

    def _links_of(self, node_id: str) -> LinkRows:
        industries = self.industries_of(node_id)
        platforms = [
            PlatformRow(industry.name, industry.id, rel.doc_id, rel.start, rel.source)
            for industry in industries
            for rel in self.graph.in_edges(industry.id)
            if rel.type == RelType.SERVES
        ]
        tasks = []
        for via in [*industries, *(self.node(p) for p in dict.fromkeys(row.platform for row in platforms))]:
            wanted = (RelType.MENTIONS,) if via.label == Label.INDUSTRY else (RelType.BUILDS, RelType.MENTIONS)
            tasks += [
                TaskLinkRow(rel.source, via.id, rel.type.value, rel.doc_id, rel.start, self.node(rel.source).doc_id, via.name)
                for rel in self.graph.in_edges(via.id)
                if rel.type in wanted
            ]
        roles = {
            task: [TaskRoleRow(task, r.type.value, r.target, r.start, r.mention_start) for r in self._out(task, *LINK_ROLES)]
            for task in dict.fromkeys(row.task for row in tasks)
        }
        return LinkRows(platforms, tasks, roles)

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
                    reported=reported(target),
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

    def _platform_link(self, row: PlatformRow) -> PlatformLink:
        rel = self._relation(row.platform, row.industry, RelType.SERVES, row.doc_id, row.start)
        return PlatformLink(
            platform=self._node_ref(self.node(row.platform)),
            industry=self._node_ref(self.node(row.industry)),
            evidence=rel.evidence,
            doc_short_title=self.short_title(rel.doc_id),
        )

    def _task_link(self, row: TaskLinkRow) -> TaskLink:
        rel = self._relation(row.task, row.via, RelType(row.type), row.doc_id, row.start)
        roles = sorted(self._out(row.task, *LINK_ROLES), key=lambda r: mention_order(r.start, r.mention_start, r.target))
        return TaskLink(
            task=self._task_ref(self.node(row.task)),
            relation=row.type,
            via=self._node_ref(self.node(row.via)),
            evidence=rel.evidence,
            lead=[self._unit_ref(r.target) for r in roles if r.type == RelType.LEADS],
            co=[self._unit_ref(r.target) for r in roles if r.type == RelType.CO_RESPONSIBLE],
        )

    def _relation(self, source: str, target: str, rel_type: RelType, doc_id: str, start: int) -> Fact:
        """The relation a bare row names."""
        for rel in self.graph.out_edges(source):
            if rel.target == target and rel.type == rel_type and rel.doc_id == doc_id and rel.start == start:
                return rel
        raise NotFound(f"图谱中没有 {source} 与 {target} 之间的关系")

    def node(self, node_id: str, label: Label | None = None):
        node = self.graph.nodes.get(node_id)
        if node is None or (label and node.label != label):
            raise NotFound(f"图谱中没有 {node_id}")
        return node

    def _out(self, node_id: str, *types: RelType) -> list[Fact]:
        return [rel for rel in self.graph.out_edges(node_id) if rel.type in types]

    def _document_ref(self, doc_id: str) -> DocumentRef:
        refs = self._document_refs
        if doc_id not in refs:
            refs[doc_id] = DocumentRef(id=doc_id, title=self.node(doc_id).name)
        return refs[doc_id]

    def _sections_above(self, node_id: str) -> list[SectionRef]:
        """The sections that hold ``node_id``, from the top of the document down (made once per
        section: the tasks of one section share them)."""
        parent = next((self.node(r.target) for r in self.graph.out_edges(node_id) if r.type == RelType.PART_OF), None)
        if parent is None or parent.label != Label.SECTION:
            return []
        above = self._sections
        if parent.id not in above:
            ref = SectionRef(id=parent.id, path=parent.path, marker=parent.marker, title=parent.name)
            above[parent.id] = [*self._sections_above(parent.id), ref]
        return above[parent.id]

    def _node_ref(self, node) -> NodeRef:
        refs = self._node_refs
        if node.id not in refs:
            refs[node.id] = node_ref(node)
        return refs[node.id]

    def _unit_ref(self, unit_id: str) -> UnitRef:
        refs = self._unit_refs
        if unit_id not in refs:
            refs[unit_id] = unit_ref(self.node(unit_id), document_count=self.document_counts.get(unit_id))
        return refs[unit_id]

    def _task_ref(self, task: TaskNode) -> TaskRef:
        refs = self._task_refs
        if task.id not in refs:
            refs[task.id] = task_ref(task, self.short_title(task.doc_id))
        return refs[task.id]

    def short_title(self, doc_id: str) -> str:
        """A document's short title (:func:`~innokg.graph.model.names.short_title`), from its node,
        or from the titles the view was given when the node is not in its subgraph."""
        titles = self._short_titles
        if doc_id not in titles:
            node = self.graph.nodes.get(doc_id)
            title = node.name if node is not None and node.label == Label.DOCUMENT else self.document_titles.get(doc_id)
            titles[doc_id] = document_short_title(doc_id, title)
        return titles[doc_id]

    def _entries(self, unit_id: str, page: list[RoleRow]) -> list[TaskInRole]:
        entries = []
        for row in page:
            task = self.node(row.task)
            rel = self._relation(row.task, unit_id, RelType(row.type), row.doc_id, row.start)
            entries.append(
                TaskInRole(
                    task=self._task_ref(task),
                    role=rel.type.role,
                    document=self._document_ref(task.doc_id),
                    sections=self._sections_above(task.id),
                    evidence=rel.evidence,
                    corrected=rel.corrected,
                )
            )
        return entries


#: the roles an industry's links name with each task (a guide is no part of doing the task)
LINK_ROLES = (RelType.LEADS, RelType.CO_RESPONSIBLE)


@dataclass(frozen=True)
class LinkPage:
    """One page of an industry's links, as :func:`innokg.graph.answers.industry_links` cut it:
    the page's platforms and tasks, and the units and totals of the whole answer."""

    platforms: list[PlatformRow] = field(default_factory=list)
    tasks: list[TaskLinkRow] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    platform_total: int = 0
    task_total: int = 0
    platform_count: int = 0
    task_count: int = 0
    offset: int = 0
    limit: int | None = None


def mention_order(start: int, mention_start: int | None, unit: str) -> tuple:
    """Units of one task in the order its text names them."""
    return (start, mention_start or 0, unit)


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
    return NodeRef(id=node.id, label=node.label.value, name=node.name, aliases=aliases, generic=getattr(node, "generic", False))


def reported(target: TargetNode) -> Evidence | None:
    """What a progress column reports on a target, as evidence (the node keeps it flat)."""
    if target.report is None or target.report_start is None:
        return None
    start = target.report_start
    return Evidence(doc_id=target.doc_id, start=start, end=start + len(target.report), quote=target.report)


def _link(rel: Fact, direction: str, other) -> Link:
    return Link(type=rel.type.value, direction=direction, node=node_ref(other), evidence=rel.evidence)


