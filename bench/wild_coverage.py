"""Attribution coverage over a folder of documents (by default ../shared/corpus/wild): for every
document, the role words and labels in its text (牵头, 负责, 配合, 责任单位 …), how many reached a
task, the tasks and triples found, and the role words left out with their context (-v).

    .venv/bin/python bench/wild_coverage.py [FOLDER] [-v]

Run as the user runs ``innokg extract``: one process, each document read from disk."""

from __future__ import annotations

import sys
from pathlib import Path

from innokg.graph.model.errors import InnokgError
from innokg.nlp.record import extract_file

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "wild"


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    folders = [Path(a) for a in argv if not a.startswith("-")] or [DEFAULT]
    if missing := [f for f in folders if not f.is_dir()]:
        print(f"没有这个目录：{', '.join(map(str, missing))}（默认的野外文档在 ../shared）")
        return 0 if folders == [DEFAULT] else 1
    files = sorted(p for folder in folders for p in folder.iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf"))
    if not files:
        print(f"没有找到文档：{', '.join(map(str, folders))}")
        return 1
    words = placed = silent = 0
    print(f"{'document':58} {'role words':>10} {'placed':>7} {'tasks':>6} {'triples':>8}")
    for path in files:
        try:
            record = extract_file(path)
        except InnokgError as error:
            print(f"{path.name[:58]:58} unreadable: {error}")
            continue
        coverage = record.coverage
        found = [t for t in record.tasks if t.lead or t.co]
        triples = sum(len(t.lead) + len(t.co) for t in found)
        n, p = (coverage.role_words, coverage.placed) if coverage else (0, 0)
        words, placed = words + n, placed + p
        if n and not found and not any(w.code == "attribution-coverage" for w in record.warnings):
            silent += 1
        print(f"{path.name[:58]:58} {n:>10} {p:>7} {len(found):>6} {triples:>8}")
        if verbose and coverage:
            for miss in coverage.missed:
                print(f"      missed @{miss.start}: {miss.quote}")
    ratio = placed / words if words else 1.0
    print(f"total: {placed}/{words} role words reached a task ({ratio:.3f}); "
          f"documents with role words, no task and no warning saying why: {silent}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
