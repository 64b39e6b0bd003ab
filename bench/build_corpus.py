"""How long do reading and building take, beside bare jieba on the same text?

Prints, in one run: the pipeline's start-up; extraction throughput (characters per second) over
the bundled plan, the State Council pages and the development set when ../shared is present,
with bare jieba tokenisation of the same texts and the ratio of the two (each the best of three
runs); a build of N copies
of the plan with one process and with ``--jobs 2`` (and the ratio); and the same build run
again on the unchanged files (incremental: nothing is read again).

    python bench/build_corpus.py [COPIES]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "corpus" / "wuhan-innovation-action-plan-2022-2024.txt"
SHARED = ROOT.parent / "shared" / "corpus"


def documents() -> list[Path]:
    return [SEED, *sorted((SHARED / "html").glob("*.html")), *sorted((SHARED / "dev").glob("*.txt"))]


def best_of(times: int, run) -> float:
    """The least time of ``times`` runs (timeit's rule: the others measured the machine's noise)."""
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def throughput() -> None:
    start = time.perf_counter()
    import jieba
    from innokg.ingest import parse_document
    from innokg.nlp.pipeline import load_pipeline
    from innokg.nlp.record import extract

    nlp = load_pipeline()
    parsed = [parse_document(p) for p in documents()]
    extract(parsed[0], nlp)  # jieba loads its dictionary, the model its weights
    print(f"pipeline start-up (imports, config, jieba dictionary, model): {time.perf_counter() - start:.2f} s")
    chars = sum(len(p.text) for p in parsed)
    pipeline_s = best_of(3, lambda: [extract(p, nlp) for p in parsed])
    jieba_s = best_of(3, lambda: [jieba.lcut(p.text) for p in parsed])
    print(
        f"extract: {len(parsed)} documents, {chars} characters: {chars / pipeline_s / 1000:.1f} k chars/s "
        f"({pipeline_s / len(parsed) * 1000:.0f} ms/document); bare jieba {chars / jieba_s / 1000:.0f} k chars/s; "
        f"ratio {jieba_s / pipeline_s:.3f}"
    )


def builds(copies: int) -> None:
    from innokg import building
    from innokg.graph.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i in range(copies):
            shutil.copy(SEED, corpus / f"plan-{i:03d}.txt")
        paths = building.document_paths([corpus])
        times = {}
        for jobs in (1, 2):
            store = EmbeddedStore(Path(tmp) / f"data-{jobs}")
            start = time.perf_counter()
            building.build(store, paths, jobs=jobs)
            times[jobs] = time.perf_counter() - start
        start = time.perf_counter()
        again = EmbeddedStore(Path(tmp) / "data-1")
        report = building.build(again, paths)
        unchanged_s = time.perf_counter() - start
        stats = again.queries().stats()
    print(
        f"build: {copies} documents -> {stats.tasks} tasks, {sum(stats.relations.values())} relations: "
        f"1 process {times[1]:.1f} s ({times[1] / copies * 1000:.0f} ms/document), --jobs 2 {times[2]:.1f} s "
        f"(speed-up {times[1] / times[2]:.2f}x); again unchanged ({len(report.unchanged)} skipped) {unchanged_s:.2f} s"
    )


if __name__ == "__main__":
    throughput()
    builds(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
