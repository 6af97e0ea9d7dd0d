"""What the book shows: escaping of scraped text, tables that parse as tables, stale-output detection,
and hostile or oversized input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from analysis import load_corpus
from analysis.catalog import read_catalog
from analysis.csvfile import to_csv_bytes
from analysis.engine.results import inputs_fingerprint
from analysis.paths import BUNDLED_LEXICON_DIR
from analysis.present.myst import escape_markdown, markdown_table
from tests.conftest import ROOT

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> {glue:text}`x` `code` $x^2$ | **bold** [link](http://x)"


def render(markdown: str) -> str:
    """CommonMark with raw HTML enabled and dollar math, as MyST parses chapter outputs."""
    return MarkdownIt("commonmark", {"html": True}).use(dollarmath_plugin).enable("table").render(markdown)


def test_escaped_text_renders_literally():
    html = render(escape_markdown(HOSTILE))
    assert "<script>" not in html and "<img" not in html and "<strong>" not in html and "<a " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{glue:text}`x`" in html and "$x^2$" in html and "<code>" not in html and "math" not in html


def test_tables_escape_every_cell():
    import pandas as pd

    frame = pd.DataFrame({"Document": ["安徽"], "Text": [HOSTILE], "Count": [3]})
    markdown = markdown_table(frame).data
    assert markdown.startswith("```{list-table}") and ":widths:" in markdown
    body = markdown.split("\n", 5)[-1]
    assert "<script>" not in body and "\\<script\\>" in body


def test_table_decimals_can_be_set_per_column():
    import pandas as pd

    frame = pd.DataFrame({"Share (%)": [12.345], "Cosine": [0.2834]})
    assert markdown_table(frame).data.endswith("* - 12\\.3\n  - 0\\.3\n```")
    assert markdown_table(frame, decimals={"Cosine": 2}).data.endswith("* - 12\\.3\n  - 0\\.28\n```")


def test_fingerprint_changes_when_a_lexicon_entry_changes(tmp_path, seeds_copy, monkeypatch):
    lexicon = tmp_path / "lexicon"
    shutil.copytree(BUNDLED_LEXICON_DIR, lexicon)
    monkeypatch.setenv("ANALYSIS_LEXICON", str(lexicon))
    before = inputs_fingerprint(read_catalog(seeds_copy))
    assert inputs_fingerprint(read_catalog(seeds_copy)) == before
    path = lexicon / "themes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("keywords: [", "keywords: [党建品牌, ", 1), encoding="utf-8")
    assert inputs_fingerprint(read_catalog(seeds_copy)) != before
    (seeds_copy / "catalog.csv").write_text((seeds_copy / "catalog.csv").read_text(encoding="utf-8") + "\n")
    changed = inputs_fingerprint(read_catalog(seeds_copy))
    (seeds_copy / "003_ea13a1839fb37cfd.txt").write_bytes((seeds_copy / "003_ea13a1839fb37cfd.txt").read_bytes() + b"\n")
    assert inputs_fingerprint(read_catalog(seeds_copy)) != changed


@pytest.mark.parametrize("regex, message", [
    ("党的[一二三+大", "is not a valid regular expression"),
    ("党的(十八|十九)大", "has a capturing group"),
    ("(?:党的)?", "matches the empty string"),
])
def test_a_broken_compound_pattern_stops_with_one_line(tmp_path, seeds_copy, regex, message):
    lexicon = tmp_path / "lexicon"
    shutil.copytree(BUNDLED_LEXICON_DIR, lexicon)
    (lexicon / "compounds.yaml").write_text(f"compounds:\n  - name: broken\n    regex: '{regex}'\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "analysis", "tables", "--out", str(tmp_path / "out"),
                             "--seeds", str(seeds_copy)], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "ANALYSIS_LEXICON": str(lexicon)})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "compounds.yaml" in lines[0] and message in lines[0], result.stderr


def _add(seeds, name, text, row):
    (seeds / name).write_text(text, encoding="utf-8")
    with (seeds / "catalog.csv").open("a", encoding="utf-8") as handle:
        handle.write(row + "\n")


def test_hostile_text_survives_cleaning_as_text(seeds_copy):
    body = ("安徽省坚持大抓基层的鲜明导向，推动基层党组织全面进步全面过硬。" * 3 + HOSTILE + "持续推进全面从严治党。")
    _add(seeds_copy, "hostile.txt", "首页 | 新闻 | 理论\n安徽的一篇文章\n" + body + "\n版权所有",
         "anhui,hostile.txt,Anhui,province,article,安徽,,,,,")
    document = load_corpus(seeds_copy)["anhui"]
    assert "<script>alert(1)</script>" in document.body  # kept as text; escaped wherever it is shown
    assert "版权所有" not in document.body


def test_document_without_headings_and_five_megabyte_page(seeds_copy):
    paragraph = "各级党组织坚持以习近平新时代中国特色社会主义思想为指导，扎实推进基层党建工作，取得明显成效。"
    big = "\n".join([paragraph] * 55_000)
    assert len(big.encode("utf-8")) > 5_000_000
    _add(seeds_copy, "big.txt", big, "big,big.txt,Anhui,province,article,安徽,,,,,")
    document = load_corpus(seeds_copy)["big"]
    assert len(document.paragraphs) == 55_000
    from analysis.measures.structure import headings

    assert headings(document).query("level > 0").empty


@pytest.mark.parametrize("content, message", [(b"", "empty"), (b"\xff\xfe\x00", "not valid utf-16"),
                                              (b"Hello, world", "no Chinese text")])
def test_broken_extra_file_stops_with_one_line(seeds_copy, content, message):
    from analysis import CorpusError

    (seeds_copy / "broken.txt").write_bytes(content)
    with (seeds_copy / "catalog.csv").open("a", encoding="utf-8") as handle:
        handle.write("broken,broken.txt,Anhui,province,article,安徽,,,,,\n")
    with pytest.raises(CorpusError, match=message) as caught:
        load_corpus(seeds_copy)
    assert "broken.txt" in str(caught.value) and "\n" not in str(caught.value)


def test_wide_share_matrices_are_written_as_pandas_writes_them():
    rng = np.random.default_rng(3)
    ids = [f"doc-{n}" for n in range(60)]
    matrix = pd.DataFrame(rng.random((60, 60)).round(4), columns=ids)
    matrix.iloc[0, 0], matrix.iloc[1, 1] = 1.0, 0.0
    matrix.insert(0, "order", range(1, 61))
    matrix.insert(0, "doc_id", ids)
    expected = matrix.to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert to_csv_bytes(matrix) == expected
    for change in ({"doc_id": "a,b"}, {"doc-5": 0.12345}, {"doc-6": float("nan")}):
        column, value = next(iter(change.items()))
        changed = matrix.copy()
        changed.loc[3, column] = value
        assert to_csv_bytes(changed) == changed.to_csv(index=False, lineterminator="\n").encode("utf-8")
