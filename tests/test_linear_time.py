"""The HTML, table and clause readers take time at most linear in their input, whatever its shape.

Hypothesis draws a structure (nested tables, nested lists, repeated rows, thousands of
attributes, long unit lists, nested brackets, short cell lines …) and a piece of text to repeat;
each is read at sizes n, 2n, 4n and 8n, n grown until the smallest read is measurable. The time
(``time.process_time``, best of three: a loaded CI machine slows a run, never speeds one) may grow
8× with slack, never the 64× of a quadratic reader. A ratio, never an absolute time.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow  # each example reads megabytes several times

SLACK = 3.0  # 8× the input may take up to 24× the time; a quadratic reader takes ~64×
SIZES = (1, 2, 4, 8)
SMALLEST = 0.01  # seconds the smallest read must take to be measured at all
few = settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
WORDS = st.sampled_from(["市科技局", "建设实验室", "各区人民政府", "层", "牵头", "1", "（一）", "Ｘ"])


#: no single read of these sizes takes this long on a linear reader; an exponential one would run
#: for hours (nested tables once did), so it is stopped and fails instead of hanging the suite
BUDGET = 30.0


class TooSlow(Exception):
    pass


def _stop(signum, frame):
    raise TooSlow(f"one read took more than {BUDGET:.0f} s")


def seconds(read: Callable[[str], object], text: str) -> float:
    best = float("inf")
    previous = signal.signal(signal.SIGALRM, _stop)
    try:
        for _ in range(3):
            signal.setitimer(signal.ITIMER_REAL, BUDGET)
            start = time.process_time()
            try:
                read(text)
            except TooSlow:
                pytest.fail(f"{len(text)} characters: a read took more than {BUDGET:.0f} s (super-linear)")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            best = min(best, time.process_time() - start)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return best


def assert_linear(make: Callable[[int], str], read: Callable[[str], object], n: int = 8) -> None:
    """``read(make(k))`` for k = n, 2n, 4n, 8n (n doubled until the first read is measurable)."""
    while seconds(read, make(n)) < SMALLEST and n < 1_000_000:
        n *= 2
    times = [seconds(read, make(n * k)) for k in SIZES]
    ratio = times[-1] / max(times[0], 1e-6)
    assert ratio <= SIZES[-1] * SLACK, f"n={n}: {[round(t, 4) for t in times]} s, ×{ratio:.0f} for ×{SIZES[-1]} the input"


# --------------------------------------------------------------------------- HTML


def html_shape(shape: str, word: str) -> Callable[[int], str]:
    shapes = {
        "nested tables": lambda k: f"<table><tr><td>{word}" * k + "底" + "</td></tr></table>" * k,
        "nested lists": lambda k: f"<ul><li>{word}" * k + "</li></ul>" * k,
        "rows": lambda k: "<table>" + "".join(f"<tr><td>{i}</td><td>{word}{i}</td><td>市科技局</td></tr>" for i in range(k)) + "</table>",
        "tables in cells": lambda k: "<table><tr>" + f"<td><table><tr><td>{word}</td><td>甲</td></tr></table></td>" * k + "</tr></table>",
        "attributes": lambda k: "<p " + " ".join(f'a{i}="{word}"' for i in range(k * 20)) + f">{word}</p>",
        "spans": lambda k: "<td " + 'rowspan="3" ' * k + f">{word}</td>" * k,
    }
    make = shapes[shape]
    return lambda k: f"<html><body>{make(k)}</body></html>"


@few
@given(st.sampled_from(["nested tables", "nested lists", "rows", "tables in cells", "attributes", "spans"]), WORDS)
@pytest.mark.timeout(300)
def test_the_html_reader_is_linear(shape, word):
    from innokg.ingest.html import html_to_text

    assert_linear(html_shape(shape, word), html_to_text)


# --------------------------------------------------------------------------- tables


def table_shape(shape: str, word: str) -> Callable[[int], str]:
    header = "序号\t重点任务\t牵头单位\t配合单位\n"
    return {
        "task table": lambda k: header + "".join(f"{i}\t{word}{i}\t市科技局\t市财政局、市发改委\n" for i in range(k)),
        "short lines": lambda k: f"{word}\t乙\n" * k,
        "pipes": lambda k: "|序号|重点任务|牵头单位|\n" + f"|1|{word}|市科技局|\n" * k,
        "wide rows": lambda k: "\t".join([word] * k) + "\n" + "\t".join(["牵头单位"] * k) + "\n",
        "spaced": lambda k: f"{word}  市科技局  市财政局\n" * k,
    }[shape]


@few
@given(st.sampled_from(["task table", "short lines", "pipes", "wide rows", "spaced"]), WORDS)
@pytest.mark.timeout(300)
def test_the_table_reader_is_linear(shape, word):
    from innokg.ingest.tables import find_tables

    assert_linear(table_shape(shape, word), find_tables)


# --------------------------------------------------------------------------- attribution clauses


def clause_shape(shape: str, word: str) -> Callable[[int], str]:
    return {
        "many units": lambda k: "（牵头单位：区科技局；责任单位：" + "、".join(f"第{i}{word}办事处" for i in range(k)) + "）",
        "nested brackets": lambda k: "（" * k + f"牵头单位：{word}" + "）" * k,
        "repeated clauses": lambda k: f"建设{word}。（牵头单位：市科技局；责任单位：市财政局）" * k,
        "fields": lambda k: "".join(f"牵头单位：{word}{i} 配合单位：市财政局\n" for i in range(k)),
        "lead and co": lambda k: "（" + "、".join([word] * k) + "牵头，" + "、".join(["市财政局"] * k) + "配合）",
        "unclosed": lambda k: "（责任单位：" + f"{word}、" * k,
        "cell lines": lambda k: f"{word}\n" * k,  # a table flattened one cell per line, with no end
        "cell table": lambda k: "序号\n重点任务\n牵头单位\n配合单位\n" + "".join(f"{i}\n{word}\n市科技局\n市财政局\n" for i in range(k)),
    }[shape]


@few
@given(st.sampled_from(["many units", "nested brackets", "repeated clauses", "fields", "lead and co", "unclosed", "cell lines", "cell table"]), WORDS)
@pytest.mark.timeout(300)
def test_the_clause_reader_is_linear(nlp, shape, word):
    from innokg.nlp.clauses import cell_line_clauses, find_clauses

    lexicon = nlp.get_pipe("innokg_attribution").lexicon
    if shape.startswith("cell"):  # the document-wide reader of tables flattened one cell a line
        assert_linear(clause_shape(shape, word), lambda text: cell_line_clauses(text, lexicon))
    else:
        assert_linear(clause_shape(shape, word), lambda text: find_clauses(text, 0, len(text), lexicon))
