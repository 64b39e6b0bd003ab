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
