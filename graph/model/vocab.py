"""innokg's one vocabulary: node labels, entity types, relation types, roles, and how each is shown.

Every stage spells these the same way because they are spelled once, here. The table
:data:`LABELS` gives each node label its Chinese name, colour and shape; :data:`RELATIONS`
gives each relation type its Chinese name and colour. The CLI, the API (``GET /vocabulary``),
the web page, the pyvis network view, the notebook figures and the Neo4j Browser style
(``neo4j/innokg.grass``, written by :func:`grass`) all read them.

>>> Role.LEAD.relation is RelType.LEADS and RelType.LEADS.role is Role.LEAD
True
>>> LABELS[Label.UNIT].cn, RELATIONS[RelType.CO_RESPONSIBLE].cn
('单位', '责任')
>>> EntityType.TALENT_PROGRAM.label is Label.TALENT_PROGRAM
True
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Label(StrEnum):
    """A node's type; the value is the Neo4j label."""

    DOCUMENT = "Document"
    SECTION = "Section"
    TASK = "Task"
    UNIT = "Unit"
    PLATFORM = "Platform"
    ENTERPRISE = "Enterprise"
    TALENT_PROGRAM = "TalentProgram"
    INDUSTRY = "Industry"
    PLACE = "Place"
    POLICY = "Policy"
    FUND = "Fund"
    INDUSTRY_965 = "Industry965"
    TARGET = "Target"


class EntityType(StrEnum):
    """The type of a named thing the text mentions (an entity); the value is its node label, so a
    record's ``"type": "Unit"`` and the node's label are one word. A body given a task is a Unit
    in the record whatever it is called; in the graph units are UnitNode, the others EntityNode."""

    UNIT = Label.UNIT.value
    PLATFORM = Label.PLATFORM.value
    ENTERPRISE = Label.ENTERPRISE.value
    TALENT_PROGRAM = Label.TALENT_PROGRAM.value
    INDUSTRY = Label.INDUSTRY.value
    PLACE = Label.PLACE.value
    POLICY = Label.POLICY.value
    FUND = Label.FUND.value

    @property
    def label(self) -> Label:
        return _LABEL_OF[self]  # a table, not Label(value): an enum's call is slow, and this is asked per node


_LABEL_OF = {t: Label(t.value) for t in EntityType}

#: the entity types, in the order the tagger's tags and the evaluation's columns take them
ENTITY_TYPES: tuple[EntityType, ...] = tuple(EntityType)
#: the labels of entities other than units: in the graph these are EntityNode, units are UnitNode
ENTITY_LABELS: tuple[Label, ...] = tuple(t.label for t in ENTITY_TYPES if t is not EntityType.UNIT)


class RelType(StrEnum):
    """A relation's type; the value is the Neo4j relationship type."""

    LEADS = "LEADS"  # task -> unit
    CO_RESPONSIBLE = "CO_RESPONSIBLE"  # task -> unit
    GUIDES = "GUIDES"  # task -> unit
    PART_OF = "PART_OF"  # task -> section -> document
    MENTIONS = "MENTIONS"  # task -> entity
    BUILDS = "BUILDS"  # task -> platform
    SERVES = "SERVES"  # platform -> industry
    SETS = "SETS"  # task -> target
    MEMBER_OF = "MEMBER_OF"  # unit -> collective unit
    IN_965 = "IN_965"  # industry -> its "965" industry
    CITES = "CITES"  # document -> policy it refers to (its kind in Relation.citation)
    ISSUES = "ISSUES"  # document -> the policy it is (its own 文号 or title)

    @property
    def role(self) -> Role | None:
        """The role a task->unit relation gives, or None for other relations."""
        return _ROLE_OF.get(self)


class Role(StrEnum):
    """A unit's part in a task, as the document states it; the value is the relation type."""

    LEAD = "LEADS"
    CO = "CO_RESPONSIBLE"
    GUIDES = "GUIDES"

    @property
    def relation(self) -> RelType:
        return _RELATION_OF[self]  # a table, as EntityType.label

    @property
    def cn(self) -> str:
        return RELATIONS[self.relation].cn


_ROLE_OF = {RelType(role.value): role for role in Role}
_RELATION_OF = {role: relation for relation, role in _ROLE_OF.items()}
#: the relation types that tie a task to a unit
ROLE_RELATIONS: tuple[RelType, ...] = tuple(role.relation for role in Role)


class CitationKind(StrEnum):
    """How a document refers to another: the words around the reference say it.

    >>> CitationKind.IMPLEMENTS.cn
    '贯彻落实'
    """

    BASIS = "basis"  # 根据 / 依据 / 按照 《…》
    IMPLEMENTS = "implements"  # 贯彻落实 / 落实 / 贯彻 《…》
    FORWARDS = "forwards"  # 转发 X《…》的通知
    REPLACES = "replaces"  # 《…》同时废止 / 停止执行: the document takes its place
    MENTIONS = "mentions"  # any other reference

    @property
    def cn(self) -> str:
        return _CITATION_CN[self]


_CITATION_CN = {
    CitationKind.BASIS: "依据",
    CitationKind.IMPLEMENTS: "贯彻落实",
    CitationKind.FORWARDS: "转发",
    CitationKind.REPLACES: "废止替代",
    CitationKind.MENTIONS: "提及",
}


class AdminLevel(StrEnum):
    """The level of government a document comes from (its issuer or its 文号's code).

    >>> AdminLevel.COUNTY.cn
    '县区级'
    """

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    COUNTY = "county"  # a county, a district or a development zone

    @property
    def cn(self) -> str:
        return {"national": "国家级", "provincial": "省级", "city": "市级", "county": "县区级"}[self.value]

    @property
    def rank(self) -> int:
        """0 for national, growing down the levels: a chain of citations climbs to 0."""
        return list(AdminLevel).index(self)


class Change(StrEnum):
    """What became of a task, a unit's role or a target from one edition of a plan to the next
    (``innokg diff``); :attr:`cn` and :attr:`colour` are how every view shows it.

    >>> Change.REWORDED.cn, Change.ADDED.colour
    ('改写', '#2E7D32')
    """

    UNCHANGED = "unchanged"
    REWORDED = "reworded"  # a task's words changed
    CHANGED = "changed"  # a target's value, unit of measure or year changed
    ADDED = "added"  # only in the later edition (a task, a unit gained in a role, a target)
    REMOVED = "removed"  # only in the earlier edition

    @property
    def cn(self) -> str:
        return _CHANGE_LOOK[self][0]

    @property
    def colour(self) -> str:
        return _CHANGE_LOOK[self][1]


_CHANGE_LOOK = {
    Change.UNCHANGED: ("未变", "#8C9BAB"),
    Change.REWORDED: ("改写", "#C98F1E"),
    Change.CHANGED: ("变化", "#C98F1E"),
    Change.ADDED: ("新增", "#2E7D32"),
    Change.REMOVED: ("删除", "#B3261E"),
}
class TargetKind(StrEnum):
    """What a target's number measures: a level to reach (突破12000家, 达到1300亿元) or a change to
    make (新增120家, 增长5%, 每年10名). A timeline follows one kind: the two are not comparable.

    >>> TargetKind.CHANGE.cn
    '增量或增速'
    """

    LEVEL = "level"
    CHANGE = "change"

    @property
    def cn(self) -> str:
        return {"level": "总量或水平", "change": "增量或增速"}[self.value]


class YearBasis(StrEnum):
    """Where the year a timeline places a target comes from.

    >>> YearBasis.PLAN_END.cn
    '规划期末'
    """

    STATED = "stated"  # the target's own words: 到2024年, 2025年底前
    PLAN_END = "plan_end"  # a level in a plan of a period (2022——2024年): its last year
    PLAN_START = "plan_start"  # a change in such a plan (每年新增…): its first year
    DOCUMENT = "document"  # the year the document's title names, else the year it was published

    @property
    def cn(self) -> str:
        return {"stated": "原文期限", "plan_end": "规划期末", "plan_start": "规划首年", "document": "文件年度"}[self.value]


class Look(NamedTuple):
    cn: str  # the Chinese name users read
    colour: str
    shape: str = "dot"  # the pyvis shape
    caption: str = "{name}"  # the property Neo4j Browser shows
    diameter: int = 50


class RelLook(NamedTuple):
    cn: str
    colour: str
    width: int = 1


LABELS: dict[Label, Look] = {
    Label.DOCUMENT: Look("文件", "#4C5B6B", "box", diameter=80),
    Label.SECTION: Look("章节", "#8C9BAB", "box", diameter=45),
    Label.TASK: Look("任务", "#F2B134", "box", diameter=55),
    Label.UNIT: Look("单位", "#D1495B", "ellipse", diameter=60),
    Label.PLATFORM: Look("平台", "#2E86AB", "diamond", diameter=55),
    Label.ENTERPRISE: Look("企业", "#6A4C93", "square"),
    Label.TALENT_PROGRAM: Look("人才计划", "#EF8354", "star"),
    Label.INDUSTRY: Look("产业", "#3BB273", "triangle"),
    Label.PLACE: Look("地区", "#8D6A9F", diameter=45),
    Label.POLICY: Look("政策", "#5C6B73", diameter=45),
    Label.FUND: Look("基金", "#C9A227", diameter=45),
    Label.INDUSTRY_965: Look("“965”产业", "#1B7F4B", "hexagon", diameter=70),
    Label.TARGET: Look("目标", "#C9B65F", caption="{metric}", diameter=45),
}

RELATIONS: dict[RelType, RelLook] = {
    RelType.LEADS: RelLook("牵头", "#D1495B", 3),
    RelType.CO_RESPONSIBLE: RelLook("责任", "#E68A95"),
    RelType.GUIDES: RelLook("指导", "#8C9BAB"),
    RelType.PART_OF: RelLook("属于", "#C0C6CC"),
    RelType.MENTIONS: RelLook("提及", "#9C8FB8"),
    RelType.BUILDS: RelLook("建设", "#2E86AB", 2),
    RelType.SERVES: RelLook("服务", "#3BB273", 2),
    RelType.SETS: RelLook("目标", "#C9A227"),
    RelType.MEMBER_OF: RelLook("成员", "#A83847"),
    RelType.IN_965: RelLook("归入“965”", "#1B7F4B"),
    RelType.CITES: RelLook("引用", "#5C6B73", 2),
    RelType.ISSUES: RelLook("即", "#4C5B6B"),
}

#: what an answer says when a task's units hold no designated lead
NO_LEAD_CN = "未明确牵头单位"
#: said of a task no numbered item frames: innokg took the paragraph its attribution closes
UNCERTAIN_CN = "推断：原文没有编号任务框定这条分工，取其所收束的段落为任务"


def label_cn(label: str) -> str:
    """The Chinese name of a node label (the label itself if innokg does not know it)."""
    return LABELS[Label(label)].cn if label in Label._value2member_map_ else label


def relation_cn(rel_type: str) -> str:
    """The Chinese name of a relation type (the type itself if innokg does not know it)."""
    return RELATIONS[RelType(rel_type)].cn if rel_type in RelType._value2member_map_ else rel_type


def as_json() -> dict:
    """The table as the page reads it (``GET /vocabulary``)."""
    return {
        "labels": {label.value: {"cn": look.cn, "colour": look.colour} for label, look in LABELS.items()},
        "relations": {rel.value: {"cn": look.cn, "colour": look.colour} for rel, look in RELATIONS.items()},
        "roles": {role.value: role.cn for role in Role},
        "citations": {kind.value: kind.cn for kind in CitationKind},
        "levels": {level.value: level.cn for level in AdminLevel},
        "changes": {change.value: {"cn": change.cn, "colour": change.colour} for change in Change},
        "no_lead": NO_LEAD_CN,
    }


def _darker(colour: str) -> str:
    """A border 20 % darker than the fill."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{int(c * 0.8):02X}" for c in channels)


def grass() -> str:
    """The Neo4j Browser style sheet (``neo4j/innokg.grass``) made from the table.

    >>> 'node.Unit { color: #D1495B;' in grass()
    True
    """
    lines = [
        "node {\n  diameter: 50px;\n  color: #A5ABB6;\n  border-color: #9AA1AC;\n  border-width: 2px;\n"
        "  text-color-internal: #FFFFFF;\n  font-size: 10px;\n}",
        "relationship {\n  color: #A5ABB6;\n  shaft-width: 1px;\n  font-size: 8px;\n  padding: 3px;\n"
        "  text-color-external: #000000;\n  text-color-internal: #FFFFFF;\n  caption: \"<type>\";\n}",
    ]
    for label, look in LABELS.items():
        lines.append(
            f"node.{label.value} {{ color: {look.colour}; border-color: {_darker(look.colour)}; "
            f'diameter: {look.diameter}px; caption: "{look.caption}"; }}'
        )
    for rel, rlook in RELATIONS.items():
        lines.append(
            f'relationship.{rel.value} {{ color: {rlook.colour}; shaft-width: {rlook.width}px; caption: "{rlook.cn}"; }}'
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m innokg.graph.model.vocab > neo4j/innokg.grass
    print(grass(), end="")
