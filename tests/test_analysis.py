"""The analysis library on the real seeds: lexicons, segmentation, themes, slogans, structure, keyness,
similarity, text reuse, region mentions and KWIC."""

from __future__ import annotations

import dataclasses
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from analysis import load_corpus
from analysis.corpus import Corpus
from analysis.engine.processes import Helper, HelperError, worker_pool
from analysis.engine.segmentation import PendingTokens
from analysis.lexicon import load_lexicon
from analysis.measures.kwic import kwic
from analysis.measures.reuse import _sorted_alignments
from analysis.measures.structure import headings, sections
from analysis.measures.themes import keyword_table, theme_counts
from analysis.pipeline import Analysis, analyse
from analysis.tokens.segment import segment_paragraph
from tests.conftest import DJYJ, ROOT


@pytest.fixture(scope="session")
def analysis() -> Analysis:
    return analyse()


def count(frame, doc_id, column, value, measure="count"):
    row = frame[(frame["doc_id"] == doc_id) & (frame[column] == value)]
    return int(row[measure].iloc[0])


# lexicons ---------------------------------------------------------------------------------------

REQUIRED_SLOGANS = ["两个确立", "两个维护", "十三个坚持", "两个结合", "六个必须坚持", "三会一课", "四风", "中央八项规定",
                    "第一议题", "三个区分开来", "三不腐", "一岗双责", "主题教育", "全面从严治党", "自我革命", "高质量发展",
                    "中国式现代化",
                    "习近平新时代中国特色社会主义思想", "习近平总书记关于党的建设的重要思想", "我为群众办实事", "大抓基层",
                    "战斗堡垒", "凝心铸魂"]


def test_lexicon_has_required_slogans_with_glosses():
    lexicon = load_lexicon()
    terms = {s.term: s for s in lexicon.slogans}
    for term in REQUIRED_SLOGANS:
        assert term in terms and terms[term].gloss, term
    assert terms["两个维护"].members and terms["三不腐"].members
    assert {s.kind for s in lexicon.slogans} == {"central", "numbered", "local"}
    assert terms["三高四新"].region == "Hunan"


def test_themes_cover_the_five_plus_two_layout_and_development():
    lexicon = load_lexicon()
    assert 10 <= len(lexicon.themes) <= 14
    ids = {t.id for t in lexicon.themes}
    assert {"political", "ideological", "organizational", "work_style", "discipline", "institutional",
            "anti_corruption"} <= ids
    assert {"high_quality_development", "cadres", "talent", "grassroots_governance", "rural_revitalization",
            "serving_masses", "modernization"} <= ids
    keywords = [k for t in lexicon.themes for k in t.keywords]
    assert len(keywords) == len(set(keywords)), "a keyword belongs to one theme"


def test_no_lexicon_term_is_a_stopword():
    lexicon = load_lexicon()
    members = {m for s in lexicon.slogans for m in s.members}
    assert not (set(lexicon.matched_terms) | members) & lexicon.stopwords


# segmentation -----------------------------------------------------------------------------------

def test_lexicon_terms_stay_whole(analysis):
    tokens = analysis.tokens.flat("city")
    for term in ("两个确立", "全面从严治党", "习近平新时代中国特色社会主义思想", "习近平总书记关于党的建设的重要思想"):
        assert term in tokens


def test_compounds_stay_whole(analysis):
    heilongjiang = analysis.tokens.flat("heilongjiang")
    assert heilongjiang.count("党的十九届六中全会") == 4 and "六中全会" not in heilongjiang
    assert "党的二十大" in heilongjiang and "党的十八大" in analysis.tokens.flat("hunan")
    key = analysis.keyness[analysis.keyness["doc_id"] == "heilongjiang"]["term"].tolist()
    assert "党的十九届六中全会" in key and "十九" not in key
    pattern = analysis.lexicon.compound_pattern
    assert segment_paragraph("党的一大批干部", analysis.lexicon.terms, pattern)[:2] == ["党", "的"]
    assert "党的二十届三中全会" in segment_paragraph("学习党的二十届三中全会精神", analysis.lexicon.terms, pattern)


def test_no_lexicon_term_split_by_the_segmenter(analysis):
    check = analysis.segmentation_check
    assert (check["split"] == 0).all(), check[check["split"] != 0]
    # the differences that remain are nested terms, e.g. 中国特色社会主义 inside the longer formula
    assert (check["string_count"] == check["token_count"] + check["inside_longer_term"]).all()


def test_tokens_join_back_to_the_text(analysis):
    for document in analysis.corpus:
        assert "\n".join("".join(p) for p in analysis.tokens[document.doc_id]) == document.body


def test_segmentation_is_cached_on_disk(tmp_path, corpus, monkeypatch):
    lexicon = load_lexicon()
    first = PendingTokens(corpus, lexicon, cache_dir=tmp_path).result()
    assert len(list((tmp_path / "tokens").rglob("*.tokens"))) == len(corpus)

    def fail(*_):
        raise AssertionError("segmented again")

    monkeypatch.setattr("analysis.engine.segmentation._segment_and_store", fail)
    monkeypatch.setattr("analysis.engine.segmentation.segment_text", fail)
    assert PendingTokens(corpus, lexicon, cache_dir=tmp_path).result().paragraphs == first.paragraphs


def test_dictionary_loads_as_jieba_loads_it():
    import jieba

    from analysis.tokens.reference import _initialize

    fast, reference = jieba.Tokenizer(), jieba.Tokenizer()
    _initialize(fast)
    reference.initialize()
    assert fast.initialized and fast.total == reference.total and fast.FREQ == reference.FREQ


def test_the_term_dictionary_registers_as_the_whole_dictionary():
    """The fragment of jieba's dictionary that the lexicon's terms reach gives the same frequencies and total
    correction as jieba's whole dictionary, 18 terms containing another among them (八项规定 in 中央八项规定)."""
    import jieba

    from analysis.tokens.reference import register, registrable, registration, term_dictionary

    terms = load_lexicon().terms
    whole, fragment = jieba.Tokenizer(), jieba.Tokenizer()
    whole.initialize()
    fragment.FREQ, fragment.total = term_dictionary([t for t in terms if registrable(t)])
    fragment.initialized = True
    assert fragment.total == whole.total and len(fragment.FREQ) < len(whole.FREQ) / 100
    expected = register(whole, terms)
    assert register(fragment, terms) == expected == registration(terms)
    assert expected[0]["两个维护"] >= 10_000 and expected[1] > 3


JOURNAL_SAMPLE = ["2021-09-46f7f186.md", "2022-04-b0849210.md", "2023-08-af89aead.md", "2024-01-0887aebf.md",
                  "2025-10-e960a614.md", "2026-07-35958bed.md", "2020-12-9aa0250c.md"]


def test_the_engine_gives_jiebas_tokens(corpus):
    """rjieba with the three corrections against jieba itself: the seeds, a sample of the journal (URLs and all)."""
    from analysis.tokens.reference import jieba_tokenizer
    from analysis.tokens.segment import _cut, make_segmenter

    terms = load_lexicon().terms
    segmenter, reference = make_segmenter(terms), jieba_tokenizer(terms)
    texts = [d.body for d in corpus]
    texts += [(DJYJ / name).read_text(encoding="utf-8") for name in JOURNAL_SAMPLE if (DJYJ / name).is_file()]
    assert len(texts) >= 10
    assert any("djyj.12371.cn" in text for text in texts)  # the URLs jieba-rs alone would keep whole
    for text in texts:
        assert _cut(text, segmenter) == reference.lcut(text)
    tricky = "第1-2期 v1.2.3 text-align 2020-12-02 革命力量 忠于党和人民 鿪鿫 a_b 3.5% C++"
    assert _cut(tricky, segmenter) == reference.lcut(tricky)


def test_worker_counts_match_the_tokens(tmp_path, corpus):
    lexicon = load_lexicon()
    counts = PendingTokens(corpus, lexicon, cache_dir=tmp_path, jobs=2).counts()
    tokens = PendingTokens(corpus, lexicon, cache_dir=tmp_path).result()
    expected = tokens.count()
    assert counts == expected
    assert counts["heilongjiang"]["基层党组织"] == Counter(tokens.flat("heilongjiang"))["基层党组织"] == 29
    words = counts.word_counts("hunan", lexicon.stopwords)
    assert words["中国式现代化"] == 9 and "的" not in words and not any(len(w) < 2 for w in words)


# themes and slogans -----------------------------------------------------------------------------

def test_theme_rates_and_shares(analysis):
    themes = analysis.themes
    assert set(themes.groupby("doc_id")["share"].sum().round(2)) == {1.0}
    assert count(themes, "chongqing", "theme", "rural_revitalization", "hits") == 0  # 乡村振兴 only in its chrome
    assert count(themes, "heilongjiang", "theme", "rural_revitalization", "hits") == 13
    heilongjiang = themes[themes["doc_id"] == "heilongjiang"].set_index("theme")["rate_per_10k"]
    assert heilongjiang.idxmax() == "organizational"


def test_paragraph_themes_follow_the_body(analysis):
    flow = analysis.paragraph_themes
    assert len(flow[flow["doc_id"] == "heilongjiang"]) == 22
    assert set(flow["dominant_theme"]) <= {t.id for t in analysis.lexicon.themes} | {"none"}


def test_a_kept_whole_keyword_counts_in_the_text_as_among_the_tokens(analysis):
    kept = [keyword for keyword in analysis.lexicon.keyword_theme if keyword in set(analysis.lexicon.terms)]
    assert len(kept) == len(analysis.lexicon.keyword_theme)  # today every keyword is kept whole too
    for document in analysis.corpus:
        tokens, uses = analysis.token_counts[document.doc_id], analysis.keyword_hits.loc[document.doc_id]
        assert {k: int(uses[k]) for k in kept} == {k: tokens.get(k, 0) for k in kept}, document.doc_id


def _lexicon_with(tmp_path: Path, file: str, old: str, new: str) -> Path:
    folder = tmp_path / "lexicon"
    shutil.copytree(ROOT / "analysis" / "lexicon", folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_a_new_theme_keyword_changes_the_theme_counts_and_no_token(tmp_path, corpus):
    lexicon = load_lexicon()
    edited = load_lexicon(_lexicon_with(tmp_path, "themes.yaml", "keywords: [组织建设,", "keywords: [组织建设, 党建工作,"))
    assert edited.fingerprint != lexicon.fingerprint  # every table is computed again ...
    assert edited.terms == lexicon.terms and edited.segmentation_key == lexicon.segmentation_key  # ... no text segmented
    before = theme_counts(corpus, keyword_table(corpus, lexicon), lexicon)
    after = theme_counts(corpus, keyword_table(corpus, edited), edited)
    # 党建工作 is in the Chongqing body 3 times and in Heilongjiang's once
    assert corpus["chongqing"].body.count("党建工作") == 3 and corpus["heilongjiang"].body.count("党建工作") == 1
    assert count(before, "chongqing", "theme", "organizational", "hits") == 24
    assert count(after, "chongqing", "theme", "organizational", "hits") == 27
    assert count(after, "heilongjiang", "theme", "organizational", "hits") == 63
    unchanged = before[before["theme"] != "organizational"].reset_index(drop=True)
    assert after[after["theme"] != "organizational"].reset_index(drop=True)["hits"].equals(unchanged["hits"])


def test_a_word_kept_whole_segments_again(tmp_path):
    lexicon = load_lexicon()
    edited = load_lexicon(_lexicon_with(tmp_path, "kept_whole.txt", "# political\n", "# political\n党建工作\n"))
    assert "党建工作" in edited.terms and edited.segmentation_key != lexicon.segmentation_key
    assert segment_paragraph("加强党建工作", edited.terms) == ["加强", "党建工作"]
    assert segment_paragraph("加强党建工作", lexicon.terms) != ["加强", "党建工作"]


def test_slogan_counts_from_the_seeds(analysis):
    slogans = analysis.slogans
    for doc_id in ("chongqing", "hunan", "city", "heilongjiang"):
        assert count(slogans, doc_id, "slogan", "两个确立") >= 1
    assert count(slogans, "national", "slogan", "两个确立") == 0
    assert count(slogans, "chongqing", "slogan", "乡村振兴") == 0
    assert count(slogans, "chongqing", "slogan", "为基层减负") == 0
    assert count(slogans, "hunan", "slogan", "中国式现代化") == 9
    assert count(slogans, "hunan", "slogan", "885工作机制") == 0
    assert count(slogans, "chongqing", "slogan", "885工作机制") == 1  # written “885”工作机制
    assert len(slogans) == len(analysis.corpus) * len(analysis.lexicon.slogans)


def test_grassroots_organisations_concentrate_in_heilongjiang(analysis):
    counts = {d: Counter(analysis.tokens.flat(d))["基层党组织"] for d in analysis.corpus.doc_ids}
    assert counts["heilongjiang"] == 29
    assert counts["heilongjiang"] > 5 * max(v for d, v in counts.items() if d != "heilongjiang")


def test_discovery_finds_local_formulas(analysis):
    found = analysis.slogan_discoveries
    chongqing = set(found.loc[found["doc_id"] == "chongqing", "slogan"])
    assert {"885", "1+8+N", "渝跃行动", "头雁领航·强村富民"} <= chongqing
    hunan = set(found.loc[found["doc_id"] == "hunan", "slogan"])
    assert {"三高四新", "4×4", "先锋直播间"} <= hunan
    assert "能力作风建设年" in set(found.loc[found["doc_id"] == "heilongjiang", "slogan"])
    scope = found.drop_duplicates("slogan").set_index("slogan")["scope"]
    assert scope["两个确立"] == "central" and scope["885"] == "local" and scope["一岗双责"] == "central"


# structure --------------------------------------------------------------------------------------

def test_structure_counts(analysis):
    metrics = analysis.structure.set_index("doc_id")
    for doc_id in ("chongqing", "hunan", "city"):
        assert metrics.loc[doc_id, "sections"] == 3 and metrics.loc[doc_id, "heading_style"] == "一、"
    assert metrics.loc["city", "subsections"] == 4
    for doc_id in ("heilongjiang", "national"):
        assert metrics.loc[doc_id, "sections"] == 4 and metrics.loc[doc_id, "heading_style"] == "unnumbered"
    assert metrics.loc["heilongjiang", "lead_sentences"] == 13
    assert metrics.loc["hunan", "lead_sentences"] == 9
    assert metrics.loc["chongqing", "lead_sentences"] == 10
    assert metrics.loc["city", "enumerations"] == 2


def test_city_subsections_sit_under_its_third_section(analysis):
    outline = analysis.headings[analysis.headings["doc_id"] == "city"]
    third = outline[(outline["level"] == 1) & (outline["marker"] == "三、")]["char_start"].item()
    subsections = outline[outline["level"] == 2]
    assert list(subsections["marker"]) == ["（一）", "（二）", "（三）", "（四）"]
    assert (subsections["char_start"] > third).all()


def test_lead_sentence_found(analysis):
    leads = analysis.headings[(analysis.headings["doc_id"] == "chongqing") & (analysis.headings["kind"] == "lead")]
    assert "更加旗帜鲜明扛牢坚定拥护“两个确立”、坚决做到“两个维护”的政治责任。" in set(leads["text"])


def test_section_shares_add_up(corpus):
    for document in corpus:
        assert math.isclose(sections(document)["share"].sum(), 1.0, abs_tol=0.01)


def test_document_without_headings_and_one_document_corpus(corpus):
    document = corpus["national"]
    flat = "\n".join(p for p in document.paragraphs if p.endswith("。"))
    plain = dataclasses.replace(document, page=dataclasses.replace(document.page, body=flat))
    assert headings(plain).query("level > 0").empty
    single = Corpus(corpus.seeds, (plain,))
    result = Analysis(single, load_lexicon())
    assert list(result.structure["sections"]) == [0]
    assert list(result.similarity["doc_id"]) == ["national"]
    assert result.shared_passages.empty and result.keyness.empty
    assert result.reuse["reused_share"].tolist() == [0.0]


# keyness, similarity, reuse ---------------------------------------------------------------------

def test_keyness_matches_the_log_likelihood_formula(analysis):
    keyness = analysis.keyness
    top = keyness[keyness["doc_id"] == "chongqing"].iloc[0]
    assert top["term"] == "重庆"
    a, b = top["target"], top["reference"]
    totals = analysis.features.counts.sum(axis=1).A1
    c = int(totals[analysis.features.doc_ids.index("chongqing")])
    d = int(totals.sum()) - c
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    g2 = 2 * (a * math.log(a / e1) + b * math.log(b / e2))
    assert math.isclose(top["g2"], g2, abs_tol=1e-3)
    assert math.isclose(top["log_ratio"], math.log2((a / c) / (b / d)), abs_tol=1e-3)
    assert (keyness["target"] >= 3).all()


def test_similarity_is_a_clustered_cosine_matrix(analysis):
    table = analysis.similarity.set_index("doc_id")
    matrix = table.drop(columns="order")
    assert sorted(matrix.index) == sorted(analysis.corpus.doc_ids)
    assert list(matrix.columns) == list(matrix.index)
    assert (matrix.to_numpy().diagonal() == 1.0).all()
    assert ((matrix - matrix.T).abs() < 1e-9).all().all()


def test_city_speech_and_national_overview_share_phrasing(analysis):
    passages = analysis.shared_passages
    pair = passages[(passages["doc_a"] == "national") & (passages["doc_b"] == "city")]
    assert "坚持不懈用习近平新时代中国特色社会主义思想凝心铸魂" in set(pair["text"])
    assert "持续完善党员、干部理论教育培训长效机制" in set(pair["text"])  # 党员干部 in the speech: punctuation aside
    row = pair.iloc[0]
    national, city = analysis.corpus["national"].body, analysis.corpus["city"].body
    assert national[row.start_a : row.end_a] == row.text
    assert city[row.start_b : row.end_b] == row.text
    assert (passages["chars"] >= 8).all()
    share = analysis.reuse.set_index("doc_id")["reused_share"]
    assert ((share > 0) & (share < 1)).all()


HELPER_WHILE_SEGMENTING = """
import sys
from analysis.engine.processes import Helper
from analysis.measures.keyness import keyness
from analysis.measures.similarity import similarity_table
from analysis.engine.processes import Helper, HelperError
from analysis.pipeline import analyse
from analysis.engine.segmentation import PendingTokens
with Helper() as helper:
    analysis = analyse(cache_dir=sys.argv[1])
    analysis._pending_tokens = PendingTokens(analysis.corpus, analysis.lexicon, sys.argv[1], jobs=2)
    join = helper.compute([(analysis, "similarity", similarity_table, (analysis.features,)),
                           (analysis, "keyness", keyness, (analysis.features,))])
    join()
assert {"similarity", "keyness"} <= set(analysis.__dict__)
print(analysis.similarity.shape)
"""


def test_tables_computed_by_the_helper_while_workers_run(tmp_path):
    """The helper, forked before the segmentation workers, computes its tables while they run (a child forked
    while workers ran once waited for them forever)."""
    process = subprocess.Popen([sys.executable, "-c", HELPER_WHILE_SEGMENTING, str(tmp_path)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the helper never finished")
    assert process.returncode == 0, err
    assert out.strip() == "(5, 7)"


def test_packed_sort_orders_alignments_like_lexsort():
    rng = np.random.default_rng(7)
    size = 5_000
    a, b = rng.integers(0, 40, size), rng.integers(0, 40, size)
    pa, pb = rng.integers(0, 3_000, size), rng.integers(0, 3_000, size)
    order = np.lexsort((pa, pb - pa, b, a))
    for got, want in zip(_sorted_alignments(a, b, pa, pb), (a, b, pa, pb), strict=True):
        assert (got == want[order]).all()
    wide = pa * 2**40  # too wide to pack: falls back to lexsort
    order = np.lexsort((wide, pb - wide, b, a))
    assert (_sorted_alignments(a, b, wide, pb)[2] == wide[order]).all()


# regions and KWIC --------------------------------------------------------------------------------

def test_national_overview_credits_provinces(analysis):
    counts = analysis.region_counts
    national = counts[counts["doc_id"] == "national"].set_index("region")
    assert {"Zhejiang", "Fujian", "Chongqing", "Jiangsu", "Beijing"} <= set(national.index)
    assert len(national) >= 25
    assert national.loc["Fujian", "credited"] == 4
    mentions = analysis.region_mentions
    zhejiang = mentions[(mentions["doc_id"] == "national") & (mentions["region"] == "Zhejiang")]
    assert any("学习宣传研究工程" in measure for measure in zhejiang["measure"])
    listed = mentions[(mentions["doc_id"] == "national") & (mentions["region"] == "Chongqing")]
    assert listed["measure"].iloc[0].startswith("依托党报党刊")  # 广西、湖南、辽宁、山西、重庆、青海等地依托…


def test_kwic(corpus):
    lines = kwic(corpus, "两个维护", window=6)
    assert len(lines) == 6 and set(lines["doc_id"]) == {"chongqing", "hunan", "city", "heilongjiang"}
    assert lines["position"].between(0, 1).all()
    first = lines.iloc[0]
    body = corpus[first.doc_id].body
    assert body[first.start - len(first.left) : first.start] == first.left.replace("¶", "\n")


def test_corpus_of_one_document(seeds_copy):
    import csv

    with (seeds_copy / "catalog.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with (seeds_copy / "catalog.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerow(rows[2])
    for row in rows[:2] + rows[3:]:
        (seeds_copy / row["file"]).unlink()
    result = analyse(seeds_copy)
    assert result.corpus.doc_ids == ["hunan"]
    assert result.keyness.empty and result.shared_passages.empty
    assert count(result.slogans, "hunan", "slogan", "中国式现代化") == 9
    assert load_corpus(seeds_copy)["hunan"].title.startswith("全面提高机关党建质量")


def _fails(text: str) -> None:
    raise ValueError(text)


def test_a_helper_error_is_raised_here_and_a_dead_helper_is_named(analysis):
    class Target:
        pass

    with Helper() as helper:
        join = helper.compute([(Target(), "value", _fails, ("the helper's own error",))])
        with pytest.raises(ValueError, match="the helper's own error"):
            join()
        helper._process.kill()
        helper._process.join()
        with pytest.raises(HelperError, match="ended before it sent its tables back"):
            helper.compute([(Target(), "value", len, ("abc",))])()


POOL_THEN_WAIT = """
import os, time
from analysis.engine.processes import worker_pool
def pid(_):
    time.sleep(0.2)
    return os.getpid()
pool = worker_pool(2)
print(*sorted(set(pool.map(pid, range(4)))), flush=True)
time.sleep(60)
"""


def test_workers_end_when_their_run_is_killed():
    process = subprocess.Popen([sys.executable, "-c", POOL_THEN_WAIT], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    workers = [int(pid) for pid in process.stdout.readline().split()]
    assert workers and process.pid not in workers
    process.kill()
    process.wait()
    deadline = time.monotonic() + 5
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in workers)  # without die_with_parent they waited for work forever


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except OSError:
        return False


def _own_name() -> str:
    return Path("/proc/self/comm").read_text().strip()


def test_the_helper_and_the_workers_name_themselves():
    # what top shows, and how scripts/cores.py tells the processes of a run apart
    with worker_pool(1) as pool:
        assert pool.submit(_own_name).result() == "analysis-worker"

    class Target:
        pass

    target = Target()
    with Helper() as helper:
        helper.compute([(target, "name", _own_name, ())])()
    assert target.name == "analysis-helper" and _own_name() != "analysis-helper"
