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

from collections.abc import Mapping

from factsheet.model import Quote
from factsheet.provenance.index import (
    ALSO_IN_MIN_SCORE,
    COMMON_MIN,
    COMMON_SHARE,
    SITE_CHROME_PAGES,
    PassageIndex,
)
from factsheet.provenance.records import (
    Appearance,
    Common,
    Elsewhere,
    Reuse,
    SharedText,
    TextReuse,
)
from factsheet.provenance.sheet import AlsoIn, site_of, sites_of, source_texts
from factsheet.provenance.text import SHINGLE_WORDS, fold, words

__all__ = [
    "ALSO_IN_MIN_SCORE",
    "COMMON_MIN",
    "COMMON_SHARE",
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
    "fold",
    "shared_passages",
    "site_of",
    "sites_of",
    "source_texts",
    "words",
]


def also_in(quote: Quote, texts: Mapping[str, str]) -> list[Appearance]:
    """The other sources whose text holds the quote (for one quote; `PassageIndex` for many)."""
    return PassageIndex(texts).also_in(quote).places


def shared_passages(texts: Mapping[str, str], words: int = SHINGLE_WORDS) -> list[Reuse]:
    """Pairs of sources with runs of `words` or more words in common, most shared first."""
    return PassageIndex(texts).shared_passages(words).pairs
