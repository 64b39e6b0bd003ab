"""Document metadata read from the text: title, issuing body, origin, date, plan period, 文号 and
the level of government it comes from.

The document's own 文号 is the first one its header writes on its own: a field (文号：…), a line
or the words after the title. A number the header cites is another document's: one right after a
《title》, inside one, or after words that cite (根据, 贯彻落实, 转发, 文号为 …), and any number the
header has cited before (a forwarding notice quotes the header of what it forwards). A curator's
note above a stored page ("# title: …") is not the document's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from innokg.graph.model.names import NumberSpan, doc_numbers
from innokg.graph.model.vocab import AdminLevel
from innokg.ingest.issuers import code_issuer, is_body, name_level, title_issuer, title_level

#: A title ends with the kind of document, optionally followed by a bracketed period.
TITLE_END = re.compile(
    r"(方案|意见|意見|通知|规划|規劃|办法|辦法|决定|決定|计划|計劃|纲要|綱要|措施|条例|條例|规定|規定|细则|細則|政策|报告|報告|公告|批复|批覆|通告|要点|要點|行动|行動)"
    r"\s*([（(][^（）()]{0,20}[）)])?$"
)
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号")
PERIOD = re.compile(r"(\d{4})\s*(?:[—–\-－~～]+|至|到)\s*(\d{4})\s*年?")
ISO_DATE = re.compile(
    r"(?:发布时间|发布日期|成文日期|日期)\s*[:：]\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})"
)
CN_DATE_LINE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
FIELD = re.compile(r"(发布单位|发文机关|来源|来\s*源)\s*[:：][ \t]*([^\s:：]+)(?=\s|$)")
#: a line a title run never holds: a field (X：), a page's date line, or a date standing alone or
#: after white space at the end of a line (an issuer's date, "天明区人民政府办公室  2022年9月16日";
#: not a title wrapped after a date it names, "关于做好2024年1月1日 / 起施行的…")
META_LINE = re.compile(
    r"[:：]|^\s*今天是|^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})|(?:^|\s)\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"
)
#: an archive's or a page's metadata header: "标题: …", "标 题： …"
TITLE_FIELD = re.compile(r"^\s*标\s*题\s*[:：]\s*(\S.{3,150}?)\s*$")
#: a note above a stored page ("# title: 海西州人民政府办公室, 西政办〔2025〕27号, …"): it describes the
#: document in other words than the document's
NOTE_LINE = re.compile(r"^\s*#\s*[A-Za-z_]{1,16}\s*[:：]")
#: words in a 文号's clause before it that make it another document's number
CITING = re.compile(r"根据|依据|按照|依照|遵照|参照|对照|贯彻|落实|执行|转发|印发|文号为|详见")
#: where a clause before a 文号 starts
CLAUSE_START = re.compile(r"[\s。；;，,：:（(【】]")
#: words after a 文号 that make it another document's ("国办发〔2021〕26号文件精神", "…号）要求")
CITED_AFTER = re.compile(r"\s*[)）]?\s*(?:文件|精神|要求|规定|有关)")


@dataclass
class Metadata:
    title: str | None = None
    title_start: int | None = None
    issuer: str | None = None
    origin: str | None = None
    published: date | None = None
    period: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    doc_number: str | None = None
    level: AdminLevel | None = None
    signature_start: int | None = None


def read_metadata(lines: list[tuple[int, str]], body_start: int) -> Metadata:
    """Read metadata from ``lines`` (offset, text) of a document whose body starts at ``body_start``."""
    meta = Metadata()
    head = [(off, line) for off, line in lines if off < body_start]
    meta.title, meta.title_start = _title_field(head) or _title(head)
    _fields(head, meta)
    signed = _signature(lines, meta)
    number = own_number(head)
    meta.doc_number = number.number if number else None
    coded, coded_level = code_issuer(number.code) if number else (None, None)
    if meta.title and (m := PERIOD.search(meta.title)):
        meta.period = m.group(0) if m.group(0).endswith("年") else m.group(0) + "年"
        meta.period_start, meta.period_end = int(m.group(1)), int(m.group(2))
    # a field that names no body ("发文机关：中国平潭", a site's name) gives way to the title's issuer
    field = meta.issuer if meta.issuer and is_body(meta.issuer) else None
    titled = title_issuer(meta.title) if meta.title else None
    meta.issuer = field or titled or signed or coded or meta.issuer
    level = name_level(meta.issuer) if meta.issuer else None
    meta.level = level or coded_level or (title_level(meta.title) if meta.title else None)
    return meta


def own_number(head: list[tuple[int, str]]) -> NumberSpan | None:
    """The document's own 文号: the first its header writes that cites no other document; a note
    above a stored page (``# title: …，岚综管综〔2017〕159号，…``) is read last, when the document
    itself writes none.

    >>> own_number([(0, "为贯彻落实《意见》（国办发〔2021〕26号），现将方案印发给你们"), (40, "鄂政发〔2022〕12号")]).number
    '鄂政发〔2022〕12号'
    >>> own_number([(0, "现将《通知》（闽政办〔2023〕2号）转发给你们。"), (30, "…若干措施的通知闽政办〔2023〕2号")]) is None
    True
    """
    cited: set[str] = set()
    notes = [line for _, line in head if NOTE_LINE.match(line)]
    for line in [*(line for _, line in head if not NOTE_LINE.match(line)), *notes]:
        for number in doc_numbers(line):
            if number.number in cited or _cites(line, number):
                cited.add(number.number)
                continue
            return number
    return None


def _cites(line: str, number: NumberSpan) -> bool:
    """Whether the 文号 is another document's: inside or right after a 《title》, after words that
    cite in its clause, or before words that do."""
    before = line[: number.start]
    if before.count("《") > before.count("》") or re.search(r"》\s*[（(]?[^（）()《》]{0,24}$", before):
        return True
    clause = CLAUSE_START.split(before)[-1] if before else ""
    return bool(CITING.search(clause) or CITED_AFTER.match(line, number.end))


def _title(head: list[tuple[int, str]]) -> tuple[str | None, int | None]:
    """Join runs of short title-like lines; the first run that ends like a title is the title."""
    group: list[tuple[int, str]] = []
    candidates: list[list[tuple[int, str]]] = []
    for off, line in head:
        text = line.strip()
        title_like = text and len(text) <= 60 and not META_LINE.search(text) and "。" not in text
        title_like = title_like and not DOC_NUMBER.fullmatch(text) and "，" not in text
        if title_like:
            group.append((off, text))
            continue
        if group:
            candidates.append(group)
        group = []
    if group:
        candidates.append(group)
    for group in candidates:
        joined = "".join(text for _, text in group)
        if TITLE_END.search(joined):
            return joined, group[0][0]
    return None, None


def _title_field(head: list[tuple[int, str]]) -> tuple[str, int] | None:
    for off, line in head:
        if m := TITLE_FIELD.match(line):
            return m.group(1), off
    return None


def _fields(head: list[tuple[int, str]], meta: Metadata) -> None:
    for _, line in head:
        for name, value in FIELD.findall(line):
            if not value:
                continue
            if name.startswith("来"):
                meta.origin = meta.origin or value
            else:
                meta.issuer = meta.issuer or value
        if not meta.published and (m := ISO_DATE.search(line) or CN_DATE_LINE.match(line)):
            meta.published = _date(*m.groups())  # a date line in the header: the document's own


def _signature(lines: list[tuple[int, str]], meta: Metadata) -> str | None:
    """A closing ``国务院`` / ``2018年12月21日`` pair names the issuer (returned) and the date."""
    for i in range(len(lines) - 1, max(len(lines) - 6, 0) - 1, -1):
        off, line = lines[i]
        if m := CN_DATE_LINE.match(line):
            meta.published = meta.published or _date(*m.groups())
            meta.signature_start = off
            if i > 0:
                prev_off, prev = lines[i - 1]
                prev = prev.strip()
                if 2 <= len(prev) <= 30 and not re.search(r"[。，；：:]", prev):
                    meta.signature_start = prev_off
                    return prev
            return None
    return None


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
