"""The production dialect, Neo4j 5: how the store sends a document's statements, batches rows
and creates its schema. A second dialect, FalkorDB (:mod:`.falkordb`, the tests' Bolt server),
overrides these where that server needs it; the store is told which one it talks to, it never
probes.

On Neo4j 5:

* a document is one transaction (``session.execute_write``): a load that fails leaves the
  document as it was, and counting the load first takes the graph's write lock, so two loaders
  never interleave their reads and writes of shared nodes;
* rows go in ``UNWIND $rows`` batches of :data:`BATCH_ROWS`, whatever their size;
* constraints and indexes are created ``IF NOT EXISTS``, so the schema is safe to repeat;
* ids go to the server as parameters, never into query text: an id no node has finds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from innokg.graph.neo4j_store import cypher

#: rows per ``UNWIND $rows`` statement (and ids per ``UNWIND $ids``)
BATCH_ROWS = 1000

Rows = list[dict[str, Any]]
Write = Callable[[cypher.Run], None]


class Transactions(Protocol):
    """What a dialect needs of the store to load a document."""

    def run(self, statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """One statement in its own transaction."""

    def write_transaction(self, work: Write) -> None:
        """``work`` given a runner whose statements all share one transaction."""


class Neo4jDialect:
    """Neo4j 5, the default and the production dialect (see the module's notes)."""

    name = "neo4j"

    def schema(self, run: cypher.Run) -> list[str]:
        return cypher.neo4j_schema()

    def load(self, store: Transactions, write: Write) -> None:
        """One transaction per document, the load counted (and the lock taken) first."""

        def locked(run: cypher.Run) -> None:
            cypher.lock_loads(run)
            write(run)

        store.write_transaction(locked)

    def batches(self, rows: Rows) -> list[Rows]:
        return [rows[i : i + BATCH_ROWS] for i in range(0, len(rows), BATCH_ROWS)]

    def id_batches(self, ids: list[str]) -> list[list[str]]:
        return [ids[i : i + BATCH_ROWS] for i in range(0, len(ids), BATCH_ROWS)]

    def head_batches(self, ids: list[str]) -> list[list[str]]:
        """The shared nodes a load reads before merging, as many per statement as ids go."""
        return self.id_batches(ids)

    def send(self, run: cypher.Run, statement: str, rows: Rows, rel_type: str | None = None) -> None:
        """An ``UNWIND $rows`` statement over all the rows, batch by batch (``rel_type``: what
        the rows are, for a dialect that sends parts of them apart)."""
        for batch in self.batches(rows):
            run(statement, {"rows": batch})

    def parameters(self, params: dict[str, Any]) -> dict[str, Any]:
        """Parameters as the server is to receive them: Neo4j binds them as they are."""
        return params

    def checked_id(self, node_id: str) -> str:
        """The id as it is: a parameter is never read as Cypher, and an odd id finds nothing."""
        return node_id
