"""Figures find a Chinese font even when matplotlib's font cache was made before it was installed."""

from __future__ import annotations

import shutil

import pytest
from innokg.graph import plotting
from matplotlib import font_manager


@pytest.fixture
def stale_font_cache(monkeypatch):
    """matplotlib's font list as it is when its cache was built before fonts-noto-cjk came
    (``make demo`` before ``make test`` on a fresh machine): no CJK font in it."""
    stale = [f for f in font_manager.fontManager.ttflist if f.name not in plotting.CJK_FONTS and "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    plotting.use_chinese_font.cache_clear()
    yield
    plotting.use_chinese_font.cache_clear()


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
def test_a_font_installed_after_the_cache_was_built_is_found(stale_font_cache):
    assert plotting._known_cjk_font() is None  # what the stale cache alone offers
    name = plotting.use_chinese_font()
    assert name in plotting.CJK_FONTS
    assert any(f.name == name for f in font_manager.fontManager.ttflist)


def test_no_chinese_font_anywhere_says_how_to_install_one(stale_font_cache, monkeypatch):
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *args, **kwargs: [])
    with pytest.raises(plotting.InnokgError, match="fonts-noto-cjk"):
        plotting.use_chinese_font()
