"""The embedded store: a networkx graph in memory, persisted as one JSON snapshot.

The snapshot holds each document's facts (:class:`GraphData`) under its id; the networkx
graph is composed from them when loaded. Replacing a document is therefore exact — its old
facts go, nothing else changes — and loading twice gives the same graph.

Writes are atomic: the snapshot is written to a temporary file in the same folder, flushed
to disk, and renamed over the old one, so a crash or a failed build leaves the previous
snapshot whole (``bench/snapshot_formats.py`` measures this choice against SQLite and pickle).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Literal

import networkx as nx
from innokg.graph.errors import NotFound, StoreError
from innokg.graph.model import (
    ENTITY_LABELS,
    DocumentInfo,
    EntityNode,
    GraphData,
    Label,
    Model,
    Quantity,
    Relation,
    RelType,
    Role,
    TaskNode,
    UnitNode,
)
from innokg.graph.store import (
    Chain,
    ChainDocument,
    ChainSection,
    DocumentRef,
    DocumentStats,
    EntityAnswer,
    IndustryLinks,
    Link,
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
from pydantic import ValidationError

SNAPSHOT = "graph.json"
FORMAT = "innokg-snapshot/1"
ROLE_OF = {RelType.LEADS: Role.LEAD, RelType.CO_RESPONSIBLE: Role.CO, RelType.GUIDES: Role.GUIDES}


class Snapshot(Model):
    """The file: each document's facts under its id, and the format's version."""

    format: Literal["innokg-snapshot/1"] = FORMAT
    documents: dict[str, GraphData]


class EmbeddedStore:
    """A :class:`~innokg.graph.store.GraphStore` kept in ``folder/graph.json``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / SNAPSHOT
        self.fragments: dict[str, GraphData] = self._load()
        self._graph: nx.MultiDiGraph | None = None

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The composed graph, rebuilt on the first read after a change (a build of N documents composes once)."""
        if self._graph is None:
            self._graph = compose(self.fragments)
        return self._graph

    # ------------------------------------------------------------------ writing

    def replace_document(self, data: GraphData) -> None:
        doc_id = next(n.id for n in data.nodes if n.label == Label.DOCUMENT)
        self.fragments[doc_id] = data
        self._graph = None

    def remove_document(self, doc_id: str) -> None:
        if self.fragments.pop(doc_id, None) is None:
            raise NotFound(f"图谱中没有文档 {doc_id}")
        self._graph = None

    def save(self) -> None:
        snapshot = Snapshot(documents=dict(sorted(self.fragments.items())))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, snapshot.model_dump_json().encode())
        except OSError as exc:
            raise StoreError(f"无法写入图谱快照：{exc.strerror}", source=self.path) from None

    def _load(self) -> dict[str, GraphData]:
        if not self.path.exists():
            return {}
        try:
            return Snapshot.model_validate_json(self.path.read_bytes()).documents
        except OSError as exc:
            raise StoreError(f"图谱快照无法读取（{exc.strerror}）", source=self.path) from None
        except ValidationError as exc:
            raise StoreError(
                f"不是有效的 innokg 图谱快照（{exc.error_count()} 处错误，如 {exc.errors()[0]['msg']}）；请删除后重新 build",
                source=self.path,
            ) from None

    # ------------------------------------------------------------------ reading

    def documents(self) -> list[DocumentInfo]:
        return [self._node(d).info for d in sorted(self.fragments)]

    def tasks(self) -> list[TaskRef]:
        nodes = [n for _, n in self.graph.nodes(data="node") if n.label == Label.TASK]
        return [_task_ref(n) for n in sorted(nodes, key=lambda n: (n.doc_id, n.start))]

    def units(self) -> list[UnitRef]:
        nodes = [n for _, n in self.graph.nodes(data="node") if n.label == Label.UNIT]
        return [_unit_ref(n) for n in sorted(nodes, key=lambda n: n.name)]

    def task_answer(self, task_id: str) -> TaskAnswer:
        task = self._node(task_id, Label.TASK)
        answer = TaskAnswer(
            task=_task_ref(task),
            text=task.text,
            document=self._document_ref(task.doc_id),
            sections=self._sections_above(task_id),
        )
        for rel in sorted(self._out(task_id, *ROLE_OF), key=_mention_order):
            entry = UnitInRole(
                unit=_unit_ref(self._node(rel.target)),
                role=ROLE_OF[rel.type],
                surface=rel.surface or "",
                evidence=rel.evidence,
            )
            {Role.LEAD: answer.lead, Role.CO: answer.co, Role.GUIDES: answer.guides}[entry.role].append(entry)
        return answer

    def unit_tasks(self, unit_id: str) -> UnitTasks:
        answer = UnitTasks(unit=_unit_ref(self._node(unit_id, Label.UNIT)))
        for entry in self._tasks_of(unit_id):
            {Role.LEAD: answer.lead, Role.CO: answer.co, Role.GUIDES: answer.guides}[entry.role].append(entry)
        return answer

    def chain(self, unit_id: str) -> Chain:
        chain = Chain(unit=_unit_ref(self._node(unit_id, Label.UNIT)))
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

    def stats(self) -> Stats:
        per_document = []
        for doc_id, data in sorted(self.fragments.items()):
            counts = _count_relations(data.relations)
            attributed = {r.source for r in data.relations if r.type in ROLE_OF}
            per_document.append(
                DocumentStats(
                    document=self._document_ref(doc_id),
                    sections=sum(1 for n in data.nodes if n.label == Label.SECTION),
                    tasks=sum(1 for n in data.nodes if n.label == Label.TASK),
                    attributed_tasks=len(attributed),
                    relations=counts,
                )
            )
        nodes = [n for _, n in self.graph.nodes(data="node")]
        by_label: dict[str, int] = {}
        for n in nodes:
            by_label[n.label.value] = by_label.get(n.label.value, 0) + 1
        return Stats(
            entities=dict(sorted(by_label.items())),
            unmapped_industries=sorted(n.name for n in nodes if n.label == Label.INDUSTRY and not n.category),
            documents=len(self.fragments),
            sections=sum(d.sections for d in per_document),
            tasks=sum(d.tasks for d in per_document),
            attributed_tasks=sum(d.attributed_tasks for d in per_document),
            units=sum(1 for n in nodes if n.label == Label.UNIT),
            collective_units=sum(1 for n in nodes if n.label == Label.UNIT and n.collective),
            relations=_count_relations(rel for _, _, rel in self.graph.edges(data="rel")),
            per_document=per_document,
        )

    def nodes(self, *labels: str) -> list[NodeRef]:
        wanted = set(labels) or {label.value for label in (*ENTITY_LABELS, Label.UNIT, Label.INDUSTRY_965)}
        found = [n for _, n in self.graph.nodes(data="node") if n.label.value in wanted]
        return [_node_ref(n) for n in sorted(found, key=lambda n: (n.label.value, n.name))]

    def entity(self, node_id: str) -> EntityAnswer:
        node = self._node(node_id)
        links = [
            _link(rel, "out", self._node(rel.target))
            for _, _, rel in self.graph.out_edges(node_id, data="rel")
        ]
        links += [
            _link(rel, "in", self._node(rel.source)) for _, _, rel in self.graph.in_edges(node_id, data="rel")
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
            node=_node_ref(node),
            full_name=getattr(node, "full_name", None),
            documents=getattr(node, "documents", []),
            category=_node_ref(self._node(category)) if category and category in self.graph else None,
            links=links,
        )

    def industry_links(self, node_id: str) -> IndustryLinks:
        node = self._node(node_id)
        if node.label == Label.INDUSTRY_965:
            industries = [
                self._node(r.source)
                for _, _, r in self.graph.in_edges(node_id, data="rel")
                if r.type == RelType.IN_965
            ]
        elif node.label == Label.INDUSTRY:
            industries = [node]
        else:
            raise NotFound(f"{node.name} 不是产业")
        industries = sorted({i.id: i for i in industries}.values(), key=lambda i: i.name)
        answer = IndustryLinks(query=_node_ref(node), industries=[_node_ref(i) for i in industries])
        platforms: dict[str, object] = {}
        for industry in industries:
            for _, _, rel in sorted(
                self.graph.in_edges(industry.id, data="rel"), key=lambda e: _evidence_order(e[2])
            ):
                if rel.type == RelType.SERVES:
                    platform = self._node(rel.source)
                    platforms[platform.id] = platform
                    answer.platforms.append(
                        PlatformLink(
                            platform=_node_ref(platform), industry=_node_ref(industry), evidence=rel.evidence
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
        for link in sorted(answer.tasks, key=lambda t: t.relation != "BUILDS"):
            best.setdefault((link.task.id, link.via.id), link)
        answer.tasks = sorted(best.values(), key=lambda t: (t.task.doc_id, t.evidence.start, t.via.name))
        units: dict[str, UnitRef] = {}
        for unit in [u for t in answer.tasks for u in t.lead] + [u for t in answer.tasks for u in t.co]:
            units.setdefault(unit.id, unit)
        answer.units = list(units.values())
        return answer

    def targets(self, task_ids: list[str] | None = None) -> list[TargetAnswer]:
        wanted = set(task_ids) if task_ids is not None else None
        answers = []
        for task_id, target_id, rel in self.graph.edges(data="rel"):
            if rel.type != RelType.SETS or (wanted is not None and task_id not in wanted):
                continue
            target = self._node(target_id)
            answers.append(
                TargetAnswer(
                    **target.model_dump(include={"id", *Quantity.model_fields}),
                    text=target.name,
                    task=_task_ref(self._node(task_id)),
                    evidence=rel.evidence,
                )
            )
        return sorted(answers, key=lambda t: (t.evidence.doc_id, t.evidence.start, t.id))

    # ------------------------------------------------------------------ helpers

    def _task_link(self, rel: Relation, via) -> TaskLink:
        task = self._node(rel.source)
        roles = {r: [] for r in ROLE_OF.values()}
        for unit_rel in sorted(self._out(task.id, *ROLE_OF), key=_mention_order):
            roles[ROLE_OF[unit_rel.type]].append(_unit_ref(self._node(unit_rel.target)))
        return TaskLink(
            task=_task_ref(task),
            relation=rel.type.value,
            via=_node_ref(via),
            evidence=rel.evidence,
            lead=roles[Role.LEAD],
            co=roles[Role.CO],
        )

    def _node(self, node_id: str, label: Label | None = None):
        node = self.graph.nodes[node_id]["node"] if node_id in self.graph else None
        if node is None or (label and node.label != label):
            raise NotFound(f"图谱中没有 {node_id}")
        return node

    def _out(self, node_id: str, *types: RelType) -> list[Relation]:
        return [rel for _, _, rel in self.graph.out_edges(node_id, data="rel") if rel.type in types]

    def _document_ref(self, doc_id: str) -> DocumentRef:
        return DocumentRef(id=doc_id, title=self._node(doc_id).name)

    def _sections_above(self, node_id: str) -> list[SectionRef]:
        """The sections that hold ``node_id``, from the top of the document down."""
        sections = []
        parents = self._out(node_id, RelType.PART_OF)
        while parents:
            parent = self._node(parents[0].target)
            if parent.label != Label.SECTION:
                break
            sections.append(
                SectionRef(id=parent.id, path=parent.path, marker=parent.marker, title=parent.name)
            )
            parents = self._out(parent.id, RelType.PART_OF)
        return sections[::-1]

    def _tasks_of(self, unit_id: str) -> list[TaskInRole]:
        rels = [rel for _, _, rel in self.graph.in_edges(unit_id, data="rel") if rel.type in ROLE_OF]
        entries = []
        for rel in sorted(rels, key=lambda r: (r.doc_id, self._node(r.source).start)):
            task = self._node(rel.source)
            entries.append(
                TaskInRole(
                    task=_task_ref(task),
                    role=ROLE_OF[rel.type],
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
        for node in data.nodes:
            if node.id in graph:
                graph.nodes[node.id]["node"] = merge_nodes(graph.nodes[node.id]["node"], node)
            else:
                graph.add_node(node.id, node=node, label=node.label.value, name=node.name)
        for rel in data.relations:
            key = f"{rel.type}:{rel.doc_id}:{rel.evidence.start}"
            graph.add_edge(rel.source, rel.target, key=key, rel=rel, type=rel.type.value)
    return graph


def merge_nodes(a, b):
    """The same real thing named by two documents: one node, with both documents and all names."""
    if isinstance(b, UnitNode) and not isinstance(a, UnitNode):
        a, b = b, a  # a body given a task stays a Unit whatever else it is
    if not isinstance(a, (UnitNode, EntityNode)) or not isinstance(b, (UnitNode, EntityNode)):
        return a
    update = {
        "aliases": sorted(set(a.aliases) | set(b.aliases)),
        "documents": sorted(set(a.documents) | set(b.documents)),
        "full_name": a.full_name or b.full_name,
    }
    if isinstance(a, UnitNode) and isinstance(b, UnitNode):
        update["scope_notes"] = sorted(set(a.scope_notes) | set(b.scope_notes))
        update["collective"] = a.collective or b.collective
    return a.model_copy(update=update)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _task_ref(node: TaskNode) -> TaskRef:
    return TaskRef(id=node.id, title=node.name, path=node.path, doc_id=node.doc_id)


def _unit_ref(node: UnitNode) -> UnitRef:
    return UnitRef(**node.model_dump(exclude={"label"}))


def _node_ref(node) -> NodeRef:
    """A node as search sees it: its full name counts as one more alias."""
    aliases = list(getattr(node, "aliases", []))
    full_name = getattr(node, "full_name", None)
    if full_name and full_name != node.name and full_name not in aliases:
        aliases.append(full_name)
    return NodeRef(id=node.id, label=node.label.value, name=node.name, aliases=aliases)


def _link(rel: Relation, direction: str, other) -> Link:
    return Link(type=rel.type.value, direction=direction, node=_node_ref(other), evidence=rel.evidence)


def _evidence_order(rel: Relation) -> tuple[str, int, str]:
    return (rel.doc_id, rel.evidence.start, rel.source)


def _mention_order(rel: Relation) -> tuple[int, int]:
    return (rel.evidence.start, rel.mention_start or 0)


def _count_relations(relations) -> dict[str, int]:
    counts = {t.value: 0 for t in RelType}
    for rel in relations:
        counts[rel.type.value] += 1
    return counts
