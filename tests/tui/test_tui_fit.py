"""Every screen fits (issue 11): a bookings table shows the number, the time, the client and the
status in full at 80, 120 and 200 columns, in both languages; what gives way is the phone, then
the service and the master, cut after whole words."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from mtime_tui.core import settings
from mtime_tui.i18n import set_language
from mtime_tui.widgets.booking_table import BookingTable
from mtime_tui.widgets.column_fit import cut_words

from .booking_fixtures import TUESDAY, book, new_app, seed_bookings, seed_salon, settle

pytestmark = pytest.mark.anyio
SIZES = [(80, 24), (120, 36), (200, 50)]


def test_cut_words_keeps_whole_words():
    assert cut_words("Olga Smirnova", 20) == "Olga Smirnova"
    assert cut_words("Konstantin Vladimirovich-Rozhdestvensky", 16) == "Konstantin …"
    assert cut_words("Konstantin Vladimirovich-Rozhdestvensky", 30) == "Konstantin Vladimirovich-…"
    assert cut_words("Колорирование", 8) == "Колорир…"  # one word wider than the column
    assert all(cell_len(cut_words("Женская стрижка + Укладка", n)) <= n for n in range(1, 30))


@pytest.fixture(params=["en", "ru"])
def language(request, salon):
    s = seed_salon()
    seed_bookings(s)
    book(s.boris, s.haircut, TUESDAY, 16, phone="+79220003344", first="Konstantin",
         last="Vladimirovich-Rozhdestvensky")
    settings.save(tui_language=request.param)
    yield request.param
    set_language("en")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_week_list_shows_number_time_client_and_status(language, size):
    app = new_app()
    async with app.run_test(size=size) as pilot:
        await app.switch_mode("bookings")
        await settle(pilot)
        app.screen.select_filter("week")
        await settle(pilot)
        table = app.screen.query_one(BookingTable)
        keys = [column.key.value for column in table.ordered_columns]
        for needed in ("number", "date", "time", "client", "status"):
            assert needed in keys
        widths = sum(column.get_render_width(table) for column in table.ordered_columns)
        assert widths <= table.size.width, "the table needs no sideways scrolling"
        for row in range(table.row_count):
            cells = dict(zip(keys, table.get_row_at(row), strict=True))
            width = {key: column.width for key, column in zip(keys, table.ordered_columns,
                                                              strict=True)}
            for key in ("number", "time", "status"):
                assert "…" not in cells[key].plain
                assert cell_len(cells[key].plain) <= width[key]
            client = cells["client"].plain
            if not client.startswith("Konstantin"):
                assert "…" not in client  # an ordinary name is never cut
            else:
                assert client.startswith("Konstantin ")  # cut after a whole word
        if size[0] >= 200:
            assert "phone" in keys and "master" in keys


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_wizards_times_wrap_and_its_summary_moves_below(language, size):
    """At 120 columns the 8th time showed as "15:1"; at 80×24 only 3 of 5 showed, beside a
    summary panel that took half the width."""
    from textual.widgets import Static

    from mtime_tui.widgets import MonthCalendar, SlotGrid

    app = new_app()
    async with app.run_test(size=size) as pilot:
        await app.switch_mode("new_booking")
        await settle(pilot)
        await pilot.press("down", "enter")  # Boris: 10–18 every 30 minutes
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#date-calendar", MonthCalendar).show_day(TUESDAY)
        await pilot.press("enter")
        await settle(pilot)
        grid = app.screen.query_one("#time-grid", SlotGrid)
        cells = list(grid.query(".slot-cell"))
        assert len(cells) == len(grid.starts) >= 10
        body = app.screen.query_one("#section-body").region
        for cell in cells:
            assert cell.region.width == 7 and body.contains_region(cell.region), str(cell.start)
        title = app.screen.query_one("#time-title")
        assert body.contains_region(title.region)
        summary = app.screen.query_one("#wizard-summary", Static).region
        step = app.screen.query_one("#step-time").region
        if size[0] < 100:
            assert summary.y >= step.bottom  # below the step, the full width
        else:
            assert summary.x >= step.right  # beside it
        await pilot.press("down")  # a row down is one row of the grid as shown
        assert grid.cursor == grid.columns


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_week_editors_save_shows_and_vacations_are_whole(language, size):
    """Issue 12 at 80×24: the week editor's Save needed scrolling; the Month tab cut the
    vacation "07.12–11.12.2026" in its side column."""
    import datetime as dt

    from textual.widgets import Button, OptionList

    from mtime_tui.core.booking import work_plans
    from mtime_tui.core.people import masters

    anna = masters.list_masters()[0]
    work_plans.add_vacation(anna.id, dt.date(2026, 12, 7), dt.date(2026, 12, 11),
                            confirm_cancel=True)
    app = new_app()
    async with app.run_test(size=size) as pilot:
        await app.switch_mode("working_time")
        await settle(pilot)
        app.screen.query_one("#wt-tabs").active = "wt-month"
        await settle(pilot)
        vacations = app.screen.query_one("#wt-vacations", OptionList)
        option = vacations.get_option_at_index(0)
        assert str(option.prompt).startswith("07.12–11.12")
        assert cell_len(str(option.prompt)) <= vacations.content_region.width
        app.screen.query_one("#wt-tabs").active = "wt-week-tab"
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        save = app.screen.query_one("#save", Button)
        dialog = app.screen.query_one(".dialog")
        assert dialog.scroll_y == 0 and dialog.max_scroll_y == 0, "nothing to scroll"
        assert app.screen.region.contains_region(save.region) and save.region.height >= 1


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_services_masters_and_clients_fit_with_whole_headings(language, size):
    """At 80 columns the services' duration and state, the masters' services, state and
    /start, the clients' state were off the screen, and "Длительнос" was cut."""
    app = new_app()
    async with app.run_test(size=size) as pilot:
        for mode, table_id, needed in (
            ("services", "#services-table", ("name", "price", "duration", "state")),
            ("masters", "#masters-table", ("name", "hours", "state", "started")),
            ("clients", "#clients-table", ("name", "phone", "telegram", "state")),
        ):
            await app.switch_mode(mode)
            await settle(pilot)
            table = app.screen.query_one(table_id)
            widths = sum(column.get_render_width(table) for column in table.ordered_columns)
            assert widths <= table.size.width, mode
            for column in table.ordered_columns:
                if column.key.value in needed:
                    assert column.width >= column.label.cell_len, (mode, column.key.value)
