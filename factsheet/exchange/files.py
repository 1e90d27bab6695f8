"""Exporting to and importing from files: what the CLI and the app both call."""

from __future__ import annotations

from pathlib import Path

from factsheet.atomic import write_atomically
from factsheet.errors import InvalidInputError
from factsheet.exchange import bundle, claimreview, json_format, markdown, merge
from factsheet.sheet import Sheet

FORMATS = ("json", "claimreview", "markdown")


def export_bytes(sheet: Sheet, kind: str, *, with_archives: bool = False) -> tuple[bytes, int]:
    """(the export's bytes, number of claims left out: unrated ones in ClaimReview)."""
    if kind not in FORMATS:
        raise InvalidInputError(f"unknown format {kind!r}; choose one of: {', '.join(FORMATS)}")
    if with_archives:
        if kind != "json":
            raise InvalidInputError("archives go only with the json format")
        return bundle.write_bundle(json_format.export_document(sheet), sheet.archive_dir), 0
    if kind == "json":
        return json_format.dumps(json_format.export_document(sheet)), 0
    if kind == "claimreview":
        reviews, left_out = claimreview.claim_reviews(sheet)
        return json_format.dumps(reviews), left_out  # type: ignore[arg-type]
    return markdown.report(sheet).encode("utf-8"), 0


def write_export(path: Path, payload: bytes) -> None:
    try:
        write_atomically(path, payload)
    except OSError as error:
        raise InvalidInputError(f"{path}: cannot be written ({error.strerror})") from None


def read_shared(path: Path) -> tuple[json_format.Document, dict[str, bytes]]:
    """A shared file (JSON or zip bundle), checked; nothing is written."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidInputError(f"{path}: cannot be read ({error.strerror})") from None
    if bundle.is_bundle(raw):
        return bundle.read_bundle(raw, str(path))
    return json_format.parse(raw, str(path)), {}


def merge_file(sheet: Sheet, path: Path) -> merge.MergeReport:
    """Merge a shared file into an open sheet, its archive files included."""
    document, files = read_shared(path)
    report = merge.merge_into(sheet, document)
    bundle.unpack(files, sheet.archive_dir)
    return report
