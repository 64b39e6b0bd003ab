"""Network analysis of the graph: who carries the plan, who works with whom, which industries
have platforms behind them. The notebooks and ``innokg analyze`` call these functions.

Every function takes plain networkx graphs whose nodes carry ``label`` and ``name`` and whose
edges carry ``type`` (the store's graph has them; :func:`whole_graph` makes one from any store),
so each can be tried on a graph of a few nodes, as the examples do with :func:`example_graph`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pandas as pd
from innokg.graph.model import GraphData
from innokg.graph.resolve import default_taxonomy
from innokg.graph.view import add_facts

#: how much a role weighs in the unit–task graph: leading a task counts twice
ROLE_WEIGHTS = {"LEADS": 2, "CO_RESPONSIBLE": 1}
ROLE_CN = {"LEADS": "牵头", "CO_RESPONSIBLE": "责任", "GUIDES": "指导"}
COLUMNS_CN = {
    "name": "名称",
    "label": "类型",
    "lead": "牵头任务",
    "co": "参与任务",
    "tasks": "任务数",
    "in_degree": "入度",
    "out_degree": "出度",
    "partners": "合作单位数",
    "weighted_degree": "合作强度",
    "betweenness": "中介中心性",
    "closeness": "接近中心性",
    "eigenvector": "特征向量中心性",
    "pagerank": "PageRank",
    "constraint": "网络约束",
    "effective_size": "有效规模",
    "community": "社群",
}


# --------------------------------------------------------------------------- views of the graph


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
    (the model), edges with ``type`` and ``rel`` (the relation with its evidence).

    >>> from innokg.graph.model import UnitNode
    >>> whole_graph(GraphData(nodes=[UnitNode(id="u1", name="市科技局")])).nodes["u1"]["name"]
    '市科技局'
    """
    return add_facts(nx.MultiDiGraph(), data.nodes, data.relations)


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


# --------------------------------------------------------------------------- centrality


def role_counts(G: nx.MultiDiGraph) -> pd.DataFrame:
    """For each unit: tasks it leads, co-owns and guides (each task counted once per role).

    >>> G = example_graph()
    >>> role_counts(G).loc["u2", ["lead", "co", "tasks"]].tolist()
    [0, 2, 2]
    """
    rows: dict[str, dict] = {}
    for task, unit, kind in G.edges(data="type"):
        if kind not in ROLE_CN:
            continue
        row = rows.setdefault(unit, {"name": G.nodes[unit].get("name", unit), "lead": set(), "co": set(), "guides": set()})
        row[{"LEADS": "lead", "CO_RESPONSIBLE": "co", "GUIDES": "guides"}[kind]].add(task)
    table = pd.DataFrame.from_dict(
        {
            unit: {
                "name": r["name"],
                "lead": len(r["lead"]),
                "co": len(r["co"]),
                "guides": len(r["guides"]),
                "tasks": len(r["lead"] | r["co"] | r["guides"]),
            }
            for unit, r in rows.items()
        },
        orient="index",
    )
    table.index.name = "id"
    return table.sort_values(["lead", "tasks", "name"], ascending=[False, False, True])


def centrality(G: nx.MultiDiGraph, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """Units ranked by what they carry: lead / co counts, in / out degree in the whole graph, and the centralities of the
    co-responsibility network (degree, weighted degree, betweenness, closeness, eigenvector,
    PageRank) with its structural holes (Burt's constraint and effective size).

    >>> G = example_graph()
    >>> table = centrality(G)
    >>> int(table.loc["u2", "partners"]), float(table.loc["u2", "betweenness"])
    (2, 1.0)
    >>> table.index[0] in ("u1", "u3")   # leaders first
    True
    """
    N = co_responsibility_network(unit_task_graph(G, weights))
    table = role_counts(G).join(
        pd.DataFrame(
            {
                "in_degree": {n: G.in_degree(n) for n in N},  # in the whole graph: tasks naming it …
                "out_degree": {n: G.out_degree(n) for n in N},  # … and what it points to (MEMBER_OF)
                "partners": dict(N.degree()),
                "weighted_degree": dict(N.degree(weight="weight")),
                "betweenness": nx.betweenness_centrality(N),
                "closeness": nx.closeness_centrality(N),
                "eigenvector": _eigenvector(N),
                "pagerank": nx.pagerank(N, weight="weight") if N.number_of_edges() else {n: 1 / len(N) for n in N},
                **structural_holes(N).to_dict(orient="series"),
            }
        ),
        how="left",
    )
    return table.fillna(0).sort_values(["lead", "tasks", "pagerank"], ascending=False)


def structural_holes(N: nx.Graph) -> pd.DataFrame:
    """Burt's constraint (low: spans structural holes) and effective size, per unit.

    >>> G = example_graph()
    >>> float(structural_holes(co_responsibility_network(unit_task_graph(G))).loc["u2", "effective_size"])
    2.0
    """
    constraint = nx.constraint(N, weight="weight")
    effective = nx.effective_size(N, weight="weight")
    return pd.DataFrame({"constraint": constraint, "effective_size": effective})


def _eigenvector(N: nx.Graph) -> dict:
    if N.number_of_edges() == 0:
        return {n: 0.0 for n in N}
    try:
        return nx.eigenvector_centrality_numpy(N, weight="weight")
    except (nx.NetworkXException, ValueError):  # a disconnected graph may not converge
        return nx.eigenvector_centrality(N, weight="weight", max_iter=1000)


def communities(N: nx.Graph, seed: int = 7, resolution: float = 1.0) -> pd.DataFrame:
    """Louvain communities of the co-responsibility network, seeded so the result repeats;
    communities numbered from 1, largest first.

    >>> G = example_graph()
    >>> communities(co_responsibility_network(unit_task_graph(G)))["community"].nunique() >= 1
    True
    """
    found = nx.community.louvain_communities(N, weight="weight", seed=seed, resolution=resolution)
    found = sorted(found, key=lambda c: (-len(c), min(c)))
    rows = [
        {"id": node, "name": N.nodes[node].get("name", node), "community": number, "size": len(members)}
        for number, members in enumerate(found, start=1)
        for node in sorted(members)
    ]
    return pd.DataFrame(rows, columns=["id", "name", "community", "size"]).set_index("id")


def community_members(table: pd.DataFrame) -> pd.Series:
    """Each community's members' names, joined (from :func:`communities`).

    >>> community_members(pd.DataFrame({"name": ["甲", "乙", "丙"], "community": [1, 1, 2]})).to_dict()
    {1: '甲、乙', 2: '丙'}
    """
    return table.groupby("community")["name"].agg("、".join)


# --------------------------------------------------------------------------- coverage


def coverage(G: nx.MultiDiGraph) -> pd.DataFrame:
    """For each "965" industry (all 20, also those the documents never reach): the document
    industries mapped to it, the platforms serving them, the tasks naming them or building those
    platforms, the targets those tasks set, and the units leading those tasks.

    >>> H = nx.MultiDiGraph()
    >>> H.add_node("965:pillar:光电子信息", label="Industry965", name="光电子信息")
    >>> H.add_node("i", label="Industry", name="光通信"); H.add_node("p", label="Platform", name="光谷实验室")
    >>> H.add_node("t", label="Task", name="建实验室"); H.add_node("u", label="Unit", name="市科技局")
    >>> for s, o, k in [("i", "965:pillar:光电子信息", "IN_965"), ("p", "i", "SERVES"), ("t", "p", "BUILDS"), ("t", "u", "LEADS")]:
    ...     _ = H.add_edge(s, o, type=k)
    >>> row = coverage(H).loc["965:pillar:光电子信息"]
    >>> int(row["platforms"]), int(row["tasks"]), row["lead_units"]
    (1, 1, '市科技局')
    >>> int(coverage(H)["covered"].sum())
    1
    """
    rows = []
    for item in default_taxonomy().industries:
        industries = (
            [s for s, _, k in G.in_edges(item.id, data="type") if k == "IN_965"] if item.id in G else []
        )
        platforms = {s for i in industries for s, _, k in G.in_edges(i, data="type") if k == "SERVES"}
        tasks = {s for i in industries for s, _, k in G.in_edges(i, data="type") if k == "MENTIONS"}
        tasks |= {s for p in platforms for s, _, k in G.in_edges(p, data="type") if k in ("BUILDS", "MENTIONS")}
        targets = {o for t in tasks for _, o, k in G.out_edges(t, data="type") if k == "SETS"}
        leads = {o for t in tasks for _, o, k in G.out_edges(t, data="type") if k == "LEADS"}
        names = lambda ids: "、".join(sorted(G.nodes[i].get("name", i) for i in ids))  # noqa: E731
        rows.append(
            {
                "id": item.id,
                "name": item.name,
                "group": item.group_cn,
                "industries": len(industries),
                "platforms": len(platforms),
                "tasks": len(tasks),
                "targets": len(targets),
                "lead_units": names(leads),
                "platform_names": names(platforms),
                "covered": bool(platforms or tasks),
            }
        )
    return pd.DataFrame(rows).set_index("id")


def coverage_by_group(table: pd.DataFrame) -> pd.DataFrame:
    """Per "965" category: how many industries have a platform or task behind them, of how many.

    >>> coverage_by_group(pd.DataFrame({"group": ["支柱产业", "支柱产业"], "covered": [True, False]})).values.tolist()
    [[1, 2]]
    """
    grouped = table.groupby("group", sort=False)["covered"]
    return pd.DataFrame({"covered": grouped.sum().astype(int), "industries": grouped.count()})


def uncovered(table: pd.DataFrame) -> list[str]:
    """The "965" industries no platform and no task reaches.

    >>> uncovered(pd.DataFrame({"name": ["光电子信息", "氢能"], "covered": [True, False]}))
    ['氢能']
    """
    return table.loc[~table["covered"], "name"].tolist()


# --------------------------------------------------------------------------- targets


def targets_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """The quantitative targets: metric, value, unit, comparator, year, the task that sets each
    and the units leading it; in document order.

    >>> from innokg.graph.model import TargetNode
    >>> H = example_graph()
    >>> goal = TargetNode(id="g", name="新增实验室5家", doc_id="d", task_id="t1", metric="新增实验室",
    ...                   value=5, unit="家", year=2024)
    >>> H.add_node("g", label="Target", name=goal.name, node=goal); _ = H.add_edge("t1", "g", type="SETS")
    >>> targets_table(H)[["metric", "value", "unit", "year", "task", "lead_units"]].values.tolist()
    [['新增实验室', 5.0, '家', 2024, '建实验室', '市科技局']]
    """
    rows = []
    for task, goal, kind in G.edges(data="type"):
        if kind != "SETS":
            continue
        node = G.nodes[goal].get("node")
        fields = node.model_dump() if node is not None else dict(G.nodes[goal])
        leads = sorted(G.nodes[u].get("name", u) for _, u, k in G.out_edges(task, data="type") if k == "LEADS")
        rows.append(
            {
                "id": goal,
                "metric": fields.get("metric"),
                "value": fields.get("value"),
                "unit": fields.get("unit"),
                "comparator": fields.get("comparator"),
                "year": fields.get("year"),
                "period": fields.get("period"),
                "text": fields.get("name"),
                "task": G.nodes[task].get("name", task),
                "lead_units": "、".join(leads),
                "start": _evidence_start(G, task, goal),
            }
        )
    columns = ["id", "metric", "value", "unit", "comparator", "year", "period", "text", "task", "lead_units"]
    table = pd.DataFrame(rows, columns=[*columns, "start"])
    table["year"] = table["year"].astype("Int64")
    return table.sort_values(["start", "id"]).drop(columns="start").set_index("id")


def targets_by(table: pd.DataFrame, column: str) -> pd.Series:
    """How many targets per value of ``column`` (lead_units, unit, year …), most first; a blank
    value counts as （未写明）.

    >>> targets_by(pd.DataFrame({"unit": ["家", "家", None]}), "unit").to_dict()
    {'家': 2, '（未写明）': 1}
    """
    values = table[column].astype("string").replace("", pd.NA).fillna("（未写明）")
    return values.value_counts().rename("targets").rename_axis(column)


def _evidence_start(G: nx.MultiDiGraph, source: str, target: str) -> int:
    """Where the first relation between two nodes was read (0 when the graph has no evidence)."""
    edges = G.get_edge_data(source, target) or {}
    starts = [attrs["rel"].evidence.start for attrs in edges.values() if "rel" in attrs]
    return min(starts, default=0)


# --------------------------------------------------------------------------- exports


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


def export(G: nx.MultiDiGraph, path: Path, fmt: str) -> list[Path]:
    """Write the graph as GraphML, GEXF (Gephi) or CSV node and edge lists (``neo4j-admin import``
    headers); returns the files written."""
    path = Path(path)
    if fmt == "graphml":
        nx.write_graphml(flat(G), path)
        return [path]
    if fmt == "gexf":
        nx.write_gexf(flat(G), path)
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
