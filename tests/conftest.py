"""Shared fixtures: real sheet files in temporary folders, the seed case, the CLI."""

from __future__ import annotations

import ipaddress
import json
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from factsheet.cli import cli

REPO = Path(__file__).resolve().parent.parent
DEMO_SHEET = REPO / "sheets" / "xiaomi.json"
SEEDS = REPO.parent / "shared" / "seeds"


def generated_sheet(folder: Path, quotes: int, name: str = "sheet.json") -> Path:
    """A realistic sheet of `quotes` quotes made by bench/corpus.py, in `folder`."""
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    from corpus import generate

    path = folder / name
    generate(path, quotes)
    return path


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return host == "localhost"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests reach the network on loopback only: connecting anywhere else, or looking up a
    name other than localhost, fails at once, so that even a broken SSRF guard or an
    unknown test host never sends a packet off the machine."""
    connect, lookup = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise ConnectionRefusedError(f"tests connect only to loopback, not {address[0]}")
        connect(self, address)

    def guarded_lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode("idna")
        if host is not None:
            try:
                ipaddress.ip_address(host.split("%")[0])  # a literal: no lookup is sent
            except ValueError:
                if host != "localhost":
                    raise socket.gaierror(socket.EAI_NONAME, "tests look up no names") from None
        return lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_lookup)


def on_disk(path: Path) -> dict[str, dict[str, Any]]:
    """A sheet file as stock TinyDB holds it, with each table's records keyed by their stable
    ids (the sheet's metadata under "meta"), in document order."""
    data = json.loads(path.read_bytes())
    tables: dict[str, dict[str, Any]] = {}
    for name, table in data.items():
        documents = sorted(table.items(), key=lambda item: int(item[0]))
        if name == "sheet":
            tables[name] = {"meta": documents[0][1]}
        else:
            tables[name] = {record["id"]: record for _, record in documents}
    return tables


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Kept search indexes go to a folder of the test run's own, not the user's cache."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


@pytest.fixture(scope="session")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles: `../shared/seeds/`, else the copies kept in the demo sheet's archive."""
    if SEEDS.is_dir():
        return SEEDS
    copies = tmp_path_factory.mktemp("seeds")
    for source in on_disk(DEMO_SHEET)["sources"].values():
        original = DEMO_SHEET.with_name("xiaomi.archive") / source["snapshots"][0]["original"]
        shutil.copy(original, copies / Path(source["location"]).name)
    return copies


@pytest.fixture
def demo_sheet(tmp_path: Path) -> Path:
    """A copy of the demo sheet and its archive in a temporary folder."""
    target = tmp_path / DEMO_SHEET.name
    shutil.copy(DEMO_SHEET, target)
    shutil.copytree(DEMO_SHEET.with_name("xiaomi.archive"), tmp_path / "xiaomi.archive")
    return target


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run `factsheet ARGS...` in-process, as a user would type it."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--reviewer", "tester", *map(str, args)], catch_exceptions=False)

    return invoke


@pytest.fixture
def sheet_file(tmp_path: Path, run: Callable[..., Result]) -> Path:
    """A new sheet with one text source (seed 003) and nothing else."""
    path = tmp_path / "case.json"
    assert run("new", path, "--title", "Case").exit_code == 0
    article = tmp_path / "article.txt"
    article.write_text(
        "Xiaomi said it is “not making any money” on hardware.\n"
        "“We could sell 10 billion smartphones and we wouldn’t make a single dime,” he said.\n",
        encoding="utf-8",
    )
    result = run("source", "add", path, "--file", article, "--title", "Article")
    assert result.exit_code == 0, result.output
    return path


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How much the fuzz tests tried (tests/test_fuzz.py), when they ran."""
    from test_fuzz import COUNTS

    if COUNTS:
        counts = {"tracebacks": 0, **COUNTS}
        shown = ", ".join(f"{count:,} {what}" for what, count in sorted(counts.items()))
        terminalreporter.write_line(f"fuzzing: {shown}")
