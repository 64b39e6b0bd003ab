"""The one name normaliser and the document id, used by every stage.

Names are compared in one form, :func:`key`: NFKC (half- and full-width forms meet), in
simplified characters (a traditional 區科技局 is 区科技局), with white space and quotation marks
dropped.

>>> key("“市科技局” ") == key('"市科技局"') == key("市科技局") == "市科技局"
True
>>> key("實驗室體系")
'实验室体系'
>>> document_id("wuhan plan 2022")
'doc:wuhan-plan-2022'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉<>]")


@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """The form names are compared in: NFKC, simplified characters, no white space or quotes."""
    return _DROP.sub("", _simplified(unicodedata.normalize("NFKC", name)))


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    return _converter().convert(text) if any(ord(ch) > 0x2E7F for ch in text) else text


def document_id(stem: str) -> str:
    """A document's id, from its file name without suffix."""
    return "doc:" + "-".join(unicodedata.normalize("NFKC", stem).split())


def relation_key(rel_type: str, doc_id: str, start: int) -> str:
    """Between two nodes, a relation is one fact per type, document and place: this is its key."""
    return f"{rel_type}:{doc_id}:{start}"


#: how wide a short title may be, in terminal cells (a Chinese character takes two; longer ones end in …)
SHORT_TITLE = 52

_SPACE_BY_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_TAGGED = re.compile(r"^.*】(?=.)")  # 【发布单位】…【文件来源】 the title after the archive's tags
_LEADING_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日")
_DOCUMENT_NUMBER = re.compile(r"[（(][^（）()]*?[〔\[［]\d{4}[〕\]］]\s*\d+\s*号[)）]$")
_ISSUED_QUOTED = re.compile(r".*(?:印发|转发)《(.+)》的?通知$")  # …关于印发《X》的通知
_ISSUED = re.compile(r".*(?:印发|转发)(.+?)的?通知$")  # …印发X的通知
_NOTICE = re.compile(r".*关于(.+?)的?通知$")  # …关于X的通知
_ABOUT = re.compile(r".*关于(.+)$")  # 国务院关于X的若干意见: the issuer goes
_BOOK_MARKS = re.compile(r"[《》〈〉]")
_YEARS = re.compile(r"[（(]\s*\d{4}\s*(?:年\s*)?(?:[-—–－~至到]+\s*\d{4}\s*年?)?\s*[)）]")
_EDGES = re.compile(r"^[^\w《“（(〈]+|[^\w》”）)〉]+$")


def short_title(title: str) -> str:
    """A document's title as answers name it: the issued document's own title rather than the
    notice issuing it, no issuer before 关于, no archive tags, document number or leading date;
    no book-title marks or years in brackets; a title still too long loses its tail.

    >>> short_title("辽宁省人民政府关于印发《2023年省〈政府工作报告〉任务分解和责任分工方案》的通知")
    '2023年省政府工作报告任务分解和责任分工方案'
    >>> short_title("平潭综合实验区管委会办公室转发福建省人民政府办公厅关于印发福建省进一步支持大学生创新创业 若干措施的通知")
    '福建省进一步支持大学生创新创业若干措施'
    >>> short_title("国务院关于促进综合保税区高水平开放高质量发展的若干意见")
    '促进综合保税区高水平开放高质量发展的若干意见'
    >>> short_title("武汉市创新发展三年行动方案(2022——2024年)")
    '武汉市创新发展三年行动方案'
    >>> short_title("【发布单位】山西省【文件来源】山西省人民政府关于印发2008年省人民政府工作目标责任分解的通知(晋政发[2008]8号)")
    '2008年省人民政府工作目标责任分解'
    >>> short_title("2019年6月19日九江市支持大南昌都市圈发展行动方案")
    '九江市支持大南昌都市圈发展行动方案'
    >>> short_title("04_guangdong_2008_gongzuo_yaodian_p2")  # no title read: the file's name
    '04_guangdong_2008_gongzuo_yaodian_p2'
    """
    text = _SPACE_BY_CJK.sub("", " ".join(title.split()))
    text = _LEADING_DATE.sub("", _TAGGED.sub("", text))
    if "》" in text and "《" not in text.split("》", 1)[0]:  # the opening of the title was lost
        text = text.split("》", 1)[0]
    text = _DOCUMENT_NUMBER.sub("", text)
    for pattern in (_ISSUED_QUOTED, _ISSUED, _NOTICE, _ABOUT):
        if (found := pattern.match(text)) and found[1].strip():
            text = found[1]
            break
    text = _EDGES.sub("", _YEARS.sub("", _BOOK_MARKS.sub("", text)))
    return clip(text or " ".join(title.split()), SHORT_TITLE)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, width: int) -> str:
    """The text, cut to ``width`` terminal cells (a Chinese character takes two), ending in …
    when it was wider.

    >>> clip("建设重大科技基础设施群", 12), clip("abc", 12)
    ('建设重大科…', 'abc')
    """
    if _width(text) <= width:
        return text
    kept: list[str] = []
    for ch in text:
        if _width("".join(kept)) + _width(ch) > width - 1:
            break
        kept.append(ch)
    return "".join(kept) + "…"
