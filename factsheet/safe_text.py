"""The one path untrusted text takes to a screen: control and bidi characters made visible.

Claim text, quotes, notes, page text and imported sheets come from the web and
from other people. Terminals act on ESC, CSI, OSC and C1 bytes (set the title,
write the clipboard, clear the screen), and bidi overrides reorder what a reader
sees. Rich and Textual strip only a few of these, so every string shown by the
CLI or the UI passes through `visible` (or `one_line`) first. Markup is a
separate matter: the UI shows this text as `Content`, never parsing it as markup.
"""

from __future__ import annotations

import re

# Characters that reorder text or that terminals may treat as line breaks.
_INVISIBLE_FORMAT = "\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e" + (
    "\u2066\u2067\u2068\u2069\ufeff"
)
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE_FORMAT}]")
_ELLIPSIS = "…"


def _placeholder(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures: ␀ … ␟, ␛ for ESC
    if code == 0x7F:
        return "␡"
    return f"⟨U+{code:04X}⟩"


def visible(text: str) -> str:
    """`text` with every control, C1 and bidi character replaced by a visible placeholder.

    Newlines and tabs are kept, so multi-line text stays multi-line.
    """
    return _UNSAFE.sub(_placeholder, text)


def one_line(text: str, limit: int | None = None) -> str:
    """`visible(text)` on one line (newlines shown as ⏎), cut to `limit` characters with …."""
    flat = visible(text).replace("\t", " ").replace("\n", "⏎")
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + _ELLIPSIS
    return flat
