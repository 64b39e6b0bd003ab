"""Attribution first: every attribution the readers find reaches a task.

The structure parser gives numbered items; the readers (:mod:`innokg.nlp.clauses`) give the
attribution clauses. Placement decides which stretch of text each clause closes or heads, from
evidence that does not depend on the layout — line breaks, where the clause stands, numbering
where there is any:

- an item whose clauses stand in one place (one bracket, one group of field lines) is one task;
- an item that holds several groups on separate lines is split: each group closes the
  paragraphs between it and the group before, and those paragraphs are the task
  ("1．狠抓重点排污行业整治 / 取缔“十小”企业。…（X牵头） / 专项整治…。…（Y牵头）" is two tasks);
- clauses outside every item (no numbering at all, a fragment, a preamble) are placed the same
  way and flagged ``uncertain``: the paragraph they close is a guess the structure cannot confirm.

A task's title is its lead phrase (the words up to the first 。 or ：, or the first clause of a long
sentence); a generic heading (主要任务, 工作措施 …) is never a title on its own: the nearest heading
above it that names something is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from innokg.graph.model import Heading, ParsedDocument
from innokg.nlp.clauses import Clause

#: this many characters of text between two clauses on one line make them two tasks' attributions
TEXT_BETWEEN_CLAUSES = 4
#: a line shorter than this beside longer ones is a table's number, person or date cell
SHORTEST_TASK_LINE = 5
#: a lead phrase longer than this is a sentence: its first clause is the title
LONGEST_LEAD_PHRASE = 40
_PHRASE_END = re.compile(r"[。：:！？!?]")
_CLAUSE_END = re.compile(r"[，,；;]")
_MARKER = re.compile(r"^[\s\u3000]*(?:[（(]?[\d一二三四五六七八九十]{1,3}[）)]|[\d一二三四五六七八九十]{1,3}[、.．]|[●◆■□▪•·◇○?？*★☆-])\s*")


#: a metadata line above a stored page ("# title: …", "# source: …"): notes on the document,
#: not its text (a Markdown heading "# 推进…（X牵头）" is text)
METADATA_LINE = re.compile(r"(?m)^#[ \t]*[A-Za-z_]{1,16}[ \t]*[:：][^\n]*")


def metadata_lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in METADATA_LINE.finditer(text)]


@dataclass
class Block:
    """A stretch of text that a group of clauses closes: the task it becomes."""

    start: int
    end: int
    clauses: list[Clause]


def clause_groups(text: str, clauses: list[Clause], framed: bool = True) -> list[list[Clause]]:
    """Clauses that stand together: lines holding only clauses between them ("牵头单位：X" /
    "配合单位：Y" on two lines are one attribution). A line of task text between two clauses
    makes two groups. Within one paragraph, clauses that a numbered item frames (``framed``)
    stay one group — the item is the task, as plans write "（十三）改善消费条件。…（A负责）…（B负责）";
    where nothing frames them (a page scraped into one line, no numbering), task text between two
    clauses on the line separates them too. Running text makes one group a paragraph."""
    groups: list[list[Clause]] = []
    for clause in sorted(clauses, key=lambda c: c.start):
        last = groups[-1][-1] if groups else None
        prose = "prose" in (last.style, clause.style) if last else False
        if last is None or _text_between(text, last.end, clause.start, prose=prose, within_line=not framed):
            groups.append([clause])
        else:
            groups[-1].append(clause)
    return groups


def _text_between(text: str, start: int, end: int, prose: bool = False, within_line: bool = False) -> bool:
    """Whether task text stands between two clauses: a whole line of it, or (``within_line``) a
    stretch of it on their line. Sentences of running text are their own evidence: those of one
    paragraph stay together, those of two paragraphs do not."""
    between = text[start:end]
    if "\n" in between and (prose or any(line.strip(" \t\u3000。；;，,") for line in between.split("\n")[1:])):
        return True
    return within_line and not prose and len(between.strip(" \t\u3000。；;，,\n")) >= TEXT_BETWEEN_CLAUSES


def blocks(text: str, start: int, end: int, clauses: list[Clause], framed: bool = True) -> list[Block]:
    """The blocks of ``text[start:end]``: each group of clauses closes the text since the group
    before it (the first, since ``start``)."""
    out: list[Block] = []
    begin = start
    for group in clause_groups(text, clauses, framed):
        close = max(c.end for c in group)
        first = min(c.start for c in group)
        if not text[begin:first].strip() and out:
            # a clause heading the text after it ("责任单位：X" above its paragraph) has nothing
            # above it: it joins the block before
            out[-1].clauses += group
            out[-1].end = close
            continue
        out.append(Block(begin, close, group))
        begin = close
    return out


def lead_phrase(text: str, start: int, end: int, skip_heading_line: bool = False) -> str:
    """The words that name the task in ``text[start:end]``: the first line of task text, its
    marker and attribution dropped, up to the first 。 or ： (or its first clause when long).

    >>> lead_phrase("1．狠抓整治\\n取缔“十小”企业。全面排查（X牵头）", 0, 27, skip_heading_line=True)
    '取缔“十小”企业'
    >>> s = "2018年底前，三十六脚湖保护区内居民生活污水要基本实现收集处理，加快建设（X负责）"
    >>> lead_phrase(s, 0, len(s))  # no 。: the sentence up to the attribution
    '2018年底前，三十六脚湖保护区内居民生活污水要基本实现收集处理，加快建设'
    """
    lines = [line for line in text[start:end].split("\n") if line.strip()]
    if skip_heading_line and len(lines) > 1 and not _PHRASE_END.search(lines[0]):
        lines = lines[1:]
    # a table flattened one cell per line puts its number and short cells (a person, a date)
    # on lines of their own: the task is the first line of some length
    long_lines = [line for line in lines if len(line.strip()) >= SHORTEST_TASK_LINE]
    for line in long_lines or lines:
        phrase = _phrase(line)
        if phrase:
            return phrase
    return ""


#: the key cell of a row "整改措施 | …" (a two-column record table scraped with pipes)
KEY_CELL = re.compile(r"[^|｜。，,；;\n]{1,20}[|｜][ \t\u3000]*")


def _phrase(line: str) -> str:
    line = _MARKER.sub("", line.strip())
    if key := KEY_CELL.match(line):
        line = line[key.end() :]
    line = re.sub(r"[（(〔【][^（）()〔〕【】]*[）)〕】]\s*[。；;]?\s*$", "", line)  # a closing attribution
    cut = _PHRASE_END.search(line)
    phrase = line[: cut.start()] if cut else line
    if len(phrase) > LONGEST_LEAD_PHRASE:
        clauses = [c for c in _CLAUSE_END.split(phrase) if c.strip()]
        # a clause of a few characters ("2018年底前") names no task: the sentence up to the next one
        first = clauses[0] if clauses else phrase
        phrase = first if len(first) >= 6 or len(clauses) < 2 else "，".join(clauses[:2])
    return phrase.strip(" \t\u3000：:，,；;")


def is_generic(title: str, generic: tuple[str, ...]) -> bool:
    """A heading that names a part of a plan, not a task: 主要任务, 保障措施, 工作目标 …"""
    return not title or title.strip("（）() ") in generic


def split_item(item: Heading, text: str, clauses: list[Clause]) -> list[tuple[Heading, list[Clause]]]:
    """An item whose clauses close several paragraphs becomes one task per paragraph group
    (paths ``<item>/#1``, ``#2`` …); an item with one group stays whole (an empty list)."""
    found = blocks(text, item.start, item.end, clauses)
    if len(found) < 2:
        return []
    out = []
    for k, block in enumerate(found, 1):
        title = lead_phrase(text, block.start, min(c.start for c in block.clauses), skip_heading_line=k == 1)
        title = title or lead_phrase(text, block.start, block.end)
        path = f"{item.path}/#{k}"
        out.append(
            (
                item.model_copy(
                    update={
                        "id": f"{item.doc_id}#{path}",
                        "path": path,
                        "level": item.level + 1,
                        "number": k,
                        "marker": "",
                        "title": title,
                        "heading": title,
                        "start": block.start,
                        "end": block.end,
                        "parent_id": item.id,
                        "cells": [],
                    }
                ),
                block.clauses,
            )
        )
    return out


def place_orphans(
    parsed: ParsedDocument, text: str, start: int, end: int, clauses: list[Clause], index: int
) -> list[tuple[Heading, list[Clause]]]:
    """Clauses in text that no numbered item holds: each group closes the paragraphs since the
    group before (or heads the next one when nothing stands above it)."""
    out = []
    for k, block in enumerate(blocks(text, start, end, clauses, framed=False), index):
        title = _orphan_title(text, block, end)
        path = f"#{k}"
        heading = Heading(
            id=f"{parsed.info.id}#{path}",
            doc_id=parsed.info.id,
            path=path,
            level=1,
            number=k,
            marker="",
            title=title,
            heading=title,
            start=block.start,
            end=block.end,
        )
        out.append((heading, block.clauses))
    return out


#: the longest stretch read for the paragraph after a clause, or shown of a clause as a title
PARAGRAPH_CHARS = 400
ATTRIBUTION_AS_TITLE = 60


def _orphan_title(text: str, block: Block, end: int) -> str:
    """The title of a task no numbered item frames: the paragraph holding running text, else the
    text the clause closes, else the paragraph it heads; a clause with a numbered item after it
    closes a task the page does not hold (a fragment that starts mid-list), and the attribution
    itself is all there is to show."""
    first = min(c.start for c in block.clauses)
    if all(c.style == "prose" for c in block.clauses):  # running text: the paragraph holding it
        if title := lead_phrase(text, text.rfind("\n", block.start, first) + 1 or block.start, block.end):
            return title
    if title := lead_phrase(text, _paragraph_start(text, block.start, first), first):
        return title
    stop = text.find("\n", block.end + 1, min(end, block.end + PARAGRAPH_CHARS))
    stop = stop if stop > 0 else min(end, block.end + PARAGRAPH_CHARS)
    if not _MARKER.match(text[block.end : stop].strip()) and (title := lead_phrase(text, block.end, stop)):
        return title
    return text[first : block.end].strip()[:ATTRIBUTION_AS_TITLE]


def _paragraph_start(text: str, start: int, first_clause: int) -> int:
    """Where the paragraph a clause closes begins: its own line when text stands before it on
    the line ("…任务内容（X牵头）"), else the nearest line of some length above it (a table row's
    task cell above its unit cells; never the title or salutation further up)."""
    line_begin = text.rfind("\n", start, first_clause) + 1 or start
    before = text[max(line_begin, start) : first_clause].strip()
    if before and not KEY_CELL.fullmatch(before):  # a key cell ("责任单位 |") is no task text
        return max(line_begin, start)
    at = line_begin - 1
    while at > start:
        above = text.rfind("\n", start, at) + 1 or start
        if len(text[above:at].strip()) >= SHORTEST_TASK_LINE:
            return max(above, start)
        at = above - 1
    return start
