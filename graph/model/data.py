"""Where innokg's data files are (``data/`` installed as ``innokg.data``) and how tables are read.

>>> data_path("industries", "965.tsv").is_file()
True
>>> next(rows(data_path("industries", "965.tsv")))[:3]
['pillar', '965:pillar:光电子信息', '光电子信息']
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """A file or folder under ``data/``."""
    return Path(str(resources.files("innokg.data").joinpath(*parts)))


def rows(path: Path) -> Iterator[list[str]]:
    """The tab-separated fields of each line of a data table; blank lines and ``#`` comments skipped."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield [field.strip() for field in line.split("\t")]
