"""The heading hierarchy and the tasks of a document.

Chinese plans number their parts ``一、`` → ``（一）`` → ``1.``; the level of each kind of
marker is taken from the order in which the document nests them, not fixed in advance, so a
document that numbers its items ``（三）`` straight under ``二、`` parses as well as one that
goes down to ``1.``. A numbered item with no numbered children is a task.

Real documents are damaged: half- and full-width brackets and points are mixed, a numeral
can be lost (the Wuhan plan prints section (五) as ``()``). A lost numeral is repaired from
its siblings, and every repair or gap is reported as a :class:`Notice`, never silently.
Pages scraped into one line keep their headings inside the line; those are found where the
numbering goes on (:func:`_markers`). Rows of task-division tables are tasks too
(:mod:`innokg.ingest.tables`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from innokg.graph.model.errors import InputError
from innokg.graph.model import DocumentInfo, Heading, Notice, ParsedDocument, document_id
from innokg.graph.model.spans import Spans
from innokg.ingest.markers import CN_DIGITS, CN_NUM, INLINE_MARKERS, MARKERS, PATH_FORM  # noqa: F401
from innokg.ingest.markers import path_part as marker_path
from innokg.ingest.metadata import read_metadata
from innokg.ingest.reader import RawDocument, read_document
from innokg.ingest.tables import Table, find_tables

def parse_document(path: str | Path) -> ParsedDocument:
    """Read and structure the document at ``path``."""
    return structure(read_document(path))


def parse_text(text: str, source: str = "<text>") -> ParsedDocument:
    """Structure a text given directly (tests, the API)."""
    if not text.strip():
        raise InputError("文件为空", source=source)
    return structure(RawDocument(source=source, format="txt", encoding="utf-8", text=text, sha256=""))


def cn_to_int(numeral: str) -> int | None:
    """``"二十三"`` → 23; also plain digits. ``None`` for an empty or malformed numeral."""
    if not numeral:
        return None
    if len(numeral) == 1 and "\u2460" <= numeral <= "\u2473":  # ① … ⑳
        return ord(numeral) - 0x2460 + 1
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for ch in numeral:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


@dataclass
class _Open:
    """A heading while the parser is inside it."""

    kind: str
    heading: Heading
    children: int = 0
    last_child_number: dict[str, int] = field(default_factory=dict)


def structure(raw: RawDocument) -> ParsedDocument:
    text = raw.text
    doc_id = document_id(Path(raw.source).stem)
    if doc_id == "doc:":
        raise InputError("文件名为空，无法作为文档标识：请改名", source=raw.source)
    tables = find_tables(text)
    in_table = Spans((t.start, t.rows[-1].end) for t in tables)
    lines = _lines(text)
    notices: list[Notice] = []
    marked = [(o, line) for o, line in lines if not in_table.holds(o)]
    headings, has_children = _headings(marked, doc_id, raw.source, notices)
    body_start = headings[0].start if headings else len(text)
    meta = read_metadata(lines, body_start)
    body_end = (
        meta.signature_start if meta.signature_start and meta.signature_start > body_start else len(text)
    )
    _set_ends(headings, body_end, text)
    table_starts = sorted(t.start for t in tables)
    for heading in headings:  # a table closes the text of the heading above it
        after = bisect.bisect_right(table_starts, heading.start)  # the first table starting after the heading
        if after < len(table_starts) and table_starts[after] < heading.end:
            heading.end = table_starts[after]
    headings += _table_tasks(tables, doc_id)
    title = meta.title or Path(raw.source).stem
    info = DocumentInfo(
        id=doc_id,
        title=title,
        source=raw.source,
        format=raw.format,
        encoding=raw.encoding,
        issuer=meta.issuer,
        origin=meta.origin,
        published=meta.published,
        period=meta.period,
        period_start=meta.period_start,
        period_end=meta.period_end,
        doc_number=meta.doc_number,
        level=meta.level,
        sha256=raw.sha256,
        length=len(text),
    )
    if meta.title is None:
        notices.append(Notice(code="no-title", message="未找到文件标题，以文件名代替", source=raw.source))
    if not headings:
        notices.append(
            Notice(
                code="no-headings",
                message="未找到编号标题（一、 /（一）/ 1.）：任务只能按责任分工所收束的段落推断",
                source=raw.source,
            )
        )
    sections = [h for h in headings if h.id in has_children]
    tasks = [h for h in headings if h.id not in has_children]
    return ParsedDocument(info=info, text=text, sections=sections, tasks=tasks, notices=notices)


def _table_tasks(tables: list[Table], doc_id: str) -> list[Heading]:
    """Each row of a task-division table is a task: 表1/3 is row 3 of the document's first table."""
    tasks = []
    used: dict[str, int] = {}  # a row under merged cells may repeat the number of the next one
    for index, table in enumerate(tables, 1):
        for row in table.rows:
            path = _unique(f"表{index}/{row.number}", used)
            tasks.append(
                Heading(
                    id=f"{doc_id}#{path}",
                    doc_id=doc_id,
                    path=path,
                    level=1,
                    number=row.number,
                    marker=str(row.number),
                    title=row.title,
                    heading=row.title,
                    start=row.start,
                    end=row.end,
                    cells=row.cells,
                )
            )
    return tasks


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their offsets into ``text``."""
    out, offset = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if stripped.strip():
            out.append((offset, stripped))
        offset += len(line)
    return out


def _match_marker(line: str) -> tuple[str, str, re.Match] | None:
    for kind, pattern in MARKERS:
        if m := pattern.match(line):
            return kind, m.group(1), m
    return None


@dataclass
class _Marker:
    """A heading marker found in the text: where, which kind, its numeral, its own line."""

    start: int  # offset of the marker in the text
    kind: str
    numeral: str
    marker: str  # as printed
    rest: str  # from the marker to the next marker on the line or the line's end
    length: int  # of the marker's match in ``rest`` (trailing white space included)


#: a line at least this long is text scraped into one line (paragraphs run together), where
#: headings follow the text before them with no space or break at all
RUN_ON = 800
#: where an inline marker may start: a bracket or a numeral
_MARKER_START = re.compile(rf"[（(\u2460-\u2473]|[\d{CN_NUM}]")
#: a marker never continues a number, an ordinal (第一、) or a list of numerals (一、二、三)
_NOT_BEFORE = frozenset("0123456789第至到、．." + CN_NUM)
#: what an inline heading may follow in a line of ordinary length: white space, or the end of a
#: sentence or of an attribution ("…责任单位：X。（二）推进…" — several items run into one line)
_HEADING_MAY_FOLLOW = frozenset(" \t\u3000。）)")
#: after a colon, semicolon or comma, "1." and "（1）" count items inside a sentence
#: ("服务：1.…；2.…"), while "一、" still opens a part ("提出如下意见：一、…")
_ENUMERATION_BEFORE = frozenset("：:；;，,")


def _markers(lines: list[tuple[int, str]]) -> list[_Marker]:
    """Every heading marker: at the start of a line, or inside a line where the numbering goes on.

    Scraped pages run paragraphs together ("…厦门证监局七、加大…", "…）二、实施…（一）研究…").
    A marker inside a line is a heading only if its number continues the numbering at that
    point (the next sibling of an open heading, or the first child of the innermost one), and,
    unless white space stands before it, only in a run-on line; so "一、二、三产业" or an
    enumeration "（1）…（2）…" inside an ordinary paragraph stays text.
    """
    found: list[_Marker] = []
    open_kinds: list[tuple[str, int]] = []  # the numbering at this point: (kind, number) from the top
    closed: dict[str, int] = {}  # the last number of kinds a higher heading closed (1.–7. before （二）)
    for offset, line in lines:
        on_line: list[_Marker] = []
        at = 0
        if first := _match_marker(line):
            kind, numeral, m = first
            indent = len(line) - len(line.lstrip(" \t\u3000"))
            on_line.append(_Marker(indent, kind, numeral, m.group(0).strip(), "", m.end() - indent))
            _advance(open_kinds, kind, cn_to_int(numeral), closed)
            at = m.end()
        run_on = len(line) >= RUN_ON
        for candidate in _MARKER_START.finditer(line, max(at, 1)):
            position = candidate.start()
            if on_line and position < on_line[-1].start + len(on_line[-1].marker):
                continue
            if inline := _inline_marker(line, position, run_on, open_kinds, closed):
                kind, numeral, m = inline
                on_line.append(_Marker(position, kind, numeral, m.group(0).strip(), "", m.end() - position))
                _advance(open_kinds, kind, cn_to_int(numeral), closed)
        for marker, following in zip(on_line, [*on_line[1:], None]):
            marker.rest = line[marker.start : following.start if following else len(line)]
            marker.start += offset
        found.extend(on_line)
    return found


def _inline_marker(
    line: str, position: int, run_on: bool, open_kinds: list[tuple[str, int]], closed: dict[str, int]
):
    before = line[position - 1]
    if before in _NOT_BEFORE or not (run_on or before in _HEADING_MAY_FOLLOW):
        return None
    for kind, pattern in INLINE_MARKERS:
        m = pattern.match(line, position)
        if not m:
            continue
        if kind != "cn" and before in _ENUMERATION_BEFORE:
            return None
        number = cn_to_int(m.group(1))
        if number is not None and _continues(open_kinds, kind, number, closed):
            return kind, m.group(1), m
        return None
    return None


def _continues(open_kinds: list[tuple[str, int]], kind: str, number: int, closed: dict[str, int]) -> bool:
    """Whether a heading of ``kind`` numbered ``number`` continues the numbering here: the next
    sibling of an open heading, or a first child — numbered 1, or on from where the same kind
    stopped under the previous heading (plans often number their tasks straight through).

    >>> _continues([("cn", 2), ("paren", 2)], "arabic", 8, {"arabic": 7})
    True
    >>> _continues([("cn", 2), ("paren", 2)], "arabic", 3, {"arabic": 7})
    False
    """
    for open_kind, open_number in open_kinds:
        if open_kind == kind:
            return number == open_number + 1
    return number == 1 or number == closed.get(kind, -1) + 1


def _advance(open_kinds: list[tuple[str, int]], kind: str, number: int | None, closed: dict[str, int]) -> None:
    for i, (open_kind, open_number) in enumerate(open_kinds):
        if open_kind == kind:
            closed.update(open_kinds[i + 1 :])
            del open_kinds[i:]
            open_kinds.append((kind, number if number is not None else open_number + 1))
            return
    open_kinds.append((kind, number if number is not None else 1))


def _headings(
    lines: list[tuple[int, str]], doc_id: str, source: str, notices: list[Notice]
) -> tuple[list[Heading], set[str]]:
    stack: list[_Open] = []
    root = _Open(kind="", heading=None)  # type: ignore[arg-type]
    last_of_kind: dict[str, int] = {}
    headings: list[Heading] = []
    has_children: set[str] = set()
    used: dict[str, int] = {}  # paths given out: a chapter numbered twice (two 三、) gets 三~2
    for found in _markers(lines):
        kind, numeral = found.kind, found.numeral
        while stack and kind in {o.kind for o in stack}:
            closed = stack.pop()
            if closed.kind == kind:
                break
        # a page that starts mid-list ("19、… 20、… 三、保障措施"): a kind plans always set above the
        # open ones closes them instead of nesting under them
        while stack and kind not in {o.kind for o in stack} and RANK.get(stack[-1].kind, 9) > RANK.get(kind, 9):
            stack.pop()
        parent = stack[-1] if stack else root
        number = _number(kind, numeral, parent, last_of_kind, found.marker, found.start, source, notices)
        parent.children += 1
        parent.last_child_number[kind] = number
        last_of_kind[kind] = number
        path_part = marker_path(kind, number)
        path = f"{parent.heading.path}/{path_part}" if parent.heading else path_part
        path = _unique(path, used)
        own = found.rest
        after_marker = own[found.length :]
        heading = Heading(
            id=f"{doc_id}#{path}",
            doc_id=doc_id,
            path=path,
            level=len(stack) + 1,
            number=number,
            marker=found.marker,
            title=_title(after_marker),
            heading=_heading_text(own.strip()),
            start=found.start,
            end=found.start + len(own.rstrip()),
            parent_id=parent.heading.id if parent.heading else None,
        )
        if parent.heading:
            has_children.add(parent.heading.id)
        headings.append(heading)
        stack.append(_Open(kind=kind, heading=heading))
    return headings, has_children


#: the order in which plans nest their numbering, top first (一、 → （一） → 1. → （1） → ①)
RANK = {"cn": 0, "paren_cn": 1, "arabic": 2, "half_paren": 3, "paren_arabic": 3, "circled": 4}


def _unique(path: str, used: dict[str, int]) -> str:
    """``path``, or ``path~2``, ``path~3`` … when numbering restarts or repeats: two items never
    share an id, so answers never swap between tasks that share a number. ``used`` counts the
    times each path was asked for, so a number repeated 10,000 times costs no rescans."""
    n = used.get(path, 0) + 1
    unique = path if n == 1 else f"{path}~{n}"
    while unique in used:  # "三~2" printed as such in a document: rare, and then step on
        n += 1
        unique = f"{path}~{n}"
    used[path] = n
    used.setdefault(unique, 1)
    return unique


def _number(
    kind: str,
    numeral: str,
    parent: _Open,
    last_of_kind: dict[str, int],
    marker: str,
    offset: int,
    source: str,
    notices: list[Notice],
) -> int:
    """The heading's number; a lost numeral is repaired from its siblings, with a notice."""
    previous = parent.last_child_number.get(kind)
    expected = previous + 1 if previous is not None else 1
    number = cn_to_int(numeral)
    if number is None:
        repaired = expected if previous is not None else last_of_kind.get(kind, 0) + 1
        shown = marker_path(kind, repaired)
        notices.append(
            Notice(
                code="numbering-repaired",
                message=f"标题编号“{marker}”缺失数字，按上下文修复为 {shown}",
                source=source,
                start=offset,
            )
        )
        return repaired
    continuing = (
        previous is None and number == last_of_kind.get(kind, 0) + 1
    )  # numbers that run through parents
    if number != expected and not continuing:
        notices.append(
            Notice(
                code="numbering-gap",
                message=f"标题编号“{marker}”与上下文不连续（应为第 {expected} 项）",
                source=source,
                start=offset,
            )
        )
    return number


def _title(rest: str) -> str:
    """The words after the marker up to the first 。 (or a trailing bracketed attribution)."""
    rest = rest.strip()
    cut = rest.find("。")
    title = rest[:cut] if cut >= 0 else _without_closing_bracket(rest)
    return title.strip().rstrip("：:；;，,")


def _without_closing_bracket(text: str) -> str:
    """``text`` without the bracket that closes it, nested ones included: "建设科学城（牵头部门（单位）：X）"."""
    text = text.rstrip()
    if not text.endswith(("）", ")")):
        return text
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] in "）)":
            depth += 1
        elif text[i] in "（(":
            depth -= 1
            if depth == 0:
                return text[:i] if i > 0 else text
    return text


def _heading_text(line: str) -> str:
    cut = line.find("。")
    return (line[:cut] if cut >= 0 else line).rstrip()


def _set_ends(headings: list[Heading], body_end: int, text: str) -> None:
    """Each heading's text runs to the next heading (or the end of the body)."""
    for heading, following in zip(headings, headings[1:] + [None]):
        end = following.start if following else max(body_end, heading.start)
        while end > heading.start and text[end - 1].isspace():  # no slicing: linear in the text
            end -= 1
        heading.end = end
