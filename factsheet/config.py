"""The user's settings: who is reviewing, and the app's keys.

`~/.config/factsheet/config.toml` (or `$FACTSHEET_CONFIG`):

    reviewer = "Ada Lovelace"

    [keymap]          # a binding id (the app's palette, ctrl+p, shows them) = its keys
    add-claim = "A"
    next-unrated = "n,N"
"""

from __future__ import annotations

import getpass
import os
import tomllib
from pathlib import Path
from typing import Any

from factsheet.errors import InvalidInputError


def config_path() -> Path:
    """`$FACTSHEET_CONFIG`, else `$XDG_CONFIG_HOME/factsheet/config.toml`."""
    explicit = os.environ.get("FACTSHEET_CONFIG")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "factsheet" / "config.toml"


def state_dir() -> Path:
    """Where factsheet keeps logs of its own: `$XDG_STATE_HOME/factsheet`."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "factsheet"


def load() -> dict[str, Any]:
    """The config file's settings ({} when there is none); a bad file is one clear error."""
    path = config_path()
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InvalidInputError(f"{path}: is not a valid config file ({error})") from None


def resolve_reviewer(explicit: str | None = None) -> str:
    """`explicit` (from --reviewer), else the config's `reviewer`, else the login name."""
    if explicit and explicit.strip():
        return explicit.strip()
    name = load().get("reviewer")
    if isinstance(name, str) and name.strip():
        return name.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def keymap() -> dict[str, str]:
    """The `[keymap]` table: binding id -> keys (comma-separated), checked."""
    table = load().get("keymap", {})
    if not isinstance(table, dict) or not all(
        isinstance(key, str) and isinstance(value, str) and value.strip()
        for key, value in table.items()
    ):
        raise InvalidInputError(
            f'{config_path()}: [keymap] must map binding ids to keys, e.g. add-claim = "A"'
        )
    return {key: value.strip() for key, value in table.items()}
