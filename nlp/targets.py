"""Quantitative targets: "高新技术企业数量突破12000家", "每年新增…100亿元，到2024年达到1300亿元".

A number with a unit of count or money is a target when the words around it make it a goal:
a comparator (超过, 突破, 达到, 以上, 不少于 …), a change (新增, 增长, 提高 …), a period (每年,
累计) or a deadline (到2024年) in the same clause, or a verb of doing (建设, 培育 …) before it.
Each target keeps the thing counted (its metric), value, unit, comparator, period and year, and
the span of the words it was read from. The comparator keeps a change as written: 新增, 增长…以上,
比上年增长…左右 — a goal to add 120 carriers is not a goal to reach 120.

Numbers that look like goals but are not are left out by category:

- conditions and caps of a policy: "对10万元以下贷款…", "最高贷款额度为300万元", "运营6个月以上",
  "1家符合条件的…", "按不低于合同金额的40%…设定", "…人数达到25%…的，可申请…";
- qualifiers inside a name: "5万吨级以上…泊位2个" (the goal is 2 berths), "10亿元以上制造业重大项目611个",
  "24小时自助服务区";
- what exists or is reported done: "建强在汉7个湖北实验室", "已建成的11万吨…工程", "截至…已完成26件";
- counts of a list or of the document's own parts: "国家发改委、市场监管总局等14个部委", "分解为15项工作目标";
- margins against the plan and frames: "比年度计划增加14亿元", "在年计划新建26公里绿道基础上";
- what a progress or ledger column reports (进展情况, 完成情况 …: ``report_labels``): "截至2023年底，
  全市高新技术企业达到1.4万家" in a row whose 目标 cell reads "高新技术企业数量突破12000家".

A target in such a row (or in an item with a line "进展情况：…") keeps the cell or line as what was
reported on it (``TargetMention.report``), so that a timeline of the metric can show it.

The words are data: ``nlp/config.cfg`` ([components.innokg_targets]).
"""

from __future__ import annotations

import bisect
import re
from collections import deque
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from innokg.graph.model import Heading
from innokg.graph.model.names import any_word
from innokg.graph.model.spans import Marks, quoted
from innokg.nlp.script import reading_text, text_of
from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("targets"):
    Doc.set_extension("targets", default=None)

#: what is counted, measured or paid; a magnitude before it stays in the unit ("25万户" → 25 万户)
BASE_UNITS = (
    "平方公里|平方米|立方米|公里|千米|km|米|千瓦时|千瓦|千伏|兆瓦|Mbps|Gbps|标箱|公斤|千克|吨|斤|亩|公顷|元|美元|"
    "人次|户次|家|个百分点|百分点|个|项|名|场|所|条|件|人|批|台|套|门|座|辆|艘|架|张|栋|间|户|床|种|篇|部|支|处|次|倍|"
    "小时|天|大"
)
MAGNITUDE = "万亿|千万|百万|十万|万|亿|千|百"
UNITS = rf"(?:{MAGNITUDE})?(?:{BASE_UNITS})|%|％"
#: 以上 / 左右 … after the unit; a stray comma inside it ("50项以,上", as printed) is tolerated;
#: a space between number and unit ("绿道 5 公里") is as printed too
QUANTITY = re.compile(rf"(?P<value>\d+(?:\.\d+)?)[ \u3000]?(?P<unit>{UNITS})(?P<tail>以[,，]?上|左右|以内|以下)?")
TAILS = ("以上", "左右", "以内", "以下")
#: units of time: a number of them right before a noun describes it ("24小时自助服务区")
TIME_UNITS = ("小时", "天")
PERIOD = re.compile(r"每年|累计|年均|全年|(?<![\d一二三四五六七八九十])年内|到(20\d\d)年|(20\d\d)年(底|前)")
#: a period bound to its own verb ("年均增长5%") is not carried to the clauses after it
OWN_PERIODS = ("年均",)
CLAUSE_MARKS = "，。；：,;:！？\n\t|"
#: a numbered heading or list marker inside a line: 一、 （一） 1. 1﹒ (not the 1.5 of a decimal)
MARKER = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]{1,3}[）)]|(?<![\d.])\d{1,2}[.．﹒、](?!\d)\s*")
#: a baseline a change is measured from: 比上年, 比2013年 (分别)
BASELINE = re.compile(r"(?:比|较)(上年|上一年|去年|同期|20\d\d年)(?:同期)?(分别)?$")
#: what the words after a number name when they name no metric ("…突破3000亿元的目标", "…不低于10%的政策")
NO_METRIC = ("目标", "任务", "要求", "水平", "政策", "标准", "规定")


@dataclass(frozen=True)
class TargetWords:
    """The words a target is read by; set in ``nlp/config.cfg`` ([components.innokg_targets])."""

    levels: tuple[str, ...]  # 超过, 突破, 达到, 控制在 …: anywhere before the number in its item
    adjacent_levels: tuple[str, ...]  # 为, 达, 超: only right before the number
    increments: tuple[str, ...]  # 新增, 增长, 提高 …: the goal is a change
    goal_verbs: tuple[str, ...]  # 建设, 培育 …: a number after one is a goal
    leading_words: tuple[str, ...]  # 力争, 全年, 新建 …: open a metric without being part of it
    trailing_words: tuple[str, ...]  # 要, 应, 总体 …: close a metric without being part of it
    caps: tuple[str, ...]  # 最高, 不超过: a limit of what a policy gives
    existing_verbs: tuple[str, ...]  # 建强, 做强: work on what exists
    status_openings: tuple[str, ...]  # 截至: a report of what is done
    structure_rule: str  # 分解为, 由…组成: how a plan is divided
    plan_rule: str  # 比年度计划: a margin against the plan
    frame_ends: tuple[str, ...]  # 基础上, 为契机: the frame of a goal
    condition_words: tuple[str, ...]  # 符合条件: who qualifies
    generic_titles: tuple[str, ...]  # 目标任务, 主要目标: heading titles, not metrics
    report_labels: tuple[str, ...]  # 进展, 完成情况: a column or field that reports what was done

    # compiled from the words above by __post_init__: no arguments, not compared, not shown
    _comparator: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _adjacent: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _goal_verb: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _leading: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _trailing: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _trailing_reach: int = field(init=False, repr=False, compare=False)  # the longest a trailing word can be
    _cap: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _existing: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _structure: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _plan: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _titles: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _respectively: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if numbered := [w for w in (*self.levels, *self.increments, *self.goal_verbs) if re.search(r"\d", w)]:
            # a clause is read once for all its numbers on the ground that no word crosses one (_Found)
            raise ValueError(f"[components.innokg_targets]: a comparator or verb holds a digit: {numbered}")
        setattr_ = object.__setattr__
        changes = any_word([*self.levels, *self.increments])
        # a comparator anywhere in the item (增加值 is a noun, 不超过 a cap); 为 / 达 / 超 right before the number
        setattr_(self, "_comparator", re.compile(rf"(?<!不)(?:{changes})(?!值)"))
        setattr_(self, "_adjacent", re.compile(rf"(?:{any_word(self.adjacent_levels)})$"))
        setattr_(self, "_goal_verb", re.compile(any_word(self.goal_verbs)))
        setattr_(self, "_leading", re.compile(rf"^(?:{any_word(self.leading_words)})"))
        deadline = r"(?:于|在|到)?(?:20\d\d年)(?:底|前|底前)?"
        periods = "每年|累计|年均|全年|年内"
        trailing = any_word(self.trailing_words)
        setattr_(self, "_trailing", re.compile(rf"(?:{trailing}|{deadline}|{periods})$"))
        setattr_(self, "_trailing_reach", max([len("于2024年底前"), *map(len, self.trailing_words)]))
        setattr_(self, "_cap", re.compile(any_word(self.caps)))
        existing = any_word(self.existing_verbs)
        setattr_(self, "_existing", re.compile(rf"(?:{existing})(?:在[\u4e00-\u9fff])?$"))  # 建强在汉
        setattr_(self, "_structure", re.compile(self.structure_rule))
        setattr_(self, "_plan", re.compile(self.plan_rule))
        titles = any_word(self.generic_titles)
        setattr_(self, "_titles", re.compile(rf"^(?:{titles})") if self.generic_titles else None)
        setattr_(self, "_respectively", re.compile(rf"分别({changes})"))


@dataclass
class TargetMention:
    text: str
    metric: str
    value: float
    unit: str
    comparator: str | None
    period: str | None
    year: int | None
    start: int  # the words quoted: the clause the target was read from (at most QUOTE_LIMIT of it)
    end: int
    at: int  # where its number is written
    report: tuple[int, int] | None = None  # what a progress column or field of its row or item reports


@Language.factory("innokg_targets", assigns=["doc._.targets"])
def make_targets(
    nlp: Language,
    name: str,
    levels: list[str],
    adjacent_levels: list[str],
    increments: list[str],
    goal_verbs: list[str],
    leading_words: list[str],
    trailing_words: list[str],
    caps: list[str],
    existing_verbs: list[str],
    status_openings: list[str],
    structure_rule: str,
    plan_rule: str,
    frame_ends: list[str],
    condition_words: list[str],
    generic_titles: list[str],
    report_labels: list[str],
) -> TargetFinder:
    lists = dict(locals())
    del lists["nlp"], lists["name"]
    return TargetFinder(_target_words(lists))


def _target_words(block: dict[str, Any]) -> TargetWords:
    """The words of a config block: its lists as tuples (the dataclass is frozen), its rules as written."""
    fields: dict[str, Any] = {k: v if isinstance(v, str) else tuple(v) for k, v in block.items()}
    return TargetWords(**fields)


@lru_cache(maxsize=1)
def default_words() -> TargetWords:
    """The words of the bundled config, for callers outside the pipeline."""
    import spacy

    config = spacy.util.load_config(Path(str(resources.files("innokg.nlp").joinpath("config.cfg")))).interpolate()
    block = {k: v for k, v in config["components"]["innokg_targets"].items() if k != "factory"}
    return _target_words(block)


class TargetFinder:
    def __init__(self, words: TargetWords) -> None:
        self.words = words

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        parsed = doc._.structure if Doc.has_extension("structure") else None
        reports = find_reports(text, parsed.tasks, self.words) if parsed is not None else []
        doc._.targets = find_targets(text, self.words, reports)
        return doc


@dataclass(frozen=True)
class Report:
    """What a progress or ledger column (or a field line) of a task reports: its span, and the
    span of the task (the table row or item) whose targets it reports on."""

    start: int
    end: int
    task_start: int
    task_end: int


def find_reports(text: str, tasks: list[Heading], words: TargetWords | None = None) -> list[Report]:
    r"""The cells under a progress column (进展情况, 完成情况, 工作进展 … as ``report_labels`` say) of
    each table row, and the field lines "进展情况：…" inside each item, in text order.

    >>> from innokg.graph.model import Cell, Heading
    >>> row = "1\t推动高企培育\t高新技术企业突破12000家\t市科技局\t已达到1.4万家"
    >>> labels = ["序号", "重点任务", "目标", "牵头单位", "进展情况"]
    >>> spans = [(m.start(), m.end()) for m in re.finditer(r"[^\t]+", row)]
    >>> cells = [Cell(label=l, start=s, end=e) for l, (s, e) in zip(labels, spans)]
    >>> task = Heading(id="t", doc_id="d", path="1", level=3, number=1, marker="1", title="推动高企培育",
    ...                heading="推动高企培育", start=0, end=len(row), cells=cells)
    >>> [row[r.start:r.end] for r in find_reports(row, [task])]
    ['已达到1.4万家']
    >>> item = "3.建设中试平台。新建10个以上。\n进展情况：已建成6个。\n"
    >>> task = task.model_copy(update={"cells": [], "end": len(item)})
    >>> [item[r.start:r.end] for r in find_reports(item, [task])]
    ['已建成6个。']
    """
    words = words or default_words()
    if not words.report_labels:
        return []
    reports = []
    for task in tasks:
        cells = [c for c in task.cells if _reports(c.label, words)]
        reports += [Report(c.start, c.end, task.start, task.end) for c in cells if c.end > c.start]
        if not task.cells:  # an item's own field lines: "进展情况：…", "完成情况:…"
            for line in REPORT_FIELD.finditer(text, task.start, task.end):
                if _reports(line.group("label"), words) and line.end("text") > line.start("text"):
                    reports.append(Report(line.start("text"), line.end("text"), task.start, task.end))
    return sorted(reports, key=lambda r: r.start)


#: a field line inside an item: a short label, a colon, then what it says up to the line's end
REPORT_FIELD = re.compile(r"(?m)^[ \t\u3000]*(?P<label>[\u4e00-\u9fff]{2,10})[ \t\u3000]*[：:][ \t\u3000]*(?P<text>[^\n]*?)[ \t\u3000]*$")


def _reports(label: str, words: TargetWords) -> bool:
    """Whether a column or field label names what was reported done (read in simplified characters)."""
    return any(word in _simplified(label) for word in words.report_labels)


@lru_cache(maxsize=4096)
def _simplified(label: str) -> str:
    """A label as the pipeline reads it (進展情況 → 进展情况): a table repeats its header in every row."""
    return reading_text(label)[0]


def find_targets(text: str, words: TargetWords | None = None, reports: list[Report] | None = None) -> list[TargetMention]:
    """The targets of ``text``; a number inside one of ``reports`` (:func:`find_reports`) was
    reported done, not set, and each target in a row or item that has a report keeps it."""
    words = words or default_words()
    marked = _Marked(text, words)
    found: list[TargetMention] = []
    reported = _Reports(reports or [])
    for m in QUANTITY.finditer(text):
        if _inside_brackets_or_number(text, m.start()) or reported.inside(m.start()):
            continue
        clause = marked.clause(m.start(), m.end())
        if _no_goal(marked, clause, m, words):
            continue
        tail = re.sub("[,，]", "", m.group("tail") or "") or None
        item = _item(text[clause.item_start(m.start()) : m.start()], words)
        verb = _comparator(item, words)
        respectively = _respectively(clause, m)
        if respectively:
            metric, verb = respectively
        else:
            metric = _metric(item, _words_after(text, m.end(), min(clause.end, m.end() + REACH)), verb, words)
        comparator = f"{verb}…{tail}" if verb and tail else verb or tail  # 提高到…以上
        period = _period(marked, clause, m.start())
        year, deadline = _dating(marked, clause, m.start())
        if not comparator and not period and not deadline and not clause.first_by(words._goal_verb, m.start()):
            continue  # a goal has a comparator, a period, a deadline or a verb of doing
        if not metric and found and found[-1].at >= marked.sentence_start(m.start()):
            metric = found[-1].metric  # "每年新增成交额100亿元，到2024年达到1300亿元": the same measure
        start, end = quoted(clause.start, clause.end, (m.start(), m.end()))  # a clause may list thousands
        found.append(
            TargetMention(
                text=text[start:end].strip(),
                metric=metric,
                value=float(m.group("value")),
                unit=_unit(m.group("unit")),
                comparator=comparator,
                period=period.group(0) if period else None,
                year=year,
                start=start,
                end=end,
                at=m.start(),
                report=reported.of_task(m.start()),
            )
        )
    return found


class _Reports:
    """Reports looked up by position: whether a number stands in one, and the report of the task
    (row or item) a number stands in — the first, where it has several columns of them."""

    def __init__(self, reports: list[Report]) -> None:
        self.reports = reports  # in text order: a task's reports stand in its span, tasks do not overlap
        self.starts = [r.start for r in reports]
        self.task_starts = [r.task_start for r in reports]

    def inside(self, at: int) -> bool:
        i = bisect.bisect_right(self.starts, at) - 1
        return i >= 0 and self.reports[i].start <= at < self.reports[i].end

    def of_task(self, at: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.task_starts, at) - 1
        if i < 0 or not at < self.reports[i].task_end:
            return None
        first = bisect.bisect_left(self.task_starts, self.task_starts[i])  # a task may report in a thousand lines
        return self.reports[first].start, self.reports[first].end


def _unit(unit: str) -> str:
    """The unit as a record keeps it: 个百分点 is 百分点, ％ is %."""
    return "百分点" if unit == "个百分点" else unit.replace("％", "%")


def _no_goal(marked: _Marked, clause: _Clause, m: re.Match, words: TargetWords) -> bool:
    """A number that is a condition, a qualifier, a count of what exists or of a list, a margin
    against the plan or the frame of a goal (the categories in the module's docstring)."""
    text = marked.text
    before_char = text[m.start() - 1] if m.start() > clause.start else ""
    unit, tail = m.group("unit"), re.sub("[,，]", "", m.group("tail") or "")
    next_char = text[m.end() : m.end() + 1]
    item_after = marked.item_after(m.end(), min(clause.end, m.end() + REACH))
    if unit == "个" and next_char == "月":
        return True  # 6个月以上: a duration
    if not tail and next_char == "级":
        return True  # 5万吨级以上: the class of what is counted
    if unit in TIME_UNITS and not tail and re.match(r"[\u4e00-\u9fff]", next_char) and next_char not in "内的":
        return True  # 24小时自助服务区
    if tail in ("以下", "以内") and item_after.strip() and not item_after.startswith(("的目标", "目标")):
        return True  # 10万元以下贷款, 400万元以下的工程采购项目: who qualifies
    if item_after.removeprefix("的").startswith(words.condition_words):
        return True  # 1家符合条件的…
    if tail in ("以上", "以下") and _later_quantity(item_after):
        return True  # 10亿元以上制造业重大项目611个: the first number qualifies the second's noun
    item = text[clause.item_start(m.start()) : m.start()]
    if words._cap.search(item):
        return True  # 最高贷款额度为300万元, 累计不超过3次
    if "按" in item and before_char == "的":
        return True  # 按不低于合同金额的40%设定: how a payment is computed
    if words._existing.search(item.rstrip()):
        return True  # 建强在汉7个湖北实验室
    if re.search(r"已[\u4e00-\u9fff]", item):
        return True  # 已建成的11万吨…工程, 已完成26件, 已开工事项65件
    if before_char == "等":
        return True  # 国家发改委、市场监管总局等14个部委: the count of a list
    if clause.conditional:
        return True  # "…达到职工人数25%…并与其签订劳动合同的，可申请…": the condition of a benefit
    if clause.structural or words._plan.search(item):
        return True  # 分解为15项工作目标; 比年度计划增加14亿元
    if clause.framed:
        return True  # 在年计划新建26公里绿道基础上
    full = marked.full_sentence_start(m.start())
    return text[full : full + 8].lstrip().startswith(words.status_openings)  # 截至10月31日，…


def _later_quantity(item_after: str) -> bool:
    """Another number of count or measure follows in the same item, with no bracket between
    ("…以上生产性深水泊位2个"; not "260万吨（其中集装箱14万标箱）")."""
    m = re.match(r"(?:以上|以下)?([^（(]{1,24}?)\d", item_after)
    return m is not None and bool(QUANTITY.match(item_after, m.end() - 1))


#: how far from its number a target's words are read: its list item back, the words after it
#: forward. The longest item before a number in the shared corpus is 60 characters; no plan writes
#: 1,000 characters without a 、 or a mark that ends a clause. A clause of thousands of numbers with
#: no 、 between them would otherwise be read again up to each.
REACH = 1000


class _Found:
    """The matches of a pattern in a sentence, found once for all the numbers in it (a sentence
    may hold thousands). Those that end by a number are what a search of the sentence up to the
    number finds, because no match crosses a number's first digit: the patterns' only digits
    are years (到2024年), no quantity starts inside one, and the word lists hold no digits
    (``TargetWords`` refuses them; ``tests/nlp/test_targets.py`` compares the two)."""

    def __init__(self, matches: list[re.Match[str]], offset: int = 0) -> None:
        self.matches = matches  # found in a slice of the text from ``offset``: their positions are the slice's
        self._ends = [m.end() + offset for m in matches]  # … and these the text's

    def first_by(self, at: int) -> re.Match[str] | None:
        """The first match, if it ends by ``at``: what ``pattern.search(text, start, at)`` finds."""
        return self.matches[0] if self.matches and self._ends[0] <= at else None

    def last_by(self, at: int) -> re.Match[str] | None:
        """The last match that ends by ``at``."""
        i = bisect.bisect_right(self._ends, at)
        return self.matches[i - 1] if i else None


class _Clause:
    """A clause a number is written in, read once for all the numbers in it: the first word of
    each kind in it (a period, a deadline, a verb of doing, 分别…), found when first asked for."""

    def __init__(self, text: str, start: int, end: int, words: TargetWords) -> None:
        self.text, self.start, self.end, self.words = text, start, end, words
        self._first: dict[re.Pattern[str], re.Match[str] | None] = {}
        ending = text[start:end].rstrip()
        # "…并与其签订劳动合同的，可申请…": it states who qualifies
        self.conditional = ending.endswith("的") and text[end : end + 1] in ("，", ",")
        self.framed = ending.endswith(words.frame_ends)  # 在年计划新建26公里绿道基础上: the frame of a goal

    def first(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        if pattern not in self._first:
            self._first[pattern] = pattern.search(self.text, self.start, self.end)
        return self._first[pattern]

    def first_by(self, pattern: re.Pattern[str], at: int) -> re.Match[str] | None:
        """The clause's first match, if it ends by ``at``: what a search of the clause up to the
        number at ``at`` finds, since no match crosses a number's first digit (see ``_Found``)."""
        m = self.first(pattern)
        return m if m is not None and m.end() <= at else None

    def item_start(self, at: int) -> int:
        """Where the list item holding ``at`` starts: after the clause's last 、 outside brackets,
        at most ``REACH`` back. The 、 are found once: a clause may list a thousand items."""
        i = bisect.bisect_left(self._list_marks, at) - 1
        return max(self._list_marks[i] + 1 if i >= 0 else self.start, at - REACH)

    @cached_property
    def _list_marks(self) -> list[int]:
        """Its 、 outside brackets."""
        return _top_level_marks(self.text, self.start, self.end, "、")

    @cached_property
    def respectively(self) -> _Respectively | None:
        """Its "A、B分别达到x、y" read, once for all its numbers (there is one where a number asks)."""
        r = self.first(self.words._respectively)
        return _read_respectively(self.text, self.start, self.end, r, self.words) if r else None

    @cached_property
    def structural(self) -> bool:
        """分解为15项工作目标: it says how the plan is divided (the rule as written, searched in the
        clause alone); asked of few clauses, so searched when first asked."""
        return self.words._structure.search(self.text[self.start : self.end]) is not None


class _Marked:
    """A text with the places of its clause and sentence marks and the years its paragraphs open
    with, looked up by bisection, and each clause and sentence read once: a run-on page of a
    million characters, or one clause of thousands of numbers, is read in linear time."""

    def __init__(self, text: str, words: TargetWords) -> None:
        self.text, self.words = text, words
        self._clause = Marks(text, CLAUSE_MARKS)
        self._sentence = Marks(text, "。；\n")
        self._full = Marks(text, "。\n")
        self._list = Marks(text, "、")
        self.openings = _OpeningYears(text)
        self._clauses: dict[tuple[int, int], _Clause] = {}  # by span: a mark inside a number (50项以,上) ends the clause before it
        self._periods: dict[int, _Found] = {}  # 每年 … carried in a sentence, by where it starts
        self._deadline_clauses: dict[int, _Found] = {}  # "到2022年，" in a full sentence, by where it starts

    def clause(self, start: int, end: int) -> _Clause:
        """The clause a number is written in: between the marks around it."""
        stop = self._clause.first_from(end)
        span = self._clause.last_before(start) + 1, len(self.text) if stop is None else stop
        if span not in self._clauses:
            self._clauses[span] = _Clause(self.text, *span, self.words)
        return self._clauses[span]

    def carried_periods(self, at: int) -> _Found:
        """The periods of the sentence around ``at`` that a later clause may carry (not 年均)."""
        start = self.sentence_start(at)
        if start not in self._periods:
            stop = self._sentence.first_from(at)
            periods = PERIOD.finditer(self.text, start, len(self.text) if stop is None else stop)
            self._periods[start] = _Found([p for p in periods if p.group(0) not in OWN_PERIODS])
        return self._periods[start]

    def deadline_clauses(self, at: int) -> _Found:
        """The clauses that are only a deadline ("，到2022年，") in the full sentence around ``at``."""
        start = self.full_sentence_start(at)
        if start not in self._deadline_clauses:
            stop = self._full.first_from(at)
            sentence = self.text[start : len(self.text) if stop is None else stop]  # a slice: ^ is its start
            self._deadline_clauses[start] = _Found(list(DEADLINE_CLAUSE.finditer(sentence)), offset=start)
        return self._deadline_clauses[start]

    def item_after(self, at: int, end: int) -> str:
        """The words after a number (ending at ``at``) up to the next item of its list, or ``end``."""
        stop = self._list.first_from(at)
        return self.text[at : end if stop is None else min(stop, end)]

    def sentence_start(self, at: int) -> int:
        return self._sentence.last_before(at) + 1

    def full_sentence_start(self, at: int) -> int:
        """The start of the sentence up to its full stop: a deadline before a ； still governs."""
        return self._full.last_before(at) + 1


def _period(marked: _Marked, clause: _Clause, at: int) -> re.Match | None:
    """每年 / 累计 / 到2024年 in the target's own clause; else, unless the clause has a deadline of
    its own ("每年新增…100亿元，到2024年达到1300亿元"), the one said earlier in its sentence
    (but not a 年均 bound to the verb of another clause)."""
    own = clause.first(PERIOD)
    if own or clause.first_by(DEADLINE, at):
        return own
    return marked.carried_periods(at).first_by(at)


def _inside_brackets_or_number(text: str, start: int) -> bool:
    """Numbers in 文号 (〔2021〕26号), years and ordinals are not targets."""
    before = text[max(0, start - 3) : start]
    return before.endswith(("〕", "第", "“")) or (start > 0 and text[start - 1].isdigit())


def _item(item: str, words: TargetWords) -> str:
    """The words of the number's own list item (``item``: after the last 、 of its clause): after
    the last heading marker or heading title (目标任务), and inside an open bracket
    ("（其中集装箱14万标箱）")."""
    markers = list(MARKER.finditer(item))
    if markers:
        item = item[markers[-1].end() :]
    opened = max(item.rfind("（"), item.rfind("("))
    if opened > max(item.rfind("）"), item.rfind(")")):
        item = item[opened + 1 :].removeprefix("其中")
    item = item.strip()
    if words._titles is not None:
        item = words._titles.sub("", item)
    return item


def _comparator(item: str, words: TargetWords) -> str | None:
    """The comparator nearest the number in its item: 突破, 新增, 提高到 … anywhere; 为 / 达 / 超
    only right before the number; a baseline before a change stays with it (比上年增长)."""
    found = next(iter(deque(words._comparator.finditer(item), maxlen=1)), None)  # the last: their ends only grow
    if adjacent := words._adjacent.search(item):
        if found is None or found.end() < adjacent.start():
            return adjacent.group(0)
    if found is None:
        return None
    verb = found.group(0)
    if baseline := BASELINE.search(item[: found.start()]):
        return f"比{baseline.group(1)}{verb}"
    return verb


def _strip(phrase: str, words: TargetWords) -> str:
    """A metric without the words that open or close it but name nothing counted."""
    phrase = phrase.strip(" \u3000、，,")
    while (m := words._leading.match(phrase)) and len(phrase) - m.end() >= 2:
        phrase = phrase[m.end() :]
    # a trailing word ends the phrase: looked for only where it can start (a long phrase closes with many)
    while (m := words._trailing.search(phrase, max(0, len(phrase) - words._trailing_reach))) and m.start() >= 2:
        phrase = phrase[: m.start()]
    phrase = BASELINE.sub("", phrase)
    return phrase.strip(" \u3000")


#: what ends the words a number counts: the list's next item, or a verb's object (10名业务骨干|到有需求的…)
AFTER_STOP = re.compile(r"[、把将对向到给]")


def _words_after(text: str, start: int, end: int) -> str:
    """The words after a number (from ``start``) up to the next stop in its clause (up to ``end``),
    without the spaces around them: only as far as the stop is read."""
    stop = AFTER_STOP.search(text, start, end)
    return text[start : stop.start()].lstrip() if stop else text[start:end].strip()


def _metric(item: str, after: str, comparator: str | None, words: TargetWords) -> str:
    """The thing counted: the words after the number (``after``: :func:`_words_after`), else those
    of its item around the comparator ("高新技术企业数量|突破", "新增|公共停车泊位", "城镇|新增|就业")."""
    if after.count(")") + after.count("）") > after.count("(") + after.count("（"):
        after = re.split(r"[)）](?![^(（]*[(（])", after, maxsplit=1)[0]  # a bracket the number stood in closes
    for tail in TAILS:
        after = after.removeprefix(tail)
    after = after.removeprefix("的")
    named = len(after) > 1 and not after.startswith(("（", "(")) and after not in NO_METRIC
    if named and len(after) <= 16:
        return after
    before = _metric_before(item, comparator, words)
    return before if before or not named else after  # a long name after the number, if nothing else names it


def _metric_before(item: str, comparator: str | None, words: TargetWords) -> str:
    verb = comparator.removeprefix("比") if comparator else None
    if verb:
        verb = re.sub(r"^(上年|上一年|去年|同期|20\d\d年)(同期)?", "", verb)
    at = item.rfind(verb) if verb else -1
    if not verb or at < 0:
        phrase = _strip(item, words)
        return "" if PERIOD.fullmatch(phrase) or words._leading.fullmatch(phrase) else phrase
    pre, post = _strip(item[:at], words), _strip(item[at + len(verb) :], words)
    if words._leading.fullmatch(pre) or PERIOD.fullmatch(pre):
        pre = ""
    if words._leading.fullmatch(post):
        post = ""
    if pre and post:
        return pre + verb + post  # 城镇新增就业
    return post or pre


@dataclass
class _Respectively:
    """One "A、B分别达到x、y" clause read: each number's metric (by where the number starts), and the verb."""

    metric_at: dict[int, str]
    verb: str


def _respectively(clause: _Clause, m: re.Match) -> tuple[str, str] | None:
    """"A、B比2013年分别下降15%、10%以上": the i-th number after 分别 is the i-th metric's. Each
    clause is read once (``_Clause.respectively``): it may list a thousand metrics and their numbers."""
    if not clause.first_by(clause.words._respectively, m.start()):
        return None
    read = clause.respectively
    metric = read.metric_at.get(m.start()) if read else None
    return (metric, read.verb) if read and metric is not None else None


def _read_respectively(text: str, c_start: int, c_end: int, r: re.Match, words: TargetWords) -> _Respectively | None:
    values = [q.start() for q in QUANTITY.finditer(text, r.end(), c_end)]
    head = text[c_start : r.start()]
    baseline = BASELINE.search(head + "分别")
    if baseline:
        head = head[: baseline.start()]
    metrics = [_strip(part, words) for part in _top_level_parts(head, "、")]
    if len(metrics) != len(values):
        return None
    if len({metric[-1:] for metric in metrics}) > 1:
        # "花生种植、收获机械化率分别达到65%和55%": the parts share one head; each value is the list's
        metrics = [_strip(head, words)] * len(values)
    verb = f"比{baseline.group(1)}{r.group(1)}" if baseline else r.group(1)
    return _Respectively(dict(zip(values, metrics)), verb)


#: a deadline in the words before a number: 到2024年, 2020年底前, 2022年前
DEADLINE = re.compile(r"到(20\d\d)年|(20\d\d)年(?:底|前)")
#: a sentence or paragraph that opens with a year dates every goal in it: "到2025年，…", "2022年，…"
OPENING_YEAR = re.compile(r"\s*(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.．])?\s*到?(20\d\d)年(?:底|前)?[，,：:]")
#: a clause that is only a deadline ("…的原则，到2022年，完成50个…") dates the clauses after it
DEADLINE_CLAUSE = re.compile(r"(?:^|[，,；;])\s*(?:力争|争取|预计)?到?(20\d\d)年(?:底|前)?(?=[，,：:])")
#: a heading that starts a sentence ends what the paragraph's opening year dated ("。三、主要任务")
HEADING_AFTER_STOP = re.compile(r"\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def _dated(m: re.Match) -> tuple[int, bool]:
    """The year of a match and whether it is written as a deadline (到2027年, 2020年底前)."""
    return int(m.group(1) or m.group(2)), bool(re.search(r"到|底|前", m.group(0)))


class _OpeningYears:
    """The year each paragraph or sentence of a text opens with ("到2025年，…"): it dates what
    follows in the paragraph until a later sentence opens with another year or a heading
    ("。三、主要任务"). Read once per text; looked up by position."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.years: list[tuple[int | None, bool]] = []
        stops = ((m.end(), m.group(0) == "\n") for m in re.finditer(r"[\n。]", text))
        for start, paragraph in [(0, True), *stops]:
            year: tuple[int | None, bool]
            if m := OPENING_YEAR.match(text, start):
                year = _dated(m)
            elif paragraph or HEADING_AFTER_STOP.match(text, start):
                year = (None, False)
            else:
                continue
            self.starts.append(start)
            self.years.append(year)

    def at(self, position: int) -> tuple[int | None, bool]:
        i = bisect.bisect_right(self.starts, position) - 1
        return self.years[i] if i >= 0 else (None, False)


def _dating(marked: _Marked, clause: _Clause, number_start: int) -> tuple[int | None, bool]:
    """The deadline in the target's clause or sentence, else the year its paragraph or a sentence
    before it opens with; and whether that year is written as a deadline rather than as the
    year of a report (a paragraph dated 到2027年 states goals)."""
    if m := clause.first_by(DEADLINE, number_start):
        return _dated(m)
    if m := marked.deadline_clauses(number_start).last_by(number_start):
        return _dated(m)
    return marked.openings.at(number_start)


def _top_level_parts(text: str, mark: str) -> list[str]:
    """``text`` cut at every ``mark`` outside brackets."""
    cuts = _top_level_marks(text, 0, len(text), mark)
    return [text[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(text)])]


def _top_level_marks(text: str, start: int, end: int, mark: str) -> list[int]:
    """Where ``mark`` stands outside brackets in ``text[start:end]`` (brackets opened before
    ``start`` do not count)."""
    marks, depth = [], 0
    for i in range(start, end):
        ch = text[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        elif ch == mark and depth == 0:
            marks.append(i)
    return marks
