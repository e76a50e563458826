"""Today, the start screen: the day's bookings of every master, what waits, what is wrong."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ..bot.events import RUNNING, STOPPED
from ..core import booking_queries, clock, conversations, masters, outbox, settings, visits
from ..core.first_steps import first_steps, is_new_salon
from ..core.models import Booking
from ..i18n import N_, _
from ..widgets.booking_table import BookingTable
from .base import SectionScreen, plain, show_text
from .booking_card import BookingCard
from .inbox import InboxScreen

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))
MONTHS_OF = (N_("{day} January"), N_("{day} February"), N_("{day} March"), N_("{day} April"),
             N_("{day} May"), N_("{day} June"), N_("{day} July"), N_("{day} August"),
             N_("{day} September"), N_("{day} October"), N_("{day} November"),
             N_("{day} December"))


def long_date(day: dt.date) -> str:
    """"Monday, 23 November 2026" in the TUI language."""
    date_text = _(MONTHS_OF[day.month - 1], day=day.day)
    return f"{_(WEEKDAYS[day.weekday()])}, {date_text} {day.year}"


class TodayScreen(SectionScreen):
    SECTION = "today"
    _shown: list[tuple] | None = None  # what the table holds, to skip identical rebuilds
    _loaded: DayLoaded | None = None
    BINDINGS = [
        Binding("r,к", "reload", N_("Refresh")),
        Binding("n,т", "app.switch_section('new_booking')", N_("New booking")),
        Binding("p,з", "app.switch_section('bookings')", N_("Bookings")),
        Binding("u,г", "resend", N_("Send undelivered again")),
        Binding("i,ш", "inbox", N_("Messages")),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("", id="today-date", classes="section-heading")
        yield Static("", id="today-bot", classes="section-hint")
        yield Static("", id="today-pending", classes="pending-badge")
        yield Static("", id="today-warnings", classes="warning-line")
        yield Static("", id="today-steps", classes="first-steps")
        yield BookingTable(id="today-table", with_date=False)
        yield Static("", id="today-empty", classes="section-hint")

    @dataclass
    class DayLoaded:
        """Everything the start screen shows from the database."""

        day: dt.date
        salon: str
        bookings: list[Booking]
        pending: int
        without_services: list[str]
        not_started: list[str]
        undelivered: int
        waiting: int
        unread: int = 0  # clients' messages nobody has opened (I shows them)

    def refresh_data(self) -> None:
        self._show(self.load())

    def load(self) -> DayLoaded:
        """A few milliseconds of reads (the day's ~300 bookings 4 ms of them): in the UI thread,
        so the screen is painted once, with them."""
        salon = settings.load()
        today = clock.salon_now(salon.tz).date()
        counts = outbox.counts()
        return self.DayLoaded(
            day=today,
            salon=salon.salon_name,
            bookings=booking_queries.bookings_on(today, branch=self.branch),
            pending=booking_queries.pending_count(branch=self.branch),
            without_services=[m.name for m in masters.masters_without_services(branch=self.branch)],
            not_started=[m.name for m in masters.masters_not_started(branch=self.branch)],
            undelivered=counts["failed"] + counts["unreachable"] + counts["retrying"],
            unread=conversations.unread_count(),
            waiting=counts["pending"] - counts["retrying"],
        )

    def _show(self, loaded: DayLoaded) -> None:
        self._loaded = loaded
        show_text(self.query_one("#today-date", Static), long_date(loaded.day))
        self.refresh_status()
        badge = self.query_one("#today-pending", Static)
        show_text(badge, _("⚠ New bookings waiting for confirmation: {count}",
                           count=loaded.pending))
        badge.display = loaded.pending > 0
        shown = [
            (b.number, b.date, b.start, b.duration, b.status, b.updated_at, b.master.name,
             visits.title(b), b.client.full_name, b.client.phone)
            for b in loaded.bookings
        ]
        if shown != self._shown:  # rebuilding 300 rows on every resume costs ~100 ms
            self._shown = shown
            self.query_one("#today-table", BookingTable).show(loaded.bookings)
        empty = self.query_one("#today-empty", Static)
        show_text(empty, _("No bookings today."))
        empty.display = not loaded.bookings
        self.show_first_steps()

    def show_first_steps(self) -> None:
        """A new salon's checklist, each step's state from the data, each a key away; gone
        once every step is done."""
        steps = first_steps() if is_new_salon() else []
        widget = self.query_one("#today-steps", Static)
        widget.display = bool(steps) and not all(step.done for step in steps)
        if widget.display:
            lines = [_("First steps:")] + [
                f"{'✓' if step.done else '○'} {n}. {_(step.title)} — "
                + _("key {key}", key=step.key)
                for n, step in enumerate(steps, start=1)
            ]
            show_text(widget, plain("\n".join(lines)))
        # a new salon's empty table would push the checklist off a small terminal
        self.query_one("#today-table").display = not widget.display

    def refresh_status(self) -> None:
        """The bot's state line and the warnings that depend on it (not in the database)."""
        if self._loaded is None:
            return
        state = self.bot_state()
        link = getattr(self.app, "bot", None)
        line = link.line() if link is not None else _("Bot: stopped")
        show_text(self.query_one("#today-bot", Static), plain(line))
        self.show_warnings(self._loaded, state)

    def bot_state(self) -> str:
        link = getattr(self.app, "bot", None)
        return link.state if link is not None else STOPPED

    def show_warnings(self, loaded: DayLoaded, bot_state: str) -> None:
        lines = []
        if loaded.without_services:
            names = ", ".join(loaded.without_services)
            lines.append(_("⚠ Add services to the master: {names}", names=names))
        if loaded.not_started:
            lines.append(
                _(
                    "⚠ Have not pressed /start in the bot (get no notifications): {names}",
                    names=", ".join(loaded.not_started),
                )
            )
        if loaded.unread:
            lines.append(_("✉ New messages from clients: {count} (I opens them)",
                           count=loaded.unread))
        if loaded.undelivered:
            lines.append(
                _(
                    "⚠ Notifications not delivered: {count} (U sends them again)",
                    count=loaded.undelivered,
                )
            )
        if loaded.waiting and bot_state != RUNNING:
            lines.append(_("Notifications waiting for the bot: {count}", count=loaded.waiting))
        widget = self.query_one("#today-warnings", Static)
        show_text(widget, plain("\n".join(lines)))
        widget.display = bool(lines)

    def action_reload(self) -> None:
        self.refresh_data()

    def action_inbox(self) -> None:
        self.app.push_screen(InboxScreen())

    def action_resend(self) -> None:
        count = outbox.requeue()
        self.notify(_("Notifications queued again: {count}", count=count), markup=False)
        self.refresh_data()

    @on(BookingTable.BookingChosen, "#today-table")
    def _open_booking(self, event: BookingTable.BookingChosen) -> None:
        def closed(changed: bool | None) -> None:
            if changed:
                self.refresh_data()

        self.app.push_screen(BookingCard(event.number), closed)
