"""Readers that find the few characters or words that matter instead of testing every position
give the same answers as the plain scans they replaced (kept here as the reference)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from innokg.nlp.assignments import SENTENCE, _sentences
from innokg.nlp.clauses import CLOSE, OPEN, bracket_groups, split_top
from innokg.nlp.pipeline import load_pipeline

PIECES = st.sampled_from(
    ["市科技局", "区交建局", "负责", "牵头", "抓好", "推进", "水利工程", "、", "，", "。", "；", ";", "：", " ", "\n",
     "（", "）", "(", ")", "【", "】", "《", "》", "和", "及", "x", "水利工程建设" * 30]  # past the 300 items a sentence holds
)
TEXTS = st.lists(PIECES, max_size=60).map("".join)


def _bracket_groups_by_character(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    groups, depth, opened = [], 0, -1
    for i in range(start, end):
        ch = text[i]
        if ch in OPEN:
            if depth == 0:
                opened = i
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
            if depth == 0:
                groups.append((opened, i + 1, False))
        elif ch == "\n" and depth:
            groups.append((opened, i, True))
            depth = 0
    if depth:
        stop = end
        while stop > opened and text[stop - 1].isspace():
            stop -= 1
        groups.append((opened, stop, True))
    return groups


def _split_top_by_character(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    parts, depth, begin = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
        elif ch in separators and depth == 0:
            parts.append((begin, i))
            begin = i + 1
    parts.append((begin, end))
    out = []
    for s, e in parts:
        if text[s:e].strip():
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            out.append((s, e))
    return out


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_brackets_and_separators_found_as_a_scan_of_every_character_finds_them(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert bracket_groups(text, start, end) == _bracket_groups_by_character(text, start, end)
    for separators in ("。", "、", "，,", "；;。 \u3000"):
        assert split_top(text, start, end, separators) == _split_top_by_character(text, start, end, separators)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_assignment_sentences_are_those_a_search_of_the_whole_text_finds(text):
    def spans(matches):
        return [(m.span(), m.span("units"), m.group("items")) for m in matches]

    assert spans(_sentences(text)) == spans(SENTENCE.finditer(text))


def test_a_heading_lead_is_searched_in_the_tail_its_rule_can_reach():
    """The configured rule's widest match fits the reach (else a lead would be missed), and a
    heading line that is a whole paragraph gives what a search of all of it gives."""
    lexicon = load_pipeline().get_pipe("innokg_attribution").lexicon
    rule = re.sub(r"\\s\*\$$", "", lexicon.leading_heading_rule)
    assert rule != lexicon.leading_heading_rule, "the rule ends its line"
    assert re._parser.parse(rule).getwidth()[1] <= lexicon.leading_heading_reach  # type: ignore[attr-defined]
    lines = [
        "（一）省监察厅牵头的工作",
        "（二）市发改委负责的重点工作  ",
        "加快建设创新平台，" * 40 + "（三）市科技局牵头的工作",
        "加快建设创新平台，" * 40 + "市科技局牵头的任务，推进改革",
        "牵头的工作",
    ]
    for line in lines:
        fast, whole = lexicon.leading_heading(line), lexicon._leading_heading_re.search(line)
        assert (fast and (fast.span(), fast.span(1))) == (whole and (whole.span(), whole.span(1)))
    assert lexicon.leading_heading(lines[2]) is not None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["牵头", "负责", "的", "重点", "工作", "任务", "事项", "市", "科技局", "，", " ", "\n", "（一）", "推进" * 9]),
        max_size=40,
    ).map("".join)
)
def test_a_heading_lead_is_found_where_a_search_of_the_whole_line_finds_it(line):
    """The search starts where the rule's tail first follows a name it allows: never after a
    place where a lead can start."""
    lexicon = load_pipeline().get_pipe("innokg_attribution").lexicon
    assert lexicon._leading_tail is not None  # the configured rule opens with its name
    fast = lexicon.leading_heading(line)
    whole = lexicon._leading_heading_re.search(line, max(0, len(line.rstrip()) - lexicon.leading_heading_reach))
    assert (fast and (fast.span(), fast.span(1))) == (whole and (whole.span(), whole.span(1)))


def test_a_heading_rule_of_another_shape_is_searched_as_it_is():
    """A rule with | at its top (or a quantifier on the name, or a reference back to it) is no
    name followed by a tail of its own: no search is skipped."""
    from innokg.nlp.clauses import Lexicon

    lexicon = Lexicon({}, (), (), {}, (), (), (), (), (), (), "x", "x", "x", leading_heading_rule="(.{2,40}?)牵头的工作|分工负责")
    assert lexicon._leading_tail is None
    found = lexicon.leading_heading("按照职责分工负责")
    assert found is not None and found.group(0) == "分工负责"
