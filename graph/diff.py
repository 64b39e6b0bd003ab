"""Two editions of a plan compared (``innokg diff A B``, ``GET /diff``): which task became which,
what was added and removed, whose responsibility changed, which targets moved.

Each edition's tasks, units and targets come from the store (``document_facts``: the embedded
store's graph, or one Cypher query), as every answer does, so both stores compare alike. Tasks
are matched one to one (:func:`scipy.optimize.linear_sum_assignment` on the 匹配度 of every
pair): the 匹配度 weighs how alike the titles are (:func:`title_similarity`: two-character words
in any order, and characters in order) against how alike the sections above them are
(:func:`section_similarity`); two tasks below :data:`THRESHOLD` are not matched. Targets are
matched the same way by their metric and unit of measure.

>>> from innokg.stores import example_editions
>>> store, (a, b) = example_editions()
>>> d = diff(store, a, b)
>>> d.counts["added"], d.counts["removed"], d.counts["targets_changed"] > 0
(2, 1, True)
>>> pair = next(p for p in d.pairs if p.a.task.title == "建设重大科技基础设施群")
>>> pair.status.value, [(u.role.cn, u.change.cn, u.unit.name) for u in pair.units if u.role == Role.LEAD]
('unchanged', [('牵头', '新增', '市科技局'), ('牵头', '删除', '市发改委')])
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
from rapidfuzz.distance import Indel

from innokg.graph.model import DocumentInfo, Evidence, Role, key
from innokg.graph.model.answers import DocumentRef, TargetAnswer, TaskAnswer
from innokg.graph.model.diff import EditionDiff, EditionTask, TargetChange, TaskPair, TextPiece, UnitChange
from innokg.graph.model.errors import InputError, NotFound, TooLarge
from innokg.graph.model.names import short_title
from innokg.graph.model.vocab import Change
from innokg.graph.questions import documents_named, require_graph
from innokg.graph.store import GraphStore

#: 匹配度 (0–100) below which two tasks, or two targets, are not matched. Measured (tests/graph/
#: test_diff.py, README 版本对比): the true pairs of our editions score 75–100 and their best wrong
#: candidate 49.8; in a real plan and its implementing opinions (Pingtan 2015/2016) the true pairs
#: score 53–87 and one wrong pair 63 (two titles sharing 加强海洋生态文明…建设), every other wrong
#: candidate 51 or less; between a plan and a year's work points 51 (arguably right) and 50 (wrong);
#: two years of work-report divisions that share no task 45 and 24 at most. Below 52 a pair is
#: more likely wrong than right.
THRESHOLD = 52.0
#: how much a task's title weighs in its 匹配度; the sections above it weigh the rest
TITLE_WEIGHT = 0.8
#: how much the sections' titles weigh in the section agreement; the task's number the rest
SECTION_TITLES_WEIGHT = 0.75
#: how much a target's metric weighs in its 匹配度; the same unit of measure the rest
METRIC_WEIGHT = 0.8
#: pairs of tasks (or of targets) compared at most: two editions of 500 tasks each, some 2 s.
#: Real plans have tens to a couple of hundred; the matching grows faster than quadratic.
MAX_PAIRS = 250_000
#: a target's fields compared, in the order a change lists them
TARGET_FIELDS = ("value", "unit", "comparator", "year")


def diff(store: GraphStore, a: str, b: str, threshold: float = THRESHOLD) -> EditionDiff:
    """Compare two editions, named by id or by (part of) their titles: A the earlier, B the later."""
    require_graph(store)
    first, second = edition(store, find_document(store, a).id), edition(store, find_document(store, b).id)
    _within_limit(first, second)
    pairs, added, removed = match_tasks(first.tasks, second.tasks, threshold)
    return EditionDiff(
        a=first.document,
        b=second.document,
        threshold=threshold,
        pairs=[_pair(x, y, score) for x, y, score in pairs],
        added=[t.entry for t in added],
        removed=[t.entry for t in removed],
        targets=match_targets(first.targets, second.targets, threshold),
    )


def _within_limit(first: Edition, second: Edition) -> None:
    """Refuse two editions whose tasks (or targets) are too many to compare every pair: the
    matching scores each pair and solves an assignment, more than quadratic in their number."""
    for what, x, y in (("任务", first.tasks, second.tasks), ("量化目标", first.targets, second.targets)):
        if len(x) * len(y) > MAX_PAIRS:
            raise TooLarge(
                f"两个版本各有 {len(x)}、{len(y)} 项{what}，逐对比较 {len(x) * len(y):,} 次，超出上限 {MAX_PAIRS:,} 次",
                source=f"{first.document.id} / {second.document.id}",
            )


def find_document(store: GraphStore, words: str) -> DocumentInfo:
    """The one document ``words`` names: its id, or words of its title that no other title holds
    (two editions share most of a title: the year or the id tells them apart)."""
    named = documents_named(store, words)
    if not named:
        raise NotFound(f"图谱中没有文档“{words}”（innokg doc 列出全部文档）")
    whole = [d for d in named if key(words) in (key(d.title), key(short_title(d.title)))]
    if len(named) > 1 and len(whole) != 1:
        listed = "；".join(f"{d.title}（{d.id}）" for d in named[:5])
        raise InputError(f"“{words}”可指 {len(named)} 个文档：{listed}。请写出文档标识或标题中能区分它们的字（如年份）")
    return whole[0] if len(named) > 1 else named[0]


# ------------------------------------------------------------------ one edition, from the store


@dataclass
class Task:
    """A task of one edition as the comparison reads it."""

    answer: TaskAnswer
    entry: EditionTask

    @cached_property
    def title(self) -> str:
        return _letters(self.answer.task.title)

    @cached_property
    def title_words(self) -> Counter[str]:
        return _words(self.title)

    @cached_property
    def above(self) -> str:
        """The titles of the sections above the task, as one text."""
        return "".join(s.title for s in self.answer.sections)

    @cached_property
    def words(self) -> str:
        """The task's text after its title, without the clauses naming its units: what a
        rewording of the text changes (a new number before the title, or a lead changed, is no
        rewording; the title is compared on its own)."""
        text, start = self.entry.evidence.quote, self.entry.evidence.start
        for clause in sorted(self.entry.attributions, key=lambda e: -e.start):
            text = text[: max(clause.start - start, 0)] + text[clause.end - start :]
        title = self.answer.task.title
        at = text.find(title)
        return text[at + len(title) :] if at >= 0 else text


@dataclass
class Edition:
    document: DocumentRef
    tasks: list[Task] = field(default_factory=list)
    targets: list[TargetAnswer] = field(default_factory=list)


def edition(store: GraphStore, doc_id: str) -> Edition:
    """A document's tasks (who is responsible, where, with evidence) and targets, in document order."""
    view = store.queries().document_facts(doc_id)
    found = Edition(DocumentRef(id=doc_id, title=view.node(doc_id).name))
    for ref in view.tasks():
        if ref.doc_id != doc_id:
            continue
        answer, node = view.task_answer(ref.id), view.node(ref.id)
        clauses = {u.evidence.start: u.evidence for u in (*answer.lead, *answer.co, *answer.guides)}
        entry = EditionTask(
            task=answer.task,
            sections=answer.sections,
            lead=[u.unit for u in answer.lead],
            co=[u.unit for u in answer.co],
            guides=[u.unit for u in answer.guides],
            evidence=Evidence(doc_id=doc_id, start=node.start, end=node.end, quote=node.text),
            attributions=[clauses[s] for s in sorted(clauses)],
        )
        found.tasks.append(Task(answer, entry))
    found.targets = view.targets([t.answer.task.id for t in found.tasks]) if found.tasks else []
    return found


# ------------------------------------------------------------------ how alike


def _letters(text: str) -> str:
    """The text as titles are compared: normalised (:func:`key`), letters and digits only."""
    return "".join(ch for ch in key(text) if ch.isalnum())


def _words(letters: str) -> Counter[str]:
    """Its two-character words (every adjacent pair: most Chinese words are two characters)."""
    return Counter(letters[i : i + 2] for i in range(len(letters) - 1)) if len(letters) > 1 else Counter(letters)


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are (0–1), whatever their order and with words added or reworded:
    the better of the two-character words they share (the mean of Dice's coefficient and of the
    share of the shorter title's words found in the other, in any order) and of their characters
    in order (the length of their longest common subsequence against both lengths).

    >>> title_similarity("建设重大科技基础设施群", "建设重大科技基础设施群")
    1.0
    >>> round(title_similarity("突破性发展数字经济", "推动数字经济突破性发展"), 2)  # reordered
    0.83
    >>> round(title_similarity("促进科技型中小企业快速生长", "推动科技型中小企业加快成长"), 2)  # reworded
    0.69
    >>> round(title_similarity("建设重大科技基础设施群", "培养卓越工程师队伍"), 2)
    0.0
    """
    x, y = _letters(a), _letters(b)
    return _similarity(x, y, _words(x), _words(y))


def _similarity(x: str, y: str, wx: Counter[str], wy: Counter[str]) -> float:
    if not x or not y:
        return float(x == y)
    shared = sum((wx & wy).values())
    size_x, size_y = sum(wx.values()), sum(wy.values())
    by_words = (2 * shared / (size_x + size_y) + shared / min(size_x, size_y)) / 2
    in_order = Indel.normalized_similarity(x, y)  # 2 × longest common subsequence / both lengths
    return max(by_words, in_order)


def section_similarity(a: TaskAnswer, b: TaskAnswer) -> float:
    """How alike the places of two tasks are (0–1): the titles of the sections above them, and
    (weighing less: an item added earlier renumbers the rest) the task's number.

    >>> from innokg.stores import example_editions
    >>> store, (a, b) = example_editions()
    >>> x = [t.answer for t in edition(store, a).tasks if t.answer.task.path == "二/(三)/1"][0]
    >>> y = [t.answer for t in edition(store, b).tasks if t.answer.task.path == "二/(三)/2"][0]
    >>> section_similarity(x, y)  # one section, another number
    0.75
    """
    above_a, above_b = ("".join(s.title for s in t.sections) for t in (a, b))
    return _section_similarity(above_a, above_b, a.task.path == b.task.path)


@lru_cache(maxsize=65536)
def _section_similarity(above_a: str, above_b: str, same_number: bool) -> float:
    """(Cached: a plan has far fewer sections than pairs of tasks.)"""
    if above_a and above_b:
        titles = title_similarity(above_a, above_b)
    else:
        titles = float(not above_a and not above_b)  # both directly under the document
    return SECTION_TITLES_WEIGHT * titles + (1 - SECTION_TITLES_WEIGHT) * same_number


def match_score(a: Task, b: Task) -> tuple[float, float, float]:
    """The 匹配度 (0–100) of two tasks, with its title and section parts (0–100 each)."""
    title = _similarity(a.title, b.title, a.title_words, b.title_words)
    section = _section_similarity(a.above, b.above, a.answer.task.path == b.answer.task.path)
    return 100 * (TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * section), 100 * title, 100 * section


def match_tasks(a: list[Task], b: list[Task], threshold: float = THRESHOLD) -> tuple[list[tuple[Task, Task, float]], list[Task], list[Task]]:
    """Tasks matched one to one (the assignment with the greatest total 匹配度, pairs below
    ``threshold`` left out), in B's order; B's tasks left over (added) and A's (removed)."""
    scores = np.array([[match_score(x, y)[0] for y in b] for x in a]).reshape(len(a), len(b))
    pairs = _assigned(scores, threshold)
    matched = [(a[i], b[j], float(scores[i, j])) for i, j in sorted(pairs, key=lambda p: p[1])]
    used_a, used_b = {i for i, _ in pairs}, {j for _, j in pairs}
    return matched, [y for j, y in enumerate(b) if j not in used_b], [x for i, x in enumerate(a) if i not in used_a]


def _assigned(scores: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """The one-to-one assignment of rows to columns with the greatest total score, counting
    only scores at or above ``threshold`` (a weak pair must not displace a strong one)."""
    if not scores.size:
        return []
    kept = np.where(scores >= threshold, scores, 0.0)
    from scipy.optimize import linear_sum_assignment  # here: scipy takes 0.35 s to import, every command would pay it

    rows, columns = linear_sum_assignment(kept, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, columns) if kept[i, j] > 0]


# ------------------------------------------------------------------ what changed


def _pair(a: Task, b: Task, score: float) -> TaskPair:
    _, title, section = match_score(a, b)
    same_title, same_words = a.title == b.title, _letters(a.words) == _letters(b.words)
    title_a, title_b = changed_pieces(a.answer.task.title, b.answer.task.title)
    text_a, text_b = ([], []) if same_words else changed_pieces(a.words, b.words)
    return TaskPair(
        a=a.entry,
        b=b.entry,
        score=round(score, 1),
        title_score=round(title, 1),
        section_score=round(section, 1),
        status=Change.UNCHANGED if same_title and same_words else Change.REWORDED,
        moved=a.answer.task.path != b.answer.task.path or [s.title for s in a.answer.sections] != [s.title for s in b.answer.sections],
        title_a=title_a,
        title_b=title_b,
        text_a=text_a,
        text_b=text_b,
        units=unit_changes(a.answer, b.answer),
    )


def unit_changes(a: TaskAnswer, b: TaskAnswer) -> list[UnitChange]:
    """Units a task gained and lost in each role, compared by their graph id (市科技局 and
    武汉市科学技术局 are one unit), each with the clause that names it."""
    changes = []
    for role in Role:
        before, after = ({u.unit.id: u for u in t.of(role)} for t in (a, b))
        changes += [UnitChange(role=role, change=Change.ADDED, unit=u.unit, evidence=u.evidence) for i, u in after.items() if i not in before]
        changes += [UnitChange(role=role, change=Change.REMOVED, unit=u.unit, evidence=u.evidence) for i, u in before.items() if i not in after]
    return changes


#: two texts are compared token by token where the part that differs (between what they begin and
#: end with alike) makes at most this many pairs of tokens: difflib's time grows with their product
#: (two texts of 2,000 characters: 0.07 s; of 16,000: 3.4 s). A longer part is marked changed
#: whole. The longest task of the shared corpus has 1,056 characters.
FINE_PAIRS = 4_000_000


def changed_pieces(a: str, b: str) -> tuple[list[TextPiece], list[TextPiece]]:
    """Both texts in runs, the runs the other lacks marked ``changed``: compared character by
    character, but a number (or a Latin word) whole, so 10000 → 12000 reads as one change. Texts
    too long for that (``FINE_PAIRS``) are compared past what they begin and end with alike.

    >>> a, b = changed_pieces("入库超过10000家", "入库超过12000家")
    >>> [p.text for p in a if p.changed], [p.text for p in b if p.changed]
    (['10000'], ['12000'])
    >>> [p.text for p in changed_pieces("建设国家级创新平台", "加快建设国家级创新平台体系")[1] if p.changed]
    ['加快', '体系']
    """
    x, y = _TOKEN.findall(a), _TOKEN.findall(b)
    if len(x) * len(y) <= FINE_PAIRS:
        return _compared(x, y)
    # long texts: what they begin and end with alike, then what lies between, compared if it is short enough
    head = _alike(x, y)
    tail = _alike(x[head:][::-1], y[head:][::-1])
    middle_x, middle_y = x[head : len(x) - tail], y[head : len(y) - tail]
    if len(middle_x) * len(middle_y) <= FINE_PAIRS:
        between = _compared(middle_x, middle_y)
    else:
        between = _whole(middle_x), _whole(middle_y)
    alike_head, alike_tail = _whole(x[:head], changed=False), _whole(x[len(x) - tail :], changed=False)
    return [*alike_head, *between[0], *alike_tail], [*alike_head, *between[1], *alike_tail]


def _compared(x: list[str], y: list[str]) -> tuple[list[TextPiece], list[TextPiece]]:
    """Two lists of tokens in runs, compared by difflib."""
    pieces_a: list[TextPiece] = []
    pieces_b: list[TextPiece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if i2 > i1:
            pieces_a.append(TextPiece(text="".join(x[i1:i2]), changed=op != "equal"))
        if j2 > j1:
            pieces_b.append(TextPiece(text="".join(y[j1:j2]), changed=op != "equal"))
    return pieces_a, pieces_b


def _alike(x: list[str], y: list[str]) -> int:
    """How many tokens the two begin with alike."""
    n = 0
    for u, v in zip(x, y):
        if u != v:
            break
        n += 1
    return n


def _whole(tokens: list[str], changed: bool = True) -> list[TextPiece]:
    return [TextPiece(text="".join(tokens), changed=changed)] if tokens else []


#: what texts are compared in: a number or Latin word whole, any other character alone
_TOKEN = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+(?:[.．][0-9０-９]+)?|.", re.DOTALL)


def target_score(a: TargetAnswer, b: TargetAnswer) -> float:
    """The 匹配度 (0–100) of two targets: their metrics alike (:func:`title_similarity`), and the
    same unit of measure.

    >>> from innokg.graph.model import Evidence
    >>> ev = Evidence(doc_id="doc:x", start=0, end=1, quote="x")
    >>> t = lambda metric, unit: TargetAnswer(id=metric, text=metric, metric=metric, value=1, unit=unit, evidence=ev)
    >>> target_score(t("高新技术企业数量", "家"), t("高新技术企业数量", "家"))
    100.0
    >>> target_score(t("高新技术企业数量", "家"), t("技术合同成交额", "亿元")) < THRESHOLD
    True
    """
    return 100 * (METRIC_WEIGHT * title_similarity(a.metric, b.metric) + (1 - METRIC_WEIGHT) * (a.unit == b.unit))


def match_targets(a: list[TargetAnswer], b: list[TargetAnswer], threshold: float = THRESHOLD) -> list[TargetChange]:
    """Targets matched one to one by metric and unit of measure, in B's order (each with the
    fields that changed), then A's targets no target of B matches (removed)."""
    scores = np.array([[target_score(x, y) for y in b] for x in a]).reshape(len(a), len(b))
    of_b = {j: i for i, j in _assigned(scores, threshold)}
    changes = []
    for j, target in enumerate(b):
        if j not in of_b:
            changes.append(TargetChange(change=Change.ADDED, b=target))
            continue
        before = a[of_b[j]]
        fields = [f for f in TARGET_FIELDS if getattr(before, f) != getattr(target, f)]
        changes.append(
            TargetChange(
                change=Change.CHANGED if fields else Change.UNCHANGED,
                a=before,
                b=target,
                score=round(float(scores[of_b[j], j]), 1),
                fields=fields,
            )
        )
    changes += [TargetChange(change=Change.REMOVED, a=x) for i, x in enumerate(a) if i not in of_b.values()]
    return changes


__all__ = ["THRESHOLD", "diff", "edition", "find_document", "match_targets", "match_tasks", "section_similarity", "title_similarity"]
