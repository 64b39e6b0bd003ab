"""Task-division tables in every form a document brings them: HTML (with merged cells), Word,
tab-separated and space-aligned text; each row is a task whose cells keep their column."""

from __future__ import annotations

import pytest
from innokg.ingest import parse_document
from innokg.ingest.html import html_to_text

ROWS = [["序号", "重点任务", "牵头单位", "配合单位"], ["1", "建设实验室。加快推进", "市科技局", "市财政局"], ["2", "引进人才", "市人社局", "市教育局、市科技局"]]


def rows_of(path):
    parsed = parse_document(path)
    return [(t.path, t.title, [parsed.text[c.start : c.end] for c in t.cells[2:]]) for t in parsed.tasks]


EXPECTED = [("表1/1", "建设实验室", ["市科技局", "市财政局"]), ("表1/2", "引进人才", ["市人社局", "市教育局、市科技局"])]


def test_html_table_rows_are_tasks_and_merged_cells_repeat():
    text = html_to_text(
        "<table><tr><th>序号</th><th>任务</th><th>牵头单位</th></tr>"
        "<tr><td>1</td><td>甲</td><td rowspan='2'>市科技局</td></tr><tr><td>2</td><td>乙</td></tr></table>"
    )
    assert text.splitlines() == ["序号\t任务\t牵头单位", "1\t甲\t市科技局", "2\t乙\t市科技局"]


def test_a_layout_table_is_read_as_text():
    text = html_to_text("<table><tr><td><p>一、总则</p><p>（一）目标</p></td></tr></table>")
    assert text.splitlines() == ["一、总则", "（一）目标"]


@pytest.mark.parametrize("separator", ["\t", "  ", " "], ids=["tabs", "aligned", "single-spaced"])
def test_text_tables(tmp_path, separator):
    path = tmp_path / "plan.txt"
    path.write_text("某市任务分工\n" + "\n".join(separator.join(r) for r in ROWS) + "\n", encoding="utf-8")
    assert rows_of(path) == EXPECTED


def test_word_tables(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("某市任务分工")
    table = document.add_table(rows=len(ROWS), cols=4)
    for i, row in enumerate(ROWS):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    document.save(tmp_path / "plan.docx")
    assert rows_of(tmp_path / "plan.docx") == EXPECTED


def test_headings_around_a_table_stop_at_it(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("某市方案\n一、总体要求\n坚持创新。\n附件\n" + "\n".join("\t".join(r) for r in ROWS) + "\n", encoding="utf-8")
    parsed = parse_document(path)
    first = next(t for t in parsed.tasks if t.path == "一")
    assert "序号" not in parsed.text[first.start : first.end]
