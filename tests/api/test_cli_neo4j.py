"""The CLI on Neo4j: ``innokg load`` pushes the embedded graph, ``--store neo4j`` answers from it."""

from __future__ import annotations

import pytest
from conftest import run_cli

pytestmark = pytest.mark.slow  # a real Bolt server / Jupyter kernel: `make check` leaves it out


@pytest.fixture
def neo4j_cli(bolt_server, neo4j_store, tmp_path):
    """Run the CLI against the Bolt server, configured from a .env file as users do."""
    neo4j_store.clear()
    (tmp_path / ".env").write_text(f"NEO4J_URI={bolt_server.uri}\nNEO4J_PASSWORD=\nINNOKG_NEO4J_DIALECT=falkordb\n", encoding="utf-8")

    def run(*args: str, env: dict | None = None):
        result = run_cli(*args, env=env, cwd=tmp_path)
        bolt_server.settle()  # the CLI's driver said GOODBYE; see tests/bolt_server.py
        return result

    return run


def test_load_then_ask_neo4j(neo4j_cli, seed_data, neo4j_store):
    result = neo4j_cli("--data", str(seed_data), "load")
    assert result.returncode == 0, outcome(result)
    nodes, relationships = neo4j_store.counts()
    assert f"{nodes} 个节点、{relationships} 条关系" in result.stdout
    assert nodes > 200 and relationships > 300

    again = neo4j_cli("--data", str(seed_data), "load")
    assert again.returncode == 0, outcome(again)
    assert neo4j_store.counts() == (nodes, relationships)

    who = neo4j_cli("--store", "neo4j", "who", "建设重大科技基础设施群")
    assert who.returncode == 0, outcome(who)
    assert "牵头单位  市发改委" in who.stdout
    embedded = run_cli("--data", str(seed_data), "who", "建设重大科技基础设施群")
    assert who.stdout == embedded.stdout

    for args in (("tasks", "市招才局"), ("links", "光电子信息"), ("stats",)):
        on_neo4j = neo4j_cli("--store", "neo4j", *args, env={"INNOKG_DATA": "/nonexistent"})
        assert on_neo4j.returncode == 0, outcome(on_neo4j)
        on_embedded = run_cli("--data", str(seed_data), *args)
        assert without_title(on_neo4j.stdout) == without_title(on_embedded.stdout)


def outcome(result) -> str:
    return f"exit {result.returncode}\nstdout: {result.stdout[-800:]}\nstderr: {result.stderr[-2000:]}"


def without_title(output: str) -> list[str]:
    """The answer without the line naming where the graph is stored."""
    return [line for line in output.splitlines() if "图谱 " not in line]


def test_store_chosen_by_the_environment(neo4j_cli, seed_data):
    assert neo4j_cli("--data", str(seed_data), "load").returncode == 0
    result = neo4j_cli("tasks", "市招才局", env={"INNOKG_STORE": "neo4j", "INNOKG_DATA": "/nonexistent"})
    assert result.returncode == 0, outcome(result)
    assert "市招才局" in result.stdout


def test_unreachable_server_is_one_line_and_exit_1(seed_data, tmp_path):
    env = {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "s3cret-password", "INNOKG_NEO4J_TIMEOUT": "2"}
    for args in (("--store", "neo4j", "stats"), ("--data", str(seed_data), "load")):
        result = run_cli(*args, env=env, cwd=tmp_path)
        assert result.returncode == 1
        assert "无法连接 Neo4j（bolt://127.0.0.1:9）" in result.stderr
        assert "Traceback" not in result.stderr
        assert "s3cret-password" not in result.stderr + result.stdout


def test_the_password_is_never_an_option():
    help_text = run_cli("load", "--help").stdout + run_cli("--help").stdout
    assert "--neo4j" in help_text
    assert "password" not in help_text.lower()


def test_load_with_an_empty_embedded_graph_says_build_first(neo4j_cli, tmp_path):
    result = neo4j_cli("--data", str(tmp_path / "empty"), "load")
    assert result.returncode == 1
    assert "请先运行 innokg build" in result.stderr


def test_records_extracted_apart_load_in_batches_idempotently(neo4j_cli, layouts_data, neo4j_store, tmp_path):
    from conftest import LAYOUTS, NO_LEAD_TASK

    extracted = run_cli("extract", str(LAYOUTS), "--jsonl", "--jobs", "2")
    assert extracted.returncode == 0, extracted.stderr
    records = tmp_path / "records.jsonl"
    records.write_text(extracted.stdout, encoding="utf-8")
    assert len(extracted.stdout.splitlines()) == 3
    loaded = neo4j_cli("load", "--records", str(records))
    assert loaded.returncode == 0, outcome(loaded)
    counts = neo4j_store.counts()
    assert neo4j_cli("load", "--records", str(records)).returncode == 0
    assert neo4j_store.counts() == counts  # loading again changes nothing
    who = neo4j_cli("--store", "neo4j", "who", NO_LEAD_TASK)
    assert who.stdout == run_cli("--data", str(layouts_data), "who", NO_LEAD_TASK).stdout  # as if built here
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"document": 1}\n', encoding="utf-8")
    failed = neo4j_cli("load", "--records", str(bad))
    assert failed.returncode == 1 and "第 1 行" in failed.stderr
