"""The analyses ``innokg analyze`` and the service offer by name: each a table with its columns
and a Chinese title, cut and sorted the same way wherever it is shown.

>>> from innokg.graph.analysis.networks import example_graph
>>> table, title = report("centrality", example_graph(), top=2, sort="tasks")
>>> title
'单位中心性（合作网络：共同负责任务的单位相连；任务数＝牵头＋参与＋指导）'
>>> list(table["name"])  # the unit sharing two tasks first
['市财政局', '市招才局']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from innokg.graph.analysis.centrality import centrality, communities
from innokg.graph.analysis.coverage import coverage
from innokg.graph.analysis.networks import co_responsibility_network, unit_task_graph
from innokg.graph.model.errors import InputError


@dataclass(frozen=True)
class Report:
    title: str
    table: Callable[[nx.MultiDiGraph], pd.DataFrame]
    columns: tuple[str, ...] | None = None  # None: every column the table has
    every_row: bool = False  # a short table is shown whole, whatever ``top`` says


REPORTS: dict[str, Report] = {
    "centrality": Report(
        "单位中心性（合作网络：共同负责任务的单位相连；任务数＝牵头＋参与＋指导）",
        centrality,
        ("name", "lead", "co", "guides", "tasks", "partners", "betweenness", "eigenvector", "pagerank", "constraint"),
    ),
    "coverage": Report(
        "“965”产业覆盖：平台、任务、目标与牵头单位",
        coverage,
        ("name", "group", "industries", "platforms", "tasks", "targets", "lead_units"),
        every_row=True,
    ),
    "communities": Report(
        "合作社群（Louvain，固定随机种子）",
        lambda G: communities(co_responsibility_network(unit_task_graph(G))),
        every_row=True,
    ),
}


def report(name: str, G: nx.MultiDiGraph, top: int = 20, sort: str | None = None) -> tuple[pd.DataFrame, str]:
    """The analysis called ``name`` of ``G`` — its first ``top`` rows, sorted by the column
    ``sort`` (largest first) when given — and its title."""
    chosen = REPORTS.get(name)
    if chosen is None:
        raise InputError(f"未知的分析：{name}（可选 {'、'.join(REPORTS)}）")
    table = chosen.table(G)
    if chosen.columns:
        table = table[list(chosen.columns)]
    if sort is not None:
        if sort not in table.columns:
            raise InputError(f"没有这一列：{sort}（可选 {'、'.join(map(str, table.columns))}）")
        table = table.sort_values(sort, ascending=False, kind="stable")
    return table.head(max(top, len(table)) if chosen.every_row else top), chosen.title
