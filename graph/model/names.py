"""The one name normaliser and the document id, used by every stage.

Names are compared in one form, :func:`key`: NFKC (half- and full-width forms meet), with
white space and quotation marks dropped.

>>> key("“市科技局” ") == key('"市科技局"') == "市科技局"
True
>>> document_id("wuhan plan 2022")
'doc:wuhan-plan-2022'
"""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉<>]")


def key(name: str) -> str:
    """The form names are compared in: NFKC, no white space or quotes."""
    return _DROP.sub("", unicodedata.normalize("NFKC", name))


def document_id(stem: str) -> str:
    """A document's id, from its file name without suffix."""
    return "doc:" + "-".join(unicodedata.normalize("NFKC", stem).split())
