"""Rows ↔ models: nodes as properties (with each document's part), relationships as rows,
and query results back as the subgraph a :class:`~innokg.graph.view.GraphView` answers from."""

from __future__ import annotations

import json
from collections import defaultdict
from functools import reduce
from typing import Any

import networkx as nx
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
from innokg.graph.view import GraphView, add_facts
from pydantic import TypeAdapter

ANY_NODE = TypeAdapter(Node)  # a node of any label, from its JSON


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
        return DocumentNode(id=props["id"], name=props["name"], info=_fields(DocumentInfo, props))
    return _fields(NODE_MODELS.get(label, EntityNode), props)


def _fields(model, props: dict[str, Any]):
    """The model from the properties it has; a None the database could not store is None again."""
    return model.model_validate(
        {k: props.get(k) for k, field in model.model_fields.items() if k in props or field.is_required()}
    )


def node_properties(node: Node, parts: dict[str, Node]) -> dict[str, Any]:
    """The node's fields as properties (a document's metadata flattened), and its parts."""
    dump = node.model_dump(mode="json")
    for key, value in (dump.pop("info", None) or {}).items():
        dump.setdefault(key, value)
    props = {k: v for k, v in dump.items() if v is not None}
    props["part_docs"] = sorted(parts)
    if len(parts) > 1:
        props["parts"] = json.dumps(
            {doc: part.model_dump(mode="json", exclude_none=True) for doc, part in sorted(parts.items())},
            ensure_ascii=False,
        )
    return props


def _parts_of(props: dict[str, Any]) -> dict[str, Node]:
    if "parts" in props:
        return {doc: ANY_NODE.validate_python(part) for doc, part in json.loads(props["parts"]).items()}
    return {doc: node_from_properties(props) for doc in props.get("part_docs") or []}


def own_parts(data: GraphData) -> dict[str, Node]:
    """The document's nodes by id (a node named twice in a document merged, as the embedded store does)."""
    own: dict[str, Node] = {}
    for node in data.nodes:
        own[node.id] = Resolver.merge(own[node.id], node) if node.id in own else node
    return own


def merged_nodes(
    doc_id: str, own: dict[str, Node], current: list[dict[str, Any]]
) -> tuple[list[str], dict[str, list[dict[str, Any]]]]:
    """For every node the document touches: its parts with this document's new part, merged.

    Parts merge in the order of their documents' ids, as in the embedded store, so the shown
    name does not depend on the order documents were loaded in. A node left with no part is gone.
    """
    parts: dict[str, dict[str, Node]] = {}
    for props in current:
        parts[props["id"]] = {d: p for d, p in _parts_of(props).items() if d != doc_id}
    for node_id, node in own.items():
        parts.setdefault(node_id, {})[doc_id] = node
    gone, groups = [], defaultdict(list)
    for node_id, by_doc in sorted(parts.items()):
        if not by_doc:
            gone.append(node_id)
            continue
        merged = reduce(Resolver.merge, (part for _, part in sorted(by_doc.items())))
        groups[merged.label.value].append({"id": node_id, "props": node_properties(merged, by_doc)})
    return gone, groups


def relation_rows(data: GraphData) -> dict[str, list[dict[str, Any]]]:
    """Relationships by type; one per type, document and place between two nodes, as in the embedded store."""
    unique = {(rel.source, rel.target, rel.key): rel for rel in data.relations}
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
    )


def view(node_props: list[dict[str, Any]], rels: list[dict[str, Any]]) -> GraphView:
    # nodes arrive merged already, one per id: adding them as they are keeps them as stored
    nodes = {props["id"]: node_from_properties(props) for props in node_props}
    return GraphView(add_facts(nx.MultiDiGraph(), nodes.values(), [_relation(r) for r in rels]))


def subgraph(rows: list[dict[str, Any]]) -> GraphView:
    """The rows of a subgraph query as a view: nulls of OPTIONAL MATCH dropped, repeats merged."""
    nodes = [props for row in rows for props in row["nodes"] if props]
    rels = [r for row in rows for r in row["rels"] if r and r.get("type") and r.get("source") and r.get("target")]
    return view(nodes, rels)


