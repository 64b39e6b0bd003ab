"""Every example written in innokg's docstrings runs and gives what it says.

pytest's ``--doctest-modules`` collects files by path and would import ``graph/…`` as a second
copy of the modules beside ``innokg.graph…`` (innokg/ links to the stages' top-level folders),
so the examples are run here, from the ``innokg`` package, one test per module.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("innokg",)


def modules_with_examples() -> list[str]:
    names = ["innokg"]  # the library API's examples, in its docstring
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
    assert {"innokg", "innokg.building", "innokg.stores", "innokg.graph.answers", "innokg.graph.model.resolve", "innokg.graph.model.vocab", "innokg.graph.analysis.centrality"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has examples but none ran"
    assert result.failed == 0, name
