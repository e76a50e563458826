"""The command palette speaks the TUI's language (issue 11, defect 8): in a Russian UI it showed
Textual's own commands in English ("Focus Next", "Search for commands…")."""

from __future__ import annotations

import pytest
from textual.command import CommandInput, CommandList, CommandPalette

from .conftest import SIZE, settle

pytestmark = pytest.mark.anyio


async def palette_texts(pilot) -> tuple[str, list[str]]:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.pause(0.3)  # the palette gathers its commands in a worker of its own
    await settle(pilot)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    options = palette.query_one(CommandList)
    texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return palette.query_one(CommandInput).placeholder, texts


async def test_a_russian_palette_has_no_english_commands(app_factory, shell_salon):
    app = app_factory("ru")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        placeholder, texts = await palette_texts(pilot)
    assert placeholder == "Поиск команд…"
    assert any("Выход" in t for t in texts) and any("Тема" in t for t in texts)
    assert any("Перейти" in t or "Услуги" in t for t in texts)
    english = ("Focus", "Quit", "Theme", "Keys", "Screenshot", "Maximize", "Minimize")
    assert not [t for t in texts if any(word in t for word in english)]


async def test_the_palette_names_the_key_each_section_really_has(app_factory, shell_salon):
    """Statistics is the tenth section: its key is 0 (Help and the palette said "10")."""
    app = app_factory("en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"statistics")
        await pilot.pause(0.3)  # the palette searches in a worker of its own
        await settle(pilot)
        palette = pilot.app.screen
        options = palette.query_one(CommandList)
        found = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    assert any("Go to Statistics" in t and "Key 0" in t for t in found), found
    assert not any("Key 10" in t for t in found)
