"""`wording.Tokens` cuts text into the same tokens as the plain reading of its rules (one
regular expression, each piece folded afresh), however it is made fast; and the word
lists misspellings are judged by are pyspellchecker's own."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from factsheet import wording


def reference(text: str) -> tuple[list[int], list[int], list[str], list[bool]]:
    """Tokens as the rules say: every piece of `_PIECE`, folded (NFKC, FOLD, casefold,
    "..." as "…"), marks that never change meaning left out."""
    starts: list[int] = []
    ends: list[int] = []
    norms: list[str] = []
    words: list[bool] = []
    for piece in wording._PIECE.finditer(text):
        norm = unicodedata.normalize("NFKC", piece.group()).translate(wording.FOLD).casefold()
        norm = "…" if norm in ("...", "…") else norm
        if norm in wording.IGNORABLE and not piece.group("word"):
            continue
        starts.append(piece.start())
        ends.append(piece.end())
        norms.append(norm)
        words.append(piece.group("word") is not None)
    return starts, ends, norms, words


def same_tokens(text: str) -> None:
    tokens = wording.Tokens(text)
    starts, ends, norms, words = reference(text)
    assert (tokens.starts, tokens.ends, tokens.norms, tokens.words) == (
        starts,
        ends,
        norms,
        words,
    )
    positions: dict[str, list[int]] = {}
    for index, norm in enumerate(norms):
        positions.setdefault(norm, []).append(index)
    assert tokens.positions == positions


SAMPLES = [
    "",
    "   \n\t ",
    "Xiaomi says it makes no money on hardware.",
    "„Wir verdienen kein Geld“, sagte der Geschäftsführer; Straße, STRASSE, Maß und Größe.",
    "Ärger über Übergrößen: ÖL, öl, ÄÖÜ äöü ẞ ß",
    "小米公司首席执行官说：“我们不赚钱。”利润率不超过5%。",
    "スマートフォンの利益は「ゼロ」です。",
    "สวัสดีครับ โลก",
    "He said: ‘It’s “fine” — really…’ and then... «non» ‹oui› don't wouldnt rock’n’roll",
    "-5 −3.5 –2,000 1.000.000 3,14 x-ray well‑known co-op e-mail ‐ ‑ ‒ – — ― −",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ ﬁne ﬂoor Ⅻ ㎏ ½",
    "cafe\u0301 naïve re\u0301sume\u0301 \u0301alone",
    "soft\u00adhyphen zero\u200bwidth joiner\u200d bom\ufeff nbsp\u00a0space",
    "`backtick` ´acute´ ʼmodifierʼ ′prime′ ″double″ ‛reversed‛ ‟low‟",
    "... … .. . ! ? ; : , ( ) [ ] { } @ # $ % ^ & * _ + = | \\ / < > ~",
    "İstanbul ΣΊΣΥΦΟΣ σίσυφος ﬀ Ǆ ǅ ǆ",
    "Emoji 👍🏽 and 🇩🇪 flags, tab\tsep\r\nwindows line",
]


def test_tokens_are_those_of_the_rules_on_varied_text() -> None:
    for text in SAMPLES:
        same_tokens(text)
    same_tokens(" ".join(SAMPLES))
    for text in SAMPLES:  # again: pieces folded before are folded alike
        same_tokens(text.upper())
        same_tokens(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "ß",
                    "ẞ",
                    "ä",
                    "Ö",
                    "小",
                    "米",
                    "ー",
                    "'",
                    "’",
                    "`",
                    "“",
                    "„",
                    "«",
                    "-",
                    "–",
                    "−",
                    ".",
                    "...",
                    "…",
                    ",",
                    "5",
                    "\u0301",
                    "\u00ad",
                    "\u200b",
                    "\u00a0",
                    " ",
                    "\n",
                    "ﬁ",
                    "Ｆ",
                ]
            ),
            st.text(min_size=1, max_size=6),
        ),
        max_size=30,
    )
)
def test_tokens_are_those_of_the_rules_on_any_text(pieces: list[str]) -> None:
    same_tokens("".join(pieces))


def test_word_lists_are_those_pyspellchecker_loads() -> None:
    from spellchecker import SpellChecker

    for language in ("es", "fr"):
        checker = SpellChecker(language=language, distance=1)
        assert wording._dictionary(language) == frozenset(checker.word_frequency.dictionary)
    assert wording._dictionary("xx") == frozenset()
    assert wording.is_a_word("hardware", ["en"])
    assert not wording.is_a_word("hardwaer", ["en"])


def test_only_a_token_with_the_same_first_letter_costs_less_than_a_word_replaced() -> None:
    # align looks up the cost of a typed word only for the source tokens that begin as it
    # does; every other token costs 1.
    from factsheet.wording import _substitution

    tokens = ["", "a", "ab", "abcd", "abce", "bbcd", "million", "milliom", "nillion", "5%", "x"]
    for typed in tokens:
        for source in tokens:
            if typed[:1] != source[:1]:
                assert _substitution(typed, source) == 1.0, (typed, source)
    assert _substitution("milliom", "million") == 0.5
