"""The shared name helpers of graph/model/names.py."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from innokg.graph.model.names import any_word

# few characters, so that words share beginnings and texts hold many of them; a regex character
# among them, so that escaping counts
CHARS = st.sampled_from("市科技局武汉光谷a.(")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(CHARS, max_size=5), max_size=12), st.text(CHARS, max_size=60))
def test_any_word_matches_what_the_alternation_of_the_words_longest_first_matches(words, text):
    """(An empty word is no word: in an alternation it would match everywhere.)"""
    alternation = re.compile("|".join(map(re.escape, sorted({w for w in words if w}, key=len, reverse=True))) or "(?!)")
    found = [m.span() for m in re.finditer(any_word(words), text)]
    assert found == [m.span() for m in alternation.finditer(text)]


def test_a_word_longer_than_the_trie_can_recurse_still_matches():
    words = ["甲" * 3000, "乙", "乙丙"]
    assert [m.group() for m in re.finditer(any_word(words), "乙丙乙" + "甲" * 3000)] == ["乙丙", "乙", "甲" * 3000]


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(min_codepoint=0x2FF0, max_codepoint=0xFF70) | st.sampled_from("（２０２２）　［］a 1")))
def test_half_width_is_the_translation_of_every_full_width_form(text):
    """Full-width forms and the ideographic space as their half-width letters, the rest as it is,
    one character for one (offsets stay): what ``str.translate`` of the table gives."""
    from innokg.graph.model.names import HALF_WIDTH, half_width

    assert half_width(text) == text.translate(HALF_WIDTH)
