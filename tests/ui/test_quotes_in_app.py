"""Quoting in the app: a misquote is shown beside the source's words and only the source's
words are ever saved; the source view quotes the source's own characters; a repeated
passage asks which place."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static, TextArea
from textual.widgets.text_area import Selection

from factsheet import Sheet
from factsheet.ui.screens.forms import QuoteForm
from factsheet.ui.screens.misquote import MisquoteScreen, OccurrenceScreen
from factsheet.ui.screens.source import SourceScreen

from .conftest import on_disk, worksheet

SOURCE = (
    "The council approved the plan on Monday.\n"
    "Its leader said \u202eyes\u202c to the vote. The council approved the plan again.\n"
)


def council_sheet(tmp_path: Path) -> Path:
    """A sheet with one claim and one quote from a text holding a bidi control."""
    article = tmp_path / "council.txt"
    article.write_text(SOURCE, encoding="utf-8")
    path = tmp_path / "council.json"
    with Sheet.create(path, title="Council") as sheet:
        source = sheet.add_source_file(article, title="Council minutes")
        claim = sheet.add_claim("The council rejected the plan", source=source.id)
        sheet.add_quote(claim.id, source.id, "on Monday")
    return path


def quotes_on_disk(path: Path) -> list[dict]:
    return list(on_disk(path)["quotes"].values())


async def test_a_misquote_is_shown_beside_the_source_words_and_y_takes_them(
    tmp_path: Path,
) -> None:
    path = council_sheet(tmp_path)
    async with worksheet(path) as (app, pilot, screen):
        await pilot.press("tab", "a")
        assert isinstance(app.screen, QuoteForm)
        app.screen.query_one("#text", TextArea).text = "Its leader said no to the vote"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, MisquoteScreen)
        typed = app.screen.query_one("#misquote-typed", Static).render()
        words = app.screen.query_one("#misquote-words", Static).render()
        assert str(typed) == "Its leader said no to the vote"
        assert str(words) == "Its leader said ⟨U+202E⟩yes⟨U+202C⟩ to the vote"  # made visible
        assert any(span.style == "bold red" for span in typed.spans)
        assert "no → ⟨U+202E⟩yes⟨U+202C⟩" in str(
            app.screen.query_one("#misquote-diff", Static).render()
        )
        assert len(quotes_on_disk(path)) == 1  # nothing saved yet
        await pilot.press("n")
        assert isinstance(app.screen, QuoteForm)
        assert "does not say that" in str(app.screen.query_one("#form-error", Static).render())
        await pilot.press("ctrl+s", "y")
        assert not isinstance(app.screen, QuoteForm | MisquoteScreen)
    added = quotes_on_disk(path)[-1]
    assert added["text"] == "Its leader said \u202eyes\u202c to the vote"  # the source's bytes
    assert added["typed"] == "Its leader said no to the vote"


async def test_the_source_view_quotes_the_source_characters_not_those_shown(
    tmp_path: Path,
) -> None:
    path = council_sheet(tmp_path)
    async with worksheet(path) as (app, pilot, screen):
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, SourceScreen)
        area = app.screen.query_one(TextArea)
        shown = area.text.split("\n")[1]
        start, end = shown.index("said"), shown.index(" to the vote") + len(" to the vote")
        area.selection = Selection((1, start), (1, end))
        assert "⟨U+202E⟩" in area.selected_text  # what the screen shows...
        await pilot.press("a")
        assert isinstance(app.screen, QuoteForm)
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, QuoteForm)
    added = quotes_on_disk(path)[-1]
    assert added["text"] == "said \u202eyes\u202c to the vote"  # ...is not what is quoted
    assert added["typed"] == "" and added["anchor"]["status"] == "exact"


async def test_a_repeated_passage_asks_which_place_and_takes_the_one_chosen(
    tmp_path: Path,
) -> None:
    path = council_sheet(tmp_path)
    async with worksheet(path) as (app, pilot, screen):
        await pilot.press("tab", "a")
        app.screen.query_one("#text", TextArea).text = "The council approved the plan"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, OccurrenceScreen)
        assert app.screen.query_one(OptionList).option_count == 2
        await pilot.press("down", "enter")
        assert not isinstance(app.screen, QuoteForm | OccurrenceScreen)
    added = quotes_on_disk(path)[-1]
    assert added["anchor"]["start"] == SOURCE.rindex("The council approved the plan")
