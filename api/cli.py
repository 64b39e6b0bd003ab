"""The ``innokg`` command: build the graph and ask it who is responsible for what.

A thin edge over :mod:`innokg.api.service`; every answer is in Chinese, with its evidence.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from innokg.api import service
from innokg.api.settings import Settings
from innokg.graph.errors import InnokgError
from innokg.graph.store import SectionRef, TaskInRole, UnitInRole
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.tree import Tree

app = typer.Typer(
    help="innokg：城市创新政策文件知识图谱（牵头单位、责任单位、任务与章节）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
ROLE_CN = {"LEADS": "牵头", "CO_RESPONSIBLE": "责任", "GUIDES": "指导"}


class State:
    data: Path = Settings().data


@app.callback()
def _options(
    data: Annotated[
        Optional[Path],
        typer.Option("--data", help="图谱数据目录（默认 ./innokg-data，或环境变量 INNOKG_DATA）"),
    ] = None,
) -> None:
    if data is not None:
        State.data = data


@app.command()
def build(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="文档或目录；缺省为自带的武汉市行动方案")
    ] = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="跳过无法读取的文件，照常写入其余文档")
    ] = False,
) -> None:
    """读取文档，抽取任务与责任分工，写入图谱（同一文档重复导入只会替换，不会重复）。"""
    files = service.document_paths(paths or [service.bundled_corpus()])
    store = service.open_store(State.data)
    with Progress(
        TextColumn("[bold]读取文档"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as bar:
        job = bar.add_task("", total=len(files))
        report = service.build(
            store, files, skip_bad=skip_bad, progress=lambda p: bar.update(job, advance=1, description=p.name)
        )
    for notice in report.notices:
        err.print(f"[yellow]警告[/]  {notice}")
    for error in report.errors:
        err.print(f"[red]已跳过[/]  {error}")
    table = Table(title=f"已写入图谱 {State.data}")
    for column in ("文档", "章节", "任务", "有分工的任务", "单位", "警告"):
        table.add_column(column)
    for record in report.records:
        units = {u.id for t in record.tasks for u in (*t.lead, *t.co, *t.guides)}
        attributed = sum(1 for t in record.tasks if t.lead or t.co or t.guides)
        table.add_row(
            record.document.title,
            str(len(record.sections)),
            str(len(record.tasks)),
            str(attributed),
            str(len(units)),
            str(len(record.warnings)),
        )
    out.print(table)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="一个文档（.txt .html .docx）")],
    as_json: Annotated[
        bool, typer.Option("--json", help="输出抽取记录 JSON（见 extraction-format.md）")
    ] = False,
) -> None:
    """抽取一个文档的任务与责任分工，不写入图谱。"""
    from innokg.nlp.record import extract_file

    record = extract_file(file)
    for notice in record.warnings:
        err.print(f"[yellow]警告[/]  {notice}")
    if as_json:
        sys.stdout.write(record.model_dump_json(indent=1) + "\n")
        return
    table = Table(title=record.document.title)
    for column in ("编号", "任务", "牵头单位", "责任单位"):
        table.add_column(column)
    for task in record.tasks:
        table.add_row(
            task.path, task.title, "、".join(u.name for u in task.lead), "、".join(u.name for u in task.co)
        )
    out.print(table)


@app.command()
def who(words: Annotated[list[str], typer.Argument(help="任务标题中的词，可有错字或只写一部分")]) -> None:
    """谁牵头、谁负责某项任务？"""
    answer = service.who(service.open_store(State.data), " ".join(words))
    best = answer.best
    out.print(f"[bold]任务[/]      {best.task.title}")
    out.print(f"[bold]位置[/]      {_where(best.document.title, best.sections)}")
    out.print(f"[bold]牵头单位[/]  {_names(best.lead) or '（未写明）'}")
    out.print(f"[bold]责任单位[/]  {_names(best.co) or '（未写明）'}")
    if best.guides:
        out.print(f"[bold]指导单位[/]  {_names(best.guides)}")
    for evidence in dict.fromkeys(e.evidence for e in (*best.lead, *best.co, *best.guides)):
        out.print(
            f"[bold]依据[/]      “{evidence.quote}”  [dim]〔{evidence.doc_id}，第 {evidence.start}–{evidence.end} 字〕[/]"
        )
    if answer.others:
        out.print("[dim]其他相近的任务：" + "；".join(t.title for t, _ in answer.others) + "[/]")


@app.command()
def tasks(unit: Annotated[str, typer.Argument(help="单位名称（简称、全称均可）")]) -> None:
    """某单位牵头、参与了哪些任务？"""
    answer, others = service.unit_tasks(service.open_store(State.data), unit)
    out.print(
        f"[bold]{answer.unit.name}[/]：牵头 {len(answer.lead)} 项，责任 {len(answer.co)} 项"
        + (f"，指导 {len(answer.guides)} 项" if answer.guides else "")
    )
    for label, entries in (("牵头", answer.lead), ("责任", answer.co), ("指导", answer.guides)):
        if not entries:
            continue
        out.print(f"\n[bold]{label}的任务（{len(entries)} 项）[/]")
        for entry in entries:
            out.print(
                f"  {entry.task.path}  [bold]{entry.task.title}[/]  [dim]{_sections(entry.sections)}[/]"
            )
            out.print(f"      依据：“{entry.evidence.quote}”")
    _also(others)


@app.command()
def chain(unit: Annotated[str, typer.Argument(help="单位名称")]) -> None:
    """某单位的责任链：单位 → 任务 → 章节 → 文档。"""
    answer, others = service.chain(service.open_store(State.data), unit)
    tree = Tree(f"[bold]{answer.unit.name}[/]")
    for doc in answer.documents:
        branch = tree.add(f"📄 {doc.document.title}")
        for entry in doc.tasks:
            branch.add(_task_line(entry))
        _chain_sections(branch, doc.sections)
    out.print(tree)
    _also(others)


@app.command()
def stats() -> None:
    """图谱概况：文档、章节、任务、单位与关系的数量。"""
    s = service.open_store(State.data).stats()
    table = Table(title=f"图谱 {State.data}")
    table.add_column("项目")
    table.add_column("数量", justify="right")
    for label, value in (
        ("文档", s.documents),
        ("章节", s.sections),
        ("任务", s.tasks),
        ("有分工的任务", s.attributed_tasks),
        ("单位", s.units),
        ("其中集合单位（如各区人民政府）", s.collective_units),
    ):
        table.add_row(label, str(value))
    names = {
        "LEADS": "牵头关系 LEADS",
        "CO_RESPONSIBLE": "责任关系 CO_RESPONSIBLE",
        "GUIDES": "指导关系 GUIDES",
        "PART_OF": "隶属关系 PART_OF",
    }
    for rel, count in s.relations.items():
        table.add_row(names.get(rel, rel), str(count))
    out.print(table)
    if s.per_document:
        docs = Table(title="各文档")
        for column in ("文档", "章节", "任务", "有分工的任务", "牵头", "责任"):
            docs.add_column(column)
        for d in s.per_document:
            docs.add_row(
                d.document.title,
                str(d.sections),
                str(d.tasks),
                str(d.attributed_tasks),
                str(d.relations["LEADS"]),
                str(d.relations["CO_RESPONSIBLE"]),
            )
        out.print(docs)


# --------------------------------------------------------------------------- rendering


def _names(entries: list[UnitInRole]) -> str:
    return "、".join(
        e.unit.name + (f"（{e.unit.scope_notes[0]}）" if e.unit.scope_notes else "") for e in entries
    )


def _heading(section: SectionRef) -> str:
    """The heading with its number as repaired (the seed prints section (五) as "()")."""
    number = section.path.rsplit("/", 1)[-1]
    if number.startswith("("):
        marker = f"（{number[1:-1]}）"
    else:
        marker = number + ("、" if not number.isdigit() else ".")
    return marker + section.title


def _sections(sections: list[SectionRef]) -> str:
    return " › ".join(_heading(s) for s in sections)


def _where(title: str, sections: list[SectionRef]) -> str:
    return " › ".join([title, *(_heading(s) for s in sections)])


def _task_line(entry: TaskInRole) -> str:
    return f"{entry.task.title} [dim]({entry.task.path})[/] [bold]{ROLE_CN[entry.role.value]}[/]"


def _chain_sections(branch: Tree, sections) -> None:
    for node in sections:
        child = branch.add(_heading(node.section))
        for entry in node.tasks:
            child.add(_task_line(entry))
        _chain_sections(child, node.children)


def _also(others) -> None:
    if others:
        out.print("[dim]相近的单位：" + "、".join(u.name for u in others) + "[/]")


def main() -> None:
    """Entry point: user errors become one line on stderr and exit status 1, never a traceback."""
    try:
        app()
    except InnokgError as exc:
        err.print(f"[red]错误[/]  {exc}")
        raise SystemExit(1) from None
