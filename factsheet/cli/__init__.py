"""The `factsheet` command: a click group, a thin layer over `factsheet.sheet`.

`factsheet SHEET` opens the worksheet app; the subcommands each open the sheet,
make one change or read through the core API, and print the result. Every
FactsheetError becomes one `Error:` line and a non-zero exit, with the sheet
unchanged.

    app.py       open (the default), and what happens when the app fails
    records.py   new, info, edit, claim, verdict, log, source add/list
    quotes.py    quote add/list
    archive.py   archive, diff
    inspect.py   check, text, search, provenance
    share.py     export, import
    team.py      git-setup, and the merge driver and diff converter git runs
    output.py    opening a sheet for a command; all output, sanitised
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import importlib
import os
import sys
import threading
from typing import Any, NoReturn

import click

from factsheet.errors import FactsheetError
from factsheet.safe_text import one_line, visible

__all__ = ["cli", "main"]


# Each command's module, loaded only when the command runs (or --help lists them all), so
# that a command starts without loading what the others need: `factsheet search` with a
# current kept index reads no sheet and loads no sheet machinery. A test checks this
# table against every module's COMMANDS.
MODULES = {
    **dict.fromkeys(["open", "demo"], "app"),
    **dict.fromkeys(["new", "info", "edit", "source", "claim", "verdict", "log"], "records"),
    "quote": "quotes",
    **dict.fromkeys(["archive", "diff"], "archive"),
    **dict.fromkeys(["check", "text", "search", "provenance"], "inspect"),
    **dict.fromkeys(["export", "import"], "share"),
    **dict.fromkeys(["crosscheck", "git-setup", "merge-driver", "textconv"], "team"),
}


class _Group(click.Group):
    """Opens the app for `factsheet SHEET`, loads a command's module when it is run, and
    turns every FactsheetError into one clean `Error:` line instead of a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in MODULES:
            module = importlib.import_module(f"factsheet.cli.{MODULES[cmd_name]}")
            for command in module.COMMANDS:
                self.add_command(command)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in {*self.commands, *MODULES} and not args[0].startswith("-"):
            args = ["open", *args]
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FactsheetError as error:
            raise click.ClickException(one_line(str(error))) from None


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--reviewer",
    envvar="FACTSHEET_REVIEWER",
    metavar="NAME",
    help="Who is reviewing, recorded with every verdict and quote "
    "(default: 'reviewer' in ~/.config/factsheet/config.toml, else your login name).",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait while another factsheet process is saving the same sheet.",
)
@click.version_option(package_name="factsheet")
@click.pass_context
def cli(ctx: click.Context, reviewer: str | None, wait: float) -> None:
    """factsheet: a keyboard-driven fact-check worksheet.

    `factsheet SHEET` opens the worksheet app on SHEET; `factsheet` alone opens the
    sheet in ./sheets/ or the current folder, offers a choice when there are several,
    or makes a new one. `factsheet demo` opens a copy of the demo sheet. Press ? in
    the app for its keys.

    A sheet is one JSON file (TinyDB's format) holding claims, the sources they
    appear in, evidence quotes linked to claims, and verdicts with their
    corrections log. Snapshots of the sources are kept in a folder beside it
    (SHEET.archive/). Several reviewers and commands can work on one sheet at once.

    Ids are short and random (c-..., s-..., q-...); any unambiguous prefix of at
    least three characters will do.
    """
    ctx.obj = {"reviewer": reviewer, "wait": wait}
    if ctx.invoked_subcommand is None:
        from factsheet.cli.app import open_app

        ctx.invoke(open_app, sheet=None)


def main() -> None:
    """Console-script entry point: click's error handling, but Ctrl+C exits with 130, an
    error's message is shown through the sanitiser, and a bug ends in one line and a
    crash log instead of a traceback."""
    try:
        _check_arguments(sys.argv[1:])
        status = cli.main(prog_name="factsheet", standalone_mode=False)
    except (KeyboardInterrupt, click.Abort):
        click.echo("interrupted; the sheet holds every change saved before.", err=True)
        sys.stdout.flush()
        # Every change is saved when it is made; fetches still blocked in a read would only
        # delay the exit until their timeout, so the process ends here.
        os._exit(130)
    except click.ClickException as error:
        shown = _sanitised(error)  # its message may quote what was typed or read
        shown.show()
        _exit(error.exit_code)
    except BrokenPipeError:  # the reader went away (`factsheet claim list s.json | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as error:
        if isinstance(error, OSError) and error.errno in _FULL:  # output to a full disk
            click.echo(f"Error: cannot write the output ({error.strerror})", err=True)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            _exit(1)
        from factsheet.cli.app import report_crash

        try:
            report_crash(error)
        except click.ClickException as crash:
            crash.show()
        sys.exit(1)
    _exit(status if isinstance(status, int) else 0)


# Errors writing the output that are the disk's, not a bug: a full disk or quota, a file
# too large for the file system, a failing device (`factsheet export s.json > /dev/full`).
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def _exit(status: int) -> NoReturn:
    """End the process once its work is done, as Python's exit does (threads still at work
    are waited for, exit handlers run, output is flushed), but without freeing every
    object one by one: on a sheet of 100,000 quotes that took seconds, with the shell's
    prompt not back yet and the terminal showing nothing."""
    main_thread = threading.main_thread()
    for thread in threading.enumerate():
        if thread is not main_thread and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


def _sanitised(error: click.ClickException) -> click.ClickException:
    message = visible(error.format_message())
    if isinstance(error, click.UsageError):
        return click.UsageError(message, error.ctx)
    return click.ClickException(message)


def _check_arguments(arguments: list[str]) -> None:
    """Refuse arguments (and FACTSHEET_REVIEWER) that are not UTF-8 text: Python holds their
    bad bytes as lone surrogates, which no sheet file can store. Nothing is opened yet."""
    named = [(f"argument {n}", argument) for n, argument in enumerate(arguments, start=1)]
    named.append(("FACTSHEET_REVIEWER", os.environ.get("FACTSHEET_REVIEWER", "")))
    for name, value in named:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            shown = one_line(value.encode("utf-8", "replace").decode(), 60)
            raise click.UsageError(
                f"{name} ({shown}) is not valid UTF-8 text; nothing was changed"
            ) from None
