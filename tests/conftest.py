"""Shared fixtures: real sheet files in temporary folders, the seed case, the CLI."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from factsheet.cli import cli

REPO = Path(__file__).resolve().parent.parent
DEMO_SHEET = REPO / "sheets" / "xiaomi.json"
SEEDS = REPO.parent / "shared" / "seeds"


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
