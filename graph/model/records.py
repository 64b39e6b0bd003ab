"""One typed model for the whole of innokg.

Documents, their structure, the extraction record that NLP hands to the graph, the graph's
nodes and relations, and the evidence every fact carries are all defined here, once, as
pydantic models. ``ingest`` and ``nlp`` produce them, ``graph`` stores them, ``api`` serves
them; no stage passes loose dicts to another.

Character offsets (``start``/``end``) are half-open and index into the document's text as
read (``ParsedDocument.text``): ``text[start:end] == quote``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from innokg.graph.model.names import relation_key
from innokg.graph.model.vocab import ENTITY_LABELS, AdminLevel, CitationKind, EntityType, Label, RelType, Role
from pydantic import BaseModel, ConfigDict, Field


#: the label of a graph entity other than a unit: the list is the vocabulary's own (a Literal, as
#: the node union is told apart by its label)
EntityLabel = Literal[ENTITY_LABELS]  # type: ignore[valid-type]  # mypy takes only literal values; pydantic checks these


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- evidence


class Evidence(Model):
    """Where a fact was read: document, character span and the quoted text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str
    start: int
    end: int
    quote: str


class Notice(Model):
    """A warning about a document: a repaired heading, an unclosed bracket, no attributions."""

    code: str
    message: str
    source: str
    start: int | None = None

    def __str__(self) -> str:
        where = f"（第 {self.start} 字）" if self.start is not None else ""
        return f"{self.source}: {self.message}{where}"


# --------------------------------------------------------------------------- ingest


class DocumentInfo(Model):
    """Metadata of one document; ``id`` is derived from the file name, so it is stable."""

    id: str
    title: str
    source: str = Field(description="the path as given")
    format: Literal["txt", "html", "docx", "pdf"] = "txt"
    encoding: str = "utf-8"
    issuer: str | None = None
    origin: str | None = Field(default=None, description="来源: the publishing office")
    published: date | None = None
    period: str | None = Field(default=None, description="plan period as printed, e.g. 2022——2024年")
    period_start: int | None = None
    period_end: int | None = None
    doc_number: str | None = Field(default=None, description="文号, e.g. 国发〔2018〕42号")
    level: AdminLevel | None = Field(default=None, description="national, provincial, city or county: from the issuer or the 文号")
    sha256: str = ""
    length: int = 0
    extractor: str = Field(default="", description="the fingerprint of the pipeline that read it")


class Cell(Model):
    """A cell of a task-division table: its column's header and its span in the text."""

    label: str
    start: int
    end: int


class Heading(Model):
    """A numbered heading or item: ``一、`` (level 1), ``（一）`` (2), ``1.`` (3) ..."""

    id: str
    doc_id: str
    path: str = Field(description="numbers from the top, e.g. 二/(一)/1")
    level: int
    number: int
    marker: str = Field(description="the marker as printed, e.g. （一） or () when damaged")
    title: str
    heading: str = Field(description="the heading as printed, marker included, up to the first 。")
    start: int
    end: int = Field(description="end of the item's text (up to the next heading)")
    parent_id: str | None = None
    cells: list[Cell] = Field(default_factory=list, description="for a row of a task-division table: its cells")


class ParsedDocument(Model):
    """A document read and structured: its text, metadata, headings and the leaf items (tasks)."""

    info: DocumentInfo
    text: str
    sections: list[Heading] = Field(description="headings that have numbered children")
    tasks: list[Heading] = Field(description="numbered items with no numbered children")
    notices: list[Notice] = Field(default_factory=list)


# --------------------------------------------------------------------------- extraction


class AttributedUnit(Model):
    """One unit an attribution names, after expanding a shared suffix: the record's reference to it
    (the entity of the same ``id`` holds the unit itself)."""

    id: str
    name: str = Field(description="the unit's name, suffix expanded")
    surface: str = Field(description="the words as written in the text")
    start: int
    end: int
    collective: bool = False
    scope_note: str | None = Field(default=None, description="e.g. 含开发区管委会")
    clause: int = Field(default=0, description="index of the attribution it was read from")


class TaskRecord(Model):
    """A task and who is responsible for it (the record's ``tasks`` entries)."""

    id: str
    section: str = Field(description="the section path, e.g. 二/(一)")
    section_id: str | None
    path: str
    number: int
    title: str
    heading: str
    start: int
    end: int
    text: str
    lead: list[AttributedUnit] = Field(default_factory=list)
    co: list[AttributedUnit] = Field(default_factory=list)
    guides: list[AttributedUnit] = Field(default_factory=list)
    attributions: list[Evidence] = Field(default_factory=list, description="the clauses the units were read from")
    style: str | None = Field(default=None, description="which attribution style was read")
    rule: str | None = Field(default=None, description="a document rule that assigned the roles")
    uncertain: bool = Field(
        default=False, description="no numbered item frames the attribution: the paragraph it closes was taken as the task"
    )

    def units(self, role: Role) -> list[AttributedUnit]:
        return {Role.LEAD: self.lead, Role.CO: self.co, Role.GUIDES: self.guides}[role]


class SectionRecord(Model):
    id: str
    path: str
    level: int
    number: int
    marker: str
    title: str
    heading: str
    start: int
    end: int
    parent_id: str | None = None


class EntityRecord(Model):
    """One distinct entity of a document, with every place it is written."""

    id: str
    type: EntityType
    name: str = Field(description="the longest form written in this document")
    canonical: str = Field(description="the name the graph shows: the first form written")
    full_name: str | None = None
    written: list[str] = Field(default_factory=list, description="every form written in this document")
    layer: str = Field(default="pattern", description="gazetteer, pattern, statistical or attribution")
    category: str | None = Field(default=None, description="for an Industry: its 965 industry id")
    mentions: list[Evidence] = Field(default_factory=list)


class Quantity(Model):
    """What a target promises: 高新技术企业数量 (metric) 突破 (comparator) 12000 家, 每年 / 到2024年."""

    metric: str
    value: float
    unit: str
    comparator: str | None = None
    period: str | None = None
    year: int | None = None


class TargetRecord(Quantity):
    """A quantitative goal of a document, with the words it was read from."""

    id: str
    task_id: str | None
    text: str
    evidence: Evidence
    reported: Evidence | None = Field(
        default=None, description="what a progress or ledger column (进展情况, 完成情况) of its row or item reports"
    )


class RelationRecord(Model):
    """MENTIONS, BUILDS, SERVES, SETS between ids of the record, with evidence."""

    type: RelType
    source: str
    target: str
    evidence: Evidence


class PolicyRef(Model):
    """A policy document as a reference names it: by 文号, by title in 《…》, or both.

    ``id`` is :func:`innokg.graph.model.names.policy_id` of the two: the number where there is one,
    so two documents citing 国办发〔2021〕26号 reach one node."""

    id: str
    title: str | None = Field(default=None, description="the title without 《》")
    doc_number: str | None = Field(default=None, description="文号, normalised: 国办发〔2021〕26号")
    issuer: str | None = Field(default=None, description="the issuing body, from the title or the number's code")
    year: int | None = Field(default=None, description="the year of the 文号, or of the title")
    level: AdminLevel | None = None


class CitationRecord(Model):
    """One reference a document makes to another policy document, with the words it was read from."""

    policy: PolicyRef
    kind: CitationKind
    task_id: str | None = Field(default=None, description="the task whose text holds the reference, if any")
    evidence: Evidence


class AttributionCoverage(Model):
    """How many role words and labels (牵头, 负责, 配合, 责任单位 …) in the text reached a task."""

    role_words: int = 0
    placed: int = Field(default=0, description="inside an attribution that a task carries")
    missed: list[Evidence] = Field(default_factory=list, description="the others, each with some context")


class ExtractionRecord(Model):
    """What NLP found in one document: printed by ``innokg extract --json``, built into the graph."""

    document: DocumentInfo
    sections: list[SectionRecord] = Field(default_factory=list)
    tasks: list[TaskRecord] = Field(default_factory=list)
    entities: list[EntityRecord] = Field(default_factory=list, description="named entities: one entry per real thing")
    categories: list[EntityRecord] = Field(
        default_factory=list,
        description="category nouns (中试平台, 国家重点实验室): a kind the text speaks of, not one named thing; "
        "their ids belong to this document",
    )
    targets: list[TargetRecord] = Field(default_factory=list)
    relations: list[RelationRecord] = Field(default_factory=list)
    policy: PolicyRef | None = Field(default=None, description="the policy this document is: its own 文号 and title")
    citations: list[CitationRecord] = Field(default_factory=list, description="every reference to another policy document")
    coverage: AttributionCoverage | None = Field(default=None, description="role words in the text that reached a task")
    warnings: list[Notice] = Field(default_factory=list)
    text: str = Field(default="", description="the text the pipeline read: every evidence span (start, end) indexes it")


# --------------------------------------------------------------------------- graph




class DocumentNode(Model):
    label: Literal[Label.DOCUMENT] = Label.DOCUMENT
    id: str
    name: str
    info: DocumentInfo
    text: str = Field(default="", description="the text evidence spans index (the source reader shows it); empty in graphs built before it was kept")


class SectionNode(Model):
    label: Literal[Label.SECTION] = Label.SECTION
    id: str
    name: str
    doc_id: str
    path: str
    marker: str
    level: int
    start: int
    end: int


class TaskNode(Model):
    label: Literal[Label.TASK] = Label.TASK
    id: str
    name: str
    doc_id: str
    path: str
    text: str
    start: int
    end: int
    uncertain: bool = Field(default=False, description="the task is the paragraph its attribution closes: a guess")


class UnitNode(Model):
    label: Literal[Label.UNIT] = Label.UNIT
    id: str
    name: str
    full_name: str | None = None
    kind: EntityType = Field(default=EntityType.UNIT, description="Unit, or Platform/Enterprise for such a body given a task")
    collective: bool = False
    aliases: list[str] = Field(default_factory=list)
    scope_notes: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)


class EntityNode(Model):
    label: EntityLabel
    id: str
    name: str
    full_name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    category: str | None = Field(default=None, description="for an Industry: its 965 industry id")
    doc_number: str | None = Field(default=None, description="for a Policy: its 文号")
    issuer: str | None = Field(default=None, description="for a Policy: who issued it")
    year: int | None = Field(default=None, description="for a Policy: the year of its 文号 or title")
    level: AdminLevel | None = Field(default=None, description="for a Policy: national, provincial, city or county")
    generic: bool = Field(default=False, description="a category noun of one document (泛指), not a named entity")


class Industry965Node(Model):
    label: Literal[Label.INDUSTRY_965] = Label.INDUSTRY_965
    id: str
    name: str
    group: str = Field(description="pillar, emerging or future")
    group_cn: str
    confidence: str


class TargetNode(Quantity):
    label: Literal[Label.TARGET] = Label.TARGET
    id: str
    name: str = Field(description="the words of the target")
    doc_id: str
    task_id: str | None
    # what was reported on it (TargetRecord.reported), flat: a property of a Neo4j node holds no map
    report: str | None = Field(default=None, description="the words a progress or ledger column reports on it")
    report_start: int | None = Field(default=None, description="where those words stand in the document")


Node = Annotated[
    DocumentNode | SectionNode | TaskNode | UnitNode | EntityNode | Industry965Node | TargetNode,
    Field(discriminator="label"),
]


class Relation(Model):
    type: RelType
    source: str
    target: str
    doc_id: str
    evidence: Evidence
    surface: str | None = Field(default=None, description="the unit as written, for unit relations")
    mention_start: int | None = Field(default=None, description="where the unit is written, for order")
    citation: CitationKind | None = Field(default=None, description="for CITES: how the document refers to the policy")
    corrected: bool = Field(default=False, description="人工校正: set by an analyst's correction (graph.corrections), not read")

    @property
    def key(self) -> str:
        return relation_key(self.type.value, self.doc_id, self.evidence.start)


class GraphData(Model):
    """Nodes and relations: one document's facts, or a whole graph."""

    nodes: list[Node] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
