"""The FalkorDB dialect: what the store does differently on FalkorDB's Bolt endpoint.

Neo4j cannot be installed on the machines the tests run on, so the tests and benchmarks start
FalkorDB (tests/bolt_server.py) and open the store with ``dialect="falkordb"``
(``INNOKG_NEO4J_DIALECT=falkordb``). Every workaround for that server is here, each named for
the quirk it works around:

* **No two statements in one transaction** (they hang the endpoint): every statement is its own
  auto-commit transaction, so a document's load is not atomic; one that failed half-way is
  finished by loading again. The load is counted once written (:meth:`FalkorDBDialect.load`),
  so no reader keeps the lists of a half-written graph under the new count.
* **Parameters over ~4 KB crash the endpoint**: batches stay under :data:`SMALL_PARAMETERS`
  bytes (:meth:`FalkorDBDialect.batches`), and a longer text or list is cut to its first
  :data:`PIECE` bytes, the rest appended one piece per statement (:func:`cut_long_texts`,
  :func:`append_pieces`).
* **Answers over one packet wait 40 ms** (the endpoint writes them in pieces; the client's
  delayed acknowledgement holds each): a load reads :data:`HEADS_AT_ONCE` shared nodes per
  statement.
* **Parameters are pasted into the query text**, each string between single quotes with its
  backslashes read as escapes: a text holding ``'`` failed to load, one holding ``\\b`` came back
  as a backspace. Every string sent is escaped first (:meth:`FalkorDBDialect.parameters`), so
  texts round-trip byte for byte; and an id holding a quote, a backslash or a control character
  is refused as NotFound before it reaches the server (:meth:`FalkorDBDialect.checked_id`).
* **No ``IF NOT EXISTS`` and no Cypher constraints**: the indexes ``db.indexes()`` lacks are
  created, and ids are kept unique by the loader alone (:func:`missing_indexes`).

What both servers speak needs no dialect: the shared Cypher (:mod:`.cypher`) keeps to it (no
``elementId()``, no APOC, no ``sum()``, which returns floats here), and reading drops the map
of nulls FalkorDB projects for a node OPTIONAL MATCH did not find (:func:`.rows.subgraph`), which
costs Neo4j nothing.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from innokg.graph.model import RelType
from innokg.graph.model.errors import NotFound, StoreError
from innokg.graph.neo4j_store import cypher
from innokg.graph.neo4j_store.dialect import Neo4jDialect, Rows, Transactions, Write

#: bytes of parameters one statement carries (the endpoint crashes over ~4 KB)
SMALL_PARAMETERS = 2500
#: and a text longer than this is sent in pieces appended one statement at a time
PIECE = 1200
#: shared nodes read per statement while loading (a larger answer waits 40 ms)
HEADS_AT_ONCE = 12

#: what an id of innokg never holds: quotes, a backslash, control characters (pasted into the
#: query text, they would run as Cypher)
_NOT_IN_IDS = re.compile(r"[\\'\"`\x00-\x1f\x7f]")


class FalkorDBDialect(Neo4jDialect):
    """FalkorDB's Bolt endpoint (the tests' server): the Neo4j dialect with the workarounds above."""

    name = "falkordb"

    def schema(self, run: cypher.Run) -> list[str]:
        return missing_indexes(run)

    def load(self, store: Transactions, write: Write) -> None:
        """One statement per transaction; the load counted once it is written."""
        write(store.run)
        cypher.lock_loads(store.run)

    def batches(self, rows: Rows) -> list[Rows]:
        """Rows in batches of at most :data:`SMALL_PARAMETERS` bytes (one row may be alone in one)."""
        batches: list[Rows] = []
        current: Rows = []
        size = 0
        for row in rows:
            width = _size(row) + 2
            if current and size + width > SMALL_PARAMETERS:
                batches.append(current)
                current, size = [], 0
            current.append(row)
            size += width
        if current:
            batches.append(current)
        return batches

    def id_batches(self, ids: list[str]) -> list[list[str]]:
        return [[row["id"] for row in batch] for batch in self.batches([{"id": i} for i in ids])]

    def head_batches(self, ids: list[str]) -> list[list[str]]:
        return [batch[i : i + HEADS_AT_ONCE] for batch in self.id_batches(ids) for i in range(0, len(batch), HEADS_AT_ONCE)]

    def send(self, run: cypher.Run, statement: str, rows: Rows, rel_type: str | None = None) -> None:
        """Rows in small batches, their long texts cut short first and the rest appended after."""
        pieces = [piece for row in rows for piece in cut_long_texts(row)]
        super().send(run, statement, rows)
        append_pieces(run, pieces, rel_type)

    def parameters(self, params: dict[str, Any]) -> dict[str, Any]:
        """Every string escaped as the endpoint reads its query text (see the module's notes)."""
        return {name: escaped(value) for name, value in params.items()}

    def checked_id(self, node_id: str) -> str:
        """An id as innokg makes them, or NotFound before it reaches the server."""
        if not node_id or len(node_id) > 500 or _NOT_IN_IDS.search(node_id):
            raise NotFound(f"图谱中没有 {node_id[:80]!r}")
        return node_id


# ---------------------------------------------------------------------------- the schema

#: what Neo4j's schema (:func:`.cypher.neo4j_schema`) constrains or indexes, as (label, property)
_NODE_INDEXES = (
    (cypher.NODE, "id"),
    (cypher.NODE, "name"),
    (cypher.NODE, "doc_id"),
    (cypher.PART, "node_id"),
    (cypher.PART, "doc_id"),
    (cypher.META, "id"),
)


def missing_indexes(run: cypher.Run) -> list[str]:
    """The indexes the database lacks, in FalkorDB's syntax (no ``IF NOT EXISTS``, no constraints)."""
    have = {(row["label"], prop) for row in run("CALL db.indexes()", {}) for prop in row["properties"]}
    wanted = [(label, prop, f"CREATE INDEX FOR (n:{label}) ON (n.{prop})") for label, prop in _NODE_INDEXES]
    wanted += [(t.value, "doc_id", f"CREATE INDEX FOR ()-[r:{t.value}]-() ON (r.doc_id)") for t in RelType]
    return [statement for label, prop, statement in wanted if (label, prop) not in have]


# ---------------------------------------------------------------------------- long texts in pieces


def cut_long_texts(row: dict[str, Any]) -> list[tuple[dict[str, Any], str, str | list]]:
    """Shorten the row's long texts (and long lists) to their first piece; return the rest, to
    append in order with :func:`append_pieces`."""
    if _size(row) <= SMALL_PARAMETERS:
        return []
    rest = []
    props = row["props"]
    for key, value in sorted(props.items()):
        if isinstance(value, (str, list)) and _size(value) > PIECE:  # a long text, a long list of documents
            first, *others = _text_pieces(value) if isinstance(value, str) else _list_pieces(value)
            props[key] = first
            rest += [(row, key, piece) for piece in others]
    if _size(row) > SMALL_PARAMETERS:
        raise StoreError(f"{row.get('id') or row.get('source')} 的属性太多，超出此服务器单条语句的参数上限")
    return rest


def append_pieces(run: cypher.Run, pieces: list[tuple[dict[str, Any], str, str | list]], rel_type: str | None = None) -> None:
    """The rest of the texts :func:`cut_long_texts` shortened, one piece per statement, in order."""
    for row, key, piece in pieces:
        if rel_type:
            target = {"source": row["source"], "target": row["target"], "key": row["props"]["key"]}
            run(append_relation_property(rel_type, key), {**target, "piece": piece})
        else:
            run(append_node_property(key), {"id": row["id"], "piece": piece})


@cache
def append_node_property(key: str) -> str:
    """Add a piece to a node's long property."""
    if not cypher.PROPERTY.match(key):
        raise ValueError(key)
    return f"MATCH (n:Node {{id: $id}}) SET n.{key} = n.{key} + $piece"


@cache
def append_relation_property(rel_type: str, key: str) -> str:
    """Add a piece to a relationship's long property."""
    RelType(rel_type)
    if not cypher.PROPERTY.match(key):
        raise ValueError(key)
    return (
        f"MATCH (:Node {{id: $source}})-[r:{rel_type} {{key: $key}}]->(:Node {{id: $target}}) "
        f"SET r.{key} = r.{key} + $piece"
    )


def _text_pieces(text: str) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in text:
        width = _size(char) - 2
        if size + width > PIECE and current:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return pieces


def _list_pieces(items: list) -> list[list]:
    pieces: list[list] = []
    current: list = []
    size = 0
    for item in items:
        width = _size(item) + 1
        if size + width > PIECE and current:
            pieces.append(current)
            current, size = [], 0
        current.append(item)
        size += width
    pieces.append(current)
    return pieces


def escaped(value: Any) -> Any:
    """``value`` with every string in it escaped for the endpoint's query text: a backslash
    doubled, a single quote preceded by one."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list):
        return [escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: escaped(item) for key, item in value.items()}
    return value


def _size(value: Any) -> int:
    """Bytes of a value as the server sees it in its query text (JSON-like, UTF-8, escaped)."""
    return len(json.dumps(escaped(value), ensure_ascii=False).encode())
