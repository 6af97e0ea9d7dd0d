"""What the journal's articles cite from the centre (analysis.measures.references), on the real corpus."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.errors import CorpusError
from analysis.journal.corpus import load_journal
from analysis.measures.references import load_reference_rules, references, text_references
from analysis.paths import BUNDLED_LEXICON_DIR

HISTORY_RESOLUTION = "中共中央关于党的百年奋斗重大成就和历史经验的决议"
THIRD_PLENUM_DECISION = "中共中央关于进一步全面深化改革、推进中国式现代化的决定"


@pytest.fixture(scope="module")
def bodies() -> dict[str, str]:
    return {document.doc_id: document.body for document in load_journal()}


@pytest.fixture(scope="module")
def table(bodies) -> pd.DataFrame:
    return references(((doc_id, body, int(doc_id[:4])) for doc_id, body in bodies.items()), load_reference_rules())


def test_the_third_plenum_is_one_meeting_with_or_without_the_party(table, bodies):
    plenum = table[table["name"] == "二十届三中全会"]
    assert len(plenum) == 155 == sum(body.count("二十届三中全会") for body in bodies.values())
    assert plenum["surface"].value_counts().to_dict() == {"党的二十届三中全会": 141, "二十届三中全会": 14}
    assert set(plenum["date"]) == {"2024-07"}


def test_the_national_organisation_conferences_are_counted_and_dated_by_their_year(table):
    counts = table[table["kind"] == "meeting"]["name"].value_counts()
    assert counts["全国组织工作会议"] == 93 and counts["全国组织部长会议"] == 91
    rules = load_reference_rules()
    said = text_references("去年全国组织工作会议强调，2018年全国组织工作会议提出", 2024, rules)
    assert [row["date"] for row in said] == ["2023", "2018"]
    assert text_references("全国组织部长会议召开", 2025, rules)[0]["date"] == "2025"  # the text's own year


def test_the_eighteenth_congress_is_mostly_a_period(table):
    congress = table[table["name"] == "党的十八大"]
    assert (congress["detail"] == "since").sum() == 870 and len(congress) == 922


def test_the_journal_naming_itself_is_not_a_reference(table, bodies):
    assert sum("《党建研究》" in body for body in bodies.values()) > 0
    assert "党建研究" not in set(table["name"])


def test_documents_are_counted_under_their_canonical_title(table):
    documents = table[table["kind"].isin(["document", "book"])]
    resolution = documents[documents["name"] == HISTORY_RESOLUTION]
    assert resolution["doc_id"].nunique() == 30 and len(resolution) == 93
    assert {"《决议》", f"《{HISTORY_RESOLUTION}》"} <= set(resolution["surface"])  # the bare short form resolved
    decision = documents[documents["name"] == THIRD_PLENUM_DECISION]
    assert len(decision) == 98 and "《决定》" in set(decision["surface"])
    assert not ((documents["surface"] == "《决定》") & (documents["detail"] == "unresolved")).any()
    assert "中国共产党支部工作条例" in set(documents["name"])  # （试行） dropped
    assert not documents["name"].str.endswith("（试行）").any()
    assert documents.loc[documents["name"] == "共产党宣言", "kind"].eq("book").all()
    assert documents["doc_id"].nunique() == 543


def test_speeches_keep_their_occasion(table):
    speeches = table[table["kind"] == "speech"]
    assert len(speeches) == 556
    assert "中央政治局第二十一次集体学习" in set(speeches["detail"])
    said = text_references("习近平总书记在陕西考察时的重要讲话", 2020, load_reference_rules())
    assert said == [{"kind": "speech", "name": "讲话", "surface": "习近平总书记在陕西考察时的重要讲话", "date": "",
                     "detail": "陕西考察"}]


def test_a_meeting_with_a_bad_date_is_one_line_naming_the_file(tmp_path):
    folder = tmp_path / "lexicon"
    shutil.copytree(BUNDLED_LEXICON_DIR, folder)
    path = folder / "references.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2024-07", "date: 2024-13"), encoding="utf-8")
    with pytest.raises(CorpusError, match="2024-13") as error:
        load_reference_rules(path)
    assert "references.yaml" in str(error.value) and "\n" not in str(error.value)


def test_each_seed_cites_what_its_text_names(corpus):
    from analysis.lexicon import load_lexicon
    from analysis.pipeline import Analysis

    table = Analysis(corpus, load_lexicon(), progress=False).references
    heilongjiang = table[table["doc_id"] == "heilongjiang"]
    resolved = heilongjiang[heilongjiang["surface"] == "《决议》"]
    assert len(resolved) == 2 and set(resolved["name"]) == {HISTORY_RESOLUTION}  # through 十九届六中全会
    assert set(table["doc_id"]) == {"chongqing", "city", "heilongjiang", "hunan", "national"}
    assert table.groupby("kind").size().to_dict() == {"document": 5, "meeting": 13, "speech": 4}
