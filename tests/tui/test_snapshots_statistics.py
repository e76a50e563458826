"""Pictures of the Statistics section (the hand-counted salon of tests/reports/fixture_salon.py,
clock pinned to Monday 2026-11-23 09:00 Moscow) at 80x24, 120x36 and 200x50, in both languages.

Regenerate with `pytest tests/tui/test_snapshots_statistics.py --snapshot-update`, then look at
them (add xml:space="preserve" to the <svg> before rsvg-convert, or it drops the spaces that
right-align the numbers)."""

from __future__ import annotations

import pytest

from tests.reports import fixture_salon

from .conftest import settle

SIZES = [(80, 24), (120, 36), (200, 50)]


def statistics_at(tab: str | None = None, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("0")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if tab:
            pilot.app.screen.query_one("#stats-tabs").active = tab
            await settle(pilot)
        await pilot.pause(0.5)  # the tab underline slides
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_statistics_figures(snap_compare, app_factory, salon, size, language):
    fixture_salon.build()
    app = app_factory(language)
    assert snap_compare(app, terminal_size=size, run_before=statistics_at(None, "left_square_bracket"))


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_statistics_chart(snap_compare, app_factory, salon, size, language):
    fixture_salon.build()
    app = app_factory(language)
    assert snap_compare(app, terminal_size=size, run_before=statistics_at("tab-charts"))


@pytest.mark.parametrize("tab", ["tab-masters", "tab-services", "tab-days"])
def test_statistics_tables_80x24(snap_compare, app_factory, salon, tab):
    fixture_salon.build()
    app = app_factory("ru")
    assert snap_compare(app, terminal_size=(80, 24),
                        run_before=statistics_at(tab, "left_square_bracket", "w",
                                                 "left_square_bracket"))


def _dialog(keys: tuple[str, ...], fill: dict | None = None, press_after: tuple[str, ...] = ()):
    from .conftest import type_into

    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for selector, value in (fill or {}).items():
            await type_into(pilot, selector, value)
        for key in press_after:
            await pilot.press(key)
            await settle(pilot)
        for widget in pilot.app.screen.query("Input"):
            widget.cursor_blink = False
        await pilot.pause(0.3)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("language", ["en", "ru"])
def test_export_dialog_80x24(snap_compare, app_factory, salon, language, monkeypatch):
    from pathlib import Path

    from mtime_tui.screens import file_dialogs

    monkeypatch.setattr(file_dialogs, "default_folder", lambda: Path("/home/owner"))
    fixture_salon.build()
    assert snap_compare(app_factory(language), terminal_size=(80, 24),
                        run_before=_dialog(("7", "e")))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_import_preview_80x24(snap_compare, app_factory, salon, language, monkeypatch):
    from pathlib import Path

    fixture_salon.build()
    # A path relative to the repository, so the picture is the same in every checkout.
    monkeypatch.chdir(Path(__file__).resolve().parent.parent.parent)
    bad = Path("tests") / "reports" / "files" / "bad_lines.csv"
    assert snap_compare(app_factory(language), terminal_size=(80, 24),
                        run_before=_dialog(("8", "u"), {"#path": str(bad)}, ("enter",)))
