"""Rows ↔ models: nodes as properties (with each document's part), relationships as rows,
and query results back as the subgraph a :class:`~innokg.graph.view.GraphView` answers from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, NamedTuple

from innokg.graph.model import (
    DocumentInfo,
    DocumentNode,
    EntityNode,
    Evidence,
    GraphData,
    Industry965Node,
    Label,
    Node,
    Relation,
    RelType,
    SectionNode,
    TargetNode,
    TaskNode,
    UnitNode,
)
from innokg.graph.model.resolve import Resolver
from innokg.graph.facts import ANY_NODE, facts_of, merge_all
from innokg.graph.view import GraphView


NODE_MODELS = {
    Label.DOCUMENT: DocumentNode,
    Label.SECTION: SectionNode,
    Label.TASK: TaskNode,
    Label.UNIT: UnitNode,
    Label.INDUSTRY_965: Industry965Node,
    Label.TARGET: TargetNode,
}


def node_from_properties(props: dict[str, Any]) -> Node:
    """A node read back from its properties (the bookkeeping ones ignored)."""
    label = Label(props["label"])
    if label == Label.DOCUMENT:
        return DocumentNode(id=props["id"], name=props["name"], info=_fields(DocumentInfo, props), text=props.get("text") or "")
    return _fields(NODE_MODELS.get(label, EntityNode), props)


def document_info(props: dict[str, Any]) -> DocumentInfo:
    """A document node's properties as the document's info."""
    node = node_from_properties(props)
    assert isinstance(node, DocumentNode), node.id
    return node.info


def unit_node(props: dict[str, Any]) -> UnitNode:
    """A unit node from its properties (what a query of units returns)."""
    node = node_from_properties(props)
    assert isinstance(node, UnitNode), node.id
    return node


def _fields(model, props: dict[str, Any]):
    """The model from the properties it has; a None the database could not store is None again."""
    return model.model_validate(
        {k: props.get(k) for k, field in model.model_fields.items() if k in props or field.is_required()}
    )


#: the labels of nodes that belong to one document; every other node (units, platforms,
#: industries …) may be named by many, and keeps each document's version as an ``InnokgPart``
PER_DOCUMENT = frozenset({Label.DOCUMENT, Label.SECTION, Label.TASK, Label.TARGET})

#: the properties of a shared node that are not the list of its documents (read to merge one more
#: document in without reading a list that grows with the library)
HEAD_FIELDS = tuple(
    sorted({f for model in (UnitNode, EntityNode, Industry965Node) for f in model.model_fields} - {"documents"})
)


def node_properties(node: Node, last_doc: str | None = None) -> dict[str, Any]:
    """The node's fields as properties (a document's metadata flattened); ``last_doc``, for a
    shared node, is the greatest id of the documents naming it."""
    dump = node.model_dump(mode="json")
    for key, value in (dump.pop("info", None) or {}).items():
        dump.setdefault(key, value)
    props = {k: v for k, v in dump.items() if v is not None}
    if last_doc is not None:
        props["last_doc"] = last_doc
    return props


def part_json(node: Node) -> str:
    """What one document says of a shared node."""
    return node.model_dump_json(exclude_none=True)


def own_parts(data: GraphData) -> dict[str, Node]:
    """The document's nodes by id (a node named twice in a document merged, as the embedded store does)."""
    own: dict[str, Node] = {}
    for node in data.nodes:
        own[node.id] = Resolver.merge(own[node.id], node) if node.id in own else node
    return own


class Plan(NamedTuple):
    """How loading a document changes the shared nodes it names or named."""

    # appended and rewritten go by (label, whether the node stored has another label): only a node whose
    # label changes is relabelled (see cypher.merge_nodes_statement)
    appended: dict[tuple[str, bool], list[dict[str, Any]]]  # {id, props, doc}: merged in, the document added to the list
    touched: dict[bool, list[dict[str, Any]]]  # {id, doc} by whether the node lists documents: nothing new but the document
    rewritten: dict[tuple[str, bool], list[dict[str, Any]]]  # {id, props}: merged again from all their parts
    gone: list[str]  # no document names them any more
    parts: list[dict[str, Any]]  # {id, part}: this document's new or changed parts


def plan_shared(
    doc_id: str,
    own: dict[str, Node],
    old_parts: dict[str, str],
    heads: dict[str, dict[str, Any]],
    parts_of: Callable[[str], dict[str, str]],
) -> Plan:
    """For every shared node the document names or named, and whose part changed: merged again.

    Merging goes in the order of the documents' ids, as in the embedded store. A document whose id
    comes after every document naming the node (a library loaded in order) is merged into the
    node as it stands (``heads``: its properties without the list of documents) and appended to
    its list — constant work however many documents name the node. Otherwise (a document
    reloaded, removed, or loaded out of order) the node is merged again from all its parts,
    which ``parts_of(node_id)`` reads ({doc_id: part}).
    """
    shared = {i: n for i, n in own.items() if n.label not in PER_DOCUMENT}
    new_parts = {i: part_json(n) for i, n in shared.items()}
    changed = sorted({i for i, part in new_parts.items() if old_parts.get(i) != part} | (set(old_parts) - set(new_parts)))
    appended: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
    rewritten: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
    gone: list[str] = []
    touched: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for node_id in changed:
        node, head = shared.get(node_id), heads.get(node_id)
        if node is not None and node_id not in old_parts and (head is None or head.get("last_doc", "") < doc_id):
            merged = node if head is None else Resolver.merge(node_from_properties(head), node)
            props = node_properties(merged, doc_id)
            props.pop("documents", None)
            if head is not None and props == {**head, "last_doc": doc_id}:
                # named again, nothing new: the document is added (a "965" industry lists none)
                touched[merged.label != Label.INDUSTRY_965].append({"id": node_id, "doc": doc_id})
            else:
                appended[_label(merged, head)].append({"id": node_id, "props": props, "doc": doc_id})
            continue
        parts = {d: ANY_NODE.validate_json(p) for d, p in parts_of(node_id).items() if d != doc_id}
        if node is not None:
            parts[doc_id] = node
        if not parts:
            gone.append(node_id)
            continue
        merged = merge_all([part for _, part in sorted(parts.items())])
        rewritten[_label(merged, head)].append({"id": node_id, "props": node_properties(merged, max(parts))})
    part_rows = [{"id": i, "part": new_parts[i]} for i in changed if i in new_parts]
    return Plan(appended, touched, rewritten, gone, part_rows)


def _label(merged: Node, head: dict[str, Any] | None) -> tuple[str, bool]:
    """The node's label, and whether the node as stored has another (a new node has none)."""
    return merged.label.value, head is not None and head.get("label") != merged.label.value


def relation_rows(data: GraphData) -> dict[str, list[dict[str, Any]]]:
    """Relationships by type; one per type, document and place between two nodes, as in the embedded store."""
    unique: dict[tuple[str, str, str], Relation] = {}
    for rel in data.relations:  # two names folded into one unit in one clause: the one written first
        known = unique.get((rel.source, rel.target, rel.key))
        if known is None or (rel.mention_start or 0) < (known.mention_start or 0):
            unique[(rel.source, rel.target, rel.key)] = rel
    groups = defaultdict(list)
    for (source, target, key), rel in unique.items():
        props = {
            "key": key,
            "doc_id": rel.doc_id,
            "start": rel.evidence.start,
            "end": rel.evidence.end,
            "quote": rel.evidence.quote,
            "surface": rel.surface,
            "mention_start": rel.mention_start,
            "corrected": rel.corrected or None,
            "citation": rel.citation.value if rel.citation else None,
        }
        groups[rel.type.value].append(
            {"source": source, "target": target, "props": {k: v for k, v in props.items() if v is not None}}
        )
    return groups


def evidence(props: dict[str, Any]) -> Evidence:
    return Evidence(doc_id=props["doc_id"], start=props["start"], end=props["end"], quote=props["quote"])


def _relation(row: dict[str, Any]) -> Relation:
    props = row["props"]
    return Relation(
        type=RelType(row["type"]),
        source=row["source"],
        target=row["target"],
        doc_id=props["doc_id"],
        evidence=evidence(props),
        surface=props.get("surface"),
        mention_start=props.get("mention_start"),
        corrected=bool(props.get("corrected")),
        citation=props.get("citation"),
    )


def view(node_props: list[dict[str, Any]], rels: list[dict[str, Any]], titles: dict[str, str] | None = None) -> GraphView:
    """The nodes and relations as a view; ``titles``: the documents' titles, for the tasks of
    documents whose nodes were not read."""
    # nodes arrive merged already, one per id: adding them as they are keeps them as stored
    nodes = {props["id"]: node_from_properties(props) for props in node_props}
    # a node read without its documents came with their number (cypher._listed)
    counts = {props["id"]: props["document_count"] for props in node_props if props.get("document_count") is not None}
    return GraphView(facts_of(nodes.values(), [_relation(r) for r in rels]), document_counts=counts, document_titles=titles)


def subgraph(rows: list[dict[str, Any]], titles: dict[str, str] | None = None) -> GraphView:
    """The rows of a subgraph query as a view: nulls of OPTIONAL MATCH dropped (FalkorDB projects a
    missing node as a map of nulls), properties a projection found missing left out, repeats merged."""
    nodes = [
        {k: v for k, v in props.items() if v is not None}
        for row in rows for props in row["nodes"] if props and props.get("id") is not None
    ]
    rels = [r for row in rows for r in row["rels"] if r and r.get("type") and r.get("source") and r.get("target")]
    return view(nodes, rels, titles)


