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

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from innokg.graph.model import Notice, ParsedDocument, Role
from innokg.graph.model.spans import Spans
from innokg.nlp.clauses import (
    CONFIG_ROLES,
    Clause,
    Lexicon,
    Mention,
    PendingRole,
    cell_clause,
    cell_line_clauses,
    find_clauses,
    looks_like_units,
    prose_clauses,
    read_clause,
)
from innokg.nlp.placement import is_generic, lead_phrase, metadata_lines, place_orphans, split_item
from innokg.nlp.script import text_of
from innokg.nlp.tokenizer import char_span
from spacy.language import Language
from spacy.tokens import Doc

for _name, _default in (("structure", None), ("clauses", None), ("attributions", None), ("notices", None), ("uncertain", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@dataclass
class TaskAttribution:
    """Who is responsible for one task, with the clauses it was read from."""

    clauses: list[Clause]
    roles: dict[Role, list[Mention]] = field(default_factory=lambda: {r: [] for r in Role})
    clause_of: dict[int, int] = field(default_factory=dict)  # id(mention) -> index in clauses
    rule: str | None = None
    named: set[str] = field(default_factory=set)  # the units' names in any role: a lookup, not a scan of them all

    def put(self, mention: Mention, role: Role, clause_index: int) -> None:
        """Add a mention once per task: a unit named twice keeps its first, strongest role."""
        if mention.name in self.named:
            return
        self.named.add(mention.name)
        self.roles[role].append(mention)
        self.clause_of[id(mention)] = clause_index

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
    role_words: dict[str, list[str]],
    label_heads: list[str],
    person_words: list[str],
    verbs: dict[str, str],
    unit_suffixes: list[str],
    shared_suffixes: list[str],
    place_suffixes: list[str],
    level_prefixes: list[str],
    own_qualifiers: list[str],
    not_levels: list[str],
    collective_marks: list[str],
    first_leads_rule: str,
    standing_rule: str,
    trailing_vague: str,
    max_clause_chars: int,
    generic_titles: list[str],
    body_suffixes: list[str],
    sub_units: list[str],
    lead_marks: str,
    joint_words: list[str],
    task_header_words: list[str],
    leading_heading_rule: str,
) -> "AttributionFinder":
    lexicon = Lexicon(
        role_words={CONFIG_ROLES[role]: tuple(words) for role, words in role_words.items()},
        label_heads=tuple(label_heads),
        person_words=tuple(person_words),
        verbs={verb: CONFIG_ROLES[role] for verb, role in verbs.items()},
        unit_suffixes=tuple(unit_suffixes),
        shared_suffixes=tuple(shared_suffixes),
        place_suffixes=tuple(place_suffixes),
        level_prefixes=tuple(level_prefixes),
        own_qualifiers=tuple(own_qualifiers),
        not_levels=tuple(not_levels),
        collective_marks=tuple(collective_marks),
        first_leads_rule=first_leads_rule,
        standing_rule=standing_rule,
        trailing_vague=trailing_vague,
        max_clause_chars=max_clause_chars,
        body_suffixes=tuple(body_suffixes),
        sub_units=tuple(sub_units),
        lead_marks=lead_marks,
        joint_words=tuple(joint_words),
        task_header_words=tuple(task_header_words),
        leading_heading_rule=leading_heading_rule,
    )
    return AttributionFinder(lexicon, tuple(generic_titles))


class AttributionFinder:
    """The clauses of every numbered item's own text (a section's text up to its first child),
    so an attribution is read where the document puts it: after a task, or under a section
    heading whose items carry none of their own."""

    def __init__(self, lexicon: Lexicon, generic_titles: tuple[str, ...] = ()) -> None:
        self.lexicon = lexicon
        self.generic_titles = generic_titles

    def __call__(self, doc: Doc) -> Doc:
        parsed: ParsedDocument = _structure(doc)
        text = text_of(doc)
        doc._.clauses = {}
        doc._.notices = list(doc._.notices or [])
        for item in sorted([*parsed.sections, *parsed.tasks], key=lambda h: h.start):
            if item.cells:
                clauses = [c for c in (cell_clause(text, item.cells, self.lexicon),) if c]
            else:
                clauses = find_clauses(text, item.start, item.end, self.lexicon)
            if not clauses:
                continue
            doc._.clauses[item.id] = clauses
            for clause in clauses:
                if clause.unclosed:
                    doc._.notices.append(
                        Notice(
                            code="unclosed-bracket",
                            message=f"任务“{item.title}”的责任分工括号未闭合，已读到行尾",
                            source=parsed.info.source,
                            start=clause.start,
                        )
                    )
        _lift_closing_attributions(parsed, doc._.clauses)
        doc._.uncertain = place(parsed, text, doc._.clauses, self.lexicon, self.generic_titles)
        # the spans of every clause that reached a task, once (a heading's lead reaches several)
        placed = {(c.start, c.end): c for found in doc._.clauses.values() for c in found}
        doc.spans["attribution"] = [
            span
            for (start, end), c in sorted(placed.items())
            if (span := char_span(doc, start, end, c.style)) is not None
        ]
        return doc


def place(
    parsed: ParsedDocument, text: str, clauses: dict[str, list[Clause]], lex: Lexicon, generic: tuple[str, ...]
) -> set[str]:
    """Attribution first. The clauses the item readers found are in ``clauses`` (by item id);
    add those the document-wide readers find, split items whose clauses close several
    paragraphs, give the leads headings name, title generic headings by what they belong to,
    and make a task of every clause outside all items. Returns the ids of those last tasks,
    whose attachment is a guess."""
    items = {h.id: h for h in [*parsed.sections, *parsed.tasks]}
    loose = _hand_out_cells(text, clauses, items, lex)
    # a document that attributes nothing in brackets, fields or tables gives its tasks in prose:
    # only there do "请X…" and "X要…" give a task
    asks = not any(clauses.values()) and not loose
    for item in items.values():  # the last resort: running text, where an item has no other attribution
        if item.id not in clauses and not item.cells and (read := prose_clauses(text, item.start, item.end, lex, asks=asks)):
            clauses[item.id] = read
    _split_items(parsed, text, clauses, items)
    _heading_attributions(parsed, text, clauses, items, lex)
    for item_id in clauses:
        attributed = items.get(item_id)
        if attributed is not None and is_generic(attributed.title, generic):
            attributed.title = _named_title(attributed, items, text, generic)
    uncertain = _place_orphans(parsed, text, clauses, loose, lex, asks)
    parsed.sections.sort(key=lambda h: h.start)
    parsed.tasks.sort(key=lambda h: h.start)
    return uncertain


def _hand_out_cells(text: str, clauses: dict, items: dict, lex: Lexicon) -> list[Clause]:
    """The cells of tables flattened one cell per line go to the item that holds them; the
    others are returned (no item holds them)."""
    by_start = sorted(items.values(), key=lambda h: h.start)
    starts = [h.start for h in by_start]
    found = Spans((c.start, c.end) for cs in clauses.values() for c in cs)
    loose = []
    for clause in cell_line_clauses(text, lex):
        if found.holds(clause.start):
            continue
        i = bisect.bisect_right(starts, clause.start) - 1
        item = by_start[i] if i >= 0 and clause.start < by_start[i].end else None
        if item is None or item.cells:
            loose.append(clause)
        else:
            clauses.setdefault(item.id, []).append(clause)
    return loose


def _split_items(parsed: ParsedDocument, text: str, clauses: dict, items: dict) -> None:
    """An item whose clauses close several paragraphs becomes a section of paragraph tasks."""
    tasks = {id(task) for task in parsed.tasks}  # by identity: a search of the list compares whole headings
    split: set[int] = set()
    parts_made = []
    for item_id in [i for i in list(clauses) if i in items and not items[i].cells]:
        item = items[item_id]
        parts = split_item(item, text, clauses[item_id])
        if not parts:
            continue
        del clauses[item_id]
        if id(item) in tasks:
            split.add(id(item))
            parsed.sections.append(item)
        for heading, found in parts:
            parts_made.append(heading)
            clauses[heading.id] = found
    parsed.tasks[:] = [task for task in parsed.tasks if id(task) not in split] + parts_made


def _place_orphans(
    parsed: ParsedDocument, text: str, clauses: dict, loose: list[Clause], lex: Lexicon, asks: bool
) -> set[str]:
    """Every clause in text no item holds (a preamble, a page with no numbering) becomes a task
    of the paragraph it closes; returns their ids."""
    uncertain: set[str] = set()
    covered = [(h.start, h.end) for h in [*parsed.sections, *parsed.tasks]]
    loose = sorted(loose, key=lambda c: c.start)
    loose_starts = [c.start for c in loose]
    index = 1
    for start, end in _gaps(covered, len(text), metadata_lines(text)):
        orphans = find_clauses(text, start, end, lex)
        orphans += loose[bisect.bisect_left(loose_starts, start) : bisect.bisect_left(loose_starts, end)]
        taken = Spans((c.start, c.end) for c in orphans)
        prose = prose_clauses(text, start, end, lex, agents_first=True, asks=asks)
        orphans += [c for c in prose if not taken.holds(c.start) and not taken.holds(c.end - 1)]
        if not orphans:
            continue
        for heading, found in place_orphans(parsed, text, start, end, orphans, index):
            parsed.tasks.append(heading)
            clauses[heading.id] = found
            uncertain.add(heading.id)
            index += 1
    return uncertain


_HEADING_MARKER = re.compile(r"\s*[（(]?[\d一二三四五六七八九十]{1,3}[）)、.．]?\s*")


def _heading_attributions(parsed: ParsedDocument, text: str, clauses: dict, items: dict, lex: Lexicon) -> None:
    """A heading that names a unit as the lead of everything under it ("（一）省监察厅牵头的工作")
    gives that lead to each attributed task below it, or, where none is, to its own text. A
    heading that names a person ("X省长负责的工作") names no unit and gives nothing."""
    children: dict[str, list] = {}
    for h in items.values():
        children.setdefault(h.parent_id, []).append(h)
    for heading in sorted(items.values(), key=lambda h: h.start):
        line_end = text.find("\n", heading.start, heading.end)
        line = text[heading.start : line_end if line_end >= 0 else heading.end]
        m = lex.leading_heading(line)
        if not m or heading.cells:
            continue
        words_start = heading.start + m.start(1) + len(m.group(1)) - len(m.group(1).lstrip())
        if marker := _HEADING_MARKER.match(text, words_start):
            words_start = marker.end()
        verb_end = heading.start + m.end(1) + 2
        clause = read_clause(text, words_start, verb_end, lex)
        if clause is None or not all(looks_like_units(text, mm.start, mm.end, lex) for mm in clause.mentions):
            continue
        clause.style = "heading"
        # every task below it, attributed or not: the heading says who leads them all
        below = [t for t in _descendants(heading.id, children) if t.id in clauses or not children.get(t.id)]
        for target in below or [heading]:
            if not _names_a_lead(clauses.get(target.id, [])):  # a task's own lead comes first
                clauses.setdefault(target.id, []).insert(0, clause)
        if not below:
            heading.title = lead_phrase(text, heading.start, heading.end, skip_heading_line=True) or heading.title


def _names_a_lead(found: list[Clause]) -> bool:
    return any(m.role in (Role.LEAD, PendingRole.RESPONSIBLE) or m.starred for c in found for m in c.mentions)


def _descendants(item_id: str, children: dict) -> list:
    out = []
    for child in children.get(item_id, []):
        out.append(child)
        out.extend(_descendants(child.id, children))
    return out


def _named_title(item, items: dict, text: str, generic: tuple[str, ...]) -> str:
    """The title of the nearest heading above ``item`` that names something; else the lead phrase
    of the item's own text."""
    parent = items.get(item.parent_id) if item.parent_id else None
    while parent is not None:
        if not is_generic(parent.title, generic):
            return parent.title
        parent = items.get(parent.parent_id) if parent.parent_id else None
    return lead_phrase(text, item.start, item.end, skip_heading_line=True) or item.title


def _gaps(spans: list[tuple[int, int]], length: int, skipped: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The stretches of ``[0, length)`` that no span covers (nor any of ``skipped``)."""
    out, at = [], 0
    for start, end in sorted([*spans, *skipped]):
        if start > at:
            out.append((at, start))
        at = max(at, end)
    if at < length:
        out.append((at, length))
    return out


def _lift_closing_attributions(parsed: ParsedDocument, clauses: dict[str, list[Clause]]) -> None:
    """"（一）…1.…2.…（责任单位：X）" on one line: an attribution that closes the last item of a
    list whose other items carry none belongs to the heading above the list (an enumeration
    inside a measure reads like numbered items once it runs on in one line). Items on lines of
    their own keep what is written under them."""
    children: dict[str, list] = {}
    for item in sorted([*parsed.sections, *parsed.tasks], key=lambda h: h.start):
        if item.parent_id:
            children.setdefault(item.parent_id, []).append(item)
    leaves = {t.id for t in parsed.tasks}
    for parent_id, items in children.items():
        last = items[-1]
        if (
            len(items) >= 2
            and parent_id not in clauses
            and "\n" not in parsed.text[items[0].start : last.start]
            and all(i.id in leaves for i in items)
            and last.id in clauses
            and not any(i.id in clauses for i in items[:-1])
        ):
            clauses[parent_id] = clauses.pop(last.id)
    _lift_own_line_brackets(parsed, clauses, children)


def _lift_own_line_brackets(parsed: ParsedDocument, clauses: dict[str, list[Clause]], children: dict) -> None:
    """A bracketed attribution standing on a line of its own after the last item of a list whose
    other items carry none closes the whole list: it belongs to the heading above (up to the
    highest heading it ends and nothing else in it is attributed)."""
    text = parsed.text
    items = {h.id: h for h in [*parsed.sections, *parsed.tasks]}
    for item_id in [i for i in list(clauses) if i in items]:
        found = clauses[item_id]
        if not found or not all(c.style and not c.style.startswith("field") for c in found):
            continue
        first, item_start = min(c.start for c in found), items[item_id].start
        if first == item_start or not _opens_its_line(text, item_start, first):
            continue
        current = items[item_id]
        while current.parent_id and current.parent_id not in clauses:
            siblings = children.get(current.parent_id, [])
            if not siblings or siblings[-1].id != current.id or any(_attributed(s, clauses, children) for s in siblings[:-1]):
                break
            current = items[current.parent_id]
        if current.id != item_id:
            clauses[current.id] = clauses.pop(item_id)


def _opens_its_line(text: str, floor: int, at: int) -> bool:
    """Whether nothing but white space stands before ``at`` on its line (looking back to ``floor``)."""
    line_start = text.rfind("\n", floor, at) + 1 or floor
    return not text[line_start:at].strip()


def _attributed(item, clauses: dict, children: dict) -> bool:
    return item.id in clauses or any(_attributed(c, clauses, children) for c in children.get(item.id, []))


@Language.factory(
    "innokg_units",
    requires=["doc._.structure", "doc._.clauses"],
    assigns=["doc._.attributions", "doc.spans"],
)
def make_unit_reader(nlp: Language, name: str, first_leads_rule: str, other_mark_rule: str) -> "UnitReader":
    return UnitReader(first_leads_rule, other_mark_rule)


class UnitReader:
    """Roles in document order, task by task: rules a document states once ("列第一位者为牵头单位",
    "以下均需X配合，不再列出", a scope note "下同") govern the attributions they reach."""

    def __init__(self, first_leads_rule: str, other_mark_rule: str) -> None:
        self.first_leads = re.compile(first_leads_rule)
        self.other_mark = re.compile(other_mark_rule)

    def __call__(self, doc: Doc) -> Doc:
        parsed = _structure(doc)
        # the first-listed rule: stated with "下同" it holds from there on; stated in a note (under
        # a table, at the end) it holds for the whole document
        text = text_of(doc)
        rule = self.first_leads.search(text)
        first_leads = rule.group(0) if rule else None
        rule_from = -1
        if rule and "下同" in text[rule.end() : rule.end() + 6]:
            rule_from = max((h.start for h in (*parsed.sections, *parsed.tasks) if h.start <= rule.start()), default=0)
        scope_notes: dict[str, str] = {}
        standing: list[tuple[Mention, Clause]] = []
        paired = _pairs_labels(doc._.clauses or {})
        # "市经信委*" marks the lead, unless the document says its mark means something else
        star_leads = not any("牵头" not in m.group(0) for m in self.other_mark.finditer(text))
        doc._.attributions = {}
        spans = []
        for item in sorted([*parsed.sections, *parsed.tasks], key=lambda h: h.start):
            clauses = (doc._.clauses or {}).get(item.id) or []
            if not clauses:
                continue
            result = TaskAttribution(clauses=list(clauses))
            mentions = [(m, index) for index, clause in enumerate(clauses) for m in clause.mentions]
            ruled_here = first_leads is not None and item.start >= rule_from
            roles, ruled = resolve_roles([m for m, _ in mentions], ruled_here, paired, star_leads)
            if ruled:
                result.rule = first_leads
            for (mention, index), role in zip(mentions, roles):
                _apply_scope(mention, scope_notes)
                result.put(mention, role, index)
            for mention, clause in standing:
                result.clauses.append(clause)
                result.put(mention, Role.CO, len(result.clauses) - 1)
                result.rule = result.rule or "以下均需" + mention.name + "配合"
            for clause in clauses:
                standing.extend((m, clause) for m in clause.standing)
            doc._.attributions[item.id] = result
            for role, found in result.roles.items():
                for m in found:
                    span = char_span(doc, m.start, m.end, role.value)
                    if span is not None:
                        spans.append(span)
        doc.spans["units"] = spans
        return doc


def _pairs_labels(clauses: dict[str, list[Clause]]) -> bool:
    """Whether the document pairs 责任单位 with a 配合单位 label and designates no lead in any
    other way: then its 责任单位 are the leads wherever they stand, alone included (a document
    that writes "责任单位：X；配合单位：Y" means by 责任单位 the unit that leads)."""
    mentions = [m for found in clauses.values() for c in found for m in c.mentions]
    if any(m.role == Role.LEAD for m in mentions):
        return False
    return any(
        any(m.role == Role.CO and m.via_label for m in c.mentions)
        and any(m.role == PendingRole.CO_OR_RESPONSIBLE for m in c.mentions)
        for found in clauses.values()
        for c in found
    )


def resolve_roles(
    mentions: list[Mention], first_leads: bool, paired_document: bool = False, star_leads: bool = True
) -> tuple[list[Role], bool]:
    """Each unit's role in one task, read by the role rule (../shared/extraction-format.md), and
    whether the document's first-listed rule decided them.

    - 牵头 (label or verb), 主办 → lead; 配合, 参与, 协办, 承办, 会同 → co; 指导 → guides.
    - "A、B负责" → all lead; with the first-listed rule the first leads and the rest share.
    - 责任单位 / 责任部门 (and the like): beside a named lead, co; paired with a 配合 label and
      no lead ("责任单位：X；配合单位：Y"), X leads; under the first-listed rule the first leads;
      otherwise nobody is designated to lead and every unit is co.

    >>> m = lambda role, label=True: Mention("x", "x", 0, 1, role, via_label=label)
    >>> [r.name for r in resolve_roles([m(PendingRole.CO_OR_RESPONSIBLE), m(PendingRole.CO_OR_RESPONSIBLE)], False)[0]]
    ['CO', 'CO']
    >>> [r.name for r in resolve_roles([m(PendingRole.CO_OR_RESPONSIBLE), m(Role.CO)], False)[0]]
    ['LEAD', 'CO']
    >>> [r.name for r in resolve_roles([m(PendingRole.RESPONSIBLE, False), m(PendingRole.RESPONSIBLE, False)], True)[0]]
    ['LEAD', 'CO']
    """
    if star_leads:
        for m in mentions:
            m.role = Role.LEAD if m.starred else m.role
    has_lead = any(m.role == Role.LEAD for m in mentions)
    paired = paired_document or any(m.role == Role.CO and m.via_label for m in mentions)
    ruled = first_leads and not has_lead and any(isinstance(m.role, PendingRole) for m in mentions)
    roles: list[Role] = []
    first = True
    for m in mentions:
        if isinstance(m.role, Role):
            roles.append(m.role)
        elif has_lead:
            roles.append(Role.CO)
        elif ruled:
            roles.append(Role.LEAD if first else Role.CO)
            first = False
        elif m.role == PendingRole.RESPONSIBLE or paired:
            roles.append(Role.LEAD)
        else:
            roles.append(Role.CO)
    return roles, bool(ruled)


def _apply_scope(mention: Mention, scope_notes: dict[str, str]) -> None:
    if mention.scope_note and mention.scope_applies_later:
        scope_notes[mention.name] = mention.scope_note
    elif not mention.scope_note and mention.name in scope_notes:
        mention.scope_note = scope_notes[mention.name]


def _structure(doc: Doc) -> ParsedDocument:
    parsed = doc._.structure
    if parsed is None:
        raise ValueError("innokg components need doc._.structure: run them through innokg.nlp.record.extract")
    return parsed
