"""Loading the graph into a Bolt server: batched ``UNWIND $rows`` against one ``MERGE`` per row.

Starts its own FalkorDB server (as the tests do) and opens the store in its dialect, builds the
bundled plan (plus the State Council pages when ../shared is beside the clone) into an embedded
store, then loads the same rows three ways and prints times and ratios:

* innokg's loader: per document, nodes by label then relationships by type in UNWIND batches
  (FalkorDB's dialect caps a batch at ~2.5 KB of parameters, a few rows; Neo4j's takes 1000 rows);
* one MERGE/CREATE statement per row in auto-commit transactions (same connection handling);
* one statement per row through ``driver.execute_query`` (a managed transaction per row, what
  the driver's quick-start suggests for single statements).

    python bench/neo4j_load.py
"""

from __future__ import annotations

import copy
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the test server helper

from bolt_server import BoltServer  # noqa: E402
from innokg import building, stores
from innokg.graph.embedded import EmbeddedStore  # noqa: E402
from innokg.graph.neo4j_store import Neo4jStore, cypher  # noqa: E402
from innokg.graph.neo4j_store.falkordb import append_pieces, cut_long_texts  # noqa: E402
from innokg.graph.model.resolve import Resolver  # noqa: E402
from innokg.graph.neo4j_store.rows import node_properties, own_parts, relation_rows  # noqa: E402


def rows_of(store: EmbeddedStore) -> list[dict]:
    """The nodes and relationships innokg's loader leaves, one row each, documents in order (a
    node shared by documents merged with what earlier documents said, as the loader does; the
    per-document parts it also keeps are left out: a per-row load has no use for them)."""
    rows, merged = [], {}
    for info in store.documents():
        data = store.document_data(info.id)
        for node_id, node in own_parts(data).items():
            merged[node_id] = Resolver.merge(merged[node_id], node) if node_id in merged else node
        rows += [{**row, "type": t} for t, group in sorted(relation_rows(data).items()) for row in group]
    nodes = [{"id": i, "props": node_properties(n), "label": n.label.value} for i, n in sorted(merged.items())]
    return nodes + rows


def timed(label: str, work) -> float:
    start = time.perf_counter()
    statements = work()
    seconds = time.perf_counter() - start
    print(f"{label:<46} {seconds:8.2f} s   {statements:6d} statements")
    return seconds


def main() -> None:
    paths = building.document_paths([ROOT / "data" / "corpus"])
    html = ROOT.parent / "shared" / "corpus" / "html"
    if html.is_dir():
        paths += building.document_paths([html])
    with tempfile.TemporaryDirectory() as tmp:
        embedded = EmbeddedStore(Path(tmp) / "data")
        building.build(embedded, paths)
        rows = rows_of(embedded)
        server = BoltServer(Path(tmp)).start()
        try:
            store = Neo4jStore(server.uri, dialect="falkordb")
            store.ensure_schema()
            print(f"{len(paths)} documents, {len(rows)} rows (nodes and relationships); dialect: {store.dialect.name}")

            counted = {"n": 0}
            real_run = store.run

            def counting_run(statement, params):
                counted["n"] += 1
                return real_run(statement, params)

            store.run = counting_run

            def batched() -> int:
                store.clear()
                counted["n"] = 0
                stores.load(embedded, store)
                return counted["n"]

            def per_row(run) -> int:
                store.clear()
                statements = 0
                for row in rows:
                    row = copy.deepcopy(row)
                    pieces = cut_long_texts(row)
                    cypher.merge_one_row(run, row)
                    append_pieces(run, pieces, row.get("type"))  # texts too long for FalkorDB, as the loader does
                    statements += 1 + len(pieces)
                return statements

            def managed(statement, params):
                return [r.data() for r in store.driver.execute_query(statement, params).records]

            t_batch = timed("UNWIND batches (innokg load)", batched)
            counts = store.counts()
            t_row = timed("one statement per row, auto-commit", lambda: per_row(real_run))
            assert store.counts() == counts, "both loads must give the same graph"
            t_managed = timed("one statement per row, execute_query", lambda: per_row(managed))
            print(f"graph: {counts[0]} nodes, {counts[1]} relationships")
            print(f"per row (auto-commit) / batched:   {t_row / t_batch:6.1f}x")
            print(f"per row (execute_query) / batched: {t_managed / t_batch:6.1f}x")
            store.run = real_run
            store.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
