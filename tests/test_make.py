"""The Makefile's user-facing targets exist and do what the README says (dry runs: nothing starts)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import ROOT


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("notebooks", "jupyter lab notebooks/"),
        ("check", '-m "not slow"'),
        ("check", "mypy -p innokg"),
        ("fuzz", "HYPOTHESIS_PROFILE=fuzz"),
        ("grass", "innokg.graph.model.vocab"),
        ("bench", "bench/repetition.py"),
        ("bench", "bench/scale.py"),
    ],
)
def test_make_targets(target, expected):
    dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert expected in dry.stdout
