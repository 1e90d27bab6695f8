"""Finding quotes in source text: exact, normalised, elided, or not found."""

from __future__ import annotations

from pathlib import Path

import pytest

from factsheet.anchor import EXACT, NORMALISED, context, find_quote

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
