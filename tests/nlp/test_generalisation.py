"""Extraction on plans from other issuers and layouts, scored as users' plans would be.

The development set (../shared/gold/dev: 8 real plans nobody here wrote) is scored through
``innokg extract --json`` with the shared scorer; our own layout documents (data/layouts: a
task-division table, fields on their own lines, traditional characters) are scored with
``innokg eval``, which applies the same rule and needs nothing outside the repository.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LAYOUTS, LAYOUTS_GOLD, NO_LEAD_TASK, ROOT, SHARED, run_cli

DEV_GOLD = SHARED / "gold" / "dev"
DEV_CORPUS = SHARED / "corpus" / "dev"
DEV2_GOLD = SHARED / "gold" / "dev2"
DEV2_CORPUS = SHARED / "corpus" / "dev2"
WILD_CORPUS = SHARED / "corpus" / "wild"
WILD_GOLD = ROOT / "data" / "gold" / "wild"
SCORER = SHARED / "tools" / "score.py"


def score(document, gold_stem, tmp_path) -> dict:
    """tp/fp/fn of the responsibility triples and entity hits per type, from score.py."""
    result = run_cli("extract", str(document), "--json")
    assert result.returncode == 0, result.stderr
    pred = tmp_path / (document.stem + ".json")
    pred.write_text(result.stdout, encoding="utf-8")
    entities = Path(f"{gold_stem}.entities.json")
    out = subprocess.run(
        [sys.executable, str(SCORER), str(pred), "--responsibilities", f"{gold_stem}.responsibilities.json",
         *(["--entities", str(entities)] if entities.exists() else [])],
        capture_output=True, text=True, check=True,
    ).stdout
    tp, fp, fn = map(int, re.search(r"tp=(\d+) fp=(\d+) fn=(\d+)", out).groups())
    types = {t: (int(h), int(n)) for t, h, n in re.findall(r"entity recall (?!overall)(\w+): (\d+)/(\d+)", out)}
    return {"tp": tp, "fp": fp, "fn": fn, "types": types}


def score_set(gold_dir: Path, corpus: Path, folder: Path) -> dict:
    scores = {}
    for gold in sorted(gold_dir.glob("*.responsibilities.json")):
        stem = gold.name.removesuffix(".responsibilities.json")
        document = next(corpus.glob(stem + ".*"))
        scores[stem] = score(document, str(gold_dir / stem), folder)
    return scores


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory):
    """dev (the eight plans tuned on) and dev2 (seven more, other layouts), scored together."""
    if not DEV_GOLD.is_dir() or not DEV2_GOLD.is_dir() or not SCORER.exists():
        pytest.skip("../shared/gold/dev, dev2 and ../shared/tools/score.py (the development sets) are not on this machine")
    folder = tmp_path_factory.mktemp("dev")
    return {**score_set(DEV_GOLD, DEV_CORPUS, folder), **score_set(DEV2_GOLD, DEV2_CORPUS, folder)}


@pytest.mark.slow
def test_wild_documents_we_annotated(tmp_path):
    """Real documents from other provinces and ministries (../shared/corpus/wild), in layouts no
    development set has, scored against our own gold (data/gold/wild), written from their text."""
    if not WILD_CORPUS.is_dir() or not SCORER.exists():
        pytest.skip("../shared/corpus/wild and ../shared/tools/score.py are not on this machine")
    scores = score_set(WILD_GOLD, WILD_CORPUS, tmp_path)
    assert len(scores) >= 28
    tp, fp, fn = (sum(s[k] for s in scores.values()) for k in ("tp", "fp", "fn"))
    assert f1(tp, fp, fn) >= 0.92  # 0.637 before attribution first
    assert sum(1 for s in scores.values() if s["tp"]) >= 24


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def test_dev_set_responsibilities(dev_scores):
    tp, fp, fn = (sum(s[k] for s in dev_scores.values()) for k in ("tp", "fp", "fn"))
    assert tp >= 1000, "the sets have 440 + 633 responsibility triples"
    assert f1(tp, fp, fn) >= 0.95
    for name, s in dev_scores.items():
        assert f1(s["tp"], s["fp"], s["fn"]) >= 0.85, name


def test_dev_set_entities_and_targets(dev_scores):
    """dev and dev2 together: recall at least 0.90, no type below 0.75 (dev2 alone was 0.67 before
    fields outside the innovation vocabulary were read)."""
    by_type: dict[str, list[int]] = {}
    for s in dev_scores.values():
        for etype, (hit, total) in s["types"].items():
            by_type.setdefault(etype, [0, 0])
            by_type[etype][0] += hit
            by_type[etype][1] += total
    hits, total = sum(h for h, _ in by_type.values()), sum(n for _, n in by_type.values())
    assert total >= 220 and hits / total >= 0.90
    for etype, (hit, n) in by_type.items():
        assert hit / n >= 0.75, etype


@pytest.mark.parametrize("gold", sorted(LAYOUTS_GOLD.glob("*.responsibilities.json")), ids=lambda p: p.name.split(".")[0])
def test_our_layouts_read_right(gold):
    from innokg.nlp.evaluate import evaluate

    report = evaluate(gold, [LAYOUTS], "all")
    assert report.responsibilities is not None and report.responsibilities.gold >= 9, report.note
    assert report.responsibilities.f1 == 1.0, (report.responsibilities.misses, report.responsibilities.wrong)
    entities = evaluate(gold.with_name(gold.name.replace("responsibilities", "entities")), [LAYOUTS], "all")
    for etype, found in entities.by_type.items():
        assert found.recall >= 0.66, etype


def test_a_responsible_list_without_a_lead_designates_none():
    record = json.loads(run_cli("extract", str(LAYOUTS / "binjiang-2023-rural-revitalization-fields.txt"), "--json").stdout)
    task = next(t for t in record["tasks"] if t["title"] == NO_LEAD_TASK)
    assert task["lead"] == [] and [u["name"] for u in task["co"]] == ["县农业农村局", "县林业局"]
    pilots = next(t for t in record["tasks"] if t["title"] == "加强乡村人才队伍建设")
    assert [u["name"] for u in pilots["lead"]] == ["县委组织部"]
    assert "东岭镇" not in {u["name"] for u in pilots["lead"] + pilots["co"]}  # 试点单位 are not responsible


def test_traditional_characters_are_read_and_kept_as_written():
    record = json.loads(run_cli("extract", str(LAYOUTS / "binjiang-2022-innovation-traditional.txt"), "--json").stdout)
    first = record["tasks"][0]
    assert first["title"] == "建設高水平創新平臺"
    assert [u["name"] for u in first["lead"]] == ["市科技局"]
    assert [u["name"] for u in first["co"]] == ["市發展改革委", "市財政局"]
    assert all(first["text"][a["start"] - first["start"] : a["end"] - first["start"]] == a["quote"] for a in first["attributions"])


def test_a_document_whose_tasks_carry_no_attribution_says_so(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("某市行动方案\n一、建设实验室\n加快建设。\n二、引进人才\n加大力度。\n", encoding="utf-8")
    result = run_cli("extract", str(plan))
    assert "没有找到任何责任分工" in result.stderr
    # an attribution outside every numbered item is never dropped: the paragraph it closes
    # becomes a task, flagged as uncertain
    loose = tmp_path / "loose.txt"
    loose.write_text("关于做好工作的通知\n请做好工作，牵头单位：市科技局；配合单位：市财政局。\n", encoding="utf-8")
    record = json.loads(run_cli("extract", str(loose), "--json").stdout)
    (task,) = record["tasks"]
    assert task["uncertain"] and task["title"] == "请做好工作"
    assert [u["name"] for u in task["lead"]] == ["市科技局"] and [u["name"] for u in task["co"]] == ["市财政局"]


def _shared_tool(tool: str, *args: str) -> str:
    script = SHARED / "tools" / tool
    if not script.exists():
        pytest.skip(f"../shared/tools/{tool} and its gold are not on this machine")
    from conftest import INNOKG

    return subprocess.run(
        [sys.executable, str(script), str(INNOKG), *args], capture_output=True, text=True, check=True
    ).stdout


def _micro(out: str) -> tuple[float, float, str]:
    """Micro precision and recall from score_links.py's MICRO TOTAL line."""
    line = next(line for line in out.splitlines() if line.startswith("MICRO TOTAL"))
    precision, recall = map(float, line.split()[8:10])
    return precision, recall, line


@pytest.mark.slow
def test_platform_industry_links_on_the_shared_gold():
    """Links read from what the text says: the shared hand gold (seed, dev 02, 04, 06, 07)."""
    precision, recall, total = _micro(_shared_tool("score_links.py"))
    assert precision >= 0.90 and recall >= 0.85, total


@pytest.mark.slow
def test_platform_industry_links_on_our_gold():
    """The same rules on three documents whose gold we wrote from the text alone (data/gold/links)."""
    out = _shared_tool("score_links.py", "--set", str(ROOT / "data" / "gold" / "links"), "--corpus", str(DEV2_CORPUS))
    precision, recall, total = _micro(out)
    assert precision >= 0.90 and recall >= 0.85, total  # measured 0.95 / 0.86: recall is what is left to do


@pytest.mark.slow
def test_entity_precision_on_the_shared_judgments():
    """Named entities that are real, typed right and cut right (hand judgments of the output)."""
    out = _shared_tool("entity_precision.py")
    strict = float(re.search(r"entity precision strict=([\d.]+)", out).group(1))
    by_type = {t: (int(c), int(n)) for t, c, n in re.findall(r"(\w+) (\d+)/(\d+)", out.splitlines()[-2])}
    assert strict >= 0.90, out
    assert all(c / n >= 0.85 for c, n in by_type.values() if n >= 5), by_type
