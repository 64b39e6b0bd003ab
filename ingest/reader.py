"""Read a document file into text: UTF-8 or GB18030 plain text, HTML pages or fragments, Word, PDF.

The text returned is the document's text from then on: every span innokg stores indexes
into it. Plain text is kept exactly as decoded; HTML and Word are flattened to one line per
block (paragraph, table row, list item) with boilerplate (scripts, navigation) dropped; PDF
text (pdfminer) has the line wraps inside a paragraph joined again.
"""

from __future__ import annotations

import hashlib
import io
import stat
import logging
import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from innokg.graph.model.errors import InputError
from innokg.ingest.html import html_to_text
from innokg.ingest.markers import MARKERS

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
DOCX_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}
#: what a folder is searched for and an upload may be called: the suffixes read above
DOCUMENT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx", ".pdf")
SUFFIXES_CN = " ".join(DOCUMENT_SUFFIXES)
#: A PDF line that ends like this closes its paragraph; others wrap onto the next line.
PARAGRAPH_END = ("。", "；", "：", ":", "）", ")", "”", "」", "！", "？")

#: Encodings tried in order. GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class RawDocument:
    source: str
    format: str
    encoding: str
    text: str
    sha256: str


#: the largest file read (a plan with its tables and pictures is a few MB; the text limit is
#: 4 million characters)
MAX_FILE_BYTES = 100 * 1024 * 1024


def read_document(path: str | Path) -> RawDocument:
    """Read ``path``; raise :class:`InputError` naming the file for anything unreadable."""
    path = Path(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe would wait forever, /dev/zero never end
            raise InputError("不是普通文件（管道、设备或套接字）", source=path)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError("文件不存在", source=path) from None
    except IsADirectoryError:
        raise InputError("这是一个目录，不是文件", source=path) from None
    except OSError as exc:
        raise InputError(f"无法读取：{exc.strerror}", source=path) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"文件过大（上限 {MAX_FILE_BYTES // 1024 // 1024} MB）", source=path)
    return read_bytes(data, source=str(path), suffix=path.suffix.lower())


def read_bytes(data: bytes, *, source: str, suffix: str) -> RawDocument:
    """The text of a file's bytes, read by its format, without characters that show nothing."""
    raw = _read_bytes(data, source=source, suffix=suffix)
    return replace(raw, text=INVISIBLE.sub("", raw.text)) if INVISIBLE.search(raw.text) else raw


def _read_bytes(data: bytes, *, source: str, suffix: str) -> RawDocument:
    if not data.strip():
        raise InputError("文件为空", source=source)
    digest = hashlib.sha256(data).hexdigest()
    if suffix in PDF_SUFFIXES or data[:5] == b"%PDF-":
        text = _pdf_text(data, source)
        if not text.strip():
            raise InputError("PDF 中没有可读的文字（可能是扫描件，需要先做文字识别）", source=source)
        if text.count("(cid:") * 6 > len(text) * 0.2:  # glyph codes, not characters
            raise InputError("PDF 的文字无法解码（加密，或字体没有字符映射）：请另存为可复制文字的 PDF", source=source)
        return RawDocument(source, "pdf", "pdf", text, digest)
    if suffix in DOCX_SUFFIXES or data[:2] == b"PK":
        return RawDocument(source, "docx", "docx", _docx_text(data, source), digest)
    text, encoding = decode(data, source)
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
        text = html_to_text(text)
        fmt = "html"
    else:
        fmt = "txt"
    if not text.strip():
        raise InputError("没有可读的正文", source=source)
    return RawDocument(source, fmt, encoding, text, digest)


#: characters that show nothing: zero-width spaces and joiners, direction marks and overrides, a
#: soft hyphen. Left in, "市发\u200b改委" and "市发改委" would be two units that look alike; the
#: text is read without them
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

#: byte-order marks of the wide encodings, longest first
UNICODE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode UTF-32 or UTF-16 (with its byte-order mark), UTF-8 (with or without BOM), Big5 (traditional
    characters, told from GB18030 by what GB18030 would make of it) or GB18030; refuse binary."""
    for bom, encoding in UNICODE_BOMS:  # UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(f"{encoding.upper()} 文本已损坏", source=source) from None
    if b"\x00" in data[:65536]:
        raise InputError("不是文本文件（含二进制内容）", source=source)
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) > 0.01:
            break
        if encoding == "gb18030" and _garbled(text):
            try:
                return data.decode("big5"), "big5"
            except UnicodeDecodeError:
                pass
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise InputError("无法识别的编码或二进制内容（支持 UTF-8、UTF-16、UTF-32、GB18030 与 Big5 文本）", source=source)


#: Big5 bytes read as GB18030 turn into kana, Greek, Cyrillic and box-drawing signs between the
#: Chinese characters; a Chinese document hardly has any
_NOT_CHINESE_PROSE = re.compile(r"[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _garbled(text: str) -> bool:
    sample = text[:20000]
    odd, han = len(_NOT_CHINESE_PROSE.findall(sample)), len(_HAN.findall(sample))
    return odd > 0.05 * max(han, 1)


#: control characters other than the white space a text may hold (\t \n \f \r)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) / max(len(sample), 1)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return any(tag in head for tag in ("<html", "<body", "<p", "<div", "<tbody", "<table"))


#: a Word file unpacks to at most this much, and each part to at most this many times its
#: packed size: a "zip bomb" (a few MB that unpack to GB) is refused before it is unpacked
DOCX_MAX_UNPACKED = 64 * 1024 * 1024
DOCX_MAX_RATIO = 200


def _check_zip(data: bytes, source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError("不是有效的 Word (.docx) 文件：文件已损坏，不是完整的压缩包", source=source) from None
    unpacked = sum(p.file_size for p in parts)
    if unpacked > DOCX_MAX_UNPACKED or any(p.file_size > DOCX_MAX_RATIO * max(p.compress_size, 1024) for p in parts):
        raise InputError(
            f"Word 文件解压后过大（{unpacked // 1024 // 1024} MB，上限 {DOCX_MAX_UNPACKED // 1024 // 1024} MB）或压缩比异常，疑为压缩炸弹，已拒绝",
            source=source,
        )


def _docx_text(data: bytes, source: str) -> str:
    import docx  # python-docx; imported here so plain-text users never load it
    from lxml import etree

    _check_zip(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError("不是有效的 Word (.docx) 文件：文件已损坏，不是完整的压缩包", source=source) from None
    except KeyError:
        raise InputError("不是有效的 Word (.docx) 文件：缺少正文（word/document.xml）", source=source) from None
    except ValueError:
        raise InputError("不是有效的 Word (.docx) 文件：内容类型不是 Word 文档", source=source) from None
    except (zlib.error, EOFError):
        raise InputError("不是有效的 Word (.docx) 文件：压缩数据已损坏", source=source) from None
    except etree.XMLSyntaxError as exc:
        raise InputError(f"不是有效的 Word (.docx) 文件：正文 XML 有误（{exc.msg[:80]}）", source=source) from None
    return "\n".join(_docx_blocks(document))


def _docx_blocks(document) -> list[str]:
    """Paragraphs and table rows in document order; a row's cells separated by tabs (a
    task-division table reads like an HTML one)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                lines.append(block.text.strip())
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                if any(cells):
                    lines.append("\t".join(cells))
    return lines


#: what a PDF's compressed streams may inflate to, together: pdfminer inflates each stream whole
#: in memory, so a small file whose stream inflates to a gigabyte would take many
PDF_MAX_INFLATED = 256 * 1024 * 1024
_PDF_STREAM = re.compile(rb"stream\r?\n")


def _check_pdf_streams(data: bytes, source: str) -> None:
    """Refuse a PDF whose streams inflate past :data:`PDF_MAX_INFLATED` (a "PDF bomb"), measured
    by inflating them piece by piece, before pdfminer inflates any of them whole."""
    budget = PDF_MAX_INFLATED
    for match in _PDF_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        chunk = data[match.end() : match.end() + 1024 * 1024]
        position = match.end()
        try:
            while chunk and not inflater.eof and budget >= 0:
                budget -= len(inflater.decompress(chunk, budget + 1))
                while inflater.unconsumed_tail and budget >= 0:
                    budget -= len(inflater.decompress(inflater.unconsumed_tail, budget + 1))
                position += len(chunk)
                chunk = data[position : position + 1024 * 1024] if not inflater.eof else b""
        except zlib.error:
            continue  # not a deflated stream, or not a stream at all: pdfminer reads it or says so
        if budget < 0:
            raise InputError(f"PDF 解压后过大（上限 {PDF_MAX_INFLATED // 1024 // 1024} MB），疑为压缩炸弹，已拒绝", source=source)


def _pdf_text(data: bytes, source: str) -> str:
    """The text of a PDF, one paragraph per line: wrapped lines joined, page breaks dropped."""
    from pdfminer.high_level import extract_text  # imported here: most users never read a PDF
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    # pdfminer logs a warning with an object's repr for files that forbid copying; the reader
    # decides what to say about them, in one line
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    _check_pdf_streams(data, source)
    try:
        raw = extract_text(io.BytesIO(data))
    except (PDFSyntaxError, PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise InputError(f"无法读取 PDF：{type(exc).__name__}", source=source) from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise InputError(f"PDF 已损坏或无法解析：{exc}", source=source) from None
    paragraphs: list[str] = []
    current = ""
    for line in raw.replace("\x0c", "\n").splitlines():
        line = line.strip()
        starts_item = any(pattern.match(line) for _, pattern in MARKERS)
        if not line or (current and (current.endswith(PARAGRAPH_END) or starts_item)):
            if current:
                paragraphs.append(current)
            current = ""
        current += line
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)
