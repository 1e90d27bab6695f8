"""Finding quotes in source text: exact, normalised, elided, or not found."""

from __future__ import annotations

from pathlib import Path

import pytest

from factsheet.anchor import (
    EXACT,
    FUZZY,
    NORMALISED,
    Ambiguous,
    Match,
    Nearest,
    context,
    find_quote,
    locate,
    words_of,
)

SEED_003 = "003_a188cd6fb3fcff5d.txt"


@pytest.fixture
def text_003(seeds: Path) -> str:
    return (seeds / SEED_003).read_text(encoding="utf-8")


def test_exact_quote(text_003: str) -> None:
    quote = "We could sell 10 billion smartphones and we wouldn’t make a single dime in profits"
    match = find_quote(text_003, quote)
    assert match.status == EXACT
    assert text_003[match.start : match.end] == quote


@pytest.mark.parametrize(
    "typed",
    [
        "We could sell 10 billion smartphones and we wouldn't make a single dime in profits",
        "We  could sell 10 billion\nsmartphones and   we wouldn't make a single dime",
        '"we could sell 10 billion smartphones and we wouldn\'t make a single dime"',
        "We could sell 10 billion smartphones ... a single dime in profits",
        "We could sell 10 billion smartphones [...] a single dime in profits",
        "We could sell 10 billion smartphones […] a single dime in profits",
    ],
)
def test_retyped_quotes_anchor_at_the_right_place(text_003: str, typed: str) -> None:
    match = find_quote(text_003, typed)
    assert match is not None and match.status == NORMALISED
    found = text_003[match.start : match.end]
    assert found.startswith("We could sell 10 billion smartphones")
    assert match.start == text_003.index("We could sell")


def test_ellipsis_in_the_source_matches_three_dots(text_003: str) -> None:
    match = find_quote(text_003, "without making any money... we care about the recurring")
    assert text_003[match.start : match.end] == (
        "without making any money… we care about the recurring"
    )


def test_dashes_and_nbsp_are_folded() -> None:
    text = "The answer is that it can’t — the company\u00a0simply isn’t making any profit."
    match = find_quote(text, "it can't - the company simply isn't making")
    assert match.status == NORMALISED
    assert text[match.start : match.end] == "it can’t — the company\u00a0simply isn’t making"


def test_quote_not_in_the_text(text_003: str) -> None:
    assert find_quote(text_003, "We could sell 20 billion smartphones") is None
    assert find_quote(text_003, "   ") is None
    assert find_quote(text_003, "...") is None


def test_parts_of_an_elided_quote_must_be_close_and_in_order(text_003: str) -> None:
    assert find_quote(text_003, "rice cookers ... Chinese electronics upstart") is None


def test_context_gives_prefix_and_suffix(text_003: str) -> None:
    match = find_quote(text_003, "a single dime in profits")
    prefix, suffix = context(text_003, match)
    assert prefix.endswith("we wouldn’t make ")
    assert suffix.startswith(",” he added.")
    assert len(prefix) == 32


def test_a_typo_anchors_fuzzily_at_the_right_place(text_003: str) -> None:
    match = find_quote(
        text_003, "We could sell 10 bilion smarphones and we wouldnt make a single dime"
    )
    assert match.status == FUZZY and 85 <= match.score < 100
    assert text_003[match.start : match.end] == (
        "We could sell 10 billion smartphones and we wouldn’t make a single dime"
    )
    assert [str(c) for c in match.corrections] == [
        "bilion smarphones → billion smartphones",
        "wouldnt → wouldn’t",
    ]


def test_a_changed_word_or_figure_is_not_a_quote_of_the_source(text_003: str) -> None:
    for typed in (
        "its smart phone sales dropped by 45 percent, according to research",
        "its smart phone sales fell by 46 percent, according to research",
        "Xiaomi opened a thousand stores in Europe last spring",
        "fell by 99",
    ):
        assert find_quote(text_003, typed) is None, typed


def test_context_or_occurrence_picks_the_right_one_of_repeated_passages() -> None:
    text = "Barra said yes. Later, Lei said yes. Then Barra said yes again."
    assert isinstance(locate(text, "said yes"), Ambiguous)
    assert len(locate(text, "said yes").matches) == 3
    first = find_quote(text, "said yes")
    assert first.start == text.index("said yes")
    second = locate(text, "said yes", prefix="Later, Lei ", suffix=". Then")
    assert second.start == text.index("said yes", first.start + 1)
    third = locate(text, "said yes", occurrence=3)
    assert third.start == text.rindex("said yes")


def test_a_match_never_begins_or_ends_inside_a_word() -> None:
    text = "There is nothing to add. Others cannot say so."
    assert locate(text, "not") is None
    assert locate(text, "nothing to add").start == text.index("nothing")
    assert not isinstance(locate(text, "thing to add"), Match)


@pytest.mark.parametrize(
    ("typed", "source", "difference"),
    [
        ("The council rejected the plan", "The council approved the plan", "rejected → approved"),
        ("The council did not approve the plan", "The council did approve the plan", "not"),
        ("We would make a profit on phones", "We wouldn’t make a profit on phones", "would"),
        (
            "The mayor said crime fell by ten percent",
            "The mayor said crime fell by 10 percent",
            "ten → 10",
        ),
        ("Sales fell for a month in Berlin", "Sales fell for a week in Berlin", "month → week"),
        (
            "Lei Jun said the company is profitable",
            "Lin Bin said the company is profitable",
            "Lei Jun → Lin Bin",
        ),
        ("Sales are now growing in China", "Sales are not growing in China", "now → not"),
        (
            "Xiaomi sold 1 billion phones last year",
            "Xiaomi sold 1 million phones last year",
            "billion → million",
        ),
        (
            "it is possible to profit from phones",
            "it is impossible to profit from phones",
            "possible → impossible",
        ),
    ],
)
def test_a_word_added_dropped_or_replaced_is_refused_with_the_source_words(
    typed: str, source: str, difference: str
) -> None:
    text = f"Intro. {source}. Outro."
    found = locate(text, typed)
    assert isinstance(found, Nearest), found
    assert text[found.start : found.end] in source
    assert any(difference in str(d) for d in found.differences), found.differences


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Xiaomi sold over 1 milliom bands", "Xiaomi sold over 1 million bands"),
        ("Unfortunatley the bands sold out", "Unfortunately the bands sold out"),
        ("we wouldnt make a single dime", "we wouldn’t make a single dime"),
        ("its sales dipped 12 percnet", "its sales dipped 12 percent"),  # not a "n't"
        ("a recnet survey found", "a recent survey found"),
        ("the smart phone sales fell sharply", "the smartphone sales fell sharply"),
        ("“the well known   brand” — sold out", "the well-known brand – sold out"),
    ],
)
def test_misspellings_and_typography_anchor_to_the_source_words(typed: str, words: str) -> None:
    text = f"Before that. {words}. After that."
    found = locate(text, typed)
    assert isinstance(found, Match), found
    assert text[found.start : found.end].strip('“”" ') in words


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Xiaomi sold over 1 milliom bands.", "Xiaomi sold over 1 million bands."),
        ("Xiaomi sold over 1 million  bands.", "Xiaomi sold over 1 million bands."),
        ("Xiaomi sold over 1 milliom bands", "Xiaomi sold over 1 million bands"),
        ("Xiaomi sold over 1 milliom bands!", "Xiaomi sold over 1 million bands"),
    ],
)
def test_a_retyped_sentence_keeps_its_full_stop_where_the_source_has_it(
    typed: str, words: str
) -> None:
    """The full stop a quote was typed with is the source's too: the words kept for it end
    with it (a corrected quote used to lose it); one the source does not have is left out."""
    text = "Before that. Xiaomi sold over 1 million bands. After that."
    found = locate(text, typed)
    assert isinstance(found, Match), found
    assert words_of(text, found.spans) == words


def test_a_dropped_or_added_negation_is_never_a_misspelling() -> None:
    text = "Before that. We wouldn’t make a single dime. After that."
    assert isinstance(locate(text, "We would make a single dime"), Nearest)
    assert isinstance(locate(text, "We wouldnt make a single dime"), Match)
    text = "Before that. We would make a single dime. After that."
    assert isinstance(locate(text, "We wouldnt make a single dime"), Nearest)


def test_an_elided_quote_is_its_source_spans() -> None:
    text = "Barra said the firm would sell phones at cost for a long while and earn on services."
    found = locate(text, "the firm would sell phones at cost … earn on services")
    assert isinstance(found, Match) and len(found.spans) == 2
    assert words_of(text, found.spans) == "the firm would sell phones at cost […] earn on services"
    assert isinstance(locate(text, "the firm would sell phones … earn on hardware"), Nearest)
