"""How the CLI shows target timelines (``innokg targets --timeline METRIC``): a table a timeline,
and one CSV row a point. Every name from the documents goes through :func:`~innokg.api.render.safe`."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table

from innokg.api.render import Rows, safe
from innokg.graph.model.answers import Timeline, TimelineAnswer, TimelinePoint


def timeline_tables(answer: TimelineAnswer) -> Group:
    """Each timeline: a heading (metric, unit, kind, issuer, documents) and its points by year."""
    parts: list = [f"[bold]目标时间线 — {safe(answer.query)}[/]（{len(answer.timelines)} 条）"]
    for line in answer.timelines:
        parts += ["", heading(line), _table(line)]
    return Group(*parts)


def heading(line: Timeline) -> str:
    issuer = f"；{safe(line.issuer)}" if line.issuer else ""
    revised = "；[yellow]目标值有调整[/]" if line.revised else ""
    match = f"；匹配度 {line.match:g}%" if line.match is not None else ""
    return (
        f"[bold]{safe(line.metric)}[/]（{safe(line.unit)}，{line.kind_cn}{issuer}；{line.documents} 个文件"
        f"，{len(line.points)} 个目标{revised}{match}）"
    )


def _table(line: Timeline) -> Table:
    table = Table()
    for column in ("年份", "目标值", "要求", "文件", "原文", "进展（报告值）"):
        table.add_column(column, overflow="fold", no_wrap=column in ("年份", "目标值"))
    for p in line.points:
        table.add_row(*map(safe, (_year(p), _value(p, line.unit), p.comparator or "—", _document(p), p.evidence.quote)), _progress(p))
    return table


def _year(p: TimelinePoint) -> str:
    return f"{p.year}（{p.year_basis_cn}）" if p.year else "—"


def _value(p: TimelinePoint, unit: str) -> str:
    value = f"{p.value:g}{p.unit}"
    if p.unit != unit:
        value += f"（{p.plotted:g}{unit}）"
    if p.revised_from is not None:
        value += f"\n由 {p.revised_from:g}{unit} 调整"
    return value


def _document(p: TimelinePoint) -> str:
    when = p.document.published.isoformat() if p.document.published else (p.document.period or "")
    return f"{p.document.short_title}\n{when}" if when else p.document.short_title


def _progress(p: TimelinePoint) -> str:
    if p.reported is None:
        return "—"
    value = f"\n[bold]报告值 {p.reported.value:g}{safe(p.reported.unit)}[/]" if p.reported.value is not None else ""
    return safe(p.reported.evidence.quote) + value


def timeline_rows(answer: TimelineAnswer) -> Rows:
    """One row per point of every timeline."""
    headers = [
        "指标", "计量单位", "类型", "发文地区", "年份", "年份依据", "目标值", "原值", "原单位", "要求", "期限", "文件", "发布日期",
        "原文", "进展情况", "报告值", "调整前", "任务", "文件标识", "目标标识", "时间线标识",
    ]
    rows: list[list[object]] = []
    for line in answer.timelines:
        for p in line.points:
            reported = p.reported
            rows.append([
                line.metric, line.unit, line.kind_cn, line.issuer or "", p.year or "", p.year_basis_cn or "", f"{p.plotted:g}",
                f"{p.value:g}", p.unit, p.comparator or "", p.period or "", p.document.short_title,
                p.document.published.isoformat() if p.document.published else "", p.evidence.quote,
                reported.evidence.quote if reported else "", f"{reported.value:g}" if reported and reported.value is not None else "",
                f"{p.revised_from:g}" if p.revised_from is not None else "", p.task.display_title if p.task else "",
                p.document.id, p.target_id, line.id,
            ])
    return headers, rows
