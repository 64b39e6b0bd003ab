"""The ground floor every stage may import: the typed model, the vocabulary, errors, the name
normaliser, the data-file locator and the resolver. It imports nothing else of innokg.

- :mod:`.records`: pydantic models of documents, records, nodes, relations and evidence;
- :mod:`.vocab`: labels, entity types, relation types, roles, their Chinese names and colours;
- :mod:`.errors`: the one root exception and its kinds;
- :mod:`.names`: :func:`key`, the one form names are compared in, document ids and short titles;
- :mod:`.data`: where data files are and how their tables are read;
- :mod:`.resolve`: names → ids, collectives → members, two nodes of one thing → one node;
- :mod:`.spans`: positions in spans of a text — whether one lies in a span, the innermost holding it.
"""

from innokg.graph.model.names import document_id, key, relation_key, short_title
from innokg.graph.model.records import *  # noqa: F403
from innokg.graph.model.records import EntityLabel, Node
from innokg.graph.model.vocab import ENTITY_LABELS, ENTITY_TYPES, ROLE_RELATIONS, EntityType, Label, RelType, Role

__all__ = [  # noqa: F405 (the records' names)
    "document_id", "key", "relation_key", "short_title", "EntityLabel", "EntityType", "Node", "ENTITY_LABELS", "ENTITY_TYPES",
    "ROLE_RELATIONS", "Label", "RelType", "Role",
    "Model", "Cell", "Evidence", "Notice", "DocumentInfo", "Heading", "ParsedDocument", "AttributedUnit", "TaskRecord",
    "SectionRecord", "EntityRecord", "Quantity", "TargetRecord", "RelationRecord", "ExtractionRecord", "AttributionCoverage",
    "DocumentNode", "SectionNode", "TaskNode", "UnitNode", "EntityNode", "Industry965Node", "TargetNode",
    "Relation", "GraphData",
]
