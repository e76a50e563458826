"""Shared modals: a confirmation listing what it affects, a form base with per-field errors, and
a one-value text prompt. Each is a `ModalScreen[T]` that dismisses with its answer; Escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea
from textual.worker import Worker

from ..core.errors import Conflict, DomainError, ValidationError
from ..i18n import N_, _
from .base import TranslatedBindings
from .db_work import DbWork, busy_text

T = TypeVar("T")


class ConfirmModal(TranslatedBindings, ModalScreen[bool]):
    """Ask yes or no about an action, listing the items it touches (e.g. bookings to cancel).

    One confirmation everywhere (issue 11, defect 4): "No", the safe choice, is focused, so an
    Enter pressed out of habit changes nothing; ← / → move between the two buttons; Y and N (and
    Esc) answer, and the dialog says so. `danger` only colours "Yes" red."""

    BINDINGS = [
        Binding("y,н", "answer(True)", N_("Yes")),
        Binding("n,т,escape", "answer(False)", N_("No")),
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
    ]

    def __init__(
        self,
        question: str,
        items: Iterable[str] = (),
        *,
        yes: str | None = None,
        no: str | None = None,
        danger: bool = False,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.items = list(items)
        self.yes_label = yes or _("Yes")
        self.no_label = no or _("No")
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(self.question, classes="dialog-question", markup=False)
            if self.items:
                with VerticalScroll(classes="dialog-items"):
                    for item in self.items:
                        yield Static(f"• {item}", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    self.yes_label, id="yes", variant="error" if self.danger else "primary"
                )
                yield Button(self.no_label, id="no")
            yield Static(
                _("Y — yes · N or Esc — no · ← → choose · Enter — the chosen one"),
                classes="section-hint dialog-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_move(self, step: int) -> None:
        buttons = list(self.query(".dialog-buttons Button").results(Button))
        focused = self.focused
        index = buttons.index(focused) if focused in buttons else 0
        buttons[max(0, min(len(buttons) - 1, index + step))].focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def form_field(
    name: str, label: str, widget: Widget, hint: str = "", *, hint_id: str | None = None
) -> Vertical:
    """A labelled field with an error line (`#error-<name>`) under it; `widget` has id `name`.
    `hint_id` names the hint so it can be updated later."""
    parts: list[Widget] = [Label(label, classes="field-label"), widget]
    if hint:
        parts.append(Static(hint, id=hint_id, classes="field-hint", markup=False))
    parts.append(Static("", id=f"error-{name}", classes="field-error", markup=False))
    return Vertical(*parts, classes="form-field", id=f"field-{name}")


class FormModal(DbWork, TranslatedBindings, ModalScreen[T], Generic[T]):
    """A form: subclasses yield fields with `form_field()` and implement `saving()` — read the
    fields (UI thread) and return the call that writes them, which runs in a worker (`run_db`:
    while another program holds the database the form says "busy, retrying" and keeps answering
    keys) — or, for a form that writes nothing, `submit()`, which returns the answer at once.
    A `ValidationError` shows its message under the field it names (or at the bottom) and keeps
    the form open; nothing is saved unless the write returns, and the form closes with its
    result. Escape while a write waits closes the form and stops the retries."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]
    AUTO_FOCUS = ".form-field Input, .form-field TextArea, .form-field SelectionList, Button"
    submit_label: str | None = None  # the button that submits ("Save" unless told otherwise)

    def form_title(self) -> str:
        return ""

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def submit(self) -> T:
        """The answer of a form that writes nothing (UI thread)."""
        raise NotImplementedError

    def saving(self) -> Callable[[], T] | None:
        """Read the fields and return the call that writes them (run in a worker); None: the
        form writes nothing and `submit()` answers."""
        return None

    def field_errors(self) -> list[ValidationError]:
        """Optional: check every field before `submit()` so all wrong ones are marked at once."""
        return []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(self.form_title(), classes="dialog-title", markup=False)
            with Vertical(classes="form-fields"):
                yield from self.compose_fields()
            yield Static("", id="form-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.submit_label or _("Save"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def value(self, name: str) -> str:
        """The text of an Input or TextArea field."""
        widget = self.query_one(f"#{name}")
        if isinstance(widget, TextArea):
            return widget.text
        return getattr(widget, "value", "")

    def clear_errors(self) -> None:
        for error in self.query(".field-error").results(Static):
            error.update("")
        self.query(".field-error").remove_class("-shown")
        self.query(".form-field").remove_class("-invalid")

    def show_field_error(self, field: str | None, message: str) -> None:
        """Put a message under its field (or at the bottom when there is no such field)."""
        target = self.query(f"#error-{field}") if field else None
        if target:
            target.first(Static).update(message)
            target.add_class("-shown")
            self.query_one(f"#field-{field}").add_class("-invalid")
            self.query_one(f"#{field}").focus()
        else:
            self.query_one("#form-error", Static).update(message)
            self.query_one("#form-error").add_class("-shown")

    _writing: Worker | None = None  # the write that waits for the database

    @property
    def writing(self) -> bool:
        """Whether a save is under way (in a worker: maybe waiting for the database)."""
        return self._writing is not None

    def action_save(self) -> None:
        if self._writing is not None:  # Save again while the write waits: one write at a time
            return
        self.clear_errors()
        errors = self.field_errors()
        for err in reversed(errors):  # the first wrong field ends up focused
            self.show_field_error(err.field, err.message())
        if errors:
            return
        try:
            write = self.saving()
            if write is None:
                self.dismiss(self.submit())
                return
        except DomainError as err:
            self._refused(err)
            return
        self._writing = self.run_db(write, done=self._written, failed=self._refused,
                                    on_busy=self._busy, group="form-save")

    def _written(self, result: T) -> None:
        self._writing = None
        self.dismiss(result)

    def _busy(self) -> None:
        self.show_field_error(None, busy_text())

    def _refused(self, err: DomainError) -> None:
        self._writing = None
        self.clear_errors()
        if isinstance(err, ValidationError):
            self.show_field_error(err.field, err.message())
        elif isinstance(err, Conflict):
            self.on_conflict(err)
        else:
            self.show_field_error(None, err.message())

    def on_conflict(self, err: Conflict) -> None:
        """A change that clashes with existing data; a form that can ask about it overrides."""
        self.show_field_error(None, err.message())

    def action_cancel(self) -> None:
        if self._writing is not None:  # the retries stop; a write already in SQLite finishes
            self._writing.cancel()
            self._writing = None
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()


class TextInputModal(FormModal[str]):
    """Ask for one text (a block reason, an admin's Telegram ID, notes); dismisses with the text,
    or None when cancelled. `check` may normalise it or raise ValidationError (UI thread, no
    database); `write` stores it and returns the text to dismiss with (in a worker)."""

    def __init__(
        self,
        title: str,
        label: str,
        *,
        value: str = "",
        placeholder: str = "",
        multiline: bool = False,
        check: Callable[[str], str] | None = None,
        write: Callable[[str], str] | None = None,
        submit: str | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.submit_label = submit
        self.title_text = title
        self.label = label
        self.initial = value
        self.placeholder = placeholder
        self.multiline = multiline
        self.check = check
        self.write = write

    def form_title(self) -> str:
        return self.title_text

    def compose_fields(self) -> ComposeResult:
        widget: Widget
        if self.multiline:
            widget = TextArea(self.initial, id="text", soft_wrap=True)
        else:
            widget = Input(self.initial, placeholder=self.placeholder, id="text")
        yield form_field("text", self.label, widget)

    def submit(self) -> str:
        return _on_text_field(self.check, self.value("text"))

    def saving(self) -> Callable[[], str] | None:
        if self.write is None:
            return None
        return partial(_on_text_field, self.write, self.value("text"))


def _on_text_field(fn: Callable[[str], str] | None, text: str) -> str:
    """`fn(text)` (the text itself without one), its ValidationError marked on the field."""
    if fn is None:
        return text
    try:
        return fn(text)
    except ValidationError as err:
        raise ValidationError(err.msgid, field="text", **err.params) from None
