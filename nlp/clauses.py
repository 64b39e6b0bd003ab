"""The grammar of responsibility attributions, independent of spaCy.

An attribution is a bracketed clause after a task — ``(牵头单位:X;责任单位:A、B)``,
``（X牵头，A、B配合）``, ``（A、B等负责）``, ``（负责部门：A、B）``, ``（A指导）`` — or an
inline ``责任单位：A、B``. This module finds such clauses in a stretch of text and reads
them into unit mentions with roles. Brackets are matched by depth, whatever their shape, so
the damaged ``〈含开发区管委会，下同》`` nests like any other pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN = "（(〈<[【〔《「『［｛{"
CLOSE = "）)〉>]】〕》」』］｝}"
SEPARATORS = "；;，,"

#: Roles a clause can assign before document rules are applied.
LEAD, CO, GUIDES, RESPONSIBLE = "lead", "co", "guides", "responsible"
#: 责任单位: co-responsible beside a named lead; where no lead is named, the units responsible.
CO_OR_RESPONSIBLE = "co_or_responsible"


@dataclass(frozen=True)
class Lexicon:
    """The words of the grammar; set from the pipeline config (``nlp/config.cfg``)."""

    labels: dict[str, str]  # 牵头单位 -> lead, 责任单位 -> co ...
    verbs: dict[str, str]  # 牵头 -> lead, 配合 -> co, 负责 -> responsible ...
    other_labels: tuple[str, ...]  # 适用范围 ...: labelled fields that name no unit
    unit_suffixes: tuple[str, ...]  # 部, 委, 局, 政府 ...: what a unit name ends with
    shared_suffixes: tuple[str, ...]  # 管委会, 人民政府: a suffix shared by a list of places
    place_suffixes: tuple[str, ...]  # 区, 县, 市: what a place name ends with
    collective_marks: tuple[str, ...]  # 各成员单位, 有关部门: one collective unit
    first_leads_rule: str  # regex: 列第一位者为牵头单位
    standing_lead_rule: str  # regex: 以下均需X落实
    trailing_vague: str  # regex stripped from the end of a name: 等, 等有关部门和单位
    max_clause_chars: int = 400

    def __post_init__(self) -> None:
        labels = sorted([*self.labels, *self.other_labels], key=len, reverse=True)
        verbs = sorted(self.verbs, key=len, reverse=True)
        object.__setattr__(self, "_label_re", re.compile(rf"^\s*({'|'.join(labels)})\s*[:：]\s*"))
        object.__setattr__(
            self,
            "_inline_re",
            re.compile(rf"({'|'.join(sorted(self.labels, key=len, reverse=True))})\s*[:：]"),
        )
        object.__setattr__(self, "_verb_re", re.compile(rf"({'|'.join(verbs)})\s*$"))
        object.__setattr__(self, "_first_re", re.compile(self.first_leads_rule))
        object.__setattr__(self, "_standing_re", re.compile(self.standing_lead_rule))
        object.__setattr__(self, "_vague_re", re.compile(self.trailing_vague))


@dataclass
class Mention:
    """A unit as written in a clause, with the role the clause gives it."""

    surface: str
    name: str
    start: int
    end: int
    role: str
    collective: bool = False
    scope_note: str | None = None
    scope_applies_later: bool = False


@dataclass
class Clause:
    """An attribution clause found in a task's text, read into mentions."""

    start: int
    end: int
    style: str
    mentions: list[Mention] = field(default_factory=list)
    first_leads: str | None = None  # the rule "the first listed leads", as the clause states it
    standing_leads: list[Mention] = field(default_factory=list)  # "以下均需X落实"
    unclosed: bool = False


# --------------------------------------------------------------------------- finding


def bracket_groups(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Top-level bracketed groups in ``text[start:end]`` as (start, end, unclosed).

    Any opening bracket matches any closing one; a group left open at the end of its line
    is closed there and flagged, so one missing ``）`` damages one clause, not the rest.
    """
    groups: list[tuple[int, int, bool]] = []
    depth, opened = 0, -1
    for i in range(start, end):
        ch = text[i]
        if ch in OPEN:
            if depth == 0:
                opened = i
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
            if depth == 0:
                groups.append((opened, i + 1, False))
        elif ch == "\n" and depth:
            groups.append((opened, i, True))
            depth = 0
    if depth:
        stop = end
        while stop > opened and text[stop - 1].isspace():
            stop -= 1
        groups.append((opened, stop, True))
    return groups


def find_clauses(text: str, start: int, end: int, lex: Lexicon) -> list[Clause]:
    """Every attribution clause in ``text[start:end]``, bracketed first, else inline."""
    clauses = []
    for g_start, g_end, unclosed in bracket_groups(text, start, end):
        if g_end - g_start > lex.max_clause_chars:
            continue
        inner_start = g_start + 1
        inner_end = g_end if unclosed else g_end - 1
        clause = read_clause(text, inner_start, inner_end, lex)
        if clause:
            clause.start, clause.end, clause.unclosed = g_start, g_end, unclosed
            clauses.append(clause)
    if not clauses:
        clauses = _inline_clauses(text, start, end, lex)
    return clauses


def _inline_clauses(text: str, start: int, end: int, lex: Lexicon) -> list[Clause]:
    """``责任单位：A、B`` written in the running text, outside any bracket."""
    inside = [(s, e) for s, e, _ in bracket_groups(text, start, end)]
    for m in lex._inline_re.finditer(text, start, end):
        if any(s <= m.start() < e for s, e in inside):
            continue
        stop = text.find("\n", m.start(), end)
        stop = end if stop < 0 else stop
        while stop > m.start() and text[stop - 1] in "。 \t\r":
            stop -= 1
        clause = read_clause(text, m.start(), stop, lex)
        if clause:
            clause.style = "inline:" + clause.style
            clause.start, clause.end = m.start(), stop
            return [clause]
    return []


# --------------------------------------------------------------------------- reading


def split_top(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at ``separators`` outside nested brackets; strip white space."""
    parts, depth, begin = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
        elif ch in separators and depth == 0:
            parts.append((begin, i))
            begin = i + 1
    parts.append((begin, end))
    return [_strip(text, s, e) for s, e in parts if text[s:e].strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def read_clause(text: str, start: int, end: int, lex: Lexicon) -> Clause | None:
    """Read ``text[start:end]`` (a clause without its brackets); ``None`` if it is no attribution."""
    sentences = split_top(text, start, end, "。")
    if not sentences:
        return None
    clause = Clause(start=start, end=end, style="")
    for s, e in sentences:
        if m := lex._first_re.search(text, s, e):
            clause.first_leads = m.group(0)
    styles: list[str] = []
    pending: list[tuple[int, int]] = []  # unit lists waiting for the verb that gives their role
    label_role: str | None = None
    in_other_field = False  # inside 适用范围： and the like, which names no unit
    first_s, first_e = sentences[0]
    for s, e in split_top(text, first_s, first_e, SEPARATORS):
        segment = text[s:e]
        if lex._first_re.search(segment) or segment in ("下同", "下同。"):
            continue
        if m := lex._label_re.match(segment):
            label_role = lex.labels.get(m.group(1))
            in_other_field = label_role is None
            styles.append("label")
            if label_role:
                _add(clause, text, s + m.end(), e, label_role, lex)
            continue
        if in_other_field:
            continue
        if segment.startswith("会同"):
            s2, e2 = s + 2, _drop_verb(text, s + 2, e, lex)
            _add(clause, text, s2, e2, CO, lex)
            styles.append("huitong")
            continue
        if m := lex._verb_re.search(segment):
            role = lex.verbs[m.group(1)]
            body_start = s + 1 if segment.startswith("由") else s
            items = [*pending, (body_start, s + m.start())]
            joined_with = text.find("会同", body_start, s + m.start())  # X会同Y负责: Y assists X
            if joined_with > body_start:
                items[-1] = (body_start, joined_with)
            if not all(_looks_like_units(text, a, b, lex) for a, b in items):
                return None
            for a, b in items:
                _add(clause, text, a, b, role, lex)
            if joined_with > body_start:
                _add(clause, text, joined_with + 2, s + m.start(), CO, lex)
            pending, label_role = [], None
            styles.append(f"verb:{m.group(1)}")
            continue
        if label_role:
            _add(clause, text, s, e, label_role, lex)
        else:
            pending.append((s, e))
    if not clause.mentions or pending:
        return None
    for s, e in sentences[1:]:
        if m := lex._standing_re.search(text, s, e):
            _add(clause, text, m.start(1), m.end(1), LEAD, lex, into=clause.standing_leads)
    clause.style = "+".join(dict.fromkeys(styles))
    return clause


def _drop_verb(text: str, start: int, end: int, lex: Lexicon) -> int:
    m = lex._verb_re.search(text, start, end)
    return m.start() if m else end


def _looks_like_units(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A verb clause names units only: every item ends like a unit (部, 委, 局, 政府 ...)."""
    if end <= start:
        return False
    for s, e in _items(text, start, end, lex):
        name = _outside_brackets(text, s, e)
        if not name or not (name.endswith(lex.unit_suffixes) or any(m in name for m in lex.collective_marks)):
            return False
    return True


def _items(text: str, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Items of a unit list: split at 、 and at 等和 (…等和各省级人民政府), vague tails dropped."""
    items = []
    for s, e in split_top(text, start, end, "、"):
        parts = [(s, e)]
        joint = text.find("等和", s, e)
        if joint > 0:
            parts = [(s, joint), (joint + 2, e)]
        for a, b in parts:
            a, b = _strip(text, a, b)
            m = lex._vague_re.search(text[a:b])
            if m and m.start() > 0:
                b = a + m.start()
            if text[a:b].startswith(("由", "和", "及")):
                a += 1
            if b > a:
                items.append((a, b))
    return items


def _outside_brackets(text: str, start: int, end: int) -> str:
    out, depth = [], 0
    for ch in text[start:end]:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out).strip()


def _add(
    clause: Clause, text: str, start: int, end: int, role: str, lex: Lexicon, into: list | None = None
) -> None:
    """Read a unit list into mentions, expanding a suffix the list shares."""
    into = clause.mentions if into is None else into
    items = _items(text, start, end, lex)
    mentions = [_mention(text, s, e, role, lex) for s, e in items]
    mentions = [m for m in mentions if m.name]
    _expand_shared_suffix(mentions, lex)
    into.extend(mentions)


def _mention(text: str, start: int, end: int, role: str, lex: Lexicon) -> Mention:
    name = _outside_brackets(text, start, end)
    note, later = None, False
    for g_start, g_end, _ in bracket_groups(text, start, end):
        inner = text[g_start + 1 : g_end].rstrip(CLOSE).strip()
        later = later or "下同" in inner
        note = re.sub(r"[，,；;]?\s*下同\s*$", "", inner).strip() or None
    cut = next((i for i in range(start, end) if text[i] in OPEN), end)
    surface_end = _strip(text, start, cut)[1]
    collective = name.startswith("各") or any(name.endswith(m) or m in name for m in lex.collective_marks)
    return Mention(
        surface=text[start:surface_end],
        name=name,
        start=start,
        end=surface_end,
        role=role,
        collective=collective,
        scope_note=note,
        scope_applies_later=later,
    )


def _expand_shared_suffix(mentions: list[Mention], lex: Lexicon) -> None:
    """``东湖高新区、武汉经开区管委会`` names two committees: the last item's suffix is shared."""
    if len(mentions) < 2:
        return
    suffix = next((s for s in lex.shared_suffixes if mentions[-1].name.endswith(s)), None)
    if not suffix:
        return
    for m in mentions[:-1]:
        if m.name.endswith(lex.place_suffixes) and not m.name.endswith(lex.shared_suffixes):
            m.name += suffix
