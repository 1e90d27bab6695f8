"""Merging a shared sheet into this one by stable ids: the decisions, as pure functions.

What is new (claims, quotes, sources, snapshots, log entries) is added. Verdicts are
decided by the corrections logs: a side whose log has entries the other lacks has
changed the verdict. When only the other side changed it, theirs is taken; when
both did and they disagree, nothing is lost: this sheet's verdict is kept, the
other side's entries join the log, the claim is marked as conflicting, and the
conflict is listed. Statuses only advance; tags and snapshots are united.

When the shared file comes with its base (the version both sides started from, as
`factsheet import --base` gives it), the merge is three-way instead, as git's merge
driver does it (`threeway.merge_sheets`): deletions on either side are taken too.

`plan` returns the records to write; `Sheet.merge` writes them in one change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from factsheet.errors import SharedFileError
from factsheet.model import UNRATED, Status
from factsheet.safe_text import one_line
from factsheet.threeway import merge_sheets

STATUS_ORDER = [status.value for status in Status]
KINDS = ("sources", "claims", "quotes", "history")

Records = Mapping[str, Mapping[str, Any]]
Put = tuple[str, str, dict[str, Any] | None]


@dataclass
class MergeReport:
    """What a merge did: counts of added records, what was updated, and the conflicts."""

    added: dict[str, int] = field(default_factory=dict)
    updated: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def check_ratings(document: Mapping[str, Any], keys: set[str]) -> None:
    """Every claim's rating must be on the scale (`keys`) of the sheet it goes into."""
    for index, claim in enumerate(document["claims"]):
        if claim["rating"] != UNRATED and claim["rating"] not in keys:
            raise SharedFileError(
                f"at $.claims[{index}].rating: {one_line(claim['rating'], 40)!r} is not on "
                "the scale of the sheet it goes into"
            )


def plan(
    local: Mapping[str, Records], document: Mapping[str, Any], scale: set[str]
) -> tuple[list[Put], MergeReport]:
    """The records to write to merge `document` into a sheet holding `local` (by kind and
    id), and the report of what that does."""
    check_ratings(document, scale)
    report = MergeReport(added=dict.fromkeys(KINDS, 0))
    puts: list[Put] = []
    puts += _sources(local["sources"], document["sources"], report)
    local_log: dict[str, set[str]] = {}
    for change_id, change in local["history"].items():
        local_log.setdefault(change["claim"], set()).add(change_id)
    incoming_log: dict[str, set[str]] = {}
    for change in document["history"]:
        incoming_log.setdefault(change["claim"], set()).add(change["id"])
    for claim in document["claims"]:
        puts += _claim(
            local["claims"].get(claim["id"]),
            claim,
            local_log.get(claim["id"], set()),
            incoming_log.get(claim["id"], set()),
            report,
        )
    for kind in ("quotes", "history"):
        puts += _new(kind, local[kind], document[kind], report)
    return puts, report


def plan_with_base(
    local: Mapping[str, Records],
    document: Mapping[str, Any],
    base: Mapping[str, Any],
    scale: set[str],
) -> tuple[list[Put], MergeReport]:
    """The records to write (None: to delete) to merge `document` into a sheet holding
    `local`, three-way with `base`, the version both started from."""
    check_ratings(document, scale)

    def tables(doc: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
        return {kind: {item["id"]: item for item in doc[kind]} for kind in KINDS}

    merged = merge_sheets(tables(base), local, tables(document))
    report = MergeReport(added=dict.fromkeys(KINDS, 0), conflicts=merged.conflicts)
    puts: list[Put] = []
    for kind in KINDS:
        mine, result = local[kind], merged.tables[kind]
        for record_id, record in result.items():
            if record_id not in mine:
                report.added[kind] += 1
                puts.append((kind, record_id, record))
            elif dict(mine[record_id]) != record:
                report.updated.append(f"{record_id}: changed")
                puts.append((kind, record_id, record))
        for record_id in mine.keys() - result.keys():
            report.updated.append(f"{record_id}: deleted")
            puts.append((kind, record_id, None))
    return puts, report


def _new(kind: str, local: Records, items: list[dict[str, Any]], report: MergeReport) -> list[Put]:
    added: list[Put] = [(kind, item["id"], dict(item)) for item in items if item["id"] not in local]
    report.added[kind] += len(added)
    return added


def _sources(local: Records, sources: list[dict[str, Any]], report: MergeReport) -> list[Put]:
    puts = []
    for source in sources:
        mine = local.get(source["id"])
        if mine is None:
            continue
        known = {snapshot["id"] for snapshot in mine["snapshots"]}
        new = [snapshot for snapshot in source["snapshots"] if snapshot["id"] not in known]
        if new:
            snapshots = sorted([*mine["snapshots"], *new], key=lambda s: (s["taken"], s["id"]))
            puts.append(("sources", source["id"], {**mine, "snapshots": snapshots}))
            report.updated.append(f"{source['id']}: {len(new)} snapshot(s) added")
    return puts + _new("sources", local, sources, report)


def _claim(
    mine: Mapping[str, Any] | None,
    claim: dict[str, Any],
    local_log: set[str],
    incoming_log: set[str],
    report: MergeReport,
) -> list[Put]:
    if mine is None:
        report.added["claims"] += 1
        return [("claims", claim["id"], dict(claim))]
    changes: dict[str, Any] = {}
    tags = sorted(set(mine["tags"]) | set(claim["tags"]))
    if tags != mine["tags"]:
        changes["tags"] = tags
    if _rank(claim["status"]) > _rank(mine["status"]):
        changes["status"] = claim["status"]
    ours = (mine["rating"], mine["rationale"])
    theirs = (claim["rating"], claim["rationale"])
    they_changed = bool(incoming_log - local_log)
    we_changed = bool(local_log - incoming_log)
    if ours != theirs:
        if they_changed and not we_changed:
            changes.update(rating=claim["rating"], rationale=claim["rationale"])
        else:
            changes["conflict"] = "the verdicts of a merged sheet differ; both are in the log"
            report.conflicts.append(
                f"{claim['id']}: the verdicts differ; kept this sheet's {ours[0]} "
                f"({one_line(ours[1], 60)!r}) over {theirs[0]} ({one_line(theirs[1], 60)!r}); "
                "both are in the corrections log"
            )
    if not changes:
        return []
    report.updated.append(f"{claim['id']}: {', '.join(sorted(changes))}")
    return [("claims", claim["id"], {**mine, **changes})]


def _rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else -1
