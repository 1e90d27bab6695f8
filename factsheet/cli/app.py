"""`factsheet [open] SHEET`: the worksheet app, and what is said when it fails."""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

import click

from factsheet.cli.fetching import fetch_options, policy_from
from factsheet.cli.output import options, say
from factsheet.config import state_dir
from factsheet.safe_text import one_line


@click.command("open")
@click.argument("sheet", required=False, type=click.Path(dir_okay=False, path_type=Path))
@fetch_options
def open_app(sheet: Path | None, allow_private: bool, max_bytes: int, deadline: float) -> None:
    """Open SHEET in the worksheet app (the default: `factsheet SHEET` does the same).

    Without SHEET, opens the sheet in ./sheets/, or offers a choice when there are
    several. Other reviewers and commands can edit the sheet at the same time; their
    changes appear within a second. A sheet you may not write opens read-only.
    """
    from factsheet.folder import sheets_in
    from factsheet.ui.app import FactsheetApp, open_sheet

    settings = options()
    policy = policy_from(allow_private, max_bytes, deadline)
    if sheet is None:
        choices = sheets_in(Path("sheets"))
        if not choices:
            raise click.UsageError(
                "no sheet given and no sheets in ./sheets/; "
                "try: factsheet new my.json --title TEXT, then factsheet my.json "
                "(or factsheet demo to try the demo sheet)"
            )
        if len(choices) == 1:
            sheet = choices[0]
    if sheet is not None:
        app = FactsheetApp(open_sheet(sheet, reviewer=settings["reviewer"]), fetch_policy=policy)
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


COMMANDS = [open_app]
