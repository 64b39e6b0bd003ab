"""Responsibility shifts between two editions of a plan: which units' share of the tasks rose or
fell, which leads changed hands. Read through the store as ``innokg diff`` reads it
(:func:`innokg.graph.diff.diff`), so the table and the comparison always agree.

>>> from innokg.stores import example_editions
>>> store, (a, b) = example_editions()
>>> table = responsibility_shift(store, a, b)
>>> row = table.loc["unit:武汉市教育局"]  # dropped from one task, made lead of a new one
>>> row["name"], int(row["tasks_a"]), int(row["tasks_b"]), int(row["lead_a"]), int(row["lead_b"])
('市教育局', 2, 2, 0, 1)
>>> table.index[0], table.index[-1]  # a new lead's unit rose most; the unit of the task dropped fell most
('unit:武汉市地方金融工作局', 'unit:市国资委')
>>> row = table.loc["unit:武汉市发展和改革委员会"]  # it handed a lead over
>>> int(row["lead_a"]), int(row["lead_b"]), float(row["lead_change"]), int(row["gained"]), int(row["lost"])
(2, 1, -10.9, 1, 1)
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from innokg.graph.diff import diff, edition
from innokg.graph.model import Role
from innokg.graph.model.diff import EditionDiff
from innokg.graph.model.vocab import Change
from innokg.graph.store import GraphStore

#: the table's columns in Chinese, for figures and tables
SHIFT_COLUMNS_CN = {
    "name": "单位",
    "tasks_a": "A 任务数",
    "tasks_b": "B 任务数",
    "lead_a": "A 牵头",
    "lead_b": "B 牵头",
    "share_a": "A 份额(%)",
    "share_b": "B 份额(%)",
    "change": "份额变化(百分点)",
    "lead_change": "牵头份额变化(百分点)",
    "gained": "配对任务中新增角色",
    "lost": "配对任务中删除角色",
}


def responsibility_shift(store: GraphStore, a: str, b: str) -> pd.DataFrame:
    """For each unit named in either edition (index: its graph id): the tasks it has a role in
    (``tasks_a``/``tasks_b``) and leads, its share of the edition's tasks that name any unit (%),
    the change of that share in percentage points (B − A), the change of its share of the leads,
    and the roles it gained and lost in tasks matched across the editions. Rows by ``change``,
    the greatest rise first. Editions too long to compare raise
    :class:`~innokg.graph.model.errors.TooLarge`, as :func:`innokg.graph.diff.diff` does."""
    found = diff(store, a, b)
    counts = {side: _roles(store, doc.id) for side, doc in (("a", found.a), ("b", found.b))}
    names = {**counts["a"][2], **counts["b"][2]}
    moves = Counter((u.unit.id, u.change) for p in found.pairs for u in p.units)
    rows = []
    for unit in sorted(names):
        row: dict[str, object] = {"unit": unit, "name": names[unit]}
        for side in ("a", "b"):
            tasks, leads, _, attributed = counts[side]
            row[f"tasks_{side}"] = tasks.get(unit, 0)
            row[f"lead_{side}"] = leads.get(unit, 0)
            row[f"share_{side}"] = round(100 * tasks.get(unit, 0) / attributed, 1) if attributed else 0.0
        row["change"] = round(float(row["share_b"]) - float(row["share_a"]), 1)  # type: ignore[arg-type]
        lead_shares = [100 * counts[side][1].get(unit, 0) / max(sum(counts[side][1].values()), 1) for side in ("a", "b")]
        row["lead_change"] = round(lead_shares[1] - lead_shares[0], 1)
        row["gained"], row["lost"] = moves[unit, Change.ADDED], moves[unit, Change.REMOVED]
        rows.append(row)
    columns = ["unit", *SHIFT_COLUMNS_CN]
    table = pd.DataFrame(rows, columns=columns).set_index("unit")
    return table.sort_values(["change", "name"], ascending=[False, True], kind="stable")


def _roles(store: GraphStore, doc_id: str) -> tuple[Counter[str], Counter[str], dict[str, str], int]:
    """Per unit: the tasks it has any role in, the tasks it leads; the units' names; how many
    tasks name a unit at all."""
    tasks: Counter[str] = Counter()
    leads: Counter[str] = Counter()
    names: dict[str, str] = {}
    attributed = 0
    for task in edition(store, doc_id).tasks:
        units = {u.id: u.name for role in Role for u in task.entry.of(role)}
        attributed += bool(units)
        tasks.update(units.keys())
        leads.update({u.id for u in task.entry.lead})
        names.update(units)
    return tasks, leads, names, attributed


def pairs_table(found: EditionDiff) -> pd.DataFrame:
    """The matched tasks of a comparison as a table (one row a pair, in B's order): A's task and
    B's, the 匹配度, whether the words changed, and the units gained (+) and lost (−) by role.

    >>> from innokg.stores import example_editions
    >>> store, (a, b) = example_editions()
    >>> table = pairs_table(diff(store, a, b))
    >>> table.loc[table["A 任务"] == "壮大青年科技人才队伍", "单位变化"].item()
    '−责任 市教育局'
    """
    rows = [
        {
            "A 编号": p.a.task.path,
            "A 任务": p.a.task.display_title,
            "B 编号": p.b.task.path,
            "B 任务": p.b.task.display_title,
            "匹配度": p.score,
            "状态": p.status.cn,
            "单位变化": "；".join(f"{'+' if u.change == Change.ADDED else '−'}{u.role.cn} {u.unit.name}" for u in p.units),
        }
        for p in found.pairs
    ]
    return pd.DataFrame(rows, columns=["A 编号", "A 任务", "B 编号", "B 任务", "匹配度", "状态", "单位变化"])
