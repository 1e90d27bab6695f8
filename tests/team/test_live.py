"""Reviewers editing one sheet live: two apps and a command-line loop, each in a process
of its own, make 500 random edits between them on one sheet."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from conftest import on_disk

from factsheet import Sheet

HERE = Path(__file__).parent
APP_EDITS = 100
CLI_EDITS = 300

CLI_LOOP = """
import json, random, sys, time
from click.testing import CliRunner
from factsheet.cli import cli
path, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
runner = CliRunner()
mine = []
def run(*args):
    return runner.invoke(cli, ["--reviewer", "carol", *args])
ids = []
for n in range(count):
    if n % 25 == 0:  # what the others added meanwhile
        ids = [c["id"] for c in json.loads(run("claim", "list", path, "--json").stdout)]
    action = rng.random()
    if action < 0.3 or not ids:
        result = run("claim", "add", path, f"carol {n}")
        if result.exit_code == 0:
            mine.append(result.stdout.strip())
            ids.append(mine[-1])
            print(json.dumps({"ack": "claim", "id": mine[-1], "by": "carol", "n": n}), flush=True)
    elif action < 0.7:
        target = rng.choice(ids)
        rating = rng.choice(["true", "mixed", "false", "unproven"])
        result = run("verdict", path, target, rating, "--json")
        if result.exit_code == 0 and result.stdout.strip() != "null":
            entry = json.loads(result.stdout)
            print(json.dumps({"ack": "log", "id": entry["id"], "claim": target}), flush=True)
    elif action < 0.85:
        run("claim", "status", path, rng.choice(ids), rng.choice(["new", "in-review", "done"]))
    elif mine:
        doomed = mine.pop(rng.randrange(len(mine)))
        if doomed in ids:
            ids.remove(doomed)
        if run("claim", "delete", path, doomed).exit_code == 0:
            ack = {"ack": "deleted", "id": doomed, "by": "carol", "n": n, "t": time.time()}
            print(json.dumps(ack), flush=True)
print(json.dumps({"done": True}), flush=True)
"""


def test_two_apps_and_a_cli_loop_lose_no_edit_and_the_screens_follow(demo_sheet: Path) -> None:
    apps = [
        subprocess.Popen(
            [
                sys.executable,
                str(HERE / "live_app.py"),
                str(demo_sheet),
                name,
                str(seed),
                str(APP_EDITS),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed, name in enumerate(("ada", "bob"))
    ]
    try:
        for app in apps:
            assert json.loads(app.stdout.readline()) == {"ready": True}
        loop = subprocess.run(
            [sys.executable, "-c", CLI_LOOP, str(demo_sheet), "7", str(CLI_EDITS)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert loop.returncode == 0, loop.stderr[-2000:]
        events = [json.loads(line) for line in loop.stdout.splitlines()]
        for app in apps:
            for line in iter(app.stdout.readline, ""):
                event = json.loads(line)
                if event.get("done"):
                    break
                events.append(event)
        for app in apps:  # every edit is made: now each screen must come to show the file
            app.stdin.write("check\n")
            app.stdin.flush()
        synced = [json.loads(app.stdout.readline())["synced"] for app in apps]
        for app in apps:
            assert app.wait(timeout=60) == 0
    finally:
        for app in apps:
            if app.poll() is None:
                app.kill()
    print(f"screens matched the file {synced} s after the last edit")
    assert all(seconds is not None and seconds < 5 for seconds in synced), synced
    data = on_disk(demo_sheet)
    deleted = {e["id"] for e in events if e.get("ack") in ("deleted", "undone")}
    added = {e["id"] for e in events if e.get("ack") == "claim"}
    gone = [
        e
        for e in events
        if e.get("ack") == "claim" and e["id"] in added - deleted - set(data["claims"])
    ]
    story = [
        e
        for e in events
        if e.get("id") in {g["id"] for g in gone} or e.get("claim") in {g["id"] for g in gone}
    ]
    assert not gone, f"acknowledged new claims were lost: {story[:10]}"
    # A delete is not taken when another reviewer changed the claim at the same time: the
    # change wins, and the claim stays (whole). One that came back unchanged since (5 s:
    # the change may have been made in memory just before the delete) is a bug.
    gone_at = {e["id"]: e["t"] for e in events if e.get("ack") in ("deleted", "undone")}
    back = {
        claim_id
        for claim_id in deleted & set(data["claims"])
        if stamp(data["claims"][claim_id]["updated"]) < gone_at[claim_id] - 5
    }
    story = [e for e in events if e.get("id") in back or e.get("claim") in back]
    assert not back, f"deleted claims came back unchanged: {sorted(back)}: {story[:12]}"
    logged = {e["id"]: e["claim"] for e in events if e.get("ack") == "log"}
    missing = {h for h, claim in logged.items() if claim in data["claims"]} - set(data["history"])
    lost = [e for e in events if e.get("id") in missing]
    assert not missing, f"acknowledged log entries were lost: {lost[:5]}"
    for claim_id, claim in data["claims"].items():  # the log tells each verdict's story
        verdicts = [
            h
            for h in data["history"].values()
            if h["claim"] == claim_id and h["event"] == "verdict"
        ]
        if verdicts and not claim["conflict"]:
            assert claim["rating"] == verdicts[-1]["rating_to"], claim_id
    assert len(events) > 150


def stamp(iso: str) -> float:
    """Seconds since the epoch of a sheet's UTC timestamp."""
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


KILLED_WRITER = """
import random, sys
from factsheet import Sheet
path, name, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
with Sheet.open(path, reviewer=name, lock_wait=30) as sheet:
    for n in range(10**6):
        ids = [c.id for c in sheet.claims()]
        if n % 2:
            target, rating = rng.choice(ids), rng.choice(["true", "false"])
            entry = sheet.set_verdict(target, rating, rationale=f"{name} {n}")
            if entry:
                print(f"log {entry.id}", flush=True)
        else:
            print(f"claim {sheet.add_claim(f'{name} {n}').id}", flush=True)
"""


def test_sigkill_during_concurrent_writers_loses_no_acknowledged_edit(sheet_file: Path) -> None:
    with Sheet.open(sheet_file) as sheet:
        sheet.add_claim("the first claim")
    rng = random.Random(2016)
    acknowledged: dict[str, set[str]] = {"claim": set(), "log": set()}
    for run in range(15):
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", KILLED_WRITER, str(sheet_file), name, str(run)],
                stdout=subprocess.PIPE,
                text=True,
            )
            for name in ("ada", "bob")
        ]
        for writer in writers:
            for _ in range(rng.randrange(1, 12)):
                line = writer.stdout.readline()
                kind, _, record_id = line.strip().partition(" ")
                if kind:
                    acknowledged[kind].add(record_id)
        victim = rng.choice(writers)
        os.kill(victim.pid, signal.SIGKILL)
        for writer in writers:
            if writer is not victim:
                writer.send_signal(signal.SIGKILL)
            writer.wait()
            for line in writer.stdout.read().splitlines():  # acknowledged before the kill
                kind, _, record_id = line.partition(" ")
                if kind:
                    acknowledged[kind].add(record_id)
        data = on_disk(sheet_file)
        assert acknowledged["claim"] <= set(data["claims"]), f"run {run} lost a claim"
        assert acknowledged["log"] <= set(data["history"]), f"run {run} lost a verdict"
    assert len(acknowledged["claim"]) > 15
