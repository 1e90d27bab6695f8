"""The options that bound a fetch, shared by `source add`, `archive` and `open`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from factsheet.archive.policy import FetchPolicy


def fetch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        [
            click.option(
                "--allow-private",
                is_flag=True,
                envvar="FACTSHEET_ALLOW_PRIVATE",
                help="Allow fetching from loopback, private and link-local addresses "
                "(refused by default, since factsheet often runs on servers).",
            ),
            click.option(
                "--max-bytes",
                type=click.IntRange(min=1),
                default=20 * 1024 * 1024,
                show_default=True,
                help="Size cap per page, enforced while downloading and decompressing.",
            ),
            click.option(
                "--deadline",
                type=click.FloatRange(min=1),
                default=30.0,
                show_default=True,
                metavar="SECONDS",
                help="Total time allowed per page, whatever the server's pace.",
            ),
        ]
    ):
        command = option(command)
    return command


def policy_from(allow_private: bool, max_bytes: int, deadline: float) -> FetchPolicy:
    return FetchPolicy(allow_private=allow_private, max_bytes=max_bytes, deadline=deadline)
