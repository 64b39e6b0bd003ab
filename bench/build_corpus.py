"""How long does reading and building take? Times ``extract`` per document and a whole build.

Prints the pipeline's start-up, per-document extraction time for the bundled plan (and the
State Council pages when ../shared is present), and a build of N copies into a fresh store.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "corpus" / "wuhan-innovation-action-plan-2022-2024.txt"
SHARED_HTML = ROOT.parent / "shared" / "corpus" / "html"


def main(copies: int) -> None:
    start = time.perf_counter()
    from innokg.nlp.pipeline import load_pipeline
    from innokg.nlp.record import extract_file

    nlp = load_pipeline()
    extract_file(SEED, nlp)  # jieba loads its dictionary on first use
    print(f"pipeline start-up (imports, config, jieba dictionary): {time.perf_counter() - start:.2f} s")
    documents = [SEED, *sorted(SHARED_HTML.glob("*.html"))]
    total_chars = 0
    start = time.perf_counter()
    for path in documents:
        record = extract_file(path, nlp)
        total_chars += record.document.length
    elapsed = time.perf_counter() - start
    print(
        f"extract: {len(documents)} documents, {total_chars} characters in {elapsed:.2f} s "
        f"({total_chars / elapsed / 1000:.0f} k chars/s, {elapsed / len(documents) * 1000:.0f} ms/document)"
    )

    from innokg.api import service
    from innokg.graph.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i in range(copies):
            shutil.copy(SEED, corpus / f"plan-{i:03d}.txt")
        store = EmbeddedStore(Path(tmp) / "data")
        start = time.perf_counter()
        service.build(store, service.document_paths([corpus]))
        build_s = time.perf_counter() - start
        start = time.perf_counter()
        again = EmbeddedStore(Path(tmp) / "data")
        open_s = time.perf_counter() - start
        stats = again.stats()
    print(
        f"build: {copies} documents -> {stats.tasks} tasks, {sum(stats.relations.values())} relations in {build_s:.2f} s "
        f"({build_s / copies * 1000:.0f} ms/document); reopen {open_s:.3f} s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
