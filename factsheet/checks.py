"""Checks of a whole sheet: is every quote still in its source, and is it ready to publish?

`check_quotes` re-anchors each quote in the latest snapshot of its source, the way
`factsheet check` does for a newsroom's CI. An unchanged snapshot gives every anchor
back as it was; a quote whose words the latest snapshot no longer has is CHANGED
(its anchor stays on the older snapshot that has them) with the passage that
replaced them. It changes the sheet only when asked to (`save=True`); a missing
archive is reported as such, never as every quote "not found".

`publish_findings` lists what stands between a sheet and publication, modelled on what
IFCN signatories commit to: every rated claim has a rationale and evidence, every
quote is its source's words, every web source is archived, and the corrections log
accounts for every verdict.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factsheet import anchor
from factsheet.errors import FactsheetError, SheetFileError
from factsheet.model import UNRATED, Quote, Snapshot, Source

if TYPE_CHECKING:
    from factsheet.sheet import Sheet


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    """A quote re-anchored in its source's latest text: how it stood, how it stands, whether
    it moved, and for a quote that is not there, why (`detail`: how the source changed)."""

    quote_id: str
    source_id: str
    before: str
    after: str
    score: float
    moved: bool
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.after in (anchor.CHANGED, anchor.NOT_FOUND)


@dataclass(frozen=True, slots=True)
class Finding:
    """Something that stands between a sheet and publication: which record, and what."""

    record: str
    problem: str


def check_quotes(sheet: Sheet, *, save: bool = False) -> list[QuoteCheck]:
    """Re-anchor every quote in the latest snapshot of its source (saving what changed only
    with `save`)."""
    quotes = sheet.quotes()
    if quotes and not sheet.archive_dir.is_dir():
        raise SheetFileError(
            f"{sheet.archive_dir}: the sheet's archive folder is missing, so its quotes "
            "cannot be checked (nothing was changed); restore it beside the sheet"
        )
    sources = {source.id: source for source in sheet.sources()}
    latest: dict[str, tuple[dict[str, str], str] | str] = {}
    checks = []
    changes: dict[str, dict[str, Any]] = {}
    for quote in quotes:
        source = sources[quote.source]
        if source.id not in latest:
            latest[source.id] = _latest_texts(sheet, source)
        found, detail = _recheck(sheet, quote, source, latest[source.id])
        old = quote.anchor or {}
        if found is not None and (found["anchor"] != old or found["text"] != quote.text):
            changes[quote.id] = found
        new = found["anchor"] if found is not None else {**old, "status": anchor.NOT_FOUND}
        checks.append(
            QuoteCheck(
                quote.id,
                source.id,
                old.get("status", anchor.NOT_FOUND),
                new["status"],
                new.get("score", 0.0),
                (old.get("start"), old.get("snapshot")) != (new.get("start"), new.get("snapshot")),
                detail,
            )
        )
    if save and changes:
        sheet.set_anchors(changes, label="check quotes")
    return checks


def _latest_texts(sheet: Sheet, source: Source) -> tuple[dict[str, str], str] | str:
    """The latest snapshot's texts and id, or why there are none."""
    snapshot = source.latest_snapshot()
    if snapshot is None:
        return f"source {source.id} has no snapshot"
    try:
        return sheet.snapshot_texts(source.id), snapshot.id
    except FactsheetError as error:
        return str(error)


def _recheck(
    sheet: Sheet, quote: Quote, source: Source, latest: tuple[dict[str, str], str] | str
) -> tuple[dict[str, Any] | None, str]:
    """The quote's new anchor and words ({"anchor", "text"}; None: not anchored anywhere) in
    the latest texts of its source, and what a reviewer should hear about it."""
    from factsheet.sheet.quotes import quote_problem

    old = quote.anchor
    if not old or anchor.anchor_problem(old):
        return None, "it is not anchored in any snapshot"
    if isinstance(latest, str):
        problem = quote_problem(sheet, quote)
        if problem is None:
            return {"anchor": {**old, "status": anchor.CHANGED}, "text": quote.text}, latest
        return None, problem if latest in problem else f"{latest}; {problem}"
    texts, snapshot_id = latest
    found = anchor.reanchor(texts, old, snapshot_id, [source.language] if source.language else [])
    if found.anchor["status"] != anchor.CHANGED:
        return {"anchor": found.anchor, "text": found.words}, ""
    if old.get("snapshot") == snapshot_id:
        return None, "its words are not in its snapshot's text"
    problem = quote_problem(sheet, quote)
    if problem is not None:
        return None, problem
    if found.nearest is None:
        return {"anchor": found.anchor, "text": quote.text}, (
            "the source changed: the latest snapshot no longer has this passage"
        )
    changed = "; ".join(str(d) for d in found.nearest.differences)
    return {"anchor": found.anchor, "text": quote.text}, (
        f"the source changed: the latest snapshot words it differently (quoted → now: {changed})"
    )


def publish_findings(sheet: Sheet, *, require_crosscheck: bool = False) -> list[Finding]:
    """What stands between the sheet and publication, each naming its claim, quote or
    source; an empty list when it is ready. With `require_crosscheck`, every rated claim
    needs a second reviewer's agreeing cross-check."""
    from factsheet.sheet.quotes import quote_problem

    findings: list[Finding] = []
    quotes_of: dict[str, list[Quote]] = {}
    for quote in sheet.quotes():
        quotes_of.setdefault(quote.claim, []).append(quote)
    claims = sheet.claims()
    if all(claim.rating == UNRATED for claim in claims):
        findings.append(Finding("sheet", "has no claim with a verdict: nothing to publish"))
    for claim in claims:
        if claim.conflict:
            findings.append(Finding(claim.id, f"is marked as conflicting ({claim.conflict})"))
        if claim.rating == UNRATED:
            continue
        if not claim.rationale.strip():
            findings.append(Finding(claim.id, "is rated but has no rationale"))
        if not quotes_of.get(claim.id):
            findings.append(Finding(claim.id, "is rated but has no quote as evidence"))
        if require_crosscheck and (claim.crosscheck or {}).get("result") != "agreed":
            disputed = (claim.crosscheck or {}).get("result") == "disputed"
            findings.append(
                Finding(
                    claim.id,
                    "its verdict is disputed by the cross-check"
                    if disputed
                    else "its verdict has not been cross-checked by a second reviewer",
                )
            )
        log = sheet.history(claim.id)
        verdicts = [entry for entry in log if entry.event == "verdict"]
        if not verdicts or (verdicts[-1].rating_to, verdicts[-1].rationale_to) != (
            claim.rating,
            claim.rationale,
        ):
            findings.append(
                Finding(claim.id, "the corrections log does not record its current verdict")
            )
        for entry in log:
            if not (entry.at and entry.by):
                findings.append(Finding(entry.id, "a corrections log entry lacks when or who"))
    for quote in sheet.quotes():
        problem = quote_problem(sheet, quote)
        if problem is not None:
            findings.append(Finding(quote.id, f"is not shown to be its source's words: {problem}"))
    for source in sheet.sources():
        problem = _archive_problem(sheet, source)
        if problem is not None:
            findings.append(Finding(source.id, problem))
    return findings


def _archive_problem(sheet: Sheet, source: Source) -> str | None:
    """Why a web source is not archived with its hash (None: it is)."""
    if source.kind != "web":
        return None
    if not source.snapshots:
        return f"is not archived (run: factsheet archive SHEET {source.id})"
    snapshot = Snapshot.from_dict(source.snapshots[-1])
    if len(snapshot.sha256) != 64:
        return f"its snapshot {snapshot.id} has no hash"
    path = sheet.archive_dir / snapshot.original
    if not path.is_file():
        return f"its archived page {snapshot.original} is missing from the archive folder"
    if snapshot.kind == "file" and hashlib.sha256(path.read_bytes()).hexdigest() != (
        snapshot.sha256
    ):
        return f"its archived file {snapshot.original} does not match its hash"
    return None
