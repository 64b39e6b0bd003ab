"""Who carries the plan: role counts, centrality, structural holes and communities."""

from __future__ import annotations

import networkx as nx
import pandas as pd
from innokg.graph.model import RelType
from innokg.graph.analysis.networks import ROLE_WEIGHTS, co_responsibility_network, example_graph, unit_task_graph  # noqa: F401

COLUMNS_CN = {
    "name": "名称",
    "label": "类型",
    "lead": "牵头任务",
    "co": "参与任务",
    "guides": "指导任务",
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
    "targets": "目标数",
}
#: the column of role_counts each task->unit relation counts in
_ROLE_COLUMN = {RelType.LEADS: "lead", RelType.CO_RESPONSIBLE: "co", RelType.GUIDES: "guides"}


def role_counts(G: nx.MultiDiGraph) -> pd.DataFrame:
    """For each unit: tasks it leads, co-owns and guides, each task counted once, in the unit's
    strongest role in it (牵头 over 责任 over 指导), so that ``lead + co + guides == tasks``.

    >>> G = example_graph()
    >>> role_counts(G).loc["u2", ["lead", "co", "guides", "tasks"]].tolist()
    [0, 2, 0, 2]
    >>> _ = G.add_edge("t1", "u1", type="CO_RESPONSIBLE"); _ = G.add_edge("t2", "u1", type="GUIDES")
    >>> role_counts(G).loc["u1", ["lead", "co", "guides", "tasks"]].tolist()  # leads t1 (named twice), guides t2
    [1, 0, 1, 2]
    """
    rows: dict[str, dict] = {}
    for task, unit, kind in G.edges(data="type"):
        if kind not in _ROLE_COLUMN:
            continue
        row = rows.setdefault(unit, {"name": G.nodes[unit].get("name", unit), "lead": set(), "co": set(), "guides": set()})
        row[_ROLE_COLUMN[RelType(kind)]].add(task)
    for r in rows.values():  # a clause may name a unit twice in one task: its strongest role counts
        r["co"] -= r["lead"]
        r["guides"] -= r["lead"] | r["co"]
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
