"""The HTML, table and clause readers take time at most linear in their input, whatever its
shape; reading a whole document runs a number of steps linear in it.

Hypothesis draws a structure (nested tables, nested lists, repeated rows, thousands of
attributes, long unit lists, nested brackets, short cell lines …) and a piece of text to repeat;
each is read at sizes n, 2n, 4n and 8n, n grown until the smallest read is measurable. The time
(``time.process_time``, best of three: a loaded CI machine slows a run, never speeds one) may grow
8× with slack, never the 64× of a quadratic reader. A ratio, never an absolute time. The whole
pipeline is held to a count of the lines it runs instead (below: fast, and the same on every run).
"""

from __future__ import annotations

import re
import signal
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
@pytest.mark.slow  # each example reads megabytes several times
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
@pytest.mark.slow  # each example reads megabytes several times
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
@pytest.mark.slow  # each example reads megabytes several times
@pytest.mark.timeout(300)
def test_the_clause_reader_is_linear(nlp, shape, word):
    from innokg.nlp.clauses import cell_line_clauses, find_clauses

    lexicon = nlp.get_pipe("innokg_attribution").lexicon
    if shape.startswith("cell"):  # the document-wide reader of tables flattened one cell a line
        assert_linear(clause_shape(shape, word), lambda text: cell_line_clauses(text, lexicon))
    else:
        assert_linear(clause_shape(shape, word), lambda text: find_clauses(text, 0, len(text), lexicon))


# --------------------------------------------------------------------------- targets and citations
#
# Each number looks back over its clause and sentence for a period, a deadline and a verb, each
# reference for the cue words of its clause: searches in C, which a count of Python lines does not
# see, so these are timed.

TARGET_SHAPES: dict[str, Callable[[int], str]] = {
    "a clause of metrics and their numbers": lambda k: "到2025年，" + "、".join(f"指标{i}" for i in range(k)) + "分别达到" + "、".join(f"{i + 1}家" for i in range(k)) + "。",
    "a sentence of clauses": lambda k: "到2025年，" + "，".join(f"新增企业{i + 1}家" for i in range(k)) + "。",
    "a clause of list items": lambda k: "每年新增" + "、".join(f"企业{i + 1}家" for i in range(k)) + "。",
    "clauses without a date": lambda k: "，".join(f"建成基地{i + 1}个" for i in range(k)) + "。",
    "a clause of numbers with no 、": lambda k: "新增" + "和".join(f"企业{i + 1}家" for i in range(k)) + "。",
}


@pytest.mark.parametrize("shape", TARGET_SHAPES)
@pytest.mark.slow  # reads of up to a megabyte, several times
@pytest.mark.timeout(300)
def test_the_target_reader_is_linear(shape):
    from innokg.nlp.targets import find_targets

    assert_linear(TARGET_SHAPES[shape], find_targets)


def _titles(k: int) -> list[str]:
    return [f"《{chr(0x4E00 + i % 500)}{chr(0x4E10 + i // 500)}科技创新条例》" for i in range(k)]


CITATION_SHAPES: dict[str, Callable[[int], str]] = {
    "a clause of titles": lambda k: "根据" + "、".join(_titles(k)) + "，制定本方案。",
    "a clause of titles and numbers": lambda k: "落实" + "和".join(f"{t}（鄂政发〔2020〕{i + 1}号）" for i, t in enumerate(_titles(k))) + "同时废止。",
    "a sentence of titles issued": lambda k: "现将" + "，".join(_titles(k)) + "印发给你们。",
}


@pytest.mark.parametrize("shape", CITATION_SHAPES)
@pytest.mark.slow  # reads of up to a megabyte, several times
@pytest.mark.timeout(300)
def test_the_citation_reader_is_linear(shape):
    from innokg.nlp.citations import CitationWords, find_citations

    words = CitationWords.default()
    assert_linear(CITATION_SHAPES[shape], lambda text: find_citations(text, words), n=1024)  # below, the scan hides


def _platform_list(k: int) -> str:
    """One clause listing ``k`` platforms after the word that builds them: 支持P1、P2…"""
    return "支持" + "、".join(f"{n[:2]}重点实验室" for n in _unit_names(k)) + "。"


@pytest.mark.slow  # reads of up to a megabyte, several times
@pytest.mark.timeout(300)
def test_whether_each_platform_of_a_long_clause_is_built_is_read_in_linear_time():
    """Each platform asks whether a word that builds it stands before it in its clause."""
    from innokg.graph.model.vocab import EntityType
    from innokg.nlp.entities import EntityMention
    from innokg.nlp.relations import _MarkedText

    def read(text: str) -> None:
        marked = _MarkedText(text)
        for m in re.finditer(r"[^、\n]{2}重点实验室", text):
            sentence_start, _ = marked.sentence(m.start(), 0, len(text))  # as the relations component asks
            marked.built(EntityMention(EntityType.PLATFORM, m.group(0), m.start(), m.end(), "name"), sentence_start)

    assert_linear(_platform_list, read, n=1024)  # below, the scan hides behind the lines per platform
    # … and each of thousands of lines naming a platform, with no comma: its clause ends with the line
    lines = lambda k: "".join(f"{n[:2]}重点实验室\n" for n in _unit_names(k))  # noqa: E731
    assert_linear(lines, read, n=1024)


# --------------------------------------------------------------------------- whole documents
#
# A reader of a whole document runs dozens of steps per task, so a scan of every task for every
# target hides behind them at any size a test can afford to time (16× for 8× the tasks, under
# the slack above). The lines of Python run are counted instead: a count, unlike a time, does not
# depend on how busy the machine is (only on what earlier reads left cached, which the first,
# uncounted read warms), and grows 8× for 8× the input in a linear reader.

STEP_SLACK = 1.2  # a linear reader's count grows at most 8× (fixed costs make it less); a scan of all per item, 10–61×


def steps(read: Callable[[Any], object], data: Any) -> int:
    """The lines of Python ``read(data)`` runs, innokg's and its libraries' (a loop's line once
    per turn; C code, as regular expressions run, is the timed tests' above)."""
    count = 0

    def line(frame: FrameType, event: str, arg: object) -> Callable:
        nonlocal count
        count += event == "line"
        return line

    previous = sys.gettrace()  # a coverage tool's, given back
    sys.settrace(lambda frame, event, arg: line)
    try:
        read(data)
    finally:
        sys.settrace(previous)
    return count


def assert_linear_steps(make: Callable[[int], Any], read: Callable[[Any], object], n: int = 64) -> None:
    steps(read, make(2))  # what loads on first use is not the reader's work
    counts = [steps(read, make(n * k)) for k in SIZES]
    ratio = counts[-1] / counts[0]
    assert ratio <= SIZES[-1] * STEP_SLACK, f"n={n}: {counts} lines run, ×{ratio:.1f} for ×{SIZES[-1]} the input"


PLAN = "某市创新发展行动方案\n一、重点任务\n"


def _lines(k: int, line: str) -> str:
    """``k`` lines of ``line``, its ``{i}`` the line's number and ``{n}`` two characters of its own."""
    return "".join(line.format(i=i + 1, n=name[:2]) for i, name in enumerate(_unit_names(k)))


#: documents whose size is in what the pipeline, the record and the graph facts keep per task, unit,
#: table, number or heading — each shape what one reader once scanned all of for each (said beside it)
DOCUMENTS: dict[str, Callable[[int], str]] = {
    # one task sharing itself among thousands of units: each is put in the task once
    "unit list": lambda k: PLAN + "1.建设平台。牵头单位：市科技局；责任单位：" + "、".join(_unit_names(k)) + "。\n",
    # thousands of tasks of one section, each with a target, a citation and its clause: each finds its
    # task, each label is looked for among the section's brackets, the policy node is updated in place
    "tasks": lambda k: PLAN + _lines(k, "{i}.建设{n}平台，到2025年达到{i}家，落实《某市科技创新条例》。（牵头单位：市科技局；责任单位：市财政局）\n"),
    # thousands of small tables under their items: each line and heading asks whether it is in a table
    "tables": lambda k: PLAN + _lines(k, "{i}.建设{n}平台。\n序号\t重点任务\t牵头单位\n1\t建设{n}\t市科技局\n2\t推进{n}\t市财政局\n"),
    # one clause of thousands of metrics and their numbers: "A、B分别达到x、y", and each number's list item
    "respectively": lambda k: PLAN + "1.到2025年，" + "、".join(f"{name[:2]}产业产值" for name in _unit_names(k)) + "分别达到" + "、".join(f"{i + 1}亿元" for i in range(k)) + "。\n",
    # thousands of platforms and fields of their own: each platform's name is looked into for them
    "platforms and fields": lambda k: PLAN + "1.建设平台。\n" + _lines(k, "建设{n}实验室、{n}创新中心和{n}产业园，发展{n}产业。\n"),
    # thousands of platforms after 等, each with the fields listed before it
    "platforms after 等": lambda k: PLAN + "1.建设创新平台。\n" + _lines(k, "建设{n}生物医药、{n}新能源汽车等{n}重点实验室。\n"),
    # one sentence of thousands of platforms, each serving a field ("建设P，助力I发展，建设P′，…"), or
    # built in a field's scope ("围绕I领域，布局建设P，…"): each verb or scope takes what lies near it
    "serving verbs": lambda k: PLAN + "1.建设平台。\n" + "，".join(f"建设{n[:2]}重点实验室，助力{n[:2]}产业发展" for n in _unit_names(k)) + "。\n",
    "scopes": lambda k: PLAN + "1.建设平台。\n" + "，".join(f"围绕{n[:2]}产业领域，布局建设{n[:2]}创新中心" for n in _unit_names(k)) + "。\n",
    # ... and thousands of scopes before the one platform built after them: each walks to it
    "scopes before one platform": lambda k: PLAN + "1.建设平台。\n" + "".join(f"围绕{n[:2]}产业领域，推进工作，" for n in _unit_names(k)) + "布局建设未来创新中心。\n",
    # one item with thousands of targets, each followed by a line reporting on it: each number's
    # report is its task's first
    "reports of one item": lambda k: PLAN + "1.建设平台。\n" + _lines(k, "新建{n}平台{i}个以上。\n进展情况：已建成{i}个。\n"),
    # a closing paragraph giving each of thousands of tasks its lead, by the words of its title
    "assignments": lambda k: PLAN + _lines(k, "{i}.建设{n}工程。\n") + "二、保障措施\n" + _lines(k, "市科技局负责牵头抓好{n}工程；"),
    # ... and items whose words every title holds (none is the one)
    "items every title holds": lambda k: PLAN + _lines(k, "{i}.加快水利建设第{i}批。\n") + "二、保障措施\n" + "市科技局负责牵头抓好水利工程；" * k,
    # paragraphs with no numbering, each closed by its clause, and a task table of thousands of rows
    "paragraphs": lambda k: PLAN + _lines(k, "建设{n}平台第{i}项工作。（牵头单位：市科技局）\n"),
    "task table": lambda k: "序号\t重点任务\t牵头单位\t配合单位\n" + _lines(k, "{i}\t建设{n}平台\t市科技局\t市财政局\n"),
}


def _unit_names(k: int) -> list[str]:
    """``k`` different units' names (two characters of their own before a common head)."""
    return [f"{chr(0x4E00 + i % 500)}{chr(0x4E10 + i // 500)}市科技局" for i in range(k)]


def test_the_words_two_tasks_changed_are_found_in_linear_steps():
    """difflib compares two texts in steps that grow with the product of their lengths: two long
    tasks are compared by what lies between what they begin and end with alike."""
    from innokg.graph.diff import FINE_PAIRS, changed_pieces

    def texts(k: int) -> tuple[str, str]:
        words = "".join(f"{n[:2]}建设{i}" for i, n in enumerate(_unit_names(k)))
        return words + "入库超过10000家" + words, words.replace("建设", "推进") + "入库超过12000家" + words

    a, b = texts(256)
    assert len(a) * len(b) > FINE_PAIRS  # from the smallest size on, beyond what difflib compares whole
    assert_linear_steps(texts, lambda pair: changed_pieces(*pair), n=256)


def test_a_crowd_of_wordings_of_one_metric_is_grouped_in_linear_steps(monkeypatch):
    """Thousands of metrics alike (高新技术企业数量 and two characters of their own): each was
    compared with every other, and every similar pair kept and tried as a merge."""
    from innokg.graph import timeline
    from innokg.graph.timeline import Similar, _linked, default_words

    # fewer compared, so that from the smallest size on each core is compared with as many as it ever is
    monkeypatch.setattr(timeline, "MAX_COMPARED", 16)
    threshold = default_words().threshold
    crowd = lambda k: [f"高新技术企业数量{n[:2]}" for n in _unit_names(k)]  # noqa: E731
    assert_linear_steps(crowd, lambda cores: _linked({c: [] for c in cores}, None, Similar(cores, threshold)), n=128)


@pytest.mark.parametrize("shape", DOCUMENTS)
def test_reading_a_document_runs_linear_steps(nlp, shape):
    """A document read into its facts, as a build does: record, then graph facts."""
    from innokg.graph.build import record_to_graph
    from innokg.ingest import parse_text
    from innokg.nlp.record import extract

    # 128 to 1,024 of each: below that, a scan per item hides behind the dozens of lines each costs
    assert_linear_steps(DOCUMENTS[shape], lambda text: record_to_graph(extract(parse_text(text, "shape"), nlp)), n=128)


#: a library's units: names and their short forms, as the units of many documents give them
LIBRARIES: dict[str, Callable[[int], dict[str, str]]] = {
    # each district bureau and its short name (区丁丐经发局 of 区丁丐经济发展局)
    "short names": lambda k: {f"u{i}": f"区{name[:2]}经济发展局" for i, name in enumerate(_unit_names(k))}
    | {f"s{i}": f"区{name[:2]}经发局" for i, name in enumerate(_unit_names(k))},
    # a city's bureaus: no level prefix, one first character and one last for all (武汉市…管理局)
    "one city's bureaus": lambda k: {f"u{i}": f"武汉市{name[:2]}管理局" for i, name in enumerate(_unit_names(k))},
    # district bureaus sharing the character after the level (区经…局)
    "one first character": lambda k: {f"u{i}": f"区经{name[:2]}局" for i, name in enumerate(_unit_names(k))},
}


@pytest.mark.parametrize("library", LIBRARIES)
def test_a_librarys_short_unit_names_fold_in_linear_steps(library):
    """Which of thousands of units is another written short: every question composes the
    library, and the composition asks."""
    from innokg.graph.model.aliases import aliases

    if library == "short names":  # the shape makes what it is meant to
        assert aliases(LIBRARIES[library](3)) == {"s0": "u0", "s1": "u1", "s2": "u2"}
    assert_linear_steps(LIBRARIES[library], aliases)


def test_a_library_naming_a_unit_short_and_in_full_composes_in_linear_steps(nlp):
    """Thousands of documents each naming one unit both ways in one clause (区经发局、区经济发展局):
    composing folds the short name's relations into the full name's, keeping one of each pair."""
    from innokg.graph.build import record_to_graph
    from innokg.graph.facts import compose
    from innokg.ingest import parse_text
    from innokg.nlp.record import extract

    plan = "某区创新发展行动方案\n一、重点任务\n1.建设创新平台。（责任单位：区经发局、区经济发展局）\n"
    facts = record_to_graph(extract(parse_text(plan, "one"), nlp)).model_dump_json()
    library = lambda k: [facts.replace("doc:one", f"doc:d{i}") for i in range(k)]
    assert compose(library(3)).aliases == {"unit:区经发局": "unit:区经济发展局"}  # the shape makes what it is meant to
    assert_linear_steps(library, compose)


@pytest.mark.parametrize("fact", ["targets", "citations"])
def test_the_record_finds_each_facts_task_in_linear_steps(nlp, fact):
    """The record gives each target and citation the task holding it (the pipeline's reading is
    not counted: it is made before)."""
    from innokg.ingest import parse_text
    from innokg.nlp.record import analyse, record_of

    said = {"targets": "到2025年企业达到{i}家", "citations": "落实《某市科技创新条例》"}[fact]
    plan = lambda k: PLAN + "".join(f"{i + 1}.{said.format(i=i)}。\n" for i in range(k))
    found = getattr(record_of(analyse(parse_text(plan(4), "shape"), nlp)), fact)
    assert len(found) == 4 and all(f.task_id for f in found)  # the shape makes what it is meant to
    assert_linear_steps(lambda k: analyse(parse_text(plan(k), "shape"), nlp), record_of)


@pytest.mark.parametrize("shape", ["many units", "nested brackets", "repeated clauses", "fields", "lead and co", "unclosed"])
def test_the_clause_reader_runs_linear_steps(nlp, shape):
    from innokg.nlp.clauses import find_clauses

    lexicon = nlp.get_pipe("innokg_attribution").lexicon
    assert_linear_steps(clause_shape(shape, "市科技局"), lambda text: find_clauses(text, 0, len(text), lexicon))


def test_a_name_the_statistical_layer_reads_back_is_read_in_linear_steps(monkeypatch):
    """The worst tags for reading names back from their ends: one name over the whole text (a
    sentence of 研究院 repeated, tagged as one). Each place is read once and the network runs
    three passes at most — not a pass for every few characters, each over the whole text."""
    import numpy as np
    from innokg.graph.model.data import data_path
    from innokg.nlp import statistical

    tagger = statistical.load_model(str(data_path(*statistical.MODEL.split("/"))))
    assert tagger is not None
    inside, passes = tagger.labels.index("I-Platform"), []

    def all_one_name(self, vectors, at):
        passes.append(len(at))
        scores = np.zeros((len(at), len(tagger.labels)), dtype=np.float32)
        scores[:, inside] = 1
        return scores

    monkeypatch.setattr(statistical._Network, "scores_at", all_one_name)

    def read(text: str) -> None:
        passes.clear()
        ends = [(end, 0) for end in range(3, len(text) + 1, 3)]  # after every 研究院
        assert tagger.names_ending(text, ends) == [(0, len(text), "Platform")]
        assert len(passes) <= 3

    assert_linear_steps(lambda k: "研究院" * k, read, n=64)


@pytest.mark.slow
def test_the_statistical_layer_is_linear_in_a_sentence_of_head_words(nlp):
    """A sentence of one head word repeated (研究院研究院…), which the model tags as one long name:
    read back 8 characters a pass, each pass over the whole text, 150,000 characters took 55 s
    (0.55 s reading every tag)."""
    ner = nlp.get_pipe("innokg_ner")
    assert_linear(lambda k: "建设" + "研究院" * k + "。", ner.tag, n=4096)
