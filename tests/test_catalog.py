"""The catalog and bad input: each problem is one line naming the file and the fix."""

from __future__ import annotations

import csv
import hashlib

import pytest

from analysis import CorpusError, load_corpus
from analysis.catalog import catalog_problems, read_catalog


def _rewrite_catalog(seeds, edit):
    catalog = read_catalog(seeds)
    header, rows = catalog.header, edit(list(catalog.rows))
    with (seeds / "catalog.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_catalog_rows_match_the_documents(corpus):
    assert corpus.doc_ids == ["chongqing", "national", "hunan", "city", "heilongjiang"]
    assert corpus["chongqing"].catalog["region"] == "Chongqing"  # not 辽宁, the reposting site
    assert corpus["national"].catalog["published"] == "2023-09-27"
    assert corpus["hunan"].catalog["author"] == "秦国文"
    assert corpus["city"].catalog["genre"] == "speech" and corpus["city"].catalog["level"] == "city"
    assert corpus["heilongjiang"].catalog["outlet"] == "机关党建研究"


# SHA-256 of the raw pages as scraped (../shared/seeds when the project began): the code never writes them
SEED_HASHES = {
    "000_3d63953e7ebce92d.txt": "5afc1bee34131094827046723b833911ed774117c4f04c481247d187b530212e",
    "001_aefde1f263d698c4.txt": "e4ce2e70eeb2b80dd5bd45879815a588e70bc20570450073111690e6abbf77c9",
    "002_41c9ca33c2bbeaa4.txt": "9291766ed6e37bfa4bc65635e154a1431900ec2a01f0e56ba51ff0ecf811fd9b",
    "003_ea13a1839fb37cfd.txt": "d5278bd39d4a56ac4faeb0205cb5be08c2616c2e94c0e4bf4484c07b126e88c0",
    "004_405b5a056a44a1c3.txt": "872a6cfc0bb8f464df076819754002548a0ad9fdca8778ff631d35419c8a07ae",
}


def test_seed_files_are_unchanged_copies(corpus):
    assert {d.path.name: hashlib.sha256(d.path.read_bytes()).hexdigest() for d in corpus} == SEED_HASHES


def test_catalog_wins_and_conflicts_are_reported(seeds_copy):
    _rewrite_catalog(seeds_copy, lambda rows: [{**r, "outlet": "党建杂志"} if r["doc_id"] == "hunan" else r
                                               for r in rows])
    corpus = load_corpus(seeds_copy)
    assert corpus["hunan"].get("outlet") == "党建杂志"
    assert ("outlet", "党建杂志", "党建研究") in corpus["hunan"].conflicts()


def _single_error(seeds) -> str:
    with pytest.raises(CorpusError) as caught:
        load_corpus(seeds)
    message = str(caught.value)
    assert "\n" not in message and " — " in message
    return message


def test_missing_file(seeds_copy):
    (seeds_copy / "002_41c9ca33c2bbeaa4.txt").unlink()
    message = _single_error(seeds_copy)
    assert "002_41c9ca33c2bbeaa4.txt" in message and "missing" in message


def test_file_without_row(seeds_copy):
    (seeds_copy / "extra.txt").write_text("新的文章。", encoding="utf-8")
    message = _single_error(seeds_copy)
    assert "extra.txt" in message and "python -m analysis add" in message


def test_duplicate_doc_id(seeds_copy):
    _rewrite_catalog(seeds_copy, lambda rows: [{**r, "doc_id": "hunan"} if r["doc_id"] == "city" else r
                                               for r in rows])
    assert "duplicate doc_id 'hunan'" in _single_error(seeds_copy)


def test_missing_required_column(seeds_copy):
    text = (seeds_copy / "catalog.csv").read_text(encoding="utf-8").replace("genre,", "kind,", 1)
    (seeds_copy / "catalog.csv").write_text(text, encoding="utf-8")
    assert "missing required column(s) genre" in _single_error(seeds_copy)


def test_empty_file(seeds_copy):
    (seeds_copy / "003_ea13a1839fb37cfd.txt").write_bytes(b"")
    message = _single_error(seeds_copy)
    assert "003_ea13a1839fb37cfd.txt" in message and "empty" in message


def test_gb18030_and_utf16_are_decoded(seeds_copy):
    original = (seeds_copy / "003_ea13a1839fb37cfd.txt").read_text(encoding="utf-8")
    (seeds_copy / "003_ea13a1839fb37cfd.txt").write_bytes(original.encode("gb18030"))
    (seeds_copy / "000_3d63953e7ebce92d.txt").write_bytes(
        (seeds_copy / "000_3d63953e7ebce92d.txt").read_text(encoding="utf-8").encode("utf-16"))
    corpus = load_corpus(seeds_copy)
    assert corpus["city"].raw.encoding == "gb18030"
    assert corpus["chongqing"].raw.encoding == "utf-16"
    assert corpus["city"].body.startswith("同志们：")
    assert corpus["chongqing"].body.endswith("在创新中发展。")


def test_utf8_bom(seeds_copy):
    path = seeds_copy / "003_ea13a1839fb37cfd.txt"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_corpus(seeds_copy)["city"].title == "市委书记在全市组织工作会议上的讲话"


def test_undecodable_file(seeds_copy):
    (seeds_copy / "003_ea13a1839fb37cfd.txt").write_bytes(bytes(range(128, 256)) * 20)
    assert "cannot decode" in _single_error(seeds_copy)


def test_html_page_saved_as_txt(seeds_copy):
    path = seeds_copy / "003_ea13a1839fb37cfd.txt"
    paragraphs = path.read_text(encoding="utf-8").split("\n")
    markup = "<html><head><title>t</title><script>var x = '辽宁';</script></head><body><div>" + "".join(
        f"<p>{p}</p>" for p in paragraphs) + "</div></body></html>"
    path.write_text(markup, encoding="utf-8")
    city = load_corpus(seeds_copy)["city"]
    assert city.raw.source_format == "html"
    assert city.body.startswith("同志们：") and "<p>" not in city.body and "var x" not in city.body


def test_check_lists_every_problem(seeds_copy):
    (seeds_copy / "002_41c9ca33c2bbeaa4.txt").unlink()
    (seeds_copy / "extra.txt").write_text("新的文章。", encoding="utf-8")
    problems = catalog_problems(read_catalog(seeds_copy))
    assert len(problems) == 2
