"""The typed answer of ``innokg diff`` (``GET /diff``): two editions of a plan compared.

Tasks of the earlier edition (A) are matched one to one with tasks of the later one (B); a
matched pair says how well the two match (``score``), whether the words changed, and which units
each role gained or lost; tasks of one edition alone are added or removed; targets are matched
by their metric and unit of measure. Every item carries its evidence on the side(s) it stands
on, so every view can show the text of both editions.
"""

from __future__ import annotations

from innokg.graph.model import Evidence, Model, Role
from innokg.graph.model.answers import DocumentRef, SectionRef, TargetAnswer, TaskRef, UnitRef
from innokg.graph.model.vocab import Change
from pydantic import Field, computed_field


class TextPiece(Model):
    """A run of one edition's words: the same in the other edition, or not (``changed``)."""

    text: str
    changed: bool = False


class EditionTask(Model):
    """A task as one edition writes it: where it stands, who is responsible, its words."""

    task: TaskRef
    sections: list[SectionRef] = Field(default_factory=list, description="from the top of the document down to the task")
    lead: list[UnitRef] = Field(default_factory=list)
    co: list[UnitRef] = Field(default_factory=list)
    guides: list[UnitRef] = Field(default_factory=list)
    evidence: Evidence = Field(description="the task's text in its document (doc, span, quote)")
    attributions: list[Evidence] = Field(default_factory=list, description="the clauses its units were read from")

    def of(self, role: Role) -> list[UnitRef]:
        return {Role.LEAD: self.lead, Role.CO: self.co, Role.GUIDES: self.guides}[role]


class UnitChange(Model):
    """A unit a matched task gained (``added``: named in B only) or lost (``removed``: in A only)
    in one role; units are compared by their graph id, so a short and a full name are one unit."""

    role: Role
    change: Change
    unit: UnitRef
    evidence: Evidence = Field(description="the clause naming the unit: in B for a gain, in A for a loss")


class TaskPair(Model):
    """A task of A and the task of B it became."""

    a: EditionTask
    b: EditionTask
    score: float = Field(description="匹配度 0–100: title similarity and section agreement, weighted")
    title_score: float = Field(description="0–100: how alike the titles are (characters and two-character words, any order)")
    section_score: float = Field(description="0–100: how alike the sections above are (their titles and the task's number)")
    status: Change = Field(description="unchanged, or reworded: the title or the text after it (attribution clauses aside) changed")
    moved: bool = Field(default=False, description="the task stands under another number or section")
    title_a: list[TextPiece] = Field(default_factory=list, description="A's title, the words B does not have marked")
    title_b: list[TextPiece] = Field(default_factory=list, description="B's title, the words A does not have marked")
    text_a: list[TextPiece] = Field(default_factory=list, description="A's text after the title, without its attribution clauses (empty when unchanged)")
    text_b: list[TextPiece] = Field(default_factory=list, description="B's text after the title, without its attribution clauses (empty when unchanged)")
    units: list[UnitChange] = Field(default_factory=list, description="units gained and lost, by role (lead, co, guides)")


class TargetChange(Model):
    """A target of A and the target of B it became (matched by metric and unit of measure), or
    a target of one edition alone."""

    change: Change = Field(description="unchanged, changed (value, unit, comparator or year), added or removed")
    a: TargetAnswer | None = None
    b: TargetAnswer | None = None
    score: float | None = Field(default=None, description="0–100: how alike the two targets' metrics and units are")
    fields: list[str] = Field(default_factory=list, description="what changed: value, unit, comparator, year")


class EditionDiff(Model):
    """Two editions compared: tasks matched, added and removed, units gained and lost, targets changed."""

    a: DocumentRef
    b: DocumentRef
    threshold: float = Field(description="匹配度 below which two tasks (or targets) are not matched")
    pairs: list[TaskPair] = Field(default_factory=list, description="matched tasks, in B's order")
    added: list[EditionTask] = Field(default_factory=list, description="tasks only in B")
    removed: list[EditionTask] = Field(default_factory=list, description="tasks only in A")
    targets: list[TargetChange] = Field(default_factory=list, description="targets matched, changed, added and removed, in B's order then A's")

    @computed_field(description="how many of each: tasks unchanged, reworded, added, removed; units gained, lost; targets changed, added, removed")  # type: ignore[prop-decorator]
    @property
    def counts(self) -> dict[str, int]:
        units = [u for p in self.pairs for u in p.units]
        return {
            "unchanged": sum(p.status == Change.UNCHANGED for p in self.pairs),
            "reworded": sum(p.status == Change.REWORDED for p in self.pairs),
            "added": len(self.added),
            "removed": len(self.removed),
            "units_gained": sum(u.change == Change.ADDED for u in units),
            "units_lost": sum(u.change == Change.REMOVED for u in units),
            "targets_changed": sum(t.change == Change.CHANGED for t in self.targets),
            "targets_added": sum(t.change == Change.ADDED for t in self.targets),
            "targets_removed": sum(t.change == Change.REMOVED for t in self.targets),
        }
