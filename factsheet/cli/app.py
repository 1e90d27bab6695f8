"""`factsheet [open] SHEET` and `factsheet demo`: the worksheet app, and what is said
when it fails."""

from __future__ import annotations

import os
import shutil
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from factsheet.cli.fetching import fetch_options, policy_from
from factsheet.cli.output import options, say, steps
from factsheet.config import state_dir
from factsheet.errors import InvalidInputError
from factsheet.safe_text import one_line

if TYPE_CHECKING:
    from factsheet.archive.policy import FetchPolicy

# The demo sheet ships with the source: sheets/ beside the package.
DEMO_SHEET = Path(__file__).resolve().parents[2] / "sheets" / "xiaomi.json"


@click.command("open")
@click.argument("sheet", required=False, type=click.Path(dir_okay=False, path_type=Path))
@fetch_options
def open_app(sheet: Path | None, allow_private: bool, max_bytes: int, deadline: float) -> None:
    """Open SHEET in the worksheet app (the default: `factsheet SHEET` does the same).

    Without SHEET, opens the sheet in ./sheets/ or the current folder, or offers a
    choice when there are several, or, where there is none, makes a new one. Other
    reviewers and commands can edit the sheet at the same time; their changes appear
    within a second. A sheet you may not write opens read-only.
    """
    run_app(sheet, policy_from(allow_private, max_bytes, deadline))


LARGE_SHEET = 5_000_000  # bytes: from this size on, opening says so while it reads


def run_app(sheet: Path | None, policy: FetchPolicy) -> None:
    """Run the app on `sheet`, or on the sheets found here; report how it ended."""
    from factsheet.folder import sheets_here
    from factsheet.ui.app import FactsheetApp, open_sheet

    settings = options()
    choices: list[Path] = []
    if sheet is None:
        choices = sheets_here()
        if len(choices) == 1:
            sheet = choices[0]
    if sheet is not None:
        with steps() as step:  # a large sheet takes seconds to read: say so meanwhile
            size = sheet.stat().st_size if sheet.is_file() else 0
            if size > LARGE_SHEET:
                step(f"opening {sheet.name} ({size / 1e6:.0f} MB)")
            opened = open_sheet(sheet, reviewer=settings["reviewer"])
        app = FactsheetApp(opened, fetch_policy=policy)
    else:
        app = FactsheetApp(choices=choices, reviewer=settings["reviewer"], fetch_policy=policy)
    app.run()
    if app.crash is not None:
        report_crash(app.crash)
    if app.close_error is not None:
        raise app.close_error
    if app.sheet is not None:
        for notice in app.sheet.notices:
            say(f"note: {notice}", err=True)


def demo_folder() -> Path:
    """Where the demo's copy lives: `$XDG_DATA_HOME/factsheet/demo`."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "factsheet" / "demo"


@click.command()
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Work on the copy in this folder (default: ~/.local/share/factsheet/demo).",
)
@click.option("--fresh", is_flag=True, help="Start over from a new copy of the demo sheet.")
@fetch_options
def demo(
    folder: Path | None, fresh: bool, allow_private: bool, max_bytes: int, deadline: float
) -> None:
    """Try the worksheet on the demo sheet (Xiaomi's "we make no money on hardware").

    The app opens a copy in a working folder of its own, which is also where exports
    go, so trying things changes nothing in the checkout. The copy is kept between
    runs; --fresh starts over.
    """
    folder = (folder or demo_folder()).expanduser()
    sheet = prepare_demo(folder, fresh=fresh)
    os.chdir(folder)  # exports and the folder search stay in the working folder
    run_app(Path(sheet.name), policy_from(allow_private, max_bytes, deadline))
    say(f"The demo is a copy in {folder} (factsheet demo --fresh starts over).", err=True)


def prepare_demo(folder: Path, *, fresh: bool = False) -> Path:
    """The demo sheet's copy in `folder` (with its archive): made when there is none or
    when asked for `fresh`, else the one kept from before, with its changes."""
    if not DEMO_SHEET.is_file():
        raise InvalidInputError(
            f"the demo sheet is not here ({DEMO_SHEET}): it comes with factsheet's source; "
            "install factsheet from a clone of its repository"
        )
    sheet = folder / DEMO_SHEET.name
    archive = folder / DEMO_SHEET.with_suffix(".archive").name
    if fresh or not sheet.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if archive.exists():
                shutil.rmtree(archive)
            shutil.copytree(DEMO_SHEET.with_suffix(".archive"), archive)
            shutil.copyfile(DEMO_SHEET, sheet)
        except OSError as error:
            raise InvalidInputError(
                f"{folder}: cannot copy the demo there ({error.strerror or error})"
            ) from None
    return sheet


def report_crash(error: BaseException) -> None:
    """One line for an error the app did not handle; the traceback goes to a crash log."""
    log = state_dir() / f"crash-{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        where = f"; details in {log}"
    except OSError:
        where = ""
    raise click.ClickException(
        f"factsheet stopped on an unexpected error ({type(error).__name__}: "
        f"{one_line(str(error), 120)}); every edit saved before it is in the sheet{where}"
    )


COMMANDS = [open_app, demo]
