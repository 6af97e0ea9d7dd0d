"""The library's plumbing on real inputs: paths and the environment, character classes, header lines, the token and
result caches, output folders, and adding a document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import paths
from analysis.catalog import load_catalog, read_catalog
from analysis.corpus import load_corpus
from analysis.engine.publish import MARKER, write_atomically
from analysis.engine.results import ResultCache, inputs_fingerprint
from analysis.engine.segmentation import PendingTokens
from analysis.errors import CorpusError
from analysis.intake import add_documents
from analysis.journal.corpus import batch_tokens, journal_files, load_article
from analysis.journal.texts import ArticleTexts, Pack, write_texts
from analysis.lexicon import load_lexicon
from analysis.text.chars import HAN, HAN_RANGES, ends_sentence, han_count
from analysis.text.headers import metadata_field, title_from
from analysis.tokens.cache import TokenCache
from tests.conftest import ROOT, SEEDS


def test_paths_follow_the_environment_when_asked(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.SEEDS_ENV, raising=False)
    assert paths.seeds_dir() == ROOT / "seeds"
    monkeypatch.setenv(paths.SEEDS_ENV, str(tmp_path))
    assert paths.seeds_dir() == tmp_path  # read when called, not at import
    monkeypatch.setenv(paths.LEXICON_ENV, str(tmp_path / "lexicon"))
    assert paths.lexicon_dir() == tmp_path / "lexicon"
    monkeypatch.delenv(paths.FONT_ENV, raising=False)
    assert paths.cjk_font_override() is None
    assert paths.JOURNAL_DIR == ROOT / "corpora" / "djyj" and (paths.JOURNAL_DIR / "index.csv").is_file()


def test_han_class_counts_the_seeds_and_the_numeral_zero():
    hunan = load_corpus(SEEDS)["hunan"].body
    assert han_count(hunan) == 3230
    assert han_count("二〇二四年") == 5 and han_count("党建 2024 abc，。") == 2
    assert HAN.fullmatch("𠀀")  # an extension-B character is Han too
    assert any(low <= ord("党") <= high for low, high in HAN_RANGES)
    assert ends_sentence("坚持党的领导。”") and not ends_sentence("一、坚持党的领导")


def test_header_lines_feed_their_fields():
    found: dict[str, str] = {}
    assert metadata_field("（作者为中共吉林省委常委、组织部长）", found) == "author_role"
    assert metadata_field("来源：《党建研究》2024年第6期", found) == "outlet"
    assert found == {"author_role": "中共吉林省委常委、组织部长", "outlet": "党建研究", "issue": "2024年第6期",
                     "published": "2024"}
    assert title_from("理论|坚持以建设模范机关为总体目标1") == ("坚持以建设模范机关为总体目标", "理论")


def test_token_cache_entries_are_checked_against_their_text(tmp_path, capsys):
    corpus = load_corpus(SEEDS)
    lexicon = load_lexicon()
    first = PendingTokens(corpus, lexicon, cache_dir=tmp_path).result()
    cache = TokenCache(tmp_path)
    key = TokenCache.key(corpus["city"].body, lexicon)
    assert cache.read(key, corpus["city"].body) == first["city"]
    assert cache.read(key, corpus["city"].body + "。") is None  # tokens that do not give back the text
    assert "do not give back the text" in capsys.readouterr().err
    cache.path(key).write_text(json.dumps([["党"]]), encoding="utf-8")
    again = PendingTokens(corpus, lexicon, cache_dir=tmp_path).result()
    assert again["city"] == first["city"]  # segmented again, and stored again
    assert cache.read(key, corpus["city"].body) == first["city"]


def test_journal_token_packs_are_checked_against_their_texts(tmp_path, capsys):
    lexicon = load_lexicon()
    documents = [load_article(path) for path in journal_files()[:3]]
    cache = TokenCache(tmp_path)
    first, pack = batch_tokens(documents, lexicon, cache)
    assert ["".join(p) for p in first[0]] == documents[0].body.split("\n")
    keys = [TokenCache.key(document.body, lexicon) for document in documents]
    assert cache.read_pack(keys, [d.body for d in documents]) == first  # one file for the three
    assert list((tmp_path / "tokens").rglob("*.tokens")) == [pack]
    batch = Pack(pack, tuple(d.doc_id for d in documents))
    write_texts(batch, [d.body for d in documents])  # the bodies, beside the tokens
    texts = ArticleTexts((batch,))
    assert dict(texts) == {d.doc_id: d.body for d in documents}
    assert texts.bodies([documents[1].doc_id]) == {documents[1].doc_id: documents[1].body}
    assert [paragraphs for _, paragraphs in texts.tokens()] == first
    batch.texts.write_bytes(batch.texts.read_bytes()[:-40])  # truncated
    with pytest.raises(CorpusError, match="gone from the cache") as error:
        dict(texts)
    assert str(batch.texts) in str(error.value) and "\n" not in str(error.value)
    write_texts(batch, [d.body for d in documents])  # the next run replaces it
    assert dict(texts) == {d.doc_id: d.body for d in documents}
    pack.write_bytes(pack.read_bytes()[:-40])  # truncated
    assert batch_tokens(documents, lexicon, cache) == (first, pack)  # segmented again, and stored again
    assert "unreadable" in capsys.readouterr().err
    assert cache.read_pack(keys, [d.body for d in documents]) == first
    assert cache.read_pack(keys, [d.body + "。" for d in documents]) is None
    assert "do not give back the texts" in capsys.readouterr().err


def test_result_cache_round_trip_and_fingerprint(tmp_path):
    catalog = load_catalog(SEEDS)
    fingerprint = inputs_fingerprint(catalog)
    assert fingerprint == inputs_fingerprint(read_catalog(SEEDS)) and len(fingerprint) == 64
    out = tmp_path / "out"
    write_atomically(out, lambda staging: (staging / "a.csv").write_text("x,y\n1,2\n"))
    results = ResultCache(tmp_path / "cache")
    assert results.restore(fingerprint, tmp_path / "copy") is None
    results.store(fingerprint, out)
    restored = results.restore(fingerprint, tmp_path / "copy")
    assert [p.name for p in restored] == ["a.csv"] and (tmp_path / "copy" / "a.csv").read_text() == "x,y\n1,2\n"
    assert not (tmp_path / "copy" / "a.csv").samefile(results.root / fingerprint / "a.csv")  # a copy, not a link


def test_output_folder_is_swapped_whole(tmp_path):
    out = tmp_path / "out"
    write_atomically(out, lambda staging: (staging / "old.csv").write_text("old\n"))
    written = write_atomically(out, lambda staging: (staging / "new.csv").write_text("new\n"))
    assert written == [out / "new.csv"] and (out / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging or old folder left behind


def test_add_infers_a_row_and_appends_it(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    source = SEEDS / "002_41c9ca33c2bbeaa4.txt"
    added = add_documents(seeds, [source])
    assert [a.row["doc_id"] for a in added] == ["hunan"] and added[0].script == "traditional"
    assert (seeds / source.name).read_bytes() == source.read_bytes()
    rows = load_catalog(seeds).rows
    assert rows[0]["region"] == "Hunan" and rows[0]["level"] == "province" and rows[0]["file"] == source.name
    assert Path(seeds / "catalog.csv").read_text(encoding="utf-8").startswith("doc_id,file,region,level,genre")
