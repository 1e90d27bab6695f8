"""Text without spaces (Chinese) breaks between characters, not only at spaces."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.content import Content

from factsheet import Sheet
from factsheet.ui.wrap import breaks, wrapped

from .conftest import settled, worksheet

CHINESE = (
    "小米手机商店去年北京损电律及去年小米小米调额安全债成服务发布工厂智能手机认为。"
    "政策市场数据服务小米广告市场"
)


def test_chinese_breaks_between_characters_and_english_at_spaces() -> None:
    lines = wrapped(Content("60 claim " + CHINESE), 30).plain.split("\n")
    assert lines[0].startswith("60 claim 小米手机")  # the first line is filled
    assert all(cell_len(line) <= 30 for line in lines)
    assert "".join(lines) == "60 claim " + CHINESE  # nothing lost or added
    english = wrapped(Content("Xiaomi is an internet company, not a hardware maker"), 30)
    assert english.plain.split("\n") == ["Xiaomi is an internet company,", "not a hardware maker"]
    assert breaks("a" * 25, 10) == [10, 20]  # a word wider than a line is cut


def test_wrapping_keeps_the_styles() -> None:
    content = Content.assemble(("60 ", "dim"), (CHINESE[:20], "bold reverse"), CHINESE[20:])
    lines = wrapped(content, 16).split("\n")
    assert lines[1].plain == CHINESE[6:14]
    assert lines[1].spans and lines[1].spans[0].style == "bold reverse"


async def test_a_chinese_result_starts_on_the_line_of_its_score(demo_sheet: Path) -> None:
    from textual.widgets import OptionList

    from factsheet.ui.screens.search import SearchScreen

    with Sheet.open(demo_sheet) as sheet:
        sheet.add_claim(CHINESE * 2)
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, _):
        await pilot.press("F")
        await settled(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"小米手机商店")
        results = app.screen.query_one(OptionList)
        prompt = results.get_option_at_index(0).prompt
        assert isinstance(prompt, Content)
        first = prompt.plain.split("\n")[0]
        assert "claim" in first and "小米手机商店" in first, prompt.plain
        # every line fits the list, so that Textual does not break it again at a space
        width = SearchScreen._text_width(results)
        assert all(cell_len(line) <= width for line in prompt.plain.split("\n"))
        await pilot.resize_terminal(100, 30)
        await settled(pilot)
        again = results.get_option_at_index(0).prompt
        assert isinstance(again, Content)
        assert cell_len(again.plain.split("\n")[0]) > cell_len(first)  # fits the new width
