"""Matching tasks by the words of their titles and units by name: one criterion of a good match
(coverage of the question), the nearest candidates when nothing matches, and indexes that answer
exactly as scoring everything does."""

from __future__ import annotations

import pytest
from innokg.graph.model.errors import NotFound
from innokg.graph.search import GOOD_MATCH, NoGoodMatch, coverage, find_tasks, find_unit, require_tasks


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
    ("question", "near"),
    [
        ("量子通信网络建设", True),  # 建设 in many titles, 网络 in one: a quarter of it at best
        ("航天发射场建设", True),
        ("加快建设量子通信网络", True),  # generic words around what is asked
        ("今天天气怎么样", False),
    ],
)
def test_a_question_no_title_covers_well_says_so_with_the_nearest(seed_store, question, near):
    """Not an unrelated task: NoGoodMatch, naming the nearest tasks (each with its document and
    a score below the good-match line), the best first."""
    assert find_tasks(seed_store, question) == []
    with pytest.raises(NoGoodMatch) as raised:
        require_tasks(seed_store, question)
    nearest = raised.value.candidates
    assert bool(nearest) == near and len(nearest) <= 5
    assert all(c.label == "Task" and c.document == "武汉市创新发展三年行动方案" and 0 < c.score < GOOD_MATCH for c in nearest)
    assert [c.score for c in nearest] == sorted((c.score for c in nearest), reverse=True)
    assert all(c.score == coverage(question, c.name) for c in nearest)
    assert f"没有找到与“{question}”相符的任务" in str(raised.value)
    assert ("最接近的" in str(raised.value)) == near and ("图谱中没有与之相近的任务" in str(raised.value)) != near


def test_coverage_counts_runs_of_the_question_in_order_not_scattered_characters():
    assert coverage("量子通信网络建设", "设施") == 0  # a short title inside the question covers it not
    assert coverage("科技创新", "创新科技") == 50  # the order of the question's own words counts
    assert coverage("科技 创新", "创新科技") == 100  # words it separates by spaces are each covered
    assert coverage("建设重大科技基础设旅群", "建设重大科技基础设施群") >= GOOD_MATCH  # a typo in a long question
    assert coverage("小型工业企业", "新型工业化产业示范基地、企业技术改造") < 100  # two runs, not the whole


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
    with pytest.raises(NoGoodMatch, match="没有找到与“国家航天局”相符的单位") as raised:
        find_unit(seed_store, "国家航天局")
    assert raised.value.candidates and all(c.label == "Unit" and c.score < GOOD_MATCH for c in raised.value.candidates)
    with pytest.raises(NotFound, match="请给出单位名称"):
        find_unit(seed_store, "，")


def test_one_character_of_four_wrong_is_no_unit_but_the_nearest(seed_store):
    """市科技厅 is neither 市科技局 nor a provincial 科技厅: the question is not answered by either."""
    with pytest.raises(NoGoodMatch) as raised:
        find_unit(seed_store, "市科技厅")
    assert raised.value.candidates[0].name == "市科技局" and raised.value.candidates[0].score == 75
    assert find_unit(seed_store, "科技局")[0].name == "市科技局"  # a part of its name is a good match


def _every_title_scored(tasks, query: str, limit: int, floor: float = GOOD_MATCH):
    """The ranking :class:`TitleIndex` must give: every title scored, best first, ties to the
    closer full title, then document order."""
    from innokg.graph.model import key
    from innokg.graph.search import words_of
    from rapidfuzz import fuzz

    scored = [(coverage(query, t.title), fuzz.ratio("".join(words_of(query)), key(t.title)), t) for t in tasks]
    scored = sorted((s for s in scored if s[0] >= floor and s[0] > 0), key=lambda s: (-s[0], -s[1]))
    return [(t.id, score) for score, _, t in scored[:limit]]


def test_the_title_index_ranks_exactly_as_scoring_every_title(seed_store):
    """Queries cut from, mistyped in and glued across the plan's titles and headings (short and
    long, one word and several): the index finds the same tasks, in the same order, with the
    same scores as scoring every title — pruning by shared characters loses nothing."""
    import random

    from innokg.graph.search import TitleIndex
    from innokg.graph.model.answers import TaskRef

    rng = random.Random(12)
    words = [t.title for t in seed_store.queries().tasks()] + [s.name for s in seed_store.queries().nodes("Platform", "Industry")]
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
        assert [(t.id, s) for t, s in index.nearest(query, limit)] == _every_title_scored(tasks, query, limit, 0.0), query
        found += bool(expected)
    assert found > 200  # the queries do find things


def _every_name_scored(candidates, query: str, floor: float = GOOD_MATCH):
    """Every candidate scored by its best name (coverage, then closeness), kept at ``floor``."""
    from innokg.graph.model import key
    from innokg.graph.search import _names, words_of
    from rapidfuzz import fuzz

    wanted = "".join(words_of(query))
    scored = []
    for candidate in candidates:
        score, close = max((coverage(query, n), fuzz.ratio(wanted, key(n))) for n in _names(candidate) if key(n))
        if score >= floor and score > 0:
            scored.append((score, close, candidate))
    return scored


def _every_name_searched(candidates, query: str, limit: int, floor: float = GOOD_MATCH):
    """What :meth:`NameIndex.search` must give: the best scores first, then the closer name,
    the shorter name."""
    scored = sorted(_every_name_scored(candidates, query, floor), key=lambda s: (-s[0], -s[1], len(s[2].name), s[2].id))
    return [(c.id, s) for s, _, c in scored[:limit]]


def _best_by_scoring_every_name(candidates, name: str):
    """What :meth:`NameIndex.best` must give: the first exact name or alias, else every
    candidate scored, ties to the one more documents name, with a full name, the shorter name."""
    from innokg.graph.model import key
    from innokg.graph.search import _document_count, _names

    wanted = key(name)
    for candidate in candidates:
        if wanted in map(key, _names(candidate)):
            return candidate.id, []
    order = {id(c): i for i, c in enumerate(candidates)}
    scored = sorted(
        _every_name_scored(candidates, name),
        key=lambda s: (-s[0], -_document_count(s[2]), not getattr(s[2], "full_name", None), len(s[2].name), s[2].name, order[id(s[2])]),
    )
    if not scored:
        return None
    return scored[0][2].id, [c.id for s, _, c in scored[1:6] if s >= scored[0][0] - 10]


def test_the_name_index_answers_exactly_as_scoring_every_name(seed_store):
    """Pieces of the plan's names, typos, full names, traditional characters and full-width
    forms, over the plan's units and entities and as many more made from their parts: search
    and lookup give what scoring every name gives — pruning by shared characters loses nothing."""
    import random

    from innokg.graph.search import NameIndex
    from innokg.graph.model.answers import NodeRef, UnitRef

    rng = random.Random(7)
    units, nodes = seed_store.queries().units(), seed_store.queries().nodes()
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
            assert [(c.id, c.score) for c in index.nearest(query, limit)] == _every_name_searched(candidates, query, limit, 0.0)
            best = _best_by_scoring_every_name(candidates, query)
            if best is None:
                with pytest.raises(NoGoodMatch):
                    index.best(query, "单位")
            else:
                chosen, others = index.best(query, "单位")
                assert (chosen.id, [c.id for c in others]) == best, query
            found += bool(expected)
    assert found > 300  # the queries do find things
