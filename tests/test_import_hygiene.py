"""The core never imports Textual: every feature must work without a terminal."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys

import factsheet

CORE_MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(factsheet.__path__, "factsheet.")
    if not name.startswith("factsheet.ui") and name != "factsheet.__main__"
)


def test_core_modules_exist() -> None:
    assert {
        "factsheet.model",
        "factsheet.storage.store",
        "factsheet.sheet",
        "factsheet.cli",
    } <= set(CORE_MODULES)


def test_no_core_module_imports_textual() -> None:
    probe = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    assert _printed(probe) == "[]"


def test_public_api_is_listed_once() -> None:
    for name in factsheet.__all__:
        assert hasattr(factsheet, name), name
    assert len(set(factsheet.__all__)) == len(factsheet.__all__)


def test_the_command_loads_no_fetching_stack_until_a_page_is_fetched() -> None:
    """Startup speed: httpx, warcio and trafilatura load only when a source is fetched."""
    probe = (
        "import sys, factsheet.cli, factsheet.sheet, factsheet.ui.app\n"
        "from factsheet.cli.fetching import policy_from\n"
        "policy_from(False, 1, 1.0)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'httpx', 'warcio', 'trafilatura', 'charset_normalizer'}))\n"
    )
    assert _printed(probe) == "[]"


def test_the_app_loads_no_search_or_passage_index_until_they_are_used() -> None:
    """Startup speed: numpy and rapidfuzz (the search index, "also in") load when a search
    or an "also in" lookup is first made, on a worker, not while the app starts; the
    names of `factsheet.provenance` still all resolve."""
    probe = (
        "import sys, factsheet.cli, factsheet.sheet, factsheet.ui.app\n"
        "before = sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'rapidfuzz'})\n"
        "import factsheet.provenance as p\n"
        "names = [getattr(p, name) for name in p.__all__]\n"
        "print(before, sorted({m.split('.')[0] for m in sys.modules} & {'numpy'}))\n"
    )
    assert _printed(probe) == "[] ['numpy']"


def _printed(probe: str) -> str:
    """What the Python code `probe` prints, run in a process of its own."""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_search_from_a_kept_index_loads_no_sheet_machinery(demo_sheet, tmp_path) -> None:
    """Startup speed: `factsheet search` answers from a current kept index without loading
    the sheet (its model, validation, storage, TinyDB) or Textual; it reads the sheet only
    to make or update the index."""
    probe = (  # what was loaded, said as the process ends (main ends it)
        "import atexit, sys\n"
        "from factsheet.cli import main\n"
        f"sys.argv = ['factsheet', 'search', 'smarphones dimme', {str(demo_sheet)!r}]\n"
        "def loaded():\n"
        "    ours = ('factsheet.', 'textual', 'tinydb')\n"
        "    names = {m for m in sys.modules if m.startswith(ours)}\n"
        "    print(sorted(names & {'factsheet.sheet', 'factsheet.storage.store', "
        "'factsheet.validate', 'factsheet.model', 'textual', 'tinydb'}), file=sys.stderr)\n"
        "atexit.register(loaded)\n"
        "main()\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    assert all("«smartphones" in done.stdout for done in runs), runs[0].stderr
    assert "factsheet.sheet" in runs[0].stderr  # the first run read the sheet
    assert runs[1].stderr.strip().splitlines()[-1] == "[]"
