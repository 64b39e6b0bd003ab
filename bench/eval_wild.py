"""Responsibility F1 on the wild documents we annotated by hand (data/gold/wild), as the user
runs innokg: ``innokg extract FILE --json`` per document, scored by the shared scorer.

    .venv/bin/python bench/eval_wild.py [-v]

Needs ../shared (the documents and tools/score.py); says so and stops without it."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "data" / "gold" / "wild"
CORPUS = SHARED / "corpus" / "wild"
SCORER = SHARED / "tools" / "score.py"
INNOKG = Path(sys.executable).with_name("innokg")


def main(argv: list[str]) -> int:
    if not CORPUS.is_dir() or not SCORER.exists():
        print(f"没有 {CORPUS} 或 {SCORER}：野外文档的评测需要 ../shared")
        return 0
    verbose = "-v" in argv
    totals = [0, 0, 0]
    for gold in sorted(GOLD.glob("*.responsibilities.json")):
        stem = gold.name.removesuffix(".responsibilities.json")
        document = next(CORPUS.glob(stem + ".*"))
        with tempfile.NamedTemporaryFile("w+", suffix=".json") as record:
            subprocess.run([str(INNOKG), "extract", str(document), "--json"], stdout=record, stderr=subprocess.DEVNULL, check=True)
            out = subprocess.run(
                [sys.executable, str(SCORER), record.name, "--responsibilities", str(gold), *(["-v"] if verbose else [])],
                capture_output=True, text=True, check=True,
            ).stdout
        tp, fp, fn = map(int, re.search(r"tp=(\d+) fp=(\d+) fn=(\d+)", out).groups())
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        print(f"{stem[:60]:60} tp={tp:3} fp={fp:3} fn={fn:3} F1={_f1(tp, fp, fn):.3f}")
        if verbose:
            print("\n".join(line for line in out.splitlines() if line.startswith("  ")))
    tp, fp, fn = totals
    precision, recall = tp / (tp + fp or 1), tp / (tp + fn or 1)
    print(f"wild (our gold): micro F1={_f1(tp, fp, fn):.3f} P={precision:.3f} R={recall:.3f} (tp={tp} fp={fp} fn={fn})")
    return 0


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
