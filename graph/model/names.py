"""The one name normaliser and the document id, used by every stage.

Names are compared in one form, :func:`key`: NFKC (half- and full-width forms meet), in
simplified characters (a traditional 區科技局 is 区科技局), with white space and quotation marks
dropped.

>>> key("“市科技局” ") == key('"市科技局"') == key("市科技局") == "市科技局"
True
>>> key("實驗室體系")
'实验室体系'
>>> document_id("wuhan plan 2022")
'doc:wuhan-plan-2022'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉<>]")


@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """The form names are compared in: NFKC, simplified characters, no white space or quotes."""
    return _DROP.sub("", _simplified(unicodedata.normalize("NFKC", name)))


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    return _converter().convert(text) if any(ord(ch) > 0x2E7F for ch in text) else text


def document_id(stem: str) -> str:
    """A document's id, from its file name without suffix."""
    return "doc:" + "-".join(unicodedata.normalize("NFKC", stem).split())


def relation_key(rel_type: str, doc_id: str, start: int) -> str:
    """Between two nodes, a relation is one fact per type, document and place: this is its key."""
    return f"{rel_type}:{doc_id}:{start}"
