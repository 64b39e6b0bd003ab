"""Citations between the documents of a library: what a document cites, who cites a policy, and
the chains that climb from a district's plan to the national policy it implements.

Every document ``ISSUES`` the policy it is (its own 文号 and title) and ``CITES`` the policies it
refers to (graph.build). A policy is a document of the library when some document issues it, so
a chain goes on from it. Both stores hand these functions the citation layer
(:meth:`~innokg.graph.store.GraphQueries.citation_facts`: documents, policies, CITES and ISSUES)
and the answers are made here, once.

>>> from innokg.stores import example_store
>>> view = example_store().queries().citation_facts()
>>> doc = view.document_ids()[0]
>>> answer = document_citations(view, doc)
>>> answer.policy is None or answer.policy.documents[0].id == doc
True
"""

from __future__ import annotations

from collections import deque

from innokg.graph.facts import Fact
from innokg.graph.model import EntityNode, Label, RelType
from innokg.graph.model.answers import (
    Citation,
    CitedBy,
    CitingDocument,
    DocumentCitations,
    DocumentEntry,
    DocumentRef,
    Lineage,
    LineageChain,
    LineageStep,
    PolicyEntry,
    TaskRef,
)
from innokg.graph.model.errors import NotFound
from innokg.graph.view import GraphView

#: how far a chain of citations climbs; how many chains a lineage lists; how deep cited-by goes
MAX_DEPTH = 8
MAX_CHAINS = 50
MAX_CITED_DEPTH = 32


def document_citations(view: GraphView, doc_id: str) -> DocumentCitations:
    """The policy ``doc_id`` is, and every policy it cites (grouped by policy, in the order first written)."""
    return DocumentCitations(document=document_entry(view, doc_id), policy=own_policy(view, doc_id), cites=cites(view, doc_id))


def cited_by(view: GraphView, policy_id: str, transitive: bool = True) -> CitedBy:
    """Every document citing ``policy_id``; with ``transitive``, the documents citing those (by
    the policy each of them is), breadth first: each document once, at its least depth."""
    entries: dict[str, PolicyEntry] = {}  # one entry per policy per answer (a policy cited by thousands)
    policy = policy_entry(view, policy_id, entries)
    citing: list[CitingDocument] = []
    seen = {d.id for d in policy.documents}  # the policy's own documents cite it by being it
    frontier: deque[tuple[str, str | None, int]] = deque([(policy_id, None, 0)])
    truncated = False
    while frontier:
        target, through, depth = frontier.popleft()
        if depth and not transitive:
            continue
        for doc_id, facts in _grouped(f for f in view.graph.in_edges(target) if f.type == RelType.CITES):
            if doc_id in seen or doc_id not in view.graph.nodes:
                continue
            if depth >= MAX_CITED_DEPTH:
                truncated = True
                break
            seen.add(doc_id)
            citing.append(
                CitingDocument(
                    document=document_entry(view, doc_id),
                    depth=depth + 1,
                    cites=_citation(view, target, facts, entries),
                    through=_document_ref(view, through) if through else None,
                )
            )
            for own in _issued(view, doc_id):
                frontier.append((own, doc_id, depth + 1))
    return CitedBy(policy=policy, citing=citing, truncated=truncated)


def lineage(view: GraphView, doc_id: str, task: TaskRef | None = None, span: tuple[int, int] | None = None) -> Lineage:
    """The chains of citations from ``doc_id`` up: each step a document citing a policy, going on
    where that policy is a document of the library. Chains whose first citation is written within
    ``span`` (the task asked about) come first, then those reaching the highest level. Every
    policy the document cites starts at least one chain, however many climb from the others."""
    entries: dict[str, PolicyEntry] = {}
    chains: list[list[LineageStep]] = []
    truncated = False

    def climb(at: str, path: list[LineageStep], visited: frozenset[str], budget: int) -> int:
        """Chains from ``at`` (at most ``budget``); how many were added."""
        nonlocal truncated
        steps = [_step(view, at, policy_id, facts, entries) for policy_id, facts in _cited(view, at)]
        if not steps or len(path) >= MAX_DEPTH:
            truncated |= bool(steps)
            chains.append(path)
            return 1
        added = 0
        for step in steps:
            if added >= budget:
                truncated = True
                break
            onward = [d.id for d in step.citation.policy.documents if d.id not in visited]
            if not onward:
                chains.append([*path, step])
                added += 1
            for next_doc in onward[:1]:  # a policy two documents are (one text ingested twice): follow one
                added += climb(next_doc, [*path, step], visited | {next_doc}, budget - added)
        return added

    first = [_step(view, doc_id, policy_id, facts, entries) for policy_id, facts in _cited(view, doc_id)]
    first.sort(key=lambda step: (not _within(step.citation, span), _level_rank(step.citation.policy)))
    for n, step in enumerate(first):
        budget = max(1, (MAX_CHAINS - len(chains)) // (len(first) - n))  # what is left, shared by what is left
        onward = [d.id for d in step.citation.policy.documents if d.id != doc_id]
        if onward:
            climb(onward[0], [step], frozenset({doc_id, onward[0]}), budget)
        else:
            chains.append([step])
    found = [LineageChain(steps=chain, in_task=_within(chain[0].citation, span)) for chain in chains if chain]
    found.sort(key=lambda c: (not c.in_task, *_chain_order(c.steps)))
    return Lineage(task=task, document=document_entry(view, doc_id), chains=found, truncated=truncated)


def _within(citation: Citation, span: tuple[int, int] | None) -> bool:
    return span is not None and any(span[0] <= ev.start < span[1] for ev in citation.evidence)


def _level_rank(policy: PolicyEntry) -> int:
    return policy.level.rank if policy.level else 9


# ------------------------------------------------------------------ entries


def document_entry(view: GraphView, doc_id: str) -> DocumentEntry:
    node = view.node(doc_id, Label.DOCUMENT)
    return DocumentEntry(**node.info.model_dump())


def own_policy(view: GraphView, doc_id: str) -> PolicyEntry | None:
    own = _issued(view, doc_id)
    return policy_entry(view, own[0]) if own else None


def policy_entry(view: GraphView, policy_id: str, entries: dict[str, PolicyEntry] | None = None) -> PolicyEntry:
    """The policy as answers show it (``entries``: those made for this answer already)."""
    if entries is not None and policy_id in entries:
        return entries[policy_id]
    node = view.node(policy_id, Label.POLICY)
    assert isinstance(node, EntityNode)
    issuers = sorted({f.source for f in view.graph.in_edges(policy_id) if f.type == RelType.ISSUES})
    entry = PolicyEntry(
        id=node.id,
        name=node.name,
        doc_number=node.doc_number,
        issuer=node.issuer,
        year=node.year,
        level=node.level,
        documents=[_document_ref(view, d) for d in issuers if d in view.graph.nodes],
    )
    if entries is not None:
        entries[policy_id] = entry
    return entry


def cites(view: GraphView, doc_id: str) -> list[Citation]:
    entries: dict[str, PolicyEntry] = {}
    return [_citation(view, policy_id, facts, entries) for policy_id, facts in _cited(view, doc_id)]


def find_policy(view: GraphView, words: str, by_title: bool = True) -> str:
    """The policy ``words`` name: a policy's or a document's id (the policy the document is), a
    文号 (the words are one: "国办发[2021]26号", "国办发〔2021〕26号文件"), or — ``by_title`` —
    words of a cited or issued policy's title (the shortest title holding them)."""
    from innokg.graph.model.names import doc_number, key, policy_id

    node = view.graph.nodes.get(words)
    if node is not None and node.label == Label.POLICY:
        return words
    if node is not None and node.label == Label.DOCUMENT and _issued(view, words):
        return _issued(view, words)[0]
    wanted = key(words)
    number = doc_number(words)
    if number and len(wanted) <= len(number) + 2 and policy_id(number, None) in view.graph.nodes:
        return policy_id(number, None)
    if by_title and len(wanted) >= 2:
        layer = {f.target for n in view.document_ids() for f in view.graph.out_edges(n) if f.type in (RelType.CITES, RelType.ISSUES)}
        named = sorted(
            (n for n in (view.graph.nodes[i] for i in layer if i in view.graph.nodes)
             if any(wanted in key(t) for t in (n.name, *getattr(n, "aliases", [])))),
            key=lambda n: (len(n.name), n.id),
        )
        if named:
            return named[0].id
    raise NotFound(f"图谱中没有政策文件“{words}”（可用文号、标题中的词或文档 id）")


# ------------------------------------------------------------------ helpers


def _issued(view: GraphView, doc_id: str) -> list[str]:
    return [f.target for f in view.graph.out_edges(doc_id) if f.type == RelType.ISSUES and f.target in view.graph.nodes]


def _cited(view: GraphView, doc_id: str) -> list[tuple[str, list[Fact]]]:
    """The policies ``doc_id`` cites, each with its citations, in the order first written; a
    policy the document is itself is no citation of another."""
    own = set(_issued(view, doc_id))
    facts = [f for f in view.graph.out_edges(doc_id) if f.type == RelType.CITES and f.target not in own]
    by_policy: dict[str, list[Fact]] = {}
    for fact in sorted(facts, key=lambda f: (f.start, f.target)):
        if fact.target in view.graph.nodes:
            by_policy.setdefault(fact.target, []).append(fact)
    return list(by_policy.items())


def _grouped(facts) -> list[tuple[str, list[Fact]]]:
    """Citations of one policy by the document making them, documents in id order."""
    by_doc: dict[str, list[Fact]] = {}
    for fact in sorted(facts, key=lambda f: (f.source, f.start)):
        by_doc.setdefault(fact.source, []).append(fact)
    return sorted(by_doc.items())


def _citation(view: GraphView, policy_id: str, facts: list[Fact], entries: dict[str, PolicyEntry]) -> Citation:
    kinds = list(dict.fromkeys(f.citation for f in facts if f.citation))
    return Citation(policy=policy_entry(view, policy_id, entries), kinds=kinds, evidence=[f.evidence for f in facts])


def _step(view: GraphView, doc_id: str, policy_id: str, facts: list[Fact], entries: dict[str, PolicyEntry]) -> LineageStep:
    node = view.node(doc_id, Label.DOCUMENT)
    citation = _citation(view, policy_id, facts, entries)
    return LineageStep(document=_document_ref(view, doc_id), level=node.info.level, citation=citation)


def _document_ref(view: GraphView, doc_id: str) -> DocumentRef:
    node = view.graph.nodes.get(doc_id)
    return DocumentRef(id=doc_id, title=node.name if node is not None else doc_id)


def _chain_order(chain: list[LineageStep]) -> tuple[int, int, str]:
    """Chains reaching the highest level first (national before provincial …), then the longest."""
    top = chain[-1].citation.policy
    return (_level_rank(top), -len(chain), top.name)
