"""Documents in traditional characters are read like the others, and keep their own writing.

The pipeline reads a simplified copy of the text (OpenCC, character for character, so every
offset stays valid: 牽頭單位 → 牵头单位, 按職責分工負責 → 按职责分工负责); what it finds is written
back in the document's own characters (:class:`Writing`), and quotes come from the original.

>>> reading, writing = reading_text("牽頭單位：區科技局")
>>> reading
'牵头单位：区科技局'
>>> writing.back("区科技局")
'區科技局'
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc

if not Doc.has_extension("reading"):
    Doc.set_extension("reading", default=None)


def text_of(doc: Doc) -> str:
    """The text the components read. spaCy rebuilds ``doc.text`` from the tokens on every call
    (a third of the pipeline's time when each component asked for it); the text is kept once."""
    return doc._.reading if doc._.reading is not None else doc.text


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


class Writing:
    """Turns words read in the simplified copy back into the document's characters."""

    def __init__(self, pairs: dict[str, str]) -> None:
        self._table = str.maketrans(pairs) if pairs else None

    def back(self, words: str) -> str:
        return words.translate(self._table) if self._table else words


def reading_text(text: str) -> tuple[str, Writing]:
    """The simplified copy of ``text`` (same length) and the way back to its characters."""
    converter = _converter()
    reading = converter.convert(text)
    if len(reading) != len(text):  # a phrase converted to another length: go character by character
        reading = "".join(converter.convert(ch) if len(converter.convert(ch)) == 1 else ch for ch in text)
    if reading == text:
        return text, Writing({})
    seen: dict[str, Counter] = {}
    for simple, written in zip(reading, text):
        if simple != written:
            seen.setdefault(simple, Counter())[written] += 1
    return reading, Writing({simple: counts.most_common(1)[0][0] for simple, counts in seen.items()})
