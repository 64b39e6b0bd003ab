"""Score extraction against gold annotations: precision, recall and F1 per entity type.

Gold files use the project's shared annotation format (described in the README, "Extraction record"): ``X.entities.json`` lists names by
type (``"a|b"`` gives alternatives) and targets; ``X.responsibilities.json`` lists each task's
lead and co units. A file marked ``"complete": true`` lists every entity of the document, so
precision can be measured on it; recall-only lists ("a recall list, not every entity") give
recall alone. A found name matches a gold name when, normalised, it equals it or contains it
(the same rule as the scorer the annotations come with).

Each layer can be measured on its own (gazetteer, pattern, statistical), and the statistical
layer only on documents it was not trained on (``data/ner/training.txt`` lists those it was).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from innokg.graph.model.vocab import ENTITY_TYPES
from innokg.graph.model.errors import InputError
from innokg.graph.model import ExtractionRecord
from innokg.graph.model.data import data_path
from innokg.ingest import parse_document
from innokg.nlp.script import text_of

PUNCT = re.compile(r"[\s\"'“”‘’()（）〈〉《》<>\[\]【】、，,;；:：。.·•—\-_/]")
TYPES = tuple(label.value for label in ENTITY_TYPES)  # the one vocabulary: graph/model/vocab.py
LAYERS = ("all", "gazetteer", "pattern", "statistical")


def norm(text: str) -> str:
    return PUNCT.sub("", unicodedata.normalize("NFKC", str(text))).replace("各", "")


@dataclass
class Score:
    tp_pred: int = 0  # predictions that match a gold name
    pred: int = 0
    tp_gold: int = 0  # gold names found
    gold: int = 0
    complete: bool = True  # precision is meaningful only on complete gold lists
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp_pred += other.tp_pred
        self.pred += other.pred
        self.tp_gold += other.tp_gold
        self.gold += other.gold
        self.complete = self.complete and other.complete
        self.misses += other.misses
        self.wrong += other.wrong

    @property
    def precision(self) -> float | None:
        return (
            self.tp_pred / self.pred if self.complete and self.pred else (None if not self.complete else 0.0)
        )

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return None if p is None else (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Report:
    gold_file: str
    document: str
    layer: str
    by_type: dict[str, Score]
    responsibilities: Score | None = None
    note: str | None = None


def find_document(gold: dict, gold_path: Path, corpus_dirs: list[Path]) -> Path:
    relative = gold.get("document", "")
    for folder in [*corpus_dirs, gold_path.parent.parent / "corpus", data_path("corpus")]:
        for candidate in (folder / relative, folder / Path(relative).name):
            if candidate.is_file():
                return candidate
    raise InputError(f"找不到标注所对应的文档 {relative}（可用 --corpus 指定语料目录）", source=gold_path)


def trained_on() -> set[str]:
    path = data_path("ner", "training.txt")
    if not path.exists():
        return set()
    return {
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


def evaluate(gold_path: Path, corpus_dirs: list[Path], layer: str = "all") -> Report:
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"标注文件无法读取：{exc}", source=gold_path) from None
    document = find_document(gold, gold_path, corpus_dirs)
    if layer == "statistical" and document.stem in trained_on():
        return Report(str(gold_path), str(document), layer, {}, note="统计层在此文档上训练过，不在此评测")
    record, layers = extract_with_layers(document)
    if gold_path.name.endswith(".responsibilities.json"):
        return Report(
            str(gold_path), str(document), layer, {}, responsibilities=score_responsibilities(gold, record)
        )
    predicted: dict[str, set[str]] = {t: set() for t in TYPES}
    if layer == "all":
        for entity in record.entities:
            if entity.layer != "name":  # an industry word inside a platform's name is not a name of its own
                predicted.setdefault(entity.type, set()).add(entity.name)
    else:
        for type_, name in layers.get(layer, set()):
            predicted.setdefault(type_, set()).add(name)
    complete = bool(gold.get("complete"))
    by_type = {}
    for type_ in TYPES:
        if type_ not in gold and not complete:
            continue
        by_type[type_] = score_names(gold.get(type_, []), predicted.get(type_, set()), complete)
    if "Target" in gold:
        by_type["Target"] = score_targets(gold["Target"], record, complete)
    return Report(str(gold_path), str(document), layer, by_type)


def extract_with_layers(path: Path) -> tuple[ExtractionRecord, dict[str, set[tuple[str, str]]]]:
    """The record, and each layer's own candidates before the merge (one pass of the pipeline)."""
    from innokg.nlp.record import analyse, record_of

    doc = analyse(parse_document(path))
    layers: dict[str, set[tuple[str, str]]] = {}
    for mention in doc._.entity_candidates or []:
        if mention.layer != "statistical":
            layers.setdefault(mention.layer, set()).add((mention.type, mention.name))
    # the statistical layer measured alone reads every sentence (in the pipeline it reads only
    # those where the rules left a name-like head uncovered)
    ner = _statistical_component()
    if ner is not None:
        layers["statistical"] = {(m.type, m.name) for m in ner.tag(text_of(doc))}
    return record_of(doc), layers


def _statistical_component():
    from innokg.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    return nlp.get_pipe("innokg_ner") if "innokg_ner" in nlp.pipe_names else None


def score_names(gold_names: list[str], predicted: set[str], complete: bool) -> Score:
    alternatives = [[norm(a) for a in g.split("|")] for g in gold_names]
    found = [norm(p) for p in predicted]
    score = Score(pred=len(predicted), gold=len(gold_names), complete=complete)
    for g, alts in zip(gold_names, alternatives):
        if any(a == n or a in n for a in alts for n in found):
            score.tp_gold += 1
        else:
            score.misses.append(g)
    for p, n in zip(predicted, found):
        if any(a == n or a in n for alts in alternatives for a in alts):
            score.tp_pred += 1
        else:
            score.wrong.append(p)
    return score


def score_targets(gold_targets: list[dict], record: ExtractionRecord, complete: bool) -> Score:
    def same(gold: dict, t) -> bool:
        return (
            float(gold["value"]) == t.value
            and norm(gold["unit"]) == norm(t.unit)
            and ("year" not in gold or gold["year"] == t.year)
        )

    score = Score(pred=len(record.targets), gold=len(gold_targets), complete=complete)
    for gold in gold_targets:
        if any(same(gold, t) for t in record.targets):
            score.tp_gold += 1
        else:
            score.misses.append(gold.get("text", str(gold["value"])))
    for t in record.targets:
        if any(same(gold, t) for gold in gold_targets):
            score.tp_pred += 1
        else:
            score.wrong.append(t.text)
    return score


def score_responsibilities(gold: dict, record: ExtractionRecord) -> Score:
    """Triples (task, role, unit); tasks matched by title as score.py does."""
    from difflib import SequenceMatcher

    score = Score()
    used: set[int] = set()
    for g in gold["tasks"]:
        gt = norm(g["title"])
        best, best_score = None, 0.0
        for i, t in enumerate(record.tasks):
            pt = norm(t.title)
            if i in used or not pt:
                continue
            s = (
                1.0
                if (gt in pt or pt in gt) and min(len(gt), len(pt)) >= 4
                else SequenceMatcher(None, gt, pt).ratio()
            )
            if s > best_score:
                best, best_score = i, s
        task = None
        if best is not None and best_score >= 0.8:
            task = record.tasks[best]
            used.add(best)
        ignore = {norm(n) for n in g.get("ignore", [])}  # names the gold leaves open
        for role in ("lead", "co"):
            predicted = {norm(u.name) for u in getattr(task, role)} if task else set()
            gs = {norm(n) for n in g[role]} - ignore
            ps = predicted - ignore
            # a name whose level prefix the text leaves off counts in either form (the gold
            # keeps one and lists the other under ignore)
            variants = predicted & ignore
            found = {x for x in gs - ps if any(v.endswith(x) or x.endswith(v) for v in variants)}
            score.tp_gold += len(gs & ps) + len(found)
            score.tp_pred += len(gs & ps) + len(found)
            score.gold += len(gs)
            score.pred += len(ps) + len(found)
            score.misses += [f"{g['title']}/{role}/{n}" for n in gs - ps - found]
            score.wrong += [f"{g['title']}/{role}/{n}" for n in ps - gs]
    for i, t in enumerate(record.tasks):
        if i not in used and (t.lead or t.co):
            score.pred += len(t.lead) + len(t.co)
            score.wrong += [f"{t.title}/*/{u.name}" for u in (*t.lead, *t.co)]
    return score


# --------------------------------------------------------------------------- citations


@dataclass
class CitationScore:
    """Recall and precision of the references one document (or several) makes to other policy
    documents, counted per document referred to; how it refers to each (the kinds beyond a plain
    mention) is checked on those found."""

    gold: int = 0
    found: int = 0  # gold references the extractor found
    predicted: int = 0  # distinct policies the extractor says the document cites
    right: int = 0  # of those, the ones the gold lists
    kinds_right: int = 0  # gold references found with the same kinds
    own_right: int = 0  # own fields (文号, title, issuer, level) read as the gold has them
    own_fields: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    wrong_kinds: list[str] = field(default_factory=list)
    wrong_own: list[str] = field(default_factory=list)

    def add(self, other: CitationScore) -> None:
        for name in ("gold", "found", "predicted", "right", "kinds_right", "own_right", "own_fields"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("misses", "wrong", "wrong_kinds", "wrong_own"):
            getattr(self, name).extend(getattr(other, name))

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0


def score_citations(gold_path: Path, corpus_dirs: list[Path]) -> tuple[str, CitationScore]:
    """Score one document's citations against its hand gold (``data/gold/citations``): the
    document's path and the score. A gold reference is found when a cited policy has its 文号, or
    (when the gold gives none) its title; kinds compare without plain mentions.

    >>> document, score = score_citations(data_path("gold", "citations", "wuhan-innovation-action-plan-2022-2024.citations.json"), [])
    >>> (score.recall, score.precision, score.kinds_right, score.own_right, score.own_fields)
    (1.0, 1.0, 1, 4, 4)
    """
    from innokg.graph.model.names import doc_number, key

    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"标注文件无法读取：{exc}", source=gold_path) from None
    document = find_document(gold, gold_path, corpus_dirs)
    from innokg.nlp.record import extract_file

    record = extract_file(document)
    cited: dict[str, tuple[str | None, str | None, set[str]]] = {}  # policy id -> number, title key, kinds
    for c in record.citations:
        number, title, kinds = cited.get(c.policy.id, (c.policy.doc_number, key(c.policy.title) if c.policy.title else None, set()))
        kinds.add(c.kind.value)
        cited[c.policy.id] = (number, title, kinds)

    def same(entry: dict, number: str | None, title: str | None) -> bool:
        if entry.get("doc_number"):
            return number == doc_number(entry["doc_number"])
        return number is None and title == key(entry["title"])

    score = CitationScore(gold=len(gold["citations"]), predicted=len(cited))
    matched: set[str] = set()
    for entry in gold["citations"]:
        hits = [pid for pid, (number, title, _) in cited.items() if same(entry, number, title)]
        label = entry.get("doc_number") or entry["title"]
        if not hits:
            score.misses.append(label)
            continue
        score.found += 1
        matched.update(hits)
        kinds = set().union(*(cited[pid][2] for pid in hits)) - {"mentions"}
        if kinds == set(entry["kinds"]) - {"mentions"}:
            score.kinds_right += 1
        else:
            score.wrong_kinds.append(f"{label}: {sorted(kinds) or ['mentions']} ≠ {entry['kinds']}")
    score.right = len(matched)
    score.wrong = [cited[pid][0] or pid.removeprefix("policy:") for pid in cited if pid not in matched]
    own = record.policy
    for name, expected in gold.get("own", {}).items():
        got = getattr(own, name, None) if own else None
        score.own_fields += 1
        if got == expected:  # a level is a StrEnum: equal to its value
            score.own_right += 1
        else:
            score.wrong_own.append(f"{name}: {got} ≠ {expected}")
    return str(document), score
