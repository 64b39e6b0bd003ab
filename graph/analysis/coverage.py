"""Which "965" industries have platforms, tasks and targets behind them; the targets tables."""

from __future__ import annotations

import networkx as nx
import pandas as pd
from innokg.graph.analysis.networks import example_graph  # noqa: F401  (the examples use it)
from innokg.graph.model.resolve import default_taxonomy


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
