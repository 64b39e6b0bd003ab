"""One node per unit across a library: the names a set of documents gives one body, found in the
names themselves.

Documents of one issuer write a body in full in one plan and short in the next (区经济发展局,
区经发局), with or without 与 (区交通与建设局, 区交通建设局), and drop the level prefix a list left
off (经济发展局 after 区财政金融局、…). Nothing here lists those bodies: the rules read how Chinese
shortens a name, and a short name folds into a full one only where the library holds exactly one
full name it can stand for.

- **Joining words**: names equal but for 和/与/及 (and 委员会 written 委) are one body.
- **Abbreviation**: 区经发局 stands for 区经济发展局 when both keep the same level prefix (区) and
  last character (局), the short stem's characters appear in order in the full stem starting
  with its first, and not as one run (区财政局 is not short for 区财政金融局: a different body
  that keeps part of the name; 区经发局 skips characters, as abbreviations do); or the short name
  drops a leading word of two or more characters (区审批局 of 区行政审批局).
- **Level prefix**: 经济发展局 stands for 区经济发展局 when it is the only prefixed form in the
  library and the bare name is no body a gazetteer knows (国资委 alone is the national one).

>>> aliases({"u1": "区经济发展局", "u2": "区经发局", "u3": "经发局", "u4": "区财政局", "u5": "区财政金融局"})
{'u2': 'u1', 'u3': 'u1'}
>>> aliases({"a": "区交通与建设局", "b": "区交通建设局", "c": "区交建局"})
{'b': 'a', 'c': 'a'}
>>> aliases({"a": "市统计局", "b": "省统计局", "c": "统计局"})  # which one: none
{}
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping

#: level prefixes a list leaves off its later names
LEVELS = ("中国", "省", "市", "区", "县", "镇")
_JOINING = re.compile("[和与及]")
_COMMITTEE = re.compile("委员会$")  # 发展和改革委员会 is written 发展改革委


def aliases(names: Mapping[str, str], known: Callable[[str], bool] = lambda name: False) -> dict[str, str]:
    """Unit id → the id it stands for, for every unit whose name is another's alias.

    ``names`` maps unit ids to names; ``known`` tells a name a gazetteer gives a body of its own."""
    out: dict[str, str] = {}
    by_joined: dict[str, list[str]] = defaultdict(list)
    named = {unit_id: name for unit_id, name in names.items() if name}  # an empty name is no body's
    for unit_id, name in sorted(named.items(), key=lambda item: (-len(item[1]), item[0])):
        by_joined[_COMMITTEE.sub("委", _JOINING.sub("", name))].append(unit_id)
    full: dict[str, str] = {}  # name → id of the bodies left after joining words are folded
    for ids in by_joined.values():
        for other in ids[1:]:
            if not known(names[other]):
                out[other] = ids[0]
        full[names[ids[0]]] = ids[0]
    index = _FullNames(full)
    for name, unit_id in sorted(full.items()):
        if known(name):
            continue  # a body a gazetteer names has its own node already
        target = _abbreviated(name, index) or _unprefixed(name, index, known)
        if target is not None:
            out[unit_id] = target
    # a chain (经发局 → 区经发局 → 区经济发展局) ends at the full name
    return {a: chain_end(a, out) for a in out if chain_end(a, out) != a}


def chain_end(unit_id: str, out: dict[str, str]) -> str:
    """Where a chain of aliases from ``unit_id`` ends (a cycle ends where it would repeat)."""
    seen = {unit_id}
    while unit_id in out and out[unit_id] not in seen:
        unit_id = out[unit_id]
        seen.add(unit_id)
    return unit_id


class _FullNames:
    """The full names (name → unit id), found by what a shortened name keeps of them: its level
    prefix, last character and the characters between (区经发局 of 区经济发展局: looked up by the
    rarest of 经 and 发 among the names of level 区 ending in 局), or its level and all after a
    leading word (区审批局 of 区行政审批局). A scan of every name for every name would be quadratic
    in a library of thousands of units, and every question composes the library."""

    def __init__(self, full: Mapping[str, str]) -> None:
        self.full = full
        self.by_character: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
        self.by_rest: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for name, unit_id in full.items():
            level = _level(name)
            for ch in dict.fromkeys(name[len(level) : -1]):  # each character of its stem, once
                self.by_character[(level, name[-1], ch)].append((name, unit_id))
            if level:  # what is left of it without a leading word of two characters or more
                for cut in range(len(level) + 2, len(name) - 2):
                    self.by_rest[(level, name[cut:])].append((name, unit_id))

    def holding(self, short: str, level: str) -> list[tuple[str, str]]:
        """The names of level ``level`` ending as ``short`` does whose stem holds the rarest
        character of ``short``'s (each one a name ``short`` may shorten)."""
        stem = short[len(level) : -1]
        lists = [self.by_character.get((level, short[-1], ch), []) for ch in stem]
        return min(lists, key=len, default=[])

    def ending(self, short: str) -> list[tuple[str, str]]:
        """The names of ``short``'s level that end in all of it after the level, and hold more."""
        level = _level(short)
        return self.by_rest.get((level, short[len(level) :]), [])


def _level(name: str) -> str:
    return next((lv for lv in LEVELS if name.startswith(lv)), "")


def _abbreviated(short: str, names: _FullNames) -> str | None:
    holding = names.holding(short, _level(short))
    candidates = [unit_id for name, unit_id in holding if name != short and _abbreviates(short, name)]
    if not candidates:  # 区审批局 of 区行政审批局, 区党群工作部 of 区党工委党群工作部: a leading word dropped
        candidates = [unit_id for name, unit_id in names.ending(short) if _drops_leading_word(short, name)]
    return candidates[0] if len(candidates) == 1 else None


def _drops_leading_word(short: str, name: str) -> bool:
    level = _level(short)
    if not level or not name.startswith(level):
        return False
    stem, long_stem = short[len(level) :], name[len(level) :]
    return len(stem) >= 3 and long_stem.endswith(stem) and len(long_stem) - len(stem) >= 2


def _unprefixed(bare: str, names: _FullNames, known: Callable[[str], bool]) -> str | None:
    if bare.startswith(LEVELS) or known(bare):
        return None
    prefixed = [names.full[level + bare] for level in LEVELS if level + bare in names.full]
    if len(prefixed) == 1:
        return prefixed[0]
    # 经发局 → 区经发局 (then on to 区经济发展局): a bare abbreviation of one prefixed name
    shortened = [
        unit_id
        for level in LEVELS
        for name, unit_id in names.holding(level + bare, level)
        if _abbreviates(level + bare, name)
    ]
    return shortened[0] if len(shortened) == 1 else None


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` is how Chinese shortens ``name`` (区经发局 of 区经济发展局)."""
    if len(short) >= len(name) or short[-1] != name[-1]:
        return False
    level = _level(short)
    if not name.startswith(level) or (not level and name.startswith(LEVELS)):
        return False
    stem, long_stem = short[len(level) : -1], name[len(level) : -1]
    if len(stem) < 2 or stem[0] != long_stem[0] or stem in long_stem:
        return False
    at = 0
    for ch in stem:
        at = long_stem.find(ch, at) + 1
        if at == 0:
            return False
    return True
