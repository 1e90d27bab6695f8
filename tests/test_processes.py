"""Real processes: SIGKILL during saves, and two processes on one sheet."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

from factsheet import Sheet

KILLS = 100
_fork = multiprocessing.get_context("fork")


def _edit_forever(path: str, run: int, acks: Connection) -> None:
    """Child: add claims and change a verdict in a loop, acknowledging each saved edit."""
    with Sheet.open(path, lock_wait=10) as sheet:
        target = sheet.claims()[0].id
        for n in range(10**6):
            if n % 2:
                sheet.set_verdict(target, "false" if n % 4 == 1 else "true", rationale=f"{run}/{n}")
            else:
                sheet.add_claim(f"edit {run}/{n}")
            acks.send(n)


def test_sigkill_at_random_moments_never_loses_an_acknowledged_edit(sheet_file: Path) -> None:
    with Sheet.open(sheet_file) as sheet:
        sheet.add_claim("the claim whose verdict changes")
    rng = random.Random(20141204)
    interrupted_saves = 0
    for run in range(KILLS):
        receiver, sender = _fork.Pipe(duplex=False)
        child = _fork.Process(target=_edit_forever, args=(str(sheet_file), run, sender))
        child.start()
        sender.close()
        # The kill lands at a random moment once the child is editing (its first edit is
        # acknowledged), however long a busy machine takes to start it.
        acked: list[int] = []
        if receiver.poll(60):
            acked.append(receiver.recv())
        deadline = time.monotonic() + rng.uniform(0.0, 0.05)
        while time.monotonic() < deadline:
            if receiver.poll(0.001):
                acked.append(receiver.recv())
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        while receiver.poll():
            try:
                acked.append(receiver.recv())
            except EOFError:
                break
        receiver.close()
        interrupted_saves += bool(list(sheet_file.parent.glob(f".{sheet_file.name}.*.tmp")))
        with Sheet.open(sheet_file, writable=False) as after:
            texts = {claim.text for claim in after.claims()}
            added = [n for n in acked if n % 2 == 0]
            assert {f"edit {run}/{n}" for n in added} <= texts, f"run {run} lost an edit"
            verdicts = [n for n in acked if n % 2]
            if verdicts:
                claim = next(c for c in after.claims() if c.text.startswith("the claim"))
                saved_n = int(claim.rationale.split("/")[1])
                assert claim.rationale.startswith(f"{run}/") and saved_n >= verdicts[-1]
    # Proof that kills landed in the middle of saves, not only between them.
    print(f"{interrupted_saves} of {KILLS} kills interrupted a save")
    assert interrupted_saves > 0


INSERTER = """
import sys
from factsheet import Sheet
path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Sheet.open(path, lock_wait=30) as sheet:
    print("open", flush=True)
    sys.stdin.readline()
    for n in range(count):
        sheet.add_claim(f"{name} {n}")
"""


def test_two_processes_with_the_sheet_open_at_once_lose_nothing(sheet_file: Path) -> None:
    """Both have the sheet open for the whole run, as two reviewers' apps do."""
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", INSERTER, str(sheet_file), name, "300"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("alice", "bob")
    ]
    for writer in writers:
        assert writer.stdout.readline().strip() == "open"
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    assert [writer.wait(timeout=300) for writer in writers] == [0, 0]
    with Sheet.open(sheet_file, writable=False) as sheet:
        texts = [claim.text for claim in sheet.claims()]
    assert len(texts) == 600
    assert {f"alice {n}" for n in range(300)} | {f"bob {n}" for n in range(300)} == set(texts)
    for name in ("alice", "bob"):  # each writer's claims in the order it made them
        mine = [text for text in texts if text.startswith(name)]
        assert mine == [f"{name} {n}" for n in range(300)]


LOCK_HOLDER = """
import sys
from filelock import FileLock
from factsheet.storage.locking import lock_path
from pathlib import Path
with FileLock(lock_path(Path(sys.argv[1]))):
    print("locked", flush=True)
    sys.stdin.readline()
"""


def test_a_save_waits_for_the_lock_and_says_so_when_it_cannot_get_it(sheet_file: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(sheet_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = sheet_file.read_bytes()
        command = [sys.executable, "-m", "factsheet", "--wait", "0.2", "claim", "add"]
        second = subprocess.run(
            [*command, str(sheet_file), "x"], capture_output=True, text=True, check=False
        )
        assert second.returncode == 1
        assert second.stderr.strip() == (
            f"Error: {sheet_file}: another factsheet process is saving it (waited 0.2 s); "
            "nothing was changed (try again)"
        )
        assert sheet_file.read_bytes() == before
        reader = subprocess.run(
            [sys.executable, "-m", "factsheet", "info", str(sheet_file)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert reader.returncode == 0 and "0 claims, 1 sources" in reader.stdout
    finally:
        holder.communicate("done\n", timeout=30)
