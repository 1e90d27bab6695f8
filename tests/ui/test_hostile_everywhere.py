"""Every screen of the app on a sheet written by hand with hostile text in every field that
takes text: what is drawn holds no character a terminal could act on."""

from __future__ import annotations

from pathlib import Path

from hostile import UNSAFE, hand_written_sheet

from .conftest import settled, worksheet

# Keys that reach each screen from the worksheet, and the keys that leave it.
SCREENS: dict[str, tuple[list[str], list[str]]] = {
    "worksheet": ([], []),
    "verdict editor": (["v"], ["escape"]),
    "claim form": (["e"], ["escape"]),
    "quote form": (["tab", "e"], ["escape", "shift+tab"]),
    "source view": (["tab", "enter"], ["escape", "shift+tab"]),
    "sources": (["S"], ["escape"]),
    "source form": (["S", "e"], ["escape", "escape"]),
    "what changed": (["S", "D"], ["escape", "escape"]),
    "source text": (["S", "enter"], ["escape", "escape"]),
    "search": (["slash", *"quoted"], ["escape"]),
    "help": (["question_mark"], ["escape"]),
    "export": (["x"], ["escape"]),
    "merge": (["I"], ["escape"]),
    "command palette": (["ctrl+p", *"verdict"], ["escape"]),
    "filter": (["f", *"tag:"], ["escape", "escape"]),
}


async def test_no_screen_draws_a_character_a_terminal_acts_on(tmp_path: Path) -> None:
    path = hand_written_sheet(tmp_path)
    async with worksheet(path, size=(80, 24)) as (app, pilot, screen):
        for name, (keys, back) in SCREENS.items():
            await pilot.press(*keys)
            await settled(pilot)
            drawn = app.export_screenshot()
            found = UNSAFE.search(drawn)
            assert found is None, f"{name}: {found.group()!r} was drawn"
            assert app.is_running and app.crash is None, name
            await pilot.press(*back)
            await settled(pilot)
            assert app.screen is screen, f"{name} did not close"
        assert "␛]2;PWNED␇" in app.export_screenshot()
