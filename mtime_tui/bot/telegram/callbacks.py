"""Callback data: short, self-contained, strictly validated (at most 64 bytes, Telegram's limit).

A button carries everything its action needs — service (or a visit's services, `3.12.7`), master,
date and time it shows, or a booking number — as `<action>:<field>:<field>…`, e.g.
`bk:t:3:12:20261123:0930` or `bk:ok:3.12:0:20261123:0930`. Every action is
declared once with the kinds of its fields (names are letters, values digits, so names never
clash with values); `decode` accepts only data that matches a declared
action exactly, so random bytes, old formats and forged values come back as None and the handler
answers "this menu is out of date". Decoding proves only the shape: the handler still re-checks
everything against the database and authorises by the update's user, never by the data.

Other flows (master, admin) declare their own actions with `action(...)` at import time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ...core.booking.visits import MAX_SERVICES as MAX_SET
from .limits import MAX_CALLBACK_DATA as MAX_BYTES

MAX_ID = 2**31 - 1

# Field kinds.
ID = "id"  # a positive database id
OPT_ID = "opt"  # an id or 0 for "none / any" (decoded as None)
NUM = "num"  # a booking number (positive)
DAY = "day"  # yyyymmdd
TIME = "time"  # hhmm, decoded as minutes after midnight
FLAG = "flag"  # 0 or 1, decoded as bool
SET = "set"  # a visit's service ids in the order chosen, "3.12.7"; decoded as a tuple of ids
KINDS = (ID, OPT_ID, NUM, DAY, TIME, FLAG, SET)

_ACTION_RE = re.compile(r"^[a-z]{1,4}(:[a-z]{1,4})?$")
_INT_RE = re.compile(r"^(0|[1-9][0-9]{0,9})$")

_ACTIONS: dict[str, tuple[str, ...]] = {}
_WRITERS_OF: dict[str, tuple] = {}  # action → the writer of each of its fields (`_WRITERS`)


class CallbackError(ValueError):
    """Raised when code tries to encode data that could not be decoded back (a bug, not a user)."""


@dataclass(frozen=True)
class Callback:
    """Decoded callback data: the action and its typed values, in declaration order."""

    action: str
    values: tuple

    def __getitem__(self, index: int):
        return self.values[index]


def action(name: str, *kinds: str) -> str:
    """Declare an action and the kinds of its fields; returns the name (use it as a constant)."""
    if not _ACTION_RE.fullmatch(name):
        raise CallbackError(f"bad action name {name!r}")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise CallbackError(f"unknown field kinds {unknown}")
    if name in _ACTIONS and _ACTIONS[name] != kinds:
        raise CallbackError(f"action {name!r} declared twice with different fields")
    _ACTIONS[name] = kinds
    _WRITERS_OF[name] = tuple(_WRITERS[kind] for kind in kinds)
    _decode.cache_clear()  # an earlier press of this name decoded as None
    return name


def encode(name: str, *values) -> str:
    """Build callback data for a declared action; checks kinds and the 64-byte limit."""
    writers = _WRITERS_OF.get(name)
    if writers is None:
        raise CallbackError(f"undeclared action {name!r}")
    if len(values) != len(writers):
        raise CallbackError(f"{name!r} takes {len(writers)} values, got {len(values)}")
    fields = [write(value) for write, value in zip(writers, values, strict=True)]
    data = ":".join([name, *fields]) if fields else name
    if len(data) > MAX_BYTES:  # names are [a-z:], values digits and dots: one byte a character
        raise CallbackError(f"callback data too long: {data!r}")
    return data


def decode(data: object) -> Callback | None:
    """The callback for `data`, or None when it is not exactly what some button could carry."""
    if not isinstance(data, str):
        return None
    return _decode(data)


@lru_cache(maxsize=4096)
def _decode(data: str) -> Callback | None:
    # Cached: the press is decoded by the table of routes (`routes`), then again by its handler,
    # and a Callback is frozen, so all of them can share one answer.
    if not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    parts = data.split(":")
    for split in (2, 1):
        name = ":".join(parts[:split])
        kinds = _ACTIONS.get(name)
        if kinds is None or len(parts) - split != len(kinds):
            continue
        values = []
        for kind, raw in zip(kinds, parts[split:], strict=True):
            value = _decode_value(kind, raw)
            if value is _INVALID:
                return None
            values.append(value)
        return Callback(name, tuple(values))
    return None


def matches(*names: str):
    """A CallbackQueryHandler pattern: true for well-formed data of one of these actions."""

    def check(data: object) -> bool:
        decoded = decode(data)
        return decoded is not None and decoded.action in names

    return check


_INVALID = object()


def _id(value) -> str:
    if value.__class__ is not int and (not isinstance(value, int) or isinstance(value, bool)):
        raise CallbackError(f"bad id {value!r}")
    if not 0 < value <= MAX_ID:
        raise CallbackError(f"bad id {value!r}")
    return str(value)


def _opt_id(value) -> str:
    return "0" if value is None else _id(value)


def _day(value) -> str:
    if value.__class__ is not dt.date and (not isinstance(value, dt.date)
                                           or isinstance(value, dt.datetime)):
        raise CallbackError(f"bad date {value!r}")
    return value.isoformat().replace("-", "")  # yyyymmdd


def _time(value) -> str:
    if not isinstance(value, int) or not 0 <= value < 24 * 60:
        raise CallbackError(f"bad time {value!r}")
    return _HHMM[value]


_HHMM = tuple(f"{m // 60:02d}{m % 60:02d}" for m in range(24 * 60))  # minutes → "hhmm"


def _flag(value) -> str:
    return "1" if value else "0"


def _set(value) -> str:
    ids = (value,) if isinstance(value, int) else tuple(value)
    count = len(ids)
    if not 0 < count <= MAX_SET or (count > 1 and len(set(ids)) != count):
        raise CallbackError(f"bad service set {value!r}")
    return _id(ids[0]) if count == 1 else ".".join(map(_id, ids))


# Each kind's writer (`encode`: a screen of times writes ≈ 45 buttons' data per press).
_WRITERS = {ID: _id, OPT_ID: _opt_id, NUM: _id, DAY: _day, TIME: _time, FLAG: _flag, SET: _set}


def _decode_value(kind: str, raw: str):
    if kind in (ID, NUM, OPT_ID):
        if not _INT_RE.fullmatch(raw):
            return _INVALID
        number = int(raw)
        if number > MAX_ID or (number == 0 and kind != OPT_ID):
            return _INVALID
        return None if number == 0 else number
    if kind == DAY:
        if len(raw) != 8 or not raw.isascii() or not raw.isdigit():
            return _INVALID
        try:
            return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        except ValueError:
            return _INVALID
    if kind == TIME:
        if len(raw) != 4 or not raw.isascii() or not raw.isdigit():
            return _INVALID
        hours, minutes = int(raw[:2]), int(raw[2:])
        if hours > 23 or minutes > 59:
            return _INVALID
        return hours * 60 + minutes
    if kind == FLAG:
        return {"0": False, "1": True}.get(raw, _INVALID)
    if kind == SET:
        # A single id reads as before ("bk:m:12:0" from a keyboard sent before visits is (12,)).
        parts = raw.split(".")
        ids = tuple(_decode_value(ID, part) for part in parts)
        if len(ids) > MAX_SET or _INVALID in ids or len(set(ids)) != len(ids):
            return _INVALID
        return ids
    return _INVALID


# ---- The client's actions -------------------------------------------------------------------
MENU = action("mn")  # the main menu
BOOK = action("bk")  # start booking: the services
ABOUT = action("ab")  # about the salon
MY = action("my")  # my bookings
SERVICES_PAGE = action("bk:sp", NUM)  # more services: page 1, 2 … (page 0 is bk)
SERVICE = action("bk:s", ID)  # a service picked: its description and masters
# A visit's services, the set as the client sees it ticked (issue 13): every button from here on
# carries the whole set, so an old keyboard books no set but the one it shows.
TICK = action("bk:x", SET)  # the services with these ticked and their running total
TICK_PAGE = action("bk:xp", SET, NUM)  # … another page of them (page 0 is bk:x)
TICK_FULL = action("bk:xf", SET)  # a tick past the limit: only a notice
VISIT = action("bk:v", SET)  # Next: the visit's services and the masters who do them all
MASTERS_PAGE = action("bk:mp", SET, NUM)  # more masters of the service(s) (page 0: bk:s / bk:v)
MASTER = action("bk:m", SET, OPT_ID)  # services, master (0 = any): the dates
DATE = action("bk:d", SET, OPT_ID, DAY)  # … and a date: the times
DATES_PAGE = action("bk:dp", SET, OPT_ID, NUM)  # … more dates: page 1, 2 … (page 0 is bk:m)
TIMES_PAGE = action("bk:tp", SET, OPT_ID, DAY, NUM)  # … more times (page 0 is bk:d)
TIME_PICK = action("bk:t", SET, OPT_ID, DAY, TIME)  # … and a time: contact details or review
KEEP_NAME = action("bk:n", SET, OPT_ID, DAY, TIME)  # keep the Telegram name: the review
CONFIRM = action("bk:ok", SET, OPT_ID, DAY, TIME)  # Book
WISH = action("bk:w", SET, OPT_ID, DAY, TIME)  # a wish for the master (optional), then the review

MY_PAGE = action("my:p", NUM)  # more of my bookings (page 0 is my)
MY_CARD = action("my:v", NUM)  # one of my bookings
MY_CANCEL = action("my:c", NUM)  # ask to confirm the cancellation
MY_CANCEL_YES = action("my:cy", NUM)  # cancel it
MY_MOVE = action("my:r", NUM)  # reschedule: the dates
MY_MOVE_DATE = action("my:rd", NUM, DAY)  # … the times of that date
MY_MOVE_DATES_PAGE = action("my:rdp", NUM, NUM)  # more dates (page 0 is my:r)
MY_MOVE_TIMES_PAGE = action("my:rtp", NUM, DAY, NUM)  # more times (page 0 is my:rd)
MY_MOVE_TIME = action("my:rt", NUM, DAY, TIME)  # … confirm the new time
MY_MOVE_YES = action("my:ry", NUM, DAY, TIME)  # move it

# ---- The master's answer to a new booking (the staff flow handles the presses) ---------------
MASTER_CONFIRM = action("m:c", NUM)
MASTER_DECLINE = action("m:d", NUM)

# ---- Conversations with the salon (bot/client/conversations.py) ------------------------------------
WRITE_SALON = action("cv")  # the client: write to the salon
REPLY_CLIENT = action("cv:r", ID)  # staff: reply to this client
UNSUBSCRIBE = action("bc:u")
# ---- The waitlist for a full day (bot/client/waitlist.py) ------------------------------------------
WL_FULL = action("wl:f", SET, OPT_ID)  # the full dates of this choice
WL_JOIN = action("wl:j", SET, OPT_ID, DAY)  # join that date's waitlist
WL_BOOK = action("wl:b", ID, TIME)  # "Book HH:MM" under a freed-time message: entry, start
WL_VIEW = action("wl:v", ID)  # one of my waitlists
WL_LEAVE = action("wl:l", ID)  # leave it  # under a broadcast: no more broadcasts
