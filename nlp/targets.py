"""Quantitative targets: "高新技术企业数量突破12000家", "每年新增…100亿元，到2024年达到1300亿元".

A number with a unit of count or money is a target when the words around it make it a goal:
a comparator (超过, 突破, 达到, 以上, 不少于 …), a period (每年, 累计) or a deadline (到2024年)
in the same clause. Each target keeps the thing counted (its metric), value, unit, comparator,
period and year, and the span of the words it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from innokg.nlp.script import text_of
from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("targets"):
    Doc.set_extension("targets", default=None)

#: what is counted, measured or paid; a magnitude before it stays in the unit ("25万户" → 25 万户)
BASE_UNITS = (
    "平方公里|平方米|公里|千米|km|米|千瓦时|千瓦|千伏|兆瓦|Mbps|Gbps|标箱|吨|亩|公顷|元|美元|"
    "人次|户次|家|个|项|名|场|所|条|件|人|批|台|套|门|座|辆|艘|架|张|栋|间|户|床|种|篇|部|支|处|次|倍|"
    "小时|天|大"
)
MAGNITUDE = "万亿|千万|百万|十万|万|亿|千|百"
UNITS = rf"(?:{MAGNITUDE})?(?:{BASE_UNITS})|%|％"
#: 以上 / 左右 … after the unit; a stray comma inside it ("50项以,上", as printed) is tolerated
QUANTITY = re.compile(rf"(?P<value>\d+(?:\.\d+)?)(?P<unit>{UNITS})(?P<tail>以[,，]?上|左右|以内|以下)?")
COMPARATORS = (
    "超过", "突破", "达到", "提高到", "提升到", "提高至", "提升至", "增长到", "增加到", "不少于", "不低于",
    "新增", "累计", "增加", "超", "达", "为",
)
TAILS = ("以上", "左右", "以内", "以下")
#: A number after one of these verbs in its clause is a goal ("布局建设创新街区85个").
GOAL_VERBS = re.compile(
    r"建设|新建|建成|建强|布局|培育|培养|引进|集聚|发布|举办|实施|打造|支持|促成|推动|推进|更新|完成|实现|确保|力争|"
    r"改造|开通|开工|投产|新增|增加|提升|提高|达到"
)
PERIOD = re.compile(r"每年|累计|年均|全年|年内|到(20\d\d)年|(20\d\d)年(底|前)")
#: Verbs that introduce the thing counted when it comes after the number ("新建工业互联网平台15个" has it before).
LEADING_VERBS = re.compile(
    r"^(力争|推动|支持|促成|实现|确保|全市|每年|累计|新增|新建|建设|建成|培育|培养|引进|集聚|布局建设|布局|"
    r"发布|举办|实施|推进|打造|备案|开放|认定|评价入库|入库)+"
)
CLAUSE_MARKS = "，。；：,;:！？\n"


@dataclass
class TargetMention:
    text: str
    metric: str
    value: float
    unit: str
    comparator: str | None
    period: str | None
    year: int | None
    start: int  # the clause the target was read from
    end: int
    at: int  # where its number is written


@Language.factory("innokg_targets", assigns=["doc._.targets"])
def make_targets(nlp: Language, name: str) -> TargetFinder:
    return TargetFinder()


class TargetFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.targets = find_targets(text_of(doc))
        return doc


def find_targets(text: str) -> list[TargetMention]:
    found = []
    for m in QUANTITY.finditer(text):
        if _inside_brackets_or_number(text, m.start()):
            continue
        c_start, c_end = _clause(text, m.start(), m.end())
        tail = re.sub("[,，]", "", m.group("tail") or "") or None
        before, after = text[c_start : m.start()], text[m.end() : c_end]
        sentence_start = _sentence_start(text, m.start())
        verb = next((c for c in COMPARATORS if c in before[-8:]), None)
        comparator = f"{verb}…{tail}" if verb and tail else verb or tail  # 提高到…以上
        period = _period(text, sentence_start, c_start, c_end, m.start())
        if not comparator and not period and not GOAL_VERBS.search(before):
            continue
        metric = _metric(before, after, verb)
        if not metric and found and found[-1].end >= sentence_start:
            metric = found[-1].metric  # "每年新增成交额100亿元，到2024年达到1300亿元": the same measure
        found.append(
            TargetMention(
                text=text[c_start:c_end].strip(),
                metric=metric,
                value=float(m.group("value")),
                unit=m.group("unit").replace("％", "%"),
                comparator=comparator,
                period=period.group(0) if period else None,
                year=_year(text, c_start, m.start()),
                start=c_start,
                end=c_end,
                at=m.start(),
            )
        )
    return found


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((text.rfind(ch, 0, start) for ch in CLAUSE_MARKS), default=-1) + 1
    rights = [i for i in (text.find(ch, end) for ch in CLAUSE_MARKS) if i >= 0]
    return left, min(rights) if rights else len(text)


def _period(text: str, sentence: int, c_start: int, c_end: int, at: int) -> re.Match | None:
    """每年 / 累计 / 到2024年 in the target's own clause; else, unless the clause has a deadline of
    its own ("每年新增…100亿元，到2024年达到1300亿元"), the one said earlier in its sentence."""
    own = PERIOD.search(text, c_start, c_end)
    if own or DEADLINE.search(text, c_start, at):
        return own
    return PERIOD.search(text, sentence, at)


def _sentence_start(text: str, start: int) -> int:
    return max(text.rfind(ch, 0, start) for ch in "。；\n") + 1


def _inside_brackets_or_number(text: str, start: int) -> bool:
    """Numbers in 文号 (〔2021〕26号), years and ordinals are not targets."""
    before = text[max(0, start - 3) : start]
    return before.endswith(("〕", "第", "“")) or (start > 0 and text[start - 1].isdigit())


def _metric(before: str, after: str, comparator: str | None) -> str:
    """The thing counted: the words after the number, else those before the comparator."""
    after = re.split(r"[、把将对向]", after.strip(), maxsplit=1)[0]
    after = re.split(r"[)）](?![^(（]*[(（])", after, maxsplit=1)[0] if after.count(")") + after.count("）") > after.count("(") + after.count("（") else after
    before = _after_last_top_level(before, "、")
    for tail in TAILS:
        after = after.removeprefix(tail)
    after = after.removeprefix("的")
    if 1 < len(after) <= 16:
        return after
    if comparator and comparator in before:
        before = before[: before.rfind(comparator)]
    before = re.sub(r"(每年|累计|年均|到20\d\d年)+$", "", LEADING_VERBS.sub("", before.strip()))
    return "" if PERIOD.fullmatch(before) else before


#: a deadline in the words before a number: 到2024年, 2020年底前, 2022年前
DEADLINE = re.compile(r"到(20\d\d)年|(20\d\d)年(?:底|前)")
#: a sentence or paragraph that opens with a year dates every goal in it: "到2025年，…", "2022年，…"
OPENING_YEAR = re.compile(r"\s*(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.．])?\s*到?(20\d\d)年(?:底|前)?[，,：:]")
#: a clause that is only a deadline ("…的原则，到2022年，完成50个…") dates the clauses after it
DEADLINE_CLAUSE = re.compile(r"(?:^|[，,；;])\s*(?:力争|争取|预计)?到?(20\d\d)年(?:底|前)?(?=[，,：:])")


def _year(text: str, clause_start: int, number_start: int) -> int | None:
    """The deadline in the target's clause, or the year its sentence or paragraph opens with."""
    m = DEADLINE.search(text, clause_start, number_start)
    if m:
        return int(m.group(1) or m.group(2))
    sentence = _sentence_start(text, number_start)
    clauses = list(DEADLINE_CLAUSE.finditer(text[sentence:number_start]))
    if clauses:
        return int(clauses[-1].group(1))
    if m := OPENING_YEAR.match(text, text.rfind("\n", 0, number_start) + 1, number_start):
        return int(m.group(1))
    return None


def _after_last_top_level(text: str, mark: str) -> str:
    """What follows the last ``mark`` outside brackets: the list item a number belongs to."""
    depth, cut = 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        elif ch == mark and depth == 0:
            cut = i + 1
    return text[cut:]
