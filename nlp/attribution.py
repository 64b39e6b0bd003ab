"""spaCy components that read who is responsible for each task.

``innokg_attribution`` finds the attribution clauses of every task (the grammar is in
:mod:`innokg.nlp.clauses`); ``innokg_units`` gives each unit its role, in document order,
applying the rules a document states once for all that follows: "列第一位者为牵头单位，下同"
(the first listed leads), a scope note "含开发区管委会，下同" kept on a collective, and
"以下均需X落实" (X implements every later task).

Both read ``doc._.structure`` (the :class:`ParsedDocument` the text came from) and write
their results to ``doc._`` extensions and to ``doc.spans``, so the pipeline stays a plain
spaCy pipeline: ``nlp(doc)`` runs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from innokg.graph.model import Notice, ParsedDocument, Role
from innokg.nlp.clauses import (
    CO,
    CO_OR_RESPONSIBLE,
    GUIDES,
    LEAD,
    RESPONSIBLE,
    Clause,
    Lexicon,
    Mention,
    find_clauses,
)
from spacy.language import Language
from spacy.tokens import Doc

for _name, _default in (("structure", None), ("clauses", None), ("attributions", None), ("notices", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@dataclass
class TaskAttribution:
    """Who is responsible for one task, with the clauses it was read from."""

    clauses: list[Clause]
    roles: dict[Role, list[Mention]] = field(default_factory=lambda: {r: [] for r in Role})
    clause_of: dict[int, int] = field(default_factory=dict)  # id(mention) -> index in clauses
    rule: str | None = None

    @property
    def style(self) -> str:
        return "+".join(dict.fromkeys(c.style for c in self.clauses))


@Language.factory(
    "innokg_attribution",
    requires=["doc._.structure"],
    assigns=["doc._.clauses", "doc._.notices", "doc.spans"],
    default_config={"max_clause_chars": 400},
)
def make_attribution_finder(
    nlp: Language,
    name: str,
    labels: dict[str, str],
    verbs: dict[str, str],
    other_labels: list[str],
    unit_suffixes: list[str],
    shared_suffixes: list[str],
    place_suffixes: list[str],
    collective_marks: list[str],
    first_leads_rule: str,
    standing_lead_rule: str,
    trailing_vague: str,
    max_clause_chars: int,
) -> "AttributionFinder":
    lexicon = Lexicon(
        labels=dict(labels),
        verbs=dict(verbs),
        other_labels=tuple(other_labels),
        unit_suffixes=tuple(unit_suffixes),
        shared_suffixes=tuple(shared_suffixes),
        place_suffixes=tuple(place_suffixes),
        collective_marks=tuple(collective_marks),
        first_leads_rule=first_leads_rule,
        standing_lead_rule=standing_lead_rule,
        trailing_vague=trailing_vague,
        max_clause_chars=max_clause_chars,
    )
    return AttributionFinder(lexicon)


class AttributionFinder:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        parsed: ParsedDocument = _structure(doc)
        doc._.clauses = {}
        doc._.notices = list(doc._.notices or [])
        spans = []
        for task in parsed.tasks:
            clauses = find_clauses(doc.text, task.start, task.end, self.lexicon)
            doc._.clauses[task.id] = clauses
            for clause in clauses:
                span = doc.char_span(clause.start, clause.end, label=clause.style, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
                if clause.unclosed:
                    doc._.notices.append(
                        Notice(
                            code="unclosed-bracket",
                            message=f"任务“{task.title}”的责任分工括号未闭合，已读到行尾",
                            source=parsed.info.source,
                            start=clause.start,
                        )
                    )
        doc.spans["attribution"] = spans
        return doc


@Language.factory(
    "innokg_units",
    requires=["doc._.structure", "doc._.clauses"],
    assigns=["doc._.attributions", "doc.spans"],
)
def make_unit_reader(nlp: Language, name: str) -> "UnitReader":
    return UnitReader()


class UnitReader:
    """Roles in document order: rules stated once govern every later attribution."""

    def __call__(self, doc: Doc) -> Doc:
        parsed = _structure(doc)
        first_leads: str | None = None  # the rule's words, once stated
        scope_notes: dict[str, str] = {}
        standing: list[tuple[Mention, Clause]] = []
        doc._.attributions = {}
        spans = []
        for task in parsed.tasks:
            clauses = (doc._.clauses or {}).get(task.id) or []
            if not clauses:
                continue
            result = TaskAttribution(clauses=list(clauses))
            for index, clause in enumerate(clauses):
                first_leads = first_leads or clause.first_leads
                roles, ruled = _roles(clause, first_leads is not None)
                if ruled:
                    result.rule = first_leads
                for mention, role in roles:
                    _apply_scope(mention, scope_notes)
                    _put(result, mention, role, index)
            for mention, clause in standing:
                result.clauses.append(clause)
                _put(result, mention, Role.LEAD, len(result.clauses) - 1)
                result.rule = result.rule or "以下均需" + mention.name + "落实"
            for clause in clauses:
                standing.extend((m, clause) for m in clause.standing_leads)
            doc._.attributions[task.id] = result
            for role, mentions in result.roles.items():
                for m in mentions:
                    span = doc.char_span(m.start, m.end, label=role.value, alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
        doc.spans["units"] = spans
        return doc


def _roles(clause: Clause, first_leads: bool) -> tuple[list[tuple[Mention, Role]], bool]:
    """Final roles, and whether the document's rule decided them.

    责任单位 is co beside a named lead, else responsible. Responsible units all lead, unless
    the document said "the first listed leads": then the first leads and the rest are co.
    """
    has_lead = any(m.role == LEAD for m in clause.mentions)
    out: list[tuple[Mention, Role]] = []
    responsible_seen = 0
    for m in clause.mentions:
        role = m.role
        if role == CO_OR_RESPONSIBLE:
            role = CO if has_lead else RESPONSIBLE
        if role == RESPONSIBLE:
            role = LEAD if not first_leads or (responsible_seen == 0 and not has_lead) else CO
            responsible_seen += 1
        out.append((m, {LEAD: Role.LEAD, CO: Role.CO, GUIDES: Role.GUIDES}[role]))
    return out, first_leads and responsible_seen > 0


def _apply_scope(mention: Mention, scope_notes: dict[str, str]) -> None:
    if mention.scope_note and mention.scope_applies_later:
        scope_notes[mention.name] = mention.scope_note
    elif not mention.scope_note and mention.name in scope_notes:
        mention.scope_note = scope_notes[mention.name]


def _put(result: TaskAttribution, mention: Mention, role: Role, clause_index: int) -> None:
    """Add a mention once per task: a unit named twice keeps its first, strongest role."""
    if any(m.name == mention.name for ms in result.roles.values() for m in ms):
        return
    result.roles[role].append(mention)
    result.clause_of[id(mention)] = clause_index


def _structure(doc: Doc) -> ParsedDocument:
    parsed = doc._.structure
    if parsed is None:
        raise ValueError("innokg components need doc._.structure: run them through innokg.nlp.record.extract")
    return parsed
