"""Leads assigned in one closing sentence: "区交建局负责牵头抓好城市公用设施工程、公路水路工程；
区经发局牵头负责抓好水利工程…" names, for groups of sections, who leads each. Every item of
such a sentence is matched to the one numbered heading whose title holds it ("水利工程" →
"二、加快水利建设"), and that heading — when it carries no attribution of its own — is led by
the units before the verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from innokg.graph.model import Heading, ParsedDocument, Role
from innokg.nlp.attribution import AttributionFinder, TaskAttribution
from innokg.nlp.clauses import Clause, Lexicon, looks_like_units, read_units
from innokg.nlp.script import text_of
from spacy.language import Language
from spacy.tokens import Doc

#: "X负责牵头抓好A、B；": the units, the verb, the items (up to ；or 。)
SENTENCE = re.compile(
    r"(?P<units>[^，。；;：:\s]{2,60}?)(?:负责牵头|牵头负责|牵头)(?:抓好|推进|做好|落实|组织实施|实施|开展)(?P<items>[^；;。]{2,300})"
)
SENTENCE_END = re.compile("[。；;]")
ITEM_SPLIT = re.compile(r"[、，,]|以及|和|及")
GENERIC = re.compile(r"^(加快|推进|实施|开展|抓好|做好)|(工程|项目|工作|建设|行动|任务|等)+$")


@Language.factory("innokg_assignments", requires=["doc._.structure", "doc._.attributions"], assigns=["doc._.attributions"])
def make_assignments(nlp: Language, name: str) -> "Assignments":
    lexicon = cast(AttributionFinder, nlp.get_pipe("innokg_attribution")).lexicon  # spaCy types it as any component
    return Assignments(lexicon)


class Assignments:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        parsed: ParsedDocument = doc._.structure
        attributions: dict[str, TaskAttribution] = doc._.attributions or {}
        headings = [h for h in (*parsed.sections, *parsed.tasks) if h.id not in attributions]
        if len(headings) < 2:
            return doc
        text = text_of(doc)
        titles = Titles(headings)
        for m in _sentences(text):
            units_start, units_end = m.span("units")
            if not looks_like_units(text, units_start, units_end, self.lexicon):
                continue
            for item in ITEM_SPLIT.split(m.group("items")):
                heading = _heading_for(item, titles, m.start())
                if heading is None:
                    continue
                clause = Clause(start=m.start(), end=m.end(), style="assignment")
                clause.mentions = read_units(text, units_start, units_end, Role.LEAD, self.lexicon)
                result = attributions.setdefault(heading.id, TaskAttribution(clauses=[clause]))
                for mention in clause.mentions:  # the heading had no attribution: all it names is its leads
                    if mention.name not in result.named:
                        result.named.add(mention.name)
                        result.roles[Role.LEAD].append(mention)
                        result.clause_of[id(mention)] = 0
        doc._.attributions = attributions
        return doc


def _sentences(text: str) -> Iterator[re.Match[str]]:
    """The matches of :data:`SENTENCE`, as its ``finditer`` over the whole text gives them, looked
    for only in the sentences that say 牵头: no match crosses 。；; (neither its units nor its
    items hold one), and the pattern tried from every character of a long text is slow."""
    at = 0
    while (said := text.find("牵头", at)) >= 0:
        start = max(at, *(text.rfind(mark, at, said) + 1 for mark in "。；;"))
        # the nearest mark (a search for each would run to the end of the text for a mark it lacks)
        end = stop.start() if (stop := SENTENCE_END.search(text, said)) else len(text)
        yield from SENTENCE.finditer(text, start, end)
        at = end + 1


class Titles:
    """The headings' titles, and those holding some words: found among the titles holding the
    words' rarest two characters (a scan of every title for every item would be quadratic in a
    document of thousands of headings and sentences).

    >>> from innokg.ingest import parse_text
    >>> parsed = parse_text("方案\\n一、加快水利建设\\n1.建设水利设施。\\n二、城市公用设施工程\\n1.改造管网。\\n", "d")
    >>> titles = Titles([*parsed.sections, *parsed.tasks])
    >>> [h.title for h in titles.holding("水利")], [h.title for h in titles.holding("设施工程")]
    (['加快水利建设', '建设水利设施'], ['城市公用设施工程'])
    """

    def __init__(self, headings: list[Heading]) -> None:
        self.by_pair: dict[str, list[Heading]] = {}  # two characters -> the headings holding them, in order
        for heading in sorted(headings, key=lambda h: h.level):  # the top level first, each in order
            title = heading.title
            for pair in dict.fromkeys(title[i : i + 2] for i in range(len(title) - 1)):
                self.by_pair.setdefault(pair, []).append(heading)

    def holding(self, words: str) -> Iterator[Heading]:
        """The headings whose title holds ``words`` (two characters or more): the top level
        first, then in document order."""
        pairs = [words[i : i + 2] for i in range(len(words) - 1)]
        rarest = min(pairs, key=lambda pair: len(self.by_pair.get(pair, ())))
        return (h for h in self.by_pair.get(rarest, ()) if words in h.title)


def _heading_for(item: str, titles: Titles, said_at: int) -> Heading | None:
    """The one heading at the top level of those, outside the sentence's own, whose title holds
    the item's words (a second there, and it is none: looking further would not change that)."""
    core = GENERIC.sub("", GENERIC.sub("", item.strip()))
    if len(core) < 2:
        return None
    found: list[Heading] = []
    for heading in titles.holding(core):
        if heading.start <= said_at < heading.end:
            continue
        if found and heading.level > found[0].level:
            break
        found.append(heading)
        if len(found) == 2:
            return None
    return found[0] if found else None
