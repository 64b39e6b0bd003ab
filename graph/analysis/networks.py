"""The graphs analyses run on: the whole graph as plain attributes, the unit–task and
co-responsibility networks, platforms and industries."""

from __future__ import annotations

import networkx as nx
from innokg.graph.model import GraphData, RelType
from innokg.graph.facts import facts_of

#: how much a role weighs in the unit–task graph: leading a task counts twice
ROLE_WEIGHTS: dict[str, float] = {RelType.LEADS.value: 2, RelType.CO_RESPONSIBLE.value: 1}


def example_graph() -> nx.MultiDiGraph:
    """Two tasks and three units, the graph the examples use: 市科技局 leads 建实验室, 市招才局
    leads 引人才, and 市财政局 shares both.

    >>> sorted(example_graph().edges(data="type"))
    [('t1', 'u1', 'LEADS'), ('t1', 'u2', 'CO_RESPONSIBLE'), ('t2', 'u2', 'CO_RESPONSIBLE'), ('t2', 'u3', 'LEADS')]
    """
    G = nx.MultiDiGraph()
    for node, label, name in [
        ("t1", "Task", "建实验室"),
        ("t2", "Task", "引人才"),
        ("u1", "Unit", "市科技局"),
        ("u2", "Unit", "市财政局"),
        ("u3", "Unit", "市招才局"),
    ]:
        G.add_node(node, label=label, name=name)
    for task, unit, kind in [
        ("t1", "u1", "LEADS"),
        ("t1", "u2", "CO_RESPONSIBLE"),
        ("t2", "u3", "LEADS"),
        ("t2", "u2", "CO_RESPONSIBLE"),
    ]:
        G.add_edge(task, unit, type=kind)
    return G

def whole_graph(data: GraphData) -> nx.MultiDiGraph:
    """The whole graph from a store's ``export()``: nodes with ``label``, ``name`` and ``node``
    (the merged model, so a Platform merged into a Unit reads as a Unit), edges with ``type``
    and ``rel`` (the relation with its evidence).

    >>> from innokg.graph.model import UnitNode
    >>> whole_graph(GraphData(nodes=[UnitNode(id="u1", name="市科技局")])).nodes["u1"]["label"]
    'Unit'
    """
    return facts_of(data.nodes, data.relations).to_networkx()


def unit_task_graph(G: nx.MultiDiGraph, weights: dict[str, float] | None = None) -> nx.Graph:
    """The bipartite graph of units and the tasks they lead or share.

    Edge ``weight`` is the role's weight (lead 2, co-responsible 1 by default; pass ``weights``
    to change them or to add ``GUIDES``); ``role`` keeps the role. Units have ``bipartite=0``.

    >>> G = example_graph()
    >>> B = unit_task_graph(G)
    >>> B["t1"]["u1"]["weight"], B["t1"]["u2"]["role"]
    (2, 'CO_RESPONSIBLE')
    >>> sorted(n for n, side in B.nodes(data="bipartite") if side == 0)
    ['u1', 'u2', 'u3']
    """
    weights = weights or ROLE_WEIGHTS
    B = nx.Graph()
    for task, unit, kind in G.edges(data="type"):
        if kind not in weights:
            continue
        B.add_node(unit, bipartite=0, label="Unit", name=G.nodes[unit].get("name", unit))
        B.add_node(task, bipartite=1, label="Task", name=G.nodes[task].get("name", task))
        if not B.has_edge(task, unit) or weights[kind] > B[task][unit]["weight"]:
            B.add_edge(task, unit, weight=weights[kind], role=kind)
    return B


def co_responsibility_network(B: nx.Graph) -> nx.Graph:
    """Units linked when they share a task; ``weight`` is the number of tasks they share.

    >>> G = example_graph()
    >>> N = co_responsibility_network(unit_task_graph(G))
    >>> sorted(N.edges(data="weight"))
    [('u1', 'u2', 1), ('u2', 'u3', 1)]
    """
    units = [n for n, side in B.nodes(data="bipartite") if side == 0]
    N = nx.bipartite.weighted_projected_graph(B, units)
    for unit in N:
        N.nodes[unit].update(label="Unit", name=B.nodes[unit]["name"])
    return N


def industry_platform_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """Platforms and the industries they serve, and each industry's "965" industry.

    >>> H = nx.MultiDiGraph()
    >>> H.add_node("p", label="Platform", name="光谷实验室"); H.add_node("i", label="Industry", name="光通信")
    >>> H.add_node("c", label="Industry965", name="光电子信息")
    >>> _ = H.add_edge("p", "i", type="SERVES"); _ = H.add_edge("i", "c", type="IN_965")
    >>> sorted(industry_platform_graph(H).edges(data="type"))
    [('i', 'c', 'IN_965'), ('p', 'i', 'SERVES')]
    """
    P = nx.Graph()
    for source, target, kind in G.edges(data="type"):
        if kind in ("SERVES", "IN_965"):
            for node in (source, target):
                P.add_node(node, label=G.nodes[node].get("label"), name=G.nodes[node].get("name", node))
            P.add_edge(source, target, type=kind)
    return P
