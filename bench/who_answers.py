"""What ``who`` answers, on a built graph: real task titles (whole, a middle half, one character
mistyped — two tasks from every document with eight or more), words only a task's text holds, and
questions the graph cannot answer. Each line says whether the right task came, another one, or
the honest "没有找到" (with the nearest candidates); a tally closes.

    .venv/bin/innokg --data /tmp/kg build ../shared/corpus/dev ../shared/corpus/dev2 ../shared/corpus/html \\
        ../shared/corpus/wild ../shared/corpus/*.txt
    .venv/bin/python bench/who_answers.py /tmp/kg

Only the library's question functions are called, so the same script measures an older checkout."""

from __future__ import annotations

import random
import sys

from innokg.graph import questions
from innokg.graph.embedded import EmbeddedStore
from innokg.graph.model.errors import NotFound

#: questions no document of the shared corpus answers (a few share words with real titles)
NONE = (
    "量子通信网络建设", "航天发射场建设", "今天天气怎么样", "你好", "足球比赛门票", "人工智能大模型训练", "房价",
    "火星探测", "我想吃饭", "加快建设量子通信网络", "新能源汽车充电桩", "低空经济", "数据要素市场", "城市更新", "碳达峰碳中和",
)
#: words a task holds in its title or only in its text: the water plan (dev2 09), the Wuhan plan
TEXT = {
    "取缔十小企业": "取缔“十小”企业",
    "小型工业企业": "取缔“十小”企业",
    "排查装备水平低": "取缔“十小”企业",
    "环保设施差": "取缔“十小”企业",
    "全部取缔不符合产业政策的小型生产项目": "取缔“十小”企业",
    "区块链": "突破性发展数字经济",
}


def sample_questions(store) -> list[tuple[str, str, str | None]]:
    """(kind, question, the title that answers it, or None where nothing should)."""
    by_doc: dict[str, list] = {}
    for task in store.queries().tasks():
        if len(task.title) >= 4:
            by_doc.setdefault(task.doc_id, []).append(task.title)
    picked = [t for titles in by_doc.values() if len(titles) >= 8 for t in (titles[len(titles) // 3], titles[2 * len(titles) // 3])]
    rng = random.Random(3)

    def typo(title: str) -> str:
        at = rng.randrange(1, len(title) - 1)
        return title[:at] + rng.choice("的之建新区市") + title[at + 1 :]

    def middle(title: str) -> str:
        return title[len(title) // 4 : len(title) // 4 + max(4, len(title) // 2)]

    asked = [("title", t, t) for t in picked] + [("part", middle(t), t) for t in picked] + [("typo", typo(t), t) for t in picked]
    present = {t for titles in by_doc.values() for t in titles}
    asked += [("text", question, title) for question, title in TEXT.items() if title in present]
    return asked + [("none", q, None) for q in NONE]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 1
    store = EmbeddedStore(argv[0])
    tally: dict[str, dict[str, int]] = {}
    for kind, question, title in sample_questions(store):
        try:
            answer = questions.who(store, question)
        except NotFound as missed:
            verdict, said = "没有找到", str(missed)[:160]
        else:
            got = answer.best.task
            verdict = "答非所问" if title is None else ("正确" if got.title == title else "另一项")
            said = f"{got.title[:28]} 〔{got.doc_id.removeprefix('doc:')[:24]}〕 {answer.score:g}"
        print(f"{kind:5} {verdict:4} {question[:30]:32} → {said}")
        tally.setdefault(kind, {}).setdefault(verdict, 0)
        tally[kind][verdict] += 1
    print()
    for kind, counts in tally.items():
        print(kind, "  ".join(f"{verdict} {n}" for verdict, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
