"""The Chinese search index, segmented by rjieba instead of jieba.

Sphinx splits Chinese text for its search index with jieba, which takes a
second to load its dictionary on every build, a prose edit's included. rjieba
(jieba's dictionary and search-mode cut, in Rust; the analysis segments with
it too) loads at once, and only when a page is indexed; jieba itself is not
imported. The lexicon's terms (``html_search_options: dict``) are added to it,
as Sphinx adds them to jieba, so a search for 两个确立 finds the pages that
use it.
"""

from __future__ import annotations

import sys
from functools import cached_property
from pathlib import Path
from types import ModuleType

from sphinx.application import Sphinx


class _SearchSegmenter(ModuleType):
    """What ``sphinx.search.zh`` asks of its ``jieba`` module: ``load_userdict`` and ``cut_for_search``."""

    def __init__(self) -> None:
        super().__init__("jieba")
        self._words: list[str] = []

    @cached_property
    def _segmenter(self):  # rjieba.Jieba: the module is imported only here
        import rjieba

        segmenter = rjieba.Jieba()
        for word in self._words:
            segmenter.add_word(word, None, None)
        return segmenter

    def load_userdict(self, path: str) -> None:
        self._words = [word for line in Path(path).read_text(encoding="utf-8").splitlines()
                       if (word := line.split(" ")[0].strip())]
        self.__dict__.pop("_segmenter", None)

    def cut_for_search(self, text: str) -> list[str]:
        return self._segmenter.cut_for_search(text)


def _chinese_search() -> ModuleType:
    """``sphinx.search.zh``, imported with the segmenter in jieba's place: importing jieba (and the pkg_resources it
    imports) was a twentieth of a build after a prose edit."""
    if "sphinx.search.zh" in sys.modules:
        return sys.modules["sphinx.search.zh"]
    real = sys.modules.get("jieba")
    sys.modules["jieba"] = _SearchSegmenter()
    try:
        from sphinx.search import zh
    finally:
        if real is None:
            del sys.modules["jieba"]
        else:
            sys.modules["jieba"] = real
    return zh


def setup(app: Sphinx) -> dict[str, bool]:
    zh = _chinese_search()
    zh.jieba, zh.JIEBA = _SearchSegmenter(), True
    return {"parallel_read_safe": True, "parallel_write_safe": True}
