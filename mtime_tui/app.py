"""The admin TUI: sections as MODES, global keys, the command palette and the bot thread."""

from __future__ import annotations

import asyncio
import gc
import logging
from pathlib import Path

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.timer import Timer

from .bot.telegram.events import SEAT_CHANGED, BotEvent
from .core import clock, seat, settings
from .core.errors import DatabaseUnavailable
from .core.storage import db, upkeep
from .i18n import N_, _, set_language
from .screens.base import BookingsChanged, SectionScreen
from .screens.bot_link import BotLink
from .screens.changes import WINDOW as CHANGES_WINDOW
from .screens.changes import ChangeBatch
from .screens.commands import SectionCommands
from .screens.db_work import quick_reads
from .screens.nav import SECTIONS, header_title, section_key
from .screens.sections import section_modes
from .widgets.textual_internals import FirstPaint, SwitchPaintHold

STYLES = Path(__file__).parent / "styles"
UPKEEP_MIN_DELAY = 60.0  # seconds: never a busy loop if the clock says "now" again
GC_OFF_AT_MOST = 5.0  # seconds: the collector is back on even if no screen is ever painted

log = logging.getLogger(__name__)


class MTimeApp(SwitchPaintHold, FirstPaint):
    """One window for the salon; the bot runs beside it in its own thread."""

    TITLE = "MTime"
    CSS_PATH = [STYLES / "app.tcss", *sorted(set(STYLES.glob("*.tcss")) - {STYLES / "app.tcss"})]
    MODES = section_modes()
    # "-short" below 30 rows (80×24): forms draw their fields one line each (styles/forms.tcss)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    COMMANDS = App.COMMANDS | {SectionCommands}
    BINDINGS = [
        Binding("f1", "help", N_("Help")),
        # Textual's own Ctrl+P key says "palette" in English; the footer shows this one
        Binding("ctrl+p", "command_palette", N_("Commands"), show=False, priority=True),
        *(
            Binding(section_key(n), f"app.switch_section('{mode}')", title, show=False)
            for n, (mode, title) in enumerate(SECTIONS, start=1)
        ),
    ]

    def __init__(self, *, start_bot: bool = True, upkeep_on_start: bool = False,
                 collect_after_paint: bool = False) -> None:
        super().__init__()
        self.start_bot = start_bot
        self.upkeep_on_start = upkeep_on_start  # the program's start (cli), not a test's app
        self.collect_after_paint = collect_after_paint  # cli turned the collector off till then
        self.bot = BotLink(on_event=lambda event: self.post_message(BookingsChanged(event)),
                           enabled=start_bot)
        self.startup_notice: str | None = None  # cli.prepare_tui: e.g. "this is the demo salon"
        self.upkeep_timer: Timer | None = None
        self._changes: ChangeBatch | None = None  # the bot's events since the last reload
        self.seats = None  # the watcher of other seats' commits (PostgreSQL; nothing on a file)
        self.branch: int | None = None  # the branch this seat works on; None: a single salon
        self._branch_key = False  # Ctrl+B is bound (only once the salon is a chain)

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.refresh_branch()
        self.switch_mode("today")
        if self.startup_notice:
            self.notify(self.startup_notice, timeout=10, markup=False)
        if self.collect_after_paint:  # cli._tui: no cyclic collection before the first paint
            self.after_first_paint(gc.enable)
            self.set_timer(GC_OFF_AT_MOST, gc.enable, name="gc-on")
        if self.upkeep_on_start:  # the day's snapshot copies the whole file: never before the paint
            self.after_first_paint(self._start_upkeep)
        self.schedule_upkeep()
        self.seats = db.watch_changes(
            lambda: self.post_message(BookingsChanged(BotEvent(SEAT_CHANGED)))
        )
        if self.start_bot:  # python-telegram-bot is imported then: after the first paint
            self.after_first_paint(self._start_bot)

    def _start_bot(self) -> None:
        """The runner waits for its thread to be ready: not in the UI thread."""
        self.run_worker(self.bot.start, thread=True, group="bot", exit_on_error=False)

    async def on_unmount(self) -> None:
        if self.seats is not None:
            await asyncio.to_thread(self.seats.stop, 5)
        await asyncio.to_thread(self.bot.stop, 5)

    @on(BookingsChanged)
    def _bookings_changed(self, message: BookingsChanged) -> None:
        """Collect what the bot says for a short window, then reload once (a burst of 200
        bookings is one reload and one toast, not 200)."""
        if self._changes is None:
            self._changes = ChangeBatch()
            self.set_timer(CHANGES_WINDOW, self._apply_changes, name="bot-changes")
        self._changes.add(message.event)

    @property
    def changes_pending(self) -> bool:
        """Whether bot events wait for their reload (tests wait for it instead of a clock)."""
        return self._changes is not None

    def _apply_changes(self) -> None:
        batch, self._changes = self._changes, None
        if batch is None:
            return
        for text, severity in batch.toasts():
            self.notify(text, severity=severity, markup=False)
        for screen in self.screen_stack:  # the sections and an open booking card alike
            if isinstance(screen, SectionScreen):
                screen.reload(force=True)  # a busy database: tried again, keys still answered
                continue
            refresh = getattr(screen, "refresh_data", None)
            if callable(refresh):
                try:
                    with quick_reads():
                        refresh()
                except DatabaseUnavailable:  # a card: it reloads when next shown or changed
                    log.warning("Reload of %s skipped: the database is busy", screen)

    def refresh_branch(self) -> None:
        """Which branch this seat works on (docs/BRANCHES.md) and the header's title; a
        single-branch salon has none and sees nothing of branches."""
        self.branch = seat.seat_branch()
        self.title = header_title(settings.load().salon_name, self.branch)
        if self.branch is not None and not self._branch_key:
            self._branch_key = True
            self.bind("ctrl+b", "pick_branch", description=_("Branch"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick_branch":  # a chain's only: once back to one branch, the key goes
            return self.branch is not None
        return True

    def action_pick_branch(self) -> None:
        """The branch picker: the sections then show the chosen branch (and remember it here)."""
        from .screens.branch_picker import BranchPicker  # its forms: not before the first paint

        def picked(branch_id: int | None) -> None:
            if branch_id is not None:
                seat.choose_branch(branch_id)
            self.refresh_branch()
            for screen in self.screen_stack:
                if isinstance(screen, SectionScreen):
                    screen.reload(force=True)

        self.push_screen(BranchPicker(self.branch), picked)

    def action_add_branch(self) -> None:
        """A new branch (the palette's "Add a branch"): the salon becomes a chain, Ctrl+B picks."""
        from .screens.branch_picker import BranchForm

        def added(branch) -> None:
            if branch is None:
                return
            self.refresh_branch()
            for screen in self.screen_stack:
                if isinstance(screen, SectionScreen):
                    screen.reload(force=True)
            self.notify(_("Branch {name} added: Ctrl+B chooses the branch to work on",
                          name=branch.name), markup=False)

        self.push_screen(BranchForm(), added)

    def schedule_upkeep(self) -> None:
        """Arm a timer for the next daily upkeep (a few minutes after the salon's midnight);
        at start-up it runs once the first screen is painted (`upkeep_on_start`)."""
        now = clock.now_utc()
        delay = max((upkeep.next_run(now=now) - now).total_seconds(), UPKEEP_MIN_DELAY)
        self.upkeep_timer = self.set_timer(delay, self._upkeep_due, name="upkeep")

    def _upkeep_due(self) -> None:
        self._start_upkeep()
        self.schedule_upkeep()

    def _start_upkeep(self) -> None:
        self.run_worker(self._run_upkeep, thread=True, group="upkeep", exit_on_error=False)

    def _run_upkeep(self) -> upkeep.Result | None:
        """In a worker thread, on the thread's own connection (closed after): the snapshot
        copies the whole database file (SQLite's backup API on a connection of its own, so
        the UI and the bot keep reading meanwhile). The program waits for it on quit."""
        try:
            with db.connection():
                return upkeep.run()
        except Exception:  # noqa: BLE001 - upkeep must never take the TUI down
            log.exception("Daily upkeep failed")
            return None

    async def run_in_section(self, mode: str, action: str) -> None:
        """Open a section and run one of its actions (the command palette's commands)."""
        await self.switch_mode(mode)
        await self.screen.run_action(action)

    async def apply_language(self) -> None:
        """After a language change: rebuild every section (they are composed in a language).
        The old sections were frozen out of the garbage collector (`keep_long_lived`): unfreeze
        and collect once they are gone, or their reference cycles would stay for good."""
        gc.unfreeze()
        current = self.current_mode
        for mode, screen_cls in self.MODES.items():
            if mode != current:
                await self.remove_mode(mode)
                self.add_mode(mode, screen_cls)
        await self.switch_mode("today" if current != "today" else "settings")
        await self.remove_mode(current)
        self.add_mode(current, self.MODES[current])
        gc.collect()
        await self.switch_mode(current)

    def action_switch_section(self, mode: str) -> None:
        if mode in self.MODES and mode != self.current_mode:
            self.switch_mode(mode)

    def get_system_commands(self, screen: Screen):
        """Textual's own palette commands, in the TUI's language; the ones an owner never needs
        (keys panel, maximize, screenshot) are left out (issue 11, defect 8)."""
        yield SystemCommand(_("Theme"), _("Change the colours of the program"),
                            self.action_change_theme)
        yield SystemCommand(_("Quit"), _("Close the program (the bot stops too)"),
                            self.action_quit)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"),
                                            id="--command-palette"))

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # Markdown (markdown-it, pygments): on first F1

        if not isinstance(self.screen, HelpScreen):
            self.clear_notifications()  # the demo salon's notice lay over the help it points to
            self.push_screen(HelpScreen(self.screen))


def make_app(*, start_bot: bool = True, upkeep_on_start: bool = False,
             collect_after_paint: bool = False) -> MTimeApp:
    """The app over the already opened database, in the language of the settings;
    `upkeep_on_start`: the daily upkeep once the first screen is painted (the program's start);
    `collect_after_paint`: the garbage collector was turned off for the start, turn it on once
    the first screen is painted."""
    set_language(settings.load().tui_language)
    return MTimeApp(start_bot=start_bot, upkeep_on_start=upkeep_on_start,
                    collect_after_paint=collect_after_paint)
