"""The statistical entity layer: a spaCy ``ner`` trained on the corpus (``nlp/train_ner.py``).

The model reads characters, not jieba words: a Chinese name rarely ends on a jieba word
boundary the way it ends on a character, so a character model can tag any span the rules
can. It is its own small spaCy pipeline (``spacy.blank("zh")`` with the ``char`` segmenter
and one ``ner``), shipped in ``data/ner/model``; the ``innokg_ner`` component runs it sentence
by sentence and adds what it finds to the candidates with layer ``statistical``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import spacy
from innokg.graph.model.data import data_path
from innokg.nlp.entities import EntityMention
from innokg.nlp.script import text_of
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
MODEL = "ner/model"


@lru_cache(maxsize=2)
def load_model(path: str) -> Language | None:
    folder = Path(path)
    if not (folder / "config.cfg").exists():
        return None
    return spacy.load(folder)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (the unit the model was trained on)."""
    return [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group(0).strip()]


@Language.factory(
    "innokg_ner",
    requires=["doc._.entity_candidates"],
    assigns=["doc._.entity_candidates"],
    default_config={"model": MODEL, "heads": []},
)
def make_statistical_ner(nlp: Language, name: str, model: str, heads: list[str]) -> StatisticalNer:
    return StatisticalNer(str(data_path(*model.split("/"))), heads)


class StatisticalNer:
    """Runs the model only where it can add a name: on sentences holding a name-like head word
    (…中心, …园, …集团, …计划 …) that no rule candidate covers. Elsewhere the rules have said
    all there is, and the character CNN is most of the pipeline's time."""

    def __init__(self, model_path: str, heads: list[str]) -> None:
        self.model_path = model_path
        self.heads = re.compile("|".join(sorted(map(re.escape, heads), key=len, reverse=True))) if heads else None

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)  # spaCy joins the tokens again on every call: read it once
        found = self.tag(text, self._open_sentences(text, doc._.entity_candidates or []))
        doc._.entity_candidates = [*(doc._.entity_candidates or []), *found]
        return doc

    def tag(self, text: str, spans: list[tuple[int, int]] | None = None) -> list[EntityMention]:
        """What the model finds in the given sentences of ``text`` (all of them by default)."""
        model = load_model(self.model_path)
        if model is None:  # no trained model shipped: the rule layers still run
            return []
        spans = sentences(text) if spans is None else spans
        found = []
        for (start, _), tagged in zip(spans, model.pipe(text[s:e] for s, e in spans)):
            for ent in tagged.ents:
                found.append(
                    EntityMention(ent.label_, ent.text, start + ent.start_char, start + ent.end_char, "statistical")
                )
        return found

    def _open_sentences(self, text: str, candidates: list[EntityMention]) -> list[tuple[int, int]]:
        """Sentences with a head word outside every rule candidate (all of them without heads)."""
        if self.heads is None:
            return sentences(text)
        covered = bytearray(len(text) + 1)
        for m in candidates:
            covered[m.start : m.end] = b"\x01" * (m.end - m.start)
        return [
            (s, e) for s, e in sentences(text) if any(not covered[h.start()] for h in self.heads.finditer(text, s, e))
        ]
