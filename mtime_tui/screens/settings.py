"""Settings: every salon setting in one form, saved all or nothing; admins on Telegram; a check
that the bot token works. The stored token is never put in a field: its masked form is a hint
beside an empty, password-style field, so no masked text can ever be saved as the token; a new
token typed there replaces it, and "Remove the token" (confirmed) removes it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, DataTable, Input, Select, Static

from ..core import settings, timezones
from ..core.errors import ValidationError
from ..i18n import N_, _, set_language
from ..widgets.row_table import RowTable
from .base import SectionScreen, fill_table, plain
from .bot_link import NO_TOKEN, RUNNING, checked_line
from .db_work import busy_text
from .dialogs import ConfirmModal, TextInputModal, form_field
from .timezone_picker import TimezoneModal

TEXT_FIELDS = (
    ("salon_name", N_("Salon name *"), ""),
    ("salon_address", N_("Address"), ""),
    ("salon_phone", N_("Phone"), ""),
    ("timezone", N_("Time zone *"), N_("Enter: pick the city from a list")),
    ("currency", N_("Currency *"), ""),
    ("horizon_days", N_("Booking horizon, days *"), N_("how far ahead clients may book, 1–365")),
    (
        "min_notice_minutes",
        N_("Minimum notice, minutes"),
        N_("no bookings closer to now than this, 0–10080"),
    ),
    ("reminder_hours", N_("Reminders, hours before"), N_("comma separated, e.g. 24, 2")),
    ("phone_region", N_("Phone region"), N_("two letters, for numbers typed without +, e.g. RU")),
    (
        "client_change_hours",
        N_("Clients change online until, hours"),
        N_("before the visit; later they call the salon, 0–168"),
    ),
    (
        "max_upcoming_bookings",
        N_("Upcoming bookings per client"),
        N_("the most one client may hold online, 1–100"),
    ),
    ("bot_token", N_("Bot token"), ""),
    ("bot_api_url", N_("Bot API address"), N_("Telegram's by default; a local Bot API server")),
)
# Clients on Telegram (issue 16): invitations and opting out of broadcasts.
REACH_FIELDS = (
    ("invitation_days", N_("Invitation link valid, days"), N_("single-use links for phone-only "
                                                              "clients, 1–90")),
)
# The owner's figures and no-shows (issue 15), under their own heading.
BUSINESS_FIELDS = (
    ("daily_summary_hour", N_("Summary hour"), N_("the salon's hour it is sent from, 0–23")),
    ("no_show_flag", N_("No-shows to flag a client"), N_("flagged where booked or shown, 1–100")),
)


def token_hint(current: settings.Settings) -> str:
    if not current.bot_token:
        return _("No token yet: paste the one @BotFather gave you")
    return _("Saved: {token}. Type a new one to replace it; empty keeps it",
             token=current.token_masked)


def shown(name: str, current: settings.Settings) -> str:
    if name == "bot_token":
        return ""  # typed only; the stored one is in the hint, masked
    value = getattr(current, name)
    return ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)


class SettingsScreen(SectionScreen):
    SECTION = "settings"
    # The form, not its first field: a digit pressed on arrival switches sections (as everywhere)
    # instead of replacing the salon's name; Tab goes into the fields.
    AUTO_FOCUS = "#settings-form"
    FOOTER_NARROW_HIDES = frozenset({"remove_admin"})  # 80 columns, Russian: F1 lists it
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("ctrl+b", "check_bot", N_("Check the bot")),
        Binding("ctrl+n", "add_admin", N_("Add admin")),
        Binding("ctrl+r", "remove_admin", N_("Remove admin")),
        Binding("ctrl+t", "remove_token", N_("Remove the token"), show=False),
    ]

    @dataclass
    class BotChecked(Message):
        """The answer of Telegram's getMe, from the checking thread: a bot state and the name."""

        state: str
        name: str

    def compose_body(self) -> ComposeResult:
        current = settings.load(with_env=False)
        self.stored = current
        with VerticalScroll(id="settings-form"):
            yield Static(_("Salon"), classes="section-heading")
            with Horizontal(classes="form-row"):
                for name, label, hint in TEXT_FIELDS[:3]:
                    yield self._field(name, label, hint, current)
            yield Static(_("Bookings"), classes="section-heading")
            with Horizontal(classes="form-row"):
                for name, label, hint in TEXT_FIELDS[3:6]:
                    yield self._field(name, label, hint, current)
            with Horizontal(classes="form-row"):
                for name, label, hint in TEXT_FIELDS[6:9]:
                    yield self._field(name, label, hint, current)
            with Horizontal(classes="form-row"):
                for name, label, hint in TEXT_FIELDS[9:11]:
                    yield self._field(name, label, hint, current)
            yield form_field(
                "tui_language",
                _("Language of this program"),
                Select(
                    [("Русский", "ru"), ("English", "en")],
                    value=current.tui_language,
                    allow_blank=False,
                    id="tui_language",
                ),
            )
            yield Static(_("Telegram bot"), classes="section-heading")
            with Horizontal(classes="form-row"):
                for name, label, hint in TEXT_FIELDS[11:]:
                    yield self._field(name, label, hint, current)
            yield form_field(
                "notify_admins",
                _("Notifications to admins"),
                Checkbox(
                    _("Notify admins of every new booking and cancellation"),
                    current.notify_admins,
                    id="notify_admins",
                ),
            )
            yield Static(_("Clients on Telegram"), classes="section-heading")
            with Horizontal(classes="form-row"):
                for name, label, hint in REACH_FIELDS:
                    yield self._field(name, label, hint, current)
            yield form_field(
                "opt_out_stops_notices",
                _("Opting out (/stop)"),
                Checkbox(
                    _("also stops the notices about their own bookings"),
                    current.opt_out_stops_notices,
                    id="opt_out_stops_notices",
                ),
            )
            yield Static(_("Figures and no-shows"), classes="section-heading")
            yield form_field(
                "daily_summary",
                _("End-of-day summary"),
                Checkbox(
                    _("Send the day's figures to the admins on Telegram"),
                    current.daily_summary,
                    id="daily_summary",
                ),
            )
            with Horizontal(classes="form-row"):
                for name, label, hint in BUSINESS_FIELDS:
                    yield self._field(name, label, hint, current)
            yield Static("", id="form-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Check the bot"), id="check-bot")
                yield Button(_("Remove the token"), id="remove-token")
                yield Button(_("Save"), id="save", variant="primary")
            yield Static("", id="bot-check", classes="section-hint")
            yield Static(_("Admins on Telegram (Telegram IDs)"), classes="section-heading")
            yield RowTable(id="admins-table", cursor_type="row")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Add admin…"), id="add-admin")
                yield Button(_("Remove admin"), id="remove-admin")

    def _field(self, name: str, label: str, hint: str, current: settings.Settings):
        if name == "timezone":
            self.timezone = current.timezone
            button = Button(timezones.zone_label(current.timezone, short=True), id=name)
            return form_field(name, _(label), button, _(hint))
        if name == "bot_token":
            return form_field(name, _(label), Input("", password=True, id=name),
                              token_hint(current), hint_id="token-hint")
        widget = Input(shown(name, current), id=name)
        return form_field(name, _(label), widget, _(hint) if hint else "")

    def on_mount(self) -> None:
        self.query_one("#admins-table", DataTable).add_column(_("Telegram ID"), key="id", width=20)

    def refresh_data(self) -> None:
        fill_table(self.query_one("#admins-table", DataTable),
                   [(str(admin_id), (str(admin_id),)) for admin_id in settings.admin_ids()])

    # Saving

    def changes(self) -> dict:
        """What the form says; the token only when one was typed (empty keeps the stored one)."""
        values: dict = {
            name: self.query_one(f"#{name}", Input).value
            for name, _l, _h in TEXT_FIELDS
            if name != "timezone"
        }
        values["timezone"] = self.timezone
        if not values["bot_token"].strip():
            del values["bot_token"]
        values["tui_language"] = self.query_one("#tui_language", Select).value
        values["notify_admins"] = self.query_one("#notify_admins", Checkbox).value
        values["daily_summary"] = self.query_one("#daily_summary", Checkbox).value
        for name, _label, _hint in (*REACH_FIELDS, *BUSINESS_FIELDS):
            values[name] = self.query_one(f"#{name}", Input).value
        values["opt_out_stops_notices"] = self.query_one("#opt_out_stops_notices", Checkbox).value
        return values

    def action_save(self) -> None:
        for error in self.query(".field-error").results(Static):
            error.update("")
        self.query(".field-error").remove_class("-shown")
        self.query(".form-field").remove_class("-invalid")
        values = self.changes()
        errors: list[ValidationError] = []
        for name, value in values.items():
            try:
                settings.validate(name, value)
            except ValidationError as err:
                errors.append(err)
        for err in errors:
            self.query_one(f"#error-{err.field}", Static).update(err.message())
            self.query_one(f"#error-{err.field}").add_class("-shown")
            self.query_one(f"#field-{err.field}").add_class("-invalid")
        if errors:
            self.query_one(f"#{errors[0].field}").focus()
            self.query_one("#form-error", Static).update(
                _("Nothing saved: correct the fields marked in red.")
            )
            self.query_one("#form-error").add_class("-shown")
            return
        before = self.stored
        self.query_one("#form-error", Static).update("")
        self.run_db(partial(settings.save, **values), done=lambda saved: self._saved(before, saved),
                    on_busy=self._busy, group="settings-save", exclusive=True)

    def _busy(self) -> None:
        """Said under the form while the save waits for another program (keys answered)."""
        self.query_one("#form-error", Static).update(busy_text())
        self.query_one("#form-error").add_class("-shown")

    def _saved(self, before: settings.Settings, stored: settings.Settings) -> None:
        self.query_one("#form-error", Static).update("")
        self.query_one("#form-error").remove_class("-shown")
        self.stored = stored
        self.show_token()
        refresh = getattr(self.app, "refresh_branch", None)  # the header: salon and branch
        if callable(refresh):
            refresh()
        else:
            self.app.title = self.stored.salon_name
        self.notify(_("Settings saved"), markup=False)
        if self.stored.bot_token != before.bot_token:
            self.restart_bot()
        if self.stored.tui_language != before.tui_language:
            set_language(self.stored.tui_language)
            self.app.run_worker(self.app.apply_language(), exclusive=True, group="language")

    def show_token(self) -> None:
        self.query_one("#bot_token", Input).value = ""
        self.query_one("#token-hint", Static).update(token_hint(self.stored))

    def action_remove_token(self) -> None:
        if not self.stored.bot_token:
            self.notify(_("There is no token to remove"), markup=False)
            return

        def removed(stored: settings.Settings) -> None:
            self.stored = stored
            self.show_token()
            self.notify(_("The token is removed: the bot stops"), markup=False)
            self.restart_bot()

        def answer(yes: bool | None) -> None:
            if yes:
                self.run_db(partial(settings.save, bot_token=""), done=removed,
                            group="settings-save")

        self.app.push_screen(
            ConfirmModal(
                _("Remove the bot token {token}? The bot stops until a new token is saved.",
                  token=self.stored.token_masked),
                danger=True,
            ),
            answer,
        )

    @work(thread=True, exclusive=True, group="bot")
    def restart_bot(self) -> None:
        app = self.app
        if getattr(app, "start_bot", False):
            app.bot.restart()
            app.notify(_("Bot restarted with the new token"))  # thread-safe: a message

    # Checking the token

    def action_check_bot(self) -> None:
        current = settings.load()
        if not current.bot_token:
            self.show_check(NO_TOKEN, "")
            return
        self.query_one("#bot-check", Static).update(_("Asking Telegram…"))
        self.check_bot(current.bot_token, current.bot_api_url)

    @work(thread=True, exclusive=True, group="check")
    def check_bot(self, token: str, base_url: str) -> None:
        from ..bot.telegram.token_check import check_token

        self.post_message(self.BotChecked(*check_token(token, base_url)))

    @on(BotChecked)
    def _checked(self, message: BotChecked) -> None:
        self.show_check(message.state, message.name)

    def show_check(self, state: str, name: str) -> None:
        """One clear line, as a toast and under the buttons; Today shows it too while no bot
        runs in this window."""
        line = checked_line(state, name)
        self.query_one("#bot-check", Static).update(plain(line))
        self.notify(line, severity="information" if state == RUNNING else "warning",
                    markup=False)
        link = getattr(self.app, "bot", None)
        if link is not None:
            link.checked = line

    # Admins

    def action_add_admin(self) -> None:
        def add(text: str | None) -> None:
            if text:
                self.reload(force=True)
                self.notify(_("Admin added: {id}", id=text), markup=False)

        def write(text: str) -> str:  # in the form's worker
            return str(settings.add_admin(text).telegram_id)

        self.app.push_screen(
            TextInputModal(
                _("Add an admin on Telegram"),
                _("Telegram ID"),
                placeholder="123456789",
                write=write,
            ),
            add,
        )

    def action_remove_admin(self) -> None:
        table = self.query_one("#admins-table", DataTable)
        if not table.row_count:
            return
        admin_id = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)

        def answer(yes: bool | None) -> None:
            if yes:
                self.run_db(settings.remove_admin, admin_id,
                            done=lambda _r: self.reload(force=True), group="admins")

        self.app.push_screen(
            ConfirmModal(_("Remove the admin {id}?", id=admin_id), danger=True), answer
        )

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#check-bot")
    def _check(self) -> None:
        self.action_check_bot()

    @on(Button.Pressed, "#timezone")
    def _pick_timezone(self) -> None:
        def picked(name: str | None) -> None:
            if name:
                self.timezone = name
                self.query_one("#timezone", Button).label = timezones.zone_label(name, short=True)

        self.app.push_screen(TimezoneModal(self.timezone), picked)

    @on(Button.Pressed, "#remove-token")
    def _remove_token(self) -> None:
        self.action_remove_token()

    @on(Button.Pressed, "#add-admin")
    def _add(self) -> None:
        self.action_add_admin()

    @on(Button.Pressed, "#remove-admin")
    def _remove(self) -> None:
        self.action_remove_admin()
