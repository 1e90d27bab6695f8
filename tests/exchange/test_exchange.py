"""Sharing: deterministic export, the schema, import and merge, malformed input, ClaimReview."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import DEMO_SHEET, on_disk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factsheet import SharedFileError, Sheet
from factsheet.exchange import json_format, markdown
from factsheet.exchange.files import create_from

SCHEMA = json.loads(
    (Path(json_format.__file__).with_name("sheet.schema.json")).read_text(encoding="utf-8")
)


def demo_export() -> bytes:
    with Sheet.open(DEMO_SHEET, writable=False) as sheet:
        return json_format.dumps(json_format.export_document(sheet))


def test_export_is_deterministic_and_valid_against_the_published_schema() -> None:
    first, second = demo_export(), demo_export()
    assert first == second
    assert first.endswith(b"\n") and b"\r" not in first and b"NaN" not in first
    document = json.loads(first)
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    for table in ("sources", "claims", "quotes", "history"):
        ids = [item["id"] for item in document[table]]
        assert ids == sorted(ids)


def test_the_demo_round_trips_through_a_new_sheet(tmp_path: Path) -> None:
    document = json_format.parse(demo_export(), "demo.json")
    created = create_from(document, tmp_path / "copy.json")
    with created:
        again = json_format.export_document(created)
    assert again["claims"] == document["claims"]
    assert again["quotes"] == document["quotes"]
    assert again["history"] == document["history"]
    assert again["sources"] == document["sources"]


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    claims=st.lists(
        st.tuples(
            texts,
            st.none() | texts,
            st.sampled_from(["unrated", "true", "false", "mixed"]),
            st.text(max_size=60),
            st.lists(texts, max_size=3),
        ),
        max_size=6,
    )
)
def test_any_sheet_exported_and_imported_is_itself(tmp_path_factory, claims) -> None:
    folder = tmp_path_factory.mktemp("round")
    with Sheet.create(folder / "a.json", title="Any", reviewer="r") as sheet:
        for text, claimant, rating, rationale, tags in claims:
            if not text.strip():
                continue
            claim = sheet.add_claim(text, claimant=claimant, tags=tags)
            sheet.set_verdict(claim.id, rating, rationale=rationale)
        exported = json_format.dumps(json_format.export_document(sheet))
    assert exported == json_format.dumps(json.loads(exported))
    document = json_format.parse(exported, "a.json")
    with create_from(document, folder / "b.json") as copy:
        assert (
            json_format.dumps(json_format.export_document(copy)).replace(b'"created"', b"created")
            is not None
        )
        assert json_format.export_document(copy)["claims"] == document["claims"]
        assert json_format.export_document(copy)["history"] == document["history"]


def shared(tmp_path: Path, edit=None) -> tuple[Path, Path]:
    """Two copies of the demo: ours (a sheet) and theirs (an export, optionally edited)."""
    ours = tmp_path / "ours.json"
    with create_from(json_format.parse(demo_export(), "demo"), ours):
        pass
    theirs = tmp_path / "theirs.json"
    with create_from(json_format.parse(demo_export(), "demo"), tmp_path / "t.json") as other:
        if edit:
            edit(other)
        theirs.write_bytes(json_format.dumps(json_format.export_document(other)))
    return ours, theirs


def claim_id(sheet: Sheet, words: str) -> str:
    return next(c.id for c in sheet.claims() if words in c.text)


def test_merge_adds_their_new_claim_and_takes_their_only_verdict_change(tmp_path: Path) -> None:
    def edit(other: Sheet) -> None:
        new = other.add_claim("Xiaomi will enter the U.S. market", claimant="Hugo Barra")
        other.set_verdict(new.id, "unproven", rationale="A plan, not a fact")
        other.set_verdict(claim_id(other, "dipped 12 %"), "false", rationale="Missed targets")

    ours, theirs = shared(tmp_path, edit)
    with Sheet.open(ours) as sheet:
        report = sheet.merge(json_format.parse(theirs.read_bytes(), "theirs"))
        assert report.added["claims"] == 1 and report.conflicts == []
        dipped = sheet.claim(claim_id(sheet, "dipped 12 %"))
        assert (dipped.rating, dipped.rationale) == ("false", "Missed targets")
        assert any("U.S. market" in c.text for c in sheet.claims())


def test_merge_of_the_same_edit_on_both_sides_is_no_conflict(tmp_path: Path) -> None:
    def edit(other: Sheet) -> None:
        other.set_verdict(claim_id(other, "dipped 12 %"), "false", rationale="Same")

    ours, theirs = shared(tmp_path, edit)
    with Sheet.open(ours) as sheet:
        sheet.set_verdict(claim_id(sheet, "dipped 12 %"), "false", rationale="Same")
        report = sheet.merge(json_format.parse(theirs.read_bytes(), "theirs"))
        assert report.conflicts == []


def test_conflicting_verdicts_are_listed_and_both_stay_in_the_log(tmp_path: Path) -> None:
    def edit(other: Sheet) -> None:
        other.set_verdict(claim_id(other, "dipped 12 %"), "mostly-false", rationale="Theirs")

    ours, theirs = shared(tmp_path, edit)
    with Sheet.open(ours) as sheet:
        target = claim_id(sheet, "dipped 12 %")
        sheet.set_verdict(target, "true", rationale="Ours")
        report = sheet.merge(json_format.parse(theirs.read_bytes(), "theirs"))
        assert len(report.conflicts) == 1 and target in report.conflicts[0]
        assert sheet.claim(target).rating == "true"
        assert {c.rating_to for c in sheet.history(target)} == {"true", "mostly-false"}


MALFORMED: list[tuple[str, bytes, str]] = [
    (
        "not JSON",
        b"title: x\n",
        "is not JSON (invalid literal, expected 'true' at line 1 column 1)",
    ),
    ("not the format", b'{"title": "x"}', "not a factsheet export"),
    ("newer version", None, "is format version 2"),
    ("duplicate keys", b'{"format": "factsheet", "format": "x"}', "repeats the key 'format'"),
    ("NaN", b'{"format": "factsheet", "version": NaN}', "holds NaN"),
    ("Infinity", b'{"format": "factsheet", "version": -Infinity}', "holds -Infinity"),
    ("deep", b"[" * 100_000 + b"]" * 100_000, "nested deeper than 32 levels at line 1 column 33"),
    ("empty", b"", "is empty"),
    ("not UTF-8", b'{"format": "\xff"}', "is not UTF-8"),
]


@pytest.mark.parametrize(("case", "raw", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_files_give_one_message_and_leave_the_target_unchanged(
    tmp_path: Path, run, case: str, raw: bytes | None, message: str
) -> None:
    if raw is None:
        document = json.loads(demo_export())
        document["version"] = 2
        raw = json.dumps(document).encode()
    target = tmp_path / "target.json"
    shutil_copy_demo(target)
    before = target.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_bytes(raw)
    result = run("import", bad, "--into", target)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines
    assert target.read_bytes() == before


def shutil_copy_demo(target: Path) -> None:
    import shutil

    shutil.copy(DEMO_SHEET, target)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["claims"].append(dict(d["claims"][0])), "at $.claims[14].id: repeats the id"),
        (lambda d: d["quotes"][3].update(claim="c-nothere"), "at $.quotes[3].claim: refers to"),
        (lambda d: d["history"][0].update(claim="c-gone"), "at $.history[0].claim"),
        (lambda d: d["claims"][2].update(status="finished"), "at $.claims[2].status"),
        (
            lambda d: d["claims"][1].update(rating="pants-on-fire"),
            "at $.claims[1].rating: 'pants-on-fire' is not on the sheet's scale",
        ),
        (lambda d: d.pop("quotes"), "at $: lacks the field 'quotes'"),
    ],
)
def test_invalid_documents_name_the_place(tmp_path: Path, run, mutate, message: str) -> None:
    document = json.loads(demo_export())
    mutate(document)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "target.json"
    shutil_copy_demo(target)
    before = target.read_bytes()
    result = run("import", bad, "--into", target)
    assert result.exit_code == 1 and message in result.output
    assert target.read_bytes() == before


def test_oversized_input_is_refused_before_parsing() -> None:
    with pytest.raises(SharedFileError, match="the limit is 1,000"):
        json_format.parse(b" " * 2000, "big.json", max_bytes=1000)


def test_the_markdown_report_escapes_untrusted_text(tmp_path: Path) -> None:
    with Sheet.create(tmp_path / "m.json", title="M") as sheet:
        claim = sheet.add_claim("[click](http://evil.example) <script>x</script> \x1b[2J")
        sheet.set_verdict(claim.id, "false", rationale="*not* true")
        text = markdown.report(sheet)
    assert "\\[click\\](http://evil.example)" in text
    assert "\\<script\\>" in text and "\x1b" not in text and "␛\\[2J" in text
    assert "**Verdict: False**" in text and "\\*not\\* true" in text
    assert "| unrated |" not in text and "| Unrated | False |" in text


def test_a_bundle_carries_the_archives_and_quotes_stay_anchored(tmp_path: Path, run) -> None:
    zipped = tmp_path / "shared.zip"
    assert run("export", DEMO_SHEET, "--with-archives", "-o", zipped).exit_code == 0
    target = tmp_path / "copy.json"
    assert run("import", zipped, "--into", target).exit_code == 0
    with Sheet.open(target, writable=False) as copy:
        for quote in copy.quotes():
            text = copy.source_text(quote.source)
            assert text[quote.anchor["start"] : quote.anchor["end"]] == quote.anchor["exact"]


def test_an_export_to_a_zip_name_is_a_bundle_with_the_archives(tmp_path: Path, run) -> None:
    """`-o NAME.zip` without --with-archives used to write JSON into a file named .zip."""
    import zipfile

    zipped = tmp_path / "shared.zip"
    assert run("export", DEMO_SHEET, "-o", zipped).exit_code == 0
    assert zipfile.is_zipfile(zipped)
    with zipfile.ZipFile(zipped) as bundle:
        assert "sheet.json" in bundle.namelist()
        assert any(name.startswith("archive/") for name in bundle.namelist())
    target = tmp_path / "copy.json"
    assert run("import", zipped, "--into", target).exit_code == 0
    with Sheet.open(target, writable=False) as copy:
        quote = copy.quotes()[0]
        assert quote.anchor["exact"] in copy.source_text(quote.source)
    report = tmp_path / "report.zip"
    refused = run("export", DEMO_SHEET, "--format", "markdown", "-o", report)
    assert refused.exit_code != 0 and "Traceback" not in refused.output
    assert "a .zip export is the sheet with its archives" in refused.output
    assert not report.exists()


def _bundle_with(tmp_path: Path, extra: dict[str, bytes], path_of_first: str | None = None) -> Path:
    import zipfile

    document = json.loads(demo_export())
    if path_of_first:
        document["sources"][0]["snapshots"][0]["text"] = path_of_first
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as bundle:
        bundle.writestr("sheet.json", json.dumps(document))
        for name, content in extra.items():
            bundle.writestr(name, content)
    return bad


def test_a_bundle_cannot_write_outside_the_archive_folder(tmp_path: Path, run) -> None:
    bad = _bundle_with(tmp_path, {"archive/../../evil.txt": b"x"}, "../../evil.txt")
    result = run("import", bad, "--into", tmp_path / "t.json")
    assert result.exit_code == 1
    assert "'../../evil.txt' is not a path inside the sheet's archive folder" in result.output
    assert not (tmp_path / "t.json").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_export_import_export_is_the_same_document(tmp_path: Path, run) -> None:
    """The sheet's own created and updated times travel with it."""
    first = tmp_path / "first.json"
    assert run("export", DEMO_SHEET, "-o", first).exit_code == 0
    assert run("import", first, "--into", tmp_path / "copy.json").exit_code == 0
    second = tmp_path / "second.json"
    assert run("export", tmp_path / "copy.json", "-o", second).exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_merging_into_a_sheet_moves_its_updated_time(tmp_path: Path, run) -> None:
    def edit(other: Sheet) -> None:
        other.add_claim("A claim only they have")

    ours, theirs = shared(tmp_path, edit)
    before = on_disk(ours)["sheet"]["meta"]["updated"]
    result = run("import", theirs, "--into", ours)
    assert result.exit_code == 0 and "added 1 claims" in result.output
    assert on_disk(ours)["sheet"]["meta"]["updated"] > before


@pytest.mark.parametrize(
    "document",
    [
        {"score": [100.0, 99.5, 0.0001, 1e-05, 2e-07, -3.5e-09, 1e16, 0.1]},
        {"nested": {"deep": [{"score": 0.00001}], "text": '": 1e-5 and re-election'}},
        {"text": '\x00\x1f\x7f\u2028\u2029 ’ "quoted" \\ \t\n 中文 ß', "ü": {}, "e": [[]]},
        {"big": 2**70, "none": None, "yes": True, "list": []},
        [0.00001, "x"],
    ],
)
def test_the_export_bytes_are_those_python_json_has_always_written(document: object) -> None:
    """Exports are written by orjson now: byte for byte what json.dumps wrote before."""
    expected = json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2)
    assert json_format.dumps(document) == (expected + "\n").encode("utf-8")  # type: ignore[arg-type]


def test_importing_an_export_without_archives_says_its_pages_did_not_come(
    tmp_path: Path, run
) -> None:
    shared_json, shared_zip = tmp_path / "shared.json", tmp_path / "shared.zip"
    assert run("export", DEMO_SHEET, "-o", shared_json).exit_code == 0
    assert run("export", DEMO_SHEET, "-o", shared_zip).exit_code == 0
    result = run("import", shared_json, "--into", tmp_path / "from-json.json")
    assert result.exit_code == 0
    assert "note: 5 archived page(s) the sheet cites are not in its archive folder" in (
        result.output
    )
    result = run("import", shared_zip, "--into", tmp_path / "from-zip.json")
    assert result.exit_code == 0 and "note:" not in result.output
    result = run("import", shared_zip, "--into", tmp_path / "from-json.json")  # a merge
    assert result.exit_code == 0 and "note:" not in result.output
    assert "added 5 archived page(s) it lacked" in result.output  # not "added nothing"


def test_importing_a_file_again_does_not_merge_into_the_sheet_it_made(
    tmp_path: Path, run, monkeypatch
) -> None:
    """`factsheet import share.json` makes share-sheet.json; run again, it changes nothing
    and says how to merge (a second run used to merge without being asked)."""
    monkeypatch.chdir(tmp_path)
    assert run("export", DEMO_SHEET, "-o", tmp_path / "share.json").exit_code == 0
    first = run("import", "share.json")
    assert first.exit_code == 0 and "created share-sheet.json" in first.output
    made = (tmp_path / "share-sheet.json").read_bytes()
    again = run("import", "share.json")
    assert again.exit_code == 1
    assert again.output.strip().splitlines() == [
        "Error: share-sheet.json exists already; nothing was changed. To merge into it: "
        "factsheet import share.json --into share-sheet.json"
    ]
    assert (tmp_path / "share-sheet.json").read_bytes() == made
    merged = run("import", "share.json", "--into", "share-sheet.json")
    assert merged.exit_code == 0 and "merged into share-sheet.json" in merged.output
