"""jieba's answers read from the trie are jieba's own: words and parts of speech, with its HMMs
and without, on the documents we ship, on random text, and on the shared corpus; the tables are
cached once, read back, rewritten when damaged, and kept in memory where nothing can be written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innokg.building import bundled_corpus, bundled_editions, bundled_lineage
from innokg.nlp import words

jieba.setLogLevel(60)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _jiebas(text: str) -> tuple[list, ...]:
    return (
        list(jieba.cut(text)),
        list(jieba.cut(text, HMM=False)),
        [tuple(pair) for pair in jieba.posseg.cut(text)],
        [tuple(pair) for pair in jieba.posseg.cut(text, HMM=False)],
    )


def _ours(text: str) -> tuple[list, ...]:
    return (list(words.cut(text)), list(words.cut(text, hmm=False)), list(words.tagged(text)), list(words.tagged(text, hmm=False)))


def _pieces(text: str, step: int) -> set[str]:
    """Each line whole, and the short windows the rules ask about (a name's first words, the words
    around one character) every ``step`` characters."""
    pieces = set()
    for line in text.splitlines():
        pieces.add(line)
        pieces.update(line[at : at + width] for width in (2, 5, 12) for at in range(0, len(line), step))
    return pieces


def _differences(texts: list[str], step: int = 3) -> list[str]:
    pieces = set().union(*(_pieces(text, step) for text in texts))
    return sorted(piece for piece in pieces if _ours(piece) != _jiebas(piece))


def test_the_documents_we_ship_read_as_jieba_reads_them():
    paths = [*sorted(bundled_corpus().glob("*.txt")), *bundled_editions(), *sorted(bundled_lineage().glob("*.txt"))]
    texts = [path.read_text(encoding="utf-8") for path in paths]
    assert sum(map(len, texts)) > 5_000
    assert _differences(texts) == []


def _dictionary_words_with_letters() -> list[str]:
    """jieba's words written with Latin letters or digits (T恤, C++, AT&T, 3G): where its readers
    treat letters as a run, a word or a character."""
    jieba.dt.check_initialized()
    return sorted(word for word, count in jieba.dt.FREQ.items() if count and any(c.isascii() and c.isalnum() for c in word))


ALPHABET = st.sampled_from(
    list("市科技局发改委牵头负责配合建设平台中心实验室产业创新厦门合肥证监局认真组织实施的了和与及")
    + list("龘丂乂亍坅娌")  # characters in no word of jieba's, or rare ones: its HMMs read them
    + ["宣化承流", "连皇太后", "劳动和社会保障部职业技能鉴定中心", "矍倌蝻蟮啌燅"]  # unknown runs, the longest word
    + list("abcXYZ0179.%-_#&+")
    + _dictionary_words_with_letters()
    + [" ", "\t", "\r\n", "\n", "\u3000", "，", "。", "（", "）", "、", "：", "“", "”"]
)


RARE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5)  # mostly characters jieba knows no word of


@settings(max_examples=600, deadline=None)
@given(st.lists(ALPHABET | RARE, min_size=1, max_size=30).map("".join))
def test_any_text_reads_as_jieba_reads_it(text):
    assert _ours(text) == _jiebas(text)


def test_a_run_of_rare_characters_reads_as_jiebas_hmm_reads_it():
    """Where no state a character can take follows the one before, the tagger's HMM goes on from
    the states that can follow."""
    assert _ours("矍倌蝻蟮啌燅") == _jiebas("矍倌蝻蟮啌燅")


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/corpus beside the clone")
def test_the_shared_corpus_reads_as_jieba_reads_it():
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(SHARED.rglob("*.txt"))]
    assert len(texts) > 40
    assert _differences(texts, step=17) == []


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """A cache folder of the test's own; the tables read from it forgotten afterwards."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    words.words.cache_clear()
    yield tmp_path / "cache"
    words.words.cache_clear()


def test_the_tables_are_cached_once_and_then_read_without_jieba(cache_home, monkeypatch):
    first = words.words()
    cached = words.cache_path()
    assert cached is not None and cached.parent == cache_home / "innokg" and cached.stat().st_size > 1_000_000

    def no_jieba(*args):
        raise AssertionError("jieba read again although its tables are cached")

    monkeypatch.setattr(words, "_from_jieba", no_jieba)
    monkeypatch.setattr(words, "_can_write_in", lambda folder: False)  # read where it cannot be written
    words.words.cache_clear()
    again = words.words()
    assert again is not first and again.log_total == first.log_total and len(again.trie) == len(first.trie)
    assert words.first_word("厦门证监局") == ("厦门", "ns")


@pytest.mark.parametrize("damage", ["truncated", "one bit", "garbage"])
def test_a_damaged_cache_is_read_from_jieba_again_and_rewritten(cache_home, damage):
    """The trie is read by C++ that trusts its bytes: a damaged cache is never handed to it."""
    words.words()
    cached = words.cache_path()
    assert cached is not None
    whole = cached.read_bytes()
    damaged = {
        "truncated": whole[: len(whole) // 2],
        "one bit": whole[:-1000] + bytes([whole[-1000] ^ 1]) + whole[-999:],
        "garbage": b"\x00damaged",
    }[damage]
    cached.write_bytes(damaged)
    words.words.cache_clear()
    assert _ours("平潭海关牵头，龘丂配合") == _jiebas("平潭海关牵头，龘丂配合")
    assert cached.read_bytes() == whole  # rewritten whole


def test_the_tables_are_jiebas_files_not_what_this_process_told_jieba(cache_home):
    """A word added to jieba in some process (or a stale /tmp/jieba.cache) is not cached as jieba's."""
    import subprocess
    import sys

    code = (
        "import jieba\njieba.setLogLevel(60)\njieba.add_word('厦门证监局', 100000, 'nt')\n"
        "from innokg.nlp import words\nprint(words.first_word('厦门证监局'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "('厦门', 'ns')"
    assert words.first_word("厦门证监局") == ("厦门", "ns")  # from the cache that process wrote


def test_a_changed_dictionary_has_a_cache_of_its_own(cache_home, tmp_path, monkeypatch):
    words.words()
    shipped = words.cache_path()
    dictionary = tmp_path / "dict.txt"
    dictionary.write_bytes(words._jieba_dictionary().read_bytes() + "厦门证监局 100000 nt\n".encode())
    monkeypatch.setattr(words, "_jieba_dictionary", lambda: dictionary)
    words.words.cache_clear()
    assert words.first_word("厦门证监局") == ("厦门证监局", "nt")  # the dictionary's word, read from it
    assert words.cache_path() != shipped and words.cache_path().exists() and shipped.exists()


def test_the_cache_folder_is_the_users(monkeypatch):
    """$XDG_CACHE_HOME when it is an absolute path; a relative one is ignored, as XDG says."""
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert words.cache_path().parent == Path("/somewhere/cache/innokg")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert words.cache_path().parent == Path.home() / ".cache" / "innokg"


def test_each_word_has_jiebas_frequency_and_part_of_speech():
    """Looked up by its id in the trie: every 37th entry of jieba's tables (its words' prefixes,
    which jieba counts as 0, among them)."""
    jieba.initialize()
    table = words.words()
    assert all(table.frequency(word) == count for word, count in list(jieba.dt.FREQ.items())[::37])
    assert all(table.tag(word) == tag for word, tag in list(jieba.posseg.dt.word_tag_tab.items())[::37])
    assert table.frequency("不是一个词语吧") == 0 and table.tag("不是一个词语吧") == "x"


def test_a_user_without_a_home_to_write_in_has_a_private_cache_in_the_temporary_folder(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    words.words.cache_clear()
    try:
        private = tmp_path / "tmp" / f"innokg-{os.getuid()}"
        assert words.cache_path().parent == private
        assert _ours("合肥市科技局牵头") == _jiebas("合肥市科技局牵头")
        assert words.cache_path().exists() and private.stat().st_mode & 0o777 == 0o700
        assert blocked.read_text() == "not a folder"
    finally:
        words.words.cache_clear()


def test_a_temporary_folder_others_can_write_in_or_own_is_never_used(tmp_path, monkeypatch):
    """Anyone may make ``innokg-<uid>`` in the temporary folder first, to plant a cache there."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    planted = tmp_path / f"innokg-{os.getuid()}"
    planted.mkdir()
    planted.chmod(0o777)
    assert words.cache_path() is None
    if os.getuid() == 0:  # only root can give a folder to another user
        planted.chmod(0o700)
        os.chown(planted, 65534, 65534)
        assert words.cache_path() is None


def test_where_no_cache_can_be_written_the_tables_stay_in_memory(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(tempfile, "tempdir", str(blocked))
    words.words.cache_clear()
    try:
        assert words.cache_path() is None
        assert _ours("合肥市科技局牵头") == _jiebas("合肥市科技局牵头")
        assert blocked.read_text() == "not a folder"
    finally:
        words.words.cache_clear()
