"""The notebooks' readings (解读), computed from the graph they describe: every figure in them is
read off the tables of :mod:`innokg.graph.analysis`, so a reading never describes another graph
than the one above it. Each returns Markdown bullets in Chinese.

>>> from innokg.graph.analysis.networks import example_graph
>>> print(responsibility_reading(example_graph()))  # doctest: +ELLIPSIS
- 图谱中 2 项任务写明了分工，涉及 3 个单位。
- **市招才局牵头最多**：牵头 1 项、参与 0 项；PageRank第 2、中介中心性第 2（共 3 个单位）。
- **最常见的责任单位是市财政局**：出现在 2 项任务中，却不牵头任何一项。
...
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from innokg.graph.analysis.centrality import centrality, communities
from innokg.graph.analysis.citations import citation_hubs, citation_network
from innokg.graph.analysis.coverage import coverage, targets_by, targets_table
from innokg.graph.analysis.networks import co_responsibility_network, unit_task_graph

#: how many names a bullet lists at most
LISTED = 5


def responsibility_reading(G: nx.MultiDiGraph) -> str:
    """Who carries the tasks, who only shares them, who bridges: the centrality tables in words."""
    table = centrality(G)
    if table.empty:
        return "- 图谱中没有写明分工的任务。"
    attributed = {t for t, _, kind in G.edges(data="type") if kind in ("LEADS", "CO_RESPONSIBLE", "GUIDES")}
    top = table.sort_values(["lead", "tasks"], ascending=False, kind="stable").iloc[0]
    lines = [
        f"图谱中 {len(attributed)} 项任务写明了分工，涉及 {len(table)} 个单位。",
        f"**{top['name']}牵头最多**：牵头 {top['lead']} 项、参与 {top['co']} 项；"
        + _ranks(table, top.name, {"pagerank": "PageRank", "betweenness": "中介中心性"}),
    ]
    sharers = table[(table["lead"] == 0) & (table["co"] > 0)].sort_values("co", ascending=False, kind="stable")
    if not sharers.empty:
        first = sharers.iloc[0]
        lines.append(f"**最常见的责任单位是{first['name']}**：出现在 {first['co']} 项任务中，却不牵头任何一项。")
    specialists = table[(table["lead"] > 0) & (table["co"] == 0) & (table["betweenness"] == 0)]
    if not specialists.empty:
        lines.append("只牵头、不参与其他任务、中介中心性为 0 的单位（专业化的“端点”）：" + _names(specialists) + "。")
    groups = communities(co_responsibility_network(unit_task_graph(G)))
    if not groups.empty:
        biggest = groups.sort_values("size", ascending=False, kind="stable")["community"].iloc[0]
        largest = groups[groups["community"] == biggest]
        lines.append(
            f"Louvain 社群 {groups['community'].nunique()} 个；最大的一个有 {len(largest)} 个成员，如 {_names(largest)}。"
        )
    return _bullets(lines)


def coverage_reading(G: nx.MultiDiGraph) -> str:
    """Which "965" industries have platforms and tasks behind them, and which have none.

    >>> from innokg.graph.analysis.networks import example_graph
    >>> "未来产业" in coverage_reading(example_graph())
    True
    """
    table = coverage(G)
    lines = []
    if table["tasks"].max() > 0:
        most = table.sort_values(["tasks", "targets"], ascending=False, kind="stable").iloc[0]
        lines.append(f"**{most['name']}牵涉的任务最多**（{most['tasks']} 项任务、{most['targets']} 个量化目标）。")
    if table["platforms"].max() > 0:
        most = table.sort_values("platforms", ascending=False, kind="stable").iloc[0]
        lines.append(f"**{most['name']}背后的平台最多**（{most['platforms']} 个）。")
    for group, rows in table.groupby("group", sort=False):
        gaps = rows[~rows["covered"]]
        covered = len(rows) - len(gaps)
        lines.append(
            f"{group}：{len(rows)} 个中 {covered} 个有平台或任务支撑"
            + (f"；没有支撑的：{'、'.join(gaps['name'])}。" if len(gaps) else "，没有空白。")
        )
    return _bullets(lines)


def targets_reading(G: nx.MultiDiGraph) -> str:
    """Who answers for the quantitative targets, in what units, by when.

    >>> from innokg.graph.analysis.networks import example_graph
    >>> targets_reading(example_graph())
    '- 图谱中没有量化目标。'
    """
    table = targets_table(G)
    if table.empty:
        return "- 图谱中没有量化目标。"
    by_lead = targets_by(table, "lead_units")
    named = by_lead.drop("（未写明）", errors="ignore")
    lines = [f"共 {len(table)} 个量化目标。"]
    if not named.empty:
        lines.append(
            f"**{named.index[0]}牵头的任务上有 {named.iloc[0]} 个**，其后是 "
            + "、".join(f"{unit}（{count} 个）" for unit, count in named.iloc[1:LISTED].items())
            + "。"
        )
    if "（未写明）" in by_lead.index:
        lines.append(f"{by_lead['（未写明）']} 个目标所在的任务没有写明牵头单位。")
    units = targets_by(table, "unit").drop("（未写明）", errors="ignore")
    if not units.empty:
        lines.append("计量单位以 " + "、".join(f"“{u}”（{n} 个）" for u, n in units.iloc[:LISTED].items()) + " 为主。")
    dated = int(table["year"].notna().sum())
    yearly = int(table["text"].astype("string").str.contains("每年", regex=False).sum())
    lines.append(f"{dated} 个目标写明了年份，{yearly} 个写作“每年”，其余以文件期限为准。")
    return _bullets(lines)


def citations_reading(G: nx.MultiDiGraph) -> str:
    """Which policies the library rests on, and which of its documents pass them down.

    >>> from innokg.graph.analysis.citations import example_citations
    >>> print(citations_reading(example_citations()))
    - 2 份文件共引用 2 项政策文件（3 处引用关系），其中 1 项是图谱中的文件。
    - **被引最多的是《国务院关于加快推进农业机械化的指导意见》（国家级）：2 份文件引用它**。
    - 图谱中被其他文件引用的文件：某市行动方案（1 份）。
    """
    hubs = citation_hubs(G)
    documents = hubs[hubs["kind"] == "文件"]
    cited = hubs[hubs["cited_by"] > 0]
    if cited.empty:
        return f"- {len(documents)} 份文件都没有引用图谱能识别的政策文件。"
    edges = citation_network(G).number_of_edges()
    in_library = cited[cited["kind"] == "文件"]
    top = cited.iloc[0]
    level = f"（{top['level']}）" if top["level"] != "—" else ""
    lines = [
        f"{int((documents['cites'] > 0).sum())} 份文件共引用 {len(cited)} 项政策文件（{edges} 处引用关系），其中 {len(in_library)} 项是图谱中的文件。",
        f"**被引最多的是《{top['name']}》{level}：{int(top['cited_by'])} 份文件引用它**。",
    ]
    if not in_library.empty:
        lines.append("图谱中被其他文件引用的文件：" + "、".join(f"{row['name']}（{int(row['cited_by'])} 份）" for _, row in in_library.iloc[:LISTED].iterrows()) + "。")
    return "\n".join(f"- {line}" for line in lines)
def shift_reading(table: pd.DataFrame) -> str:
    """Whose share of the tasks rose and fell from one edition to the next, who appeared and who
    left, whose leads changed: :func:`~innokg.graph.analysis.editions.responsibility_shift` in words.

    >>> table = pd.DataFrame(
    ...     {"name": ["市科技局", "市经信局", "市国资委"], "tasks_a": [4, 1, 1], "tasks_b": [5, 2, 0], "lead_a": [3, 0, 1],
    ...      "lead_b": [4, 1, 0], "share_a": [66.7, 16.7, 16.7], "share_b": [71.4, 28.6, 0.0], "change": [4.7, 11.9, -16.7],
    ...      "lead_change": [5.0, 20.0, -25.0], "gained": [1, 1, 0], "lost": [0, 0, 0]}, index=["u1", "u2", "u3"])
    >>> print(shift_reading(table))
    - A 中 3 个单位、B 中 2 个单位承担写明分工的任务。
    - **任务份额上升最多的是市经信局**：任务 1 → 2 项，份额 +11.9 个百分点（牵头 0 → 1 项）；其次是 市科技局（+4.7）。
    - **任务份额下降最多的是市国资委**：任务 1 → 0 项，份额 -16.7 个百分点（牵头 1 → 0 项）。
    - B 中不再承担任务的单位：市国资委。
    - 牵头增加的单位：市科技局（3 → 4）、市经信局（0 → 1）；牵头减少的单位：市国资委（1 → 0）。
    - 在两版都有的任务中新增角色的单位：市科技局、市经信局。
    """
    if table.empty:
        return "- 两个版本都没有写明分工的任务。"
    lines = [f"A 中 {int((table['tasks_a'] > 0).sum())} 个单位、B 中 {int((table['tasks_b'] > 0).sum())} 个单位承担写明分工的任务。"]
    rising = table[table["change"] > 0].sort_values("change", ascending=False, kind="stable")
    falling = table[table["change"] < 0].sort_values("change", kind="stable")
    for rows, word in ((rising, "上升"), (falling, "下降")):
        if rows.empty:
            continue
        top = rows.iloc[0]
        line = (
            f"**任务份额{word}最多的是{top['name']}**：任务 {top['tasks_a']} → {top['tasks_b']} 项，份额 {top['change']:+g} 个百分点"
            f"（牵头 {top['lead_a']} → {top['lead_b']} 项）"
        )
        others = [f"{r['name']}（{r['change']:+g}）" for _, r in rows.iloc[1:3].iterrows()]
        lines.append(line + (f"；其次是 {'、'.join(others)}。" if others else "。"))
    new = table[(table["tasks_a"] == 0) & (table["tasks_b"] > 0)]
    if not new.empty:
        lines.append("B 中新承担任务的单位：" + _names(new) + "。")
    gone = table[(table["tasks_a"] > 0) & (table["tasks_b"] == 0)]
    if not gone.empty:
        lines.append("B 中不再承担任务的单位：" + _names(gone) + "。")
    more, fewer = table[table["lead_b"] > table["lead_a"]], table[table["lead_b"] < table["lead_a"]]
    said = [
        f"牵头{word}的单位：" + "、".join(f"{r['name']}（{r['lead_a']} → {r['lead_b']}）" for _, r in rows.iloc[:LISTED].iterrows())
        for rows, word in ((more, "增加"), (fewer, "减少"))
        if not rows.empty
    ]
    if said:
        lines.append("；".join(said) + "。")
    for column, word in (("gained", "新增角色"), ("lost", "失去角色")):
        rows = table[table[column] > 0]
        if not rows.empty:
            lines.append(f"在两版都有的任务中{word}的单位：" + _names(rows) + "。")
    return _bullets(lines)


def _ranks(table: pd.DataFrame, unit: str, columns: dict[str, str]) -> str:
    """Where ``unit`` ranks by each column, in words."""
    ranks = []
    for column, name in columns.items():
        rank = int((table[column] > table.loc[unit, column]).sum()) + 1
        ranks.append(f"{name}第 {rank}")
    return "、".join(ranks) + "（共 " + str(len(table)) + " 个单位）。"


def _names(rows: pd.DataFrame) -> str:
    names = list(rows["name"].astype(str))
    return "、".join(names[:LISTED]) + (f" 等 {len(names)} 个" if len(names) > LISTED else "")


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
