"""Load the innokg spaCy pipeline from ``nlp/config.cfg`` (a blank Chinese model; character tokens, jieba for words)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import innokg.nlp.assignments  # noqa: F401  (registers the components)
import innokg.nlp.attribution  # noqa: F401
import innokg.nlp.coverage  # noqa: F401
import innokg.nlp.categories  # noqa: F401
import innokg.nlp.citations  # noqa: F401
import innokg.nlp.entities  # noqa: F401
import innokg.nlp.relations  # noqa: F401
import innokg.nlp.statistical  # noqa: F401
import innokg.nlp.targets  # noqa: F401
import innokg.nlp.tokenizer  # noqa: F401
import spacy
from spacy.language import Language

CONFIG = Path(str(resources.files("innokg.nlp").joinpath("config.cfg")))
#: the longest text one document may have (about 10 MB of Chinese)
MAX_CHARACTERS = 4_000_000


@lru_cache(maxsize=4)
def load_pipeline(config_path: Path = CONFIG) -> Language:
    """The pipeline, built once per process; ``config_path`` overrides the bundled config."""
    config = spacy.util.load_config(config_path)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    # the components read characters and sentences, not a parse of the whole text: spaCy's
    # one-million-character guard is for parsers; innokg's limit is memory for the tokens
    nlp.max_length = MAX_CHARACTERS
    return nlp


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What a document's extraction depends on besides the document: innokg's version, the
    pipeline's config and every data file (gazetteers, taxonomy, trained model). A build skips a
    document whose content and fingerprint are both unchanged."""
    import hashlib
    from importlib.metadata import version

    from innokg.graph.model.data import data_path

    digest = hashlib.sha256(version("innokg").encode())
    digest.update(CONFIG.read_bytes())
    root = data_path()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "corpus" not in p.parts and p.suffix != ".py"):
        if "__pycache__" in path.parts or "gold" in path.relative_to(root).parts[:1]:
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
