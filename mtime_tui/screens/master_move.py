"""Move a master to another branch of a chain (Masters → M, docs/BRANCHES.md). The master's
upcoming bookings are asked about first, as any change that reaches booked clients: they go along
(the same time, clients told the new address) or the salon cancels them; between branches on
different clocks only cancelling is offered. The services of the old branch leave the master's
list (each service belongs to one branch)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..core.errors import Conflict, ValidationError
from ..core.people import branch_changes, branches
from ..core.storage.models import Booking, Master
from ..i18n import _
from .dialogs import FormModal, form_field
from .week_form import ask_outside


class MoveMasterForm(FormModal[list[Booking]]):
    """The branches the master may move to; dismisses with the bookings that went along or
    were cancelled ([] when none), None when closed."""

    submit_label = None
    AUTO_FOCUS = "OptionList"

    def __init__(self, master: Master) -> None:
        super().__init__()
        self.master = master
        self.on_bookings = branch_changes.ASK
        self.targets = [b for b in branches.list_branches() if b.id != master.branch_id]

    def form_title(self) -> str:
        return _("Move {name} to another branch", name=self.master.name)

    def compose_fields(self) -> ComposeResult:
        options = [Option(Text(b.name + (f" — {b.address}" if b.address else "")), id=str(b.id))
                   for b in self.targets]
        yield form_field(
            "branch", _("To the branch"), OptionList(*options, id="branch"),
            _("Their services here leave their list: give them the new branch's services "
              "(S). Their upcoming bookings are asked about next."))

    def on_mount(self) -> None:
        picker = self.query_one("#branch", OptionList)
        if picker.option_count:
            picker.highlighted = 0

    def chosen(self) -> int:
        picker = self.query_one("#branch", OptionList)
        if picker.highlighted is None:
            raise ValidationError("Choose the branch", field="branch")
        return int(picker.get_option_at_index(picker.highlighted).id)

    def saving(self) -> Callable[[], list[Booking]]:
        return partial(branch_changes.move_master, self.master.id, self.chosen(),
                       bookings=self.on_bookings)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()  # Enter on a branch moves there

    def on_conflict(self, err: Conflict) -> None:
        ask_outside(self, err, self._retry, allow_keep=bool(err.params.get("keep")))

    def _retry(self, choice: str) -> None:
        self.on_bookings = choice
        self.action_save()
