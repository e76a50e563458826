"""Every key a user needs is in sight at 80×24 (issue 11, every screen fits): in each section and
wizard step, in both languages, F1 comes first, the palette's key last, and no key lies under
the palette's key or past the edge; keys that do not fit are left to F1 and the palette."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from mtime_tui.core import settings
from mtime_tui.core.people import branches
from mtime_tui.i18n import set_language
from mtime_tui.screens.nav import SECTIONS
from mtime_tui.widgets import MonthCalendar

from .booking_fixtures import TUESDAY, new_app, seed_bookings, seed_salon
from .conftest import settle

pytestmark = pytest.mark.anyio


async def wizard_steps(pilot):
    """The wizard's master, service, date, time and phone steps, one after another."""
    for step in (("enter",), ("down", "enter"), ("enter",), ("enter",)):
        if step == ("enter",) and pilot.app.screen.query("#date-calendar"):
            calendar = pilot.app.screen.query_one("#date-calendar", MonthCalendar)
            if calendar.has_focus:
                calendar.show_day(TUESDAY)
        await pilot.press(*step)
        await settle(pilot)
        yield f"new_booking after {step}"


def footer_problems(app, where: str) -> list[str]:
    keys = list(app.screen.query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    others = [key for key in keys if not key.has_class("-command-palette")]
    problems = []
    if len(palette) != 1:
        return [f"{where}: no palette key"]
    if not others or others[0].key != "f1":
        problems.append(f"{where}: F1 is not the first key ({[k.key for k in others[:1]]})")
    edge = palette[0].region.x
    for key in others:
        if (key.region.right > edge or key.region.width == 0
                or key.region.width < key.render().cell_len):  # drawn cut
            problems.append(f"{where}: {key.key_display} {key.description!r} at "
                            f"{key.region.x}–{key.region.right}, palette at {edge}")
    return problems


@pytest.mark.parametrize(("size", "chain"), [((80, 24), False), ((120, 36), False),
                                             ((80, 24), True)],
                         ids=["80x24", "120x36", "80x24-chain"])
@pytest.mark.parametrize("language", ["en", "ru"])
async def test_every_footer_key_is_in_sight(salon, language, size, chain):
    """In a chain the branch picker's key comes too (^b): the footer still fits, none cut."""
    seed_bookings(seed_salon())
    if chain:
        branches.add_branch("Пресня — второй этаж торгового центра «Радуга»", "Пресненская 1")
    settings.save(tui_language=language)
    app = new_app()
    problems: list[str] = []
    try:
        async with app.run_test(size=size) as pilot:
            for mode, _title in SECTIONS:
                await app.switch_mode(mode)
                await settle(pilot)
                problems += footer_problems(app, mode)
            await app.switch_mode("new_booking")
            await settle(pilot)
            async for where in wizard_steps(pilot):
                problems += footer_problems(app, where)
            await app.switch_mode("working_time")
            app.screen.query_one("#wt-tabs").active = "wt-breaks"
            await settle(pilot)
            problems += footer_problems(app, "working_time breaks")
    finally:
        set_language("en")
    assert not problems, "\n".join(problems)


async def test_a_narrowing_terminal_narrows_the_footer(salon):
    """The same section, resized from 200 to 80 columns: compact keys, the card's keys left to
    F1 — and back."""
    seed_salon()
    app = new_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await app.switch_mode("clients")
        await settle(pilot)
        actions = {key.action for key in app.screen.query(FooterKey)}
        assert {"toggle_block", "notes", "more"} <= actions
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        actions = {key.action for key in app.screen.query(FooterKey)}
        assert not {"toggle_block", "notes", "more"} & actions
        assert not footer_problems(app, "clients at 80")
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert {"toggle_block", "notes", "more"} <= {key.action
                                                     for key in app.screen.query(FooterKey)}


async def test_help_names_the_keys_as_the_footer_shows_them_and_the_ones_it_leaves_out(salon):
    """F1 on Today at 80 columns, in Russian: "[" and "]", not "left_square_bracket"; New booking
    (left out of the narrow footer) is listed."""
    from mtime_tui.screens.help import help_markdown

    seed_salon()
    settings.save(tui_language="ru")
    app = new_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            actions = {key.action for key in app.screen.query(FooterKey)}
            assert "app.switch_section('new_booking')" not in actions
            text = help_markdown(app.screen)
    finally:
        set_language("en")
    assert "- `[` — Предыдущий день" in text and "- `]` — Следующий день" in text
    assert "square_bracket" not in text
    assert "- `n` — Новая запись" in text
