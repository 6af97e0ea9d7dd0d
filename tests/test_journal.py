"""The journal corpus (corpora/djyj, 1,317 articles of 《党建研究》 2020–2026) as the report's baseline: attribution
to posts, provinces and levels; the atlas and trend tables; the seeds against it."""

from __future__ import annotations

import shutil
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import Corpus, documents_table
from analysis.journal.cleaning_check import cleaning_check
from analysis.journal.corpus import assign_genre, journal_files, load_article, load_journal
from analysis.journal.genres import load_genres
from analysis.journal.leads import lead_detection
from analysis.journal.pipeline import Context, Journal, analyse_journal, per_article, wide
from analysis.journal.rates import bootstrap_interval, pooled_rate
from analysis.journal.uptake import median_lag
from analysis.lexicon import load_lexicon
from analysis.measures.collocates import cooccurrence, slogan_pairs
from analysis.measures.features import document_features
from analysis.measures.references import load_reference_rules, references
from analysis.measures.slogans import count_check
from analysis.measures.topics import MAX_DOCUMENTS, topic_model
from analysis.pipeline import Analysis, analyse
from analysis.present.citations import (
    most_cited_table,
    province_citations,
    province_order_table,
    reference_counts,
    seed_citations_table,
    uptake_findings,
)
from analysis.present.glossary import glossary
from analysis.present.labels import labels
from analysis.sampling import sample_rows
from analysis.text.attribution import attribute, author_line, level_of, province_of
from analysis.text.cleaning import clean_raw
from analysis.text.inference import infer_row
from analysis.text.reading import read_document
from analysis.tokens.counts import Tokens
from tests.conftest import DJYJ


@pytest.fixture(scope="module")
def journal() -> Journal:
    return analyse_journal(load_lexicon())


@pytest.fixture(scope="module")
def whole_corpus() -> Corpus:
    """Every article read here, whole and given its genre: what the reading pass's results are checked against."""
    corpus, genres = load_journal(), load_genres()
    for document in corpus:
        assign_genre(document, genres)
    return corpus


@pytest.fixture(scope="module")
def context(journal) -> Context:
    return Context(analyse(progress=False), journal)


def article(journal: Journal, doc_id: str) -> pd.Series:
    return journal.articles.set_index("doc_id").loc[doc_id]


# attribution ----------------------------------------------------------------------------------------------------

def test_every_article_is_read_and_catalogued(journal):
    articles = journal.articles
    assert len(articles) == len(journal_files()) == 1317
    assert articles["doc_id"].is_unique and articles["url"].str.match(r"https?://djyj\.12371\.cn/").all()
    assert set(articles["year"]) == {str(y) for y in range(2020, 2027)}
    assert (articles["han_chars"] > 0).all()


def test_a_jilin_organisation_head_is_attributed_to_jilin(journal):
    row = article(journal, "2021-09-46f7f186")
    assert row["title"] == "坚持党的全面领导 确保换届风清气正"
    assert (row["province"], row["author_level"], row["post"]) == ("吉林", "provincial", "中共吉林省委常委、组织部长")
    assert row["issue"] == "2021年第9期" and row["published"] == "2021-09" and row["author"] == "张恩惠"


def test_a_city_committee_maps_to_its_province(journal):
    row = article(journal, "2021-01-a243819d")  # （作者为中共昆明市委常委、组织部长）: no province named
    assert (row["province"], row["city"], row["author_level"]) == ("云南", "昆明", "local")
    row = article(journal, "2023-03-153c3e81")  # a county under a city: （中共漳州市诏安县委组织部）
    assert (row["province"], row["author_level"], row["post_source"]) == ("福建", "local", "byline")


@pytest.mark.parametrize("post, province, level", [
    ("中共中央组织部", None, "central"), ("中国延安干部学院分管日常工作的副院长", None, "central"),  # not 陕西
    ("中共湖北省委常委、武汉市委书记", "湖北", "provincial"), ("新疆生产建设兵团党委组织部", "新疆", "provincial"),
    ("中共赣州市委", "江西", "local"), ("重庆师范大学党委书记", "重庆", "institution"), ("中共香港", None, "unknown"),
])
def test_posts_map_to_province_and_level(post, province, level):
    assert province_of(post) == province
    assert level_of(post, province) == level


def test_ambiguous_and_unknown_places_are_settled_by_the_title():
    assert province_of("中共江北区委组织部", "重庆市江北区构建高素质干部队伍培塑体系") == "重庆"  # not 宁波
    assert province_of("中共江北区委组织部") is None  # no evidence: no guess
    text = "正文。\n（中共汤旺县委组织部）"  # a county created after the gazetteer's data
    assert attribute(text, title="黑龙江省汤旺县突出选育管用加强村级后备力量建设").province == "黑龙江"


def test_author_line_variants():
    assert author_line("正文。\n［作者为中共中央党校（国家行政学院）教授］").posts == ("中共中央党校（国家行政学院）教授",)
    two = author_line("正文。\n\n（作者分别为：清华大学教授；\n\n清华大学博士研究生）\n")
    assert two.kind == "分别为" and len(two.posts) == 2
    assert author_line("（五）加强自我修炼。理想信念和初心使命源于追求崇高。") is None
    assert author_line("（新华社北京6月29日电）") is None


def test_all_31_provinces_have_articles(journal):
    provinces = journal.provinces.set_index("province")
    assert len(provinces) == 31 and (provinces["articles"] >= 4).all()
    # rates count signed articles, editorials and case studies; a province's news items are kept apart
    assert provinces.loc["西藏", "articles"] == 5 and provinces.loc["西藏", "other_items"] == 1
    assert provinces["articles"].sum() == 578 and provinces["articles"].sum() + provinces["other_items"].sum() == 835
    counts = journal.articles["author_level"].value_counts()
    assert counts["provincial"] == 293 and counts["none"] == 234


def test_markdown_is_recognised_by_its_content(tmp_path):
    names = sorted(p.name for p in journal_files())[::190][:7]
    for name in names:
        text_copy = tmp_path / name.replace(".md", ".txt")
        shutil.copyfile(DJYJ / name, text_copy)
        as_markdown, as_text = load_article(DJYJ / name), clean_raw(read_document(text_copy))
        assert read_document(text_copy).source_format == "markdown"
        assert as_text.found["title"] == as_markdown.page.found["title"]
        assert "##" not in as_text.found.get("author", "") and "**" not in as_text.body
        assert as_text.body == as_markdown.body


@pytest.mark.parametrize(("name", "expected"), [
    ("2021-04-d221e0e5", ("Yunnan", "city", "红河哈尼族彝族自治州", "中共弥勒市委组织部")),  # a unit line, filed as a footer
    ("2021-01-a243819d", ("Yunnan", "city", "昆明", "中共昆明市委常委、组织部长")),
    ("2021-03-e097769b", ("Hubei", "province", "武汉", "中共湖北省委常委、武汉市委书记")),  # the first organ decides
    ("2026-07-2588cca9", ("National", "national", "", "中央组织部分管日常工作的副部长")),  # a central organ
    ("2021-02-b2614443", ("", "unknown", "", "中国原子能科学研究院")),  # an institute: no province, no level
])
def test_add_attributes_a_page_as_the_journal_does(name, expected):
    """One attribution for ``add`` and the journal's reader: level, city and post are the journal's own (the region
    too, but for a central organ, which the seeds call National and the journal Unknown)."""
    inferred = infer_row(clean_raw(read_document(DJYJ / f"{name}.md")))
    journal = load_article(DJYJ / f"{name}.md").catalog
    assert (inferred["region"], inferred["level"], inferred["city"], inferred["author_role"]) == expected
    assert [inferred[key] for key in ("level", "city", "author_role")] == [journal[key] for key in
                                                                          ("level", "city", "author_role")]
    assert inferred["region"] == journal["region"] or journal["region"] == "Unknown"


def test_add_and_the_journal_agree_on_every_article_with_a_post():
    """Over a third of the journal: wherever the author's post is known, ``add`` files the article as the journal
    does. Without one, ``add`` still guesses a region from the title and body (the journal leaves it unknown)."""
    agreed, with_post = 0, 0
    for path in journal_files()[::3]:
        journal = load_article(path).catalog
        if not journal["author_role"]:
            continue
        with_post += 1
        inferred = infer_row(clean_raw(read_document(path)))
        agreed += all(inferred[key] == journal[key] for key in ("level", "city", "author_role"))
    assert with_post > 350 and agreed == with_post


# what the journal counts: genres, issues, one series per slogan ------------------------------------------------

def clean_bodies(journal: Journal, genres: tuple[str, ...] | None = None) -> dict[str, str]:
    """The clean bodies of the journal's items (of the counted genres by default), by doc_id."""
    chosen = set(journal.counted.index) if genres is None else set(
        journal.articles.loc[journal.articles["genre"].isin(genres), "doc_id"])
    return {doc_id: body for doc_id, body in journal.analysis.texts if doc_id in chosen}


def test_every_item_has_a_genre_and_only_articles_enter_the_rates(journal):
    articles = journal.articles.set_index("doc_id")
    contents = articles.index[articles["title"].str.contains("总目录")]
    assert len(contents) == 6 and set(articles.loc[contents, "genre"]) == {"contents"}  # one a year, 2020–2025
    assert articles.loc["2021-12-5030452a", "genre"] == "reprint"  # the history resolution, printed in full
    assert articles.loc["2026-07-189ef0b0", "genre"] == "reprint"  # the General Secretary's 1 July 2026 speech
    assert articles.loc["2026-07-9017f277", "genre"] == "news" and articles.loc["2026-07-9017f277", "section"] == ""
    assert articles.loc["2026-03-ec426f18", "genre"] == "editorial"  # 本刊评论员
    assert articles.loc["2026-01-e5a82966", "genre"] == "case"  # 实践案例
    assert articles.loc["2021-09-46f7f186", "genre"] == "article"
    counted = journal.counted.index
    assert set(journal.articles["genre"]) == {"contents", "reprint", "news", "editorial", "case", "article"}
    assert not set(contents) & set(counted) and not set(contents) & set(journal.slogan_hits.index)
    assert len(counted) == 944 and set(journal.theme_hits.index) == set(counted)
    genres = journal.genres_table.set_index("genre")
    assert genres["items"].sum() == 1317 and genres.loc["contents", "items"] == 8 and not genres.loc["news", "counted"]
    uses = journal.genre_uses.set_index(["slogan", "genre"])
    assert uses.loc[("中国式现代化", "contents"), "uses"] > 0  # the tables of contents repeat the year's titles
    by_year = journal.slogans_by_year
    assert by_year[by_year["slogan"] == "中国式现代化"]["hits"].sum() == journal.slogan_span.set_index(
        "slogan").loc["中国式现代化", "uses"] == uses.xs("中国式现代化")[lambda f: f["counted"]]["uses"].sum()


def test_a_missing_issue_is_a_gap_never_a_zero(journal):
    issues = journal.issues
    assert issues["missing"].sum() == 1 and issues.loc[issues["missing"], "published"].tolist() == ["2024-08"]
    assert len(issues) == 68 and issues["items"].sum() == 1317  # 2020-12 to 2026-07
    by_issue = journal.slogans_by_issue
    gap = by_issue[by_issue["published"] == "2024-08"]
    assert len(gap) == len(journal.slogan_hits.columns) and gap["rate_per_10k"].isna().all()
    assert (gap["articles"] == 0).all()
    # no rate either where an issue printed only central documents: the 2021 plenum's, the 20th Congress's
    no_rate = set(by_issue.loc[by_issue["rate_per_10k"].isna(), "published"])
    assert no_rate == set(issues.loc[issues["articles"] == 0, "published"]) == {"2021-12", "2022-11", "2024-08"}
    by_year = journal.slogans_by_year.drop_duplicates("year").set_index("year")["issues"]
    assert by_year["2024"] == 11 and by_year["2025"] == 12 and by_year["2020"] == 1


def test_a_slogans_total_is_its_plain_count_over_the_counted_articles(journal):
    bodies = clean_bodies(journal)
    totals = journal.slogan_span.set_index("slogan")["uses"]
    plain = sum(body.count("自我革命") for body in bodies.values())
    assert totals["自我革命"] == plain == 1181
    # 50 of them inside the name of the thought on self-revolution, a slogan of its own, and counted for both
    nested = sum(body.count("习近平总书记关于党的自我革命的重要思想") for body in bodies.values())
    assert nested > 0 and totals["习近平总书记关于党的自我革命的重要思想"] >= nested
    for term in ("两个确立", "两个维护", "主题教育", "高质量发展", "全面从严治党"):
        assert totals[term] == sum(body.count(term) for body in bodies.values()), term


def test_a_renamed_slogan_keeps_one_series(journal):
    lexicon = journal.analysis.lexicon
    thought = lexicon.slogan("习近平总书记关于党的建设的重要思想")
    assert "习近平党建思想" in thought.forms and "its name from 2026-07" in thought.counted_forms()
    bodies = clean_bodies(journal)
    july = {doc_id: body for doc_id, body in bodies.items() if doc_id.startswith("2026-07")}
    assert sum(body.count("习近平总书记关于党的建设的重要思想") for body in july.values()) == 0
    renamed = sum(body.count("习近平党建思想") for body in july.values())
    by_issue = journal.slogans_by_issue.set_index(["published", "slogan"])["hits"]
    assert by_issue[("2026-07", thought.term)] == renamed >= 100  # the new name carries the series on
    assert by_issue[("2026-05", thought.term)] > 0


def test_a_slogan_does_not_count_inside_a_phrase_that_names_something_else(journal):
    span = journal.slogan_span.set_index("slogan")
    assert span.loc["党纪学习教育", "first"] == "2024-04"  # the campaign; 2023-11 wrote 党规党纪学习教育
    from analysis.measures.slogans import SloganMatcher

    matcher = SloganMatcher(journal.analysis.lexicon.slogans)
    assert matcher.uses("开展党规党纪学习教育。")["党纪学习教育"] == 0
    assert matcher.uses("开展党纪学习教育，深化“党纪学习教育”。")["党纪学习教育"] == 2
    uses = matcher.uses("学习贯彻习近平总书记关于党的自我革命的重要思想，推进自我革命。坚持中央八项规定。")
    assert uses["自我革命"] == 2 and uses["习近平总书记关于党的自我革命的重要思想"] == 1
    assert uses["中央八项规定"] == 1  # 八项规定 is its own variant: one use, not two


# atlas and trends ------------------------------------------------------------------------------------------------

def test_province_keyness_and_rates(journal):
    keyness = journal.province_keyness
    jilin = keyness[(keyness["province"] == "吉林") & (keyness["kind"] == "theme")]
    assert jilin.iloc[0]["term"] == "cadres" and jilin.iloc[0]["g2"] > 50
    rates = journal.province_rates
    row = rates[(rates["province"] == "吉林") & (rates["item"] == "cadres")].iloc[0]
    assert row["low"] <= row["rate_per_10k"] <= row["high"] and row["articles"] == 12


def test_slogans_appear_no_earlier_than_they_were_coined(journal):
    span = journal.slogan_span.set_index("slogan")
    assert span.loc["两个确立", "first"] >= "2021-11"  # coined by the Sixth Plenum's resolution, November 2021
    assert span.loc["中国式现代化", "first"] >= "2021-07"
    assert span.loc["两个确立", "articles"] == 311


def test_rise_and_fall_around_the_20th_congress(journal):
    change = journal.slogan_change.set_index("slogan")
    assert change.loc["中国式现代化", "change"] == "rose" and change.loc["中国式现代化", "after"] == 837
    assert change.loc["我为群众办实事", "change"] == "fell"  # the 2021 campaign
    assert change.loc["党纪学习教育", "before"] == 0 and change.loc["党纪学习教育", "change"] == "rose"
    by_year = journal.slogans_by_year
    total = by_year[by_year["slogan"] == "中国式现代化"]["hits"].sum()
    assert total == change.loc["中国式现代化", ["before", "after"]].sum()
    issues = journal.issues
    assert change.loc["中国式现代化", "issues_before"] + change.loc["中国式现代化", "issues_after"] == int(
        (issues["articles"] > 0).sum()) == 65
    assert change.loc["中国式现代化", "articles_before"] + change.loc["中国式现代化", "articles_after"] == 944


def test_a_campaign_burst_in_one_issue_does_not_make_a_period_differ(journal):
    # 主题教育: a third of its uses in the 2023-05 issue. Tokens taken as independent call it a rise; issues do not
    change = journal.slogan_change.set_index("slogan")
    assert change.loc["主题教育", "change_tokens"] == "rose" and change.loc["主题教育", "p_tokens"] < 0.0001
    assert change.loc["主题教育", "change"] == "steady" and change.loc["主题教育", "p"] > 0.05
    changed = change[change["change"] != change["change_tokens"]]
    assert len(changed) == 16 and (changed["change"] == "steady").all()
    assert {"主题教育", "自我革命", "四风", "三不腐", "党的创新理论", "伟大建党精神"} <= set(changed.index)
    assert change.loc["三个高地", "change"] == "steady"  # 5 uses, 0.00 → 0.02 per 10,000: no longer a "rise"


def test_bursts_are_found_issue_by_issue(journal):
    from analysis.journal.bursts import burst_states, main_bursts

    main = main_bursts(journal.bursts)
    assert main.loc["主题教育", "start"].startswith("2023")  # the 2023 campaign on Xi Jinping Thought
    assert main.loc["中央八项规定", "start"].startswith("2025")  # the 2025 campaign on the eight-point rules
    assert main.loc["党纪学习教育", "start"] == "2024-04"  # the campaign opened in April 2024
    assert main.loc["党史学习教育", "start"].startswith("2021")  # the 2021 Party-history campaign
    assert (journal.bursts["weight"] > 0).all() and (journal.bursts["start"] <= journal.bursts["end"]).all()
    # the state carries across an issue with no articles: it emits nothing
    assert list(burst_states([0, 0, 5, 5, 0, 5, 0, 0], [10, 10, 10, 10, 0, 10, 10, 10])) == [0, 0, 1, 1, 1, 1, 0, 0]
    assert not burst_states([1, 1, 1, 1], [10, 10, 10, 10]).any()  # a steady share has no burst


def test_a_rate_one_article_carries_is_flagged(journal):
    keyness = journal.province_keyness.set_index(["province", "kind", "term"])
    heilongjiang = keyness.loc[("黑龙江", "slogan", "自我革命")]  # 35 of its 37 uses in one Party-school article
    assert heilongjiang["target"] == 37 and heilongjiang["using"] == 2 and heilongjiang["single_article"]
    assert heilongjiang["top_share"] == round(35 / 37, 3)
    rates = journal.province_rates.set_index(["province", "kind", "item"])
    assert rates.loc[("黑龙江", "slogan", "自我革命"), "single_article"]
    assert not rates.loc[("黑龙江", "slogan", "乡村振兴"), "single_article"]
    change = journal.slogan_change.set_index("slogan")
    assert change.loc["正风肃纪反腐", "single_article"] and not change.loc["中国式现代化", "single_article"]


def test_bootstrap_interval_holds_the_pooled_rate():
    hits = [[1, 0], [3, 2], [0, 1], [5, 0]]
    han = [1000, 2000, 500, 2500]
    low, high = bootstrap_interval(hits, han)
    rate = pooled_rate(hits, han)
    assert (low <= rate).all() and (rate <= high).all() and rate[0] == pytest.approx(9 / 6000 * 10_000)
    assert (bootstrap_interval(hits, han)[0] == low).all()  # seeded: the same every time


def test_the_bootstrap_draws_its_rounds_a_few_at_a_time_with_the_same_result(journal, monkeypatch):
    from analysis.journal import rates

    counted = journal.counted
    hits, han = journal.slogan_hits.loc[counted.index].to_numpy(), counted["han_chars"].to_numpy()
    monkeypatch.setattr(rates, "DRAWS_AT_ONCE", 1000 * len(han))  # the journal's 1,000 rounds at once
    whole = bootstrap_interval(hits, han)
    monkeypatch.setattr(rates, "DRAWS_AT_ONCE", 3 * len(han) + 1)  # three rounds at a time, the last chunk one
    chunked = bootstrap_interval(hits, han)
    assert all((a == b).all() for a, b in zip(whole, chunked, strict=True))


def test_topics_are_held_against_the_themes(journal):
    topics = journal.topic_themes
    assert len(topics) == len(journal.analysis.lexicon.themes)
    matched = set(topics["theme"]) - {""}
    assert {"rural_revitalization", "work_style", "talent"} <= matched
    assert (topics["theme"] == "").any()  # topics the lexicon does not name


def test_the_topic_model_is_bounded_and_the_journal_is_under_the_bounds(journal):
    features, lexicon = journal.features, journal.analysis.lexicon
    assert len(features.doc_ids) < MAX_DOCUMENTS
    unbounded = topic_model(features, lexicon, max_documents=10**9, max_vocabulary=10**9)
    pd.testing.assert_frame_equal(journal.topics, unbounded)  # the journal is fitted whole
    half = len(features.doc_ids) // 2
    rows = sample_rows(features.doc_ids, half)
    assert len(rows) == half and list(rows) == sorted(rows)
    backwards = sample_rows(features.doc_ids[::-1], half)  # the sample depends on the articles, not their order
    assert {features.doc_ids[r] for r in rows} == {features.doc_ids[::-1][r] for r in backwards}
    small = topic_model(features, lexicon, max_documents=half, max_vocabulary=2_000)
    pd.testing.assert_frame_equal(small, topic_model(features, lexicon, max_documents=half, max_vocabulary=2_000))
    assert len(small) == len(journal.topics) and not small.equals(journal.topics)
    assert small["term"].nunique() <= 2_000


# the seeds in context --------------------------------------------------------------------------------------------

def test_each_seed_that_is_a_journal_article_finds_its_counterpart(context):
    found = context.counterparts.set_index("doc_id")
    assert found.loc["chongqing", "file"] == "2024-01-dc499d32.md" and found.loc["hunan", "file"] == "2024-06-3adedd5b.md"
    assert set(found.index[found["counterpart"]]) == {"chongqing", "hunan"}


def test_the_cleaning_agrees_with_the_journals_text(context):
    agreement = context.agreement.set_index("doc_id")["agreement"]
    assert agreement["chongqing"] == 1.0 and agreement["hunan"] >= 0.99
    hunan = context.differences[context.differences["doc_id"] == "hunan"]
    assert "政绩" in "".join(hunan["context"])  # the page's garbled 政績?yōu)檎l而樹, not the cleaning


def test_baselines_and_controls(context):
    baselines = context.baselines
    assert set(baselines["baseline"]) == {"province", "leaders_same_year", "journal"}
    city = baselines[(baselines["doc_id"] == "city") & (baselines["baseline"] == "province")]
    assert set(city["verdict"]) == {"no baseline"}  # 某市: no province to compare with
    controls = context.controls.set_index(["doc_id", "item"])
    assert bool(controls.loc[("hunan", "中国式现代化"), "stays"])
    assert not bool(controls.loc[("chongqing", "talent"), "stays"])  # Chongqing's own articles stress talent too


def test_a_seed_is_left_out_of_its_own_baseline(context):
    baselines = context.baselines.drop_duplicates(["doc_id", "baseline"]).set_index(["doc_id", "baseline"])
    provinces = context.journal.provinces.set_index("province")["articles"]
    assert baselines.loc[("chongqing", "province"), "articles"] == provinces["重庆"] - 1 == 19
    assert baselines.loc[("chongqing", "province"), "left_out"] == "2024-01-dc499d32"
    assert baselines.loc[("hunan", "province"), "articles"] == provinces["湖南"] - 1
    assert baselines.loc[("chongqing", "journal"), "articles"] == len(context.journal.counted) - 1
    assert baselines.loc[("heilongjiang", "province"), "left_out"] == ""  # no counterpart: nothing to leave out
    assert baselines.loc[("heilongjiang", "province"), "articles"] == provinces["黑龙江"]


def test_provenance_finds_where_the_journal_printed_a_passage_first(context):
    provenance = context.provenance.set_index("text")
    assert provenance.loc["两个确立”的决定性意义", "first_issue"] >= "2021-11"
    assert (provenance["first_issue"].fillna("") != "").mean() > 0.5


def test_theme_keywords_that_name_a_region_are_flagged(context):
    flagged = context.theme_tautologies.set_index("keyword")
    assert flagged.loc["现代化新湖南", "region"] == "Hunan" and flagged.loc["三高四新", "region"] == "Hunan"


def test_local_formulas_are_a_regions_own(context):
    formulas = context.local_formulas
    by_region = formulas.groupby("region")["slogan"].apply(set)
    assert {"885工作机制", "1+8+N闭环落实机制", "渝跃行动", "八张问题清单"} <= by_region["Chongqing"]
    assert {"三高四新", "湘直家教·清风齐家"} <= by_region["Hunan"]
    assert "3820战略工程" in by_region["Fujian"]  # the overview credits Fujian in that sentence, not itself
    assert "National" not in by_region.index
    everything = set(formulas["slogan"])
    for generic in ("一把手", "试金石", "灯下黑", "活的灵魂", "精准扶贫", "两个确立"):
        assert generic not in everything, generic  # a common word, a national slogan, the registry
    assert "千万工程" not in everything  # Zhejiang's model, now used by authors of 13 other provinces
    assert "三百工程" not in everything  # credited to Hunan and Tianjin together: neither's own


def test_every_local_formula_was_checked_by_hand(context):
    from analysis.journal.formulas import load_formula_checks
    from analysis.present.findings import formula_precision

    numbers = formula_precision(context.local_formulas, load_formula_checks())
    assert numbers["formulas_checked"] == numbers["formulas_found"] == 36  # a new formula needs a hand check
    assert numbers["formula_precision"] >= 0.9


def test_the_lead_detector_finds_the_journals_bold_leads(journal, whole_corpus):
    from analysis.journal.leads import bold_leads, detected_leads, lead_detector_scores, load_lead_checks

    detection = journal.lead_detection
    scores = lead_detector_scores(detection, load_lead_checks())
    assert scores["bold_leads"] == 539 and scores["lead_articles"] == 101
    assert scores["lead_recall"] > 0.9 and scores["lead_precision"] > 0.9
    assert scores["leads_checked"] == 40 and scores["leads_checked_right"] == 25
    # a two-clause lead, missed while the rule allowed no comma
    rows = detection.set_index(["doc_id", "paragraph"])
    assert rows.loc[("2023-12-a25acf07", 4), "detected"]
    two_clauses = whole_corpus["2023-12-a25acf07"]
    assert bold_leads(two_clauses)[4] == "坚持全力引导动员，推动新业态新就业群体融入经济社会高质量发展。"
    assert detected_leads(two_clauses)[4] == bold_leads(two_clauses)[4]
    # bold that is not a lead sentence: numbered headings, article numbers, names
    assert 4 not in bold_leads(whole_corpus["2026-06-53000629"])  # 三、坚持全域协同…
    assert 30 not in bold_leads(whole_corpus["2025-10-2f1b51aa"])  # 余家洪


def test_the_page_cleaner_keeps_the_journals_articles(journal):
    check = journal.cleaning_check.set_index("doc_id")
    assert len(check) == 1317
    assert (check["kept_share"] >= 0.99).sum() == 1288
    assert check.loc["2020-12-9aa0250c", "kept_share"] == 0.0  # a table of contents: all short lines
    assert check.loc["2024-06-3adedd5b", "kept_share"] == 1.0  # the Hunan seed as the journal printed it


def test_collocates_of_a_slogan_in_the_journal(journal):
    table = journal.collocates_of("两个确立")
    top = table.iloc[0]
    assert top["collocate"] == "两个维护" and top["near"] == 386 and top["mi"] > 6
    assert (table["near"] >= 5).all() and table["g2"].is_monotonic_decreasing
    assert set(journal.collocates["term"]) >= {"高质量发展", "全面从严治党"}
    pairs = journal.slogan_pairs
    assert tuple(pairs.iloc[0][["slogan_a", "slogan_b"]]) == ("两个确立", "两个维护")
    assert pairs.iloc[0]["together"] == 371 and (pairs["together"] > pairs["expected"]).all()


def test_the_reading_pass_counts_what_the_main_process_would(journal, whole_corpus):
    # counted by the workers that read the articles, against the same measures computed here
    pd.testing.assert_frame_equal(journal.cleaning_check, cleaning_check(whole_corpus))
    pd.testing.assert_frame_equal(journal.lead_detection, lead_detection(whole_corpus))
    pd.testing.assert_frame_equal(journal.analysis.documents, documents_table(whole_corpus))
    # the texts read back from the token cache are the clean bodies, in corpus order
    assert list(journal.analysis.texts) == [(document.doc_id, document.body) for document in whole_corpus]
    slow = pd.concat([journal.collocates_of(term).head(20) for term in journal.collocates["term"].unique()],
                     ignore_index=True)
    pd.testing.assert_frame_equal(journal.collocates, slow)
    assert len(journal.collocates) == 12 * 20
    lexicon = journal.analysis.lexicon
    tokens = Tokens(*map(tuple, zip(*journal.analysis.texts.tokens(), strict=True)))
    counted_tokens = Tokens(tuple(journal.counted.index), tuple(tokens[doc_id] for doc_id in journal.counted.index))
    recounted = document_features(counted_tokens.count(), lexicon)  # vs the batches' features, stacked
    stacked = journal.analysis.features
    assert stacked.vocabulary == recounted.vocabulary and stacked.doc_ids == recounted.doc_ids
    assert (stacked.counts != recounted.counts).nnz == 0 and stacked.counts.dtype == np.int32
    paragraphs = (paragraph for doc_id in journal.counted.index for paragraph in tokens[doc_id])
    whole = cooccurrence(paragraphs, {slogan.term for slogan in lexicon.slogans})
    assert whole == journal.byproducts.slogan_cooccurrence  # summed over batches, as counted in one pass
    pd.testing.assert_frame_equal(journal.slogan_pairs, slogan_pairs(whole))
    themes, slogans = [theme.id for theme in lexicon.themes], [slogan.term for slogan in lexicon.slogans]
    here = Analysis(whole_corpus, lexicon, progress=False)
    # the same counts; the pass keeps them as 32-bit integers
    pd.testing.assert_frame_equal(wide(here.themes, "theme", "hits", themes),
                                  per_article(tokens.doc_ids, journal.byproducts.theme_hits, themes, "theme"),
                                  check_dtype=False)
    pd.testing.assert_frame_equal(wide(here.slogans, "slogan", "count", slogans), journal.all_slogan_hits,
                                  check_dtype=False)
    assert journal.all_slogan_hits.dtypes.eq(np.int32).all()


def test_collocates_on_the_command_line(journal, capsys, monkeypatch):
    from analysis.cli import main

    monkeypatch.setattr("analysis.book.book_journal", lambda: journal)
    assert main(["collocates", "两个确立", "--limit", "3"]) == 0
    printed = capsys.readouterr()
    assert printed.out.splitlines()[1].startswith("两个维护") and len(printed.out.splitlines()) == 4
    assert printed.err.startswith("the 3 strongest collocates of 两个确立 (")
    assert main(["collocates", "两个确立", "--window", "0"]) == 2


def test_the_helper_computes_what_the_attributes_would(context, monkeypatch):
    from analysis.engine.compute import _helper_work
    from analysis.engine.processes import Helper

    work = _helper_work(context.seeds, context.journal)
    assert {name for _, name, _, _ in work} == {"similarity", "topics", "province_rates"}
    for target, name, function, args in work:  # the helper's function against the attribute's own definition
        pd.testing.assert_frame_equal(function(*args), type(target).__dict__[name].func(target))

    class Target:
        pass

    # where processes cannot be forked nothing is sent, and the attributes are computed on first use
    monkeypatch.setattr("analysis.engine.processes.multiprocessing.get_all_start_methods", lambda: ["spawn"])
    target = Target()
    with Helper() as helper:
        helper.compute([(target, "value", len, ("abc",))])()
    assert "value" not in target.__dict__


def test_the_context_and_trends_views_say_what_they_show(journal, context):
    from analysis.measures.collocates import load_fixed_pairs, telling_pairs
    from analysis.present.explorer import UNRELIABLE_ARTICLES, measure_rates
    from analysis.present.journal_plots import network_pairs
    from analysis.present.journal_views import (
        agreement_sentences,
        context_findings,
        differences_table,
        distinctive_table,
        journal_findings,
        p_value,
        provenance_table,
        province_profiles,
        slogan_totals,
        tautologies_table,
    )

    assert p_value(3e-12) == "<0.0001" and p_value(0.01234) == "0.0123"
    drawn, slogans = network_pairs(telling_pairs(journal.slogan_pairs, load_fixed_pairs()), slogan_totals(journal))
    findings = journal_findings(journal)
    assert (findings["network_pairs"], findings["network_slogans"]) == (len(drawn), len(slogans)) == (7, 10)
    drawn_pairs = {frozenset(pair) for pair in zip(drawn["slogan_a"], drawn["slogan_b"], strict=True)}
    for known in (("两个确立", "两个维护"), ("四风", "中央八项规定"), ("全面从严治党", "自我革命")):  # fixed pairs
        assert frozenset(known) not in drawn_pairs
    assert frozenset(("中国式现代化", "新征程")) in drawn_pairs
    assert set(drawn["slogan_a"]) | set(drawn["slogan_b"]) == set(slogans)  # the caption counts what is drawn
    measures = measure_rates(journal, glossary(journal.analysis.lexicon))
    assert measures["measure"].nunique() == 14 + 30 and len(measures) == 44 * 31
    grassroots = measures[measures["measure"] == "theme: Party-led grassroots governance"].set_index("province")
    assert grassroots.loc["宁夏", "mark"] == "*" and grassroots.loc["宁夏", "articles"] < UNRELIABLE_ARTICLES  # 7
    revolution = measures[measures["measure"].str.startswith("slogan: 自我革命")].set_index("province")
    assert revolution.loc["黑龙江", "mark"] == "†"  # one Party-school article
    assert distinctive_table(journal).iloc[0]["Province"] == "黑龙江 (Heilongjiang)"
    beijing = ("24 articles: 11 by provincial leaders, 6 from cities and counties and 7 from state firms, universities "
               "or the army. It also has 2 other items (news items, reprints), which no rate counts.")
    assert beijing in province_profiles(journal).data  # every level named, so the parts add up
    differences = differences_table(context)
    assert list(differences["Document"]) == ["Hunan"] * 4 and "In context" in differences
    traced = provenance_table(context)
    assert (traced["First printed"] != "").all() and traced["First printed"].is_monotonic_decreasing
    assert list(tautologies_table(context)["Keyword"]) == ["三高四新", "千万工程", "现代化新湖南"]
    sentences = context_findings(context)
    assert sentences["agreement_sentence"] == ("The lowest agreement is 99.6%, and the 4 places where a document and "
                                               "its counterpart differ are listed below.")
    assert agreement_sentences(context.agreement.head(0))["agreement_finding"].startswith("No document is a journal")
    from analysis.journal.formulas import load_formula_checks
    from analysis.present.views import local_formulas_table

    formulas = local_formulas_table(context.local_formulas, load_formula_checks()).set_index("Region")
    assert formulas.loc["Anhui", "Discovered"] == "—"  # Anhui borrows Zhejiang's 浦江经验, as the hand-check says
    assert formulas.loc["Anhui", "Discovered, not local by hand-check"] == "浦江经验"
    assert "千人计划" not in formulas.loc["City", "Discovered"]


# formulations discovered in the journal ---------------------------------------------------------------------------

def test_the_journal_s_own_formulations_are_discovered_and_ranked(journal):
    emerging = journal.emerging.set_index("term")
    assert len(emerging) >= 200 and list(journal.emerging["rank"]) == list(range(1, len(emerging) + 1))
    assert journal.emerging["burst_weight"].is_monotonic_decreasing
    # 正确政绩观: the 2026 campaign's watchword, used since 2020; 新质生产力: coined in September 2023
    assert emerging.loc["正确政绩观", "rank"] <= 30 and emerging.loc["正确政绩观", "burst_start"] >= "2025"
    assert emerging.loc["新质生产力", "first_issue"] == "2024-01" and emerging.loc["新质生产力", "rank"] <= 30
    assert emerging.loc["十五五", "first_issue"] == "2025-02" and emerging.loc["十五五", "source"] == "both"
    assert emerging.loc["四风", "source"] == "quoted" and emerging.loc["四风", "registry_term"] == "四风"
    bodies = clean_bodies(journal)
    plain = sum(body.count("新质生产力") for body in bodies.values())
    assert emerging.loc["新质生产力", "uses"] == plain == 164
    assert emerging.loc["新质生产力", "articles"] == sum("新质生产力" in body for body in bodies.values())
    terms = journal.emerging["term"]
    settings = journal.discovery
    assert not (terms.str[0].isin(settings.start_characters) | terms.str[-1].isin(settings.end_characters)).any()
    assert "中国式现代化" in emerging.index and "推进中国式现代化" not in emerging.index  # 推进: a leading word
    assert "坚定拥护两个确立" not in emerging.index  # 两个确立 with leading words: not a formulation of its own
    assert "背景情况" not in emerging.index  # a case study's heading, a template line


def test_the_rank_does_not_depend_on_the_registry(journal):
    from dataclasses import replace

    from analysis.journal.discovery import discover_formulations

    bare = replace(journal.analysis.lexicon, slogans=(), reviews=())
    counted = set(journal.counted.index)
    bodies = {doc_id: body for doc_id, body in journal.analysis.texts if doc_id in counted}
    alone, _, _ = discover_formulations(bodies, journal.counted, journal.issues, bare, journal.discovery)
    assert alone["term"].tolist() == journal.emerging["term"].tolist() and not alone["in_registry"].any()
    reviewed = journal.emerging.set_index("term")
    assert reviewed.loc["新质生产力", "review"] == "accept" and reviewed.loc["新质生产力", "in_registry"]
    assert reviewed.loc["党的二十大", "review"] == "reject" and "meeting" in reviewed.loc["党的二十大", "review_note"]


def test_accepted_formulations_join_the_registry(journal):
    lexicon = journal.analysis.lexicon
    accepted = [slogan for slogan in lexicon.slogans if slogan.discovered]
    assert len(accepted) == 31 and lexicon.slogan("新质生产力").gloss.startswith("New quality productive forces")
    decided = {review.term for review in lexicon.reviews}
    top = journal.emerging.head(100)
    assert set(top.loc[~top["in_registry"] | top["term"].isin(decided), "term"]) <= decided  # the top 100 reviewed
    span = journal.slogan_span.set_index("slogan")
    assert span.loc["正确政绩观", "uses"] == sum(body.count("正确政绩观") for body in clean_bodies(journal).values())


@pytest.mark.parametrize("row, message", [
    ("新质生产力,maybe,central,gloss,", "needs a term and a decision"),
    ("新质生产力,accept,central,,", "without a gloss"),
    ("两个确立,accept,numbered,Two Establishes,", "slogans.yaml already holds it"),
])
def test_a_broken_review_stops_with_one_line(tmp_path, row, message):
    from analysis.errors import CorpusError
    from analysis.paths import BUNDLED_LEXICON_DIR

    folder = tmp_path / "lexicon"
    shutil.copytree(BUNDLED_LEXICON_DIR, folder)
    (folder / "emerging_checks.csv").write_text(f"term,decision,kind,gloss,note\n{row}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=message) as error:
        load_lexicon(folder)
    assert "emerging_checks.csv" in str(error.value) and "\n" not in str(error.value)


def test_every_total_is_checked_against_a_plain_count(journal):
    check = journal.count_check.set_index("slogan")
    assert len(check) == len(journal.analysis.lexicon.slogans)
    assert check.loc["自我革命", "difference"] == 0 and check.loc["自我革命", "why"] == ""
    assert check.loc["中央八项规定", "other_forms"] == 55 and "八项规定" in check.loc["中央八项规定", "why"]
    assert check.loc["党纪学习教育", "not_within"] == -1 and check.loc["党纪学习教育", "why"] == "1 fewer inside 党规党纪学习教育"
    assert check.loc["严的主基调", "quotes"] == 3  # “严”的主基调
    assert (check["difference"] == check["quotes"] + check["other_forms"] + check["not_within"]).all()
    assert not check["why"].str.match(r"[+\-=@]").any()  # no cell a spreadsheet would take for a formula
    # summed batch by batch where the articles are read, as counted over the whole joined text
    bodies = clean_bodies(journal)
    whole = count_check(list(bodies.values()), journal.analysis.lexicon.slogans, journal.slogan_hits.sum().to_dict())
    pd.testing.assert_frame_equal(journal.count_check, whole)
    assert check.loc["自我革命", "plain_count"] == sum(body.count("自我革命") for body in bodies.values())


def test_the_references_found_while_reading_are_those_of_the_bodies(journal, whole_corpus):
    corpus = whole_corpus
    again = references(((d.doc_id, d.body, int(d.catalog["year"])) for d in corpus), load_reference_rules())
    pd.testing.assert_frame_equal(journal.references, again)
    assert len(journal.references) == 5195 and journal.references["doc_id"].nunique() < len(corpus)


def test_uptake_starts_each_clock_at_its_event_or_first_central_use(journal):
    uptake = journal.uptake.set_index("term")
    assert set(uptake["source"]) == {"registry", "discovered", "meeting"}
    assert uptake.loc["新质生产力", "first_provincial_issue"] == "2024-01"  # before the first central use, 2024-07
    assert uptake.loc["新质生产力", "lag_issues"] == -6 and uptake.loc["新质生产力", "clock"] == "first central use"
    assert uptake.loc["党纪学习教育", ["event_date", "clock", "lag_issues"]].tolist() == ["2024-04", "event", 0]
    assert uptake.loc["二十届三中全会", ["event_date", "first_provincial_issue", "lag_issues"]].tolist() == [
        "2024-07", "2024-09", 2]
    assert uptake.loc["党的二十大", "first_issue"] < "2022-10" and uptake.loc["党的二十大", "lag_issues"] == 0  # 迎接
    assert pd.isna(uptake.loc["自我革命", "lag_issues"]) and uptake.loc["自我革命", "clock"] == "before the corpus"
    summary = median_lag(journal.uptake)
    assert summary == median_lag(journal.uptake) and summary["low"] <= summary["median"] <= summary["high"]
    assert summary["formulations"] == uptake["lag_issues"].notna().sum() > 100


def test_provinces_are_ranked_by_how_soon_their_authors_take_up_a_line(journal):
    provinces = journal.province_uptake
    assert len(provinces) == 31 and provinces["ranked"].all()
    assert (provinces["low"] <= provinces["median_lag"]).all() and (provinces["median_lag"] <= provinces["high"]).all()
    assert provinces["median_lag"].is_monotonic_increasing
    assert provinces["province"].head(2).tolist() == ["山西", "湖南"] and provinces["province"].iloc[-1] == "北京"
    hunan = provinces.set_index("province").loc["湖南"]
    assert hunan["formulations"] == 131 and hunan["articles"] == 27


def test_discovery_reads_the_whole_journal_and_a_bounded_sample_past_its_budget(journal):
    assert journal.discovery_sample.index.equals(journal.counted.index)  # about 3 million Han characters: whole
    budget = int(journal.counted["han_chars"].sum()) // 3
    small = Journal(journal.analysis, journal.byproducts, genres=journal.genres,
                    discovery=replace(journal.discovery, sample_chars=budget))
    sample = small.discovery_sample
    assert 0 < sample["han_chars"].sum() <= budget and set(sample.index) < set(journal.counted.index)
    assert sample.index.equals(journal.counted.index[journal.counted.index.isin(sample.index)])  # journal order
    again = Journal(journal.analysis, journal.byproducts, genres=journal.genres,
                    discovery=replace(journal.discovery, sample_chars=budget))
    pd.testing.assert_frame_equal(small.emerging, again.emerging)
    assert (small.emerging["articles"] <= len(sample)).all() and len(small.emerging) > 0


def test_the_stored_journal_gives_back_every_table_as_computed(journal):
    from analysis.journal.store import FRAMES, StoredJournal, journal_store

    stored = journal_store(journal)
    assert sum(len(data) for data in stored.values()) < 5_000_000  # the tables, not the corpus
    tables = StoredJournal(stored.__getitem__)
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(tables, name), getattr(journal, name), check_index_type=False)
    assert tables.analysis.lexicon == journal.analysis.lexicon and tables.events == journal.events
    with pytest.raises(AttributeError, match="analyse the journal"):
        tables.byproducts  # noqa: B018  the corpus-sized parts are not kept


def test_the_centre_chapter_counts_citing_articles_by_level(journal):
    glosses = glossary(journal.analysis.lexicon)
    cited = most_cited_table(journal.references, journal.articles, glosses).set_index("Cited")
    assert cited.index[0] == "党的十八大" and cited.loc["党的十八大", "All articles"] == 418
    assert cited.loc["二十届三中全会", "All articles"] == 91  # 155 mentions in 91 articles
    assert cited.loc["全国组织部长会议", ["Central", "Provincial", "Local"]].tolist() == [2, 28, 21]
    counts = reference_counts(journal.references, journal.articles)
    assert [counts[f"references_{kind}"] for kind in ("documents", "meetings", "speeches", "books")] == [
        2017, 2370, 556, 252]


def test_the_centre_chapter_finding_rests_on_the_median_and_names_the_ends(journal):
    glosses = glossary(journal.analysis.lexicon)
    found = uptake_findings(journal.uptake, journal.province_uptake, glosses)
    assert (found["uptake_median"], found["uptake_low"], found["uptake_high"]) == (-2.0, -3.5, -1.0)
    assert found["uptake_formulations"] == 184 and "before its clock starts" in found["uptake_finding"]
    assert "山西 (Shanxi, 4)" in found["uptake_finding"] and "北京 (Beijing, 22)" in found["uptake_finding"]
    order = province_order_table(journal.province_uptake, glosses)
    assert order.iloc[0]["Province"] == "山西 (Shanxi)" and order.iloc[-1]["Province"] == "北京 (Beijing)"
    empty = uptake_findings(journal.uptake.assign(lag_issues=float("nan")), journal.province_uptake, glosses)
    assert empty["uptake_finding"].startswith("No formulation")


def test_the_centre_chapter_sets_each_seed_against_its_province_and_year(journal):
    seeds = analyse(progress=False)
    table = seed_citations_table(seeds.references, seeds.documents, journal.references, journal.articles,
                                 labels(seeds), glossary(journal.analysis.lexicon)).set_index("Document")
    chongqing = table.loc[labels(seeds)["chongqing"]]
    assert chongqing["Most cited"].startswith("全国组织工作会议")
    assert chongqing["Its province's articles citing it"] == "7% (2 of 27)"
    assert table.loc[labels(seeds)["heilongjiang"], "Most cited"].startswith("十九届六中全会")


def test_the_citation_network_joins_provinces_to_what_two_or_more_of_their_articles_cite(journal):
    links = province_citations(journal.references, journal.articles)
    assert links["province"].nunique() == 31 and links["name"].nunique() <= 12
    assert (links["articles"] >= 2).all()
    jiangsu = links.set_index(["province", "name"]).loc[("江苏", "党的十八大"), "articles"]
    assert jiangsu == 11


def test_the_trend_panels_draw_partial_years_open_and_label_the_article_scale(journal):
    from analysis.present.journal_plots import slogan_trends

    figure = slogan_trends(journal.slogans_by_year, ["两个确立"], journal.events)
    panel = figure.axes[0]
    counts = next(ax for ax in figure.axes[1:] if ax.get_position().bounds == panel.get_position().bounds)  # twin
    partial = next(line for line in panel.lines if line.get_label() == "partial year")
    assert sorted(int(x) for x in partial.get_xdata()) == [2020, 2024, 2026]  # 1, 11 and 7 issues
    assert partial.get_markerfacecolor() == "white"
    most = int(journal.slogans_by_year.drop_duplicates("year")["articles"].max())
    assert list(counts.get_yticks()) == [0, most] and counts.get_yticklabels()[1].get_text() == str(most)


def test_the_baselines_figure_names_each_absent_baseline(context):
    from analysis.present.journal_plots import seed_against_baselines

    seeds = context.seeds
    figure = seed_against_baselines(context.baselines, context.controls, labels(seeds), {})
    ticks = [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    assert f"{labels(seeds)['city']}: no province or leaders baseline" in ticks
    assert labels(seeds)["hunan"] in ticks  # every baseline drawn: nothing to name
    assert figure.axes[0].get_xscale() == "symlog"
