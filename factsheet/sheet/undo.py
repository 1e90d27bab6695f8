"""Undo of this process's own changes: records go back where they were, the corrections
log only grows, and what someone else changed since is left as they made it."""

from __future__ import annotations

from factsheet.model import Claim
from factsheet.sheet.claims import ClaimEdits
from factsheet.sheet.values import CLAIMS, HISTORY, QUOTES
from factsheet.storage.fileformat import DELETED, META_TABLE


class Undo(ClaimEdits):
    def can_undo(self) -> bool:
        return self._store.can_undo()

    def undo(self) -> str | None:
        """Undo this process's last change; returns what was undone, or None.

        Records go back to where they were in the sheet. The corrections log only grows:
        undoing a verdict logs the verdict it goes back to. A record someone else changed
        since is left as they made it, and said so.
        """
        last = self._store.pop_undo()
        if last is None:
            return None
        skipped = []
        with self._change(f"undo {last.label}", undoable=False) as change:
            for op in reversed(last.ops.values()):
                if op.table in (META_TABLE, DELETED):
                    continue  # `updated` moves on; tombstones follow their records
                if change.get(op.table, op.record_id) != op.after:
                    skipped.append(op.record_id)
                    continue
                if op.table == HISTORY and op.before is None:
                    continue  # the log keeps its entries; one for the undo is added below
                change.put(op.table, op.record_id, op.before, op.doc_id)
            for op in last.ops.values():
                if op.table == CLAIMS and op.before is not None and op.after is not None:
                    before, after = op.before, op.after
                    if (before["rating"], before["rationale"]) != (
                        after["rating"],
                        after["rationale"],
                    ) and change.get(CLAIMS, op.record_id) == before:
                        self._log_verdict(
                            change,
                            Claim.from_dict(after),
                            before["rating"],
                            before["rationale"],
                        )
            # A claim the undo removes takes its log along, unless evidence refers to it.
            removed = {
                op.record_id
                for op in last.ops.values()
                if op.table == CLAIMS
                and op.before is None
                and change.get(CLAIMS, op.record_id) is None
            }
            if removed:
                cited = {q["claim"] for q in self._store.snapshot(QUOTES).values()} & removed
                for claim_id in cited:
                    op = last.ops[(CLAIMS, claim_id)]
                    change.put(CLAIMS, claim_id, op.after, None)
                    skipped.append(claim_id)
                for entry_id, entry in self._store.snapshot(HISTORY).items():
                    if entry["claim"] in removed - cited:
                        change.remove(HISTORY, entry_id)
        if skipped:
            self.notices.append(
                f"undo left {len(skipped)} record(s) as another reviewer changed them since"
            )
        return last.label
