"""Find tasks by the words of their titles (or texts), and units, platforms and industries by
name, over any store, by one criterion of a good match.

Matching is done here, above the stores, so the embedded store and Neo4j answer alike.

**A good match.** A title (or name) matches a question when it *covers* the question: of the
question's characters — letters and digits; punctuation and spaces only separate its words —
the share the title holds in runs of two characters or more, in the question's order, at the
best way of lining the two up (:func:`coverage`, 0–100, shown as 匹配度). A title holding the
whole question, or the question with words left out between its parts (青年人才 in
壮大青年科技人才队伍), covers all of it; a typo costs about one character; a short title met
inside a long question (设施 in 量子通信网络建设) covers its own two characters only, and a
long title holding the question's characters scattered covers none of them. A question is
answered by what covers at least :data:`GOOD_MATCH` of it; words separated by spaces are each
covered on their own (in any order). A task whose text, not its title, holds every word of the
question as written covers it all too (:data:`TEXT_SCORE`): it comes after the titles that
cover all of it and before those that cover less.

When nothing matches, the question says so: :class:`NoGoodMatch` names the nearest candidates
and their scores (the command line exits with status 1, the API answers 404 with them).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable
from itertools import groupby, islice
from typing import Any

import numpy as np
from innokg.graph.model.errors import NotFound
from innokg.graph.model.names import clip
from innokg.graph.model.resolve import unit_id
from innokg.graph.model import Label, key
from innokg.graph.store import GraphStore
from innokg.graph.model.answers import Candidate, NodeRef, TaskRef, UnitRef
from rapidfuzz import fuzz, process

#: The share of a question (0–100) a title or name must cover to answer it: four fifths (a
#: question of four characters with one wrong, 市科技厅 for 省科技厅 or 市科技局, is not answered).
GOOD_MATCH = 80.0
#: the score of a task whose text, not its title, holds every word of the question as written
#: ("who 中试"): all of the question is covered, by the text
TEXT_SCORE = 100.0
#: how many candidates a question that matches nothing well is shown
NEAREST = 5

_WORD = re.compile(r"[^\W_]+")


def words_of(question: str) -> list[str]:
    """The question's words in the form titles and names are compared in (:func:`key`): runs of
    letters and digits, split at spaces and punctuation.

    >>> words_of("“互联网+”教育  知识产权、强市")
    ['互联网', '教育', '知识产权', '强市']
    """
    return [word for part in question.split() for word in _WORD.findall(key(part))]


def coverage(question: str | list[str], text: str) -> float:
    """How much of ``question`` (0–100) ``text`` covers: the share of the question's characters
    the text holds in runs of two or more, in order — each word of the question on its own.

    >>> coverage("基础设施", "建设重大科技基础设施群"), coverage("基础设施 建设", "建设重大科技基础设施群")
    (100.0, 100.0)
    >>> coverage("青年人才", "壮大青年科技人才队伍"), coverage("建设重大科技基础设旅群", "建设重大科技基础设施群")
    (100.0, 81.8)
    >>> coverage("量子通信网络建设", "设施"), coverage("取缔十小企业", "发挥政府性融资担保机构作用支持小微企业")
    (0.0, 33.3)
    """
    words = words_of(question) if isinstance(question, str) else question
    total = sum(map(len, words))
    if not total:
        return 0.0
    text = key(text)
    return round(100.0 * sum(covered(word, text) for word in words) / total, 1)


def covered(word: str, text: str) -> int:
    """How many of the word's characters the text holds in runs of two or more that come in the
    word's order (each run contiguous in both), at the best alignment; a word of one character
    counts if the text holds it.

    >>> covered("小型工业企业", "中小型企业和工业"), covered("ABAB", "AB")
    (4, 2)
    """
    n = len(word)
    if word in text:
        return n
    if n == 1:
        return 0
    m = len(text)
    # best[i][j]: the most characters of word[:i] covered within text[:j]; run[j]: how long the
    # common run ending at word[i-1] and text[j-1] is (any part of it of two or more may count)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    previous = [0] * (m + 1)
    for i in range(1, n + 1):
        char, row, above, run = word[i - 1], best[i], best[i - 1], [0] * (m + 1)
        for j in range(1, m + 1):
            value = above[j] if above[j] > row[j - 1] else row[j - 1]
            if text[j - 1] == char:
                length = run[j] = previous[j - 1] + 1
                for piece in range(2, length + 1):
                    if (held := best[i - piece][j - piece] + piece) > value:
                        value = held
            row[j] = value
        previous = run
    return best[n][m]


class PieceIndex:
    """Which of many strings hold which characters and pairs of adjacent characters: posting lists
    in sorted arrays, made with numpy (a province's library has 300,000 task titles and 700,000
    names), so that a question reads only the strings that can cover it.

    :meth:`bound` gives, for each string holding a piece of the question, the most characters it
    can cover: a character is covered only inside a run of two or more, so only if the string
    holds the pair before or after it (in any order — :func:`covered` then checks the order).

    >>> index = PieceIndex(["建设实验室", "科技局", "局科技"])
    >>> strings, most = index.bound(["科技局"])
    >>> strings.tolist(), most.tolist()
    ([1, 2], [3.0, 2.0])
    """

    def __init__(self, strings: list[str]) -> None:
        self.size = len(strings)
        joined = "\x00".join(strings)  # no string holds the separator: no pair spans two strings
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        owner = np.repeat(np.arange(len(strings), dtype=np.int32), [len(s) + 1 for s in strings])[: len(codes)]
        single = codes != 0
        pair = single[:-1] & single[1:]
        keys = np.concatenate([codes[single] << np.uint64(21), (codes[:-1][pair] << np.uint64(21)) | codes[1:][pair]])
        owners: np.ndarray = np.concatenate([owner[single], owner[:-1][pair]]).astype(np.uint64)
        # one sort of (piece, string) packed in 64 bits (a piece takes 42): by piece, each piece's
        # strings in order (np.sort and a comparison: np.unique takes ten times as long)
        bits = np.uint64(max(1, len(strings).bit_length()))
        if 42 + int(bits) <= 64:
            packed = np.sort((keys << bits) | owners)
            keys, owners = packed >> bits, packed & ((np.uint64(1) << bits) - np.uint64(1))
        else:  # more than four million strings: two keys sorted
            order = np.lexsort((owners, keys))
            keys, owners = keys[order], owners[order]
        fresh = np.ones(len(keys), dtype=bool)  # each string once in a piece's list
        fresh[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
        keys, self.owners = keys[fresh], owners[fresh].astype(np.int32)
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        self.starts = np.flatnonzero(first)
        self.pieces = keys[self.starts]
        self.ends = np.append(self.starts[1:], len(keys)).astype(np.int64)

    @staticmethod
    def _code(piece: str) -> np.uint64:
        code = ord(piece[0]) << 21
        return np.uint64(code | ord(piece[1]) if len(piece) > 1 else code)

    def holders(self, piece: str) -> np.ndarray:
        """The strings holding a character or a pair of characters, in order."""
        code = self._code(piece)
        at = int(np.searchsorted(self.pieces, code))
        if at == len(self.pieces) or self.pieces[at] != code:
            return np.zeros(0, dtype=np.int32)
        return self.owners[self.starts[at] : self.ends[at]]

    def bound(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The strings holding any piece of the words (in order), and for each the most
        characters of the words it can cover (:func:`covered` summed over the words)."""
        holders = {}
        for word in words:
            for piece in [word] if len(word) == 1 else (word[i : i + 2] for i in range(len(word) - 1)):
                if piece not in holders:
                    holders[piece] = self.holders(piece)
        found = [h for h in holders.values() if len(h)]
        if not found:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        seen = np.zeros(self.size, dtype=bool)  # marked, not sorted: a common pair has 100,000 holders
        for h in found:
            seen[h] = True
        strings = np.flatnonzero(seen).astype(np.int32)
        held = {piece: _among(h, strings).astype(np.int32) for piece, h in holders.items()}  # 0 or 1: sums count
        most = np.zeros(len(strings))
        for word in words:
            if len(word) == 1:
                most += held[word]
                continue
            pairs = [held[word[i : i + 2]] for i in range(len(word) - 1)]
            most += pairs[0] + pairs[-1]  # the first and the last characters have one pair each
            for before, after in zip(pairs, pairs[1:]):
                most += before | after
        return strings, most


def _among(holders: np.ndarray, strings: np.ndarray) -> np.ndarray:
    """Which of ``strings`` (sorted) are among ``holders`` (sorted)."""
    if not len(holders):
        return np.zeros(len(strings), dtype=bool)
    at = np.minimum(np.searchsorted(holders, strings), len(holders) - 1)
    return holders[at] == strings


def _covering(words: list[str], pieces, texts, enough: Callable[[list], float], floor: float) -> list[tuple[float, int]]:
    """The texts (by index) that cover at least ``floor`` of the question's ``words``, scored as
    :func:`covered` scores them and found through the ``pieces`` index (:func:`_best_first`)."""
    total = sum(map(len, words))
    if not total or not texts:
        return []
    strings, most = pieces.bound(words)
    return _best_first(
        strings,
        100.0 * most / total,
        lambda i: round(100.0 * sum(covered(w, texts[i]) for w in words) / total, 1),
        enough,
        floor,
    )


def _best_first(
    strings: np.ndarray, most: np.ndarray, score: Callable[[int], float], enough: Callable[[list], float], floor: float
) -> list[tuple[float, int]]:
    """Score strings in order of the most they can score, a batch at a time, until that falls
    below what the answer needs (``enough`` of the scores so far: the score of its last entry);
    the strings scoring at least ``floor`` (and above 0), as (score, string). Every string that
    could enter the answer, or tie with its last entry, is scored: the answer is that of scoring
    every string."""
    order = np.argsort(-most, kind="stable")
    strings, most = strings[order], most[order]
    scored: list[tuple[float, int]] = []
    needed, start, batch = floor, 0, 8
    while start < len(strings):
        if most[start] < needed - ROUNDING or most[start] <= 0:
            break
        for string, bound in zip(strings[start : start + batch].tolist(), most[start : start + batch].tolist()):
            if bound >= needed - ROUNDING and bound > 0 and (value := score(string)) >= floor and value > 0:
                scored.append((value, string))
        needed = max(floor, enough(scored))
        start, batch = start + batch, min(2 * batch, BATCH)  # a few first: most answers need only them
    return scored


#: scores are shown to one decimal: a bound this far below what is needed may still round up to it
ROUNDING = 0.05


#: strings scored at a time between two looks at what the answer needs
BATCH = 256


class TitleIndex:
    """Task titles, searched by :func:`coverage` without scoring every one (a province's library
    has 300,000 tasks): the titles that can cover enough of the question (:class:`PieceIndex`)
    are scored best bound first, and only until no title left can enter the answer — the
    ranking is exactly the one scoring every title gives. Equal titles (plans repeat one
    another) are scored once.

    >>> refs = [TaskRef(id=f"t{i}", title=t, path="1", doc_id="d") for i, t in
    ...         enumerate(["建设重大科技基础设施群", "壮大青年科技人才队伍", "建设重大科技基础设施群"])]
    >>> index = TitleIndex(refs)
    >>> [(t.id, s) for t, s in index.find("基础设施", limit=5)]
    [('t0', 100.0), ('t2', 100.0)]
    >>> index.find("量子通信网络建设"), [(t.id, s) for t, s in index.nearest("量子通信网络建设")]
    ([], [('t0', 25.0), ('t2', 25.0)])
    """

    def __init__(self, tasks: list[TaskRef]) -> None:
        self.tasks = tasks
        keyed = [key(t.title) for t in tasks]
        self.titles = list(dict.fromkeys(keyed))  # each title once
        number = {title: i for i, title in enumerate(self.titles)}
        self.tasks_of: list[list[int]] = [[] for _ in self.titles]
        for i, title in enumerate(keyed):
            self.tasks_of[number[title]].append(i)
        self.pieces = PieceIndex(self.titles)

    def find(self, query: str, limit: int = 5, floor: float = GOOD_MATCH) -> list[tuple[TaskRef, float]]:
        """The tasks whose titles cover at least ``floor`` of the question, best first (then the
        closer full title, then document order), with their scores."""
        words = words_of(query)
        scored = _covering(words, self.pieces, self.titles, lambda scored: self._score_of_task(scored, limit), floor)
        if not scored:
            return []
        closeness = process.cdist(
            ["".join(words)], [self.titles[t] for _, t in scored], scorer=fuzz.ratio, dtype=np.float64, workers=1
        )[0].tolist()
        # titles best first; the tasks of titles scoring alike go in document order
        ranked = sorted(((-score, -close, title) for (score, title), close in zip(scored, closeness)))
        found: list[tuple[TaskRef, float]] = []
        for (negative, _), group in groupby(ranked, key=lambda item: item[:2]):
            # each title's tasks are in document order already: merged, the first few are read
            tasks = islice(heapq.merge(*(self.tasks_of[title] for _, _, title in group)), limit - len(found))
            found += [(self.tasks[task], -negative) for task in tasks]
            if len(found) >= limit:
                break
        return found

    def nearest(self, query: str, limit: int = NEAREST) -> list[tuple[TaskRef, float]]:
        """The tasks whose titles cover the most of the question, however little (above 0)."""
        return self.find(query, limit, floor=0.0)

    def _score_of_task(self, scored: list[tuple[float, int]], limit: int) -> float:
        """The score of the ``limit``-th best task so far (0 until there are that many)."""
        count = 0
        for score, title in sorted(scored, reverse=True):
            count += len(self.tasks_of[title])
            if count >= limit:
                return score
        return 0.0


class TextIndex:
    """Tasks' texts, searched for words through the characters they hold.

    A task holds a word only if its text holds every character of the word: the tasks holding
    the word's rarest characters (posting lists, made once with numpy) are the only texts read.

    >>> refs = [TaskRef(id=f"t{i}", title="", path="1", doc_id="d") for i in range(3)]
    >>> index = TextIndex(refs, ["接续实施410工程", "建设光谷实验室", "实施光谷科创工程"])
    >>> [t.id for t in index.find(["光谷"])], [t.id for t in index.find(["实施", "工程"], limit=1)]
    (['t1', 't2'], ['t0'])
    """

    def __init__(self, tasks: list[TaskRef], texts: list[str]) -> None:
        self.tasks, self.texts = tasks, texts
        chars = [np.unique(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)) for text in texts]
        codes = np.concatenate(chars) if chars else np.zeros(0, dtype=np.uint32)
        owners = np.repeat(np.arange(len(texts), dtype=np.int32), [len(c) for c in chars])
        order = np.argsort(codes, kind="stable")  # stable: each list stays in document order
        codes, owners = codes[order], owners[order]
        distinct, starts = np.unique(codes, return_index=True)
        ends = [*starts[1:], len(codes)]
        self.postings = {chr(code): owners[start:end] for code, start, end in zip(distinct, starts, ends)}

    def find(self, words: list[str], limit: int | None = None) -> list[TaskRef]:
        """Tasks whose text holds every word (compared as names are), in document order."""
        wanted = [key(w) for w in words if key(w)]
        if not wanted:
            return []
        lists = sorted((self.postings.get(char, np.zeros(0, dtype=np.int32)) for char in set("".join(wanted))), key=len)
        candidates = lists[0]
        for other in lists[1:3]:  # two more rare characters narrow it down; the texts decide
            holds = np.zeros(len(self.texts), dtype=bool)
            holds[other] = True
            candidates = candidates[holds[candidates]]
        found = []
        for i in candidates:
            if all(word in self.texts[i] for word in wanted):
                found.append(self.tasks[i])
                if limit is not None and len(found) >= limit:
                    break
        return found


def find_tasks(store: GraphStore, query: str, limit: int = 5) -> list[tuple[TaskRef, float]]:
    """The tasks matching ``query`` well, best first: those whose titles cover enough of it, and
    those whose text holds every word of it as written (:data:`TEXT_SCORE`). At equal scores a
    title comes before a text, then the closer full title, then document order."""
    found = store.queries().title_index().find(query, limit)
    if words := words_of(query):
        titled = {task.id for task, _ in found}
        texts = [(task, TEXT_SCORE) for task in store.queries().tasks_mentioning(words, limit) if task.id not in titled]
        # a text holding the whole question goes after the titles holding all of it, before the rest
        before = [match for match in found if match[1] >= TEXT_SCORE]
        found = [*before, *texts, *found[len(before) :]][:limit]
    return found


def task_candidates(store: GraphStore, query: str, limit: int = NEAREST) -> list[Candidate]:
    """The tasks whose titles cover the most of ``query``, however little: what a question that
    matches nothing well is shown."""
    return [task_candidate(task, score) for task, score in store.queries().title_index().nearest(query, limit)]


def task_candidate(task: TaskRef, score: float) -> Candidate:
    return Candidate(id=task.id, label="Task", name=task.title, score=score, document=task.doc_short_title)


def require_tasks(store: GraphStore, query: str, limit: int = 5) -> list[tuple[TaskRef, float]]:
    """:func:`find_tasks`, or :class:`NoGoodMatch` with the nearest tasks when none matches."""
    if found := find_tasks(store, query, limit):
        return found
    raise NoGoodMatch(query, "任务", task_candidates(store, query))


def find_unit(store: GraphStore, name: str) -> tuple[UnitRef, list[UnitRef]]:
    """The unit called ``name`` (exact, alias, any form the gazetteers know, or the best good
    match) and the other close candidates; :class:`NoGoodMatch` when no unit's name covers it."""
    index = store.queries().unit_index()
    known = index.by_id.get(unit_id(name))  # 武汉市科技局 → 武汉市科学技术局
    if known is not None:
        return index.candidates[known], []
    return index.best(name, "单位")


def find_node(store: GraphStore, name: str, *labels: str, what: str = "实体") -> tuple[NodeRef, list[NodeRef]]:
    """The entity (platform, industry, "965" industry …) called ``name``, and close candidates."""
    return store.queries().name_index(*labels).best(name, what)


class NoGoodMatch(NotFound):
    """A question no title or name covers well enough (:data:`GOOD_MATCH`): it says so and names
    the nearest candidates with their scores (the API gives them as ``error.candidates``)."""

    def __init__(self, question: str, what: str, candidates: list[Candidate]) -> None:
        self.question, self.what = question, what
        self.candidates = sorted(candidates, key=lambda c: -c.score)[:NEAREST]
        where = {"任务": "任务标题"}.get(what, "名称" if "任务" not in what else "名称或任务标题")
        if self.candidates:
            near = "；".join(
                clip(c.name, 60) + (f"〔{c.document}〕" if c.document else "") + f" {c.score:g}%" for c in self.candidates
            )
            nearest = f"最接近的（匹配度）：{near}"
        else:
            nearest = f"图谱中没有与之相近的{what}"
        super().__init__(
            f"没有找到与“{clip(question.strip(), 60)}”相符的{what}（匹配度须达 {GOOD_MATCH:g}%：问题中至少这么多的字"
            f"出现在{where}中，两字以上连续、次序一致）。{nearest}"
        )


class NameIndex:
    """Units, platforms, industries … searched by their names (shown name, aliases, full name)
    by :func:`coverage`, without scoring every name (a province's library names 700,000
    entities): the names that can cover enough of the question (:class:`PieceIndex`) are scored
    best bound first, until no name left can enter the answer — the answers are exactly those
    of scoring every name. A candidate scores by its best name.

    >>> refs = [NodeRef(id=f"u{i}", label="Unit", name=n, aliases=a) for i, (n, a) in
    ...         enumerate([("市科技局", ["武汉市科学技术局"]), ("市财政局", []), ("区科技局", [])])]
    >>> index = NameIndex(refs)
    >>> [(n.id, s) for n, s in index.search("科技局")]
    [('u0', 100.0), ('u2', 100.0)]
    >>> index.best("武汉市科学技术局", "单位")[0].id, index.best("市科技", "单位")[0].id
    ('u0', 'u0')
    >>> [(c.name, c.score) for c in index.nearest("区财政厅")], [(c.name, c.score) for c in index.nearest("科技区局")]
    ([('市财政局', 50.0)], [('市科技局', 50.0), ('区科技局', 50.0)])
    """

    def __init__(self, candidates: list) -> None:
        self.candidates = candidates
        self.by_id = {c.id: i for i, c in enumerate(candidates)}
        self.exact: dict[str, int] = {}  # a name's key → the first candidate answering to it
        seen: dict[tuple[int, str], None] = {}  # (candidate, key)
        for i, candidate in enumerate(candidates):
            for name in _names(candidate):
                if compared := key(name):
                    seen[(i, compared)] = None
                    self.exact.setdefault(compared, i)
        self.owners = np.array([i for i, _ in seen], dtype=np.int64)
        self.keys = [k for _, k in seen]
        self.pieces = PieceIndex(self.keys)
        self._ranks: dict[str, np.ndarray] = {}

    def search(self, query: str, limit: int = 20) -> list[tuple[NodeRef, float]]:
        """Candidates whose names cover the query well, best first, with their scores; equal
        scores: the closer name, then the shorter name."""
        return [(self.candidates[c], score) for c, score, _ in self._found(query, limit, GOOD_MATCH, "search")]

    def nearest(self, query: str, limit: int = NEAREST) -> list[Candidate]:
        """The candidates whose names cover the most of the query, however little, each shown by
        its name (and the alias or full name that scored, when another)."""
        found = []
        for c, score, name in self._found(query, limit, 0.0, "search"):
            candidate = self.candidates[c]
            shown = candidate.name if key(candidate.name) == name else f"{candidate.name}（{_written(candidate, name)}）"
            found.append(Candidate(id=candidate.id, label=_label(candidate), name=shown, score=score))
        return found

    def best(self, name: str, what: str) -> tuple:
        """The candidate answering to ``name``: the first one with that exact name or alias, else
        the best good match (then the one more documents name, one with a full name, the shorter
        name); and the others within 10 points of it (at most five). :class:`NoGoodMatch` when
        no name covers it well, with the nearest."""
        wanted = key(name)
        if not words_of(name):
            raise NotFound(f"请给出{what}名称")
        if (exact := self.exact.get(wanted)) is not None:
            return self.candidates[exact], []
        found = self._found(name, 6, GOOD_MATCH, "best")
        if not found:
            raise NoGoodMatch(name, what, self.nearest(name))
        (best, top, _), others = found[0], found[1:]
        return self.candidates[best], [self.candidates[c] for c, s, _ in others if s >= top - 10]

    def _found(self, query: str, limit: int, floor: float, order: str) -> list[tuple[int, float, str]]:
        """The ``limit`` best candidates covering at least ``floor`` of the query, as (candidate,
        score, the key of the name that scored it), in the order ``order`` ranks equal scores."""
        words = words_of(query)
        scored = _covering(words, self.pieces, self.keys, lambda scored: self._score_of_candidate(scored, limit), floor)
        best: dict[int, tuple[float, float, str]] = {}  # candidate → (score, closeness, name)
        wanted = "".join(words)
        for score, entry in scored:
            owner, name = int(self.owners[entry]), self.keys[entry]
            mark = (score, fuzz.ratio(wanted, name), name)
            if owner not in best or mark[:2] > best[owner][:2]:
                best[owner] = mark
        ranks = self._rank(order)
        if order == "search":  # equal scores: the closer name first
            chosen = sorted(best, key=lambda c: (-best[c][0], -best[c][1], ranks[c]))
        else:
            chosen = sorted(best, key=lambda c: (-best[c][0], ranks[c]))
        return [(c, best[c][0], best[c][2]) for c in chosen[:limit]]

    def _score_of_candidate(self, scored: list[tuple[float, int]], limit: int) -> float:
        """The score of the ``limit``-th best candidate so far (0 until there are that many)."""
        seen: set[int] = set()
        for score, entry in sorted(scored, reverse=True):
            seen.add(int(self.owners[entry]))
            if len(seen) >= limit:
                return score
        return 0.0

    def _rank(self, order: str) -> np.ndarray:
        """Each candidate's place among equal scores: for a search, the shorter name (then the
        id); for a lookup, the one more documents name, one with a full name, the shorter name."""
        if order not in self._ranks:
            sort_key: Callable[[int], tuple[Any, ...]]
            if order == "search":
                sort_key = lambda i: (len(self.candidates[i].name), self.candidates[i].id)  # noqa: E731
            else:
                sort_key = lambda i: (  # noqa: E731
                    -_document_count(self.candidates[i]),
                    not getattr(self.candidates[i], "full_name", None),
                    len(self.candidates[i].name),
                    self.candidates[i].name,
                    i,
                )
            rank = np.empty(len(self.candidates), dtype=np.int64)
            rank[sorted(range(len(self.candidates)), key=sort_key)] = np.arange(len(self.candidates))
            self._ranks[order] = rank
        return self._ranks[order]


def _written(candidate, name_key: str) -> str:
    """The candidate's name (alias, full name) whose key this is, as written."""
    return next((n for n in _names(candidate) if key(n) == name_key), name_key)


def _label(candidate) -> str:
    return getattr(candidate, "label", None) or Label.UNIT.value


def _document_count(candidate) -> int:
    return getattr(candidate, "document_count", None) or len(getattr(candidate, "documents", []))


def _names(candidate) -> list[str]:
    """Every name a candidate answers to: its shown name, its aliases and its full name."""
    full = getattr(candidate, "full_name", None)
    return [candidate.name, *candidate.aliases, *([full] if full else [])]
