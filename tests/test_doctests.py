"""Every example written in innokg's docstrings runs and gives what it says.

pytest's ``--doctest-modules`` collects files by path and would import ``graph/…`` as a second
copy of the modules beside the installed ``innokg.graph…`` (the stages install under the
``innokg`` namespace from top-level folders), so the examples are run here, from the
installed modules, one test per module.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("innokg.graph", "innokg.ingest", "innokg.nlp", "innokg.api")


def modules_with_examples() -> list[str]:
    names = []
    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            spec = importlib.util.find_spec(info.name)
            source = open(spec.origin, encoding="utf-8").read() if spec and spec.origin else ""
            if ">>> " in source:
                names.append(info.name)
    return names


MODULES = modules_with_examples()


def test_examples_are_found():
    assert {"innokg.graph.model.resolve", "innokg.graph.model.vocab", "innokg.graph.analysis.centrality"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has examples but none ran"
    assert result.failed == 0, name
