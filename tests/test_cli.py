"""Each CLI command's effect on the saved file, and each bad input's message."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import Result
from conftest import on_disk

from factsheet.model import SCHEMA_VERSION


def saved(path: Path) -> dict:
    return on_disk(path)


def only_source(path: Path) -> str:
    (source_id,) = saved(path)["sources"]
    return source_id


def test_new_creates_a_sheet_with_title_scale_and_schema(tmp_path: Path, run) -> None:
    path = tmp_path / "fresh.json"
    result = run("new", path, "--title", "Mayor's claims", "--description", "City hall")
    assert result.exit_code == 0
    meta = saved(path)["sheet"]["meta"]
    assert meta["title"] == "Mayor's claims"
    assert meta["description"] == "City hall"
    assert meta["schema"] == SCHEMA_VERSION == 3
    keys = [level["key"] for level in meta["scale"]]
    assert keys == ["true", "mostly-true", "mixed", "mostly-false", "false", "unproven"]
    assert meta["created"].endswith("Z")


def test_new_refuses_to_replace_an_existing_file(sheet_file: Path, run) -> None:
    before = sheet_file.read_bytes()
    result = run("new", sheet_file, "--title", "Other")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert sheet_file.read_bytes() == before


def test_source_add_copies_the_file_into_the_archive(tmp_path: Path, run) -> None:
    path = tmp_path / "s.json"
    run("new", path, "--title", "S")
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Über Geräte</title></head><body><nav>Home | About</nav>"
        "<article><p>Xiaomi verdient an seinen Smartphones keinen müden Dollar, sagt Hugo "
        "Barra in einem langen Interview mit Reuters über die Strategie.</p></article>"
        "<footer>Leave a Reply</footer></body></html>",
        encoding="utf-8",
    )
    result = run("source", "add", path, "--file", page, "--language", "de", "--json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    stored = saved(path)["sources"][printed["id"]]
    assert stored["title"] == "Über Geräte"
    assert stored["language"] == "de"
    snapshot = stored["snapshots"][0]
    archive = tmp_path / "s.archive"
    assert (archive / snapshot["original"]).read_bytes() == page.read_bytes()
    text = (archive / snapshot["text"]).read_text(encoding="utf-8")
    assert "keinen müden Dollar" in text
    assert "Leave a Reply" not in text


def test_claim_add_prints_the_id_and_saves_the_claim(sheet_file: Path, run) -> None:
    source_id = only_source(sheet_file)
    result = run(
        "claim",
        "add",
        sheet_file,
        "Xiaomi makes no money",
        "--claimant",
        "Hugo Barra",
        "--source",
        source_id[:5],
        "--tag",
        "profit",
    )
    assert result.exit_code == 0
    claim_id = result.output.strip()
    claim = saved(sheet_file)["claims"][claim_id]
    assert claim["text"] == "Xiaomi makes no money"
    assert claim["claimant"] == "Hugo Barra"
    assert claim["source"] == source_id
    assert claim["tags"] == ["profit"]
    assert (claim["status"], claim["rating"]) == ("new", "unrated")


def test_quote_add_anchors_the_quote_in_its_source(sheet_file: Path, run) -> None:
    source_id = only_source(sheet_file)
    claim_id = run("claim", "add", sheet_file, "No money on hardware").output.strip()
    typed = '"We could sell 10 billion smartphones and we wouldn\'t make a single dime"'
    result = run("quote", "add", sheet_file, claim_id, source_id, typed, "--stance", "supports")
    assert result.exit_code == 0, result.output
    quote = saved(sheet_file)["quotes"][result.stdout.strip()]
    assert quote["stance"] == "supports"
    assert quote["claim"] == claim_id
    anchor = quote["anchor"]
    assert anchor["status"] == "normalised"
    words = "We could sell 10 billion smartphones and we wouldn’t make a single dime"
    assert anchor["exact"] == quote["text"] == words  # the source's words, not what was typed
    assert quote["typed"] == typed
    assert f"quoted as the source has it: {words}" in result.stderr
    text = (
        sheet_file.parent
        / "case.archive"
        / saved(sheet_file)["sources"][source_id]["snapshots"][0]["text"]
    ).read_text(encoding="utf-8")
    assert text[anchor["start"] : anchor["end"]] == anchor["exact"]
    assert anchor["prefix"].endswith("on hardware.\n“")


def test_quote_add_refuses_a_misquote_and_shows_what_the_source_says(sheet_file: Path, run) -> None:
    source_id = only_source(sheet_file)
    claim_id = run("claim", "add", sheet_file, "No money on hardware").stdout.strip()
    before = sheet_file.read_bytes()
    typed = "We could sell 10 billion smartphones and we would make a single dime"
    result = run("quote", "add", sheet_file, claim_id, source_id, typed)
    assert result.exit_code == 1
    assert sheet_file.read_bytes() == before
    assert "does not say that" in result.stderr
    assert "you typed:    We could sell 10 billion smartphones and we «would» make" in result.stderr
    assert "source says:  We could sell 10 billion smartphones and we «wouldn’t» make" in (
        result.stderr
    )
    assert "would → wouldn’t" in result.stderr and "--source-words" in result.stderr
    taken = run("quote", "add", sheet_file, claim_id, source_id, typed, "--source-words")
    assert taken.exit_code == 0
    quote = saved(sheet_file)["quotes"][taken.stdout.strip()]
    assert (
        quote["text"] == "We could sell 10 billion smartphones and we wouldn’t make a single dime"
    )
    assert quote["typed"] == typed


def test_quote_add_asks_which_place_of_a_repeated_passage(tmp_path: Path, run) -> None:
    path = tmp_path / "r.json"
    run("new", path, "--title", "R")
    article = tmp_path / "a.txt"
    article.write_text("The mayor said yes. Later the council said yes. Then it ended.\n")
    source_id = run("source", "add", path, "--file", article).stdout.strip()
    claim_id = run("claim", "add", path, "Everyone agreed").stdout.strip()
    result = run("quote", "add", path, claim_id, source_id, "said yes")
    assert result.exit_code == 1 and "stands 2 times" in result.stderr
    assert "1: …The mayor «said yes»" in result.stderr
    assert "Later the council «said yes». Then" in result.stderr
    second = run("quote", "add", path, claim_id, source_id, "said yes", "--occurrence", "2")
    quote = saved(path)["quotes"][second.stdout.strip()]
    text = "The mayor said yes. Later the council said yes. Then it ended.\n"
    assert quote["anchor"]["start"] == text.rindex("said yes")
    by_context = run("quote", "add", path, claim_id, source_id, "said yes", "--prefix", "mayor ")
    assert saved(path)["quotes"][by_context.stdout.strip()]["anchor"]["start"] == 10


def test_verdict_sets_the_rating_and_logs_the_change(sheet_file: Path, run) -> None:
    claim_id = run("claim", "add", sheet_file, "No money on hardware").output.strip()
    assert (
        run("verdict", sheet_file, claim_id, "Mostly True", "--rationale", "First").exit_code == 0
    )
    assert run("verdict", sheet_file, claim_id, "false", "--rationale", "Second").exit_code == 0
    data = saved(sheet_file)
    claim = data["claims"][claim_id]
    assert (claim["rating"], claim["rationale"]) == ("false", "Second")
    log = sorted(data["history"].values(), key=lambda change: change["at"])
    assert [(c["rating_from"], c["rating_to"]) for c in log] == [
        ("unrated", "mostly-true"),
        ("mostly-true", "false"),
    ]
    assert [c["rationale_to"] for c in log] == ["First", "Second"]
    assert {c["by"] for c in log} == {"tester"}
    shown = run("log", sheet_file, claim_id).output
    assert "unrated -> mostly-true" in shown and "mostly-true -> false" in shown


def test_unchanged_verdict_adds_nothing_to_the_log(sheet_file: Path, run) -> None:
    claim_id = run("claim", "add", sheet_file, "Claim").output.strip()
    run("verdict", sheet_file, claim_id, "mixed")
    before = sheet_file.read_bytes()
    result = run("verdict", sheet_file, claim_id, "mixed")
    assert "unchanged" in result.output
    assert sheet_file.read_bytes() == before


def test_info_json_counts_claims_sources_quotes_and_verdicts(demo_sheet: Path, run) -> None:
    result = run("info", demo_sheet, "--json")
    assert result.exit_code == 0
    info = json.loads(result.output)
    data = saved(demo_sheet)
    assert set(info) == {"title", "claims", "sources", "quotes", "verdicts"}
    assert info["claims"] == len(data["claims"]) >= 10
    assert info["sources"] == 5
    assert info["quotes"] == len(data["quotes"])
    assert sum(info["verdicts"].values()) == info["claims"]
    ratings = [claim["rating"] for claim in data["claims"].values()]
    assert info["verdicts"]["unrated"] == ratings.count("unrated")
    assert info["verdicts"]["false"] == ratings.count("false") >= 1


def test_reviewer_comes_from_the_config_file(sheet_file: Path, tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    from factsheet.cli import cli

    config = tmp_path / "config.toml"
    config.write_text('reviewer = "Ada from the desk"\n', encoding="utf-8")
    monkeypatch.setenv("FACTSHEET_CONFIG", str(config))
    monkeypatch.delenv("FACTSHEET_REVIEWER", raising=False)
    runner = CliRunner()
    claim_id = runner.invoke(cli, ["claim", "add", str(sheet_file), "C"]).output.strip()
    runner.invoke(cli, ["verdict", str(sheet_file), claim_id, "true"])
    (change,) = saved(sheet_file)["history"].values()
    assert change["by"] == "Ada from the desk"


BAD_INPUTS: list[tuple[list[str], str]] = [
    (["claim", "add", "{sheet}", "X", "--source", "s-nothere"], "no source with id 's-nothere'"),
    (["claim", "add", "{sheet}", "   "], "claim text must not be empty"),
    (["quote", "add", "{sheet}", "c-nothere", "{source}", "text"], "no claim with id 'c-nothere'"),
    (["quote", "add", "{sheet}", "{claim}", "s-nothere", "text"], "no source with id 's-nothere'"),
    (
        ["quote", "add", "{sheet}", "{claim}", "{source}", "Apple sold a phone"],
        "is not in the text",
    ),
    (["verdict", "{sheet}", "{claim}", "pants-on-fire"], "unknown rating 'pants-on-fire'"),
    (["verdict", "{sheet}", "c-nothere", "true"], "no claim with id 'c-nothere'"),
    (["source", "add", "{sheet}", "--file", "{missing}"], "no such file"),
    (["source", "add", "{sheet}", "--file", "{empty}"], "is empty"),
    (["claim", "status", "{sheet}", "c-nothere", "done"], "no claim with id 'c-nothere'"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS, ids=lambda v: str(v)[:40])
def test_bad_input_gives_one_line_and_leaves_the_sheet_unchanged(
    sheet_file: Path, run: Callable[..., Result], args: list[str], message: str
) -> None:
    claim_id = run("claim", "add", sheet_file, "A claim").output.strip()
    empty = sheet_file.parent / "empty.txt"
    empty.write_bytes(b"")
    values = {
        "sheet": str(sheet_file),
        "claim": claim_id,
        "source": only_source(sheet_file),
        "missing": str(sheet_file.parent / "missing.txt"),
        "empty": str(empty),
    }
    before = sheet_file.read_bytes()
    archive_before = sorted(p.name for p in (sheet_file.parent / "case.archive").rglob("*"))
    result = run(*[arg.format(**values) for arg in args])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert message in lines[0]
    assert sheet_file.read_bytes() == before
    assert sorted(p.name for p in (sheet_file.parent / "case.archive").rglob("*")) == archive_before


def test_missing_sheet_is_reported_and_not_created(tmp_path: Path, run) -> None:
    path = tmp_path / "nope.json"
    result = run("claim", "add", path, "x")
    assert result.exit_code == 1
    assert "no such sheet" in result.output
    assert list(tmp_path.iterdir()) == []


def test_hostile_text_is_printed_with_controls_made_visible(sheet_file: Path, run) -> None:
    hostile = "\x1b]52;c;cHduZWQ=\x07 \x1b[2J title\u202e"
    claim_id = run("claim", "add", sheet_file, hostile, "--claimant", "\x1b[31mred").output.strip()
    assert saved(sheet_file)["claims"][claim_id]["text"] == hostile.strip()
    listing = run("claim", "list", sheet_file).output
    assert "\x1b" not in listing and "\x07" not in listing and "\u202e" not in listing
    assert "␛]52;c;cHduZWQ=␇ ␛[2J title⟨U+202E⟩" in listing


@pytest.mark.skipif(shutil.which("factsheet") is None, reason="the console script is not installed")
def test_installed_console_script_runs(demo_sheet: Path) -> None:
    done = subprocess.run(
        ["factsheet", "info", str(demo_sheet)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "14 claims, 5 sources" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_command_ends_with_all_its_output_written_and_its_exit_status(
    tmp_path: Path, demo_sheet: Path
) -> None:
    """The console script ends its process without Python's object-by-object teardown:
    what a command printed still arrives whole, and its exit status is kept."""
    script = "from factsheet.cli import main; main()"
    listed = subprocess.run(
        [sys.executable, "-c", script, "claim", "list", str(demo_sheet), "--json"],
        capture_output=True,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 14
    missing = subprocess.run(
        [sys.executable, "-c", script, "info", str(tmp_path / "none.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 1 and "no such sheet" in missing.stderr


def test_every_subcommand_runs_in_a_process_of_its_own() -> None:
    """Commands load their module only when run: a group's subcommands must all be there
    when nothing else was loaded first (`claim assign` once lived in another module and
    was missing from the shell, while in-process tests, which load everything, passed)."""
    from factsheet.cli import cli

    context = click.Context(cli)
    script = "from factsheet.cli import main; main()"
    loaded = {name: cli.get_command(context, name) for name in cli.list_commands(context)}
    for name, group in loaded.items():  # every module loaded: each group whole
        if not isinstance(group, click.Group):
            continue
        wanted = set(group.list_commands(click.Context(group)))
        for sub in sorted(wanted):
            shown = subprocess.run(
                [sys.executable, "-c", script, name, sub, "--help"],
                capture_output=True,
                text=True,
                check=False,
            )
            assert shown.returncode == 0, f"factsheet {name} {sub}: {shown.stderr}"


def test_every_command_has_help(run) -> None:
    from factsheet.cli import cli

    def walk(group, prefix):
        context = click.Context(group)
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            yield [*prefix, name], command
            if isinstance(command, click.Group):
                yield from walk(command, [*prefix, name])

    for path, command in walk(cli, []):
        assert command.help, f"factsheet {' '.join(path)} has no help text"
        result = run(*path, "--help")
        assert result.exit_code == 0
        assert "Usage: " in result.output


def test_every_command_is_loaded_from_the_module_that_defines_it() -> None:
    """The group loads a command's module only when it runs: its table names every command
    of every module, and each in the module that defines it."""
    import importlib
    import pkgutil

    import factsheet.cli
    from factsheet.cli import MODULES

    defined = {}
    for info in pkgutil.iter_modules(factsheet.cli.__path__):
        module = importlib.import_module(f"factsheet.cli.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            defined[command.name] = info.name
    assert defined == MODULES


def test_a_sheet_can_carry_its_own_scale(tmp_path: Path, run) -> None:
    path = tmp_path / "own.json"
    assert (
        run("new", path, "--title", "Own", "--scale", "Correct, Misleading, Wrong").exit_code == 0
    )
    scale = saved(path)["sheet"]["meta"]["scale"]
    assert [(level["key"], level["value"]) for level in scale] == [
        ("correct", 3),
        ("misleading", 2),
        ("wrong", 1),
    ]
    claim_id = run("claim", "add", path, "Claim").output.strip()
    assert run("verdict", path, claim_id, "Misleading").exit_code == 0
    assert saved(path)["claims"][claim_id]["rating"] == "misleading"
    refused = run("verdict", path, claim_id, "false")
    assert refused.exit_code == 1
    assert "scale is: correct, misleading, wrong, unrated" in refused.output


def test_a_scale_with_repeated_or_reserved_levels_is_refused(tmp_path: Path, run) -> None:
    for levels, message in (
        ("A, a", "the scale repeats a level"),
        ("Good, Unrated", "'unrated' is not a level of a scale"),
        (" , ", "a rating scale needs at least one level"),
    ):
        result = run("new", tmp_path / "bad.json", "--title", "Bad", "--scale", levels)
        assert result.exit_code == 1
        assert result.output == f"Error: {message}\n" or message in result.output
    assert not (tmp_path / "bad.json").exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check", "SHEET"], "checking 35 quotes against their archived pages"),
        (["export", "SHEET", "-o", "OUT.json"], "writing the json export of xiaomi.json"),
        (["import", "OUT.json", "--into", "NEW.json"], "importing OUT.json into a new sheet"),
        (["import", "OUT.json", "--into", "SHEET"], "merging OUT.json into xiaomi.json"),
    ],
)
def test_long_commands_say_their_step_on_a_terminal(
    demo_sheet: Path, tmp_path: Path, args: list[str], said: str
) -> None:
    """check, export and import take seconds on a large sheet: on a terminal each says
    what it is doing on stderr, then clears the line; what it prints stays as it was."""
    import os
    import sys

    out = tmp_path / "OUT.json"
    if "OUT.json" in args[1:2]:  # an import: of an export made first
        assert (
            subprocess.run(
                [sys.executable, "-m", "factsheet", "export", str(demo_sheet), "-o", str(out)]
            ).returncode
            == 0
        )
    names = {"SHEET": str(demo_sheet), "OUT.json": str(out), "NEW.json": str(tmp_path / "n.json")}
    command = [sys.executable, "-m", "factsheet", *(names.get(a, a) for a in args)]
    leader, follower = os.openpty()
    with os.fdopen(leader, "rb", buffering=0) as terminal:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=follower)
        os.close(follower)
        shown = terminal.read(65536).decode()
    assert done.returncode == 0
    assert said in shown and "\r\x1b[K" in shown
    assert said not in done.stdout.decode()
