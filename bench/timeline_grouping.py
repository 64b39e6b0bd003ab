"""How well targets are grouped into timelines (graph/timeline.py), against pairs labelled by hand.

    .venv/bin/python bench/timeline_grouping.py [-v]

Builds the seed plan, our progress report (data/editions), dev, dev2 and the wild documents of
../shared into a temporary graph, groups their targets, and scores every pair of targets the
grouping puts together: right when the two metrics are one measure (data/gold/timeline/
metric_pairs.tsv) and the two documents are of one jurisdiction (places.tsv). Precision over the
pairs grouped, recall over the labelled pairs that should be; for the pairs of two documents (what
a timeline shows) and for all pairs, at the configured similarity threshold and around it.
Needs ../shared; says so and stops without it.
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "data" / "gold" / "timeline"
# the seed, our progress report on it (not the other editions in data/editions: their places are
# not labelled), and the shared sets
SETS = [ROOT / "data" / "corpus", ROOT / "data" / "editions" / "wuhan-progress-2023.txt", *(SHARED / "corpus" / s for s in ("dev", "dev2", "wild"))]


class Score(NamedTuple):
    grouped: int  # pairs the grouping put together
    right: int  # of them, one measure of one jurisdiction
    expected: int  # labelled pairs that are one measure of one jurisdiction
    found: int  # of them, grouped
    wrong: list[tuple[str, str, str, str]]  # (metric, document, metric, document) of the wrong ones
    unlabelled: list[tuple[str, str]]  # metric pairs grouped with no label

    @property
    def precision(self) -> float:
        return self.right / self.grouped if self.grouped else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def labels() -> tuple[dict[tuple[str, str], bool], dict[str, str]]:
    from innokg.graph.model.data import rows

    same = {tuple(sorted(r[:2])): r[2] == "1" for r in rows(GOLD / "metric_pairs.tsv")}
    places = {r[0]: r[1] for r in rows(GOLD / "places.tsv")}
    return same, places  # type: ignore[return-value]


def build(folder: Path):
    from innokg import building
    from innokg.graph.embedded import EmbeddedStore

    store = EmbeddedStore(folder)
    building.build(store, building.document_paths(SETS), skip_bad=True, jobs=2)
    return store


def score(store, threshold: float | None = None, across: bool = True) -> Score:
    """The grouping of ``store``'s targets (at ``threshold``, or the configured one) against the labels;
    ``across``: only pairs of two documents."""
    from innokg.graph import answers
    from innokg.graph.timeline import default_words, group_targets, kind_of, split_unit

    words = default_words() if threshold is None else dataclasses.replace(default_words(), threshold=threshold)
    same, places = labels()
    targets = answers.targets(store)
    infos = {d.id: d for d in store.documents()}
    grouped = set()
    wrong, unlabelled, unknown = [], set(), 0
    for group in group_targets(targets, infos, words):
        for a, b in itertools.combinations(group.items, 2):
            if across and a.doc_id == b.doc_id:
                continue
            grouped.add(tuple(sorted((a.target.id, b.target.id))))
            pair = tuple(sorted((a.target.metric, b.target.metric)))
            if pair not in same:
                unlabelled.add(pair)
                unknown += 1  # counted as wrong until labelled
            elif not (same[pair] and places[a.doc_id] == places[b.doc_id]):
                wrong.append((a.target.metric, a.doc_id, b.target.metric, b.doc_id))
    expected = set()
    for a, b in itertools.combinations(targets, 2):
        if across and a.evidence.doc_id == b.evidence.doc_id:
            continue
        if split_unit(a.unit)[1] != split_unit(b.unit)[1] or kind_of(a.comparator, a.period) != kind_of(b.comparator, b.period):
            continue
        if same.get(tuple(sorted((a.metric, b.metric)))) and places[a.evidence.doc_id] == places[b.evidence.doc_id]:
            expected.add(tuple(sorted((a.id, b.id))))
    right = len(grouped) - len(wrong) - unknown
    return Score(len(grouped), right, len(expected), len(expected & grouped), wrong, sorted(unlabelled))


def main(argv: list[str]) -> int:
    if not (SHARED / "corpus" / "wild").is_dir():
        print("没有 ../shared/corpus：时间线分组的评测需要 ../shared")
        return 0
    from innokg.graph.timeline import default_words

    with tempfile.TemporaryDirectory() as folder:
        store = build(Path(folder))
        configured = default_words().threshold
        for threshold in (0.3, 0.4, configured, 0.6, 0.7, 0.8):
            for across in (True, False):
                s = score(store, threshold, across)
                mark = " ← 配置" if threshold == configured else ""
                what = "跨文件的目标对" if across else "全部目标对  "
                print(
                    f"阈值 {threshold:.2f} {what}: 分组 {s.grouped:3d} 对，正确 {s.right:3d}，P = {s.precision:.3f}；"
                    f"应分组 {s.expected:3d} 对，找到 {s.found:3d}，R = {s.recall:.3f}{mark}"
                )
                if "-v" in argv and threshold == configured:
                    for w in s.wrong:
                        print("   错误：", *w)
                    for u in s.unlabelled:
                        print("   未标注：", *u)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
