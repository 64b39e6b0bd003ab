"""jieba's words and parts of speech, read from a trie that opens in milliseconds.

Rules ask jieba a few things of a few characters each: how a name opens (a place, 厦门证监局; an
adverb or a verb, 认真组织…), and where its words begin around a character. jieba answers from
a dictionary of 350,000 words that it loads into Python dicts on first use: importing it, the
frequencies and the parts of speech took 1.1 s, half of every build's start-up, paid before a
``--jobs`` build's workers start. Here the same dictionary is a trie (marisa-trie), written once
per jieba dictionary to the user's cache folder by jieba's own readers, and jieba's segmentation
and its two HMMs run over it as jieba runs them (each function names the one it follows).
``tests/nlp/test_words.py`` compares the answers with jieba's own on the documents we ship, on
random text and on the shared corpus. The code follows jieba 0.42 (pinned below 0.43).

>>> first_word("厦门证监局")
('厦门', 'ns')
>>> first_word("认真组织实施")
('认真', 'ad')
>>> list(tagged("合肥市")), list(cut("加强基础设施建设"))
([('合肥市', 'ns')], ['加强', '基础设施', '建设'])
"""

from __future__ import annotations

import hashlib
import marshal
import math
import os
import re
import stat
import tempfile
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, util
from itertools import groupby
from pathlib import Path
from typing import Any

import marisa_trie

#: what a cache written by another version of this module cannot be read as
_FORMAT = 5

# jieba's own patterns (jieba/__init__.py, finalseg/, posseg/), as it splits a text
_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ALNUM_CHAR = re.compile("[a-zA-Z0-9]")
_ALNUM_ONLY = re.compile("^[a-zA-Z0-9]$")
_HAN_ONLY = re.compile("([\u4e00-\u9fd5]+)")
_SKIP_HMM = re.compile("([a-zA-Z0-9]+(?:\\.\\d+)?%?)")
_HAN_TAGGING = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._]+)")
_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile("[\\.0-9]+")
#: finalseg's states a state may follow
_PREVIOUS = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}

_MIN_FLOAT = -3.14e100
_MIN_INF = float("-inf")

Pair = tuple[str, str]  # a word and its part of speech (jieba's ``pair``)


@dataclass(frozen=True)
class Words:
    """jieba's dictionary and HMM tables: the words in a trie, and by each word's id in it its
    frequency and part of speech (plain arrays: the trie's prefixes of a text come with their ids,
    four times as fast as a trie that holds the values as well)."""

    trie: marisa_trie.Trie
    counts: array  # frequency by word id
    tag_ids: array  # index in ``tags`` by word id
    tags: tuple[str, ...]
    log_total: float
    #: jieba.posseg's HMM: (position, part of speech) states per character, start, transitions, emissions
    tagging_hmm: tuple[Any, Any, Any, Any]
    #: jieba.finalseg's HMM: start, transitions and emissions of the B/M/E/S states
    segmenting_hmm: tuple[Any, Any, Any]
    longest: int  # characters in the longest word

    def frequency(self, word: str) -> int:
        found = self.trie.get(word)
        return self.counts[found] if found is not None else 0

    def tag(self, word: str) -> str:
        found = self.trie.get(word)
        return self.tags[self.tag_ids[found]] if found is not None else "x"


def cut(text: str, hmm: bool = True) -> Iterator[str]:
    """``jieba.cut(text, HMM=hmm)``: its words."""
    return _cut(words(), text, hmm)


def tagged(text: str, hmm: bool = True) -> Iterator[Pair]:
    """``jieba.posseg.cut(text, HMM=hmm)``: its words and their parts of speech, as ``(word, flag)``."""
    return _tagged(words(), text, hmm)


def first_word(text: str) -> Pair | None:
    """The first ``(word, part of speech)`` of ``jieba.posseg.cut(text)``, or None for no text."""
    return next(tagged(text), None)


@lru_cache(maxsize=1)
def words() -> Words:
    """jieba's tables from the cache; read from jieba's files and cached on first use, or when the
    cache cannot be read (damaged); in memory alone where no cache can be written."""
    path = cache_path()
    if path is not None:
        try:
            return _words(marshal.loads(_checked(path.read_bytes())))
        except (OSError, ValueError, EOFError, TypeError, RuntimeError):
            pass
    tables = _from_jieba(_jieba_dictionary())
    if path is not None:
        payload = marshal.dumps(tables)
        _write_atomically(path, _digest(payload) + payload)
    return _words(tables)


def cache_path() -> Path | None:
    """Where jieba's tables are cached: the user's cache folder (``$XDG_CACHE_HOME``, else
    ``~/.cache``); for a user with no home to write in (a service account), a folder of theirs
    alone in the temporary folder; None where neither will do. The name holds the versions and
    the dictionary's content (5 ms to hash): every install of one jieba shares a cache, and one
    whose dictionary was changed gets its own."""
    content = hashlib.blake2b(_jieba_dictionary().read_bytes(), digest_size=8).hexdigest()
    name = f"jieba-{_FORMAT}-{metadata.version('jieba')}-{metadata.version('marisa-trie')}-{content}.marshal"
    home = _users_cache_folder()
    if home is not None and ((home / name).exists() or _can_write_in(home)):
        return home / name
    private = _private_temporary_folder()
    return private / name if private is not None else None


def _users_cache_folder() -> Path | None:
    home = os.environ.get("XDG_CACHE_HOME", "")
    try:
        return (Path(home) if os.path.isabs(home) else Path.home() / ".cache") / "innokg"  # XDG: a relative one is ignored
    except RuntimeError:  # no home folder to be found
        return None


def _can_write_in(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def _private_temporary_folder() -> Path | None:
    """``innokg-<uid>`` in the temporary folder, made for this user alone, and used only while it
    is theirs and nobody else can write in it: the temporary folder is everybody's, and a cache
    planted there would be read as ours."""
    if not hasattr(os, "getuid"):
        return None  # Windows: every user has a home folder, and a temporary folder of their own
    folder = Path(tempfile.gettempdir()) / f"innokg-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        status = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o022:
        return None
    return folder


def _jieba_dictionary() -> Path:
    spec = util.find_spec("jieba")  # found, not imported: importing jieba is the cost avoided
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed", name="jieba")
    return Path(spec.origin).parent / "dict.txt"


def _from_jieba(dictionary: Path) -> tuple[Any, ...]:
    """jieba's tables read by jieba's own readers from its files — not from the ``jieba`` module's
    state, which ``jieba.add_word`` or a stale ``/tmp/jieba.cache`` may have changed in this
    process: the frequencies and parts of speech of its dictionary (as a trie's bytes), and the HMMs
    of its tagger and its segmenter."""
    from jieba import Tokenizer, finalseg, posseg

    with dictionary.open("rb") as file:
        counts, total = Tokenizer.gen_pfdict(file)  # counts: jieba's words, and their prefixes as 0
    reader = posseg.POSTokenizer.__new__(posseg.POSTokenizer)  # a reader, not jieba's shared tokenizer
    with dictionary.open("rb") as file:
        reader.load_word_tag(file)
    tags: dict[str, int] = {}
    records = [(word, counts.get(word, 0), tags.setdefault(tag, len(tags))) for word, tag in reader.word_tag_tab.items()]
    records += [(word, count, tags.setdefault("x", len(tags))) for word, count in counts.items() if count and word not in reader.word_tag_tab]
    trie = marisa_trie.Trie([word for word, _, _ in records])
    frequencies, tag_ids = array("I", bytes(4 * len(trie))), array("H", bytes(2 * len(trie)))
    for word, count, tag in records:
        at = trie[word]  # the word's id
        frequencies[at], tag_ids[at] = count, tag
    return (
        list(tags),
        math.log(total),
        max(len(word) for word, _, _ in records),
        trie.tobytes(),
        frequencies.tobytes(),
        tag_ids.tobytes(),
        (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P),
        (finalseg.start_P, finalseg.trans_P, finalseg.emit_P),
    )


def _words(tables: tuple[Any, ...]) -> Words:
    tags, log_total, longest, trie_bytes, frequencies, tag_ids, tagging_hmm, segmenting_hmm = tables
    trie = marisa_trie.Trie().frombytes(trie_bytes)
    counts, ids = array("I"), array("H")
    counts.frombytes(frequencies)
    ids.frombytes(tag_ids)
    if len(counts) != len(trie) or len(ids) != len(trie):
        raise ValueError("the tables do not fit the trie")
    return Words(trie, counts, ids, tuple(tags), log_total, tuple(tagging_hmm), tuple(segmenting_hmm), longest)


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=32).digest()


def _checked(data: bytes) -> bytes:
    """The cache's payload, if its digest holds: the trie is read by C++ that trusts its bytes (a
    damaged one can crash the process), and a cache can be damaged (a disk, a copy, a hand)."""
    payload = data[32:]
    if len(data) < 32 or data[:32] != _digest(payload):
        raise ValueError("damaged cache")
    return payload


def _write_atomically(path: Path, data: bytes) -> None:
    """Readers never see half a cache; others may read it (a cache baked into an image, a shared
    home); one that cannot be written is no error. Caches of this module's earlier formats go."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    for earlier in range(1, _FORMAT):
        for old in path.parent.glob(f"jieba-{earlier}-*.marshal"):
            old.unlink(missing_ok=True)


# ---- jieba's segmentation (jieba/__init__.py, finalseg/, posseg/), over the trie ------------


def _dag(w: Words, sentence: str) -> list[list[tuple[int, int]]]:
    """``Tokenizer.get_DAG``: where each word in the dictionary starting at ``k`` ends, with its
    frequency (a lone character no word starts with: 0). jieba walks the prefixes of its words one
    character at a time; the trie lists them at once."""
    dag = []
    counts, prefixes, longest = w.counts, w.trie.iter_prefixes_with_ids, w.longest
    for k in range(len(sentence)):
        # the trie gives a key's prefixes shortest first: the order jieba finds them in
        ends = [(k + len(word) - 1, counts[i]) for word, i in prefixes(sentence[k : k + longest]) if counts[i]]
        dag.append(ends or [(k, 0)])
    return dag


def _route(w: Words, sentence: str) -> list[tuple[float, int]]:
    """``Tokenizer.calc``: the most probable segmentation, from the end."""
    dag = _dag(w, sentence)
    n = len(sentence)
    route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
    for idx in range(n - 1, -1, -1):
        route[idx] = max((math.log(count or 1) - w.log_total + route[x + 1][0], x) for x, count in dag[idx])
    return route


def _steps(w: Words, sentence: str) -> Iterator[str]:
    """The words of the most probable route, one after another."""
    route = _route(w, sentence)
    x = 0
    while x < len(sentence):
        y = route[x][1] + 1
        yield sentence[x:y]
        x = y


def _runs(w: Words, sentence: str, joins: Callable[[str], bool]) -> Iterator[tuple[str, bool]]:
    """The route's words, those ``joins`` holds for run together (jieba's ``buf``): each word,
    and whether it is such a run."""
    for joined, group in groupby(_steps(w, sentence), key=joins):
        if joined:
            yield "".join(group), True
        else:
            yield from ((word, False) for word in group)


def _cut(w: Words, sentence: str, hmm: bool) -> Iterator[str]:
    """``Tokenizer.cut(sentence, HMM=hmm)``."""
    for block in _HAN.split(sentence):
        if not block:
            continue
        if _HAN.match(block):
            yield from (_cut_dag(w, block) if hmm else _cut_dag_no_hmm(w, block))
            continue
        for x in _SKIP.split(block):
            if _SKIP.match(x):
                yield x
            else:
                yield from x


def _cut_dag_no_hmm(w: Words, sentence: str) -> Iterator[str]:
    """``Tokenizer.__cut_DAG_NO_HMM``: single letters and digits run together."""
    for word, _ in _runs(w, sentence, lambda word: len(word) == 1 and bool(_ALNUM_CHAR.match(word))):
        yield word


def _cut_dag(w: Words, sentence: str) -> Iterator[str]:
    """``Tokenizer.__cut_DAG``: dictionary words, and runs of single characters read by finalseg's HMM."""
    for word, run in _runs(w, sentence, lambda word: len(word) == 1):
        yield from _single_run(w, word) if run else (word,)


def _single_run(w: Words, buf: str) -> Iterator[str]:
    if len(buf) == 1:
        yield buf
    elif not w.frequency(buf):
        yield from _segment_hmm(w, buf)
    else:
        yield from buf


def _segment_hmm(w: Words, sentence: str) -> Iterator[str]:
    """``finalseg.cut``: words of unknown characters, from the B/M/E/S HMM."""
    for block in _HAN_ONLY.split(sentence):
        if _HAN_ONLY.match(block):
            positions = _segment_viterbi(block, *w.segmenting_hmm)
            begin, nexti = 0, 0
            for i, char in enumerate(block):
                if positions[i] == "B":
                    begin = i
                elif positions[i] == "E":
                    yield block[begin : i + 1]
                    nexti = i + 1
                elif positions[i] == "S":
                    yield char
                    nexti = i + 1
            if nexti < len(block):
                yield block[nexti:]
        else:
            yield from (x for x in _SKIP_HMM.split(block) if x)


def _segment_viterbi(obs: str, start_p: Any, trans_p: Any, emit_p: Any) -> list[str]:
    """``finalseg.viterbi``."""
    v: list[dict[str, float]] = [{}]
    path: dict[str, list[str]] = {}
    for y in "BMES":
        v[0][y] = start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
        path[y] = [y]
    for t in range(1, len(obs)):
        v.append({})
        extended = {}
        for y in "BMES":
            emitted = emit_p[y].get(obs[t], _MIN_FLOAT)
            prob, state = max((v[t - 1][y0] + trans_p[y0].get(y, _MIN_FLOAT) + emitted, y0) for y0 in _PREVIOUS[y])
            v[t][y] = prob
            extended[y] = path[state] + [y]
        path = extended
    _, state = max((v[len(obs) - 1][y], y) for y in "ES")
    return path[state]


def _tagged(w: Words, sentence: str, hmm: bool) -> Iterator[Pair]:
    """``POSTokenizer.cut(sentence, HMM=hmm)``."""
    for block in _HAN_TAGGING.split(sentence):
        if _HAN_TAGGING.match(block):
            yield from (_tag_dag(w, block) if hmm else _tag_dag_no_hmm(w, block))
            continue
        for x in _SKIP.split(block):
            if _SKIP.match(x):
                yield (x, "x")
                continue
            for xx in x:
                if _NUM.match(xx):
                    yield (xx, "m")
                elif _ENG.match(x):  # as jieba writes it (the run, not the character); no text reaches it
                    yield (xx, "eng")
                else:
                    yield (xx, "x")


def _tag_dag_no_hmm(w: Words, sentence: str) -> Iterator[Pair]:
    """``POSTokenizer.__cut_DAG_NO_HMM``."""
    for word, run in _runs(w, sentence, lambda word: bool(_ALNUM_ONLY.match(word))):
        yield (word, "eng") if run else (word, w.tag(word))


def _tag_dag(w: Words, sentence: str) -> Iterator[Pair]:
    """``POSTokenizer.__cut_DAG``: dictionary words, and runs of single characters read by the HMM."""
    for word, run in _runs(w, sentence, lambda word: len(word) == 1):
        yield from _tag_single_run(w, word) if run else ((word, w.tag(word)),)


def _tag_single_run(w: Words, buf: str) -> Iterator[Pair]:
    if len(buf) == 1:
        yield (buf, w.tag(buf))
    elif not w.frequency(buf):
        yield from _tag_detail(w, buf)
    else:
        for char in buf:
            yield (char, w.tag(char))


def _tag_detail(w: Words, sentence: str) -> Iterator[Pair]:
    """``POSTokenizer.__cut_detail``."""
    for block in _HAN_ONLY.split(sentence):
        if _HAN_ONLY.match(block):
            yield from _tag_hmm(w, block)
            continue
        for x in _SKIP_DETAIL.split(block):
            if x:
                yield (x, "m" if _NUM.match(x) else "eng" if _ENG.match(x) else "x")


def _tag_hmm(w: Words, sentence: str) -> Iterator[Pair]:
    """``POSTokenizer.__cut``: the words and parts of speech of the HMM's best path."""
    states = _tag_viterbi(sentence, *w.tagging_hmm)
    begin, nexti = 0, 0
    for i, char in enumerate(sentence):
        position, tag = states[i]
        if position == "B":
            begin = i
        elif position == "E":
            yield (sentence[begin : i + 1], tag)
            nexti = i + 1
        elif position == "S":
            yield (char, tag)
            nexti = i + 1
    if nexti < len(sentence):
        yield (sentence[nexti:], states[nexti][1])


def _tag_viterbi(obs: str, states: Any, start_p: Any, trans_p: Any, emit_p: Any) -> list[Any]:
    """``jieba.posseg.viterbi.viterbi``: the most probable (position, part of speech) per character."""
    v: list[dict[Any, float]] = [{}]
    path: list[dict[Any, Any]] = [{}]
    all_states = trans_p.keys()
    for y in states.get(obs[0], all_states):
        v[0][y] = start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
        path[0][y] = ""
    for t in range(1, len(obs)):
        v.append({})
        path.append({})
        previous = [x for x in path[t - 1] if len(trans_p[x]) > 0]
        expected = {y for x in previous for y in trans_p[x]}
        candidates = set(states.get(obs[t], all_states)) & expected or expected or set(all_states)
        for y in candidates:
            prob, state = max(
                (v[t - 1][y0] + trans_p[y0].get(y, _MIN_INF) + emit_p[y].get(obs[t], _MIN_FLOAT), y0) for y0 in previous
            )
            v[t][y] = prob
            path[t][y] = state
    _, state = max((v[-1][y], y) for y in path[-1])
    route: list[Any] = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = path[i][state]
    return route
