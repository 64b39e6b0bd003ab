"""What a store is: a writer of documents, a source of facts, and one query layer the answers are
assembled from (:mod:`innokg.graph.answers` assembles and pages them, the same for every store).

Two stores implement it: the embedded one (:mod:`innokg.graph.embedded`, SQLite rows composed
in memory) and Neo4j (:mod:`innokg.graph.neo4j_store`). Fuzzy matching of names is done once,
above the stores, in :mod:`innokg.graph.search`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, NamedTuple, Protocol

from innokg.graph.facts import Facts, PackedFacts
from innokg.graph.model import DocumentInfo, GraphData
from innokg.graph.model.answers import NodeRef, Stats, TaskRef, UnitRef

if TYPE_CHECKING:
    from innokg.graph.search import NameIndex, TitleIndex
    from innokg.graph.view import GraphView, LinkPage


# ------------------------------------------------------------------ bare rows of the paged answers


class RoleRow(NamedTuple):
    """A unit's role in a task, bare: what a unit's answers are ordered and paged by. The fields
    come in the order the answers list roles: by document, where the task starts, role, clause."""

    doc_id: str
    task_start: int
    type: str  # LEADS, CO_RESPONSIBLE or GUIDES
    start: int  # where the clause that gives the role starts
    task: str


class PlatformRow(NamedTuple):
    """A platform serving an industry (a SERVES relation), bare; in its fields' order, the order
    the answers list platforms: by the industry's name, then in document order."""

    industry_name: str
    industry: str
    doc_id: str
    start: int
    platform: str


class TaskLinkRow(NamedTuple):
    """A task building a platform or naming an industry or platform (``via``), bare."""

    task: str
    via: str
    type: str  # BUILDS or MENTIONS
    doc_id: str
    start: int
    task_doc: str
    via_name: str


class TaskRoleRow(NamedTuple):
    """A unit leading or sharing a task that an industry's links list, bare."""

    task: str
    type: str
    unit: str
    start: int
    mention_start: int | None


class LinkRows(NamedTuple):
    """Everything an industry's links are ordered and paged by."""

    platforms: list[PlatformRow]
    tasks: list[TaskLinkRow]
    roles: dict[str, list[TaskRoleRow]]  # by task


# ------------------------------------------------------------------ the store


class DocumentWriter(Protocol):
    """Writes documents: each replaced or removed whole, made durable by :meth:`save`."""

    def writing(self) -> AbstractContextManager[None]:
        """Hold the store for one writer while it changes and saves (re-reading others' changes first)."""

    def replace_document(self, data: GraphData | PackedFacts) -> None:
        """Replace one document's facts (its nodes and relations) with ``data``; idempotent."""

    def remove_document(self, doc_id: str) -> None: ...

    def save(self) -> None:
        """Make the changes durable, atomically."""


class FactSource(Protocol):
    """What is stored: documents, their versions, and the whole graph."""

    def refresh(self) -> bool:
        """Read in what other processes saved since; whether anything changed."""

    def state(self) -> object | None:
        """A token that changes whenever the graph does, or None when the store cannot tell
        (then no answer is cached)."""

    def documents(self) -> list[DocumentInfo]: ...

    def document_text(self, doc_id: str) -> str | None:
        """The text a document's evidence spans index ("" where the graph was built before texts
        were kept), or None for no such document."""

    def versions(self) -> dict[str, tuple[str | None, str | None]]:
        """Each document's content hash and extractor fingerprint (what an incremental build
        compares), without reading the rest of the graph where the store can."""

    def document_count(self) -> int:
        """How many documents are stored (asked by every /healthz: cheap)."""

    def is_empty(self) -> bool:
        """Whether no document is stored (asked before every answer: cheap)."""

    def facts(self) -> Facts:
        """The whole graph: every node (merged across documents) and every relation."""

    @property
    def in_memory(self) -> bool:
        """Whether answers come from memory now (no disk or server to wait for)."""

    def warm(self) -> None:
        """Prepare what answers read (indexes, a composed graph), where the store keeps any."""


class GraphQueries(Protocol):
    """What answers are made of: lists to search, subgraphs (as a
    :class:`~innokg.graph.view.GraphView`) and the bare rows paged answers are ordered by.
    :mod:`innokg.graph.answers` assembles every answer from them."""

    def tasks(self) -> list[TaskRef]:
        """All tasks, in document order (for searching by title)."""

    def units(self) -> list[UnitRef]:
        """All units, by name (for searching by name or alias)."""

    def nodes(self, *labels: str) -> list[NodeRef]:
        """Nodes with these labels (all entity-like nodes when none), for searching by name."""

    def tasks_mentioning(self, words: list[str], limit: int | None = None) -> list[TaskRef]:
        """Tasks whose text (not only the title) holds every word, in document order (the first ``limit``)."""

    def title_index(self) -> TitleIndex:
        """The tasks' titles, indexed for :func:`~innokg.graph.search.find_tasks`."""

    def name_index(self, *labels: str) -> NameIndex:
        """:meth:`nodes` of these labels, indexed by name for search and lookups."""

    def unit_index(self) -> NameIndex:
        """:meth:`units`, indexed by name for :func:`~innokg.graph.search.find_unit`."""

    def task_facts(self, task_id: str) -> GraphView:
        """A task, its sections, document and responsible units."""

    def entity_facts(self, node_id: str) -> GraphView:
        """A node and its relations."""

    def neighbourhood_facts(self, node_id: str, depth: int) -> GraphView:
        """The nodes within ``depth`` hops of a node, and the relations walked to reach them."""

    def target_facts(self, task_ids: list[str] | None) -> GraphView:
        """These tasks' targets (all targets when None)."""

    def unit_roles(self, unit_id: str) -> list[RoleRow]:
        """Every role the unit has, bare (NotFound for an id that is not a unit)."""

    def unit_page_facts(self, unit_id: str, page: list[RoleRow]) -> GraphView:
        """The unit, and the tasks, sections and documents of these roles."""

    def link_rows(self, node_id: str) -> LinkRows | None:
        """An industry's (or a "965" industry's) links, bare; None for a "965" industry no
        document names (NotFound for an id that is not an industry)."""

    def link_page_facts(self, node_id: str, page: LinkPage) -> GraphView:
        """The industry, its industries, and the platforms, tasks and units of one page of links."""

    def citation_facts(self) -> GraphView:
        """The citation layer: every document (without its text), every policy, and the CITES and
        ISSUES relations between them (graph.lineage walks it)."""

    def stats(self) -> Stats: ...

    def document_facts(self, doc_id: str) -> GraphView:
        """A document, its sections and tasks, their units and their targets: what comparing two
        editions reads (NotFound for an id that is not a document)."""


class GraphStore(DocumentWriter, FactSource, Protocol):
    """A store: a writer, a source of facts and the query layer answers are assembled from. Ids
    are the stable ids of :mod:`innokg.graph.model`."""

    def queries(self) -> GraphQueries:
        """The query layer over what is stored now: the embedded store's composed graph (a
        :class:`~innokg.graph.view.GraphView`), or the Neo4j store itself, asking the server."""
