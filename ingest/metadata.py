"""Document metadata read from the text: title, issuing body, origin, date, plan period, 文号."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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
META_LINE = re.compile(r"[:：]|^\s*今天是|^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})")
ISSUER_BEFORE_GUANYU = re.compile(r"^(.{2,20}?)关于")
#: an archive's or a page's metadata header: "标题: …", "标 题： …"
TITLE_FIELD = re.compile(r"^\s*标\s*题\s*[:：]\s*(\S.{3,150}?)\s*$")


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
    signature_start: int | None = None


def read_metadata(lines: list[tuple[int, str]], body_start: int) -> Metadata:
    """Read metadata from ``lines`` (offset, text) of a document whose body starts at ``body_start``."""
    meta = Metadata()
    head = [(off, line) for off, line in lines if off < body_start]
    meta.title, meta.title_start = _title_field(head) or _title(head)
    _fields(head, meta)
    _signature(lines, meta)
    if meta.title:
        if m := PERIOD.search(meta.title):
            meta.period = m.group(0) if m.group(0).endswith("年") else m.group(0) + "年"
            meta.period_start, meta.period_end = int(m.group(1)), int(m.group(2))
        if not meta.issuer and (m := ISSUER_BEFORE_GUANYU.match(meta.title)):
            meta.issuer = m.group(1)
    return meta


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
        if not meta.published and (m := ISO_DATE.search(line)):
            meta.published = _date(*m.groups())
        if not meta.doc_number and (m := DOC_NUMBER.search(line)):
            meta.doc_number = m.group(0)


def _signature(lines: list[tuple[int, str]], meta: Metadata) -> None:
    """A closing ``国务院`` / ``2018年12月21日`` pair names the issuer and the date."""
    for i in range(len(lines) - 1, max(len(lines) - 6, 0) - 1, -1):
        off, line = lines[i]
        if m := CN_DATE_LINE.match(line):
            meta.published = meta.published or _date(*m.groups())
            meta.signature_start = off
            if i > 0:
                prev_off, prev = lines[i - 1]
                prev = prev.strip()
                if 2 <= len(prev) <= 30 and not re.search(r"[。，；：:]", prev):
                    meta.issuer = meta.issuer or prev
                    meta.signature_start = prev_off
            return


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
