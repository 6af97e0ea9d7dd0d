"""jieba, the reference segmenter: the frequencies the engine registers, and the tokens tests compare with.

The engine (:mod:`.segment`) is rjieba, the binding of jieba-rs, 10–15 times
faster with the same dictionary. jieba is kept to compute, once per lexicon,
the exact frequencies jieba gives each lexicon term and the dictionary total
jieba ends up with, so that the engine's best paths are jieba's; the result is
cached (and checked) in the project's cache folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import re
import sys
from importlib.metadata import version

from ..engine.publish import write_file
from ..paths import cache_dir

MIN_TERM_FREQ = 10_000  # a lexicon term beats any split of it
DICTIONARY_DUPLICATES = 3  # jieba's dict.txt lists "B超 3" twice; jieba counts it twice in its total, jieba-rs once

# jieba's own pattern for what can be one token; a term outside it is split by design.
JIEBA_TOKEN = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%-]+$")

_TOKENIZERS: dict[tuple[str, ...], object] = {}


def registrable(term: str) -> bool:
    """Whether jieba can keep a term as one token (no quotes, dots or other punctuation)."""
    return bool(JIEBA_TOKEN.match(term))


def jieba_tokenizer(terms: tuple[str, ...]):
    """A quiet jieba tokenizer with every registrable term added as a high-frequency word."""
    if terms in _TOKENIZERS:
        return _TOKENIZERS[terms]
    import jieba  # here, not at the top: 0.2 s that only a new lexicon (and the tests) pay

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    _initialize(tokenizer)
    for term in terms:
        if registrable(term):
            tokenizer.add_word(term, freq=max(tokenizer.suggest_freq(term, tune=False), MIN_TERM_FREQ))
    _TOKENIZERS.clear()
    _TOKENIZERS[terms] = tokenizer
    return tokenizer


def _initialize(tokenizer) -> None:
    """``tokenizer.initialize()`` with jieba's dictionary cache in the project's cache folder, checked and read whole.

    jieba keeps the cache in ``$TMPDIR`` by default, where anyone on the machine
    could plant one; here it lives under :func:`analysis.paths.cache_dir` with
    its SHA-256 beside it, and an entry that does not match is rebuilt (one
    warning line). Unmarshalling the bytes from memory takes 0.2 s where jieba's
    read from the open file takes 0.7 s, and every segmentation worker pays it.
    """
    import jieba  # see make_tokenizer

    folder = cache_dir() / "jieba"
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.tmp_dir = str(folder)
    if tokenizer.dictionary != jieba.DEFAULT_DICT or tokenizer.cache_file is not None:
        tokenizer.initialize()
        return
    cache, digest = folder / "jieba.cache", folder / "jieba.cache.sha256"  # jieba's name for the default dictionary
    if cache.is_file():
        data = cache.read_bytes()
        recorded = digest.read_text(encoding="ascii").strip() if digest.is_file() else ""
        if recorded == hashlib.sha256(data).hexdigest():
            tokenizer.FREQ, tokenizer.total = marshal.loads(data)
            tokenizer.initialized = True
            return
        if recorded:
            print(f"warning: {cache}: jieba's dictionary cache does not match its hash — rebuilding it", file=sys.stderr)
        cache.unlink(missing_ok=True)
    tokenizer.initialize()  # reads the dictionary and writes the cache into tmp_dir
    if cache.is_file():
        write_file(digest, hashlib.sha256(cache.read_bytes()).hexdigest() + "\n")


def registration(terms: tuple[str, ...]) -> tuple[dict[str, int], int]:
    """The frequency jieba gives each registrable term, and what to add to jieba-rs' dictionary total to make it jieba's.

    jieba's ``add_word`` adds a word's new frequency to the total without taking
    off the old one (82 lexicon terms are already dictionary words), and its total
    counts a duplicate dictionary line; jieba-rs does neither. The difference
    flips near-ties (革命力量 against 革命|力量), so it is added back as one dummy word.
    """
    key = hashlib.sha256("\n".join([version("jieba"), *terms]).encode("utf-8")).hexdigest()
    path = cache_dir() / "segmenter" / f"registration-{key}.json"
    wanted = sorted(term for term in terms if registrable(term))
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        freqs, correction = stored["freqs"], stored["correction"]
        if sorted(freqs) == wanted and all(isinstance(v, int) for v in freqs.values()) and isinstance(correction, int):
            return freqs, correction
    except (OSError, ValueError, KeyError, TypeError):
        pass
    import jieba  # see jieba_tokenizer

    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = term_dictionary(wanted)
    tokenizer.initialized = True
    freqs, correction = register(tokenizer, terms)
    write_file(path, json.dumps({"freqs": freqs, "correction": correction}, ensure_ascii=False))
    return freqs, correction


def register(tokenizer, terms: tuple[str, ...]) -> tuple[dict[str, int], int]:
    """Add each registrable term to a jieba tokenizer, in order, as :func:`jieba_tokenizer` does; return the
    frequency each got and the total's correction (see :func:`registration`)."""
    freqs, replaced = {}, 0
    for term in terms:
        if registrable(term):
            freqs[term] = max(tokenizer.suggest_freq(term, tune=False), MIN_TERM_FREQ)
            replaced += tokenizer.FREQ.get(term, 0)
            tokenizer.add_word(term, freq=freqs[term])
    return freqs, replaced + DICTIONARY_DUPLICATES


def term_dictionary(terms: list[str]) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (word → frequency, 0 for a prefix that is no word) restricted to the substrings
    of ``terms``, and the dictionary's total.

    It is all that ``suggest_freq`` and ``add_word`` read for these terms, since a
    word is cut along the dictionary entries inside it; reading it takes 0.24 s
    where jieba takes 0.93 s to build its whole prefix dictionary, on every
    cold run. Entries follow jieba's ``gen_pfdict``: a word's line sets its
    frequency, a prefix not yet seen gets 0, and every line adds to the total.
    """
    import jieba  # see jieba_tokenizer

    wanted = {term[i:j] for term in terms for i in range(len(term)) for j in range(i + 1, len(term) + 1)}
    initials = {fragment[0] for fragment in wanted}
    with jieba.Tokenizer().get_dict_file() as handle:
        lines = handle.read().decode("utf-8").splitlines()
    entries: dict[str, int] = {}
    total = 0
    for line in lines:
        word, count = line.split(" ", 2)[:2]
        total += int(count)
        if word[0] not in initials:
            continue  # none of its prefixes is a fragment of a term
        if word in wanted:
            entries[word] = int(count)
        for end in range(1, len(word)):
            if (prefix := word[:end]) in wanted and prefix not in entries:
                entries[prefix] = 0
    return entries, total
