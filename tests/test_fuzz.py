"""The structure parser and the attribution grammar on random and mutated real text: no
exception, every span inside the text, every quote equal to the text at its span.

A bounded number of examples run in ``make test``; ``make fuzz`` runs many more
(HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import os

import pytest
from conftest import LAYOUTS, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from innokg.graph.model.errors import InputError
from innokg.ingest import parse_text

pytestmark = pytest.mark.slow  # a minute of random documents: `make check` leaves it out

settings.register_profile("default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REAL = [SEED.read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8") for p in sorted(LAYOUTS.glob("*.txt"))]
#: the characters that steer the grammar: markers, brackets, labels, separators
PIECES = list("一二三四五六七八九十（）()〈〉《》【】、，,；;：:。 \n\t123") + [
    "牵头单位：", "责任单位:", "配合单位：", "牵头", "负责", "配合", "按职责分工负责", "列第一位者为牵头单位，下同",
    "以下均需区发改局配合，不再列出", "市科技局", "各区人民政府", "（含开发区管委会，下同》", "一、", "（一）", "1.", "①", "1）",
    "序号\t重点任务\t牵头单位\t配合单位\n", "1\t建设\t市科技局\t市财政局\n", "到2025年，", "新增10家", "牽頭單位：", "區科技局",
]
mutations = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 40), st.sampled_from(PIECES)), max_size=12)


def mutate(text: str, edits) -> str:
    for at, cut, piece in edits:
        at %= len(text) + 1
        text = text[:at] + piece + text[at + cut :]
    return text


def check(text: str, nlp) -> None:
    from innokg.nlp.record import extract

    try:
        parsed = parse_text(text, source="fuzz.txt")
    except InputError:
        return  # empty text: refused by name, as it should be
    for heading in (*parsed.sections, *parsed.tasks):
        assert 0 <= heading.start <= heading.end <= len(text)
    record = extract(parsed, nlp)
    for task in record.tasks:
        assert text[task.start : task.end] == task.text
        for evidence in task.attributions:
            assert text[evidence.start : evidence.end] == evidence.quote
        for unit in (*task.lead, *task.co, *task.guides):
            assert 0 <= unit.start <= unit.end <= len(text) and text[unit.start : unit.end] == unit.surface
    for target in record.targets:
        assert text[target.evidence.start : target.evidence.end] == target.evidence.quote


@given(st.sampled_from(range(len(REAL))), mutations)
def test_mutated_real_plans(nlp, index, edits):
    check(mutate(REAL[index][:3000], edits), nlp)


@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_texts_made_of_the_grammars_own_words(nlp, text):
    check("某市方案\n" + text, nlp)


@given(st.text(max_size=400))
def test_any_text(nlp, text):
    check(text, nlp)


@pytest.mark.parametrize("depth", [2000])
def test_deeply_unbalanced_brackets(nlp, depth):
    check("某市方案\n一、建设。" + "（" * depth + "牵头单位：市科技局" + "）" * (depth // 2) + "\n", nlp)
