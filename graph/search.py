"""Find tasks by words of their title and units by name, fuzzily, over any store.

Matching is done here, above the stores, so the embedded store and Neo4j rank alike.
Chinese has no spaces between words, so titles are compared by characters: a query word
scores by the share of its characters the title holds in the same order (the longest common
subsequence, which forgives a word left out: 青年人才 finds 壮大青年科技人才队伍) or by its
best partial match (``fuzz.partial_ratio``, which forgives a typo), whichever is higher;
several words separated by spaces average their scores.
"""

from __future__ import annotations

import heapq
from collections import Counter
from itertools import groupby, islice

import numpy as np
from innokg.graph.model.errors import NotFound
from innokg.graph.model.resolve import default_resolver
from innokg.graph.model import key
from innokg.graph.store import GraphStore, NodeRef, TaskRef, UnitRef
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

#: Below this score (0–100) a title does not answer the query.
TASK_CUTOFF = 60.0
UNIT_CUTOFF = 70.0


def score_title(query: str, title: str) -> float:
    """How well ``query`` (words separated by spaces) matches ``title``, 0–100.

    >>> score_title("基础设施", "建设重大科技基础设施群")
    100.0
    >>> score_title("基础设施 建设", "建设重大科技基础设施群")
    100.0
    >>> score_title("人才", "建设重大科技基础设施群") < TASK_CUTOFF
    True
    """
    words = query.replace("\u3000", " ").split()
    title = key(title)
    if not words or not title:
        return 0.0
    scores = [_word_score(key(w), title) for w in words]
    return sum(scores) / len(scores)


def _word_score(word: str, title: str) -> float:
    in_order = 100.0 * LCSseq.similarity(word, title) / len(word) if word else 0.0
    return max(in_order, fuzz.partial_ratio(word, title))


#: the score of a task whose text, not its title, holds the words ("who 中试", "who 410工程")
TEXT_SCORE = TASK_CUTOFF


class CharacterCounts:
    """How many of a word's characters each of many strings holds (at least the two's longest
    common subsequence), counted from posting lists without reading a string.

    >>> CharacterCounts(["建设实验室", "科技局", "局局"]).shared("科技局").tolist()
    [0, 3, 1]
    """

    def __init__(self, strings: list[str]) -> None:
        postings: dict[str, list[int]] = {}
        for i, string in enumerate(strings):
            for char in set(string):
                postings.setdefault(char, []).append(i)
        # the 64 commonest characters (建, 设, 创, 新 …) are bits of one word per string: a word's
        # common characters are counted for every string at once, not through lists of 100,000
        common = sorted(postings, key=lambda char: -len(postings[char]))[:64]
        self.bit = {char: np.uint64(1) << np.uint64(i) for i, char in enumerate(common)}
        self.masks = np.zeros(len(strings), dtype=np.uint64)
        for char, bit in self.bit.items():
            self.masks[np.array(postings[char], dtype=np.int64)] |= bit
        self.postings = {char: np.array(ids, dtype=np.int32) for char, ids in postings.items() if char not in self.bit}

    def shared(self, word: str) -> np.ndarray:
        """For every string, how many of the word's characters it holds (a character the word
        holds twice counts twice)."""
        counts = Counter(word)
        wanted = np.uint64(0)
        for char in counts:
            if char in self.bit:
                wanted |= self.bit[char]
        shared = np.bitwise_count(self.masks & wanted).astype(np.int32)
        for char, count in counts.items():
            if char in self.bit:
                if count > 1:
                    shared += (count - 1) * ((self.masks & self.bit[char]) != 0)
            elif (holders := self.postings.get(char)) is not None:
                shared[holders] += count
        return shared


class TitleIndex:
    """Task titles, searched without scoring every one (a province's library has 300,000 tasks).

    A title can only reach the cut-off for a query word if they share enough characters:
    :func:`score_title` keeps the better of two scores, the in-order share (the longest common
    subsequence L over the word's length n, ≥ 60 needs L ≥ 0.6·n) and ``partial_ratio``, the best
    ``200·L'/(a + |s|)`` over windows ``s`` of the longer string no longer than the shorter
    (length a); with ``L' ≤ |s|`` that reaches 60 only if ``L' ≥ 3a/7``. Both need the title to
    hold at least ``3·min(n, m)/7`` of the word's characters (m: the title's length). Characters
    are counted from posting lists, and only those titles are scored — with rapidfuzz's
    ``cdist`` — so the ranking is exactly the one scoring every title gives. Equal titles
    (plans repeat one another) are scored once.

    >>> refs = [TaskRef(id=f"t{i}", title=t, path="1", doc_id="d") for i, t in
    ...         enumerate(["建设重大科技基础设施群", "壮大青年科技人才队伍", "建设重大科技基础设施群"])]
    >>> [(t.id, s) for t, s in TitleIndex(refs).find("基础设施", limit=5)]
    [('t0', 100.0), ('t2', 100.0)]
    """

    def __init__(self, tasks: list[TaskRef]) -> None:
        self.tasks = tasks
        keyed = [key(t.title) for t in tasks]
        self.titles = list(dict.fromkeys(keyed))  # each title once
        number = {title: i for i, title in enumerate(self.titles)}
        self.tasks_of: list[list[int]] = [[] for _ in self.titles]
        for i, title in enumerate(keyed):
            self.tasks_of[number[title]].append(i)
        self.lengths = np.array([len(t) for t in self.titles], dtype=np.int32)
        self.lengths3 = 3 * self.lengths
        self._shared = CharacterCounts(self.titles).shared

    def find(self, query: str, limit: int = 5) -> list[tuple[TaskRef, float]]:
        """The tasks whose titles score at least :data:`TASK_CUTOFF`, best first (then the closer
        full title, then document order): what scoring every title with :func:`score_title` gives.

        Each title's score is bounded from above by what its shared characters allow (a word's
        score is at most ``max(100·S/n, 200·S/(a + S))``, S ≥ L); titles are scored in the order
        of that bound, a batch at a time, until the next bound falls below the score of the
        ``limit``-th task found — the titles left cannot enter the answer.
        """
        words = [key(w) for w in query.replace("\u3000", " ").split()]
        if not any(words) or not self.titles:
            return []
        shared = {word: self._shared(word) for word in dict.fromkeys(w for w in words if w)}
        # a title reaches the cut-off only if one of the words does, which needs 7·S ≥ 3·min(n, m)
        reaching = [(s > 0) & ((7 * s >= 3 * len(w)) | (7 * s >= self.lengths3)) for w, s in shared.items()]
        holding = np.flatnonzero(reaching[0] if len(reaching) == 1 else np.logical_or.reduce(reaching))
        bound = np.zeros(len(holding))  # of the holding titles, in their order
        for word in words:
            if word:
                common = shared[word][holding].astype(np.float64)
                shorter = np.minimum(len(word), self.lengths[holding])
                bound += np.maximum(100.0 * common / len(word), 200.0 * common / np.maximum(shorter + common, 1))
        bound /= len(words)
        kept = bound >= TASK_CUTOFF - 1e-9  # rounding never drops a title
        candidates, bound = holding[kept], bound[kept]
        scored: list[tuple[float, int]] = []  # (score, title) of the titles scored, at or above the cut-off
        needed = TASK_CUTOFF
        if len(candidates) > self.BATCH:  # the best-bounded batch first, found without sorting them all
            first = np.argpartition(-bound, self.BATCH - 1)[: self.BATCH]
            scored, needed = self._score_batch(words, candidates[first], scored, limit)
            rest = np.ones(len(candidates), dtype=bool)
            rest[first] = False
            rest &= bound >= needed - 1e-9
            candidates, bound = candidates[rest], bound[rest]
        order = np.argsort(-bound, kind="stable")
        candidates, bound = candidates[order], bound[order]
        for start in range(0, len(candidates), self.BATCH):
            if bound[start] < needed - 1e-9:
                break
            scored, needed = self._score_batch(words, candidates[start : start + self.BATCH], scored, limit)
        closeness = process.cdist(
            [key(query)], [self.titles[t] for _, t in scored], scorer=fuzz.ratio, dtype=np.float64, workers=1
        )[0].tolist()
        # titles best first; the tasks of titles scoring alike go in document order
        ranked = sorted(((-score, -close, title) for (score, title), close in zip(scored, closeness)))
        found: list[tuple[TaskRef, float]] = []
        for _, group in groupby(ranked, key=lambda item: item[:2]):
            group = list(group)
            # each title's tasks are in document order already: merged, the first few are read
            tasks = islice(heapq.merge(*(self.tasks_of[title] for _, _, title in group)), limit - len(found))
            found += [(self.tasks[task], -group[0][0]) for task in tasks]
            if len(found) >= limit:
                break
        return found

    #: titles scored at a time (rapidfuzz's cdist over a batch)
    BATCH = 256

    @staticmethod
    def _scores(words: list[str], titles: list[str]) -> np.ndarray:
        """:func:`score_title` of each title, computed as it does, a batch at a time."""
        total = np.zeros(len(titles))
        for word in words:
            if word:  # a word with no characters left scores 0
                common = process.cdist([word], titles, scorer=LCSseq.similarity, workers=1)[0]
                partial = process.cdist([word], titles, scorer=fuzz.partial_ratio, dtype=np.float64, workers=1)[0]
                total += np.maximum(100.0 * common / len(word), partial)
        return total / len(words)

    def _score_batch(self, words, batch, scored, limit) -> tuple[list[tuple[float, int]], float]:
        """The batch's titles scored and kept if at the cut-off; the score the answer now needs."""
        scores = self._scores(words, [self.titles[i] for i in batch])
        scored = scored + [(score, title) for score, title in zip(scores.tolist(), batch.tolist()) if score >= TASK_CUTOFF]
        return scored, self._score_of_task(scored, limit)

    def _score_of_task(self, scored: list[tuple[float, int]], limit: int) -> float:
        """The score of the ``limit``-th best task so far (the cut-off until there are that many)."""
        count = 0
        for score, title in sorted(scored, reverse=True):
            count += len(self.tasks_of[title])
            if count >= limit:
                return score
        return TASK_CUTOFF


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
    """Tasks whose titles match ``query`` best, best first (ties go to the closer full title);
    then tasks whose text holds every word of it."""
    found = store.title_index().find(query, limit)
    if len(found) < limit and (words := query.replace("\u3000", " ").split()):
        titled = {task.id for task, _ in found}
        extra = [t for t in store.tasks_mentioning(words, limit) if t.id not in titled]
        found += [(task, TEXT_SCORE) for task in extra[: limit - len(found)]]
    return found


def find_unit(store: GraphStore, name: str) -> tuple[UnitRef, list[UnitRef]]:
    """The unit called ``name`` (exact, alias, any form the gazetteers know, or best fuzzy match)
    and the other close candidates."""
    index = store.unit_index()
    known = index.by_id.get(default_resolver().resolve("Unit", name).id)  # 武汉市科技局 → 武汉市科学技术局
    if known is not None:
        return index.candidates[known], []
    return index.best(name, "单位")


def find_node(store: GraphStore, name: str, *labels: str) -> tuple[NodeRef, list[NodeRef]]:
    """The entity (platform, industry, "965" industry …) called ``name``, and close candidates."""
    return store.name_index(*labels).best(name, "实体")


class NameIndex:
    """Units, platforms, industries … searched by their names (shown name, aliases, full name)
    without scoring every name (a province's library names 700,000 entities).

    A name is scored by ``partial_ratio`` against the query (``ratio`` when the name is the
    shorter), and kept at :data:`UNIT_CUTOFF` (70). Both are ``200·L/(a + b)`` over the query
    and a stretch of the name, with L ≤ the shorter of the two, so 70 needs ``L ≥ 7·min(n, m)/13``
    (n, m: the query's and the name's lengths); the names that hold that many of the query's
    characters (:class:`CharacterCounts`) are the only ones scored, with rapidfuzz's ``cdist``.
    The answers are exactly those of scoring every name.

    >>> refs = [NodeRef(id=f"u{i}", label="Unit", name=n, aliases=a) for i, (n, a) in
    ...         enumerate([("市科技局", ["武汉市科学技术局"]), ("市财政局", []), ("区科技局", [])])]
    >>> index = NameIndex(refs)
    >>> [(n.id, s) for n, s in index.search("科技局")]
    [('u0', 97.5), ('u2', 97.5)]
    >>> index.best("武汉市科学技术局", "单位")[0].id, index.best("市科技", "单位")[0].id
    ('u0', 'u0')
    """

    def __init__(self, candidates: list) -> None:
        self.candidates = candidates
        self.by_id = {c.id: i for i, c in enumerate(candidates)}
        self.exact: dict[str, int] = {}  # a name's key → the first candidate answering to it
        seen: dict[tuple[int, str, int], None] = {}  # (candidate, key, length of the name as written)
        for i, candidate in enumerate(candidates):
            for name in _names(candidate):
                if compared := key(name):
                    seen[(i, compared, len(name))] = None
                    self.exact.setdefault(compared, i)
        self.owners = np.array([i for i, _, _ in seen], dtype=np.int64)
        self.keys = [k for _, k, _ in seen]
        self.key_lengths = np.array([len(k) for k in self.keys], dtype=np.int32)
        self.written_lengths = np.array([n for _, _, n in seen], dtype=np.int32)
        self._counts = CharacterCounts(self.keys)
        self._ranks: dict[str, np.ndarray] = {}

    def search(self, query: str, limit: int = 20) -> list[tuple[NodeRef, float]]:
        """Candidates answering to ``query``, best first, with their scores: an exact name or alias
        100; a name holding the query 90–99 by how much of it the query covers; else the fuzzy
        score. Equal scores: the shorter name first."""
        wanted = key(query)
        if not wanted:
            return []
        entries, fuzzy = self._scored(wanted)
        contained = np.array(
            [100.0 if k == wanted else min(90.0 + 10.0 * (len(wanted) / len(k)), 99.0) if wanted in k else -1.0
             for k in (self.keys[e] for e in entries)]
        )
        owners, by_name, by_fuzz = self._best_of_each(entries, contained, fuzzy)
        scores = np.where(by_name >= 0, by_name, by_fuzz)  # a name holding the query decides
        return self._ranked(owners, scores, "search", limit)

    def best(self, name: str, what: str) -> tuple:
        """The candidate answering to ``name``: the first one with that exact name or alias, else
        the best fuzzy match at the cut-off (then the one more documents name, one with a full
        name, the shorter name); and the others within 10 points of it (at most five)."""
        wanted = key(name)
        if not wanted:
            raise NotFound(f"请给出{what}名称")
        if (exact := self.exact.get(wanted)) is not None:
            return self.candidates[exact], []
        owners, scores = self._best_of_each(*self._scored(wanted))
        found = self._ranked(owners, scores, "best", 6)
        if not found:
            raise NotFound(f"图谱中没有名为“{name}”的{what}")
        (best, top), others = found[0], found[1:]
        return best, [c for c, s in others if s >= top - 10]

    def _scored(self, wanted: str) -> tuple[np.ndarray, np.ndarray]:
        """The names that can reach the cut-off, and their fuzzy scores (0 below it)."""
        shared = self._counts.shared(wanted)
        entries = np.flatnonzero((shared > 0) & (13 * shared >= 7 * np.minimum(len(wanted), self.key_lengths)))
        partial = self.written_lengths[entries] >= len(wanted)
        scores = np.zeros(len(entries))
        for chosen, scorer in ((partial, fuzz.partial_ratio), (~partial, fuzz.ratio)):
            if chosen.any():
                names = [self.keys[e] for e in entries[chosen]]
                scores[chosen] = process.cdist(
                    [wanted], names, scorer=scorer, score_cutoff=UNIT_CUTOFF, dtype=np.float64, workers=1
                )[0]
        return entries, scores

    def _best_of_each(self, entries: np.ndarray, *scores: np.ndarray) -> tuple[np.ndarray, ...]:
        """Each candidate among the entries' owners once, with the best of each score of its names."""
        owners, which = np.unique(self.owners[entries], return_inverse=True)
        bests = []
        for score in scores:
            best = np.full(len(owners), -1.0)
            np.maximum.at(best, which, score)
            bests.append(best)
        return owners, *bests

    def _ranked(self, owners: np.ndarray, scores: np.ndarray, order: str, limit: int) -> list[tuple]:
        kept = scores >= UNIT_CUTOFF
        owners, scores = owners[kept], scores[kept]
        ranks = self._rank(order)[owners]
        chosen = np.lexsort((ranks, -scores))[:limit]
        return [(self.candidates[owners[i]], float(scores[i])) for i in chosen]

    def _rank(self, order: str) -> np.ndarray:
        """Each candidate's place among equal scores: for a search, the shorter name (then the
        id); for a lookup, the one more documents name, one with a full name, the shorter name."""
        if order not in self._ranks:
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


def _document_count(candidate) -> int:
    return getattr(candidate, "document_count", None) or len(getattr(candidate, "documents", []))


def _names(candidate) -> list[str]:
    """Every name a candidate answers to: its shown name, its aliases and its full name."""
    full = getattr(candidate, "full_name", None)
    return [candidate.name, *candidate.aliases, *([full] if full else [])]
