"""Line breaks for text written without spaces (Chinese, Japanese).

Textual breaks lines only at spaces: a run of Chinese text is one "word" to it, so it
starts on a line of its own, after an empty rest of line, and is then cut at the
width. Text in these scripts may break between any two wide characters, so this breaks
a line there too, and at spaces as Textual does, before it reaches Textual.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size
from textual.content import Content


def breaks(text: str, width: int) -> list[int]:
    """Where to start a new line in `text` (single line) so that no line is wider than
    `width` cells: after a space or next to a wide character when one is on the line,
    else in the middle of a word that alone is wider."""
    found: list[int] = []
    used = 0  # cells on the current line
    line_start = 0
    last = -1  # the latest place this line may break at
    for n, char in enumerate(text):
        size = get_character_cell_size(char)
        if char == " ":  # may stand past the width: it is dropped at the break
            used += size
            last = n + 1
            continue
        if size == 2 and n > line_start:
            last = n  # before a wide character
        if used + size > width and n > line_start:
            cut = last if last > line_start else n
            found.append(cut)
            line_start, last = cut, -1
            used = sum(get_character_cell_size(c) for c in text[cut:n])
        used += size
        if size == 2:
            last = n + 1  # after a wide character
    return found


def wrapped(content: Content, width: int) -> Content:
    """`content` broken into lines no wider than `width` cells (spaces at a break are
    dropped). Content that fits, or a width too small to use, is left as it is."""
    if width < 4 or content.cell_length <= width or "\n" in content.plain:
        return content
    lines = content.divide(breaks(content.plain, width))
    return Content("\n").join(line.rstrip() for line in lines)
