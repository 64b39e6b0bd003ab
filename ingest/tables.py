"""Task-division tables: 序号 / 重点任务 / 牵头单位 / 配合单位 / 完成时限, one task a row.

Tables come as HTML tables (read into one line a row, cells separated by tabs), as tab-separated
text, or as text aligned with spaces. A table starts at a header row that names a task column
(任务, 工作, 措施, 内容, 事项 …) and a column of units (…单位, …部门); each row after it that
starts with a number is a task. Every cell keeps its column's header, so that the NLP stage can
read each unit column by its label (the role rule), whatever the issuer calls it.

>>> text = "序号\\t重点任务\\t牵头单位\\t配合单位\\n1\\t建设实验室。加快推进\\t市科技局\\t市财政局、市发改委\\n"
>>> [(t.number, t.title, [c.label for c in t.cells]) for t in find_tables(text)[0].rows]
[(1, '建设实验室', ['序号', '重点任务', '牵头单位', '配合单位'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from innokg.graph.model import Cell

TASK_WORDS = ("任务", "工作", "措施", "内容", "事项", "举措", "项目", "目标", "政策")
UNIT_WORDS = ("单位", "部门", "处室", "科室", "机构")
NOT_TASK = ("序号", "编号", "时限", "时间", "进度", "备注", "单位", "部门")
#: a first column that numbers the rows; a table without one has a row for each line of its width
NUMBER_HEADERS = ("序号", "编号", "序", "号")
_WIDE_GAP = re.compile(r"\t| {2,}|\u3000+")
_ANY_GAP = re.compile(r"[ \t\u3000]+")
_NUMBER = re.compile(r"^\s*(\d{1,3})[.．、]?\s*$")


@dataclass
class TableRow:
    number: int
    title: str
    start: int
    end: int
    cells: list[Cell]


@dataclass
class Table:
    header: list[str]
    task_column: int
    start: int
    rows: list[TableRow] = field(default_factory=list)
    last_kinds: list[str] = field(default_factory=list)  # what the cells of the last full row held
    last_number: int = 0


def find_tables(text: str) -> list[Table]:
    """Every task-division table in ``text``, with its rows as tasks."""
    tables: list[Table] = []
    current: Table | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if current is not None:
            row = _row(body, offset, current)
            if row is not None:
                current.rows.append(row)
            elif body.strip() and not _continues(body):
                current = None
        if current is None and (header := _header(body)):
            current = Table(header=header[0], task_column=header[1], start=offset)
            tables.append(current)
        offset += len(line)
    return [t for t in tables if t.rows]


def _cells(line: str) -> list[tuple[int, int]]:
    """Spans of the cells of a line: split at pipes ("| 1 | 推进… | 市科技局 |", as pages and
    Markdown render tables), else at tabs or wide gaps, else at any white space."""
    if line.count("|") >= 2:
        return _pipe_cells(line)
    splitter = _WIDE_GAP if _WIDE_GAP.search(line.strip()) else _ANY_GAP
    spans, begin = [], 0
    for gap in splitter.finditer(line):
        if gap.start() > begin:
            spans.append((begin, gap.start()))
        begin = gap.end()
    if begin < len(line):
        spans.append((begin, len(line)))
    return [(s, e) for s, e in spans if line[s:e].strip()]


def _pipe_cells(line: str) -> list[tuple[int, int]]:
    """The cells between pipes, white space trimmed; a rule row ("| --- | --- |") has none."""
    spans, begin = [], 0
    for at in [*(i for i, ch in enumerate(line) if ch == "|"), len(line)]:
        s, e = begin, at
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        begin = at + 1
    if all(set(line[s:e]) <= set("-:= ") for s, e in spans):
        return []
    return spans


def _header(line: str) -> tuple[list[str], int] | None:
    cells = [line[s:e].strip() for s, e in _cells(line)]
    if len(cells) < 3 or any(len(c) > 12 for c in cells):
        return None
    units = [i for i, c in enumerate(cells) if c.endswith(UNIT_WORDS)]
    tasks = [i for i, c in enumerate(cells) if any(w in c for w in TASK_WORDS) and not c.endswith(NOT_TASK)]
    if not units or not tasks:
        return None
    # 主要工作任务 / 具体工作措施: the column nearest the units names each row's task, the one
    # before it a group of rows (a cell merged over them)
    before_units = [i for i in tasks if i < units[0]]
    return cells, (before_units or tasks)[-1]


def _row(line: str, offset: int, table: Table) -> TableRow | None:
    spans = _cells(line)
    width = len(table.header)
    if not spans:
        return None
    if len(spans) < width:  # cells merged over several rows are printed in the first row only
        return _short_row(line, offset, table, spans)
    m = _NUMBER.match(line[spans[0][0] : spans[0][1]])
    numbered = table.header[0] in NUMBER_HEADERS
    if numbered and not m:
        return None
    if not numbered and len(spans) != width:  # no 序号 column: a row is a line of the header's width
        return None
    number = int(m.group(1)) if numbered and m else table.last_number + 1
    if len(spans) > width:  # white space inside the task's text: the extra cells are the task's
        extra = len(spans) - width
        t = table.task_column
        spans = [*spans[:t], (spans[t][0], spans[t + extra][1]), *spans[t + extra + 1 :]]
    row = _make_row(line, offset, table, list(zip(table.header, spans)), number)
    table.last_kinds = [_kind(line[s:e]) for s, e in spans]
    return row


def _make_row(line: str, offset: int, table: Table, labelled: list, number: int) -> TableRow:
    cells = [Cell(label=label, start=offset + s, end=offset + e) for label, (s, e) in labelled]
    task = next((c for c in cells if c.label == table.header[table.task_column]), cells[0])
    task_text = line[task.start - offset : task.end - offset]
    if own := _OWN_NUMBER.match(task_text):  # 具体工作措施 numbered on their own (1、…, 2、…)
        number, task_text = int(own.group(1)), task_text[own.end() :]
    title = re.split(r"[。；;，,：:]", task_text, maxsplit=1)[0].strip() if len(task_text) > 40 else task_text
    title = re.split(r"[。；;]", title, maxsplit=1)[0].strip()
    table.last_number = number
    return TableRow(number=number, title=title, start=offset + labelled[0][1][0], end=offset + len(line.rstrip()), cells=cells)


def _short_row(line: str, offset: int, table: Table, spans: list[tuple[int, int]]) -> TableRow | None:
    """A row whose merged cells stand in an earlier row: its cells fill the run of columns whose
    kinds (number, date, short, long) fit the last full row best; it needs the task column and
    a column of units."""
    if not table.last_kinds or len(spans) < 2:
        return None
    kinds = [_kind(line[s:e]) for s, e in spans]
    width, k = len(table.header), len(spans)
    best, best_fit = None, 0
    for at in range(width - k + 1):
        fit = sum(kinds[i] == table.last_kinds[at + i] for i in range(k))
        if fit > best_fit:
            best, best_fit = at, fit
    if best is None or best_fit < max(2, k - 1):
        return None
    columns = range(best, best + k)
    if table.task_column not in columns or not any(table.header[c].endswith(UNIT_WORDS) for c in columns):
        return None
    labelled = [(table.header[c], span) for c, span in zip(columns, spans)]
    return _make_row(line, offset, table, labelled, table.last_number + 1)


_OWN_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[、.．]\s*")
_DATE = re.compile(r"^[\d０-９一二三四五六七八九十]{0,4}(?:年|月|季度|日|底|前|全年|长期|持续|年内|上半年|下半年)")


def _kind(cell: str) -> str:
    """What a cell holds, to line up rows with merged cells: a number, a date, short or long text."""
    cell = cell.strip()
    if _NUMBER.match(cell):
        return "number"
    if len(cell) <= 12 and _DATE.match(cell):
        return "date"
    return "short" if len(cell) <= 30 and "。" not in cell else "long"


def _continues(line: str) -> bool:
    """A line inside a table that is no row: a wrapped cell (no number in front), or a rule."""
    return "\t" in line or line.count("|") >= 2
