"""Fuzzy search: ranking on fixed queries with known answers, and an index that follows edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DEMO_SHEET

from factsheet import Sheet
from factsheet.search import Entry, SearchIndex, sheet_entries


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    built = SearchIndex()
    with Sheet.open(DEMO_SHEET, writable=False) as sheet:
        built.add_many(sheet_entries(sheet, "xiaomi"))
    return built


@pytest.mark.parametrize(
    ("query", "kind", "expected"),
    [
        ("smarphones dimme", "quote", "We could sell 10 billion smartphones"),
        ("lei jun internet", "quote", "According to Lei Jun, Xiaomi is an internet play."),
        ("fitnes bands milion", "claim", "Xiaomi sold over 1 million Mi Band"),
        ("rice coker", "rationale", None),
        ("Milliarden Smartphones", "quote", "Wir könnten 10 Milliarden Smartphones"),
        ("chargers fakes", "claim", "The chargers that failed Chinese government tests"),
    ],
)
def test_known_answers_rank_first(index: SearchIndex, query: str, kind: str, expected) -> None:
    hits = index.search(query, limit=3)
    if expected is None:
        assert all(hit.score < 80 for hit in hits)  # nothing about rice cookers is rated
        return
    assert hits[0].entry.text.startswith(expected), [h.entry.text[:40] for h in hits]
    assert hits[0].entry.kind == kind
    matched = hits[0].entry.text[hits[0].start : hits[0].end].casefold()
    assert any(word[:4] in matched for word in query.casefold().split())


def test_the_index_follows_additions_edits_and_removals() -> None:
    index = SearchIndex()
    index.add(Entry("quote", "s", "q-1", "c-1", "Xiaomi sells handsets at cost"))
    assert index.search("handsets at cost")[0].entry.record_id == "q-1"
    index.add(Entry("quote", "s", "q-1", "c-1", "Xiaomi ships rice cookers"))
    assert index.search("rice cookers")[0].entry.record_id == "q-1"
    assert all("handsets" not in hit.entry.text for hit in index.search("handsets at cost"))
    index.replace_sheet("s", [Entry("claim", "s", "c-1", "c-1", "Handsets at cost")])
    assert [hit.entry.kind for hit in index.search("handsets at cost")] == ["claim"]
    assert len(index) == 1


def test_cli_search_across_the_sheets_folder(tmp_path: Path, run, monkeypatch) -> None:
    import shutil

    folder = tmp_path / "sheets"
    folder.mkdir()
    shutil.copy(DEMO_SHEET, folder / "xiaomi.json")
    monkeypatch.chdir(tmp_path)
    result = run("search", "smarphones dimme", "--limit", "2")
    assert result.exit_code == 0
    heading, first = result.output.splitlines()[:2]
    assert heading == "nothing holds “smarphones dimme” as typed; the nearest texts:"
    assert "quote" in first and "«smartphones" in first and "sheets/xiaomi.json" in first


def test_a_text_with_eszett_is_searched_and_highlighted_without_error() -> None:
    index = SearchIndex()
    index.add(Entry("quote", "s", "q-1", "c-1", "Die Straße ist groß und die Maße stimmen"))
    (hit,) = index.search("ist gross")
    assert hit.entry.text[hit.start : hit.end].startswith("ist")  # on the words, in place


def test_the_words_as_typed_come_before_near_misses() -> None:
    index = SearchIndex()
    for n, text in enumerate(
        ["about 10 million phones", "a million more", "one million", "millions sold"]
    ):
        index.add(Entry("quote", "s", f"q-{n}", "c-1", text))
    index.add(Entry("quote", "s", "q-9", "c-1", "Wir könnten 10 Milliarden Smartphones verkaufen"))
    hits = index.search("Milliarden")
    assert hits[0].entry.record_id == "q-9" and hits[0].exact
    assert not any(hit.exact for hit in hits[1:])


def test_snippets_start_and_end_at_a_word() -> None:
    from factsheet.search import snippet

    text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, " * 3 + "Xiaomi profit"
    index = SearchIndex()
    index.add(Entry("quote", "s", "q-1", "c-1", text))
    before, matched, after = snippet(index.search("xiaomi")[0], 30, 40)
    assert matched == "Xiaomi"
    assert before.startswith("…") and before[1] != " " and before[1:].split()[0] in text.split()


def test_replaced_texts_do_not_pile_up() -> None:
    index = SearchIndex()
    index.add_many(Entry("quote", "s", f"q-{n}", "c-1", f"text number {n}") for n in range(2000))
    for round_ in range(5):
        index.add_many(
            Entry("quote", "s", f"q-{n}", "c-1", f"edit {round_} of {n}") for n in range(300)
        )
    assert len(index) == 2000
    assert len(index.entries) < 2000 * 1.2  # hidden versions were dropped on a rebuild
    assert index.search("edit 4 of 7")[0].entry.record_id == "q-7"


def test_the_cli_keeps_an_index_and_brings_it_up_to_date(
    tmp_path: Path, run, own_cache: Path
) -> None:
    import shutil

    sheet = tmp_path / "xiaomi.json"
    shutil.copy(DEMO_SHEET, sheet)
    shutil.copytree(DEMO_SHEET.with_name("xiaomi.archive"), tmp_path / "xiaomi.archive")
    assert "«smartphones" in run("search", "smarphones dimme", str(sheet)).output
    kept = list((own_cache / "factsheet" / "search").glob("*/meta.json"))
    assert len(kept) == 1
    kept_at = kept[0].stat().st_mtime_ns
    run("search", "rice cookers", str(sheet))
    assert kept[0].stat().st_mtime_ns == kept_at  # reused, not made again
    with Sheet.open(sheet) as opened:
        claim = opened.claims()[0]
        opened.edit_claim(claim.id, text="Xiaomi sells quadcopters at cost")
    output = run("search", "quadcopters", str(sheet)).output
    assert "«quadcopters»" in output.splitlines()[0]
    assert kept[0].stat().st_mtime_ns != kept_at


def test_the_folder_index_follows_edits_record_by_record(demo_sheet: Path) -> None:
    from factsheet.folder import FolderIndex

    with Sheet.open(demo_sheet) as sheet:
        folder = FolderIndex(sheet)
        folder.update()
        before = len(folder.index.entries)
        claim = sheet.claims()[0]
        sheet.set_verdict(claim.id, "false", rationale="Handsets at cost: the filings say so")
        assert not folder.ready
        index = folder.update()
        assert index.search("handsets at cost filings")[0].entry.kind == "rationale"
        assert len(index.entries) <= before + 3  # the changed claim's texts, not the sheet
        sheet.delete_claim(claim.id)
        index = folder.update()
        assert all(hit.entry.claim_id != claim.id for hit in index.search(claim.text[:30]))


def test_the_same_quote_twice_is_one_row_and_different_quotes_say_which() -> None:
    """A quote recorded twice (same words, claim and source) is one row that counts its
    copies; the same words for another claim or from another source keep their rows, each
    saying what sets it apart."""
    from factsheet.search.results import rows

    words = "We could sell 10 billion smartphones and we wouldn't make a single dime"
    index = SearchIndex()
    index.add(Entry("quote", "s", "q-1", "c-1", words, "s-a"))
    index.add(Entry("quote", "s", "q-2", "c-1", words, "s-a"))  # a copy of q-1
    index.add(Entry("quote", "s", "q-3", "c-2", words, "s-a"))  # for another claim
    index.add(Entry("quote", "s", "q-4", "c-1", words, "s-b"))  # from another source
    index.add(Entry("quote", "s", "q-5", "c-1", "Xiaomi sells smartphones at cost", "s-a"))
    found = rows(index.search("billion smartphones", limit=10), 10)
    by_id = {row.hit.entry.record_id: row for row in found}
    assert len(found) == 4 and not ({"q-1", "q-2"} <= set(by_id))
    first = by_id.get("q-1") or by_id["q-2"]
    assert [first.copies, by_id["q-3"].copies, by_id["q-4"].copies] == [2, 1, 1]
    # The same words, three rows: each says its claim and its source (both vary among them).
    for row in (first, by_id["q-3"], by_id["q-4"]):
        assert row.differs == ("claim", "source")
    assert by_id["q-5"].differs == ()  # no other row has its words
    # Only the claim differs: only the claim is said.
    index.remove("quote", "s", "q-4")
    found = rows(index.search("billion smartphones", limit=10), 10)
    assert [row.differs for row in found if row.hit.entry.text == words] == [("claim",)] * 2
    # Copies do not take the place of other results.
    assert len(rows(index.search("smartphones", limit=10), 3)) == 3


def test_claims_with_the_same_words_stay_apart() -> None:
    from factsheet.search.results import rows

    index = SearchIndex()
    index.add(Entry("claim", "s", "c-1", "c-1", "Xiaomi makes no money on hardware"))
    index.add(Entry("claim", "s", "c-2", "c-2", "Xiaomi makes no money on hardware"))
    found = rows(index.search("no money on hardware"), 10)
    assert [(row.copies, row.differs) for row in found] == [(1, ("claim",))] * 2


def test_white_space_is_normalised_as_the_pattern_s_does() -> None:
    import re

    from factsheet.search import normalise
    from factsheet.search.grams import normalise_all

    texts = ["a\u2028b\x1c c", "  x\t\ny  ", "Straße  ß\u00a0nb\u3000sp\x85", "", " "]
    expected = [re.sub(r"\s+", " ", text.casefold()).strip() for text in texts]
    assert [normalise(text) for text in texts] == expected == normalise_all(texts)
    assert normalise_all([*texts, "a\x00 b"])[-1] == "a\x00 b"


def test_the_first_search_of_a_sheet_says_its_steps_on_a_terminal(
    demo_sheet: Path, tmp_path: Path
) -> None:
    """Making the index takes seconds on a large sheet: each step is said on stderr when it
    is a terminal, and cleared; standard output holds only the results."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "factsheet", "search", "smarphones dimme", str(demo_sheet)]
    said = []
    for _ in range(2):
        leader, follower = os.openpty()
        with os.fdopen(leader, "rb", buffering=0) as terminal:
            done = subprocess.run(command, stdout=subprocess.PIPE, stderr=follower, env=env)
            os.close(follower)
            try:
                said.append(terminal.read(65536).decode())
            except OSError:  # nothing was written: the closed terminal has nothing to read
                said.append("")
        assert done.returncode == 0 and "«smartphones" in done.stdout.decode()
        assert "indexing" not in done.stdout.decode()
    assert "indexing" in said[0] and "texts of" in said[0] and said[0].endswith("\r\x1b[K")
    assert said[1] == ""  # the kept index: nothing to say


def test_indexing_reads_the_same_documents_as_an_open_sheet(demo_sheet: Path) -> None:
    from factsheet.search.entries import checked_entries

    tables = Sheet.read_tables(demo_sheet, "claims", "quotes")
    with Sheet.open(demo_sheet, writable=False) as sheet:
        assert checked_entries("x", tables["claims"], tables["quotes"]) == sheet_entries(sheet, "x")


def test_a_sheet_with_a_text_that_is_not_text_is_refused_by_search(demo_sheet: Path, run) -> None:
    """Indexing reads the sheet without the model; a field it uses that is not as the rules
    hold it sends it to the sheet's own checks, which refuse the file in one line."""
    import json

    data = json.loads(demo_sheet.read_text(encoding="utf-8"))
    next(iter(data["quotes"].values()))["text"] = 5
    demo_sheet.write_text(json.dumps(data), encoding="utf-8")
    result = run("search", "smartphones", str(demo_sheet))
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "quotes[" in result.output
    assert "Traceback" not in result.output


def test_cli_search_of_a_missing_sheet_says_so_in_one_line(tmp_path: Path, run) -> None:
    result = run("search", "smartphones", str(tmp_path / "missing.json"))
    assert result.exit_code == 2
    assert "missing.json" in result.output and "does not exist" in result.output
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error: ")


def test_cli_search_without_sheets_searches_the_sheets_here(
    tmp_path: Path, run, monkeypatch
) -> None:
    import shutil

    shutil.copy(DEMO_SHEET, tmp_path / "xiaomi.json")
    monkeypatch.chdir(tmp_path)
    result = run("search", "smarphones dimme", "--limit", "1")
    assert result.exit_code == 0 and "«smartphones" in result.output


def test_the_kept_index_of_a_sheet_that_is_gone_is_dropped(
    tmp_path: Path, run, own_cache: Path
) -> None:
    import os
    import shutil

    kept = own_cache / "factsheet" / "search"
    for name in ("one.json", "two.json", "three.json"):
        shutil.copy(DEMO_SHEET, tmp_path / name)
        shutil.copytree(
            DEMO_SHEET.with_name("xiaomi.archive"), tmp_path / name.replace(".json", ".archive")
        )
    run("search", "smartphones", str(tmp_path / "one.json"))
    run("search", "smartphones", str(tmp_path / "two.json"))
    assert len(list(kept.iterdir())) == 2
    (tmp_path / "one.json").unlink()  # deleted: its index is no use to anyone
    old = kept / "left-by-a-crash"
    old.mkdir()
    month_ago = os.stat(tmp_path / "two.json").st_mtime - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    assert "«smartphones" in run("search", "smartphones", str(tmp_path / "three.json")).output
    left = list(kept.iterdir())
    assert len(left) == 2  # two's and three's
    assert old not in left
    # two's index was kept: searching it again makes nothing new
    before = {p: p.stat().st_mtime_ns for p in kept.glob("*/meta.json")}
    run("search", "smartphones", str(tmp_path / "two.json"))
    assert {p: p.stat().st_mtime_ns for p in kept.glob("*/meta.json")} == before


def test_a_kept_index_unused_for_a_month_is_dropped(tmp_path: Path, run, own_cache: Path) -> None:
    import os
    import shutil
    import time

    from factsheet.search.kept import UNUSED_DAYS, prune

    kept = own_cache / "factsheet" / "search"
    for name in ("one.json", "two.json"):
        shutil.copy(DEMO_SHEET, tmp_path / name)
    run("search", "smartphones", str(tmp_path / "one.json"))
    run("search", "smartphones", str(tmp_path / "two.json"))
    folders = sorted(kept.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    later = time.time() + (UNUSED_DAYS + 1) * 86400
    run("search", "smartphones", str(tmp_path / "two.json"))  # used again: marked as used
    two = max(kept.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    os.utime(two, (later, later))
    assert prune(now=later) == [p for p in folders if p != two]
    assert list(kept.iterdir()) == [two]


def test_near_misses_are_said_to_be_near_misses(demo_sheet: Path, run) -> None:
    lines = run("search", "Milliarden", str(demo_sheet), "--limit", "5").output.splitlines()
    near = lines.index("near matches (not as typed):")
    assert near > 0 and all("Milliarden" in line for line in lines[:near])
    none = run("search", "quadcopter drones", str(demo_sheet)).output.splitlines()
    assert none[0] == "nothing holds “quadcopter drones” as typed; the nearest texts:"
    assert len(none) > 1
    hits = json.loads(run("search", "quadcopter drones", str(demo_sheet), "--json").output)
    assert hits and not any(hit["as_typed"] for hit in hits)


def test_a_record_twice_in_one_batch_is_indexed_as_its_last_version() -> None:
    entries = [Entry("quote", "s", f"q-{n}", "c-1", f"text number {n}") for n in range(2000)]
    entries.append(Entry("quote", "s", "q-7", "c-1", "rewritten entirely"))
    index = SearchIndex()
    index.add_many(entries)
    assert len(index) == 2000
    assert index.search("rewritten entirely")[0].entry.record_id == "q-7"
    assert all(hit.entry.text != "text number 7" for hit in index.search("text number 7", 50))


def test_a_damaged_sheet_here_is_skipped_with_a_warning(
    tmp_path: Path, run, monkeypatch, own_cache: Path
) -> None:
    import shutil

    folder = tmp_path / "sheets"
    folder.mkdir()
    shutil.copy(DEMO_SHEET, folder / "xiaomi.json")
    (folder / "cut.json").write_bytes(DEMO_SHEET.read_bytes()[:5000])  # truncated
    monkeypatch.chdir(tmp_path)
    result = run("search", "smartphones", "--limit", "2")
    assert result.exit_code == 0
    assert "«smartphones" in result.stdout
    assert "warning: skipped sheets/cut.json" in result.stderr
    named = run("search", "smartphones", str(folder / "cut.json"))  # named: its error
    assert named.exit_code == 1 and named.output.startswith("Error: ")


def test_a_chinese_word_inside_a_sentence_is_found_as_typed_and_marked_alone() -> None:
    from factsheet.search import snippet

    index = SearchIndex()
    text = "小米集团表示，公司硬件业务的净利润率永远不会超过5%。"
    index.add(Entry("quote", "s", "q-1", "c-1", text))
    index.add(Entry("quote", "s", "q-2", "c-1", "利润很高"))
    (hit, *others) = index.search("净利润率")
    assert hit.entry.record_id == "q-1" and hit.exact
    assert not any(other.exact for other in others)
    assert text[hit.start : hit.end] == "净利润率"  # not the whole run of characters
    before, matched, after = snippet(hit, 5, 5)
    assert (before, matched) == ("…硬件业务的", "净利润率")  # context, cut between characters
    assert after == "永远不会超…"


def test_ss_typed_for_eszett_is_as_typed_and_marks_the_word() -> None:
    index = SearchIndex()
    index.add(Entry("quote", "s", "q-1", "c-1", "Die Straße übersteigt nie"))
    index.add(Entry("quote", "s", "q-2", "c-1", "Die Strassenbahn fährt"))
    hits = {hit.entry.record_id: hit for hit in index.search("strasse")}
    assert hits["q-1"].exact and hits["q-2"].exact
    hit = hits["q-1"]
    assert hit.entry.text[hit.start : hit.end] == "Straße"


def test_a_snippet_does_not_cut_a_word_with_an_apostrophe() -> None:
    from factsheet.search import snippet

    text = "Very what a that’s, up during billion for of margin the"
    index = SearchIndex()
    index.add(Entry("quote", "s", "q-1", "c-1", text))
    before, matched, _ = snippet(index.search("margin")[0], 26, 10)
    assert matched == "margin" and before == "…up during billion for of "


def test_equal_results_of_the_preferred_sheet_come_first() -> None:
    index = SearchIndex()
    for sheet in ("a.json", "b.json"):
        index.add(Entry("quote", sheet, "q-1", "c-1", "Xiaomi caps its hardware margin"))
    assert [hit.entry.sheet for hit in index.search("hardware margin")] == ["a.json", "b.json"]
    hits = index.search("hardware margin", prefer="b.json")
    assert [hit.entry.sheet for hit in hits] == ["b.json", "a.json"]
