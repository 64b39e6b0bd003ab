"""The review queue (待核查): where innokg was least sure of what it read, each item one
correction away (:mod:`innokg.graph.corrections`).

- **未明确牵头**: a task with responsible units and no lead designated;
- **归属推断**: a task no numbered item frames (``TaskRef.uncertain``): its units may belong elsewhere;
- **名称相近**: two units whose names are close (rapidfuzz) but that were not folded into one;
- **自动合并**: a unit folded into another by :mod:`innokg.graph.model.aliases` (split it if wrong);
- **仅出现一次**: a unit with one role in the whole library (a misread name, often).

Tasks and units an analyst has corrected already leave the queue.
"""

from __future__ import annotations

import shlex
from enum import StrEnum
from itertools import combinations

from innokg.graph.corrections import Correction, CorrectionRequest, Kind, MergeUnits, NotEntity, SetRole, SplitUnits
from innokg.graph.model import Model, Role, RelType, TaskNode, UnitNode
from innokg.graph.model.answers import TaskRef, UnitRef
from innokg.graph.model.aliases import LEVELS
from innokg.graph.store import GraphStore
from innokg.graph.view import mention_order, unit_ref
from pydantic import Field, computed_field


class ReviewKind(StrEnum):
    NO_LEAD = "no_lead"
    UNCERTAIN = "uncertain"
    SIMILAR = "similar"
    FOLDED = "folded"
    SINGLE = "single"

    @property
    def cn(self) -> str:
        return REVIEW_CN[self]


REVIEW_CN = {
    ReviewKind.NO_LEAD: "未明确牵头",
    ReviewKind.UNCERTAIN: "归属推断",
    ReviewKind.SIMILAR: "名称相近",
    ReviewKind.FOLDED: "自动合并",
    ReviewKind.SINGLE: "仅出现一次",
}

#: how close two names must be (rapidfuzz ratio, 0–100) to be asked about
SIMILAR = 75.0
#: more units than this are compared only within groups of the same last character
PAIRWISE = 4000


def command_of(request: CorrectionRequest) -> str:
    """The ``innokg correct`` command that makes this correction."""
    q = shlex.quote
    if request.kind == Kind.ROLE:
        verb = {Role.LEAD: "lead", Role.CO: "co"}.get(request.role or Role.LEAD, "lead")
        return f"innokg correct {verb} {q(request.task or '')} --units {q(','.join(request.units))}"
    verb = {Kind.MERGE: "merge", Kind.SPLIT: "split", Kind.NOT_ENTITY: "not-entity"}[request.kind]
    return "innokg correct " + " ".join([verb, *(q(n) for n in request.names)])


class ReviewAction(Model):
    """One click (or one command) that settles the item: the correction it makes."""

    label: str
    request: CorrectionRequest

    @computed_field  # type: ignore[prop-decorator]
    @property
    def command(self) -> str:
        return command_of(self.request)


class ReviewItem(Model):
    kind: ReviewKind
    title: str = Field(description="the task's title, or the units' names")
    detail: str = ""
    task: TaskRef | None = None
    units: list[UnitRef] = []
    score: float | None = Field(default=None, description="名称相近: how close the names are (0–100)")
    actions: list[ReviewAction] = []

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kind_cn(self) -> str:
        return self.kind.cn


class ReviewPage(Model):
    total: int
    offset: int
    limit: int
    counts: dict[ReviewKind, int] = Field(default={}, description="items of each kind in the whole queue")
    items: list[ReviewItem]


def review_queue(store: GraphStore, offset: int = 0, limit: int = 50, corrections: list[Correction] | None = None) -> ReviewPage:
    """One page of the queue, most doubtful kinds first, tasks in document order. ``corrections``:
    those made (the embedded store's when not given): what they settled leaves the queue."""
    if corrections is None:
        listed = getattr(store, "corrections", None)
        corrections = listed() if callable(listed) else []
    items = queue(store, corrections or [])
    counts: dict[ReviewKind, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return ReviewPage(total=len(items), offset=offset, limit=limit, counts=counts, items=items[offset : offset + limit])


def queue(store: GraphStore, corrections: list[Correction]) -> list[ReviewItem]:
    from innokg.graph.questions import require_graph

    require_graph(store)
    facts = store.facts()
    tasks = store.queries().tasks()
    settled_tasks = {c.task.id for c in corrections if isinstance(c, SetRole)}
    settled_pairs = {frozenset(u.id for u in c.units) for c in corrections if isinstance(c, SplitUnits)}
    settled_pairs |= {frozenset((c.keep.id, c.alias.id)) for c in corrections if isinstance(c, MergeUnits)}
    settled_units = {c.node.id for c in corrections if isinstance(c, NotEntity)}

    def ref(unit_id: str) -> UnitRef:
        node = facts.nodes[unit_id]
        assert isinstance(node, UnitNode)
        return unit_ref(node)

    no_lead, uncertain = [], []
    for task in tasks:
        if task.id in settled_tasks:
            continue
        roles = [f for f in facts.out_edges(task.id) if f.type.role is not None]
        if any(f.corrected for f in roles):
            continue
        ordered = sorted(roles, key=lambda f: mention_order(f.start, f.mention_start, f.target))
        lead = list(dict.fromkeys(f.target for f in ordered if f.type == RelType.LEADS))
        co = list(dict.fromkeys(f.target for f in ordered if f.type == RelType.CO_RESPONSIBLE))
        where = task.doc_short_title
        if co and not lead:
            names = [facts.nodes[u].name for u in co]
            no_lead.append(
                ReviewItem(
                    kind=ReviewKind.NO_LEAD,
                    title=task.title,
                    detail=f"{where}：责任单位 {'、'.join(names)}，未明确牵头",
                    task=task,
                    units=[ref(u) for u in co],
                    actions=[
                        ReviewAction(label=f"设 {name} 为牵头", request=_role(task, Role.LEAD, [name]))
                        for name in names[:4]
                    ],
                )
            )
        elif task.uncertain and roles:
            actions = []
            if lead:
                names = [facts.nodes[u].name for u in lead]
                actions.append(ReviewAction(label=f"确认牵头：{'、'.join(names)}", request=_role(task, Role.LEAD, names)))
            if co:
                names = [facts.nodes[u].name for u in co]
                actions.append(ReviewAction(label=f"确认责任：{'、'.join(names)}", request=_role(task, Role.CO, names)))
            uncertain.append(
                ReviewItem(
                    kind=ReviewKind.UNCERTAIN,
                    title=task.title,
                    detail=f"{where}：原文无编号任务框定，分工取自其收束的段落",
                    task=task,
                    units=[ref(u) for u in [*lead, *co]],
                    actions=actions,
                )
            )

    units = sorted(
        (n for n in facts.nodes.values() if isinstance(n, UnitNode) and not n.collective and n.id not in settled_units),
        key=lambda n: (n.name, n.id),
    )
    similar = []
    for a, b, score in similar_pairs([(u.id, u.name) for u in units]):
        if frozenset((a, b)) in settled_pairs:
            continue
        keep, alias = sorted((facts.nodes[a], facts.nodes[b]), key=lambda n: (-len(n.name), n.name))
        similar.append(
            ReviewItem(
                kind=ReviewKind.SIMILAR,
                title=f"{alias.name} ≈ {keep.name}",
                detail=f"名称相近（{score:.0f}%），是否同一单位？",
                units=[ref(keep.id), ref(alias.id)],
                score=round(score, 1),
                actions=[
                    ReviewAction(label=f"合并为 {keep.name}", request=CorrectionRequest(kind=Kind.MERGE, names=[keep.name, alias.name])),
                    ReviewAction(label="不是同一单位", request=CorrectionRequest(kind=Kind.SPLIT, names=[keep.name, alias.name])),
                ],
            )
        )
    similar.sort(key=lambda item: -(item.score or 0))

    folded = []
    for alias_id, target in sorted(facts.aliases.items()):
        if target not in facts.nodes or frozenset((alias_id, target)) in settled_pairs:
            continue
        name, kept = facts.alias_names.get(alias_id, alias_id), facts.nodes[target].name
        folded.append(
            ReviewItem(
                kind=ReviewKind.FOLDED,
                title=f"{name} → {kept}",
                detail=f"按简称规则自动并入 {kept}",
                units=[ref(target)],
                actions=[ReviewAction(label="拆分（不是同一单位）", request=CorrectionRequest(kind=Kind.SPLIT, names=[kept, name]))],
            )
        )

    single = []
    for unit in units:
        roles = [f for f in facts.in_edges(unit.id) if f.type.role is not None]
        if len(roles) != 1 or len(unit.documents) > 1 or roles[0].corrected:
            continue
        holder = facts.nodes.get(roles[0].source)
        where = f"仅见于：{holder.name}" if isinstance(holder, TaskNode) else "仅出现一次"
        single.append(
            ReviewItem(
                kind=ReviewKind.SINGLE,
                title=unit.name,
                detail=f"{where}（{roles[0].type.role.cn if roles[0].type.role else ''}）",
                units=[ref(unit.id)],
                actions=[ReviewAction(label="不是实体", request=CorrectionRequest(kind=Kind.NOT_ENTITY, names=[unit.name]))],
            )
        )
    return [*no_lead, *uncertain, *similar, *folded, *single]


def _role(task: TaskRef, role: Role, names: list[str]) -> CorrectionRequest:
    return CorrectionRequest(kind=Kind.ROLE, task=task.id, role=role, units=names)


def _stem(name: str) -> str:
    level = next((lv for lv in LEVELS if name.startswith(lv)), "")
    return name[len(level) :]


#: what a place's name ends in: names differing only before one of these are two places' bodies
PLACE_ENDS = "省市区县镇乡"


def _other_places(a: str, b: str) -> bool:
    """汉阳区人民政府 and 青山区/洪山区人民政府, 东湖高新区/风景区管委会, 市/县委组织部: the same body of
    two places (the names differ before the place's end, or in their level prefix alone)."""
    common = 0
    while common < min(len(a), len(b)) and a[-1 - common] == b[-1 - common]:
        common += 1
    head_a, head_b = a[: len(a) - common], b[: len(b) - common]
    if not head_a or not head_b:
        return False
    tail = a[len(a) - common :]
    return any(c in PLACE_ENDS for c in tail) or (head_a[-1] in PLACE_ENDS and head_b[-1] in PLACE_ENDS)


def similar_pairs(units: list[tuple[str, str]]) -> list[tuple[str, str, float]]:
    """Pairs of units (id, name) whose names are close: the same level prefix and last character,
    and a rapidfuzz ratio of at least :data:`SIMILAR` (a name holding the other whole is left
    out: 区财政局 and 区财政金融局 are two bodies more often than one)."""
    from rapidfuzz import fuzz

    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for unit_id, name in units:
        if len(name) < 3:
            continue
        level = name[: len(name) - len(_stem(name))]
        groups.setdefault((level, name[-1]), []).append((unit_id, name))
    pairs = []
    for members in groups.values():
        if len(members) > PAIRWISE:
            members = members[:PAIRWISE]
        for (a, name_a), (b, name_b) in combinations(members, 2):
            if name_a in name_b or name_b in name_a or _other_places(name_a, name_b):
                continue
            score = fuzz.ratio(_stem(name_a), _stem(name_b))
            if score >= SIMILAR:
                pairs.append((a, b, score))
    return pairs
