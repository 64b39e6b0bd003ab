"""innokg: a knowledge graph of a city's innovation ecosystem, built from its policy documents.

The library the command line, the HTTP service, the notebooks and the benchmarks all call.
Documents flow one way — :mod:`innokg.ingest` reads them, :mod:`innokg.nlp` finds the
attributions, entities, targets and relations, :mod:`innokg.graph` keeps them in a store and
answers from it — and :mod:`innokg.api` is the two thin edges (typer commands, FastAPI
routers) and their rendering.

Build a graph and ask it who leads a task:

>>> import tempfile, innokg
>>> store = innokg.open_store(innokg.Settings(data=tempfile.mkdtemp()))
>>> report = innokg.build(store, innokg.document_paths([innokg.bundled_corpus()]))
>>> report.documents[0].tasks > 20
True
>>> answer = innokg.who(store, "建设重大科技基础设施群")
>>> [entry.unit.name for entry in answer.best.lead]
['市发改委']

What a unit is responsible for, a page at a time, and its chain up to the document:

>>> tasks, _ = innokg.unit_tasks(store, "市招才局", limit=2)
>>> tasks.unit.name, tasks.total > 2, len(tasks.lead + tasks.co)
('市招才局', True, 2)
>>> chain, _ = innokg.chain(store, "市招才局")
>>> chain.documents[0].document.short_title
'武汉市创新发展三年行动方案'

Platforms serving an industry, targets, and one document read without storing anything:

>>> links, _ = innokg.links(store, "光电子信息")
>>> links.platform_count > 0
True
>>> innokg.targets(store, "市招才局").targets[0].value > 0
True
>>> record = innokg.extract(innokg.document_paths([innokg.bundled_corpus()])[0])
>>> len(record.tasks) == report.documents[0].tasks
True

Two editions of a plan compared: which task became which, what was added, removed and
reworded, whose responsibility changed, which targets moved:

>>> editions, (a, b) = innokg.example_editions()
>>> d = innokg.diff(editions, a, b)
>>> d.counts["added"], [t.task.display_title for t in d.removed]
(2, ['培强育新科技领军企业'])

Documents cite each other: a district's opinion (ours, in data/lineage/) implements the city's
plan, which rests on a State Council opinion; the chain from one of its tasks climbs there:

>>> library = innokg.example_library()
>>> [c.policy.doc_number for c in innokg.cites(library, "江夏区").cites if c.policy.doc_number][:2]
['国发〔2018〕42号', '国办发〔2021〕26号']
>>> [c.document.short_title for c in innokg.cited_by(library, "国办发〔2021〕26号").citing]
['贯彻落实武汉市创新发展三年行动方案的实施意见', '武汉市创新发展三年行动方案']
>>> chain = innokg.lineage(library, "推进农机装备产业转型升级").chains[0]
>>> chain.in_task, [s.citation.policy.level_cn for s in chain.steps]
(True, ['国家级'])

A metric followed across documents — the plan's target, and a progress report that restates it
and says what was reached — is a timeline:

>>> from innokg.graph.model.data import data_path
>>> _ = innokg.build(store, [data_path("editions", "wuhan-progress-2023.txt")])
>>> line = innokg.timeline(store, "高新技术企业").timelines[0]
>>> [(p.year, p.value, p.document.short_title[:11]) for p in line.points]
[(2024, 12000.0, '武汉市创新发展三年行动'), (2024, 12000.0, '武汉市创新发展三年行动')]
>>> line.points[-1].reported.value, line.points[-1].reported.evidence.quote[:24]
(14000.0, '截至2023年底，全市高新技术企业达到1.4万家')
>>> innokg.timelines(store).total > 1
True

The names are loaded on first use (``import innokg`` itself loads no spaCy, no pydantic models).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: each public name and the module it lives in
_EXPORTS = {
    "Settings": "innokg.settings",
    # building a graph
    "build": "innokg.building",
    "extract": "innokg.building",
    "extract_documents": "innokg.building",
    "document_paths": "innokg.building",
    "bundled_corpus": "innokg.building",
    "BuildReport": "innokg.building",
    "BuildFailed": "innokg.building",
    # stores
    "open_store": "innokg.stores",
    "open_neo4j": "innokg.stores",
    "load": "innokg.stores",
    "load_records": "innokg.stores",
    "example_store": "innokg.stores",
    "example_editions": "innokg.stores",
    "networkx_graph": "innokg.stores",
    "GraphStore": "innokg.graph.store",
    # questions
    "who": "innokg.graph.questions",
    "unit_tasks": "innokg.graph.questions",
    "chain": "innokg.graph.questions",
    "links": "innokg.graph.questions",
    "entity": "innokg.graph.questions",
    "targets": "innokg.graph.questions",
    "document_tasks": "innokg.graph.questions",
    "neighbourhood": "innokg.graph.questions",
    "search_tasks": "innokg.graph.questions",
    "search_units": "innokg.graph.questions",
    "search_entities": "innokg.graph.questions",
    "industry_tree": "innokg.graph.questions",
    # two editions compared
    "diff": "innokg.graph.diff",
    "timeline": "innokg.graph.timeline",
    "timelines": "innokg.graph.timeline",
    # citations between documents
    "cites": "innokg.graph.questions",
    "cited_by": "innokg.graph.questions",
    "lineage": "innokg.graph.questions",
    "example_library": "innokg.stores",
    # errors
    "InnokgError": "innokg.graph.model.errors",
}

__all__ = [  # the names of _EXPORTS, written out for tools
    "BuildFailed",
    "BuildReport",
    "GraphStore",
    "InnokgError",
    "Settings",
    "build",
    "bundled_corpus",
    "chain",
    "document_paths",
    "diff",
    "document_tasks",
    "entity",
    "example_editions",
    "example_store",
    "extract",
    "extract_documents",
    "industry_tree",
    "links",
    "load",
    "load_records",
    "neighbourhood",
    "networkx_graph",
    "open_neo4j",
    "open_store",
    "search_entities",
    "search_tasks",
    "search_units",
    "targets",
    "timeline",
    "timelines",
    "unit_tasks",
    "who",
]

if TYPE_CHECKING:  # what tools see; at run time the names load on first use (below)
    from innokg.building import (
        BuildFailed,
        BuildReport,
        build,
        bundled_corpus,
        document_paths,
        extract,
        extract_documents,
    )
    from innokg.graph.diff import diff
    from innokg.graph.model.errors import InnokgError
    from innokg.graph.questions import (
        chain,
        document_tasks,
        entity,
        industry_tree,
        links,
        neighbourhood,
        search_entities,
        search_tasks,
        search_units,
        targets,
        unit_tasks,
        who,
    )
    from innokg.graph.store import GraphStore
    from innokg.graph.timeline import timeline, timelines
    from innokg.settings import Settings
    from innokg.stores import example_editions, example_store, load, load_records, networkx_graph, open_neo4j, open_store


def __getattr__(name: str) -> Any:
    """A public name, loaded when first asked for: a worker reading documents, or ``import
    innokg.graph.model``, need not load the service's stack."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'innokg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
