"""``innokg correct …`` (人工校正) and ``innokg review`` (待核查): the analysts' corrections and
the queue of what innokg was least sure of. Registered on the main command in :mod:`.cli`."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Annotated, Optional

import typer
from innokg import correcting
from innokg.graph.corrections import KIND_CN, Correction, CorrectionRequest, Kind
from innokg.graph.model import Role
from innokg.graph.model.errors import InputError
from innokg.graph.review import ReviewItem, command_of, review_queue
from rich.console import Console
from rich.markup import escape

corrections_app = typer.Typer(
    help="人工校正：合并或拆分单位、校正任务的牵头/责任单位、标记非实体；可导出、导入，重建与重新推送 Neo4j 后仍然有效。",
    no_args_is_help=True,
)
out = Console(highlight=False, soft_wrap=True)

AuthorOption = Annotated[
    Optional[str], typer.Option("--author", help="校正人（缺省取环境变量 INNOKG_AUTHOR 或登录名）")
]
NoteOption = Annotated[Optional[str], typer.Option("--note", help="备注")]


def _author(author: str | None) -> str:
    if author:
        return author
    try:
        return os.environ.get("INNOKG_AUTHOR") or getpass.getuser()
    except (KeyError, OSError):
        return ""


def _stores():
    """The embedded store the corrections live in, and Neo4j when the settings choose it (the
    documents a correction touches are loaded into it again)."""
    from innokg import stores
    from innokg.api.cli import State

    settings = State.settings
    source = stores.open_embedded(settings)
    target = stores.open_neo4j(settings, settings.neo4j_uri) if settings.store == "neo4j" else None
    return source, target


def _run(request: CorrectionRequest) -> None:
    source, target = _stores()
    try:
        made = correcting.correct(source, request, target)
    finally:
        if target is not None:
            target.close()
    out.print(f"已记录校正 {made.id}（{made.kind.cn}）：{escape(made.describe())}")
    if target is not None:
        out.print("已重新推送受影响的文档到 Neo4j")


@corrections_app.command()
def merge(
    keep: Annotated[str, typer.Argument(help="保留的单位名称（如 区经济发展局）")],
    alias: Annotated[str, typer.Argument(help="并入它的单位名称，成为别名（如 区经发局）")],
    author: AuthorOption = None,
    note: NoteOption = None,
) -> None:
    """合并两个单位：一个节点，另一个名称作为别名。"""
    _run(CorrectionRequest(kind=Kind.MERGE, names=[keep, alias], author=_author(author), note=note))


@corrections_app.command()
def split(
    first: Annotated[str, typer.Argument(help="单位名称")],
    second: Annotated[str, typer.Argument(help="被错误合并的另一个单位名称")],
    author: AuthorOption = None,
    note: NoteOption = None,
) -> None:
    """拆分被错误合并的两个单位（撤销自动合并别名）：二者各为一个节点。"""
    _run(CorrectionRequest(kind=Kind.SPLIT, names=[first, second], author=_author(author), note=note))


def _role(role: Role, task: str, units: str, author: str | None, note: str | None) -> None:
    _run(CorrectionRequest(kind=Kind.ROLE, task=task, role=role, units=[units], author=_author(author), note=note))


UnitsOption = Annotated[str, typer.Option("--units", help="单位名称，逗号或顿号分隔；空字符串表示没有")]
TaskArgument = Annotated[str, typer.Argument(help="任务编号（task:…）或任务标题中的词")]


@corrections_app.command()
def lead(task: TaskArgument, units: UnitsOption, author: AuthorOption = None, note: NoteOption = None) -> None:
    """设定任务的牵头单位（替换抽取结果）。"""
    _role(Role.LEAD, task, units, author, note)


@corrections_app.command()
def co(task: TaskArgument, units: UnitsOption, author: AuthorOption = None, note: NoteOption = None) -> None:
    """设定任务的责任（参与）单位（替换抽取结果）。"""
    _role(Role.CO, task, units, author, note)


@corrections_app.command("not-entity")
def not_entity(
    name: Annotated[str, typer.Argument(help="实体名称")],
    author: AuthorOption = None,
    note: NoteOption = None,
) -> None:
    """标记为非实体：从回答、搜索与导出中去除。"""
    _run(CorrectionRequest(kind=Kind.NOT_ENTITY, names=[name], author=_author(author), note=note))


@corrections_app.command("list")
def list_() -> None:
    """列出全部人工校正（编号、类型、内容、校正人、时间）。"""
    source, _ = _stores()
    items = correcting.listed(source)
    if not items:
        out.print("尚无人工校正")
        return
    for c in items:
        out.print(_line(c))
    out.print(f"共 {len(items)} 条；撤销：innokg correct undo 编号")


def _line(c: Correction) -> str:
    who = c.author or "未署名"
    note = f"；备注：{c.note}" if c.note else ""
    return escape(f"{c.id}  [{KIND_CN[c.kind]}]  {c.describe()}  —— {who}，{c.created:%Y-%m-%d %H:%M} UTC{note}")


@corrections_app.command()
def undo(correction_id: Annotated[str, typer.Argument(help="校正编号（list 中第一列，可只写开头几位）")]) -> None:
    """撤销一条人工校正。"""
    source, target = _stores()
    try:
        removed = correcting.undo(source, correction_id, target)
    finally:
        if target is not None:
            target.close()
    out.print(f"已撤销校正 {removed.id}：{escape(removed.describe())}")


@corrections_app.command("export")
def export_(
    output: Annotated[Path, typer.Option("--output", "-o", help="写出的 JSON 文件")],
) -> None:
    """导出全部人工校正为 JSON 文件（供团队共享）。"""
    source, _ = _stores()
    data = correcting.export(source)
    tmp = output.with_name(output.name + ".tmp")
    try:
        tmp.write_text(data.model_dump_json(indent=2) + "\n", encoding="utf-8")
        tmp.replace(output)
    except OSError as exc:
        raise InputError(f"无法写出：{exc.strerror}", source=output) from None
    out.print(f"已导出 {len(data.corrections)} 条人工校正到 {escape(str(output))}")


@corrections_app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="export 写出的 JSON 文件")]) -> None:
    """导入人工校正（编号已有的跳过），并应用到图谱。"""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取：{exc.strerror}", source=file) from None
    source, target = _stores()
    try:
        added = correcting.import_corrections(source, raw, target)
    finally:
        if target is not None:
            target.close()
    out.print(f"已导入 {len(added)} 条人工校正" + ("（其余编号已存在，跳过）" if added else "（全部已存在）"))


# ------------------------------------------------------------------ the review queue


def review(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=500, help="显示多少条")] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="从第几条开始")] = 0,
) -> None:
    """待核查：抽取最不确定之处（推断的任务、未明确牵头、仅出现一次的单位、名称相近的单位），每条附校正命令。"""
    from innokg.api.cli import _store

    page = review_queue(_store(), offset, limit)
    if not page.total:
        out.print("没有待核查的条目")
        return
    for number, item in enumerate(page.items, offset + 1):
        _print_item(number, item)
    shown = f"第 {offset + 1}–{offset + len(page.items)} 条" if page.items else "没有更多"
    out.print(f"共 {page.total} 条待核查，{shown}（--offset/--limit 翻页）")


def _print_item(number: int, item: ReviewItem) -> None:
    out.print(f"[bold]{number}. [{escape(item.kind_cn)}][/] {escape(item.title)}")
    if item.detail:
        out.print(f"   {escape(item.detail)}")
    for action in item.actions:
        out.print(f"   {escape(action.label)}：[cyan]{escape(command_of(action.request))}[/]")


# registered on the main command when :mod:`.cli` imports this module (its one line for it)
from innokg.api.cli import app  # noqa: E402

app.add_typer(corrections_app, name="correct")
app.command("review")(review)
