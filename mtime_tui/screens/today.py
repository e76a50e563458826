"""Today, the start screen: the day's bookings of every master, what waits, what is wrong."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ..bot.telegram.events import RUNNING, STOPPED
from ..core import settings
from ..core.booking import booking_queries, bookings
from ..core.booking import journal as journal_mod
from ..core.first_steps import first_steps, is_new_salon
from ..core.messaging import conversations, outbox
from ..core.people import branches, masters
from ..core.storage.models import BY_SALON, CONFIRMED, PENDING, Booking
from ..i18n import N_, _
from ..widgets.booking_table import salon_today
from ..widgets.journal_grid import JournalGrid, legend
from .base import SectionScreen, plain, show_text
from .changes import WINDOW as CHANGES_WINDOW

# What a key opens (the booking card, the inbox, the cancel confirmation) is imported when the
# key is pressed: the start screen is painted before those screens' modules are read (issue 17).

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


WATCH_SECONDS = 2.0  # how often the journal looks for other programs' commits
DAY_KEYS = Binding.Group(N_("Day"), compact=True)  # the footer shows "[] Day"


class TodayScreen(SectionScreen):
    """The journal (issue 11): every master's day as a column, the warnings above it."""

    SECTION = "today"
    SHOWS_FREE_TIMES = True  # free time passes with the clock (shaded once passed)
    # 80 columns: Enter on a free slot books there, and 5 is New booking
    FOOTER_NARROW_HIDES = frozenset({"app.switch_section('new_booking')"})
    _loaded: DayLoaded | None = None
    _recheck_armed = False
    BINDINGS = [
        Binding("left_square_bracket,х", "day(-1)", N_("Previous day"), group=DAY_KEYS),
        Binding("right_square_bracket,ъ", "day(1)", N_("Next day"), group=DAY_KEYS),
        Binding("t,е", "today", N_("Today")),
        Binding("a,ф", "confirm_booking", N_("Confirm")),
        Binding("c,с", "cancel_booking", N_("Cancel booking")),
        Binding("n,т", "app.switch_section('new_booking')", N_("New booking")),
        Binding("r,к", "reload", N_("Refresh"), show=False),
        Binding("p,з", "app.switch_section('bookings')", N_("Bookings"), show=False),
        Binding("u,г", "resend", N_("Send undelivered again"), show=False),
        Binding("i,ш", "inbox", N_("Messages"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: dt.date | None = None  # the day shown; None follows the salon's today

    def on_mount(self) -> None:  # runs before SectionScreen.on_mount (Textual calls both)
        self.set_interval(WATCH_SECONDS, self._watch, name="journal-watch")

    def _watch(self) -> None:
        """Another program's commit to the salon's file (a second copy of the app, a bot run
        on its own) has no message to tell us: look at the commit stamp now and then — a
        few microseconds — and reload when it moved (or the minute did: free time passes).
        The reload waits one batch window: a commit of our own bot is followed by its
        BookingsChanged, whose one reload then covers it (a burst stays one reload)."""
        if (self.is_current and not self._suspended and not self._recheck_armed
                and self.freshness() != self._loaded_at):
            self._recheck_armed = True
            self.set_timer(CHANGES_WINDOW + 0.1, self._recheck, name="journal-recheck")

    def _recheck(self) -> None:
        self._recheck_armed = False
        if self.is_current and not self._suspended and not getattr(self.app, "changes_pending",
                                                                   False):
            self.reload()  # nothing when the bot's batch has reloaded meanwhile

    def compose_body(self) -> ComposeResult:
        yield Static("", id="today-date", classes="section-heading")
        yield Static("", id="today-bot", classes="section-hint")
        yield Static("", id="today-pending", classes="pending-badge")
        yield Static("", id="today-warnings", classes="warning-line")
        yield Static("", id="today-steps", classes="first-steps")
        yield JournalGrid(id="journal")
        yield Static("", id="today-empty", classes="section-hint")
        yield Static(legend(), id="journal-legend")

    @dataclass
    class DayLoaded:
        """Everything the start screen shows from the database."""

        journal: journal_mod.JournalDay
        salon: str
        pending: int
        without_services: list[str]
        not_started: list[str]
        undelivered: int
        waiting: int
        unread: int = 0  # clients' messages nobody has opened (I shows them)

        @property
        def day(self) -> dt.date:
            return self.journal.day

    def refresh_data(self) -> None:
        self._show(self.load(self.day, self.branch))

    @staticmethod
    def load(day: dt.date | None = None, branch: int | None = None) -> DayLoaded:
        """The journal's day and the warnings: a few queries (30 masters' day of the 300,000
        booking salon in ~10 ms). On mount and after a change in the UI thread, so the screen
        is painted once, with them; another day is read in a worker (`action_day`)."""
        salon = settings.load()
        shown = day or branches.today(branch, settings=salon)
        counts = outbox.counts()
        return TodayScreen.DayLoaded(
            journal=journal_mod.day_journal(shown, branch=branch),
            salon=salon.salon_name,
            pending=booking_queries.pending_count(branch=branch),
            without_services=[m.name for m in masters.masters_without_services(branch=branch)],
            not_started=[m.name for m in masters.masters_not_started(branch=branch)],
            undelivered=counts["failed"] + counts["unreachable"] + counts["retrying"],
            unread=conversations.unread_count(branch),
            waiting=counts["pending"] - counts["retrying"],
        )

    def _show(self, loaded: DayLoaded) -> None:
        if self.day is not None and loaded.day != self.day:
            return  # an older day's answer, after another [ or ]
        self._loaded = loaded
        self.refresh_status()
        badge = self.query_one("#today-pending", Static)
        show_text(badge, _("⚠ New bookings waiting for confirmation: {count}",
                           count=loaded.pending))
        badge.display = loaded.pending > 0
        journal = loaded.journal
        # one line (nowrap, styles/journal.tcss) as wide as the body: another day's heading
        # lays nothing out again, so [ / ] repaints the heading and the grid alone
        show_text(self.query_one("#today-date", Static), self._heading(journal), layout=False)
        grid = self.query_one(JournalGrid)
        grid.show(journal, self.query_one("#section-body").size.width)
        empty = self.query_one("#today-empty", Static)
        show_text(empty, _("Nobody works on this day."))
        empty.display = not journal.columns
        self.show_first_steps()

    def _heading(self, journal: journal_mod.JournalDay) -> str:
        """"Monday, 23 November 2026 — today · 12 bookings" (and the cancelled ones)."""
        parts = [long_date(journal.day)]
        if journal.now is not None:
            parts.append(_("today"))
        parts.append(_("bookings: {count}", count=journal.booked()))
        if journal.cancelled:
            parts.append(_("cancelled: {count}", count=journal.cancelled))
        return " · ".join(parts)

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
        # a new salon's empty journal would push the checklist off a small terminal
        for selector in ("#journal", "#journal-legend"):
            self.query_one(selector).display = not widget.display
        if widget.display:  # the checklist says what to do instead of "nobody works"
            self.query_one("#today-empty").display = False

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
        from .inbox import InboxScreen

        self.app.push_screen(InboxScreen())

    def action_resend(self) -> None:
        """The write waits in a worker (issue 10): a locked file says "busy", keys answer."""

        def queued(count: int) -> None:
            self.notify(_("Notifications queued again: {count}", count=count), markup=False)
            self.refresh_data()

        self.run_db(outbox.requeue, done=queued)

    # -- the journal's keys ----------------------------------------------------------------

    def action_day(self, step: int) -> None:
        """[ and ]: the day before or after, read in a worker (the keys keep answering)."""
        if self._loaded is None:
            return
        self.show_day(self._loaded.day + dt.timedelta(days=step))

    def action_today(self) -> None:
        self.show_day(None)

    def show_day(self, day: dt.date | None) -> None:
        today = salon_today(self.branch)
        self.day = None if day == today else day
        shown = self._loaded
        if shown is None:
            self._reload_soon()
            return
        # another day is the journal alone: the warnings above it are the salon's, not the
        # day's (they follow every change as before: a reload reads them again)
        self.run_db(self.load_journal, shown, self.day, self.branch, done=self._show,
                    group="journal-day", exclusive=True)

    @staticmethod
    def load_journal(shown: DayLoaded, day: dt.date | None, branch: int | None) -> DayLoaded:
        """`shown` with the journal of another day (the warnings kept)."""
        salon_day = day or branches.today(branch)  # the branch's clock in a chain
        return replace(shown, journal=journal_mod.day_journal(salon_day, branch=branch))

    def _reload_soon(self) -> None:
        self.run_db(self.load, self.day, self.branch, done=self._show, group="journal-day",
                    exclusive=True)

    @on(JournalGrid.BookingChosen)
    def _open_booking(self, event: JournalGrid.BookingChosen) -> None:
        from .booking_card import BookingCard

        def closed(changed: bool | None) -> None:
            if changed:
                self.refresh_data()

        self.app.push_screen(BookingCard(event.number), closed)

    @on(JournalGrid.SlotChosen)
    async def _book_slot(self, event: JournalGrid.SlotChosen) -> None:
        """A free slot: the manual booking with this master, date and time already chosen."""
        await self.app.switch_mode("new_booking")
        self.app.screen.preset(event.master_id, event.day, event.start)

    @on(JournalGrid.Refused)
    def _refused(self, event: JournalGrid.Refused) -> None:
        self.notify(event.reason, severity="warning", markup=False)

    def _booking_here(self) -> Booking | None:
        booking = self.query_one(JournalGrid).booking_at_cursor()
        if booking is None:
            self.notify(_("Put the cursor on a booking first."), severity="warning")
        return booking

    def action_confirm_booking(self) -> None:
        """A: confirm the pending booking under the cursor (the client is told, as from the
        card); any other status is left as it is."""
        booking = self._booking_here()
        if booking is None:
            return
        if booking.status != PENDING:
            self.notify(_("Booking No. {number} is not waiting for confirmation.",
                          number=booking.number), severity="warning", markup=False)
            return
        number = booking.number

        def done(_booking: Booking) -> None:
            self.notify(_("Booking No. {number} is confirmed.", number=number), markup=False)
            self._reload_soon()

        self.run_db(bookings.set_status, number, CONFIRMED, done=done, group="journal-write")

    def action_cancel_booking(self) -> None:
        """C: cancel the booking under the cursor, after the usual confirmation."""
        booking = self._booking_here()
        if booking is None:
            return
        number = booking.number

        def done(_booking: Booking) -> None:
            self.notify(_("Booking No. {number} is cancelled.", number=number), markup=False)
            self._reload_soon()

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_db(bookings.cancel, number, by=BY_SALON, done=done,
                            group="journal-write")

        from .booking_card import booking_line
        from .delivery import client_told
        from .dialogs import ConfirmModal

        question = _("Cancel this booking?") + " " + client_told(booking.client, self.app)
        self.app.push_screen(ConfirmModal(question, [booking_line(booking)], danger=True),
                             answered)

    def on_resize(self, event) -> None:
        """Columns share the width: a wider or narrower window lays them out again."""
        if self._loaded is not None:
            self.query_one(JournalGrid).show(self._loaded.journal,
                                             self.query_one("#section-body").size.width)
