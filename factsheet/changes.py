"""What changed in a sheet: the events `Sheet.subscribe` delivers.

A change is "local" (made by this process) or "external" (saved by another process
and taken in by `Sheet.refresh`, or found while saving); it names the records it
touched by (kind, id), and lists the records two processes changed at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from factsheet.threeway import FieldConflict


@dataclass(frozen=True, slots=True)
class Conflict:
    """A record both this process and another changed differently; this process's value
    stands and the other's is reported."""

    table: str
    record_id: str
    conflicts: tuple[FieldConflict, ...]


@dataclass(frozen=True, slots=True)
class Event:
    """What changed in memory: by this process ("local") or found on disk ("external")."""

    origin: str
    records: frozenset[tuple[str, str]]
    label: str = ""
    conflicts: tuple[Conflict, ...] = ()
