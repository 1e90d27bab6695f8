"""Finding a quote in its source's text, and refusing what the source does not say.

A quote is stored as the source's own words: the exact span (or, for a quote with
an elision, the spans) of a snapshot's text, with W3C TextQuote and TextPosition
selectors. What a reviewer typed is only how the passage was found, and only
differences that cannot change meaning are accepted without asking:

- typography: quote marks and apostrophes, dashes, spaces and line breaks, case
  and Unicode forms (curly or straight, "—" or "-", "ﬁ" or "fi", NFC or NFD);
- an elision mark ("...", "…", "[…]") standing for left-out text, the parts of the
  quote lying close together and in order;
- a misspelling inside one word whose correction is the source's word ("milliom"
  for "million"): the typed word is no word of its own (not in the dictionaries, not
  in the source), begins with the same letter, is a letter or two away, has no
  digits, and does not drop or add a negation ("n't").

Any other difference (a word added, dropped or replaced, a number in words for
digits, other punctuation) is not a quote of that source: `locate` then returns the
nearest passage with the differing words, so that the caller can say what the
source says instead. A passage that occurs more than once is `Ambiguous` until
the context (prefix/suffix) or an occurrence number picks one.

Matching works on tokens (words and punctuation marks) that keep their place in
the original text, so that every match is a span of the source, on word
boundaries: "not" is never found inside "nothing".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from factsheet import wording
from factsheet.wording import ENCLOSING_MARKS, Difference

CONTEXT_CHARS = 32

EXACT = "exact"
NORMALISED = "normalised"
FUZZY = "fuzzy"
CHANGED = "changed"  # the latest snapshot no longer has the words; an older one does
NOT_FOUND = "not found"  # the words cannot be found in any snapshot's text
STATUSES = (EXACT, NORMALISED, FUZZY, CHANGED, NOT_FOUND)

ARTICLE = "article"  # the snapshot's readable text (headline and article)
PAGE = "page"  # the page's full visible text: captions, sidebars, footers

OMISSION = " […] "  # between the parts of an elided quote, wherever it is shown
# An elision mark in a typed quote: "…", "...", "[…]" or "(...)".
ELISION = re.compile(r"\s*(?:[\[(]\s*(?:\.\.\.|…)\s*[\])]|\.\.\.|…)\s*")
# Most text an elision may stand for: a quote's parts must lie close together.
MAX_ELIDED = 400
# A typed quote with fewer words than this is found exactly or not at all: a short
# string is near too many places to say which one was meant.
NEAR_MIN_WORDS = 3
# Longer typed quotes are matched exactly or normalised only (the alignment is quadratic).
MAX_ALIGNED_TOKENS = 400


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote stands: its spans [start, end) in the source text (several for an
    elided quote), how the typed text matched, how closely, and what was corrected."""

    spans: tuple[tuple[int, int], ...]
    status: str
    score: float = 100.0
    corrections: tuple[Difference, ...] = ()

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


@dataclass(frozen=True, slots=True)
class Nearest:
    """The passage nearest to a typed quote that the source words differently: its span,
    the differences, and where they stand (spans in the source text; spans in the typed
    text) so that they can be shown marked."""

    start: int
    end: int
    differences: tuple[Difference, ...]
    source_marks: tuple[tuple[int, int], ...]
    typed_marks: tuple[tuple[int, int], ...]
    typed: str


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """The quote stands in several places; the context or an occurrence number decides."""

    matches: tuple[Match, ...]


Located = Match | Nearest | Ambiguous | None


# Tokens


def normalise(text: str) -> str:
    """`text` folded for comparisons (see `wording.normalise`)."""
    return wording.normalise(text)


# Finding


def locate(
    text: str,
    typed: str,
    *,
    prefix: str = "",
    suffix: str = "",
    occurrence: int | None = None,
    languages: Sequence[str] = (),
) -> Located:
    """Where `typed` stands in `text`: a Match; the Nearest passage when the source words it
    differently; Ambiguous when it stands in several places and neither the context
    (`prefix`, `suffix`) nor `occurrence` (1 = the first) picks one; None when the text
    has nothing like it. `languages` are the text's (codes such as "de"): a typed word
    that is a word of one of them, or of English, is never taken for a misspelling."""
    found = _locate_all(text, typed, wording.languages_for(languages))
    if not isinstance(found, list):
        return found
    return choose(text, found, prefix=prefix, suffix=suffix, occurrence=occurrence)


def find_quote(source_text: str, quote: str, prefix: str = "", suffix: str = "") -> Match | None:
    """The place of `quote` in `source_text` (the best fit to the context, else the first
    of several), or None when the source does not say it."""
    found = _locate_all(source_text, quote, wording.languages_for(()))
    if not isinstance(found, list):
        return None
    if len(found) > 1 and not (prefix or suffix):
        return found[0]
    chosen = choose(source_text, found, prefix=prefix, suffix=suffix)
    return chosen if isinstance(chosen, Match) else None


def choose(
    text: str,
    matches: Sequence[Match],
    *,
    prefix: str = "",
    suffix: str = "",
    occurrence: int | None = None,
) -> Match | Ambiguous:
    """One of several places of a quote: the `occurrence`-th, or the one whose context fits
    `prefix` and `suffix` best; Ambiguous when nothing tells them apart."""
    if occurrence is not None:
        if not 1 <= occurrence <= len(matches):
            return Ambiguous(tuple(matches))
        return matches[occurrence - 1]
    if len(matches) == 1:
        return matches[0]
    if not (prefix or suffix):
        return Ambiguous(tuple(matches))

    def fit(match: Match) -> int:
        before = text[max(0, match.start - len(prefix)) : match.start]
        after = text[match.end : match.end + len(suffix)]
        return _common_suffix(before, prefix) + _common_prefix(after, suffix)

    return max(matches, key=fit)  # max keeps the first of equals


def _locate_all(text: str, typed: str, languages: tuple[str, ...]) -> list[Match] | Nearest | None:
    """Every place `typed` stands (a list), else the nearest passage, else None."""
    typed = typed.strip()
    if not typed:
        return None
    found = _find_part(text, typed, 0, len(text), languages)
    if isinstance(found, list) and found:
        return found
    parts = [part for part in ELISION.split(typed.strip(ENCLOSING_MARKS + " \n\t")) if part]
    if len(parts) > 1:
        elided = _find_elided(text, parts, languages)
        if elided is not None:
            return elided
    return found or None


def _find_elided(
    text: str, parts: list[str], languages: tuple[str, ...]
) -> list[Match] | Nearest | None:
    """The parts of an elided quote, in order, each close after the one before."""
    first = _find_part(text, parts[0], 0, len(text), languages)
    if not isinstance(first, list):
        return first
    complete: list[Match] = []
    problem: Nearest | None = None
    for start in first:
        spans = [start.spans[0]]
        statuses = {start.status}
        corrections = list(start.corrections)
        for part in parts[1:]:
            end = spans[-1][1]
            found = _find_part(text, part, end, end + MAX_ELIDED + len(part) * 2, languages)
            if not isinstance(found, list) or not found:
                problem = problem or (found if isinstance(found, Nearest) else None)
                break
            spans.append(found[0].spans[0])
            statuses.add(found[0].status)
            corrections += found[0].corrections
        else:
            status = FUZZY if FUZZY in statuses else NORMALISED
            complete.append(Match(tuple(spans), status, 100.0, tuple(corrections)))
    return complete or problem


def _find_part(
    text: str, typed: str, lo: int, hi: int, languages: tuple[str, ...]
) -> list[Match] | Nearest | None:
    """`typed` (no elision in it) within text[lo:hi]: every exact occurrence, else every
    occurrence after normalising, else the one passage it misspells, else the nearest."""
    stripped = typed.strip().strip(ENCLOSING_MARKS).strip()
    exact = [
        Match(((start, start + len(candidate)),), EXACT)
        for candidate in dict.fromkeys([typed.strip(), stripped])
        if candidate
        for start in _occurrences(text, candidate, lo, hi)
    ]
    if exact:
        return sorted(set(exact), key=lambda match: match.start)
    tokens = wording.tokens_of(text)
    needle = wording.Tokens(typed)
    keep = wording.trim_punctuation(needle)
    norms = needle.norms[keep[0] : keep[1]]
    if not any(needle.words[keep[0] : keep[1]]):
        return None
    first, last = tokens.between(lo, hi)
    runs = wording.runs(tokens, norms, first, last)
    if runs:
        return [
            Match(
                ((tokens.starts[i], _end(tokens, needle, keep, i + len(norms) - 1, last)),),
                NORMALISED,
            )
            for i in runs
        ]
    return _near(tokens, needle, keep, first, last, languages)


def _end(
    tokens: wording.Tokens, needle: wording.Tokens, keep: tuple[int, int], at: int, last: int
) -> int:
    """Where a passage whose last word is token `at` ends: with the punctuation the typed
    quote ends with when the source has the same there (a sentence's full stop), which
    matching leaves aside (a quoter may add one)."""
    trail = needle.norms[keep[1] :]
    if trail and at + len(trail) < last and tokens.norms[at + 1 : at + 1 + len(trail)] == trail:
        return tokens.ends[at + len(trail)]
    return tokens.ends[at]


def _occurrences(text: str, candidate: str, lo: int, hi: int) -> list[int]:
    """Starts of `candidate` in text[lo:hi] that neither begin nor end inside a word."""
    found = []
    start = text.find(candidate, lo, hi)
    while start >= 0:
        end = start + len(candidate)
        if not wording.inside_word(text, start) and not wording.inside_word(text, end):
            found.append(start)
        start = text.find(candidate, start + 1, hi)
    return found


# The nearest passage: word alignment, and which differences are harmless


def _near(
    tokens: wording.Tokens,
    needle: wording.Tokens,
    keep: tuple[int, int],
    first: int,
    last: int,
    languages: tuple[str, ...],
) -> list[Match] | Nearest | None:
    """The passage of tokens[first:last] nearest to the typed tokens: matches (each place
    its words stand) when every difference is typography or a misspelling, else the
    Nearest with its differences; None when nothing is near."""
    from rapidfuzz import fuzz

    typed = needle.norms[keep[0] : keep[1]]
    is_word = needle.words[keep[0] : keep[1]]
    word_count = sum(is_word)
    if word_count < NEAR_MIN_WORDS or len(typed) > MAX_ALIGNED_TOKENS or first >= last:
        return None
    region = wording.candidate_region(tokens, typed, first, last)
    if region is None:
        return None
    lo, hi = region
    pairs = [
        (i, None if j is None else j + lo) for i, j in wording.align(typed, tokens.norms[lo:hi])
    ]
    equal_words = sum(
        1
        for i, j in pairs
        if i is not None and j is not None and is_word[i] and typed[i] == tokens.norms[j]
    )
    if equal_words < max(2, (word_count + 1) // 2):
        return None
    aligned = [j for _, j in pairs if j is not None]
    start, end = tokens.starts[aligned[0]], _end(tokens, needle, keep, aligned[-1], last)
    differences, corrections, source_marks, typed_marks = wording.classify(
        tokens, needle, keep, pairs, languages
    )
    if differences:
        return Nearest(
            start,
            end,
            tuple(differences),
            tuple(source_marks),
            tuple(typed_marks),
            needle.text,
        )
    words = tokens.norms[aligned[0] : aligned[-1] + 1]
    places = wording.runs(tokens, words, first, last) or [aligned[0]]
    score = round(fuzz.ratio(" ".join(typed), " ".join(words)), 1)
    status = FUZZY if corrections else NORMALISED
    return [
        Match(
            ((tokens.starts[i], _end(tokens, needle, keep, i + len(words) - 1, last)),),
            status,
            100.0 if status == NORMALISED else score,
            tuple(corrections),
        )
        for i in places
    ]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


# Selectors: what a quote stores, and what it says


def words_of(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The source's words at `spans`, the parts of an elided quote joined by […]."""
    return OMISSION.join(text[start:end] for start, end in spans)


def context(source_text: str, match: Match) -> tuple[str, str]:
    """The prefix and suffix selectors: a few characters either side of the match."""
    prefix = source_text[max(0, match.start - CONTEXT_CHARS) : match.start]
    suffix = source_text[match.end : match.end + CONTEXT_CHARS]
    return prefix, suffix


def selectors(
    text: str, match: Match, snapshot_id: str, *, within: str = ARTICLE
) -> dict[str, Any]:
    """A quote's anchor: TextQuote (exact, prefix, suffix) and TextPosition (start, end)
    selectors of the whole passage, the parts of an elided one, how it matched, in which
    snapshot and which of its texts (the article, or the page's full visible text)."""
    prefix, suffix = context(text, match)
    anchor: dict[str, Any] = {
        "exact": text[match.start : match.end],
        "prefix": prefix,
        "suffix": suffix,
        "start": match.start,
        "end": match.end,
        "status": match.status,
        "snapshot": snapshot_id,
        "score": match.score,
    }
    if len(match.spans) > 1:
        anchor["parts"] = [[start, end] for start, end in match.spans]
    if within != ARTICLE:
        anchor["within"] = within
    return anchor


def spans_of(anchor: dict[str, Any]) -> list[tuple[int, int]]:
    parts = anchor.get("parts")
    if parts:
        return [(int(start), int(end)) for start, end in parts]
    return [(int(anchor["start"]), int(anchor["end"]))]


def anchor_words(anchor: dict[str, Any]) -> str:
    """The source's words an anchor holds (its parts joined by […] for an elided quote)."""
    base = int(anchor["start"])
    exact: str = anchor["exact"]
    return OMISSION.join(exact[start - base : end - base] for start, end in spans_of(anchor))


def anchor_problem(anchor: dict[str, Any]) -> str | None:
    """What is inconsistent in an anchor itself (None: nothing): its positions must fit its
    exact text, and the parts of an elided quote must lie in order inside it."""
    start, end, exact = anchor["start"], anchor["end"], anchor["exact"]
    if end - start != len(exact):
        return "its positions do not fit its exact text"
    last = start
    for part_start, part_end in spans_of(anchor):
        if not last <= part_start < part_end <= end:
            return "its parts do not lie in order inside the passage"
        last = part_end
    return None


def stands_in(text: str, anchor: dict[str, Any]) -> bool:
    """Whether the anchor's words stand in `text` at its positions."""
    return (
        anchor_problem(anchor) is None and text[anchor["start"] : anchor["end"]] == anchor["exact"]
    )


@dataclass(frozen=True, slots=True)
class Reanchored:
    """A quote in its source's latest snapshot: the anchor to keep, the words it holds, and
    for a quote whose words the snapshot no longer has, the passage that replaced them."""

    anchor: dict[str, Any]
    words: str
    nearest: Nearest | None = None


def reanchor(
    texts: dict[str, str],
    old: dict[str, Any],
    snapshot_id: str,
    languages: Sequence[str] = (),
) -> Reanchored:
    """Where a quote's words stand in the latest snapshot (its texts by ARTICLE/PAGE).

    An unchanged snapshot gives the anchor back as it is. Elsewhere the recorded passage
    is looked for word for word (its context picks among repeats), then its words after
    normalising (the page changed its typography: the quote takes the page's new
    characters). When the snapshot no longer has the words, the anchor stays on the older
    snapshot that has them, marked CHANGED, with the nearest passage if there is one.
    """
    words = anchor_words(old)
    within = old.get("within", ARTICLE)
    if old.get("snapshot") == snapshot_id and within in texts and stands_in(texts[within], old):
        return Reanchored(old, words)
    prefix, suffix = old.get("prefix", ""), old.get("suffix", "")
    previous = old["status"] if old["status"] in (EXACT, NORMALISED, FUZZY) else EXACT
    for place in (ARTICLE, PAGE):
        text = texts.get(place)
        if text is None:
            continue
        starts = _occurrences(text, old["exact"], 0, len(text))
        if starts:
            chosen = choose(
                text,
                [Match(((s, s + len(old["exact"])),), previous) for s in starts],
                prefix=prefix,
                suffix=suffix,
            )
            assert isinstance(chosen, Match)
            shift = chosen.start - old["start"]
            spans = tuple((a + shift, b + shift) for a, b in spans_of(old))
            match = Match(spans, previous, old.get("score", 100.0))
            return Reanchored(selectors(text, match, snapshot_id, within=place), words)
        found = _locate_all(text, words, wording.languages_for(languages))
        if isinstance(found, list):
            exactly = [m for m in found if m.status in (EXACT, NORMALISED)]
            if exactly:
                chosen = choose(text, exactly, prefix=prefix, suffix=suffix)
                if isinstance(chosen, Ambiguous):
                    chosen = chosen.matches[0]
                new_words = words_of(text, chosen.spans)
                status = previous if new_words == words else NORMALISED
                match = Match(chosen.spans, status, old.get("score", 100.0))
                return Reanchored(selectors(text, match, snapshot_id, within=place), new_words)
    nearest = None
    for place in (within, ARTICLE, PAGE):
        if place in texts:
            found = _locate_all(texts[place], words, wording.languages_for(languages))
            if isinstance(found, Nearest):
                nearest = found
                break
    return Reanchored({**old, "status": CHANGED}, words, nearest)


def marked(text: str, marks: Sequence[tuple[int, int]], left: str = "«", right: str = "»") -> str:
    """`text` with each [start, end) of `marks` between `left` and `right`."""
    pieces, at = [], 0
    for start, end in sorted(marks):
        pieces += [text[at:start], left, text[start:end], right]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)
