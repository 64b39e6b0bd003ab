"""Find tasks by words of their title and units by name, fuzzily, over any store.

Matching is done here, above the stores, so the embedded store and Neo4j rank alike.
Chinese has no spaces between words, so titles are compared by characters: a query word
scores by the share of its characters the title holds in the same order (the longest common
subsequence, which forgives a word left out: 青年人才 finds 壮大青年科技人才队伍) or by its
best partial match (``fuzz.partial_ratio``, which forgives a typo), whichever is higher;
several words separated by spaces average their scores.
"""

from __future__ import annotations

from innokg.graph.model.errors import NotFound
from innokg.graph.model.resolve import default_resolver
from innokg.graph.model import key
from innokg.graph.store import GraphStore, NodeRef, TaskRef, UnitRef
from rapidfuzz import fuzz
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


def find_tasks(store: GraphStore, query: str, limit: int = 5) -> list[tuple[TaskRef, float]]:
    """Tasks whose titles match ``query`` best, best first (ties go to the closer full title);
    then tasks whose text holds every word of it."""
    scored = []
    for task in store.tasks():
        score = score_title(query, task.title)
        if score >= TASK_CUTOFF:
            closeness = fuzz.ratio(key(query), key(task.title))
            scored.append((score, closeness, task))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    found = [(task, score) for score, _, task in scored[:limit]]
    if len(found) < limit and (words := query.replace("\u3000", " ").split()):
        titled = {task.id for task, _ in found}
        extra = [t for t in store.tasks_mentioning(words) if t.id not in titled]
        found += [(task, TEXT_SCORE) for task in extra[: limit - len(found)]]
    return found


def find_unit(store: GraphStore, name: str) -> tuple[UnitRef, list[UnitRef]]:
    """The unit called ``name`` (exact, alias, any form the gazetteers know, or best fuzzy match)
    and the other close candidates."""
    units = store.units()
    known = default_resolver().resolve("Unit", name).id  # 武汉市科技局 → the node of 武汉市科学技术局
    for unit in units:
        if unit.id == known:
            return unit, []
    return best_named(units, name, "单位")


def find_node(store: GraphStore, name: str, *labels: str) -> tuple[NodeRef, list[NodeRef]]:
    """The entity (platform, industry, "965" industry …) called ``name``, and close candidates."""
    return best_named(store.nodes(*labels), name, "实体")


def best_named(candidates: list, name: str, what: str):
    """Exact name or alias first; else the best fuzzy match above the cut-off (shorter names win ties)."""
    wanted = key(name)
    if not wanted:
        raise NotFound(f"请给出{what}名称")
    for candidate in candidates:
        if wanted in map(key, _names(candidate)):
            return candidate, []
    # on equal scores: the unit more documents name, then one the gazetteers know by its full name
    # (市科技局 = 武汉市科学技术局 over an unknown district's 区科技局), then the shorter name
    scored = sorted(
        ((_name_score(wanted, c), c) for c in candidates),
        key=lambda item: (
            -item[0],
            -len(getattr(item[1], "documents", [])),
            not getattr(item[1], "full_name", None),
            len(item[1].name),
            item[1].name,
        ),
    )
    scored = [(s, c) for s, c in scored if s >= UNIT_CUTOFF]
    if not scored:
        raise NotFound(f"图谱中没有名为“{name}”的{what}")
    best = scored[0]
    return best[1], [c for s, c in scored[1:6] if s >= best[0] - 10]


def _names(candidate) -> list[str]:
    """Every name a candidate answers to: its shown name, its aliases and its full name."""
    full = getattr(candidate, "full_name", None)
    return [candidate.name, *candidate.aliases, *([full] if full else [])]


def _name_score(wanted: str, candidate) -> float:
    names = _names(candidate)
    return max(
        fuzz.partial_ratio(wanted, key(n))
        if len(wanted) <= len(n)
        else fuzz.ratio(wanted, key(n))
        for n in names
    )


def search_nodes(candidates: list, query: str, limit: int = 20) -> list[tuple[NodeRef, float]]:
    """Nodes whose name, short name, full name or alias matches ``query``, best first.

    An exact name or alias scores 100; a name containing the query scores by how much of
    the name it covers; otherwise the fuzzy score, kept above the same cut-off as lookups.
    """
    wanted = key(query)
    if not wanted:
        return []
    scored = []
    for candidate in candidates:
        names = [key(n) for n in _names(candidate)]
        if wanted in names:
            score = 100.0
        elif any(wanted in n for n in names):
            score = 90.0 + 10.0 * max(len(wanted) / len(n) for n in names if wanted in n)
            score = min(score, 99.0)
        else:
            score = _name_score(wanted, candidate)
        if score >= UNIT_CUTOFF:
            scored.append((score, candidate))
    scored.sort(key=lambda item: (-item[0], len(item[1].name), item[1].id))
    return [(c, s) for s, c in scored[:limit]]
