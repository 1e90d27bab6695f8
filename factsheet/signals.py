"""Signals are the main thread's: threads that factsheet starts leave them to it."""

from __future__ import annotations

import signal

# Ctrl+C, kill, a hang-up (an SSH connection that drops).
MAIN_THREAD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def leave_signals_to_the_main_thread() -> None:
    """Block Ctrl+C and its kin in the calling thread, so that the kernel hands them to
    the main thread, the one Python runs signal handlers in. Taken by a thread blocked in
    a read, a signal is only noted, and is acted on when the main thread next runs: a
    batch whose main thread sleeps until a slow fetch ends would wait for that fetch."""
    signal.pthread_sigmask(signal.SIG_BLOCK, MAIN_THREAD_SIGNALS)
