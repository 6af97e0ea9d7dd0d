"""The Markdown reader, on real articles of the djyj corpus (corpora/djyj)."""

from __future__ import annotations

from analysis.corpus import load_document
from tests.conftest import DJYJ


def test_article_with_author_and_bold_leads():
    document = load_document(DJYJ / "2022-10-bd699fc5.md", {"doc_id": "x"})
    assert document.title == "扎实做好新时代国有企业党建工作"
    assert document.page.found["author"] == "王士奇"
    assert document.page.found["outlet"] == "党建研究" and document.page.found["issue"] == "2022年第10期"
    assert document.page.found["author_role"] == "中国中铁党委副书记、执行董事、工会主席"
    assert document.body.startswith("党的十八大以来，党中央高度重视国资国企工作")
    assert document.body.endswith("作出贡献。")
    assert "**" not in document.body and "作者为" not in document.body


def test_bold_lead_sentences_become_hints():
    document = load_document(DJYJ / "2020-12-21563d20.md", {"doc_id": "x"})
    assert document.page.lead_hints[:2] == ("组织是“形”", "思想是“魂”")
    assert "组织是“形”" in document.paragraphs


def test_article_without_author_line():
    document = load_document(DJYJ / "2021-02-85537acc.md", {"doc_id": "x"})
    assert document.title == "坚持在脱贫攻坚一线把干部考准察实"
    assert document.page.found["author_role"] == "中共云南省迪庆藏族自治州委常委、组织部长"
    assert document.raw.source_format == "markdown"
