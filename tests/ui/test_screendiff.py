"""Only changed cells go to the terminal, and the terminal shows exactly what it would
have shown: checked on a terminal emulator (pyte) fed the app's kind of output whole
and through `ScreenDiff`."""

from __future__ import annotations

import os

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.style import Style

from factsheet.ui.screendiff import ScreenDiff

WIDTH, HEIGHT = 24, 6
STYLES = [
    Style(),
    Style(color="green"),
    Style(color="color(253)", bgcolor="color(233)"),
    Style(bold=True, color="red", bgcolor="blue"),
    Style(reverse=True),
    Style(italic=True, underline=True),
    Style(bold=True, italic=True, color="#ff8800", bgcolor="#002244"),
    Style(dim=True, strike=True, color="green"),
    Style(bold=True, dim=True),
    Style(underline2=True),
]
WORDS = ["a", "bc", " ", "   ", "       ", " " * 13, "中文", "✓", "e\u0301", "Straße", "…", "x"]


def move(row: int, column: int) -> str:
    return f"\x1b[{row + 1};{column + 1}H"


def chop(row: int, column: int, pieces: list[tuple[str, Style]]) -> str:
    """One piece of a line as Textual writes it: a cursor move, then each styled text."""
    text, used = [move(row, column)], column
    for words, style in pieces:
        if used + cell_len(words) > WIDTH:
            break
        text.append(style.render(words) if style else words)
        used += cell_len(words)
    return "".join(text)


def frame(chops: list[str]) -> str:
    """An update as Textual writes it: synchronised, the cursor hidden, lines joined by
    line feeds."""
    return "\x1b[?2026h\x1b[?25l" + "\n".join(chops) + "\x1b[?2026l"


def shown(screen: pyte.Screen) -> list[list[tuple[object, ...]]]:
    """Every cell: its characters and all its attributes."""
    return [
        [
            (
                cell.data,
                cell.fg,
                cell.bg,
                cell.bold,
                cell.italics,
                cell.underscore,
                cell.reverse,
            )
            for cell in (screen.buffer[row][column] for column in range(WIDTH))
        ]
        for row in range(HEIGHT)
    ]


class Terminals:
    """Two emulated terminals: one is written as Textual writes, the other through a diff."""

    def __init__(self) -> None:
        self.whole, self.diffed = pyte.Screen(WIDTH, HEIGHT), pyte.Screen(WIDTH, HEIGHT)
        self.whole_stream, self.diffed_stream = pyte.Stream(self.whole), pyte.Stream(self.diffed)
        self.diff = ScreenDiff()
        self.diff.resize(WIDTH, HEIGHT)
        self.sent = 0

    def write(self, data: str) -> str:
        sent = self.diff.filter(data)
        self.sent += len(sent)
        self.whole_stream.feed(data)
        self.diffed_stream.feed(sent)
        return sent

    def same(self) -> bool:
        return shown(self.whole) == shown(self.diffed)


pieces = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(STYLES)), max_size=6)
chops = st.builds(chop, st.integers(0, HEIGHT - 1), st.integers(0, WIDTH - 1), pieces)
others = st.sampled_from(
    [
        "\x1b[2J",  # erase the screen (with the colours in force)
        "\x1b[?1049h",  # another screen buffer
        "\x1b]52;c;aGk=\x07",  # the clipboard
        "\x1b[?25h",
        "\r",
        "\x1b[1;31m",  # a colour left in force
        "\x1b[K",
    ]
)
writes = st.lists(st.one_of(st.builds(frame, st.lists(chops, max_size=8)), others), max_size=12)


# Deterministic in CI; FACTSHEET_FUZZ_EXAMPLES (a longer hunt) draws new examples.
HUNT = int(os.environ.get("FACTSHEET_FUZZ_EXAMPLES", "0"))


@settings(max_examples=HUNT or 120, deadline=None, derandomize=not HUNT)
@given(writes)
def test_the_terminal_shows_what_it_would_have_shown(sequence: list[str]) -> None:
    terminals = Terminals()
    for data in sequence:
        terminals.write(data)
        assert terminals.same(), repr(data)


def test_an_unchanged_screen_sends_no_cells_and_a_changed_word_only_that_word() -> None:
    terminals = Terminals()
    grey = Style(color="color(253)", bgcolor="color(233)")
    lines = [chop(row, 0, [(f"row {row} of the list".ljust(WIDTH), grey)]) for row in range(4)]
    first = terminals.write(frame(lines))
    assert "row 3 of the list" in first
    again = terminals.write(frame(lines))
    assert "row" not in again and len(again) < 40  # the frame's own markers only
    lines[2] = chop(2, 0, [("row 2 of the LIST".ljust(WIDTH), grey)])
    changed = terminals.write(frame(lines))
    assert "LIST" in changed and "row" not in changed
    assert terminals.same()


def test_a_new_size_or_forgetting_sends_the_next_frame_whole() -> None:
    terminals = Terminals()
    lines = [chop(0, 0, [("the header", Style(bold=True))])]
    terminals.write(frame(lines))
    terminals.diff.forget()  # ctrl+l: another program wrote over the screen
    assert "the header" in terminals.write(frame(lines))
    terminals.diff.resize(WIDTH + 1, HEIGHT)
    assert "the header" in terminals.diff.filter(frame(lines))


def test_a_colour_change_sends_only_what_differs() -> None:
    terminals = Terminals()
    grey, green = "\x1b[38;5;253;48;5;233m", "\x1b[38;5;112;48;5;233m"
    line = f"{move(0, 0)}{green}✓\x1b[0m{grey} text \x1b[0m\x1b[1m{grey}bold\x1b[0m{grey}!\x1b[0m"
    sent = terminals.write(line)
    assert sent == f"{move(0, 0)}{green}✓\x1b[38;5;253m text \x1b[1mbold\x1b[22m!\x1b[0m"
    assert terminals.same()


def test_wide_characters_are_sent_whole() -> None:
    terminals = Terminals()
    terminals.write(frame([chop(0, 0, [("ab中文cd", Style())])]))
    sent = terminals.write(frame([chop(0, 0, [("ab中字cd", Style())])]))
    assert "字" in sent and "a" not in sent
    terminals.write(frame([chop(0, 3, [("x", Style())])]))  # over the right half of 中
    assert terminals.same()


def test_many_colours_in_turn_are_still_sent_right() -> None:
    """Cells are kept for reuse by colour up to a limit (a theme has a few dozen): past it,
    what is kept is dropped, and the screen still shows what it should."""
    terminals = Terminals()
    colours = [Style(color=f"#{n:06x}") for n in range(0, 700 * 97, 97)]
    for n, style in enumerate(colours):
        terminals.write(frame([chop(n % HEIGHT, 0, [(f"shade {n}", style)])]))
    again = terminals.write(frame([chop(5, 0, [("shade 695", colours[695])])]))
    assert "shade" not in again  # shown already, in that colour
    assert terminals.same()
