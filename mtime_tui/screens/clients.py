"""Clients: a searchable table that loads a page at a time in a thread, and the client's card
with history, block/unblock with a reason and notes (SPEC "Clients")."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import CellDoesNotExist

from ..core.people import clients
from ..core.people.phones import format_phone
from ..core.storage.models import Client
from ..i18n import N_, _
from ..widgets.booking_table import BookingTable
from ..widgets.row_table import RowTable
from .base import SectionScreen, TranslatedBindings, plain, show_text
from .broadcasts import BroadcastsScreen
from .db_work import DbWork
from .dialogs import ConfirmModal, TextInputModal
from .file_dialogs import ExportDialog, ImportDialog
from .inbox import ConversationModal, InboxScreen
from .invitation import InvitationModal
from .upcoming import after_blocking_client

PAGE = 100


def client_row(client: Client) -> tuple:
    return (
        plain(client.full_name or "—"),
        format_phone(client.phone) or "—",
        str(client.telegram_id) if client.telegram_id else "—",
        _("blocked") if client.blocked else "",
        plain(client.notes.replace("\n", " ")),
    )


def ask_block(screen, client: Client, done) -> None:
    """Block with a reason, or unblock after a confirmation; `done()` after a change. `screen`
    is a DbWork screen: the writes run in its worker."""

    def was_blocked(_result: object) -> None:
        done()
        after_blocking_client(screen, client.id, name, done)

    def blocked(reason: str | None) -> None:
        if reason is not None:
            screen.run_db(clients.block_client, client.id, reason, done=was_blocked,
                          group="client")

    def unblocked(yes: bool | None) -> None:
        if yes:
            screen.run_db(clients.unblock_client, client.id, done=lambda _r: done(),
                          group="client")

    name = client.full_name or format_phone(client.phone)
    if client.blocked:
        screen.app.push_screen(ConfirmModal(_("Unblock the client {name}?", name=name)), unblocked)
    else:
        screen.app.push_screen(
            TextInputModal(
                _("Block the client {name}? They will not be able to book.", name=name),
                _("Reason (only the salon sees it)"),
            ),
            blocked,
        )


def ask_notes(screen, client: Client, done) -> None:
    def save(text: str | None) -> None:
        if text is not None:
            screen.run_db(clients.update_client, client.id, notes=text, done=lambda _r: done(),
                          group="client")

    screen.app.push_screen(
        TextInputModal(_("Notes"), _("Notes about the client"), value=client.notes, multiline=True),
        save,
    )


class ClientCard(DbWork, TranslatedBindings, ModalScreen[bool]):
    """A client's card: contacts, history counts and every booking; dismisses True if changed."""

    BINDINGS = [
        Binding("escape", "close", N_("Close")),
        Binding("b,и", "toggle_block", N_("Block / unblock")),
        Binding("n,т", "notes", N_("Edit notes")),
        Binding("i,ш", "invite", N_("Invite to Telegram")),
        Binding("w,ц", "conversation", N_("Conversation")),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__(classes="dialog-screen")
        self.client_id = client_id
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog client-card"):
            yield Static("", id="card-title", classes="dialog-title")
            yield Static("", id="card-details")
            yield Static("", id="card-history", classes="section-heading")
            yield BookingTable(id="card-bookings", with_master=True)
            yield Static(
                _("B block / unblock · N notes · I invite · W conversation · Esc close"),
                classes="section-hint card-keys",
            )

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        history = clients.client_history(self.client_id)
        client = history.client
        self.client = client
        self.query_one("#card-title", Static).update(plain(client.full_name or _("No name")))
        lines = [
            _("Phone: {phone}", phone=format_phone(client.phone) or "—"),
            _("Telegram ID: {id}", id=client.telegram_id or "—"),
            *([_("Telegram link: {link}", link=f"tg://user?id={client.telegram_id}")]
              if client.telegram_id else []),
            _("Client since: {date}", date=f"{history.since:%d.%m.%Y}"),
        ]
        if client.blocked:
            lines.append(_("Blocked: {reason}", reason=client.block_reason or "—"))
        if client.notes:
            lines.append(_("Notes: {notes}", notes=client.notes))
        self.query_one("#card-details", Static).update(plain("\n".join(lines)))
        self.query_one("#card-history", Static).update(
            _(
                "Visits: {visits}   Cancellations: {cancellations}   No-shows: {no_shows}",
                visits=history.visits,
                cancellations=history.cancellations,
                no_shows=history.no_shows,
            )
        )
        self.query_one("#card-bookings", BookingTable).show(history.bookings)

    def _changed(self) -> None:
        self.changed = True
        self.show()

    def action_toggle_block(self) -> None:
        ask_block(self, self.client, self._changed)

    def action_notes(self) -> None:
        ask_notes(self, self.client, self._changed)

    def action_invite(self) -> None:
        if self.client.telegram_id:
            self.notify(_("This client is already on Telegram"), markup=False)
            return
        self.app.push_screen(InvitationModal(self.client_id))

    def action_conversation(self) -> None:
        self.app.push_screen(ConversationModal(self.client_id))

    def action_close(self) -> None:
        self.dismiss(self.changed)


class ClientsScreen(SectionScreen):
    SECTION = "clients"
    AUTO_FOCUS = "#clients-table"
    # 80 columns: the card (o) blocks and edits notes; the count line says M shows more
    FOOTER_NARROW_HIDES = frozenset({"toggle_block", "notes", "more"})
    BINDINGS = [
        Binding("slash", "search", N_("Search"), key_display="/"),
        Binding("o,щ", "open", N_("Open card")),
        Binding("b,и", "toggle_block", N_("Block / unblock")),
        Binding("n,т", "notes", N_("Edit notes")),
        Binding("m,ь", "more", N_("Show more")),
        Binding("i,ш", "inbox", N_("Messages")),
        Binding("s,ы", "broadcasts", N_("Broadcasts")),
        Binding("e,у", "export", N_("Export clients"), show=False),
        Binding("u,г", "import", N_("Import clients"), show=False),
    ]

    @dataclass
    class ClientsLoaded:
        """A page of search results."""

        text: str
        offset: int
        rows: list[Client]
        total: int

    def __init__(self) -> None:
        super().__init__()
        self.loaded = 0
        self.total = 0
        self.search_text = ""
        self._shown_rows: list[tuple[str, tuple]] | None = None  # the first page as shown

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Input(placeholder=_("Search by phone, name or Telegram ID"), id="client-search")
            yield Static("", id="clients-count")
        yield RowTable(id="clients-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#clients-table", DataTable)
        table.add_column(_("Name"), key="name", width=28)
        table.add_column(_("Phone"), key="phone", width=18)
        table.add_column(_("Telegram"), key="telegram", width=12)
        table.add_column(_("State"), key="state", width=12)
        table.add_column(_("Notes"), key="notes", width=18)
        # 80 columns: notes (in the card) give way first, then the name narrows
        table.give_way(("notes", 0), ("name", 14), ("telegram", 8), ("phone", 17),
                       ("state", 8))

    def refresh_data(self) -> None:
        """The list as it is now: without a search text a page and the count are ~2 ms, read
        in the UI thread so the section is painted once, with them; a search can take long (a
        phone fragment): in a worker."""
        if not self.search_text.strip():
            limit = max(PAGE, self.loaded)
            rows = clients.search_clients(self.search_text, limit=limit, offset=0)
            self._loaded(self.ClientsLoaded(self.search_text, 0, rows,
                                            clients.count_clients(self.search_text)))
        else:
            self.load(self.search_text, 0, max(PAGE, self.loaded))

    def load(self, text: str, offset: int, limit: int = PAGE) -> None:
        """Count and fetch one page off the UI thread; stale searches are dropped."""
        self.run_db(self._fetch, text, offset, limit, done=self._loaded,
                    group="clients", exclusive=True)

    def _fetch(self, text: str, offset: int, limit: int) -> ClientsLoaded:
        rows = clients.search_clients(text, limit=limit, offset=offset)
        return self.ClientsLoaded(text, offset, rows, clients.count_clients(text))

    def _loaded(self, message: ClientsLoaded) -> None:
        if message.text != self.search_text:
            return
        table = self.query_one("#clients-table", DataTable)
        rows = [(str(client.id), client_row(client)) for client in message.rows]
        if message.offset == 0 and rows == self._shown_rows:
            self.total = message.total  # the same first page: the table stays as it is
            self.show_count()
            return
        keep = self.selected_id()
        if message.offset == 0:
            table.clear()
            self._shown_rows = rows
        else:
            self._shown_rows = None
        for client in message.rows:
            if str(client.id) not in table.rows:
                table.add_row(*client_row(client), key=str(client.id))
        self.loaded = table.row_count
        self.total = message.total
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))
        self.show_count()

    def show_count(self) -> None:
        if self.loaded < self.total:
            text = _("{shown} of {total} — M shows more, or refine the search",
                     shown=self.loaded, total=self.total)
        else:
            text = _("{total} clients", total=self.total)
        show_text(self.query_one("#clients-count", Static), text)

    @on(Input.Changed, "#client-search")
    def _search(self, event: Input.Changed) -> None:
        self.search_text = event.value.strip()
        self.loaded = 0
        self.load(self.search_text, 0)

    @on(Input.Submitted, "#client-search")
    def _to_table(self) -> None:
        self.query_one("#clients-table", DataTable).focus()

    @on(DataTable.RowHighlighted, "#clients-table")
    def _near_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.loaded - 1 and self.loaded < self.total:
            self.action_more()

    def action_more(self) -> None:
        if self.loaded < self.total:
            self.load(self.search_text, self.loaded)

    def action_inbox(self) -> None:
        self.app.push_screen(InboxScreen())

    def action_broadcasts(self) -> None:
        self.app.push_screen(BroadcastsScreen())

    def action_export(self) -> None:
        self.app.push_screen(ExportDialog("clients"))

    def action_import(self) -> None:
        def done(imported: bool | None) -> None:
            if imported:
                self.refresh_data()

        self.app.push_screen(ImportDialog(), done)

    def action_search(self) -> None:
        self.query_one("#client-search", Input).focus()

    def selected_id(self) -> int | None:
        table = self.query_one("#clients-table", DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except CellDoesNotExist:  # the cursor is outside the rows after a clear
            return None
        return int(key.value) if key.value else None

    def selected_client(self) -> Client | None:
        client_id = self.selected_id()
        return clients.get_client(client_id) if client_id is not None else None

    @on(DataTable.RowSelected, "#clients-table")
    def _row_chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        client_id = self.selected_id()
        if client_id is not None:
            self.app.push_screen(ClientCard(client_id))

    def action_toggle_block(self) -> None:
        client = self.selected_client()
        if client is not None:
            ask_block(self, client, self.refresh_data)

    def action_notes(self) -> None:
        client = self.selected_client()
        if client is not None:
            ask_notes(self, client, self.refresh_data)
