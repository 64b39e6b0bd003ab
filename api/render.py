"""How the CLI shows answers: Chinese text, tables and trees for a terminal (rich).

Each function takes a typed answer and returns what to print (or prints it to the console it
is given); none of them asks the store anything.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.markup import escape
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.tree import Tree

from innokg.graph.model import ExtractionRecord, Role
from innokg.graph.model.names import clip, display_title, short_title
from innokg.graph.model.vocab import NO_LEAD_CN, UNCERTAIN_CN, label_cn, relation_cn
from innokg.graph.model.answers import DocumentRef, SectionRef, Stats, TaskInRole, UnitInRole

COLUMNS = {  # analysis columns beyond innokg.graph.analysis.COLUMNS_CN
    "group": "类别",
    "industries": "产业词",
    "platforms": "平台",
    "targets": "目标",
    "lead_units": "牵头单位",
    "size": "社群规模",
}


#: rows of a build's table: a library's build says how each of its first documents was read and
#: sums up all of them (``innokg doc`` lists every document); hundreds of rows help nobody
BUILD_ROWS = 30


def build_table(documents: list, where: str, rows: int = BUILD_ROWS) -> Table:
    """The documents a build read (:class:`~innokg.building.BuiltDocument`), one row each up to
    ``rows``, and a row of totals when there are more."""
    caption = "推断：原文无编号任务框定、取分工所收束段落的任务；角色词：牵头/负责/配合/责任单位…进入任务的处数"
    more = len(documents) - rows
    if more > 0:
        caption = (
            f"前 {rows} 个文档之外另有 {more} 个（innokg doc 列出全部）；合计为全部 {len(documents)} 个文档"
            f"（单位与其他实体跨文档去重后的数目见 innokg stats）。{caption}"
        )
    table = Table(title=f"已写入图谱 {where}", caption=caption)
    table.add_column("文档", min_width=8)
    for column in ("章节", "任务", "有分工的任务", "推断", "角色词", "单位", "其他实体", "目标", "警告"):
        table.add_column(column, overflow="fold")  # a number too wide for a narrow screen goes on, never "…"
    for d in documents[:rows]:
        table.add_row(safe(d.title), *_build_counts([d]), end_section=more > 0 and d is documents[rows - 1])
    if more > 0:
        table.add_row("合计", *_build_counts(documents))
    return table


def _build_counts(documents: list) -> list[str]:
    """A row's counts; over several documents, their sums (a unit two documents name is one unit,
    so the units and other entities are not summed)."""
    placed, words = sum(d.role_words_placed for d in documents), sum(d.role_words for d in documents)
    one = len(documents) == 1
    counts = (
        sum(d.sections for d in documents),
        sum(d.tasks for d in documents),
        sum(d.attributed_tasks for d in documents),
        sum(d.uncertain_tasks for d in documents),
        f"{placed}/{words}" if words else "—",
        documents[0].units if one else "—",
        documents[0].other_entities if one else "—",
        sum(d.targets for d in documents),
        sum(len(d.warnings) for d in documents),
    )
    return [str(c) for c in counts]


def record_table(record: ExtractionRecord) -> Table:
    coverage = record.coverage
    caption = (
        f"角色词（牵头/负责/配合/责任单位…）进入任务 {coverage.placed}/{coverage.role_words}；“推断”：原文无编号任务框定，取分工所收束的段落"
        if coverage and coverage.role_words
        else None
    )
    table = Table(title=record.document.title, caption=caption)
    for column in ("编号", "任务", "牵头单位", "责任单位"):
        table.add_column(column)
    for task in record.tasks:
        lead = "、".join(u.name for u in task.lead) or (NO_LEAD_CN if task.co else "")
        path = f"{task.path}（推断）" if task.uncertain else task.path
        table.add_row(*map(safe, (path, task.title, lead, "、".join(u.name for u in task.co))))
    return table


def who_lines(answer) -> list[str]:
    best = answer.best
    lines = [
        f"[bold]任务[/]      {safe(best.task.display_title)}",
        f"[bold]位置[/]      {safe(where(best.document.short_title, best.sections))}",
        f"[bold]牵头单位[/]  {safe(names(best.lead) or best.lead_note or '（未写明）')}",
        f"[bold]责任单位[/]  {safe(names(best.co) or '（未写明）')}",
    ]
    if best.guides:
        lines.append(f"[bold]指导单位[/]  {safe(names(best.guides))}")
    if best.task.uncertain:
        lines.append(f"[yellow]归属[/]      {UNCERTAIN_CN}")
    for evidence in dict.fromkeys(e.evidence for e in (*best.lead, *best.co, *best.guides)):
        lines.append(
            f"[bold]依据[/]      “{safe(evidence.quote)}”  [dim]〔{safe(evidence.doc_id)}，第 {evidence.start}–{evidence.end} 字〕[/]"
        )
    how = "正文含有问题的全部字词" if answer.by_text else "问题中的字出现在任务标题中的比例"
    lines.append(f"[bold]匹配度[/]    {answer.score:g}%  [dim]（{how}）[/]")
    if answer.others:
        others = "；".join(f"{safe(_candidate_name(c))}〔{safe(c.document)}〕 {c.score:g}%" for c in answer.others)
        lines.append(f"[dim]其他相符的任务：{others}[/]")
    return lines


def unit_tasks_lines(answer) -> list[str]:
    counts = answer.counts or {role: len(answer.of(role)) for role in Role}
    lines = [
        f"[bold]{safe(answer.unit.name)}[/]：牵头 {counts[Role.LEAD]} 项，责任 {counts[Role.CO]} 项"
        + (f"，指导 {counts[Role.GUIDES]} 项" if counts[Role.GUIDES] else "")
    ]
    for role in Role:
        entries = answer.of(role)
        if not entries:
            continue
        lines.append(f"\n[bold]{role.cn}的任务（{counts[role]} 项）[/]")
        for entry in entries:
            lines.append(
                f"  {safe(entry.task.path)}  [bold]{safe(entry.task.display_title)}[/]  〔{safe(entry.document.short_title)}〕"
                f"  [dim]{safe(sections(entry.sections))}[/]"
            )
            lines.append(f"      依据：“{safe(entry.evidence.quote)}”")
    return lines + page_note(answer.total, answer.offset, sum(len(answer.of(role)) for role in Role))


def page_note(total: int, offset: int, shown: int, item: str = "项") -> list[str]:
    """One line when an answer shows only part of its items, saying which and how to see the rest."""
    if offset == 0 and shown >= total:
        return []
    first, last = (offset + 1, offset + shown) if shown else (0, 0)
    return [f"\n[dim]共 {total} {item}，此处显示第 {first}–{last} {item}；用 --offset、--limit 查看其余（--limit 0 为全部）[/]"]


def chain_tree(answer) -> Tree:
    tree = Tree(f"[bold]{safe(answer.unit.name)}[/]")
    shown = 0
    for doc in answer.documents:
        branch = tree.add(_document_heading(doc.document))
        for entry in doc.tasks:
            branch.add(task_line(entry))
        shown += len(doc.tasks) + _chain_sections(branch, doc.sections)
    if note := page_note(answer.total, answer.offset, shown):
        tree.add(note[0].strip())
    return tree


def stats_tables(s: Stats, where: str) -> Group:
    parts: list[RenderableType] = []
    table = Table(title=f"图谱 {where}")
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
    for rel, count in s.relations.items():
        table.add_row(f"“{relation_cn(rel)}”关系", str(count))
    if s.entities:
        kinds = Table(title="实体")
        kinds.add_column("类型")
        kinds.add_column("数量", justify="right")
        for label, count in s.entities.items():
            kinds.add_row(label_cn(label), str(count))
        parts.append(kinds)
    if s.unmapped_industries:
        parts.append("未归入“965”产业体系的产业/技术领域：" + safe("、".join(s.unmapped_industries)))
    parts.append(table)
    if s.per_document:
        docs = Table(title="各文档")
        for column in ("文档", "章节", "任务", "有分工的任务", "牵头", "责任"):
            docs.add_column(column)
        for d in s.per_document:
            docs.add_row(
                safe(d.document.title),
                *map(str, (d.sections, d.tasks, d.attributed_tasks)),
                str(d.relations["LEADS"]),
                str(d.relations["CO_RESPONSIBLE"]),
            )
        parts.append(docs)
    return Group(*parts)


def links_lines(answer) -> list[str]:
    query = answer.query
    kind = label_cn(query.label)
    covers = ""
    if query.label == "Industry965":
        covers = f"：涵盖 {safe('、'.join(i.name for i in answer.industries))}" if answer.industries else "：文件中没有提到这一产业，没有平台或任务支撑"
    platforms = f"{answer.platform_count} 个"
    lines = [
        f"[bold]{safe(query.name)}[/]（{kind}）{covers}",
        f"\n[bold]服务该产业的平台（{platforms}）[/]",
    ]
    for platform_id in dict.fromkeys(p.platform.id for p in answer.platforms):
        entries = [p for p in answer.platforms if p.platform.id == platform_id]
        served = "、".join(dict.fromkeys(p.industry.name for p in entries))
        read_in = "、".join(dict.fromkeys(p.doc_short_title for p in entries))
        lines.append(f"  {safe(entries[0].platform.name)}  [dim]→ {safe(served)}[/]  〔{safe(read_in)}〕")
        lines.append(f"      依据：“{safe(entries[0].evidence.quote)}”")
    tasks = f"{answer.task_count} 项"
    lines.append(f"\n[bold]相关任务（{tasks}）[/]")
    for task_id in dict.fromkeys(t.task.id for t in answer.tasks):
        entries = [t for t in answer.tasks if t.task.id == task_id]
        first = entries[0]
        via = "；".join(f"{relation_cn(t.relation)} {safe(t.via.name)}" for t in entries)
        lines.append(
            f"  {safe(first.task.path)}  [bold]{safe(first.task.display_title)}[/]  〔{safe(first.task.doc_short_title)}〕  [dim]{via}[/]"
        )
        lead = "、".join(u.name for u in first.lead) or (NO_LEAD_CN if first.co else "（未写明）")
        lines.append(f"      牵头：{safe(lead)}；责任：{safe('、'.join(u.name for u in first.co) or '（未写明）')}")
    lines.append(f"\n[bold]相关单位[/]  {safe('、'.join(u.name for u in answer.units) or '（无）')}")
    shown = max(len(answer.platforms), len(answer.tasks))
    # pages count entries (a task once per platform or industry it names), not distinct tasks
    return lines + page_note(max(answer.platform_total, answer.task_total), answer.offset, shown, item="条")


def targets_table(answer) -> Group:
    table = Table()
    columns = ["任务", *(["角色"] if answer.roles else []), "指标", "目标值", "要求", "期限", "原文"]
    for column in columns:  # a value is never split; long words fold onto the next line, never cut
        table.add_column(column, overflow="fold", no_wrap=column in ("角色", "目标值"))
    for t in answer.targets:
        value = f"{t.value:g}{safe(t.unit)}"
        year = f"{t.year}年" if t.year and str(t.year) not in (t.period or "") else None
        when = "；".join(x for x in (t.period, year) if x) or "—"
        role = [answer.roles[t.task.id].cn] if answer.roles and t.task and t.task.id in answer.roles else (["—"] if answer.roles else [])
        task = f"{safe(t.task.display_title)}\n[dim]〔{safe(t.task.doc_short_title)}〕[/]" if t.task else "—"
        table.add_row(task, *map(safe, (*role, t.metric or "—", value, t.comparator or "—", when, t.text)))
    return Group(f"[bold]量化目标 — {safe(answer.scope)}[/]（{len(answer.targets)} 项）", table)


def documents_table(documents, stats) -> Table:
    per = {d.document.id: d for d in stats.per_document}
    table = Table(title="图谱中的文件")
    for column in ("文件", "标识", "任务", "有分工的任务", "发布"):
        table.add_column(column, overflow="fold")
    for info in documents:
        d = per.get(info.id)
        table.add_row(safe(info.title), safe(info.id), str(d.tasks if d else 0), str(d.attributed_tasks if d else 0), str(info.published or "—"))
    return table


def document_table(info, answers) -> Table:
    table = Table(title=f"{safe(info.title)}（{len(answers)} 项有分工的任务）")
    for column in ("编号", "任务", "牵头单位", "责任单位"):
        table.add_column(column, overflow="fold")
    for a in answers:
        table.add_row(*map(safe, (a.task.path, a.task.display_title, names(a.lead) or a.lead_note or "—", names(a.co) or "—")))
    return table


def entity_lines(answer, titles: dict[str, str] | None = None) -> list[str]:
    """A node, its names and its relations; ``titles`` (document id → short title) names the
    document of each task it is linked to, and the documents it appears in."""
    titles = titles or {}
    node = answer.node
    lines = [f"[bold]{safe(node.name)}[/]  [dim]{label_cn(node.label)} · {safe(node.id)}[/]"]
    if answer.full_name and answer.full_name != node.name:
        lines.append(f"全称  {safe(answer.full_name)}")
    if node.aliases:
        lines.append(f"别名  {safe('、'.join(node.aliases))}")
    if answer.category:
        lines.append(f"“965”产业  {safe(answer.category.name)}")
    if answer.documents:
        lines.append(f"文件  {safe('、'.join(titles.get(d, d) for d in answer.documents))}")
    for link in answer.links:
        arrow = "→" if link.direction == "out" else "←"
        lines.append(f"  {relation_cn(link.type)} {arrow} {safe(_linked_name(link, titles))}  [dim]“{safe(link.evidence.quote[:80])}”[/]")
    return lines


def score_table(rows) -> Table:
    table = Table()
    for column in ("类型", "P", "R", "F1", "命中/标注", "命中/抽取"):
        table.add_column(column, justify="right" if column != "类型" else "left")
    fmt = lambda v: "—" if v is None else f"{v:.3f}"  # noqa: E731
    for name, score in rows.items():
        table.add_row(
            label_cn(name),
            fmt(score.precision),
            fmt(score.recall),
            fmt(score.f1),
            f"{score.tp_gold}/{score.gold}",
            f"{score.tp_pred}/{score.pred}" if score.complete else "—",
        )
    return table


def frame_table(frame, title: str, columns_cn: dict[str, str]) -> Table:
    """A pandas table for the terminal, with Chinese headers; long lists of names wrap at 30 cells."""
    rows = [[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row] for row in frame.itertuples(index=False)]
    table = Table(title=title)
    for i, column in enumerate(frame.columns):
        header = {**columns_cn, **COLUMNS}.get(column, column)
        width = min(max([cell_len(header), *(cell_len(r[i]) for r in rows)]), 30)
        numeric = frame[column].dtype.kind in "if"
        table.add_column(header, justify="right" if numeric else "left", min_width=width)
    for row in rows:
        table.add_row(*map(safe, row))
    return table


def ambiguity(query: str, chosen, others) -> str | None:
    """When a short name fits several units, which ones (with their documents) and which is answered."""
    if not others:
        return None
    fits = [chosen, *others]
    listed = "、".join(f"{safe(u.name)}（{safe(_documents(u))}）" for u in fits)
    return f"[yellow]“{safe(query)}”可指 {len(fits)} 个单位：{listed}；以下回答 {safe(chosen.name)}（{safe(_documents(chosen))}）[/]"


def _documents(unit) -> str:
    docs = getattr(unit, "documents", [])
    return "、".join(d.removeprefix("doc:") for d in docs[:3]) + ("等" if len(docs) > 3 else "") or "—"


def also(console: Console, others) -> None:
    if others:
        console.print("[dim]相近的单位：" + safe("、".join(u.name for u in others)) + "[/]")


# --------------------------------------------------------------------------- pieces


_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: object) -> str:
    r"""Words from documents, file names and questions as plain text on a terminal: rich markup
    escaped ("[/b]" would be a tag, or an error) and control characters (ANSI escapes) dropped.

    >>> safe("[bold]x\x1b[31m.txt")
    '\\[bold]x.txt'
    """
    return escape(_CONTROL.sub("", str(text)))


def names(entries: list[UnitInRole]) -> str:
    return "、".join(e.unit.name + (f"（{safe(e.note)}）" if e.note else "") for e in entries)


def heading(section: SectionRef) -> str:
    """The heading with its number as repaired (the seed prints section (五) as "()")."""
    return safe(heading_text(section))


def heading_text(section: SectionRef) -> str:
    """:func:`heading` as plain text, for files."""
    number = section.path.rsplit("/", 1)[-1]
    if number.startswith("("):
        marker = f"（{number[1:-1]}）"
    else:
        marker = number + ("、" if not number.isdigit() else ".")
    return marker + section.title


def _linked_name(link, titles: dict[str, str]) -> str:
    """The other end of a relation; a task by its lead phrase and the document it was read in."""
    if link.node.label != "Task":
        return link.node.name
    document = titles.get(link.evidence.doc_id, link.evidence.doc_id)
    return f"{display_title(link.node.name)}〔{document}〕"


def _candidate_name(candidate) -> str:
    """A task a question came near by its lead phrase (its title may be a paragraph); a node by name."""
    return display_title(candidate.name) if candidate.label == "Task" else clip(candidate.name, 60)


def _document_heading(document: DocumentRef) -> str:
    """A document as a tree names it: the short title answers use, the full one after it."""
    if document.short_title == document.title:
        return f"📄 {safe(document.title)}"
    return f"📄 {safe(document.short_title)}  [dim]{safe(document.title)}[/]"


def sections(parts: list[SectionRef]) -> str:
    return " › ".join(heading(s) for s in parts)


def where(title: str, parts: list[SectionRef]) -> str:
    return " › ".join([title, *(heading(s) for s in parts)])


def task_line(entry: TaskInRole) -> str:
    return f"{safe(entry.task.display_title)} [dim]({safe(entry.task.path)})[/] [bold]{entry.role.cn}[/]"


def _chain_sections(branch: Tree, nodes) -> int:
    """Add the sections under ``branch``; how many tasks they hold."""
    tasks = 0
    for node in nodes:
        child = branch.add(heading(node.section))
        for entry in node.tasks:
            child.add(task_line(entry))
        tasks += len(node.tasks) + _chain_sections(child, node.children)
    return tasks


# --------------------------------------------------------------------------- rows for files
#
# ``--format csv``: one row per item of an answer, in plain text (no markup), each row naming its
# task's document by the short title answers use; ``任务`` is the task's lead phrase and
# ``完整标题`` its whole title.

Rows = tuple[list[str], list[list[object]]]


def _plain_names(entries: list[UnitInRole]) -> str:
    return "、".join(e.unit.name + (f"（{e.note}）" if e.note else "") for e in entries)


def _path(parts: list[SectionRef]) -> str:
    return " › ".join(heading_text(s) for s in parts)


def who_rows(answer) -> Rows:
    """The task the question found: one row per unit named in it, with its role and clause."""
    best = answer.best
    task = [best.task.display_title, best.task.path, best.document.short_title, _path(best.sections)]
    units = [[role.cn, e.unit.name, e.evidence.quote] for role in Role for e in best.of(role)] or [["", "", ""]]
    headers = ["任务", "编号", "文件", "章节", "角色", "单位", "依据", "匹配度", "完整标题", "任务标识"]
    return headers, [[*task, *unit, answer.score, best.task.title, best.task.id] for unit in units]


def unit_tasks_rows(answer) -> Rows:
    """One row per task of the unit (this page), lead first."""
    headers = ["单位", "角色", "任务", "编号", "文件", "章节", "依据", "完整标题", "任务标识"]
    return headers, [
        [answer.unit.name, role.cn, *_task_in_role(e), e.evidence.quote, e.task.title, e.task.id]
        for role in Role
        for e in answer.of(role)
    ]


def _task_in_role(entry: TaskInRole) -> list[object]:
    return [entry.task.display_title, entry.task.path, entry.document.short_title, _path(entry.sections)]


def chain_rows(answer) -> Rows:
    """The chain flattened: one row per task, with its document and sections."""
    headers = ["单位", "角色", "任务", "编号", "文件", "章节", "依据", "完整标题", "任务标识"]
    return headers, [
        [answer.unit.name, e.role.cn, *_task_in_role(e), e.evidence.quote, e.task.title, e.task.id] for e in _chain_entries(answer)
    ]


def _chain_entries(answer) -> list[TaskInRole]:
    entries: list[TaskInRole] = []

    def walk(nodes) -> None:
        for node in nodes:
            entries.extend(node.tasks)
            walk(node.children)

    for doc in answer.documents:
        entries.extend(doc.tasks)
        walk(doc.sections)
    return entries


def links_rows(answer) -> Rows:
    """One row per platform serving the industry and per task naming it (as the pages count them)."""
    headers = ["类别", "名称", "经由", "关系", "文件", "牵头单位", "责任单位", "依据", "完整标题", "标识"]
    platforms = [
        ["平台", p.platform.name, p.industry.name, relation_cn("SERVES"), p.doc_short_title, "", "", p.evidence.quote, "", p.platform.id]
        for p in answer.platforms
    ]
    tasks = [
        [
            "任务", t.task.display_title, t.via.name, relation_cn(t.relation), t.task.doc_short_title,
            "、".join(u.name for u in t.lead), "、".join(u.name for u in t.co), t.evidence.quote, t.task.title, t.task.id,
        ]
        for t in answer.tasks
    ]
    return headers, platforms + tasks


def targets_rows(answer) -> Rows:
    """One row per target, with its task and the task's document."""
    headers = ["任务", "文件", "角色", "指标", "目标值", "计量单位", "要求", "期限", "年份", "原文", "完整标题", "任务标识"]
    rows = []
    for t in answer.targets:
        role = answer.roles[t.task.id].cn if t.task and t.task.id in answer.roles else ""
        task = [t.task.display_title, t.task.doc_short_title] if t.task else ["", ""]
        rows.append([*task, role, t.metric or "", f"{t.value:g}", t.unit or "", t.comparator or "", t.period or "", t.year or "",
                     t.text, t.task.title if t.task else "", t.task.id if t.task else ""])
    return headers, rows


def documents_rows(documents, stats) -> Rows:
    """One row per document in the graph."""
    per = {d.document.id: d for d in stats.per_document}
    headers = ["文件", "完整标题", "标识", "任务", "有分工的任务", "发布"]
    return headers, [
        [short_title(i.title), i.title, i.id, per[i.id].tasks if i.id in per else 0,
         per[i.id].attributed_tasks if i.id in per else 0, i.published or ""]
        for i in documents
    ]


def document_rows(info, answers) -> Rows:
    """One row per task of the document with who leads and shares it."""
    headers = ["编号", "任务", "文件", "牵头单位", "责任单位", "指导单位", "完整标题", "任务标识"]
    return headers, [
        [a.task.path, a.task.display_title, a.document.short_title, _plain_names(a.lead) or a.lead_note or "",
         _plain_names(a.co), _plain_names(a.guides), a.task.title, a.task.id]
        for a in answers
    ]
