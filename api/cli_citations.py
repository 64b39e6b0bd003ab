"""``innokg cites``, ``innokg cited-by`` and ``innokg lineage``: citations between the documents
of the library (graph.lineage). Registered on the main command in :mod:`.cli`."""

from __future__ import annotations

from typing import Annotated

import typer
from innokg.api import render
from innokg.api.cli import FormatOption, _as_data, _check_format, _store, app, out
from innokg.api.render import Rows, safe
from innokg.graph import questions
from innokg.graph.model.answers import CitedBy, Citation, DocumentCitations, Lineage, PolicyEntry
from rich.console import Group
from rich.table import Table
from rich.tree import Tree


@app.command()
def cites(
    document: Annotated[str, typer.Argument(help="文档标识或标题中的词")],
    fmt: FormatOption = "table",
) -> None:
    """一份文件引用了哪些政策文件（依据、贯彻落实、转发…），及其文号、发文机关与原文。"""
    _check_format(fmt)
    answer = questions.cites(_store(), document)
    if not _as_data(fmt, answer, citations_rows):
        out.print(citations_table(answer))


@app.command(name="cited-by")
def cited_by(
    policy: Annotated[str, typer.Argument(help="文号（如 国办发〔2021〕26号）、政策标题中的词，或图谱中的文档")],
    direct: Annotated[bool, typer.Option("--direct", help="只列直接引用者，不沿引用链上溯")] = False,
    fmt: FormatOption = "table",
) -> None:
    """哪些文件引用了一项政策：直接引用，以及引用这些文件的文件（逐层）。"""
    _check_format(fmt)
    answer = questions.cited_by(_store(), policy, transitive=not direct)
    if not _as_data(fmt, answer, cited_by_rows):
        out.print(cited_by_table(answer))


@app.command()
def lineage(
    start: Annotated[str, typer.Argument(help="文档（标识或标题中的词），或任务标题中的词")],
    fmt: FormatOption = "table",
) -> None:
    """政策溯源：从一份文件（或一项任务所在的文件）沿引用逐级上溯到它所落实的上级政策。"""
    _check_format(fmt)
    answer = questions.lineage(_store(), start)
    if not _as_data(fmt, answer, lineage_rows):
        out.print(lineage_tree(answer), soft_wrap=False)  # a tree wraps its long names, never cuts them


# ------------------------------------------------------------------ rendering


def policy_name(policy: PolicyEntry) -> str:
    """《title》（文号） as documents write it, whichever of the two is known."""
    title = f"《{policy.name}》" if policy.name != policy.doc_number else ""
    number = f"（{policy.doc_number}）" if policy.doc_number and title else policy.doc_number or ""
    return title + number


def _about(policy: PolicyEntry) -> str:
    parts = [p for p in (policy.issuer, policy.level_cn, f"{policy.year}年" if policy.year else None) if p]
    library = "；".join(f"图谱中：{d.short_title}" for d in policy.documents)
    return "，".join(parts) + (("；" if parts else "") + library if library else "")


def citations_table(answer: DocumentCitations) -> Group:
    own = f"本文件：{safe(policy_name(answer.policy))}" if answer.policy else "本文件的文号与标题未能读出"
    table = Table()
    for column in ("引用方式", "政策文件", "发文机关 / 层级 / 图谱中", "原文"):
        table.add_column(column, overflow="fold")
    for c in answer.cites:
        table.add_row("、".join(c.kinds_cn), safe(policy_name(c.policy)), safe(_about(c.policy)) or "—", safe(c.evidence[0].quote))
    title = f"[bold]{safe(answer.document.short_title)}[/] 引用的政策文件（{len(answer.cites)} 项）"
    return Group(title, own, table)


def citations_rows(answer: DocumentCitations) -> Rows:
    headers = ["文件", "引用方式", "政策", "文号", "发文机关", "层级", "图谱中的文件", "原文", "起", "止"]
    return headers, [
        [answer.document.title, "、".join(c.kinds_cn), c.policy.name, c.policy.doc_number or "", c.policy.issuer or "",
         c.policy.level_cn or "", "；".join(d.id for d in c.policy.documents), c.evidence[0].quote,
         c.evidence[0].start, c.evidence[0].end]
        for c in answer.cites
    ]


def cited_by_table(answer: CitedBy) -> Group:
    table = Table()
    for column in ("层次", "引用它的文件", "经由", "引用方式", "原文"):
        table.add_column(column, overflow="fold", no_wrap=column == "层次")
    for c in answer.citing:
        through = c.through.short_title if c.through else "直接引用"
        table.add_row(str(c.depth), safe(c.document.short_title), safe(through), "、".join(c.cites.kinds_cn), safe(c.cites.evidence[0].quote))
    title = f"[bold]引用 {safe(policy_name(answer.policy))} 的文件[/]（{len(answer.citing)} 份）"
    about = _about(answer.policy)
    deep = [f"[dim]引用层次很深，只列到第 {max(c.depth for c in answer.citing)} 层[/]"] if answer.truncated else []
    return Group(title, *([safe(about)] if about else []), table if answer.citing else "图谱中没有文件引用它", *deep)


def cited_by_rows(answer: CitedBy) -> Rows:
    headers = ["政策", "文号", "层次", "引用它的文件", "文件标识", "经由", "引用方式", "原文", "起", "止"]
    return headers, [
        [answer.policy.name, answer.policy.doc_number or "", c.depth, c.document.title, c.document.id,
         c.through.id if c.through else "", "、".join(c.cites.kinds_cn), c.cites.evidence[0].quote,
         c.cites.evidence[0].start, c.cites.evidence[0].end]
        for c in answer.citing
    ]


def lineage_tree(answer: Lineage) -> Group:
    where = f"任务“{safe(answer.task.display_title)}”所在的" if answer.task else ""
    root = Tree(f"[bold]{where}{safe(answer.document.short_title)}[/] 的政策溯源（{len(answer.chains)} 条引用链）")
    branches: dict[tuple[str, ...], Tree] = {}  # chains that share their first steps share a branch
    path: tuple[str, ...]
    for chain in answer.chains:
        branch, path = root, ()
        for n, step in enumerate(chain.steps):
            path = (*path, step.citation.policy.id)
            if path not in branches:
                mark = "[bold]本任务[/] " if chain.in_task and n == 0 else ""
                branches[path] = branch.add(mark + _step_line(step.citation))
            branch = branches[path]
    if not answer.chains:
        return Group(root.label, "这份文件没有引用图谱能识别的政策文件")
    more = [f"[dim]引用链较多，只列出 {len(answer.chains)} 条（每项直接引用至少一条）[/]"] if answer.truncated else []
    return Group(root, *more)


def _step_line(citation: Citation) -> str:
    level = f"[dim]{citation.policy.level_cn}[/] " if citation.policy.level_cn else ""
    library = " [green]（图谱中）[/]" if citation.policy.documents else ""
    return f"{'、'.join(citation.kinds_cn)} → {level}{safe(policy_name(citation.policy))}{library}"


def lineage_rows(answer: Lineage) -> Rows:
    headers = ["链", "步", "本任务", "引用文件", "引用方式", "政策", "文号", "层级", "图谱中的文件", "原文"]
    return headers, [
        [n, i, "是" if chain.in_task else "", step.document.title, "、".join(step.citation.kinds_cn), step.citation.policy.name,
         step.citation.policy.doc_number or "", step.citation.policy.level_cn or "",
         "；".join(d.id for d in step.citation.policy.documents), step.citation.evidence[0].quote]
        for n, chain in enumerate(answer.chains, 1)
        for i, step in enumerate(chain.steps, 1)
    ]


__all__ = ["cites", "cited_by", "lineage", "render"]
