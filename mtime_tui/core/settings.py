"""The salon's settings: typed, validated, stored as key/value rows (SPEC "Settings").

`load()` returns a frozen `Settings`; `save(**changes)` validates every change first and writes
nothing when any is wrong. MTIME_BOT_TOKEN and MTIME_BOT_API_URL in the environment override the
stored token and Bot API base URL (for running as a service).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..i18n import language_from_locale
from .errors import ValidationError
from .people.fields import sanitize_name
from .storage import readcache
from .storage.db import write_transaction
from .storage.models import Admin, Setting
from .storage.prepared import Prepared

TELEGRAM_API_URL = "https://api.telegram.org/bot"
# A Bot API token as @BotFather gives it: the bot's id, a colon, 35 characters (letters, digits,
# "-" and "_").
TOKEN_SHAPE = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{35}")


def machine_timezone() -> str:
    """The machine's IANA zone name (TZ, /etc/timezone, /etc/localtime), else UTC."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and _zone_exists(tz):
        return tz
    try:
        name = Path("/etc/timezone").read_text().strip()
        if _zone_exists(name):
            return name
    except OSError:
        pass
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
            if _zone_exists(name):
                return name
    except OSError:
        pass
    return "UTC"


def _zone_exists(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError):
        return False


@dataclass(frozen=True)
class Settings:
    salon_name: str = "MTime"
    salon_address: str = ""
    salon_phone: str = ""
    timezone: str = "UTC"
    currency: str = "₽"
    horizon_days: int = 14
    min_notice_minutes: int = 0
    reminder_hours: tuple[int, ...] = (24, 2)
    tui_language: str = "en"
    phone_region: str = "RU"
    bot_token: str = ""
    bot_api_url: str = TELEGRAM_API_URL
    notify_admins: bool = True
    invitation_days: int = 7  # how long an invitation link stays valid (issue 16)
    opt_out_stops_notices: bool = False  # /stop also stops the notices about own bookings
    bot_username: str = ""  # what getMe said when the bot last started: invitation links need it
    daily_summary: bool = False  # the end-of-day figures to admins on Telegram (issue 15)
    daily_summary_hour: int = 21  # from this hour of the salon's day on
    no_show_flag: int = 2  # a client with this many no-shows is flagged where booked or shown
    calendar_id: str = ""  # this salon's part of exported events' UIDs (core/reports/exports.py)
    # Booking rules (SPEC "Booking rules"); the salon is never bound by them.
    client_change_hours: int = 2  # clients cancel or move online until this many hours before
    max_upcoming_bookings: int = 3  # upcoming bookings one client may hold

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def token_masked(self) -> str:
        """The token as the TUI shows it: the bot id and the last 4 characters only."""
        if not self.bot_token:
            return ""
        head = self.bot_token.split(":", 1)[0]
        return f"{head}:…{self.bot_token[-4:]}" if ":" in self.bot_token else "…" + self.bot_token[-4:]


_KINDS = {f.name: f.type for f in fields(Settings)}  # each setting's type, as annotated


def defaults() -> Settings:
    env = os.environ
    return _defaults(env.get("TZ"), env.get("LC_ALL"), env.get("LC_MESSAGES"), env.get("LANG"))


@lru_cache(maxsize=8)
def _defaults(*environment: str | None) -> Settings:
    # Keyed by the variables they read: the machine's zone files are read once, not on every
    # load() (every bot press loads the settings).
    return Settings(timezone=machine_timezone(), tui_language=language_from_locale())


def _parse(name: str, raw: str):
    kind = _KINDS[name]
    if kind == "int":
        return int(raw)
    if kind == "bool":
        return raw in ("1", "true", "True")
    if kind == "tuple[int, ...]":
        return tuple(int(x) for x in raw.split(",") if x.strip())
    return raw


def _dump(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def load(*, with_env: bool = True) -> Settings:
    """Read every setting (defaults for the missing ones); the environment may override the bot's.

    The settings made of the stored rows are kept per state of the database (`readcache`) and
    the variables the defaults read: the bot loads them at most presses, and making them anew
    (two copies of a two-dozen-field dataclass) cost more than checking the state. A `Settings`
    is frozen, so one can be handed to every caller."""
    env = os.environ
    result = readcache.cached(_stored_settings, env.get("TZ"), env.get("LC_ALL"),
                              env.get("LC_MESSAGES"), env.get("LANG"))
    if with_env:
        override = {}
        if env.get("MTIME_BOT_TOKEN"):
            override["bot_token"] = env["MTIME_BOT_TOKEN"].strip()
        if env.get("MTIME_BOT_API_URL"):
            override["bot_api_url"] = env["MTIME_BOT_API_URL"].strip()
        if override:
            result = replace(result, **override)
    return result


def _stored_settings(*environment: str | None) -> Settings:
    """The defaults (for these variables of the environment) with the stored settings over them."""
    return replace(_defaults(*environment), **dict(_stored()))


_SETTING_ROWS = Prepared(lambda: Setting.select(Setting.key, Setting.value), 0)  # built once


def _stored() -> tuple[tuple[str, object], ...]:
    """The settings rows, parsed (read once per state of the database: every press asks)."""
    stored = []
    for row in _SETTING_ROWS():
        key, raw = row.key, row.value
        if key in _KINDS:
            try:
                stored.append((key, _parse(key, raw)))
            except ValueError:
                continue  # a hand-edited bad value falls back to the default
    return tuple(stored)


def validate(name: str, value):
    """Check and normalise one setting; raise ValidationError naming the field."""
    if name == "timezone":
        if not isinstance(value, str) or not value or not _zone_exists(value) or (
            value not in available_timezones() and value != "UTC"
        ):
            raise ValidationError("Unknown time zone: {value}", field=name, value=value)
        return value
    if name == "horizon_days":
        value = _int(name, value)
        if not 1 <= value <= 365:
            raise ValidationError("The booking horizon must be 1 to 365 days", field=name)
        return value
    if name == "min_notice_minutes":
        value = _int(name, value)
        if not 0 <= value <= 7 * 24 * 60:
            raise ValidationError("The minimum notice must be 0 to 10080 minutes", field=name)
        return value
    if name == "reminder_hours":
        if isinstance(value, str):
            try:
                value = tuple(int(x) for x in value.replace(" ", "").split(",") if x)
            except ValueError:
                raise ValidationError(
                    "Reminder hours are whole numbers separated by commas, e.g. 24, 2", field=name
                ) from None
        value = tuple(sorted(set(value), reverse=True))
        if any(not 1 <= h <= 168 for h in value):
            raise ValidationError("Each reminder must be 1 to 168 hours before the visit", field=name)
        return value
    if name == "tui_language":
        if value not in ("ru", "en"):
            raise ValidationError("The language must be ru or en", field=name)
        return value
    if name == "salon_name":
        value = str(value).strip()
        if not value:
            raise ValidationError("The salon name is required", field=name)
        if len(value) > 100:
            raise ValidationError("Too long: at most {limit} characters", field=name, limit=100)
        return value
    if name in ("salon_address", "salon_phone", "currency"):
        value = str(value).strip()
        limit = 5 if name == "currency" else 200
        if len(value) > limit:
            raise ValidationError("Too long: at most {limit} characters", field=name, limit=limit)
        if name == "currency" and not value:
            raise ValidationError("The currency is required", field=name)
        return value
    if name == "phone_region":
        import phonenumbers

        value = str(value).strip().upper()
        if value not in phonenumbers.SUPPORTED_REGIONS:
            raise ValidationError("Unknown phone region: {value}", field=name, value=value)
        return value
    if name == "bot_token":
        value = str(value).strip()
        if value and not TOKEN_SHAPE.fullmatch(value):
            # A masked token ("123:…abcd") is refused here too: saving it would lose the real one.
            raise ValidationError(
                "This does not look like a bot token: digits, a colon and 35 more characters"
                " (copy it from @BotFather)",
                field=name,
            )
        return value
    if name == "bot_api_url":
        value = str(value).strip()
        if not value.startswith(("http://", "https://")):
            raise ValidationError("The Bot API address must start with http:// or https://", field=name)
        return value
    if name == "notify_admins":
        return bool(value)
    if name == "opt_out_stops_notices":
        return bool(value)
    if name == "invitation_days":
        value = _int(name, value)
        if not 1 <= value <= 90:
            raise ValidationError("An invitation is valid 1 to 90 days", field=name)
        return value
    if name == "daily_summary":
        return bool(value)
    if name == "daily_summary_hour":
        value = _int(name, value)
        if not 0 <= value <= 23:
            raise ValidationError("The hour must be 0 to 23", field=name)
        return value
    if name == "no_show_flag":
        value = _int(name, value)
        if not 1 <= value <= 100:
            raise ValidationError("The no-show mark must be 1 to 100", field=name)
        return value
    if name == "calendar_id":
        value = str(value).strip()
        if not value.isascii() or not value.isalnum() or len(value) > 32:
            raise ValidationError("Unknown setting: {value}", field=name, value=name)
        return value
    if name == "bot_username":
        value = str(value).strip().lstrip("@")
        if len(value) > 64 or not all(c.isascii() and (c.isalnum() or c == "_") for c in value):
            raise ValidationError("Unknown setting: {value}", field=name, value=name)
        return value
    if name == "client_change_hours":
        value = _int(name, value)
        if not 0 <= value <= 168:
            raise ValidationError("Clients may change a booking until 0 to 168 hours before",
                                  field=name)
        return value
    if name == "max_upcoming_bookings":
        value = _int(name, value)
        if not 1 <= value <= 100:
            raise ValidationError("A client may hold 1 to 100 upcoming bookings", field=name)
        return value
    raise ValidationError("Unknown setting: {value}", field=name, value=name)


def _int(name: str, value) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationError("Enter a whole number", field=name) from None


def save(**changes) -> Settings:
    """Validate all changes, then write them in one transaction. Returns the new settings."""
    clean = {name: validate(name, value) for name, value in changes.items()}
    with write_transaction():
        for name, value in clean.items():
            Setting.insert(key=name, value=_dump(value)).on_conflict(
                conflict_target=[Setting.key], preserve=[Setting.value]
            ).execute()
    return load()


# Admins on Telegram (SPEC "People": admin on the phone).


_ADMIN_IDS = Prepared(lambda: Admin.select(Admin.telegram_id).order_by(Admin.telegram_id), 0)


def admin_ids() -> list[int]:
    return [a.telegram_id for a in _ADMIN_IDS()]  # every booking's notifications ask


def add_admin(telegram_id, name: str = "") -> Admin:
    tid = parse_telegram_id(telegram_id)
    if Admin.get_or_none(Admin.telegram_id == tid):
        raise ValidationError("This Telegram ID is already an admin", field="telegram_id")
    return Admin.create(telegram_id=tid, name=sanitize_name(name))


def remove_admin(telegram_id: int) -> None:
    Admin.delete().where(Admin.telegram_id == telegram_id).execute()


def parse_telegram_id(value) -> int:
    """A Telegram user ID: a positive whole number (up to 2^52)."""
    text = str(value).strip()
    # isascii: str.isdigit() also accepts "²" and other digits int() refuses.
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 2**52:
        raise ValidationError(
            "A Telegram ID is a positive whole number, e.g. 123456789", field="telegram_id"
        )
    return int(text)


def remember_bot_username(name: str) -> None:
    """The bot's @name as getMe gave it (invitation links need it); written only when new."""
    name = validate("bot_username", name or "")
    if name and load(with_env=False).bot_username != name:
        save(bot_username=name)
