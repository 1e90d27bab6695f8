"""Importing a shared sheet: as a new sheet, or merged into one by stable ids.

Merging adds what is new (claims, quotes, sources, snapshots, log entries) and
decides verdicts by their corrections logs: a side whose log has entries the
other lacks has changed the verdict. When only one side changed it, that side
wins; when both did and they disagree, nothing is lost: this sheet's verdict is
kept, the other side's entries join the log, and the conflict is listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factsheet.exchange.json_format import Document, ExchangeError
from factsheet.model import UNRATED, Rating, Status
from factsheet.safe_text import one_line
from factsheet.sheet import CLAIMS, HISTORY, QUOTES, SOURCES, Sheet

STATUS_ORDER = [status.value for status in Status]


@dataclass
class MergeReport:
    """What a merge did: counts of added items, and the conflicts to look at."""

    added: dict[str, int] = field(default_factory=dict)
    updated: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def create_from(document: Document, path: Path, *, reviewer: str | None = None) -> Sheet:
    """A new sheet at `path` holding exactly the shared document's items."""
    info = document["sheet"]
    scale = [Rating(**level) for level in info["scale"]]
    _check_ratings(document, {level.key for level in scale}, "its own scale")
    sheet = Sheet.create(
        path, title=info["title"], description=info["description"], scale=scale, reviewer=reviewer
    )
    with sheet.store.transaction("import"):
        for table in (SOURCES, CLAIMS, QUOTES, HISTORY):
            for item in document[table]:
                sheet.store.insert(table, item["id"], item)
    return sheet


def merge_into(sheet: Sheet, document: Document) -> MergeReport:
    """Merge a shared document into `sheet` in one transaction (one undo step)."""
    keys = {rating.key for rating in sheet.ratings()}
    _check_ratings(document, keys, "this sheet's scale")
    report = MergeReport()
    store = sheet.store
    with store.transaction("merge"):
        _merge_sources(sheet, document[SOURCES], report)
        local_log = {change["claim"]: set() for change in store.records(HISTORY).values()}
        for change_id, change in store.records(HISTORY).items():
            local_log[change["claim"]].add(change_id)
        incoming_log: dict[str, list[dict[str, Any]]] = {}
        for change in document[HISTORY]:
            incoming_log.setdefault(change["claim"], []).append(change)
        for claim in document[CLAIMS]:
            _merge_claim(
                sheet,
                claim,
                local_log.get(claim["id"], set()),
                incoming_log.get(claim["id"], []),
                report,
            )
        _add_new(sheet, QUOTES, document[QUOTES], report)
        _add_new(sheet, HISTORY, document[HISTORY], report)
    return report


def _check_ratings(document: Document, keys: set[str], scale: str) -> None:
    for index, claim in enumerate(document[CLAIMS]):
        if claim["rating"] != UNRATED and claim["rating"] not in keys:
            raise ExchangeError(
                f"at $.claims[{index}].rating: {claim['rating']!r} is not on {scale}"
            )


def _add_new(
    sheet: Sheet, table: str, items: Iterable[dict[str, Any]], report: MergeReport
) -> None:
    existing = sheet.store.records(table)
    added = [item for item in items if item["id"] not in existing]
    for item in added:
        sheet.store.insert(table, item["id"], item)
    report.added[table] = report.added.get(table, 0) + len(added)


def _merge_sources(sheet: Sheet, sources: list[dict[str, Any]], report: MergeReport) -> None:
    existing = sheet.store.records(SOURCES)
    for source in sources:
        local = existing.get(source["id"])
        if local is None:
            continue
        known = {snapshot["id"] for snapshot in local["snapshots"]}
        new = [snapshot for snapshot in source["snapshots"] if snapshot["id"] not in known]
        if new:
            snapshots = sorted([*local["snapshots"], *new], key=lambda s: (s["taken"], s["id"]))
            sheet.store.update(SOURCES, source["id"], {"snapshots": snapshots})
            report.updated.append(f"{source['id']}: {len(new)} snapshot(s) added")
    _add_new(sheet, SOURCES, sources, report)


def _merge_claim(
    sheet: Sheet,
    claim: dict[str, Any],
    local_log: set[str],
    incoming_log: list[dict[str, Any]],
    report: MergeReport,
) -> None:
    local = sheet.store.records(CLAIMS).get(claim["id"])
    if local is None:
        sheet.store.insert(CLAIMS, claim["id"], claim)
        report.added[CLAIMS] = report.added.get(CLAIMS, 0) + 1
        return
    changes: dict[str, Any] = {}
    tags = sorted(set(local["tags"]) | set(claim["tags"]))
    if tags != local["tags"]:
        changes["tags"] = tags
    if _rank(claim["status"]) > _rank(local["status"]):
        changes["status"] = claim["status"]
    ours = (local["rating"], local["rationale"])
    theirs = (claim["rating"], claim["rationale"])
    incoming_ids = {change["id"] for change in incoming_log}
    they_changed = bool(incoming_ids - local_log)
    we_changed = bool(local_log - incoming_ids)
    if ours != theirs:
        if they_changed and not we_changed:
            changes.update(rating=claim["rating"], rationale=claim["rationale"])
        else:
            report.conflicts.append(
                f"{claim['id']}: the verdicts differ; kept this sheet's {ours[0]} "
                f"({one_line(ours[1], 60)!r}) over {theirs[0]} ({one_line(theirs[1], 60)!r}); "
                "both are in the corrections log"
            )
    if changes:
        sheet.store.update(CLAIMS, claim["id"], changes)
        report.updated.append(f"{claim['id']}: {', '.join(sorted(changes))}")


def _rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else -1
