"""Citation recall and precision on our hand gold (data/gold/citations): the seed plan always, the
development documents when ../shared is there.

    .venv/bin/python bench/eval_citations.py [-v]

One line per document — references found of the gold's, distinct policies cited that the gold
lists, kinds right, the document's own 文号/title/issuer/level right — and the micro totals last.
With -v the misses, wrong citations and wrong kinds are listed under each document."""

from __future__ import annotations

import sys
from pathlib import Path

from innokg.graph.model.errors import InputError
from innokg.nlp.evaluate import CitationScore, score_citations

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "data" / "gold" / "citations"
CORPUS = ROOT.parent / "shared" / "corpus"


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    total = CitationScore()
    for gold in sorted(GOLD.glob("*.citations.json")):
        try:
            document, score = score_citations(gold, [CORPUS])
        except InputError as exc:  # a development document without ../shared
            print(f"跳过 {gold.name}：{exc.message}")
            continue
        total.add(score)
        print(f"{Path(document).stem[:44]:44} recall {score.found}/{score.gold}  precision {score.right}/{score.predicted}  "
              f"kinds {score.kinds_right}/{score.found}  own {score.own_right}/{score.own_fields}")
        if verbose:
            for label, items in (("漏", score.misses), ("误", score.wrong), ("类", score.wrong_kinds), ("本", score.wrong_own)):
                for item in items:
                    print(f"    {label} {item}")
    print(f"citations micro recall={total.recall:.3f} ({total.found}/{total.gold}) precision={total.precision:.3f} "
          f"({total.right}/{total.predicted}) kinds {total.kinds_right}/{total.found} own {total.own_right}/{total.own_fields}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
