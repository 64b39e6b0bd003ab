"""Relations between a task and what it names, and between platforms and industries.

- MENTIONS: a task names an entity (outside its attribution clause).
- BUILDS: a task builds a platform: 建设/打造/布局/创建… before it in the clause, or
  "…示范区建设" after it.
- SERVES: a platform serves an industry: "发挥P1、P2…作用，助力I1、I2等产业做大做强" (platforms
  before 助力/带动/支撑/服务, industries after), "围绕I1、I2…产业领域，布局建设P" (industries
  after 围绕/聚焦/面向, platforms after them), or an industry word inside the platform's
  own name (国家信息光电子创新中心 → 光电子).
- SETS: a task sets a quantitative target.

Every relation keeps the span of the sentence (or name) it was read from.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from innokg.graph.model.vocab import EntityType, RelType
from innokg.graph.model.spans import QUOTE_LIMIT, Marks, Spans, quoted
from innokg.nlp.entities import EntityMention, industry_words
from innokg.nlp.script import text_of
from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)

BUILD_BEFORE = re.compile(
    r"建设|建成|建强|打造|布局|创建|新建|组建|共建|设立|推进|推动|加快|深化|引进|培育|做实|做强|发展|搭建|建立|形成|完善"
)
BUILD_AFTER = re.compile(r"^(加快)?(建设|建成|实体化运行|实体运行)")
SERVE_AFTER = re.compile(r"助力|带动|支撑|服务于|赋能")  # platforms before, industries after
# a purpose clause after a platform is built: "建设P，促进/提高I…" (the fields it is built for)
PURPOSE = re.compile(r"[，,](?:[^，,。；;]{0,12}?)(促进|提高|提升|推动|推进|加快|助推)")
SCOPE = re.compile(r"围绕|聚焦|面向|在(?=[^，,。；;]{2,60}?(领域|方向|行业))")  # a scope clause opens
MEANS = re.compile(r"依托|利用|借助|通过")  # a platform after these is a means, not what the scope builds
SECTOR_ENDS = ("产业", "经济", "行业", "业")
PLUS = re.compile(r"[”\"]?\s*[+＋]")
SENTENCE_END = re.compile(r"[。；;\n]")
#: characters of every platform's name that say nothing about the field it serves
PLATFORM_WORDS = frozenset("国家省市区产业创新中心技术基地平台实验室研究院与和及")


@dataclass
class RelationMention:
    type: RelType  # MENTIONS, BUILDS, SERVES, SETS
    source: str | EntityMention  # a task id, or the platform for SERVES
    target: object  # an EntityMention or a TargetMention
    start: int
    end: int


@Language.factory(
    "innokg_relations",
    requires=["doc._.structure", "doc._.entities", "doc._.targets", "doc._.clauses"],
    assigns=["doc._.relations"],
)
def make_relations(nlp: Language, name: str) -> RelationFinder:
    return RelationFinder(industry_words())


class RelationFinder:
    def __init__(self, industries: dict[str, str]) -> None:
        self.fields = Within(industries)  # the field words a platform's name may hold

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        marked = _MarkedText(text)
        tasks = doc._.structure.tasks
        in_clause = Spans((c.start, c.end) for cs in (doc._.clauses or {}).values() for c in cs)
        entities = sorted((e for e in doc._.entities or [] if not in_clause.holds(e.start)), key=lambda e: e.start)
        targets = sorted(doc._.targets or [], key=lambda t: t.at)
        entity_starts, target_starts = [e.start for e in entities], [t.at for t in targets]
        relations: list[RelationMention] = []
        for task in tasks:  # each task's entities and targets found by bisection: linear overall
            inside = entities[bisect.bisect_left(entity_starts, task.start) : bisect.bisect_left(entity_starts, task.end)]
            for entity in inside:
                s, e = marked.sentence(entity.start, task.start, task.end)
                quote = quoted(s, e, (entity.start, entity.end))  # a sentence may name thousands
                relations.append(RelationMention(RelType.MENTIONS, task.id, entity, *quote))
                if entity.type == EntityType.PLATFORM and marked.built(entity, s):
                    relations.append(RelationMention(RelType.BUILDS, task.id, entity, *quote))
            for target in targets[bisect.bisect_left(target_starts, task.start) : bisect.bisect_left(target_starts, task.end)]:
                relations.append(RelationMention(RelType.SETS, task.id, target, target.start, target.end))
        relations.extend(self._serves(marked, entities, tasks, doc._.structure.sections))
        doc._.relations = relations
        return doc

    def _serves(self, marked: _MarkedText, entities: list[EntityMention], tasks, sections) -> list[RelationMention]:
        """Platform → industry links, each from what the text says (see the module's docstring)."""
        text = marked.text
        found: dict[tuple[str, str], RelationMention] = {}

        def link(platform: EntityMention, industry: EntityMention, start: int, end: int) -> None:
            found.setdefault((platform.name, industry.name), RelationMention(RelType.SERVES, platform, industry, *_quote(platform, industry, start, end)))

        # "…、重点实验室等科技创新平台": the kind after 等 names a list of platforms; its items take the links
        ends = {e.end for e in entities if e.type == EntityType.PLATFORM}
        platforms = ByStart(e for e in entities if e.type == EntityType.PLATFORM and not (text.endswith("等", 0, e.start) and e.start - 1 in ends))
        industries = ByStart(e for e in entities if e.type == EntityType.INDUSTRY)
        for platform in (p for p in platforms if text.endswith("等", 0, p.start)):
            # "建设精准耕作、智慧养殖等数字农业示范基地": the fields listed are the kinds of the platform
            s = marked.clause_ends.last_before(platform.start) + 1
            for industry in (i for i in industries.within(s, platform.start) if i.end < platform.start):
                link(platform, industry, s, platform.end)
        for s, e in _sentences(text):
            in_p, in_i = ByStart(platforms.within(s, e)), ByStart(industries.within(s, e))
            if not in_p:
                continue
            pairs = [*_verb_pairs(text, s, e, in_p, in_i), *_scope_pairs(marked, s, e, in_p, in_i), *_purpose_pairs(marked, s, e, in_p, in_i)]
            for platform, industry in pairs:
                link(platform, industry, s, e)
        sections = {h.id: h for h in sections}
        for task in tasks:
            field = self._heading_field(text, task, industries, platforms)
            parent = sections.get(task.parent_id)
            while field is None and parent is not None:  # "（一）“互联网+”高技术产业" over its items
                field = self._heading_field(text, parent, industries, platforms)
                parent = sections.get(parent.parent_id)
            if field is None:
                continue
            body = task.start + len(task.heading or "")
            for platform in (p for p in platforms.within(body, task.end) if field.name not in p.name):
                s, e = marked.sentence(platform.start, task.start, task.end)
                if marked.built(platform, s):
                    link(platform, field, s, e)
        # an industry in the platform's own name: a field word, or a field the document names elsewhere
        # longest first, ties by the name: a set iterates in an order that changes from run to run
        written = Within(i.name for i in industries if len(i.name) >= 3)
        for platform in platforms:
            word = written.longest(platform.name) or self.fields.longest(platform.name)
            if word:
                link(platform, EntityMention(EntityType.INDUSTRY, word, platform.start, platform.end, "name"), platform.start, platform.end)
        return list(found.values())

    def _heading_field(self, text: str, task, industries: ByStart, platforms: ByStart) -> EntityMention | None:
        """The one industry a heading names ("突破性发展数字经济", "打造全国人工智能试验区标杆"), if one."""
        start, end = task.start, task.start + len(task.heading or "")
        # "“互联网+”现代农业": a field written with + is the plan's label for all of them, not this one's
        named = {i.name: i for i in industries.within(start, end) if not PLUS.match(text, i.end)}
        for platform in platforms.within(start, end):
            word = self.fields.longest(platform.name)
            if word:
                named.setdefault(word, EntityMention(EntityType.INDUSTRY, word, platform.start, platform.end, "name"))
        return next(iter(named.values())) if len(named) == 1 else None


class Within:
    """Which of some words a short text (a name) holds: the longest, ties by the word. The name's
    pieces of each length the words have are looked up — a scan of every word for every name
    would be quadratic in a document naming thousands of fields and platforms.

    >>> Within(["汽车", "网联汽车", "智能网联", "医药"]).longest("智能网联汽车创新中心")
    '智能网联'
    >>> Within(["医药"]).longest("智能网联汽车创新中心") is None
    True
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = {word for word in words if word}
        self.lengths = sorted({len(word) for word in self.words}, reverse=True)

    def longest(self, name: str) -> str | None:
        for n in self.lengths:
            found = [name[i : i + n] for i in range(len(name) - n + 1) if name[i : i + n] in self.words]
            if found:
                return min(found)
        return None


class ByStart(list[EntityMention]):
    """Mentions in the order they start, found by where they start in time logarithmic in their
    number (a document of 4 million characters has tens of thousands)."""

    def __init__(self, mentions: Iterable[EntityMention]) -> None:
        super().__init__(sorted(mentions, key=lambda m: m.start))
        self.starts = [m.start for m in self]

    def within(self, start: int, end: int) -> list[EntityMention]:
        """The mentions that start in [start, end)."""
        return self[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]


def _quote(platform: EntityMention, industry: EntityMention, start: int, end: int) -> tuple[int, int]:
    """What a link quotes: the words from ``start`` to ``end`` (its sentence, which holds the
    platform); in a long sentence, the words around the two, or around the platform where the
    industry is far from it or not in the sentence (a heading names it)."""
    both = min(platform.start, industry.start), max(platform.end, industry.end)
    if start <= both[0] and both[1] <= end and both[1] - both[0] <= QUOTE_LIMIT:
        return quoted(start, end, both)
    return quoted(start, end, (platform.start, platform.end))


def _sentences(text: str):
    """(start, end) of each sentence: up to 。；; or a line break."""
    start = 0
    for m in SENTENCE_END.finditer(text):
        yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def _verb_pairs(text: str, s: int, e: int, platforms: ByStart, industries: ByStart):
    """"发挥P1、P2、P3的作用，助力I1、I2、I3": the platforms before a serving verb, the industries
    after it (up to the next one), paired one to one where both are lists."""
    verbs = list(SERVE_AFTER.finditer(text, s, e))
    for k, verb in enumerate(verbs):
        floor = verbs[k - 1].end() if k else s
        ceiling = verbs[k + 1].start() if k + 1 < len(verbs) else e
        before = [p for p in platforms.within(floor, verb.start()) if p.end <= verb.start()]
        after = industries.within(verb.end(), ceiling)
        yield from _paired(before, after)


def _purpose_pairs(marked: _MarkedText, s: int, e: int, platforms: ByStart, industries: ByStart):
    """"推进P1、P2建设，…，促进I发展": platforms built before the sentence's first purpose clause, the
    fields from there to the sentence's end (what they are built for); paired as a serving verb pairs them."""
    text = marked.text
    purpose = PURPOSE.search(text, s, e)
    if purpose:  # the first purpose clause opens what the rest of the sentence is for
        built = [p for p in platforms if p.end <= purpose.start() and marked.built(p, s)]
        ceiling = marked.clause_end(purpose.end(), e)
        # beyond the purpose clause, only what the text names as a sector (…健康服务产业快速发展), not a
        # technology used on the way (基于…大数据)
        fields = [
            i for i in industries
            if purpose.end() <= i.start < ceiling or (ceiling <= i.start < e and i.name.endswith(SECTOR_ENDS))
        ]
        if built and fields:
            yield from _paired(built, fields)


def _scope_pairs(marked: _MarkedText, s: int, e: int, platforms: ByStart, industries: ByStart):
    """"围绕I1、I2等产业领域，布局建设P" / "在I1、I2等领域…创建P": the fields of the scope clause
    go to the platforms built in the clauses after it, up to the first that builds one (a scope
    introduces one platform; one used as a means, 依托P, is not it)."""
    text = marked.text
    first_built: dict[int, list[EntityMention]] = {}  # from a clause's start: what the first clause that builds one builds

    def built_from(at: int) -> list[EntityMention]:
        walked = []  # scopes one after another walk the same clauses: each is walked once
        built: list[EntityMention] = []
        while at < e and not built:
            if at in first_built:  # walked from an earlier scope
                built = first_built[at]
                break
            walked.append(at)
            clause_end = marked.clause_end(at + 1, e)
            built = [p for p in platforms.within(at, clause_end) if marked.built(p, at) and not MEANS.search(text, at, p.start)]
            at = clause_end
        for start in walked:
            first_built[start] = built
        return built

    for cue in SCOPE.finditer(text, s, e):
        scope_end = marked.clause_end(cue.end(), e)
        fields = industries.within(cue.end(), scope_end)
        if fields:
            yield from ((p, i) for p in built_from(scope_end) for i in fields)


def _paired(platforms: list[EntityMention], industries: list[EntityMention]):
    """Every industry to the one platform, or the one industry to every platform; two lists are
    paired one to one: by the words they share (存储器 … 集成电路 share none, 信息光电子 … 光电信息 do),
    then what is left in order where as many of each are left."""
    if len(platforms) < 2 or len(industries) < 2:
        yield from ((p, i) for p in platforms for i in industries)
        return
    taken: dict[int, EntityMention] = {}
    left = []
    for industry in industries:
        scores = [_shared(p.name, industry.name) for p in platforms]
        best = max(scores)
        if best and scores.count(best) == 1:
            k = scores.index(best)
            taken.setdefault(k, industry)
            yield platforms[k], industry
        else:
            left.append(industry)
    free = [p for k, p in enumerate(platforms) if k not in taken]
    if len(free) == len(left):
        yield from zip(free, left)


def _shared(platform: str, industry: str) -> int:
    """Two-character runs an industry's name shares with a platform's (信息光电子 and 光电信息 share
    光电 and 信息), the words every platform has left out."""
    return len({b for b in _bigrams(industry) & _bigrams(platform) if not set(b) <= PLATFORM_WORDS})


def _bigrams(name: str) -> set[str]:
    return {name[k : k + 2] for k in range(len(name) - 1)}


class _MarkedText:
    """A document's text with its sentence and clause marks found once: the sentence or clause
    around a mention by bisection (a search for each mark from each of thousands of platforms
    runs to the mark, or through the whole task for a mark it lacks)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence_marks = Marks(text, "。；;\n")
        self.clause_marks = Marks(text, "，,；")
        self.commas = Marks(text, "，,")
        self.clause_ends = Marks(text, "，,；;。\n")  # what ends a clause: its marks and its sentence's
        self._first_build: dict[tuple[int, int], re.Match[str] | None] = {}  # a clause's first build word, by its span

    def sentence(self, at: int, floor: int, ceiling: int) -> tuple[int, int]:
        """The sentence around ``at``, within [floor, ceiling) (its task), its end mark in it."""
        start = max(self.sentence_marks.last_before(at), floor - 1) + 1
        end = self.sentence_marks.first_from(at)
        return start, (end + 1 if end is not None and end < ceiling else ceiling)

    def clause_end(self, at: int, ceiling: int) -> int:
        """Where the clause from ``at`` ends: its comma, or ``ceiling``."""
        comma = self.commas.first_from(at)
        return comma if comma is not None and comma < ceiling else ceiling

    def built(self, platform: EntityMention, sentence_start: int) -> bool:
        """Whether the platform's clause says it is built (建设…, …建成)."""
        mark = self.clause_marks.last_before(platform.start)
        clause_start = mark + 1 if mark >= sentence_start else sentence_start
        return self._build_word_before(clause_start, platform.start) or bool(
            BUILD_AFTER.match(self.text[platform.end : platform.end + 8])
        )

    def _build_word_before(self, clause_start: int, at: int) -> bool:
        """Whether a build word stands in the clause before ``at``. The clause's first is found
        once for all the platforms in it: a clause may list thousands."""
        stop = self.clause_ends.first_from(at)
        span = clause_start, len(self.text) if stop is None else stop
        if span not in self._first_build:
            self._first_build[span] = BUILD_BEFORE.search(self.text, *span)
        first = self._first_build[span]
        if first is None or first.start() >= at:
            return False
        return first.end() <= at or BUILD_BEFORE.search(self.text, clause_start, at) is not None  # a word across ``at``
