"""The branch picker of a chain (docs/BRANCHES.md): the TUI works on one branch at a time, shown
in the header; Ctrl+B (or the command palette) opens this list, and the choice is remembered for
this seat (`core.seat`). A single-branch salon never sees it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from ..core.people import branches
from ..core.people.branches import BranchInfo
from ..core.storage.models import DEFAULT_BRANCH, Admin
from ..i18n import N_, _
from .base import TranslatedBindings
from .dialogs import FormModal, form_field


def seat_branch(app: object) -> int:
    """The branch new masters and services go into: the seat's, or the only one."""
    return getattr(app, "branch", None) or DEFAULT_BRANCH


class BranchPicker(TranslatedBindings, ModalScreen[int | None]):
    """Every branch with its address; Enter picks, Escape keeps the one shown."""

    BINDINGS = [Binding("escape", "dismiss_none", N_("Cancel")),
                Binding("n", "new_branch", N_("New branch")),
                Binding("a", "branch_admins", N_("Admins of the branch"))]
    DEFAULT_CSS = """
    BranchPicker { align: center middle; }
    BranchPicker > Vertical { width: 70%; max-width: 90; height: auto; max-height: 80%;
                              border: thick $primary; background: $surface; padding: 0 1; }
    BranchPicker OptionList { height: auto; max-height: 20; }
    BranchPicker Label { width: 100%; }
    """

    def __init__(self, current: int | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        items = branches.list_branches()
        with Vertical():
            yield Label(_("Work on the branch:"))
            yield OptionList(*self._options(items), id="branch-list")
            yield Label(_("Enter: work on it · N: a new branch · A: its admins · Esc: keep"),
                        classes="field-hint")
        self._index = next((n for n, b in enumerate(items) if b.id == self.current), 0)

    def _options(self, items: list[BranchInfo]) -> list[Option]:
        options = []
        for b in items:
            mark = "● " if b.id == self.current else "○ "
            text = mark + b.name + (f" — {b.address}" if b.address else "")
            options.append(Option(Text(text), id=str(b.id)))  # a name is text, never markup
        return options

    def action_new_branch(self) -> None:
        def added(branch: BranchInfo | None) -> None:
            if branch is not None:
                picker = self.query_one(OptionList)
                picker.clear_options()
                picker.add_options(self._options(branches.list_branches()))
                picker.highlighted = picker.option_count - 1

        self.app.push_screen(BranchForm(), added)

    def action_branch_admins(self) -> None:
        picker = self.query_one(OptionList)
        if picker.highlighted is None:
            return
        option = picker.get_option_at_index(picker.highlighted)
        self.app.push_screen(BranchAdminsForm(int(option.id)))

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        picker.highlighted = self._index
        picker.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class BranchForm(FormModal[BranchInfo]):
    """A new branch: its name (required), address, phone and time zone (empty: the salon's)."""

    def form_title(self) -> str:
        return _("New branch")

    def compose_fields(self) -> ComposeResult:
        yield form_field("name", _("Name *"), Input(id="name"))
        yield form_field("address", _("Address"), Input(id="address"))
        yield form_field("phone", _("Phone"), Input(id="phone"))
        yield form_field("timezone", _("Time zone"), Input(id="timezone", placeholder="Asia/Vladivostok"),
                         _("Empty: the salon's time zone"))

    def submit(self) -> BranchInfo:
        return branches.add_branch(self.value("name"), self.value("address"),
                                   self.value("phone"), self.value("timezone"))


class BranchAdminsForm(FormModal[bool]):
    """The Telegram admins (Settings) who see this branch in the bot: its bookings, notices and
    figures. An admin ticked in every branch is not limited at all."""

    def __init__(self, branch_id: int) -> None:
        super().__init__()
        self.branch_id = branch_id

    def form_title(self) -> str:
        return _("Admins who see {branch}", branch=branches.get_branch(self.branch_id).name)

    def compose_fields(self) -> ComposeResult:
        choices = [
            Selection(Text(f"{admin.name or admin.telegram_id} ({admin.telegram_id})"),
                      admin.telegram_id, branches.admin_sees(admin.telegram_id, self.branch_id))
            for admin in Admin.select().order_by(Admin.telegram_id)
        ]
        yield form_field("admins", _("Admins"), SelectionList[int](*choices, id="admins"),
                         _("No admins yet: add them in Settings.") if not choices else "")

    def submit(self) -> bool:
        ticked = set(self.query_one("#admins", SelectionList).selected)
        branches.set_branch_admins(self.branch_id, ticked)
        return True
