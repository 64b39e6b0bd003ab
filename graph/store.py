"""The ``GraphStore`` interface and the typed answers its queries return.

Every store (the embedded networkx store, the Neo4j store) implements the same methods and
returns the same answer models, so the CLI and the API never know which one they talk to.
Fuzzy matching of task and unit names is done once, above the stores, in
:mod:`innokg.graph.search`.
"""

from __future__ import annotations

import zlib
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, ClassVar, Protocol
from urllib.parse import quote

from innokg.graph.model.names import short_title
from innokg.graph.model.vocab import NO_LEAD_CN
from innokg.graph.model import DocumentInfo, Evidence, GraphData, Label, Model, Quantity, Role
from pydantic import ConfigDict, Field, computed_field

if TYPE_CHECKING:
    from innokg.graph.search import NameIndex, TitleIndex


class DocumentRef(Model):
    model_config = ConfigDict(extra="ignore")  # a dump carries ``short_title``; reading it back ignores it
    id: str
    title: str

    @computed_field(description="the title as answers name the document (graph.model.names.short_title)")
    @property
    def short_title(self) -> str:
        return short_title(self.title)


class SectionRef(Model):
    id: str
    path: str
    marker: str
    title: str


class Resource(Model):
    """An answer item with a resource of its own: ``url`` is its address in the API, with the id
    percent-encoded (ids hold ``#``, ``/`` and brackets), so no client builds one by hand."""

    model_config = ConfigDict(extra="ignore")  # a dump carries ``url``; reading it back ignores it
    _route: ClassVar[str] = "/entities/{}"

    @computed_field
    @property
    def url(self) -> str:
        return self._route.format(quote(self.id, safe=""))


class TaskRef(Resource):
    _route: ClassVar[str] = "/tasks/{}"
    id: str
    title: str
    path: str
    doc_id: str
    doc_short_title: str = Field(default="", description="its document's short title: every answer naming a task names its document")
    uncertain: bool = Field(default=False, description="no numbered item frames it: taken from the paragraph its attribution closes")


class Candidate(Model):
    """Something a question came near: a task (with its document's short title) or a named node,
    and its score — how much of the question its title or name covers (匹配度, 0–100)."""

    id: str
    label: str = Field(description="Task, Unit, Platform, Industry …")
    name: str = Field(description="a task's title, or the node's name (with the alias that matched)")
    score: float
    document: str | None = Field(default=None, description="a task's document, by its short title")

    @computed_field
    @property
    def url(self) -> str:
        route = {"Task": "/tasks/{}", "Unit": "/units/{}/tasks"}.get(self.label, "/entities/{}")
        return route.format(quote(self.id, safe=""))


class UnitRef(Resource):
    _route: ClassVar[str] = "/units/{}/tasks"
    id: str
    name: str
    full_name: str | None = None
    kind: str = "Unit"
    collective: bool = False
    aliases: list[str] = Field(default_factory=list)
    scope_notes: list[str] = Field(default_factory=list)
    document_count: int = Field(default=0, description="how many documents name the unit")
    documents: list[str] = Field(default=[], description="their ids, where the unit is the subject of the answer")


class UnitInRole(Model):
    """A unit's part in a task, with the clause it was read from."""

    unit: UnitRef
    role: Role
    surface: str
    evidence: Evidence

    @property
    def note(self) -> str | None:
        """The unit's scope note as this task's clause writes it (含开发区管委会), if it writes one: a
        note another document gave the unit is no part of its name here."""
        return next((n for n in self.unit.scope_notes if n in self.evidence.quote), None)


class TaskAnswer(Model):
    """Who is responsible for a task: 牵头 / 责任 / 指导, each with evidence."""

    task: TaskRef
    text: str
    document: DocumentRef
    sections: list[SectionRef] = Field(description="from the top of the document down to the task")
    lead: list[UnitInRole] = Field(default_factory=list)
    co: list[UnitInRole] = Field(default_factory=list)
    guides: list[UnitInRole] = Field(default_factory=list)

    @computed_field
    @property
    def lead_note(self) -> str | None:
        """未明确牵头单位 where the document names responsible units but designates no lead."""
        return NO_LEAD_CN if self.co and not self.lead else None

    def of(self, role: Role) -> list[UnitInRole]:
        return {Role.LEAD: self.lead, Role.CO: self.co, Role.GUIDES: self.guides}[role]


class TaskInRole(Model):
    """A task a unit is responsible for, with its role and evidence."""

    task: TaskRef
    role: Role
    document: DocumentRef
    sections: list[SectionRef]
    evidence: Evidence


class Paged(Model):
    """Where a paged answer's items start (``offset``), how many it shows at most (``limit``, None
    for all) and how many there are (``total``)."""

    total: int = 0
    offset: int = 0
    limit: int | None = None


class UnitTasks(Paged):
    """What a unit leads, co-owns and guides, in document order (one page of it)."""

    unit: UnitRef
    counts: dict[Role, int] = Field(default={}, description="all the unit's tasks by role, not only this page's")
    lead: list[TaskInRole] = Field(default_factory=list)
    co: list[TaskInRole] = Field(default_factory=list)
    guides: list[TaskInRole] = Field(default_factory=list)

    def of(self, role: Role) -> list[TaskInRole]:
        return {Role.LEAD: self.lead, Role.CO: self.co, Role.GUIDES: self.guides}[role]


class ChainSection(Model):
    section: SectionRef
    tasks: list[TaskInRole] = Field(default_factory=list)
    children: list[ChainSection] = Field(default_factory=list)


class ChainDocument(Model):
    document: DocumentRef
    sections: list[ChainSection] = Field(default_factory=list)
    tasks: list[TaskInRole] = Field(default=[], description="tasks directly under the document")


class Chain(Paged):
    """A unit's responsibility chain: unit → tasks → sections → document (one page of tasks)."""

    unit: UnitRef
    documents: list[ChainDocument] = Field(default_factory=list)


class DocumentStats(Model):
    document: DocumentRef
    sections: int
    tasks: int
    attributed_tasks: int
    relations: dict[str, int]


class NodeRef(Resource):
    id: str
    label: str
    name: str
    aliases: list[str] = Field(default_factory=list)


class Link(Model):
    """One relation of a node, seen from the node: its type, direction, the other end and evidence."""

    type: str
    direction: str = Field(description="out: this node → other; in: other → this node")
    node: NodeRef
    evidence: Evidence


class EntityAnswer(Model):
    node: NodeRef
    full_name: str | None = None
    documents: list[str] = Field(default_factory=list)
    category: NodeRef | None = Field(default=None, description="for an Industry: its 965 industry")
    links: list[Link] = Field(default_factory=list)


class PlatformLink(Model):
    platform: NodeRef
    industry: NodeRef
    evidence: Evidence
    doc_short_title: str = Field(default="", description="the short title of the document it was read in")


class TaskLink(Model):
    task: TaskRef
    relation: str = Field(description="BUILDS (the task builds a platform) or MENTIONS (names the industry)")
    via: NodeRef
    evidence: Evidence
    lead: list[UnitRef] = Field(default_factory=list)
    co: list[UnitRef] = Field(default_factory=list)


class IndustryLinks(Model):
    """Platforms, tasks and units behind an industry or a "965" industry; ``offset``/``limit``
    page the platforms and the tasks alike."""

    platform_total: int = 0
    task_total: int = 0
    platform_count: int = Field(default=0, description="distinct platforms among platform_total entries")
    task_count: int = Field(default=0, description="distinct tasks among task_total entries")
    offset: int = 0
    limit: int | None = None

    query: NodeRef
    industries: list[NodeRef] = Field(default_factory=list)
    platforms: list[PlatformLink] = Field(default_factory=list)
    tasks: list[TaskLink] = Field(default_factory=list)
    units: list[UnitRef] = Field(default=[], description="units leading or sharing those tasks, leads first")


class Edge(Model):
    type: str
    source: str
    target: str
    evidence: Evidence


class Neighbourhood(Model):
    """What the network view draws: a node, the nodes near it and the relations between them."""

    center: NodeRef
    depth: int
    nodes: list[NodeRef] = Field(default=[], description="the center first, then by distance")
    edges: list[Edge] = Field(default_factory=list)


class TargetAnswer(Quantity):
    id: str
    text: str
    task: TaskRef | None = None
    evidence: Evidence


class Stats(Model):
    documents: int
    sections: int
    tasks: int
    attributed_tasks: int
    units: int
    collective_units: int
    relations: dict[str, int]
    entities: dict[str, int] = Field(default={}, description="nodes by label")
    unmapped_industries: list[str] = Field(default=[], description="industries that fit no 965 industry")
    per_document: list[DocumentStats] = Field(default_factory=list)


class PackedFacts(Model):
    """One document's facts as compressed JSON, with the version an incremental build compares:
    what extraction workers send back and the embedded store keeps, one row per document."""

    doc_id: str
    sha256: str | None = None
    extractor: str | None = None
    blob: bytes

    @classmethod
    def of(cls, data: GraphData) -> PackedFacts:
        document = next(n for n in data.nodes if n.label == Label.DOCUMENT)
        return cls(
            doc_id=document.id,
            sha256=document.info.sha256,
            extractor=document.info.extractor,
            blob=zlib.compress(data.model_dump_json().encode(), 6),
        )

    def facts_json(self) -> bytes:
        """The facts as JSON (what :func:`~innokg.graph.facts.compose` reads)."""
        return zlib.decompress(self.blob)

    def unpack(self) -> GraphData:
        return GraphData.model_validate_json(self.facts_json())


def unpacked(data: GraphData | PackedFacts) -> GraphData:
    return data.unpack() if isinstance(data, PackedFacts) else data


class GraphStore(Protocol):
    """What every store answers. Ids are the stable ids of :mod:`innokg.graph.model`."""

    def replace_document(self, data: GraphData | PackedFacts) -> None:
        """Replace one document's facts (its nodes and relations) with ``data``; idempotent."""

    def remove_document(self, doc_id: str) -> None: ...

    def save(self) -> None:
        """Make the changes durable, atomically."""

    def writing(self) -> AbstractContextManager[None]:
        """Hold the store for one writer while it changes and saves (re-reading others' changes first)."""

    def refresh(self) -> bool:
        """Read in what other processes saved since; whether anything changed."""

    def documents(self) -> list[DocumentInfo]: ...

    def versions(self) -> dict[str, tuple[str | None, str | None]]:
        """Each document's content hash and extractor fingerprint (what an incremental build
        compares), without reading the rest of the graph where the store can."""

    def document_count(self) -> int:
        """How many documents are stored (asked by every /healthz: cheap)."""

    def tasks(self) -> list[TaskRef]:
        """All tasks, in document order (for searching by title)."""

    def tasks_mentioning(self, words: list[str], limit: int | None = None) -> list[TaskRef]:
        """Tasks whose text (not only the title) holds every word, in document order (the first ``limit``)."""

    def title_index(self) -> TitleIndex:
        """The tasks' titles, indexed for :func:`~innokg.graph.search.find_tasks`."""

    def name_index(self, *labels: str) -> NameIndex:
        """:meth:`nodes` of these labels, indexed by name for search and lookups."""

    def unit_index(self) -> NameIndex:
        """:meth:`units`, indexed by name for :func:`~innokg.graph.search.find_unit`."""

    def is_empty(self) -> bool:
        """Whether no document is stored (asked before every answer: cheap)."""

    def state(self) -> object | None:
        """A token that changes whenever the graph does, or None when the store cannot tell
        (then no answer is cached)."""

    def units(self) -> list[UnitRef]:
        """All units, by name (for searching by name or alias)."""

    def task_answer(self, task_id: str) -> TaskAnswer: ...

    def unit_tasks(self, unit_id: str, offset: int = 0, limit: int | None = None) -> UnitTasks:
        """One page of what a unit leads, shares and guides (all of it when ``limit`` is None)."""

    def chain(self, unit_id: str, offset: int = 0, limit: int | None = None) -> Chain: ...

    def stats(self) -> Stats: ...

    def nodes(self, *labels: str) -> list[NodeRef]:
        """Nodes with these labels (all entity-like nodes when none), for searching by name."""

    def entity(self, node_id: str) -> EntityAnswer: ...

    def industry_links(self, node_id: str, offset: int = 0, limit: int | None = None) -> IndustryLinks:
        """For an Industry or a 965 industry: its platforms, and the tasks and units behind them."""

    def targets(self, task_ids: list[str] | None = None) -> list[TargetAnswer]:
        """Targets of these tasks (all targets when None), in document order."""

    def neighbourhood(self, node_id: str, depth: int = 1) -> Neighbourhood:
        """The nodes within ``depth`` hops of a node and the relations walked to reach them."""

    def export(self) -> GraphData:
        """The whole graph: every node (merged across documents) and every relation."""
