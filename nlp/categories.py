"""Category nouns: a kind of platform, fund or programme, not one named thing.

"打造一批中试平台(基地)", "新建工业互联网平台15个以上", "…等招商平台", "努力创建国家实验室": the
text speaks of a class (of which it builds many, or which it names after a list), not of one
entity. Such mentions are marked ``generic``: the record keeps them apart from the named
entities, and the graph gives them a node of their own document only, so that two plans that
each build "中试平台" are never joined through one shared node.

A mention is a category when
- its words before the head are only descriptors (高水平, 共性技术服务, 国家级 …) or nothing
  (国家实验室 on its own);
- or a count or plural marker stands right before it (7个, 一批, 若干, 各类, 等) or a count right
  after it (工业互联网平台15个), unless its name carries a proper part: a place the gazetteer
  knows (湖北实验室 is a brand of Hubei), a quoted name, Latin letters or digits;
- or another mention of the same name in the document is one (a class stays a class).
The words are data (``nlp/config.cfg``, [components.innokg_categories]).
"""

from __future__ import annotations

import re
from dataclasses import replace

from innokg.graph.model.names import any_word
from innokg.graph.model.resolve import default_resolver
from innokg.graph.model.vocab import EntityType
from innokg.nlp.entities import EntityMention
from innokg.nlp.script import text_of
from spacy.language import Language
from spacy.tokens import Doc

#: the entity types that have categories (a unit or an industry is named or not there at all)
KINDS = frozenset({EntityType.PLATFORM, EntityType.ENTERPRISE, EntityType.FUND, EntityType.TALENT_PROGRAM, EntityType.POLICY})
#: the types whose kind words say "category" on their own (高水平实验室); a programme is named by
#: what it does (卓越工程师培养计划) and is a category only where counted
DESCRIBED = frozenset({EntityType.PLATFORM, EntityType.FUND})
#: what makes a name proper on its face: quotes, a title's brackets, Latin letters or digits
_PROPER_MARK = re.compile(r"[“”\"《》A-Za-z0-9]")


@Language.factory("innokg_categories", requires=["doc._.entities"], assigns=["doc._.entities"])
def make_categories(
    nlp: Language,
    name: str,
    platform_heads: list[str],
    org_heads: list[str],
    program_heads: list[str],
    fund_heads: list[str],
    descriptors: str,
    plural_before: str,
    count_after: str,
) -> CategoryMarker:
    return CategoryMarker(
        tuple(sorted({*platform_heads, *org_heads, *program_heads, *fund_heads}, key=len, reverse=True)),
        re.compile(descriptors),
        re.compile(plural_before),
        re.compile(count_after),
    )


class CategoryMarker:
    def __init__(self, heads: tuple[str, ...], descriptors: re.Pattern, plural_before: re.Pattern, count_after: re.Pattern) -> None:
        self.heads = heads
        self.descriptors = descriptors
        self.plural_before = plural_before
        self.count_after = count_after
        # the places the gazetteer knows, as one trie-shaped pattern: a name is tried against
        # thousands of them
        self.places = re.compile(
            any_word(name for name, entry in default_resolver().names().items() if entry.type == EntityType.PLACE and len(name) >= 2)
        )

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        mentions = doc._.entities or []
        classes = {m.name for m in mentions if m.type in KINDS and self.is_category(m, text)}
        doc._.entities = [replace(m, generic=True) if m.type in KINDS and m.name in classes else m for m in mentions]
        return doc

    def is_category(self, mention: EntityMention, text: str) -> bool:
        if self.proper(mention.name):
            return False
        described = mention.type in DESCRIBED and self.descriptors.fullmatch(self.stem(mention.name))
        # a coordinated item's span holds its own words only: "A、B两个中心" counts the list, not B
        whole = text[mention.start : mention.end] == mention.name
        counted = whole and bool(
            self.plural_before.search(text, max(0, mention.start - 10), mention.start)
            or self.count_after.match(text, mention.end)
        )
        return bool(described or counted)

    def stem(self, name: str) -> str:
        """The words before the head (高能级创新平台 → 高能级创新)."""
        head = next((h for h in self.heads if name.endswith(h)), "")
        return name[: len(name) - len(head)]

    def proper(self, name: str) -> bool:
        """Whether the name carries a proper part: a known place, a quoted name, Latin letters or digits."""
        return bool(_PROPER_MARK.search(name) or self.places.search(name))
