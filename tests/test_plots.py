"""Figures: a Chinese font is found, every plot draws from the real seeds, and saves to the same bytes twice."""

from __future__ import annotations

import io
import os
import warnings
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from analysis import CorpusError
from analysis.pipeline import analyse
from analysis.present import plots
from analysis.present.fonts import FONT_ENV, PREFERRED_FAMILIES, cjk_font_path, simplified_face_path, use_cjk_font
from analysis.present.labels import document_labels
from analysis.present.style import NONE_COLOR, WIDTH
from analysis.present.views import word_frequencies


@pytest.fixture(scope="module")
def tables():
    return analyse()


@pytest.fixture(scope="module")
def labels(tables):
    return document_labels(tables.corpus)


@pytest.fixture(scope="module")
def face(tmp_path_factory):
    """The Simplified Chinese face, extracted into a scratch cache."""
    return simplified_face_path(tmp_path_factory.mktemp("fonts"))


def _png(figure: Figure) -> bytes:
    """The figure as PNG bytes; a glyph missing from the font (a box in the image) fails the test."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def test_matplotlib_draws_with_a_font_that_has_chinese_glyphs():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = cjk_font_path()
    assert FT2Font(str(path)).get_char_index(ord("党")) != 0
    family = use_cjk_font()
    assert os.environ.get(FONT_ENV) or family in PREFERRED_FAMILIES
    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert os.path.samefile(found, path)


def test_a_missing_font_file_names_the_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv(FONT_ENV, str(tmp_path / "missing.ttc"))
    with pytest.raises(CorpusError, match="fonts-noto-cjk") as error:
        cjk_font_path()
    assert "missing.ttc" in str(error.value)


def test_no_installed_chinese_font_names_the_package_to_install(monkeypatch):
    from analysis.present import fonts

    monkeypatch.delenv(FONT_ENV, raising=False)
    monkeypatch.setattr(fonts, "_matplotlib_files", lambda family: [])
    monkeypatch.setattr(fonts, "_fontconfig_files", lambda family: [])
    monkeypatch.setattr(fonts, "KNOWN_PATHS", (fonts.KNOWN_PATHS[0].with_name("absent.ttc"),))
    with pytest.raises(CorpusError, match="apt-get install fonts-noto-cjk"):
        cjk_font_path()


def test_the_extracted_face_is_simplified_chinese_and_reused(face, tmp_path_factory):
    from fontTools.ttLib import TTFont

    if cjk_font_path().suffix.lower() not in (".ttc", ".otc"):
        pytest.skip("the CJK font is a single face, used as it is")
    family = TTFont(face, lazy=True)["name"].getBestFamilyName()
    assert family.endswith(" SC"), family
    if "Noto Sans CJK" in family:
        assert family == "Noto Sans CJK SC"
    modified = os.stat(face).st_mtime_ns
    assert simplified_face_path(face.parent) == face and os.stat(face).st_mtime_ns == modified


def test_document_labels_come_from_the_catalog(labels):
    assert labels == {"chongqing": "Chongqing", "national": "National (overview)", "hunan": "Hunan",
                      "city": "City (speech)", "heilongjiang": "Heilongjiang"}


def test_a_new_document_gets_a_label_and_clashes_get_the_doc_id():
    def document(doc_id, region, genre):
        return SimpleNamespace(doc_id=doc_id, region=region, catalog={"genre": genre})

    corpus = [document("sx", "Shanxi", "speech"), document("sx2", "Shanxi", "speech"), document("gd", "Guangdong", "article")]
    assert document_labels(corpus) == {"sx": "Shanxi (speech) [sx]", "sx2": "Shanxi (speech) [sx2]", "gd": "Guangdong"}


FIGURES = {
    "theme_heatmap": lambda t, labels: plots.theme_heatmap(t.themes, labels),
    "theme_flow": lambda t, labels: plots.theme_flow(t.paragraph_themes, labels, plots.theme_colors(t.lexicon)),
    "keyness_bars": lambda t, labels: plots.keyness_bars(t.keyness, labels),
    "slogan_overlap": lambda t, labels: plots.slogan_overlap(t.slogans, labels),
    "skeleton": lambda t, labels: plots.skeleton(plots.document_sections(t.corpus), t.paragraph_themes, labels,
                                                 plots.theme_colors(t.lexicon)),
    "similarity_heatmap": lambda t, labels: plots.similarity_heatmap(t.similarity, labels),
    "region_bars": lambda t, labels: plots.region_bars(t.region_counts, ["national"]),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_figure_fits_a4_draws_something_and_is_deterministic(name, tables, labels):
    figure = FIGURES[name](tables, labels)
    assert isinstance(figure, Figure)
    assert figure.get_size_inches()[0] <= WIDTH
    first = _png(figure)
    assert first == _png(FIGURES[name](tables, labels))
    pixels = np.asarray(Image.open(io.BytesIO(first)).convert("L"))
    assert (pixels < 100).mean() > 0.001  # text and marks, not a blank page


def test_the_word_clouds_are_the_same_twice(tables, labels, face):
    frequencies = word_frequencies(tables)
    assert frequencies["hunan"]["中国式现代化"] == 9
    first = _png(plots.word_clouds(frequencies, labels, face))
    assert first == _png(plots.word_clouds(frequencies, labels, face))
    pixels = np.asarray(Image.open(io.BytesIO(first)).convert("L"))
    assert (pixels < 128).mean() > 0.01


def test_theme_colours_name_the_seven_leading_themes_and_group_the_rest(tables, labels):
    colors = plots.theme_colors(tables.lexicon, tables.paragraph_themes)
    named = {theme: color for theme, color in colors.items() if color in plots.THEME_COLORS}
    assert len(named) == 7 and len(set(named.values())) == 7
    assert {color for theme, color in colors.items() if theme not in named and theme != "none"} == {plots.OTHER_COLOR}
    led = tables.paragraph_themes.groupby("dominant_theme")["chars"].sum().drop("none", errors="ignore")
    assert colors[led.idxmax()] == plots.THEME_COLORS[0] and colors["none"] == NONE_COLOR
    legend = plots.theme_flow(tables.paragraph_themes, labels, colors).legends[0]
    entries = [text.get_text() for text in legend.get_texts()]
    assert len(entries) <= 9 and entries[-2:] == ["other themes", "no theme keyword"]


def test_a_word_cloud_comes_from_the_cache_when_its_counts_are_unchanged(monkeypatch):
    from analysis.paths import cache_dir
    from analysis.present.plots import _cloud_image

    counts = {"两个确立": 9, "基层": 7, "党建": 7, "干部": 3}
    first = _cloud_image(counts, None)
    assert len(list((cache_dir() / "wordclouds").glob("*.npy"))) >= 1
    monkeypatch.setitem(__import__("sys").modules, "wordcloud", None)  # drawing again would now fail
    assert (_cloud_image(counts, None) == first).all()
    with pytest.raises(ImportError):
        _cloud_image({**counts, "干部": 4}, None)  # other counts: drawn again


def test_the_credits_figure_counts_credits_not_sentences(tables):
    axis = plots.region_bars(tables.region_counts, ["national"]).axes[0]
    assert axis.get_xlabel().startswith("credits")
    credited = tables.region_counts.query("doc_id == 'national'")["credited"].sum()
    assert sum(bar.get_width() for bar in axis.patches) == credited > 0


def test_the_theme_heatmap_scale_is_not_flattened_by_its_two_outliers(tables, labels):
    axis = plots.theme_heatmap(tables.themes, labels).axes[0]
    assert sorted(text.get_text() for text in axis.texts if text.get_text().startswith("▲")) == ["▲194", "▲214"]
    assert 80 < axis.images[0].norm.vmax < 82  # the largest value within twice the 90th percentile
