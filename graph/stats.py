"""The graph's figures (``innokg stats``, ``GET /stats``), assembled once for every store.

A store reports :class:`Count` rows — nodes by label and document, relations by type and
document, attributed tasks per document, collective units, industries outside "965" — and
:func:`assemble_stats` turns them into :class:`~innokg.graph.store.Stats`. The Neo4j store gets
the rows from one Cypher query, the embedded store from :func:`graph_counts`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from innokg.graph.facts import Facts
from innokg.graph.model import ROLE_RELATIONS, EntityNode, Label, RelType, UnitNode
from innokg.graph.model.answers import DocumentRef, DocumentStats, Stats


class Count(NamedTuple):
    kind: str  # node, rel, attributed, collective, unmapped
    key: str  # the label, the relation type, or the unmapped industry's name
    doc: str | None
    n: int


def graph_counts(graph: Facts) -> list[Count]:
    """The counts of a graph's nodes and relations.

    >>> from innokg.graph.model import TaskNode
    >>> G = Facts(); G.add_node(TaskNode(id="t", name="x", doc_id="d", path="1", text="", start=0, end=1))
    >>> graph_counts(G)
    [Count(kind='node', key='Task', doc='d', n=1)]
    """
    nodes: Counter[tuple[str, str | None]] = Counter()
    collective = 0
    unmapped: list[str] = []
    for node in graph.nodes.values():
        nodes[(node.label.value, getattr(node, "doc_id", None))] += 1
        collective += isinstance(node, UnitNode) and node.collective
        if isinstance(node, EntityNode) and node.label == Label.INDUSTRY and not node.category:
            unmapped.append(node.name)
    rels = Counter((rel.type.value, rel.doc_id) for rel in graph.relations())
    attributed = Counter(
        doc for doc, _ in {(rel.doc_id, rel.source) for rel in graph.relations() if rel.type in ROLE_RELATIONS}
    )
    return [
        *(Count("node", label, doc, n) for (label, doc), n in nodes.items()),
        *(Count("rel", rel_type, doc, n) for (rel_type, doc), n in rels.items()),
        *(Count("attributed", "", doc, n) for doc, n in attributed.items()),
        *([Count("collective", "", None, collective)] if collective else []),
        *(Count("unmapped", name, None, 1) for name in unmapped),
    ]


def assemble_stats(counts: Iterable[Count], titles: dict[str, str]) -> Stats:
    """The figures from count rows; ``titles`` names the documents (id → title)."""
    per_doc = {
        doc_id: DocumentStats(
            document=DocumentRef(id=doc_id, title=title),
            sections=0,
            tasks=0,
            attributed_tasks=0,
            relations={t.value: 0 for t in RelType},
        )
        for doc_id, title in sorted(titles.items())
    }
    by_label: Counter[str] = Counter()
    relations = {t.value: 0 for t in RelType}
    collective, unmapped = 0, []
    for kind, key, doc, n in counts:
        n = int(n)
        if kind == "node":
            by_label[key] += n
            if doc in per_doc and key in (Label.SECTION, Label.TASK):
                setattr(per_doc[doc], "sections" if key == Label.SECTION else "tasks", n)
        elif kind == "rel":
            relations[key] += n
            if doc in per_doc:
                per_doc[doc].relations[key] += n
        elif kind == "attributed" and doc in per_doc:
            per_doc[doc].attributed_tasks = n
        elif kind == "collective":
            collective = n
        elif kind == "unmapped":
            unmapped.append(key)
    documents = list(per_doc.values())
    return Stats(
        entities=dict(sorted(by_label.items())),
        unmapped_industries=sorted(unmapped),
        documents=len(documents),
        sections=sum(d.sections for d in documents),
        tasks=sum(d.tasks for d in documents),
        attributed_tasks=sum(d.attributed_tasks for d in documents),
        units=by_label.get(Label.UNIT.value, 0),
        collective_units=collective,
        relations=relations,
        per_document=documents,
    )
