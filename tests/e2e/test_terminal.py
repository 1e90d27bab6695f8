"""The installed `factsheet` in real terminals: a pty for the raw bytes, tmux for keys."""

from __future__ import annotations

import fcntl
import os
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import on_disk
from hostile import hostile_sheet

NEEDS_TMUX = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
)
NEEDS_COMMAND = pytest.mark.skipif(
    shutil.which("factsheet") is None, reason="the factsheet command is not installed"
)
TERMINAL_ENV = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}


def read_until(fd: int, wanted: bytes, seconds: float, seen: bytearray) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return wanted in seen
            if not chunk:
                break
            seen.extend(chunk)
            if wanted and wanted in seen:
                return True
    return bool(wanted) and wanted in seen


def in_a_terminal(sheet: Path) -> tuple[subprocess.Popen[bytes], int]:
    """`factsheet SHEET` on a new 80×24 pseudo-terminal: the process and the terminal's
    end to read and type on."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    app = subprocess.Popen(
        [sys.executable, "-m", "factsheet", str(sheet)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=TERMINAL_ENV,
        start_new_session=True,
    )
    os.close(slave)
    return app, master


def test_the_bytes_written_to_the_terminal_carry_no_hostile_sequences(tmp_path: Path) -> None:
    sheet = hostile_sheet(tmp_path)
    app, master = in_a_terminal(sheet)
    written = bytearray()
    steps: list[bytearray] = []

    def step(keys: bytes, wanted: bytes) -> bool:
        """Press `keys` and read until the screen they lead to is drawn (`wanted` in what
        was written since): the next key goes only to that screen, however slow the
        machine, and an escape is never read together with the key after it."""
        seen = bytearray()
        steps.append(seen)
        os.write(master, keys)
        return read_until(master, wanted, 30, seen)

    try:
        shown = read_until(master, "␛]52;c;cHduZWQ=␇".encode(), 30, written)
        # To the evidence pane, then the source view (its page text is shown only there),
        # back to the worksheet, and quit.
        opened = step(b"\t\r", b"Before \xe2\x90\x9b]2;PWNED")
        back = step(b"\x1b", b"1 claim")
        step(b"q", b"")
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
        os.close(master)
    for seen in steps:
        written.extend(seen)
    assert shown, "the hostile claim never appeared as visible placeholders"
    assert opened and back, "the source view did not open and close"
    assert b"\x1b]52" not in written  # no clipboard write
    assert b"\x1b]2;PWNED" not in written and b"\x1b]0;PWNED" not in written  # no title change
    assert b"\x1b]8;" not in written  # no hyperlinks from [link=...] or [@click=...]
    text = written.decode("utf-8", errors="replace")
    assert "\u202e" not in text and "\x9b" not in text  # no bidi override, no C1 CSI
    assert b"[@click=app.quit]" in written
    assert b"[bold red]x[/]" in written


# A tmux server of the tests' own, so that they never touch a user's sessions.
TMUX_SOCKET = f"factsheet-tests-{os.getpid()}"


def tmux(*args: str) -> str:
    done = subprocess.run(
        ["tmux", "-L", TMUX_SOCKET, *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@contextmanager
def tmux_session(command: str, size: tuple[int, int] = (80, 24)) -> Iterator[str]:
    """A detached tmux session (80×24 unless asked) running `command`; killed afterwards."""
    session = f"factsheet-{uuid.uuid4().hex[:8]}"
    for attempt in range(100):
        try:
            width, height = map(str, size)
            tmux("new-session", "-d", "-s", session, "-x", width, "-y", height, command)
            break
        except subprocess.CalledProcessError:
            # The server of the last session may still be exiting (tmux ends it when its
            # last session is killed): a new one starts once it is gone.
            if attempt == 99:
                raise
            time.sleep(0.1)
    try:
        yield session
    finally:
        subprocess.run(
            ["tmux", "-L", TMUX_SOCKET, "kill-session", "-t", session],
            check=False,
            capture_output=True,
        )


@pytest.fixture(scope="module", autouse=True)
def tmux_server():
    yield
    subprocess.run(["tmux", "-L", TMUX_SOCKET, "kill-server"], check=False, capture_output=True)


def wait_for_screen(session: str, text: str, seconds: float = 20) -> str:
    deadline = time.monotonic() + seconds
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


@NEEDS_TMUX
@NEEDS_COMMAND
def test_set_a_verdict_with_the_keyboard_in_tmux_at_80x24(demo_sheet: Path) -> None:
    unrated = [c for c in on_disk(demo_sheet)["claims"].values() if c["rating"] == "unrated"]
    command = f"{shutil.which('factsheet')} --reviewer tmux-user {demo_sheet}; sleep 5"
    with tmux_session(command) as session:
        wait_for_screen(session, "14 claims")
        footer = wait_for_screen(session, "a Add").rstrip("\n").splitlines()[-1]
        assert "a Add" in footer and "q Quit" in footer
        tmux("send-keys", "-t", session, "Space")  # the next unrated claim
        wait_for_screen(session, unrated[0]["text"][:30])
        tmux("send-keys", "-t", session, "4")
        wait_for_screen(session, "Mostly false  ")
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 10
        while "14 claims" in tmux("capture-pane", "-p", "-t", session):
            assert time.monotonic() < deadline, "q did not quit"
            time.sleep(0.2)
        title = tmux("display-message", "-p", "-t", session, "#{pane_title}")
        assert "PWNED" not in title
    saved = on_disk(demo_sheet)["claims"][unrated[0]["id"]]
    assert saved["rating"] == "mostly-false"
    changes = [c for c in on_disk(demo_sheet)["history"].values()]
    assert changes[-1]["by"] == "tmux-user"


@NEEDS_TMUX
@NEEDS_COMMAND
def test_keys_sent_in_one_burst_land_where_typed_slowly_they_would(demo_sheet: Path) -> None:
    """One send-keys, one read by the app (a burst over SSH): esc then a new claim typed
    quickly (Textual read esc and 32 characters after it as `^`, so the claim's words went
    to the sources list as commands), and `f` then a filter (the letters ran as commands
    on the claim list)."""
    command = f"{shutil.which('factsheet')} {demo_sheet}; sleep 5"
    claim = "Crime fell 20 percent, typed in one burst"
    with tmux_session(command) as session:
        wait_for_screen(session, "14 claims")
        tmux("send-keys", "-t", session, "S")
        wait_for_screen(session, "Sources · 5")
        tmux("send-keys", "-t", session, "Escape", "a", claim, "Tab", "The mayor", "C-s")
        wait_for_screen(session, "15 claims")
        tmux("send-keys", "-t", session, "fxiaomi")
        screen = wait_for_screen(session, "Filter xiaomi")
        assert "Export this sheet" not in screen
        tmux("send-keys", "-t", session, "Escape", "q")
    saved = [c for c in on_disk(demo_sheet)["claims"].values() if c["text"] == claim]
    assert [c["claimant"] for c in saved] == ["The mayor"]


@NEEDS_TMUX
def test_hostile_titles_do_not_reach_the_terminal_title_in_tmux(tmp_path: Path) -> None:
    sheet = hostile_sheet(tmp_path)
    command = f"{sys.executable} -m factsheet {sheet}; sleep 5"
    with tmux_session(command) as session:
        screen = wait_for_screen(session, "␛]2;PWNED␇")
        assert "[@click=app.quit]" in screen or "[bold red]x[/]" in screen
        assert "PWNED" not in tmux("display-message", "-p", "-t", session, "#{pane_title}")
        tmux("send-keys", "-t", session, "q")


@NEEDS_TMUX
@NEEDS_COMMAND
def test_factsheet_alone_opens_the_sheet_in_the_sheets_folder(demo_sheet: Path) -> None:
    folder = demo_sheet.parent
    (folder / "sheets").mkdir()
    demo_sheet.rename(folder / "sheets" / demo_sheet.name)
    (folder / "xiaomi.archive").rename(folder / "sheets" / "xiaomi.archive")
    command = f"cd {folder} && {shutil.which('factsheet')}; sleep 5"
    with tmux_session(command) as session:
        wait_for_screen(session, "14 claims")
        tmux("send-keys", "-t", session, "q")


CRASHING_APP = """
import sys
from factsheet.ui.screens.main import MainScreen

def broken(self):
    raise RuntimeError("a bug nobody caught")

MainScreen.action_sort = broken
sys.argv = ["factsheet", "--reviewer", "crash-test", sys.argv[1]]
from factsheet.cli import main
main()
"""


def test_an_unhandled_error_ends_the_app_non_zero_with_one_line_and_keeps_saved_edits(
    demo_sheet: Path, tmp_path: Path
) -> None:
    """A bug in the app (forced here by a patched action) must not look like success."""
    claim_id, claim = next(iter(on_disk(demo_sheet)["claims"].items()))
    statuses = ["new", "in-review", "done"]
    following = statuses[(statuses.index(claim["status"]) + 1) % 3]
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    app = subprocess.Popen(
        [sys.executable, "-c", CRASHING_APP, str(demo_sheet)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**TERMINAL_ENV, "XDG_STATE_HOME": str(tmp_path / "state")},
        start_new_session=True,
    )
    os.close(slave)
    written = bytearray()
    try:
        assert read_until(master, b"14 claims", 20, written)
        os.write(master, b"s")  # an edit that is saved ...
        read_until(master, b"Status", 2, written)
        os.write(master, b"o")  # ... then the bug
        read_until(master, b"unexpected error", 20, written)
        app.wait(timeout=20)
        read_until(master, b"", 0.5, written)
    finally:
        if app.poll() is None:
            app.kill()
        os.close(master)
    assert app.returncode == 1
    output = written.decode("utf-8", errors="replace")
    assert "factsheet stopped on an unexpected error (RuntimeError: a bug nobody caught)" in output
    assert "Traceback" not in output and "locals" not in output
    (log,) = (tmp_path / "state" / "factsheet").glob("crash-*.log")
    assert "a bug nobody caught" in log.read_text()
    assert on_disk(demo_sheet)["claims"][claim_id]["status"] == following


def test_a_large_sheet_says_it_is_opening_while_it_is_read(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from corpus import generate

    sheet = tmp_path / "big.json"
    generate(sheet, 10_000)  # 7 MB
    app, master = in_a_terminal(sheet)
    seen = bytearray()
    try:
        assert read_until(master, b"opening big.json (7 MB)", 60, seen)
        assert read_until(master, b"Quit", 120, seen)  # the worksheet is drawn
        os.write(master, b"q")
        assert app.wait(timeout=30) == 0
    finally:
        app.kill()
        os.close(master)


@NEEDS_TMUX
@NEEDS_COMMAND
def test_an_edit_on_screen_is_saved_when_the_terminal_hangs_up(demo_sheet: Path) -> None:
    """An SSH connection that drops right after a key (tmux ends the session: SIGHUP):
    the verdict the screen showed is on disk. The app holds a save while keys come, and
    saves it when it is hung up on (or asked to stop) instead of dying with it."""
    first = next(iter(on_disk(demo_sheet)["claims"].values()))
    assert first["rating"] != "false"
    command = f"{shutil.which('factsheet')} --reviewer tmux-user {demo_sheet}; sleep 5"
    with tmux_session(command, size=(100, 30)) as session:
        wait_for_screen(session, "14 claims")
        tmux("send-keys", "-t", session, "5")  # False, on the first claim
        deadline = time.monotonic() + 20
        while "False        " + first["claimant"] not in tmux("capture-pane", "-p", "-t", session):
            assert time.monotonic() < deadline, "the verdict never showed"
            time.sleep(0.01)
        tmux("kill-session", "-t", session)  # at once: within the quarter second a save waits
    deadline = time.monotonic() + 30
    while on_disk(demo_sheet)["claims"][first["id"]]["rating"] != "false":
        assert time.monotonic() < deadline, "the verdict shown on screen was lost"
        time.sleep(0.05)
    while still_running(str(demo_sheet)):
        assert time.monotonic() < deadline, "the app outlived its terminal"
        time.sleep(0.05)


def still_running(argument: str) -> bool:
    """Whether a process with `argument` on its command line is running."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if argument.encode() in cmdline.read_bytes().split(b"\0"):
                return True
        except OSError:
            continue  # ended meanwhile
    return False


@NEEDS_TMUX
@NEEDS_COMMAND
def test_quitting_as_the_terminal_hangs_up_ends_the_app(demo_sheet: Path) -> None:
    """q and a hang-up at once (a user quits as SSH drops): the app ends, and does not
    hang on writing to a terminal that is gone."""
    for _ in range(5):  # the race is lost some of the time
        command = f"{shutil.which('factsheet')} --reviewer tmux-user {demo_sheet}; sleep 5"
        with tmux_session(command) as session:
            wait_for_screen(session, "14 claims")
            tmux("send-keys", "-t", session, "q")
            tmux("kill-session", "-t", session)
        deadline = time.monotonic() + 30
        while still_running(str(demo_sheet)):
            assert time.monotonic() < deadline, "the app outlived its terminal"
            time.sleep(0.05)
