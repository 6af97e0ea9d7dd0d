"""The journal and the lexicons as careless or hostile input, each case on a small temporary copy: one clear line and
a non-zero exit, or a warning naming the file where the article can be counted once or shown without the bad part;
nothing read from outside the corpus, nothing silently wrong, no live markup in a page."""

from __future__ import annotations

import errno
import pickle
import re
import shutil
import signal
from pathlib import Path

import pandas as pd
import pytest

from analysis.engine.engines import LocalEngine
from analysis.engine.processes import worker_pool
from analysis.errors import CorpusError
from analysis.journal.corpus import load_and_count_journal
from analysis.journal.genres import load_genres
from analysis.journal.pipeline import analyse_journal
from analysis.lexicon import load_lexicon
from analysis.measures.slogans import SloganMatcher
from analysis.paths import BUNDLED_LEXICON_DIR, JOURNAL_DIR, JOURNAL_ENV, LEXICON_ENV
from analysis.present.journal_views import province_profiles
from analysis.text.links import checked_url
from tests.test_hostile import JOURNAL_SAMPLE, one_line_error, run

HOSTILE_URL = "http://x.cn/a)<img src=x onerror=alert(3)>…[z](http://y.cn/"


@pytest.fixture()
def journal(tmp_path, monkeypatch) -> Path:
    """A journal of four real articles (two of them the seeds' counterparts), used by ``tables``."""
    folder = tmp_path / "journal"
    (folder / "articles").mkdir(parents=True)
    for name in JOURNAL_SAMPLE:
        shutil.copyfile(JOURNAL_DIR / "articles" / name, folder / "articles" / name)
    monkeypatch.setenv(JOURNAL_ENV, str(folder))
    return folder / "articles"


@pytest.fixture()
def lexicon(tmp_path, monkeypatch) -> Path:
    """A copy of the lexicon folder, used by every stage."""
    folder = tmp_path / "lexicon"
    shutil.copytree(BUNDLED_LEXICON_DIR, folder)
    monkeypatch.setenv(LEXICON_ENV, str(folder))
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tables(seeds: Path, tmp_path: Path) -> tuple[int, str, str]:
    return run("tables", "--out", tmp_path / "out", "--seeds", seeds)


def warnings_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("warning: ")]


# 1 an address that would be live markup --------------------------------------------------------------------------

def test_an_address_that_is_markup_is_shown_as_nothing_and_said(journal, seeds_copy, tmp_path):
    first = journal / JOURNAL_SAMPLE[0]
    url = re.search(r"\*\*链接\*\*: (\S+)", first.read_text(encoding="utf-8"))[1]
    edit(first, url, HOSTILE_URL)
    status, _, err = tables(seeds_copy, tmp_path)
    assert status == 0, err
    said = [line for line in warnings_of(err) if first.name in line]
    assert len(said) == 1 and "链接" in said[0] and "not a plain http(s) address" in said[0]
    articles = pd.read_csv(tmp_path / "out" / "journal" / "articles.csv", keep_default_na=False)
    assert articles.set_index("doc_id").loc[first.stem, "url"] == ""
    profiles = province_profiles(analyse_journal(load_lexicon(), tmp_path / "cache")).data
    assert "onerror" not in profiles and "<img" not in profiles and "http://y.cn" not in profiles
    assert "[link](http" in profiles  # the other articles keep their links


@pytest.mark.parametrize("text, wanted", [
    ("http://djyj.12371.cn/2020/12/02/ARTI1606887710825604.shtml",
     "http://djyj.12371.cn/2020/12/02/ARTI1606887710825604.shtml"),
    ("https://x.cn/路径?q=中文", "https://x.cn/%E8%B7%AF%E5%BE%84?q=%E4%B8%AD%E6%96%87"),
    (HOSTILE_URL, ""), ("javascript:alert(1)", ""), ("http://x.cn/a b", ""), ('http://x.cn/"q"', ""),
    ("ftp://x.cn/a", ""), ("http:///a", ""), ("", ""),
])
def test_an_address_is_parsed_checked_and_percent_encoded(text, wanted):
    assert checked_url(text) == wanted


# 2 a broken article, read by a worker ----------------------------------------------------------------------------

def test_an_error_raised_in_a_worker_arrives_whole():
    error = CorpusError("/corpus/articles/a.md", "no article text found", "check that the file holds the article")
    assert str(pickle.loads(pickle.dumps(error))) == str(error)
    with worker_pool(2) as pool, pytest.raises(CorpusError) as raised:
        pool.submit(_raise, error).result()
    assert str(raised.value) == str(error) and raised.value.path == Path("/corpus/articles/a.md")


def _raise(error: Exception) -> None:
    raise error


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    ("# 标题\n\n> **年度**: 2024年  \n> **期数**: 第1期  \n\n正文没有分隔线。\n".encode(), "no article text found"),
    ("# 标题\n\n> **年度**: 2024年  \n> **期数**: 第1期  \n\n---\n\n".encode(), "no article text found"),
    ("# 标题\n\n---\n\n正文".encode() + b"\xff\xfe\x00\xd8", "cannot decode"),
])
def test_a_broken_article_read_by_a_worker_stops_the_run_in_one_line(journal, tmp_path, content, problem):
    text = (journal / JOURNAL_SAMPLE[0]).read_text(encoding="utf-8")
    for number in range(70):  # more than one batch: the articles are read by worker processes
        copy = re.sub(r"(\*\*链接\*\*: \S+)", rf"\g<1>?copy={number}", text, count=1)
        (journal / f"2021-09-copy{number:03d}.md").write_text(copy, encoding="utf-8")
    broken = journal / "2022-01-broken.md"
    broken.write_bytes(content)
    with pytest.raises(CorpusError) as raised:
        load_and_count_journal(load_lexicon(), load_genres(), tmp_path / "cache", journal.parent,
                               LocalEngine(jobs=2))
    assert raised.value.path == broken and "\n" not in str(raised.value) and problem in str(raised.value)


def test_a_broken_article_stops_tables_in_one_line(journal, seeds_copy, tmp_path):
    (journal / "2022-01-empty.md").write_bytes(b"")
    one_line_error(*tables(seeds_copy, tmp_path)[::2], "2022-01-empty.md")
    assert not (tmp_path / "out").exists()


# 3 no article at all ---------------------------------------------------------------------------------------------

def test_an_empty_articles_folder_is_one_line(journal, seeds_copy, tmp_path):
    for path in journal.iterdir():
        path.unlink()
    one_line_error(*tables(seeds_copy, tmp_path)[::2], str(journal), "no article")


# 4 links out of the corpus ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/etc/passwd", "outside"])
def test_nothing_outside_the_corpus_folder_is_opened(journal, seeds_copy, tmp_path, target):
    if target == "outside":  # a real article, in Chinese, that lies outside the corpus folder
        target = tmp_path / "elsewhere.md"
        shutil.copyfile(JOURNAL_DIR / "articles" / "2020-12-21563d20.md", target)
    (journal / "2020-12-linked.md").symlink_to(target)
    one_line_error(*tables(seeds_copy, tmp_path)[::2], "2020-12-linked.md", "outside the corpus folder")


# 5 a year or an issue that cannot be --------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, field", [("第9期", "第十三期", "期数"), ("2021年", "2099年", "年度"),
                                             ("第9期", "第0期", "期数")])
def test_an_impossible_year_or_issue_is_one_line_naming_the_field(journal, seeds_copy, tmp_path, old, new, field):
    edit(journal / JOURNAL_SAMPLE[0], f"**{field}**: {old}", f"**{field}**: {new}")
    one_line_error(*tables(seeds_copy, tmp_path)[::2], JOURNAL_SAMPLE[0], field, new)


# 6 the same article twice ------------------------------------------------------------------------------------------

def test_the_same_article_twice_is_counted_once_and_said(journal, seeds_copy, tmp_path):
    shutil.copyfile(journal / JOURNAL_SAMPLE[0], journal / "2021-09-again.md")
    status, _, err = tables(seeds_copy, tmp_path)
    assert status == 0, err
    said = [line for line in warnings_of(err) if "2021-09-again.md" in line]
    assert len(said) == 1 and JOURNAL_SAMPLE[0] in said[0] and "counted once" in said[0]
    articles = pd.read_csv(tmp_path / "out" / "journal" / "articles.csv", keep_default_na=False)
    assert len(articles) == len(JOURNAL_SAMPLE) and "2021-09-again" not in set(articles["doc_id"])


# 7 a header field given twice -----------------------------------------------------------------------------------------

def test_a_header_field_given_twice_is_said(journal, seeds_copy, tmp_path):
    edit(journal / JOURNAL_SAMPLE[0], "> **作者**: ", "> **作者**: 某某  \n> **作者**: ")
    status, _, err = tables(seeds_copy, tmp_path)
    assert status == 0, err
    said = [line for line in warnings_of(err) if JOURNAL_SAMPLE[0] in line]
    assert len(said) == 1 and "作者 more than once" in said[0]


# 8 every lexicon file from the lexicon folder -----------------------------------------------------------------------

def test_events_and_tiles_come_from_the_lexicon_folder(journal, lexicon, tmp_path):
    edit(lexicon / "events.yaml", 'label: "Party centenary"', 'label: "The centenary, as this author names it"')
    edit(lexicon / "tiles.csv", "黑龙江,0,7", "黑龙江,0,8")
    journal_ = analyse_journal(load_lexicon(), tmp_path / "cache")
    assert "The centenary, as this author names it" in {event.label for event in journal_.events}
    assert journal_.tiles.set_index("province").loc["黑龙江", "col"] == 8
    from analysis.engine.results import journal_fingerprint

    before = journal_fingerprint()
    edit(lexicon / "genres.yaml", "label: news item", "label: news report")
    assert journal_fingerprint() != before  # a data file of the lexicon folder is an input of the journal's tables


# 9 the tile layout --------------------------------------------------------------------------------------------------

def test_a_province_with_articles_but_no_tile_is_one_line(journal, lexicon, seeds_copy, tmp_path):
    edit(lexicon / "tiles.csv", "吉林,", "# 吉林,")  # 2021-09-46f7f186 is by Jilin's organisation head
    lines = [line for line in (lexicon / "tiles.csv").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    (lexicon / "tiles.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    one_line_error(*tables(seeds_copy, tmp_path)[::2], "tiles.csv", "吉林")


@pytest.mark.parametrize("old, new, words", [("广东,6,4", '"广东,广西",6,4', ["广东,广西", "not a provincial unit"]),
                                             ("广东,6,4", "广东,6,x", ["广东", "whole numbers"]),
                                             ("广东,6,4", "广西,6,4", ["listed twice", "广西"])])
def test_a_broken_tile_layout_is_one_line(journal, lexicon, seeds_copy, tmp_path, old, new, words):
    edit(lexicon / "tiles.csv", old, new)
    one_line_error(*tables(seeds_copy, tmp_path)[::2], "tiles.csv", *words)


# 10 an event that is not a month ----------------------------------------------------------------------------------------

def test_an_event_dated_in_month_13_is_one_line(journal, lexicon, seeds_copy, tmp_path):
    edit(lexicon / "events.yaml", 'date: "2024-07"', 'date: "2024-13"')
    one_line_error(*tables(seeds_copy, tmp_path)[::2], "events.yaml", "2024-13")


# 11 a slogan file that is not a lexicon ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, words", [("- 两个确立\n- 两个维护\n", ["holds a list"]), ("两个确立\n", ["holds a str"]),
                                         ("slogans:\n  - term: 两个确立\n    gloss: [unclosed\n", ["not valid YAML", "line"]),
                                         ("slogans: 两个确立\n", ["must hold a list"])])
def test_a_slogan_file_that_is_not_a_lexicon_is_one_line(journal, lexicon, seeds_copy, tmp_path, text, words):
    (lexicon / "slogans.yaml").write_text(text, encoding="utf-8")
    one_line_error(*tables(seeds_copy, tmp_path)[::2], "slogans.yaml", *words)


# 12 a form that two slogans claim ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new", [
    ("    variants: [八项规定]\n", "    variants: [八项规定, 两个确立]\n"),  # another slogan's term as a variant
    ("  - term: 三不腐\n", "  - term: 三不腐\n    variants: [八项规定]\n"),  # one variant under two slogans
])
def test_a_form_two_slogans_claim_is_one_line_naming_both(journal, lexicon, seeds_copy, tmp_path, old, new):
    text = (lexicon / "slogans.yaml").read_text(encoding="utf-8")
    if "三不腐" in new:  # 三不腐 already has variants: give 八项规定 to it through them
        text = text.replace("variants: [不敢腐不能腐不想腐, 不敢腐、不能腐、不想腐]",
                            "variants: [不敢腐不能腐不想腐, 不敢腐、不能腐、不想腐, 八项规定]")
    else:
        text = text.replace(old, new, 1)
    (lexicon / "slogans.yaml").write_text(text, encoding="utf-8")
    status, _, err = tables(seeds_copy, tmp_path)
    one_line_error(status, err, "slogans.yaml", "belongs to two slogans")
    assert ("两个确立" in err and "中央八项规定" in err) or ("中央八项规定" in err and "三不腐" in err)


# 13 a long lexicon ---------------------------------------------------------------------------------------------------------

def test_a_hundred_thousand_slogans_load_in_linear_time(lexicon):
    digits = "零一二三四五六七八九"
    entries = [f"  - term: 测试{''.join(digits[int(c)] for c in str(i))}号口号\n    gloss: test\n    kind: central"
               for i in range(100_000)]
    (lexicon / "slogans.yaml").write_text("slogans:\n" + "\n".join(entries) + "\n", encoding="utf-8")
    (lexicon / "emerging_checks.csv").write_text("term,decision,kind,gloss,note\n", encoding="utf-8")
    signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(90)  # a quadratic check took over 120 s here; the linear one takes seconds
    try:
        loaded = load_lexicon(lexicon)
        uses = SloganMatcher(loaded.slogans).uses("推进测试一二三号口号，落实测试九九九九九号口号。")
    finally:
        signal.alarm(0)
    assert len(loaded.slogans) == 100_000 and loaded.slogan("测试九九九九九号口号").gloss == "test"
    assert uses == {"测试一二三号口号": 1, "测试九九九九九号口号": 1}


def _too_slow(signum, frame):
    raise TimeoutError("loading 100,000 slogans took more than 90 s: something is quadratic")


# 14 a full disk under the cache ------------------------------------------------------------------------------------------

def test_a_full_disk_under_the_cache_names_the_cache_and_leaves_no_partial_file(journal, seeds_copy, tmp_path,
                                                                                 monkeypatch):
    cache = tmp_path / "full-cache"
    monkeypatch.setenv("ANALYSIS_CACHE", str(cache))
    real = Path.write_bytes

    def full(path: Path, data: bytes) -> int:
        if cache in path.parents:
            path.write_text("")  # a partial file, as a full disk leaves one
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    status, _, err = tables(seeds_copy, tmp_path)
    one_line_error(status, err, str(cache), "No space left on device", "ANALYSIS_CACHE")
    assert not [p for p in cache.rglob("*.tmp")] if cache.exists() else True
    assert not (tmp_path / "out").exists()
