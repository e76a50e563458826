"""The admin TUI: sections as MODES, global keys, the command palette and the bot thread."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on
from textual.app import App
from textual.binding import Binding

from .bot import events
from .core import settings
from .i18n import N_, _, set_language
from .screens.base import BookingsChanged, SectionScreen
from .screens.bot_link import BotLink
from .screens.commands import SectionCommands
from .screens.help import HelpScreen
from .screens.nav import SECTIONS
from .screens.sections import section_modes

STYLES = Path(__file__).parent / "styles"


class MTimeApp(App[None]):
    """One window for the salon; the bot runs beside it in its own thread."""

    TITLE = "MTime"
    CSS_PATH = [STYLES / "app.tcss", *sorted(set(STYLES.glob("*.tcss")) - {STYLES / "app.tcss"})]
    MODES = section_modes()
    COMMANDS = App.COMMANDS | {SectionCommands}
    BINDINGS = [
        Binding("f1", "help", N_("Help")),
        *(
            Binding(str(n), f"app.switch_section('{mode}')", title, show=False)
            for n, (mode, title) in enumerate(SECTIONS, start=1)
        ),
    ]

    def __init__(self, *, start_bot: bool = True) -> None:
        super().__init__()
        self.start_bot = start_bot
        self.bot = BotLink(on_event=lambda event: self.post_message(BookingsChanged(event)))

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.title = settings.load().salon_name
        self.switch_mode("today")
        if self.start_bot:  # the runner waits for its thread to be ready: not in the UI thread
            self.run_worker(self.bot.start, thread=True, group="bot", exit_on_error=False)

    async def on_unmount(self) -> None:
        await asyncio.to_thread(self.bot.stop, 5)

    @on(BookingsChanged)
    def _bookings_changed(self, message: BookingsChanged) -> None:
        event = message.event
        number = event.booking_number
        if event.kind == events.BOOKING_CREATED:
            self.notify(_("New booking #{number} from Telegram", number=number), markup=False)
        elif event.kind == events.BOOKING_CHANGED:
            self.notify(_("Booking #{number} changed", number=number), markup=False)
        elif event.kind == events.DELIVERY_FAILED:
            text = event.text or _("A notification could not be delivered")
            self.notify(text, severity="warning", markup=False)
        for screen in self.screen_stack:
            if isinstance(screen, SectionScreen):
                screen.refresh_data()

    async def run_in_section(self, mode: str, action: str) -> None:
        """Open a section and run one of its actions (the command palette's commands)."""
        await self.switch_mode(mode)
        await self.screen.run_action(action)

    async def apply_language(self) -> None:
        """After a language change: rebuild every section (they are composed in a language)."""
        current = self.current_mode
        for mode, screen_cls in self.MODES.items():
            if mode != current:
                await self.remove_mode(mode)
                self.add_mode(mode, screen_cls)
        await self.switch_mode("today" if current != "today" else "settings")
        await self.remove_mode(current)
        self.add_mode(current, self.MODES[current])
        await self.switch_mode(current)

    def action_switch_section(self, mode: str) -> None:
        if mode in self.MODES and mode != self.current_mode:
            self.switch_mode(mode)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def make_app(*, start_bot: bool = True) -> MTimeApp:
    """The app over the already opened database, in the language of the settings."""
    set_language(settings.load().tui_language)
    return MTimeApp(start_bot=start_bot)
