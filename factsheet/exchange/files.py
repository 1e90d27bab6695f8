"""Exporting to and importing from files: what the CLI and the app both call."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from factsheet.errors import FactsheetError, InvalidInputError, SharedFileError
from factsheet.exchange import bundle, claimreview, json_format, markdown
from factsheet.exchange.merge import MergeReport
from factsheet.model import Rating, Snapshot
from factsheet.sheet import Sheet
from factsheet.storage.atomic import write_atomically
from factsheet.validate import archive_file, check_archive_folder

FORMATS = ("json", "claimreview", "markdown")
SUFFIXES = {"json": ".json", "claimreview": ".claimreview.json", "markdown": ".md"}


def missing_archives(sheet: Sheet) -> int:
    """How many of the sheet's snapshots have no archived file in its archive folder (a
    JSON export carries none: after importing one, quotes cannot be checked against
    their pages until the archives come too)."""
    missing = 0
    for source in sheet.sources():
        for record in source.snapshots:
            snapshot = Snapshot.from_dict(record)
            names = [name for name in (snapshot.original, snapshot.text) if name]
            try:
                if not all(archive_file(sheet.archive_dir, name).is_file() for name in names):
                    missing += 1
            except FactsheetError:
                missing += 1
    return missing


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
        return json_format.export_bytes(json_format.export_document(sheet)), 0
    if kind == "claimreview":
        reviews, left_out = claimreview.claim_reviews(sheet)
        return json_format.dumps(reviews), left_out  # type: ignore[arg-type]
    return markdown.report(sheet).encode("utf-8"), 0


# How a sheet file in factsheet's own layout begins (`storage.fileformat`).
_SHEET_START = b'{\n  "sheet": {\n'


def check_output(path: Path, sheet_path: Path) -> None:
    """Refuse, before any work, an export file that would replace what a reviewer keeps:
    the sheet itself (under any name, through any link), another sheet, a file in the
    sheet's archive folder (the evidence), or a folder."""
    target = path.resolve()
    if target.is_dir():
        raise InvalidInputError(f"{path}: is a folder; give a file name to write the export to")
    archive = archive_dir_of(sheet_path).resolve()
    if _same_file(target, sheet_path):
        raise InvalidInputError(
            f"{path}: is the sheet itself; an export never replaces its sheet: choose another name"
        )
    if target.is_relative_to(archive):
        raise InvalidInputError(
            f"{path}: is inside the sheet's archive folder, which holds its evidence: "
            "choose a file outside it"
        )
    if target.is_file():
        try:
            with target.open("rb") as file:
                start = file.read(len(_SHEET_START))
        except OSError:
            start = b""
        if start == _SHEET_START:
            raise InvalidInputError(
                f"{path}: is a factsheet sheet; an export never replaces a sheet: choose "
                "another name"
            )


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def write_export(path: Path, payload: bytes, sheet_path: Path) -> None:
    """Write an export to `path` (checked again by `check_output`, as it may have changed
    meanwhile): a file is replaced atomically (a link's target, the link kept); a device
    or a pipe (/dev/stdout, a FIFO) is written into as it is, never replaced by a file,
    and a pipe nothing reads from is refused rather than waited on."""
    check_output(path, sheet_path)
    target = path.resolve()
    try:
        if target.exists() and not target.is_file():
            stream = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
            os.set_blocking(stream, True)  # a reader is there: wait for it as it reads
            with open(stream, "wb") as opened:
                opened.write(payload)
        else:
            write_atomically(target, payload)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise InvalidInputError(
                f"{path}: is a pipe that nothing reads from; start its reader first"
            ) from None
        raise InvalidInputError(f"{path}: cannot be written ({error.strerror})") from None


def read_shared(path: Path) -> tuple[json_format.Document, bool]:
    """A shared file (JSON or zip bundle), checked, and whether it is a bundle (whose
    archive files `bundle.unpacked` takes out); nothing is written."""
    try:
        with path.open("rb") as file:
            if bundle.is_bundle(file.read(4)):
                return bundle.read_bundle(path, str(path)), True
            size = os.fstat(file.fileno()).st_size
            if size > json_format.MAX_BYTES:
                raise SharedFileError(
                    f"{path}: is {size:,} bytes; the limit is {json_format.MAX_BYTES:,}"
                )
            file.seek(0)
            raw = file.read(json_format.MAX_BYTES + 1)
    except OSError as error:
        raise InvalidInputError(f"{path}: cannot be read ({error.strerror})") from None
    return json_format.parse(raw, str(path)), False


def import_new(path: Path, target: Path, *, reviewer: str | None = None) -> Sheet:
    """A new sheet at `target` holding exactly the shared file's records, times and
    archives; nothing is left behind if any of it fails."""
    document, bundled = read_shared(path)
    if not bundled:
        return create_from(document, target, reviewer=reviewer)
    check_archive_folder(archive_dir_of(target))
    with bundle.unpacked(path, str(path), document, target) as files:
        return create_from(document, target, files=files, reviewer=reviewer)


def create_from(
    document: json_format.Document,
    target: Path,
    *,
    files: bundle.Unpacked | None = None,
    reviewer: str | None = None,
) -> Sheet:
    """A new sheet at `target` holding exactly a checked document's records and times, and
    the unpacked archive `files` of a bundle; nothing is left behind if any of it fails."""
    archive_dir = archive_dir_of(target)
    check_archive_folder(archive_dir)
    made_archive = not archive_dir.exists()
    info = document["sheet"]
    sheet = Sheet.create(
        target,
        title=info["title"],
        description=info["description"],
        scale=[Rating(**level) for level in info["scale"]],
        reviewer=reviewer,
    )
    moved: list[Path] = []
    try:
        sheet.import_document(document, checked=True)
        if files is not None:
            moved = bundle.place(files, sheet.archive_dir)
    except BaseException:
        sheet.close()
        target.unlink(missing_ok=True)
        for file in moved:
            file.unlink(missing_ok=True)
        if made_archive:
            shutil.rmtree(archive_dir, ignore_errors=True)
        raise
    return sheet


def merge_file(sheet: Sheet, path: Path, *, base: Path | None = None) -> MergeReport:
    """Merge a shared file into an open sheet, its archive files included (checked and
    unpacked before the sheet changes); three-way when `base` is the shared export both
    sides started from."""
    document, bundled = read_shared(path)
    ancestor = read_shared(base)[0] if base is not None else None
    if not bundled:
        return sheet.merge(document, base=ancestor)
    check_archive_folder(sheet.archive_dir)
    with bundle.unpacked(path, str(path), document, sheet.path) as files:
        report = sheet.merge(document, base=ancestor)
        bundle.place(files, sheet.archive_dir)
    return report


def archive_dir_of(sheet_path: Path) -> Path:
    """The archive folder of the sheet at `sheet_path` (as `Sheet.archive_dir` names it)."""
    return sheet_path.with_name(f"{sheet_path.stem}.archive")
