"""Named entities: gazetteer matches, head-word patterns, and the merge of all layers.

Three layers find candidates, each measurable on its own (``innokg eval --layer``):

- ``innokg_gazetteer``: every name and alias of the gazetteers in ``data/gazetteers`` and the
  industry words of ``data/industries/aliases.tsv``, matched in the text.
- ``innokg_entity_patterns``: names nobody listed, found by their head word (…国家重点实验室,
  …技术创新中心, …研究院, …示范区, …计划, …集团, 《…》 …) and a left boundary (a verb,
  a punctuation mark, 的); coordinated names that share a head ("智能设计与数控、数字建造两个
  国家技术创新中心") become one entity per item.
- the statistical ``ner`` component, trained on the corpus (``nlp/train_ner.py``).

``innokg_entities`` merges them: where candidates overlap, the longer wins, then the surer
layer (gazetteer, pattern, statistical).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from innokg.graph.model.names import any_word
from innokg.graph.model.resolve import Resolver, default_resolver, default_taxonomy
from innokg.graph.model.vocab import EntityType
from innokg.nlp import words as jieba_words
from innokg.nlp.places import place_names
from innokg.nlp.script import text_of
from innokg.nlp.tokenizer import char_span

for _name in ("entity_candidates", "entities", "unit_types"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

LAYER_RANK = {"attribution": 0, "gazetteer": 1, "pattern": 2, "statistical": 3}


class ListBefore:
    """A list of items (A、B、C) and what closes it (等领域, 等…平台), found in time linear in the
    text: the list pattern alone, tried at every place of a long enumeration that nothing closes,
    takes time quadratic in its length (a clause naming 4,000 units took seconds). The list is
    looked for only before each closing word, within :data:`WINDOW` characters."""

    #: the longest list looked for before a closing word (sixty items of a few characters)
    WINDOW = 400

    def __init__(self, items: str, closing: str) -> None:
        self.closing = re.compile(closing)
        self.whole = re.compile(items + closing)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The lists and their closing words, left to right, none overlapping (as ``re.finditer``
        of the whole pattern gives them, for lists shorter than :data:`WINDOW`)."""
        at = 0
        for close in self.closing.finditer(text):
            if close.start() < at:
                continue
            found = self.whole.search(text, max(at, close.start() - self.WINDOW), min(len(text), close.end() + 1))
            if found is not None and found.end() <= close.end() + 1:
                yield found
                at = found.end()


@dataclass
class EntityMention:
    type: EntityType
    name: str  # as written, or item + shared head for coordinated names
    start: int
    end: int
    layer: str
    generic: bool = False  # a category noun (中试平台, 国家重点实验室), not one named thing: nlp/categories.py


# --------------------------------------------------------------------------- gazetteer


def industry_words() -> dict[str, str]:
    """Industry word → its "965" industry name ('' when it fits none), from data/industries/aliases.tsv."""
    return default_taxonomy().words


@Language.factory("innokg_gazetteer", assigns=["doc._.entity_candidates"])
def make_gazetteer(nlp: Language, name: str, word_goes_on: str, body_ends: list[str]) -> GazetteerMatcher:
    return GazetteerMatcher(default_resolver(), industry_words(), frozenset(word_goes_on), tuple(body_ends))


class GazetteerMatcher:
    def __init__(
        self,
        resolver: Resolver,
        industries: dict[str, str],
        word_goes_on: frozenset[str] = frozenset(),
        body_ends: tuple[str, ...] = (),
    ) -> None:
        self.word_goes_on = word_goes_on  # characters that continue a field word into another word
        self.body_ends = body_ends  # what a body's name ends with: a field word before one is in its name
        self.types = {n: e.type for n, e in resolver.names().items()}
        for word in industries:
            self.types.setdefault(word, EntityType.INDUSTRY)
        # A place name glued to more name characters is part of a longer name (武汉光源), not the place.
        self.pattern = re.compile(any_word(self.types))

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        found = [
            EntityMention(self.types[m.group(0)], m.group(0), m.start(), m.end(), "gazetteer")
            for m in self.pattern.finditer(text)
            if not (self._inside_a_name(text, m.end()) if self.types[m.group(0)] == EntityType.INDUSTRY else _runs_on(text, m.end()))
        ]
        doc._.entity_candidates = [*(doc._.entity_candidates or []), *found]
        return doc

    def _inside_a_name(self, text: str, end: int) -> bool:
        """Whether a field word ending at ``end`` is part of a longer word or of a body's name
        (农业 in 区农业农村局, 渔业 in 海洋与渔业技术中心, 保险业 in 保险业务)."""
        if end < len(text) and text[end] in self.word_goes_on:
            return True
        run = ""
        for ch in text[end : end + 8]:
            if ch in _NAME_BREAK:
                break
            run += ch
            if run.endswith(self.body_ends) and not _runs_on(text, end + len(run)):
                return True  # 区农业农村局; not 农业机械化科技: 科 starts 科技
        return False


def _runs_on(text: str, end: int) -> bool:
    """Whether a name's last character begins a word with what follows it, in jieba's reading of
    the words around: 司法部 in 司法部门, 服务网 in 服务网络 are no ministry and no network (平台 in
    平台基本建立 ends its word)."""
    if end >= len(text) or not NAME_CHAR.match(text[end]):
        return False
    start = max(0, end - 4)
    return end - start not in _word_starts(text[start : end + 4])


_NAME_BREAK = frozenset("的和与及、，,。；;：:（）() \t\n\u3000“”")


# --------------------------------------------------------------------------- patterns

NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
COUNT_BEFORE = re.compile(
    r"(等)?([两二三四五六七八九十百千\d]+(个|家|大|所|批))?(新获批的|新建的|已建成的|已有的)?$"
)
PLACE_WORDS = re.compile(r"^(我区|我市|我省|本区|本市|全区|全市)|地区$")  # 我区平台, 台湾地区平台
NUMERAL = re.compile(r"[一二三四五六七八九十百两\d]+")  # “四平台”, “一中心”: a count of a plan's slogan, no name
_COUNT_WORDS = frozenset("个家大批项名所")
_NUMBER_WORDS = frozenset("两二三四五六七八九十百千")


def _counted(text: str, floor: int, i: int) -> bool:
    """Whether ``text[floor:i]`` ends on a count (三个, 10家, 两批): a numeral and a measure word.
    Asked at every character a name is walked over: two characters looked at, not a regex
    search of the whole window each time (``\\d`` is any decimal digit, as ``isdecimal``).

    >>> _counted("建设三个", 0, 4), _counted("建设个", 0, 3), _counted("１０家", 0, 3)
    (True, False, True)
    """
    if i - floor < 2 or text[i - 1] not in _COUNT_WORDS:
        return False
    number = text[i - 2]
    return number in _NUMBER_WORDS or number.isdecimal()


@dataclass(frozen=True)
class FieldWords:
    """What tells a field's name (数字经济, 集成电路产业) from the words around it; set in
    ``nlp/config.cfg`` and used by the pattern layer and, on the statistical layer's spans, the merge."""

    generic: re.Pattern  # 重点, 新兴 …: words that name no industry on their own
    not_before: re.Pattern  # 化, 园, 发展局 …: after these an industry head is part of a longer word or name
    not_ends: tuple[str, ...]  # 管理, 执法, 协会 …: a phrase ending so is a work area or a body, not a field
    bare: frozenset[str]  # 产品, 制品 …: nouns that name no field on their own
    governors: frozenset[str]  # 助力, 发展 …: words that govern a field when they stand before it
    heads: tuple[str, ...]  # 产业, 经济 …: what a field's name may end with

    def governed(self, stem: str) -> int:
        """How many leading characters of ``stem`` are words that govern the field after them: a
        leading run of verbs, adverbs, prepositions, numerals … (与实体经济, 协调解决), a governing
        word anywhere (调研挂钩), a later verb that has words after it (跟踪分析国内外 → 国内外; a verb
        ending the stem is the field's own: 船舶修造, 矿山采选), and the places in front of what is
        left (台湾互联网产业 → 互联网产业). jieba's tags tell which word is which."""
        words = _tagged(stem)
        cut, at, leading = 0, 0, True
        for i, (word, flag) in enumerate(words):
            at += len(word)
            verb = flag in _VERBS
            leading = leading and (verb or word in self.governors or flag in _LEADING)
            if leading or word in self.governors or (verb and i < len(words) - 1):
                cut = at
        closed = stem.rfind("”", 0, len(stem) - 1)
        cut = max(cut, closed + 1)  # “大三亚”旅游: a quoted name before the field is another name
        rest = stem[cut:]
        while (place := self.place_at(rest)) and len(rest) - len(place) >= 2:
            cut, rest = cut + len(place), rest[len(place) :]
        return cut

    def place_at(self, stem: str) -> str:
        """The longest division name ``stem`` starts with (九江, 北京市), a zone (高新区, 综合保税区)
        or a level standing as a word of its own (区水产 → 区), or ''."""
        zone = ZONE.match(stem)
        if zone:
            return zone.group(0)
        words = _tagged(stem)
        if words and words[0][0] in LEVEL_WORDS:
            return words[0][0]
        return next((stem[:k] for k in range(min(len(stem), 12), 1, -1) if stem[:k] in place_names()), "")

    def regional(self, stem: str) -> bool:
        """Whether ``stem`` names only places (九江经济, 河北阜城经济: an area's economy, not a field)."""
        while stem and (place := self.place_at(stem)):
            stem = stem[len(place) :]
        return not stem

    def names_a_field(self, stem: str) -> bool:
        """Not a generic word (重点, 新兴 …), nor a word in front of a group label (海洋战略性新兴
        产业 names a group of fields), nor a work area or a body (海岛管理, 行业协会)."""
        return not (
            self.generic.match(stem)
            or stem in self.bare
            or self.regional(stem)
            or any(self.generic.match(stem[k:]) for k in range(1, len(stem) - 1))
            or stem.endswith(self.not_ends)
        )

    def trimmed(self, text: str, start: int, end: int) -> tuple[int, str] | None:
        """A span a tagger called a field, without the words governing it (助力集成电路 → 集成电路)
        or an opening quote; ``None`` when what is left names no field."""
        start += self.governed(text[start:end])
        opened = text.rfind("“", start, end)
        start = opened + 1 if opened >= 0 else start
        name = re.sub("[“”\"]", "", text[start:end])
        head = next((h for h in self.heads if name.endswith(h)), "")
        stem = name[: len(name) - len(head)]
        cut = self.generic_prefix(stem)
        start, name, stem = start + cut, name[cut:], stem[cut:]
        return (start, name) if len(stem) >= 2 and self.names_a_field(stem) else None

    def generic_prefix(self, stem: str) -> int:
        """How many leading characters of ``stem`` are generic words (我区沿海经济, 国家高新技术产业),
        none where the whole stem is a field word (现代农业)."""
        if stem in industry_words():
            return 0
        return next((k for k in range(len(stem) - 2, 1, -1) if self.generic.match(stem[:k])), 0)


def no_platform(name: str, not_ends: tuple[str, ...], bare_heads: Iterable[str], fields: FieldWords) -> bool:
    """"互联网基础设施", "企业+合作社+基地", "我区平台": infrastructure, a plan's label, or a bare kind
    (平台) after a place only; the pattern layer and the tagger's spans ask alike."""
    if name.endswith(not_ends) or "+" in name or "＋" in name:
        return True
    bare = next((h for h in bare_heads if name.endswith(h)), None)
    if not bare:
        return False
    return fields.regional(PLACE_WORDS.sub("", name[: -len(bare)]))


def field_words(
    generic: str, not_before: str, not_ends: list[str], bare: str, governors: str, heads: list[str]
) -> FieldWords:
    heads_first = tuple(sorted(heads, key=len, reverse=True))
    return FieldWords(
        re.compile(generic), re.compile(not_before), tuple(not_ends), frozenset(bare.split()),
        frozenset(governors.split()), heads_first,
    )


class HeadKind(Enum):
    """What a head word of the patterns names. Not an entity type, though three kinds become the
    type of their name: a programme's head (…计划, …工程) names a TalentProgram or a Policy, which
    only the whole name tells (:meth:`EntityPatterns._mention`)."""

    PLATFORM = "platform"
    ENTERPRISE = "enterprise"
    PROGRAMME = "programme"
    FUND = "fund"


#: the entity type of a name each kind of head ends, where the kind alone tells it
HEAD_TYPES = {HeadKind.PLATFORM: EntityType.PLATFORM, HeadKind.ENTERPRISE: EntityType.ENTERPRISE, HeadKind.FUND: EntityType.FUND}


@dataclass(frozen=True)
class HeadLexicon:
    """The words of the patterns; set in ``nlp/config.cfg`` ([components.innokg_entity_patterns])."""

    platform_heads: tuple[str, ...]
    org_heads: tuple[str, ...]
    program_heads: tuple[str, ...]
    fund_heads: tuple[str, ...]
    self_named: frozenset[str]  # heads that are names on their own ("7个湖北实验室")
    class_heads: frozenset[str]  # classes of platform a plan builds many of (中试平台(基地))
    talent_words: tuple[str, ...]  # a 计划/工程 with one of these is a talent programme
    stop_before: Stops  # verbs and adverbs a name never starts after
    org_stop_before: Stops  # what a company's name never starts after (将, 与 …)
    talent_only_heads: frozenset[str]  # 工程, 行动, 项目: a named programme only when it is for people
    industry_heads: tuple[str, ...]  # 产业链, 产业, 行业, 经济: what a named industry ends with
    fields: FieldWords  # what a field's name may start, end and be followed by
    bare_heads: frozenset[str]  # 平台, 基地 …: heads that name only a kind ("抖音、拼多多等平台")
    not_platform_ends: tuple[str, ...]  # 基础设施, 配套设施: infrastructure, not a platform
    joined_ends: tuple[str, ...]  # heads and system words (机制, 体系) that end another thing before 和/与/及
    generic: re.Pattern  # modifiers that make a name generic when nothing else is in front of the head
    max_name: int = 30


@Language.factory("innokg_entity_patterns", assigns=["doc._.entity_candidates"])
def make_entity_patterns(
    nlp: Language,
    name: str,
    platform_heads: list[str],
    org_heads: list[str],
    program_heads: list[str],
    fund_heads: list[str],
    self_named: list[str],
    class_heads: list[str],
    talent_words: list[str],
    stop_before: str,
    org_stop_before: str,
    talent_only_heads: list[str],
    industry_heads: list[str],
    industry_generic: str,
    industry_not_before: str,
    not_field_ends: list[str],
    bare_nouns: str,
    field_governors: str,
    bare_heads: list[str],
    not_platform_ends: list[str],
    joined_ends: list[str],
    generic: str,
    max_name: int,
) -> EntityPatterns:
    lexicon = HeadLexicon(
        platform_heads=tuple(platform_heads),
        org_heads=tuple(org_heads),
        program_heads=tuple(program_heads),
        fund_heads=tuple(fund_heads),
        self_named=frozenset(self_named),
        class_heads=frozenset(class_heads),
        talent_words=tuple(talent_words),
        stop_before=Stops.of(stop_before.split()),
        org_stop_before=Stops.of(org_stop_before.split()),
        talent_only_heads=frozenset(talent_only_heads),
        industry_heads=tuple(industry_heads),
        fields=field_words(industry_generic, industry_not_before, not_field_ends, bare_nouns, field_governors, industry_heads),
        bare_heads=frozenset(bare_heads),
        not_platform_ends=tuple(not_platform_ends),
        joined_ends=tuple({*platform_heads, *joined_ends}),
        generic=re.compile(generic),
        max_name=max_name,
    )
    return EntityPatterns(lexicon)


class EntityPatterns:
    def __init__(self, lexicon: HeadLexicon) -> None:
        self.lex = lexicon
        heads = [(h, HeadKind.PLATFORM) for h in lexicon.platform_heads] + [
            (h, HeadKind.ENTERPRISE) for h in lexicon.org_heads
        ]
        heads += [(h, HeadKind.PROGRAMME) for h in lexicon.program_heads] + [(h, HeadKind.FUND) for h in lexicon.fund_heads]
        self.head_kind = dict(heads)  # a word in two lists is of the last: a fund's head over a programme's
        self.heads = re.compile(any_word(self.head_kind))
        self.policy = re.compile(r"《([^《》\n]{2,60})》(\s*[（(][^（）()\n]{0,20}〔\d{4}〕\d+号[）)])?")
        self.industry = re.compile(any_word(lexicon.industry_heads))
        # "海洋工程装备、海水资源利用、海洋可再生能源等领域": the items of a list of fields
        platform_heads = any_word(lexicon.platform_heads)
        self.listed_before_platform = ListBefore(
            r"((?:[\u4e00-\u9fff]{2,12}、)+[\u4e00-\u9fff]{2,12})", r"等[\u4e00-\u9fff]{0,10}?(?:" + platform_heads + ")"
        )
        self.fields = ListBefore(
            r"((?:[\u4e00-\u9fffA-Za-z0-9]{2,12}、)+[\u4e00-\u9fffA-Za-z0-9]{2,12})", r"等(?:[\u4e00-\u9fff]{0,8})?(?:领域|产业|行业)(?![园基区带集])"
        )

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        found: list[EntityMention] = []
        at = 0
        while m := self.heads.search(text, at):
            if _runs_on(text, m.end()):  # 科技园 in 科技园区: the head goes on; look again one further
                at = m.start() + 1
                continue
            named = self._named(text, m.start(), m.end(), m.group(0))
            found.extend(named)
            # nothing named by this head (产业园 in 共建产业园区): a longer head may start inside it
            at = m.end() if named else m.start() + 1
        for m in self.policy.finditer(text):
            found.append(EntityMention(EntityType.POLICY, "《" + m.group(1) + "》", m.start(), m.end(), "pattern"))
        found.extend(self._industries(text))
        doc._.entity_candidates = [*(doc._.entity_candidates or []), *found]
        return doc

    def _named(self, text: str, h_start: int, h_end: int, head: str) -> list[EntityMention]:
        before = COUNT_BEFORE.search(text, max(0, h_start - 12), h_start)
        count = before if before and before.group(0) else None  # 等, 三个, 新建的 … before the head: a list
        coordinated = count is not None
        items_end = count.start() if count is not None else h_start
        counted = count.group(1) if count is not None else None  # 三个: how many the list names
        verb_tail = self.head_kind[head] is HeadKind.PROGRAMME
        # a company's name holds verbs and nouns of every kind (区堤防工程建设有限公司): only a
        # preposition or a mark ends it
        stops = self.lex.org_stop_before if self.head_kind[head] is HeadKind.ENTERPRISE else self.lex.stop_before
        items = (
            _items_before(text, items_end, self.lex)
            if coordinated
            else [(_left_boundary(text, h_start, self.lex, verb_tail, stops), h_start)]
        )
        if not coordinated and text.startswith("”", h_end):  # “福建省…公共服务网”: the quotes bound the name
            opened = text.rfind("“", max(0, h_start - self.lex.max_name), h_start)
            if opened >= 0 and "”" not in text[opened:h_start]:
                items = [(opened + 1, h_start)]
        out = []
        for start, end in items:
            quoted = "”" in text[start:end] or text.startswith("”", h_end)
            if not coordinated and "”“" in text[start:end]:  # “知创中国”“知创福建”知识产权…平台: two names, then the kind
                opened = start - 1 if start and text[start - 1] == "“" else start
                for quoted_name in re.finditer("“([^“”]{2,20})”", text[opened:end]):
                    at = opened + quoted_name.start(1)
                    out.append(self._mention(quoted_name.group(1), at, at + len(quoted_name.group(1)), head, True))
                start = text.rfind("”", start, end) + 1
            name = re.sub('[“”"]', "", text[start:end])
            if coordinated:
                if not name:
                    continue
                if head in self.lex.bare_heads and counted and not name.endswith(self.lex.platform_heads):
                    if not any(re.sub('[“”"]', "", text[a:b]).endswith(self.lex.platform_heads) for a, b in items):
                        continue  # "抖音、拼多多等平台": the items are companies, 平台 only the kind
                    # "现代农业产业技术体系、科技创新联盟、协同创新中心等平台": listed with platforms, called 平台
                    out.append(self._mention(name, start, end, head, quoted))
                    continue
                full = name if name.endswith(self.lex.platform_heads) else name + head
                out.append(self._mention(full, start, end, head, quoted))
            elif name and len(name) + len(head) <= self.lex.max_name and not NUMERAL.fullmatch(name):
                # a name of descriptors only (共性技术服务平台) is kept: nlp/categories.py calls it a kind
                start, name = self._after_joint(text, start, name)
                if not no_platform(name + head, self.lex.not_platform_ends, self.lex.bare_heads, self.lex.fields):
                    out.append(self._mention(name + head, start, h_end, head, quoted))
            elif head in self.lex.class_heads:
                out.append(self._mention(name + head, start, h_end, head, quoted))
        if not out and head in self.lex.self_named:
            out.append(self._mention(head, h_start, h_end, head))
        return [m for m in out if m is not None]

    def _after_joint(self, text: str, start: int, name: str) -> tuple[int, str]:
        """"…智慧案管平台及大数据中心", "合作机制和人才技术交流平台": where the words before 和/与/及 end
        on a name's head or a system word, they are another thing; this name starts after the joint."""
        for joint in (m.start() for m in reversed(list(re.finditer("[和与及]", name)))):
            if name[:joint].endswith(self.lex.joined_ends):
                return start + joint + 1, name[joint + 1 :]
        return start, name

    def _industries(self, text: str) -> list[EntityMention]:
        """Named fields: "物流贸易产业链" → 物流贸易产业, "直播经济", and the items of a list of
        fields ("…、海洋工程装备、海水资源利用等领域")."""
        fields = self.lex.fields
        out = []
        for m in self.industry.finditer(text):
            if fields.not_before.match(text, m.end()):
                continue  # 产业化, 产业园, 经济发展局: the head belongs to a longer word or a name
            start = _left_boundary(text, m.start(), self.lex)
            start += fields.governed(text[start : m.start()])  # 制定产业链, 助力集成电路: a verb governs the field
            opened = text.rfind("“", start, m.start())
            start = opened + 1 if opened >= 0 else start  # 发展“小店经济”: the quote opens the name
            stem = text[start : m.start()]
            if m.group(0) == "产业链" and stem.endswith("全"):
                stem = stem[:-1]  # 农机装备全产业链: the whole chain of 农机装备
            joint = max(stem.rfind(c) for c in "和与及")
            whole = stem + ("产业" if m.group(0).startswith("产业") else m.group(0))
            if joint > 0 and whole not in industry_words():  # 金融业和环保服务业: two fields
                start, stem = start + joint + 1, stem[joint + 1 :]
            # 我区沿海经济: a generic word in front (我区, 全市, 重点 …) is no part of the field's name
            cut = fields.generic_prefix(stem)
            start, stem = start + cut, stem[cut:].replace("”", "")
            if 2 <= len(stem) <= 10 and fields.names_a_field(stem) and well_formed(stem):
                head = "产业" if m.group(0).startswith("产业") else m.group(0)
                out.append(EntityMention(EntityType.INDUSTRY, stem + head, start, m.end(), "pattern"))
        for m in (*self.fields.finditer(text), *self._kinds_of_platforms(text)):
            if fields.not_before.match(text, m.end()):
                continue  # 资金、土地、人才等产业发展要素: what industry needs, not fields
            first_end = m.start(1) + len(m.group(1).split("、")[0])
            first_start = _left_boundary(text, first_end, self.lex)
            first_start += fields.governed(text[first_start:first_end])
            items = _list_items(text[first_start : m.end(1)])
            at = first_start
            for item in items:
                if (
                    len(item) >= 2
                    and fields.names_a_field(item)
                    and not item.endswith((*self.lex.industry_heads, *self.lex.platform_heads, *self.lex.org_heads))
                ):
                    out.append(EntityMention(EntityType.INDUSTRY, item, at, at + len(item), "pattern"))
                at += len(item) + 1
        return out

    def _kinds_of_platforms(self, text: str) -> list[re.Match]:
        """"建设大田作物精准耕作、智慧养殖、园艺作物智能化生产等数字农业示范基地": a list before 等 and a
        platform is a list of the fields it is built for, where one item is a field word and none is a
        platform (抖音、拼多多等平台 lists companies)."""
        kept = []
        for m in self.listed_before_platform.finditer(text):
            items = _list_items(m.group(1))
            if any(i in industry_words() for i in items) and not any(i.endswith(self.lex.platform_heads) for i in items):
                kept.append(m)
        return kept

    def _mention(
        self, name: str, start: int, end: int, head: str, quoted: bool = False
    ) -> EntityMention | None:
        kind = self.head_kind[head]
        if kind is not HeadKind.PROGRAMME:
            return EntityMention(HEAD_TYPES[kind], name, start, end, "pattern")
        if re.search(r"\d{4}年", name):
            return None  # 国家电网2015年投资计划: a year's budget, not a named programme
        talent = any(w in name for w in self.lex.talent_words)
        if head in self.lex.talent_only_heads and not talent and not quoted:
            return None  # 数字化工程, 专项行动: a field of work, not a named programme
        return EntityMention(EntityType.TALENT_PROGRAM if talent else EntityType.POLICY, name, start, end, "pattern")


#: jieba's tags of the words that govern a field rather than name it: verbs anywhere before it, and
#: adverbs, prepositions, conjunctions, pronouns, numerals and particles leading the phrase (not
#: adjectives: 健康服务产业 is a field; not 与 inside one: 海洋生物医药与制品).
_VERBS = frozenset({"v", "vd", "vi"})
#: zones and levels a field's name may be prefixed with (高新区高端装备产业, 区水产经济)
ZONE = re.compile(r"^[\u4e00-\u9fff]{0,6}?(高新区|开发区|保税区|综合保税区|试验区|实验区|新区|园区|片区)")
LEVEL_WORDS = frozenset("省市区县镇乡村")
_LEADING = frozenset({"ad", "d", "p", "c", "r", "m", "q", "u", "uj", "ul", "uz", "ud", "ug", "uv", "z"})


@lru_cache(maxsize=65536)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(jieba_words.tagged(text, hmm=False))


def _list_items(listed: str) -> list[str]:
    """The items of a list: split at 、, and at 和/及 where both sides are names of their own
    ("设施农业和农产品初加工" is two fields, "清洁及可再生能源利用" one)."""
    items: list[str] = []
    for item in listed.split("、"):
        parts = re.split("[和及]", item)
        items.extend(parts if len(parts) == 2 and min(map(len, parts)) >= 4 else [item])
    return items


def _left_boundary(
    text: str, end: int, lex: HeadLexicon, verb_tail: bool = False, stops: Stops | None = None
) -> int:
    """Walk left from ``end`` over the characters of a name; stop at a verb, a mark or 的.

    With ``verb_tail`` a verb right before the head is part of the name, as programmes are
    named for what they do (高新技术企业提升计划, 青苗科学家培育计划).
    """
    i, depth, floor = end, 0, max(0, end - lex.max_name)
    while i > floor:
        ch = text[i - 1]
        if ch in "）)" and not depth and _closes_heading_marker(text, i - 1):
            break  # "（十五）改善…设施": a heading's number is no part of a name
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            if not depth:
                break
            depth -= 1
        elif depth:
            pass
        elif ch in "“”":
            pass
        elif not NAME_CHAR.match(ch) or ch == "的":
            break
        elif (_stops_at(text, floor, i, stops or lex.stop_before) and not (verb_tail and end - i < 2)) or _counted(
            text, floor, i
        ):
            break
        i -= 1
    while i < end and text[i] in "“”":  # an opening quote belongs to the name only as decoration
        i += 1
    return i


def _stops_at(text: str, floor: int, i: int, stops: Stops) -> bool:
    """Whether a stop word ends at ``i``; a one-character stop (用, 对, 为 …) only where it is a
    word of its own, not the end of one (信用, 面对, 作为)."""
    if i <= floor:
        return False
    last = text[i - 1]
    if text.endswith(stops.ending_with.get(last, ()), floor, i):
        return True
    return last in stops.single and _stands_alone(text, i - 1)


@dataclass(frozen=True)
class Stops:
    """Stop words, looked up by their last character: the walk left over a name asks at every
    character whether one ends there, and a character ends few of them. No words is falsy, as
    the tuple of them was (an empty list in the config falls back to the general one)."""

    words: tuple[str, ...]
    ending_with: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    single: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ending_with: dict[str, list[str]] = {}
        for word in self.words:
            if len(word) > 1:
                ending_with.setdefault(word[-1], []).append(word)
        object.__setattr__(self, "ending_with", {last: tuple(words) for last, words in ending_with.items()})
        object.__setattr__(self, "single", frozenset(word for word in self.words if len(word) == 1))

    @classmethod
    def of(cls, words: Iterable[str]) -> Stops:
        return cls(tuple(sorted(set(words), key=len, reverse=True)))

    def __bool__(self) -> bool:
        return bool(self.words)


def _stands_alone(text: str, at: int) -> bool:
    """Whether the character at ``at`` is a word of its own in jieba's reading of its context."""
    start = max(0, at - 4)
    starts = _word_starts(text[start : at + 4])
    return at - start in starts and at - start + 1 in starts


@lru_cache(maxsize=65536)
def _word_starts(window: str) -> frozenset[int]:
    starts, at = {0}, 0
    for word in jieba_words.cut(window, hmm=False):
        at += len(word)
        starts.add(at)
    return frozenset(starts)


def _closes_heading_marker(text: str, close: int) -> bool:
    opened = max(text.rfind("（", 0, close), text.rfind("(", 0, close))
    return opened >= 0 and bool(re.fullmatch(r"[一二三四五六七八九十百\d]+", text[opened + 1 : close]))


def _items_before(text: str, end: int, lex: HeadLexicon) -> list[tuple[int, int]]:
    """The 、-separated items of a list that ends at ``end`` ("A、B两个…")."""
    items = []
    while True:
        start = _left_boundary(text, end, lex)
        items.append((start, end))
        if start > 0 and text[start - 1] == "、":
            end = start - 1
            continue
        return items[::-1]


# --------------------------------------------------------------------------- merge


@Language.factory(
    "innokg_entities",
    requires=["doc._.entity_candidates", "doc._.clauses"],
    assigns=["doc._.entities", "doc._.unit_types", "doc.spans"],
)
def make_entity_merger(
    nlp: Language,
    name: str,
    platform_heads: list[str],
    org_heads: list[str],
    industry_generic: str,
    industry_not_before: str,
    not_field_ends: list[str],
    bare_nouns: str,
    field_governors: str,
    industry_heads: list[str],
    bare_heads: list[str],
    not_platform_ends: list[str],
) -> EntityMerger:
    fields = field_words(industry_generic, industry_not_before, not_field_ends, bare_nouns, field_governors, industry_heads)
    return EntityMerger(tuple(platform_heads), tuple(org_heads), fields, tuple(bare_heads), tuple(not_platform_ends))


class EntityMerger:
    """Rules first, statistics where the rules are silent.

    Among gazetteer and pattern candidates the longest name wins an overlap (on equal length,
    the gazetteer). Names, not spans, are compared: a coordinated item's span covers only its
    own words, but its name carries the shared head (纺织新材料 → 纺织新材料国家重点实验室), and
    it must win over the industry word 纺织新材料 at the same place. A statistical candidate is
    kept only where no rule found anything, and only if it is well formed.
    """

    def __init__(
        self,
        platform_heads: tuple[str, ...],
        org_heads: tuple[str, ...],
        fields: FieldWords,
        bare_heads: tuple[str, ...] = (),
        not_platform_ends: tuple[str, ...] = (),
    ) -> None:
        self.not_platform_ends = not_platform_ends
        self.platform_heads = platform_heads
        self.org_heads = org_heads
        self.fields = fields
        self.bare_heads = bare_heads

    def __call__(self, doc: Doc) -> Doc:
        attributed = self._attributed(doc)
        doc._.unit_types = {m.name: m.type for m in attributed}
        candidates = [*(doc._.entity_candidates or []), *attributed]
        ruled = sorted(
            (m for m in candidates if m.layer != "statistical"),
            key=lambda m: (-max(len(m.name), m.end - m.start), LAYER_RANK[m.layer], m.start),
        )
        taken = _Taken()
        for mention in ruled:
            if not taken.overlaps(mention):
                taken.add(mention)
        for mention in (self._statistical(m, text_of(doc)) for m in candidates if m.layer == "statistical"):
            if mention and well_formed(mention.name) and not taken.overlaps(mention):
                taken.add(mention)
        entities = list(taken.mentions)
        doc._.entities = entities
        spans = [char_span(doc, m.start, m.end, m.type) for m in entities]
        doc.spans["entities"] = [s for s in spans if s is not None]
        return doc

    def _statistical(self, mention: EntityMention, text: str) -> EntityMention | None:
        """A tagged field without the verb that governs it (助力集成电路), or nothing; a tagged name
        without a 的 it started on (的国家重点实验室)."""
        if mention.type != EntityType.INDUSTRY:
            if "+" in mention.name or "＋" in mention.name:
                return None  # “互联网+”基地: a plan's label, not a name
            joint = max(mention.name.rfind(c) for c in "和与及")
            if joint > 0 and mention.name[:joint].endswith(self.platform_heads):
                # 我区平台与台湾地区平台: two things; the tagger's span keeps the second
                mention = EntityMention(mention.type, mention.name[joint + 1 :], mention.start + joint + 1, mention.end, mention.layer)
            if no_platform(mention.name, self.not_platform_ends, self.bare_heads, self.fields):
                return None
            lead = len(mention.name) - len(mention.name.lstrip("的和与及"))
            return EntityMention(mention.type, mention.name[lead:], mention.start + lead, mention.end, mention.layer)
        trimmed = self.fields.trimmed(text, mention.start, mention.end)
        return EntityMention(EntityType.INDUSTRY, trimmed[1], trimmed[0], mention.end, mention.layer) if trimmed else None

    def _attributed(self, doc: Doc) -> list[EntityMention]:
        """The bodies named in attribution clauses, as written (东湖高新区 in "东湖高新区、武汉经开区管委会"
        is a committee, not the place)."""
        resolver = default_resolver()
        return [
            EntityMention(self.unit_type(m.name, resolver), m.name, m.start, m.end, "attribution")
            for clauses in (doc._.clauses or {}).values()
            for clause in clauses
            for m in clause.mentions
        ]

    def unit_type(self, name: str, resolver: Resolver) -> EntityType:
        """A body given a task is a Unit, unless its name says platform (…研究院) or company (…集团)."""
        entry = resolver.lookup(name)
        if entry is not None:
            return entry.type
        if name.endswith(self.platform_heads):
            return EntityType.PLATFORM
        if name.endswith(self.org_heads):
            return EntityType.ENTERPRISE
        return EntityType.UNIT


class _Taken:
    """Mentions that do not overlap, kept in text order: whether a new one overlaps any of them
    is asked of its two neighbours only (a document of many names stays linear, not quadratic)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.mentions: list[EntityMention] = []

    def overlaps(self, mention: EntityMention) -> bool:
        i = bisect.bisect_left(self.starts, mention.start)
        before = self.mentions[i - 1] if i else None
        after = self.mentions[i] if i < len(self.mentions) else None
        return bool(
            (before and before.end > mention.start)
            or (after and after.start < mention.end)
            or (after and after.start == mention.start)
        )

    def add(self, mention: EntityMention) -> None:
        i = bisect.bisect_left(self.starts, mention.start)
        self.starts.insert(i, mention.start)
        self.mentions.insert(i, mention)


def well_formed(name: str) -> bool:
    """A tagged span that cuts a bracket pair or ends on a joining word is no name."""
    balanced = name.count("(") + name.count("（") == name.count(")") + name.count("）")
    clean = not re.search(r"[，。；：,;:！？]", name) and 2 <= len(name) <= 25
    return clean and balanced and not name.endswith(("和", "与", "及", "的", "、", "等"))
