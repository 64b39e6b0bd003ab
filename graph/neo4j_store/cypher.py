"""Every Cypher statement innokg sends to Neo4j 5, in one place, parameterised.

The FalkorDB dialect (:mod:`.falkordb`, the tests' Bolt server) sends these too, and only its
own few besides (its index syntax, long texts appended in pieces), so the statements here keep
to the Cypher both speak: no ``elementId()``, no APOC, no ``sum()`` (FalkorDB returns floats);
``IF NOT EXISTS`` only in Neo4j's schema (:func:`neo4j_schema`).

The graph in the database:

* every node has the label ``Node`` and its own label (``Task``, ``Unit``, ``Platform`` …),
  and the fields of innokg's model as plain properties (``id``, ``name``, ``aliases`` …; a
  document's metadata flattened), which is also what innokg reads back;
* a node many documents name (a unit, a platform, an industry) keeps what each said as one
  ``InnokgPart`` node per document ({node_id, doc_id, part}), so that reloading one document
  takes out exactly that document's share, and no node's properties grow with the library
  (but its ``documents`` list, which grows by appending); ``last_doc`` is the greatest id of
  its documents (a library loaded in order merges each one in without reading the others).
  This is the design on Neo4j too, not a way of keeping parameters small: a document is
  replaced or removed by its own parts alone, whoever else names the node;
* every relationship carries ``doc_id``, its evidence (``start``, ``end``, ``quote``) and a
  ``key`` (type, document and place), one fact per key;
* one ``InnokgMeta`` node, whose update counts document loads and serialises them (each is one
  transaction).

Each query function takes a ``run`` callable (statement, parameters) → list of records as
dicts, so the store decides sessions, retries and error messages.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from functools import cache
from typing import Any

from innokg.graph.model import (
    ROLE_RELATIONS,
    DocumentInfo,
    EntityNode,
    Industry965Node,
    Label,
    RelType,
    TaskNode,
    UnitNode,
)

Run = Callable[[str, dict[str, Any]], list[dict[str, Any]]]

NODE = "Node"
PART = "InnokgPart"
META = "InnokgMeta"
NODE_LABELS = tuple(label.value for label in Label)
ROLE_TYPES = "|".join(ROLE_RELATIONS)
META_ID = "graph"

# ---------------------------------------------------------------------------- the schema


def neo4j_schema() -> list[str]:
    """Constraints and indexes on Neo4j 5, idempotent."""
    statements = [
        "CREATE CONSTRAINT innokg_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT innokg_meta_id IF NOT EXISTS FOR (m:InnokgMeta) REQUIRE m.id IS UNIQUE",
        "CREATE INDEX innokg_node_name IF NOT EXISTS FOR (n:Node) ON (n.name)",
        "CREATE INDEX innokg_node_doc IF NOT EXISTS FOR (n:Node) ON (n.doc_id)",
        "CREATE INDEX innokg_part_node IF NOT EXISTS FOR (p:InnokgPart) ON (p.node_id)",
        "CREATE INDEX innokg_part_doc IF NOT EXISTS FOR (p:InnokgPart) ON (p.doc_id)",
    ]
    statements += [
        f"CREATE INDEX innokg_{t.value.lower()}_doc IF NOT EXISTS FOR ()-[r:{t.value}]-() ON (r.doc_id)"
        for t in RelType
    ]
    return statements


def written_by_an_older_innokg(run: Run) -> bool:
    """Whether the database holds nodes with their documents' parts inside (``part_docs``), as
    innokg wrote them before the parts became ``InnokgPart`` nodes."""
    return bool(run("MATCH (n:Node) WHERE n.part_docs IS NOT NULL RETURN n.id AS id LIMIT 1", {}))


def ensure_meta(run: Run) -> None:
    """The version node; ``epoch`` tells a graph cleared and loaded again from the one before."""
    run("MERGE (m:InnokgMeta {id: $id}) ON CREATE SET m.version = 0, m.epoch = $epoch", {"id": META_ID, "epoch": uuid.uuid4().hex})


# ---------------------------------------------------------------------------- loading

PROPERTY = re.compile(r"^[a-z][a-z0-9_]*$")


def graph_version(run: Run) -> tuple[str, int] | None:
    """Which graph this is and how many document loads it has seen: the lists search runs over
    are kept until it changes."""
    rows = run("MATCH (m:InnokgMeta {id: $meta}) RETURN m.epoch AS epoch, m.version AS version", {"meta": META_ID})
    return (rows[0]["epoch"], rows[0]["version"]) if rows and rows[0]["epoch"] else None


def lock_loads(run: Run) -> None:
    """Count the load, which takes the graph's write lock: it holds until the document's
    transaction ends, so two loaders never interleave their reads and writes of shared nodes."""
    run("MATCH (m:InnokgMeta {id: $meta}) SET m.version = m.version + 1", {"meta": META_ID})


def nodes_of_document(run: Run, doc_id: str) -> list[str]:
    """The ids of the nodes that belong to the document alone (itself, its sections, tasks, targets)."""
    rows = run(
        "MATCH (n:Node {doc_id: $doc_id}) RETURN n.id AS id UNION MATCH (d:Document {id: $doc_id}) RETURN d.id AS id",
        {"doc_id": doc_id},
    )
    return [row["id"] for row in rows]


def parts_of_document(run: Run, doc_id: str) -> dict[str, str]:
    """What the document said of each shared node it named: {node id: part}."""
    rows = run(f"MATCH (p:{PART} {{doc_id: $doc_id}}) RETURN p.node_id AS id, p.part AS part", {"doc_id": doc_id})
    return {row["id"]: row["part"] for row in rows}


def parts_of_node(run: Run, node_id: str) -> dict[str, str]:
    """What every document said of a shared node: {doc id: part}."""
    rows = run(f"MATCH (p:{PART} {{node_id: $id}}) RETURN p.doc_id AS doc, p.part AS part", {"id": node_id})
    return {row["doc"]: row["part"] for row in rows}


def heads(run: Run, ids: list[str], fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Shared nodes' properties but the list of their documents (which grows with the library)."""
    projection = ", ".join(f".{field}" for field in (*fields, "last_doc") if PROPERTY.match(field))
    rows = run(f"UNWIND $ids AS id MATCH (n:Node {{id: id}}) RETURN n {{{projection}}} AS head", {"ids": ids})
    return {row["head"]["id"]: {k: v for k, v in row["head"].items() if v is not None} for row in rows}


def set_parts(run: Run, doc_id: str, rows: list[dict[str, Any]]) -> None:
    """The document's parts of shared nodes, from ``rows`` of {id, part}."""
    run(f"UNWIND $rows AS row MERGE (p:{PART} {{node_id: row.id, doc_id: $doc_id}}) SET p.part = row.part", {"rows": rows, "doc_id": doc_id})


def delete_parts(run: Run, doc_id: str, ids: list[str]) -> None:
    run(f"UNWIND $ids AS id MATCH (p:{PART} {{node_id: id, doc_id: $doc_id}}) DELETE p", {"ids": ids, "doc_id": doc_id})


def delete_relations(run: Run, doc_id: str) -> None:
    """Every relationship the document stated (each carries its ``doc_id``)."""
    subqueries = [f"CALL {{ MATCH ()-[r:{t.value} {{doc_id: $doc_id}}]->() DELETE r }}" for t in RelType]
    run("\n".join([*subqueries, "RETURN 1 AS done"]), {"doc_id": doc_id})


def delete_nodes(run: Run, ids: list[str]) -> None:
    run("UNWIND $ids AS id MATCH (n:Node {id: id}) DETACH DELETE n", {"ids": ids})


@cache
def merge_nodes_statement(label: str, relabel: bool = False) -> str:
    """Nodes of one label from ``$rows`` of {id, props}. ``relabel``: the nodes are stored with
    another label, which they lose. A node keeps its label otherwise, and the label is then in
    the pattern (a MERGE naming a label the node lacks would create a second node with its id,
    which Neo4j's uniqueness constraint refuses); labels are written only when they change,
    which on FalkorDB took 35–85 ms for five new nodes at 230,000 nodes, against 7–9 ms so.

    Labels cannot be parameters, so there is one statement per label, built from innokg's own enum.
    """
    return f"UNWIND $rows AS row {_merge_node(label, relabel)} SET n = row.props{_relabelled(label, relabel)}"


@cache
def append_nodes_statement(label: str, with_documents: bool, relabel: bool = False) -> str:
    """Shared nodes from ``$rows`` of {id, props, doc}: properties replaced by the merged ones and
    the document added at the end of their ``documents`` (never read back, never resent)."""
    documents = ", n.documents = documents + [row.doc]" if with_documents else ""
    return (
        f"UNWIND $rows AS row {_merge_node(label, relabel)} WITH n, row, coalesce(n.documents, []) AS documents "
        f"SET n = row.props{documents}{_relabelled(label, relabel)}"
    )


def _merge_node(label: str, relabel: bool) -> str:
    if label not in NODE_LABELS:
        raise ValueError(label)
    return "MERGE (n:Node {id: row.id})" if relabel else f"MERGE (n:Node:{label} {{id: row.id}})"


def _relabelled(label: str, relabel: bool) -> str:
    others = ":".join(other for other in NODE_LABELS if other != label)
    return f", n:{label} REMOVE n:{others}" if relabel else ""


def add_document_statement(with_documents: bool) -> str:
    """Shared nodes from ``$rows`` of {id, doc} a document names again without adding anything else."""
    documents = "n.documents = coalesce(n.documents, []) + [row.doc], " if with_documents else ""
    return f"UNWIND $rows AS row MATCH (n:Node {{id: row.id}}) SET {documents}n.last_doc = row.doc"


@cache
def create_relations_statement(rel_type: str) -> str:
    """Relationships of one type from ``$rows`` of {source, target, props}."""
    RelType(rel_type)  # only innokg's own types reach the statement text
    return (
        "UNWIND $rows AS row MATCH (s:Node {id: row.source}) MATCH (o:Node {id: row.target}) "
        f"CREATE (s)-[r:{rel_type}]->(o) SET r = row.props"
    )


def merge_one_row(run: Run, row: dict[str, Any]) -> None:
    """One node or relationship per statement: only for the benchmark against UNWIND batches."""
    if "source" not in row:
        run(f"MERGE (n:Node {{id: $id}}) SET n = $props, n:{Label(row['label']).value}", row)
    else:
        run(
            "MATCH (s:Node {id: $source}) MATCH (o:Node {id: $target}) "
            f"CREATE (s)-[r:{RelType(row['type']).value}]->(o) SET r = $props",
            row,
        )


def clear(run: Run) -> None:
    run(f"MATCH (n) WHERE n:Node OR n:InnokgMeta OR n:{PART} DETACH DELETE n", {})


# ---------------------------------------------------------------------------- reading

# Subgraph queries return rows of ``nodes`` (a list of node properties) and ``rels`` (a list of
# {type, source, target, props}); nulls from OPTIONAL MATCH are dropped by the reader.


def _rel(r: str, s: str, o: str) -> str:
    return f"{{type: type({r}), source: {s}.id, target: {o}.id, props: properties({r})}}"


PART_OF_CHAIN = (
    "MATCH (t:Node {id: tid})-[:PART_OF*0..]->(x)-[p:PART_OF]->(y) "
    f"RETURN [properties(x), properties(y)] AS nodes, [{_rel('p', 'x', 'y')}] AS rels"
)


def documents(run: Run, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """The documents' properties named in ``fields`` (not their text, which only the reader asks for)."""
    projection = ", ".join(f".{field}" for field in fields if PROPERTY.match(field))
    rows = run(f"MATCH (d:Document) RETURN d {{{projection}}} AS props ORDER BY d.id", {})
    return [{k: v for k, v in row["props"].items() if v is not None} for row in rows]


def document_text(run: Run, doc_id: str) -> str | None:
    """A document's text (None for no such document)."""
    rows = run("MATCH (d:Document {id: $id}) RETURN d.text AS text", {"id": doc_id})
    return (rows[0]["text"] or "") if rows else None


def document_count(run: Run) -> int:
    return run("MATCH (d:Document) RETURN count(d) AS n", {})[0]["n"]


def tasks(run: Run) -> list[dict[str, Any]]:
    rows = run("MATCH (t:Task) RETURN properties(t) AS props ORDER BY t.doc_id, t.start", {})
    return [row["props"] for row in rows]


def units(run: Run) -> list[dict[str, Any]]:
    return [row["props"] for row in run("MATCH (u:Unit) RETURN properties(u) AS props ORDER BY u.name", {})]


def nodes(run: Run, labels: list[str]) -> list[dict[str, Any]]:
    rows = run(
        "MATCH (n:Node) WHERE n.label IN $labels RETURN properties(n) AS props ORDER BY n.label, n.name",
        {"labels": labels},
    )
    return [row["props"] for row in rows]


def task_answer(run: Run, task_id: str) -> list[dict[str, Any]]:
    """The task, the units it names with their roles, and its sections up to the document."""
    return run(
        f"""
        MATCH (t:Task {{id: $id}}) OPTIONAL MATCH (t)-[r:{ROLE_TYPES}]->(u)
        RETURN [properties(t), properties(u)] AS nodes, [{_rel('r', 't', 'u')}] AS rels
        UNION ALL
        WITH $id AS tid {PART_OF_CHAIN}
        """,
        {"id": task_id},
    )


def unit_roles(run: Run, unit_id: str) -> list[dict[str, Any]]:
    """Each role relation of a unit, with no more than ordering and counting them needs."""
    return run(
        f"""
        MATCH (:Unit {{id: $id}})<-[r:{ROLE_TYPES}]-(t:Task)
        RETURN t.id AS task, type(r) AS type, r.doc_id AS doc, r.start AS start, t.start AS task_start
        """,
        {"id": unit_id},
    )


def unit_page(run: Run, unit_id: str, task_ids: list[str]) -> list[dict[str, Any]]:
    """The unit, these of its tasks with their roles, and those tasks' sections (one page)."""
    return run(
        f"""
        MATCH (u:Unit {{id: $id}}) OPTIONAL MATCH (t:Task)-[r:{ROLE_TYPES}]->(u) WHERE t.id IN $tids
        RETURN [properties(u), properties(t)] AS nodes, [{_rel('r', 't', 'u')}] AS rels
        UNION ALL
        UNWIND $tids AS tid {PART_OF_CHAIN}
        """,
        {"id": unit_id, "tids": task_ids},
    )


def entity(run: Run, node_id: str) -> list[dict[str, Any]]:
    """A node, every relationship it has with the node at the other end, and its "965" industry."""
    return run(
        f"""
        MATCH (n:Node {{id: $id}}) OPTIONAL MATCH (c:Node {{id: n.category}})
        RETURN [properties(n), properties(c)] AS nodes, [] AS rels
        UNION ALL
        MATCH (n:Node {{id: $id}})-[r]->(o) RETURN [properties(n), properties(o)] AS nodes, [{_rel('r', 'n', 'o')}] AS rels
        UNION ALL
        MATCH (n:Node {{id: $id}})<-[r]-(o) RETURN [properties(n), properties(o)] AS nodes, [{_rel('r', 'o', 'n')}] AS rels
        """,
        {"id": node_id},
    )


#: the properties of tasks and of the nodes many documents name (units, platforms, industries …)
#: that lists of them show: not a task's text (FalkorDB takes ~3 ms to send one, and a page of
#: links has hundreds) nor a node's documents (a unit every plan names lists 10,000); and no field
#: other labels have (FalkorDB's cost per row grows steeply with the fields projected)
_LISTED_FIELDS = sorted(
    {f for model in (TaskNode, UnitNode, EntityNode, Industry965Node) for f in model.model_fields} - {"documents", "text"}
)


def _listed(n: str) -> str:
    """A task or shared node as answers list it: without its text (left empty) and its documents,
    but how many those are (``document_count``)."""
    fields = ", ".join(f".{field}" for field in _LISTED_FIELDS)
    return f"{n} {{{fields}, text: '', document_count: size({n}.documents)}}"


#: an industry, or the industries of a "965" industry (``ind``)
_INDUSTRIES = """
    MATCH (q:Node {id: $id}) OPTIONAL MATCH (i:Industry)-[:IN_965]->(q)
    WITH q, i WHERE i IS NOT NULL OR q:Industry WITH DISTINCT coalesce(i, q) AS ind
"""
#: the platforms serving them (``p``)
_PLATFORMS = f"{_INDUSTRIES} MATCH (ind)<-[:SERVES]-(p) WITH DISTINCT p"
_LINK = "t.id AS task, type(r) AS type, r.doc_id AS doc_id, r.start AS start, t.doc_id AS task_doc"
_TASK_ROLE = "t.id AS task, type(r) AS type, u.id AS unit, r.start AS start, r.mention_start AS mention_start"
_LINK_ROLES = f"{RelType.LEADS.value}|{RelType.CO_RESPONSIBLE.value}"


def industry_head(run: Run, node_id: str) -> list[dict[str, Any]]:
    """The node asked about and, if it is a "965" industry, its industries (one of the relations
    saying so each: every document that names an industry says it again)."""
    return run(
        f"""
        MATCH (q:Node {{id: $id}}) OPTIONAL MATCH (i:Industry)-[r:IN_965]->(q)
        WITH q, i, collect(r)[0] AS r
        RETURN [{_listed('q')}, {_listed('i')}] AS nodes, [{_rel('r', 'i', 'q')}] AS rels
        """,
        {"id": node_id},
    )


def link_platforms(run: Run, node_id: str) -> list[dict[str, Any]]:
    """Each platform serving the industries, bare: what ordering the entries needs."""
    return run(
        f"""
        {_INDUSTRIES} MATCH (ind)<-[r:SERVES]-(p)
        RETURN ind.name AS industry_name, ind.id AS industry, r.doc_id AS doc_id, r.start AS start, p.id AS platform
        """,
        {"id": node_id},
    )


def link_tasks(run: Run, node_id: str) -> list[dict[str, Any]]:
    """Each relation of a task naming the industries or building or naming their platforms, bare."""
    return run(
        f"""
        {_INDUSTRIES} MATCH (ind)<-[r:MENTIONS]-(t) RETURN {_LINK}, ind.id AS via, ind.name AS via_name
        UNION ALL
        {_PLATFORMS} MATCH (p)<-[r:BUILDS|MENTIONS]-(t) RETURN {_LINK}, p.id AS via, p.name AS via_name
        """,
        {"id": node_id},
    )


def link_roles(run: Run, node_id: str) -> list[dict[str, Any]]:
    """The lead and co-responsible relations of every one of those tasks, bare."""
    return run(
        f"""
        {_INDUSTRIES} MATCH (ind)<-[:MENTIONS]-(t) WITH DISTINCT t MATCH (t)-[r:{_LINK_ROLES}]->(u) RETURN {_TASK_ROLE}
        UNION
        {_PLATFORMS} MATCH (p)<-[:BUILDS|MENTIONS]-(t) WITH DISTINCT t MATCH (t)-[r:{_LINK_ROLES}]->(u) RETURN {_TASK_ROLE}
        """,
        {"id": node_id},
    )


def relations(run: Run, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """These relations, from ``rows`` of {source, target, key}, with both their ends."""
    return run(
        f"""
        UNWIND $rows AS row MATCH (s:Node {{id: row.source}})-[r]->(o:Node {{id: row.target}}) WHERE r.key = row.key
        RETURN [{_listed('s')}, {_listed('o')}] AS nodes, [{_rel('r', 's', 'o')}] AS rels
        """,
        {"rows": rows},
    )


def task_units(run: Run, task_ids: list[str]) -> list[dict[str, Any]]:
    """The relations of these tasks to the units leading and sharing them (the units: :func:`listed_nodes`)."""
    return run(
        f"UNWIND $ids AS tid MATCH (t:Node {{id: tid}})-[r:{_LINK_ROLES}]->(u) RETURN [] AS nodes, [{_rel('r', 't', 'u')}] AS rels",
        {"ids": task_ids},
    )


def listed_nodes(run: Run, node_ids: list[str]) -> list[dict[str, Any]]:
    """These nodes (without their documents: see :func:`_listed`)."""
    return run(
        f"UNWIND $ids AS nid MATCH (n:Node {{id: nid}}) RETURN [{_listed('n')}] AS nodes, [] AS rels",
        {"ids": node_ids},
    )


def incident(run: Run, node_ids: list[str]) -> list[dict[str, Any]]:
    """The nodes and every relationship touching them (one hop of a neighbourhood)."""
    return run(
        f"""
        UNWIND $ids AS nid MATCH (n:Node {{id: nid}}) RETURN [properties(n)] AS nodes, [] AS rels
        UNION ALL
        UNWIND $ids AS nid MATCH (n:Node {{id: nid}})-[r]->(o)
        RETURN [properties(n), properties(o)] AS nodes, [{_rel('r', 'n', 'o')}] AS rels
        UNION ALL
        UNWIND $ids AS nid MATCH (n:Node {{id: nid}})<-[r]-(o)
        RETURN [properties(n), properties(o)] AS nodes, [{_rel('r', 'o', 'n')}] AS rels
        """,
        {"ids": node_ids},
    )


#: a document as lists show it: its metadata, not its text (the source reader asks for that)
DOCUMENT_FIELDS = ("label", "id", "name", *DocumentInfo.model_fields)


def citation_layer(run: Run) -> list[dict[str, Any]]:
    """Every document and policy, and every CITES and ISSUES relationship between them: each node
    once, without its text or its list of documents (a policy a thousand plans cite would send its
    list a thousand times)."""
    doc = "d {" + ", ".join(f".{f}" for f in DOCUMENT_FIELDS) + "}"
    return run(
        f"""
        MATCH (d:Document) RETURN [{doc}] AS nodes, [] AS rels
        UNION ALL
        MATCH (p:Policy) RETURN [{_listed('p')}] AS nodes, [] AS rels
        UNION ALL
        MATCH (d:Document)-[r:{RelType.CITES.value}|{RelType.ISSUES.value}]->(p:Policy)
        RETURN [] AS nodes, [{_rel('r', 'd', 'p')}] AS rels
        """,
        {},
    )


def document_facts(run: Run, doc_id: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """A document (its properties named in ``fields``: not its text), its sections and tasks with
    the relations placing them, the units of its tasks and the targets they set."""
    projection = ", ".join(f".{field}" for field in fields if PROPERTY.match(field))
    return run(
        f"""
        MATCH (d:Document {{id: $id}}) RETURN [d {{{projection}}}] AS nodes, [] AS rels
        UNION ALL
        MATCH (n:Node {{doc_id: $id}})-[p:PART_OF]->(y:Section) RETURN [properties(n), properties(y)] AS nodes, [{_rel('p', 'n', 'y')}] AS rels
        UNION ALL
        MATCH (n:Node {{doc_id: $id}})-[p:PART_OF]->(d:Document) RETURN [properties(n)] AS nodes, [{_rel('p', 'n', 'd')}] AS rels
        UNION ALL
        MATCH (t:Task {{doc_id: $id}})-[r:{ROLE_TYPES}]->(u) RETURN [properties(t), properties(u)] AS nodes, [{_rel('r', 't', 'u')}] AS rels
        UNION ALL
        MATCH (t:Task {{doc_id: $id}})-[r:SETS]->(g:Target) RETURN [properties(t), properties(g)] AS nodes, [{_rel('r', 't', 'g')}] AS rels
        """,
        {"id": doc_id},
    )


def all_nodes(run: Run) -> list[dict[str, Any]]:
    return [row["props"] for row in run("MATCH (n:Node) RETURN properties(n) AS props", {})]


def all_relations(run: Run) -> list[dict[str, Any]]:
    return run(f"MATCH (s:Node)-[r]->(o:Node) RETURN {_rel('r', 's', 'o')} AS rel", {})


def targets(run: Run, task_ids: list[str] | None) -> list[dict[str, Any]]:
    """The targets these tasks set (all targets when None), with the tasks."""
    return run(
        f"""
        MATCH (t:Task)-[r:SETS]->(g:Target) WHERE $ids IS NULL OR t.id IN $ids
        RETURN [properties(t), properties(g)] AS nodes, [{_rel('r', 't', 'g')}] AS rels
        """,
        {"ids": task_ids},
    )


def counts(run: Run) -> list[dict[str, Any]]:
    """Node counts by label and document, relationship counts by type and document,
    tasks with a unit per document, collective units and industries outside "965"."""
    return run(
        f"""
        MATCH (n:Node) RETURN 'node' AS kind, n.label AS key, n.doc_id AS doc, count(n) AS n
        UNION ALL
        MATCH ()-[r]->() RETURN 'rel' AS kind, type(r) AS key, r.doc_id AS doc, count(r) AS n
        UNION ALL
        MATCH (t:Task)-[r:{ROLE_TYPES}]->() RETURN 'attributed' AS kind, '' AS key, r.doc_id AS doc,
            count(DISTINCT t) AS n
        UNION ALL
        MATCH (u:Unit) WHERE u.collective = true RETURN 'collective' AS kind, '' AS key, null AS doc,
            count(u) AS n
        UNION ALL
        MATCH (i:Industry) WHERE i.category IS NULL RETURN 'unmapped' AS kind, i.name AS key, null AS doc,
            1 AS n
        """,
        {},
    )


def totals(run: Run) -> tuple[int, int]:
    """Nodes and relationships innokg holds."""
    rows = run(
        """
        MATCH (n:Node) RETURN 'nodes' AS kind, count(n) AS n
        UNION ALL
        MATCH (:Node)-[r]->(:Node) RETURN 'relationships' AS kind, count(r) AS n
        """,
        {},
    )
    found = {row["kind"]: row["n"] for row in rows}
    return found.get("nodes", 0), found.get("relationships", 0)
