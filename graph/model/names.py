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
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from retrie.trie import Trie

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


#: a 文号 as the text writes it: the characters before the bracketed year (the issuer's code, and
#: perhaps words before it: :func:`code_start` finds where the code begins), the year, the serial
#: number and 号 (鄂政发〔2022〕12号, 国办发[2021]26号, 冀商办案字[2014]第12号, 市政辦[2003]8號).
#: Full-width digits and brackets are read as half-width ones first (:data:`HALF_WIDTH`).
_NUMBER_TAIL = re.compile(
    r"[ \t]*[〔\[(【][ \t]*(?P<year>(?:19|20)\d{2})[ \t]*[〕\])】][ \t]*第?[ \t]*(?P<serial>\d{1,5})[ \t]*[号號]"
)
DOC_NUMBER = re.compile(r"(?P<code>[\u4e00-\u9fff]{1,12})" + _NUMBER_TAIL.pattern)
# :func:`doc_numbers` finds the bracketed year first, then the characters before it: a text of
# Chinese characters is not tried at every character for twelve lengths of a code
_CODE_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,12}$")
#: full-width forms (（２０２２）, ［ ］) as their half-width letters, one character for one: offsets stay
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_HALF_OF = {chr(full): chr(half) for full, half in HALF_WIDTH.items()}


def half_width(text: str) -> str:
    """``text.translate(HALF_WIDTH)``: a Chinese text's full-width characters are its few
    punctuation marks, and a regex replaces only those where ``str.translate`` looks every
    character up (0.27 → 0.07 ms for a plan of 4,000 characters; a text written all in
    full-width letters takes longer).

    >>> half_width("鄂政发（２０２２）　１２号")
    '鄂政发(2022) 12号'
    """
    return _FULL_WIDTH.sub(lambda m: _HALF_OF[m.group()], text)


class NumberSpan(NamedTuple):
    """A 文号 found in a text: where its code starts and the number ends, and its canonical form."""

    start: int
    end: int
    number: str
    code: str
    year: int


def any_word(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, the longest where several start at one
    place — what the alternation of the words longest first matches, shaped as their trie
    (retrie): the regex engine follows one branch per character instead of trying each word in
    turn, which at every place of a text costs as many tries as there are words.

    Each branch of the first level begins with its one character, written alone (retrie would
    gather the words of one character into a class): then the engine knows every character a
    word can begin with, and a search for the expression, or one that begins with it, skips the
    places none begins at (five times as fast over a plan for the statistical layer's head
    words). Inside a lookahead or after other parts, nothing is skipped, and the branches are
    tried one by one there.

    An empty word is no word (it would match everywhere), and no words match nothing.

    >>> [m.group() for m in re.finditer(any_word(["市科技", "市科技局", "科技", "武汉"]), "武汉市科技局科技")]
    ['武汉', '市科技局', '科技']
    >>> re.search(any_word([]), "any text") is None, re.search(any_word([""]), "any text") is None
    (True, True)
    """
    following: dict[str, set[str]] = {}  # first character → the rest of each word it begins
    for word in words:
        if word:
            following.setdefault(word[0], set()).add(word[1:])
    if not following:
        return "(?!)"
    return "(?:" + "|".join(_branch(first, rests) for first, rests in sorted(following.items())) + ")"


def _branch(first: str, rests: set[str]) -> str:
    """``first`` and then the longest of ``rests`` that follows (nothing, if "" is one of them)."""
    longer = sorted(rest for rest in rests if rest)
    if not longer:
        return re.escape(first)
    trie = Trie()
    for rest in longer:
        trie.add(rest)
    try:
        tail = trie.pattern()
    except RecursionError:  # retrie recurses once per character: a word of a thousand is a list's error
        tail = "|".join(map(re.escape, sorted(longer, key=len, reverse=True)))
    return f"{re.escape(first)}(?:{tail}){'?' if '' in rests else ''}"


@lru_cache(maxsize=1)
def _not_code() -> re.Pattern[str]:
    from innokg.graph.model.data import data_path, rows

    return re.compile(any_word(row[1] for row in rows(data_path("policy", "words.tsv")) if row[0] == "not_code"))


def code_start(run: str) -> int:
    """Where a 文号's code starts in the characters written before its bracketed year: after the
    last word that is never part of a code (根据, 印发, 的通知, 文号为 … ``data/policy/words.tsv``).
    The code is a short run of abbreviations (国办发, 岚综管综, 工信部联科); the regular expression
    alone would take the words before it too.

    >>> [run[code_start(run):] for run in ("根据国办发", "贯彻落实襄发", "若干措施的通知闽政办", "闽海渔")]
    ['国办发', '襄发', '闽政办', '闽海渔']
    """
    return max((m.end() for m in _not_code().finditer(run)), default=0)


def doc_numbers(text: str) -> list[NumberSpan]:
    """Every 文号 the text writes, each from the true start of its code.

    >>> [(n.number, n.code, n.year) for n in doc_numbers("按照《意见》（国办发〔2021〕26号）和鄂政发（２０２２）１２号要求")]
    [('国办发〔2021〕26号', '国办发', 2021), ('鄂政发〔2022〕12号', '鄂政发', 2022)]
    >>> [n.number for n in doc_numbers("冀商办案字[2014]第12号；印发〔2020〕3号")]  # a number with no code is none
    ['冀商办案字〔2014〕12号']
    """
    found = []
    half = half_width(text)
    for m in _NUMBER_TAIL.finditer(half):
        run = _CODE_BEFORE.search(half, max(0, m.start() - 12), m.start())
        written = run.group(0)[code_start(run.group(0)) :] if run else ""
        if not written:
            continue
        code, year = _simplified(written), int(m.group("year"))
        found.append(NumberSpan(m.start() - len(written), m.end(), f"{code}〔{year}〕{int(m.group('serial'))}号", code, year))
    return found


def doc_number(text: str) -> str | None:
    """A 文号 written in the canonical form: half-width digits, 〔〕 brackets, no spaces, its code from
    where the code starts (not the words before it), in simplified characters.

    >>> doc_number("国办发[2021] 26 号"), doc_number("鄂政发（２０２２）１２号"), doc_number("第12号")
    ('国办发〔2021〕26号', '鄂政发〔2022〕12号', None)
    >>> doc_number("根据国办发〔2021〕26号文件"), doc_number("市政辦[2003]8號")
    ('国办发〔2021〕26号', '市政办〔2003〕8号')
    """
    numbers = doc_numbers(text)
    return numbers[0].number if numbers else None


def policy_id(number: str | None, title: str | None) -> str:
    """The id of a policy document: by its 文号 where there is one, by its title otherwise (the
    id a 《title》 the entity layer finds has too, so both are one node).

    >>> policy_id("国办发〔2021〕26号", "关于…的意见"), policy_id(None, "《武汉市科技创新条例》")
    ('policy:国办发〔2021〕26号', 'policy:武汉市科技创新条例')
    """
    if number:
        return "policy:" + (doc_number(number) or key(number))
    if not title:
        raise ValueError("a policy needs a 文号 or a title")
    return "policy:" + key(title)


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


#: how wide a task's display title may be, in terminal cells (about forty Chinese characters)
DISPLAY_TITLE = 80

# a table row's cells arrive joined by tabs (a paragraph's lines by line breaks), wide runs of
# spaces or ideographic spaces (ingest.tables)
_CELL_GAP = re.compile(r"[\t\n]| {2,}|\u3000+|[|｜│]")
# the end of the lead phrase: a full stop, semicolon or colon (half-width ones not between digits: 10:30)
_SENTENCE_BREAK = re.compile(r"[。；：！？]|(?<!\d)[;:](?!\d)")
# a field's name before its colon (工作任务：…) says nothing of the task: the lead phrase follows it
_FIELD_NAME = re.compile(r"^(?:工作|主要|具体|重点|责任|牵头|配合)?(?:任务|内容|措施|举措|要求|单位|部门)$")
_CLAUSE_END = re.compile(r"[，,]")
_LOOSE_ENDS = re.compile(r"^[\s,，、.．]+|[\s,，、.．]+$")


def display_title(title: str) -> str:
    """A task's title as answers show it: its lead phrase — up to the first sentence break
    (。；：) or table-cell separator — cut to about forty characters, at a comma where one falls
    in the second half. A title read from a paragraph is the whole paragraph, and one read from a
    table row carries the other cells; the full title stays where search needs it.

    >>> display_title("建设重大科技基础设施群")
    '建设重大科技基础设施群'
    >>> display_title("加强城镇节水。城市人民政府要严格控制高耗水服务业用水，到2020年全面完成。")
    '加强城镇节水'
    >>> display_title("推进产业链协同创新\t市经信局\t2023年底")
    '推进产业链协同创新'
    >>> display_title("主要目标：到2025年，全市研发投入强度达到3.5%")
    '主要目标'
    >>> display_title("工作任务：充分运用电视、报纸等传统媒体资源，强化品牌")  # a field's name is no lead phrase
    '充分运用电视、报纸等传统媒体资源，强化品牌'
    >>> display_title("创新金融信用产品，改善金融服务，维护金融消费者个人信息安全，保护金融消费者合法权益")
    '创新金融信用产品，改善金融服务，维护金融消费者个人信息安全…'
    >>> display_title("将外商投资设立建筑业（包括设计、施工、监理、检测、造价咨询等所有工程建设相关主体）资质许可的审批权限下放")
    '将外商投资设立建筑业（包括设计、施工、监理、检测、造价咨询等所有工程建设相关主…'
    >>> display_title("：")  # nothing before the break: the title as it is
    '：'
    """
    lead = _lead_phrase(_CELL_GAP.split(title.strip(), maxsplit=1)[0])
    return _clip_at_clause(lead or " ".join(title.split()), DISPLAY_TITLE)


def _lead_phrase(text: str) -> str:
    parts = _SENTENCE_BREAK.split(text, maxsplit=2)
    lead = _LOOSE_ENDS.sub("", " ".join(parts[0].split()))
    if _FIELD_NAME.match(lead) and len(parts) > 1:
        lead = _LOOSE_ENDS.sub("", " ".join(parts[1].split()))
    return lead


def _clip_at_clause(text: str, width: int) -> str:
    """``clip``, but at the last comma that fits when it keeps at least half the width: a clause
    whole reads better than one cut in a word."""
    if _width(text) <= width:
        return text
    ends = [m.start() for m in _CLAUSE_END.finditer(text) if width // 2 <= _width(text[: m.start()]) <= width - 1]
    return text[: ends[-1]] + "…" if ends else clip(text, width)
