"""The pipeline's tokenizer: one token per character.

Every innokg component reads characters — clause grammars, gazetteer automata, head-word
patterns, the character model — and none reads a word segmentation; jieba is asked about
words only where a rule needs one (is this name's first word a place?). Tokens serve the
spans the components leave on the doc (``doc.spans``), and a character token makes every
span exact instead of widened to a jieba word. It is also linear: spaCy's Chinese tokenizer
aligns its words with ``text[pos:].index(word)``, a copy of the rest of the text per word.

>>> import spacy
>>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "innokg.CharTokenizer.v1"}}})
>>> doc = nlp("牵头单位：市科技局")
>>> len(doc), doc.text, doc.char_span(5, 9).text
(9, '牵头单位：市科技局', '市科技局')
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab


class CharTokenizer:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return Doc(self.vocab, words=list(text), spaces=[False] * len(text))

    def pipe(self, texts, batch_size: int = 1000):
        yield from map(self, texts)

    # nothing to save: the tokenizer has no settings or data
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> CharTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> CharTokenizer:
        return self


@spacy.registry.tokenizers("innokg.CharTokenizer.v1")
def create_char_tokenizer() -> Callable[[Language], CharTokenizer]:
    def make(nlp: Language) -> CharTokenizer:
        return CharTokenizer(nlp.vocab)

    return make


def char_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """``doc.char_span(start, end, label, alignment_mode="expand")`` for a doc of this tokenizer,
    where token ``i`` is character ``i``: the span is made at once, where spaCy looks up both
    boundaries and builds a Token for each (most of the time of leaving entities on a doc)."""
    if 0 <= start < end <= len(doc):
        return Span(doc, start, end, label=label)
    return doc.char_span(start, end, label=label, alignment_mode="expand")
