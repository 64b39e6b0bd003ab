"""The ``innokg`` command: build the graph and ask it who is responsible for what.

A thin edge over :mod:`innokg.api.service`; every answer is in Chinese, with its evidence.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
import typer.core
from innokg.api import render
from innokg import building, stores
from innokg.graph import answers, questions
from innokg.graph.cells import spreadsheet_cell
from innokg.settings import Settings
from innokg.graph.model.errors import InnokgError, InputError
from innokg.graph.model.names import short_title
from innokg.graph.store import GraphStore
from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

# the help screens speak Chinese too (typer's panel titles and click's --help line)
def _panels_in_chinese() -> None:
    """typer's help panels titled in Chinese, as a help screen is drawn: typer's rich helpers
    (with rich's markdown and pygments) take a twentieth of a second to import, which every
    command paid to set three titles that only help shows."""
    for command in (typer.core.TyperCommand, typer.core.TyperGroup):
        original = command.format_help

        def format_help(self, ctx, formatter, original=original):
            import typer.rich_utils as panels

            panels.ARGUMENTS_PANEL_TITLE, panels.OPTIONS_PANEL_TITLE, panels.COMMANDS_PANEL_TITLE = "参数", "选项", "命令"
            return original(self, ctx, formatter)

        command.format_help = format_help  # type: ignore[method-assign]


_panels_in_chinese()


def _help_in_chinese() -> None:
    """The --help line itself comes from typer's own copy of click, in English: said once more
    in Chinese on every command (left as it is should typer ever move it)."""
    command = getattr(getattr(getattr(typer, "_click", None), "core", None), "Command", None)
    original = getattr(command, "get_help_option", None)
    if command is None or original is None:
        return

    def get_help_option(self, ctx):
        option = original(self, ctx)
        if option is not None:
            option.help = "显示本帮助并退出"
        return option

    command.get_help_option = get_help_option


_help_in_chinese()

app = typer.Typer(
    help="innokg：城市创新政策文件知识图谱（牵头单位、责任单位、任务与章节）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class State:
    """The settings of this run, and the store opened from them (once, closed at exit)."""

    settings: Settings
    store: GraphStore | None = None


def _store() -> GraphStore:
    if State.store is None:
        State.store = stores.open_store(State.settings)
    return State.store


@app.callback()
def _options(
    data: Annotated[
        Optional[Path],
        typer.Option("--data", help="图谱数据目录（默认 ./innokg-data，或环境变量 INNOKG_DATA）"),
    ] = None,
    store: Annotated[
        Optional[str],
        typer.Option(
            "--store",
            help="图谱存储：embedded（默认，本地文件）或 neo4j（连接信息取自 NEO4J_URI 等环境变量或 .env）",
        ),
    ] = None,
) -> None:
    overrides: dict[str, Any] = {k: v for k, v in {"data": data, "store": store}.items() if v is not None}
    try:
        State.settings = Settings(**overrides)
    except ValidationError as exc:
        raise InputError(f"设置有误：{_first_error(exc)}") from None


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    return f"{where}：{error['msg']}" if where else error["msg"]


@app.command()
def build(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="文档或目录；缺省为自带的武汉市行动方案")
    ] = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="跳过无法读取的文件，照常写入其余文档")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="并行读取的进程数")] = 1,
    force: Annotated[bool, typer.Option("--force", help="内容未变的文档也重新读取")] = False,
) -> None:
    """读取文档，抽取任务与责任分工，写入图谱（同一文档重复导入只会替换，不会重复）。"""
    files = building.document_paths(paths or [building.bundled_corpus()])
    store = _store()
    with _progress("读取文档") as bar:
        job = bar.add_task("", total=len(files))
        report = building.build(
            store,
            files,
            skip_bad=skip_bad,
            progress=lambda p: bar.update(job, advance=1, description=p.name),
            jobs=jobs,
            force=force,
        )
    for notice in report.notices:
        err.print(f"[yellow]警告[/]  {render.safe(notice)}")
    for error in report.errors:
        err.print(f"[red]已跳过[/]  {render.safe(error)}")
    if report.documents or not report.unchanged:
        out.print(render.build_table(report.documents, _where_stored()))
    if report.unchanged:
        out.print(f"{len(report.unchanged)} 个文档内容未变，未重新读取（--force 可强制重读）")


def _progress(what: str) -> Progress:
    """A progress bar on stderr (answers stay alone on stdout), gone when done."""
    return Progress(
        TextColumn(f"[bold]{what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    )


def _where_stored() -> str:
    settings = State.settings
    return f"Neo4j {settings.neo4j_uri}" if settings.store == "neo4j" else str(settings.data)


@app.command()
def load(
    neo4j_uri: Annotated[
        Optional[str],
        typer.Option("--neo4j", help="Neo4j 地址，如 bolt://localhost:7687（缺省取 NEO4J_URI）；密码只取自环境变量或 .env"),
    ] = None,
    records: Annotated[
        Optional[list[Path]], typer.Option("--records", help="extract --jsonl 写出的记录文件（可多次给出）")
    ] = None,
) -> None:
    """把本地图谱（build 的结果）或抽取记录（extract --jsonl 的输出）推送到 Neo4j：每个文档一个事务，可重复运行。"""
    settings = State.settings
    uri = neo4j_uri or settings.neo4j_uri
    if records:
        with stores.open_neo4j(settings, uri) as target, _progress("写入 Neo4j") as bar:
            job = bar.add_task("", total=None)
            report = stores.load_records(records, target, progress=lambda d: bar.update(job, advance=1, description=d))
        out.print(
            f"已写入 Neo4j {uri}：{report.documents} 个文档；库中共有 {report.nodes} 个节点、{report.relationships} 条关系"
        )
        return
    source = stores.open_embedded(settings)
    questions.require_graph(source)
    with stores.open_neo4j(settings, uri) as target, _progress("写入 Neo4j") as bar:
        job = bar.add_task("", total=len(source.documents()))
        report = stores.load(source, target, progress=lambda d: bar.update(job, advance=1, description=d))
    out.print(
        f"已写入 Neo4j {uri}：{report.documents} 个文档；库中共有 {report.nodes} 个节点、{report.relationships} 条关系"
    )


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="一个文档（.txt .html .docx .pdf），或 --jsonl 时的文档目录")],
    as_json: Annotated[
        bool, typer.Option("--json", help="输出抽取记录 JSON（字段说明见 README“抽取记录”）")
    ] = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="每个文档一行 JSON（可分给多台机器抽取，再用 innokg load --records 导入）")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="并行读取的进程数（--jsonl）")] = 1,
) -> None:
    """抽取文档的任务与责任分工，不写入图谱。"""
    if jsonl:
        files = building.document_paths([path])
        records, errors = building.extract_documents(files, jobs=jobs)
        for record in records:
            sys.stdout.write(record.model_dump_json() + "\n")
        for error in errors:
            err.print(f"[red]已跳过[/]  {render.safe(error)}")
        err.print(f"已抽取 {len(records)} 个文档" + (f"，{len(errors)} 个无法读取" if errors else ""))
        return
    record = building.extract(path)
    for notice in record.warnings:
        err.print(f"[yellow]警告[/]  {render.safe(notice)}")
    if as_json:
        sys.stdout.write(record.model_dump_json(indent=1) + "\n")
        return
    out.print(render.record_table(record))


OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="从第几项开始（0 为第一项）")]
FormatOption = Annotated[
    str, typer.Option("--format", help="table（默认，终端表格）、csv（每项一行，UTF-8 带 BOM，Excel 可直接打开）或 json（与 HTTP 接口相同）")
]
FORMATS = ("table", "csv", "json")
LimitOption = Annotated[int, typer.Option("--limit", min=0, help="最多显示几项（0 为全部）")]


@app.command()
def who(
    words: Annotated[list[str], typer.Argument(help="任务标题中的词，可有错字或只写一部分")],
    fmt: FormatOption = "table",
) -> None:
    """谁牵头、谁负责某项任务？"""
    _check_format(fmt)
    answer = questions.who(_store(), " ".join(words))
    if not _as_data(fmt, answer, render.who_rows):
        _print(render.who_lines(answer))


@app.command()
def tasks(
    unit: Annotated[str, typer.Argument(help="单位名称（简称、全称均可）")],
    offset: OffsetOption = 0,
    limit: LimitOption = questions.PAGE,
    fmt: FormatOption = "table",
) -> None:
    """某单位牵头、参与了哪些任务？"""
    _check_format(fmt)
    answer, others = questions.unit_tasks(_store(), unit, offset, limit or None)
    _note(fmt, render.ambiguity(unit, answer.unit, others))
    if not _as_data(fmt, answer, render.unit_tasks_rows):
        _print(render.unit_tasks_lines(answer))


@app.command()
def chain(
    unit: Annotated[str, typer.Argument(help="单位名称")],
    offset: OffsetOption = 0,
    limit: LimitOption = questions.PAGE,
    fmt: FormatOption = "table",
) -> None:
    """某单位的责任链：单位 → 任务 → 章节 → 文档。"""
    _check_format(fmt)
    answer, others = questions.chain(_store(), unit, offset, limit or None)
    _note(fmt, render.ambiguity(unit, answer.unit, others))
    if not _as_data(fmt, answer, render.chain_rows):
        out.print(render.chain_tree(answer))


@app.command()
def stats() -> None:
    """图谱概况：文档、章节、任务、单位与关系的数量。"""
    out.print(render.stats_tables(answers.stats(_store()), _where_stored()))


@app.command()
def links(
    industry: Annotated[str, typer.Argument(help="产业或“965”产业名称，如 光电子信息、集成电路")],
    offset: OffsetOption = 0,
    limit: LimitOption = questions.PAGE,
    fmt: FormatOption = "table",
) -> None:
    """某产业（或“965”产业）关联的平台、任务与单位。"""
    _check_format(fmt)
    answer, others = questions.links(_store(), industry, offset, limit or None)
    if _as_data(fmt, answer, render.links_rows):
        render.also(err, others)
        return
    _print(render.links_lines(answer))
    render.also(out, others)


@app.command()
def targets(
    query: Annotated[Optional[str], typer.Argument(help="单位或任务；缺省列出全部目标")] = None,
    fmt: FormatOption = "table",
    timeline: Annotated[
        Optional[str], typer.Option("--timeline", help="指标（如 高新技术企业）：它在各文件中的目标值、年份与进展，即目标时间线")
    ] = None,
) -> None:
    """量化目标：全部，或某单位负责的任务、某项任务的目标；--timeline 给出某指标跨文件的时间线。"""
    _check_format(fmt)
    if timeline is not None:
        return _timeline(query, timeline, fmt)
    answer = questions.targets(_store(), query)
    if not _as_data(fmt, answer, render.targets_rows):
        out.print(render.targets_table(answer))


@app.command()
def entity(name: Annotated[str, typer.Argument(help="实体名称：平台、企业、人才计划、产业、单位…")]) -> None:
    """查看一个实体：类型、全称、别名、出现的文档，以及它的全部关系与依据。"""
    store = _store()
    answer, others = questions.entity(store, name)
    titles = {d.id: short_title(d.title) for d in store.documents()}
    _print(render.entity_lines(answer, titles))
    render.also(out, others)


@app.command()
def doc(
    document: Annotated[Optional[str], typer.Argument(help="文档标识或标题中的词；缺省列出全部文档")] = None,
    fmt: FormatOption = "table",
) -> None:
    """图谱中的文件；给出一个文件时，列出它的任务及牵头、责任单位。"""
    _check_format(fmt)
    store = _store()
    if document is None:
        questions.require_graph(store)
        documents, stats = questions.documents(store), answers.stats(store)
        if not _as_data(fmt, documents, lambda d: render.documents_rows(d, stats)):
            out.print(render.documents_table(documents, stats))
        return
    info, tasks = questions.document_tasks(store, document)
    if not _as_data(fmt, tasks, lambda t: render.document_rows(info, t)):
        out.print(render.document_table(info, tasks))


@app.command(name="eval")
def evaluate_gold(
    gold: Annotated[list[Path], typer.Argument(help="标注文件（*.entities.json / *.responsibilities.json）")],
    corpus: Annotated[Optional[list[Path]], typer.Option("--corpus", help="到哪里找标注对应的文档")] = None,
    layer: Annotated[str, typer.Option("--layer", help="all | gazetteer | pattern | statistical")] = "all",
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="列出漏掉与多出的名称")] = False,
) -> None:
    """用标注评测抽取：每类实体的准确率 P、召回率 R、F1（只有完整标注才计算 P）。"""
    from innokg.nlp.evaluate import LAYERS, Score, evaluate

    if layer not in LAYERS:
        raise typer.BadParameter(f"--layer 只能是 {' | '.join(LAYERS)}")
    totals: dict[str, Score] = {}
    for path in gold:
        report = evaluate(path, list(corpus or []), layer)
        out.print(f"\n[bold]{Path(report.document).name}[/]  [dim]{path.name} · {layer}[/]")
        if report.note:
            out.print(f"  {report.note}")
            continue
        rows = {"责任三元组": report.responsibilities} if report.responsibilities else report.by_type
        table = render.score_table(rows)
        out.print(table)
        for name, score in rows.items():
            totals.setdefault(name, Score()).add(score)
            if verbose and (score.misses or score.wrong):
                out.print(
                    f"  {name} 漏：{'、'.join(score.misses) or '—'}  多：{'、'.join(score.wrong) or '—'}"
                )
    if len(gold) > 1 and totals:
        out.print("\n[bold]合计（微平均）[/]")
        out.print(render.score_table(totals))


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址（默认仅本机）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=32, help="进程数（多核机器上并发更高；每个进程各占一份图谱内存）")
    ] = 1,
) -> None:
    """启动 HTTP 服务：JSON 接口（/docs 为接口文档）、网页（/）与关系网络图（/viz/…）。"""
    from innokg.api.app import serve as run_server

    err.print(f"innokg 服务：http://{host}:{port}/  （接口文档 /docs；存储 {_where_stored()}；{workers} 个进程）")
    run_server(State.settings, host, port, workers)


@app.command()
def viz(
    node: Annotated[str, typer.Argument(help="节点 id，或任务、单位、平台、产业的名称")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的 HTML 文件")],
    depth: Annotated[int, typer.Option("--depth", min=1, max=3, help="层数（1–3）")] = 1,
) -> None:
    """把一个节点的关系网络写成可离线打开的交互网页（pyvis）。"""
    from innokg.api.viz import network_page

    view = questions.neighbourhood(_store(), node, depth)
    try:
        output.write_text(network_page(view), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"无法写入：{exc.strerror}", source=output) from None
    out.print(f"已写入 {output}：{view.center.name} 的关系网络，{len(view.nodes)} 个节点、{len(view.edges)} 条关系")


@app.command()
def analyze(
    what: Annotated[str, typer.Argument(help="centrality（单位中心性）、coverage（“965”产业覆盖）或 communities（合作社群）")],
    top: Annotated[int, typer.Option("--top", min=1, help="只列前 N 行")] = 20,
    sort: Annotated[Optional[str], typer.Option("--sort", help="按哪一列从大到小排序，如 pagerank、betweenness、lead")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table、csv 或 json")] = "table",
) -> None:
    """网络分析：哪些单位承担最多、谁与谁合作、哪些“965”产业有平台支撑。"""
    from innokg.graph import analysis

    if fmt not in ("table", "csv", "json"):
        raise InputError(f"未知的格式：{fmt}（可选 table、csv、json）")
    if what not in analysis.REPORTS:  # before the graph is read
        raise InputError(f"未知的分析：{what}（可选 {'、'.join(analysis.REPORTS)}）")
    table, title = analysis.report(what, stores.networkx_graph(_store()), top, sort)
    if fmt == "csv":
        _write_csv_text(table.map(spreadsheet_cell).to_csv())
    elif fmt == "json":
        sys.stdout.write(table.reset_index().to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        out.print(render.frame_table(table, title, analysis.COLUMNS_CN))


@app.command(name="export")
def export_graph(
    fmt: Annotated[str, typer.Option("--format", help="graphml、gexf（Gephi）或 csv（neo4j-admin import 的节点与关系表）")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="输出文件（csv 为目录）；合作网络写在旁边：<文件名>.co-responsibility.<后缀>")
    ],
) -> None:
    """导出整个图谱：GraphML、GEXF 或 CSV（UTF-8 带 BOM，Excel 可直接打开）；另写出单位合作网络（共同负责任务的单位相连，权重为共同任务数），供 Gephi 使用。"""
    from innokg.graph.export import export

    if fmt not in ("graphml", "gexf", "csv"):
        raise InputError(f"未知的格式：{fmt}（可选 graphml、gexf、csv）")
    G = stores.networkx_graph(_store())
    try:
        files = export(G, output, fmt)
    except OSError as exc:
        raise InputError(f"无法写入：{exc.strerror}", source=output) from None
    out.print(f"已导出 {G.number_of_nodes()} 个节点、{G.number_of_edges()} 条关系：" + "、".join(map(str, files)))


def _timeline(query: str | None, metric: str, fmt: str) -> None:
    """``targets --timeline METRIC`` (graph/timeline.py, shown by api/render_timeline.py)."""
    from innokg.api import render_timeline
    from innokg.graph.timeline import timeline

    if query:
        raise InputError("--timeline 按指标查询，不与单位或任务同用：请只写 innokg targets --timeline 指标")
    answer = timeline(_store(), metric)
    if not _as_data(fmt, answer, render_timeline.timeline_rows):
        out.print(render_timeline.timeline_tables(answer))


def _check_format(fmt: str) -> None:
    """Before the store is opened: a wrong --format is the user's, said in Chinese."""
    if fmt not in FORMATS:
        raise InputError(f"未知的格式：{fmt}（可选 {'、'.join(FORMATS)}）")


def _as_data(fmt: str, answer: Any, rows: Callable[[Any], render.Rows]) -> bool:
    """Write the answer as data when asked: JSON as the HTTP API returns the same answer, or CSV
    with one row per item. False when a table is wanted."""
    if fmt == "json":
        sys.stdout.write(TypeAdapter(Any).dump_json(answer, indent=1).decode() + "\n")
    elif fmt == "csv":
        headers, body = rows(answer)
        _write_csv([headers, *body])
    else:
        return False
    return True


def _note(fmt: str, line: str | None) -> None:
    """A remark about the answer (which of several units it is): beside a table on stdout, on
    stderr when stdout carries data a program reads."""
    if line:
        (out if fmt == "table" else err).print(line)


def _write_csv(rows: list[list[Any]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[spreadsheet_cell(v) for v in row] for row in rows])
    _write_csv_text(buffer.getvalue())


def _write_csv_text(text: str) -> None:
    """CSV on stdout as Excel opens it: UTF-8 behind a byte-order mark (without one Excel reads
    the Chinese as another code page)."""
    sys.stdout.write("\ufeff" + text)


def _print(lines: list[str]) -> None:
    for line in lines:
        out.print(line)


import innokg.api.cli_corrections  # noqa: E402,F401  (registers innokg correct … and innokg review)
import innokg.api.cli_citations  # noqa: E402,F401  (registers innokg cites, cited-by and lineage)
import innokg.api.cli_diff  # noqa: E402,F401  (registers innokg diff)


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors become one line on stderr and exit status 1, never a traceback.

    ``argv`` (default: the command line) lets tests run a command in this process.
    """
    try:
        app(args=argv, prog_name="innokg")
    except InnokgError as exc:
        err.print(f"[red]错误[/]  {render.safe(exc)}")
        raise SystemExit(1) from None
    finally:
        close = getattr(State.store, "close", None)
        if close:
            close()
        State.store = None
