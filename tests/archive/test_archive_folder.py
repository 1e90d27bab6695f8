"""The archive folder beside a sheet, when it is not what it should be: a file in its place,
a file where one of its folders goes, or no folder at all. One line; nothing half-added;
a check never changes the sheet unless asked to."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factsheet import Sheet

from .pages import Site, article_page, serve


@pytest.fixture
def page(tmp_path: Path) -> Path:
    article = tmp_path / "article.txt"
    article.write_text("The company said it makes no money on hardware.\n", encoding="utf-8")
    return article


@pytest.fixture
def web(seeds: Path):
    site = Site()
    site.page("/article.html", article_page(seeds / "003_a188cd6fb3fcff5d.txt"))
    with serve(site) as base:
        yield f"{base}/article.html"


def one_error_line(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0], lines


def test_a_file_where_the_archive_folder_goes_refuses_a_file_source(
    tmp_path: Path, run, page: Path
) -> None:
    sheet = tmp_path / "n.json"
    run("new", sheet, "--title", "N")
    (tmp_path / "n.archive").write_text("not a folder")
    before = sheet.read_bytes()
    one_error_line(run("source", "add", sheet, "--file", page), "n.archive", "is not a folder")
    assert sheet.read_bytes() == before


def test_a_file_where_the_archive_folder_goes_refuses_a_url_before_adding_it(
    tmp_path: Path, run, web: str
) -> None:
    sheet = tmp_path / "n.json"
    run("new", sheet, "--title", "N")
    (tmp_path / "n.archive").write_text("not a folder")
    before = sheet.read_bytes()
    result = run("source", "add", sheet, web, "--allow-private")
    one_error_line(result, "n.archive", "is not a folder")
    assert sheet.read_bytes() == before  # no source without a snapshot, no attempt


def test_archiving_again_with_a_file_in_place_of_the_folder_records_nothing(
    tmp_path: Path, run, web: str
) -> None:
    sheet = tmp_path / "n.json"
    run("new", sheet, "--title", "N")
    assert run("source", "add", sheet, web, "--allow-private").exit_code == 0
    shutil.rmtree(tmp_path / "n.archive")
    (tmp_path / "n.archive").write_text("not a folder")
    before = sheet.read_bytes()
    one_error_line(run("archive", sheet, "--all", "--allow-private"), "is not a folder")
    assert sheet.read_bytes() == before


def test_a_file_where_a_folder_inside_the_archive_goes_is_one_line(
    tmp_path: Path, run, page: Path
) -> None:
    sheet = tmp_path / "n.json"
    run("new", sheet, "--title", "N")
    (tmp_path / "n.archive").mkdir()
    (tmp_path / "n.archive" / "files").write_text("not a folder")
    before = sheet.read_bytes()
    result = run("source", "add", sheet, "--file", page)
    one_error_line(result, "cannot be written into the sheet's archive folder", "nothing was added")
    assert sheet.read_bytes() == before


def test_an_import_into_a_name_whose_archive_is_a_file_makes_nothing(
    tmp_path: Path, run, demo_sheet: Path
) -> None:
    bundle = tmp_path / "shared.zip"
    assert run("export", demo_sheet, "--with-archives", "-o", bundle).exit_code == 0
    (tmp_path / "copy.archive").write_text("not a folder")
    one_error_line(run("import", bundle, "--into", tmp_path / "copy.json"), "is not a folder")
    assert not (tmp_path / "copy.json").exists()


def test_a_file_name_with_odd_characters_keeps_a_plain_archive_path(tmp_path: Path, run) -> None:
    """The copy's name takes the file's suffix only when it is plain, so that the sheet
    never records a path it would refuse to open."""
    sheet = tmp_path / "n.json"
    run("new", sheet, "--title", "N")
    odd = tmp_path / "notes.t\x1bxt:1"
    odd.write_text("Some notes about the claim.\n", encoding="utf-8")
    result = run("source", "add", sheet, "--file", odd, "--json")
    assert result.exit_code == 0, result.output
    with Sheet.open(sheet, writable=False) as opened:
        (source,) = opened.sources()
        assert "\x1b" not in source.snapshots[0]["original"]
        assert opened.source_text(source.id).strip() == "Some notes about the claim."


@pytest.mark.parametrize("save", [False, True])
def test_check_with_the_archive_folder_missing_says_so_and_changes_nothing(
    demo_sheet: Path, run, save: bool
) -> None:
    shutil.rmtree(demo_sheet.with_name("xiaomi.archive"))
    before = demo_sheet.read_bytes()
    result = run("check", demo_sheet, *(["--save"] if save else []))
    one_error_line(result, "archive folder is missing", "nothing was changed")
    assert "not found" not in result.output
    assert demo_sheet.read_bytes() == before


def test_check_without_save_never_writes(demo_sheet: Path, run) -> None:
    """Even when quotes would re-anchor, `check` alone leaves the file as it was."""
    archive = demo_sheet.with_name("xiaomi.archive")
    for text in (archive / "text").iterdir():
        text.write_text(text.read_text(encoding="utf-8").replace(" ", "  "), encoding="utf-8")
    before = demo_sheet.read_bytes()
    result = run("check", demo_sheet)
    assert "quotes:" in result.output
    assert demo_sheet.read_bytes() == before
