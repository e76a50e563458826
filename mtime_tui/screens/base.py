"""The shared chrome of every admin section, and the message the bot thread sends to the TUI.

How to write a section (the contract between the section screens):

    class CalendarScreen(SectionScreen):
        SECTION = "calendar"                 # its mode name in MTimeApp.MODES
        BINDINGS = [Binding("n", "new", N_("New"))]   # descriptions go through _ at display

        def compose_body(self) -> ComposeResult:
            yield DataTable(id="calendar-day")

        def refresh_data(self) -> None:
            self.load_day()                  # a @work(thread=True, exclusive=True) for big queries

- `compose_body()` yields the section's own widgets; the screen puts them in `#section-body`
  between a Header (salon name — section title), the left Sidebar (`#sidebar`; keys 1–9 switch
  sections, see screens/nav.py) and a Footer with the bindings.
- `refresh_data()` is called on mount, each time the section is shown again (switching back
  to its mode, or a modal on top closes) and when the bot reports a booking change
  (`BookingsChanged`, handled by the app: it toasts and calls `refresh_data()` on every
  screen of the current mode's stack that has one — an open BookingCard too).
  Keep it cheap in the UI thread; run growing queries in a thread worker.
- Binding descriptions are English msgids marked with `N_` (Russian in your catalog); the footer,
  F1 help and the command palette (every binding with a description becomes a command
  "<Section>: <description>") translate them.
- A subclass's `on_mount` runs before the base one (Textual calls both; do not call super()).
- `plain(text)` wraps user text for a DataTable cell so "[b]" or "<b>" in a name stays text.
- `show_error(err)` shows a DomainError as an error toast in the TUI language.
- Shared modals are in screens/dialogs.py (ConfirmModal, FormModal, TextInputModal).
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header

from ..bot.events import BotEvent
from ..core.errors import DomainError
from ..i18n import N_, _
from ..widgets.booking_table import plain
from .nav import Sidebar, section_title

__all__ = ["BookingsChanged", "SectionScreen", "TranslatedBindings", "plain"]


class BookingsChanged(Message):
    """A booking was made or changed outside the UI thread (the bot); posted with
    `app.post_message(BookingsChanged(event))`, which is thread-safe and does not block."""

    def __init__(self, event: BotEvent) -> None:
        self.event = event
        super().__init__()


class TranslatedBindings:
    """Screen mixin: binding descriptions are English msgids (`N_`); the footer and the help
    show them in the TUI language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        active = super().active_bindings  # type: ignore[misc]
        return {
            key: item._replace(
                binding=replace(item.binding, description=_(item.binding.description))
            )
            if item.binding.description
            else item
            for key, item in active.items()
        }


class SectionScreen(TranslatedBindings, Screen):
    """A section: header, sidebar, body, footer, and a `refresh_data()` hook."""

    SECTION: ClassVar[str] = ""
    BINDINGS = [Binding("escape", "focus_sidebar", N_("Sections"), show=False)]
    AUTO_FOCUS = "#section-body *"
    _suspended = False  # hidden by another section or a modal since the last refresh

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="section-main"):
            yield Sidebar(self.SECTION)
            with Vertical(id="section-body", classes=f"section-{self.SECTION}"):
                yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        """The section's own widgets (override)."""
        yield from ()

    def section_title(self) -> str:
        return section_title(self.SECTION)

    def on_mount(self) -> None:
        self.sub_title = self.section_title()
        self.refresh_data()

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        if self._suspended:
            self._suspended = False
            self.refresh_data()

    def refresh_data(self) -> None:
        """Reload what the section shows (override). Called on mount, resume, bookings change."""

    def action_focus_sidebar(self) -> None:
        """Escape leaves a field (so the number keys switch sections again)."""
        self.query_one(Sidebar).focus()

    def show_error(self, err: DomainError) -> None:
        self.notify(err.message(), title=_("Not done"), severity="error", markup=False)
