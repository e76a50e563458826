"""The branch picker of a chain (docs/BRANCHES.md): the TUI works on one branch at a time, shown
in the header; Ctrl+B (or the command palette) opens this list, and the choice is remembered for
this seat (`core.seat`). A single-branch salon never sees it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from ..core.errors import DomainError
from ..core.people import branch_changes, branches
from ..core.people.branches import BranchInfo
from ..core.storage.models import DEFAULT_BRANCH, Admin
from ..i18n import N_, _
from .base import TranslatedBindings
from .db_work import DbWork
from .dialogs import ConfirmModal, FormModal, form_field


def seat_branch(app: object) -> int:
    """The branch new masters and services go into: the seat's, or the only one."""
    return getattr(app, "branch", None) or DEFAULT_BRANCH


class BranchPicker(DbWork, TranslatedBindings, ModalScreen[int | None]):
    """Every branch with its address; Enter picks, Escape keeps the one shown. N adds a branch,
    E edits the highlighted one, D deletes it (refused, saying what to do, while it still has
    masters), A says which admins see it."""

    BINDINGS = [Binding("escape", "dismiss_none", N_("Cancel")),
                Binding("n", "new_branch", N_("New branch")),
                Binding("e", "edit_branch", N_("Edit the branch")),
                Binding("d", "delete_branch", N_("Delete the branch")),
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
            yield Label(_("Enter: work on it · N: a new branch · E: edit · D: delete · "
                          "A: its admins · Esc: keep"), classes="field-hint")
        self._index = next((n for n, b in enumerate(items) if b.id == self.current), 0)

    def _options(self, items: list[BranchInfo]) -> list[Option]:
        options = []
        for b in items:
            mark = "● " if b.id == self.current else "○ "
            text = mark + b.name + (f" — {b.address}" if b.address else "")
            options.append(Option(Text(text), id=str(b.id)))  # a name is text, never markup
        return options

    def _relist(self, highlight: int | None = None) -> None:
        picker = self.query_one(OptionList)
        items = branches.list_branches()
        picker.clear_options()
        picker.add_options(self._options(items))
        at = next((n for n, b in enumerate(items) if b.id == highlight), None)
        picker.highlighted = at if at is not None else min(self._index, len(items) - 1)

    def _highlighted(self) -> int | None:
        picker = self.query_one(OptionList)
        if picker.highlighted is None:
            return None
        return int(picker.get_option_at_index(picker.highlighted).id)

    def action_new_branch(self) -> None:
        def added(branch: BranchInfo | None) -> None:
            if branch is not None:
                self._relist(branch.id)

        self.app.push_screen(BranchForm(), added)

    def action_edit_branch(self) -> None:
        branch_id = self._highlighted()
        if branch_id is None:
            return

        def saved(branch: BranchInfo | None) -> None:
            if branch is not None:
                self._relist(branch.id)
                self.notify(_("Saved: {name}", name=branch.name), markup=False)

        self.app.push_screen(BranchForm(branch_id), saved)

    def action_delete_branch(self) -> None:
        branch_id = self._highlighted()
        if branch_id is None:
            return
        name = branches.get_branch(branch_id).name

        def refused(err: DomainError) -> None:
            self.notify(err.message(), title=_("Not deleted"), severity="error", timeout=15,
                        markup=False)

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_db(branch_changes.delete_branch, branch_id, done=deleted,
                            failed=refused, group="branch")

        def deleted(done: branch_changes.Deleted) -> None:
            text = _("Branch {name} deleted", name=done.name)
            if done.services_kept:
                text += " · " + _("{count} of its services that past visits name are kept, "
                                  "blocked, in the main branch", count=done.services_kept)
            self.notify(text, markup=False)
            if not branches.is_chain():
                self.dismiss(None)  # one branch left: the salon sees no branch any more
                return
            self._relist(self.current)

        def checked(_none: object) -> None:
            self.app.push_screen(ConfirmModal(
                _("Delete the branch {name}? Its services go with it; the clients stay the "
                  "salon's.", name=name), yes=_("Delete"), no=_("Keep it"), danger=True), answered)

        self.run_db(branch_changes.check_delete, branch_id, done=checked, failed=refused,
                    group="branch")

    def action_branch_admins(self) -> None:
        branch_id = self._highlighted()
        if branch_id is not None:
            self.app.push_screen(BranchAdminsForm(branch_id))

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
    """A new branch, or one to edit: its name (required but for the main branch's), address,
    phone and time zone (empty: the salon's own from Settings)."""

    def __init__(self, branch_id: int | None = None) -> None:
        super().__init__()
        self.branch_id = branch_id
        self.fields = branches.own_fields(branch_id) if branch_id is not None else {}

    def form_title(self) -> str:
        if self.branch_id is None:
            return _("New branch")
        return _("Branch {name}", name=branches.get_branch(self.branch_id).name)

    def compose_fields(self) -> ComposeResult:
        main = self.branch_id == DEFAULT_BRANCH
        got = self.fields.get
        yield form_field("name", _("Name") if main else _("Name *"),
                         Input(got("name", ""), id="name"),
                         _("Empty: the salon's name") if main else "")
        yield form_field("address", _("Address"), Input(got("address", ""), id="address"))
        yield form_field("phone", _("Phone"), Input(got("phone", ""), id="phone"))
        yield form_field("timezone", _("Time zone"),
                         Input(got("timezone", ""), id="timezone", placeholder="Asia/Vladivostok"),
                         _("Empty: the salon's time zone"))

    def saving(self) -> Callable[[], BranchInfo]:
        values = {name: self.value(name) for name in ("name", "address", "phone", "timezone")}
        if self.branch_id is None:
            return partial(branches.add_branch, **values)
        return partial(branches.update_branch, self.branch_id, **values)


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

    def saving(self) -> Callable[[], bool]:
        ticked = set(self.query_one("#admins", SelectionList).selected)
        return lambda: branches.set_branch_admins(self.branch_id, ticked) or True
