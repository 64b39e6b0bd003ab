"""References a document makes to other policy documents, and the policy the document is itself.

A reference names a document by its title in 《…》, by its 文号 (国办发〔2021〕26号), or both
("《国务院办公厅关于…的指导意见》（国办发〔2021〕26号）" is one reference). Each becomes a
:class:`~innokg.graph.model.records.CitationRecord`: a :class:`PolicyRef` (keyed by the number
where there is one, by the title otherwise; its issuer from the title or the number's code, never
guessed) and how the document refers to it, read from the words of its clause:

- 根据 / 依据 / 按照 / 依照 《…》 → basis; 贯彻 / 落实 / 实施 / 执行 《…》 → implements (不再执行 is none);
- 转发 《…》, or 现将《…》转发给你们 → forwards; 《…》同时废止 / 停止执行 → replaces;
- anything else → mentions. References that share a clause ("根据《A》《B》和《C》") share its words.

Not references to another document:

- a 《…》 whose words do not end like a document (a newspaper, a book, a form: 《人民日报》,
  《不动产登记证明》); the kinds a title ends with are data;
- the document itself: its own 文号 wherever the text repeats it, its own title, and the document a
  notice issues (关于印发《X》的通知, 现将《X》印发给你们). What a title of its own cites is the
  document's reference (关于印发《贯彻落实襄发[2011]23号文件责任分工方案》的通知 implements 襄发〔2011〕23号);
  what another document's title cites is that document's (the 〈…〉 in 《…关于贯彻落实〈…〉的实施意见》);
- a stored page's notes and paths (``# title: …``, 来源：…/page.txt).

The document's own reference (:func:`own_policy`) is its header's 文号 and its title — for a notice
that issues a document (关于印发《X》的通知) the title X, what others cite. The words are data:
``nlp/config.cfg`` ([components.innokg_citations]) and ``data/policy/``.

>>> words = CitationWords.default()
>>> [(c.policy.doc_number, c.policy.title, c.kind.value) for c in find_citations(
...     "按照《国务院办公厅关于完善科技成果评价机制的指导意见》(国办发〔2021〕26号)要求，探索建立评价机制。", words)]
[('国办发〔2021〕26号', '国务院办公厅关于完善科技成果评价机制的指导意见', 'basis')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from innokg.graph.model import DocumentInfo, ParsedDocument, key
from innokg.graph.model.names import NumberSpan, any_word, doc_numbers, policy_id
from innokg.graph.model.records import PolicyRef
from innokg.graph.model.spans import Marks, Spans
from innokg.graph.model.vocab import AdminLevel, CitationKind
from innokg.ingest.issuers import code_issuer, is_body, name_level, title_issuer, title_level
from innokg.nlp.script import text_of
from spacy.language import Language
from spacy.tokens import Doc

for _name in ("citations", "policy"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass(frozen=True)
class CitationWords:
    """The words citations are read by; set in ``nlp/config.cfg`` ([components.innokg_citations])."""

    title_ends: tuple[str, ...]  # a document's title ends with its kind: 方案, 意见, 条例, 法 …
    not_title_ends: tuple[str, ...]  # … but not these (方法, 做法: no document)
    min_title: int  # a shorter 《…》 is a short name, not a title
    short_names: str  # a 《…》 of these words only is a short name for a document named before (本《实施方案》)
    cues: dict[CitationKind, tuple[str, ...]]  # words before a reference in its clause: 根据 → basis …
    negations: tuple[str, ...]  # right before a cue they deny it: 不再执行
    after: dict[CitationKind, tuple[str, ...]]  # words after it in its clause: 同时废止 → replaces, 转发给 → forwards
    issued_after: tuple[str, ...]  # 现将《X》印发给你们: X is the document itself
    issuer_cut: tuple[str, ...]  # words before an issuer written ahead of 《关于…》 (根据国家发展改革委《关于…》)
    clause_marks: str  # what ends a clause
    skip_lines: str  # a stored page's notes and paths: no references there

    # compiled from the words above by __post_init__, once per pipeline: no arguments, not compared
    ends: str = field(init=False, repr=False, compare=False)  # the kinds a title ends with, as an alternation
    short_name: re.Pattern[str] = field(init=False, repr=False, compare=False)
    cue: dict[CitationKind, re.Pattern[str]] = field(init=False, repr=False, compare=False)
    cut: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    clause: re.Pattern[str] = field(init=False, repr=False, compare=False)
    skip: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        ends = any_word(self.title_ends)
        setattr_(self, "ends", ends)
        setattr_(self, "short_name", re.compile(f"(?:{self.short_names}|{ends})*(?:{ends})"))
        # a cue word is none where a document's kind follows it (实施方案, 落实意见 name documents) or
        # a negation stands before it (不再执行)
        denied = "".join(f"(?<!{re.escape(word)})" for word in self.negations)
        setattr_(self, "cue", {kind: re.compile(f"{denied}(?:{any_word(ws)})(?!{ends})") for kind, ws in self.cues.items()})
        setattr_(self, "cut", re.compile(any_word(self.issuer_cut)) if self.issuer_cut else None)
        setattr_(self, "clause", re.compile(f"[{re.escape(self.clause_marks)}]"))
        setattr_(self, "skip", re.compile(self.skip_lines, re.M) if self.skip_lines else None)

    @classmethod
    def default(cls) -> CitationWords:
        """The words of the bundled config (for tests and doctests)."""
        from innokg.nlp.pipeline import load_pipeline

        reader = load_pipeline().get_pipe("innokg_citations")
        assert isinstance(reader, CitationReader)
        return reader.words


@dataclass(frozen=True)
class Citation:
    """A reference as the text writes it: the span of 《title》 and its bracketed number, or of the number."""

    start: int
    end: int
    policy: PolicyRef
    kind: CitationKind


@Language.factory("innokg_citations", requires=["doc._.structure"], assigns=["doc._.citations", "doc._.policy"])
def make_citations(
    nlp: Language,
    name: str,
    title_ends: list[str],
    not_title_ends: list[str],
    min_title: int,
    short_names: str,
    basis: list[str],
    implements: list[str],
    negations: list[str],
    forwards: list[str],
    forwards_after: list[str],
    replaces_after: list[str],
    issued_after: list[str],
    issuer_cut: list[str],
    clause_marks: str,
    skip_lines: str,
) -> CitationReader:
    cues = {CitationKind.BASIS: basis, CitationKind.IMPLEMENTS: implements, CitationKind.FORWARDS: forwards}
    after = {CitationKind.REPLACES: replaces_after, CitationKind.FORWARDS: forwards_after}
    return CitationReader(
        CitationWords(
            tuple(title_ends),
            tuple(not_title_ends),
            min_title,
            short_names,
            {kind: tuple(words) for kind, words in cues.items()},
            tuple(negations),
            {kind: tuple(words) for kind, words in after.items()},
            tuple(issued_after),
            tuple(issuer_cut),
            clause_marks,
            skip_lines,
        )
    )


class CitationReader:
    def __init__(self, words: CitationWords) -> None:
        self.words = words

    def __call__(self, doc: Doc) -> Doc:
        parsed: ParsedDocument = doc._.structure
        own = own_policy(parsed.info)
        reader = _Reader(text_of(doc), self.words, own, parsed.text)
        doc._.citations = reader.citations()
        doc._.policy = reader.own
        return doc


# --------------------------------------------------------------------------- the document's own


#: a notice that issues a document: its title is the issued one's (关于印发《X》的通知, X印发Y的通知);
#: a notice that forwards one (转发…关于印发…的通知) is a document of its own
_ISSUES_QUOTED = re.compile(r"^(?:(?!转发).)*?印发\s*《(.+)》\s*的?\s*通知$")
_ISSUES = re.compile(r"^(?:(?!转发).)*?印发(.+?)的?通知$")
_TAGGED = re.compile(r"^.*】(?=.)")  # 【发布单位】…【文件来源】: the title after an archive's tags
_OWN_NUMBER = re.compile(r"\s*[（(][^（）()]*?[〔\[［(（]\d{4}[〕\]］)）][^（）()]*?[)）]\s*$")  # …的通知(晋政发[2008]8号)
_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_DOUBLED = re.compile(r"^(.{6,})\1$")
_LEADING_DATE = re.compile(r"^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日(?=.)")
_SENTENCE = re.compile(r"[，,。；;！!？?]")


def own_policy(info: DocumentInfo) -> PolicyRef | None:
    """The policy a document is: its header's 文号 and its title (for a notice that issues a
    document, the issued document's title: what other documents cite), issuer, year (its 文号's, its
    title's, or the year it was published) and level.

    >>> own = own_policy(DocumentInfo(id="doc:x", source="x.txt", title="海西州人民政府办公室关于印发《科技创新驱动海西州经济社会高质量发展行动方案(2025—2027年)》的通知", doc_number="西政办〔2025〕27号", issuer="海西州人民政府办公室"))
    >>> own.id, own.title, own.year
    ('policy:西政办〔2025〕27号', '科技创新驱动海西州经济社会高质量发展行动方案(2025—2027年)', 2025)
    """
    title = _own_title(info)
    if not info.doc_number and not title:
        return None
    number = doc_numbers(info.doc_number)[0] if info.doc_number and doc_numbers(info.doc_number) else None
    return PolicyRef(
        id=policy_id(number.number if number else info.doc_number, title),
        title=title,
        doc_number=number.number if number else info.doc_number,
        issuer=info.issuer,
        year=number.year if number else _title_year(title) or (info.published.year if info.published else None),
        level=info.level,
    )


def _own_title(info: DocumentInfo) -> str | None:
    from pathlib import Path

    if not info.title or info.title == Path(info.source).stem:  # no title read: the file's name
        return None
    title = _OWN_NUMBER.sub("", _SPACE.sub("", _TAGGED.sub("", " ".join(info.title.split()))))
    title = _LEADING_DATE.sub("", title)
    title = _DOUBLED.sub(r"\1", title.strip("|｜ "))  # a title a page prints twice in one line
    if _SENTENCE.search(title):
        return None  # words of the text read as a title: no title a document would cite
    for pattern in (_ISSUES_QUOTED, _ISSUES):
        if (found := pattern.match(title)) and found[1].strip():
            return found[1].strip()
    return title or None


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_RANGE = re.compile(r"(?:19|20)\d{2}\s*年?\s*(?:[—–\-－~～]+|至|到)\s*(?:19|20)\d{2}")


def _title_year(title: str | None) -> int | None:
    """The one year a title is of (2017年…措施); none for a period (2022——2024年) or several years.

    >>> _title_year("2017年平潭综合实验区深化改革创新六项措施"), _title_year("三年行动方案(2022——2024年)")
    (2017, None)
    """
    if not title or _RANGE.search(title):
        return None
    years = set(_YEAR.findall(title))
    return int(years.pop()) if len(years) == 1 else None


# --------------------------------------------------------------------------- references


_BRACKETED = re.compile(r"[（(][^（）()]*[)）]")
_BRACKETS_AFTER = re.compile(r"\s*[（(]([^（）()\n]{0,40}?)[)）]")  # 》（国办发〔2021〕26号）
_SENTENCE_MARKS = "。；;！？!?\n"


def _bare_key(title: str) -> str:
    """A title compared with the document's own: without what its brackets say, so
    …规划（2015-2020）… and …规划（2015-2020年）… are one.

    >>> _bare_key("建设规划（2015-2020年）任务分工实施方案") == _bare_key("建设规划(2015-2020)任务分工实施方案")
    True
    """
    return key(_BRACKETED.sub("", title))


@dataclass(frozen=True)
class _Reference:
    start: int
    end: int
    title: str | None  # the words in 《》, when they are a document's title
    number: NumberSpan | None
    title_end: int = 0  # after its 》


@dataclass
class _Title:
    start: int  # at 《
    end: int  # after 》
    nested: list[tuple[int, int]]  # 《…》 or 〈…〉 inside it


def _titles(text: str, longest: int = 120) -> list[_Title]:
    """The outermost 《…》 of the text, with those nested in them; an unclosed or overlong one is none."""
    found: list[_Title] = []
    at = 0
    while (start := text.find("《", at)) >= 0:
        depth, end = 0, -1
        nested: list[tuple[int, int]] = []
        inner_open: list[int] = []
        for i in range(start, min(len(text), start + longest)):
            ch = text[i]
            if ch in "《〈":
                depth += 1
                if depth > 1:
                    inner_open.append(i)
            elif ch in "》〉":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
                if inner_open:
                    nested.append((inner_open.pop(), i + 1))
            elif ch in "。；":  # a title holds no sentence: this 《 is never closed
                break
        if end < 0:
            at = start + 1
            continue
        found.append(_Title(start, end, nested))
        at = end
    return found


class _ClauseCues:
    """The words of one clause (references blanked) that give a reference in it its kind, found
    once: for each kind, where the last word after a reference may stand, and where the cues end.
    A reference's kind is then a bisection, where a search of the clause around each of thousands
    of references would read the clause again for each."""

    def __init__(self, masked: str, start: int, end: int, words: CitationWords) -> None:
        self.start = start
        # "w in masked[ref_end:end]" holds when the last w before the clause's end starts at ref_end or after
        self.last_after = {kind: max((masked.rfind(w, start, end) for w in ws), default=-1) for kind, ws in words.after.items()}
        clause = masked[start:end]  # a slice: a cue's look-behind stops where the clause starts, as it did
        # the clause up to a reference ends at □ (it is blanked), which no cue word holds: the cues
        # found in all of it are the cues found in it up to the reference
        self.cue_ends = {kind: [m.end() for m in cue.finditer(clause)] for kind, cue in words.cue.items()}

    def kind(self, start: int, end: int) -> CitationKind:
        for kind, last in self.last_after.items():
            if last >= end:
                return kind
        best: tuple[int, CitationKind] | None = None  # the cue ending nearest the reference; the first kind of a tie
        for kind, ends in self.cue_ends.items():
            i = bisect.bisect_right(ends, start - self.start)
            if i and (best is None or ends[i - 1] > best[0]):
                best = (ends[i - 1], kind)
        return best[1] if best else CitationKind.MENTIONS


class _Reader:
    """One document's references, read in one pass."""

    def __init__(self, text: str, words: CitationWords, own: PolicyRef | None, written: str) -> None:
        self.text, self.words, self.own, self.written = text, words, own, written
        self.own_keys = {_bare_key(own.title)} if own and own.title else set()
        self.skipped = Spans((m.start(), m.end()) for m in words.skip.finditer(text)) if words.skip else Spans([])
        self.clause = words.clause
        self.masked = text  # the text with references blanked: cue words are looked for around them
        self.marks: list[int] = []
        self.issued: str | None = None  # the first document the text says it issues (现将《X》印发给你们)
        # each clause and sentence read once for all the references in it: a clause may cite thousands
        self.sentence_marks = Marks(text, _SENTENCE_MARKS)
        self._issuing: dict[int, int] = {}  # by where a sentence ends: where its last 印发给 … starts
        self._cues: dict[int, _ClauseCues] = {}  # by where the clause starts

    def citations(self) -> list[Citation]:
        """The references to other documents, each with its policy and kind; :attr:`own` is then
        the document's own reference, titled as the document it issues where its header's title
        carries more words."""
        references = self.references()
        if self.own is not None and (fitted := _issued_title(self.own, self.issued)) is not self.own:
            self.own = fitted
            self.own_keys.add(_bare_key(fitted.title or ""))
        own_number = self.own.doc_number if self.own else None
        self.mask([(r.start, r.end) for r in references])
        found = []
        for r in references:
            if r.number is not None and r.number.number == own_number:
                continue  # the document's own 文号, wherever the text repeats it
            if r.title is not None and r.number is None and _bare_key(r.title) in self.own_keys:
                continue
            found.append(Citation(r.start, r.end, self.policy(r, r.title, r.number), self.kind(r.start, r.end)))
        return found

    # -- what the references are

    def references(self) -> list[_Reference]:
        """Every reference outside the skipped lines: a 《title》 with the number in brackets after
        it, or a number on its own; what the document's own title cites is its reference too."""
        found: list[_Reference] = []
        taken: list[tuple[int, int]] = []
        own_titles: list[int] = []  # where the document's own title is written
        numbers = doc_numbers(self.text)
        number_starts = [n.start for n in numbers]
        for title in _titles(self.text):
            if self._skipped(title.start):
                continue
            words = self._title_words(title.start + 1, title.end - 1)
            number, end = self._bracketed_number(title.end)
            taken.append((title.start, end))
            issued = self._issues(title.start, title.end)
            own = issued or (_bare_key(words) in self.own_keys)
            if number is not None and self.own is not None and number.number != self.own.doc_number:
                own = False  # another document's number: 省政府《水污染防治行动计划工作方案》(闽政〔2015〕26号)
            if own:  # the document itself: what its own title cites is its reference
                own_titles.append(title.start)
                self.issued = self.issued or (words if issued else None)
                inside = numbers[bisect.bisect_right(number_starts, title.start) : bisect.bisect_left(number_starts, title.end)]
                for n in inside:
                    if not any(s <= n.start < e for s, e in title.nested):
                        found.append(_Reference(n.start, n.end, None, n))
                found.extend(
                    _Reference(s, e, self._title_words(s + 1, e - 1), None, e)
                    for s, e in title.nested
                    if self._is_document(self._title_words(s + 1, e - 1))
                )
                continue
            if self._is_document(words) or number is not None:
                found.append(_Reference(title.start, end, words if self._is_document(words) else None, number, title.end))
        titled = Spans(taken)
        for n in numbers:
            if self._skipped(n.start) or titled.holds(n.start) or self._heads(n, own_titles):
                continue
            found.append(_Reference(n.start, n.end, None, n))
        return sorted(found, key=lambda f: f.start)

    def _heads(self, number: NumberSpan, own_titles: list[int]) -> bool:
        """Whether a 文号 heads the document's own title ("岚综委办[2021]31号…关于印发《X》的通知.pdf",
        an attachment's name): it is the document's own number, written where its header was not."""
        reach = min(number.end + 60, self._sentence_end(number.end))
        i = bisect.bisect_left(own_titles, number.end)  # own titles are found in order
        return i < len(own_titles) and own_titles[i] < reach

    def _sentence_end(self, at: int) -> int:
        """Where the sentence holding ``at`` ends (at its mark), or the text's end."""
        stop = self.sentence_marks.first_from(at)
        return len(self.text) if stop is None else stop

    def _skipped(self, at: int) -> bool:
        return self.skipped.holds(at)

    def _title_words(self, start: int, end: int, text: str | None = None) -> str:
        return _SPACE.sub("", (self.written if text is None else text)[start:end]).strip()

    def _is_document(self, title: str) -> bool:
        """Whether a title's words end like a document's (…方案, …条例, …法), a year or a note in
        brackets after it aside (…规划（2015-2020）, …办法（试行）)."""
        bare = title
        while (trimmed := re.sub(r"\s*[（(][^（）()]*[)）]\s*$", "", bare)) != bare:
            bare = trimmed
        bare = bare.rstrip("”\"' ")
        if len(bare) < self.words.min_title or bare.endswith(self.words.not_title_ends) or self.words.short_name.fullmatch(bare):
            return False
        return bare.endswith(self.words.title_ends)

    def _bracketed_number(self, after: int) -> tuple[NumberSpan | None, int]:
        """The 文号 in brackets right after a title ("》（国办发〔2021〕26号）"), and where they close."""
        m = _BRACKETS_AFTER.match(self.text, after)
        if m is None:
            return None, after
        inside = doc_numbers(m.group(1))
        if not inside:
            return None, after
        n = inside[0]
        at = m.start(1)
        return NumberSpan(at + n.start, at + n.end, n.number, n.code, n.year), m.end()

    def _issues(self, start: int, end: int) -> bool:
        """A 《title》 a notice issues: 印发《X》的通知 (a notice's title written out) or 现将《X》印发给你们."""
        before = self.text[max(0, start - 4) : start]
        after = self.text[end : end + 12]
        if re.search(r"印发\s*$", before) and re.match(r"\s*的?\s*通知", after):
            return True
        # a word after the title in its sentence: the last such word of the sentence (found once) starts after the title
        sentence = self.sentence_marks.last_before(end) + 1, self._sentence_end(end)
        if sentence[1] not in self._issuing:
            self._issuing[sentence[1]] = max((self.text.rfind(w, *sentence) for w in self.words.issued_after), default=-1)
        return self._issuing[sentence[1]] >= end

    # -- how the document refers

    def kind(self, start: int, end: int) -> CitationKind:
        """The kind the words of the reference's clause give: a word after it (同时废止, 转发给) or
        the nearest cue word before it; references between are blanked, so "根据《A》和《B》" gives
        B the kind of A."""
        before_start = bisect.bisect_left(self.marks, start)
        clause_start = self.marks[before_start - 1] + 1 if before_start else 0
        if clause_start not in self._cues:
            after_end = bisect.bisect_left(self.marks, end)
            clause_end = self.marks[after_end] if after_end < len(self.marks) else len(self.masked)
            self._cues[clause_start] = _ClauseCues(self.masked, clause_start, clause_end, self.words)
        return self._cues[clause_start].kind(start, end)

    def mask(self, spans: list[tuple[int, int]]) -> None:
        pieces, at = [], 0
        for start, end in spans:
            start = max(start, at)
            pieces += [self.text[at:start], "□" * max(0, end - start)]
            at = max(at, end)
        self.masked = "".join([*pieces, self.text[at:]])
        self.marks = [m.start() for m in self.clause.finditer(self.masked)]  # where clauses end

    # -- what the reference names

    def policy(self, reference: _Reference, title: str | None, number: NumberSpan | None) -> PolicyRef:
        coded, coded_level = code_issuer(number.code) if number else (None, None)
        # the title's own words first, then the code's (省政府 before 《关于…》 says less than 闽政)
        issuer = (self._title_issuer(reference, title) if title else None) or coded
        if issuer is None and title and title.startswith("关于"):
            issuer = self._issuer_before(reference.start)
        level: AdminLevel | None = (name_level(issuer) if issuer else None) or coded_level
        level = level or (title_level(title) if title else None)
        return PolicyRef(
            id=policy_id(number.number if number else None, title),
            title=title,
            doc_number=number.number if number else None,
            issuer=issuer,
            year=number.year if number else _title_year(title),
            level=level,
        )

    def _title_issuer(self, reference: _Reference, title: str) -> str | None:
        """The issuer a title names, read in simplified characters and written as the document writes it."""
        reading = self._title_words(reference.start + 1, reference.title_end - 1, self.text)
        issuer = title_issuer(reading)
        if issuer is None or len(reading) != len(title) or (at := reading.find(issuer)) < 0:
            return issuer
        return title[at : at + len(issuer)]

    def _issuer_before(self, start: int) -> str | None:
        """An issuer written ahead of a title that starts with 关于: 国家发展改革委《关于…》."""
        run = re.search(r"[\u4e00-\u9fff]{2,24}$", self.written[max(0, start - 24) : start])
        if run is None:
            return None
        words = run.group(0)
        cut = max((m.end() for m in self.words.cut.finditer(words)), default=0) if self.words.cut else 0
        name = words[cut:]
        return name if len(name) >= 2 and is_body(name) else None


def _issued_title(own: PolicyRef, issued: str | None) -> PolicyRef:
    """The document's own reference titled as the document it issues (现将《X》印发给你们), where
    its header's title ends with that title after words glued before it ("…管委会2023年10月24日X")
    or that title ends with the header's (印发水污染防治行动计划工作方案的通知, 《平潭综合实验区水污染防治…》).

    >>> _issued_title(PolicyRef(id="policy:a", title="某管委会2023年10月24日某若干措施"), "某若干措施").title
    '某若干措施'
    >>> _issued_title(PolicyRef(id="policy:a", title="工作方案"), "某区工作方案").title
    '某区工作方案'
    """
    if not issued or not own.title or own.title == issued:
        return own
    mine, theirs = _bare_key(own.title), _bare_key(issued)
    if not (mine.endswith(theirs) or theirs.endswith(mine)):
        return own
    return own.model_copy(update={"title": issued, "id": policy_id(own.doc_number, issued)})


def find_citations(
    text: str, words: CitationWords, own: PolicyRef | None = None, written: str | None = None
) -> list[Citation]:
    """Every reference ``text`` makes to another policy document; ``own`` is the document's own
    policy (never a citation of itself), ``written`` the text as written when ``text`` is its
    simplified reading (titles keep the document's characters).

    >>> words = CitationWords.default()
    >>> found = find_citations("严格执行《中华人民共和国气象法》《人工影响天气管理条例》等法律法规，订阅《人民日报》。", words)
    >>> [(c.policy.title, c.kind.value) for c in found]
    [('中华人民共和国气象法', 'implements'), ('人工影响天气管理条例', 'implements')]
    >>> found = find_citations("现将《福建省人民政府办公厅关于印发若干措施的通知》（闽政办〔2023〕2号）转发给你们。", words)
    >>> [(c.policy.id, c.policy.issuer, c.policy.level.value, c.kind.value) for c in found]
    [('policy:闽政办〔2023〕2号', '福建省人民政府办公厅', 'provincial', 'forwards')]
    """
    return _Reader(text, words, own, written if written is not None else text).citations()
