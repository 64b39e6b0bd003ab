"""From a parsed document to its :class:`ExtractionRecord`, the hand-off from NLP to the graph."""

from __future__ import annotations

from pathlib import Path

from innokg.graph.model import (
    AttributedUnit,
    CitationRecord,
    EntityRecord,
    EntityType,
    Evidence,
    ExtractionRecord,
    Heading,
    Notice,
    ParsedDocument,
    RelationRecord,
    RelType,
    SectionRecord,
    TargetRecord,
    TaskRecord,
)
from innokg.graph.model import key
from innokg.graph.model.errors import InputError
from innokg.graph.model.resolve import Resolved, Resolver, default_resolver, default_taxonomy
from innokg.ingest import parse_document
from innokg.nlp.attribution import TaskAttribution
from innokg.nlp.citations import Citation
from innokg.graph.model.spans import Holders
from innokg.nlp.entities import EntityMention
from innokg.nlp.pipeline import fingerprint, load_pipeline
from innokg.nlp.script import Writing, reading_text
from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("writing"):
    Doc.set_extension("writing", default=None)


#: a document that makes the pipeline load everything it loads on first use
_FIRST = "某市实施方案\n一、重点任务\n1.建设创新平台。（牵头单位：市科技局；责任单位：市财政局）\n"


def ready(nlp: Language | None = None) -> Language:
    """The pipeline with what it loads only when first asked loaded too: jieba's words and
    parts of speech (``innokg.nlp.words``), the trained model. A build calls it before starting worker processes, which
    then inherit all of it (see ``innokg.building``).

    >>> ready() is load_pipeline()
    True
    """
    from innokg.ingest import parse_text
    from innokg.nlp.words import words

    nlp = nlp or load_pipeline()
    words()  # asked for by name: the first document may find every word it needs in the rules' memos
    record_of(analyse(parse_text(_FIRST, source="<ready>"), nlp))
    return nlp


def extract_file(path: str | Path, nlp: Language | None = None) -> ExtractionRecord:
    return extract(parse_document(path), nlp)


def analyse(parsed: ParsedDocument, nlp: Language | None = None) -> Doc:
    """Run the pipeline over a parsed document; the components read its structure from the doc."""
    nlp = nlp or load_pipeline()
    return nlp(prepared(parsed, nlp))


def prepared(parsed: ParsedDocument, nlp: Language) -> Doc:
    """The doc the pipeline's components read: its tokens, its reading and the document's structure."""
    if len(parsed.text) > nlp.max_length:
        raise InputError(f"文件过长（{len(parsed.text)} 字，上限 {nlp.max_length} 字）：请拆分后再读", source=parsed.info.source)
    reading, writing = reading_text(parsed.text)  # traditional characters are read as simplified
    doc = nlp.make_doc(reading)
    doc._.reading = reading
    doc._.structure = parsed
    doc._.writing = writing
    return doc


def extract(parsed: ParsedDocument, nlp: Language | None = None) -> ExtractionRecord:
    return record_of(analyse(parsed, nlp))


def record_of(doc: Doc) -> ExtractionRecord:
    """The record of a document the pipeline has analysed."""
    parsed: ParsedDocument = doc._.structure
    builder = _RecordBuilder(parsed, default_resolver(), doc._.unit_types or {}, doc._.writing or Writing({}))
    attributions: dict[str, TaskAttribution] = doc._.attributions or {}
    parents = {h.id: h.path for h in parsed.sections}
    # a section whose own text carries an attribution is a task too (its items carry none)
    items = sorted([*parsed.tasks, *(h for h in parsed.sections if h.id in attributions)], key=lambda h: h.start)
    tasks = [builder.task(task, attributions.get(task.id), parents) for task in items]
    for task in tasks:
        task.uncertain = task.id in (doc._.uncertain or ())
    for mention in doc._.entities or []:
        builder.entity(mention)
    holding_task = Holders((t.start, t.end, t) for t in parsed.tasks)
    targets = [builder.target(t, holding_task.innermost(t.at)) for t in doc._.targets or []]
    # the innermost task: a section that is a task holds tasks of its own
    holding_record = Holders((t.start, t.end, t) for t in tasks)
    citations = [builder.citation(c, holding_record.innermost(c.start)) for c in doc._.citations or []]
    relations = [r for r in (builder.relation(r) for r in doc._.relations or []) if r]
    warnings = [*parsed.notices, *(doc._.notices or [])]
    if parsed.tasks and not any(t.lead or t.co or t.guides for t in tasks):
        warnings.append(
            Notice(
                code="no-attributions",
                message="文件中没有找到任何责任分工（牵头/责任单位）",
                source=parsed.info.source,
            )
        )
    sections = [
        SectionRecord(**h.model_dump(exclude={"doc_id", "cells"})) for h in parsed.sections if h.id not in attributions
    ]
    return ExtractionRecord(
        document=parsed.info.model_copy(update={"extractor": fingerprint()}),
        sections=sections,
        tasks=tasks,
        entities=builder.entities(),
        categories=builder.categories(),
        targets=targets,
        relations=relations,
        policy=doc._.policy,
        citations=citations,
        warnings=warnings,
        coverage=doc._.coverage,
        text=parsed.text,
    )


class _RecordBuilder:
    """Gathers one document's entities under their resolved ids as the record is built."""

    def __init__(
        self, parsed: ParsedDocument, resolver: Resolver, unit_types: dict[str, EntityType], writing: Writing
    ) -> None:
        self.parsed = parsed
        self.writing = writing  # names found in the simplified reading, written as the document writes them
        self.unit_types = unit_types  # the type the pipeline gave each body named in an attribution
        self.text = parsed.text
        self.doc_id = parsed.info.id
        self.resolver = resolver
        self.taxonomy = default_taxonomy()
        self._entities: dict[str, EntityRecord] = {}
        self._categories: dict[str, EntityRecord] = {}  # category nouns, under ids of this document
        self._ids: dict[tuple[EntityType, str], str] = {}  # (type, key of name) -> id
        self._mentioned: dict[str, set[tuple[int, int]]] = {}  # entity id -> spans recorded
        self._resolved: dict[tuple[EntityType, str], Resolved] = {}

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(doc_id=self.doc_id, start=start, end=end, quote=self.text[start:end])

    def _add(
        self, type_: EntityType, name: str, start: int, end: int, layer: str, generic: bool = False
    ) -> EntityRecord:
        resolved = self._resolved.get((type_, name))
        if resolved is None:  # a unit is named in many tasks: resolved once per document
            resolved = self._resolved[(type_, name)] = self.resolver.resolve(type_, name)
        type_ = resolved.type if resolved.entry else type_
        # a category noun is this document's own: two plans that build "中试平台" share no node
        entity_id = f"{resolved.id}@{self.doc_id}" if generic else resolved.id
        found = self._categories if generic else self._entities
        record = found.get(entity_id)
        name = self.writing.back(name)
        if record is None:
            category = self.taxonomy.category(name) if type_ == EntityType.INDUSTRY else None
            record = found[entity_id] = EntityRecord(
                id=entity_id,
                type=type_,
                name=name,
                canonical=name,
                full_name=resolved.full_name,
                layer=layer,
                category=category.id if category else None,
            )
        if name not in record.written:
            record.written.append(name)
            if len(name) > len(record.name):
                record.name = name
        seen = self._mentioned.setdefault(entity_id, set())
        if (start, end) not in seen:  # a set, not a scan of the mentions: many mentions stay linear
            seen.add((start, end))
            record.mentions.append(self.evidence(start, end))
        self._ids[(type_, key(name))] = entity_id
        return record

    def entity(self, mention: EntityMention) -> EntityRecord:
        return self._add(mention.type, mention.name, mention.start, mention.end, mention.layer, mention.generic)

    def entities(self) -> list[EntityRecord]:
        return sorted(self._entities.values(), key=lambda e: e.mentions[0].start)

    def categories(self) -> list[EntityRecord]:
        return sorted(self._categories.values(), key=lambda e: e.mentions[0].start)

    def task(self, task, attribution: TaskAttribution | None, parents: dict) -> TaskRecord:
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
            text=self.text[task.start : task.end],
        )
        if attribution is None:
            return record
        record.attributions = [self.evidence(c.start, c.end) for c in attribution.clauses]
        record.style = attribution.style
        record.rule = attribution.rule
        for role, mentions in attribution.roles.items():
            for m in mentions:
                entity = self._add(self.unit_types.get(m.name, EntityType.UNIT), m.name, m.start, m.end, "attribution")
                record.units(role).append(
                    AttributedUnit(
                        id=entity.id,
                        name=self.writing.back(m.name),
                        surface=self.text[m.start : m.end],
                        start=m.start,
                        end=m.end,
                        collective=m.collective,
                        scope_note=m.scope_note,
                        clause=attribution.clause_of.get(id(m), 0),
                    )
                )
        return record

    def target(self, target, task: Heading | None) -> TargetRecord:
        return TargetRecord(
            id=f"target:{self.doc_id}@{target.at}",
            task_id=task.id if task else None,
            text=self.text[target.start : target.end].strip(),
            metric=self.writing.back(target.metric),
            value=target.value,
            unit=target.unit,
            comparator=target.comparator,
            period=target.period,
            year=target.year,
            evidence=self.evidence(target.start, target.end),
            reported=self.evidence(*target.report) if target.report else None,
        )

    def citation(self, citation: Citation, task: TaskRecord | None) -> CitationRecord:
        """A reference with its words and the task whose text holds it."""
        return CitationRecord(
            policy=citation.policy,
            kind=citation.kind,
            task_id=task.id if task else None,
            evidence=self.evidence(citation.start, citation.end),
        )

    def relation(self, relation) -> RelationRecord | None:
        source = relation.source if isinstance(relation.source, str) else self._id_of(relation.source)
        target: str | None
        if relation.type == RelType.SETS:
            target = f"target:{self.doc_id}@{relation.target.at}"
        else:
            target = self._id_of(relation.target)
        if not source or not target:
            return None
        return RelationRecord(
            type=relation.type,
            source=source,
            target=target,
            evidence=self.evidence(relation.start, relation.end),
        )

    def _id_of(self, mention: EntityMention) -> str | None:
        found = self._ids.get((mention.type, key(mention.name)))
        if found is None and mention.layer == "name":  # an industry word inside a platform's name
            found = self._add(EntityType.INDUSTRY, mention.name, mention.start, mention.end, "name").id
        return found
