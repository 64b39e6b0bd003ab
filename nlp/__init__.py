"""Finding attributions, entities, targets and relations: a spaCy pipeline of registered
components, configured in ``config.cfg`` (:mod:`innokg.nlp.pipeline`).

Every spaCy import in innokg is in this package, so this runs before them: spaCy is imported
here, without its command line (:func:`_import_spacy_without_its_command_line`).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_CLI_INFO = "spacy.cli.info"


def _import_spacy_without_its_command_line() -> None:
    """spaCy's package imports its whole command line (``spacy.cli``: weasel, requests, the
    commands of ``spacy init``, ``train``, ``download`` …) only to offer ``spacy.info``: about a
    fifth of a second of every process that reads documents, an eighth of a build's start-up.
    innokg runs none of it. So spaCy is imported here while a stand-in takes the place of
    ``spacy.cli.info``; the stand-in is gone as soon as spaCy is in, and ``spacy.info`` and
    ``spacy.cli`` import the real command line when first used: ``spacy.cli.download(…)``,
    ``import spacy.cli``, ``python -m spacy`` work as before and pay for it only then.
    If spaCy was imported before innokg (a notebook's own ``import spacy``), nothing is done."""
    if "spacy" in sys.modules or _CLI_INFO in sys.modules:
        return

    def info(*args: Any, **kwargs: Any) -> Any:
        return importlib.import_module(_CLI_INFO).info(*args, **kwargs)

    # found where spaCy's own would be: ``spacy.info`` pickles, and reads as spaCy's, as before
    info.__module__, info.__qualname__, info.__doc__ = "spacy", "info", "spaCy's ``info`` command (spacy.cli.info)."
    stand_in = types.ModuleType(_CLI_INFO, "spaCy's info command, while spaCy imports")
    stand_in.info = info  # type: ignore[attr-defined]  # all spaCy's __init__ takes from it
    sys.modules[_CLI_INFO] = stand_in
    try:
        import spacy
    finally:
        if sys.modules.get(_CLI_INFO) is stand_in:
            del sys.modules[_CLI_INFO]
    spacy.__getattr__ = _command_line  # type: ignore[method-assign]  # PEP 562: for names the module lacks


def _command_line(name: str) -> Any:
    """``spacy.cli`` (what ``import spacy`` would have set), imported when first asked for."""
    if name == "cli":
        return importlib.import_module("spacy.cli")
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


_import_spacy_without_its_command_line()
