"""Only the cells that changed go to the terminal: over SSH every byte is latency.

Textual repaints whole regions: a widget whose words changed is written line by line,
blank cells and unchanged words included, and each styled piece as "set style, text,
reset". Curses programs (VisiData) keep a copy of the screen and send the difference;
`ScreenDiff` does the same for what Textual writes. It reads each write (cursor moves,
colour changes and text), keeps the screen the terminal shows, and sends only the
runs of cells that differ, each with one cursor move and the colour changes it needs.

A frame that shows rows the terminal already shows, a few rows up or down (a list
scrolled by a row), has the terminal scroll those rows instead (a scrolling region, as
curses does): only the rows that came into view are sent, and the cells the frame did
not write (a scrollbar) are put back as they were.

Anything it does not model is passed through unchanged, in order; a sequence that
may change the screen in a way it does not follow (clearing, scrolling, another
screen buffer) makes it forget what the screen shows, so that the next frame is sent
whole. A new terminal size does the same. Nothing is ever held back: every write
leaves the terminal showing what the unfiltered write would have shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress
from operator import ne
from typing import NamedTuple

from rich.cells import get_character_cell_size

RESET = "\x1b[0m"
# Cell runs closer than this are sent as one (the cells between are sent again): a
# cursor move costs about as many bytes.
GAP = 6
KNOWN_STYLES = 512  # styles whose cells are kept for reuse (a theme has a few dozen)
SCROLL_MIN = 2000  # characters in a frame below which scrolling is not looked for
SCROLLS = (1, -1, 2, -2, 3, -3)  # the shifts looked for (rows up; negative: down)

_TOKENS = re.compile(
    r"\x1b\[(?P<params>[0-9;:<=>?]*)(?P<final>[ -/]*[@-~])"  # CSI
    r"|(?P<string>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1bP.*?\x1b\\)"  # OSC, DCS
    r"|(?P<escape>\x1b[^\[\]P]?)"
    r"|(?P<text>[^\x00-\x1f\x7f]+)"
    r"|(?P<control>[\x00-\x1f\x7f])",
    re.DOTALL,
)
_ROWS = re.compile(r"\x1b\[(\d+);\d+H")  # the rows cursor moves go to
# Private modes that switch the screen buffer: what it shows is then unknown.
_SCREEN_MODES = {"?47", "?1047", "?1049"}
# Final bytes of CSI sequences that change neither the cells nor the cursor: reports,
# cursor shape, window title stack, keyboard protocol.
_HARMLESS_FINALS = {"n", "q", " q", "t", "c", "u"}


class Cell(NamedTuple):
    """What one cell shows: its characters, the colour sequences in force, its width (2:
    a wide character, whose right half is a cell of width 0). A tuple: made and compared
    for every character Textual writes."""

    text: str
    style: str
    width: int


BLANK_RIGHT = ""  # the text of the right half of a wide character
BLANK = Cell(" ", "", 1)  # what a line scrolled into view shows (after a colour reset)


class ScreenDiff:
    """A copy of the terminal's screen, and `filter`, which turns what Textual writes into
    the difference from it."""

    def __init__(self) -> None:
        self.width = 0
        self.height = 0
        self.rows: list[list[Cell | None]] = []
        self._out_at: tuple[int, int] | None = None  # where the terminal's cursor is
        self._out_style = ""  # the colour sequences in force on the terminal
        self._at: tuple[int, int] | None = None  # where the writes have put the cursor
        self._style = ""  # the colour sequences the writes have left in force
        self._known = {}
        self.scroll_min = SCROLL_MIN

    def resize(self, width: int, height: int) -> None:
        """A new terminal size: what it shows is not known until it is written again."""
        if (width, height) != (self.width, self.height):
            self.width, self.height = width, height
            self.forget()

    def forget(self) -> None:
        """Send the next frame whole (the screen may show anything now)."""
        self.rows = [[None] * self.width for _ in range(self.height)]
        self._out_at = None

    def filter(self, data: str) -> str:
        """What to send in place of `data` for the terminal to show the same."""
        out: list[str] = []
        style = self._style  # the colour sequences in force in `data`
        at = self._at  # the cursor in `data`
        run: list[Cell] = []  # cells written since the last cursor move (see `_cells`)
        moved_last = False  # whether `data` ends with a cursor move and no text after it
        newline: str | None = None  # a line feed not sent yet
        tokens: Iterable[re.Match[str]] = _TOKENS.finditer(data)
        prepared: dict[int, tuple[int, list[Cell]]] = {}  # see `_written`
        scrolled = None
        if len(data) >= self.scroll_min and len(set(_ROWS.findall(data))) < self.height:
            # (A frame that writes every row, as after another screen, is not looked at:
            # it is seldom a scroll, and looking costs as much as a third of the diff.)
            tokens = list(tokens)
            scrolled = self._scroll(tokens, prepared, out)
        for match in tokens:
            token = match.group(0)
            kind = match.lastgroup  # "final" for a CSI sequence, else the group matched
            final, params = match.group("final", "params") if kind == "final" else (None, "")
            if final == "m":  # colours
                style = "" if params in ("", "0") else style + token
                continue
            if newline is not None and final not in ("H", "f"):
                self._flush(run, out)
                run = []
                self._pass(newline, out, at, style, forget=False)
                at = self._out_at = None  # where a line feed leaves the cursor depends on the tty
                newline = None
            if kind == "text":
                placed = len(run)
                column: int | None
                known = prepared.get(match.start())
                if known is not None and at is not None:
                    if not run:
                        self._run_row, self._run_x = at
                    column = known[0]
                    run.extend(known[1])
                else:
                    column = None if at is None else self._cells(token, style, at, run)
                if column is None or at is None:
                    del run[placed:]
                    self._flush(run, out)
                    run = []
                    self._pass(token, out, at, style, forget=True)
                    at = None
                else:
                    at = (at[0], column)
                moved_last = False
                continue
            self._flush(run, out)
            run = []
            if final in ("H", "f"):  # cursor position (1-based)
                newline = None  # a line feed before a move shows nothing
                row, _, column_text = params.partition(";")
                at = (int(row or 1) - 1, int(column_text or 1) - 1)
                moved_last = True
                continue
            if token == "\r" and at is not None:
                at = (at[0], 0)
                continue
            if token == "\n" and at is not None and at[0] < self.height - 1:
                newline = token  # Textual moves the cursor before each line it writes
                continue
            harmless = (
                kind == "string"
                or token == "\x07"
                or final in _HARMLESS_FINALS
                or (final in ("h", "l") and params.startswith("?") and params not in _SCREEN_MODES)
            )
            self._pass(token, out, at, style, forget=not harmless, placed=not harmless)
            if not harmless:
                at = None
        self._flush(run, out)
        if scrolled is not None:
            self._put_back(*scrolled, out)
        if newline is not None:
            self._pass(newline, out, at, style, forget=False)
            at = self._out_at = None
        self._at, self._style = at, style
        self._restyle(style, out)
        if moved_last and at is not None and self._out_at != at:
            out.append(f"\x1b[{at[0] + 1};{at[1] + 1}H")  # the cursor where `data` left it
            self._out_at = at
        return "".join(out)

    # Scrolling

    def _scroll(
        self,
        tokens: list[re.Match[str]],
        prepared: dict[int, tuple[int, list[Cell]]],
        out: list[str],
    ) -> tuple[dict[int, dict[int, Cell]], dict[int, list[Cell | None]]] | None:
        """When the frame (its `tokens`) shows a block of rows the screen shows a few rows
        away, scroll them there first. Returns what `_put_back` needs: the cells the frame
        writes, and the rows of the scrolled region as they were. `prepared` gets the cells
        of each text in the frame (by its offset), for `filter` not to make them again."""
        written = self._written(tokens, prepared)
        if written is None:
            return None
        found = self._best_scroll(written)
        if found is None:
            return None
        top, bottom, shift = found
        before = {y: self.rows[y] for y in range(top, bottom + 1)}
        if shift > 0:
            rows = [before[y] for y in range(top + shift, bottom + 1)]
            rows += [[BLANK] * self.width for _ in range(shift)]
        else:
            rows = [[BLANK] * self.width for _ in range(-shift)]
            rows += [before[y] for y in range(top, bottom + shift + 1)]
        for y, row in zip(range(top, bottom + 1), rows, strict=True):
            wrote = written.get(y, {})
            for x in range(self.width):
                if x not in wrote and not (_narrow(before[y][x]) and _narrow(row[x])):
                    return None  # a cell the frame leaves that could not be put back
        if self._out_style:
            out.append(RESET)  # lines scrolled into view take the colours in force
            self._out_style = ""
        out.append(f"\x1b[{top + 1};{bottom + 1}r")  # the region (the cursor goes home)
        if shift > 0:
            out.append(f"\x1b[{bottom + 1};1H" + "\x1bD" * shift)  # index at the bottom
        else:
            out.append(f"\x1b[{top + 1};1H" + "\x1bM" * -shift)  # reverse index at the top
        out.append("\x1b[r")  # the whole screen again (the cursor goes home)
        self._out_at = None
        for y, row in zip(range(top, bottom + 1), rows, strict=True):
            self.rows[y] = list(row)
        return written, before

    def _written(
        self,
        tokens: list[re.Match[str]],
        prepared: dict[int, tuple[int, list[Cell]]],
    ) -> dict[int, dict[int, Cell]] | None:
        """The cells a frame writes, by row and column; None for a frame with anything
        but cursor moves, colours, text and harmless sequences."""
        written: dict[int, dict[int, Cell]] = {}
        style, at = self._style, self._at
        newline = False
        for match in tokens:
            token = match.group(0)
            kind = match.lastgroup
            final, params = match.group("final", "params") if kind == "final" else (None, "")
            if final == "m":
                style = "" if params in ("", "0") else style + token
            elif final in ("H", "f"):
                row, _, column_text = params.partition(";")
                at = (int(row or 1) - 1, int(column_text or 1) - 1)
                newline = False
            elif kind == "text":
                if at is None or newline:
                    return None
                run: list[Cell] = []
                column = self._cells(token, style, at, run)
                if column is None:
                    return None
                prepared[match.start()] = (column, run)
                written.setdefault(at[0], {}).update(zip(range(at[1], column), run, strict=True))
                at = (at[0], column)
            elif token == "\n":
                if at is None or at[0] >= self.height - 1:
                    return None  # a line feed on the bottom row scrolls the whole screen
                newline = True
            elif not (
                kind == "string"
                or final in _HARMLESS_FINALS
                or (final in ("h", "l") and params.startswith("?") and params not in _SCREEN_MODES)
            ):
                return None
        return written

    def _best_scroll(self, written: dict[int, dict[int, Cell]]) -> tuple[int, int, int] | None:
        """The region (top and bottom rows) and shift that spare the most cells: a block
        of two or more rows, each written at least half across in one piece, that the
        screen shows `shift` rows further down (up, for a negative shift). None when none
        spares more than a row's worth."""
        spans: dict[int, tuple[int, list[Cell]]] = {}  # row -> first column, cells
        for y, row in written.items():
            first = min(row)
            if len(row) * 2 >= self.width and max(row) - first + 1 == len(row):
                spans[y] = (first, [row[x] for x in range(first, first + len(row))])
        best: tuple[int, tuple[int, int, int]] | None = None
        for shift in SCROLLS:
            shown = [
                y
                for y, (first, cells) in sorted(spans.items())
                if 0 <= y + shift < self.height
                and self.rows[y + shift][first : first + len(cells)] == cells
            ]
            blocks: list[list[int]] = []
            for y in shown:
                if blocks and blocks[-1][-1] == y - 1:
                    blocks[-1].append(y)
                else:
                    blocks.append([y])
            for block in blocks:
                spared = 0
                for y in block:
                    first, cells = spans[y]
                    spared += sum(map(ne, self.rows[y][first : first + len(cells)], cells))
                if len(block) < 2 or spared <= self.width or (best and spared <= best[0]):
                    continue
                top, bottom = block[0], block[-1]
                region = (top, bottom + shift) if shift > 0 else (top + shift, bottom)
                best = (spared, (*region, shift))
        return None if best is None else best[1]

    def _put_back(
        self,
        written: dict[int, dict[int, Cell]],
        before: dict[int, list[Cell | None]],
        out: list[str],
    ) -> None:
        """Put back the cells of the scrolled region that the frame did not write (they
        show what they showed before the scroll)."""
        for y, was in before.items():
            line, wrote = self.rows[y], written.get(y, {})
            x = 0
            while x < self.width:
                if x in wrote or line[x] == was[x]:
                    x += 1
                    continue
                if self._out_at != (y, x):
                    out.append(f"\x1b[{y + 1};{x + 1}H")
                while x < self.width and x not in wrote and line[x] != was[x]:
                    cell = was[x]
                    assert cell is not None  # `_scroll` scrolls only regions it can put back
                    self._restyle(cell.style, out)
                    out.append(cell.text)
                    line[x] = cell
                    x += 1
                self._out_at = (y, x) if x < self.width else None

    # Reading

    def _cells(self, text: str, style: str, at: tuple[int, int], run: list[Cell]) -> int | None:
        """Add the cells `text` fills from `at` to `run`; the column after them, or None
        when they leave the screen or cannot be placed (a combining mark first). A run's
        cells stand side by side, one a column, from (`_run_row`, `_run_x`): the place of
        its first, set here when `run` is empty."""
        row, column = at
        if not 0 <= row < self.height or (run and self._run_row != row):
            return None
        if not run:
            self._run_row, self._run_x = row, column
        known = self._known.get(style)
        if known is None:
            if len(self._known) >= KNOWN_STYLES:
                self._known.clear()
            known = self._known[style] = {BLANK_RIGHT: Cell(BLANK_RIGHT, style, 0)}
        if text.isascii():  # one cell a character (control characters are not text)
            end = column + len(text)
            if column < 0 or end > self.width:
                return None
            cells = list(map(known.get, text))
            if None in cells:
                for n, character in enumerate(text):
                    if cells[n] is None:
                        cells[n] = known.setdefault(character, Cell(character, style, 1))
            run += cells  # type: ignore[arg-type]
            return end
        for character in text:
            cell = known.get(character)
            if cell is None:
                size = get_character_cell_size(character)
                if size == 0:  # a combining mark: part of the cell before (not at the
                    # edge, where terminals differ on what it joins)
                    if not run or run[-1].width != 1 or self._run_x + len(run) != column:
                        return None
                    if column >= self.width:
                        return None
                    before = run[-1]
                    run[-1] = Cell(before.text + character, before.style, before.width)
                    continue
                cell = known[character] = Cell(character, style, size)
            size = cell.width
            if column < 0 or column + size > self.width:
                return None
            run.append(cell)
            if size == 2:
                run.append(known[BLANK_RIGHT])
            column += size
        return column

    _run_row = 0
    _run_x = 0
    # The cells made so far, by style and character (and BLANK_RIGHT, the right half of a
    # wide one): the same few are written again and again (a styles' worth of letters).
    _known: dict[str, dict[str, Cell]]

    # Writing

    def _break_wide(
        self, line: list[Cell | None], x: int, cell: Cell, first: int, last: int
    ) -> None:
        """Writing over half of a wide character blanks its other half on most terminals,
        and not on all: what that half shows is then unknown."""
        was = line[x]
        if was is None:
            return
        if was.width == 0 and x - 1 < first and cell.width != 0:
            line[x - 1] = None
        if was.width == 2 and cell.width != 2 and x + 1 > last and x + 1 < self.width:
            line[x + 1] = None

    def _pass(
        self,
        token: str,
        out: list[str],
        at: tuple[int, int] | None,
        style: str,
        *,
        forget: bool,
        placed: bool = True,
    ) -> None:
        """Send `token` as it is, with the colours where `data` has them (an erase, say,
        uses the colours in force) and, unless it is not `placed` (a mode, a report),
        the cursor too."""
        if placed:
            if at is not None and self._out_at != at:
                self._move(at, out)
            self._restyle(style, out)
            self._out_at = at
        out.append(token)
        if forget:
            self.forget()

    def _restyle(self, style: str, out: list[str]) -> None:
        """Put the terminal's colours to `style`: only what differs from those in force."""
        if style != self._out_style:
            out.append(restyle(self._out_style, style))
            self._out_style = style

    def _move(self, at: tuple[int, int], out: list[str]) -> None:
        """Put the terminal's cursor at `at`. Past the last column (where writing the last
        cell leaves it, waiting to wrap) it is put by writing that cell again."""
        row, column = at
        if column < self.width or not 0 <= row < self.height:
            out.append(f"\x1b[{row + 1};{column + 1}H")
            return
        line = self.rows[row]
        first = self.width - 1
        if line[first] is not None and line[first].width == 0:  # type: ignore[union-attr]
            first -= 1
        cells = [cell for cell in line[first:] if cell is not None]
        if len(cells) != len(line[first:]):  # not known: the move is as near as it gets
            out.append(f"\x1b[{row + 1};{column + 1}H")
            return
        out.append(f"\x1b[{row + 1};{first + 1}H")
        for cell in cells:
            if cell.width:
                self._restyle(cell.style, out)
                out.append(cell.text)

    def _flush(self, run: list[Cell], out: list[str]) -> None:
        """Send the cells of `run` that differ from the screen, and note them on it."""
        if not run:
            return
        row = self._run_row
        line = self.rows[row]
        start = self._run_x  # a run's cells stand side by side, one a column
        shown = line[start : start + len(run)]
        if shown == run:
            return  # as the screen shows it (most of what Textual repaints)
        changed = list(compress(range(len(run)), map(ne, shown, run)))
        if not changed:
            return
        spans: list[list[int]] = []
        for n in changed:
            if spans and n - spans[-1][1] <= GAP:
                spans[-1][1] = n
            else:
                spans.append([n, n])
        for first, last in spans:
            if run[first].width == 0 and first > 0:
                first -= 1  # a wide character is sent whole
            if run[last].width == 2 and last + 1 < len(run):
                last += 1
            x = start + first
            if self._out_at != (row, x):
                out.append(f"\x1b[{row + 1};{x + 1}H")
            for n in range(first, last + 1):  # (the calls below inlined: cell by cell)
                x, cell = start + n, run[n]
                was = line[x]
                if was is not None and was.width != 1:
                    self._break_wide(line, x, cell, start + first, start + last)
                line[x] = cell
                if cell.width == 0:
                    continue
                if cell.style != self._out_style:
                    out.append(restyle(self._out_style, cell.style))
                    self._out_style = cell.style
                out.append(cell.text)
            end = start + last + max(run[last].width, 1)
            self._out_at = (row, end) if end < self.width else None


def _narrow(cell: Cell | None) -> bool:
    return cell is not None and cell.width == 1


# Colours: what one style sets, and the shortest change from one style to another.

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
# Attribute codes and the code that turns each off (22 turns off both bold and faint).
_OFF = {"1": "22", "2": "22", "3": "23", "4": "24", "5": "25", "7": "27", "8": "28", "9": "29"}
_OFF.update({"53": "55"})


def attributes(style: str) -> dict[str, str] | None:
    """The attributes a style's colour sequences set, by kind ("fg", "bg", "1" for bold,
    ...), or None for one this does not follow."""
    found: dict[str, str] = {}
    sequences = _SGR.findall(style)
    if "".join(f"\x1b[{params}m" for params in sequences) != style:
        return None
    for params in sequences:
        codes = params.split(";") if params else ["0"]
        n = 0
        while n < len(codes):
            code = codes[n]
            if code in ("38", "48"):
                kind = "fg" if code == "38" else "bg"
                if codes[n + 1 : n + 2] == ["5"] and n + 2 < len(codes):
                    found[kind] = ";".join(codes[n : n + 3])
                    n += 3
                elif codes[n + 1 : n + 2] == ["2"] and n + 4 < len(codes):
                    found[kind] = ";".join(codes[n : n + 5])
                    n += 5
                else:
                    return None
                continue
            number = int(code) if code.isdigit() else -1
            if code in _OFF:
                found[code] = code
            elif 30 <= number <= 37 or 90 <= number <= 97:
                found["fg"] = code
            elif 40 <= number <= 47 or 100 <= number <= 107:
                found["bg"] = code
            elif code in ("0", ""):
                found.clear()
            else:
                return None
            n += 1
    return found


def restyle(old: str, new: str) -> str:
    """The colour sequence that takes the terminal from style `old` to style `new`: the
    attributes that differ (turning off what `new` lacks), or a reset and `new` whole
    when that is shorter or either style is one this does not follow."""
    whole = RESET + new if old else new
    before, after = attributes(old), attributes(new)
    if before is None or after is None:
        return whole
    codes: list[str] = []
    for kind in before:
        if kind not in after:
            codes.append({"fg": "39", "bg": "49"}.get(kind) or _OFF[kind])
    if any(code == "22" for code in codes):  # that took off bold and faint alike
        codes += [after[kind] for kind in ("1", "2") if kind in after]
    codes += [code for kind, code in after.items() if before.get(kind) != code]
    if not codes:
        return ""
    delta = f"\x1b[{';'.join(dict.fromkeys(codes))}m"
    return delta if len(delta) < len(whole) else whole
