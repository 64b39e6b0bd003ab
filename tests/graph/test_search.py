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
