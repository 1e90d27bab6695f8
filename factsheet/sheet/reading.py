"""Some tables of a sheet file as stored, read without opening the sheet: for read-only
scans of a large sheet (making its search index) that need a few fields of many records,
and neither the model, the rules every record is held to, nor the store.

The file is read once (a write replaces it atomically, so a reader needs no lock) with
the file format's own checks: JSON that means one thing, the layout, older schemas
upgraded. The records are not held to the sheet's rules: whoever reads them checks the
fields it uses and trusts nothing else (and opens the sheet, for its one-line error,
when a field is not as it must be).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from factsheet.storage.fileformat import read_contents


def read_tables(
    path: str | Path, names: Iterable[str]
) -> dict[str, Mapping[str, Mapping[str, Any]]]:
    """The records of the tables `names` as stored, by id, in the file's order (SheetFileError
    when the file is not a sheet file)."""
    contents = read_contents(Path(path))
    return {name: contents.tables[name].records for name in names}
