"""Who is reviewing: `--reviewer`, else the config file, else the login name."""

from __future__ import annotations

import getpass
import os
import tomllib
from pathlib import Path

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


def resolve_reviewer(explicit: str | None = None) -> str:
    if explicit and explicit.strip():
        return explicit.strip()
    path = config_path()
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        config = {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InvalidInputError(f"{path}: is not a valid config file ({error})") from None
    name = config.get("reviewer")
    if isinstance(name, str) and name.strip():
        return name.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
