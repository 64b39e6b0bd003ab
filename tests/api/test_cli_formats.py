"""Every answer in every format: ``--format json`` is what the HTTP API returns for the same
question, ``--format csv`` one row per item naming its document, for Excel (a byte-order mark);
and a task is shown by its lead phrase, never a whole paragraph."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest
from conftest import run_cli

PLAN = "武汉市创新发展三年行动方案"  # the bundled plan's short title
PLAN_ID = "doc:wuhan-innovation-action-plan-2022-2024"


@pytest.fixture(scope="module")
def http(seed_data):
    """The HTTP API in this process, on the seed graph (read only)."""
    from fastapi.testclient import TestClient
    from innokg.api.app import create_app
    from innokg.graph.embedded import EmbeddedStore

    with TestClient(create_app(store=EmbeddedStore(seed_data))) as client:
        yield client


# the CLI question and the HTTP request asking the same
SAME_QUESTION = [
    (("who", "基础设施"), "/ask/who?q=基础设施"),
    (("tasks", "市招才局"), "/ask/tasks?unit=市招才局"),
    (("chain", "市科技局", "--limit", "5"), "/ask/chain?unit=市科技局&limit=5"),
    (("links", "光电子信息"), "/ask/links?industry=光电子信息"),
    (("targets", "市招才局"), "/ask/targets?q=市招才局"),
    (("doc",), "/documents"),
    (("doc", PLAN_ID), f"/documents/{quote(PLAN_ID, safe='')}/tasks"),
]


@pytest.mark.parametrize(("args", "path"), SAME_QUESTION)
def test_json_is_what_the_http_api_answers(seed_data, http, args, path):
    result = run_cli("--data", str(seed_data), *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    response = http.get(path)
    assert response.status_code == 200, response.text
    assert json.loads(result.stdout) == response.json()


def _csv(result) -> list[dict]:
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff"), "Excel reads UTF-8 Chinese only after a byte-order mark"
    return list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))


@pytest.mark.parametrize(
    ("args", "items"),
    [
        (("who", "建设重大科技基础设施群"), 5),  # 1 lead, 4 responsible units
        (("tasks", "市招才局"), 3),
        (("chain", "市招才局"), 3),
        (("targets", "市招才局"), 7),
        (("doc", PLAN_ID), 18),
    ],
)
def test_csv_has_a_row_per_item_each_naming_its_document(seed_data, args, items):
    rows = _csv(run_cli("--data", str(seed_data), *args, "--format", "csv"))
    assert len(rows) == items
    assert all(row["文件"] == PLAN and row["任务"] for row in rows)


def test_csv_of_an_industry_lists_its_platforms_and_tasks(seed_data):
    rows = _csv(run_cli("--data", str(seed_data), "links", "光电子信息", "--limit", "0", "--format", "csv"))
    kinds = {row["类别"] for row in rows}
    assert kinds == {"平台", "任务"} and all(row["文件"] == PLAN for row in rows)
    assert any(row["名称"] == "建设国家级创新平台" and row["牵头单位"] == "市科技局" for row in rows)


def test_csv_of_the_documents(seed_data):
    rows = _csv(run_cli("--data", str(seed_data), "doc", "--format", "csv"))
    assert [(r["文件"], r["标识"], r["有分工的任务"]) for r in rows] == [(PLAN, PLAN_ID, "18")]


def test_data_formats_keep_remarks_off_stdout(seed_data, tmp_path):
    """Which of several units an answer is about is said on stderr when stdout is data."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(seed_data, data)
    district = tmp_path / "district-plan.txt"
    district.write_text("某区科技创新工作要点\n一、建设区级实验室。（牵头单位：区科技局）\n", encoding="utf-8")
    assert run_cli("--data", str(data), "build", str(district)).returncode == 0
    result = run_cli("--data", str(data), "tasks", "科技局", "--format", "json")
    assert "可指" in result.stderr and json.loads(result.stdout)["unit"]["name"] == "市科技局"


def test_an_unknown_format_is_refused_in_chinese(seed_data):
    result = run_cli("--data", str(seed_data), "who", "基础设施", "--format", "xml")
    assert result.returncode == 1 and "未知的格式：xml" in result.stderr and result.stdout == ""


# --------------------------------------------------------------------------- display titles

LONG = (
    "加强堤防巡查和险工险段的日常监测预警，落实二十四小时值守制度，汛期前完成全部病险水库的除险加固"
    "和应急物资储备工作，确保安全度汛"
)


@pytest.fixture(scope="module")
def paragraph_data(tmp_path_factory):
    """A plan whose first task runs a whole sentence of clauses before its units."""
    folder = tmp_path_factory.mktemp("paragraph")
    plan = folder / "flood-plan.txt"
    plan.write_text(
        f"某市防汛工作方案\n一、重点任务\n1.{LONG}（牵头单位：市水利局；责任单位：市应急局）\n"
        "2.加强宣传。营造氛围。（牵头单位：市委宣传部）\n",
        encoding="utf-8",
    )
    result = run_cli("--data", str(folder / "data"), "build", str(plan))
    assert result.returncode == 0, result.stderr
    return folder / "data"


def test_a_long_task_title_is_shown_by_its_lead_phrase_with_its_document(paragraph_data):
    answer = json.loads(run_cli("--data", str(paragraph_data), "who", "堤防巡查", "--format", "json").stdout)
    assert answer["best"]["task"]["title"] == LONG  # the whole title stays (search uses it)
    lead = answer["best"]["task"]["display_title"]
    assert lead == "加强堤防巡查和险工险段的日常监测预警，落实二十四小时值守制度…"
    for args in (("who", "堤防巡查"), ("tasks", "市水利局"), ("chain", "市水利局"), ("doc", "防汛"), ("entity", "市水利局")):
        shown = run_cli("--data", str(paragraph_data), *args).stdout
        assert lead in shown and "汛期前完成全部病险水库" not in shown, args
    listed = run_cli("--data", str(paragraph_data), "tasks", "市水利局").stdout
    assert f"{lead}  〔某市防汛工作方案〕" in listed
    tree = run_cli("--data", str(paragraph_data), "chain", "市水利局").stdout
    assert "📄 某市防汛工作方案" in tree


def test_csv_cells_that_would_be_formulas_are_shown_as_text(tmp_path):
    """A name from a document that starts like a formula (=HYPERLINK(…), @SUM(…)) reaches Excel
    as text (OWASP CSV injection): a leading apostrophe."""
    plan = tmp_path / "formula.txt"
    plan.write_text(
        "某区实施意见\n一、主要任务\n（一）=HYPERLINK(\"http://evil\",\"点此\")建设实验室。（牵头单位：区科技局；责任单位：区财政局）\n",
        encoding="utf-8",
    )
    data = tmp_path / "kg"
    assert run_cli("--data", data, "build", plan).returncode == 0
    result = run_cli("--data", data, "tasks", "区科技局", "--format", "csv")
    assert result.returncode == 0, result.stderr
    cells = [c for row in csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@"))], cells
    assert any(c.startswith("'=HYPERLINK") for c in cells), cells
