"""Building the bot's Application: settings → token, Bot API address, timeouts, handlers.

Every flow is one module with one `register(app)`; `FLOWS` lists them in the order their handlers
must be tried. The common handlers (anything no flow recognised → "this menu is out of date",
typed input dispatch, the error handler) come last, in `dialogue.register`.
"""

from __future__ import annotations

from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults

from ..core.settings import Settings
from . import admin, client, dialogue, master, master_booking, master_time, my_bookings, staff

# (register function) per flow; the staff flows add theirs here, before the common catch-alls.
FLOWS = (
    staff.register,  # its /start for staff runs in an earlier group and stops the client's
    master.register,
    master_time.register,
    master_booking.register,
    admin.register,
    client.register,
    my_bookings.register,
)


def file_url(base_url: str) -> str:
    """The Bot API file address beside `base_url` (…/bot → …/file/bot), as Telegram lays it out."""
    base = base_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return base + "/file"


def build_application(
    settings: Settings,
    *,
    connect_timeout: float = 5.0,
    read_timeout: float = 10.0,
) -> Application:
    """The Application for `settings` (which must carry a token), with every handler registered."""
    app = (
        ApplicationBuilder()
        .token(settings.bot_token)
        .base_url(settings.bot_api_url)
        .base_file_url(file_url(settings.bot_api_url))
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .connect_timeout(connect_timeout)
        .read_timeout(read_timeout)
        .write_timeout(read_timeout)
        .pool_timeout(connect_timeout)
        .get_updates_connect_timeout(connect_timeout)
        .get_updates_read_timeout(read_timeout)
        .get_updates_pool_timeout(connect_timeout)
        .build()
    )
    register_handlers(app)
    return app


def register_handlers(app: Application) -> None:
    for register in FLOWS:
        register(app)
    dialogue.register(app)
