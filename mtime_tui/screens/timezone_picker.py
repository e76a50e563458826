"""The salon's time zone, picked by city from a searchable list (issue 11, defect 9): type a
part of the city (in English or, for the usual cities, Russian) or of the IANA name."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..core import timezones
from ..i18n import N_, _
from .base import TranslatedBindings

SHOWN = 200  # options at most: a short word matches most of the world


class TimezoneModal(TranslatedBindings, ModalScreen[str | None]):
    """Dismisses with the IANA name picked, or None (Escape)."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("down", "to_list", show=False),
    ]

    def __init__(self, current: str) -> None:
        super().__init__(classes="dialog-screen")
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog timezone-dialog"):
            yield Static(_("Time zone of the salon"), classes="dialog-title")
            yield Input(placeholder=_("City or zone, e.g. Moscow"), id="tz-search")
            yield OptionList(id="tz-list")
            yield Static(_("Type to search · ↓ the list · Enter pick · Esc cancel"),
                         classes="section-hint")

    def on_mount(self) -> None:
        self.show("")
        self.query_one("#tz-search", Input).focus()

    def show(self, text: str) -> None:
        found = timezones.search(text)
        options = self.query_one("#tz-list", OptionList)
        options.clear_options()
        options.add_options([Option(zone.label, id=zone.name) for zone in found[:SHOWN]])
        if found:
            names = [zone.name for zone in found[:SHOWN]]
            options.highlighted = names.index(self.current) if self.current in names else 0

    @on(Input.Changed, "#tz-search")
    def _typed(self, event: Input.Changed) -> None:
        self.show(event.value)

    @on(Input.Submitted, "#tz-search")
    def _enter(self) -> None:
        options = self.query_one("#tz-list", OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#tz-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_to_list(self) -> None:
        self.query_one("#tz-list", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
