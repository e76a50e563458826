"""Pictures of the shell's sections and dialogs (120×36, seeded salon, clock pinned to Monday
2026-11-23 09:00 Moscow), in English and Russian.

The SVGs live in snapshots/test_snapshots_shell/ (see tests/conftest.py). Regenerate with
`pytest tests/tui/test_snapshots_shell.py --snapshot-update` and look at them.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from .conftest import SIZE, settle, type_into


def opened(mode: str, *keys: str, row: int | None = None, fill: dict | None = None):
    """A run_before: open a section, maybe put the cursor on a row, press keys, fill fields."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        if mode != "today":
            await pilot.app.switch_mode(mode)
            await settle(pilot)
        if row is not None:
            pilot.app.screen.query_one(DataTable).move_cursor(row=row)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for selector, value in (fill or {}).items():
            if selector == "keys":
                await pilot.press(*value)
            else:
                await type_into(pilot, selector, value)
            await settle(pilot)
        await pilot.pause(0.1)  # let a dialog that grew (error lines) settle its layout
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    "mode", ["today", "services", "masters", "clients", "settings"]
)
def test_section(snap_compare, app_factory, shell_salon, mode, language):
    app = app_factory(language)
    assert snap_compare(app, terminal_size=SIZE, run_before=opened(mode))


def test_today_empty_salon(snap_compare, app_factory):
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=opened("today"))


def test_service_form_with_errors(snap_compare, app_factory, shell_salon):
    steps = opened("services", "a", fill={"#name": "", "#price": "-5", "#duration": "0",
                                          "keys": ["ctrl+s"]})
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=steps)


def test_master_form_duplicate_telegram_id(snap_compare, app_factory, shell_salon):
    steps = opened("masters", "a", fill={
        "#name": "Dina", "#telegram_id": "111", "#shift_start": "9", "#shift_end": "18",
        "#interval": "30", "keys": ["ctrl+s"]})
    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=steps)


def test_master_services_dialog(snap_compare, app_factory, shell_salon):
    assert snap_compare(app_factory(), terminal_size=SIZE,
                        run_before=opened("masters", "s", row=0))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_client_card(snap_compare, app_factory, shell_salon, language):
    assert snap_compare(app_factory(language), terminal_size=SIZE,
                        run_before=opened("clients", "o", row=1))


def test_block_confirmation(snap_compare, app_factory, shell_salon):
    assert snap_compare(app_factory(), terminal_size=SIZE,
                        run_before=opened("services", "b", row=0))


def test_help(snap_compare, app_factory, shell_salon):
    assert snap_compare(app_factory(), terminal_size=SIZE,
                        run_before=opened("services", "f1"))
