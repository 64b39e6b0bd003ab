"""Fuzzy matching of tasks by title words and units by name."""

from __future__ import annotations

import pytest
from innokg.graph.model.errors import NotFound
from innokg.graph.search import find_tasks, find_unit


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("建设重大科技基础设施群", "建设重大科技基础设施群"),
        ("基础设施", "建设重大科技基础设施群"),
        ("重大科技基础设施", "建设重大科技基础设施群"),
        ("建设重大科技基础设旅群", "建设重大科技基础设施群"),  # a typo
        ("知识产权 强市", "建设全国一流知识产权强市"),
        ("青年人才", "壮大青年科技人才队伍"),
    ],
)
def test_task_found_by_words_of_its_title(seed_store, query, title):
    matches = find_tasks(seed_store, query)
    assert matches[0][0].title == title


def test_no_match_is_empty(seed_store):
    assert find_tasks(seed_store, "航天发射场") == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("市科技局", "市科技局"),
        ("科技局", "市科技局"),
        ("招才局", "市招才局"),
        ("东湖高新区", "东湖高新区管委会"),
    ],
)
def test_unit_found_by_name_or_alias(seed_store, name, expected):
    unit, _ = find_unit(seed_store, name)
    assert unit.name == expected


def test_unknown_unit(seed_store):
    with pytest.raises(NotFound, match="没有名为"):
        find_unit(seed_store, "国家航天局")


def _every_title_scored(tasks, query: str, limit: int):
    """The ranking :class:`TitleIndex` must give: every title scored, best first, ties to the
    closer full title, then document order."""
    from innokg.graph.model import key
    from innokg.graph.search import TASK_CUTOFF, score_title
    from rapidfuzz import fuzz

    scored = [(score_title(query, t.title), fuzz.ratio(key(query), key(t.title)), t) for t in tasks]
    scored = sorted((s for s in scored if s[0] >= TASK_CUTOFF), key=lambda s: (-s[0], -s[1]))
    return [(t.id, score) for score, _, t in scored[:limit]]


def test_the_title_index_ranks_exactly_as_scoring_every_title(seed_store):
    """Queries cut from, mistyped in and glued across the plan's titles and headings (short and
    long, one word and several): the index finds the same tasks, in the same order, with the
    same scores as scoring every title — pruning by shared characters loses nothing."""
    import random

    from innokg.graph.search import TitleIndex
    from innokg.graph.store import TaskRef

    rng = random.Random(12)
    words = [t.title for t in seed_store.tasks()] + [s.name for s in seed_store.nodes("Platform", "Industry")]
    # many tasks, titles repeating as they do across a library's plans
    titles = [rng.choice(words) + rng.choice(["", "", "工程", "行动", "体系建设"]) for _ in range(600)]
    tasks = [TaskRef(id=f"t{i}", title=title, path=str(i), doc_id=f"doc:{i // 40}") for i, title in enumerate(titles)]
    index = TitleIndex(tasks)
    queries = []
    for _ in range(300):
        word = rng.choice(words)
        start = rng.randrange(len(word))
        piece = word[start : start + rng.randint(1, 14)]
        if rng.random() < 0.3 and len(piece) > 2:  # a typo
            at = rng.randrange(len(piece))
            piece = piece[:at] + rng.choice("的之建新区市") + piece[at + 1 :]
        if rng.random() < 0.2:  # two words
            piece += " " + rng.choice(words)[: rng.randint(1, 6)]
        queries.append(piece)
    found = 0
    for query in queries:
        limit = rng.choice([1, 5, 20])
        expected = _every_title_scored(tasks, query, limit)
        assert [(t.id, s) for t, s in index.find(query, limit)] == expected, query
        found += bool(expected)
    assert found > 200  # the queries do find things


def _every_name_searched(candidates, query: str, limit: int):
    """What :meth:`NameIndex.search` must give: every candidate scored, by its names."""
    from innokg.graph.model import key
    from innokg.graph.search import UNIT_CUTOFF, _names
    from rapidfuzz import fuzz

    wanted = key(query)
    if not wanted:
        return []
    scored = []
    for candidate in candidates:
        names = [key(n) for n in _names(candidate)]
        if wanted in names:
            score = 100.0
        elif any(wanted in n for n in names):
            score = min(90.0 + 10.0 * max(len(wanted) / len(n) for n in names if wanted in n), 99.0)
        else:
            score = _fuzzy(wanted, candidate)
        if score >= UNIT_CUTOFF:
            scored.append((score, candidate))
    scored.sort(key=lambda item: (-item[0], len(item[1].name), item[1].id))
    return [(c.id, s) for s, c in scored[:limit]]


def _fuzzy(wanted: str, candidate) -> float:
    from innokg.graph.model import key
    from innokg.graph.search import _names
    from rapidfuzz import fuzz

    return max(
        fuzz.partial_ratio(wanted, key(n)) if len(wanted) <= len(n) else fuzz.ratio(wanted, key(n))
        for n in _names(candidate)
    )


def _best_by_scoring_every_name(candidates, name: str):
    """What :meth:`NameIndex.best` must give: the first exact name or alias, else every
    candidate scored, ties to the one more documents name, with a full name, the shorter name."""
    from innokg.graph.model import key
    from innokg.graph.search import UNIT_CUTOFF, _document_count, _names

    wanted = key(name)
    for candidate in candidates:
        if wanted in map(key, _names(candidate)):
            return candidate.id, []
    scored = sorted(
        ((_fuzzy(wanted, c), c) for c in candidates),
        key=lambda item: (-item[0], -_document_count(item[1]), not getattr(item[1], "full_name", None),
                          len(item[1].name), item[1].name),
    )
    scored = [(s, c) for s, c in scored if s >= UNIT_CUTOFF]
    if not scored:
        return None
    return scored[0][1].id, [c.id for s, c in scored[1:6] if s >= scored[0][0] - 10]


def test_the_name_index_answers_exactly_as_scoring_every_name(seed_store):
    """Pieces of the plan's names, typos, full names, traditional characters and full-width
    forms, over the plan's units and entities and as many more made from their parts: search
    and lookup give what scoring every name gives — pruning by shared characters loses nothing."""
    import random

    from innokg.graph.search import NameIndex
    from innokg.graph.store import NodeRef, UnitRef

    rng = random.Random(7)
    units, nodes = seed_store.units(), seed_store.nodes()
    names = [u.name for u in units] + [n.name for n in nodes] + [u.full_name for u in units if u.full_name]
    made = [
        UnitRef(
            id=f"unit:made{i}", name=rng.choice(names)[: rng.randint(2, 8)] + rng.choice(["局", "委", "中心", "研究院", "（籌）", "ＡＢ"]),
            full_name=rng.choice([None, rng.choice(names) + "辦公室"]), aliases=rng.sample(names, rng.choice([0, 0, 1, 2])),
            document_count=rng.randint(0, 3),
        )
        for i in range(400)
    ]
    queries = []
    for _ in range(250):
        name = rng.choice(names)
        piece = name[(start := rng.randrange(len(name))) : start + rng.randint(1, 12)]
        if rng.random() < 0.3 and len(piece) > 2:  # a typo
            at = rng.randrange(len(piece))
            piece = piece[:at] + rng.choice("的市区局會") + piece[at + 1 :]
        queries.append(rng.choice([piece, piece, name, " " + piece]))
    found = 0
    for candidates in (units + made, nodes + [NodeRef(id=u.id, label="Unit", name=u.name, aliases=u.aliases) for u in made]):
        index = NameIndex(candidates)
        for query in queries:
            limit = rng.choice([1, 5, 20, 1000])
            expected = _every_name_searched(candidates, query, limit)
            assert [(c.id, s) for c, s in index.search(query, limit)] == expected, query
            best = _best_by_scoring_every_name(candidates, query)
            if best is None:
                with pytest.raises(NotFound):
                    index.best(query, "单位")
            else:
                chosen, others = index.best(query, "单位")
                assert (chosen.id, [c.id for c in others]) == best, query
            found += bool(expected)
    assert found > 300  # the queries do find things
