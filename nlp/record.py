"""From a parsed document to its :class:`ExtractionRecord`, the hand-off from NLP to the graph."""

from __future__ import annotations

from pathlib import Path

from innokg.graph.model import (
    Evidence,
    ExtractionRecord,
    Notice,
    ParsedDocument,
    SectionRecord,
    TaskRecord,
    UnitRef,
    unit_id,
)
from innokg.ingest import parse_document
from innokg.nlp.attribution import TaskAttribution
from innokg.nlp.pipeline import load_pipeline
from spacy.language import Language


def extract_file(path: str | Path, nlp: Language | None = None) -> ExtractionRecord:
    return extract(parse_document(path), nlp)


def extract(parsed: ParsedDocument, nlp: Language | None = None) -> ExtractionRecord:
    nlp = nlp or load_pipeline()
    doc = nlp.make_doc(parsed.text)
    doc._.structure = parsed
    doc = nlp(doc)
    attributions: dict[str, TaskAttribution] = doc._.attributions or {}
    doc_id = parsed.info.id
    parents = {h.id: h.path for h in parsed.sections}
    tasks = [
        _task_record(task, attributions.get(task.id), parsed.text, doc_id, parents) for task in parsed.tasks
    ]
    warnings = [*parsed.notices, *(doc._.notices or [])]
    if parsed.tasks and not any(t.lead or t.co or t.guides for t in tasks):
        warnings.append(
            Notice(
                code="no-attributions",
                message="文件中没有找到任何责任分工（牵头/责任单位）",
                source=parsed.info.source,
            )
        )
    sections = [SectionRecord(**h.model_dump(exclude={"doc_id"})) for h in parsed.sections]
    return ExtractionRecord(document=parsed.info, sections=sections, tasks=tasks, warnings=warnings)


def _task_record(
    task, attribution: TaskAttribution | None, text: str, doc_id: str, parents: dict
) -> TaskRecord:
    record = TaskRecord(
        id=task.id,
        section=parents.get(task.parent_id, ""),
        section_id=task.parent_id,
        path=task.path,
        number=task.number,
        title=task.title,
        heading=task.heading,
        start=task.start,
        end=task.end,
        text=text[task.start : task.end],
    )
    if attribution is None:
        return record
    record.attributions = [
        Evidence(doc_id=doc_id, start=c.start, end=c.end, quote=text[c.start : c.end])
        for c in attribution.clauses
    ]
    record.style = attribution.style
    record.rule = attribution.rule
    for role, mentions in attribution.roles.items():
        record.units(role).extend(
            UnitRef(
                id=unit_id(m.name),
                name=m.name,
                surface=m.surface,
                start=m.start,
                end=m.end,
                collective=m.collective,
                scope_note=m.scope_note,
                clause=attribution.clause_of.get(id(m), 0),
            )
            for m in mentions
        )
    return record
