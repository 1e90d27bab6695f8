"""The fast folding gives what folding character by character gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factsheet import textfold, wording

TRICKY = [
    "",
    " ",
    "  leading and trailing  ",
    "Straße „groß“ – ÄÖÜ äöü ß",
    "ﬁnance … İstanbul ΣΑΣ ½ ⑴ ¨x",
    "a\u00a0\u00a0b\u2028c\u3000d\t\n\re",
    "小米表示：“我们不赚钱。”",
    "lone \ud800 surrogate",
]


def slow(text: str) -> str:
    """One character at a time: fold it, and make each run of whitespace one space."""
    out: list[str] = []
    for char in text:
        for piece in wording.fold_char(char):
            if piece.isspace():
                if not out or out[-1] == " ":
                    continue
                piece = " "
            out.append(piece)
    return "".join(out)


def test_tricky_texts_fold_alike() -> None:
    for text in TRICKY:
        assert textfold.fold_text(text, wording.fold_char) == slow(text), text


def test_quote_marks_dashes_case_and_spaces_are_folded() -> None:
    folded = textfold.fold_text("  Straße „GROSS“\n\n– ﬁne\u00a0end", wording.fold_char)
    assert folded == 'straße "gross" - fine end'


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_text_folds_alike(text: str) -> None:
    assert textfold.fold_text(text, wording.fold_char) == slow(text)
