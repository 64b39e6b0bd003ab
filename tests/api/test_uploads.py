"""Uploads never store one document over another: a replacement is only ever the same file."""

from __future__ import annotations

import httpx
import pytest
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


# --------------------------------------------------------------------------- hostile uploads

HEAVY_TASKS = 1700  # a plan of ~240 kB whose reading takes seconds (under the fixture's 300 kB bound)


def heavy_plan() -> bytes:
    lines = ["丁区测试方案", "一、重点任务"] + [
        f"{i}.建设第{i}号感知实验室，推进科技成果转化。（牵头单位：市科技局；责任单位：市财政局、市发改委）" for i in range(1, HEAVY_TASKS)
    ]
    return "\n".join(lines).encode()


def upload_workers(service) -> list[int]:
    """The service's upload reading processes: its children spawned by multiprocessing (/proc)."""
    from pathlib import Path

    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # not a process, or gone meanwhile
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == service.process.pid and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def wait_until(condition, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def blocked_flock_waiters() -> set[int]:
    """Processes waiting for a flock (``/proc/locks`` lists a blocked request with ``->``)."""
    from pathlib import Path

    return {int(line.split()[5]) for line in Path("/proc/locks").read_text().splitlines() if "->" in line and "FLOCK" in line}


def test_health_answers_in_milliseconds_while_an_upload_waits_for_the_folder_lock(api):
    """Another process (a build) holds the data folder's lock: the upload waits for it on a thread,
    and every other request is answered meanwhile (it used to wait on the event loop: /healthz 5 s)."""
    import subprocess
    import sys
    import threading
    import time

    folder = httpx.get(api.url + "/healthz").json()  # the service is up
    assert folder["status"] == "ok"
    data = api.data
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys; f = open(sys.argv[1], 'a+b'); fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()", str(data / ".innokg.lock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result: dict = {}
        thread = threading.Thread(target=lambda: result.update(r=upload(api, "Plan-L.txt", "戊区测试方案", "建设戊区感知实验室")))
        thread.start()
        assert wait_until(lambda: api.process.pid in blocked_flock_waiters(), 120), "the upload never waited for the lock"
        latencies = []
        for _ in range(10):
            started = time.perf_counter()
            assert httpx.get(api.url + "/healthz", timeout=30).status_code == 200
            latencies.append(time.perf_counter() - started)
            time.sleep(0.05)
        assert max(latencies) < 0.5, latencies
        assert "doc:Plan-L" not in titles(api)  # still waiting: nothing stored yet
    finally:
        holder.stdin.close()  # the holder ends, the lock is free
        holder.wait(10)
    thread.join(60)
    assert result["r"].status_code == 201, result["r"].text
    assert titles(api)["doc:Plan-L"] == "戊区测试方案"


def test_an_upload_whose_client_goes_away_is_stopped_and_stores_nothing(api):
    assert upload(api, "Plan-W.txt", "庚区测试方案", "建设庚区感知实验室").status_code == 201  # the reader is up
    before = titles(api)
    with pytest.raises(httpx.TimeoutException):  # the client leaves while the plan is read (a second or more)
        httpx.post(api.url + "/documents", files={"file": ("Heavy-Gone.txt", heavy_plan(), "text/plain")}, headers=HEADERS, timeout=0.5)
    assert wait_until(lambda: not upload_workers(api), 10), "the upload's reader was not stopped"
    assert httpx.get(api.url + "/healthz").status_code == 200
    import time

    time.sleep(8)  # long enough for the reading to have finished, had it gone on
    assert titles(api) == before


@pytest.fixture(scope="module")
def hasty_api(seed_data, tmp_path_factory):
    """The service with uploads read within 0.5 s, and a temporary folder of its own (``TMPDIR``)."""
    from conftest import Service, copy_graph

    temporary = tmp_path_factory.mktemp("hasty-tmp")
    env = {"INNOKG_API_TOKEN": API_TOKEN, "INNOKG_MAX_UPLOAD_BYTES": "300000", "INNOKG_UPLOAD_SECONDS": "0.5", "TMPDIR": str(temporary)}
    with Service(copy_graph(seed_data, tmp_path_factory, "hasty"), env) as service:
        service.temporary = temporary
        yield service


def test_an_upload_past_the_time_limit_is_stopped_with_one_clear_error(hasty_api):
    before = titles(hasty_api)
    response = httpx.post(hasty_api.url + "/documents", files={"file": ("Heavy-Plan.txt", heavy_plan(), "text/plain")}, headers=HEADERS, timeout=120)
    assert response.status_code == 413, response.text
    error = response.json()["error"]
    assert error["code"] == "TimeLimit"
    assert "Heavy-Plan.txt" in error["message"] and "0.5 秒" in error["message"]  # the file and the limit
    assert not upload_workers(hasty_api)  # killed, not left reading
    assert not list(hasty_api.temporary.rglob("Heavy-Plan.txt"))  # nor its copy of the upload left behind
    assert titles(hasty_api) == before
    assert httpx.get(hasty_api.url + "/healthz", timeout=5).status_code == 200
    small = httpx.post(hasty_api.url + "/documents", files={"file": ("Plan-S.txt", PLAN.format(title="己区测试方案", task="建设己区感知实验室").encode(), "text/plain")}, headers=HEADERS, timeout=120)
    assert small.status_code == 201, small.text  # a new reader for the next upload


@pytest.mark.slow
def test_ctrl_c_stops_the_service_and_its_upload_reader_without_a_traceback(seed_data, tmp_path_factory):
    """A terminal's Ctrl-C reaches every process of the service's group, the upload reader among
    them: the service stops, the reader and its temporary folder with it, and neither prints a
    traceback."""
    import os
    import signal

    from conftest import Service, copy_graph

    temporary = tmp_path_factory.mktemp("ctrl-c-tmp")
    env = {"INNOKG_API_TOKEN": API_TOKEN, "TMPDIR": str(temporary)}
    with Service(copy_graph(seed_data, tmp_path_factory, "ctrl-c"), env, own_group=True) as service:
        assert upload(service, "Plan-C.txt", "辛区测试方案", "建设辛区感知实验室").status_code == 201
        readers = upload_workers(service)
        assert readers  # the reader is up, and in the service's group
        os.killpg(service.process.pid, signal.SIGINT)
        _, errors = service.process.communicate(timeout=60)
    assert "Traceback" not in errors and "KeyboardInterrupt" not in errors, errors
    assert wait_until(lambda: not any(_running(pid) for pid in readers), 10)
    assert not list(temporary.iterdir())  # the reader's temporary folder went with it


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan waits for an init that may never reap it)."""
    from pathlib import Path

    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
