"""Archiving many URLs at once: bounded concurrency overall and per host, results as they come.

Each result is handed back as soon as its fetch ends, so the caller saves it at once:
interrupting a batch (Ctrl+C) keeps every capture already finished.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from factsheet.archive.fetch import make_client
from factsheet.archive.policy import FetchPolicy
from factsheet.errors import FactsheetError
from factsheet.signals import leave_signals_to_the_main_thread

DEFAULT_CONCURRENCY = 16
DEFAULT_PER_HOST = 4


@dataclass(frozen=True, slots=True)
class Job:
    key: str
    url: str


T = TypeVar("T")


def run_batch(
    jobs: Sequence[Job],
    work: Callable[[Job, httpx.Client, threading.Event], T],
    policy: FetchPolicy,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_host: int = DEFAULT_PER_HOST,
) -> Iterator[tuple[Job, T | FactsheetError]]:
    """Run `work` for every job on a pool of threads sharing one client; yield each
    (job, result or error) as it finishes. Closing the iterator cancels what is left."""
    cancel = threading.Event()
    hosts: dict[str, threading.BoundedSemaphore] = {}
    hosts_lock = threading.Lock()

    def slot(url: str) -> threading.BoundedSemaphore:
        host = (urlsplit(url).hostname or "").lower()
        with hosts_lock:
            return hosts.setdefault(host, threading.BoundedSemaphore(per_host))

    def run(job: Job, client: httpx.Client) -> T | FactsheetError:
        with slot(job.url):
            try:
                return work(job, client, cancel)
            except FactsheetError as error:
                return error

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    with make_client(policy, limits=limits) as client:
        pool = ThreadPoolExecutor(
            max_workers=max(1, concurrency),
            thread_name_prefix="fetch",
            initializer=leave_signals_to_the_main_thread,
        )
        pending: dict[Future[T | FactsheetError], Job] = {
            pool.submit(run, job, client): job for job in jobs
        }
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    job = pending.pop(future)
                    yield job, future.result()
        finally:
            cancel.set()
            client.close()
            # A fetch blocked in a read ends at its read timeout at the latest; an interrupted
            # batch does not wait for it (its result would be dropped anyway).
            pool.shutdown(wait=not pending, cancel_futures=True)
