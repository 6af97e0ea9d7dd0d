"""The command line: tables (atomic output), check, add."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import pandas as pd

from tests.conftest import ROOT


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env)


def test_tables_writes_documents_and_texts(tmp_path):
    out = tmp_path / "tables"
    result = run("tables", "--out", str(out))
    assert result.returncode == 0, result.stderr
    documents = pd.read_csv(out / "documents.csv", keep_default_na=False)
    assert list(documents["doc_id"]) == ["chongqing", "national", "hunan", "city", "heilongjiang"]
    row = documents.set_index("doc_id").loc["hunan"]
    assert row["script"] == "traditional" and row["outlet"] == "党建研究" and row["paragraphs"] == 16
    assert row["raw_chars"] > row["clean_chars"] > row["han_chars"] > 3000
    assert documents.set_index("doc_id").loc["chongqing", "removed_lines"] == 43
    assert (out / "text" / "hunan.txt").read_text(encoding="utf-8").endswith("良好政治生态。\n")
    report = pd.read_csv(out / "cleaning_report.csv")
    assert set(report["doc_id"]) == {"chongqing", "national", "hunan", "city", "heilongjiang"}


def test_failed_tables_leave_previous_output_intact(tmp_path, seeds_copy):
    out = tmp_path / "tables"
    assert run("tables", "--out", str(out), "--seeds", str(seeds_copy)).returncode == 0
    before = (out / "documents.csv").read_bytes()
    (seeds_copy / "001_aefde1f263d698c4.txt").write_bytes(b"")
    result = run("tables", "--out", str(out), "--seeds", str(seeds_copy))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "001_aefde1f263d698c4.txt" in result.stderr
    assert (out / "documents.csv").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tables")]


def test_seeds_from_environment(tmp_path, seeds_copy):
    import os

    (seeds_copy / "001_aefde1f263d698c4.txt").write_bytes(b"")
    result = run("tables", "--out", str(tmp_path / "t"), env={**os.environ, "ANALYSIS_SEEDS": str(seeds_copy)})
    assert result.returncode == 1 and "001_aefde1f263d698c4.txt" in result.stderr


def test_check(seeds_copy):
    assert run("check", "--seeds", str(seeds_copy)).returncode == 0
    (seeds_copy / "004_405b5a056a44a1c3.txt").unlink()
    result = run("check", "--seeds", str(seeds_copy))
    assert result.returncode == 1 and "004_405b5a056a44a1c3.txt" in result.stderr


def test_add_infers_rows_from_the_text(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("000_3d63953e7ebce92d.txt", "001_aefde1f263d698c4.txt", "002_41c9ca33c2bbeaa4.txt",
                 "003_ea13a1839fb37cfd.txt", "004_405b5a056a44a1c3.txt"):
        shutil.copy(ROOT / "seeds" / name, seeds / name)
    result = run("add", *sorted(str(p) for p in seeds.iterdir()), "--seeds", str(seeds))
    assert result.returncode == 0, result.stderr
    rows = pd.read_csv(seeds / "catalog.csv", keep_default_na=False).set_index("file")
    chongqing = rows.loc["000_3d63953e7ebce92d.txt"]
    assert (chongqing["region"], chongqing["level"], chongqing["genre"]) == ("Chongqing", "province", "article")
    assert chongqing["outlet"] == "党建研究" and chongqing["published"] == "2024"
    assert rows.loc["001_aefde1f263d698c4.txt", "level"] == "national"
    assert rows.loc["001_aefde1f263d698c4.txt", "genre"] == "overview"
    assert rows.loc["001_aefde1f263d698c4.txt", "published"] == "2023-09-27"
    assert rows.loc["002_41c9ca33c2bbeaa4.txt", "region"] == "Hunan"
    assert rows.loc["003_ea13a1839fb37cfd.txt", "genre"] == "speech"
    assert rows.loc["003_ea13a1839fb37cfd.txt", "level"] == "city"
    assert rows.loc["004_405b5a056a44a1c3.txt", "region"] == "Heilongjiang"
    assert run("check", "--seeds", str(seeds)).returncode == 0
    again = run("add", str(seeds / "000_3d63953e7ebce92d.txt"), "--seeds", str(seeds))
    assert again.returncode == 1 and "already in catalog.csv" in again.stderr


def test_add_appends_one_row_and_names_the_journal_article_that_prints_it(seeds_copy, tmp_path):
    before = (seeds_copy / "catalog.csv").read_bytes()
    article = tmp_path / "yunnan.md"  # a city's unit line, which the page cleaner files as a footer
    shutil.copy(ROOT / "corpora" / "djyj" / "articles" / "2021-04-d221e0e5.md", article)
    result = run("add", str(article), "--seeds", str(seeds_copy))
    assert result.returncode == 0, result.stderr
    after = (seeds_copy / "catalog.csv").read_bytes()
    assert after.startswith(before) and after[len(before):].decode("utf-8").count("\n") == 1  # the others untouched
    row = pd.read_csv(seeds_copy / "catalog.csv", keep_default_na=False).set_index("doc_id").loc["yunnan"]
    assert (row["region"], row["level"], row["author_role"]) == ("Yunnan", "city", "中共弥勒市委组织部")
    assert "already prints it: " in result.stderr and "2021-04-d221e0e5.md" in result.stderr
    assert "no column for city 红河哈尼族彝族自治州" in result.stderr  # the seeds' catalog has no city column


def test_add_refuses_a_page_without_chinese_text(seeds_copy, tmp_path):
    before = (seeds_copy / "catalog.csv").read_bytes()
    page = tmp_path / "intro.html"
    page.write_text("<html><head><title>Introduction</title></head><body><h1>Introduction</h1>"
                    "<p>This report compares provincial documents; 两个确立 is glossed in English.</p></body></html>",
                    encoding="utf-8")
    result = run("add", str(page), "--seeds", str(seeds_copy))
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "holds no Chinese document text" in result.stderr
    assert (seeds_copy / "catalog.csv").read_bytes() == before and not (seeds_copy / "intro.html").exists()


def compared(*arguments: str) -> tuple[str, pd.DataFrame]:
    """``compare … --csv``, which must succeed: its summary (stderr) and its table, indexed by word."""
    result = run("compare", *arguments, "--csv")
    assert result.returncode == 0, result.stderr
    return result.stderr, pd.read_csv(io.StringIO(result.stdout)).set_index("word")


def test_compare_sets_hunan_against_the_early_years_article_by_article():
    summary, table = compared("--a", "province=湖南", "--b", "year<=2022", "--top", "8")
    assert "A (province=湖南): 30 articles; B (year<=2022): 332 articles (13 in both, counted as A's)" in summary
    assert len(table) == 16 and table["g2"].iloc[0] > 0 > table["g2"].iloc[-1]
    assert table.loc["湖南", ["a", "a_articles"]].tolist() == [63, 12] and not table.loc["湖南", "one_article"]
    assert table.loc["流动党员", "one_article"]  # 71 uses in 4 articles, most in one: flagged, not a difference


def test_compare_sets_a_seed_against_its_provinces_articles():
    summary, table = compared("--corpus", "all", "--a", "doc=hunan", "--b", "corpus=journal,province=湖南")
    assert "A (doc=hunan): 1 document; B (corpus=journal,province=湖南): 30 documents" in summary
    # 湖南 is 24 times in the clean Hunan text, once inside a longer word (the tokens are counted)
    assert table.loc["湖南", ["a", "b", "a_articles", "b_articles"]].tolist() == [23, 63, 1, 12]
    assert table["one_article"].all()  # one document carries every word of A: nothing is a difference of groups


def test_compare_among_the_seeds_holds_no_journal_article():
    summary, table = compared("--corpus", "seeds", "--a", "level=provincial", "--b", "doc=national|city")
    assert "A (level=provincial): 3 documents; B (doc=national|city): 2 documents" in summary
    assert table.loc["党建", ["a", "b", "a_articles", "b_articles"]].tolist() == [45, 4, 3, 2]
    assert not table.loc["党建", "one_article"] and table.loc["湖南", "one_article"]
    journal_only = run("compare", "--corpus", "seeds", "--a", "corpus=journal", "--b", "doc=hunan")
    assert journal_only.returncode == 1 and "group A holds no document of the seeds" in journal_only.stderr


def test_compare_refuses_an_unreadable_or_empty_group():
    bad = run("compare", "--a", "provence=湖南", "--b", "year<=2022")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "province, year, issue, level, genre" in bad.stderr
    empty = run("compare", "--a", "province=火星", "--b", "year<=2022")
    assert empty.returncode == 1 and "group A holds no article" in empty.stderr


def test_kwic_prints_one_line_per_hit_and_its_summary_apart():
    result = run("kwic", "两个确立")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 8 and all("【两个确立】" in line for line in result.stdout.splitlines())
    assert result.stderr.startswith("8 occurrences in ")
    missing = run("kwic", "火星党建")
    assert missing.returncode == 1 and missing.stdout == "" and "not found in 5 documents" in missing.stderr


def test_kwic_searches_the_journal_with_a_limit_and_csv():
    result = run("kwic", "新质生产力", "--corpus", "journal", "--limit", "5", "--csv")
    assert result.returncode == 0, result.stderr
    lines = pd.read_csv(io.StringIO(result.stdout))
    assert len(lines) == 5 and set(lines["match"]) == {"新质生产力"} and "(5 shown: --limit)" in result.stderr
    from analysis.journal.corpus import load_journal

    plain = sum(document.body.count("新质生产力") for document in load_journal())  # the bare form, in clean bodies
    assert int(result.stderr.split()[0]) >= plain > 5


def test_the_command_line_has_a_version_and_helps_with_examples_and_defaults():
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("python -m analysis ")
    helped = run("kwic", "--help").stdout
    assert "examples:" in helped and "python -m analysis kwic 两个确立" in helped and "(default: 20)" in helped


def test_collocates_says_when_a_term_is_not_a_word_of_the_corpus():
    result = run("collocates", "火星党建", "--corpus", "seeds")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == "火星党建: not found as a word in the seeds' paragraphs"
