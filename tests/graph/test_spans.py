"""Positions in spans (graph/model/spans.py): which span holds a position, on spans as documents
make them and as they could."""

from __future__ import annotations

from innokg.graph.model.spans import Holders, Marks, Spans
from test_linear_time import assert_linear_steps


def test_the_innermost_holder_is_the_one_starting_last():
    sections_and_tasks = Holders([(0, 100, "一"), (0, 50, "（一）"), (10, 20, "1"), (20, 30, "2"), (60, 70, "3")])
    assert [sections_and_tasks.innermost(at) for at in (0, 10, 19, 20, 35, 50, 65, 99, 100)] == [
        "（一）", "1", "1", "2", "（一）", "一", "3", "一", None,
    ]


def test_spans_that_overlap_or_hold_nothing():
    holders = Holders([(0, 10, "a"), (5, 15, "b"), (7, 7, "empty")])
    assert [holders.innermost(at) for at in (4, 5, 7, 12, 15)] == ["a", "b", "b", "b", None]
    assert Holders([]).innermost(3) is None


def test_a_thousand_spans_deep_is_one_bisection():
    def nested(k: int) -> list[tuple[int, int, int]]:
        return [(i, 2 * k - i, i) for i in range(k)]

    def ask(spans: list[tuple[int, int, int]]) -> list[int | None]:
        holders = Holders(spans)
        return [holders.innermost(at) for at in range(2 * len(spans))]

    assert ask(nested(3)) == [0, 1, 2, 2, 1, 0]
    assert_linear_steps(nested, ask)


def test_merged_spans_and_marks():
    assert [Spans([(0, 5), (5, 8), (20, 30)]).holds(at) for at in (4, 5, 8, 25)] == [True, True, False, True]
    marks = Marks("推进甲、乙建设，促进丙；丁", "，；")
    assert (marks.last_before(9), marks.last_before(12), marks.first_from(8), marks.first_from(12)) == (7, 11, 11, None)
