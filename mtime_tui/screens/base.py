"""The shared chrome of every admin section, and the message the bot thread sends to the TUI.

How to write a section (the contract between the section screens):

    class CalendarScreen(SectionScreen):
        SECTION = "calendar"                 # its mode name in MTimeApp.MODES
        BINDINGS = [Binding("n", "new", N_("New"))]   # descriptions go through _ at display

        def compose_body(self) -> ComposeResult:
            yield DataTable(id="calendar-day")

        def refresh_data(self) -> None:
            self.show_month()                # reads in the UI thread: it is painted once, filled

- `compose_body()` yields the section's own widgets; the screen puts them in `#section-body`
  between a Header (salon name — section title), the left Sidebar (`#sidebar`; keys 1–9 and 0 switch
  sections, see screens/nav.py) and a Footer with the bindings.
- `refresh_data()` is called on mount, when the bot reports a booking change
  (`BookingsChanged`, handled by the app: it toasts and calls `refresh_data()` on every
  screen of the current mode's stack that has one — an open BookingCard too) and each time
  the section is shown again (switching back to its mode, or a modal on top closes) if
  `freshness()` differs from when it last loaded: by default the database's commit stamp
  (`data_stamp()`: any commit by anyone, this process's own writes included) and the salon's
  day — the minute for a section with `SHOWS_FREE_TIMES` (today's free times pass with the
  clock), and a section may override `freshness()` for anything else; `refresh_status()` runs on every resume for what is not in the database (the bot's state).
  Reads of a few milliseconds run in the UI thread, so the section is painted once, filled
  (a thread worker's answer arrives after the first paint: two paints, the first stale);
  only searches that can take long (typed text) belong in a thread worker. Rebuild widgets
  only when what they show changed: refilling a DataTable with the same 300 rows costs
  ~12 ms, and Textual then lays it out and paints it again.
- Binding descriptions are English msgids marked with `N_` (Russian in your catalog); the footer,
  F1 help and the command palette (every binding with a description becomes a command
  "<Section>: <description>") translate them.
- A subclass's `on_mount` runs before the base one (Textual calls both; do not call super()).
- `plain(text)` wraps user text for a DataTable cell so "[b]" or "<b>" in a name stays text.
- `show_error(err)` shows a DomainError as an error toast in the TUI language.
- Shared modals are in screens/dialogs.py (ConfirmModal, FormModal, TextInputModal).
"""

from __future__ import annotations

import gc
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar
from weakref import WeakKeyDictionary

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ..bot.telegram.events import BotEvent
from ..core import clock
from ..core.errors import DatabaseUnavailable, DomainError
from ..core.storage.readcache import data_stamp  # the commit stamp: equal means nothing written
from ..i18n import N_, _
from ..widgets.booking_table import plain, salon_today
from ..widgets.section_footer import COMPACT_BELOW, SectionFooter
from ..widgets.textual_internals import keep_styles_on_resume, measure_columns
from .db_work import UI_RETRY_SECONDS, DbWork, busy_text, is_busy, quick_reads
from .nav import Sidebar, section_title

if TYPE_CHECKING:  # TabbedContent's modules: not imported for the first screen
    from textual.widgets import TabbedContent

__all__ = [
    "BookingsChanged",
    "SectionScreen",
    "TranslatedBindings",
    "data_stamp",
    "fill_table",
    "keep_long_lived",
    "plain",
    "show_text",
]


def keep_long_lived() -> None:
    """Leave what exists now out of the garbage collector's full scans (`gc.freeze`).

    A composed section is tens of thousands of objects that live as long as the app (widgets,
    styles, rendered lines); each full collection walked all of them again — ~200 ms with
    every section composed, every ten or so switches. Frozen objects are still freed by
    reference counting; only cycles among them wait for `gc.unfreeze` (the app unfreezes before
    it drops its sections on a language change)."""
    gc.freeze()


_filled: WeakKeyDictionary[DataTable, list] = WeakKeyDictionary()  # rows each table got last


def fill_table(table: DataTable, rows: list[tuple[str, tuple]]) -> None:
    """Show `rows` (key, cells) in `table`, the cursor kept on the same key; nothing is
    redrawn when they are the rows it got last time (a reload after an unrelated commit)."""
    if _filled.get(table) == rows:
        return
    current = None
    if table.row_count:
        current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    measure_columns(table)
    _filled[table] = rows
    if current is not None and current in table.rows:
        table.move_cursor(row=table.get_row_index(current))


def show_text(widget: Static, content: str | Text, *, layout: bool = True) -> None:
    """Update a Static only when its text changes: each update lays the screen out again —
    unless `layout=False`, for a line whose size no text changes (one line, `text-wrap:
    nowrap`, its width set by its container): then only the line is drawn again."""
    if widget.content != content:
        widget.update(content, layout=layout)


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
            key: item._replace(binding=_translated(item.binding))
            if item.binding.description
            else item
            for key, item in active.items()
        }


def _translated(binding: Binding) -> Binding:
    """The binding with its description (and its footer group's, "[ ] Day") translated."""
    group = binding.group
    if group is not None:
        group = Binding.Group(_(group.description), compact=group.compact)
    return replace(binding, description=_(binding.description), group=group)


NARROW_BELOW = COMPACT_BELOW  # terminal columns (100): the footer turns compact there too


class SectionScreen(DbWork, TranslatedBindings, Screen):
    """A section: header, sidebar, body, footer, and a `refresh_data()` hook."""

    SECTION: ClassVar[str] = ""
    # "-narrow" below 100 columns (80×24: a side panel goes below or hides), "-wide" above
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"), (NARROW_BELOW, "-wide")]
    BINDINGS = [Binding("escape", "focus_sidebar", N_("Sections"), show=False)]
    AUTO_FOCUS = "#section-body *"
    SHOWS_FREE_TIMES: ClassVar[bool] = False  # free times of today pass with the minute
    # actions the footer leaves out where its keys would not fit (F1 and the palette list them)
    FOOTER_NARROW_HIDES: ClassVar[frozenset[str]] = frozenset()
    _suspended = False  # hidden by another section or a modal since the last refresh
    _loaded_at: tuple | None = None  # freshness() when the data was last loaded on show
    _told_busy = False  # "the database is busy" was shown for the reload that waits

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._tabs_found: dict[str, TabbedContent] = {}  # shown_tab's TabbedContents

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="section-main"):
            yield Sidebar(self.SECTION)
            with Vertical(id="section-body", classes=f"section-{self.SECTION}"):
                yield from self.compose_body()
        yield SectionFooter()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """F1 first: the footer's leftmost key stays in sight however many follow it."""
        active = super().active_bindings
        first = {key: item for key, item in active.items() if item.binding.action == "help"}
        return first | {key: item for key, item in active.items() if key not in first}

    def compose_body(self) -> ComposeResult:
        """The section's own widgets (override)."""
        yield from ()

    def section_title(self) -> str:
        return section_title(self.SECTION)

    @property
    def branch(self) -> int | None:
        """The branch of a chain this seat works on (the header shows it); None in a
        single-branch salon: every list is the whole salon's."""
        return getattr(self.app, "branch", None)

    def on_mount(self) -> None:
        self.sub_title = self.section_title()
        self.reload(force=True)
        self.call_after_refresh(keep_long_lived)

    def post_message(self, message: Message) -> bool:
        """A section switched back to keeps its styles: Textual re-applies the whole stylesheet
        to every widget of a resumed screen (milliseconds per hundred widgets), and tables and
        lists repaint themselves after that, a second frame ~25 ms later. Nothing a section
        shows depends on it: a theme change re-styles screens on the switch (Textual's own CSS
        update count), and a modal closing resumes without it too (Textual's pop_screen)."""
        keep_styles_on_resume(message)
        return super().post_message(message)

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        if self._suspended:
            self._suspended = False
            self.refresh_status()
            self.reload()

    def reload(self, *, force: bool = False) -> None:
        """Load what changed (everything with `force`), waiting at most ~0.1 s for another
        program's lock: a busy database keeps what is shown, says so once, and is tried again
        every second until it answers — keys are answered meanwhile."""
        try:
            with quick_reads():
                if force or self.freshness() != self._loaded_at:
                    self._load_fresh()
        except DatabaseUnavailable as err:
            self._loaded_at = None  # whatever was read, the next try reads again
            if not is_busy(err):
                self.show_error(err)
                return
            if not self._told_busy:
                self._told_busy = True
                self.notify(busy_text(), severity="warning", markup=False)
            self.set_timer(UI_RETRY_SECONDS, lambda: self.reload(force=force))
            return
        self._told_busy = False

    def _load_fresh(self) -> None:
        self._loaded_at = self.freshness()  # before reading: a commit meanwhile reloads again
        self.refresh_data()

    def freshness(self) -> tuple:
        """What the section's data depends on: a resume reloads only when this changed."""
        branch = getattr(self.app, "branch", None)  # the seat's branch of a chain
        if self.SHOWS_FREE_TIMES:
            return data_stamp(), clock.now_utc().replace(second=0, microsecond=0), branch
        return data_stamp(), salon_today(branch), branch

    def refresh_status(self) -> None:
        """Update what is shown but not stored (override; runs on every resume): keep it cheap."""

    def refresh_data(self) -> None:
        """Reload what the section shows (override). Called on mount, on a resume after a
        change (see `freshness`) and when the bot reports a booking change."""

    def shown_tab(self, selector: str) -> str | None:
        """The id of the pane shown by the TabbedContent `selector` (None before it is
        composed), for `check_action`: the footer asks about every key on each switch and
        focus move, and a query walks the whole screen each time (Working time's 238 widgets,
        ~90 ms of a switch to it and away from it) — the tabs are looked up once."""
        tabs = self._tabs_found.get(selector)
        if tabs is None:
            tabs = next(iter(self.query(selector)), None)
            if tabs is None:
                return None
            self._tabs_found[selector] = tabs
        return tabs.active

    def action_focus_sidebar(self) -> None:
        """Escape leaves a field (so the number keys switch sections again)."""
        self.query_one(Sidebar).focus()

    def show_error(self, err: DomainError) -> None:
        self.notify(err.message(), title=_("Not done"), severity="error", markup=False)
