"""The statistical entity layer: a spaCy ``ner`` trained on the corpus (``nlp/train_ner.py``).

The model reads characters, not jieba words: a Chinese name rarely ends on a jieba word
boundary the way it ends on a character, so a character model can tag any span the rules
can. It is its own small spaCy pipeline (``spacy.blank("zh")``, character tokens, one
``tagger`` giving each character B-, I- or O for each entity type), shipped in
``data/ner/model``, and read by :class:`CharacterTagger` (its network run forward in numpy,
the tags the saved pipeline gives). The ``innokg_ner`` component runs it on the stretches of
text where a name the rules missed can be — before a name-like head word no rule candidate
covers — and adds what it finds to the candidates with layer ``statistical``.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import numpy as np
import spacy
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.tokens import Doc
from thinc.api import Model

import innokg.nlp.tokenizer  # noqa: F401  (the model's tokenizer)
from innokg.graph.model.data import data_path
from innokg.graph.model.names import any_word
from innokg.graph.model.vocab import EntityType
from innokg.nlp import words as jieba_words
from innokg.nlp.entities import EntityMention
from innokg.nlp.script import text_of

SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
MODEL = "ner/model"
#: characters after a head word the model sees (its network reads two neighbours on each side, twice)
CONTEXT = 4
#: characters whose embedding the tagger keeps (the CJK block has about 21,000)
KEPT_CHARACTERS = 30_000
#: what keeps two stretches apart in the one doc the model reads
APART = "。" * CONTEXT
#: characters a name's tags are read back at a time (most names the model adds are shorter)
WALK = 8


#: characters the model reads in one doc at most (spaCy refuses a doc over its max_length, a
#: million by default; a document may have four)
BATCH_CHARS = 500_000


def _batches(spans: list[tuple[int, int]], limit: int) -> list[list[tuple[int, int]]]:
    """The stretches in consecutive groups whose joined text stays under ``limit`` characters (a
    stretch longer than that, a sentence of half a million characters, is cut)."""
    batches: list[list[tuple[int, int]]] = [[]]
    size = 0
    for start, end in spans:
        while end - start > limit - len(APART):  # one stretch too long for any doc: in pieces
            spans_piece = (start, start + limit - len(APART))
            batches.append([spans_piece])
            start = spans_piece[1]
            batches.append([])
            size = 0
        if size + end - start + len(APART) > limit and batches[-1]:
            batches.append([])
            size = 0
        batches[-1].append((start, end))
        size += end - start + len(APART)
    return [batch for batch in batches if batch]


@lru_cache(maxsize=2)
def load_model(path: str) -> CharacterTagger | None:
    folder = Path(path)
    if not (folder / "config.cfg").exists():
        return None
    return CharacterTagger(spacy.load(folder))


class CharacterTagger:
    """The model's tagger run on a text's characters: a tag for each.

    The network ``train_ner.py`` builds (spaCy's ``Tagger.v2`` over ``HashEmbedCNN.v2`` of
    NORM) is run forward in numpy (:class:`_Network`): spaCy would make a Doc of the text, thinc
    would take each maxout's best piece in a loop and copy its arrays between layers, and the
    tags would be read back token by token — 1.6 times the time, for the same scores
    (``tests/nlp/test_entities.py``). A model of another shape, or a pipeline with more than its
    tagger, runs in spaCy as saved."""

    def __init__(self, model: Language) -> None:
        self.model = model
        self.labels: tuple[str, ...] = ()
        self.network: _Network | None = None
        if model.pipe_names == ["tagger"]:  # a pipeline that does more than tag is run whole
            tagger = cast(Tagger, model.get_pipe("tagger"))
            self.labels = tuple(tagger.labels)
            self.network = _Network.of(tagger.model)
        self._rows: dict[str, int] = {}  # character → its row of self._embedded
        self._embedded = np.empty((0, self.network.width if self.network else 0), dtype=np.float32)
        self._keeping = threading.Lock()  # two threads reading at once add rows one after the other

    @property
    def max_length(self) -> int:
        return self.model.max_length

    def tags(self, text: str) -> list[str]:
        if self.network is None:
            return [token.tag_ for token in self.model(text)]
        if not text:
            return []
        labels = self.labels
        return [labels[i] for i in self.scores(text).argmax(axis=1)]

    def scores(self, text: str) -> np.ndarray:
        """Each character's score for each tag (the shipped network's forward pass)."""
        assert self.network is not None
        return self.network.scores(self.embedded(text))

    def embedded(self, text: str) -> np.ndarray:
        """Each character's embedding, the network's first layer. It reads the character alone,
        so a character's row is computed the first time it is seen and looked up after (a
        fifth of the forward pass, for a few thousand characters kept). A text that would take
        the characters kept past ``KEPT_CHARACTERS`` has its rows computed, not kept."""
        assert self.network is not None
        with self._keeping:
            rows = self._rows
            unseen = list(set(text).difference(rows))
            if len(rows) + len(unseen) > KEPT_CHARACTERS:
                return self.network.embed(self.norm_ids(text))
            if unseen:
                self._embedded = np.concatenate([self._embedded, self.network.embed(self.norm_ids(unseen))])
                rows.update(zip(unseen, range(len(rows), len(rows) + len(unseen))))
            return self._embedded[np.fromiter(map(rows.__getitem__, text), dtype=np.intp, count=len(text))]

    def names_ending(self, text: str, ends: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """The names of :func:`names_of` over the tags of ``text`` that end at one of ``ends``
        (an end and a floor) and begin at or after its floor, in the order :func:`names_of`
        gives them — the tags worked out only where they decide it: at the end and the character
        after it (a name that goes on past the end is another name), then ``WALK`` characters
        back from the end, and only where a name goes on further, the rest of its stretch (down
        to the floor). Three passes of the network at most, each place walked over once: one
        name ends where the next place's tag does not carry it on, so no two ends share a name."""
        assert self.network is not None
        tags = _TagsAt(self, text)
        ends = sorted({(end, floor) for end, floor in ends if floor < end})
        tags.ask(p for end, _ in ends for p in (end - 1, end))
        walking = [(end, floor) for end, floor in ends if tags[end - 1] != "O" and tags[end] != "I" + tags[end - 1][1:]]
        tags.ask(p for end, floor in walking for p in range(max(end - 1 - WALK, floor - 1, 0), end - 1))
        names: list[tuple[int, int, str]] = []
        walking = _read_back(tags, walking, names)
        # the names longer than WALK: the rest of each one's stretch, in one pass
        furthest: dict[int, int] = {}
        for end, floor in walking:
            furthest[floor] = max(furthest.get(floor, end), end)
        tags.ask(p for floor, end in furthest.items() for p in range(max(floor - 1, 0), end - 1))
        _read_back(tags, walking, names)
        return sorted(names)

    def norm_ids(self, text: str | list[str]) -> np.ndarray:
        """The NORM id of each character of ``text``: what the network reads."""
        vocab = self.model.vocab
        return np.fromiter((vocab[char].norm for char in text), dtype=np.uint64, count=len(text))


def _read_back(
    tags: _TagsAt, ends: list[tuple[int, int]], names: list[tuple[int, int, str]]
) -> list[tuple[int, int]]:
    """Adds to ``names`` each name read back from its end (and begun at or after its floor); the
    ends whose names go back past the tags worked out so far are returned, to be read again."""
    unread = []
    for end, floor in ends:
        read, start = _name_start(tags, end - 1, floor)
        if not read:
            unread.append((end, floor))
        elif start is not None:
            names.append((start, end, tags[end - 1][2:]))
    return unread


def _name_start(tags: _TagsAt, at: int, floor: int) -> tuple[bool, int | None]:
    """Where the name holding ``at`` begins, read back over its tags as :func:`names_of` reads
    them forward: (True, where), (True, None) if it begins before ``floor``, or (False, None)
    if a tag on the way is not worked out yet."""
    label = tags[at][2:]
    while True:
        if at == 0 or tags[at].startswith("B-"):
            return True, at
        if at - 1 not in tags:
            return False, None
        if tags[at - 1] not in ("B-" + label, "I-" + label):
            return True, at
        if at == floor:
            return True, None
        at -= 1


class _TagsAt:
    """The tags of one text, worked out only at the places asked for (in rounds, each one pass
    of the network over what it needs): a place before the text or after it reads as O."""

    def __init__(self, tagger: CharacterTagger, text: str) -> None:
        assert tagger.network is not None
        self.network, self.labels, self.length = tagger.network, tagger.labels, len(text)
        self.vectors = tagger.embedded(text)
        self.known: dict[int, str] = {}

    def ask(self, places: Iterable[int]) -> None:
        missing = sorted({p for p in places if 0 <= p < self.length}.difference(self.known))
        if missing:
            scores = self.network.scores_at(self.vectors, np.array(missing, dtype=np.intp))
            self.known.update(zip(missing, [self.labels[i] for i in scores.argmax(axis=1)]))

    def __contains__(self, at: int) -> bool:
        return at in self.known or not 0 <= at < self.length

    def __getitem__(self, at: int) -> str:
        return self.known[at] if 0 <= at < self.length else "O"


#: the leaves of the network, in the order they run: the embedding of NORM, then convolution
#: blocks (each a residual around a window, a maxout and a layer norm), then the softmax
_EMBEDDING = ("extract_features", "list2ragged", "ints-getitem", "hashembed", "maxout", "layernorm", "dropout", "ragged2list")
_BLOCK = ("expand_window", "maxout", "layernorm", "dropout")


def _leaves(model: Model) -> list[Model]:
    return [leaf for layer in model.layers for leaf in _leaves(layer)] if model.layers else [model]


class _Network:
    """The tagger's network for reading: the forward pass thinc makes at prediction (no
    dropout), step for step in the same float32 arithmetic — thinc's own products and softmax,
    numpy's elementwise steps as thinc's layers write them — without thinc's layers around it."""

    def __init__(self, leaves: list[Model], pad: int) -> None:
        embed = _EMBEDDING.index("hashembed")
        self.table, self.seed = np.asarray(leaves[embed].get_param("E")), leaves[embed].attrs["seed"]
        self.ops: Any = leaves[embed].ops  # thinc's own steps (typed for its own array types)
        self.mix = (leaves[embed + 1], leaves[embed + 2])  # its maxout and layer norm
        blocks = leaves[len(_EMBEDDING) : -1]
        # each block: its window (expand_window), maxout and layer norm
        self.blocks = [(w.attrs["window_size"], m, n) for w, m, n, _ in zip(*[iter(blocks)] * len(_BLOCK))]
        self.pad = pad
        self.softmax = leaves[-1]

    @classmethod
    def of(cls, model: Model) -> _Network | None:
        """The network of a tagger of the shape ``train_ner.py`` trains, else None."""
        leaves = _leaves(model)
        depth = (len(leaves) - len(_EMBEDDING) - 1) // len(_BLOCK)
        names = [leaf.name for leaf in leaves]
        expected = [*_EMBEDDING, *(_BLOCK * depth), "softmax"]
        residuals = [node for node in model.walk() if node.name == f"residual({'>>'.join(_BLOCK)})"]
        # the blocks run under one with_array whose padding they read as text: its pad matters
        padded = [node for node in model.walk() if node.name.startswith("with_array(residual(")]
        if names != expected or len(residuals) != depth or len(padded) != 1 or not depth:
            return None
        if leaves[0].attrs["columns"] != ["NORM"]:
            return None
        return cls(leaves, padded[0].attrs.get("pad", 0))

    @property
    def width(self) -> int:
        return self.mix[0].get_dim("nO")

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """The embedding of each NORM id: its hashed rows summed, a maxout and a layer norm (row
        by row: a character's row is the same in any text)."""
        keys = self.ops.hash(ids, self.seed) % self.table.shape[0]
        return _maxout_norm(self.ops, np.asarray(self.ops.gather_add(self.table, keys)), *self.mix)

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """Each character's score for each tag from its embedding, bit for bit what thinc predicts."""
        # thinc pads the text with zero rows each side before the blocks, and the blocks read
        # those rows as text: the first block's output there reaches the second's edges
        edge = np.zeros((self.pad, vectors.shape[1]), dtype=vectors.dtype)
        vectors = np.concatenate([edge, vectors, edge])
        for window, maxout, norm in self.blocks:
            vectors = vectors + _maxout_norm(self.ops, np.asarray(self.ops.seq2col(vectors, window)), maxout, norm)
        return self._tag_scores(vectors[self.pad : len(vectors) - self.pad])

    def _tag_scores(self, vectors: np.ndarray) -> np.ndarray:
        """The softmax layer over the last block's rows."""
        scores = self.ops.affine(vectors, self.softmax.get_param("W"), self.softmax.get_param("b"))
        if self.softmax.attrs.get("softmax_normalize"):  # as thinc: a tagger saved normalising at prediction
            scores = self.ops.softmax(scores, temperature=self.softmax.attrs.get("softmax_temperature", 1.0))
        return np.asarray(scores)

    def scores_at(self, vectors: np.ndarray, at: np.ndarray) -> np.ndarray:
        """The scores of the characters at ``at`` (sorted, distinct) alone, each its row of
        :meth:`scores` bit for bit. A block's row reads ``window`` rows each side of the block
        before it, so the rows each block needs are worked out from the last block back, and only
        they are computed: every step of a row (its product, maxout, norm, residual) reads that
        row alone."""
        if not len(at):
            return np.empty((0, self.softmax.get_dim("nO")), dtype=vectors.dtype)
        # thinc's zero rows each side, then one more: what seq2col reads past either end
        rows = np.zeros((len(vectors) + 2 * self.pad + 1, vectors.shape[1]), dtype=vectors.dtype)
        rows[self.pad : self.pad + len(vectors)] = vectors
        beyond = len(rows) - 1
        needed = [np.asarray(at, dtype=np.intp) + self.pad]
        for window, _, _ in reversed(self.blocks[1:]):
            near = (needed[0][:, None] + np.arange(-window, window + 1)).ravel()
            needed.insert(0, np.unique(near[(near >= 0) & (near < beyond)]))
        for (window, maxout, norm), which in zip(self.blocks, needed):
            near = which[:, None] + np.arange(-window, window + 1)
            near[(near < 0) | (near >= beyond)] = beyond
            # in place: a block reads only rows the block before it wrote, and reads them first
            rows[which] += _maxout_norm(self.ops, rows[near].reshape(len(which), -1), maxout, norm)
        return self._tag_scores(rows[needed[-1]])


def _maxout_norm(ops: Any, inputs: np.ndarray, maxout: Model, norm: Model) -> np.ndarray:
    """thinc's ``maxout`` then ``layernorm``: the best of each unit's pieces, then normalised. The
    products are thinc's own (blis): numpy's BLAS rounds short texts' products differently."""
    units, pieces = maxout.get_dim("nO"), maxout.get_dim("nP")
    weights, bias = np.asarray(maxout.get_param("W")), np.asarray(maxout.get_param("b"))
    out = np.asarray(ops.gemm(inputs, weights.reshape(units * pieces, -1), trans2=True))
    out += bias.reshape(units * pieces)
    out = out.reshape(len(out), units, pieces)
    best = out[..., 0]
    for piece in range(1, pieces):
        best = np.maximum(best, out[..., piece])
    mean = best.mean(axis=1, keepdims=True)
    variance = best.var(axis=1, keepdims=True) + 1e-08
    normed = (best - mean) * variance ** (-1.0 / 2.0)
    normed = normed * norm.get_param("G")
    normed += norm.get_param("b")
    return normed


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (the unit the model was trained on)."""
    return [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group(0).strip()]


@Language.factory(
    "innokg_ner",
    requires=["doc._.entity_candidates"],
    assigns=["doc._.entity_candidates"],
    default_config={"model": MODEL, "heads": [], "reach": 24},
)
def make_statistical_ner(nlp: Language, name: str, model: str, heads: list[str], reach: int) -> StatisticalNer:
    return StatisticalNer(str(data_path(*model.split("/"))), heads, reach)


class StatisticalNer:
    """Runs the model only where it can add a name: before a name-like head word (…中心, …园,
    …集团, …计划 …) that no rule candidate covers, back as far as a name reaches (``reach``
    characters, within the sentence). Elsewhere the rules have said all there is, and the
    model would be most of the pipeline's time. Inside those stretches a name it keeps ends on
    a head word, so the tags are worked out only there and back from there while a name goes on
    (:meth:`CharacterTagger.names_ending`): a third of the network's work, the same names."""

    def __init__(self, model_path: str, heads: list[str], reach: int = 24) -> None:
        self.model_path = model_path
        alternatives = any_word(heads)
        self.heads = re.compile(alternatives) if heads else None
        # a name the model reads there must end on one of them and say more than the head alone
        self.named = re.compile(f".(?:{alternatives})\\Z") if heads else None
        # where a head word ends: a reversed head word begins there in the reversed text
        self.head_ends = re.compile(any_word(head[::-1] for head in heads)) if heads else None
        self.reach = reach

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)  # spaCy joins the tokens again on every call: read it once
        found = self.tag(text, self._open_stretches(text, doc._.entity_candidates or []))
        doc._.entity_candidates = [*(doc._.entity_candidates or []), *found]
        return doc

    def tag(self, text: str, spans: list[tuple[int, int]] | None = None) -> list[EntityMention]:
        """What the model finds in the given sentences of ``text`` (all of them by default)."""
        model = load_model(self.model_path)
        if model is None:  # no trained model shipped: the rule layers still run
            return []
        spans = sentences(text) if spans is None else spans
        found = []
        for batch in _batches(spans, min(model.max_length, BATCH_CHARS)):
            found += self._tag_batch(model, text, batch)
        return found

    def _tag_batch(self, model: CharacterTagger, text: str, spans: list[tuple[int, int]]) -> list[EntityMention]:
        """The stretches joined into one doc, apart by more than the network's reach: one pass,
        not hundreds."""
        joined, starts, at = [], [], 0
        for s, e in spans:
            joined.append(text[s:e])
            starts.append(at)
            at += e - s + len(APART)
        batch = APART.join(joined)
        if self.head_ends is None or model.network is None:
            names = names_of(model.tags(batch))
        else:  # a name kept ends on a head word in its stretch: only those ends are read
            names = model.names_ending(batch, self._head_ends(batch, spans, starts))
        found = []
        for s, e, label in names:
            which = bisect.bisect_right(starts, s) - 1
            offset = spans[which][0] - starts[which]
            if e + offset > spans[which][1]:  # across the gap between two stretches
                continue
            name = text[s + offset : e + offset]
            if (self.named is None or self.named.search(name)) and starts_a_word(text, s + offset):
                found.append(EntityMention(EntityType(label), name, s + offset, e + offset, "statistical"))
        return found

    def _head_ends(
        self, batch: str, spans: list[tuple[int, int]], starts: list[int]
    ) -> list[tuple[int, int]]:
        """Each place in a stretch of ``batch`` where a head word ends, with its stretch's start."""
        assert self.head_ends is not None
        ends = []
        for (s, e), start in zip(spans, starts):
            end, backwards = start + e - s, batch[start : start + e - s][::-1]
            found = self.head_ends.search(backwards)
            while found:  # every place one begins, overlapping ones too (a search skips the places none can)
                ends.append((end - found.start(), start))
                found = self.head_ends.search(backwards, found.start() + 1)
        return ends

    def _open_stretches(self, text: str, candidates: list[EntityMention]) -> list[tuple[int, int]]:
        """Where an uncovered head word could end a name: from ``reach`` characters before it to
        a few after (the model's context), inside its sentence, overlapping stretches joined."""
        if self.heads is None:
            return sentences(text)
        covered = bytearray(len(text) + 1)
        for m in candidates:
            covered[m.start : m.end] = b"\x01" * (m.end - m.start)
        stretches: list[tuple[int, int]] = []
        for s, e in sentences(text):
            for head in self.heads.finditer(text, s, e):
                if covered[head.start()]:
                    continue
                start, end = max(s, head.start() - self.reach), min(e, head.end() + CONTEXT)
                if stretches and start <= stretches[-1][1]:
                    stretches[-1] = (stretches[-1][0], max(end, stretches[-1][1]))
                else:
                    stretches.append((start, end))
        return stretches


def starts_a_word(text: str, at: int) -> bool:
    """Whether a name read at ``at`` begins where jieba begins a word: the tagger sees a few
    characters around each one and can open a name in the middle of a word (础设施, 证公共服务平台).

    >>> starts_a_word("加强基础设施建设", 2), starts_a_word("加强基础设施建设", 4)
    (True, False)
    """
    if at == 0 or not ("\u4e00" <= text[at - 1] <= "\u9fff" and "\u4e00" <= text[at] <= "\u9fff"):
        return True
    window = max(0, at - 8)
    offset = window
    for word in jieba_words.cut(text[window : at + 8]):
        if offset >= at:
            return offset == at
        offset += len(word)
    return offset == at


def names_of(tags: list[str]) -> list[tuple[int, int, str]]:
    """Names from one tag per character: a B- opens one, I- of its type carries it on (an I-
    with nothing of its type open opens one too: the tagger reads each character alone).

    >>> names_of(["O", "B-Unit", "I-Unit", "O", "I-Platform", "I-Platform", "B-Platform"])
    [(1, 3, 'Unit'), (4, 6, 'Platform'), (6, 7, 'Platform')]
    >>> names_of(["B-Unit", "O", "O", "I-Unit"])
    [(0, 1, 'Unit'), (3, 4, 'Unit')]
    """
    names: list[tuple[int, int, str]] = []
    open_label, start, last = None, 0, -1
    # only the tagged characters are looked at: most are O, and an O closes whatever is open
    for i, tag in [(i, tag) for i, tag in enumerate(tags) if tag != "O"]:
        part, _, label = tag.partition("-")
        if open_label and (i != last + 1 or part != "I" or label != open_label):
            names.append((start, last + 1, open_label))
            open_label = None
        if part == "B" or (part == "I" and open_label is None):
            open_label, start = label, i
        last = i
    if open_label:
        names.append((start, last + 1, open_label))
    return names
