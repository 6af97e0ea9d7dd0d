"""What the reader asks the book: the term explorer's index and concordance (analysis.journal.term_index,
analysis.present.term_explorer) and the compare menu (analysis.journal.group_keyness), checked against the journal's
own tables, the compare command's test and plain counts over the clean bodies."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.errors import CorpusError
from analysis.journal.bursts import main_bursts
from analysis.journal.group_keyness import REST, load_compare_menu, menu_pairs
from analysis.journal.groups import compare_groups, journal_groups, parse_selection, select
from analysis.journal.pipeline import Journal, analyse_journal
from analysis.journal.term_index import LINES_PER_ISSUE, WORDS_PER_ISSUE
from analysis.lexicon import load_lexicon
from analysis.present.compare_menu import compare_menu, menu_findings
from analysis.present.explorer_files import site_line_files
from analysis.present.glossary import glossary
from analysis.present.term_explorer import journal_term_index, journal_term_lines, picked_terms


@pytest.fixture(scope="module")
def journal() -> Journal:
    return analyse_journal(load_lexicon())


@pytest.fixture(scope="module")
def index(journal) -> dict:
    return json.loads(journal_term_index(journal))


@pytest.fixture(scope="module")
def lines_file(journal) -> bytes:
    return journal_term_lines(journal)  # the journal hands its concordance over once


def decoded(runs: str) -> dict[int, tuple[int, int]]:
    """The JSON's ``step:using[:uses]`` runs, as the page's script reads them."""
    cells, position = {}, 0
    for run in filter(None, runs.split(",")):
        parts = [int(part) for part in run.split(":")]
        position += parts[0]
        cells[position] = (parts[1], parts[2] if len(parts) > 2 else parts[1])
    return cells


def test_the_index_holds_the_registry_the_discovered_formulations_and_every_word_two_articles_use(journal):
    terms = journal.index_terms.set_index("term")
    counts = terms["source"].value_counts()
    assert counts["registry"] == len(load_lexicon().slogans) == 91
    assert counts["discovered"] == (~journal.emerging["in_registry"]).sum()
    assert counts["word"] > 20_000 and terms.index.is_unique
    assert terms.loc[terms["source"] == "word", "articles"].min() == 2  # a word one article uses has no course
    # a slogan's totals are the journal's own: 两个确立 in 311 counted articles, 458 uses
    hits = journal.slogan_hits["两个确立"]
    assert (terms.loc["两个确立", "articles"], terms.loc["两个确立", "uses"]) == ((hits > 0).sum(), hits.sum()) == (311, 458)
    # a word's are the feature matrix's: 新质生产力 (new quality productive forces), against a plain count
    column = journal.features.vocabulary.index("新质生产力")
    using = int((journal.features.counts[:, column] > 0).sum())
    assert terms.loc["新质生产力", "articles"] == using
    counted = set(journal.counted.index)
    plain = sum("新质生产力" in body for doc_id, body in journal.analysis.texts if doc_id in counted)
    assert plain == using  # no longer token swallows it


def test_an_issue_cell_counts_the_articles_of_that_issue_and_a_missing_issue_has_none(journal):
    issues = journal.term_issues.merge(journal.index_terms[["term_id", "term"]], on="term_id")
    theme_education = issues[issues["term"] == "主题教育"].set_index("published")
    printed = journal.issues.set_index("published")
    assert theme_education.loc["2023-05", "using"] == printed.loc["2023-05", "articles"] == 6  # every article
    assert theme_education["using"].sum() == 178 and theme_education["uses"].sum() == 529
    missing = printed.index[printed["missing"]]
    assert "2024-08" in missing and not issues["published"].isin(missing).any()


def test_the_index_bursts_of_a_slogan_are_the_trends_chapter_bursts(journal):
    named = journal.term_bursts.merge(journal.index_terms[["term_id", "term", "source"]], on=["term_id", "term"])
    registry = named[named["source"] == "registry"].drop(columns=["term_id", "source"]).reset_index(drop=True)
    chapter = journal.bursts[journal.bursts["source"] == "registry"].drop(columns="source").reset_index(drop=True)
    assert registry.equals(chapter)
    assert main_bursts(named).loc["主题教育", "start"] == "2023-05"


def test_the_json_index_decodes_to_the_tables_and_is_the_same_bytes_each_time(journal, index):
    term_id = index["terms"].index("主题教育")
    cells = decoded(index["by_issue"][term_id])
    own = journal.term_issues[journal.term_issues["term_id"] == term_id]
    assert {index["issues"][position]: value for position, value in cells.items()} == {
        row.published: (row.using, row.uses) for row in own.itertuples()}
    assert index["sources"][term_id] == "r" and index["glosses"][str(term_id)]
    assert [index["issues"][number] for number in index["missing"]] == journal.issues.loc[
        journal.issues["missing"], "published"].tolist()
    provinces = {index["provinces"][p]: value for p, value in decoded(index["by_province"][term_id]).items()}
    assert sum(using for using, _ in provinces.values()) <= 178  # articles without a province are in no cell
    assert index["collocates"][str(index["terms"].index("两个确立"))][0][0] == "两个维护"
    assert journal_term_index(journal) == journal_term_index(journal)


def test_a_named_term_has_its_first_line_in_each_article_up_to_five_per_issue(journal, lines_file):
    concordance = json.loads(lines_file)
    terms = journal.index_terms.set_index("term")
    issues = journal.term_issues
    for term in ("两个确立", "主题教育"):
        term_id = terms.loc[term, "term_id"]
        lines = concordance["lines"][str(term_id)]
        per_issue = pd.Series([concordance["articles"][line[0]][2] for line in lines]).value_counts()
        using = issues[issues["term_id"] == term_id].set_index("published")["using"]
        assert per_issue.sort_index().tolist() == using.clip(upper=LINES_PER_ISSUE).sort_index().tolist()
        assert all(line[2] in load_lexicon().forms_of(term) for line in lines)
    theme_education = concordance["lines"][str(terms.loc["主题教育", "term_id"])]
    in_issue = [concordance["articles"][line[0]] for line in theme_education
                if concordance["articles"][line[0]][2] == "2023-05"]
    assert len(in_issue) == LINES_PER_ISSUE == 5 and all(article[1] and article[5].startswith("http") for article in in_issue)
    # a word's articles, as steps between positions: 基层治理 in as many articles as the index says
    words = terms[terms["source"] == "word"]
    word_id = terms.loc["基层治理", "term_id"]
    steps = [int(step) for step in concordance["word_articles"][str(word_id)].split(",")]
    using = issues[issues["term_id"] == word_id]["using"]
    assert len(steps) == using.clip(upper=WORDS_PER_ISSUE).sum() and all(step > 0 for step in steps[1:])
    assert len(concordance["word_articles"]) == len(words)
    files = site_line_files(lines_file)
    shards = {f"explorer/words/{term_id // 100}.json" for term_id in words["term_id"]}
    assert set(files) == {"explorer/articles.json", *shards, *(f"explorer/lines/{t}.json" for t in concordance["lines"])}
    assert max(len(data) for data in files.values()) < 200_000  # a click loads one term's lines or 100 words'


def test_the_list_offers_the_named_terms_most_used_first_then_the_glossed_words(journal):
    picks = picked_terms(journal.index_terms, glossary(journal.analysis.lexicon))
    terms = [term for term, _ in picks]
    assert terms[0] == "习近平新时代中国特色社会主义思想" or terms.index("两个确立") < 20
    assert dict(picks)["两个确立"] == "Two Establishes"


def test_the_menu_compares_each_group_with_its_kind_both_ways_and_with_the_rest():
    groups = load_compare_menu()
    kinds = [group.kind for group in groups]
    assert len(groups) == 21 and kinds.count("year") == 6 and kinds.count("province") == 6
    pairs = menu_pairs(groups)
    within = sum(kinds.count(kind) * (kinds.count(kind) - 1) for kind in set(kinds))
    assert len(pairs) == within + len(groups) == 101
    assert ("2021", "2022") in pairs and ("2022", "2021") in pairs and ("Hunan (湖南)", REST) in pairs
    assert ("2021", "Hunan (湖南)") not in pairs


@pytest.mark.parametrize(("entry", "problem"), [
    ('- {kind: year, label: "2023"}', "group #1 needs a kind, a label and a select"),
    ('- {kind: year, label: "2023", select: "colour=red"}', "group #1 (2023)"),
    ('- {kind: year, label: "2023", select: "year=2023"}\n- {kind: year, label: "2023", select: "year=2024"}',
     "group #2: the label '2023' is taken"),
])
def test_a_bad_menu_group_is_one_error_naming_the_file(tmp_path, entry, problem):
    path = tmp_path / "compare_groups.yaml"
    path.write_text(f"groups:\n{entry}\n", encoding="utf-8")
    with pytest.raises(CorpusError) as raised:
        load_compare_menu(path)
    assert str(raised.value).startswith(f"{path}: {problem}")


def test_a_menu_comparison_is_the_compare_commands(journal):
    keyness = journal.group_keyness
    before, after = "Before the 20th Party Congress (to 2022-09)", "From the 20th Party Congress (2022-10 on)"
    shown = keyness[(keyness["a"] == before) & (keyness["b"] == after)].set_index("word")
    documents = journal_groups(journal.articles, frozenset(journal.genres.counted)).set_index("doc_id")
    rows = documents.loc[list(journal.features.doc_ids)]
    in_a, in_b = (select(rows, parse_selection(text)).to_numpy() for text in ("issue<2022-10", "issue>=2022-10"))
    command = compare_groups(journal.features, in_a, in_b).set_index("word")
    assert list(shown.index[:12]) == list(command.index[:12]) and list(shown.index[12:]) == list(command.index[-12:])
    # 脱贫攻坚 (the poverty fight) in 93 articles before against 64 after; 组织部 is one article's, flagged
    assert shown.loc["脱贫攻坚", ["a_uses", "b_uses", "a_articles", "b_articles"]].tolist() == [294, 89, 93, 64]
    assert shown.loc["组织部", "one_article"] and not shown.loc["脱贫攻坚", "one_article"]
    assert (shown["g2"].iloc[:12] > 0).all() and (shown["g2"].iloc[12:] < 0).all()
    menu = compare_menu(keyness, journal.compare_menu)
    assert "脱贫攻坚" in menu.html and "list-table" in menu.markdown and "Before the 20th Party Congress" in menu.markdown
    assert menu_findings(keyness, journal.compare_menu)["menu_comparisons"] == len(keyness.groupby(["a", "b"]))


def test_the_concordance_is_handed_over_once(journal, lines_file):
    with pytest.raises(RuntimeError, match="handed over already"):
        journal.take_concordance()
