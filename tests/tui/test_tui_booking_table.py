"""The bookings table's cells: ready Text (never parsed as markup on a draw), phones memoised."""

from __future__ import annotations

import pytest
from rich.text import Text

from mtime_tui.core.phones import format_phone
from mtime_tui.widgets.booking_table import BookingTable

from .conftest import SIZE, settle

pytestmark = pytest.mark.anyio


async def test_every_cell_is_text_and_phones_are_formatted_once(app_factory, shell_salon):
    format_phone.cache_clear()
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table", BookingTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert len(rows) == 4
        assert all(isinstance(cell, Text) for row in rows for cell in row)
        assert [row[0].plain for row in rows] == ["1001", "1002", "1003", "1004"]
        assert rows[0][5].plain == "8 (912) 345-67-89"
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
