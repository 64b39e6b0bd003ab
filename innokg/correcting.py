"""Analysts' corrections (:mod:`innokg.graph.corrections`) made, undone, exported and imported:
what the CLI (``innokg correct``) and the API (``/corrections``) both call.

The corrections live in the embedded store (its ``corrections`` table), whichever store answers:
with Neo4j, the documents a change touches are loaded again (:func:`innokg.stores.reload`), so
both stores answer alike.

>>> import tempfile
>>> from innokg.stores import example_store
>>> store = example_store()
>>> made = correct(store, CorrectionRequest(kind="not_entity", names=["武汉产投集团"], author="doc"))
>>> made.node.name, "武汉产投集团" in {u.name for u in store.queries().units()}
('武汉产投集团', False)
>>> undo(store, made.id).id == made.id, "武汉产投集团" in {u.name for u in store.queries().units()}
(True, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from innokg.graph.corrections import (
    Correction,
    CorrectionFile,
    CorrectionRequest,
    Corrections,
    find,
    make,
    read_file,
)
from innokg.graph.embedded import EmbeddedStore

if TYPE_CHECKING:
    from innokg.graph.neo4j_store import Neo4jStore

__all__ = ["CorrectionRequest", "correct", "undo", "export", "import_corrections", "listed"]


def listed(source: EmbeddedStore) -> list[Correction]:
    """Every correction, in the order they were made."""
    return source.corrections()


def correct(source: EmbeddedStore, request: CorrectionRequest, target: Neo4jStore | None = None) -> Correction:
    """Make the correction ``request`` names (its names matched in ``source``), store it, and load
    the documents it touches into ``target`` again when Neo4j answers too."""
    correction = make(source, request)
    _change(source, [correction], [], target)
    return correction


def undo(source: EmbeddedStore, correction_id: str, target: Neo4jStore | None = None) -> Correction:
    """Remove one correction (by its id, or the only id beginning so): the graph is as read again."""
    correction = find(source.corrections(), correction_id)
    _change(source, [], [correction], target)
    return correction


def export(source: EmbeddedStore) -> CorrectionFile:
    return CorrectionFile(corrections=source.corrections())


def import_corrections(source: EmbeddedStore, raw: bytes | str, target: Neo4jStore | None = None) -> list[Correction]:
    """The corrections of an exported file that ``source`` lacks (by id), added; those returned."""
    held = {c.id for c in source.corrections()}
    new = [c for c in read_file(raw) if c.id not in held]
    if new:
        _change(source, new, [], target)
    return new


def _change(source: EmbeddedStore, add: list[Correction], remove: list[Correction], target: Neo4jStore | None) -> None:
    changed = Corrections([*add, *remove])
    before = changed.affected(source.graph) if target is not None else set()
    source.change_corrections(add=add, remove=[c.id for c in remove])
    if target is not None:
        from innokg.stores import reload

        reload(source, target, before | changed.affected(source.graph))
