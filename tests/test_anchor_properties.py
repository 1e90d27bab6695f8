"""Properties of anchoring, on passages drawn from the seed articles and the page corpus:
a one-word insertion, deletion or replacement is never accepted as the source's words;
a typographic variant or an in-word misspelling always anchors to the source's exact
words; and a report never prints a quote that is not a span of its archived text."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from functools import cache
from pathlib import Path

from conftest import DEMO_SHEET
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from factsheet import Sheet, wording
from factsheet.anchor import ELISION, Ambiguous, Match, locate, words_of
from factsheet.archive.text import charset_of, decode, extract_html

CORPUS = Path(__file__).with_name("archive") / "corpus"
# Words that turn a sentence into its opposite or into another fact.
TRICKY = [
    "not", "no", "never", "nothing", "nicht", "kein", "pas", "billion", "million",
    "ten", "twelve", "approved", "rejected", "increase", "decrease", "before", "after",
    "week", "month", "Samsung", "Apple", "Reuters", "more", "less", "all", "none",
]  # fmt: skip
# Deterministic in CI, as the fuzzing is; FACTSHEET_FUZZ_EXAMPLES (a longer hunt) also
# draws new examples each run.
HUNT = int(os.environ.get("FACTSHEET_FUZZ_EXAMPLES", "0"))
PROFILE = settings(
    max_examples=HUNT or 60,
    deadline=None,
    derandomize=not HUNT,
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def texts() -> list[tuple[str, str]]:
    """(text, language) of every seed article and every corpus page's readable text."""
    found = []
    with Sheet.open(DEMO_SHEET, writable=False) as demo:  # the seed articles, as archived
        for source in demo.sources():
            found.append((demo.source_text(source.id), source.language or "en"))
    pages = json.loads((CORPUS / "corpus.json").read_text(encoding="utf-8"))
    for name, page in pages.items():
        html = decode((CORPUS / name).read_bytes(), charset_of(page["content_type"]))
        extracted = extract_html(html)
        if extracted.language != "ja":  # the word rules below need words between spaces
            found.append((extracted.text, extracted.language or "en"))
    return found


@st.composite
def passages(draw: st.DrawFn, words: tuple[int, int] = (6, 14)) -> tuple[str, str, int, int]:
    """(text, language, start, end): a run of words of one text, from a word's start to a
    word's end, within one paragraph."""
    text, language = draw(st.sampled_from(texts()))
    tokens = wording.tokens_of(text)
    starts = [i for i, is_word in enumerate(tokens.words) if is_word]
    first = draw(st.sampled_from(starts[: -words[1]]))
    count = draw(st.integers(*words))
    chosen = [i for i in starts if i >= first][:count]
    start, end = tokens.starts[chosen[0]], tokens.ends[chosen[-1]]
    assume("\n" not in text[start:end])
    return text, language, start, end


def word_spans(passage: str) -> list[tuple[int, int]]:
    tokens = wording.Tokens(passage)
    return [(s, e) for s, e, w in zip(tokens.starts, tokens.ends, tokens.words, strict=True) if w]


def stands_in(text: str, typed: str) -> bool:
    """Whether the typed words (normalised) stand in the text anyway."""
    needle = wording.Tokens(typed)
    first, last = wording.trim_punctuation(needle)
    norms = needle.norms[first:last]
    return bool(wording.runs(wording.tokens_of(text), norms, 0, len(wording.tokens_of(text).norms)))


def is_word(word: str, text: str, language: str) -> bool:
    folded = wording.fold(word)
    return folded in wording.tokens_of(text).positions or wording.is_a_word(folded, [language])


def refused(text: str, typed: str, language: str) -> bool:
    return not isinstance(locate(text, typed, languages=[language]), Match | Ambiguous)


@PROFILE
@given(passages(), st.data())
def test_a_word_inserted_is_refused(sample, data) -> None:
    text, language, start, end = sample
    passage = text[start:end]
    spans = word_spans(passage)
    at = data.draw(st.sampled_from(spans[1:]))[0]
    vocabulary = TRICKY + [text[s:e] for s, e in word_spans(passage)]
    word = data.draw(st.sampled_from(vocabulary))
    typed = f"{passage[:at]}{word} {passage[at:]}"
    assume(not stands_in(text, typed))
    assert refused(text, typed, language), typed


@PROFILE
@given(passages(), st.data())
def test_a_word_dropped_is_refused(sample, data) -> None:
    text, language, start, end = sample
    passage = text[start:end]
    spans = word_spans(passage)
    s, e = data.draw(st.sampled_from(spans[1:-1]))
    typed = passage[:s] + passage[e:].lstrip()
    assume(not stands_in(text, typed))
    # A word dropped beside the source's own "…" leaves "any … we": an elision, which a
    # reviewer may make (tested with elided quotes), not a word silently dropped.
    assume(not ELISION.search(typed))
    assert refused(text, typed, language), typed


@PROFILE
@given(passages(), st.data())
def test_a_word_replaced_by_another_word_is_refused(sample, data) -> None:
    text, language, start, end = sample
    passage = text[start:end]
    s, e = data.draw(st.sampled_from(word_spans(passage)))
    vocabulary = TRICKY + [token for token in re.findall(r"[^\W\d_]{2,}", text)[:400]]
    word = data.draw(st.sampled_from(vocabulary))
    assume(wording.fold(word) != wording.fold(passage[s:e]))
    assume(is_word(word, text, language))
    typed = passage[:s] + word + passage[e:]
    assume(not stands_in(text, typed))
    assert refused(text, typed, language), typed


QUOTES = {"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "'": "’"}
DASHES = {"—": " - ", "–": "-", "-": "–"}


@PROFILE
@given(passages(), st.data())
def test_a_typographic_variant_anchors_to_the_source_words(sample, data) -> None:
    text, language, start, end = sample
    passage = text[start:end]
    typed = passage
    if data.draw(st.booleans()):
        typed = "".join(QUOTES.get(char, char) for char in typed)
    if data.draw(st.booleans()):
        typed = "".join(DASHES.get(char, char) for char in typed)
    if data.draw(st.booleans()):
        typed = typed.replace(" ", data.draw(st.sampled_from(["  ", "\n", " \u00a0"])))
    if data.draw(st.booleans()):
        typed = typed.lower() if data.draw(st.booleans()) else typed.upper()
    if data.draw(st.booleans()):
        typed = unicodedata.normalize("NFD", typed)
    if data.draw(st.booleans()):
        typed = f"“{typed}”"
    found = locate(text, typed, languages=[language])
    places = found.matches if isinstance(found, Ambiguous) else [found]
    assert any(
        isinstance(place, Match) and words_of(text, place.spans) == passage for place in places
    ), (typed, found)


@PROFILE
@given(passages(words=(7, 14)), st.data())
def test_a_misspelling_inside_a_word_anchors_to_the_source_words(sample, data) -> None:
    text, language, start, end = sample
    passage = text[start:end]
    long_words = [(s, e) for s, e in word_spans(passage) if passage[s:e].isalpha() and e - s >= 7]
    assume(long_words)
    s, e = data.draw(st.sampled_from(long_words))
    word = passage[s:e]
    at = data.draw(st.integers(2, len(word) - 2))
    edit = data.draw(st.sampled_from(["swap", "drop", "double", "replace"]))
    letter = data.draw(st.sampled_from("aeioulnrst"))
    misspelt = {
        "swap": word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :],
        "drop": word[:at] + word[at + 1 :],
        "double": word[:at] + word[at] + word[at:],
        "replace": word[:at] + letter + word[at + 1 :],
    }[edit]
    assume(wording.fold(misspelt) != wording.fold(word))
    assume(not is_word(misspelt, text, language))
    typed = passage[:s] + misspelt + passage[e:]
    found = locate(text, typed, languages=[language])
    places = found.matches if isinstance(found, Ambiguous) else [found]
    assert any(
        isinstance(place, Match) and words_of(text, place.spans) == passage for place in places
    ), (typed, found)
