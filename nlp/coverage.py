"""Attribution coverage: how many of the role words in a document reached a task.

A user who brings a plan innokg has never seen must be told how much it missed. The
``innokg_coverage`` component finds every role word and label (牵头, 负责, 配合, 责任单位 …, the
list is data in ``nlp/config.cfg``) and checks whether it lies inside an attribution that some
task carries. Those that do not are listed with their context in the record's ``coverage`` and in
one warning: a role word that is no attribution ("负责同志", "配合默契") is fine to leave, and the
list lets a reader see which is which.
"""

from __future__ import annotations

import re

from innokg.graph.model import AttributionCoverage, Evidence, Notice, ParsedDocument
from innokg.graph.model.names import any_word
from innokg.ingest.tables import UNIT_WORDS
from innokg.nlp.attribution import TaskAttribution
from innokg.graph.model.spans import Spans
from innokg.nlp.placement import KEY_CELL, METADATA_LINE
from innokg.nlp.script import text_of
from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("coverage"):
    Doc.set_extension("coverage", default=None)

#: characters of context shown on each side of a missed role word
CONTEXT = 12


@Language.factory("innokg_coverage", requires=["doc._.attributions"], assigns=["doc._.coverage", "doc._.notices"])
def make_coverage(nlp: Language, name: str, words: list[str], not_attributions: list[str]) -> "CoverageCounter":
    return CoverageCounter(words, not_attributions)


class CoverageCounter:
    """Counts the role words that reached a task (inside a clause a task carries)."""

    def __init__(self, words: list[str], not_attributions: list[str]) -> None:
        self.words = re.compile(any_word(words))
        self.not_attributions = re.compile("|".join(map(re.escape, not_attributions))) if not_attributions else None

    def __call__(self, doc: Doc) -> Doc:
        parsed: ParsedDocument = doc._.structure
        text = text_of(doc)
        attributions: dict[str, TaskAttribution] = doc._.attributions or {}
        clauses = [c for a in attributions.values() for c in a.clauses]
        placed = Spans([(_key_cell_start(text, c.start), c.end) for c in clauses] + _read_headers(text, clauses))
        not_attributions = self.not_attributions.finditer(text) if self.not_attributions else ()
        # metadata lines ("# title: …" above a stored page) describe the document, not its tasks
        skip = Spans([(m.start(), m.end()) for m in [*not_attributions, *METADATA_LINE.finditer(text)]])
        found = [m for m in self.words.finditer(text) if not skip.holds(m.start())]
        missed = [m for m in found if not placed.holds(m.start())]
        coverage = AttributionCoverage(
            role_words=len(found),
            placed=len(found) - len(missed),
            missed=[_evidence(parsed, text, m.start(), m.end()) for m in missed],
        )
        doc._.coverage = coverage
        doc._.notices = list(doc._.notices or [])
        if missed:
            doc._.notices.append(_notice(parsed, coverage, bool(attributions)))
        return doc


#: a column's header cell on a line of its own (a table flattened one cell per line): 牵头单位
_COLUMN_HEADER = re.compile(rf"^[^\S\n]*[\u4e00-\u9fff]{{0,8}}(?:{'|'.join(UNIT_WORDS)})[^\S\n]*$", re.M)


KEY_CELL_CHARS = 24


def _key_cell_start(text: str, start: int) -> int:
    """Where the key cell before a clause begins ("牵头部门 (责任单位) | 牵头单位:X"): the key names
    the clause's column, so its role words reached the task too."""
    floor = max(0, start - KEY_CELL_CHARS)  # a key cell is short: no scan back over a long line
    line_start = text.rfind("\n", floor, start) + 1
    if not line_start and floor:
        return start
    return line_start if KEY_CELL.fullmatch(text, line_start, start) else start


def _read_headers(text: str, clauses: list) -> list[tuple[int, int]]:
    """The header cells of a table whose unit columns were read (牵头单位 standing as a column
    label above the rows): the role words in them reached every row."""
    if not any(c.style in ("table", "cells") for c in clauses):
        return []
    first_row = min(c.start for c in clauses if c.style in ("table", "cells"))
    spans = [(m.start(), m.end()) for m in _COLUMN_HEADER.finditer(text, 0, first_row)]
    offset = 0
    for line in text[:first_row].split("\n"):  # a header row of tab-separated cells
        if "\t" in line and any(cell.strip().endswith(UNIT_WORDS) for cell in line.split("\t")):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _evidence(parsed: ParsedDocument, text: str, start: int, end: int) -> Evidence:
    """The role word with some context, as the reader will want to check it."""
    left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    quote = text[left:right].replace("\n", " ")
    return Evidence(doc_id=parsed.info.id, start=start, end=end, quote=quote)


def _notice(parsed: ParsedDocument, coverage: AttributionCoverage, any_task: bool) -> Notice:
    first = coverage.missed[0]
    if not any_task:
        message = (
            f"文中有 {coverage.role_words} 处角色词（牵头/负责/配合/责任单位…），没有一处能读作责任分工，"
            f"故无任务：版式未能识别，或这些词并非分工（如“{first.quote}”）"
        )
    else:
        message = (
            f"责任分工覆盖率 {coverage.placed}/{coverage.role_words}：{len(coverage.missed)} 处角色词未归入任务"
            f"（如“{first.quote}”），可能并非分工，请核对"
        )
    return Notice(code="attribution-coverage", message=message, source=parsed.info.source, start=first.start)
