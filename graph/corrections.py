"""Corrections an analyst makes to the graph (人工校正), kept apart from what was read, and
applied to it wherever the graph is composed.

Four kinds, one vocabulary (:class:`Kind`):

- **merge** two units (区经发局 = 区经济发展局): one node, the other name an alias;
- **split** two units an automatic alias fold made one (:mod:`innokg.graph.model.aliases`);
- **role**: set the units of one role (牵头, 责任, 指导) of a task, replacing those read;
- **not_entity**: a node that is no entity disappears from answers, search and exports.

Corrections are stored beside the documents' rows in the embedded store (its ``corrections``
table: one transaction, under the folder's write lock, with the graph's generation bumped so
every reader composes again), with their author and time. They are applied

- in the embedded store where the documents are composed (:func:`innokg.graph.facts.compose`):
  merges and splits change the alias map before the fold, roles and non-entities are applied to
  the folded graph (:meth:`Corrections.apply`);
- in Neo4j, document by document as :func:`innokg.stores.load` copies them
  (:meth:`Corrections.apply_document`, after the same fold): both stores answer alike.

So a rebuild (the rows change, the corrections stay) and a reload keep them. A role set by a
correction is a relation marked ``corrected``, whose evidence names who set it and when.

>>> c = Corrections([MergeUnits(keep=Name(id="unit:a", name="甲"), alias=Name(id="unit:b", name="乙"), author="x")])
>>> c.aliases({}, {"unit:a", "unit:b"})
{'unit:b': 'unit:a'}
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Literal

from innokg.graph.facts import Fact, Facts
from innokg.graph.model import (
    Evidence,
    GraphData,
    Label,
    Model,
    Relation,
    Role,
    TaskNode,
    UnitNode,
)
from innokg.graph.model.aliases import chain_end
from innokg.graph.model.errors import InputError, NotFound
from pydantic import Field

if TYPE_CHECKING:
    from innokg.graph.store import GraphStore

FORMAT: Literal["innokg-corrections/1"] = "innokg-corrections/1"
CORRECTED_CN = "人工校正"


class Kind(StrEnum):
    """What a correction does; the value is how files, the API and the CLI name it."""

    MERGE = "merge"
    SPLIT = "split"
    ROLE = "role"
    NOT_ENTITY = "not_entity"

    @property
    def cn(self) -> str:
        return KIND_CN[self]


KIND_CN = {Kind.MERGE: "合并单位", Kind.SPLIT: "拆分单位", Kind.ROLE: "校正分工", Kind.NOT_ENTITY: "非实体"}


class Name(Model):
    """A node a correction names: its id (what is applied) and its name (what people read)."""

    id: str
    name: str


class _Base(Model):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:8], description="short and random: files from two teams do not collide")
    author: str = Field(default="", description="who made it")
    created: datetime = Field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    note: str | None = None


class MergeUnits(_Base):
    kind: Literal[Kind.MERGE] = Kind.MERGE
    keep: Name = Field(description="the unit that stays")
    alias: Name = Field(description="the unit folded into it: its name becomes an alias")

    def describe(self) -> str:
        return f"{self.alias.name} = {self.keep.name}（并入 {self.keep.name}）"


class SplitUnits(_Base):
    kind: Literal[Kind.SPLIT] = Kind.SPLIT
    units: tuple[Name, Name] = Field(description="two units that stay apart, whatever folded them")

    def describe(self) -> str:
        return f"{self.units[0].name} ≠ {self.units[1].name}"


class SetRole(_Base):
    kind: Literal[Kind.ROLE] = Kind.ROLE
    task: Name = Field(description="the task (its id, and its title as name)")
    role: Role
    units: list[Name] = Field(description="the units of that role, in order; empty: none")

    def describe(self) -> str:
        units = "、".join(u.name for u in self.units) or "（无）"
        return f"{self.task.name}：{self.role.cn}单位 = {units}"


class NotEntity(_Base):
    kind: Literal[Kind.NOT_ENTITY] = Kind.NOT_ENTITY
    node: Name
    label: str = ""

    def describe(self) -> str:
        return f"{self.node.name} 不是实体"


Correction = Annotated[MergeUnits | SplitUnits | SetRole | NotEntity, Field(discriminator="kind")]


class CorrectionFile(Model):
    """What ``innokg correct export`` writes and ``import`` reads: a team's corrections, shareable."""

    format: Literal["innokg-corrections/1"] = FORMAT
    corrections: list[Correction] = []


class CorrectionRequest(Model):
    """A correction asked for by names (what the API's POST /corrections and the review page send)."""

    kind: Kind
    names: list[str] = Field(default=[], description="merge: the unit kept, then the alias; split: two units; not_entity: one name")
    task: str | None = Field(default=None, description="role: the task's id or the words of its title")
    role: Role | None = Field(default=None, description="role: LEADS, CO_RESPONSIBLE or GUIDES")
    units: list[str] = Field(default=[], description="role: the units' names")
    author: str = ""
    note: str | None = None


# ------------------------------------------------------------------ applying


class Corrections:
    """A set of corrections, applied in the order they were made (a later one overrides)."""

    def __init__(self, items: Iterable[Correction] = ()) -> None:
        self.items = sorted(items, key=lambda c: c.created)
        self.roles: dict[tuple[str, Role], SetRole] = {}
        self.hidden: set[str] = set()
        for c in self.items:
            if isinstance(c, SetRole):
                self.roles[(c.task.id, c.role)] = c
            elif isinstance(c, NotEntity):
                self.hidden.add(c.node.id)

    def __bool__(self) -> bool:
        return bool(self.items)

    def aliases(self, automatic: dict[str, str], units: Collection[str]) -> dict[str, str]:
        """The alias map (unit id → the unit it folds into) with the merges and splits applied in
        order, chains followed to their end; ``units``: the unit ids of the graph."""
        out = dict(automatic)
        for c in self.items:
            if isinstance(c, MergeUnits):
                keep, alias = chain_end(c.keep.id, out), c.alias.id
                if keep in units and alias in units and alias != keep:
                    for other, target in list(out.items()):  # what folded into the alias folds into the kept unit
                        if target == alias:
                            out[other] = keep
                    out.pop(keep, None)
                    out[alias] = keep
            elif isinstance(c, SplitUnits):
                a, b = (u.id for u in c.units)
                if chain_end(a, out) == chain_end(b, out):  # one node now: the one that folds goes its own way
                    out.pop(b if chain_end(a, out) == a else a, None)
        return {a: chain_end(a, out) for a in out if chain_end(a, out) != a}

    def apply(self, facts: Facts) -> None:
        """Roles and non-entities, on the composed (folded) graph."""
        for node_id in sorted(self.hidden):
            node_id = facts.aliases.get(node_id, node_id)
            if node_id in facts.nodes and facts.nodes[node_id].label not in (Label.DOCUMENT, Label.SECTION, Label.TASK):
                _remove_node(facts, node_id)
        for (task_id, role), c in sorted(self.roles.items()):
            task = facts.nodes.get(task_id)
            if not isinstance(task, TaskNode):
                continue  # the task is gone (its document changed): the correction waits
            for fact in [f for f in facts.out_edges(task_id) if f.type == role.relation]:
                _remove_fact(facts, fact)
            for relation in role_relations(c, task, lambda i: facts.aliases.get(i, i), facts.nodes):
                facts.add(Fact.of(relation))
                unit = facts.nodes[relation.target]
                if isinstance(unit, UnitNode) and task.doc_id not in unit.documents:
                    facts.nodes[unit.id] = unit.model_copy(update={"documents": sorted({*unit.documents, task.doc_id})})

    def apply_document(self, data: GraphData, composed: Facts) -> GraphData:
        """One document's facts (folded already, :func:`innokg.graph.build.fold_units`) with the
        same corrections :meth:`apply` makes to the composed graph: for a store loaded document by
        document. ``composed``: the corrected graph of the whole library (the units a role names)."""
        if not self:
            return data
        hidden = {composed.aliases.get(i, i) for i in self.hidden}
        hidden |= {alias for alias, target in composed.aliases.items() if target in hidden}  # fold_units left them be
        nodes = [n for n in data.nodes if n.id not in hidden or n.label in (Label.DOCUMENT, Label.SECTION, Label.TASK)]
        gone = {n.id for n in data.nodes} - {n.id for n in nodes}
        relations = [r for r in data.relations if r.source not in gone and r.target not in gone]
        present = {n.id for n in nodes}
        for task in [n for n in data.nodes if isinstance(n, TaskNode)]:
            for role in Role:
                c = self.roles.get((task.id, role))
                if c is None:
                    continue
                relations = [r for r in relations if not (r.source == task.id and r.type == role.relation)]
                for relation in role_relations(c, task, lambda i: composed.aliases.get(i, i), composed.nodes):
                    relations.append(relation)
                    if relation.target not in present:  # the unit, named by this document now
                        unit = composed.nodes[relation.target]
                        assert isinstance(unit, UnitNode)
                        nodes.append(unit.model_copy(update={"documents": [task.doc_id]}))
                        present.add(unit.id)
        return GraphData(nodes=nodes, relations=relations)

    def affected(self, facts: Facts) -> set[str]:
        """The documents whose facts these corrections touch (what a per-document store reloads)."""
        ids: set[str] = set()
        for c in self.items:
            ids |= set(node_ids(c))
        docs: set[str] = set()
        for node_id in ids:
            node = facts.nodes.get(facts.aliases.get(node_id, node_id))
            if node is None:
                continue
            docs |= set(getattr(node, "documents", []))
            if isinstance(node, TaskNode):
                docs.add(node.doc_id)
        return docs


def node_ids(c: Correction) -> list[str]:
    """The ids a correction names."""
    if isinstance(c, MergeUnits):
        return [c.keep.id, c.alias.id]
    if isinstance(c, SplitUnits):
        return [u.id for u in c.units]
    if isinstance(c, SetRole):
        return [c.task.id, *(u.id for u in c.units)]
    return [c.node.id]


def role_relations(c: SetRole, task: TaskNode, folded, nodes) -> list[Relation]:
    """The relations a role correction gives its task: one per unit still in the graph, marked
    corrected, its evidence saying who set it and when."""
    quote = f"{CORRECTED_CN}（{c.author or '未署名'}，{c.created:%Y-%m-%d}）"
    relations = []
    seen: set[str] = set()
    for order, unit in enumerate(c.units):
        unit_id = folded(unit.id)
        if unit_id in seen or not isinstance(nodes.get(unit_id), UnitNode):
            continue
        seen.add(unit_id)
        relations.append(
            Relation(
                type=c.role.relation,
                source=task.id,
                target=unit_id,
                doc_id=task.doc_id,
                evidence=Evidence(doc_id=task.doc_id, start=task.start, end=task.start, quote=quote),
                surface=unit.name,
                mention_start=order,
                corrected=True,
            )
        )
    return relations


def _remove_fact(facts: Facts, fact: Fact) -> None:
    facts.out[fact.source] = [f for f in facts.out_edges(fact.source) if f is not fact]
    facts.into[fact.target] = [f for f in facts.in_edges(fact.target) if f is not fact]
    facts.size -= 1


def _remove_node(facts: Facts, node_id: str) -> None:
    for fact in [*facts.out_edges(node_id), *facts.in_edges(node_id)]:
        _remove_fact(facts, fact)
    facts.out.pop(node_id, None)
    facts.into.pop(node_id, None)
    del facts.nodes[node_id]


# ------------------------------------------------------------------ making one from names


def make(store: GraphStore, request: CorrectionRequest) -> Correction:
    """The correction a request names, its names matched as every question's are
    (:mod:`innokg.graph.search`; :class:`~innokg.graph.search.NoGoodMatch` when unclear)."""
    from innokg.graph.questions import require_graph

    require_graph(store)
    base = {"author": request.author, "note": request.note}
    if request.kind == Kind.MERGE:
        keep, alias = _two(request)
        a, b = _unit(store, keep), _unit(store, alias)
        if a.id == b.id:
            raise InputError(f"“{keep}”与“{alias}”已是同一单位（{a.name}）")
        return MergeUnits(keep=a, alias=b, **base)
    if request.kind == Kind.SPLIT:
        first, second = _two(request)
        a, b = _unfolded(store, first), _unfolded(store, second)
        if a.id == b.id:
            raise InputError(f"“{first}”与“{second}”是同一名称")
        return SplitUnits(units=(a, b), **base)
    if request.kind == Kind.ROLE:
        if not request.task or request.role is None:
            raise InputError("校正分工须给出任务（task）与角色（role）")
        task = _task(store, request.task)
        units = [_unit(store, name) for name in _names(request.units)]
        return SetRole(task=task, role=request.role, units=list({u.id: u for u in units}.values()), **base)
    if len(request.names) != 1 or not request.names[0].strip():
        raise InputError("标为非实体须给出一个名称")
    from innokg.graph.search import find_node

    node, _ = find_node(store, request.names[0].strip())
    return NotEntity(node=Name(id=node.id, name=node.name), label=node.label, **base)


def _names(values: list[str]) -> list[str]:
    """Names given one by one or separated by commas (，、, as people write them)."""
    out = []
    for value in values:
        for part in value.replace("，", ",").replace("、", ",").split(","):
            if part.strip():
                out.append(part.strip())
    return out


def _two(request: CorrectionRequest) -> tuple[str, str]:
    names = _names(request.names)
    if len(names) != 2:
        raise InputError(f"{request.kind.cn}须给出两个单位名称")
    return names[0], names[1]


def _unit(store: GraphStore, name: str) -> Name:
    from innokg.graph.search import find_unit

    unit, _ = find_unit(store, name)
    return Name(id=unit.id, name=unit.name)


def _unfolded(store: GraphStore, name: str) -> Name:
    """A unit as it was before any fold: the name of an alias folded away is its own unit again."""
    from innokg.graph.model.resolve import unit_id

    facts = store.facts()
    folded = {written: alias for alias, written in facts.alias_names.items()}
    if name in folded:
        return Name(id=folded[name], name=name)
    if unit_id(name) in facts.aliases:
        return Name(id=unit_id(name), name=facts.alias_names.get(unit_id(name), name))
    return _unit(store, name)


def _task(store: GraphStore, words: str) -> Name:
    from innokg.graph.search import require_tasks

    for task in store.queries().tasks():
        if task.id == words:
            return Name(id=task.id, name=task.title)
    (best, _), *_ = require_tasks(store, words, 1)
    return Name(id=best.id, name=best.title)


def find(items: list[Correction], correction_id: str) -> Correction:
    """The correction of this id (or of the only id it begins)."""
    found = [c for c in items if c.id == correction_id] or [c for c in items if c.id.startswith(correction_id)]
    if len(found) != 1:
        raise NotFound(f"没有编号为 {correction_id} 的校正" if not found else f"编号 {correction_id} 不唯一")
    return found[0]


def read_file(raw: bytes | str) -> list[Correction]:
    """The corrections of an exported file; a bad file says what is wrong with it."""
    from pydantic import ValidationError

    try:
        return CorrectionFile.model_validate_json(raw).corrections
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise InputError(f"不是有效的校正文件（{where}：{error['msg']}）") from None
