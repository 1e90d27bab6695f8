"""Exporting to and importing from files: what the CLI and the app both call."""

from __future__ import annotations

from pathlib import Path

from factsheet.errors import InvalidInputError, SheetFileError
from factsheet.exchange import bundle, claimreview, json_format, markdown
from factsheet.exchange.merge import MergeReport
from factsheet.model import Rating
from factsheet.sheet import Sheet
from factsheet.storage.atomic import write_atomically

FORMATS = ("json", "claimreview", "markdown")
SUFFIXES = {"json": ".json", "claimreview": ".claimreview.json", "markdown": ".md"}


def export_problems(sheet: Sheet, kind: str) -> tuple[list[str], list[str]]:
    """What a publishing export lacks: (what makes it incomplete, what is only recommended).
    ClaimReview: fields Google requires or recommends, by claim; Markdown: quotes that
    cannot be checked against their archived page (they are left out of the report)."""
    if kind == "claimreview":
        missing = claimreview.missing_fields(sheet)
        return [str(m) for m in missing if m.required], [str(m) for m in missing if not m.required]
    if kind == "markdown":
        problems = markdown.unverified_quotes(sheet)
        return [f"quote {quote_id}: not shown ({why})" for quote_id, why in problems.items()], []
    return [], []


def export_bytes(
    sheet: Sheet, kind: str, *, with_archives: bool = False, strict: bool = False
) -> tuple[bytes, int]:
    """(the export's bytes, number of claims left out: unrated ones in ClaimReview). With
    `strict`, an incomplete ClaimReview or Markdown report (`export_problems`) is refused."""
    if kind not in FORMATS:
        raise InvalidInputError(f"unknown format {kind!r}; choose one of: {', '.join(FORMATS)}")
    if strict:
        incomplete, _ = export_problems(sheet, kind)
        if incomplete:
            raise InvalidInputError(
                f"the {kind} export is incomplete, so nothing was written: "
                + "; ".join(incomplete[:5])
                + (f"; and {len(incomplete) - 5} more" if len(incomplete) > 5 else "")
            )
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


def import_new(path: Path, target: Path, *, reviewer: str | None = None) -> Sheet:
    """A new sheet at `target` holding exactly the shared file's records, times and
    archives; nothing is left behind if any of it fails."""
    document, files = read_shared(path)
    return create_from(document, target, files=files, reviewer=reviewer)


def create_from(
    document: json_format.Document,
    target: Path,
    *,
    files: dict[str, bytes] | None = None,
    reviewer: str | None = None,
) -> Sheet:
    """A new sheet at `target` holding exactly a checked document's records and times, and
    the archive `files` of a bundle; nothing is left behind if any of it fails."""
    info = document["sheet"]
    sheet = Sheet.create(
        target,
        title=info["title"],
        description=info["description"],
        scale=[Rating(**level) for level in info["scale"]],
        reviewer=reviewer,
    )
    try:
        sheet.import_document(document)
        bundle.unpack(files or {}, sheet.archive_dir)
    except BaseException:
        sheet.close()
        target.unlink(missing_ok=True)
        raise
    return sheet


def merge_file(sheet: Sheet, path: Path, *, base: Path | None = None) -> MergeReport:
    """Merge a shared file into an open sheet, its archive files included; three-way
    when `base` is the shared export both sides started from."""
    document, files = read_shared(path)
    ancestor = read_shared(base)[0] if base is not None else None
    report = sheet.merge(document, base=ancestor)
    try:
        bundle.unpack(files, sheet.archive_dir)
    except OSError as error:
        raise SheetFileError(
            f"{sheet.archive_dir}: the merged snapshots could not be unpacked ({error.strerror})"
        ) from None
    return report
