"""The limits a fetch works under; light to import, so that the app can start fast."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

USER_AGENT = "factsheet/0.1 (fact-check archiver; +keeps a WARC of cited pages)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    connect_timeout: float = 10.0
    read_timeout: float = 10.0
    deadline: float = 30.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 10
    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()
    user_agent: str = USER_AGENT
    # host, port -> addresses: the system's resolver unless replaced (tests give names
    # addresses of their choosing this way, with no DNS server).
    resolver: Callable[[str, int], list[str]] | None = None
