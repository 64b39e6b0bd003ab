"""The grammar of responsibility attributions, independent of spaCy.

An attribution is a bracketed clause after a task — ``(牵头单位:X;责任单位:A、B)``,
``（X牵头，A、B配合）``, ``（A、B等负责）``, ``（负责部门：A、B）``, ``（A指导）`` — or an
inline ``责任单位：A、B``. This module finds such clauses in a stretch of text and reads
them into unit mentions with roles. Brackets are matched by depth, whatever their shape, so
the damaged ``〈含开发区管委会，下同》`` nests like any other pair.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from innokg.graph.model.names import any_word
from innokg.graph.model.spans import Spans
from innokg.graph.model.vocab import Role
from innokg.ingest.tables import UNIT_WORDS
from innokg.nlp.words import first_word, tagged

OPEN = "（(〈<[【〔《「『［｛{"
CLOSE = "）)〉>]】〕》」』］｝}"
_BRACKETS_AND_LINES = re.compile(f"[{re.escape(OPEN + CLOSE)}\n]")
SEPARATORS = "；;，,"
COLON = re.compile("[:：]")
LONGEST_LABEL = 10 + 6  # _field_re: ten characters, then （ four ）


class PendingRole(StrEnum):
    """A role a clause gives that is not yet one of the model's :class:`Role`: whether these units
    lead or share the task, only the document's rules and the clause's other units tell
    (:func:`innokg.nlp.attribution.resolve_roles`), so no record or answer ever holds one."""

    #: 负责 (A、B负责): all lead, unless a unit beside them is named lead or the first-listed rule holds
    RESPONSIBLE = "responsible"
    #: 责任单位: co-responsible beside a named lead; where no lead is named, the units responsible
    CO_OR_RESPONSIBLE = "co_or_responsible"


#: the role a clause gives its units: the model's own, or one the document's rules settle later
ClauseRole = Role | PendingRole
#: the roles as nlp/config.cfg names them (role_words, verbs)
CONFIG_ROLES: dict[str, ClauseRole] = {
    "lead": Role.LEAD,
    "co": Role.CO,
    "guides": Role.GUIDES,
    **{pending.value: pending for pending in PendingRole},
}


#: a rule that opens with a name of m to n characters, as few as will do: ``(.{m,n}?)`` and the rest
_LAZY_NAME = re.compile(r"\(\.\{(\d+),(\d+)\}\?\)(.+)", re.S)


def _name_then_tail(rule: str) -> tuple[re.Pattern[str], int, int] | None:
    """For a rule that opens with a name of m to n characters, as few as will do, and goes on
    with a pattern that stands on its own — ``(.{m,n}?)`` then the rest, with no ``|`` at the top,
    no quantifier on the name and no reference back to it — the rest compiled, and m and n; else
    None, and the rule is searched as it is. Read by Python's own parser of regexes.

    >>> _name_then_tail("(.{2,40}?)牵头的工作$")[1:]
    (2, 40)
    >>> [_name_then_tail(r) for r in ["(.{2,40}?)牵头的工作|分工负责", "(.{2,40}?)+工作", r"(.{2,40}?)牵头\\1"]]
    [None, None, None]
    """
    split = _LAZY_NAME.fullmatch(rule)
    if split is None:
        return None
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]  # private: the reading `re` makes of the rule

        first = _parser.parse(rule)[0]
        tail = re.compile(split.group(3))  # a reference back to the name does not compile alone
    except (ImportError, AttributeError, IndexError, re.error):
        return None
    # the name group first and whole: a top-level | or a quantifier would put another item there
    if first[0] is not _constants.SUBPATTERN or first[1][0] != 1:
        return None
    return tail, int(split.group(1)), int(split.group(2))


@dataclass(frozen=True)
class Lexicon:
    """The words of the grammar; set from the pipeline config (``nlp/config.cfg``)."""

    role_words: dict[ClauseRole, tuple[str, ...]]  # lead: 牵头, 主办 …; co: 配合, 参与 …; responsible: 责任 …
    label_heads: tuple[str, ...]  # 单位, 部门 …: a field label ends with one (牵头单位, 配合部门)
    person_words: tuple[str, ...]  # 领导, 责任人 …: labels that name people, not units
    verbs: dict[str, ClauseRole]  # 牵头 -> lead, 配合 -> co, 负责 -> responsible ...
    unit_suffixes: tuple[str, ...]  # 部, 委, 局, 政府 ...: what a unit name ends with
    shared_suffixes: tuple[str, ...]  # 管委会, 人民政府: a suffix shared by a list of places
    place_suffixes: tuple[str, ...]  # 区, 县, 市: what a place name ends with
    level_prefixes: tuple[str, ...]  # 省, 市, 区, 县: a level a list writes once ("省教育厅、发改委")
    own_qualifiers: tuple[str, ...]  # 团, 人行, 国家 …: names that carry their own qualifier, never prefixed
    collective_marks: tuple[str, ...]  # 各成员单位, 有关部门: one collective unit
    first_leads_rule: str  # regex: 列第一位者为牵头单位
    standing_rule: str  # regex: 以下均需X配合，不再列出
    trailing_vague: str  # regex stripped from the end of a name: 等, 等有关部门和单位
    max_clause_chars: int = 400
    not_levels: tuple[str, ...] = ()  # 市场, 区域 …: words that open with a level character
    # what a body's name surely ends with; the one-character suffixes 行, 组, 所, 关 … also end
    # ordinary words (执行, 小组, 场所, 有关), so running text trusts only these
    body_suffixes: tuple[str, ...] = ("部", "部门", "委", "局", "厅", "办", "署", "府", "管委会", "委员会", "中心")
    sub_units: tuple[str, ...] = ("处", "科", "室", "股")  # divisions inside a body: 区经发局 + 发改处
    lead_marks: str = "*＊"  # a mark after the unit that leads ("市经信委*")
    joint_words: tuple[str, ...] = ("以及", "和", "及", "与", "等")  # between two bodies of a list
    task_header_words: tuple[str, ...] = ("任务", "工作", "措施", "内容", "事项", "举措", "名称", "序号")
    # a heading that names who leads what it holds: "（一）省监察厅牵头的工作"
    leading_heading_rule: str = "(.{2,40}?)(?:牵头|负责)的?(?:工作|任务)\\s*$"
    # how far back from the end of its line the rule's words can start (its widest match, the
    # trailing spaces aside; a test keeps the configured rule within it): a heading line may be a
    # whole scraped paragraph, and a search from each of its characters is most of the time
    leading_heading_reach: int = 60

    # compiled from the words above by __post_init__: no arguments, not compared, not shown
    _field_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _field_at_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _verb_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _verb_then_gap_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _any_verb_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _first_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _standing_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _vague_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _leading_heading_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    #: for a rule that opens with the name, ``(.{m,n}?)``: what follows the name, and m and n
    _leading_tail: tuple[re.Pattern[str], int, int] | None = field(init=False, repr=False, compare=False)
    _joint_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _charge_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        verbs = any_word(self.verbs)
        setattr_ = object.__setattr__
        # a field label: a few characters and a colon (牵头单位：, 配合部门：, 完成时限：, 链长：)
        label = r"([\u4e00-\u9fff]{1,10}(?:[（(][\u4e00-\u9fff]{1,4}[）)])?)\s*[:：]"
        setattr_(self, "_field_re", re.compile(label))
        setattr_(self, "_field_at_re", re.compile(label + "$"))
        setattr_(self, "_verb_re", re.compile(rf"({verbs})\s*$"))
        setattr_(self, "_verb_then_gap_re", re.compile(rf"({verbs})[、 \t\u3000]"))
        setattr_(self, "_any_verb_re", re.compile(any_word([*self.verbs, "会同"])))
        setattr_(self, "_first_re", re.compile(self.first_leads_rule))
        setattr_(self, "_standing_re", re.compile(self.standing_rule))
        setattr_(self, "_vague_re", re.compile(self.trailing_vague))
        setattr_(self, "_leading_heading_re", re.compile(self.leading_heading_rule))
        setattr_(self, "_leading_tail", _name_then_tail(self.leading_heading_rule))
        setattr_(self, "_joint_re", re.compile(any_word(self.joint_words)))
        # "X负责<the work>": only verbs of taking charge (a masthead's "X主办2020年第2号" is no task)
        charge = sorted(
            (v for v, role in self.verbs.items() if role in (Role.LEAD, PendingRole.RESPONSIBLE) and ("负责" in v or "牵头" in v) and "分" not in v),
            key=len,
            reverse=True,
        )
        setattr_(self, "_charge_re", re.compile("|".join(charge) or "(?!)"))

    def leading_heading(self, line: str) -> re.Match[str] | None:
        """The lead a heading line names for all it holds ("（一）省监察厅牵头的工作"): the rule
        ends the line, so it is looked for only in the line's last :attr:`leading_heading_reach`
        characters (the same match as a search of the whole line)."""
        start = max(0, len(line.rstrip()) - self.leading_heading_reach)
        if self._leading_tail is not None:
            # the name takes m to n characters before the first place its tail can follow it: a
            # match starts no earlier than n before that (the rule from every character of the
            # window tried n lengths of name at each, most of the attribution layer's searching)
            tail, shortest, longest = self._leading_tail
            first = tail.search(line, start + shortest)
            if first is None:
                return None
            start = max(start, first.start() - longest)
        return self._leading_heading_re.search(line, start)

    def field_labels(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
        """The field labels (牵头单位：, 完成时限： …) in ``text[start:end]``, the same matches as
        ``_field_re.finditer`` found from their colons: scanning from every character tries ten
        characters before failing at almost all of them.

        >>> lex = Lexicon({}, (), (), {}, (), (), (), (), (), (), "x", "x", "x")
        >>> [m.group(1) for m in lex.field_labels("任务内容。牵头单位：市科技局 完成时限 ：2024年")]
        ['牵头单位', '完成时限']
        """
        end = len(text) if end is None else end
        floor = start
        for colon in COLON.finditer(text, start, end):
            back = colon.start()
            while back > floor and text[back - 1].isspace():  # 完成时限 ：
                back -= 1
            # a label is at most ten characters and a bracket of four: it starts no further back
            if m := self._field_at_re.search(text, max(floor, back - LONGEST_LABEL), colon.end()):
                floor = m.end()
                yield m

    def label_role(self, label: str) -> ClauseRole | None:
        """The role a field label gives the units after it, read from its words, or None for a
        field that names no responsible unit (试点单位, 完成时限, 责任领导, 链长 …).

        A label ends with a unit word (单位, 部门 …) or is a role word alone (牵头：); its role is
        the first role word in it: 牵头单位 / 主办单位 → lead, 配合部门 / 承办单位 → co,
        责任单位 / 负责部门 → responsible, 指导单位 → guides.
        """
        label = re.sub(r"[（(][^）)]*[）)]", "", label)  # 牵头部门（单位）
        if any(word in label for word in self.person_words):
            return None
        head = next((h for h in self.label_heads if label.endswith(h)), None)
        words = label[: len(label) - len(head)] if head else label
        for role in (Role.LEAD, Role.CO, Role.GUIDES, PendingRole.CO_OR_RESPONSIBLE):
            for word in self.role_words.get(role, ()):
                if (head and word in words) or (not head and words.endswith(word) and len(words) <= len(word) + 2):
                    return role
        return None


@dataclass
class Mention:
    """A unit as written in a clause, with the role the clause gives it."""

    surface: str
    name: str
    start: int
    end: int
    role: ClauseRole
    collective: bool = False
    scope_note: str | None = None
    scope_applies_later: bool = False
    via_label: bool = False  # the role came from a field label (牵头单位：), not a verb (X牵头)
    starred: bool = False  # written with a mark after it ("市经信委*"), which most documents use for the lead


@dataclass
class Clause:
    """An attribution clause found in a task's text, read into mentions."""

    start: int
    end: int
    style: str
    mentions: list[Mention] = field(default_factory=list)
    first_leads: str | None = None  # the rule "the first listed leads", as the clause states it
    standing: list[Mention] = field(default_factory=list)  # "以下均需X配合，不再列出": X shares every later task
    unclosed: bool = False


# --------------------------------------------------------------------------- finding


def bracket_groups(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Top-level bracketed groups in ``text[start:end]`` as (start, end, unclosed).

    Any opening bracket matches any closing one; a group left open at the end of its line
    is closed there and flagged, so one missing ``）`` damages one clause, not the rest.
    """
    groups: list[tuple[int, int, bool]] = []
    depth, opened = 0, -1
    for found in _BRACKETS_AND_LINES.finditer(text, start, end):  # only the characters that matter
        i, ch = found.start(), found.group()
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
    """Every attribution clause in ``text[start:end]``: bracketed ones, then the labelled fields
    written in the running text (``牵头单位：X 配合单位：Y``, ``责任单位：A、B，C``)."""
    clauses = []
    groups = bracket_groups(text, start, end)
    for g_start, g_end, unclosed in groups:
        if g_end - g_start > lex.max_clause_chars:
            continue
        inner_start = g_start + 1
        inner_end = g_end if unclosed else g_end - 1
        clause = read_clause(text, inner_start, inner_end, lex)
        if clause:
            clause.start, clause.end, clause.unclosed = g_start, g_end, unclosed
            clauses.append(clause)
    return clauses + _field_clauses(text, start, end, [(s, e) for s, e, _ in groups], lex)


def cell_clause(text: str, cells: list, lex: Lexicon) -> Clause | None:
    """The units of a table row, each column read by its header's role (牵头单位, 配合部门 …)."""
    clause = None
    for cell in cells:
        role = lex.label_role(cell.label.replace(" ", ""))
        if role is None:
            continue
        read = read_clause(text, cell.start, cell.end, lex, label_role=role, separators=SEPARATORS + " \u3000")
        if not read:
            continue
        if clause is None:
            clause = read
            clause.style = "table"
        else:
            clause.mentions += read.mentions
        clause.start, clause.end = min(clause.start, cell.start), max(clause.end, cell.end)
    return clause


def _field_clauses(text: str, start: int, end: int, brackets: list[tuple[int, int]], lex: Lexicon) -> list[Clause]:
    """The labelled fields outside brackets, one clause per group of fields: fields that follow
    each other are read together (their roles depend on each other: "责任单位：X；配合单位：Y"
    makes X the lead); a paragraph of task text between two fields starts a new group, since each
    group closes the paragraphs above it."""
    labels = []
    bracketed = Spans(brackets)  # by bisection: a section of thousands of tasks has thousands of both
    for m in lex.field_labels(text, start, end):
        at = m.start(1)
        if bracketed.holds(at) or not _boundary(text, at, start):
            continue
        labels.append(m)
    clauses: list[Clause] = []
    clause = None
    last_stop = start
    for m, following in zip(labels, [*labels[1:], None]):
        stop = _field_end(text, m.end(), following.start(1) if following else end)
        if clause is not None and _has_paragraph(text, last_stop, m.start(1)):
            clauses.append(clause)
            clause = None
        last_stop = max(last_stop, stop)
        if lex.label_role(m.group(1)) is None:
            continue
        field = read_clause(text, m.start(1), stop, lex)
        if not field:
            continue
        if clause is None:
            clause = field
            clause.style = "field:" + field.style
        else:
            clause.mentions += field.mentions
            clause.standing += field.standing
            clause.first_leads = clause.first_leads or field.first_leads
        clause.start = min(clause.start, m.start(1))
        clause.end = max(clause.end, stop)
    if clause:
        clauses.append(clause)
    for clause, next_clause in zip(clauses, [*clauses[1:], None]):
        for s, e in split_top(text, clause.end, next_clause.start if next_clause else end, "。"):
            if standing := lex._standing_re.search(text, s, e):
                _add(clause, text, standing.start(1), standing.end(1), Role.CO, lex, into=clause.standing)
    return clauses


#: a line of at least this many characters between two fields is task text, not a field's value
PARAGRAPH_CHARS = 8


def _has_paragraph(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a line of task text (two field groups are two tasks)."""
    return any(len(line.strip()) >= PARAGRAPH_CHARS for line in text[start:end].split("\n")[1:-1])


def _boundary(text: str, at: int, start: int) -> bool:
    """A field label starts a line, or follows white space or a punctuation mark."""
    return at == start or text[at - 1] in " \t\u3000\n\r。；;，,：:）)】]" or text[at - 1].isspace()


def _field_end(text: str, start: int, limit: int) -> int:
    """Where a field's value ends: at 。, a line break, the next field, or white space that does
    not follow a list separator (scraped text separates paragraphs with one space)."""
    i = start
    while i < limit and text[i] in " \t\u3000":
        i += 1
    while i < limit:
        ch = text[i]
        if ch in "。\n\r":
            break
        if ch in " \t\u3000":
            run_end = i
            while run_end < limit and text[run_end] in " \t\u3000":
                run_end += 1
            # white space before a list separator ("各地(市)委 、行署") does not end the list
            if text[i - 1] not in "、，,；;：:" and not (run_end < limit and text[run_end] in "、，,"):
                break
            i = run_end
            continue
        i += 1
    return i


# --------------------------------------------------------------------------- reading


@lru_cache(maxsize=32)
def _marks(separators: str) -> re.Pattern[str]:
    """Brackets and ``separators``: a clause is split by finding these, not by testing each character."""
    return re.compile(f"[{re.escape(OPEN + CLOSE + separators)}]")


def split_top(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at ``separators`` outside nested brackets; strip white space."""
    parts, depth, begin = [], 0, start
    for found in _marks(separators).finditer(text, start, end):  # only the characters that matter
        i, ch = found.start(), found.group()
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


def read_clause(
    text: str, start: int, end: int, lex: Lexicon, label_role: ClauseRole | None = None, separators: str = SEPARATORS
) -> Clause | None:
    """Read ``text[start:end]`` (a clause without its brackets); ``None`` if it is no attribution.

    ``label_role`` is the role of a label that stands outside the text (a table column's header).
    """
    sentences = split_top(text, start, end, "。")
    if not sentences:
        return None
    clause = Clause(start=start, end=end, style="")
    for s, e in sentences:
        if m := lex._first_re.search(text, s, e):
            clause.first_leads = m.group(0)
    styles: list[str] = []
    pending: list[tuple[int, int]] = []  # unit lists waiting for the verb that gives their role
    in_other_field = False  # inside 适用范围：, 试点单位： and the like, which name no responsible unit
    first_s, first_e = sentences[0]
    for s, e in (part for seg in split_top(text, first_s, first_e, separators) for part in _parts(text, *seg, lex)):
        if debris := _TAG_DEBRIS.search(text, max(s, e - 12), e):  # "…配合〔/div>": a scraped page's tag
            e = debris.start()
        segment = text[s:e]
        if lex._first_re.search(_outside_brackets(segment, 0, len(segment))) or segment in ("下同", "下同。"):
            continue
        if (m := lex._field_re.match(segment)) and m.start() == 0:
            label_role = lex.label_role(m.group(1))
            in_other_field = label_role is None
            styles.append("label")
            s += m.end()
            segment = text[s:e]
            if not segment.strip():
                continue
        if in_other_field:
            continue
        if segment.startswith("会同"):
            s2, e2 = s + 2, _drop_verb(text, s + 2, e, lex)
            _add(clause, text, s2, e2, Role.CO, lex)
            styles.append("huitong")
            continue
        if m := lex._verb_re.search(segment):
            if not _verb_clause(clause, text, s, m, pending, lex):
                pending = []  # "由X副市长负责": a person, not a unit; the rest of the clause stands
                continue
            # "责任单位：X、Y牵头，A、B": the units after the verb are still the field's
            pending, label_role = [], (label_role if label_role == PendingRole.CO_OR_RESPONSIBLE else None)
            styles.append(f"verb:{m.group(1)}")
            continue
        if label_role:
            _add(clause, text, s, e, label_role, lex, via_label=True)
        else:
            pending.append((s, e))
    if not clause.mentions:
        return None  # words left without a verb ("（市科技局牵头，2023年底前完成）") name no unit
    for s, e in sentences[1:]:
        if m := lex._standing_re.search(text, s, e):
            _add(clause, text, m.start(1), m.end(1), Role.CO, lex, into=clause.standing)
    clause.style = "+".join(dict.fromkeys(styles))
    return clause


#: the remains of an HTML tag at the end of a scraped clause ("〔/div>", "</span")
_TAG_DEBRIS = re.compile(r"[〔<（(]?/[a-zA-Z]{1,6}>?\s*$")


def _parts(text: str, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """A segment cut where one role ends and the next begins without a comma: after a role verb
    followed by 、 or white space ("市发改委牵头、市财政局配合", "市人社局牵头 市教育局配合"), and
    before a field label after white space ("牵头单位:市商务局 配合单位:市财政局")."""
    cuts = [m.end(1) for m in lex._verb_then_gap_re.finditer(text, start, end) if m.end() < end]
    cuts += [m.start(1) for m in lex.field_labels(text, start, end) if m.start(1) > start and text[m.start(1) - 1].isspace()]
    parts, begin = [], start
    for cut in sorted(set(cuts)):
        if cut > begin:
            parts.append(_strip(text, begin, cut))
            begin = cut + (1 if text[cut] == "、" else 0)
    parts.append(_strip(text, begin, end))
    return [(s, e) for s, e in parts if e > s]


def _verb_clause(clause: Clause, text: str, s: int, m: re.Match, pending: list[tuple[int, int]], lex: Lexicon) -> bool:
    """``A、B负责`` / ``由X牵头`` / ``X会同Y负责``: the units before the verb take its role."""
    role = lex.verbs[m.group(1)]
    verb_at = s + m.start()
    agent = text.rfind("由", s, verb_at)  # "以上任务由X牵头": the units come after 由
    body_start = agent + 1 if agent >= 0 else s
    # words before the units that name none ("2023年底前完成，市科技局负责") are no part of them
    items = [p for p in pending if looks_like_units(text, *p, lex)] + [(body_start, verb_at)]
    joined_with = text.find("会同", body_start, verb_at)  # X会同Y负责: Y assists X
    if joined_with > body_start:
        items[-1] = (body_start, joined_with)
    if not all(looks_like_units(text, a, b, lex) for a, b in items):
        return False
    for a, b in items:
        _add(clause, text, a, b, role, lex)
    if joined_with > body_start:
        _add(clause, text, joined_with + 2, verb_at, Role.CO, lex)
    return True


def read_units(text: str, start: int, end: int, role: ClauseRole, lex: Lexicon) -> list[Mention]:
    """The units of a list written in ``text[start:end]``, as mentions with ``role``."""
    holder = Clause(start=start, end=end, style="")
    _add(holder, text, start, end, role, lex)
    return holder.mentions


def _drop_verb(text: str, start: int, end: int, lex: Lexicon) -> int:
    m = lex._verb_re.search(text, start, end)
    return m.start() if m else end


def looks_like_units(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A verb clause names units only: every item ends like a unit (部, 委, 局, 政府 ...)."""
    if end <= start:
        return False
    items = _items(text, start, end, lex)
    # "银川市、石嘴山市、吴忠市人民政府": places before a name whose suffix they share
    shares = bool(items) and _outside_brackets(text, *items[-1]).endswith(lex.shared_suffixes)
    collective = False  # "各相关园区、镇(街)": after a collective, a bare level is one more
    for s, e in items:
        name = _outside_brackets(text, s, e).rstrip(lex.lead_marks)
        if not name or not (
            name.endswith(lex.unit_suffixes)
            or name.endswith(lex.collective_marks)
            or (shares and name.endswith(lex.place_suffixes))
            or (name.startswith("各") and len(name) >= 3 and name.endswith(lex.place_suffixes + ("园区",)))
            or (collective and name in lex.place_suffixes)
        ):
            return False
        collective = collective or name.startswith("各")
    return True


def _items(text: str, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Items of a unit list: split at 、 and at 等和 (…等和各省级人民政府), vague tails dropped."""
    items = []
    for s, e in split_top(text, start, end, "、"):
        parts = [(s, e)]
        joint = text.find("等和", s, e)
        if joint > 0:
            parts = [(s, joint), (joint + 2, e)]
        else:
            s, e = _strip(text, s, e)
            if (vague := lex._vague_re.search(text[s:e])) and vague.start() > 0:
                e = s + vague.start()  # "商务部等有关部门": the vague tail goes before any split
            parts = _split_joined(text, s, e, lex)
        for a, b in parts:
            a, b = _strip(text, a, b)
            m = lex._vague_re.search(text[a:b])
            if m and m.start() > 0:
                b = a + m.start()
            if text[a:b].startswith(("由", "和", "及")):
                a += 1
            if b > a:
                items.append((a, b))
    return _join_levels(text, items, lex)


def _split_joined(text: str, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """"省直各部门和各市人民政府", "省农业厅等省直有关部门" name two bodies: split at 和 / 及 /
    等 where both sides end like a body; "市发展和改革委员会" stays whole (市发展 is no body)."""
    parts, begin = [], start
    right_is_body = _ends_like_body(text, start, end, lex)  # every split leaves the same right end
    for m in lex._joint_re.finditer(text, start, end):
        if (
            m.start() - begin >= 3
            and end - m.end() >= 3
            and right_is_body
            and _ends_like_body(text, begin, m.start(), lex)
        ):
            parts.append((begin, m.start()))
            begin = m.end()
    parts.append((begin, end))
    return parts


def _ends_like_body(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether ``text[start:end]`` ends like a body's name, a bracket after it aside."""
    while end > start and text[end - 1] in CLOSE:  # 省直有关部门（含…）: look before the bracket
        opened = max(text.rfind(o, start, end - 1) for o in OPEN)
        if opened < start:
            break
        end = opened
    while end > start and text[end - 1].isspace():
        end -= 1
    return text.endswith(lex.unit_suffixes + lex.collective_marks, start, end)


def _join_levels(text: str, items: list[tuple[int, int]], lex: Lexicon) -> list[tuple[int, int]]:
    """"各县、市、区政府" is one body of each level, not 各县, 市 and 区政府: a run of bare levels
    joins the name that closes it."""
    out: list[tuple[int, int]] = []
    run_start = None
    for a, b in items:
        bare = text[a:b].removeprefix("各")
        if len(bare) == 1 and bare in lex.place_suffixes:
            run_start = a if run_start is None else run_start
            continue
        out.append((run_start if run_start is not None else a, b))
        run_start = None
    if run_start is not None:  # a list that ends in levels names no body: keep them as written
        out.append((run_start, items[-1][1]))
    return out


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
    clause: Clause,
    text: str,
    start: int,
    end: int,
    role: ClauseRole,
    lex: Lexicon,
    into: list | None = None,
    via_label: bool = False,
) -> None:
    """Read a unit list into mentions, expanding a suffix or a level prefix the list shares."""
    into = clause.mentions if into is None else into
    items = _items(text, start, end, lex)
    mentions = [_mention(text, s, e, role, lex) for s, e in items]
    mentions = [m for m in mentions if m.name]
    for m in mentions:
        m.via_label = via_label
    _expand_shared_suffix(mentions, lex)
    _restore_level_prefix(mentions, lex)
    into.extend(mentions)


def _restore_level_prefix(mentions: list[Mention], lex: Lexicon) -> None:
    """``省教育厅、发改委、工信厅`` writes the level once: 发改委 is 省发改委. Names that carry a
    level, a place name (平潭海事局, 武汉产投集团) or a qualifier of their own (团省委, 人行…) are
    left as written; "市场监管总局" opens with a word, not a level.

    >>> lex = Lexicon({}, (), (), {}, ("局", "委", "厅"), (), (), ("省", "市", "区"), ("团",), (), "x", "x", "x",
    ...               not_levels=("市场",))
    >>> ms = [Mention(n, n, 0, 1, Role.CO) for n in ("省教育厅", "发改委", "团省委", "厦门证监局")]
    >>> _restore_level_prefix(ms, lex); [m.name for m in ms]
    ['省教育厅', '省发改委', '团省委', '厦门证监局']
    """
    if len(mentions) < 2:
        return
    _restore_parent_unit(mentions, lex)
    first = mentions[0].name
    prefix = next((p for p in lex.level_prefixes if first.startswith(p)), None)
    if not prefix or len(first) <= len(prefix) + 1 or first.startswith(lex.not_levels):
        return
    for m in mentions[1:]:
        name = m.name
        if (
            m.collective
            or any(level in name for level in lex.level_prefixes)
            or name.startswith(lex.own_qualifiers)
            or not name.endswith(lex.unit_suffixes)
            or len(name) > 12
            or _opens_with_place(name)
        ):
            continue
        m.name = prefix + name


def _restore_parent_unit(mentions: list[Mention], lex: Lexicon) -> None:
    """``区经发局发改处、经信处`` writes the body once: 经信处 is 区经发局经信处 (a division of the
    body the first name opens with), not 区经信处.

    >>> lex = Lexicon({}, (), (), {}, ("局", "处"), (), (), ("区",), (), (), "x", "x", "x")
    >>> ms = [Mention(n, n, 0, 1, Role.CO) for n in ("区经发局发改处", "经信处", "区财金局")]
    >>> _restore_parent_unit(ms, lex); [m.name for m in ms]
    ['区经发局发改处', '区经发局经信处', '区财金局']
    """
    parent = None
    for m in mentions:
        name = m.name
        if parent and name.endswith(lex.sub_units) and len(name) <= 6 and not name.startswith(lex.level_prefixes):
            m.name = parent + name
            continue
        parent = _parent_unit(name, lex) if name.endswith(lex.sub_units) else None


def _parent_unit(name: str, lex: Lexicon) -> str | None:
    """The body a division's name opens with: 区经发局 in 区经发局发改处."""
    for i in range(len(name) - 2, 2, -1):
        head = name[:i]
        if head.endswith(lex.body_suffixes):
            return head
    return None


@lru_cache(maxsize=8192)  # the same units are named task after task
def _opens_with_place(name: str) -> bool:
    """Whether a name opens with a place name (jieba's part of speech ``ns``): 厦门证监局, 平潭海关;
    also a city jieba knows only with its 市 (合肥 alone is tagged a noun, 合肥市 a place)."""
    first = first_word(name)
    if first is None:
        return False
    word, flag = first
    if flag == "ns":
        return True
    as_city = list(tagged(word + "市"))
    return len(word) >= 2 and len(as_city) == 1 and as_city[0][1] == "ns"


def _mention(text: str, start: int, end: int, role: ClauseRole, lex: Lexicon) -> Mention:
    """A unit as written; a bracket after the name is a note on it (区社会事业局（牵头医疗医美板块）,
    各区人民政府（含开发区管委会，下同）), a bracket inside it is part of it (中福海峡（平潭）发展公司)."""
    groups = bracket_groups(text, start, end)
    cut = end
    for g_start, g_end, _ in reversed(groups):  # the brackets that close the item
        if text[g_end:cut].strip() or _names_an_alternative(text[g_start + 1 : g_end - 1], lex):
            break
        cut = g_start
    note, later = None, False
    for g_start, g_end, _ in groups:
        if g_start < cut:
            continue
        inner = text[g_start + 1 : g_end].rstrip(CLOSE).strip()
        later = later or "下同" in inner
        note = re.sub(r"[，,；;]?\s*下同\s*$", "", inner).strip() or None
    surface_end = _strip(text, start, cut)[1]
    starred = text[start:surface_end].rstrip().endswith(tuple(lex.lead_marks))
    while surface_end > start and text[surface_end - 1] in lex.lead_marks + " ":
        surface_end -= 1  # "市经信委*": the asterisk marks the lead, it is no part of the name
    name = text[start:surface_end].strip()
    if note and _LEAD_NOTE.match(note):  # "市发改委（牵头）": the note names the lead
        role, note = Role.LEAD, None
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
        starred=starred,
    )


#: a note after a unit that says it leads: "市发改委（牵头）", "（牵头单位）", "〔总牵头〕"
_LEAD_NOTE = re.compile(r"^(?:总)?牵头(?:单位|部门)?$|^主办(?:单位)?$")


def _names_an_alternative(inner: str, lex: Lexicon) -> bool:
    """"各镇政府(街道办事处)", "镇(街)": a bracket naming another body (or level) of the same rank
    is part of the name, not a note on it (notes say 含…, 牵头…, 下同)."""
    inner = inner.strip()
    if not inner or inner.startswith(("含", "包括", "不含", "牵头", "负责", "配合")) or any(c in inner for c in "，,；;"):
        return False
    return inner in lex.place_suffixes or (len(inner) >= 3 and inner.endswith(lex.unit_suffixes))


def _expand_shared_suffix(mentions: list[Mention], lex: Lexicon) -> None:
    """``东湖高新区、武汉经开区管委会`` names two committees: a place shares the suffix of the
    first name after it that is a place with that suffix (``银川市、吴忠市人民政府、宁东管委会``:
    银川市人民政府, not 银川市管委会)."""
    for i, m in enumerate(mentions):
        if not m.name.endswith(lex.place_suffixes) or m.name.endswith(lex.shared_suffixes):
            continue
        for later in mentions[i + 1 :]:
            suffix = next((s for s in lex.shared_suffixes if later.name.endswith(s)), None)
            if suffix is None:
                continue
            if later.name[: -len(suffix)].endswith(lex.place_suffixes):
                m.name += suffix
            break


# --------------------------------------------------------------------------- document-wide readers
#: a header cell of a table flattened one cell per line: short, no sentence punctuation
_HEADER_CELL = re.compile(r"^[\u4e00-\u9fff（）()、/ ]{2,12}$")


def cell_line_clauses(text: str, lex: Lexicon) -> list[Clause]:
    """Tables flattened one cell per line (a header row of cells, then each row's cells, blank
    lines between): after a header that names a task column and unit columns (牵头单位 / 配合单位
    / 责任单位 …), a line that holds nothing but units is a cell of the next unit column, read
    by its header's role. Cells of one row stand together and close the row's text above them.
    A record table (a lone label cell, then its value's cell) is read the same way. A signature
    (a body, then a date) ends the table."""
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    clauses: list[Clause] = []
    columns: list[ClauseRole | None] = []  # the roles of the unit columns of the current table
    header: list[str] = []
    column = 0
    for index, (offset, line) in enumerate(lines):
        cell = line.strip()
        if _HEADER_CELL.match(cell) and (lex.label_role(cell) is not None or not _is_unit_line(text, offset, line, lex)):
            header = [*header[1 - HEADER_CELLS :], cell]  # a header row is short: keep its last cells
            if len(header) >= 3 and (found := _unit_columns(header, lex)):
                columns, column = found, 0
            continue
        label, header = header, []
        if len(label) == 1 and (role := _label_cell_role(label[0], lex)):
            if read := _unit_cell(text, offset, line, role, lex):
                clauses.append(read)
                continue
        if not columns:
            continue
        if index + 1 < len(lines) and _DATE_LINE.match(lines[index + 1][1]):
            columns = []  # "某区人民政府办公室 / 2024年3月1日": the table is over
            continue
        if not _is_unit_line(text, offset, line, lex):
            column = 0
            continue
        role = columns[column] if column < len(columns) else None
        column += 1
        if role is not None and (read := _unit_cell(text, offset, line, role, lex)):
            clauses.append(read)
    return clauses


#: the most cells a table's header row has
HEADER_CELLS = 12
#: the date under a signature: 2024年3月1日, 二○一一年三月十七日
_DATE_LINE = re.compile(r"^\s*[\d〇○零一二三四五六七八九]{4}\s*年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日\s*$")


def _label_cell_role(label: str, lex: Lexicon) -> ClauseRole | None:
    """The role of a lone label cell of a record table ("责任单位"), or None."""
    return lex.label_role(label.replace(" ", "")) if label.endswith(lex.label_heads) else None


def _unit_cell(text: str, offset: int, line: str, role: ClauseRole, lex: Lexicon) -> Clause | None:
    """A cell that holds nothing but units, read with its column's role."""
    if not _is_unit_line(text, offset, line, lex):
        return None
    start = offset + len(line) - len(line.lstrip())
    read = read_clause(text, start, offset + len(line.rstrip()), lex, label_role=role, separators=SEPARATORS + " \u3000")
    if read:
        read.style = "cells"
    return read


def _unit_columns(header: list[str], lex: Lexicon) -> list[ClauseRole | None]:
    """The roles of a header's unit columns, in order (None for a column of people, dates …),
    if the header also names a task column; else an empty list."""
    if not any(any(w in c for w in lex.task_header_words) for c in header):
        return []
    roles = [lex.label_role(c.replace(" ", "")) for c in header if c.endswith(UNIT_WORDS)]
    return roles if any(roles) else []


def _is_unit_line(text: str, offset: int, line: str, lex: Lexicon) -> bool:
    """A line that names units and nothing else ("市经信局、市财政局等,各县、市、区政府")."""
    start = offset + len(line) - len(line.lstrip())
    end = offset + len(line.rstrip())
    if end - start > 80 or end <= start or any(ch in line for ch in "。：:"):
        return False
    parts = split_top(text, start, end, SEPARATORS + " \u3000")
    return bool(parts) and all(looks_like_units(text, s, e, lex) for s, e in parts)


_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
_AGENT_MARK = re.compile(r"[由请]")


def prose_clauses(
    text: str, start: int, end: int, lex: Lexicon, agents_first: bool = False, asks: bool = True
) -> list[Clause]:
    """Attributions written in running text, read from each comma-separated part of a sentence:
    "由X负责" and "X牵头，Y配合" (a role verb after a list of units, taken after the last 由),
    "请X会同Y…" (X leads, Y shares), "请X…" and "X要…" (the units named as the ones to act).
    With ``agents_first`` (text no numbered item frames), also "X、Y负责<the work>". ``asks``
    False leaves out 请X / X要 / X将会同Y: a document that attributes its tasks in brackets, fields
    or tables exhorts in prose without giving tasks ("各牵头单位要…", "X要会同有关单位…")."""
    clauses = []
    for sentence in _SENTENCE.finditer(text, start, end):
        if not lex._any_verb_re.search(text, sentence.start(), sentence.end()) and not _ASKED.search(
            text, sentence.start(), sentence.end()
        ):
            continue  # most sentences name no role at all
        clause = None
        for s, e in split_top(text, sentence.start(), sentence.end(), "，,"):
            read = _prose_part(text, s, e, lex, agents_first, asks)
            if read is None or not all(_plausible_agent(m.name, lex) for m in read.mentions):
                continue
            if clause is None:
                clause, clause.style = read, "prose"
            else:
                clause.mentions += read.mentions
        if clause and any(not m.collective for m in clause.mentions):  # "各部门要…" exhorts all
            # the sentence is the evidence: a person named in it ("由X副市长负责") is read and left
            clause.start, clause.end = sentence.start(), sentence.end()
            clauses.append(clause)
    return clauses


#: "请X…" asks X to act; "X要…" / "X将…" says X shall
_ASKED = re.compile(r"请|要|将会同")


def _prose_part(text: str, s: int, e: int, lex: Lexicon, agents_first: bool, asks: bool) -> Clause | None:
    """The units one part of a sentence gives a role, or None: each form of running text is
    tried in turn, the surest first."""
    asked = asks and text.startswith("请", s)
    if (agent := _last(_AGENT_MARK, text, s, e)) is not None:
        s = agent + 1  # 由X负责 / 请X…: the units come after the last 由 or 请
    if text.startswith("会同", s):
        return None
    if asks and (read := _joined_units(text, s, e, lex)):
        return read
    read = read_clause(text, s, e, lex)
    if read and any(st.startswith("verb:") for st in read.style.split("+")):
        return read
    if asked:
        return _asked_units(text, s, e, lex)
    if asks and (read := _shall_units(text, s, e, lex)):
        return read
    return _units_taking_charge(text, s, e, lex) if agents_first else None


def _joined_units(text: str, s: int, e: int, lex: Lexicon) -> Clause | None:
    """请X会同Y研究… / X将会同Y…: X leads, Y shares."""
    joined = text.find("会同", s, e)
    if joined <= s:
        return None
    lead_end = joined - 1 if text[joined - 1] in "将要应" else joined
    if not looks_like_units(text, s, lead_end, lex) or not _named_body(text[s:lead_end].split("、")[-1], lex):
        return None
    read = read_clause(text, s, lead_end, lex, label_role=PendingRole.RESPONSIBLE)
    partners = read_units(text, joined + 2, _until_verb(text, joined + 2, e, lex), Role.CO, lex)
    if read and all(_ends_like_body(m.name, 0, len(m.name), lex) for m in partners):
        read.mentions += partners
    return read


def _asked_units(text: str, s: int, e: int, lex: Lexicon) -> Clause | None:
    """请X、Y在…前…: the bodies the document asks to act lead."""
    units_end = _unit_list_end(text, s, e, lex)
    read = read_clause(text, s, units_end, lex, label_role=PendingRole.RESPONSIBLE) if units_end > s else None
    return read if read and all(_named_body(m.name, lex) or m.collective for m in read.mentions) else None


def _shall_units(text: str, s: int, e: int, lex: Lexicon) -> Clause | None:
    """X、Y要…: the bodies a prose-only document says shall act lead."""
    shall = text.find("要", s, e)
    if shall <= s or not looks_like_units(text, s, shall, lex):
        return None
    read = read_clause(text, s, shall, lex, label_role=PendingRole.RESPONSIBLE)
    return read if read and all(_named_body(m.name, lex) or m.collective for m in read.mentions) else None


def _units_taking_charge(text: str, s: int, e: int, lex: Lexicon) -> Clause | None:
    """X、Y负责本地区…: the units before 负责 take charge of the work after it."""
    verb = lex._charge_re.search(text, s, e)
    if verb is None or verb.start() <= s or not looks_like_units(text, s, verb.start(), lex):
        return None
    return read_clause(text, s, verb.end(), lex)


def _unit_list_end(text: str, start: int, end: int, lex: Lexicon) -> int:
    """Where a list of units that opens ``text[start:end]`` ends ("科技部、财政部等部门在…": after 财政部)."""
    at = start
    for s, e in split_top(text, start, end, "、"):
        stop = _until_verb(text, s, e, lex)
        if not looks_like_units(text, s, stop, lex):
            break
        at = stop
        if stop < e:
            break
    return at


_BARE_ROLE_NOUN = re.compile(r"^各?(?:(?:责任|牵头|配合|主办|协办|参与)(?:单位|部门)|(?:有关|相关|其他)?方面)$")


def _plausible_agent(name: str, lex: Lexicon) -> bool:
    """A name that running text gives a task to: a body, not a role noun (责任单位), a title (《…》)
    or words around one (经…同意, …要密切)."""
    return (
        2 <= len(name) <= 20
        and not any(ch in name for ch in "《》“”\"要")
        and not name.startswith(("经", "已", "并", "按", "对"))
        and not _BARE_ROLE_NOUN.match(name)
    )


def _last(pattern: re.Pattern, text: str, start: int, end: int) -> int | None:
    found = None
    for m in pattern.finditer(text, start, end):
        found = m.start()
    return found


def _until_verb(text: str, start: int, end: int, lex: Lexicon) -> int:
    """Where a list of bodies that opens ``text[start:end]`` ends: after the first name that ends
    like a body (科技部, 有关部门) and is not followed by more of the list ("财政部研究…": after 财政部)."""
    endings = lex.body_suffixes + lex.collective_marks
    for i in range(start + 2, end + 1):
        if text.endswith(endings, start, i) and (
            i == end or (text[i] not in "、和及与" and not text.endswith(endings, start, i + 1))  # 部 → 部门
        ):
            return i
    return end


def _named_body(name: str, lex: Lexicon) -> bool:
    """A name running text gives a task to: ends like a body and does not open with an adverb,
    a verb or a preposition (认真组织 / 根据省政府 / 全面落实… are no bodies)."""
    if len(name) < 3 or not name.endswith(lex.body_suffixes):
        return False
    flag = _first_word_flag(name)
    return flag != "ad" and flag[:1] not in ("v", "d", "p", "c")


@lru_cache(maxsize=8192)
def _first_word_flag(name: str) -> str:
    first = first_word(name)
    return first[1] if first is not None else ""
