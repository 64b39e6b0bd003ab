"""From one document's :class:`ExtractionRecord` to its graph facts (nodes and relations)."""

from __future__ import annotations

from innokg.graph.model import (
    DocumentNode,
    Evidence,
    ExtractionRecord,
    GraphData,
    Relation,
    RelType,
    Role,
    SectionNode,
    TaskNode,
    UnitNode,
)

ROLE_RELATION = {Role.LEAD: RelType.LEADS, Role.CO: RelType.CO_RESPONSIBLE, Role.GUIDES: RelType.GUIDES}


def record_to_graph(record: ExtractionRecord) -> GraphData:
    """Nodes and relations of one document; every relation carries its evidence and ``doc_id``."""
    info = record.document
    doc_id = info.id
    graph = GraphData()
    graph.nodes.append(DocumentNode(id=doc_id, name=info.title, info=info))
    for section in record.sections:
        graph.nodes.append(
            SectionNode(
                id=section.id,
                name=section.title,
                doc_id=doc_id,
                path=section.path,
                marker=section.marker,
                level=section.level,
                start=section.start,
                end=section.end,
            )
        )
        graph.relations.append(
            _part_of(section.id, section.parent_id or doc_id, doc_id, section.start, section.heading)
        )
    units: dict[str, UnitNode] = {}
    for task in record.tasks:
        graph.nodes.append(
            TaskNode(
                id=task.id,
                name=task.title,
                doc_id=doc_id,
                path=task.path,
                text=task.text,
                start=task.start,
                end=task.end,
            )
        )
        graph.relations.append(_part_of(task.id, task.section_id or doc_id, doc_id, task.start, task.heading))
        for role, rel_type in ROLE_RELATION.items():
            for unit in task.units(role):
                node = units.setdefault(
                    unit.id,
                    UnitNode(id=unit.id, name=unit.name, collective=unit.collective, documents=[doc_id]),
                )
                if unit.surface != unit.name and unit.surface not in node.aliases:
                    node.aliases.append(unit.surface)
                if unit.scope_note and unit.scope_note not in node.scope_notes:
                    node.scope_notes.append(unit.scope_note)
                clause = task.attributions[unit.clause]
                graph.relations.append(
                    Relation(
                        type=rel_type,
                        source=task.id,
                        target=unit.id,
                        doc_id=doc_id,
                        evidence=clause,
                        surface=unit.surface,
                        mention_start=unit.start,
                    )
                )
    graph.nodes.extend(units.values())
    return graph


def _part_of(child: str, parent: str, doc_id: str, start: int, quote: str):
    evidence = Evidence(doc_id=doc_id, start=start, end=start + len(quote), quote=quote)
    return Relation(type=RelType.PART_OF, source=child, target=parent, doc_id=doc_id, evidence=evidence)
