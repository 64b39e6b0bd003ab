"""The Neo4j store: the same queries as the embedded store, answered by a Bolt server.

Written for Neo4j 5 through the official driver and tested against FalkorDB's Bolt endpoint.
Every Cypher statement lives in :mod:`.cypher`; :mod:`.rows` turns rows into innokg's models
and back; :mod:`.batching` fits loads to what a server takes in one statement. Queries fetch
the subgraph an answer needs and hand it to the same :class:`~innokg.graph.view.GraphView`
the embedded store uses, so both stores order and group answers alike
(``tests/graph/test_neo4j_store.py`` holds them to it).

Loading a document reads the parts of the nodes it touches, merges, and writes its facts
batched by label and type: on Neo4j in one transaction, so a load that fails leaves the
document as it was; on FalkorDB one statement per transaction, finished by loading again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from typing import Any

from innokg.graph.model import ROLE_RELATIONS, DocumentInfo, GraphData, Label, RelType, Role, key
from innokg.graph.model.errors import NotFound, StoreError
from innokg.graph.neo4j_store import cypher
from innokg.graph.neo4j_store.batching import SMALL_PARAMETERS, batches, id_batches, send
from innokg.graph.neo4j_store.rows import (
    HEAD_FIELDS,
    PER_DOCUMENT,
    evidence,
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


class Neo4jStore:
    """A :class:`~innokg.graph.store.GraphStore` in a Neo4j database (or any Bolt server speaking its Cypher)."""

    def __init__(
        self,
        uri: str,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.uri = uri
        self.database = database or None
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
        self._server: str | None = None
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
        # an auto-commit transaction: execute_query's BEGIN … COMMIT costs a 40 ms round trip on FalkorDB
        with _translated(self.uri, self.database), self.driver.session(database=self.database) as session:
            return session.run(statement, params).data()

    @property
    def server(self) -> str:
        """"neo4j" or "other" (FalkorDB), found by probing once."""
        if self._server is None:
            self.run("RETURN 1", {})  # connection faults surface here, not as "not Neo4j"
            self._server = "neo4j" if cypher.is_neo4j(self.run) else "other"
        return self._server

    def ensure_schema(self) -> None:
        """Constraints and indexes (constraints only on Neo4j), and the version node; safe to repeat."""
        if cypher.written_by_an_older_innokg(self.run):
            raise StoreError(
                "Neo4j 中的图谱由旧版 innokg 写入（节点内含 part_docs），与现版本的分文档记录方式不同："
                "请先清空（MATCH (n) WHERE n:Node OR n:InnokgMeta DETACH DELETE n）再运行 innokg load"
            )
        statements = cypher.neo4j_schema() if self.server == "neo4j" else cypher.falkordb_indexes(self.run)
        for statement in statements:
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

    @property
    def parameter_budget(self) -> int | None:
        """Bytes of parameters one statement may carry: no limit on Neo4j, ~4 KB on FalkorDB."""
        return None if self.server == "neo4j" else SMALL_PARAMETERS

    def _per_batch(self, query, ids: list[str]) -> list[dict[str, Any]]:
        """A query over many ids, in as many statements as the server's parameter limit needs."""
        return [row for batch in id_batches(ids, self.parameter_budget) for row in query(self.run, batch)]

    def _in_batches(self, query, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A query over many rows, in as many statements as the server's parameter limit needs."""
        return [found for batch in batches(rows, self.parameter_budget) for found in query(self.run, batch)]

    # ------------------------------------------------------------------ writing

    def replace_document(self, data: GraphData | PackedFacts) -> None:
        data = unpacked(data)
        doc_id = next(n.id for n in data.nodes if n.label == Label.DOCUMENT)
        self._load(doc_id, data)

    def remove_document(self, doc_id: str) -> None:
        checked_id(doc_id)
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
        if self.server == "neo4j":
            # one transaction per document: a failure rolls the whole document back
            with _translated(self.uri, self.database), self.driver.session(database=self.database) as session:
                session.execute_write(lambda tx: write_document(_tx_runner(tx), doc_id, data, None, lock=True))
        else:
            # FalkorDB: one statement per transaction, parameters under 4 KB (see tests/bolt_server.py)
            write_document(self.run, doc_id, data, self.parameter_budget, lock=False)

    # ------------------------------------------------------------------ reading

    def documents(self) -> list[DocumentInfo]:
        return [node_from_properties(p).info for p in cypher.documents(self.run)]

    def versions(self) -> dict[str, tuple[str | None, str | None]]:
        return {d.id: (d.sha256, d.extractor) for d in self.documents()}

    def document_count(self) -> int:
        return cypher.document_count(self.run)

    def _kept(self, name: str, fetch):
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
        return list(self._kept("units", lambda: [unit_ref(node_from_properties(p), documents=True) for p in cypher.units(self.run)]))

    def nodes(self, *labels: str) -> list[NodeRef]:
        wanted = sorted(labels or GraphView.SEARCHED)
        return list(self._kept(("nodes", *wanted), lambda: view(cypher.nodes(self.run, wanted), []).nodes(*labels)))

    # ------------------------------------------------------------------ what answers are made of

    def queries(self) -> Neo4jStore:
        """The store is its own query layer: each query asks the server."""
        return self

    def task_facts(self, task_id: str) -> GraphView:
        checked_id(task_id)
        return subgraph(cypher.task_answer(self.run, task_id))

    def entity_facts(self, node_id: str) -> GraphView:
        checked_id(node_id)
        return subgraph(cypher.entity(self.run, node_id))

    def neighbourhood_facts(self, node_id: str, depth: int) -> GraphView:
        """Hop by hop: each hop fetches the relationships of the nodes the last hop reached."""
        checked_id(node_id)
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
            checked_id(task_id)
        rows = cypher.targets(self.run, None) if task_ids is None else self._per_batch(cypher.targets, task_ids)
        return subgraph(rows, self._titles())

    def unit_roles(self, unit_id: str) -> list[RoleRow]:
        """Every role relation of the unit, bare (ids, types, places): a unit of a large library
        has thousands, and only one page of them is fetched whole."""
        checked_id(unit_id)
        return [RoleRow(r["task"], r["type"], r["doc"], r["task_start"], r["start"]) for r in cypher.unit_roles(self.run, unit_id)]

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
        checked_id(node_id)
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
        checked_id(node_id)
        rows = cypher.industry_head(self.run, node_id)
        wanted = dict.fromkeys(relation_of(row) for row in [*page.platforms, *page.tasks])
        rows += self._in_batches(cypher.relations, [dict(zip(("source", "target", "key"), r)) for r in wanted])
        rows += self._per_batch(cypher.task_units, list(dict.fromkeys(row.task for row in page.tasks)))
        rows += self._per_batch(cypher.listed_nodes, page.units)
        return subgraph(rows, self._titles())

    def facts(self) -> Facts:
        rels = [row["rel"] for row in cypher.all_relations(self.run)]
        return view(cypher.all_nodes(self.run), rels).graph

    @property
    def in_memory(self) -> bool:
        """Every answer asks the server."""
        return False

    def warm(self) -> None:
        """Nothing kept to prepare: the server holds the graph and its indexes."""

    def stats(self) -> Stats:
        titles = {d.id: d.title for d in self.documents()}
        return assemble_stats([Count(**row) for row in cypher.counts(self.run)], titles)


#: shared nodes read per statement: FalkorDB's Bolt endpoint writes a larger answer in pieces, and
#: the client's delayed acknowledgement then holds each such statement for 40 ms
HEADS_AT_ONCE = 12


def write_document(run: cypher.Run, doc_id: str, data: GraphData, budget: int | None, lock: bool) -> None:
    """Replace a document's facts: its own nodes and relationships rewritten, the shared nodes
    whose part changed merged again (:func:`~innokg.graph.neo4j_store.rows.plan_shared`), each
    group of rows in ``UNWIND $rows`` batches.

    The work is that of the document: its parts and its own nodes are found through indexes, and a
    shared node many documents name is not read whole unless the document comes before others.
    """
    if lock:
        cypher.lock_loads(run)
    own = own_parts(data)
    old_parts = cypher.parts_of_document(run, doc_id)
    touched = sorted({i for i, n in own.items() if n.label not in PER_DOCUMENT} | set(old_parts))
    heads = {}
    for ids in id_batches(touched, budget, HEADS_AT_ONCE):
        heads.update(cypher.heads(run, ids, HEAD_FIELDS))
    plan = plan_shared(doc_id, own, old_parts, heads, lambda node_id: cypher.parts_of_node(run, node_id))
    gone = [i for i in cypher.nodes_of_document(run, doc_id) if i not in own] + plan.gone
    cypher.delete_relations(run, doc_id)
    for ids in id_batches(gone, budget):
        cypher.delete_nodes(run, ids)
    for ids in id_batches([i for i in old_parts if i not in own], budget):
        cypher.delete_parts(run, doc_id, ids)
    own_nodes = defaultdict(list)
    for node_id, node in own.items():
        if node.label in PER_DOCUMENT:
            own_nodes[node.label.value, False].append({"id": node_id, "props": node_properties(node)})
    for (label, relabel), rows in sorted({**own_nodes, **plan.rewritten}.items()):  # labels of the two never meet
        send(run, cypher.merge_nodes_statement(label, relabel), rows, budget)
    for (label, relabel), rows in sorted(plan.appended.items()):
        send(run, cypher.append_nodes_statement(label, label != Label.INDUSTRY_965, relabel), rows, budget)
    for with_documents, rows in plan.touched.items():
        send(run, cypher.add_document_statement(with_documents), rows, budget)
    for batch in batches(plan.parts, budget):
        cypher.set_parts(run, doc_id, batch)
    for rel_type, rows in sorted(relation_rows(data).items()):
        send(run, cypher.create_relations_statement(rel_type), rows, budget, rel_type)
    if not lock:  # on FalkorDB the load is counted once it is written (on Neo4j, as it began)
        cypher.lock_loads(run)


def _tx_runner(tx) -> cypher.Run:
    return lambda statement, params: [record.data() for record in tx.run(statement, params)]


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


#: what an id of innokg never holds: quotes, a backslash, control characters (a server that pastes
#: parameters into its query text, as FalkorDB's Bolt endpoint does, would run them as Cypher)
_NOT_IN_IDS = re.compile(r"[\\'\"`\x00-\x1f\x7f]")


def checked_id(node_id: str) -> str:
    """An id as innokg makes them, or NotFound before it reaches the server."""
    if not node_id or len(node_id) > 500 or _NOT_IN_IDS.search(node_id):
        raise NotFound(f"图谱中没有 {node_id[:80]!r}")
    return node_id


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
