"""The graph as files other tools open: GraphML, GEXF (Gephi) and CSV (``neo4j-admin import``),
each with the weighted co-responsibility network of units beside it.

The files are read by Chinese-speaking analysts in Gephi and Excel: a node's label is its name
(a task's lead phrase, a document's short title), its type a Chinese ``category`` in the
vocabulary's colour; an edge names its relation in English (``relation``) and Chinese
(``relation_cn``, also its label) with its evidence (``doc_id``, ``start``, ``end``, ``quote``)
under the same names in every format. CSV files carry a byte-order mark, without which Excel
reads UTF-8 Chinese as mojibake.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
from innokg.graph.cells import spreadsheet_cell
from networkx.readwrite.gexf import GEXFWriter

from innokg.graph.model.names import display_title, short_title
from innokg.graph.model import Label
from innokg.graph.model.vocab import LABELS, label_cn, relation_cn

#: Excel takes UTF-8 only with a byte-order mark
CSV_ENCODING = "utf-8-sig"
#: the suffix of the co-responsibility network written beside the whole graph
PROJECTION = "co-responsibility"


def flat(G: nx.Graph) -> nx.Graph:
    """A copy with only what GraphML and GEXF can hold (text and numbers; lists joined), named
    for the people who open it: ``label`` the node's name as answers show it, ``category`` its
    type in Chinese, ``colour`` the vocabulary's; an edge's relation and its evidence.

    >>> H = nx.MultiDiGraph(); H.add_node("u", label="Unit", name="市科技局", node=object(), aliases=["科技局"])
    >>> flat(H).nodes["u"]
    {'label': '市科技局', 'name': '市科技局', 'aliases': '科技局', 'category': '单位', 'colour': '#D1495B'}
    """
    out = G.__class__()
    for node, attrs in G.nodes(data=True):
        out.add_node(node, **_node_attrs(node, attrs))
    for source, target, key, attrs in _edges(G):
        if G.is_multigraph():
            out.add_edge(source, target, key=key, **_edge_attrs(attrs))
        else:
            out.add_edge(source, target, **_edge_attrs(attrs))
    return out


def _node_attrs(node: str, attrs: dict) -> dict:
    attrs = dict(attrs)
    kind = attrs.pop("label", None)
    name = attrs.get("name", str(node))
    look = LABELS.get(Label(kind)) if kind in Label._value2member_map_ else None
    return {
        "label": _shown_name(kind, name),
        **_plain(attrs),
        **({"category": label_cn(kind)} if kind else {}),
        **({"colour": look.colour} if look else {}),
    }


def _shown_name(kind: str | None, name: str) -> str:
    """What Gephi writes on a node: a task's title may be a whole paragraph, a document's the
    notice that issued it."""
    if kind == Label.TASK.value:
        return display_title(name)
    if kind == Label.DOCUMENT.value:
        return short_title(name)
    return name


def _edges(G: nx.Graph) -> Iterator[tuple]:
    if G.is_multigraph():
        yield from G.edges(data=True, keys=True)
    else:
        for source, target, attrs in G.edges(data=True):
            yield source, target, None, attrs


def _edge_attrs(attrs: dict) -> dict:
    attrs = dict(attrs)
    rel = attrs.pop("rel", None)
    kind = attrs.pop("type", None)
    if kind is not None:
        attrs |= {"relation": kind, "relation_cn": relation_cn(kind), "label": relation_cn(kind)}
    if rel is not None:
        attrs |= {"doc_id": rel.doc_id, "start": rel.evidence.start, "end": rel.evidence.end, "quote": rel.evidence.quote}
    return _plain(attrs)


def _plain(attrs: dict) -> dict:
    plain = {}
    for key, value in attrs.items():
        if isinstance(value, (list, tuple, set)):
            value = "；".join(map(str, value))
        if isinstance(value, (str, int, float, bool)):
            plain[key] = value
    return plain


class _GephiWriter(GEXFWriter):
    """networkx's GEXF writer without two habits Gephi users trip on: it stores a multigraph's
    edge key as one more column, ``networkx_key`` (the key is the edge's id already), and it takes
    ``start``/``end`` for time, making the graph dynamic (here they are evidence offsets, passed
    under other names through :meth:`add_edges` and named back as plain columns)."""

    HIDDEN = {"start": "_evidence_start", "end": "_evidence_end"}

    def add_attributes(self, node_or_edge, xml_obj, data, default):
        if node_or_edge == "edge":
            shown = {hidden: name for name, hidden in self.HIDDEN.items()}
            data = {shown.get(k, k): v for k, v in data.items() if k != "key"}
        return super().add_attributes(node_or_edge, xml_obj, data, default)


def for_gexf(G: nx.Graph) -> nx.Graph:
    """The flat graph as Gephi reads GEXF: the colour as Gephi's own (``viz``), the edge's key as
    its id, the offsets out of the writer's sight.

    >>> H = nx.MultiDiGraph(); H.add_node("u", label="市科技局", category="单位", colour="#D1495B")
    >>> _ = H.add_edge("t", "u", key="k1", relation="LEADS", start=12, end=30)
    >>> G = for_gexf(H); G.nodes["u"]["viz"], G.edges["t", "u", "k1"]
    ({'color': {'r': 209, 'g': 73, 'b': 91, 'a': 1.0}}, {'relation': 'LEADS', '_evidence_start': 12, '_evidence_end': 30, 'id': 'k1'})
    """
    out = G.__class__()
    for node, attrs in G.nodes(data=True):
        attrs = dict(attrs)
        colour = attrs.pop("colour", None)
        out.add_node(node, **attrs, **({"viz": {"color": _rgba(colour)}} if colour else {}))
    for source, target, key, attrs in _edges(G):
        attrs = {_GephiWriter.HIDDEN.get(k, k): v for k, v in attrs.items()}
        if G.is_multigraph():
            out.add_edge(source, target, key=key, **attrs, id=str(key))
        else:
            out.add_edge(source, target, **attrs)
    return out


def _rgba(colour: str) -> dict:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def write_gexf(G: nx.Graph, path: Path) -> None:
    """Write a flat graph as GEXF for Gephi (static, colours as Gephi's, no networkx columns)."""
    writer = _GephiWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(for_gexf(G))
    writer.write(path)


def co_responsibility(G: nx.MultiDiGraph) -> nx.Graph:
    """The units, linked when they lead or share a task together; ``weight`` is how many tasks
    they share. Each unit carries its name, category, colour and its tasks by role, so that Gephi
    can size and filter by them. Guiding units (指导) are left out, as in the analyses.

    >>> from innokg.graph.analysis.networks import example_graph
    >>> N = co_responsibility(example_graph())
    >>> sorted(N.edges(data="weight")), N.nodes["u2"]["label"], N.nodes["u2"]["co"]
    ([('u1', 'u2', 1), ('u2', 'u3', 1)], '市财政局', 2)
    >>> co_responsibility(nx.MultiDiGraph([("t1", "s1", {"type": "PART_OF"})])).number_of_nodes()
    0
    """
    # imported here: innokg.graph.analysis imports this module
    from innokg.graph.analysis.centrality import role_counts
    from innokg.graph.analysis.networks import co_responsibility_network, unit_task_graph

    out = nx.Graph()
    B = unit_task_graph(G)
    if not B:  # documents without a single responsibility: networkx will not project nothing
        return out
    N = co_responsibility_network(B)
    counts = role_counts(G)
    for unit in N:
        row = counts.loc[unit]
        out.add_node(
            unit,
            **_node_attrs(unit, G.nodes[unit]),  # its own type: enterprises lead tasks too
            **{role: int(row[role]) for role in ("lead", "co", "guides", "tasks")},
        )
    # the projection meets pairs through sets, in an order that changes from run to run: sorted,
    # one graph exports to the same file every time
    for a, b, weight in sorted((min(a, b), max(a, b), w) for a, b, w in N.edges(data="weight")):
        out.add_edge(a, b, weight=weight, label=f"共同负责 {weight} 项")
    return out


def export(G: nx.MultiDiGraph, path: Path, fmt: str) -> list[Path]:
    """Write the graph as GraphML, GEXF (Gephi) or CSV node and edge lists (``neo4j-admin import``
    headers), and beside it the co-responsibility network of units in the same format
    (``<name>.co-responsibility.<suffix>``, or ``co-responsibility.csv`` in the CSV folder);
    returns the files written."""
    path = Path(path)
    if fmt == "graphml":
        nx.write_graphml(flat(G), path)
        nx.write_graphml(co_responsibility(G), _beside(path))
        return [path, _beside(path)]
    if fmt == "gexf":
        write_gexf(flat(G), path)
        write_gexf(co_responsibility(G), _beside(path))
        return [path, _beside(path)]
    if fmt == "csv":
        path.mkdir(parents=True, exist_ok=True)
        return [
            _nodes_csv(G, path / "nodes.csv"),
            _edges_csv(G, path / "relationships.csv"),
            _projection_csv(co_responsibility(G), path / f"{PROJECTION}.csv"),
        ]
    raise ValueError(fmt)


def _beside(path: Path) -> Path:
    """graph.gexf → graph.co-responsibility.gexf"""
    return path.with_name(f"{path.stem}.{PROJECTION}{path.suffix}")


def _nodes_csv(G: nx.MultiDiGraph, path: Path) -> Path:
    with path.open("w", newline="", encoding=CSV_ENCODING) as handle:
        writer = csv.writer(handle)
        writer.writerow(["id:ID", "name", ":LABEL", "category"])
        for node, attrs in sorted(G.nodes(data=True)):
            kind = attrs.get("label", "")
            writer.writerow([node, attrs.get("name", ""), f"Node;{kind}", label_cn(kind) if kind else ""])
    return path


def _edges_csv(G: nx.MultiDiGraph, path: Path) -> Path:
    with path.open("w", newline="", encoding=CSV_ENCODING) as handle:
        writer = csv.writer(handle)
        writer.writerow([":START_ID", ":END_ID", ":TYPE", "relation_cn", "doc_id", "start:int", "end:int", "quote"])
        for source, target, attrs in _sorted_edges(G.edges(data=True)):
            rel, kind = attrs.get("rel"), attrs.get("type", "")
            evidence = [rel.doc_id, rel.evidence.start, rel.evidence.end, rel.evidence.quote] if rel else ["", "", "", ""]
            writer.writerow([source, target, kind, relation_cn(kind) if kind else "", *evidence])
    return path


def _projection_csv(N: nx.Graph, path: Path) -> Path:
    """The co-responsibility network as an edge list Gephi's spreadsheet import reads (Source,
    Target, Weight, Type), with the units' names for people reading it in Excel."""
    with path.open("w", newline="", encoding=CSV_ENCODING) as handle:
        writer = csv.writer(handle)
        writer.writerow(["Source", "Target", "Weight", "Type", "单位甲", "单位乙"])
        for a, b, weight in sorted(N.edges(data="weight")):
            writer.writerow([a, b, weight, "Undirected", spreadsheet_cell(N.nodes[a]["name"]), spreadsheet_cell(N.nodes[b]["name"])])
    return path


def _sorted_edges(edges: Iterable) -> list:
    return sorted(edges, key=lambda e: (e[0], e[1], e[2].get("type", ""), e[2]["rel"].evidence.start if "rel" in e[2] else 0))

