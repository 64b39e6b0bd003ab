"""Finding attributions, entities, targets and relations: a spaCy pipeline of registered
components, configured in ``config.cfg`` (:mod:`innokg.nlp.pipeline`).

Importing this package first puts a stand-in for ``spacy.cli.info`` in place (see
:func:`_defer_spacy_cli`): every spaCy import in innokg is in this package, so it runs before them.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_CLI_INFO = "spacy.cli.info"


def _defer_spacy_cli() -> None:
    """spaCy's package imports its whole command line (``spacy.cli``: weasel, requests, the
    commands of ``spacy init``, ``train``, ``download`` …) only to offer ``spacy.info``: about a
    fifth of a second of every process that reads documents, an eighth of a build's start-up.
    innokg runs none of it. Until spaCy is imported, ``spacy.cli.info`` is a stand-in module
    whose ``info`` (and any other name asked of it) imports the real module first: ``spacy.info()``,
    ``import spacy.cli`` and ``python -m spacy`` work as before, and only pay for it when used.
    If spaCy was imported before innokg (a notebook's own ``import spacy``), nothing is done."""
    if "spacy" in sys.modules or _CLI_INFO in sys.modules:
        return
    stand_in = types.ModuleType(_CLI_INFO, "spaCy's ``info`` command, imported when first used")

    def real() -> types.ModuleType:
        if sys.modules.get(_CLI_INFO) is stand_in:
            del sys.modules[_CLI_INFO]
        return importlib.import_module(_CLI_INFO)

    def info(*args: Any, **kwargs: Any) -> Any:
        return real().info(*args, **kwargs)

    stand_in.info = info  # type: ignore[attr-defined]  # what spaCy's __init__ imports from it

    def any_other(name: str) -> Any:
        if name.startswith("__"):  # the import system asks for __path__, a repr for __file__
            raise AttributeError(name)
        return getattr(real(), name)

    stand_in.__getattr__ = any_other  # type: ignore[method-assign]
    sys.modules[_CLI_INFO] = stand_in


_defer_spacy_cli()
