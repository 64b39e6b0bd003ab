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
@given(st.lists(st.text(CHARS, min_size=1, max_size=5), max_size=12), st.text(CHARS, max_size=60))
def test_any_word_matches_what_the_alternation_of_the_words_longest_first_matches(words, text):
    alternation = re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) or "(?!)")
    found = [m.span() for m in re.finditer(any_word(words), text)]
    assert found == [m.span() for m in alternation.finditer(text)]
