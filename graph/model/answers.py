"""The typed answers every store gives and every edge shows: a task with who is responsible, a
unit's tasks and chain, an industry's links, a node's neighbourhood, targets, statistics.

Items that have a resource of their own in the HTTP API carry its address (``url``), so no
client builds one by hand.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from urllib.parse import quote

from innokg.graph.model import DocumentInfo, Evidence, Model, Quantity, Role
from innokg.graph.model.names import display_title, short_title
from innokg.graph.model.vocab import NO_LEAD_CN, AdminLevel, CitationKind, TargetKind, YearBasis
from pydantic import ConfigDict, Field, computed_field


class DocumentRef(Model):
    model_config = ConfigDict(extra="ignore")  # a dump carries ``short_title``; reading it back ignores it
    id: str
    title: str

    @computed_field(  # type: ignore[prop-decorator]
        description="the title as answers name the document (graph.model.names.short_title)"
    )
    @property
    def short_title(self) -> str:
        return short_title(self.title)


class DocumentEntry(DocumentInfo):
    """A document as lists name it, with the short title answers use."""

    @computed_field  # type: ignore[prop-decorator]
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
    id: str

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented form; mypy does not model it
    @property
    def url(self) -> str:
        return self._route.format(quote(self.id, safe=""))


class TaskRef(Resource):
    _route: ClassVar[str] = "/tasks/{}"
    title: str
    path: str
    doc_id: str
    doc_short_title: str = Field(default="", description="its document's short title: every answer naming a task names its document")
    uncertain: bool = Field(default=False, description="no numbered item frames it: taken from the paragraph its attribution closes")

    @computed_field(  # type: ignore[prop-decorator]
        description="the title's lead phrase, clipped (graph.model.names.display_title): a title may be a whole paragraph or a table row"
    )
    @property
    def display_title(self) -> str:
        return display_title(self.title)


class Candidate(Model):
    """Something a question came near: a task (with its document's short title) or a named node,
    and its score — how much of the question its title or name covers (匹配度, 0–100)."""

    id: str
    label: str = Field(description="Task, Unit, Platform, Industry …")
    name: str = Field(description="a task's title, or the node's name (with the alias that matched)")
    score: float
    document: str | None = Field(default=None, description="a task's document, by its short title")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def url(self) -> str:
        route = {"Task": "/tasks/{}", "Unit": "/units/{}/tasks"}.get(self.label, "/entities/{}")
        return route.format(quote(self.id, safe=""))


class UnitRef(Resource):
    _route: ClassVar[str] = "/units/{}/tasks"
    name: str
    full_name: str | None = None
    kind: str = "Unit"
    collective: bool = False
    aliases: list[str] = Field(default_factory=list)
    scope_notes: list[str] = Field(default_factory=list)
    document_count: int = Field(default=0, description="how many documents name the unit")
    documents: list[str] = Field(default_factory=list, description="their ids, where the unit is the subject of the answer")


class UnitInRole(Model):
    """A unit's part in a task, with the clause it was read from."""

    unit: UnitRef
    role: Role
    surface: str
    evidence: Evidence
    corrected: bool = Field(default=False, description="人工校正: an analyst set this role (graph.corrections); the evidence names who and when")

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

    @computed_field(description="人工校正: an analyst set some of its roles")  # type: ignore[prop-decorator]
    @property
    def corrected(self) -> bool:
        return any(entry.corrected for entry in (*self.lead, *self.co, *self.guides))

    @computed_field  # type: ignore[prop-decorator]
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
    corrected: bool = Field(default=False, description="人工校正: an analyst set this role (graph.corrections)")


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
    tasks: list[TaskInRole] = Field(default_factory=list, description="tasks directly under the document")


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
    label: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    generic: bool = Field(default=False, description="a category noun (泛指: 中试平台), not one named thing")


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
    units: list[UnitRef] = Field(default_factory=list, description="units leading or sharing those tasks, leads first")


class Edge(Model):
    type: str
    source: str
    target: str
    evidence: Evidence


class Neighbourhood(Model):
    """What the network view draws: a node, the nodes near it and the relations between them."""

    center: NodeRef
    depth: int
    nodes: list[NodeRef] = Field(default_factory=list, description="the center first, then by distance")
    edges: list[Edge] = Field(default_factory=list)


class TargetAnswer(Quantity):
    id: str
    text: str
    task: TaskRef | None = None
    evidence: Evidence
    reported: Evidence | None = Field(
        default=None, description="what a progress or ledger column (进展情况, 完成情况) of its row reports on it"
    )


class TimelineDocument(DocumentRef):
    """A document a timeline point comes from: when it was published, the period it plans for,
    and who issued it, where the document says."""

    published: date | None = None
    period: str | None = Field(default=None, description="the plan's period as printed, e.g. 2022——2024年")
    issuer: str | None = None


class ReportedProgress(Model):
    """What a progress or ledger column (进展情况, 完成情况) reports on a target, and the number it
    states in the target's unit, converted where its magnitude differs (1.4万家 → 14000 家)."""

    evidence: Evidence
    value: float | None = Field(default=None, description="the number reported, in the target's unit; None where it states none")
    unit: str | None = None
    plotted: float | None = Field(default=None, description="the number reported, in the timeline's unit (what the chart draws)")
    year: int | None = Field(default=None, description="the year of the report: the year its document's title names, else when it was published")


class TimelinePoint(Quantity):
    """One target of a timeline: what one document states for the metric, when and where."""

    target_id: str
    plotted: float = Field(description="the value in the timeline's unit (what the chart draws)")
    year_basis: YearBasis | None = Field(default=None, description="where ``year`` comes from: the target's words, the plan's period, the document")
    document: TimelineDocument
    task: TaskRef | None = None
    evidence: Evidence
    reported: ReportedProgress | None = None
    revised_from: float | None = Field(
        default=None, description="the value an earlier document stated for the same year (timeline unit), where this one differs"
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def year_basis_cn(self) -> str | None:
        return self.year_basis.cn if self.year_basis else None


class Timeline(Model):
    """A metric followed across documents: the targets that state it (same unit of measure after
    converting magnitudes, same kind, similar metric words, same or related issuer), by year."""

    id: str = Field(description="stable while the graph is: made from the first point's target")
    metric: str = Field(description="the metric's core as most of its points write it (graph.timeline.metric_core)")
    unit: str = Field(description="the unit the points are plotted in")
    kind: TargetKind
    issuer: str | None = Field(default=None, description="the place or 文号 code the documents share, where known")
    similarity: float = Field(description="the least similarity (0–1) of two of its metrics' cores: 1 when all are written alike")
    match: float | None = Field(default=None, description="匹配度 0–100 of the question asked, for a timeline found by a question")
    documents: int = Field(description="how many documents state it")
    points: list[TimelinePoint] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kind_cn(self) -> str:
        return self.kind.cn

    @computed_field(description="a later document states another value for a year an earlier one did")  # type: ignore[prop-decorator]
    @property
    def revised(self) -> bool:
        return any(p.revised_from is not None for p in self.points)

    @computed_field(description="points that carry what a progress column reported")  # type: ignore[prop-decorator]
    @property
    def reported(self) -> int:
        return sum(p.reported is not None for p in self.points)


class TimelineAnswer(Model):
    """The timelines whose metric a question names (高新技术企业), best match first."""

    query: str
    timelines: list[Timeline]


class TimelineList(Paged):
    """Every timeline that spans two documents or more (one page of them), most documents first."""

    timelines: list[Timeline] = Field(default_factory=list)


# ------------------------------------------------------------------ policy over time: citations


class PolicyEntry(Resource):
    """A policy document as the library knows it: by 文号 and/or title; ``documents`` are the
    documents of the library that are this policy (its own header gives the number or the title)."""

    name: str = Field(description="its title, or its 文号 where no title is known")
    doc_number: str | None = None
    issuer: str | None = None
    year: int | None = None
    level: AdminLevel | None = None
    documents: list[DocumentRef] = Field(default_factory=list, description="the documents of the library that are this policy")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def level_cn(self) -> str | None:
        return self.level.cn if self.level else None


class Citation(Model):
    """What one document says of one policy: how it refers to it, and where."""

    policy: PolicyEntry
    kinds: list[CitationKind] = Field(description="依据, 贯彻落实, 转发 …: every way the document refers to it")
    evidence: list[Evidence] = Field(description="every place the document names it")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kinds_cn(self) -> list[str]:
        return [kind.cn for kind in self.kinds]


class DocumentCitations(Model):
    """``innokg cites``: the policy a document is, and every policy it cites, in the order written."""

    document: DocumentEntry
    policy: PolicyEntry | None = Field(description="the policy the document is (its 文号 and title), if its header says")
    cites: list[Citation]


class CitingDocument(Model):
    """A document that cites the policy asked about: directly (depth 1) or through documents that do."""

    document: DocumentEntry
    depth: int = Field(description="1: cites it; 2: cites a document that cites it …")
    cites: Citation = Field(description="the citation this document makes on the way: of the policy asked about at depth 1, else of ``through``")
    through: DocumentRef | None = Field(default=None, description="the document it cites on the way (depth > 1)")


class CitedBy(Model):
    """``innokg cited-by``: who cites a policy or a document, directly and transitively."""

    policy: PolicyEntry
    citing: list[CitingDocument]
    truncated: bool = Field(default=False, description="the walk stopped at its depth limit: more documents cite it further down")


class LineageStep(Model):
    """One link of a chain: ``document`` cites ``citation.policy`` (which may be a document of the library)."""

    document: DocumentRef
    level: AdminLevel | None = None
    citation: Citation


class LineageChain(Model):
    steps: list[LineageStep] = Field(description="from the document up, citation by citation")
    in_task: bool = Field(default=False, description="the first citation is written in the task asked about")


class Lineage(Model):
    """``innokg lineage``: the chains of citations from a document (or a task's document) up to
    the policies it implements: a task's own citations first, then the highest level first."""

    task: TaskRef | None = Field(default=None, description="the task asked about, if a task")
    document: DocumentEntry
    chains: list[LineageChain]
    truncated: bool = Field(default=False, description="more chains climb than the answer lists (or than its depth limit reaches)")


class Stats(Model):
    documents: int
    sections: int
    tasks: int
    attributed_tasks: int
    units: int
    collective_units: int
    relations: dict[str, int]
    entities: dict[str, int] = Field(default={}, description="nodes by label")
    unmapped_industries: list[str] = Field(default_factory=list, description="industries that fit no 965 industry")
    per_document: list[DocumentStats] = Field(default_factory=list)


class Span(Model):
    """A span of a document's text the source reader marks: an attribution of a task (its role and
    unit), or the span asked for (``role`` None)."""

    start: int
    end: int
    role: Role | None = None
    unit: str | None = Field(default=None, description="the unit's name, for an attribution")


class DocumentText(Model):
    """A document's text, whole or a window of it (``offset``–``end`` of ``length``), with the
    spans to mark in it (positions in the whole text)."""

    document: DocumentRef
    length: int
    offset: int = Field(description="where the window starts in the whole text")
    end: int
    text: str
    spans: list[Span] = Field(default_factory=list)
