"""The graph as files other tools open: GraphML, GEXF (Gephi) and CSV (``neo4j-admin import``)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import networkx as nx


def flat(G: nx.Graph) -> nx.Graph:
    """A copy with only the attributes GraphML and GEXF can hold (text and numbers; lists joined).

    >>> H = nx.MultiDiGraph(); H.add_node("u", label="Unit", name="市科技局", node=object(), aliases=["科技局"])
    >>> flat(H).nodes["u"]
    {'label': 'Unit', 'name': '市科技局', 'aliases': '科技局'}
    """
    out = G.__class__()
    for node, attrs in G.nodes(data=True):
        out.add_node(node, **_plain(attrs))
    for source, target, *rest in G.edges(data=True, keys=G.is_multigraph()):
        attrs = dict(rest[-1])
        rel = attrs.pop("rel", None)
        if rel is not None:
            attrs |= {"doc_id": rel.doc_id, "start": rel.evidence.start, "quote": rel.evidence.quote}
        if G.is_multigraph():
            out.add_edge(source, target, key=rest[0], **_plain(attrs))
        else:
            out.add_edge(source, target, **_plain(attrs))
    return out


def _plain(attrs: dict) -> dict:
    plain = {}
    for key, value in attrs.items():
        if isinstance(value, (list, tuple, set)):
            value = "；".join(map(str, value))
        if isinstance(value, (str, int, float, bool)):
            plain[key] = value
    return plain


def for_gexf(G: nx.Graph) -> nx.Graph:
    """GEXF reads some attribute names itself: a node's ``label`` is what Gephi shows (so the
    name goes there and the type to ``kind``), an edge's ``type`` means directed/undirected (the
    relation goes to ``relation``), and ``start``/``end`` make the graph dynamic (offsets go to
    ``offset``).

    >>> H = nx.MultiDiGraph(); H.add_node("u", label="Unit", name="市科技局")
    >>> _ = H.add_edge("t", "u", type="LEADS", start=12)
    >>> G = for_gexf(H); G.nodes["u"], list(G.edges(data=True))[0][2]
    ({'kind': 'Unit', 'label': '市科技局', 'name': '市科技局'}, {'relation': 'LEADS', 'offset': 12})
    """
    out = G.__class__()
    for node, attrs in G.nodes(data=True):
        attrs = dict(attrs)
        kind = attrs.pop("label", None)
        out.add_node(node, **({"kind": kind} if kind else {}), label=attrs.get("name", str(node)), **attrs)
    renames = {"type": "relation", "start": "offset", "end": "offset_end"}
    for source, target, *rest in G.edges(data=True, keys=G.is_multigraph()):
        attrs = {renames.get(k, k): v for k, v in rest[-1].items()}
        if G.is_multigraph():
            out.add_edge(source, target, key=rest[0], **attrs)
        else:
            out.add_edge(source, target, **attrs)
    return out


def export(G: nx.MultiDiGraph, path: Path, fmt: str) -> list[Path]:
    """Write the graph as GraphML, GEXF (Gephi) or CSV node and edge lists (``neo4j-admin import``
    headers); returns the files written."""
    path = Path(path)
    if fmt == "graphml":
        nx.write_graphml(flat(G), path)
        return [path]
    if fmt == "gexf":
        nx.write_gexf(for_gexf(flat(G)), path)
        return [path]
    if fmt == "csv":
        path.mkdir(parents=True, exist_ok=True)
        return [_nodes_csv(G, path / "nodes.csv"), _edges_csv(G, path / "relationships.csv")]
    raise ValueError(fmt)


def _nodes_csv(G: nx.MultiDiGraph, path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id:ID", "name", ":LABEL"])
        for node, attrs in sorted(G.nodes(data=True)):
            writer.writerow([node, attrs.get("name", ""), f"Node;{attrs.get('label', '')}"])
    return path


def _edges_csv(G: nx.MultiDiGraph, path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([":START_ID", ":END_ID", ":TYPE", "doc_id", "start:int", "quote"])
        for source, target, attrs in _sorted_edges(G.edges(data=True)):
            rel = attrs.get("rel")
            writer.writerow(
                [source, target, attrs.get("type", ""), rel.doc_id if rel else "", rel.evidence.start if rel else "",
                 rel.evidence.quote if rel else ""]
            )
    return path


def _sorted_edges(edges: Iterable) -> list:
    return sorted(edges, key=lambda e: (e[0], e[1], e[2].get("type", ""), e[2]["rel"].evidence.start if "rel" in e[2] else 0))
