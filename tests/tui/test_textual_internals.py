"""Each reach into Textual's private internals (widgets/textual_internals.py) still does what it
is there for on the installed textual — so an upgrade fails here, in one place."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.widgets import DataTable, Static

from mtime_tui.widgets import textual_internals
from mtime_tui.widgets.textual_internals import (
    FirstPaint,
    SwitchPaintHold,
    keep_styles_on_resume,
    measure_columns,
    set_column_widths,
    styled_as_app,
)

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[2]


def test_textual_is_the_pinned_version():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"]
            if re.match(r"textual\s*[=<>!~]", d)]
    assert pins == [f"textual=={textual_internals.TESTED_WITH}"]
    assert version("textual") == textual_internals.TESTED_WITH


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="t")


async def test_measure_columns_sizes_new_rows_and_changed_cells_before_the_idle():
    app = TableApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        table.add_column("No", key="no")
        table.add_row("1001234567", key="a")
        measure_columns(table)  # no await: the table's Idle has not run yet
        assert table.columns["no"].content_width == len("1001234567")
        table.update_cell("a", "no", "1001234567890123", update_width=True)
        measure_columns(table)
        assert table.columns["no"].content_width == len("1001234567890123")
        assert not table._new_rows and not table._updated_cells


async def test_set_column_widths_redraws_the_columns_narrower():
    app = TableApp()
    async with app.run_test(size=(40, 6)) as pilot:
        table = app.query_one(DataTable)
        table.add_column("Name", key="name", width=20)
        table.add_row("Konstantin Vladimirovich", key="a")
        await pilot.pause()
        set_column_widths(table, {"name": 8})
        await pilot.pause()
        assert table.columns["name"].width == 8 and not table.columns["name"].auto_width
        assert table.columns["name"].get_render_width(table) == 10
        assert table.virtual_size.width == 10
        line = table.render_line(1).text
        assert line.startswith(" Konstan") and "Vladimirovich" not in line


def test_keep_styles_on_resume_turns_off_the_stylesheet_refresh():
    resume = events.ScreenResume()
    assert resume.refresh_styles is True  # Textual's default: re-apply the stylesheet
    keep_styles_on_resume(resume)
    assert resume.refresh_styles is False
    keep_styles_on_resume(events.ScreenSuspend())  # anything else passes untouched


class Plain(Screen):
    pass


class Modes(SwitchPaintHold):
    MODES = {"a": Plain, "b": Plain}


async def test_a_switch_holds_paints_until_the_new_screen_resumed_then_releases():
    app = Modes()
    async with app.run_test(size=(40, 10)) as pilot:
        await app.switch_mode("a")
        app.switch_mode("b")  # Textual's own switch calls delay_update: held by us now
        assert app._held_switches and app.paints_held
        await pilot.pause()
        assert not app.paints_held  # released once "b" handled its resume, not after 1 s


class Painted(FirstPaint):
    """Logs each frame Textual hands to `_display` (held or written) and the callback."""

    MODES = {"a": Plain}

    def on_mount(self) -> None:
        self.log_: list[str] = []
        self.after_first_paint(lambda: self.log_.append(f"callback on {type(self.screen).__name__}"))
        self.switch_mode("a")  # Textual holds paints ~50 ms after a switch (no SwitchPaintHold)

    def _display(self, screen, renderable) -> None:  # noqa: ANN001 - Textual's private signature
        if renderable is not None:
            self.log_.append("held" if self._batch_count else f"painted {type(screen).__name__}")
        super()._display(screen, renderable)


async def test_after_first_paint_waits_for_a_real_screen_written_not_a_held_one():
    app = Painted()
    async with app.run_test(size=(40, 10)) as pilot:
        for _ in range(200):  # the switch's hold ends on Textual's own timer
            if app.first_painted and any(e.startswith("callback") for e in app.log_):
                break
            await pilot.pause(0.01)
        log = app.log_
        first_paint = log.index("painted Plain")
        assert "held" in log[:first_paint]  # frames came while held: they did not count
        assert log.index("callback on Plain") > first_paint
        late: list[int] = []
        app.after_first_paint(lambda: late.append(1))  # after the first paint: soon, once
        await pilot.pause()
        assert late == [1]


class Coloured(Static):
    DEFAULT_CSS = "Coloured { color: #ff0000; }"


class ColouredScreen(Screen):
    def compose(self) -> ComposeResult:
        yield Coloured("x", id="c")


class FirstVisits(App[None]):
    MODES = {"marked": lambda: styled_as_app(ColouredScreen()), "plain": ColouredScreen}


@pytest.mark.parametrize("mode, reparses", [("plain", True), ("marked", False)])
async def test_a_marked_screen_is_styled_on_its_first_visit_without_a_second_parse(
    monkeypatch, mode, reparses
):
    """Textual re-parses the whole stylesheet on a mode's first visit (the screen's CSS update
    count starts behind the app's); a screen marked by `styled_as_app` is not, and its widgets
    still get their styles (their DEFAULT_CSS is parsed as they register)."""
    app = FirstVisits()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        calls: list[int] = []
        real = Stylesheet.reparse
        monkeypatch.setattr(Stylesheet, "reparse", lambda self: (calls.append(1), real(self)))
        await app.switch_mode(mode)
        await pilot.pause()
        assert bool(calls) is reparses
        assert app.screen.query_one("#c").styles.color.hex == "#FF0000"


async def test_set_column_widths_zero_hides_a_column_with_its_padding():
    app = TableApp()
    async with app.run_test(size=(40, 6)) as pilot:
        table = app.query_one(DataTable)
        table.add_column("Name", key="name", width=6)
        table.add_column("Tid", key="tid", width=5)
        table.add_column("State", key="state", width=6)
        table.add_row("Anna", "12345", "active", key="a")
        await pilot.pause()
        set_column_widths(table, {"tid": 0})
        await pilot.pause()
        assert table.columns["tid"].get_render_width(table) == 0
        assert table.virtual_size.width == 16
        assert table.render_line(1).text.startswith(" Anna    active ")
        set_column_widths(table, {"tid": 5})  # shown again when the table widens
        await pilot.pause()
        assert table.render_line(1).text.startswith(" Anna    12345  active ")
