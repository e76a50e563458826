"""The salon's inbox: every client's conversation, newest first, and one conversation with a
reply field (core.messaging.conversations). Reachable from Today and Clients (key I) and from a client's
card (key W)."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from ..core import settings
from ..core.messaging import conversations
from ..core.people import branches
from ..core.people.phones import format_phone
from ..core.storage.models import FROM_CLIENT, ChatMessage, Client
from ..i18n import N_, _
from .base import TranslatedBindings, plain
from .db_work import DbWork
from .delivery import message_sent


def _local(stamp: dt.datetime, branch: int | None = None) -> str:
    """A message's time on the seat's clock (a chain's branch's, docs/BRANCHES.md)."""
    tz = branches.for_branch(settings.load(), branch).tz
    return f"{stamp.replace(tzinfo=dt.UTC).astimezone(tz):%d.%m %H:%M}"


def message_line(message: ChatMessage, client_name: str, branch: int | None = None) -> str:
    if message.direction == FROM_CLIENT:
        who = client_name or _("Client")
    elif message.master_id:
        who = _("{master} (master)", master=message.master.name)
    else:
        who = _("Salon")
    text = message.text or ""
    if message.photo:
        text = (_("[photo]") + " " + text).strip()
    return f"{_local(message.created_at, branch)} · {who}: {text}"


class ConversationModal(DbWork, TranslatedBindings, ModalScreen[None]):
    """One client's conversation; Enter in the field sends the reply through the bot."""

    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self, client_id: int) -> None:
        super().__init__(classes="dialog-screen")
        self.client_id = client_id

    def compose(self) -> ComposeResult:
        client = Client.get_by_id(self.client_id)
        title = client.full_name or format_phone(client.phone) or _("No name")
        with Vertical(classes="dialog conversation"):
            yield Static(_("Conversation with {name}", name=title), classes="dialog-title",
                         markup=False)
            yield VerticalScroll(Static("", id="thread", markup=False), id="thread-scroll")
            if client.telegram_id:
                yield Input(placeholder=_("Your reply — Enter sends it"), id="reply")
            else:
                yield Static(_("This client is not on Telegram: invite them from the card."),
                             classes="field-hint", markup=False)
            yield Static("", id="reply-error", classes="field-error", markup=False)
            yield Static(_("Enter send · Esc close"), classes="section-hint")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        client = Client.get_by_id(self.client_id)
        rows = conversations.thread(self.client_id)
        branch = getattr(self.app, "branch", None)
        lines = [message_line(m, client.full_name, branch) for m in rows]
        self.query_one("#thread", Static).update("\n".join(lines) or _("No messages yet."))
        self.query_one("#thread-scroll", VerticalScroll).scroll_end(animate=False)
        # marking them read writes: in a worker, so a locked file never holds the keys (issue 10)
        self.run_db(conversations.mark_read, self.client_id, group="mark-read", exclusive=True)

    @on(Input.Submitted, "#reply")
    def _send(self, event: Input.Submitted) -> None:
        error = self.query_one("#reply-error", Static)
        field = event.input

        def sent(_result: object) -> None:
            error.update("")
            field.value = ""
            self.notify(message_sent(self.app), markup=False)
            self.refresh_data()

        self.run_db(conversations.reply, self.client_id, event.value, done=sent,
                    failed=lambda err: error.update(err.message()), group="reply")

    def action_close(self) -> None:
        self.dismiss(None)


class InboxScreen(TranslatedBindings, ModalScreen[None]):
    """Conversations, the latest first; Enter opens one."""

    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog inbox"):
            yield Static("", id="inbox-title", classes="dialog-title", markup=False)
            yield DataTable(id="inbox-table", cursor_type="row", zebra_stripes=True)
            yield Static(_("Enter open · Esc close"), classes="section-hint")

    def on_mount(self) -> None:
        table = self.query_one("#inbox-table", DataTable)
        table.add_column(_("Client"), key="client", width=18)
        table.add_column(_("When"), key="when", width=11)
        table.add_column(_("New"), key="new", width=4)
        table.add_column(_("Last message"), key="last")
        self.refresh_data()

    def refresh_data(self) -> None:
        table = self.query_one("#inbox-table", DataTable)
        keep = table.cursor_row
        table.clear()
        branch = getattr(self.app, "branch", None)
        items = conversations.inbox(branch=branch)
        for item in items:
            name = item.client.full_name or format_phone(item.client.phone) or "—"
            last = message_line(item.last, item.client.full_name).split(": ", 1)[-1]
            table.add_row(plain(name), _local(item.last.created_at, branch),
                          str(item.unread) if item.unread else "",
                          plain(last.replace("\n", " ")[:80]), key=str(item.client.id))
        if items:
            table.move_cursor(row=min(keep, len(items) - 1))
        unread = sum(i.unread for i in items)
        title = _("Messages: {count} new", count=unread) if unread else _("Messages")
        self.query_one("#inbox-title", Static).update(title)
        if not items:
            self.query_one("#inbox-title", Static).update(_("Messages: none yet"))

    @on(DataTable.RowSelected, "#inbox-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(ConversationModal(int(event.row_key.value)),
                             lambda _result: self.refresh_data())

    def action_close(self) -> None:
        self.dismiss(None)
