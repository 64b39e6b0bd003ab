"""Target timelines at the edges: ``innokg targets --timeline METRIC`` in every format (in this
process) and ``GET /targets/timeline`` / ``GET /targets/timelines`` over HTTP, on the seed plan
and our progress report of the same city."""

from __future__ import annotations

import csv
import io
import json
import re

import httpx
import pytest
from conftest import Service, copy_graph, run_cli


@pytest.fixture(scope="module")
def service(timeline_data, tmp_path_factory):
    with Service(copy_graph(timeline_data, tmp_path_factory, "timeline-api")) as service:
        yield service


def get(service, path: str, **params) -> httpx.Response:
    return httpx.get(service.url + path, params=params, timeout=30)


# ------------------------------------------------------------------ the command line


def test_the_table_shows_each_year_document_and_what_was_reported(timeline_data):
    result = run_cli("--data", str(timeline_data), "targets", "--timeline", "高新技术企业")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "目标时间线 — 高新技术企业（1 条）" in out and "2 个文件" in out
    assert re.search(r"2024（规划期末）\s*│\s*12000家\s*│\s*突破", out) and re.search(r"2024（原文期限）\s*│\s*12000家", out)
    assert "截至2023年底，全市高新技术企业达到1.4万" in out and "报告值 14000家" in out


def test_a_revised_target_says_from_what(timeline_data):
    out = run_cli("--data", str(timeline_data), "targets", "--timeline", "技术合同成交额").stdout
    assert "目标值有调整" in out and "由 1300亿元 调整" in out and "报告值 1253亿元" in out


def test_csv_is_one_row_a_point_for_excel(timeline_data):
    result = run_cli("--data", str(timeline_data), "targets", "--timeline", "技术合同成交额", "--format", "csv")
    assert result.returncode == 0 and result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert [(r["年份"], r["目标值"], r["调整前"], r["报告值"]) for r in rows] == [("2024", "1300", "", ""), ("2024", "1500", "1300", "1253")]
    assert rows[1]["进展情况"].startswith("2023年全市技术合同成交额1253亿元") and rows[0]["文件"] == "武汉市创新发展三年行动方案"


def test_json_is_what_the_http_api_answers(timeline_data, service):
    result = run_cli("--data", str(timeline_data), "targets", "--timeline", "高新技术企业", "--format", "json")
    assert result.returncode == 0, result.stderr
    response = get(service, "/targets/timeline", metric="高新技术企业")
    assert response.status_code == 200 and json.loads(result.stdout) == response.json()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--timeline", "概念验证中心"), "只见于一个文件"),
        (("--timeline", "量子通信网络"), "没有找到指标与“量子通信网络”相符的目标"),
        (("市科技局", "--timeline", "高新技术企业"), "不与单位或任务同用"),
        (("--timeline", "高新技术企业", "--format", "xml"), "未知的格式"),
    ],
)
def test_no_timeline_is_one_clear_line(timeline_data, args, message):
    result = run_cli("--data", str(timeline_data), "targets", *args)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr, result.stderr


# ------------------------------------------------------------------ HTTP


def test_the_timeline_of_a_metric_over_http(service):
    body = get(service, "/targets/timeline", metric="技术合同成交额").json()
    (line,) = body["timelines"]
    assert line["metric"] == "技术合同成交额" and line["kind_cn"] == "总量或水平" and line["revised"] and line["match"] == 100
    latest = line["points"][-1]
    assert latest["document"]["short_title"].startswith("武汉市创新发展三年行动方案2023年度") and latest["year_basis_cn"] == "原文期限"
    assert latest["reported"]["value"] == 1253 and latest["reported"]["evidence"]["doc_id"] == "doc:wuhan-progress-2023"
    assert latest["task"]["url"].startswith("/tasks/")


def test_every_timeline_is_listed_a_page_at_a_time(service):
    first = get(service, "/targets/timelines", limit=2).json()
    rest = get(service, "/targets/timelines", offset=2, limit=100).json()
    assert first["total"] == rest["total"] == 6 and len(first["timelines"]) == 2 and len(rest["timelines"]) == 4
    assert {t["metric"] for t in first["timelines"] + rest["timelines"]} >= {"高新技术企业", "技术合同成交额"}


def test_no_timeline_answers_404_in_the_one_error_shape(service):
    single = get(service, "/targets/timeline", metric="概念验证中心")
    assert single.status_code == 404 and single.json()["error"]["code"] == "NoTimeline"
    assert "只见于一个文件" in single.json()["error"]["message"]
    missing = get(service, "/targets/timeline")
    assert missing.status_code == 422 and "metric" in missing.json()["error"]["message"]
    assert get(service, "/targets/timelines", limit=0).status_code == 422


def test_the_endpoints_are_typed_and_documented_in_chinese(service):
    spec = get(service, "/openapi.json").json()
    timeline, listed = spec["paths"]["/targets/timeline"]["get"], spec["paths"]["/targets/timelines"]["get"]
    assert timeline["summary"].startswith("目标时间线") and timeline["tags"] == ["目标"] and "Jaccard" in timeline["description"]
    assert timeline["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/TimelineAnswer")
    assert "404" in timeline["responses"] and listed["summary"].startswith("全部目标时间线")
    point = spec["components"]["schemas"]["TimelinePoint"]["properties"]
    assert {"year", "year_basis", "reported", "revised_from", "plotted", "evidence", "document"} <= set(point)
