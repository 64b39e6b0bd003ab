"""Targets followed across documents: the same metric stated by several documents, as a timeline.

A plan says 高新技术企业数量突破12000家 by 2024; a year later a progress report restates the target
and its 进展情况 column says what was reached. :func:`timeline` finds the timelines of a metric a
user names, :func:`timelines` lists every timeline that spans two documents or more. Both read the
targets every store lists (:func:`innokg.graph.answers.targets`) and the documents' metadata, so
the embedded store and Neo4j answer alike.

Targets are one timeline when all of these hold:

- **the same unit of measure**, magnitudes converted (1.2万家 and 12000家 are both 家; 亿元 and
  万元 both 元; 百分点 is a unit of its own);
- **the same kind**: a level to reach (突破, 达到, 以上) or a change to make (新增, 增长, 每年 …):
  "新增120家" and "达到1300家" are never points of one line;
- **similar metric words**: the *cores* of their metrics — the metric without the words that open
  or close it in one document but not another (到2024年, 全市, 累计, 新增 …; 数量, 总数) — have a
  character-bigram Jaccard similarity of at least ``threshold`` (0.5); and every two cores of a
  timeline do (complete linkage), so that 科技型中小企业 and 高新技术企业, which share 企业, stay
  apart, as do metrics a chain of near neighbours would join;
- **the same or a related issuer, where known**: the place an issuer (or, without one, the title)
  names — 武汉市科学技术局 and 武汉市创新发展…方案 are both 武汉市 — else the code of the 文号
  (辽政发). Documents of two known issuers never share a timeline. A document that names no issuer
  is placed by its targets: where two of its metrics or more fit one issuer's timelines alone (and
  more of them than fit any other's), it is that issuer's. Otherwise its targets join no known
  issuer's timeline — 地区生产总值 is in every work report: joining one would be a guess — and
  line up only with targets no known issuer states.

A metric core of two characters (投资, 企业) names too little to follow. The words, that length and
the threshold are data (``data/timeline/words.tsv``); the threshold was chosen on pairs of targets
labelled by hand (``data/gold/timeline``; ``bench/timeline_grouping.py`` measures the grouping,
``tests/graph/test_timeline.py`` holds it to it).

>>> from innokg.stores import example_store
>>> store = example_store()
>>> timelines(store).total  # one document: no metric is followed across documents
0
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from innokg.graph import answers
from innokg.graph.model import DocumentInfo, key
from innokg.graph.model.answers import (
    Candidate,
    ReportedProgress,
    TargetAnswer,
    Timeline,
    TimelineAnswer,
    TimelineDocument,
    TimelineList,
    TimelinePoint,
)
from innokg.graph.model.data import data_path, rows
from innokg.graph.model.errors import InputError, NotFound
from innokg.graph.model.names import any_word, clip
from innokg.graph.model.vocab import TargetKind, YearBasis
from innokg.graph.search import NoGoodMatch
from innokg.graph.store import GraphStore


# ------------------------------------------------------------------ the words


@dataclass(frozen=True)
class TimelineWords:
    """What ``data/timeline/words.tsv`` says (see its comments)."""

    leading: tuple[str, ...]
    leading_patterns: tuple[str, ...]
    trailing: tuple[str, ...]
    changes: tuple[str, ...]
    level_after_change: tuple[str, ...]
    change_periods: tuple[str, ...]
    magnitudes: dict[str, float]
    whole_units: tuple[str, ...]
    threshold: float
    min_core: int
    _leading: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _magnitude: str = field(init=False, repr=False, compare=False)  # any of ``magnitudes``, as a pattern

    def __post_init__(self) -> None:
        words = any_word(self.leading)
        object.__setattr__(self, "_leading", re.compile(f"^(?:{'|'.join([*self.leading_patterns, words])})"))
        object.__setattr__(self, "_magnitude", any_word(self.magnitudes))


@lru_cache(maxsize=1)
def default_words() -> TimelineWords:
    found: dict[str, list[list[str]]] = defaultdict(list)
    for fields in rows(data_path("timeline", "words.tsv")):
        found[fields[0]].append(fields[1:])
    one = lambda kind: tuple(f[0] for f in found[kind])  # noqa: E731
    return TimelineWords(
        leading=one("leading"),
        leading_patterns=one("leading_pattern"),
        trailing=one("trailing"),
        changes=one("change"),
        level_after_change=one("level_after_change"),
        change_periods=one("change_period"),
        magnitudes={f[0]: float(f[1]) for f in found["magnitude"]},
        whole_units=one("whole_unit"),
        threshold=float(found["threshold"][0][0]),
        min_core=int(found["min_core"][0][0]),
    )


# ------------------------------------------------------------------ metrics, units, kinds


def metric_core(metric: str, words: TimelineWords | None = None) -> str:
    """What a metric counts, in the form two documents' metrics are compared in (:func:`key`, no
    quotes), without the words that open or close it in one document and not in another.

    >>> metric_core("到2024年高新技术企业数量"), metric_core("全市高新技术企业")
    ('高新技术企业', '高新技术企业')
    >>> metric_core("累计培育“专精特新”后备企业"), metric_core("4G基站数"), metric_core("技术〈产业〉创新中心")
    ('专精特新后备企业', '4G基站', '技术产业创新中心')
    """
    words = words or default_words()
    core = re.sub(r"[“”\"'‘’「」『』《》〈〉()（）\[\]【】<>\s]", "", key(metric))
    while (m := words._leading.match(core)) and len(core) - m.end() >= 2 and m.end() > 0:
        core = core[m.end() :]
    for trailing in sorted(words.trailing, key=len, reverse=True):
        if core.endswith(trailing) and len(core) - len(trailing) >= 2:
            core = core[: -len(trailing)]
            break
    return core


def _bigrams(core: str) -> frozenset[str]:
    return frozenset(core[i : i + 2] for i in range(len(core) - 1)) or frozenset([core])


def similarity(a: str, b: str) -> float:
    """The character-bigram Jaccard similarity of two metrics' cores (0–1).

    >>> similarity("高新技术企业数量", "全市高新技术企业")
    1.0
    >>> round(similarity("技术合同成交额", "技术合同登记成交额"), 2)
    0.56
    >>> round(similarity("高新技术企业", "科技型中小企业"), 2)  # share 企业 only
    0.1
    """
    x, y = _bigrams(metric_core(a)), _bigrams(metric_core(b))
    return len(x & y) / len(x | y)


def split_unit(unit: str, words: TimelineWords | None = None) -> tuple[float, str]:
    """A unit as a magnitude and what it counts: the magnitude converts values between the two.

    >>> split_unit("万家"), split_unit("亿元"), split_unit("百分点"), split_unit("%")
    ((10000.0, '家'), (100000000.0, '元'), (1.0, '百分点'), (1.0, '%'))
    """
    words = words or default_words()
    if unit in words.whole_units:
        return 1.0, unit
    for magnitude in sorted(words.magnitudes, key=len, reverse=True):
        if unit.startswith(magnitude) and len(unit) > len(magnitude):
            return words.magnitudes[magnitude], unit[len(magnitude) :]
    return 1.0, unit


def kind_of(comparator: str | None, period: str | None, words: TimelineWords | None = None) -> TargetKind:
    """A change (新增, 增长…以上, 比上年增长, 每年) or a level (突破, 达到, 提高到…以上, none).

    >>> kind_of("新增…以上", None), kind_of("提高到…以上", None), kind_of("左右", "每年"), kind_of("突破", None)
    (<TargetKind.CHANGE: 'change'>, <TargetKind.LEVEL: 'level'>, <TargetKind.CHANGE: 'change'>, <TargetKind.LEVEL: 'level'>)
    """
    words = words or default_words()
    for word in words.changes:
        at = (comparator or "").find(word)
        if at >= 0 and not (comparator or "")[at + len(word) :].startswith(words.level_after_change):
            return TargetKind.CHANGE
    return TargetKind.CHANGE if period in words.change_periods else TargetKind.LEVEL


# ------------------------------------------------------------------ issuers


#: what the name of an administrative division ends with
_DIVISIONS = ("特别行政区", "自治区", "自治州", "地区", "省", "市", "州", "盟", "县", "区", "旗")
#: a character of a body's name (委, 办, 局 …): "市委办公室" opens with no place
_BODY = re.compile(r"[委办局厅府部院会室团司处科所]")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_TITLE_FRONT = re.compile(r"^(?:【[^】]*】|\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|中共|中国共产党|\s)+")
_CODE = re.compile(r"([\u4e00-\u9fff]{1,6})\s*[〔\[［(（]\d{4}")


def place_of(text: str | None) -> str | None:
    """The place a name of an issuer (or a title) opens with, without the word of its level
    (武汉市 and 武汉 are one place); a second division (辽中区) counts where a body's name follows.

    >>> place_of("武汉市科学技术局"), place_of("沈阳市辽中区人民政府"), place_of("【市政府重点工作】滁州市人民政府关于…")
    ('武汉', '沈阳辽中', '滁州')
    >>> place_of("武汉市推进长江新区建设方案"), place_of("平潭综合实验区管委会办公室")
    ('武汉', '平潭综合实验')
    >>> place_of("国务院办公厅"), place_of("市委办公室市政府办公室关于印发…"), place_of("2025年省《政府工作报告》")
    (None, None, None)
    """
    if not text:
        return None
    text = _TITLE_FRONT.sub("", text)
    parts: list[str] = []
    at = 0
    while len(parts) < 3 and (part := _division(text, at)):
        parts.append(part)
        at += len(part)
    while len(parts) > 1 and not _BODY.search(text[sum(map(len, parts)) :][:4]):
        parts.pop()  # "武汉市推进长江新区建设": a second division not followed by a body is the subject
    return "".join(_bare(p) for p in parts) or None


def _division(text: str, at: int) -> str | None:
    """The shortest name of a division at ``at`` (滁州市, not 滁州 before 市)."""
    window = text[at : at + 12]
    for end in range(2, len(window) + 1):
        piece = window[:end]
        if not _CJK.fullmatch(piece) or _BODY.search(piece):
            return None
        division = next((d for d in _DIVISIONS if piece.endswith(d)), None)
        if division and len(piece) > len(division) and window[end : end + 1] not in ("省", "市", "县", "区"):
            return piece
    return None


def _bare(part: str) -> str:
    """A division's name without its level (苏州市 → 苏州), where two characters remain."""
    return part[:-1] if part[-1] in "省市县区" and len(part) >= 3 else part


def code_of(doc_number: str | None) -> str | None:
    """The issuer's code in a 文号: 辽政发〔2023〕2号 → 辽政发."""
    m = _CODE.search(doc_number or "")
    return m.group(1) if m else None


def issuer_keys(infos: Iterable[DocumentInfo]) -> dict[str, str | None]:
    """Each document's issuer as timelines compare them: ``place:…`` (from its issuer, else its
    title), else ``code:…`` (its 文号's code — or the one place every document of that code
    names); None where the document does not say.

    >>> docs = [DocumentInfo(id="a", title="辽宁省人民政府关于印发…", source="a", doc_number="辽政发〔2023〕2号"),
    ...         DocumentInfo(id="b", title="即时比分关于印发…", source="b", doc_number="辽政发〔2026〕2号"),
    ...         DocumentInfo(id="c", title="2025年省《政府工作报告》重点工作分工方案", source="c")]
    >>> issuer_keys(docs)
    {'a': 'place:辽宁', 'b': 'place:辽宁', 'c': None}
    """
    infos = list(infos)
    places = {d.id: place_of(d.issuer) or place_of(d.title) for d in infos}
    codes = {d.id: code_of(d.doc_number) for d in infos}
    places_of_code: dict[str, set[str]] = defaultdict(set)
    for d in infos:
        if places[d.id] and codes[d.id]:
            places_of_code[codes[d.id]].add(places[d.id])  # type: ignore[index, arg-type]
    keys: dict[str, str | None] = {}
    for d in infos:
        place, code = places[d.id], codes[d.id]
        if place:
            keys[d.id] = f"place:{place}"
        elif code and len(places_of_code.get(code, ())) == 1:
            keys[d.id] = f"place:{next(iter(places_of_code[code]))}"
        elif code and not places_of_code.get(code):
            keys[d.id] = f"code:{code}"
        else:
            keys[d.id] = None  # no issuer said, or a code documents of several places share
    return keys


# ------------------------------------------------------------------ grouping


@dataclass
class _Item:
    """A target as grouping sees it."""

    target: TargetAnswer
    core: str
    base: str
    magnitude: float
    kind: TargetKind
    issuer: str | None
    doc_id: str


@dataclass
class _Group:
    cores: set[str]
    items: list[_Item]
    issuer: str | None
    least: float = 1.0  # the least similarity of two of its cores


def group_targets(targets: list[TargetAnswer], documents: dict[str, DocumentInfo], words: TimelineWords | None = None) -> list[_Group]:
    """The targets in groups of one metric (the rules of the module's docstring), in a stable order."""
    words = words or default_words()
    issuers = issuer_keys(documents.values())
    items = []
    for target in targets:
        core = metric_core(target.metric, words)
        if len(core) < words.min_core:
            continue  # 投资, 企业: too little to follow across documents
        magnitude, base = split_unit(target.unit, words)
        doc_id = target.evidence.doc_id
        kind = kind_of(target.comparator, target.period, words)
        items.append(_Item(target, core, base, magnitude, kind, issuers.get(doc_id), doc_id))
    buckets: dict[tuple[str, TargetKind], list[_Item]] = defaultdict(list)
    for item in items:
        buckets[(item.base, item.kind)].append(item)
    similar = {bucket: Similar({i.core for i in found}, words.threshold) for bucket, found in buckets.items()}
    placed = _placed_documents([(found, similar[bucket]) for bucket, found in buckets.items()])
    for item in items:
        item.issuer = item.issuer or placed.get(item.doc_id)
    groups: list[_Group] = []
    for bucket, found in buckets.items():
        groups += _group_bucket(found, similar[bucket])
    return sorted(groups, key=lambda g: (g.items[0].doc_id, g.items[0].target.evidence.start, g.items[0].target.id))


#: the most cores read before it that a core is compared with through one bigram: the nearest in
#: sorted order, where wordings of one metric stand together (高新技术企业数, 高新技术企业数量). Real
#: metrics share a rare bigram with a handful; thousands of wordings of one metric (高新技术企业数量甲,
#: …乙, …) were compared pair by pair, and their similar pairs kept and grouped, in time and memory
#: growing with the square of their number (4,000: 35 s). In such a crowd a timeline follows the
#: wordings near one another in that order, not all of them: two similar wordings with more than
#: this many others between them that share the bigram are not compared.
MAX_COMPARED = 128


class Similar:
    """The pairs of cores whose similarity reaches ``threshold``, found without comparing every
    pair: a pair that reaches it shares one of the rarest bigrams of each (prefix filtering), so
    only cores sharing such a bigram are compared (at most ``MAX_COMPARED`` through each).

    >>> near = Similar(["高新技术企业", "高新技术企业数", "科技型中小企业"], 0.5)
    >>> round(near.of("高新技术企业", "高新技术企业数"), 2), near.of("高新技术企业", "科技型中小企业")
    (0.83, 0.0)
    """

    def __init__(self, cores: Iterable[str], threshold: float) -> None:
        grams = {core: _bigrams(core) for core in sorted(set(cores))}
        rarity = Counter(g for found in grams.values() for g in found)
        self.near: dict[str, dict[str, float]] = {core: {core: 1.0} for core in grams}
        index: dict[str, list[str]] = defaultdict(list)
        for core, found in grams.items():
            tokens = sorted(found, key=lambda g: (rarity[g], g))
            prefix = len(tokens) - math.ceil(threshold * len(tokens) - 1e-9) + 1
            candidates: set[str] = set()
            for gram in tokens[:prefix]:
                candidates.update(index[gram][-MAX_COMPARED:])
                index[gram].append(core)
            for other in candidates:
                s = len(found & grams[other]) / len(found | grams[other])
                if s >= threshold:
                    self.near[core][other] = self.near[other][core] = s
        self.threshold = threshold

    def of(self, a: str, b: str) -> float:
        """Their similarity where it reaches the threshold, else 0."""
        return self.near.get(a, {}).get(b, 0.0)

    def all_near(self, cores: Iterable[str], others: set[str]) -> bool:
        """Whether every one of ``cores`` is similar to every one of ``others`` (a set test in C:
        the merges of a crowd of wordings are tried thousands of times)."""
        return all(others <= self.near.get(core, {}).keys() for core in cores)

    def least(self, core: str, cores: Iterable[str]) -> float:
        near = self.near.get(core, {})
        return min(near.get(c, 0.0) for c in cores)


def _placed_documents(buckets: list[tuple[list[_Item], Similar]]) -> dict[str, str]:
    """The issuer of documents that do not say theirs, read from their targets: a document is an
    issuer's when two of its metrics or more fit that issuer's metrics alone (no other issuer's
    fit them as well), and more of them than fit any other issuer's."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for items, similar in buckets:
        known = _Known(_known_groups(items, similar), similar)
        for item in {(i.doc_id, i.core): i for i in items if i.issuer is None}.values():
            fits = known.fits(item.core)
            if fits and len({g.issuer for g in fits}) == 1:
                votes[item.doc_id][fits[0].issuer] += 1  # type: ignore[index]
    placed = {}
    for doc_id, counts in votes.items():
        (issuer, n), *others = counts.most_common()
        if n >= 2 and all(n > m for _, m in others):
            placed[doc_id] = issuer
    return placed


def _known_groups(items: list[_Item], similar: Similar) -> list[_Group]:
    by_issuer: dict[str, dict[str, list[_Item]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        if item.issuer is not None:
            by_issuer[item.issuer][item.core].append(item)
    return [g for issuer in sorted(by_issuer) for g in _linked(by_issuer[issuer], issuer, similar)]


class _Known:
    """Groups looked up by the cores they hold."""

    def __init__(self, groups: list[_Group], similar: Similar) -> None:
        self.similar = similar
        self.holding: dict[str, list[_Group]] = defaultdict(list)
        for group in groups:
            for core in group.cores:
                self.holding[core].append(group)

    def fits(self, core: str) -> list[_Group]:
        """The groups a core fits best (similar to every core of the group), if any fits."""
        candidates = {id(g): g for near in self.similar.near.get(core, {}) for g in self.holding.get(near, [])}
        fits = [(self.similar.least(core, g.cores), g) for g in candidates.values()]
        fits = [(s, g) for s, g in fits if s >= self.similar.threshold]
        best = max((s for s, _ in fits), default=None)
        return sorted((g for s, g in fits if s == best), key=lambda g: (g.issuer or "", sorted(g.cores)))


def _group_bucket(items: list[_Item], similar: Similar) -> list[_Group]:
    """One unit and kind: the targets of each known issuer grouped by their cores (complete
    linkage). A target of a document whose issuer is not known joins none of those (it could be
    any of theirs); where it fits none, it is grouped with others of that kind."""
    groups = _known_groups(items, similar)
    known = _Known(groups, similar)
    alone: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        if item.issuer is None and not known.fits(item.core):
            alone[item.core].append(item)
    return groups + _linked(alone, None, similar)


def _linked(by_core: dict[str, list[_Item]], issuer: str | None, similar: Similar) -> list[_Group]:
    """Cores merged, most similar first, while every two cores of a group stay similar."""
    cores = sorted(by_core)
    groups = {core: _Group({core}, list(by_core[core]), issuer) for core in cores}
    pairs = [(s, a, b) for a in cores for b, s in similar.near.get(a, {}).items() if a < b and b in by_core]
    where = {core: core for core in cores}  # a core -> the key of its group
    for s, a, b in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        ka, kb = where[a], where[b]
        if ka == kb:
            continue
        ga, gb = groups[ka], groups[kb]
        if not similar.all_near(ga.cores, gb.cores):
            continue
        least = min(similar.least(c, gb.cores) for c in ga.cores)
        ga.cores |= gb.cores
        ga.items += gb.items
        ga.least = min(ga.least, gb.least, least)
        for core in gb.cores:
            where[core] = ka
        del groups[kb]
    return list(groups.values())


# ------------------------------------------------------------------ timelines


def timelines(store: GraphStore, offset: int = 0, limit: int | None = None) -> TimelineList:
    """Every timeline that spans two documents or more: most documents first, then by metric (one
    page of them; ``total`` counts all)."""
    if offset < 0 or (limit is not None and limit < 0):
        raise InputError("offset 与 limit 不能为负数")
    found = sorted(_all(store), key=lambda t: (-t.documents, t.metric, t.unit, t.id))
    page = found[offset : None if limit is None else offset + limit]
    return TimelineList(timelines=page, total=len(found), offset=offset, limit=limit)


def timeline(store: GraphStore, metric: str) -> TimelineAnswer:
    """The timelines whose metric the words ``metric`` name (高新技术企业), best match first: a
    point for each document's target, by year, with what a progress column reported.

    A metric no two documents state is no timeline: :class:`NoTimeline` says so, naming the
    documents that state it, or the metrics nearest to the words.
    """
    query = metric_core(metric) if metric.strip() else ""
    if not query:
        raise InputError("请给出指标，如 高新技术企业")
    found = _all(store, every=True)
    scored = [(score, t) for t in found if (score := _match(query, t)) is not None]
    wide = sorted(((s, t) for s, t in scored if t.documents >= 2), key=lambda p: (-p[0], -p[1].documents, p[1].metric, p[1].id))
    if wide:
        return TimelineAnswer(query=metric, timelines=[t.model_copy(update={"match": round(s, 1)}) for s, t in wide])
    if scored:
        titles = list(dict.fromkeys(p.document.short_title for _, t in scored for p in t.points))
        raise NoTimeline(metric, f"指标“{clip(metric.strip(), 40)}”只见于一个文件的目标（{'；'.join(titles[:5])}），没有跨文件的时间线")
    raise NoTimeline(metric, f"没有找到指标与“{clip(metric.strip(), 40)}”相符的目标", _nearest(query, found))


class NoTimeline(NoGoodMatch):
    """A metric no two documents state: why, and the nearest metrics where none matched."""

    def __init__(self, question: str, message: str, candidates: list[Candidate] | None = None) -> None:
        self.question, self.what = question, "指标"
        self.candidates = candidates or []
        if self.candidates:
            message += "。最接近的（匹配度）：" + "；".join(f"{c.name}〔{c.document}〕 {c.score:g}%" for c in self.candidates)
        NotFound.__init__(self, message)


def _match(query: str, timeline_: Timeline) -> float | None:
    """How well a question's core names a timeline (0–100): its best point's core written
    alike is 100; one that holds the question, or is similar to it, scores their similarity."""
    best = None
    for core in {metric_core(p.metric) for p in timeline_.points}:
        if core == query:
            return 100.0
        s = similarity(query, core) * 100
        if query in core or s >= default_words().threshold * 100:
            best = max(best or 0.0, s)
    return best


def _nearest(query: str, found: list[Timeline], limit: int = 5) -> list[Candidate]:
    near: dict[str, Candidate] = {}
    for t in found:
        s = round(similarity(query, t.metric) * 100, 1)
        if s > 0 and (t.metric not in near or near[t.metric].score < s):
            point = t.points[0]
            near[t.metric] = Candidate(id=point.target_id, label="Target", name=t.metric, score=s, document=point.document.short_title)
    return sorted(near.values(), key=lambda c: (-c.score, c.name))[:limit]


def _all(store: GraphStore, every: bool = False) -> list[Timeline]:
    """Timelines of the whole graph (with ``every``, the groups of one document too), made once
    for each state of a store that tells its state (the page asks for them on every view)."""
    state = store.state()
    kept = _KEPT.get(store) if state is not None else None
    if kept is not None and kept[0] == state:
        made = kept[1]
    else:
        infos = {d.id: d for d in store.documents()}
        made = [_timeline(g, infos) for g in group_targets(answers.targets(store), infos)]
        if state is not None:
            _KEPT[store] = (state, made)
    return [t for t in made if every or t.documents >= 2]


#: each store's timelines, under the state they were made in (gone with the store)
_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _timeline(group: _Group, infos: dict[str, DocumentInfo]) -> Timeline:
    unit = Counter(item.target.unit for item in group.items).most_common(1)[0][0]
    magnitude = split_unit(unit)[0]
    points = sorted((_point(item, infos[item.doc_id], magnitude) for item in group.items), key=_order)
    _mark_revisions(points)
    cores = Counter(item.core for item in group.items)
    metric = min(cores, key=lambda c: (-cores[c], len(c), c))
    return Timeline(
        id=f"timeline:{group.items[0].target.id}",
        metric=metric,
        unit=unit,
        kind=group.items[0].kind,
        issuer=group.issuer.split(":", 1)[1] if group.issuer else None,
        similarity=round(group.least, 3),
        documents=len({item.doc_id for item in group.items}),
        points=points,
    )


def _point(item: _Item, info: DocumentInfo, magnitude: float) -> TimelinePoint:
    target = item.target
    year, basis = placed_year(target.year, item.kind, info)
    reported = _reported(target, item, document_year(info)) if target.reported else None
    if reported is not None and reported.value is not None:
        reported.plotted = _convert(reported.value, item.magnitude, magnitude)
    return TimelinePoint(
        **target.model_dump(include={"metric", "value", "unit", "comparator", "period"}),
        year=year,
        year_basis=basis,
        target_id=target.id,
        plotted=_convert(target.value, item.magnitude, magnitude),
        document=TimelineDocument(
            id=info.id, title=info.title, published=info.published, period=info.period, issuer=info.issuer
        ),
        task=target.task,
        evidence=target.evidence,
        reported=reported,
    )


def _order(point: TimelinePoint) -> tuple:
    """By year, then by when the document was published, then in document order."""
    return (
        point.year is None,
        point.year or 0,
        point.document.published or date.max,
        point.document.id,
        point.evidence.start,
    )


def _mark_revisions(points: list[TimelinePoint]) -> None:
    """A point restating a year an earlier document stated, with another value, was revised."""
    for i, point in enumerate(points):
        if point.year is None:
            continue
        earlier = [p for p in points[:i] if p.year == point.year and p.document.id != point.document.id]
        if earlier and earlier[-1].plotted != point.plotted:
            point.revised_from = earlier[-1].plotted


def placed_year(stated: int | None, kind: TargetKind, info: DocumentInfo) -> tuple[int | None, YearBasis | None]:
    """The year a target is for: the one it states; else, in a plan of a period, its last year for
    a level and its first year for a change; else the year the document's title names, or the
    year it was published.

    >>> plan = DocumentInfo(id="p", title="武汉市创新发展三年行动方案(2022——2024年)", source="p", period_start=2022, period_end=2024)
    >>> placed_year(None, TargetKind.LEVEL, plan), placed_year(None, TargetKind.CHANGE, plan)
    ((2024, <YearBasis.PLAN_END: 'plan_end'>), (2022, <YearBasis.PLAN_START: 'plan_start'>))
    >>> placed_year(None, TargetKind.LEVEL, DocumentInfo(id="r", title="关于2023年度重点任务进展情况的报告", source="r"))
    (2023, <YearBasis.DOCUMENT: 'document'>)
    """
    if stated is not None:
        return stated, YearBasis.STATED
    if info.period_end is not None and info.period_start is not None:
        if kind == TargetKind.LEVEL:
            return info.period_end, YearBasis.PLAN_END
        return info.period_start, YearBasis.PLAN_START
    year = document_year(info)
    return (year, YearBasis.DOCUMENT) if year is not None else (None, None)


def document_year(info: DocumentInfo) -> int | None:
    """The year a document's title names (2023年度…进展情况), else the year it was published."""
    if m := re.search(r"(?<!\d)((?:19|20)\d\d)年", info.title):
        return int(m.group(1))
    return info.published.year if info.published is not None else None


def _convert(value: float, magnitude: float, to: float) -> float:
    return round(value * magnitude / to, 6)


def _reported(target: TargetAnswer, item: _Item, year: int | None) -> ReportedProgress:
    """What the progress column says, and the number it states in the target's unit, if any:
    of several, the one whose words before it come nearest the metric."""
    assert target.reported is not None
    text = target.reported.quote
    base = "[%％]" if item.base == "%" else re.escape(item.base)
    number = re.compile(rf"(\d+(?:\.\d+)?)\s?({default_words()._magnitude})?(?:余|多)?{base}")
    best: tuple[float, float] | None = None
    for m in number.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        clause = re.split(r"[，,；;。：:]", text[: m.start()])[-1]
        words = _bigrams(item.core)
        near = len(words & _bigrams(metric_core(clause) or clause)) / len(words) if clause else 0.0
        magnitude = default_words().magnitudes.get(m.group(2) or "", 1.0)
        value = _convert(float(m.group(1)), magnitude, item.magnitude)
        if best is None or near > best[0]:
            best = (near, value)
    return ReportedProgress(
        evidence=target.reported,
        value=best[1] if best else None,
        unit=target.unit if best else None,
        year=year,
    )


__all__ = ["NoTimeline", "kind_of", "metric_core", "placed_year", "similarity", "split_unit", "timeline", "timelines"]
