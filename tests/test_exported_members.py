"""The public API is listed once, in `factsheet.__all__`, and holds everything the `Sheet`
API returns or raises (as httpx's test_exported_members does)."""

from __future__ import annotations

import inspect
import subprocess
import sys
import typing

import factsheet
from factsheet import errors
from factsheet.sheet import Sheet


def test_every_exported_name_resolves_and_is_listed_once() -> None:
    assert len(set(factsheet.__all__)) == len(factsheet.__all__)
    for name in factsheet.__all__:
        assert getattr(factsheet, name) is not None, name
    assert set(dir(factsheet)) >= set(factsheet.__all__)


def test_every_error_is_exported_from_the_package_and_its_module() -> None:
    defined = {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, errors.FactsheetError)
    }
    assert defined == set(errors.__all__)
    assert defined <= set(factsheet.__all__)


def _factsheet_classes(hint: object) -> set[type]:
    found = set()
    if inspect.isclass(hint) and hint.__module__.startswith("factsheet."):
        found.add(hint)
    for argument in typing.get_args(hint):
        found |= _factsheet_classes(argument)
    return found


def test_everything_a_public_sheet_method_takes_or_returns_is_exported() -> None:
    needed: set[type] = set()
    for name, method in inspect.getmembers(Sheet, callable):
        if name.startswith("_"):
            continue
        hints = typing.get_type_hints(
            method,
            dict(getattr(method, "__globals__", {}))
            | {
                "ArchiveResult": factsheet.ArchiveResult,
                "QuoteCheck": factsheet.QuoteCheck,
                "MergeReport": factsheet.MergeReport,
                "FetchPolicy": factsheet.FetchPolicy,
                "FieldConflict": object,
            },
        )
        for hint in hints.values():
            needed |= _factsheet_classes(hint)
    missing = {cls.__name__ for cls in needed} - set(factsheet.__all__)
    assert not missing, f"returned or taken by Sheet but not exported: {sorted(missing)}"


def test_importing_the_package_loads_neither_textual_nor_the_sheet() -> None:
    probe = (
        "import sys, factsheet\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual' "
        "or m == 'factsheet.sheet'))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
