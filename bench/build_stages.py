"""Where a build's reading time goes, stage by stage: the profile behind the build-speed figures.

One process loads the pipeline (timed apart, as start-up), then reads documents it never read
before — N generated plans (``bench/scale_corpus.py``) or a folder given — doing what a build's
worker does for each: read and structure the file, run each pipeline component in turn, assemble
the record, turn it into graph facts and pack them. Each stage is timed with ``perf_counter``
around it (no profiler: a profiler's overhead falls unevenly on Python and native code), and
the table gives each stage's seconds and share of the reading time.

    python bench/build_stages.py [--generated 200] [--folder DIR]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from scale_corpus import generate  # noqa: E402


def stages(paths: list[Path]) -> tuple[Counter, float, int]:
    """Seconds per stage over ``paths``, the start-up's seconds, and the characters read."""
    from innokg.building import _loaded
    from innokg.graph.build import record_to_graph
    from innokg.graph.facts import PackedFacts
    from innokg.ingest import parse_document
    from innokg.nlp.pipeline import load_pipeline
    from innokg.nlp.record import prepared, record_of

    spent: Counter = Counter()
    characters = 0
    started = time.perf_counter()
    with _loaded():  # the pipeline and what it loads on first use; the collector set as a build sets it
        startup = time.perf_counter() - started
        nlp = load_pipeline()

        def timed(stage: str, work, *args):
            at = time.perf_counter()
            result = work(*args)
            spent[stage] += time.perf_counter() - at
            return result

        for path in paths:
            parsed = timed("read and structure", parse_document, path)
            characters += len(parsed.text)

            doc = timed("spaCy Doc (a token per character)", prepared, parsed, nlp)
            for name, component in nlp.pipeline:
                doc = timed(f"component {name}", component, doc)
            record = timed("record assembly (record_of)", record_of, doc)
            facts = timed("graph facts (record_to_graph)", record_to_graph, record)
            timed("packing (JSON + zlib)", PackedFacts.of, facts)
    return spent, startup, characters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generated", type=int, default=200, help="generated plans to read")
    parser.add_argument("--folder", type=Path, help="read this folder's documents instead")
    parser.add_argument("--seed", type=int, default=2029)
    args = parser.parse_args()
    from innokg.building import document_paths

    with tempfile.TemporaryDirectory() as tmp:
        if args.folder:
            paths = document_paths([args.folder])
        else:
            paths = generate(args.generated, Path(tmp) / "generated", seed=args.seed)
        gc.collect()
        spent, startup, characters = stages(paths)
    total = sum(spent.values())
    print(f"{len(paths)} documents, {characters:,} characters; start-up {startup:.2f} s (apart)")
    print(f"reading {total:.2f} s = {characters / total / 1000:.0f}k characters/s\n")
    print(f"{'stage':48} {'seconds':>8} {'share':>6}")
    for stage, seconds in spent.most_common():
        print(f"{stage:48} {seconds:8.2f} {seconds / total:6.1%}")


if __name__ == "__main__":
    main()
