"""The Chinese search index, segmented by rjieba instead of jieba.

Sphinx splits Chinese text for its search index with jieba, which takes a
second to load its dictionary on every build, a prose edit's included. rjieba
(jieba's dictionary and search-mode cut, in Rust; the analysis segments with
it too) loads at once. The lexicon's terms (``html_search_options: dict``) are
added to it, as Sphinx adds them to jieba, so a search for 两个确立 finds the
pages that use it.
"""

from __future__ import annotations

from pathlib import Path

import rjieba
from sphinx.application import Sphinx
from sphinx.search import zh


class _SearchSegmenter:
    """What ``sphinx.search.zh`` asks of jieba: ``load_userdict`` and ``cut_for_search``."""

    def __init__(self) -> None:
        self._segmenter = rjieba.Jieba()

    def load_userdict(self, path: str) -> None:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if word := line.split(" ")[0].strip():
                self._segmenter.add_word(word, None, None)

    def cut_for_search(self, text: str) -> list[str]:
        return self._segmenter.cut_for_search(text)


def setup(app: Sphinx) -> dict[str, bool]:
    zh.jieba, zh.JIEBA = _SearchSegmenter(), True
    return {"parallel_read_safe": True, "parallel_write_safe": True}
