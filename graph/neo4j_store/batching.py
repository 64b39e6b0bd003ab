"""Loads cut to what a server takes in one statement.

Neo4j takes ``UNWIND $rows`` batches of :data:`NEO4J_BATCH` rows. FalkorDB's Bolt endpoint (the
test server) crashes on parameters over ~4 KB, so there batches stay under a byte budget and a
text too long for it is sent in pieces, appended one statement at a time (tests/bolt_server.py
lists the server's quirks). The store picks the budget by probing the server.
"""

from __future__ import annotations

import json
from typing import Any

from innokg.graph.model.errors import StoreError
from innokg.graph.neo4j_store import cypher

#: FalkorDB's Bolt endpoint crashes on parameters over ~4 KB: batches stay under this many bytes
SMALL_PARAMETERS = 2500
#: and a text longer than this is sent in pieces appended one statement at a time
PIECE = 1200
#: Neo4j takes big batches; rows per UNWIND there
NEO4J_BATCH = 1000


def send(run, statement: str, rows: list[dict[str, Any]], budget: int | None, rel_type: str | None = None) -> None:
    """Rows in batches under the budget; texts too long for it follow in pieces."""
    pieces = [piece for row in rows for piece in _cut_long_texts(row, budget)] if budget is not None else []
    for batch in batches(rows, budget):
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
        if isinstance(value, (str, list)) and _size(value) > PIECE:  # a long text, a long list of documents
            first, *others = _pieces(value, PIECE) if isinstance(value, str) else _list_pieces(value, PIECE)
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


def _list_pieces(items: list, limit: int) -> list[list]:
    pieces, current, size = [], [], 0
    for item in items:
        width = _size(item) + 1
        if size + width > limit and current:
            pieces.append(current)
            current, size = [], 0
        current.append(item)
        size += width
    pieces.append(current)
    return pieces


def _size(value: Any) -> int:
    """Bytes of a value as the server sees it in its parameter text (JSON-like, UTF-8)."""
    return len(json.dumps(value, ensure_ascii=False).encode())


def id_batches(ids: list[str], budget: int | None, most: int | None = None) -> list[list[str]]:
    """Ids in batches under the budget, and of at most ``most`` ids."""
    out = []
    for batch in batches([{"id": i} for i in ids], budget):
        step = most or len(batch)
        out += [[row["id"] for row in batch[start : start + step]] for start in range(0, len(batch), step)]
    return out


def batches(rows: list[dict[str, Any]], budget: int | None) -> list[list[dict[str, Any]]]:
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


