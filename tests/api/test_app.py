"""Every endpoint through HTTP, on ``innokg serve`` running on the seed graph."""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest
from conftest import API_TOKEN, SEED


def get(api, path: str, **params) -> httpx.Response:
    return httpx.get(api.url + path, params=params, timeout=30)


def ok(api, path: str, **params):
    response = get(api, path, **params)
    assert response.status_code == 200, response.text
    return response.json()


def task_id(api, words: str) -> str:
    return ok(api, "/tasks", q=words, limit=1)["items"][0]["id"]


def unit_id(api, name: str) -> str:
    return next(u["id"] for u in ok(api, "/units", q=name)["items"] if u["name"] == name)


def test_health_and_stats(api):
    assert ok(api, "/healthz") == {"status": "ok", "store": "embedded", "documents": 1}
    stats = ok(api, "/stats")
    assert stats["tasks"] == 22 and stats["attributed_tasks"] == 18


def test_who_leads_a_task_with_evidence_sections_and_targets(api):
    tasks = ok(api, "/tasks", q="建设重大科技基础设施群")
    assert tasks["items"][0]["title"] == "建设重大科技基础设施群"
    detail = ok(api, "/tasks/" + quote(tasks["items"][0]["id"], safe=""))
    assert [u["unit"]["name"] for u in detail["lead"]] == ["市发改委"]
    assert {u["unit"]["name"] for u in detail["co"]} >= {"市科技局", "市财政局"}
    assert "牵头单位:市发改委" in detail["lead"][0]["evidence"]["quote"]
    assert detail["sections"][0]["title"]
    ip = ok(api, "/tasks/" + quote(task_id(api, "建设全国一流知识产权强市"), safe=""))
    assert len(ip["targets"]) == 4 and all(t["evidence"]["quote"] for t in ip["targets"])


def test_task_list_is_paginated_in_document_order(api):
    first = ok(api, "/tasks", limit=5)
    second = ok(api, "/tasks", offset=5, limit=5)
    assert first["total"] == 22 and len(first["items"]) == 5
    assert {t["id"] for t in first["items"]}.isdisjoint(t["id"] for t in second["items"])


def test_a_units_tasks_and_chain(api):
    talent = unit_id(api, "市招才局")
    tasks = ok(api, f"/units/{quote(talent, safe='')}/tasks")
    assert len(tasks["lead"]) == 3
    chain = ok(api, f"/units/{quote(talent, safe='')}/chain")
    assert chain["documents"][0]["document"]["id"] == "doc:" + SEED.stem
    science = ok(api, "/units", q="科技局")["items"][0]
    assert science["name"] == "市科技局" and science["full_name"] == "武汉市科学技术局"


def test_a_units_tasks_come_in_pages_with_their_totals(api):
    science = quote(unit_id(api, "市科技局"), safe="")
    whole = ok(api, f"/units/{science}/tasks", limit=500)
    entries = sorted((e for role in ("lead", "co", "guides") for e in whole[role]), key=lambda e: (e["document"]["id"], e["evidence"]["start"]))
    assert whole["total"] == len(entries) > 10 and whole["counts"]["LEADS"] == len(whole["lead"])
    pages = [ok(api, f"/units/{science}/tasks", offset=offset, limit=4) for offset in range(0, whole["total"], 4)]
    paged = [e["task"]["id"] for page in pages for e in sorted((e for role in ("lead", "co", "guides") for e in page[role]), key=lambda e: e["evidence"]["start"])]
    assert paged == [e["task"]["id"] for e in entries]
    assert all(page["total"] == whole["total"] and page["counts"] == whole["counts"] for page in pages)
    chain = ok(api, f"/units/{science}/chain", offset=4, limit=4)
    assert chain["total"] == whole["total"] and chain["offset"] == 4
    assert get(api, f"/units/{science}/tasks", limit=501).status_code == 422


def test_the_965_tree_and_an_industrys_platforms(api):
    groups = ok(api, "/industries")
    assert [len(g["industries"]) for g in groups] == [9, 6, 5]
    optics = next(i for g in groups for i in g["industries"] if i["industry"]["name"] == "光电子信息")
    assert optics["platforms"] > 0 and optics["tasks"] > 0
    links = ok(api, f"/industries/{quote(optics['industry']['id'], safe='')}/platforms?limit=500")
    assert links["platforms"] and links["units"]
    assert optics["platforms"] == len({p["platform"]["id"] for p in links["platforms"]}) == links["platform_count"]
    assert optics["tasks"] == len({t["task"]["id"] for t in links["tasks"]}) == links["task_count"]


def test_entity_search_by_short_and_full_names(api):
    assert ok(api, "/entities/search", q="武汉市科学技术局")[0]["name"] == "市科技局"
    platforms = ok(api, "/entities/search", q="实验室", type="Platform")
    assert platforms and all(p["label"] == "Platform" for p in platforms)
    found = ok(api, "/entities/search", q="光电子", type=["Industry965", "Industry"])
    assert [f["name"] for f in found[:2]] == ["光电子", "光电子信息"]  # exact name first, then containing


def test_neighbourhood_and_network_view(api):
    unit = unit_id(api, "市科技局")
    view = ok(api, f"/graph/neighbourhood/{quote(unit, safe='')}", depth=1)
    assert view["nodes"][0]["id"] == unit and len(view["nodes"]) > 10
    assert {e["type"] for e in view["edges"]} >= {"LEADS", "CO_RESPONSIBLE"}
    page = get(api, f"/viz/{quote(unit, safe='')}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "vis.DataSet" in page.text and "cdn.jsdelivr" not in page.text


def test_errors_have_one_json_shape(api):
    for path, params, status in [
        ("/tasks/no-such-task", {}, 404),
        ("/units/unit:nobody/tasks", {}, 404),
        ("/graph/neighbourhood/x", {"depth": 9}, 422),
        ("/entities/search", {}, 422),
        ("/industries/unit:武汉市科学技术局/platforms", {}, 404),
    ]:
        response = get(api, path, **params)
        assert response.status_code == status, path
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"} and body["error"]["message"]


def test_the_page_and_the_openapi_docs(api):
    page = get(api, "/")
    assert page.status_code == 200 and "搜索任务、单位、产业或平台" in page.text
    assert "/tasks/{task_id}" in ok(api, "/openapi.json")["paths"]
    docs = get(api, "/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert "cdn.jsdelivr" not in docs.text and "unpkg" not in docs.text  # works on an intranet
    for asset in re.findall(r'(?:src|href)="(/[^"]+)"', docs.text):
        assert get(api, asset).status_code == 200, asset


def test_posting_a_document_needs_the_token(api, tmp_path):
    files = {"file": ("plan.txt", "一、任务\n（一）做一件事。（牵头单位：市科技局）\n".encode(), "text/plain")}
    assert httpx.post(api.url + "/documents", files=files).status_code == 401
    wrong = httpx.post(api.url + "/documents", files=files, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["message"]


def test_uploads_are_bounded(api):
    big = {"file": ("big.txt", "字".encode() * 200_000, "text/plain")}
    response = httpx.post(api.url + "/documents", files=big, headers={"Authorization": f"Bearer {API_TOKEN}"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "TooLarge"
    assert ok(api, "/healthz")["documents"] == 1


def test_posting_a_document_builds_it_and_queries_see_it(api, tmp_path):
    plan = "武汉市测试方案\n一、重点任务\n（一）建设汉江智能感知实验室。（牵头单位：市科技局；责任单位：市财政局）\n"
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    response = httpx.post(
        api.url + "/documents", files={"file": ("test-plan.txt", plan.encode(), "text/plain")}, headers=headers
    )
    assert response.status_code == 201, response.text
    assert response.json()["documents"] == ["doc:test-plan"]
    found = ok(api, "/tasks", q="汉江智能感知实验室", limit=1)["items"][0]
    assert found["doc_id"] == "doc:test-plan"
    assert [u["unit"]["name"] for u in ok(api, "/tasks/" + quote(found["id"], safe=""))["lead"]] == ["市科技局"]
    bad = httpx.post(api.url + "/documents", files={"file": ("x.exe", b"MZ", "application/octet-stream")}, headers=headers)
    assert bad.status_code == 400 and "不支持的文件" in bad.json()["error"]["message"]
    # a notice with no numbered items: its attribution still reaches a task, flagged as inferred
    notice = "关于做好防汛工作的通知\n各乡镇：\n加强堤防巡查，落实值守制度。（县水利局牵头，县应急局配合）\n"
    response = httpx.post(
        api.url + "/documents", files={"file": ("flood-notice.txt", notice.encode(), "text/plain")}, headers=headers
    )
    assert response.status_code == 201, response.text
    inferred = ok(api, "/tasks", q="加强堤防巡查", limit=1)["items"][0]
    assert inferred["doc_id"] == "doc:flood-notice" and inferred["uncertain"] is True
    detail = ok(api, "/tasks/" + quote(inferred["id"], safe=""))
    assert detail["task"]["uncertain"] and [u["unit"]["name"] for u in detail["lead"]] == ["县水利局"]
    assert ok(api, "/healthz")["documents"] == 3


@pytest.mark.parametrize("path", ["/tasks", "/units", "/stats", "/industries"])
def test_read_endpoints_need_no_token(api, path):
    assert get(api, path).status_code == 200


def test_a_task_without_a_designated_lead_says_so(layouts_service):
    from conftest import NO_LEAD_TASK

    detail = ok(layouts_service, "/tasks/" + quote(task_id(layouts_service, NO_LEAD_TASK), safe=""))
    assert detail["lead"] == [] and detail["lead_note"] == "未明确牵头单位"
    assert [u["unit"]["name"] for u in detail["co"]] == ["县农业农村局", "县林业局"]
    led = ok(layouts_service, "/tasks/" + quote(task_id(layouts_service, "推进农村人居环境整治"), safe=""))
    assert led["lead_note"] is None and [u["unit"]["name"] for u in led["lead"]] == ["县住房城乡建设局"]


def test_every_listed_965_industry_opens(api):
    listed = [i["industry"] for group in ok(api, "/industries") for i in group["industries"]]
    assert len(listed) == 20
    for industry in listed:
        links = ok(api, "/industries/" + quote(industry["id"], safe="") + "/platforms")
        assert links["query"]["name"] == industry["name"]
    quantum = next(i for i in listed if i["name"] == "量子科技")
    empty = ok(api, "/industries/" + quote(quantum["id"], safe="") + "/platforms")
    assert empty["platforms"] == [] and empty["tasks"] == []


def test_errors_and_documentation_speak_chinese(api):
    bogus = get(api, "/entities/search", q="科技", type="Bogus")
    assert bogus.status_code == 422 and "应为以下之一" in bogus.json()["error"]["message"]
    missing = get(api, "/nowhere")
    assert missing.status_code == 404 and missing.json()["error"]["message"].startswith("没有这个地址")
    too_deep = get(api, "/graph/neighbourhood/x", depth=9)
    assert too_deep.status_code == 422 and "应不大于 3" in too_deep.json()["error"]["message"]
    schema = ok(api, "/openapi.json")
    summaries = [op["summary"] for path in schema["paths"].values() for op in path.values()]
    assert summaries and all(re.search(r"[\u4e00-\u9fff]", s) for s in summaries), summaries


@pytest.mark.slow  # a second service process: `make check` leaves it out
def test_the_service_sees_a_build_and_keeps_it_when_it_writes(seed_data, tmp_path):
    import shutil

    from conftest import LAYOUTS, Service, run_cli

    data = tmp_path / "data"
    shutil.copytree(seed_data, data)
    with Service(data, {"INNOKG_API_TOKEN": API_TOKEN}) as service:
        assert ok(service, "/healthz")["documents"] == 1
        assert run_cli("--data", str(data), "build", str(LAYOUTS / "binjiang-2023-rural-revitalization-fields.txt")).returncode == 0
        assert ok(service, "/healthz")["documents"] == 2  # the CLI's build, seen without a restart
        science = "/viz/" + quote(unit_id(service, "市科技局"), safe="")
        before = [get(service, science).text for _ in range(2)]  # the second from the page cache
        upload = httpx.post(
            service.url + "/documents",
            headers={"Authorization": f"Bearer {API_TOKEN}"},
            files={"file": ("extra.txt", "某区方案\n一、建设量子实验室。（牵头单位：市科技局）\n".encode())},
            timeout=60,
        )
        assert upload.status_code == 201, upload.text
        after = get(service, science).text
        assert before[0] == before[1] and after != before[0]  # a cached page never outlives its graph
        assert after.count('"id":') == before[0].count('"id":') + 1  # one more task (node ids; edges have none)
        from innokg.graph.embedded import EmbeddedStore

        assert len(EmbeddedStore(data).fragments) == 3  # the service's write kept the CLI's document


def test_uploads_are_refused_before_their_body_when_the_token_is_wrong_or_while_streaming(api):
    import select
    import socket

    host, port = api.url.removeprefix("http://").split(":")

    def post(headers: str, chunks: int) -> tuple[str, int]:
        """A chunked upload of up to ``chunks`` × 64 kB, stopped as soon as the service answers:
        the status line, and how many chunks had gone out by then."""
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(
                f"POST /documents HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n{headers}"
                "Content-Type: multipart/form-data; boundary=b\r\n\r\n".encode()
            )
            part = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
            sent = 0
            for _ in range(chunks):
                if select.select([sock], [], [], 0.05)[0]:
                    break  # the service has answered: it reads no more
                data = (part if sent == 0 else b"") + b"x" * 0x10000
                sock.sendall(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                sent += 1
            select.select([sock], [], [], 10)
            return sock.recv(4096).split(b"\r\n", 1)[0].decode(), sent

    status, sent = post("", 40)
    assert " 401 " in status and sent == 0  # refused before one byte of the body
    status, sent = post(f"Authorization: {API_TOKEN}\r\n", 40)  # a token without "Bearer " is no token
    assert " 401 " in status and sent == 0
    status, sent = post(f"Authorization: Bearer {API_TOKEN}\r\n", 200)  # 13 MB against a 300 kB limit
    assert " 413 " in status and sent < 20


def test_an_upload_named_badly_gets_one_clear_error(api):
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    for name in ("长" * 120 + ".txt", " .txt", ".txt"):
        response = httpx.post(api.url + "/documents", headers=headers, files={"file": (name, b"x")}, timeout=30)
        assert response.status_code == 400, (name, response.text)
    plan = "某区方案\n一、建设实验室。\n".encode()
    response = httpx.post(api.url + "/documents", headers=headers, files={"file": ("plan.txt", plan)}, timeout=30)
    assert response.status_code == 201 and "/tmp" not in response.text and "plan.txt" in response.text


def test_every_item_carries_the_url_of_its_own_resource(api):
    task = ok(api, "/tasks", q="建设重大科技基础设施群")["items"][0]
    assert "#" not in task["url"] and ok(api, task["url"])["task"]["id"] == task["id"]
    unit = ok(api, "/units", q="市科技局")["items"][0]
    assert ok(api, unit["url"])["unit"]["id"] == unit["id"]
    found = ok(api, "/entities/search", q="光电子信息")[0]
    assert ok(api, found["url"])["node"]["id"] == found["id"]
    detail = ok(api, task["url"])
    assert ok(api, detail["lead"][0]["unit"]["url"])["unit"]["name"] == "市发改委"


def test_the_document_view(api):
    documents = {d["id"]: d for d in ok(api, "/documents")}  # uploads by other tests may be there too
    seed = documents["doc:" + SEED.stem]
    assert seed["title"].startswith("武汉市创新发展三年行动方案")
    tasks = ok(api, "/documents/" + quote(seed["id"], safe="") + "/tasks")
    assert len(tasks) == 18 and tasks[0]["task"]["title"] == "建设重大科技基础设施群"
    assert tasks[0]["lead"][0]["unit"]["name"] == "市发改委"


# --------------------------------------------------------------------------- honest answers

PLAN = "武汉市创新发展三年行动方案"  # the bundled plan's short title


def test_questions_in_words_answer_as_the_command_line_does(api):
    who = ok(api, "/ask/who", q="基础设施")
    assert who["best"]["task"]["title"] == "建设重大科技基础设施群" and who["score"] == 100 and not who["by_text"]
    assert who["best"]["document"]["short_title"] == who["best"]["task"]["doc_short_title"] == PLAN
    assert [u["unit"]["name"] for u in who["best"]["lead"]] == ["市发改委"]
    by_text = ok(api, "/ask/who", q="410工程")  # its text, not its title, holds the words
    assert by_text["best"]["task"]["title"] == "主要目标" and by_text["by_text"] and by_text["score"] == 100
    tasks = ok(api, "/ask/tasks", unit="招才局")
    assert tasks["unit"]["name"] == "市招才局" and len(tasks["lead"]) == 3
    assert ok(api, "/ask/chain", unit="武汉市科学技术局")["unit"]["name"] == "市科技局"
    assert ok(api, "/ask/links", industry="光电子信息")["query"]["name"] == "光电子信息"
    targets = ok(api, "/ask/targets", q="市招才局")
    assert targets["scope"] == "市招才局" and len(targets["targets"]) == 7 and set(targets["roles"].values()) == {"LEADS"}
    assert ok(api, "/ask/entity", name="国家信息光电子创新中心")["node"]["label"] == "Platform"


@pytest.mark.parametrize(
    ("path", "params", "label"),
    [
        ("/ask/who", {"q": "量子通信网络建设"}, "Task"),
        ("/ask/who", {"q": "航天发射场 建设"}, "Task"),
        ("/ask/tasks", {"unit": "市科技厅"}, "Unit"),
        ("/ask/chain", {"unit": "省教育厅"}, "Unit"),
        ("/ask/targets", {"q": "科技人才资金"}, None),  # neither a unit nor a task: both kinds near
        ("/ask/entity", {"name": "国家量子实验室"}, None),
    ],
)
def test_a_question_that_matches_nothing_well_is_404_with_the_nearest_and_their_scores(api, path, params, label):
    response = get(api, path, **params)
    assert response.status_code == 404, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "candidates"} and error["code"] == "NoGoodMatch"
    assert error["message"].startswith(f"没有找到与“{next(iter(params.values()))}”相符的")
    candidates = error["candidates"]
    assert candidates and len(candidates) <= 5
    assert [c["score"] for c in candidates] == sorted((c["score"] for c in candidates), reverse=True)
    assert all(0 < c["score"] < 80 and c["name"] in error["message"] for c in candidates)
    assert all(c["label"] == label for c in candidates) if label else True
    for c in candidates:  # each names where to read it, and a task its document
        opened = ok(api, c["url"])
        if c["label"] == "Task":
            assert c["document"] == opened["document"]["short_title"] == opened["task"]["doc_short_title"]
        else:
            assert c.get("document") is None


def test_a_nearest_unit_is_named_with_its_score(api):
    error = get(api, "/ask/tasks", unit="市科技厅").json()["error"]
    assert error["candidates"][0]["name"] == "市科技局" and error["candidates"][0]["score"] == 75
    assert "市科技局 75%" in error["message"]


def test_every_answer_naming_a_task_names_its_document(api):
    science = quote(unit_id(api, "市科技局"), safe="")
    unit_tasks = ok(api, f"/units/{science}/tasks", limit=500)
    entries = [e for role in ("lead", "co", "guides") for e in unit_tasks[role]]  # uploads by other tests too
    assert all(e["task"]["doc_short_title"] == e["document"]["short_title"] for e in entries)
    assert {e["document"]["short_title"] for e in entries if e["document"]["id"] == "doc:" + SEED.stem} == {PLAN}
    optics = next(f for f in ok(api, "/entities/search", q="光电子信息", type="Industry965"))
    links = ok(api, f"/industries/{quote(optics['id'], safe='')}/platforms", limit=500)
    assert links["tasks"] and all(t["task"]["doc_short_title"] == PLAN for t in links["tasks"])
    assert links["platforms"] and all(p["doc_short_title"] == PLAN for p in links["platforms"])
    targets = [t for t in ok(api, "/targets") if t["evidence"]["doc_id"] == "doc:" + SEED.stem]
    assert targets and all(t["task"]["doc_short_title"] == PLAN for t in targets)
    found = ok(api, "/tasks", q="人才")["items"]
    assert found and all(t["doc_short_title"] == PLAN for t in found if t["doc_id"] == "doc:" + SEED.stem)


def test_the_source_reader_opens_the_text_at_the_evidence_with_the_tasks_attributions(api):
    task = task_id(api, "建设重大科技基础设施群")
    detail = ok(api, "/tasks/" + quote(task, safe=""))
    evidence = detail["lead"][0]["evidence"]
    doc = quote(evidence["doc_id"], safe="")
    whole = ok(api, f"/documents/{doc}/text")
    assert whole["offset"] == 0 and whole["end"] == whole["length"] == len(whole["text"]) > 3000
    assert whole["text"][evidence["start"] : evidence["end"]] == evidence["quote"]
    assert whole["document"]["short_title"] == "武汉市创新发展三年行动方案"

    window = ok(api, f"/documents/{doc}/text", start=evidence["start"], end=evidence["end"], task=task)
    assert window["offset"] <= evidence["start"] < evidence["end"] <= window["end"] < window["length"]
    text = window["text"]
    at = evidence["start"] - window["offset"]
    assert text[at : at + len(evidence["quote"])] == evidence["quote"]
    marked = {(s["role"], s["unit"]) for s in window["spans"]}
    assert (None, None) in marked and ("LEADS", "市发改委") in marked and ("CO_RESPONSIBLE", "市科技局") in marked
    for span in window["spans"]:  # every span is a place in the whole text
        assert whole["text"][span["start"] : span["end"]] in (evidence["quote"], *[u["evidence"]["quote"] for u in detail["co"]])

    assert get(api, "/documents/doc:nothing/text").status_code == 404
    assert get(api, f"/documents/{doc}/text", start=10**7).status_code == 400
    listed = {d["id"]: d for d in ok(api, "/documents")}
    assert listed[evidence["doc_id"]]["short_title"] == "武汉市创新发展三年行动方案"


def test_a_graph_built_before_texts_were_kept_says_how_to_get_them(seed_store):
    from innokg.graph import questions
    from innokg.graph.model import DocumentNode
    from innokg.graph.model.errors import NotFound

    [info] = seed_store.documents()
    data = seed_store.document_data(info.id)
    nodes = [n.model_copy(update={"text": ""}) if isinstance(n, DocumentNode) else n for n in data.nodes]
    seed_store.replace_document(data.model_copy(update={"nodes": nodes}))
    with pytest.raises(NotFound, match="build --force"):
        questions.document_text(seed_store, info.id)
    assert seed_store.document_text("doc:nothing") is None
