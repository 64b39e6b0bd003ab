"""The Neo4j store: the same queries as the embedded store, answered by a Bolt server.

Written for Neo4j 5 through the official driver (the production dialect, :mod:`.dialect`)
and tested against FalkorDB's Bolt endpoint, which the store is told of explicitly
(``dialect="falkordb"``: every workaround it needs is in :mod:`.falkordb`). Every Cypher
statement lives in :mod:`.cypher`; :mod:`.rows` turns rows into innokg's models and back.
Queries fetch the subgraph an answer needs and hand it to the same
:class:`~innokg.graph.view.GraphView` the embedded store uses, so both stores order and group
answers alike (``tests/graph/test_neo4j_store.py`` holds them to it).

Loading a document reads the parts of the nodes it touches, merges, and writes its facts in
``UNWIND $rows`` batches by label and type, all in one transaction: a load that fails leaves
the document as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from urllib.parse import urlsplit
from typing import Any, Literal

from innokg.graph.model import ROLE_RELATIONS, DocumentInfo, GraphData, Label, key
from innokg.graph.model.errors import NotFound, StoreError
from innokg.graph.neo4j_store import cypher
from innokg.graph.neo4j_store.dialect import Neo4jDialect, Write
from innokg.graph.neo4j_store.falkordb import FalkorDBDialect
from innokg.graph.neo4j_store.rows import (
    document_info,
    unit_node,
    HEAD_FIELDS,
    PER_DOCUMENT,
    node_from_properties,
    node_properties,
    own_parts,
    plan_shared,
    relation_rows,
    subgraph,
    view,
)
from innokg.graph.answers import relation_of
from innokg.graph.facts import Facts, PackedFacts, unpacked
from innokg.graph.model.answers import NodeRef, Stats, TaskRef, UnitRef
from innokg.graph.search import NameIndex, TextIndex, TitleIndex
from innokg.graph.stats import Count, assemble_stats
from innokg.graph.store import LinkRows, PlatformRow, RoleRow, TaskLinkRow, TaskRoleRow
from innokg.graph.view import GraphView, LinkPage, document_short_title, task_ref, unit_ref

import neo4j
from neo4j import exceptions as neo4j_errors


#: the dialects a store can be opened with, by name
DIALECTS: dict[str, type[Neo4jDialect]] = {"neo4j": Neo4jDialect, "falkordb": FalkorDBDialect}


class Neo4jStore:
    """A :class:`~innokg.graph.store.GraphStore` in a Neo4j 5 database, or in FalkorDB with
    ``dialect="falkordb"``."""

    def __init__(
        self,
        uri: str,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        timeout: float = 10.0,
        dialect: Literal["neo4j", "falkordb"] | Neo4jDialect = "neo4j",
    ) -> None:
        self.uri = uri
        self.database = database or None
        self.dialect = dialect_of(dialect)
        checked_uri(uri)
        auth = neo4j.basic_auth(user or "neo4j", password) if password else None
        try:
            self.driver = neo4j.GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=timeout,
                connection_acquisition_timeout=timeout,
                max_transaction_retry_time=timeout,
            )
        except (ValueError, neo4j_errors.ConfigurationError) as exc:
            raise StoreError(f"Neo4j 地址无效：{uri}（{exc}）") from None
        self._schema_ready = False
        self._lists: dict[object, tuple[object, object]] = {}  # what search runs over, by graph version

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the server

    def run(self, statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one statement in its own transaction; driver faults become one clear StoreError."""
        # an auto-commit transaction: one round trip, where a managed one adds BEGIN and COMMIT
        with _translated(self.uri, self.database), self.driver.session(database=self.database) as session:
            return session.run(statement, self.dialect.parameters(params)).data()

    def write_transaction(self, work: Write) -> None:
        """``work`` given a runner whose statements all share one write transaction (retried
        whole on a transient fault); driver faults become one clear StoreError."""
        with _translated(self.uri, self.database), self.driver.session(database=self.database) as session:
            session.execute_write(lambda tx: work(self._tx_runner(tx)))

    def _tx_runner(self, tx: Any) -> cypher.Run:
        return lambda statement, params: [record.data() for record in tx.run(statement, self.dialect.parameters(params))]

    def ensure_schema(self) -> None:
        """Constraints and indexes (as the dialect writes them), and the version node; safe to repeat."""
        if cypher.written_by_an_older_innokg(self.run):
            raise StoreError(
                "Neo4j 中的图谱由旧版 innokg 写入（节点内含 part_docs），与现版本的分文档记录方式不同："
                "请先清空（MATCH (n) WHERE n:Node OR n:InnokgMeta DETACH DELETE n）再运行 innokg load"
            )
        for statement in self.dialect.schema(self.run):
            self.run(statement, {})
        cypher.ensure_meta(self.run)
        self._schema_ready = True

    def counts(self) -> tuple[int, int]:
        """Nodes and relationships in the database."""
        return cypher.totals(self.run)

    def clear(self) -> None:
        cypher.clear(self.run)
        self._schema_ready = False  # the version node went too
        self._lists = {}

    def _per_batch(self, query, ids: list[str]) -> list[dict[str, Any]]:
        """A query over many ids, in the dialect's batches."""
        return [row for batch in self.dialect.id_batches(ids) for row in query(self.run, batch)]

    def _in_batches(self, query, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A query over many rows, in the dialect's batches."""
        return [found for batch in self.dialect.batches(rows) for found in query(self.run, batch)]

    # ------------------------------------------------------------------ writing

    def replace_document(self, data: GraphData | PackedFacts) -> None:
        data = unpacked(data)
        doc_id = next(n.id for n in data.nodes if n.label == Label.DOCUMENT)
        self._load(doc_id, data)

    def remove_document(self, doc_id: str) -> None:
        self.dialect.checked_id(doc_id)
        if not any(d.id == doc_id for d in self.documents()):
            raise NotFound(f"图谱中没有文档 {doc_id}")
        self._load(doc_id, GraphData())

    def writing(self):
        """Each document is its own transaction on the server: nothing to hold here."""
        return nullcontext()

    def refresh(self) -> bool:
        return False

    def save(self) -> None:
        """Nothing to do: each document was committed as it was loaded."""

    def _load(self, doc_id: str, data: GraphData) -> None:
        if not self._schema_ready:
            self.ensure_schema()
        self.dialect.load(self, lambda run: write_document(run, doc_id, data, self.dialect))

    # ------------------------------------------------------------------ reading

    def documents(self) -> list[DocumentInfo]:
        return [document_info(p) for p in cypher.documents(self.run, cypher.DOCUMENT_FIELDS)]

    def document_text(self, doc_id: str) -> str | None:
        return cypher.document_text(self.run, doc_id)

    def versions(self) -> dict[str, tuple[str | None, str | None]]:
        return {d.id: (d.sha256, d.extractor) for d in self.documents()}

    def document_count(self) -> int:
        return cypher.document_count(self.run)

    def _kept(self, name: str | tuple[str, ...], fetch: Callable[[], Any]) -> Any:
        """A list search runs over, fetched again only when a load changed the graph (one small
        query tells): a who over 300,000 tasks does not bring them all over the wire each time."""
        version = cypher.graph_version(self.run)
        kept = self._lists.get(name)
        if version is None or kept is None or kept[0] != version:
            kept = self._lists[name] = (version, fetch())
        return kept[1]

    def _task_nodes(self) -> list:
        return self._kept("task_nodes", lambda: [node_from_properties(p) for p in cypher.tasks(self.run)])

    def tasks(self) -> list[TaskRef]:
        return list(self._kept("tasks", lambda: [self._task_ref(n, self._titles()) for n in self._task_nodes()]))

    def _titles(self) -> dict[str, str]:
        """Each document's title, for the tasks of answers read without their document's node."""
        return self._kept("titles", lambda: {d.id: d.title for d in self.documents()})

    @staticmethod
    def _task_ref(node, titles: dict[str, str]) -> TaskRef:
        return task_ref(node, document_short_title(node.doc_id, titles.get(node.doc_id)))

    def title_index(self) -> TitleIndex:
        return self._kept("title_index", lambda: TitleIndex(self.tasks()))

    def name_index(self, *labels: str) -> NameIndex:
        return self._kept(("names", *sorted(labels)), lambda: NameIndex(self.nodes(*labels)))

    def unit_index(self) -> NameIndex:
        return self._kept("unit_names", lambda: NameIndex(self.units()))

    def is_empty(self) -> bool:
        return self.document_count() == 0  # asked before every answer: not the list of 10,000 documents

    def state(self) -> None:
        """Other clients change the database unseen: no answer is cached."""
        return None

    def tasks_mentioning(self, words: list[str], limit: int | None = None) -> list[TaskRef]:
        index = self._kept("text_index", lambda: TextIndex(self.tasks(), [key(n.text) for n in self._task_nodes()]))
        return index.find(words, limit)

    def units(self) -> list[UnitRef]:
        return list(self._kept("units", lambda: [unit_ref(unit_node(p), documents=True) for p in cypher.units(self.run)]))

    def nodes(self, *labels: str) -> list[NodeRef]:
        wanted = sorted(labels or GraphView.SEARCHED)
        return list(self._kept(("nodes", *wanted), lambda: view(cypher.nodes(self.run, wanted), []).nodes(*labels)))

    # ------------------------------------------------------------------ what answers are made of

    def queries(self) -> Neo4jStore:
        """The store is its own query layer: each query asks the server."""
        return self

    def task_facts(self, task_id: str) -> GraphView:
        self.dialect.checked_id(task_id)
        return subgraph(cypher.task_answer(self.run, task_id))

    def entity_facts(self, node_id: str) -> GraphView:
        self.dialect.checked_id(node_id)
        return subgraph(cypher.entity(self.run, node_id))

    def neighbourhood_facts(self, node_id: str, depth: int) -> GraphView:
        """Hop by hop: each hop fetches the relationships of the nodes the last hop reached."""
        self.dialect.checked_id(node_id)
        rows, seen, frontier = [], set(), [node_id]
        for _ in range(max(depth, 1)):
            hop = self._per_batch(cypher.incident, frontier)
            rows += hop
            seen.update(frontier)
            frontier = sorted({p["id"] for row in hop for p in row["nodes"] if p} - seen)
            if not frontier:
                break
        return subgraph(rows)

    def target_facts(self, task_ids: list[str] | None) -> GraphView:
        for task_id in task_ids or []:
            self.dialect.checked_id(task_id)
        rows = cypher.targets(self.run, None) if task_ids is None else self._per_batch(cypher.targets, task_ids)
        return subgraph(rows, self._titles())

    def unit_roles(self, unit_id: str) -> list[RoleRow]:
        """Every role relation of the unit, bare (ids, types, places): a unit of a large library
        has thousands, and only one page of them is fetched whole."""
        self.dialect.checked_id(unit_id)
        return [RoleRow(doc_id=r["doc"], task_start=r["task_start"], type=r["type"], start=r["start"], task=r["task"]) for r in cypher.unit_roles(self.run, unit_id)]

    def unit_page_facts(self, unit_id: str, page: list[RoleRow]) -> GraphView:
        """The unit, the page's tasks with their sections, and only the page's role relations."""
        task_ids = list(dict.fromkeys(r.task for r in page))
        if task_ids:
            rows = self._per_batch(lambda run, batch: cypher.unit_page(run, unit_id, batch), task_ids)
        else:
            rows = cypher.unit_page(self.run, unit_id, [])
        wanted = {(r.task, r.type, r.start) for r in page}
        for row in rows:  # a task's other role, beyond the page's edge, stays out of it
            row["rels"] = [
                r for r in row["rels"]
                if not r or r.get("type") not in ROLE_RELATIONS or (r["source"], r["type"], r["props"]["start"]) in wanted
            ]
        return subgraph(rows)

    def link_rows(self, node_id: str) -> LinkRows | None:
        """An industry's links listed bare (no texts, no node's list of documents)."""
        self.dialect.checked_id(node_id)
        head = subgraph(cypher.industry_head(self.run, node_id))
        if head.unnamed_965(node_id) is not None:
            return None
        head.industries_of(node_id)  # NotFound, or not an industry
        roles: dict[str, list[TaskRoleRow]] = defaultdict(list)
        for row in cypher.link_roles(self.run, node_id):
            roles[row["task"]].append(TaskRoleRow(**row))
        return LinkRows(
            platforms=[PlatformRow(**row) for row in cypher.link_platforms(self.run, node_id)],
            tasks=[TaskLinkRow(**row) for row in cypher.link_tasks(self.run, node_id)],
            roles=dict(roles),
        )

    def link_page_facts(self, node_id: str, page: LinkPage) -> GraphView:
        """The industry and its industries, the relations of the page's platforms and tasks, the
        tasks' units, and the units of the whole answer."""
        self.dialect.checked_id(node_id)
        rows = cypher.industry_head(self.run, node_id)
        wanted = dict.fromkeys([*map(relation_of, page.platforms), *map(relation_of, page.tasks)])
        rows += self._in_batches(cypher.relations, [dict(zip(("source", "target", "key"), r)) for r in wanted])
        rows += self._per_batch(cypher.task_units, list(dict.fromkeys(row.task for row in page.tasks)))
        rows += self._per_batch(cypher.listed_nodes, page.units)
        return subgraph(rows, self._titles())

    def document_facts(self, doc_id: str) -> GraphView:
        """The document (without its text), its sections and tasks, their units and targets: one query."""
        self.dialect.checked_id(doc_id)
        found = subgraph(cypher.document_facts(self.run, doc_id, cypher.DOCUMENT_FIELDS))
        found.node(doc_id, Label.DOCUMENT)  # NotFound, as the embedded store says it
        return found

    def facts(self) -> Facts:
        rels = [row["rel"] for row in cypher.all_relations(self.run)]
        return view(cypher.all_nodes(self.run), rels).graph

    @property
    def in_memory(self) -> bool:
        """Every answer asks the server."""
        return False

    def warm(self) -> None:
        """Nothing kept to prepare: the server holds the graph and its indexes."""

    def citation_facts(self) -> GraphView:
        return subgraph(cypher.citation_layer(self.run))

    def stats(self) -> Stats:
        titles = {d.id: d.title for d in self.documents()}
        return assemble_stats([Count(**row) for row in cypher.counts(self.run)], titles)


def dialect_of(dialect: str | Neo4jDialect) -> Neo4jDialect:
    """The dialect object, given one or its name."""
    if isinstance(dialect, Neo4jDialect):
        return dialect
    if dialect not in DIALECTS:
        raise StoreError(f"未知的 Neo4j 方言：{dialect}（可选 {'、'.join(DIALECTS)}）")
    return DIALECTS[dialect]()


def write_document(run: cypher.Run, doc_id: str, data: GraphData, dialect: Neo4jDialect) -> None:
    """Replace a document's facts: its own nodes and relationships rewritten, the shared nodes
    whose part changed merged again (:func:`~innokg.graph.neo4j_store.rows.plan_shared`), each
    group of rows in ``UNWIND $rows`` batches.

    The work is that of the document: its parts and its own nodes are found through indexes, and a
    shared node many documents name is not read whole unless the document comes before others.
    The dialect batches the rows and decides what ``run`` is (on Neo4j, one transaction).
    """
    own = own_parts(data)
    old_parts = cypher.parts_of_document(run, doc_id)
    touched = sorted({i for i, n in own.items() if n.label not in PER_DOCUMENT} | set(old_parts))
    heads = {}
    for ids in dialect.head_batches(touched):
        heads.update(cypher.heads(run, ids, HEAD_FIELDS))
    plan = plan_shared(doc_id, own, old_parts, heads, lambda node_id: cypher.parts_of_node(run, node_id))
    gone = [i for i in cypher.nodes_of_document(run, doc_id) if i not in own] + plan.gone
    cypher.delete_relations(run, doc_id)
    for ids in dialect.id_batches(gone):
        cypher.delete_nodes(run, ids)
    for ids in dialect.id_batches([i for i in old_parts if i not in own]):
        cypher.delete_parts(run, doc_id, ids)
    own_nodes = defaultdict(list)
    for node_id, node in own.items():
        if node.label in PER_DOCUMENT:
            own_nodes[node.label.value, False].append({"id": node_id, "props": node_properties(node)})
    for (label, relabel), rows in sorted({**own_nodes, **plan.rewritten}.items()):  # labels of the two never meet
        dialect.send(run, cypher.merge_nodes_statement(label, relabel), rows)
    for (label, relabel), rows in sorted(plan.appended.items()):
        dialect.send(run, cypher.append_nodes_statement(label, label != Label.INDUSTRY_965, relabel), rows)
    for with_documents, rows in plan.touched.items():
        dialect.send(run, cypher.add_document_statement(with_documents), rows)
    for batch in dialect.batches(plan.parts):
        cypher.set_parts(run, doc_id, batch)
    for rel_type, rows in sorted(relation_rows(data).items()):
        dialect.send(run, cypher.create_relations_statement(rel_type), rows, rel_type)




@contextmanager
def _translated(uri: str, database: str | None):
    """Driver faults as one clear StoreError (no traceback, never the password)."""
    try:
        yield
    except neo4j_errors.AuthError:
        raise StoreError(f"Neo4j 拒绝登录（{uri}）：请检查 NEO4J_USER 与 NEO4J_PASSWORD") from None
    except neo4j_errors.ServiceUnavailable as exc:
        raise StoreError(f"无法连接 Neo4j（{uri}）：{_reason(exc)}") from None
    except neo4j_errors.Neo4jError as exc:
        if exc.code and "DatabaseNotFound" in exc.code:
            raise StoreError(f"Neo4j 中没有数据库 {database}（NEO4J_DATABASE）") from None
        raise StoreError(f"Neo4j 执行失败：{exc.code or ''} {exc.message or exc}".strip()) from None
    except neo4j_errors.DriverError as exc:
        raise StoreError(f"Neo4j 驱动错误（{uri}）：{_reason(exc)}") from None


#: the schemes the driver speaks Bolt with (http:// reaches Neo4j's browser port, not the database)
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def checked_uri(uri: str) -> str:
    """A Bolt address, or one clear StoreError saying what is wrong with it (the driver would
    fail later with a traceback of its own)."""
    try:
        parts = urlsplit(uri)
        parts.port  # a port that is not a number raises here
    except ValueError:
        raise StoreError(f"Neo4j 地址无效：{uri}（端口应为数字，如 bolt://localhost:7687）") from None
    if parts.scheme not in BOLT_SCHEMES or not parts.hostname:
        raise StoreError(f"Neo4j 地址无效：{uri}（应以 bolt:// 或 neo4j:// 开头，如 bolt://localhost:7687）")
    return uri


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
