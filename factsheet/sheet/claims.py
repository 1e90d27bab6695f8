"""Claims and their verdicts: add, edit, rate, triage, delete; every verdict change is
logged in the corrections log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from factsheet.model import Claim, Status, VerdictChange
from factsheet.sheet.base import SheetBase
from factsheet.sheet.values import CLAIMS, HISTORY, QUOTES, choice, required, short, tags_of
from factsheet.storage.transaction import Writer


class ClaimEdits(SheetBase):
    def add_claim(
        self,
        text: str,
        *,
        claimant: str | None = None,
        source: str | None = None,
        tags: Iterable[str] = (),
        status: str = Status.NEW.value,
    ) -> Claim:
        text = required(text, "claim text")
        with self._change(f"add claim “{short(text)}”") as change:
            now = self._clock()
            claim = Claim(
                id=self._new_id("c", CLAIMS),
                text=text,
                claimant=(claimant or "").strip() or None,
                source=self.source(source).id if source else None,
                status=choice(status, Status, "status"),
                tags=tags_of(tags),
                created=now,
                updated=now,
            )
            change.insert(CLAIMS, claim.to_dict())
        return claim

    def edit_claim(
        self,
        claim_id: str,
        *,
        text: str | None = None,
        claimant: str | None = None,
        source: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Claim:
        """Change a claim's text, claimant ('' for nobody), source ('' for none) or tags.
        A value equal to the stored one is no change: it is kept byte for byte."""
        claim = self.claim(claim_id)
        with self._change(f"edit claim “{short(claim.text)}”") as change:
            claim = self.claim(claim.id)
            changes: dict[str, Any] = {}
            if text is not None and text != claim.text:
                changes["text"] = required(text, "claim text")
            if claimant is not None and claimant != (claim.claimant or ""):
                changes["claimant"] = claimant.strip() or None
            if source is not None:
                changes["source"] = self.source(source).id if source.strip() else None
            if tags is not None:
                changes["tags"] = tags_of(tags)
            changes = {k: v for k, v in changes.items() if getattr(claim, k) != v}
            if changes:
                change.update(CLAIMS, claim.id, {**changes, "updated": self._clock()})
        return self.claim(claim.id)

    def set_verdict(
        self, claim_id: str, rating: str, *, rationale: str | None = None
    ) -> VerdictChange | None:
        """Set a claim's rating (and rationale); the change goes into the corrections log.

        Setting a verdict settles a conflict between reviewers. Returns the log entry, or
        None when nothing changed.
        """
        claim = self.claim(claim_id)
        with self._change(f"verdict on “{short(claim.text)}”") as change:
            claim = self.claim(claim.id)
            new_rating = self.resolve_rating(rating)
            unchanged = rationale is None or rationale == claim.rationale  # kept byte for byte
            new_rationale = claim.rationale if unchanged else (rationale or "").strip()
            if (new_rating, new_rationale) == (claim.rating, claim.rationale):
                if claim.conflict:
                    change.update(CLAIMS, claim.id, {"conflict": ""})
                return None
            entry = self._log_verdict(change, claim, new_rating, new_rationale)
            change.update(
                CLAIMS,
                claim.id,
                {
                    "rating": new_rating,
                    "rationale": new_rationale,
                    "updated": entry.at,
                    "conflict": "",
                },
            )
        return entry

    def set_status(self, claim_id: str, status: str) -> Claim:
        claim = self.claim(claim_id)
        status = choice(status, Status, "status")
        with self._change(f"status of “{short(claim.text)}”") as change:
            if status != self.claim(claim.id).status:
                change.update(CLAIMS, claim.id, {"status": status, "updated": self._clock()})
        return self.claim(claim.id)

    def delete_claim(self, claim_id: str) -> Claim:
        """Delete a claim with its quotes and its corrections log (undo brings all back)."""
        claim = self.claim(claim_id)
        with self._change(f"delete claim “{short(claim.text)}”") as change:
            for quote_id in list(self._quote_index().get(claim.id, [])):
                change.remove(QUOTES, quote_id)
            for entry_id, entry in self._store.snapshot(HISTORY).items():
                if entry["claim"] == claim.id:
                    change.remove(HISTORY, entry_id)
            change.remove(CLAIMS, claim.id)
        return claim

    def _log_verdict(
        self, change: Writer, claim: Claim, rating: str, rationale: str
    ) -> VerdictChange:
        entry = VerdictChange(
            id=self._new_id("v", HISTORY),
            claim=claim.id,
            at=self._clock(),
            by=self.reviewer,
            rating_from=claim.rating,
            rating_to=rating,
            rationale_from=claim.rationale,
            rationale_to=rationale,
        )
        change.insert(HISTORY, entry.to_dict())
        return entry
