"""Opening a store (embedded or Neo4j, as the settings say), loading Neo4j, and the graph the
analyses and notebooks read.

>>> store = example_store()
>>> store.document_count()
1
>>> networkx_graph(store).number_of_nodes() > 100
True
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from innokg.building import build, bundled_corpus, bundled_editions, bundled_lineage, document_paths
from innokg.graph.build import fold_units, record_to_graph
from innokg.graph.corrections import Corrections
from innokg.graph.embedded import EmbeddedStore
from innokg.graph.facts import library_aliases
from innokg.graph.model import ExtractionRecord, Label, document_id
from innokg.graph.model.errors import InputError
from innokg.graph.questions import require_graph
from innokg.graph.store import GraphStore
from innokg.settings import Settings

if TYPE_CHECKING:
    import networkx as nx

    from innokg.graph.neo4j_store import Neo4jStore


def open_store(settings: Settings) -> GraphStore:
    """The store the settings choose: the embedded one (default) or Neo4j."""
    if settings.store == "neo4j":
        return open_neo4j(settings, settings.neo4j_uri)
    return open_embedded(settings)


def open_embedded(settings: Settings) -> EmbeddedStore:
    """The embedded store in the settings' folder, whichever store they choose."""
    return EmbeddedStore(settings.data)


def open_neo4j(settings: Settings, uri: str) -> Neo4jStore:
    from innokg.graph.neo4j_store import Neo4jStore  # the driver loads only when Neo4j is used

    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
    return Neo4jStore(
        uri,
        user=settings.neo4j_user,
        password=password,
        database=settings.neo4j_database,
        timeout=settings.neo4j_timeout,
        dialect=settings.neo4j_dialect,
    )


@dataclass
class LoadReport:
    documents: int
    nodes: int
    relationships: int


def load(source: EmbeddedStore, target: Neo4jStore, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Copy every document of ``source`` into ``target``, one document per transaction.

    A document that fails to load leaves its earlier version in ``target`` untouched; running
    the load again finishes the job (loading is idempotent).
    """
    target.ensure_schema()
    documents = [info.id for info in source.documents()]
    return _copy(source, target, documents, progress)


def reload(source: EmbeddedStore, target: Neo4jStore, doc_ids: Iterable[str], progress: Callable[[str], None] | None = None) -> LoadReport:
    """Copy these documents of ``source`` into ``target`` again (those a change of the corrections
    touched); a document ``source`` no longer holds is left as it is."""
    target.ensure_schema()
    held = set(source.versions())
    return _copy(source, target, sorted(d for d in set(doc_ids) if d in held), progress)


def _copy(source: EmbeddedStore, target: Neo4jStore, doc_ids: list[str], progress: Callable[[str], None] | None) -> LoadReport:
    """Each document as the embedded store composes it: its units folded as the library's
    (graph.model.aliases, merges and splits included), then the analysts' roles and non-entities
    (graph.corrections) applied, so that both stores answer alike."""
    graph = source.graph
    corrections = Corrections(source.corrections())
    for doc_id in doc_ids:
        data = fold_units(source.document_data(doc_id), graph.aliases, graph.nodes)
        target.replace_document(corrections.apply_document(data, graph))
        if progress:
            progress(doc_id)
    nodes, relationships = target.counts()
    return LoadReport(documents=len(doc_ids), nodes=nodes, relationships=relationships)


def read_records(paths: Iterable[Path]) -> Iterator[ExtractionRecord]:
    """Records from ``extract --jsonl`` files, one per line; a bad line names its file and line."""
    for path in paths:
        try:
            handle = open(path, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"无法读取：{exc.strerror}", source=path) from None
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    yield ExtractionRecord.model_validate_json(line)
                except ValueError as exc:
                    raise InputError(f"第 {number} 行不是有效的抽取记录（{str(exc).splitlines()[0][:80]}）", source=path) from None


def load_records(paths: list[Path], target: Neo4jStore, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Load extraction records (``extract --jsonl``) into Neo4j, one document per transaction, in
    batches; loading the same records again changes nothing."""
    target.ensure_schema()
    documents = 0
    graphs = [record_to_graph(record) for record in read_records(paths)]
    by_id = {n.id: n for g in graphs for n in g.nodes}
    folded = library_aliases(by_id.values())
    for graph in graphs:
        target.replace_document(fold_units(graph, folded, by_id))
        documents += 1
        if progress:
            progress(next(n.id for n in graph.nodes if n.label == Label.DOCUMENT))
    nodes, relationships = target.counts()
    return LoadReport(documents=documents, nodes=nodes, relationships=relationships)


def networkx_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The whole graph as networkx, for :mod:`innokg.graph.analysis` and the exports."""
    require_graph(store)
    return store.facts().to_networkx()


def example_store(folder: str | Path | None = None) -> EmbeddedStore:
    """The bundled Wuhan plan built into ``folder`` (a new temporary folder by default): a graph
    to try questions and analyses on a fresh machine."""
    store = EmbeddedStore(folder or tempfile.mkdtemp(prefix="innokg-example-"))
    if store.is_empty():
        build(store, document_paths([bundled_corpus()]))
    return store


def example_editions(folder: str | Path | None = None) -> tuple[EmbeddedStore, tuple[str, str]]:
    """Our two editions of one plan (data/editions/, 2022 and 2024) built into ``folder`` (a new
    temporary folder by default), and their ids, the earlier first: what to compare on a fresh machine.

    >>> store, (a, b) = example_editions()
    >>> a, b
    ('doc:wuhan-sci-tech-capacity-plan-2022', 'doc:wuhan-sci-tech-capacity-plan-2024')
    """
    paths = bundled_editions()
    store = EmbeddedStore(folder or tempfile.mkdtemp(prefix="innokg-editions-"))
    build(store, paths)  # a document read before is not read again
    return store, (document_id(paths[0].stem), document_id(paths[1].stem))


def example_library(folder: str | Path | None = None) -> EmbeddedStore:
    """The bundled Wuhan plan and a district's implementing opinion we wrote (data/lineage/: it
    cites the plan by title and national documents by 文号) built into ``folder`` (a new temporary
    folder by default): a library whose documents cite each other, on a fresh machine.

    >>> store = example_library()
    >>> sorted(d.level.value for d in store.documents())
    ['city', 'county']
    """
    store = EmbeddedStore(folder or tempfile.mkdtemp(prefix="innokg-library-"))
    build(store, document_paths([bundled_corpus(), bundled_lineage()]))
    return store


def notebook_store(settings: Settings | None = None) -> GraphStore:
    """The graph a notebook analyses: the one the settings point at, or, when that is empty,
    the example graph (so a notebook runs on a fresh machine)."""
    store = open_store(settings or Settings())
    return store if not store.is_empty() else example_store()
