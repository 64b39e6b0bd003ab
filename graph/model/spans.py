"""Positions in spans of a text, by bisection: whether a position lies in one of them
(:class:`Spans`), and which is the innermost one holding it (:class:`Holders`). A scan of every
span for every position is quadratic in a long document; these are linear overall (a sort, then
a logarithm per question)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class Spans:
    """Spans of a text, merged; whether a position lies in one.

    >>> Spans([(0, 5), (3, 8), (20, 30)]).holds(7), Spans([(0, 5)]).holds(5)
    (True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def holds(self, at: int) -> bool:
        i = bisect.bisect_right(self.starts, at) - 1
        return i >= 0 and at < self.ends[i]


class Holders(Generic[T]):
    """Spans that nest or stand apart, as a document's sections and tasks do, each with what it
    stands for; the innermost one holding a position (the one starting last; of two starting
    together, the shorter). Made in one sweep over the spans' edges: between two edges the same
    span holds every position, so a question is one bisection, however deep the nesting.

    >>> holders = Holders([(0, 100, "section"), (10, 20, "task 1"), (30, 40, "task 2")])
    >>> holders.innermost(15), holders.innermost(25), holders.innermost(100)
    ('task 1', 'section', None)
    """

    def __init__(self, spans: Iterable[tuple[int, int, T]]) -> None:
        ordered = sorted((s for s in spans if s[0] < s[1]), key=lambda s: (s[0], -s[1]))  # a span before those it holds
        edges = sorted({edge for start, end, _ in ordered for edge in (start, end)})
        self.edges: list[int] = []  # where what holds the text changes, and from there on
        self.holding: list[T | None] = []
        open_spans: list[tuple[int, T]] = []  # (end, item), the innermost last
        following = 0
        for edge in edges:
            while open_spans and open_spans[-1][0] <= edge:  # ended here (or before: spans that overlap)
                open_spans.pop()
            while following < len(ordered) and ordered[following][0] == edge:
                _, end, item = ordered[following]
                open_spans.append((end, item))
                following += 1
            self.edges.append(edge)
            self.holding.append(open_spans[-1][1] if open_spans else None)

    def innermost(self, at: int) -> T | None:
        i = bisect.bisect_right(self.edges, at) - 1
        return self.holding[i] if i >= 0 else None


class Marks:
    """Where some characters (punctuation) stand in a text: the last one before a position or
    the first after it, by bisection — ``max(text.rfind(ch, 0, at) for ch in marks)`` searches
    back to each mark, and through the whole text for a mark it lacks.

    >>> Marks("甲，乙。丙", "，。").last_before(4), Marks("甲乙", "，").last_before(2), Marks("甲，乙。丙", "，。").first_from(2)
    (3, -1, 3)
    """

    def __init__(self, text: str, marks: str) -> None:
        self.at = [m.start() for m in re.finditer(f"[{re.escape(marks)}]", text)]

    def last_before(self, at: int) -> int:
        """The position of the last mark before ``at``; -1 if none."""
        i = bisect.bisect_left(self.at, at) - 1
        return self.at[i] if i >= 0 else -1

    def first_from(self, at: int) -> int | None:
        """The position of the first mark at ``at`` or after; None if none."""
        i = bisect.bisect_left(self.at, at)
        return self.at[i] if i < len(self.at) else None


#: the most characters a fact's evidence quotes: each of the facts read from a clause or sentence of
#: thousands of numbers or names would otherwise quote all of it, and the record grow with its square
QUOTE_LIMIT = 500


def quoted(start: int, end: int, focus: tuple[int, int], limit: int = QUOTE_LIMIT) -> tuple[int, int]:
    """The span a fact quotes: ``start``–``end`` (its clause or sentence), or where that is longer
    than ``limit``, the ``limit`` characters of it centred on ``focus`` (what the fact is about).

    >>> quoted(0, 80, (40, 42), limit=100), quoted(0, 1000, (500, 502), limit=100), quoted(0, 1000, (10, 12), limit=100)
    ((0, 80), (451, 551), (0, 100))
    """
    if end - start <= limit:
        return start, end
    centre = (focus[0] + focus[1]) // 2
    at = min(max(start, centre - limit // 2), end - limit)
    return at, at + limit
