"""The Neo4j store (:mod:`.store`), its Cypher (:mod:`.cypher`), row mapping (:mod:`.rows`) and
load batching (:mod:`.batching`)."""

from innokg.graph.neo4j_store.store import Neo4jStore

__all__ = ["Neo4jStore"]
