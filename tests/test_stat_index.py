"""The stat index: a file is read again only when its size, mtime or inode changed (as git's index works)."""

from __future__ import annotations

import os
import time

from analysis.engine.stat_index import RACY_SECONDS, StatIndex, file_digests, folder_digest


def _age(path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_hash_is_reused_while_the_stat_is_unchanged(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("两个确立", encoding="utf-8")
    _age(article, 10)
    index = tmp_path / "index.json"
    first = file_digests([article], index)[0]
    stat = article.stat()
    article.write_text("两个维护", encoding="utf-8")  # same size; put the old mtime back: the index trusts the stat
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file_digests([article], index)[0] == first
    _age(article, 5)  # a new mtime: read again
    assert file_digests([article], index)[0] != first
    assert file_digests([tmp_path / "missing.md"], index) == [None]


def test_a_file_changed_just_now_is_not_remembered(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("正文", encoding="utf-8")  # modified within the clock's resolution of the hash: racy
    index = StatIndex(tmp_path / "index.json")
    assert index.sha256(article) and not index._entries
    _age(article, RACY_SECONDS + 1)
    index.sha256(article)
    assert list(index._entries) == [str(article)]


def test_a_broken_index_is_rebuilt(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("正文", encoding="utf-8")
    _age(article, 10)
    (tmp_path / "index.json").write_text("{not json", encoding="utf-8")
    assert file_digests([article], tmp_path / "index.json")[0] is not None
    assert str(article) in (tmp_path / "index.json").read_text(encoding="utf-8")


def test_a_folder_digest_follows_its_files_contents_and_names(tmp_path):
    folder, records = tmp_path / "articles", tmp_path / "records"
    folder.mkdir()
    (folder / "a.md").write_text("两个确立", encoding="utf-8")
    (folder / "b.md").write_text("两个维护", encoding="utf-8")
    (folder / "notes.txt").write_text("not an article", encoding="utf-8")
    for path in folder.iterdir():
        _age(path, 10)
    first = folder_digest(folder, ".md", records)
    assert len(list(records.glob("*.json"))) == 2  # the folder's record, and its files' stat index
    assert folder_digest(folder, ".md", records) == first
    (folder / "notes.txt").write_text("edited", encoding="utf-8")
    assert folder_digest(folder, ".md", records) == first  # not an article
    (folder / "b.md").write_text("两个务必", encoding="utf-8")  # same size, a new mtime
    _age(folder / "b.md", 5)
    second = folder_digest(folder, ".md", records)
    assert second != first
    (folder / "b.md").rename(folder / "c.md")
    assert folder_digest(folder, ".md", records) not in (first, second)
    assert folder_digest(tmp_path / "missing", ".md", records) == folder_digest(tmp_path / "records", ".none", records)


def test_a_folder_changed_just_now_is_hashed_again(tmp_path):
    folder, records = tmp_path / "articles", tmp_path / "records"
    folder.mkdir()
    (folder / "a.md").write_text("正文", encoding="utf-8")  # racy: its record is not kept
    first = folder_digest(folder, ".md", records)
    assert not any(path.name.endswith(".json") and ".files." not in path.name for path in records.glob("*"))
    assert folder_digest(folder, ".md", records) == first
