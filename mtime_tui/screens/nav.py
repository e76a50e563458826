"""The section list: the order, the number keys and the left sidebar that switches modes."""

from __future__ import annotations

from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from ..core.people import branches
from ..i18n import N_, _

# (mode name, title msgid) in the order of the sidebar; the number key is the position (1..9, 0).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("today", N_("Today")),
    ("services", N_("Services")),
    ("masters", N_("Masters")),
    ("working_time", N_("Working time")),
    ("new_booking", N_("New booking")),
    ("calendar", N_("Calendar")),
    ("bookings", N_("Bookings")),
    ("clients", N_("Clients")),
    ("settings", N_("Settings")),
    ("statistics", N_("Statistics")),
)


def section_key(position: int) -> str:
    """The key of the section at `position` (1-based): 1 … 9, then 0 for the tenth."""
    return str(position % 10)


def section_keys() -> dict[str, str]:
    """Each section's key by its mode, in the sidebar's order."""
    return {mode: section_key(n) for n, (mode, _title) in enumerate(SECTIONS, start=1)}


def header_title(salon_name: str, branch_id: int | None) -> str:
    """The header's title: the salon's name, and the branch the seat works on in a chain."""
    found = branches.find_branch(branch_id) if branch_id is not None else None
    if found is None or found.name == salon_name:
        return salon_name if found is None else f"{salon_name} — {_('main branch')}"
    return f"{salon_name} — {found.name}"


def section_title(mode: str) -> str:
    """The translated title of a section (the mode name when unknown)."""
    return next((_(title) for name, title in SECTIONS if name == mode), mode)


class Sidebar(OptionList):
    """Sections with their number keys; Enter or a click switches to the section."""

    def __init__(self, current: str, *, id: str | None = "sidebar") -> None:
        self.current = current
        super().__init__(id=id)

    def on_mount(self) -> None:
        modes = getattr(self.app, "MODES", {})
        for position, (mode, title) in enumerate(SECTIONS, start=1):
            if mode in modes:
                self.add_option(Option(f"{section_key(position)} {_(title)}", id=mode))
        self.highlight_current()

    def highlight_current(self) -> None:
        try:
            self.highlighted = self.get_option_index(self.current)
        except OptionDoesNotExist:  # the section is not registered (yet)
            self.highlighted = None

    @on(OptionList.OptionSelected)
    def _switch(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        mode = event.option.id
        if mode and mode != self.current:
            self.app.switch_mode(mode)
