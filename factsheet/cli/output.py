"""What every command shares: opening a sheet, and writing to the terminal.

Every byte a command writes goes through `say` or `say_json`, which pass all of it
through `factsheet.safe_text`: text output has every control and bidi character
made visible, JSON output has them escaped (the same data, safe on a terminal).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from factsheet.safe_text import json_text, one_line, visible

if TYPE_CHECKING:
    from factsheet.sheet import Sheet

SHEET_ARG = click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
JSON_OPT = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def options() -> dict[str, Any]:
    """The group's options (reviewer, wait) for the command being run."""
    obj: dict[str, Any] = click.get_current_context().find_root().obj or {}
    return obj


@contextmanager
def open_sheet(path: Path, *, writable: bool = True) -> Iterator[Sheet]:
    """The sheet for one command; what it has to say about the file goes to stderr."""
    from factsheet.sheet import Sheet  # not loaded by commands that open no sheet

    settings = options()
    sheet = Sheet.open(
        path, writable=writable, reviewer=settings.get("reviewer"), lock_wait=settings.get("wait")
    )
    try:
        yield sheet
    finally:
        sheet.close()
        for notice in sheet.notices:
            say(f"note: {notice}", err=True)


def say(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Write text for people: any control or bidi character in it is shown, never acted on."""
    click.echo(visible(text), err=err, nl=nl)


def say_json(data: Any) -> None:
    """Write JSON: C0, C1 and bidi controls escaped, so that a terminal shows it as it is."""
    click.echo(json_text(json.dumps(data, ensure_ascii=False, indent=2)))


def emit(as_json: bool, data: Any, text: Callable[[], str]) -> None:
    """`data` as JSON with --json, else the text `text()` makes."""
    if as_json:
        say_json(data)
    else:
        say(text())


@contextmanager
def steps() -> Iterator[Callable[[str], None]]:
    """Say on stderr each step of a long piece of work, each in place of the last (when
    stderr is a terminal); cleared at the end."""
    shown = sys.stderr.isatty()
    said = False

    def step(what: str) -> None:
        nonlocal said
        if shown:
            sys.stderr.write(f"\r{one_line(what, 70)}…\x1b[K")
            sys.stderr.flush()
            said = True

    try:
        yield step
    finally:
        if said:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
