"""From one document's :class:`ExtractionRecord` to its graph facts (nodes and relations)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from innokg.graph.model import (
    DocumentNode,
    EntityNode,
    EntityRecord,
    EntityType,
    Evidence,
    ExtractionRecord,
    GraphData,
    Industry965Node,
    Label,
    Node,
    PolicyRef,
    Quantity,
    Relation,
    RelType,
    Role,
    SectionNode,
    TargetNode,
    TaskNode,
    UnitNode,
)
from innokg.graph.model.data import data_path, rows
from innokg.graph.model.names import key, policy_id
from innokg.graph.model.resolve import Resolver, default_resolver, default_taxonomy


def record_to_graph(record: ExtractionRecord, resolver: Resolver | None = None) -> GraphData:
    """Nodes and relations of one document; every relation carries its evidence and ``doc_id``."""
    resolver = resolver or default_resolver()
    info = record.document
    doc_id = info.id
    graph = GraphData()
    graph.nodes.append(DocumentNode(id=doc_id, name=info.title, info=info, text=record.text))
    _structure(record, graph)
    units = _units(record)
    _responsibilities(record, graph, units)
    _members(record, graph, units, resolver)
    attributed = set(units)
    for entity in record.entities:
        if entity.id not in attributed:
            graph.nodes.append(_entity_node(entity, doc_id))
    graph.nodes.extend(_entity_node(category, doc_id, generic=True) for category in record.categories)
    graph.nodes.extend(units.values())
    _industries(record, graph)
    _targets(record, graph)
    for rel in record.relations:
        graph.relations.append(
            Relation(
                type=rel.type,
                source=rel.source,
                target=rel.target,
                doc_id=doc_id,
                evidence=rel.evidence,
            )
        )
    _policies(record, graph)  # last: a title that is a numbered policy folds into it, with its relations
    # a sentence naming the same thing twice states one fact
    unique: dict[tuple[str, str, str], Relation] = {}
    for relation in graph.relations:
        unique.setdefault((relation.source, relation.target, relation.key), relation)
    graph.relations = list(unique.values())
    return graph


def _structure(record: ExtractionRecord, graph: GraphData) -> None:
    doc_id = record.document.id
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
                uncertain=task.uncertain,
            )
        )
        graph.relations.append(_part_of(task.id, task.section_id or doc_id, doc_id, task.start, task.heading))


def _units(record: ExtractionRecord) -> dict[str, UnitNode]:
    """A node for every body given a task, and for every Unit the text names."""
    doc_id = record.document.id
    entities = {e.id: e for e in record.entities}
    units: dict[str, UnitNode] = {}
    attributed = {u.id: u for t in record.tasks for role in Role for u in t.units(role)}
    notes: dict[str, set[str]] = {}  # gathered in one pass: a scan of all tasks per unit is quadratic
    for task in record.tasks:
        for role in Role:
            for u in task.units(role):
                if u.scope_note:
                    notes.setdefault(u.id, set()).add(u.scope_note)
    for entity_id, entity in entities.items():
        if entity_id in attributed or entity.type == EntityType.UNIT:
            ref = attributed.get(entity_id)
            units[entity_id] = UnitNode(
                id=entity_id,
                name=entity.canonical,
                full_name=entity.full_name,
                kind=entity.type,
                collective=bool(ref and ref.collective),
                aliases=sorted({*entity.written} - {entity.canonical}),
                scope_notes=sorted(notes.get(entity_id, ())),
                documents=[doc_id],
            )
    return units


def _refs(record: ExtractionRecord, unit_id: str):
    return [u for t in record.tasks for role in Role for u in t.units(role) if u.id == unit_id]


def _responsibilities(record: ExtractionRecord, graph: GraphData, units: dict[str, UnitNode]) -> None:
    doc_id = record.document.id
    for task in record.tasks:
        for role in Role:
            for unit in task.units(role):
                graph.relations.append(
                    Relation(
                        type=role.relation,
                        source=task.id,
                        target=unit.id,
                        doc_id=doc_id,
                        evidence=task.attributions[unit.clause],
                        surface=unit.surface,
                        mention_start=unit.start,
                    )
                )


def _members(
    record: ExtractionRecord, graph: GraphData, units: dict[str, UnitNode], resolver: Resolver
) -> None:
    """各区人民政府 stands for the district governments (and the development zones where its scope note says so)."""
    doc_id = record.document.id
    for unit_id, node in list(units.items()):
        if not node.collective:
            continue
        refs = _refs(record, unit_id)
        first = next((u for u in refs if u.scope_note), refs[0])  # the mention that carries the scope note
        note = first.scope_note
        task = next(t for t in record.tasks if any(u is first for role in Role for u in t.units(role)))
        evidence = task.attributions[first.clause]
        for entry in resolver.members_of(node.name, note):
            member = resolver.member_node(entry, doc_id)
            units.setdefault(member.id, member)
            graph.relations.append(
                Relation(
                    type=RelType.MEMBER_OF, source=member.id, target=unit_id, doc_id=doc_id, evidence=evidence
                )
            )


def _entity_node(entity: EntityRecord, doc_id: str, generic: bool = False) -> EntityNode:
    return EntityNode(
        generic=generic,
        label=entity.type.label,
        id=entity.id,
        name=entity.canonical,
        full_name=entity.full_name,
        aliases=sorted({*entity.written} - {entity.canonical}),
        documents=[doc_id],
        category=entity.category,
    )


def _industries(record: ExtractionRecord, graph: GraphData) -> None:
    """Each industry that fits a "965" industry links to it (IN_965)."""
    taxonomy = default_taxonomy()
    added: set[str] = set()
    for entity in record.entities:
        if entity.type != EntityType.INDUSTRY or not entity.category:
            continue
        category = taxonomy.by_id(entity.category)
        if category.id not in added:
            added.add(category.id)
            graph.nodes.append(
                Industry965Node(
                    id=category.id,
                    name=category.name,
                    group=category.group,
                    group_cn=category.group_cn,
                    confidence=category.confidence,
                )
            )
        graph.relations.append(
            Relation(
                type=RelType.IN_965,
                source=entity.id,
                target=category.id,
                doc_id=record.document.id,
                evidence=entity.mentions[0],
            )
        )


def _targets(record: ExtractionRecord, graph: GraphData) -> None:
    for target in record.targets:
        graph.nodes.append(
            TargetNode(
                **target.model_dump(include=set(Quantity.model_fields)),
                id=target.id,
                name=target.text,
                doc_id=record.document.id,
                task_id=target.task_id,
                report=target.reported.quote if target.reported else None,
                report_start=target.reported.start if target.reported else None,
            )
        )


def _policies(record: ExtractionRecord, graph: GraphData) -> None:
    """The policy the document is (ISSUES) and every policy it cites (CITES), one node per policy:
    a 《title》 the entity layer found has the policy's id already, and gains its 文号 here."""
    doc_id = record.document.id
    nodes = {n.id: n for n in graph.nodes if isinstance(n, EntityNode)}
    at = {n.id: i for i, n in enumerate(graph.nodes) if isinstance(n, EntityNode)}  # where each is in the list
    folds: dict[str, str] = {}  # ids the entity layer gave that are another policy of this document

    def add(ref: PolicyRef) -> str:
        """The policy's node (made or completed); its id in the graph."""
        if _recurring(ref):  # 《政府工作报告》: this document's edition of it, not everyone's
            folds[ref.id] = f"{ref.id}@{doc_id}"
            ref = ref.model_copy(update={"id": folds[ref.id]})
        elif ref.doc_number and ref.title and policy_id(None, ref.title) != ref.id:
            folds[policy_id(None, ref.title)] = ref.id  # 《X》（国发〔2018〕42号）: X is the numbered policy
        fields = {f: getattr(ref, f) for f in ("doc_number", "issuer", "year", "level")}
        known = nodes.get(ref.id)
        if known is None:
            name = ref.title or ref.doc_number or ref.id
            node = EntityNode(label=Label.POLICY, id=ref.id, name=name, documents=[doc_id], **fields)
            at[ref.id] = len(graph.nodes)
            graph.nodes.append(node)
            nodes[ref.id] = node
            return ref.id
        update: dict[str, object] = {f: getattr(known, f) or v for f, v in fields.items()}
        if ref.title and ref.title != known.name:  # the title without 《》 is the policy's name
            update |= {"name": ref.title, "aliases": sorted({*known.aliases, known.name} - {ref.title})}
        merged = known.model_copy(update=update)
        graph.nodes[at[ref.id]] = merged  # in its place (a search of the list compares whole nodes)
        nodes[ref.id] = merged
        return ref.id

    if record.policy is not None:
        own = add(record.policy)
        graph.relations.append(Relation(type=RelType.ISSUES, source=doc_id, target=own, doc_id=doc_id, evidence=_header(record)))
    for citation in record.citations:
        target = add(citation.policy)
        graph.relations.append(
            Relation(
                type=RelType.CITES,
                source=doc_id,
                target=target,
                doc_id=doc_id,
                evidence=citation.evidence,
                citation=citation.kind,
            )
        )
    _fold(graph, folds)


def _fold(graph: GraphData, folds: dict[str, str]) -> None:
    """Each node of ``folds`` into the one it is, with its names and relations (:func:`fold_units`,
    within the document): a title the document numbers is that numbered policy; a recurring title
    is the document's own edition."""
    nodes = {n.id: n for n in graph.nodes}
    folded = fold_units(graph, {a: b for a, b in folds.items() if a in nodes and b in nodes and a != b}, nodes)
    graph.nodes, graph.relations = folded.nodes, folded.relations


def _recurring(ref: PolicyRef) -> bool:
    """A title every government gives a document each year, cited with nothing that says whose or which."""
    return bool(ref.title) and not (ref.doc_number or ref.issuer or ref.year) and key(ref.title or "") in recurring_titles()


@cache
def recurring_titles() -> frozenset[str]:
    """data/policy/words.tsv, list ``recurring``."""
    return frozenset(key(word) for name, word, *_ in rows(data_path("policy", "words.tsv")) if name == "recurring")


def _header(record: ExtractionRecord) -> Evidence:
    """Where the document names itself: its 文号 or its title where the text writes it, else its start."""
    text, ref = record.text, record.policy
    for said in (ref.doc_number if ref else None, ref.title if ref else None, record.document.title):
        at = text.find(said) if said else -1
        if said and at >= 0:
            return Evidence(doc_id=record.document.id, start=at, end=at + len(said), quote=said)
    return Evidence(doc_id=record.document.id, start=0, end=0, quote="")


def _part_of(child: str, parent: str, doc_id: str, start: int, quote: str) -> Relation:
    evidence = Evidence(doc_id=doc_id, start=start, end=start + len(quote), quote=quote)
    return Relation(type=RelType.PART_OF, source=child, target=parent, doc_id=doc_id, evidence=evidence)


def fold_units(data: GraphData, aliases: dict[str, str], nodes: Mapping[str, Node]) -> GraphData:
    """A document's facts with each unit (or policy) that is another's alias written as that one
    (what :meth:`Facts.fold` does to the composed graph, for a store that is loaded document by
    document); the two copies of one id merge where the document's nodes are merged."""
    if not aliases:
        return data
    folded: list[Node] = []
    for node in data.nodes:
        target = nodes.get(aliases.get(node.id, ""))
        if target is None:
            folded.append(node)
            continue
        assert isinstance(node, (UnitNode, EntityNode)), "an alias names a unit (graph.model.aliases)"
        names = sorted({*node.aliases, node.name} - {target.name})
        folded.append(node.model_copy(update={"id": target.id, "name": target.name, "aliases": names}))
    relations = [
        r.model_copy(update={"source": aliases.get(r.source, r.source), "target": aliases.get(r.target, r.target)})
        if r.source in aliases or r.target in aliases
        else r  # most relations name no alias: kept as they are, not copied
        for r in data.relations
    ]
    return GraphData(nodes=folded, relations=relations)
