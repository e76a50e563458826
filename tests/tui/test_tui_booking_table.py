"""The bookings table's cells: ready Text (never parsed as markup on a draw), phones memoised."""

from __future__ import annotations

import pytest
from rich.text import Text

from mtime_tui.core.booking import booking_queries, bookings
from mtime_tui.core.people.phones import format_phone
from mtime_tui.core.storage.models import COMPLETED, SOURCE_MANUAL
from mtime_tui.widgets.booking_table import BookingTable

from .conftest import SIZE, TODAY, settle

pytestmark = pytest.mark.anyio


async def test_every_cell_is_text_and_phones_are_formatted_once(app_factory, shell_salon):
    format_phone.cache_clear()
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7")  # Bookings → Today: the day as a table (Today is the journal)
        await settle(pilot)
        table = app.screen.query_one("#bookings-table", BookingTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert len(rows) == 4
        assert all(isinstance(cell, Text) for row in rows for cell in row)
        assert [row[0].plain for row in rows] == ["1001", "1002", "1003", "1004"]
        assert rows[0][6].plain == "8 (912) 345-67-89"
        first = format_phone.cache_info()
        assert first.misses == 2  # Olga's and Pavel's numbers, each parsed once

        table.show(shell_salon.today)  # a refresh of the same day
        again = format_phone.cache_info()
        assert again.misses == first.misses
        assert again.hits >= first.hits + 4


def test_format_phone_cache_keeps_the_answers(salon):
    format_phone.cache_clear()
    for _ in range(3):
        assert format_phone("+79123456789") == "8 (912) 345-67-89"
        assert format_phone("+442079460958") == "+44 20 7946 0958"
        assert format_phone("not a phone") == "not a phone"
        assert format_phone(None) == ""
    assert format_phone.cache_info().misses == 4


async def test_the_same_bookings_again_redraw_only_the_changed_cells(app_factory, shell_salon):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("7")  # Bookings → Today
        await settle(pilot)
        table = app.screen.query_one("#bookings-table", BookingTable)
        table.move_cursor(row=2)
        updated: list[tuple[str, str]] = []
        original = table.update_cell

        def spy(row_key, column_key, value, **kwargs) -> None:
            updated.append((str(row_key), str(value)))
            original(row_key, column_key, value, **kwargs)

        table.update_cell = spy  # type: ignore[method-assign]
        today = booking_queries.bookings_on(TODAY)
        table.show(today)
        assert updated == [], "nothing changed: no cell is redrawn"

        bookings.set_status(today[1].number, COMPLETED)
        table.show(booking_queries.bookings_on(TODAY))
        assert updated == [("1002", "Completed")]
        assert table.get_row("1002")[-1].plain == "Completed"
        assert table.row_count == 4 and table.cursor_row == 2

        later = bookings.create_booking(
            service_id=shell_salon.haircut.id, client_id=shell_salon.olga.id, day=TODAY,
            start=12 * 60, master_id=shell_salon.anna.id, source=SOURCE_MANUAL)
        table.show(booking_queries.bookings_on(TODAY))  # a new row: the table is rebuilt
        numbers = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert numbers == ["1001", "1002", str(later.number), "1003", "1004"]
        assert table.get_row_at(table.cursor_row)[0].plain == "1003", "the cursor stays"
