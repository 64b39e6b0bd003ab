"""The Neo4j store (:mod:`.store`), its Cypher (:mod:`.cypher`), row mapping (:mod:`.rows`), and
its dialects: Neo4j 5 (:mod:`.dialect`, the default) and FalkorDB (:mod:`.falkordb`, the tests' server)."""

from innokg.graph.neo4j_store.store import Neo4jStore

__all__ = ["Neo4jStore"]
