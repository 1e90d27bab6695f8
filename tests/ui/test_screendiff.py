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
        self.diff.scroll_min = 0  # scrolling is looked for in frames of any size
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


def line(row: int, pieces: list[tuple[str, Style]], width: int, fill: str = " ") -> str:
    """A row of a list as Textual writes it: `width` cells from the left edge (the
    rest of the row filled with `fill`)."""
    text, used = [move(row, 0)], 0
    for words, style in [*pieces, (fill * width, Style(color="color(253)"))]:
        words = words[: width - used]
        while cell_len(words) > width - used:
            words = words[:-1]
        if words:
            text.append(style.render(words) if style else words)
            used += cell_len(words)
    return "".join(text) + " " * (width - used)


items = st.lists(pieces, min_size=HEIGHT + 3, max_size=HEIGHT + 3)
THUMBS = ["▐", " ", "▌"]


def thumb(row: int, moved: int) -> str:
    """A cell of a scrollbar in the last column."""
    return chop(row, WIDTH - 1, [(THUMBS[(row + moved) % 3], Style(color="red"))])


def by_rows(chops: dict[int, list[str]]) -> str:
    """A frame as Textual's compositor writes one: row by row, top to bottom, the pieces
    of a row side by side and the rows joined by line feeds."""
    return frame(["".join(chops[y]) for y in sorted(chops)])


@settings(max_examples=HUNT or 150, deadline=None, derandomize=not HUNT)
@given(
    items,
    st.integers(-3, 3),
    st.integers(0, HEIGHT - 1),
    st.integers(0, HEIGHT - 1),
    st.booleans(),
    st.lists(chops, max_size=2),
)
def test_a_list_scrolled_by_rows_is_scrolled_on_the_terminal(
    texts: list[list[tuple[str, Style]]],
    shift: int,
    a: int,
    b: int,
    scrollbar_drawn: bool,
    extra: list[str],
) -> None:
    """A list (every column but the last, its scrollbar) scrolled by a few rows in a
    region of the screen: the terminal shows what the frame whole would have shown,
    whether the frame draws the scrollbar again or not."""
    terminals = Terminals()
    top, bottom = sorted((a, b))

    def item(n: int) -> list[tuple[str, Style]]:
        return texts[n % len(texts)]

    def fill(n: int) -> str:
        return "abcdefghi"[n % len(texts)]  # items that differ, as a list's rows do

    first = {y: [line(y, item(y), WIDTH - 1, fill(y)), thumb(y, 0)] for y in range(HEIGHT)}
    terminals.write(by_rows(first))
    second = {
        y: [line(y, item(y + shift), WIDTH - 1, fill(y + shift))] for y in range(top, bottom + 1)
    }
    if scrollbar_drawn:
        for y in range(HEIGHT):
            second.setdefault(y, []).append(thumb(y, 1))
    terminals.write(by_rows(second) + (frame(extra) if extra else ""))
    assert terminals.same()


def test_a_list_scrolled_by_one_row_sends_one_row_and_the_highlight() -> None:
    """A 120-column list of 12 rows moved up a row (the cursor at its foot): the rows
    that were on screen are scrolled there, and only the new row and the two rows whose
    highlight changed are sent."""
    width, height = 120, 14
    whole, diffed = pyte.Screen(width, height), pyte.Screen(width, height)
    streams = pyte.Stream(whole), pyte.Stream(diffed)
    diff = ScreenDiff()
    diff.resize(width, height)
    grey, cursor = Style(color="color(253)", bgcolor="color(233)"), Style(reverse=True)
    verdicts = [Style(color="green"), Style(color="red", bold=True), Style(color="yellow")]
    claims = ["Xiaomi", "makes", "no money", "on hardware", "says", "Lei Jun", "5 percent"]

    def rows(first: int) -> str:
        drawn = []
        for y in range(12):
            item = first + y
            style = cursor if y == 11 else grey
            verdict = verdicts[item % 3] + style
            text = " ".join(claims[(item + n) % 7] for n in range(item % 5 + 3))
            drawn.append(
                move(y + 1, 0)
                + style.render(" review ")
                + verdict.render(f" {['True', 'False', 'Mixed'][item % 3]:<12}")
                + style.render(f" claimant {item:<5} ")
                + style.render(text.ljust(width - 1 - 37))
            )
            if first == 0:  # the scrollbar, drawn once
                drawn.append(move(y + 1, width - 1) + Style(bgcolor="blue").render(" "))
        return frame(drawn)

    for data in (rows(0), rows(1)):
        sent = diff.filter(data)
        streams[0].feed(data)
        streams[1].feed(sent)
    assert [whole.display[y] for y in range(height)] == [diffed.display[y] for y in range(height)]
    assert "\x1b[2;12r" in sent  # rows 2 to 12 scrolled up a row, in a region
    assert len(sent) < 3 * width + 200  # the new row, the highlight moved, the region
