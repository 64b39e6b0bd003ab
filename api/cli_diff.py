"""``innokg diff A B`` (版本对比): two editions of a plan compared, as a table, JSON (the HTTP
API's answer) or CSV. Registered on the main command in :mod:`.cli`; the comparison is
:func:`innokg.graph.diff.diff`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from innokg.api.cli import FormatOption, _as_data, _check_format, _store, app, out
from innokg.api.render import Rows, safe, sections
from innokg.graph import diff as editions
from innokg.graph.model import Evidence, Role
from innokg.graph.model.answers import TargetAnswer
from innokg.graph.model.diff import EditionDiff, EditionTask, TaskPair, TextPiece, UnitChange
from innokg.graph.model.names import clip
from innokg.graph.model.vocab import Change
from rich.console import Group
from rich.table import Table


@app.command("diff")
def diff(
    a: Annotated[str, typer.Argument(help="较早的版本：文档标识，或标题中能区分它的字（如年份）")],
    b: Annotated[str, typer.Argument(help="较新的版本：同上")],
    fmt: FormatOption = "table",
    threshold: Annotated[
        Optional[float], typer.Option("--threshold", min=0, max=100, help=f"匹配度低于此值的两项任务不配对（默认 {editions.THRESHOLD:g}）")
    ] = None,
) -> None:
    """版本对比：两个版本的任务如何对应（匹配度），新增、删除、改写了哪些任务，牵头与责任单位的增减，量化目标的变化。"""
    _check_format(fmt)
    answer = editions.diff(_store(), a, b, editions.THRESHOLD if threshold is None else threshold)
    if not _as_data(fmt, answer, diff_rows):
        out.print(diff_view(answer))


# ------------------------------------------------------------------ the terminal


def diff_view(d: EditionDiff) -> Group:
    """The comparison in Chinese: a summary, the matched tasks with the words changed marked
    (A's in red, B's in green) and their units gained and lost, added and removed tasks, targets."""
    c = d.counts
    summary = (
        f"[bold]版本对比[/]  A {safe(d.a.title)}  →  B {safe(d.b.title)}\n"
        f"配对任务 {len(d.pairs)} 项（{Change.UNCHANGED.cn} {c['unchanged']}、{Change.REWORDED.cn} {c['reworded']}），"
        f"{Change.ADDED.cn} {c['added']} 项，{Change.REMOVED.cn} {c['removed']} 项；"
        f"单位 增加 {c['units_gained']}、减少 {c['units_lost']}；"
        f"量化目标 {Change.CHANGED.cn} {c['targets_changed']}、{Change.ADDED.cn} {c['targets_added']}、{Change.REMOVED.cn} {c['targets_removed']}"
        f"（匹配度低于 {d.threshold:g}% 的不配对）"
    )
    parts: list = [summary, _pairs_table(d.pairs)]
    if d.added:
        parts.append(_tasks_table(f"{Change.ADDED.cn}的任务（只在 B 中）", d.added))
    if d.removed:
        parts.append(_tasks_table(f"{Change.REMOVED.cn}的任务（只在 A 中）", d.removed))
    moved = [t for t in d.targets if t.change != Change.UNCHANGED]
    if moved:
        parts.append(_targets_table(d, moved))
    return Group(*parts)


def _pairs_table(pairs: list[TaskPair]) -> Table:
    table = Table(title="任务对照（红：A 中被改掉的字；绿：B 中新写的字）", show_lines=True)
    for column in ("状态", "匹配度", "A 任务", "B 任务", "单位变化"):
        table.add_column(column, overflow="fold", no_wrap=column in ("状态", "匹配度"))
    for p in pairs:
        status = p.status.cn + ("\n[dim]位置变化[/]" if p.moved else "")
        table.add_row(
            status if p.status == Change.REWORDED or p.units else f"[dim]{status}[/]",
            f"{p.score:g}%",
            _side(p.a, p.title_a, p.text_a, "red"),
            _side(p.b, p.title_b, p.text_b, "green"),
            _units(p.units) or "[dim]—[/]",
        )
    return table


def _side(task: EditionTask, title: list[TextPiece], text: list[TextPiece], colour: str) -> str:
    marked = "".join(f"[{colour}]{safe(p.text)}[/]" if p.changed else safe(p.text) for p in title) or safe(task.task.title)
    lines = [f"[dim]{safe(task.task.path)}[/] {marked}"]
    changed = [p.text for p in text if p.changed]
    if changed:  # the text's own changes, in a few words (the whole text is in json and csv)
        lines.append(f"正文改动：[{colour}]{safe(clip('…'.join(changed), 60))}[/]")
    return "\n".join([*lines, f"[dim]{_where(task.evidence)}[/]"])


def _units(changes: list[UnitChange]) -> str:
    """Per role: 牵头单位变化：新增 X；删除 Y."""
    lines = []
    for role in Role:
        gained = [c.unit.name for c in changes if c.role == role and c.change == Change.ADDED]
        lost = [c.unit.name for c in changes if c.role == role and c.change == Change.REMOVED]
        if gained or lost:
            said = [f"[green]{Change.ADDED.cn} {safe('、'.join(gained))}[/]"] if gained else []
            said += [f"[red]{Change.REMOVED.cn} {safe('、'.join(lost))}[/]"] if lost else []
            lines.append(f"{role.cn}单位变化：" + "；".join(said))
    return "\n".join(lines)


def _tasks_table(title: str, tasks: list[EditionTask]) -> Table:
    table = Table(title=title)
    for column in ("编号", "任务", "章节", "牵头单位", "责任单位", "依据"):
        table.add_column(column, overflow="fold")
    for t in tasks:
        table.add_row(
            safe(t.task.path),
            safe(t.task.display_title),
            sections(t.sections) or "—",
            safe("、".join(u.name for u in t.lead)) or "—",
            safe("、".join(u.name for u in t.co)) or "—",
            f"“{safe(clip(t.evidence.quote, 60))}”\n[dim]{_where(t.evidence)}[/]",
        )
    return table


def _targets_table(d: EditionDiff, changes) -> Table:
    table = Table(title="量化目标的变化（按指标与计量单位配对）")
    for column in ("状态", "指标", "A", "B", "变化项"):
        table.add_column(column, overflow="fold")
    for t in changes:
        either = t.b or t.a
        table.add_row(t.change.cn, safe(either.metric if either else ""), _target(t.a), _target(t.b), "、".join(FIELDS_CN[f] for f in t.fields) or "—")
    return table


def _target(t: TargetAnswer | None) -> str:
    if t is None:
        return "—"
    return f"{safe(target_value(t))}\n[dim]“{safe(clip(t.text, 40))}” {_where(t.evidence)}[/]"


#: a target's fields as a change names them
FIELDS_CN = {"value": "数值", "unit": "计量单位", "comparator": "要求", "year": "年份"}


def target_value(t: TargetAnswer) -> str:
    """高新技术企业数量 12000家（突破，到2023年）: what the target promises, in a few words."""
    said = [x for x in (t.comparator, t.period or (f"{t.year}年" if t.year else None)) if x]
    return f"{t.value:g}{t.unit}" + (f"（{'，'.join(said)}）" if said else "")


def _where(ev: Evidence) -> str:
    """Where the evidence is: the column or table names its edition, this its characters."""
    return f"〔第 {ev.start}–{ev.end} 字〕"


# ------------------------------------------------------------------ CSV


DIFF_HEADERS = [
    "类别", "匹配度", "A 编号", "A 任务", "B 编号", "B 任务", "角色", "单位", "指标", "A 目标", "B 目标", "变化项",
    "A 依据", "A 位置", "B 依据", "B 位置",
]


def diff_rows(d: EditionDiff) -> Rows:
    """One row per matched task, unit gained or lost, task added or removed, and target, each with
    the evidence of its side(s): the quote and where it is (document, characters)."""
    rows: list[list[object]] = []
    for p in d.pairs:
        both = [p.a.task.path, p.a.task.title, p.b.task.path, p.b.task.title]
        rows.append([p.status.cn, p.score, *both, "", "", "", "", "", "", *_evidence(p.a.evidence), *_evidence(p.b.evidence)])
        for u in p.units:
            on_a, on_b = (u.evidence, None) if u.change == Change.REMOVED else (None, u.evidence)
            rows.append([f"{u.role.cn}单位{u.change.cn}", p.score, *both, u.role.cn, u.unit.name, "", "", "", "", *_evidence(on_a), *_evidence(on_b)])
    for t in d.added:
        rows.append([f"{Change.ADDED.cn}任务", "", "", "", t.task.path, t.task.title, "", _roles(t), "", "", "", "", "", "", *_evidence(t.evidence)])
    for t in d.removed:
        rows.append([f"{Change.REMOVED.cn}任务", "", t.task.path, t.task.title, "", "", "", _roles(t), "", "", "", "", *_evidence(t.evidence), "", ""])
    for g in d.targets:
        a, b = g.a, g.b
        either = b or a
        rows.append([
            f"目标{g.change.cn}", g.score if g.score is not None else "",
            a.task.path if a and a.task else "", a.task.title if a and a.task else "",
            b.task.path if b and b.task else "", b.task.title if b and b.task else "",
            "", "", either.metric if either else "", target_value(a) if a else "", target_value(b) if b else "",
            "、".join(FIELDS_CN[f] for f in g.fields),
            *_evidence(a.evidence if a else None), *_evidence(b.evidence if b else None),
        ])
    return DIFF_HEADERS, rows


def _roles(task: EditionTask) -> str:
    """牵头：X；责任：Y、Z — who is responsible for a task of one edition alone."""
    return "；".join(f"{role.cn}：{'、'.join(u.name for u in task.of(role))}" for role in Role if task.of(role))


def _evidence(ev: Evidence | None) -> list[str]:
    return [ev.quote, f"{ev.doc_id}:{ev.start}–{ev.end}"] if ev else ["", ""]
