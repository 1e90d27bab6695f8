"""The one sanitising path: controls, C1 and bidi characters become visible placeholders."""

from __future__ import annotations

from factsheet.safe_text import one_line, plural, visible


def test_escape_sequences_are_made_visible() -> None:
    shown = visible("\x1b]52;c;cHduZWQ=\x07 and \x1b[2J and \x9b31m")
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert shown == "␛]52;c;cHduZWQ=␇ and ␛[2J and ⟨U+009B⟩31m"


def test_nul_del_cr_and_bidi_overrides() -> None:
    assert visible("a\x00b\x7fc\rd") == "a␀b␡c␍d"
    assert visible("abc\u202edef\u2066") == "abc⟨U+202E⟩def⟨U+2066⟩"


def test_newlines_and_tabs_survive_but_not_on_one_line() -> None:
    assert visible("a\n\tb") == "a\n\tb"
    assert one_line("a\n\tb") == "a⏎ b"


def test_markup_is_left_as_text() -> None:
    assert visible("[bold red]x[/] [@click=app.quit]") == "[bold red]x[/] [@click=app.quit]"


def test_one_line_cuts_with_an_ellipsis() -> None:
    assert one_line("Hugo Barra said", 8) == "Hugo Ba…"
    assert one_line("short", 8) == "short"


def test_ordinary_text_is_untouched() -> None:
    text = "Mi Geräte zu Selbstkosten – „Wir könnten“ 1.5 Milliarden US$ 👍"
    assert visible(text) == text


def test_one_line_cuts_wide_characters_by_the_cells_they_take() -> None:
    from rich.cells import cell_len

    title = "手机小米火灾商店" * 10  # 80 characters, 160 cells
    cut = one_line(title, 60)
    assert cut.endswith("…") and cell_len(cut) <= 60
    assert cut[:-1] == title[: len(cut) - 1]  # the start of the text, nothing else
    assert one_line("Straße " * 20, 20) == "Straße Straße Straß…"
    assert one_line("手机", 4) == "手机"


def test_counts_read_the_same_in_the_app_and_in_reports() -> None:
    """One wording of a count everywhere (the header, the verdict log, the markdown
    report): the noun agrees, and large numbers are grouped by thousands."""
    assert [plural(n, "claim") for n in (0, 1, 2, 10_000)] == [
        "0 claims",
        "1 claim",
        "2 claims",
        "10,000 claims",
    ]
