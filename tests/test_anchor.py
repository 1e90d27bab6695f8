"""Finding quotes in source text: exact, normalised, elided, or not found."""

from __future__ import annotations

from pathlib import Path

import pytest

from factsheet.anchor import EXACT, FUZZY, NORMALISED, context, find_quote

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
    assert text_003[match.start : match.end].startswith("We could sell 10 billion smartphones")


def test_a_changed_word_still_anchors_but_an_absent_quote_does_not(text_003: str) -> None:
    changed = find_quote(
        text_003, "its smart phone sales dropped by 45 percent, according to research"
    )
    assert changed.status == FUZZY
    assert "fell by 45 percent" in text_003[changed.start : changed.end]
    figure = "its smart phone sales fell by 46 percent, according to research"
    assert find_quote(text_003, figure) is None  # a different figure is not a typo
    assert find_quote(text_003, "Xiaomi opened a thousand stores in Europe last spring") is None
    assert find_quote(text_003, "fell by 99") is None  # too short to be anchored fuzzily


def test_context_picks_the_right_one_of_repeated_passages() -> None:
    text = "Barra said yes. Later, Lei said yes. Then Barra said yes again."
    first = find_quote(text, "said yes")
    assert first.start == text.index("said yes")
    second = find_quote(text, "said yes", prefix="Later, Lei ", suffix=". Then")
    assert second.start == text.index("said yes", first.start + 1)
