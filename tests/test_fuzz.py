"""Property-based fuzzing: valid sheet files, exports and bundles mutated at random (types,
lengths, characters, structure, bytes) and run through `Sheet.open` and the commands.

Every run must end cleanly, or in exactly one `Error:` line; never in a traceback. A
command that fails leaves the file byte for byte; one that succeeds in an edit or an
import leaves a sheet that opens (a sheet never saves what it would refuse to read).

The runs are deterministic (derandomized) so that CI is; FACTSHEET_FUZZ_EXAMPLES raises
the number of examples per test for a longer hunt (`FACTSHEET_FUZZ_EXAMPLES=5000 pytest
tests/test_fuzz.py`). The counts are printed in pytest's summary.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hostile import hand_written_sheet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factsheet import FactsheetError, Sheet
from factsheet.cli import cli
from factsheet.exchange import bundle, json_format

EXAMPLES = int(os.environ.get("FACTSHEET_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("FACTSHEET_FUZZ_EXAMPLES") is None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
COUNTS: Counter[str] = Counter()  # reported by tests/conftest.py's terminal summary

READING = [
    "info {sheet}",
    "info {sheet} --json",
    "claim list {sheet}",
    "claim list {sheet} --json",
    "quote list {sheet}",
    "source list {sheet} --json",
    "log {sheet}",
    "check {sheet}",
    "export {sheet}",
    "export {sheet} --format markdown",
    "provenance {sheet}",
]

# Values that break rules in interesting ways, beside random ones.
SPECIAL = [
    None,
    True,
    0,
    -1,
    2**63,
    2**64,
    -(2**63) - 1,
    10**30,
    1e308,
    -0.0,
    "",
    " ",
    "\n",
    "c-abc\n",
    "c-",
    "s-zz",
    "snap-1",
    "q-" + "a" * 33,
    "/etc/passwd",
    "../../etc/passwd",
    "text/../../x",
    "files\\x",
    "C:\\x",
    "text/",
    ".",
    "2024-01-01T00:00:00Z",
    "٢٠٢٤-01-01T00:00:00Z",
    "2024-01-01T00:00:00Z\n",
    "unrated",
    "false",
    "\x1b]2;PWNED\x07",
    "\u202e\x9b31m",
    "x" * 70_000,
    [],
    {},
    [[[[[]]]]],
    {"id": "c-1"},
]
characters = st.characters(codec="utf-8") | st.sampled_from(
    ["\x00", "\x1b", "\x7f", "\x9b", "\u202e", "\u2028", "\ufeff", "\ud800", "\udfff", '"', "\\"]
)
texts = st.text(characters, max_size=30) | st.sampled_from(
    [s for s in SPECIAL if isinstance(s, str)]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
    | st.sampled_from(SPECIAL).map(copy.deepcopy)  # never the shared list or dict itself
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON document: the keys or indexes that lead to it."""
    yield prefix
    if isinstance(node, dict):
        for key, item in node.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from paths(item, (*prefix, index))


def mutate(document: Any, data: st.DataObject) -> Any:
    """One to three changes at random places: a text replaced by another (which most rules
    allow, so that the commands get to work on it), a value replaced by one of any type, a
    key removed or added, an item repeated, a text lengthened or cut."""
    for _ in range(data.draw(st.sampled_from([1, 1, 2, 3]))):
        places = [p for p in paths(document) if p]
        if not places:
            return data.draw(values)
        place = data.draw(st.sampled_from(places))
        parent = document
        for step in place[:-1]:
            parent = parent[step]
        key = place[-1]
        action = data.draw(
            st.sampled_from(["text"] * 4 + ["replace", "remove", "add", "repeat", "stretch"])
        )
        if action == "text":
            texts_at = [p for p in places if isinstance(_at(document, p), str)]
            if texts_at:
                where = data.draw(st.sampled_from(texts_at))
                _set(document, where, data.draw(st.text(characters, min_size=1, max_size=30)))
        elif action == "replace":
            parent[key] = data.draw(values)
        elif action == "remove":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(texts)] = data.draw(values)
        elif action == "add":
            parent.insert(key, data.draw(values))
        elif action == "repeat" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[key])))
        elif action == "repeat" and isinstance(parent[key], dict) and parent[key]:
            inner = parent[key]
            first = next(iter(inner))
            inner[data.draw(texts)] = json.loads(json.dumps(inner[first]))
        elif isinstance(parent[key], str):
            times = data.draw(st.sampled_from([0, 2, 1000]))
            parent[key] = parent[key] * times if times else parent[key][: len(parent[key]) // 2]
    return document


def _at(document: Any, place: tuple[Any, ...]) -> Any:
    for step in place:
        document = document[step]
    return document


def _set(document: Any, place: tuple[Any, ...], value: Any) -> None:
    _at(document, place[:-1])[place[-1]] = value


def serialise(document: Any, data: st.DataObject, original: bytes) -> bytes:
    """The mutated document as a file: in its own layout, as by hand, or with its bytes
    damaged (truncated, a line repeated, bytes replaced)."""
    how = data.draw(st.sampled_from(["compact", "compact", "indented", "ascii", "bytes", "line"]))
    if how == "bytes":
        raw = bytearray(original)
        for _ in range(data.draw(st.integers(1, 4))):
            at = data.draw(st.integers(0, max(len(raw) - 1, 0)))
            choice = data.draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
            if choice == "cut":
                del raw[at:]
            elif choice == "flip" and raw:
                raw[at] = data.draw(st.integers(0, 255))
            elif choice == "insert":
                raw[at:at] = data.draw(st.binary(min_size=1, max_size=8))
            elif raw:
                del raw[at : at + data.draw(st.integers(1, 40))]
        return bytes(raw)
    if how == "line":
        lines = original.split(b"\n")
        at = data.draw(st.integers(0, len(lines) - 1))
        lines.insert(at, lines[data.draw(st.integers(0, len(lines) - 1))])
        return b"\n".join(lines)
    text = json.dumps(
        document,
        ensure_ascii=how == "ascii",
        indent=1 if how == "indented" else None,
        allow_nan=False,
    )
    return text.encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Valid sheets to start from: one made through the API, one written by hand with
    hostile text everywhere; and their exports and a bundle."""
    folder = tmp_path_factory.mktemp("fuzz-bases")
    page = folder / "page.txt"
    page.write_text("Xiaomi said it makes no money on hardware, he said.\n", encoding="utf-8")
    made = folder / "made.json"
    with Sheet.create(made, title="Made", reviewer="fuzz") as sheet:
        source = sheet.add_source_file(page, title="Page")
        claim = sheet.add_claim("No money on hardware", claimant="Lei Jun", source=source.id)
        sheet.add_quote(claim.id, source.id, "makes no money on hardware", stance="supports")
        sheet.set_verdict(claim.id, "mostly-false", rationale="Margins are thin, not zero.")
        sheet.add_claim("A second claim", tags=["a", "b"])
    hand = hand_written_sheet(folder)
    found = {"made": made, "hand": hand}
    for name, path in list(found.items()):
        with Sheet.open(path, writable=False) as sheet:
            document = json_format.export_document(sheet)
            export = folder / f"{name}-export.json"
            export.write_bytes(json_format.dumps(document))
            zipped = folder / f"{name}-bundle.zip"
            zipped.write_bytes(bundle.write_bundle(document, sheet.archive_dir))
        found[f"{name}-export"], found[f"{name}-bundle"] = export, zipped
    return found


@contextmanager
def workspace(sheet: Path | None = None) -> Iterator[Path]:
    """A fresh folder per example; the base sheet's archive linked in beside `sheet`."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as name:
        folder = Path(name)
        if sheet is not None:
            (folder / "sheet.archive").symlink_to(sheet.with_name(f"{sheet.stem}.archive"))
        yield folder


def invoke(*args: Any) -> Result:
    """A command as a user types it. Any exception but click's exit is a traceback: it
    propagates and fails the test."""
    COUNTS["commands"] += 1
    try:
        return CliRunner().invoke(
            cli, ["--reviewer", "fuzz", *map(str, args)], catch_exceptions=False
        )
    except Exception:
        COUNTS["tracebacks"] += 1
        raise


def assert_clean(result: Result) -> None:
    output = result.output
    assert "Traceback" not in output and "unexpected error" not in output, output
    if result.exit_code == 0:
        return
    COUNTS["errors"] += 1
    errors = [line for line in output.splitlines() if line.startswith("Error: ")]
    assert result.exit_code in (1, 2) and len(errors) == 1, output


def assert_opens_or_refuses(path: Path) -> bool:
    """Sheet.open gives a sheet or a FactsheetError (one line); anything else is a bug."""
    for writable in (False, True):
        before = path.read_bytes()
        try:
            with Sheet.open(path, writable=writable, reviewer="fuzz") as sheet:
                sheet.summary()
                sheet.claims(), sheet.quotes(), sheet.sources(), sheet.history()
        except FactsheetError as error:
            assert "\n" not in str(error)
            assert path.read_bytes() == before
            return False
        if path.read_bytes() != before:  # only the upgrade of an old layout writes on open
            assert list(path.parent.glob(f"{path.name}.schema-*.bak"))
    return True


@pytest.mark.parametrize("base", ["made", "hand"])
@FUZZ
@given(data=st.data())
def test_a_mutated_sheet_file_opens_or_is_refused_in_one_line(
    bases: dict[str, Path], base: str, data: st.DataObject
) -> None:
    original = bases[base].read_bytes()
    document = mutate(json.loads(original), data)
    raw = serialise(document, data, original)
    COUNTS["sheet files"] += 1
    with workspace(bases[base]) as folder:
        sheet = folder / "sheet.json"
        sheet.write_bytes(raw)
        opens = assert_opens_or_refuses(sheet)
        raw = sheet.read_bytes()
        for command in READING:
            assert_clean(invoke(*command.format(sheet=sheet).split()))
            assert sheet.read_bytes() == raw, f"{command} changed the file"
        edit = invoke("claim", "add", sheet, data.draw(texts, label="claim text"))
        assert_clean(edit)
        if edit.exit_code == 0:
            assert opens and assert_opens_or_refuses(sheet), "an edit saved an unreadable sheet"
        else:
            assert sheet.read_bytes() == raw


@pytest.mark.parametrize("base", ["made-export", "hand-export"])
@FUZZ
@given(data=st.data())
def test_a_mutated_export_imports_whole_or_not_at_all(
    bases: dict[str, Path], base: str, data: st.DataObject
) -> None:
    original = bases[base].read_bytes()
    raw = serialise(mutate(json.loads(original), data), data, original)
    COUNTS["exports"] += 1
    with workspace() as folder:
        shared = folder / "shared.json"
        shared.write_bytes(raw)
        created = folder / "new.json"
        result = invoke("import", shared, "--into", created)
        assert_clean(result)
        if result.exit_code == 0:
            assert assert_opens_or_refuses(created), "an import made a sheet that cannot open"
        else:
            assert sorted(p.name for p in folder.iterdir()) == ["shared.json"]
        target = folder / "target.json"
        shutil.copy(bases["made"], target)
        before = target.read_bytes()
        result = invoke("import", shared, "--into", target)
        assert_clean(result)
        if result.exit_code == 0:
            assert assert_opens_or_refuses(target), "a merge saved a sheet that cannot open"
        else:
            assert target.read_bytes() == before


@FUZZ
@given(data=st.data())
def test_a_damaged_bundle_imports_whole_or_not_at_all(
    bases: dict[str, Path], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(["made-bundle", "hand-bundle"]))
    raw = bytearray(bases[name].read_bytes())
    how = data.draw(st.sampled_from(["bytes", "document"]))
    if how == "bytes":
        for _ in range(data.draw(st.integers(1, 6))):
            at = data.draw(st.integers(0, len(raw) - 1))
            raw[at] = data.draw(st.integers(0, 255))
        if data.draw(st.booleans()):
            del raw[data.draw(st.integers(0, len(raw) - 1)) :]
    else:  # a mutated document, the members as they were
        with zipfile.ZipFile(bases[name]) as original:
            members = {info.filename: original.read(info) for info in original.infolist()}
        text = members.pop("sheet.json")
        document = mutate(json.loads(text), data)
        rebuilt = io.BytesIO()
        with zipfile.ZipFile(rebuilt, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("sheet.json", serialise(document, data, text))
            for member, content in members.items():
                z.writestr(member, content)
        raw = bytearray(rebuilt.getvalue())
    COUNTS["bundles"] += 1
    with workspace() as folder:
        shared = folder / "shared.zip"
        shared.write_bytes(bytes(raw))
        result = invoke("import", shared, "--into", folder / "new.json")
        assert_clean(result)
        if result.exit_code == 0:
            assert assert_opens_or_refuses(folder / "new.json")
        else:
            assert sorted(p.name for p in folder.iterdir()) == ["shared.zip"]


@FUZZ
@given(data=st.data())
def test_the_rules_refuse_whatever_the_published_schema_refuses(
    bases: dict[str, Path], data: st.DataObject
) -> None:
    """factsheet's compiled rules (validate) are at least as strict as the JSON Schema it
    publishes, on mutated exports: a document the schema refuses never imports."""
    import jsonschema

    from factsheet.validate import Problem, check_document, schema

    name = data.draw(st.sampled_from(["made-export", "hand-export"]))
    document = mutate(json.loads(bases[name].read_bytes()), data)
    COUNTS["schema comparisons"] += 1
    validator = jsonschema.Draft202012Validator(schema())
    if validator.is_valid(document):
        return
    with pytest.raises(Problem):
        check_document(document)


def test_the_fuzzers_saw_what_they_were_meant_to() -> None:
    """The counts are real: both refusals and clean runs happened (when the fuzz tests ran
    in this session)."""
    if COUNTS["sheet files"] < EXAMPLES:
        pytest.skip("the fuzz tests did not run in this session")
    assert COUNTS["errors"] > 0 and COUNTS["commands"] > COUNTS["errors"]


@FUZZ
@given(data=st.data())
def test_the_quick_check_never_passes_a_record_the_full_check_refuses(
    bases: dict[str, Path], data: st.DataObject
) -> None:
    """Opening a sheet first asks a quick compiled check (schema_fast) whether a record
    passes; it must never say yes where the full check (which words the error) says no."""
    from factsheet.schema_checks import Fail
    from factsheet.schema_fast import record_passes
    from factsheet.validate import KINDS, _record_inner

    name = data.draw(st.sampled_from(["made-export", "hand-export"]))
    document = mutate(json.loads(bases[name].read_bytes()), data)
    if not isinstance(document, dict):
        return
    for table, kind in KINDS.items():
        items = document.get(table)
        for record in items if isinstance(items, list) else []:
            if record_passes(kind)(record):
                COUNTS["quick passes"] += 1
                _record_inner(kind)(record)  # raises Fail if the quick check was wrong
            else:
                COUNTS["quick refusals"] += 1
                with contextlib.suppress(Fail):
                    _record_inner(kind)(record)
