"""Readable text, measured on a corpus of realistic pages (tests/archive/corpus): headline,
teaser, body, captions, related links, comment forms, cookie banners; UTF-8, ISO-8859-1,
windows-1252 and Shift_JIS; English, German, French and Japanese. Each page is served
by a real HTTP server and archived as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factsheet import InvalidInputError, Sheet
from factsheet.archive.fetch import FetchPolicy

from .pages import Site, serve

CORPUS = Path(__file__).with_name("corpus")
PAGES = json.loads((CORPUS / "corpus.json").read_text(encoding="utf-8"))
LOOPBACK = FetchPolicy(allowed_networks=("127.0.0.1/32",))
# Pages whose layout no extraction setting separates from its chrome (a table layout of
# the 1990s): their readable text keeps it, and the bench says so.
KNOWN_LEAKS = {"table-layout.html"}


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Every corpus page archived into one sheet: the sheet and each page's source id."""
    site = Site()
    for name, page in PAGES.items():
        site.page(f"/{name}", (CORPUS / name).read_bytes(), page["content_type"])
    path = tmp_path_factory.mktemp("corpus") / "corpus.json"
    sources = {}
    with serve(site) as base, Sheet.create(path, title="Corpus") as sheet:
        for name in PAGES:
            result = sheet.add_source_url(f"{base}/{name}", policy=LOOPBACK)
            assert result.error is None, result.error
            sources[name] = (path, result.source_id)
    return sources


@pytest.mark.parametrize("name", list(PAGES))
def test_the_readable_text_has_the_article_and_not_the_chrome(name: str, archived) -> None:
    path, source_id = archived[name]
    page = PAGES[name]
    with Sheet.open(path, writable=False) as sheet:
        texts = sheet.snapshot_texts(source_id)
    article = flat(texts["article"])
    for sentence in page["must"]:
        assert flat(sentence) in article, sentence
    if name not in KNOWN_LEAKS:
        for piece in page["chrome"]:
            assert flat(piece) not in article, piece
    assert flat(page["must"][0]) in flat(texts["article"].split("\n\n")[0])  # the headline


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_describes_itself_from_its_own_metadata(name: str, archived) -> None:
    path, source_id = archived[name]
    with Sheet.open(path, writable=False) as sheet:
        source = sheet.source(source_id)
    expected = PAGES[name]["meta"]
    found = {key: getattr(source, key) for key in expected}
    assert found == expected


@pytest.mark.parametrize("name", list(PAGES))
def test_headline_caption_and_chrome_are_quotable_and_say_where_they_stood(
    name: str, archived
) -> None:
    path, source_id = archived[name]
    page = PAGES[name]
    with Sheet.open(path) as sheet:
        claim = sheet.add_claim(f"About {name}").id
        headline = sheet.add_quote(claim, source_id, page["must"][0])
        assert headline.text == page["must"][0]
        assert headline.anchor.get("within", "article") == "article"
        if page["caption"]:
            caption = sheet.add_quote(claim, source_id, page["caption"])
            assert caption.text == page["caption"]
        if name not in KNOWN_LEAKS:
            chrome = max(page["chrome"], key=len)
            outside = sheet.add_quote(claim, source_id, chrome)
            assert outside.text == chrome and outside.anchor["within"] == "page"
        with pytest.raises(InvalidInputError, match="nor anywhere else on the page"):
            sheet.add_quote(claim, source_id, "A sentence that stands on no page at all")
