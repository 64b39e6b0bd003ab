"""Uploads never store one document over another: a replacement is only ever the same file."""

from __future__ import annotations

import httpx
from conftest import API_TOKEN

HEADERS = {"Authorization": f"Bearer {API_TOKEN}"}
PLAN = "{title}\n一、重点任务\n（一）{task}。（牵头单位：市科技局；责任单位：市财政局）\n"


def upload(api, name: str, title: str, task: str) -> httpx.Response:
    text = PLAN.format(title=title, task=task).encode()
    return httpx.post(api.url + "/documents", files={"file": (name, text, "text/plain")}, headers=HEADERS, timeout=60)


def titles(api) -> dict[str, str]:
    return {d["id"]: d["title"] for d in httpx.get(api.url + "/documents").json()}


def test_a_file_whose_name_folds_onto_another_documents_id_is_refused(api):
    assert upload(api, "Plan-A.txt", "甲区测试方案", "建设甲区感知实验室").status_code == 201
    folded = upload(api, "Ｐｌａｎ－Ａ.txt", "乙区测试方案", "建设乙区感知实验室")  # full-width: the same id
    assert folded.status_code == 400, folded.text
    assert "Plan-A.txt" in folded.json()["error"]["message"]
    assert titles(api)["doc:Plan-A"] == "甲区测试方案"  # what was stored stays


def test_the_same_file_uploaded_again_replaces_its_earlier_version(api):
    assert upload(api, "Plan-B.txt", "丙区测试方案", "建设丙区感知实验室").status_code == 201
    assert upload(api, "Plan-B.txt", "丙区测试方案（修订）", "建设丙区感知实验室").status_code == 201
    assert titles(api)["doc:Plan-B"] == "丙区测试方案（修订）"
