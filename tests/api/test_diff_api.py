"""``innokg diff`` in-process (table, JSON, CSV, errors) and ``GET /diff`` over HTTP: one answer."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from conftest import ROOT, Service, copy_graph, run_cli

A, B = "doc:wuhan-sci-tech-capacity-plan-2022", "doc:wuhan-sci-tech-capacity-plan-2024"


@pytest.fixture(scope="module")
def service(editions_data, tmp_path_factory):
    with Service(copy_graph(editions_data, tmp_path_factory, "diff-api")) as running:
        yield running


def test_the_table_speaks_chinese_and_shows_every_kind_of_change(editions_data):
    result = run_cli("--data", editions_data, "diff", "2022", "2024")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for words in ("版本对比", "配对任务 12 项（未变 7、改写 5），新增 2 项，删除 1 项", "牵头单位变化：新增 市科技局；删除 市发改委",
                  "责任单位变化：删除 市教育局", "培养卓越工程师队伍", "培强育新科技领军企业", "量化目标的变化", "15000家（突破，到2025年）", "数值、年份"):
        assert words in out, words
    assert "位置变化" in out  # the two tasks of section (三) changed places


def test_json_is_what_the_http_api_answers(editions_data, service):
    result = run_cli("--data", editions_data, "diff", A, B, "--format", "json")
    assert result.returncode == 0, result.stderr
    response = httpx.get(service.url + "/diff", params={"a": A, "b": B}, timeout=30)
    assert response.status_code == 200, response.text
    assert json.loads(result.stdout) == response.json()
    assert response.json()["counts"]["units_gained"] == 3


def test_csv_has_one_row_per_item_with_both_sides_evidence(editions_data):
    result = run_cli("--data", editions_data, "diff", "2022", "2024", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    kinds = [r["类别"] for r in rows]
    assert (kinds.count("未变"), kinds.count("改写"), kinds.count("新增任务"), kinds.count("删除任务")) == (7, 5, 2, 1)
    assert kinds.count("牵头单位新增") == kinds.count("牵头单位删除") == 1
    assert (kinds.count("目标变化"), kinds.count("目标新增"), kinds.count("目标删除")) == (4, 2, 1)
    lead = next(r for r in rows if r["类别"] == "牵头单位新增")
    assert (lead["单位"], lead["A 依据"], lead["B 位置"].split(":")[1]) == ("市科技局", "", "wuhan-sci-tech-capacity-plan-2024")
    assert "牵头单位:市科技局" in lead["B 依据"]
    added = next(r for r in rows if r["类别"] == "新增任务")
    assert added["单位"] == "牵头：市教育局；责任：市人社局、市经信局"


def test_csv_shows_formula_like_cells_as_text(tmp_path):
    """A title written like a formula reaches Excel as text (OWASP CSV injection)."""
    folder = tmp_path / "editions"
    folder.mkdir()
    for name in ("wuhan-sci-tech-capacity-plan-2022.txt", "wuhan-sci-tech-capacity-plan-2024.txt"):
        text = (ROOT / "data" / "editions" / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace("3.培养卓越工程师队伍。", '3.=HYPERLINK("http://x")培养卓越工程师队伍。'), encoding="utf-8")
    data = tmp_path / "data"
    assert run_cli("--data", data, "build", folder).returncode == 0
    result = run_cli("--data", data, "diff", "2022", "2024", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    cells = [c for r in rows for c in r if "HYPERLINK" in c]
    assert cells and all(not c.startswith("=") for c in cells)
    assert "'=HYPERLINK(\"http://x\")培养卓越工程师队伍" in cells


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("科技创新能力提升行动方案", "2024"), "可指 2 个文档"),
        (("2022", "量子通信"), "图谱中没有文档“量子通信”"),
        (("2022", "2024", "--format", "xml"), "未知的格式：xml"),
    ],
)
def test_bad_input_is_one_clear_line(editions_data, args, message):
    result = run_cli("--data", editions_data, "diff", *args)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2  # one message (rich may fold a long one once)


def test_errors_have_the_one_json_shape(service):
    ambiguous = httpx.get(service.url + "/diff", params={"a": "行动方案", "b": B}, timeout=30)
    assert ambiguous.status_code == 400 and ambiguous.json()["error"]["code"] == "InputError"
    assert A in ambiguous.json()["error"]["message"]
    missing = httpx.get(service.url + "/diff", params={"a": "量子通信", "b": B}, timeout=30)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NotFound"
    no_b = httpx.get(service.url + "/diff", params={"a": A}, timeout=30)
    assert no_b.status_code == 422 and "b" in no_b.json()["error"]["message"]
    looser = httpx.get(service.url + "/diff", params={"a": A, "b": B, "threshold": 10}, timeout=30).json()
    assert looser["threshold"] == 10 and len(looser["pairs"]) > 12


def test_editions_too_long_to_compare_are_refused_in_the_json_shape(long_editions_data, tmp_path_factory):
    with Service(copy_graph(long_editions_data, tmp_path_factory, "diff-long")) as running:
        refused = httpx.get(running.url + "/diff", params={"a": "2022", "b": "2024"}, timeout=30)
        assert refused.status_code == 413 and refused.json()["error"]["code"] == "TooLarge"
        assert "501、500 项任务" in refused.json()["error"]["message"]
    result = run_cli("--data", long_editions_data, "diff", "2022", "2024")
    assert result.returncode == 1 and "超出上限" in result.stderr and "Traceback" not in result.stderr


def test_the_route_is_documented_in_chinese(service):
    spec = httpx.get(service.url + "/openapi.json", timeout=30).json()
    route = spec["paths"]["/diff"]["get"]
    assert route["tags"] == ["版本对比"] and "版本" in route["summary"]
    assert route["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("EditionDiff")
    assert "匹配度" in spec["components"]["schemas"]["TaskPair"]["properties"]["score"]["description"]
