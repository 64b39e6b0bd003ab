"""The two dialects of the Neo4j store, without a server: what each sends for one document.

Neo4j cannot be installed here and FalkorDB (the slow tests' server) runs the FalkorDB dialect,
so the production dialect's statements are checked against a driver that records them.
"""

from __future__ import annotations

import pytest
from innokg.graph.build import record_to_graph
from innokg.graph import answers
from innokg.graph.model import Label
from innokg.graph.model.errors import NotFound
from innokg.graph.neo4j_store import Neo4jStore, cypher
from innokg.graph.neo4j_store.dialect import BATCH_ROWS, Neo4jDialect
from innokg.graph.neo4j_store.falkordb import SMALL_PARAMETERS, FalkorDBDialect


class RecordingDriver:
    """Stands in for the driver and its sessions: records every statement, answers nothing."""

    def __init__(self) -> None:
        self.auto_commit: list[tuple[str, dict]] = []  # statements run one per transaction
        self.transactions: list[list[tuple[str, dict]]] = []  # statements of each write transaction

    def session(self, database=None):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *_):
        return False

    def run(self, statement, params):
        self.auto_commit.append((statement, params))
        return Answer()

    def execute_write(self, work):
        transaction = Transaction()
        self.transactions.append(transaction.statements)
        return work(transaction)

    def close(self) -> None:
        pass


class Answer:
    def data(self) -> list:
        return []


class Transaction:
    def __init__(self) -> None:
        self.statements: list[tuple[str, dict]] = []

    def run(self, statement, params):
        self.statements.append((statement, params))
        return []


def recorded_store(dialect: str) -> tuple[Neo4jStore, RecordingDriver]:
    store = Neo4jStore("bolt://127.0.0.1:9", dialect=dialect)  # the driver connects only when used
    store.driver.close()
    store.driver = RecordingDriver()
    return store, store.driver


@pytest.fixture(scope="module")
def long_plan(nlp):
    """A plan with one task whose text is 20 KB, eight times what one FalkorDB statement takes."""
    from innokg.ingest import parse_text
    from innokg.nlp.record import extract

    data = record_to_graph(extract(parse_text("计划\n一、任务\n1.建设园区。（牵头单位：市科技局）\n", source="long.txt"), nlp))
    task = next(n for n in data.nodes if n.label == Label.TASK)
    text = "建设园区，" * 4000
    nodes = [n.model_copy(update={"text": text}) if n.id == task.id else n for n in data.nodes]
    return data.model_copy(update={"nodes": nodes}), text


def rows_sent(statements):
    return [row for _, params in statements for row in params.get("rows", [])]


def test_on_neo4j_a_document_is_one_transaction_its_texts_whole(long_plan):
    data, text = long_plan
    store, driver = recorded_store("neo4j")
    store.replace_document(data)
    [transaction] = driver.transactions
    assert "SET m.version = m.version + 1" in transaction[0][0]  # counted first: the write lock
    # the task's long text whole (the Document node carries the document's text too)
    assert [row["props"]["text"] for row in rows_sent(transaction) if row.get("props", {}).get("label") == "Task"] == [text]
    assert not any("$piece" in statement for statement, _ in transaction)
    schema = [statement for statement, _ in driver.auto_commit if statement.startswith("CREATE")]
    assert schema == cypher.neo4j_schema() and all("IF NOT EXISTS" in s for s in schema)
    assert not any(s.startswith("UNWIND") or "dbms.components" in s for s, _ in driver.auto_commit)  # no probe


def test_on_falkordb_every_statement_is_its_own_and_long_texts_go_in_pieces(long_plan):
    data, text = long_plan
    store, driver = recorded_store("falkordb")
    store.replace_document(data)
    assert driver.transactions == []
    written = [(s, p) for s, p in driver.auto_commit if s.startswith(("UNWIND", "MATCH (n:Node {id: $id}) SET"))]
    assert "SET m.version = m.version + 1" in driver.auto_commit[-1][0]  # counted once written
    pieces = [p["piece"] for s, p in written if "$piece" in s]
    first = next(row["props"]["text"] for row in rows_sent(written) if row.get("props", {}).get("label") == "Task")
    assert len(pieces) > 5 and first + "".join(pieces) == text


@pytest.mark.parametrize("dialect", [Neo4jDialect(), FalkorDBDialect()])
def test_rows_go_in_batches_each_dialect_takes(dialect):
    rows = [{"id": f"unit:{i:04d}", "props": {"name": "单位" * 10}} for i in range(2500)]
    sent = []
    dialect.send(lambda statement, params: sent.append(params["rows"]), "UNWIND $rows AS row RETURN 1", rows)
    assert [row for batch in sent for row in batch] == rows
    if dialect.name == "neo4j":
        assert [len(batch) for batch in sent] == [BATCH_ROWS, BATCH_ROWS, 500]
    else:
        assert max(len(str(batch).encode()) for batch in sent) < SMALL_PARAMETERS


@pytest.mark.parametrize("odd", ["", "a\\'b", 'x"}) DETACH DELETE n //', "长" * 600])
def test_an_id_no_node_has_is_not_found_on_either_dialect(odd):
    store, driver = recorded_store("neo4j")
    with pytest.raises(NotFound):
        answers.task_answer(store, odd)
    assert [params for _, params in driver.auto_commit] == [{"id": odd}]  # a parameter, never query text
    store, driver = recorded_store("falkordb")
    with pytest.raises(NotFound):
        answers.task_answer(store, odd)
    assert driver.auto_commit == []  # FalkorDB pastes parameters into its query text: refused first


@pytest.mark.parametrize("uri", ["bolt://127.0.0.1:notaport", "http://127.0.0.1:7474", "ftp://neo4j.example", "bolt://"])
def test_an_address_that_is_no_bolt_address_is_one_clear_error(uri):
    from innokg.graph.model.errors import StoreError

    with pytest.raises(StoreError, match="Neo4j 地址无效") as caught:
        Neo4jStore(uri)
    assert uri in str(caught.value) and "bolt://" in str(caught.value)
