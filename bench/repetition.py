"""Is extraction linear in a document's length? The bundled plan repeated 1, 4, 16 and 64 times
(its tasks renumbered so each copy is new text), timed per character; the figure to watch is
the largest per-character time over the smallest (1.5 or less: linear).

    python bench/repetition.py
"""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "corpus" / "wuhan-innovation-action-plan-2022-2024.txt"


def main(times: tuple[int, ...] = (1, 4, 16, 64)) -> None:
    from innokg.ingest import parse_text
    from innokg.nlp.pipeline import load_pipeline
    from innokg.nlp.record import extract

    nlp = load_pipeline()
    plan = SEED.read_text(encoding="utf-8")
    extract(parse_text(plan, "warm-up.txt"), nlp)
    per_char = {}
    for n in times:
        text = "\n".join(plan.replace("市科技局", f"市科技局{i}") for i in range(n))
        parsed = parse_text(text, f"plan-x{n}.txt")
        start = time.perf_counter()
        record = extract(parsed, nlp)
        seconds = time.perf_counter() - start
        per_char[n] = seconds / len(text) * 1e6
        print(f"plan x{n:<3d} {len(text):>8d} chars, {len(record.tasks):>5d} tasks: {seconds:6.2f} s, {per_char[n]:6.1f} µs/char")
    print(f"largest / smallest per-character time: {max(per_char.values()) / min(per_char.values()):.2f}")


if __name__ == "__main__":
    main()
