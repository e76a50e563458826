"""Broadcasts (core.messaging.broadcasts): the list with each one's progress (sent / failed / left), pause,
resume and cancel, and the form to compose one — text with {first_name} previewed for a real
client, the audience and its count, and an optional time in the salon's zone. Queuing a large
audience runs in a worker thread, so the TUI keeps answering keys meanwhile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Select, Static, TextArea
from textual.worker import get_current_worker

from ..core import settings
from ..core.errors import DomainError, ValidationError
from ..core.messaging import broadcasts
from ..core.people import branches, masters, services
from ..core.storage import db
from ..core.storage.models import Broadcast
from ..i18n import N_, _
from ..widgets.row_table import RowTable
from .base import TranslatedBindings, plain
from .db_work import DbWork
from .dialogs import ConfirmModal, FormModal, form_field

AUDIENCE_NAMES = {
    broadcasts.ALL: N_("All clients"),
    broadcasts.VISITED: N_("Visited in a period"),
    broadcasts.BY_MASTER: N_("Clients of a master"),
    broadcasts.BY_SERVICE: N_("Clients of a service"),
    broadcasts.LAPSED: N_("Not visited for N days"),
}
TEXT_PREVIEW = 60  # characters of a broadcast's text in the table (all of it below)
STATE_NAMES = {
    broadcasts.DRAFT: N_("queuing"),
    broadcasts.QUEUED: N_("sending"),
    broadcasts.PAUSED: N_("paused"),
    broadcasts.CANCELLED_STATE: N_("cancelled"),
    broadcasts.DONE: N_("done"),
}
PARAM_FIELDS = {
    broadcasts.VISITED: ("first", "last"),
    broadcasts.BY_MASTER: ("master",),
    broadcasts.BY_SERVICE: ("service",),
    broadcasts.LAPSED: ("days",),
}


def _date(text: str, field: str) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%d.%m.%Y").date()
    except ValueError:
        raise ValidationError("Give the period: from and to (DD.MM.YYYY)", field=field) from None


class BroadcastForm(FormModal[int]):
    """Compose a broadcast; dismisses with the draft's id (the list queues it)."""

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def form_title(self) -> str:
        return _("New broadcast")

    def compose_fields(self) -> ComposeResult:
        yield form_field("text", _("Text — {first_name} becomes the client's first name"),
                         TextArea("", id="text", soft_wrap=True))
        options = [(_(name), kind) for kind, name in AUDIENCE_NAMES.items()]
        yield form_field("audience", _("Who gets it"),
                         Select(options, value=broadcasts.ALL, allow_blank=False, id="audience"))
        yield form_field("first", _("Visited from (DD.MM.YYYY)"), Input(id="first"))
        yield form_field("last", _("Visited to (DD.MM.YYYY)"), Input(id="last"))
        branch = getattr(self.app, "branch", None)  # a chain: the seat's branch's clients
        if branch is not None:
            yield Static(_("To the clients of {branch}: who booked there or chose it in the bot",
                           branch=branches.get_branch(branch).name), id="broadcast-branch",
                         classes="field-hint", markup=False)
        master_options = [(m.name, m.id) for m in masters.list_masters(include_blocked=True,
                                                                        branch=branch)]
        yield form_field("master", _("Master"), Select(master_options, id="master"))
        service_options = [(s.name, s.id) for s in services.list_services(include_blocked=True,
                                                                           branch=branch)]
        yield form_field("service", _("Service"), Select(service_options, id="service"))
        yield form_field("days", _("Not visited for (days)"), Input(id="days", type="integer"))
        yield form_field("at", _("Send at (DD.MM.YYYY HH:MM, salon time; empty: now)"),
                         Input(id="at"))
        yield Static("", id="broadcast-count", classes="section-heading", markup=False)
        yield Static("", id="broadcast-preview", markup=False)

    _audience_shown: tuple | None = None  # (audience, count, sample) last counted

    def on_mount(self) -> None:
        self.query_one("#save").label = _("Send")
        self._show_params()
        self._update_preview()

    def _show_params(self) -> None:
        kind = self.query_one("#audience", Select).value
        wanted = PARAM_FIELDS.get(kind, ())
        for name in ("first", "last", "master", "service", "days"):
            self.query_one(f"#field-{name}").display = name in wanted

    def audience(self) -> broadcasts.Audience:
        return replace(self._audience(), branch=getattr(self.app, "branch", None))

    def _audience(self) -> broadcasts.Audience:
        kind = self.query_one("#audience", Select).value
        if kind == broadcasts.VISITED:
            return broadcasts.Audience(kind, first=_date(self.value("first"), "first"),
                                       last=_date(self.value("last"), "last"))
        if kind == broadcasts.BY_MASTER:
            value = self.query_one("#master", Select).value
            return broadcasts.Audience(kind, master_id=value if isinstance(value, int) else None)
        if kind == broadcasts.BY_SERVICE:
            value = self.query_one("#service", Select).value
            return broadcasts.Audience(kind, service_id=value if isinstance(value, int) else None)
        if kind == broadcasts.LAPSED:
            days = self.value("days").strip()
            return broadcasts.Audience(kind, days=int(days) if days.isdigit() else None)
        return broadcasts.Audience(kind)

    @on(Select.Changed)
    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self, event) -> None:
        if getattr(event, "select", None) is not None and event.select.id == "audience":
            self._show_params()
        self._update_preview()

    def _update_preview(self) -> None:
        count = self.query_one("#broadcast-count", Static)
        preview = self.query_one("#broadcast-preview", Static)
        try:
            audience = self.audience()
            if self._audience_shown is None or self._audience_shown[0] != audience:
                # Counting 50,000 clients takes ~25 ms: once per audience, not per key typed.
                self._audience_shown = (audience, broadcasts.count(audience),
                                        broadcasts.sample(audience))
            _audience, total, sample = self._audience_shown
        except DomainError as err:
            count.update(err.message())
            preview.update("")
            return
        count.update(_("Recipients: {count} (the blocked, unreachable and opted out never)",
                       count=total))
        text = self.value("text").strip()
        if sample is not None and text:
            preview.update(_("Preview for {name}:", name=sample.full_name or "—") + "\n"
                           + broadcasts.personal(text, sample.first_name))
        else:
            preview.update("")

    def _at(self) -> dt.datetime | None:
        text = self.value("at").strip()
        if not text:
            return None
        try:
            return dt.datetime.strptime(text, "%d.%m.%Y %H:%M")
        except ValueError:
            raise ValidationError("Write the time as DD.MM.YYYY HH:MM", field="at") from None

    def saving(self) -> Callable[[], int]:
        text, audience, at = self.value("text"), self.audience(), self._at()
        return lambda: broadcasts.create(text, audience, at=at).id


class BroadcastsScreen(DbWork, TranslatedBindings, ModalScreen[None]):
    """Every broadcast with its figures, refreshed each second while one is sending."""

    BINDINGS = [
        Binding("escape", "close", N_("Close")),
        Binding("n,т", "new", N_("New broadcast")),
        Binding("p,з", "pause", N_("Pause / resume")),
        Binding("x,ч", "cancel", N_("Cancel the broadcast")),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self.items: list[Broadcast] = []
        self.figures: dict[int, broadcasts.Figures] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog broadcasts"):
            yield Static(_("Broadcasts"), classes="dialog-title")
            yield RowTable(id="broadcasts-table", cursor_type="row", zebra_stripes=True)
            # The chosen one in words: its figures and text, whole even where columns are cut.
            yield Static("", id="broadcast-detail", markup=False)
            yield Static(_("N new · P pause / resume · X cancel · Esc close"),
                         classes="section-hint")

    def on_mount(self) -> None:
        table = self.query_one("#broadcasts-table", RowTable)
        for key, label, width in (("when", _("When"), 11), ("state", _("State"), 12),
                                  ("sent", _("Sent"), 5), ("failed", _("Failed"), 5),
                                  ("gone", _("Unreachable"), 5), ("left", _("Left"), 5),
                                  ("off", _("Opted out"), 5),
                                  ("text", _("Text"), TEXT_PREVIEW)):
            table.add_column(label, key=key, width=width)
        # 80 columns: the text (in full below the table) narrows, then goes; every figure and
        # its heading stay whole ("Opted out" was cut)
        table.give_way(("text", 16), ("text", 0))
        self.refresh_data()
        self.set_interval(1.0, self.refresh_data)
        self.queue_leftovers()

    @work(thread=True, exclusive=True, group="broadcast-leftovers")
    def queue_leftovers(self) -> None:
        """A draft still here was sent (Send pressed) but the program stopped before its rows
        were written (one transaction: none were): queue it now, so Send survives a restart."""
        with db.connection():
            for item in broadcasts.listing():
                if item.status == broadcasts.DRAFT:
                    try:
                        broadcasts.start(item.id)
                    except DomainError:  # another seat queued it meanwhile
                        continue
        self.refresh_data()

    @dataclass
    class Loaded(Message):
        rows: list[tuple[Broadcast, broadcasts.Figures]]

    def refresh_data(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="broadcast-figures")
    def load(self) -> None:
        """The figures count every row of each broadcast (~70 ms for 50,000): off the UI thread."""
        with db.connection():
            broadcasts.finish_done()
            rows = [(item, broadcasts.figures(item.id))
                    for item in broadcasts.listing(branch=getattr(self.app, "branch", None))]
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(rows))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.items = [item for item, _f in message.rows]
        self.figures = {item.id: f for item, f in message.rows}
        table = self.query_one("#broadcasts-table", DataTable)
        keep = table.cursor_row
        table.clear()
        tz = branches.for_branch(settings.load(), getattr(self.app, "branch", None)).tz
        for item, f in message.rows:
            moment = item.scheduled_at or item.created_at
            when = f"{moment.replace(tzinfo=dt.UTC).astimezone(tz):%d.%m %H:%M}"
            table.add_row(when, _(STATE_NAMES.get(item.status, item.status)), str(f.sent),
                          str(f.failed), str(f.unreachable), str(f.left),
                          str(f.skipped + f.opted_out_after),
                          plain(item.text.replace("\n", " ")[:TEXT_PREVIEW]), key=str(item.id))
        if message.rows:
            table.move_cursor(row=min(keep, len(message.rows) - 1))
        self.show_detail()

    @on(DataTable.RowHighlighted, "#broadcasts-table")
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        item = next((b for b in self.items if b.id == self.selected()), None)
        detail = self.query_one("#broadcast-detail", Static)
        if item is None:
            detail.update(_("No broadcasts yet: N writes one."))
            return
        f = self.figures[item.id]
        state = _(STATE_NAMES.get(item.status, item.status))
        detail.update(_(
            "{state}: sent {sent} · failed {failed} · unreachable {gone} · left {left} · "
            "opted out {off} (of {total})", state=state[:1].upper() + state[1:],
            sent=f.sent, failed=f.failed, gone=f.unreachable, left=f.left,
            off=f.skipped + f.opted_out_after, total=f.total,
        ) + "\n" + " ".join(item.text.split())[:200])

    def selected(self) -> int | None:
        table = self.query_one("#broadcasts-table", DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_new(self) -> None:
        def composed(broadcast_id: int | None) -> None:
            if broadcast_id is not None:
                self.queue(broadcast_id)
                self.refresh_data()

        self.app.push_screen(BroadcastForm(), composed)

    @work(thread=True, exclusive=True, group="broadcast-queue")
    def queue(self, broadcast_id: int) -> None:
        """Write the recipients' outbox rows (50,000 take a few seconds) off the UI thread."""
        try:
            with db.connection():
                total = broadcasts.start(broadcast_id)
        except DomainError as err:
            self.notify(err.message(), severity="error", markup=False)  # thread-safe
            return
        self.notify(_("The broadcast is queued for {count} clients", count=total), markup=False)
        self.refresh_data()  # starts the figures' worker: safe from this thread

    def _act(self, fn) -> None:
        """Pause, resume or cancel: the write waits in a worker (issue 10)."""
        broadcast_id = self.selected()
        if broadcast_id is None:
            return

        def refused(err: DomainError) -> None:
            self.notify(err.message(), severity="warning", markup=False)
            self.refresh_data()

        self.run_db(fn, broadcast_id, done=lambda _result: self.refresh_data(), failed=refused)

    def action_pause(self) -> None:
        item = next((b for b in self.items if b.id == self.selected()), None)
        if item is not None:
            self._act(broadcasts.resume if item.status == broadcasts.PAUSED else broadcasts.pause)

    def action_cancel(self) -> None:
        """Cancelling cannot be undone: asked first, "No" focused (the one confirmation)."""
        item = next((b for b in self.items if b.id == self.selected()), None)
        if item is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._act(broadcasts.cancel)

        text = " ".join(item.text.split())
        self.app.push_screen(ConfirmModal(
            _("Cancel the broadcast? Messages not sent yet will not be sent; this cannot be "
              "undone."), [text[:80] + ("…" if len(text) > 80 else "")], danger=True), answered)

    def action_close(self) -> None:
        self.dismiss(None)
