"""Claims and their verdicts: add, edit, rate, triage, assign, cross-check, delete; every
verdict change, assignment and cross-check is logged in the corrections log with who
and when."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from factsheet.errors import ChangedMeanwhileError, InvalidInputError
from factsheet.model import CLAIMANT_KINDS, UNRATED, Claim, LogEvent, Status, VerdictChange
from factsheet.safe_text import one_line
from factsheet.sheet.base import SheetBase
from factsheet.sheet.values import (
    CLAIMS,
    HISTORY,
    QUOTES,
    choice,
    required,
    short,
    tags_of,
    web_address,
)
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
        claimant_kind: str | None = None,
        review_url: str | None = None,
    ) -> Claim:
        """Change a claim's text, claimant ('' for nobody), source ('' for none), tags, the
        kind of its claimant ("person" or "organization", '' for not said) or the URL of
        its published fact-check ('' for none). A value equal to the stored one is no
        change: it is kept byte for byte."""
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
            if claimant_kind is not None:
                kind = claimant_kind.strip().lower().replace("organisation", "organization")
                if kind and kind not in CLAIMANT_KINDS:
                    raise InvalidInputError(
                        f"{one_line(claimant_kind, 40)!r} is not a kind of claimant; "
                        "choose person or organization"
                    )
                changes["claimant_kind"] = kind or None
            if review_url is not None:
                changes["review_url"] = web_address(review_url, "fact-check URL")
            changes = {k: v for k, v in changes.items() if getattr(claim, k) != v}
            if changes:
                change.update(CLAIMS, claim.id, {**changes, "updated": self._clock()})
        return self.claim(claim.id)

    def set_verdict(
        self,
        claim_id: str,
        rating: str,
        *,
        rationale: str | None = None,
        seen: tuple[str, str] | None = None,
    ) -> VerdictChange | None:
        """Set a claim's rating (and rationale); the change goes into the corrections log.

        Setting a verdict settles a conflict between reviewers; a new verdict needs a new
        cross-check. Returns the log entry, or None when nothing changed. `seen` is the
        (rating, rationale) the caller's verdict was made from (a form opened a while
        ago): when the claim's verdict is no longer that, ChangedMeanwhileError says who
        changed it to what, and nothing is saved.
        """
        claim = self.claim(claim_id)
        with self._change(f"verdict on “{short(claim.text)}”") as change:
            claim = self.claim(claim.id)
            if seen is not None and (claim.rating, claim.rationale) != seen:
                raise ChangedMeanwhileError(self._changed_meanwhile(claim))
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
                    "crosscheck": None,
                },
            )
        return entry

    def assign(self, claim_id: str, reviewer: str | None) -> Claim:
        """Give a claim to a reviewer to check (None or "": to nobody); logged."""
        claim = self.claim(claim_id)
        name = (reviewer or "").strip() or None
        with self._change(f"assign “{short(claim.text)}”") as change:
            claim = self.claim(claim.id)
            if name != claim.assignee:
                note = f"to {name}" if name else "to nobody"
                self._log_verdict(
                    change, claim, claim.rating, claim.rationale, event=LogEvent.ASSIGN, note=note
                )
                change.update(CLAIMS, claim.id, {"assignee": name, "updated": self._clock()})
        return self.claim(claim.id)

    def cross_check(self, claim_id: str, *, agree: bool, note: str = "") -> Claim:
        """A second reviewer's check of a claim's verdict: they agree with it, or dispute it
        (say why in `note`). Never by the reviewer who set the verdict; logged."""
        claim = self.claim(claim_id)
        with self._change(f"cross-check “{short(claim.text)}”") as change:
            claim = self.claim(claim.id)
            if claim.rating == UNRATED:
                raise InvalidInputError(f"claim {claim.id} has no verdict to cross-check yet")
            author = self.verdict_author(claim.id)
            if author == self.reviewer:
                raise InvalidInputError(
                    f"{self.reviewer} set this verdict; a cross-check must come from another "
                    "reviewer"
                )
            if not agree and not note.strip():
                raise InvalidInputError("say why you dispute the verdict (a note)")
            result = "agreed" if agree else "disputed"
            entry = self._log_verdict(
                change,
                claim,
                claim.rating,
                claim.rationale,
                event=LogEvent.CROSSCHECK,
                note=f"{result}: {note.strip()}" if note.strip() else result,
            )
            crosscheck = {"by": self.reviewer, "at": entry.at, "result": result, "note": note}
            change.update(CLAIMS, claim.id, {"crosscheck": crosscheck, "updated": entry.at})
        return self.claim(claim.id)

    def _changed_meanwhile(self, claim: Claim) -> str:
        verdicts = [c for c in self.history(claim.id) if c.event == LogEvent.VERDICT]
        who = f"{verdicts[-1].by} " if verdicts else "another reviewer "
        labels = {r.key: r.label for r in self.ratings()}
        rating = labels.get(claim.rating, claim.rating or "no verdict")
        said = f" (“{short(claim.rationale)}”)" if claim.rationale else ""
        return f"meanwhile {who}set this claim's verdict to {rating}{said}; nothing was saved"

    def verdict_author(self, claim_id: str) -> str | None:
        """Who set the claim's current verdict (the last verdict change in its log)."""
        verdicts = [c for c in self.history(claim_id) if c.event == LogEvent.VERDICT]
        return verdicts[-1].by if verdicts else None

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
        self,
        change: Writer,
        claim: Claim,
        rating: str,
        rationale: str,
        *,
        event: LogEvent = LogEvent.VERDICT,
        note: str = "",
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
            event=event.value,
            note=note,
        )
        change.insert(HISTORY, entry.to_dict())
        return entry
