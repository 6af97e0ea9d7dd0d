"""Cleaning the five real seed pages: boundaries, chrome, pinyin, script, punctuation, metadata."""

from __future__ import annotations

import re

import pytest

from analysis.text.cleaning import clean_page
from analysis.text.normalize import normalize_punctuation, strip_pinyin_annotations

CHROME_STRINGS = ["辽宁党建书店", "版权所有", "铁岭市", "微信扫一扫", "ICP", "发布时间", "阅读量", "编辑", "打印"]


def test_body_boundaries(corpus):
    assert corpus["chongqing"].body.startswith("全国组织工作会议正式提出")
    assert corpus["chongqing"].body.endswith("在创新中发展。")
    assert corpus["hunan"].body.endswith("良好政治生态。")
    assert corpus["heilongjiang"].body.startswith("党的十九届六中全会《决议》强调")
    assert corpus["national"].body.startswith("实现全党思想、意志、行动的统一")
    assert corpus["city"].body.startswith("同志们：")
    assert corpus["city"].body.endswith("作出新的更大贡献！")


@pytest.mark.parametrize("doc_id", ["chongqing", "national", "hunan", "city", "heilongjiang"])
def test_no_chrome_left(corpus, doc_id):
    body = corpus[doc_id].body
    for chrome in CHROME_STRINGS:
        assert chrome not in body, f"{chrome} left in {doc_id}"
    assert "作者为" not in body and "作者系" not in body  # bylines went to metadata


def test_chongqing_related_block_removed_twice(corpus):
    related = [r for r in corpus["chongqing"].page.removed if r.reason == "related"]
    assert sum(r.text == "辽宁党建书店" for r in related) == 2
    assert len(related) == 30


def test_hunan_place_name_spam_removed(corpus):
    reasons = {r.reason for r in corpus["hunan"].page.removed}
    assert "place_list" in reasons
    assert "兰坪" not in corpus["hunan"].body


def test_no_pinyin_annotation_left(corpus):
    for document in corpus:
        assert not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+[)）]", document.body), document.doc_id


def test_pinyin_removed_but_real_parentheses_kept():
    text, removed = strip_pinyin_annotations("(作者為中共湖南省委常委、省直機(jī)關(guān)工委書記)")
    assert text == "(作者為中共湖南省委常委、省直機關工委書記)"
    assert removed == 2
    assert strip_pinyin_annotations("健全党委(党组)第一议题")[1] == 0


def test_traditional_documents_converted(corpus):
    assert corpus["hunan"].page.script == "traditional"
    assert corpus["heilongjiang"].page.script == "traditional"
    assert {corpus[d].page.script for d in ("chongqing", "national", "city")} == {"simplified"}
    assert "机关党建" in corpus["hunan"].body and "機關" not in corpus["hunan"].body
    assert "基层党组织" in corpus["heilongjiang"].body and "黨" not in corpus["heilongjiang"].body
    assert corpus["hunan"].page.pinyin_removed == 591
    assert "沿着总书记" in corpus["hunan"].body and "着力抓好" in corpus["heilongjiang"].body
    assert "著" not in corpus["hunan"].body + corpus["heilongjiang"].body


def test_punctuation_is_full_width(corpus):
    for document in corpus:
        assert not re.search(r"[\u4e00-\u9fff][,;:!?]|[,;:!?][\u4e00-\u9fff]", document.body), document.doc_id
        assert '"' not in document.body
    assert "“两个确立”" in corpus["city"].body
    assert "（党组）" in corpus["chongqing"].body


def test_punctuation_leaves_numbers_alone():
    assert normalize_punctuation("00:00 1,000")[0] == "00:00 1,000"
    assert normalize_punctuation('做到"两个维护",坚持(一)')[0] == "做到“两个维护”，坚持（一）"


def test_titles_exact(corpus):
    assert corpus["chongqing"].title == "深入学习贯彻习近平总书记关于党的建设的重要思想 不断提高新时代新征程组织工作质量"
    assert corpus["national"].title == "深入学习领会习近平总书记关于党的建设的重要思想 坚持不懈用党的创新理论凝心铸魂"
    assert corpus["hunan"].title == "全面提高机关党建质量 为奋力谱写中国式现代化湖南篇章提供坚强保障"
    assert corpus["city"].title == "市委书记在全市组织工作会议上的讲话"
    assert corpus["heilongjiang"].title == "全方位提升基层党组织组织力 筑牢奋进新征程的坚强战斗堡垒"
    assert corpus["heilongjiang"].page.found["column"] == "学思践悟"


def test_metadata_found_in_text(corpus):
    found = {d.doc_id: d.page.found for d in corpus}
    assert found["chongqing"]["author_role"] == "中共重庆市委常委、组织部长"
    assert found["chongqing"]["outlet"] == "党建研究" and found["chongqing"]["issue"] == "2024年第1期"
    assert found["chongqing"]["posted"] == "2024-03-01"
    assert found["national"]["outlet"] == "中国组织人事报" and found["national"]["published"] == "2023-09-27"
    assert found["national"]["author"] == "仲组轩"
    assert found["national"]["subtitle"].startswith("各省区市贯彻落实全国组织工作会议精神")
    assert found["hunan"]["author"] == "秦国文"
    assert found["hunan"]["author_role"] == "中共湖南省委常委、省委秘书长、省直机关工委书记"
    assert found["hunan"]["issue"] == "2024年第6期"
    assert found["heilongjiang"]["author_role"] == "黑龙江省委书记、省人大常委会主任"
    assert found["heilongjiang"]["outlet"] == "机关党建研究" and found["heilongjiang"]["issue"] == "2022年第3期"


def test_chrome_removal_is_recorded(corpus):
    chongqing = {r.reason for r in corpus["chongqing"].page.removed}
    assert {"navigation", "search", "publication_info", "editorial", "related", "footer"} <= chongqing
    assert {r.reason for r in corpus["hunan"].page.removed} >= {"widget", "place_list", "metadata"}
    assert {r.reason for r in corpus["heilongjiang"].page.removed} >= {"footer", "editorial"}


def test_paragraph_counts(corpus):
    assert [len(corpus[d].paragraphs) for d in ("chongqing", "national", "hunan", "city", "heilongjiang")] == [
        17, 11, 16, 14, 22]


def test_page_from_another_site():
    page = "\n".join([
        "首页 | 新闻 | 理论 | 党建 | 视频",
        "当前位置: 首页 > 理论",
        "坚持大抓基层的鲜明导向",
        "2023-05-06 10:20 来源:某某日报 字号:【大 中 小】",
        "近年来，某县坚持大抓基层的鲜明导向，推动基层党组织全面进步全面过硬，取得了明显成效。",
        "一、强化政治功能",
        "某县把政治建设摆在首位，持续开展政治轮训，引导党员干部坚定拥护“两个确立”。",
        "责任编辑：张三",
        "相关新闻",
        "某地召开组织工作会议",
        "某地开展党员冬训",
        "某地表彰优秀党员",
        "Copyright © 2023 某某网 版权所有",
    ])
    cleaned = clean_page(page)
    assert cleaned.found["title"] == "坚持大抓基层的鲜明导向"
    assert cleaned.paragraphs[0].startswith("近年来")
    assert cleaned.paragraphs[-1].endswith("“两个确立”。")
    assert "一、强化政治功能" in cleaned.paragraphs
    assert not any(word in cleaned.body for word in ("首页", "责任编辑", "相关新闻", "版权所有"))


def test_damaged_source_span_is_flagged(corpus):
    from analysis.text.normalize import suspect_spans

    # The Hunan page itself is garbled twice: 政績?yōu)檎l而樹 (政绩为谁而树) and 發展?fàn)I造 (发展营造).
    spans = suspect_spans(corpus["hunan"].body)
    assert len(spans) == 2
    assert "yōu)檎l" in spans[0] and "fàn)I造" in spans[1]
    # Heilongjiang's 擁護核心、信賴核心、忠誠核心 arrives as 堅定地?fù)泶骱诵摹⑿刨嚭诵摹⒅艺\核心.
    assert [len(suspect_spans(corpus["heilongjiang"].body))] == [1]
    assert all(not suspect_spans(corpus[d].body) for d in ("chongqing", "national", "city"))
