"""Reading files: encodings, HTML, Word, and the bad inputs a user will hand us."""

from __future__ import annotations

import docx
import pytest
from conftest import SEED, shared, write_pdf
from innokg.graph.model.errors import InputError
from innokg.ingest.reader import read_document


def test_utf8_text_is_kept_exactly():
    raw = read_document(SEED)
    assert raw.format == "txt" and raw.encoding == "utf-8"
    assert raw.text == SEED.read_text(encoding="utf-8")


def test_gb18030_text_reads_the_same_as_utf8(tmp_path):
    gb = tmp_path / "plan-gb.txt"
    gb.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    raw = read_document(gb)
    assert raw.encoding == "gb18030"
    assert raw.text == SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空"),
        (b"  \n\t\n", "文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "二进制"),
    ],
    ids=["empty", "blank", "binary"],
)
def test_unreadable_files_are_refused_by_name(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_document(bad)
    assert message in str(caught.value)
    assert str(bad) in str(caught.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="不存在"):
        read_document(tmp_path / "nope.txt")


def test_html_fragment_keeps_paragraphs_as_lines_and_drops_markup():
    raw = read_document(shared("corpus/html/state-council-04_agri_mechanization_upgrade.html"))
    lines = raw.text.splitlines()
    assert raw.format == "html"
    assert lines[:3] == [
        "国务院关于加快推进农业机械化和",
        "农机装备产业转型升级的指导意见",
        "国发〔2018〕42号",
    ]
    assert "<" not in raw.text and "&nbsp;" not in raw.text
    # inline spans of one paragraph stay on one line: the marker and its text together
    assert any(line.startswith("（三）完善农机装备创新体系。瞄准") for line in lines)


def test_whole_html_page_drops_navigation_and_scripts(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>通知</title><script>var x='（牵头单位：假）';</script></head><body>"
        "<nav>首页 | 政策文件</nav><div class='article'><p>关于加快建设的实施方案</p>"
        "<p>一、主要任务</p><p>1.建设平台。做大做强。（牵头单位：市科技局；责任单位：市发改委）</p>"
        + "<p>"
        + "说明文字。" * 50
        + "</p></div><footer>版权所有</footer></body></html>",
        encoding="utf-8",
    )
    raw = read_document(page)
    assert "首页" not in raw.text and "版权所有" not in raw.text and "var x" not in raw.text
    assert "1.建设平台。做大做强。（牵头单位：市科技局；责任单位：市发改委）" in raw.text.splitlines()


def test_word_document(tmp_path):
    path = tmp_path / "plan.docx"
    document = docx.Document()
    for line in (
        "某市科技创新行动方案",
        "一、重点任务",
        "1.建设实验室。推进建设。(牵头单位:市科技局;责任单位:市财政局)",
    ):
        document.add_paragraph(line)
    document.save(path)
    raw = read_document(path)
    assert raw.format == "docx"
    assert raw.text.splitlines()[2].startswith("1.建设实验室")


def test_broken_word_document_is_named(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(InputError, match="docx"):
        read_document(path)


def test_pdf_paragraphs_are_joined_across_line_wraps(tmp_path):
    path = tmp_path / "plan.pdf"
    write_pdf(
        path,
        [
            "某市科技创新行动方案",
            "一、重点任务",
            "1.建设实验室。加快建设光谷实验室，推进重大",
            "科技基础设施建设。(牵头单位:市科技局;责任单位:市财政局)",
            "2.培育企业。支持企业创新。(牵头单位:市经信局)",
        ],
    )
    raw = read_document(path)
    assert raw.format == "pdf"
    lines = raw.text.splitlines()
    assert (
        "1.建设实验室。加快建设光谷实验室，推进重大科技基础设施建设。(牵头单位:市科技局;责任单位:市财政局)"
        in lines
    )
    assert lines[-1] == "2.培育企业。支持企业创新。(牵头单位:市经信局)"


def test_pdf_without_text_or_broken_is_named(tmp_path):
    from reportlab.pdfgen import canvas

    empty = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(empty))
    page.rect(10, 10, 100, 100)
    page.save()
    with pytest.raises(InputError, match="扫描件"):
        read_document(empty)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n this is not a pdf body")
    with pytest.raises(InputError) as caught:
        read_document(broken)
    assert str(broken) in str(caught.value)


@pytest.mark.parametrize("encoding", ["big5", "utf-16", "utf-32", "gb18030", "utf-8"])
def test_traditional_and_wide_encodings_are_read_not_garbled(tmp_path, encoding):
    text = "某區關於加強科技創新的實施意見\n一、主要任務\n（一）建設重點實驗室。（牽頭單位：區科技局）\n"
    path = tmp_path / f"plan-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    raw = read_document(path)
    assert raw.text.replace("\r\n", "\n") == text and raw.encoding == encoding


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-16"),  # little-endian with its mark, as Windows Notepad saves
        lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
        lambda text: text.replace("\n", "\r\n").encode("utf-16"),
        lambda text: text.encode("utf-32"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-16-crlf", "utf-32"],
)
def test_a_wide_encoding_gets_the_plans_title_not_its_file_name(tmp_path, encode):
    from innokg.ingest import parse_document

    text = SEED.read_text(encoding="utf-8")
    wide, narrow = tmp_path / "wide.txt", tmp_path / "narrow.txt"
    wide.write_bytes(encode(text))
    narrow.write_bytes(text.encode("gb18030"))
    assert parse_document(wide).info.title == parse_document(narrow).info.title == "武汉市创新发展三年行动方案(2022——2024年)"


def test_characters_that_show_nothing_make_no_look_alike_units(tmp_path):
    """A zero-width space or a right-to-left override inside a unit's name would make a second
    unit that looks like the first."""
    from innokg.nlp.record import extract_file

    path = tmp_path / "hidden.txt"
    path.write_text(
        "某区实施意见\n一、主要任务\n（一）建设重点实验室。（牵头单位：区科\u200b技局）\n（二）推进人才引育。（牵头单位：区科技局\u202e）\n",
        encoding="utf-8",
    )
    record = extract_file(path)
    assert {u.name for t in record.tasks for u in t.lead} == {"区科技局"}
    assert "\u200b" not in read_document(path).text
