"""Answers read from a graph of typed nodes and relations, shared by every store.

Both stores hand a :class:`GraphView` a networkx graph whose nodes carry their model under
``node`` and whose edges carry their :class:`Relation` under ``rel``: the embedded store its
whole graph, the Neo4j store the subgraph one Cypher query fetched. The answers are therefore
assembled, ordered and grouped by one piece of code, and the stores differ only in how they
find the facts.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from innokg.graph.model.errors import NotFound
from innokg.graph.model import (
    ENTITY_LABELS,
    key,
    ROLE_RELATIONS,
    GraphData,
    Label,
    Node,
    Quantity,
    Relation,
    RelType,
    Role,
    TaskNode,
    UnitNode,
)
from innokg.graph.model.resolve import Resolver, default_taxonomy
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
    """The queries of :class:`~innokg.graph.store.GraphStore`, answered from a networkx graph."""

    #: what :meth:`nodes` lists when no label is asked for: the things people search by name
    SEARCHED = tuple(label.value for label in (*ENTITY_LABELS, Label.UNIT, Label.INDUSTRY_965))

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        # the lists search runs over, made once per graph (a change makes a new view)
        self._lists: dict[object, list] = {}

    def tasks(self) -> list[TaskRef]:
        if "tasks" not in self._lists:
            nodes = [n for _, n in self.graph.nodes(data="node") if n.label == Label.TASK]
            self._lists["tasks"] = [task_ref(n) for n in sorted(nodes, key=lambda n: (n.doc_id, n.start))]
        return list(self._lists["tasks"])

    def tasks_mentioning(self, words: list[str]) -> list[TaskRef]:
        """Tasks whose text holds every word, in document order."""
        nodes = [n for _, n in self.graph.nodes(data="node") if n.label == Label.TASK]
        return mentioning(nodes, words)

    def units(self) -> list[UnitRef]:
        if "units" not in self._lists:
            nodes = [n for _, n in self.graph.nodes(data="node") if n.label == Label.UNIT]
            self._lists["units"] = [unit_ref(n) for n in sorted(nodes, key=lambda n: n.name)]
        return list(self._lists["units"])

    def task_answer(self, task_id: str) -> TaskAnswer:
        task = self.node(task_id, Label.TASK)
        answer = TaskAnswer(
            task=task_ref(task),
            text=task.text,
            document=self._document_ref(task.doc_id),
            sections=self._sections_above(task_id),
        )
        for rel in sorted(self._out(task_id, *ROLE_RELATIONS), key=_mention_order):
            entry = UnitInRole(
                unit=unit_ref(self.node(rel.target)),
                role=rel.type.role,
                surface=rel.surface or "",
                evidence=rel.evidence,
            )
            answer.of(entry.role).append(entry)
        return answer

    def unit_tasks(self, unit_id: str) -> UnitTasks:
        answer = UnitTasks(unit=unit_ref(self.node(unit_id, Label.UNIT)))
        for entry in self._tasks_of(unit_id):
            answer.of(entry.role).append(entry)
        return answer

    def chain(self, unit_id: str) -> Chain:
        chain = Chain(unit=unit_ref(self.node(unit_id, Label.UNIT)))
        by_doc: dict[str, ChainDocument] = {}
        by_section: dict[str, ChainSection] = {}
        for entry in self._tasks_of(unit_id):
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
            found = [n for _, n in self.graph.nodes(data="node") if n.label.value in wanted]
            self._lists[wanted] = [node_ref(n) for n in sorted(found, key=lambda n: (n.label.value, n.name))]
        return list(self._lists[wanted])

    def entity(self, node_id: str) -> EntityAnswer:
        node = self.node(node_id)
        links = [
            _link(rel, "out", self.node(rel.target))
            for _, _, rel in self.graph.out_edges(node_id, data="rel")
        ]
        links += [
            _link(rel, "in", self.node(rel.source)) for _, _, rel in self.graph.in_edges(node_id, data="rel")
        ]
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

    def industry_links(self, node_id: str) -> IndustryLinks:
        if node_id not in self.graph and (unnamed := default_taxonomy().by_id_or_none(node_id)):
            # a "965" industry no document names: it opens, with nothing behind it (that gap is the finding)
            return IndustryLinks(query=NodeRef(id=unnamed.id, label=Label.INDUSTRY_965.value, name=unnamed.name))
        node = self.node(node_id)
        if node.label == Label.INDUSTRY_965:
            industries = [
                self.node(r.source)
                for _, _, r in self.graph.in_edges(node_id, data="rel")
                if r.type == RelType.IN_965
            ]
        elif node.label == Label.INDUSTRY:
            industries = [node]
        else:
            raise NotFound(f"{node.name} 不是产业")
        industries = sorted({i.id: i for i in industries}.values(), key=lambda i: i.name)
        answer = IndustryLinks(query=node_ref(node), industries=[node_ref(i) for i in industries])
        platforms: dict[str, object] = {}
        for industry in industries:
            for _, _, rel in sorted(
                self.graph.in_edges(industry.id, data="rel"), key=lambda e: _evidence_order(e[2])
            ):
                if rel.type == RelType.SERVES:
                    platform = self.node(rel.source)
                    platforms[platform.id] = platform
                    answer.platforms.append(
                        PlatformLink(
                            platform=node_ref(platform), industry=node_ref(industry), evidence=rel.evidence
                        )
                    )
                elif rel.type == RelType.MENTIONS:
                    answer.tasks.append(self._task_link(rel, industry))
        for platform in platforms.values():
            for _, _, rel in self.graph.in_edges(platform.id, data="rel"):
                if rel.type in (RelType.BUILDS, RelType.MENTIONS):
                    answer.tasks.append(self._task_link(rel, platform))
        # one entry per task and thing it names; BUILDS before MENTIONS when a task does both
        best: dict[tuple[str, str], TaskLink] = {}
        for link in sorted(answer.tasks, key=lambda t: (t.relation != "BUILDS", t.evidence.doc_id, t.evidence.start)):
            best.setdefault((link.task.id, link.via.id), link)
        answer.tasks = sorted(best.values(), key=lambda t: (t.task.doc_id, t.evidence.start, t.via.name))
        units: dict[str, UnitRef] = {}
        for unit in [u for t in answer.tasks for u in t.lead] + [u for t in answer.tasks for u in t.co]:
            units.setdefault(unit.id, unit)
        answer.units = list(units.values())
        return answer

    def targets(self, task_ids: list[str] | None = None) -> list[TargetAnswer]:
        if task_ids is None:
            edges = self.graph.edges(data="rel")
        else:  # only those tasks' relations: the API asks this for one task per request
            edges = self.graph.out_edges([t for t in dict.fromkeys(task_ids) if t in self.graph], data="rel")
        answers = []
        for task_id, target_id, rel in edges:
            if rel.type != RelType.SETS:
                continue
            target = self.node(target_id)
            answers.append(
                TargetAnswer(
                    **target.model_dump(include={"id", *Quantity.model_fields}),
                    text=target.name,
                    task=task_ref(self.node(task_id)),
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
                for source, target, edge_key, rel in [
                    *self.graph.out_edges(current, keys=True, data="rel"),
                    *self.graph.in_edges(current, keys=True, data="rel"),
                ]:
                    edges[(source, target, edge_key)] = rel
                    other = target if source == current else source
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
                for r in sorted(edges.values(), key=lambda r: (r.type.value, r.source, r.target, r.doc_id, r.evidence.start))
            ],
        )

    def export(self) -> GraphData:
        """Every node and relation, in a stable order (nodes by id, relations by source, target, key)."""
        nodes = [node for _, node in sorted(self.graph.nodes(data="node"))]
        relations = sorted(
            (rel for _, _, rel in self.graph.edges(data="rel")), key=lambda r: (r.source, r.target, r.key)
        )
        return GraphData(nodes=nodes, relations=relations)

    # ------------------------------------------------------------------ helpers

    def _task_link(self, rel: Relation, via) -> TaskLink:
        task = self.node(rel.source)
        roles = {r: [] for r in Role}
        for unit_rel in sorted(self._out(task.id, *ROLE_RELATIONS), key=_mention_order):
            roles[unit_rel.type.role].append(unit_ref(self.node(unit_rel.target)))
        return TaskLink(
            task=task_ref(task),
            relation=rel.type.value,
            via=node_ref(via),
            evidence=rel.evidence,
            lead=roles[Role.LEAD],
            co=roles[Role.CO],
        )

    def node(self, node_id: str, label: Label | None = None):
        node = self.graph.nodes[node_id]["node"] if node_id in self.graph else None
        if node is None or (label and node.label != label):
            raise NotFound(f"图谱中没有 {node_id}")
        return node

    def _out(self, node_id: str, *types: RelType) -> list[Relation]:
        return [rel for _, _, rel in self.graph.out_edges(node_id, data="rel") if rel.type in types]

    def _document_ref(self, doc_id: str) -> DocumentRef:
        return DocumentRef(id=doc_id, title=self.node(doc_id).name)

    def _sections_above(self, node_id: str) -> list[SectionRef]:
        """The sections that hold ``node_id``, from the top of the document down."""
        sections = []
        parents = self._out(node_id, RelType.PART_OF)
        while parents:
            parent = self.node(parents[0].target)
            if parent.label != Label.SECTION:
                break
            sections.append(
                SectionRef(id=parent.id, path=parent.path, marker=parent.marker, title=parent.name)
            )
            parents = self._out(parent.id, RelType.PART_OF)
        return sections[::-1]

    def _tasks_of(self, unit_id: str) -> list[TaskInRole]:
        rels = [rel for _, _, rel in self.graph.in_edges(unit_id, data="rel") if rel.type in ROLE_RELATIONS]
        entries = []
        for rel in sorted(rels, key=lambda r: (r.doc_id, self.node(r.source).start)):
            task = self.node(rel.source)
            entries.append(
                TaskInRole(
                    task=task_ref(task),
                    role=rel.type.role,
                    document=self._document_ref(task.doc_id),
                    sections=self._sections_above(task.id),
                    evidence=rel.evidence,
                )
            )
        return entries



def compose(fragments: dict[str, GraphData]) -> nx.MultiDiGraph:
    """One graph from the documents' facts; a unit named in several documents is one node.

    Documents are taken in the order of their ids, so the merged node (its shown name comes
    from the first document) does not depend on the order they were built in.
    """
    graph = nx.MultiDiGraph()
    for _, data in sorted(fragments.items()):
        add_facts(graph, data.nodes, data.relations)
    return graph


def add_facts(graph: nx.MultiDiGraph, nodes: Iterable[Node], relations: Iterable[Relation]) -> nx.MultiDiGraph:
    """Add nodes (merged with a node of the same id) and relations (one per type, document and place)."""
    for node in nodes:
        if node.id in graph:
            graph.nodes[node.id]["node"] = Resolver.merge(graph.nodes[node.id]["node"], node)
        else:
            graph.add_node(node.id, node=node)
    for rel in relations:
        graph.add_edge(rel.source, rel.target, key=rel.key, rel=rel)
    return graph


def mentioning(tasks: Iterable[TaskNode], words: list[str]) -> list[TaskRef]:
    """The tasks whose text holds every word, compared as names are (quotes, widths, 繁简 aside).

    >>> t = TaskNode(id="t", name="培育人才", doc_id="d", path="1", text="接续实施“410”工程", start=0, end=9)
    >>> [r.id for r in mentioning([t], ["410工程"])]
    ['t']
    """
    wanted = [key(w) for w in words if key(w)]
    found = [n for n in tasks if wanted and all(w in key(n.text) for w in wanted)]
    return [task_ref(n) for n in sorted(found, key=lambda n: (n.doc_id, n.start))]


def task_ref(node: TaskNode) -> TaskRef:
    return TaskRef(id=node.id, title=node.name, path=node.path, doc_id=node.doc_id)


def unit_ref(node: UnitNode) -> UnitRef:
    return UnitRef(**node.model_dump(exclude={"label"}))


def node_ref(node) -> NodeRef:
    """A node as search sees it: its full name counts as one more alias."""
    aliases = list(getattr(node, "aliases", []))
    full_name = getattr(node, "full_name", None)
    if full_name and full_name != node.name and full_name not in aliases:
        aliases.append(full_name)
    return NodeRef(id=node.id, label=node.label.value, name=node.name, aliases=aliases)


def _link(rel: Relation, direction: str, other) -> Link:
    return Link(type=rel.type.value, direction=direction, node=node_ref(other), evidence=rel.evidence)


def _evidence_order(rel: Relation) -> tuple[str, int, str]:
    return (rel.doc_id, rel.evidence.start, rel.source)


def _mention_order(rel: Relation) -> tuple[int, int]:
    return (rel.evidence.start, rel.mention_start or 0)
