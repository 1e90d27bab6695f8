"""A new user in a real terminal (tmux, 80×24): from an empty folder to an exported
fact-check by keyboard alone, each step found on the screen; copying over the terminal
to the clipboard; and the demo, which leaves the checkout as it was."""

from __future__ import annotations

import shlex
import shutil
import time
from pathlib import Path

from conftest import DEMO_SHEET, on_disk

from .test_terminal import NEEDS_COMMAND, NEEDS_TMUX, tmux, tmux_server, tmux_session
from .test_terminal import wait_for_screen as shows

__all__ = ["tmux_server"]  # the module's tmux server, ended after its tests

ARTICLE = (
    "Mayor Jane Roe said on Monday that crime fell by a fifth in 2024.\n"
    "Police figures show a fall of 12 percent in 2024.\n"
)


def command(folder: Path, *args: str) -> str:
    """`factsheet ARGS` in `folder`, with a home of its own (no user config or data)."""
    home = folder.parent / "home"
    home.mkdir(exist_ok=True)
    env = (
        f"HOME={home} XDG_CONFIG_HOME={home}/config XDG_DATA_HOME={home}/data "
        f"XDG_STATE_HOME={home}/state FACTSHEET_REVIEWER=e2e"
    )
    factsheet = shlex.quote(shutil.which("factsheet") or "factsheet")
    return f"cd {shlex.quote(str(folder))} && {env} {factsheet} {shlex.join(args)}; sleep 5"


def keys(session: str, *pressed: str) -> None:
    tmux("send-keys", "-t", session, *pressed)


def typed(session: str, text: str) -> None:
    tmux("send-keys", "-t", session, "-l", text)


def in_footer(session: str, *texts: str, seconds: float = 20) -> None:
    """Wait until the footer (the last line) offers every one of `texts`."""
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        last = tmux("capture-pane", "-p", "-t", session).rstrip("\n").splitlines()[-1]
        if all(text in last for text in texts):
            return
        time.sleep(0.2)
    raise AssertionError(f"the footer never offered {texts}: {last!r}")


def ended(session: str, text: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while text in tmux("capture-pane", "-p", "-t", session):
        assert time.monotonic() < deadline, "q did not quit"
        time.sleep(0.2)


@NEEDS_TMUX
@NEEDS_COMMAND
def test_from_an_empty_folder_to_an_exported_fact_check_in_tmux(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    with tmux_session(command(folder)) as session:
        # An empty folder: factsheet asks for the new sheet's title.
        shows(session, "A new sheet: what are you checking?")
        typed(session, "What the mayor said")
        keys(session, "Enter")
        shows(session, "what-the-mayor-said.json")
        keys(session, "Enter")
        screen = shows(session, "No claims yet. Press a to add the claim")
        assert "S lists the sources" in " ".join(screen.split())  # wherever lines wrap
        in_footer(session, "a Add claim", "S Sources", "? Help", "q Quit")

        # A source.
        keys(session, "S")
        shows(session, "No sources yet. Press a to add a web page")
        keys(session, "a")
        shows(session, "New source: a web page or a local file")
        typed(session, "article.txt")
        keys(session, "C-s")
        shows(session, "Sources · 1")
        keys(session, "Escape")
        shows(session, "0 claims")

        # A claim.
        keys(session, "a")
        shows(session, "New claim")
        typed(session, "Crime fell by a fifth in 2024")
        keys(session, "Tab")
        typed(session, "Jane Roe")
        keys(session, "C-s")
        shows(session, "1 claim ")
        assert "tab to this pane, then r reads a source" in shows(session, "No quotes yet")

        # The source's words, made a quote.
        keys(session, "Tab")
        shows(session, "No quotes yet: r reads a source")
        in_footer(session, "r Read source", "a Add quote")
        keys(session, "r")
        shows(session, "select words (shift+arrows), a quotes them")
        keys(session, "Down")
        keys(session, "S-End")
        keys(session, "a")
        shows(session, "New quote for: Crime fell by a fifth in 2024")
        shows(session, "Police figures show a fall of 12 percent in 2024.")
        keys(session, "C-s")
        shows(session, "Quote 1 of 1")  # the form closed onto the source view, which has it
        keys(session, "Escape")
        shows(session, "Evidence · 1 quote")

        # The verdict, with its rationale.
        keys(session, "v")
        shows(session, "shift+tab then a digit: the verdict")
        typed(session, "Police figures show a fall of 12 %, not 20 %.")
        keys(session, "BTab")
        keys(session, "4")
        shows(session, "(was Unrated)")
        keys(session, "C-s")
        shows(session, "Mostly false 1")

        # The export: a Markdown report.
        in_footer(session, "v Verdict", "x Export")
        keys(session, "x")
        shows(session, "what-the-mayor-said.export.json")
        keys(session, "Enter")  # the format's choices
        shows(session, "Markdown report, to read")
        keys(session, "Down", "Down", "Enter")
        shows(session, "what-the-mayor-said.md")
        keys(session, "C-s")
        shows(session, "Exported to")
        keys(session, "q")
        ended(session, "1 claim ")
    sheet = on_disk(folder / "what-the-mayor-said.json")
    (claim,) = sheet["claims"].values()
    (quote,) = sheet["quotes"].values()
    assert claim["text"] == "Crime fell by a fifth in 2024"
    assert (claim["rating"], claim["rationale"]) == (
        "mostly-false",
        "Police figures show a fall of 12 %, not 20 %.",
    )
    assert (quote["text"], quote["anchor"]["status"]) == (
        "Police figures show a fall of 12 percent in 2024.",
        "exact",
    )
    report = (folder / "what-the-mayor-said.md").read_text(encoding="utf-8")
    assert "Crime fell by a fifth in 2024" in report
    assert "Police figures show a fall of 12 percent in 2024." in report


@NEEDS_TMUX
@NEEDS_COMMAND
def test_y_copies_the_quote_to_the_clipboard_through_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    shutil.copy(DEMO_SHEET, folder)
    shutil.copytree(DEMO_SHEET.with_name("xiaomi.archive"), folder / "xiaomi.archive")
    with tmux_session(command(folder, "xiaomi.json")) as session:
        tmux("set-option", "-g", "set-clipboard", "on")  # tmux takes OSC 52 from programs
        shows(session, "14 claims")
        keys(session, "Tab")
        in_footer(session, "a Add quote")  # the evidence pane (y Copy gives way at 80 columns)
        keys(session, "y")
        shows(session, "Copied the quote")
        buffer = tmux("show-buffer")
        keys(session, "q")
    assert buffer.startswith("“We could sell 10 billion smartphones")
    assert "(archived 20" in buffer


@NEEDS_TMUX
@NEEDS_COMMAND
def test_the_demo_opens_a_copy_and_leaves_the_checkout_as_it_was(tmp_path: Path) -> None:
    tracked = DEMO_SHEET.read_bytes()
    demo = tmp_path / "home" / "data" / "factsheet" / "demo"
    (tmp_path / "work").mkdir()
    with tmux_session(command(tmp_path / "work", "demo")) as session:
        shows(session, "14 claims")
        keys(session, "1")
        shows(session, "True 1")
        keys(session, "x")
        shows(session, "Export this sheet")
        keys(session, "C-s")
        shows(session, "Exported to")
        keys(session, "q")
        shows(session, "The demo is a copy in")
    assert DEMO_SHEET.read_bytes() == tracked
    assert on_disk(demo / "xiaomi.json") != on_disk(DEMO_SHEET)  # the edit went to the copy
    assert (demo / "xiaomi.export.json").is_file()  # and the export beside it
    assert not list(DEMO_SHEET.parent.glob("*.export.json"))
