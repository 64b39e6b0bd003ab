"""The benchmark's generated library (bench/scale_corpus.py): deterministic, and read as written."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from scale_corpus import generate  # noqa: E402


def test_the_same_seed_gives_the_same_library(tmp_path):
    first = [p.read_bytes() for p in generate(6, tmp_path / "a")]
    again = [p.read_bytes() for p in generate(6, tmp_path / "b")]
    other = [p.read_bytes() for p in generate(6, tmp_path / "c", seed=8)]
    assert first == again and first != other


def test_generated_plans_are_read_with_their_units(tmp_path, nlp):
    """Every task of a generated plan is found, one-line plans too, with its units; only the
    layouts that name a lead (牵头单位：, X牵头, A、B等负责) give one."""
    from innokg.nlp.record import extract_file

    for path in generate(8, tmp_path):
        record = extract_file(path, nlp)
        text = path.read_text(encoding="utf-8")
        tasks = [t for t in record.tasks if t.title and not t.title.startswith(("总体要求", "保障措施"))]
        assert len(tasks) == len(re.findall(r"(?:^|\s)\d+\.", text)), path.name
        for task in tasks:
            assert task.lead or task.co, (path.name, task.title)
        leads = sum(1 for t in record.tasks if t.lead)
        assert leads == text.count("牵头单位：") + text.count("牵头，") + text.count("等负责"), path.name
