"""The presentation layer on the real seeds: the tables chapters show, the numbers their prose quotes, the profiles."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.pipeline import Analysis, analyse
from analysis.present import findings, profiles, views
from analysis.present.labels import join_words, labels
from analysis.registry import TABLES
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def a() -> Analysis:
    return analyse()


def test_corpus_table_names_and_sizes_every_document(a):
    table = views.corpus_table(a).set_index("Document")
    assert list(table.index) == ["Chongqing", "National (overview)", "Hunan", "City (speech)", "Heilongjiang"]
    assert table.loc["Chongqing", "Han characters"] == 4400
    assert table.loc["Hunan", "Date or issue"] == "2024年第6期"
    assert table.loc["City (speech)", "Outlet"] == "—"  # unknown, shown as a dash


def test_cleaning_and_conversion_tables(a):
    cleaning = views.cleaning_table(a).set_index("Document")
    assert cleaning.loc["Chongqing", "Lines removed"] == 43 and cleaning.loc["Chongqing", "Characters removed"] == 1047
    assert "related-articles list (30)" in cleaning.loc["Chongqing", "What was removed (lines)"]
    conversion = views.conversion_table(a).set_index("Document")
    assert conversion.loc["Hunan", "Pinyin notes removed"] == 591
    assert conversion.loc["Heilongjiang", "Pinyin notes removed"] == 427
    assert set(conversion[conversion["Original script"] == "traditional"].index) == {"Hunan", "Heilongjiang"}


def test_structure_and_outline_tables(a):
    structure = views.structure_table(a).set_index("Document")
    assert structure.loc["Hunan", "Sections"] == "3 (一、)"
    assert structure.loc["Heilongjiang", "Sections"] == "4 (unnumbered)"
    outline = views.outline_table(a)
    assert outline["Hunan"].tolist()[:4][1].startswith("1. 坚持以建设模范机关为总体目标")
    assert outline["Hunan"].iloc[-1] == ""  # padded to the longest outline


def test_slogan_views(a):
    table = views.slogan_table(a).set_index("Slogan")
    assert table.loc["两个确立", "Documents"] == 4
    assert table.loc["高质量发展", "Documents"] == 5
    once = views.single_document_slogans(a)
    assert not once.empty and (once.groupby("Slogan").size() == 1).all()
    lines = views.kwic_table(a, "两个确立", per_document=100)
    assert len(lines) == 8 and set(lines["Slogan"]) == {"两个确立"}


def test_reuse_and_similarity_views(a):
    reuse = views.reuse_table(a).set_index("Document")
    assert reuse.loc["Chongqing", "Most similar document"] == "City (speech)"
    assert reuse.loc["Chongqing", "Reused characters"] == 692
    passages = views.passages_table(a)
    assert passages["Characters"].is_monotonic_decreasing


def test_national_findings_count_credits_and_sentences_apart(a):
    numbers = findings.national_findings(a)
    assert numbers["credits"] == 46 and numbers["credit_sentences"] == 31 and numbers["regions_credited"] == 28
    assert numbers["measures_credited"] == 35
    assert numbers["credit_sentence"].endswith("Fujian and Jiangsu are credited most often (4 times each).")
    assert numbers["credit_finding"].startswith("Credit is spread thin: 15 of the 28 credited provinces")
    assert numbers["most_credited"] == "Fujian" and numbers["most_credited_n"] == 4
    from analysis.present.glossary import glossary

    measures = views.credited_measures(a, findings.survey_documents(a), glossary(a.lexicon))
    assert len(measures) == 35 and measures["Credited to"].str.count(r"\(").sum() == 46
    assert (measures["Gist"] != "—").all()  # every measure the overview credits has a gist in the glossary
    assert measures.iloc[6]["Credited to"].startswith("Guangxi (广西), Hunan (湖南), Liaoning (辽宁)")
    assert views.credited_measures(a, []).empty


def test_the_introduction_glues_every_value_it_quotes():
    from analysis.book import book_context
    from analysis.present.sentences import introduction

    numbers = introduction(book_context())
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    quoted = set(re.findall(r"\{glue:(?:text|md)\}`([a-z_]+)", intro))
    assert quoted <= set(numbers), quoted - set(numbers)
    assert numbers["documents"] == 5 and numbers["traditional"] == 2


def test_downloads_say_what_each_table_holds(a):
    markdown = views.downloads_markdown(a).data
    assert "all-tables.zip" in markdown and "references.bib" in markdown and "text/hunan.txt" in markdown
    for table in TABLES:
        assert f"`{table.file} </_build/tables/{table.file}>` — {table.description}" in markdown
        assert table.description and table.description != table.attribute.replace("_", " ")


def test_profile_of_a_document(a):
    formulas = pd.DataFrame({"region": ["Hunan"], "slogan": ["三高四新"]})
    profile = profiles.region_profile(a, "hunan", formulas).data
    assert "三高四新" in profile
    assert profile.startswith("### Hunan")
    assert "3,230 Han characters in 16 paragraphs" in profile
    stressed, omitted = profiles.theme_emphasis(a, "chongqing")
    assert len(stressed) == 3
    assert any(label.startswith("Rural revitalization") for label in omitted)  # 乡村振兴 only in its page chrome


def test_labels_and_word_lists(a):
    assert labels(a)["national"] == "National (overview)"
    assert join_words(["a"]) == "a" and join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "", "b", "c"]) == "a, b and c"


def test_the_confound_sentence_names_date_and_genre(a):
    from analysis.present.sentences import confound_sentence

    sentence = confound_sentence(a)
    assert "Heilongjiang dates from before the 20th Party Congress (2022-10)" in sentence
    assert "National (overview) and City (speech) are not articles" in sentence
    # Every shown document is named on one side of the split.
    assert all(name in sentence for name in labels(a).values())


def test_theme_evidence_names_the_keywords_that_drove_each_lead(a):
    from analysis.present.glossary import glossary

    table = views.theme_evidence_table(a, glossary(a.lexicon)).set_index("Document")
    assert set(table.index) == set(labels(a).values())
    for keywords, context in zip(table["Keywords (uses)"], table["In context"], strict=True):
        first = keywords.split(" ")[0]
        assert f"【{first}】" in context
        assert int(keywords.split(" ")[1]) > 0


def test_glosses_are_names_not_explanations(a):
    from analysis.present.glossary import glossary, glossed

    glosses = glossary(a.lexicon)
    assert glosses["湖南"] == "Hunan" and glosses["重庆市"] == "Chongqing"
    assert glossed("不存在的词", glosses) == "不存在的词"
    assert all(":" not in glosses[s.term] and ";" not in glosses[s.term] for s in a.lexicon.slogans)
    assert glossed("三高四新", glosses).startswith("三高四新 (")


def test_the_limits_sentence_names_the_corpus_it_describes(a):
    from analysis.present.sentences import limits_sentence

    assert limits_sentence(a).startswith("5 documents cannot support inference")
    assert "of genre (article, overview, speech) and of date (2022–2024)" in limits_sentence(a)


def test_a_profile_cites_its_source_and_glosses_once(a):
    from analysis.present.glossary import PageGlosses, glossary

    gloss = PageGlosses(glossary(a.lexicon))
    first = profiles.region_profile(a, "hunan", pd.DataFrame(columns=["region", "slogan"]),
                                    "https://djyj.12371.cn/x.shtml", gloss).data.replace("\\", "")
    assert "by 秦国文 (Qin Guowen), 中共湖南省委常委、省委秘书长、省直机关工委书记 (member of the Hunan" in first
    assert "; 党建研究 (Party Building Research" in first and "2024年第6期 (2024, no. 6)" in first
    assert "Source: <https://djyj.12371.cn/x.shtml>." in first and "{cite:p}`hunan`" in first
    assert "(Raise the quality of Party building in government organs" in first
    second = profiles.region_profile(a, "chongqing", pd.DataFrame(columns=["region", "slogan"]), "", gloss).data
    second = second.replace("\\", "")
    assert "党建研究 (" not in second and "No source URL is known." in second


def test_shared_passages_are_listed_once_with_overlapping_fragments_merged(a):
    from analysis.measures.reuse import kept_text

    table = views.passages_table(a, n=1000)
    assert len(a.shared_passages) == 175 and len(table) == 69
    texts = [kept_text(t) for t in table["Passage"]]
    assert not any(x != y and x in y for x in texts for y in texts)
    # 学习贯彻… (three pairs) lies inside 把学习贯彻…作为, itself two overlapping fragments of Chongqing
    row = table[table["Passage"] == "把学习贯彻习近平总书记关于党的建设的重要思想作为"].iloc[0]
    assert row["Characters"] == 24 and "Hunan – City (speech)" in row["Shared by"]


def test_long_slogan_tables_are_cut_and_say_so(a):
    from analysis.present.findings import slogan_findings

    # the seeds use every slogan of the registry's first 60 and 14 of the formulations accepted from the journal
    assert len(views.slogan_table(a)) == 74 and len(views.slogan_table(a, n=15)) == 15
    assert views.rows_note(15, 74, "slogans.csv").startswith("The 15 most used of 74 are shown")
    assert views.rows_note(15, 12, "slogans.csv") == "All 12 are shown."
    assert all(":" not in gloss for gloss in views.slogan_table(a)["Gloss"])
    sentence = slogan_findings(a, pd.DataFrame(columns=["region", "slogan", "count"]))["two_establishes_sentence"]
    assert sentence == ("两个确立 (Two Establishes) appears in 4 of the 5 documents; "
                        "National (overview) does not use it.")


def test_generated_sentences_on_the_real_seeds(a):
    from analysis.present import sentences

    assert sentences.theme_flow_sentence(a).startswith(
        "National (overview) stays closest to one theme: 98.1% of its text is in paragraphs led by ideological")
    assert sentences.shared_pair_sentence(a) == ("The pair that shares the most verbatim text is Chongqing and "
                                                 "City (speech): 24 passages, 330 characters in all.")
    assert sentences.passages_sentence(a).startswith("The corpus has 175 such passages, 69 once overlapping")
    from analysis.measures.reuse import pair_sharing

    pairs = pair_sharing(a.shared_passages, {d.doc_id: d.body for d in a.corpus})
    assert pairs["chars"].is_monotonic_decreasing and not pairs[["doc_a", "doc_b"]].duplicated().any()
    assert tuple(pairs.iloc[0]) == ("chongqing", "city", 24, 330)
    assert "辽宁 (Liaoning)" in sentences.source_notes(a) and sentences.source_notes(a).startswith("Chongqing: ")


@pytest.fixture(scope="module")
def one(tmp_path_factory) -> Analysis:
    """The Hunan article alone, as its own corpus."""
    import shutil

    folder = tmp_path_factory.mktemp("one")
    lines = (ROOT / "seeds" / "catalog.csv").read_text(encoding="utf-8").splitlines()
    hunan = next(line for line in lines if line.startswith("hunan,"))
    (folder / "catalog.csv").write_text(f"{lines[0]}\n{hunan}\n", encoding="utf-8")
    shutil.copyfile(ROOT / "seeds" / hunan.split(",")[1], folder / hunan.split(",")[1])
    return analyse(folder)


def test_no_comparative_sentence_over_one_document(one):
    from analysis.present import sentences
    from analysis.present.findings import slogan_findings

    assert sentences.corpus_sentence(one) == "1 Chinese party-building document of 2024: 1 article (Hunan)"
    assert sentences.theme_lead_sentence(one, "organizational").startswith("Hunan uses organizational building "
                                                                           "keywords at ")
    assert sentences.structure_sentence(one) == ("Hunan numbers its top-level sections 一、二、… and opens 9 "
                                                 "paragraphs with lead sentences.")
    assert sentences.closest_sentence(one) == "With one document there is no pair to compare."
    assert sentences.confound_sentence(one).startswith("With one document")
    assert sentences.limits_sentence(one).startswith("One document cannot")
    found = slogan_findings(one, pd.DataFrame({"region": ["Hunan"], "slogan": ["三高四新"], "count": [3]}))
    assert found["two_establishes_sentence"] == "Hunan uses 两个确立 (Two Establishes)."
    assert found["most_local_sentence"].startswith("Hunan has 1 local formula, such as 三高四新")
    for sentence in (sentences.stresses_sentence(one), sentences.theme_flow_sentence(one)):
        assert " most" not in sentence and "other documents" not in sentence


def test_every_comparison_shows_what_else_sets_the_documents_apart(a):
    from analysis.present.glossary import glossary

    table = views.documents_compared(a, glossary(a.lexicon)).set_index("Document")
    assert table.loc["Hunan", "Date"] == "2024, no. 6" and table.loc["National (overview)", "Date"] == "2023-09-27"
    assert table.loc["City (speech)", "Genre"] == "speech" and table.loc["City (speech)", "Date"] == "—"
    assert table.loc["Hunan", "Outlet"].startswith("Party Building Research")
    assert table.loc["Heilongjiang", "Author's post"].startswith("Heilongjiang's Party secretary")
    for chapter in ("themes", "slogans", "structure", "similarity", "vocabulary"):
        assert "documents_compared(a" in (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8"), chapter


def test_the_facts_hand_written_prose_rests_on(a):
    leads = set(a.headings[a.headings["kind"] == "lead"]["text"])
    assert any(lead.startswith("切实加强党的政治建设") for lead in leads)  # structure.md's example of a lead
    national = a.corpus["national"].body
    assert "浙江实施" in national and "广西、湖南、辽宁" in national  # national.md's examples of credits
    assert a.documents.set_index("doc_id").at["national", "outlet"] == "中国组织人事报"  # "an overview in a newspaper"


def test_the_bibliography_has_one_entry_per_document_and_no_article_without_a_journal(a):
    from analysis.present.bibliography import bibtex

    text = bibtex(a.documents, {"hunan": "https://djyj.12371.cn/x.shtml"})
    assert text.count("\n@") + 1 == 5 and "@article{hunan," in text and "@misc{city," in text
    assert "url = {https://djyj.12371.cn/x.shtml}" in text and "author = {{秦国文}}" in text
    no_outlet = a.documents.assign(outlet="")
    assert "@article" not in bibtex(no_outlet, {})  # an @article without a journal makes bibtex warn


def test_the_term_explorer_places_every_word_once_and_glosses_it(a):
    from analysis.present.explorer import term_lines, term_rates
    from analysis.present.glossary import glossary

    rates = term_rates(a, glossary(a.lexicon))
    assert set(rates["document"]) == set(labels(a).values())
    for _, words in rates.groupby("document"):
        assert words["term"].is_unique and words[["rank", "rank_elsewhere"]].drop_duplicates().shape[0] == len(words)
        assert words["labelled"].sum() == 6
    hunan = rates[(rates["document"] == "Hunan") & (rates["term"] == "湖南")].iloc[0]
    assert hunan["gloss"] == "Hunan" and hunan["labelled"] and hunan["g2"] > 0
    lines = term_lines(a, rates[rates["term"] == "湖南"])
    assert (lines["text"].str.contains("【湖南】")).all() and set(lines["line"]) <= {1, 2}


def test_an_interactive_figure_has_its_html_and_a_png_from_one_spec(a):
    import base64

    import altair as alt

    from analysis.present.interactive import VEGA_BUNDLE, altair_figure

    chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": ["两个确立", "b"]})).mark_bar().encode(x="x:Q", y="y:N")
    first, second = altair_figure(chart), altair_figure(chart)
    bundle = first._repr_mimebundle_()
    assert VEGA_BUNDLE in bundle["text/html"] and "cdn" not in bundle["text/html"]  # the browser tests block the network
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert first.png == second.png and first.html == second.html  # deterministic


def test_markup_in_a_documents_words_stays_text_inside_the_figure_script():
    import json
    import re

    import altair as alt

    from analysis.present.interactive import altair_figure

    hostile = "机关<script>alert(1)</script>&amp;"
    chart = alt.Chart(pd.DataFrame({"x": [1], "y": [hostile]})).mark_bar().encode(x="x:Q", y="y:N")
    html = altair_figure(chart).html
    assert "<script>alert" not in html and "</script>&" not in html
    spec = json.loads(re.search(r"vegaEmbed\('#[^']+', (\{.*\}), \{actions", html).group(1))
    assert spec["datasets"][next(iter(spec["datasets"]))][0]["y"] == hostile  # the chart still shows the words


def test_labels_are_placed_clear_of_each_other():
    from analysis.present.placement import place_labels

    points = pd.DataFrame({"x": [0.5, 0.5, 0.5, 0.98], "y": [0.5] * 4,
                           "text": ["两个确立", "两个维护", "四个意识", "中国式现代化"]})
    spots = place_labels(points, width=200, height=100, x_domain=(0, 1), y_domain=(0, 1), font_size=10)
    assert spots["placed"].all()
    first = spots.head(3)
    assert list(zip(first["dx"], first["dy"], first["align"], strict=True)) == [(4, 0, "left"), (-4, 0, "right"),
                                                                                 (4, -12, "left")]
    assert spots.loc[3, "align"] == "right"  # at the right edge the label goes to the left of its point
    crowded = pd.DataFrame({"x": [0.5] * 8, "y": [0.5] * 8, "text": ["两个确立"] * 8})
    assert place_labels(crowded, 200, 100, (0, 1), (0, 1), 10)["placed"].sum() == 6  # six spots, then left out


def test_the_explorer_leaves_out_a_label_that_has_no_room(a):
    from analysis.present.explorer import _label_spots, term_rates
    from analysis.present.glossary import glossary

    rates = term_rates(a, glossary(a.lexicon))
    long_name = "习近平总书记关于党的建设的重要思想"
    chongqing = (rates["document"] == "Chongqing") & (rates["term"] == long_name)
    small, large = _label_spots(rates, 250, 200, 10), _label_spots(rates, 560, 400, 11)
    assert not small.loc[chongqing, "placed"].item()  # 16 characters do not fit beside a point in a PDF panel
    assert large.loc[chongqing, "placed"].item() and large.loc[chongqing, "align"].item() == "right"
    assert (small["placed"] <= small["labelled"]).all() and small.loc[small["document"] == "Hunan", "placed"].sum() >= 4


def test_the_charting_library_is_bundled_once_per_vl_convert_version(tmp_path):
    from analysis.present.interactive import write_vega_bundle

    bundle, stamp = tmp_path / "site" / "_vendor" / "vega-bundle.js", tmp_path / "vega-bundle.version"
    assert write_vega_bundle(bundle, stamp) and bundle.stat().st_size > 500_000
    first = bundle.read_bytes()
    assert not write_vega_bundle(bundle, stamp) and bundle.read_bytes() == first  # the next build keeps it (1.8 s)
    stamp.write_text("0.0.1", encoding="utf-8")
    assert write_vega_bundle(bundle, stamp) and bundle.read_bytes() == first  # another vl-convert: bundled again
    assert [p.name for p in bundle.parent.iterdir()] == ["vega-bundle.js"]  # the site holds the bundle alone


def test_a_charts_data_table_links_what_a_click_on_the_chart_opens_and_escapes_the_rest():
    from analysis.present.interactive import data_table

    frame = pd.DataFrame({"Province": ["湖南", "<script>x</script>"], "In English": ["Hunan", "A & B"],
                          "Articles": [30, 4]})
    table = data_table(frame, "The map's data", links={"In English": ["provinces.html#hunan", "p.html?a=1&b=2"]})
    assert '<a href="provinces.html#hunan">Hunan</a>' in table
    assert '<a href="p.html?a=1&amp;b=2">A &amp; B</a>' in table
    assert "&lt;script&gt;x&lt;/script&gt;" in table and "<script>" not in table
    assert "<td>30</td>" in table


def test_the_explorers_table_gives_the_keyboard_what_hover_and_click_show(a):
    from analysis.present.explorer import explorer_table, term_lines, term_rates
    from analysis.present.glossary import glossary

    rates = term_rates(a, glossary(a.lexicon))
    table = explorer_table(rates, term_lines(a, rates), ["Chongqing", "National (overview)", "Hunan", "City (speech)",
                                                          "Heilongjiang"])
    assert len(table) == len(rates) and table["Document"].iloc[0] == "Chongqing"
    hunan = table[(table["Document"] == "Hunan") & (table["Word"] == "湖南")].iloc[0]
    # 湖南 is 23 tokens of the clean Hunan text (24 times as a string, once inside a longer word), 2 in the others
    assert (hunan["Uses here"], hunan["Uses elsewhere"], hunan["G²"], hunan["Gloss"]) == (23, 2, 64.6, "Hunan")
    assert hunan["Lines in context"].count("【湖南】") == 2
