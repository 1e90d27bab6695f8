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
_NEWLINE = "⏎"
_TAB = "⇥"


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


def editable(text: str) -> str:
    """`visible(text)` for a one-line input field: newlines as ⏎ and tabs as ⇥, so that
    `restore` can put them back."""
    return visible(text).replace("\n", _NEWLINE).replace("\t", _TAB)


def restore(edited: str, original: str, *, one_line: bool = False) -> str:
    """What to store for a field shown as `visible(original)` (or `editable`, with
    `one_line`) and now reading `edited`: the original itself when it was not edited, else
    the edit with each placeholder of a character the original held put back, so that
    placeholders never replace what the source or the reviewer wrote."""
    shown = editable(original) if one_line else visible(original)
    if edited == shown:
        return original
    mapping = {_placeholder_of(char): char for char in set(_UNSAFE.findall(original))}
    if one_line:
        mapping.update({_NEWLINE: "\n"} if "\n" in original else {})
        mapping.update({_TAB: "\t"} if "\t" in original else {})
    if not mapping:
        return edited
    pattern = re.compile("|".join(re.escape(key) for key in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda match: mapping[match.group()], edited)


def _placeholder_of(char: str) -> str:
    return _UNSAFE.sub(_placeholder, char)


def one_line(text: str, limit: int | None = None) -> str:
    """`visible(text)` on one line (newlines shown as ⏎), cut to `limit` terminal cells
    with … (a wide CJK character takes two)."""
    flat = visible(text).replace("\t", " ").replace("\n", _NEWLINE)
    if limit is None or len(flat) * 2 <= limit:
        return flat
    if flat.isascii():
        return flat if len(flat) <= limit else flat[: max(limit - 1, 0)] + _ELLIPSIS
    from rich.cells import cell_len, set_cell_size

    if cell_len(flat) <= limit:
        return flat
    return set_cell_size(flat, max(limit - 1, 0)).rstrip(" ") + _ELLIPSIS


# What JSON output escapes beyond what json.dumps does: DEL, C1 controls, bidi controls and
# lone surrogates (which are not even valid UTF-8). The escapes stand for the same text.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_INVISIBLE_FORMAT}\ud800-\udfff]")


def json_text(dumped: str) -> str:
    """JSON text (from json.dumps) with every character a terminal could act on escaped."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


def fit(text: str, width: int) -> str:
    """`one_line(text)` cut or padded to exactly `width` terminal cells (wide CJK
    characters take two), so that columns line up."""
    from rich.cells import cell_len, set_cell_size

    flat = one_line(text)
    if cell_len(flat) > width:
        flat = set_cell_size(flat, max(width - 1, 0)) + (_ELLIPSIS if width else "")
    return set_cell_size(flat, width)


def plural(count: int, noun: str) -> str:
    """ "1 claim", "2 claims", "10,000 claims": a count of something, for reading."""
    return f"{count} {noun}" if count == 1 else f"{count:,} {noun}s"
