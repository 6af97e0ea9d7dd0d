"""The segmentation check: does every lexicon term come out of segmentation whole?"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ..corpus import Corpus
from ..lexicon import Lexicon
from .counts import TokenCounts
from .reference import registrable
from .spans import term_matcher


def term_occurrences(corpus: Corpus, lexicon: Lexicon) -> pd.DataFrame:
    """Per lexicon term: its occurrences in the bodies (``string_count``, nested ones included) and
    how many of them a leftmost-longest reading keeps whole (``matched``). Needs no tokens."""
    text = "\n".join(d.body for d in corpus)
    matched = Counter(term_matcher(lexicon.terms).findall(text))
    occurrences = Counter(term_matcher(lexicon.terms).findall_overlapping(text))
    return pd.DataFrame({"term": lexicon.terms, "string_count": [occurrences.get(t, 0) for t in lexicon.terms],
                         "matched": [matched.get(t, 0) for t in lexicon.terms]})


def segmentation_check(corpus: Corpus, counts: TokenCounts, lexicon: Lexicon,
                       occurrences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Lexicon terms whose token count differs from their exact-string count.

    The difference has two parts. ``inside_longer_term`` counts occurrences
    within a longer lexicon term (中国特色社会主义 inside 习近平新时代中国特色社会主义思想),
    which is expected. ``split`` counts the rest: occurrences the segmenter cut
    or swallowed. A non-zero ``split`` is a defect. ``occurrences`` is
    :func:`term_occurrences` of the same corpus, when already computed.
    """
    occurrences = occurrences if occurrences is not None else term_occurrences(corpus, lexicon)
    records = []
    for term, in_text, matched in occurrences[["term", "string_count", "matched"]].itertuples(index=False, name=None):
        as_token = sum(document.get(term, 0) for document in counts.documents)
        if in_text != as_token:
            records.append({"term": term, "string_count": in_text, "token_count": as_token,
                            "inside_longer_term": in_text - matched, "split": matched - as_token,
                            "registrable": registrable(term)})
    columns = ["term", "string_count", "token_count", "inside_longer_term", "split", "registrable"]
    return pd.DataFrame.from_records(records, columns=columns)
