"""Files made to hurt a reader: zip and XML bombs, broken archives, huge texts. Each gets one
clear line naming the file, in bounded memory, and a build with --skip-bad goes on."""

from __future__ import annotations

import zipfile

import pytest
from conftest import SEED, run_cli
from innokg.graph.model.errors import InputError
from innokg.ingest import parse_document

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word_file(path, document_xml: bytes):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document_xml)
    return path


def laughs() -> bytes:
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><w:document {W}><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>'.encode()


HOSTILE = {
    "zip-bomb.docx": (lambda p: word_file(p, f"<w:document {W}><w:body>".encode() + b"<w:p/>" * 4_000_000), "压缩炸弹"),
    "laughs.docx": (lambda p: word_file(p, laughs()), "正文 XML 有误"),
    "malformed.docx": (lambda p: word_file(p, b"<w:document><w:body>"), "正文 XML 有误"),
    "truncated.docx": (lambda p: p.write_bytes(word_file(p, f"<w:document {W}/>".encode()).read_bytes()[:300]), "压缩包"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_word_file_gets_one_clear_line(tmp_path, name):
    make, words = HOSTILE[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(InputError, match=words) as caught:
        parse_document(path)
    assert str(path) in str(caught.value)


def test_skip_bad_goes_on_past_every_bad_file(tmp_path):
    bad = []
    for name, (make, _) in HOSTILE.items():
        make(tmp_path / name)
        bad.append(str(tmp_path / name))
    result = run_cli("--data", str(tmp_path / "data"), "build", "--skip-bad", str(SEED), *bad, str(tmp_path / "missing.txt"))
    assert result.returncode == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if "已跳过" in line]
    assert len(skipped) == len(bad) + 1 and "Traceback" not in result.stderr
    assert "建设重大科技基础设施群" in run_cli("--data", str(tmp_path / "data"), "who", "建设重大科技基础设施群").stdout


def test_a_text_over_the_limit_is_refused_by_name(tmp_path, nlp):
    from innokg.nlp.record import extract
    from innokg.ingest import parse_text

    limit, nlp.max_length = nlp.max_length, 500
    try:
        with pytest.raises(InputError, match="文件过长"):
            extract(parse_text("某市方案\n一、建设。\n" + "推进工作。" * 200, source="long.txt"), nlp)
    finally:
        nlp.max_length = limit


def test_an_encrypted_pdf_is_refused_in_one_line_not_stored_as_glyph_codes(tmp_path):
    """Encrypted with an empty user password and copying forbidden: pdfminer opens it but cannot
    map its glyphs to characters (it printed "(cid:2242)…", which used to be stored as the text).
    The build says so in one line, names the file, and stores nothing; the same plan unencrypted
    is read."""
    from conftest import write_pdf
    from reportlab.lib.pdfencrypt import StandardEncryption

    lines = ["某市创新行动方案", "一、重点任务", "1.建设科技创新平台。（牵头单位：市科技局；责任单位：市财政局）"]
    locked = tmp_path / "locked.pdf"
    write_pdf(locked, lines, encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0))
    open_copy = tmp_path / "open.pdf"
    write_pdf(open_copy, lines)
    data = tmp_path / "data"
    result = run_cli("--data", str(data), "build", str(locked))
    assert result.returncode == 1 and "locked.pdf" in result.stderr and "无法解码" in result.stderr
    assert "Traceback" not in result.stderr and "cid:" not in result.stderr + result.stdout
    assert "metadata field" not in result.stderr  # the error, not a library's warning
    assert not (data / "graph.sqlite").exists()
    assert run_cli("--data", str(data), "build", str(open_copy)).returncode == 0
    assert "市科技局" in run_cli("--data", str(data), "who", "科技创新平台").stdout


def test_a_page_of_100000_nested_divs_is_read(tmp_path):
    """Generated markup nested deeper than any parser's default limit: the text inside is read,
    not refused as a page with no text."""
    depth = 100_000
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><body>" + "<div>" * depth + "<p>某区行动方案</p><p>一、重点任务</p>"
        "<p>1.建设创新中心。（牵头单位：区科技局；责任单位：区财政局）</p>" + "</div>" * depth + "</body></html>",
        encoding="utf-8",
    )
    document = parse_document(page)
    assert "建设创新中心" in document.text and document.info.title == "某区行动方案"
    assert [t.title for t in document.tasks] == ["建设创新中心"]


# --------------------------------------------------------------------------- inputs made to be slow


def _read_html(markup: str) -> str:
    from innokg.ingest.reader import read_bytes

    return read_bytes(markup.encode(), source="hostile.html", suffix=".html").text


def _seconds(work) -> float:
    import time

    start = time.perf_counter()
    work()
    return time.perf_counter() - start


@pytest.mark.timeout(20)
def test_nested_layout_tables_are_read_in_linear_time():
    """A cell holding a table holding a table …: each level was read twice per level above it
    (2^depth: 21 levels took minutes)."""

    def nested(depth: int) -> str:
        return "<html><body>" + "<table><tr><td>层" * depth + "底" + "</td></tr></table>" * depth + "</body></html>"

    text = _read_html(nested(40))
    assert text.count("层") == 40 and "底" in text
    small, large = _seconds(lambda: _read_html(nested(100))), _seconds(lambda: _read_html(nested(800)))
    assert large < 40 * max(small, 0.001)  # 8× the input: nowhere near 8² × the time


@pytest.mark.timeout(20)
def test_a_tag_with_tens_of_thousands_of_attributes_is_read_quickly():
    attributes = " ".join(f'a{i}="v"' for i in range(60_000))
    text = _read_html(f'<html><body><p {attributes} class="x">推进科技创新。（牵头单位：区科技局）</p></body></html>')
    assert text == "推进科技创新。（牵头单位：区科技局）"


def test_a_page_nested_deeper_than_the_parser_goes_loses_nothing():
    """libxml2 stops at 256 levels (2,048 with huge_tree) and drops what lies below."""
    for depth in (300, 3000):
        page = "<html><body>" + "".join(f"<div>第{i}段。" for i in range(depth)) + "最深处（牵头单位：区科技局）" + "</div>" * depth
        text = _read_html(page + "</body></html>")
        assert text.count("段。") == depth and "最深处（牵头单位：区科技局）" in text


@pytest.mark.timeout(10)
def test_a_pipe_or_a_device_given_as_a_file_is_refused_not_read(tmp_path):
    import os

    from innokg.ingest.reader import read_document

    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)  # nobody writes to it: reading would wait forever
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")  # reading would never end
    for path in (fifo, zero):
        with pytest.raises(InputError, match="不是普通文件") as caught:
            read_document(path)
        assert str(path) in str(caught.value)


@pytest.mark.timeout(30)
def test_a_pdf_whose_stream_inflates_to_gigabytes_is_refused(tmp_path):
    import resource
    import zlib

    from innokg.ingest.reader import read_document

    bomb = zlib.compress(b"0" * (300 * 1024 * 1024), 9)  # 300 MB of content in ~300 KB
    pdf = tmp_path / "bomb.pdf"
    pdf.write_bytes(
        b"%%PDF-1.4\n1 0 obj\n<</Length %d/Filter/FlateDecode>>\nstream\n" % len(bomb)
        + bomb
        + b"\nendstream\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n"
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError, match="解压后过大") as caught:
        read_document(pdf)
    assert str(pdf) in str(caught.value)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KB: well under the 300 MB
