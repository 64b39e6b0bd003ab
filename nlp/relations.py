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
from dataclasses import dataclass

from innokg.nlp.clauses import Spans
from innokg.nlp.entities import EntityMention, industry_words
from innokg.nlp.script import text_of
from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)

BUILD_BEFORE = re.compile(
    r"建设|建成|建强|打造|布局|创建|新建|组建|共建|设立|推进|推动|加快|深化|引进|培育|做实|做强"
)
BUILD_AFTER = re.compile(r"^(加快)?(建设|建成|实体化运行|实体运行)")
SERVE_AFTER = re.compile(r"助力|带动|支撑|服务于|服务|赋能")  # platforms before, industries after
SERVE_AROUND = re.compile(r"围绕|聚焦|面向")  # industries after, then the platforms


@dataclass
class RelationMention:
    type: str  # MENTIONS, BUILDS, SERVES, SETS
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
        self.industry_words = sorted(industries, key=len, reverse=True)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        tasks = doc._.structure.tasks
        in_clause = Spans((c.start, c.end) for cs in (doc._.clauses or {}).values() for c in cs)
        entities = sorted((e for e in doc._.entities or [] if not in_clause.holds(e.start)), key=lambda e: e.start)
        targets = sorted(doc._.targets or [], key=lambda t: t.at)
        entity_starts, target_starts = [e.start for e in entities], [t.at for t in targets]
        relations: list[RelationMention] = []
        for task in tasks:  # each task's entities and targets found by bisection: linear overall
            inside = entities[bisect.bisect_left(entity_starts, task.start) : bisect.bisect_left(entity_starts, task.end)]
            for entity in inside:
                s, e = _sentence(text, entity.start, task.start, task.end)
                relations.append(RelationMention("MENTIONS", task.id, entity, s, e))
                if entity.type == "Platform" and _built(text, entity, s):
                    relations.append(RelationMention("BUILDS", task.id, entity, s, e))
            for target in targets[bisect.bisect_left(target_starts, task.start) : bisect.bisect_left(target_starts, task.end)]:
                relations.append(RelationMention("SETS", task.id, target, target.start, target.end))
        relations.extend(self._serves(text, entities))
        doc._.relations = relations
        return doc

    def _serves(self, text: str, entities: list[EntityMention]) -> list[RelationMention]:
        found: dict[tuple[str, str], RelationMention] = {}
        platforms = [e for e in entities if e.type == "Platform"]
        industries = sorted((e for e in entities if e.type == "Industry"), key=lambda e: e.start)
        industry_starts = [i.start for i in industries]
        for platform in platforms:
            s, e = _sentence(text, platform.start, 0, len(text))
            for industry in industries[bisect.bisect_left(industry_starts, s) : bisect.bisect_left(industry_starts, e)]:
                if _serves_in_sentence(text, platform, industry, s):
                    found.setdefault(
                        (platform.name, industry.name), RelationMention("SERVES", platform, industry, s, e)
                    )
            for word in self.industry_words:  # an industry in the platform's own name
                if word in platform.name:
                    named = EntityMention("Industry", word, platform.start, platform.end, "name")
                    found.setdefault(
                        (platform.name, word),
                        RelationMention("SERVES", platform, named, platform.start, platform.end),
                    )
                    break
        return list(found.values())


def _sentence(text: str, at: int, floor: int, ceiling: int) -> tuple[int, int]:
    start = max([text.rfind(ch, floor, at) for ch in "。；\n"] + [floor - 1]) + 1
    ends = [i for i in (text.find(ch, at, ceiling) for ch in "。；\n") if i >= 0]
    return start, (min(ends) + 1 if ends else ceiling)


def _built(text: str, platform: EntityMention, sentence_start: int) -> bool:
    clause_start = max(text.rfind(ch, sentence_start, platform.start) for ch in "，,；") + 1
    clause_start = max(clause_start, sentence_start)
    return bool(
        BUILD_BEFORE.search(text, clause_start, platform.start)
        or BUILD_AFTER.match(text[platform.end : platform.end + 8])
    )


def _serves_in_sentence(
    text: str, platform: EntityMention, industry: EntityMention, sentence_start: int
) -> bool:
    if platform.end <= industry.start:
        between = text[platform.end : industry.start]
        return bool(SERVE_AFTER.search(between))
    before_industry = text[sentence_start : industry.start]
    cue = max((m.end() for m in SERVE_AROUND.finditer(before_industry)), default=-1)
    return cue >= 0 and industry.end <= platform.start
