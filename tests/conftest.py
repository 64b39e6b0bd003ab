"""Shared fixtures: the bundled seed plan, the shared corpus (as CI has it), a built graph, the
HTTP service on a copy of one, and headless Chromium for the page."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "data" / "corpus" / "wuhan-innovation-action-plan-2022-2024.txt"
SEED_GOLD = ROOT / "data" / "gold" / "wuhan-innovation-action-plan-2022-2024.responsibilities.json"
#: a progress report we wrote of the seed plan's city (data/editions): it restates some of the
#: plan's targets (one raised) and its 进展情况 column says what was reached
EDITION = ROOT / "data" / "editions" / "wuhan-progress-2023.txt"
#: documents we wrote in layouts the shared sets lack (a table, fields on their own lines,
#: traditional characters), with our gold in data/gold/layouts
LAYOUTS = ROOT / "data" / "layouts"
LAYOUTS_GOLD = ROOT / "data" / "gold" / "layouts"
NO_LEAD_TASK = "发展乡村特色产业"  # 责任单位 only: the document designates no lead
INNOKG = Path(sys.executable).parent / "innokg"


def shared(relative: str) -> Path:
    """A file of ../shared (the State Council pages, gold, score.py); CI lays it beside the clone."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"../shared/{relative} is not on this machine")
    return path


@pytest.fixture(scope="session")
def nlp():
    from innokg.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_record(nlp):
    from innokg.nlp.record import extract_file

    return extract_file(SEED, nlp)


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory) -> Path:
    """A data folder with the seed plan built into it (read-only for tests: copy to change)."""
    folder = tmp_path_factory.mktemp("seed-graph")
    result = run_cli("--data", str(folder), "build")
    assert result.returncode == 0, result.stderr
    return folder


#: a district's implementing opinion we wrote: it cites the seed plan by title and two national
#: documents by 文号 (one of them a State Council page of ../shared/corpus/html)
LINEAGE = ROOT / "data" / "lineage"
#: the State Council page the district document cites by number (国发〔2018〕42号)
CITED_PAGE = "corpus/html/state-council-04_agri_mechanization_upgrade.html"


@pytest.fixture(scope="session")
def lineage_data(tmp_path_factory) -> Path:
    """The seed plan, our district document and (where ../shared is) the State Council page it cites."""
    folder = tmp_path_factory.mktemp("lineage-graph")
    page = [str(SHARED / CITED_PAGE)] if (SHARED / CITED_PAGE).exists() else []
    result = run_cli("--data", str(folder), "build", str(SEED), str(LINEAGE), *page)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="session")
def layouts_data(tmp_path_factory) -> Path:
    """A data folder with our layout documents built into it (read-only for tests)."""
    from innokg import building
    from innokg.graph.embedded import EmbeddedStore

    folder = tmp_path_factory.mktemp("layouts-graph")
    building.build(EmbeddedStore(folder), building.document_paths([LAYOUTS]))
    return folder


@pytest.fixture(scope="session")
def editions_data(tmp_path_factory) -> Path:
    """A data folder with our two editions of one plan (data/editions/, 2022 and 2024) built into
    it (read-only for tests)."""
    from innokg.stores import example_editions

    folder = tmp_path_factory.mktemp("editions-graph")
    example_editions(folder)
    return folder


@pytest.fixture(scope="session")
def long_editions_data(tmp_path_factory) -> Path:
    """A data folder with two editions of a plan of 501 and 500 tasks: more pairs of tasks than
    innokg diff compares (graph.diff.MAX_PAIRS)."""
    import innokg

    docs = tmp_path_factory.mktemp("long-editions")
    for year, tasks, lead in (("2022", 501, "市科技局"), ("2024", 500, "市发改委")):
        lines = [f"{i + 1}.建设第{i + 1}号创新平台。（牵头单位：{lead}）" for i in range(tasks)]
        (docs / f"long-plan-{year}.txt").write_text(f"某市创新平台建设方案（{year}年）\n一、重点任务\n" + "\n".join(lines) + "\n", encoding="utf-8")
    folder = tmp_path_factory.mktemp("long-editions-graph")
    innokg.build(innokg.open_store(innokg.Settings(data=folder)), innokg.document_paths([docs]))
    return folder


#: real pairs of the shared corpus that share subject matter (../shared/corpus/…), for innokg diff:
#: one plan and the implementing opinions of its marine part; two years of one province's work-report
#: division; two fragments of another province's (different leaders' sections: nothing shared)
EDITION_PAIRS = (
    "dev2/09_pingtan-2015-water-pollution-action.txt",
    "dev/07_pingtan-2016-marine-water-pollution-opinions.txt",
    "wild/08_liaoning_2023_zfgzbg_renwu_fenjie.txt",
    "wild/07_liaoning_2025_zfgzbg_fengong_fangan.txt",
    "wild/06_zhejiang_2023_zfgzbg_zeren_fenjie_p8.txt",
    "wild/05_zhejiang_2024_zfgzbg_zeren_fenjie_trad.txt",
)


@pytest.fixture(scope="session")
def edition_pairs_data(tmp_path_factory) -> Path:
    """A data folder with :data:`EDITION_PAIRS` built into it (read-only for tests; skipped where
    ../shared is not beside the clone)."""
    from innokg import building
    from innokg.graph.embedded import EmbeddedStore

    paths = [shared("corpus/" + name) for name in EDITION_PAIRS]
    folder = tmp_path_factory.mktemp("edition-pairs-graph")
    building.build(EmbeddedStore(folder), paths)
    return folder


@pytest.fixture(scope="session")
def timeline_data(tmp_path_factory) -> Path:
    """A data folder with the seed plan and our 2023 progress report on it (:data:`EDITION`), whose
    targets are followed across the two (read-only for tests)."""
    from innokg import building
    from innokg.graph.embedded import EmbeddedStore

    folder = tmp_path_factory.mktemp("timeline-graph")
    building.build(EmbeddedStore(folder), [SEED, EDITION])
    return folder


@pytest.fixture
def seed_store(seed_data, tmp_path):
    from innokg.graph.embedded import EmbeddedStore

    copy = tmp_path / "data"
    shutil.copytree(seed_data, copy)
    return EmbeddedStore(copy)


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``innokg ARGS`` in this process (the pipeline loads once per test session), with the
    environment, working folder, output streams and exit status a user's run would have."""
    from innokg.api import cli

    stdout, stderr, code = io.StringIO(), io.StringIO(), 0
    with _environment({"COLUMNS": "200", **(env or {})}), _working_folder(cwd):
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                cli.main([str(a) for a in args])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return subprocess.CompletedProcess(["innokg", *args], code, stdout.getvalue(), stderr.getvalue())


def run_cli_process(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``innokg`` command in its own process, exactly as a user would."""
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [str(INNOKG), *args], capture_output=True, text=True, env=environment, timeout=120, cwd=cwd
    )


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def _working_folder(folder: Path | None):
    before = Path.cwd()
    if folder is not None:
        os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def write_pdf(path, lines: list[str], encrypt=None) -> None:
    """A real PDF with Chinese text (reportlab's built-in CID font: no font file needed);
    ``encrypt``: reportlab's StandardEncryption, for an encrypted one."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path), encrypt=encrypt)
    text = page.beginText(40, 800)
    text.setFont("STSong-Light", 11)
    for line in lines:
        text.textLine(line)
    page.drawText(text)
    page.save()


# --------------------------------------------------------------------------- the Bolt server


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """A FalkorDB server speaking Bolt, started for the session (see tests/bolt_server.py)."""
    from bolt_server import BoltServer

    server = BoltServer(tmp_path_factory.mktemp("bolt")).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _bolt_server_running(request):
    """Before each test that talks to the Bolt server: the server is running, started again (with
    a warning in the summary) if it exited during an earlier test — that test fails on its own,
    and the rest still test innokg, not a dead server."""
    if {"bolt_server", "neo4j_store"} & set(request.fixturenames):
        exited = request.getfixturevalue("bolt_server").revive()
        if exited:
            warnings.warn(f"the FalkorDB test server had exited and was started again ({exited})", stacklevel=1)


@pytest.fixture(scope="session")
def neo4j_store(bolt_server):
    """One store (one driver) for the session; tests that need a known graph load it themselves."""
    from innokg.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(bolt_server.uri, timeout=10, dialect="falkordb")
    yield store
    store.close()
    bolt_server.settle()


def corpus_paths() -> list[Path]:
    """The bundled plan, and the State Council pages when ../shared is beside the clone."""
    from innokg import building

    paths = building.document_paths([ROOT / "data" / "corpus"])
    if (SHARED / "corpus" / "html").is_dir():
        paths += building.document_paths([SHARED / "corpus" / "html"])
    return paths


@pytest.fixture(scope="session")
def corpus_data(tmp_path_factory) -> Path:
    """A data folder with the corpus built into it (read-only for tests)."""
    from innokg import building
    from innokg.graph.embedded import EmbeddedStore

    folder = tmp_path_factory.mktemp("corpus-graph")
    building.build(EmbeddedStore(folder), corpus_paths())
    return folder


#: shared documents whose tasks a question can be mistaken for (../shared/corpus/…): a task of the
#: water plan 09 whose text, not its title, holds 小型工业企业; the investment opinion 03 with a task
#: titled 设施; a State Council notice with 150-character titles holding 工业…企业 scattered
MIXED = (
    "dev2/09_pingtan-2015-water-pollution-action.txt",
    "dev/03_pingtan-2015-effective-investment.txt",
    "html/state-council-06_local_incentive_support.html",
)


@pytest.fixture(scope="session")
def mixed_data(tmp_path_factory) -> Path:
    """A data folder with the bundled plan and the :data:`MIXED` shared documents (read-only for
    tests; skipped where ../shared is not beside the clone)."""
    from innokg import building
    from innokg.graph.embedded import EmbeddedStore

    paths = [shared("corpus/" + name) for name in MIXED]
    folder = tmp_path_factory.mktemp("mixed-graph")
    building.build(EmbeddedStore(folder), building.document_paths([SEED, *paths]))
    return folder


# --------------------------------------------------------------------------- the HTTP service


class Service:
    """``innokg serve`` running in a subprocess, as users run it."""

    def __init__(self, data: Path, env: dict | None = None, own_group: bool = False) -> None:
        """``own_group``: in a process group of its own, as a terminal's foreground job, with
        Ctrl-C's signal as a terminal leaves it (a test runner may ignore it)."""
        import signal

        from bolt_server import free_port

        port = free_port()
        self.data = data
        self.url = f"http://127.0.0.1:{port}"
        environment = {**os.environ, "INNOKG_DATA": str(data), **(env or {})}
        self.process = subprocess.Popen(
            [str(INNOKG), "serve", "--port", str(port)],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=own_group,
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if own_group else None,
        )
        self._wait()

    def _wait(self, timeout: float = 60.0) -> None:
        import time

        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"innokg serve exited: {self.process.stderr.read()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("innokg serve did not answer /healthz")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def copy_graph(graph: Path, tmp_path_factory, name: str) -> Path:
    """A copy of a built data folder (the session's graphs are read-only), in a fresh folder
    named after ``name``: what a service that may write, or a graph a test edits, runs on.

    A module's service is then ``with Service(copy_graph(graph, tmp_path_factory, name), env) as
    service: yield service``: the service stops when the module is done, whatever happened."""
    data = tmp_path_factory.mktemp(name) / "data"
    shutil.copytree(graph, data)
    return data


def build_plan(tmp_path_factory, name: str, text: str) -> Path:
    """A data folder with one plan written for a test (``text``, as plan.txt) built into it."""
    from innokg import building
    from innokg.graph.embedded import EmbeddedStore

    folder = tmp_path_factory.mktemp(name)
    plan = folder / "plan.txt"
    plan.write_text(text, encoding="utf-8")
    building.build(EmbeddedStore(folder / "data"), [plan])
    return folder / "data"


def edit_nodes(data: Path, change: Callable) -> None:
    """Rewrite every node of the graph in ``data`` through ``change`` (a node to the node kept),
    document by document, and save: a graph as an untrusted document could have made it."""
    from innokg.graph.embedded import EmbeddedStore

    store = EmbeddedStore(data)
    for fragment in list(store.fragments.values()):
        store.replace_document(fragment.model_copy(update={"nodes": [change(n) for n in fragment.nodes]}))
    store.save()


def rename_unit(data: Path, name: str, new_name: str) -> None:
    """Give the unit ``name`` of the graph in ``data`` the name ``new_name`` (see :func:`edit_nodes`)."""
    from innokg.graph.model import Label

    def renamed(node):
        return node.model_copy(update={"name": new_name}) if node.label == Label.UNIT and node.name == name else node

    edit_nodes(data, renamed)


API_TOKEN = "test-token-7b1d"


@pytest.fixture(scope="module")
def layouts_service(layouts_data, tmp_path_factory):
    """The service on a copy of the layout documents' graph."""
    with Service(copy_graph(layouts_data, tmp_path_factory, "layouts-api")) as service:
        yield service


@pytest.fixture(scope="module")
def api(seed_data, tmp_path_factory):
    """The service on a copy of the seed graph, with a write token and a 300 kB upload limit."""
    env = {"INNOKG_API_TOKEN": API_TOKEN, "INNOKG_MAX_UPLOAD_BYTES": "300000"}
    with Service(copy_graph(seed_data, tmp_path_factory, "api"), env) as service:
        yield service


# --------------------------------------------------------------------------- the page in a browser

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = "Debian chromium is installed by `make test`"
#: a module or test that drives the page in Chromium: skipped, saying how to get it, where it is missing
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
#: screenshots the browser tests leave for a person to look at
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's, driven by Playwright), one per test module.

    Not one per session: Playwright's sync API keeps its event loop running for as long as it is
    open, and tests of later modules call ``asyncio.run`` in this process."""
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


def open_page(browser, url: str, path: str = "/", width: int = 1400, height: int = 1000):
    """A new page at ``url + path``; (the page, the URLs it requests, the messages of the dialogs
    it opens, each dismissed), the two lists growing as the page goes on."""
    page = browser.new_page(viewport={"width": width, "height": height})
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url + path)
    return page, requests, dialogs


def offsite(requests: list[str]) -> list[str]:
    """The http(s) requests that left 127.0.0.1: the page must make none."""
    return [u for u in requests if urlparse(u).scheme in ("http", "https") and urlparse(u).hostname != "127.0.0.1"]
