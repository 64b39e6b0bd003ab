"""The extraction record scored by the shared scorer, through the command users run."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import SEED, SEED_GOLD, run_cli, run_cli_process, shared


def score(tmp_path, document, gold) -> dict[str, float]:
    result = run_cli_process("extract", str(document), "--json")
    assert result.returncode == 0, result.stderr
    record = tmp_path / "record.json"
    record.write_text(result.stdout, encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(shared("tools/score.py")), str(record), "--responsibilities", str(gold), "-v"],
        capture_output=True,
        text=True,
        check=True,
    )
    print(scored.stdout)
    line = re.search(r"tp=(\d+) fp=(\d+) fn=(\d+) P=([\d.]+) R=([\d.]+) F1=([\d.]+)", scored.stdout)
    matched = re.search(r"tasks matched: (\d+)/(\d+)", scored.stdout)
    return {
        "tp": int(line[1]),
        "fp": int(line[2]),
        "fn": int(line[3]),
        "f1": float(line[6]),
        "matched": int(matched[1]),
        "gold_tasks": int(matched[2]),
    }


def test_seed_scores_perfectly(tmp_path):
    result = score(tmp_path, SEED, SEED_GOLD)
    assert (result["matched"], result["gold_tasks"]) == (18, 18)
    assert (result["tp"], result["fp"], result["fn"]) == (104, 0, 0)
    assert result["f1"] == 1.0


def test_state_council_document_with_gold(tmp_path):
    gold = shared("gold/state-council-04_agri_mechanization_upgrade.responsibilities.json")
    result = score(tmp_path, shared("corpus/html/state-council-04_agri_mechanization_upgrade.html"), gold)
    assert result["f1"] >= 0.95
    assert result["matched"] == result["gold_tasks"] == 18


def test_record_has_the_required_keys():
    result = run_cli("extract", str(SEED), "--json")
    record = json.loads(result.stdout)
    assert record["document"]["title"] == "武汉市创新发展三年行动方案(2022——2024年)"
    assert record["document"]["source"] == str(SEED)
    assert {"tasks", "entities", "targets"} <= record.keys()
    task = next(t for t in record["tasks"] if t["title"] == "建设重大科技基础设施群")
    assert [u["name"] for u in task["lead"]] == ["市发改委"]
    assert task["attributions"][0]["quote"].startswith("(牵头单位:市发改委")


@pytest.mark.parametrize(
    "name",
    [
        "state-council-01_comprehensive_bonded_zones",
        "state-council-05_sports_competition_industry",
        "state-council-07_employment_promotion",
        "state-council-08_free_trade_zone_reform_measures",
    ],
)
def test_other_state_council_pages_yield_attributions(nlp, name):
    """No gold for these: every item that ends in an attribution clause must yield units."""
    from innokg.nlp.record import extract_file

    record = extract_file(shared(f"corpus/html/{name}.html"), nlp)
    clause = re.compile(r"[（(][^（）()]*(负责|牵头|负责部门：)[^（）()]*[）)]\s*$")
    ending_in_attribution = [t for t in record.tasks if clause.search(t.text)]
    assert ending_in_attribution
    # "（A负责）", "（X牵头…）" name leads; "（负责部门：A、B）" is a label alone: units, no lead designated
    labelled = [t for t in ending_in_attribution if "负责部门：" in t.text[-200:]]
    verbs = [t for t in ending_in_attribution if t not in labelled]
    assert all(t.lead for t in verbs), [t.title for t in verbs if not t.lead]
    assert all(t.co and not t.lead for t in labelled), [t.title for t in labelled if t.lead or not t.co]


@pytest.mark.parametrize(
    "name", ["state-council-01_comprehensive_bonded_zones", "state-council-07_employment_promotion"]
)
def test_state_council_documents_with_our_own_gold(tmp_path, name):
    from conftest import ROOT

    gold = ROOT / "data" / "gold" / f"{name}.responsibilities.json"
    result = score(tmp_path, shared(f"corpus/html/{name}.html"), gold)
    assert result["f1"] >= 0.999 and result["matched"] == result["gold_tasks"]
