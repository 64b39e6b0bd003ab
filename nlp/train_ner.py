"""Train the statistical entity layer on the corpus: the rules' output plus hand corrections.

    python -m innokg.nlp.train_ner DOCUMENT… [--out data/ner/model] [--epochs 30]

For each training document the rule layers (gazetteers, head-word patterns, attributions)
label every sentence; ``data/ner/corrections.tsv`` then adds names the rules miss and drops
names they get wrong. Names the rules build from two places (coordinated items) are left
out: a tagger only learns spans written in one piece. The model is a character tagger, a spaCy
``tagger`` reading B-/I-/O tags (see :mod:`innokg.nlp.statistical`). Training is seeded, so the same documents give
the same model. Documents used here must never be the ones it is measured on
(``innokg eval --layer statistical``).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path
from typing import cast

import spacy
import innokg.nlp.tokenizer  # noqa: F401  (the character tokenizer the model is saved with)
from innokg.graph.model.vocab import ENTITY_TYPES, EntityType
from innokg.graph.model import key
from innokg.graph.model.data import data_path
from innokg.ingest import parse_document
from innokg.nlp.statistical import sentences
from spacy.pipeline import Tagger
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

LABELS = tuple(label.value for label in ENTITY_TYPES)  # the one vocabulary: graph/model/vocab.py
TAGS = ("O", *(f"{part}-{label}" for label in LABELS for part in "BI"))


def read_corrections(path: Path) -> dict[str, list[tuple[str, str]]]:
    """document stem → [(name, TYPE or DROP)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            stem, name, label = line.split("\t")[:3]
            out.setdefault(stem, []).append((name, label))
    return out


def labelled_spans(path: Path, corrections: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, EntityType]]]:
    """The document's text and its entity spans from the rules, corrected."""
    from innokg.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    parsed = parse_document(path)
    doc = nlp.make_doc(parsed.text)
    doc._.structure = parsed
    for name, proc in nlp.pipeline:
        if name != "innokg_ner":  # the layer being trained must not teach itself
            doc = proc(doc)
    text = parsed.text
    drop = {key(name) for name, label in corrections if label == "DROP"}
    spans = [
        (m.start, m.end, m.type)
        for m in doc._.entities
        if m.layer != "statistical" and key(text[m.start : m.end]) == key(m.name) and key(m.name) not in drop
    ]
    for clause in (c for cs in doc._.clauses.values() for c in cs):  # units no gazetteer lists
        for m in clause.mentions:
            if text[m.start : m.end] == m.name and not any(m.start < e and s < m.end for s, e, _ in spans):
                spans.append((m.start, m.end, EntityType.UNIT))
    for name, label in corrections:
        if label in LABELS:
            start = text.find(name)
            while start >= 0:
                spans.append((start, start + len(name), EntityType(label)))
                start = text.find(name, start + 1)
    return text, _without_overlaps(spans)


def _without_overlaps(spans: list[tuple[int, int, EntityType]]) -> list[tuple[int, int, EntityType]]:
    kept: list[tuple[int, int, EntityType]] = []
    for span in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if not any(span[0] < k[1] and k[0] < span[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def examples(nlp, labelled: list[tuple[str, list[tuple[int, int, EntityType]]]]) -> list[Example]:
    out = []
    for text, spans in labelled:
        for start, end in sentences(text):
            ents = [(s - start, e - start, label) for s, e, label in spans if start <= s and e <= end]
            out.append(tagged(nlp, text[start:end], ents))
    return out


HEADS = {
    EntityType.PLATFORM: (
        "湖北实验室",
        "国家重点实验室",
        "实验室",
        "技术创新中心",
        "产业创新中心",
        "创新中心",
        "研究院",
        "中试平台(基地)",
        "示范区",
        "产业园",
        "服务平台",
        "科学城",
        "基地",
    ),
    EntityType.TALENT_PROGRAM: ("英才", "学者", "科学家", "青年人才", "工程师培养", "名师", "工匠", "领军人才"),
    EntityType.ENTERPRISE: ("银行", "集团", "有限公司"),
    EntityType.FUND: ("引导基金", "产业基金", "基金"),
}


def made_up(
    nlp, labelled: list[tuple[str, list[tuple[int, int, EntityType]]]], rounds: int, seed: int
) -> list[Example]:
    """Real sentences with their names swapped for made-up ones of the same kind.

    A made-up name joins the words in front of the heads of names the rules found (纺织新材料,
    信息光电子, 精细爆破 …) to a head of its kind; put where a real name stood, it teaches the
    tagger the shape of a name in its real context, not a list of names.
    """
    rng = random.Random(seed)
    parts: set[str] = set()
    for text, spans in labelled:
        for start, end, label in spans:
            name = text[start:end].strip("“”")
            if label == EntityType.INDUSTRY or (label == EntityType.PLATFORM and 4 <= len(name) <= 16):
                parts.add(name if label == EntityType.INDUSTRY else name[: max(2, len(name) - 4)])
        # and words of the running text, so that a name's first words can be anything
        runs = re.findall(r"[\u4e00-\u9fff]{4,}", text)
        for _ in range(len(spans)):
            run = rng.choice(runs)
            size = rng.choice((2, 2, 3, 4))
            at = rng.randrange(0, len(run) - size + 1)
            parts.add(run[at : at + size])
    pool = sorted(parts)
    out = []
    for _ in range(rounds):
        for text, spans in labelled:
            for start, end in sentences(text):
                inside = [(s, e, label) for s, e, label in spans if start <= s and e <= end]
                if not any(label in HEADS for _, _, label in inside):
                    continue
                out.append(_swapped(nlp, text, start, end, inside, pool, rng))
    return out


def _swapped(nlp, text, start, end, spans, parts, rng) -> Example:
    pieces, ents, cursor, length = [], [], start, 0
    for s, e, label in spans:
        pieces.append(text[cursor:s])
        length += s - cursor
        if label in HEADS:
            name = "".join(rng.sample(parts, rng.choice((1, 1, 2)))) + rng.choice(HEADS[label])
            if label == EntityType.TALENT_PROGRAM:
                name = rng.choice(("“{}”计划", "“{}”计划", "{}计划", "{}培育计划", "{}工程")).format(name)
        else:
            name = text[s:e]
        pieces.append(name)
        ents.append((length, length + len(name), label))
        length += len(name)
        cursor = e
    pieces.append(text[cursor:end])
    return tagged(nlp, "".join(pieces), ents)


#: a character tagger (B-/I-/O per character): a small CNN over four characters on each side and a
#: softmax. The transition-based ``ner`` it replaces (width 96, depth 4) cost 81 µs a character,
#: 80% of the pipeline's time; this one costs about 10. It places a name's first character less
#: surely where the name opens with words it never saw (汉江智能感知湖北实验室 read from 智能);
#: the rule layers, which find those, are unchanged.
TAGGER_MODEL = {
    "@architectures": "spacy.Tagger.v2",
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 48,
        "depth": 2,
        "embed_size": 4000,
        "window_size": 2,
        "maxout_pieces": 3,
        "subword_features": False,
    },
}


def tagged(nlp, text: str, ents: list[tuple[int, int, EntityType]]) -> Example:
    """A training example: one tag per character."""
    tags = ["O"] * len(text)
    for start, end, label in ents:
        tags[start:end] = [f"B-{label}", *[f"I-{label}"] * (end - start - 1)]
    return Example.from_dict(nlp.make_doc(text), {"tags": tags})


def train(documents: list[Path], out: Path, epochs: int = 30, seed: int = 7, rounds: int = 8) -> None:
    fix_random_seed(seed)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "innokg.CharTokenizer.v1"}}})
    tagger = cast(Tagger, nlp.add_pipe("tagger", config={"model": TAGGER_MODEL}))  # spaCy types it as any component
    for tag in TAGS:
        tagger.add_label(tag)
    corrections = read_corrections(data_path("ner", "corrections.tsv"))
    labelled = [labelled_spans(path, corrections.get(path.stem, [])) for path in documents]
    data = examples(nlp, labelled) + made_up(nlp, labelled, rounds, seed)
    optimizer = nlp.initialize(lambda: data)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(data)
        losses: dict[str, float] = {}
        for batch in minibatch(data, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        print(f"epoch {epoch + 1:2d}  loss {losses.get('tagger', 0):.1f}")
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    print(f"trained on {len(documents)} documents, {len(data)} sentences → {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("data/ner/model"))
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args()
    train(args.documents, args.out, args.epochs)


if __name__ == "__main__":
    main()
