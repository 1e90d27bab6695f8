"""One reviewer's app, driven headless in a process of its own, making random edits by
key while other processes edit the same sheet. Prints what it saved as JSON lines:

    {"ack": "claim", "id": ...}       a claim it added (saved)
    {"ack": "undone", "id": ...}      a claim of its own it took back with undo (u)
    {"ack": "log", "id": ..., ...}    a corrections-log entry it made (saved)
    {"ready": true} / {"synced": seconds}

Usage: python live_app.py SHEET NAME SEED EDITS  (then a line on stdin: check the screen)
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from pathlib import Path

from factsheet import Sheet
from factsheet.ui.app import FactsheetApp
from factsheet.ui.screens.forms import ClaimForm
from factsheet.ui.widgets.claims_pane import ClaimsPane


def say(**data: object) -> None:
    print(json.dumps(data), flush=True)


def on_disk(path: Path) -> dict[str, str]:
    data = json.loads(path.read_bytes())
    return {record["id"]: record["rating"] for record in data["claims"].values()}


async def main(path: Path, name: str, seed: int, edits: int) -> None:
    rng = random.Random(seed)
    sheet = Sheet.open(path, reviewer=name, background_saves=True)
    app = FactsheetApp(sheet)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(ClaimsPane)
        say(ready=True)
        for n in range(edits):
            for _ in range(rng.randrange(3)):
                await pilot.press(rng.choice("jk"))
            before = {e.id for e in sheet.history()}
            claims_before = {c.id for c in sheet.claims()}
            action = rng.random()
            key = "u" if action >= 0.9 else ("s" if action >= 0.75 else "digit")
            if action < 0.25:
                await pilot.press("a")
                if isinstance(app.screen, ClaimForm):
                    await pilot.press(*f"{name} {n}", "ctrl+s")
            elif action < 0.75:
                await pilot.press(rng.choice("123456"))
            elif action < 0.9:
                await pilot.press("s")
            else:
                await pilot.press("u")
            await pilot.pause()
            sheet.flush()
            for claim in sheet.claims():
                if claim.text == f"{name} {n}":
                    say(ack="claim", id=claim.id, by=name, n=n)
            for entry in sheet.history():
                if entry.id not in before and entry.by == name:
                    say(
                        ack="log",
                        id=entry.id,
                        claim=entry.claim,
                        to=entry.rating_to,
                        key=key,
                        by=name,
                    )
            if action >= 0.9:  # an undo may take back a claim this app added
                for claim_id in claims_before - {c.id for c in sheet.claims()}:
                    say(ack="undone", id=claim_id, by=name, n=n, t=time.time())
        say(done=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        started = time.monotonic()
        while True:
            shown = {c.id: c.rating for c in pane.visible_claims}
            if shown == on_disk(path):
                break
            if time.monotonic() - started > 30:
                disk = on_disk(path)
                differ = {
                    k: (shown.get(k), disk.get(k))
                    for k in shown.keys() | disk.keys()
                    if shown.get(k) != disk.get(k)
                }
                memory = {c.id: c.rating for c in sheet.claims()}
                say(
                    synced=None,
                    differ=list(differ.items())[:5],
                    saved=sheet.saved,
                    memory_matches_disk=memory == disk,
                    screen=type(app.screen).__name__,
                    notes=[n.message for n in app._notifications][-5:],
                )
                return
            await pilot.pause(0.05)
        say(synced=round(time.monotonic() - started, 3))
    sheet.close()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
