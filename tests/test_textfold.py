"""The fast normalisation gives what anchoring's character-by-character one gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factsheet import anchor, textfold

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


def slow(text: str) -> tuple[str, list[int]]:
    found = anchor._Normalised(text)
    return found.text, list(found.origin)


def fast(text: str) -> tuple[str, list[int]]:
    found = anchor._fold_fast(text)
    return found.text, list(found.origin)


def test_tricky_texts_fold_alike() -> None:
    for text in TRICKY:
        assert fast(text) == slow(text), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_text_folds_alike(text: str) -> None:
    assert fast(text) == slow(text)


def test_the_cache_stays_within_its_size() -> None:
    cache = textfold.Cache(limit=1000)
    made = []
    for n in range(50):
        cache.get(f"{n:03d}" + "x" * 20, lambda text: made.append(text) or text)
    assert len(cache._items) < 10  # 27 characters cost ~243 bytes each
    cache.get("049" + "x" * 20, lambda text: made.append("again"))
    assert "again" not in made  # the most recent is still there
