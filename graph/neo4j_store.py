"""The Neo4j store: the same queries as the embedded store, answered by a Bolt server.

Written for Neo4j 5 through the official driver and tested against FalkorDB's Bolt endpoint.
Every Cypher statement lives in :mod:`innokg.graph.cypher`; this module turns rows into
innokg's models. Queries fetch the subgraph an answer needs and hand it to the same
:class:`~innokg.graph.view.GraphView` the embedded store uses, so both stores order and
group answers alike (``tests/graph/test_parity.py`` holds them to it).

Loading a document is one read (the parts of the nodes it touches) and one write statement
(its facts, batched by label and type). A statement is atomic on both servers, so a load that
fails leaves the document as it was, and loads are idempotent.
"""

from __future__ import annotations

import json
from collections import defaultdict
from contextlib import contextmanager
from functools import reduce
from typing import Any

import networkx as nx
from innokg.graph import cypher
from innokg.graph.errors import NotFound, StoreError
from innokg.graph.model import (
    DocumentInfo,
    DocumentNode,
    EntityNode,
    Evidence,
    GraphData,
    Industry965Node,
    Label,
    Node,
    Quantity,
    Relation,
    RelType,
    SectionNode,
    TargetNode,
    TaskNode,
    UnitNode,
)
from innokg.graph.store import (
    Chain,
    DocumentRef,
    DocumentStats,
    EntityAnswer,
    IndustryLinks,
    Neighbourhood,
    NodeRef,
    Stats,
    TargetAnswer,
    TaskAnswer,
    TaskRef,
    UnitRef,
    UnitTasks,
)
from innokg.graph.view import GraphView, add_facts, merge_nodes, task_ref, unit_ref
from pydantic import TypeAdapter

import neo4j
from neo4j import exceptions as neo4j_errors

ANY_NODE = TypeAdapter(Node)  # a node of any label, from its JSON


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

    @property
    def parameter_budget(self) -> int | None:
        """Bytes of parameters one statement may carry: no limit on Neo4j, ~4 KB on FalkorDB."""
        return None if self.server == "neo4j" else SMALL_PARAMETERS

    def _per_batch(self, query, ids: list[str]) -> list[dict[str, Any]]:
        """A query over many ids, in as many statements as the server's parameter limit needs."""
        rows = []
        for batch in _batches([{"id": i} for i in ids], self.parameter_budget):
            rows += query(self.run, [row["id"] for row in batch])
        return rows

    # ------------------------------------------------------------------ writing

    def replace_document(self, data: GraphData) -> None:
        doc_id = next(n.id for n in data.nodes if n.label == Label.DOCUMENT)
        self._load(doc_id, data)

    def remove_document(self, doc_id: str) -> None:
        if not any(d.id == doc_id for d in self.documents()):
            raise NotFound(f"图谱中没有文档 {doc_id}")
        self._load(doc_id, GraphData())

    def save(self) -> None:
        """Nothing to do: each document was committed as it was loaded."""

    def _load(self, doc_id: str, data: GraphData) -> None:
        if not self._schema_ready:
            self.ensure_schema()
        if self.server == "neo4j":
            # one transaction per document: a failure rolls the whole document back
            with _translated(self.uri, self.database), self.driver.session(database=self.database) as session:
                session.execute_write(lambda tx: _write_document(_tx_runner(tx), doc_id, data, None, lock=True))
        else:
            # FalkorDB: one statement per transaction, parameters under 4 KB (see tests/bolt_server.py)
            _write_document(self.run, doc_id, data, self.parameter_budget, lock=False)

    # ------------------------------------------------------------------ reading

    def documents(self) -> list[DocumentInfo]:
        return [node_from_properties(p).info for p in cypher.documents(self.run)]

    def tasks(self) -> list[TaskRef]:
        return [task_ref(node_from_properties(p)) for p in cypher.tasks(self.run)]

    def units(self) -> list[UnitRef]:
        return [unit_ref(node_from_properties(p)) for p in cypher.units(self.run)]

    def nodes(self, *labels: str) -> list[NodeRef]:
        return _view(cypher.nodes(self.run, list(labels or GraphView.SEARCHED)), []).nodes(*labels)

    def task_answer(self, task_id: str) -> TaskAnswer:
        return _subgraph(cypher.task_answer(self.run, task_id)).task_answer(task_id)

    def unit_tasks(self, unit_id: str) -> UnitTasks:
        return _subgraph(cypher.unit_tasks(self.run, unit_id)).unit_tasks(unit_id)

    def chain(self, unit_id: str) -> Chain:
        return _subgraph(cypher.unit_tasks(self.run, unit_id)).chain(unit_id)

    def entity(self, node_id: str) -> EntityAnswer:
        return _subgraph(cypher.entity(self.run, node_id)).entity(node_id)

    def industry_links(self, node_id: str) -> IndustryLinks:
        rows, task_ids = cypher.industry_links(self.run, node_id)
        rows += self._per_batch(cypher.task_roles, task_ids)
        return _subgraph(rows).industry_links(node_id)

    def neighbourhood(self, node_id: str, depth: int = 1) -> Neighbourhood:
        """Hop by hop: each hop fetches the relationships of the nodes the last hop reached."""
        rows, seen, frontier = [], set(), [node_id]
        for _ in range(max(depth, 1)):
            hop = self._per_batch(cypher.incident, frontier)
            rows += hop
            seen.update(frontier)
            frontier = sorted({p["id"] for row in hop for p in row["nodes"] if p} - seen)
            if not frontier:
                break
        return _subgraph(rows).neighbourhood(node_id, depth)

    def export(self) -> GraphData:
        rels = [row["rel"] for row in cypher.all_relations(self.run)]
        return _view(cypher.all_nodes(self.run), rels).export()

    def targets(self, task_ids: list[str] | None = None) -> list[TargetAnswer]:
        answers = []
        rows = cypher.targets(self.run, None) if task_ids is None else self._per_batch(cypher.targets, task_ids)
        for row in rows:
            target = node_from_properties(row["target"])
            answers.append(
                TargetAnswer(
                    **target.model_dump(include={"id", *Quantity.model_fields}),
                    text=target.name,
                    task=task_ref(node_from_properties(row["task"])),
                    evidence=_evidence(row["props"]),
                )
            )
        return sorted(answers, key=lambda t: (t.evidence.doc_id, t.evidence.start, t.id))

    def stats(self) -> Stats:
        rows = cypher.counts(self.run)
        titles = {d.id: d.title for d in self.documents()}
        per_doc: dict[str, DocumentStats] = {
            doc_id: DocumentStats(
                document=DocumentRef(id=doc_id, title=title),
                sections=0,
                tasks=0,
                attributed_tasks=0,
                relations={t.value: 0 for t in RelType},
            )
            for doc_id, title in sorted(titles.items())
        }
        by_label: dict[str, int] = defaultdict(int)
        relations = {t.value: 0 for t in RelType}
        collective, unmapped = 0, []
        for row in rows:
            kind, key, doc, n = row["kind"], row["key"], row["doc"], int(row["n"])
            if kind == "node":
                by_label[key] += n
                if doc in per_doc and key in (Label.SECTION, Label.TASK):
                    setattr(per_doc[doc], "sections" if key == Label.SECTION else "tasks", n)
            elif kind == "rel":
                relations[key] += n
                if doc in per_doc:
                    per_doc[doc].relations[key] += n
            elif kind == "attributed" and doc in per_doc:
                per_doc[doc].attributed_tasks = n
            elif kind == "collective":
                collective = n
            elif kind == "unmapped":
                unmapped.append(key)
        documents = list(per_doc.values())
        return Stats(
            entities=dict(sorted(by_label.items())),
            unmapped_industries=sorted(unmapped),
            documents=len(documents),
            sections=sum(d.sections for d in documents),
            tasks=sum(d.tasks for d in documents),
            attributed_tasks=sum(d.attributed_tasks for d in documents),
            units=by_label.get(Label.UNIT.value, 0),
            collective_units=collective,
            relations=relations,
            per_document=documents,
        )


# --------------------------------------------------------------------------- writing

#: FalkorDB's Bolt endpoint crashes on parameters over ~4 KB: batches stay under this many bytes
SMALL_PARAMETERS = 2500
#: and a text longer than this is sent in pieces appended one statement at a time
PIECE = 1200
#: Neo4j takes big batches; rows per UNWIND there
NEO4J_BATCH = 1000


def _write_document(run: cypher.Run, doc_id: str, data: GraphData, budget: int | None, lock: bool) -> None:
    """Replace a document's facts: read the parts of the nodes it touches, merge, write in batches.

    Nodes first (grouped by label), then relationships (grouped by type), each group in
    ``UNWIND $rows`` batches.
    """
    if lock:
        cypher.lock_loads(run)
    own = _own_parts(data)
    current = cypher.nodes_of_document(run, doc_id)
    for batch in _batches([{"id": i} for i in sorted(own)], budget):
        current += cypher.nodes_by_id(run, [row["id"] for row in batch])
    gone, nodes = _merged_nodes(doc_id, own, current)
    cypher.delete_relations(run, doc_id)
    for batch in _batches([{"id": i} for i in gone], budget):
        cypher.delete_nodes(run, [row["id"] for row in batch])
    for label, rows in sorted(nodes.items()):
        _send(run, cypher.merge_nodes_statement(label), rows, budget)
    for rel_type, rows in sorted(_relation_rows(data).items()):
        _send(run, cypher.create_relations_statement(rel_type), rows, budget, rel_type)


def _send(run, statement: str, rows: list[dict[str, Any]], budget: int | None, rel_type: str | None = None) -> None:
    """Rows in batches under the budget; texts too long for it follow in pieces."""
    pieces = [piece for row in rows for piece in _cut_long_texts(row, budget)] if budget is not None else []
    for batch in _batches(rows, budget):
        run(statement, {"rows": batch})
    append_pieces(run, pieces, rel_type)


def append_pieces(run, pieces: list[tuple[dict[str, Any], str, str]], rel_type: str | None = None) -> None:
    """The rest of the texts :func:`_cut_long_texts` shortened, one piece per statement, in order."""
    for row, key, piece in pieces:
        if rel_type:
            target = {"source": row["source"], "target": row["target"], "key": row["props"]["key"]}
            run(cypher.append_relation_property(rel_type, key), {**target, "piece": piece})
        else:
            run(cypher.append_node_property(key), {"id": row["id"], "piece": piece})


def _cut_long_texts(row: dict[str, Any], budget: int) -> list[tuple[dict[str, Any], str, str]]:
    """Shorten the row's long texts to their first piece; return the rest, to append in order."""
    if _size(row) <= budget:
        return []
    rest = []
    props = row["props"]
    for key, value in sorted(props.items()):
        if isinstance(value, str) and _size(value) > PIECE:
            first, *others = _pieces(value, PIECE)
            props[key] = first
            rest += [(row, key, piece) for piece in others]
    if _size(row) > budget:
        raise StoreError(f"{row.get('id') or row.get('source')} 的属性太多，超出此服务器单条语句的参数上限")
    return rest


def _pieces(text: str, limit: int) -> list[str]:
    pieces, current, size = [], [], 0
    for char in text:
        width = _size(char) - 2
        if size + width > limit and current:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return pieces


def _size(value: Any) -> int:
    """Bytes of a value as the server sees it in its parameter text (JSON-like, UTF-8)."""
    return len(json.dumps(value, ensure_ascii=False).encode())


def _batches(rows: list[dict[str, Any]], budget: int | None) -> list[list[dict[str, Any]]]:
    if budget is None:
        return [rows[i : i + NEO4J_BATCH] for i in range(0, len(rows), NEO4J_BATCH)]
    batches, current, size = [], [], 0
    for row in rows:
        width = _size(row) + 2
        if current and size + width > budget:
            batches.append(current)
            current, size = [], 0
        current.append(row)
        size += width
    if current:
        batches.append(current)
    return batches


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


# --------------------------------------------------------------------------- rows ↔ models

NODE_MODELS = {
    Label.DOCUMENT: DocumentNode,
    Label.SECTION: SectionNode,
    Label.TASK: TaskNode,
    Label.UNIT: UnitNode,
    Label.INDUSTRY_965: Industry965Node,
    Label.TARGET: TargetNode,
}


def node_from_properties(props: dict[str, Any]) -> Node:
    """A node read back from its properties (the bookkeeping ones ignored)."""
    label = Label(props["label"])
    if label == Label.DOCUMENT:
        return DocumentNode(id=props["id"], name=props["name"], info=_fields(DocumentInfo, props))
    return _fields(NODE_MODELS.get(label, EntityNode), props)


def _fields(model, props: dict[str, Any]):
    """The model from the properties it has; a None the database could not store is None again."""
    return model.model_validate(
        {k: props.get(k) for k, field in model.model_fields.items() if k in props or field.is_required()}
    )


def node_properties(node: Node, parts: dict[str, Node]) -> dict[str, Any]:
    """The node's fields as properties (a document's metadata flattened), and its parts."""
    dump = node.model_dump(mode="json")
    for key, value in (dump.pop("info", None) or {}).items():
        dump.setdefault(key, value)
    props = {k: v for k, v in dump.items() if v is not None}
    props["part_docs"] = sorted(parts)
    if len(parts) > 1:
        props["parts"] = json.dumps(
            {doc: part.model_dump(mode="json", exclude_none=True) for doc, part in sorted(parts.items())},
            ensure_ascii=False,
        )
    return props


def _parts_of(props: dict[str, Any]) -> dict[str, Node]:
    if "parts" in props:
        return {doc: ANY_NODE.validate_python(part) for doc, part in json.loads(props["parts"]).items()}
    return {doc: node_from_properties(props) for doc in props.get("part_docs") or []}


def _own_parts(data: GraphData) -> dict[str, Node]:
    """The document's nodes by id (a node named twice in a document merged, as the embedded store does)."""
    own: dict[str, Node] = {}
    for node in data.nodes:
        own[node.id] = merge_nodes(own[node.id], node) if node.id in own else node
    return own


def _merged_nodes(
    doc_id: str, own: dict[str, Node], current: list[dict[str, Any]]
) -> tuple[list[str], dict[str, list[dict[str, Any]]]]:
    """For every node the document touches: its parts with this document's new part, merged.

    Parts merge in the order of their documents' ids, as in the embedded store, so the shown
    name does not depend on the order documents were loaded in. A node left with no part is gone.
    """
    parts: dict[str, dict[str, Node]] = {}
    for props in current:
        parts[props["id"]] = {d: p for d, p in _parts_of(props).items() if d != doc_id}
    for node_id, node in own.items():
        parts.setdefault(node_id, {})[doc_id] = node
    gone, groups = [], defaultdict(list)
    for node_id, by_doc in sorted(parts.items()):
        if not by_doc:
            gone.append(node_id)
            continue
        merged = reduce(merge_nodes, (part for _, part in sorted(by_doc.items())))
        groups[merged.label.value].append({"id": node_id, "props": node_properties(merged, by_doc)})
    return gone, groups


def _relation_rows(data: GraphData) -> dict[str, list[dict[str, Any]]]:
    """Relationships by type; one per type, document and place between two nodes, as in the embedded store."""
    unique = {(rel.source, rel.target, rel.key): rel for rel in data.relations}
    groups = defaultdict(list)
    for (source, target, key), rel in unique.items():
        props = {
            "key": key,
            "doc_id": rel.doc_id,
            "start": rel.evidence.start,
            "end": rel.evidence.end,
            "quote": rel.evidence.quote,
            "surface": rel.surface,
            "mention_start": rel.mention_start,
        }
        groups[rel.type.value].append(
            {"source": source, "target": target, "props": {k: v for k, v in props.items() if v is not None}}
        )
    return groups


def _evidence(props: dict[str, Any]) -> Evidence:
    return Evidence(doc_id=props["doc_id"], start=props["start"], end=props["end"], quote=props["quote"])


def _relation(row: dict[str, Any]) -> Relation:
    props = row["props"]
    return Relation(
        type=RelType(row["type"]),
        source=row["source"],
        target=row["target"],
        doc_id=props["doc_id"],
        evidence=_evidence(props),
        surface=props.get("surface"),
        mention_start=props.get("mention_start"),
    )


def _view(node_props: list[dict[str, Any]], rels: list[dict[str, Any]]) -> GraphView:
    # nodes arrive merged already, one per id: adding them as they are keeps them as stored
    nodes = {props["id"]: node_from_properties(props) for props in node_props}
    return GraphView(add_facts(nx.MultiDiGraph(), nodes.values(), [_relation(r) for r in rels]))


def _subgraph(rows: list[dict[str, Any]]) -> GraphView:
    """The rows of a subgraph query as a view: nulls of OPTIONAL MATCH dropped, repeats merged."""
    nodes = [props for row in rows for props in row["nodes"] if props]
    rels = [r for row in rows for r in row["rels"] if r and r.get("type") and r.get("source") and r.get("target")]
    return _view(nodes, rels)


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
