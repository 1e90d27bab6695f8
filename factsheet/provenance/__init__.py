"""Where else a quote stands, and which sources share long passages (text reuse).

Three articles quoting one interview are one origin, not three confirmations. A
`PassageIndex` over the sources' texts answers both questions without comparing every
source with every other:

- every word of every (normalised) text has the list of sources it occurs in, so
  "where else does this quote stand" looks only at the few sources holding all its
  words (all but one, for a retyped word), and checks those with anchoring
  (`index.py`);
- every run of SHINGLE_WORDS words ("shingle") is hashed; sources sharing a shingle
  are found by sorting the hashes, so shared passages cost about the total length of
  the texts, not the square of the number of sources (`reuse.py`).

A passage on many pages is page chrome (comment forms, "Leave a Reply", share
buttons, cookie banners) or wire copy reprinted everywhere: it is reported once as
common text, not as a shared origin of every pair of sources. "Many" means on at
least three pages of one site, or on 5 % of the sheet's sources (at least ten).

The modules: `text` (folding, words, hashes), `records` (what is reported),
`anchoring` (does a source hold a passage), `index` (the passage index, "also in"),
`reuse` (shared passages), `sheet` (an open sheet's texts, and `AlsoIn` for the app).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from factsheet.model import Quote
from factsheet.provenance.records import (
    REWORDED,
    Appearance,
    Common,
    Elsewhere,
    Reuse,
    SharedText,
    TextReuse,
)

if TYPE_CHECKING:
    from factsheet.provenance.index import (
        ALSO_IN_MIN_SCORE,
        COMMON_MIN,
        COMMON_SHARE,
        SITE_CHROME_PAGES,
        PassageIndex,
    )
    from factsheet.provenance.sheet import AlsoIn, site_of, sites_of, source_texts
    from factsheet.provenance.text import SHINGLE_WORDS, fold, words
    from factsheet.sheet import Sheet

# The index and its text machinery (numpy) load on first use, not with the app: the
# records above are all a screen needs to show what was found.
_LOADED_ON_USE = {
    **dict.fromkeys(
        ("ALSO_IN_MIN_SCORE", "COMMON_MIN", "COMMON_SHARE", "SITE_CHROME_PAGES", "PassageIndex"),
        "index",
    ),
    **dict.fromkeys(("AlsoIn", "site_of", "sites_of", "source_texts"), "sheet"),
    **dict.fromkeys(("SHINGLE_WORDS", "fold", "words"), "text"),
}


def __getattr__(name: str) -> Any:
    module = _LOADED_ON_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "ALSO_IN_MIN_SCORE",
    "COMMON_MIN",
    "COMMON_SHARE",
    "REWORDED",
    "SHINGLE_WORDS",
    "SITE_CHROME_PAGES",
    "AlsoIn",
    "Appearance",
    "Common",
    "Elsewhere",
    "PassageIndex",
    "Reuse",
    "SharedText",
    "TextReuse",
    "also_in",
    "also_in_of",
    "fold",
    "shared_passages",
    "site_of",
    "sites_of",
    "source_texts",
    "words",
]


def also_in(quote: Quote, texts: Mapping[str, str]) -> list[Appearance]:
    """The other sources whose text holds the quote (for one quote; `PassageIndex` for many)."""
    from factsheet.provenance.index import PassageIndex

    return PassageIndex(texts).also_in(quote).places


def shared_passages(texts: Mapping[str, str], words: int | None = None) -> list[Reuse]:
    """Pairs of sources with runs of `words` (default: SHINGLE_WORDS) or more words in
    common, most shared first."""
    from factsheet.provenance.index import PassageIndex
    from factsheet.provenance.text import SHINGLE_WORDS

    return PassageIndex(texts).shared_passages(words or SHINGLE_WORDS).pairs


def also_in_of(sheet: Sheet) -> Callable[[Quote], Elsewhere]:
    """`AlsoIn(sheet).find`, made when it is first called (on a worker: the index and
    numpy load then, not while the app starts)."""
    made: list[Callable[[Quote], Elsewhere]] = []
    making = threading.Lock()

    def find(quote: Quote) -> Elsewhere:
        with making:
            if not made:
                from factsheet.provenance.sheet import AlsoIn

                made.append(AlsoIn(sheet).find)
        return made[0](quote)

    return find
