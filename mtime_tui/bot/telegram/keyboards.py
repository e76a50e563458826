"""Inline and reply keyboards. Each button's data is built by `callbacks.encode`, so it carries
everything its action needs and nothing the handler would trust without re-checking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    TelegramObject,
)

from ...core.booking import visits
from ...core.settings import Settings
from ...core.storage.models import Booking, Master, Service
from ...i18n import tr
from . import callbacks as cb
from . import limits
from .texts import format_day, format_price, format_time

_PLAIN = ("text", "url", "callback_data")  # what the bot's own buttons carry
_OTHER = tuple(name for name in InlineKeyboardButton.__slots__ if name not in _PLAIN)


def _slot_setters(made: InlineKeyboardButton) -> tuple:
    """(slot's setter, value) for every slot of a button PTB `made`, but those `key` sets."""
    return tuple((cls.__dict__[name].__set__, getattr(made, name))
                 for cls in InlineKeyboardButton.__mro__
                 for name in cls.__dict__.get("__slots__", ())
                 if name not in ("text", "callback_data", "url", "_id_attrs"))


# How `key` makes an `InlineKeyboardButton` without PTB's `__init__`: every slot set as in a
# button PTB made once (so a field a newer PTB adds is set as PTB sets it), then the text, the
# callback data and the link, in their slots and where PTB's equality reads them. A key made so
# shares that button's (empty) `api_kwargs`, which marks it as plain for `Markup.to_dict`.
_TEMPLATE = InlineKeyboardButton("\x00text", url="\x00url", callback_data="\x00data")
_SETTERS = _slot_setters(_TEMPLATE)
_SET_TEXT = InlineKeyboardButton.__dict__["text"].__set__
_SET_DATA = InlineKeyboardButton.__dict__["callback_data"].__set__
_SET_URL = InlineKeyboardButton.__dict__["url"].__set__
_SET_IDS = TelegramObject.__dict__["_id_attrs"].__set__
_ID_ATTRS = list(_TEMPLATE._id_attrs)  # PTB's equality: (text, url, …, callback_data, …)
_AT = tuple(_ID_ATTRS.index(v) if v in _ID_ATTRS else None
            for v in ("\x00text", "\x00url", "\x00data"))
_PLAIN_MARK = _TEMPLATE.api_kwargs


def key(text: str, callback_data: str | None = None, url: str | None = None
        ) -> InlineKeyboardButton:
    """`InlineKeyboardButton(text, url=url, callback_data=callback_data)`, equal to it in every
    way (frozen, compared and hashed alike, the same `to_dict`), made in ≈ 1 µs instead of ≈ 5:
    a screen of times has 40–45 buttons, and PTB's `__init__` (a guarded `__setattr__` per
    field) was the largest part of building it (docs/PERFORMANCE.md, issue 17, third pass)."""
    if None in _AT:  # a PTB that compares buttons otherwise: its own __init__, always
        return InlineKeyboardButton(text, url=url, callback_data=callback_data)
    made = object.__new__(InlineKeyboardButton)
    for setter, value in _SETTERS:
        setter(made, value)
    _SET_TEXT(made, text)
    _SET_DATA(made, callback_data)
    _SET_URL(made, url)
    ids = _ID_ATTRS.copy()
    at_text, at_url, at_data = _AT
    ids[at_text], ids[at_url], ids[at_data] = text, url, callback_data
    _SET_IDS(made, tuple(ids))
    return made


def _plain_dict(key: object) -> dict | None:
    """A button's dict for Telegram when it is text with callback data or a link (else None)."""
    if key.api_kwargs is _PLAIN_MARK and type(key) is InlineKeyboardButton:  # made by `key`
        plain = {"text": key.text}
    elif (type(key) is not InlineKeyboardButton or key.api_kwargs
            or not isinstance(key.callback_data, str | None)
            or any(getattr(key, name) is not None for name in _OTHER)):
        return None
    else:
        plain = {"text": key.text}
    if key.url is not None:
        plain["url"] = key.url
    if key.callback_data is not None:
        plain["callback_data"] = key.callback_data
    return plain


class Markup(InlineKeyboardMarkup):
    """An inline keyboard whose JSON for Telegram is written straight from its buttons.

    python-telegram-bot turns every keyboard it sends back into a dict through its generic
    `to_dict`, which walks every attribute of every button: ≈ 20 µs a button, close to a
    millisecond for a screen of times (docs/PERFORMANCE.md, issue 17). The bot's buttons are
    text with callback data or a link; those are written here directly, and any other button
    (a web app, a login URL, …) still goes through PTB's own `to_dict`. The result is the same
    dict (tests/bot/test_keyboards_json.py).

    Made from lists of buttons (as `markup` makes it), it skips PTB's check that each row is a
    sequence (an `isinstance` against an abstract class per button); anything else is checked
    by PTB as before."""

    __slots__ = ()

    def __init__(self, inline_keyboard, *, api_kwargs=None) -> None:
        if (api_kwargs is not None or type(inline_keyboard) is not list
                or any(type(row) is not list for row in inline_keyboard)
                or not all(type(k) is InlineKeyboardButton for row in inline_keyboard
                           for k in row)):
            super().__init__(inline_keyboard, api_kwargs=api_kwargs)
            return
        TelegramObject.__init__(self)
        self.inline_keyboard = tuple(tuple(row) for row in inline_keyboard)
        self._id_attrs = (self.inline_keyboard,)
        self._freeze()

    def to_dict(self, recursive: bool = True) -> dict:
        if self.api_kwargs or not self.inline_keyboard:  # PTB's own way with the odd cases
            return super().to_dict(recursive)
        rows = []
        for row in self.inline_keyboard:
            line = []
            for key in row:
                plain = _plain_dict(key)
                line.append(key.to_dict(recursive) if plain is None else plain)
            rows.append(line)
        return {"inline_keyboard": rows}


def button(text: str, action: str, *values) -> InlineKeyboardButton:
    return key(text, cb.encode(action, *values))


def rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


DATES_PER_PAGE = 21  # 7 rows of 3: Telegram shows at most 100 buttons, and people less
TIMES_PER_PAGE = 40  # 10 rows of 4
SERVICES_PER_PAGE = 20  # a row each: the service and its tick box (40 buttons)
MASTERS_PER_PAGE = 10  # one a row; the service screen tells about each master of the page
BOOKINGS_PER_PAGE = 20


def page_slice(items: Sequence, page: int, size: int) -> tuple[Sequence, int, bool]:
    """The items of `page` (clamped to the last one), the page shown, and whether more follow."""
    last = max((len(items) - 1) // size, 0)
    page = min(max(page, 0), last)
    return items[page * size : (page + 1) * size], page, page < last


def page_note(lang: str, page: int, count: int, size: int) -> str:
    """" (page 2 of 6)" under a list that has more than one page, else nothing."""
    pages = max(1, -(-count // size))
    if pages == 1:
        return ""
    return " " + tr("(page {page} of {pages})", lang, page=min(max(page, 0), pages - 1) + 1,
                    pages=pages)


def pager(lang: str, page: int, more: bool, first: tuple, paged: tuple) -> list:
    """◀️ / ▶️ between pages: page 0 is the plain `first` action, page n is `paged` + (n,)."""
    row = []
    if page > 0:
        target = first if page == 1 else (*paged, page - 1)
        row.append(button(tr("◀️ Earlier", lang), *target))
    if more:
        row.append(button(tr("Later ▶️", lang), *paged, page + 1))
    return row


def markup(*lines: Iterable[InlineKeyboardButton]) -> Markup:
    return Markup([list(line) for line in lines if line])


def main_menu(lang: str) -> InlineKeyboardMarkup:
    return markup(
        [button(tr("📝 Book", lang), cb.BOOK)],
        [button(tr("📋 My bookings", lang), cb.MY)],
        [button(tr("ℹ️ About the salon", lang), cb.ABOUT)],
    )


def to_menu(lang: str) -> InlineKeyboardMarkup:
    return markup([button(tr("🏠 Main menu", lang), cb.MENU)])


def after_booking(lang: str) -> InlineKeyboardMarkup:
    return markup(
        [button(tr("📋 My bookings", lang), cb.MY)],
        [button(tr("🏠 Main menu", lang), cb.MENU)],
    )


def back(lang: str, action: str, *values) -> InlineKeyboardButton:
    return button(tr("⬅️ Back", lang), action, *values)


# ---- Booking ---------------------------------------------------------------------------------


TICK = "☐"
TICKED = "☑️"


def service_label(service: Service, settings: Settings) -> str:
    """"Haircut — 1 500 ₽": the name clipped to fit a button, the price always whole."""
    price = format_price(service.price, settings)
    if not price:
        return limits.label(service.name)
    return f"{limits.clip(' '.join(service.name.split()), limits.MAX_BUTTON_LABEL - len(price) - 3)}" \
        f" — {price}"


def paged_rows(
    buttons: Sequence[InlineKeyboardButton], page: int, size: int, lang: str, first: tuple,
    paged: tuple,
) -> list[list[InlineKeyboardButton]]:
    """One button a row for the items of `page`, then ◀️ / ▶️ (see `pager`) when there are more."""
    shown, page, more = page_slice(buttons, page, size)
    return [*([b] for b in shown), pager(lang, page, more, first, paged)]


def tick_rows(
    items: Sequence[Service],
    settings: Settings,
    chosen: tuple[int, ...],
    *,
    one: Callable[[Service], tuple],
    toggle: Callable[[tuple[int, ...]], tuple],
    full: tuple,
) -> list[list[InlineKeyboardButton]]:
    """A row per service: its name and a tick box. Nothing ticked: the name is `one(service)`
    (one tap books that service, as before) and ☐ starts a visit of several. Something ticked:
    both buttons tick or untick — `toggle(new set)` — and past the limit lead to `full` (a
    notice, nothing changes). Every button carries the set it makes."""
    lines = []
    for service in items:
        ticked = service.id in chosen
        if ticked:
            target = toggle(tuple(i for i in chosen if i != service.id))
        elif len(chosen) >= cb.MAX_SET:
            target = full
        else:
            target = toggle((*chosen, service.id))
        label = service_label(service, settings)
        name = button(f"{TICKED} {label}" if ticked else label, *(target if chosen else one(service)))
        lines.append([name, button(TICKED if ticked else TICK, *target)])
    return lines


def services(
    items: Sequence[Service],
    lang: str,
    settings: Settings,
    page: int = 0,
    chosen: tuple[int, ...] = (),
    extra: Sequence[InlineKeyboardButton] = (),
) -> InlineKeyboardMarkup:
    """The client's services with tick boxes (`tick_rows`), a page at a time, Next when ticked;
    `extra` is a row above Back (a chain's "🏢 Another branch")."""
    shown, page, more = page_slice(items, page, SERVICES_PER_PAGE)

    def toggle(ids: tuple[int, ...]) -> tuple:
        if not ids:
            return (cb.BOOK,) if page == 0 else (cb.SERVICES_PAGE, page)
        return (cb.TICK, ids) if page == 0 else (cb.TICK_PAGE, ids, page)

    lines = tick_rows(shown, settings, chosen, one=lambda svc: (cb.SERVICE, svc.id),
                      toggle=toggle, full=(cb.TICK_FULL, chosen))
    if chosen:
        nav = pager(lang, page, more, (cb.TICK, chosen), (cb.TICK_PAGE, chosen))
    else:
        nav = pager(lang, page, more, (cb.BOOK,), (cb.SERVICES_PAGE,))
    next_row = [button(tr("Next ▶️", lang), *next_step(chosen))] if chosen else []
    return markup(*lines, nav, next_row, extra, [back(lang, cb.MENU)])


def next_step(chosen: tuple[int, ...]) -> tuple:
    """Next from the ticked set: one service is that service's screen, several the visit's."""
    return (cb.SERVICE, chosen[0]) if len(chosen) == 1 else (cb.VISIT, chosen)


def back_to_masters(lang: str, service_ids: tuple[int, ...]) -> InlineKeyboardButton:
    """Back from the dates: the service's (or the visit's) masters."""
    return back(lang, *next_step(tuple(service_ids)))


def masters(
    service_ids: int | tuple[int, ...], items: Sequence[Master], lang: str, page: int = 0,
    back_to: tuple | None = None,
) -> InlineKeyboardMarkup:
    """Any master, then a page of the masters of the service — or of a visit's services (each
    button carries the set); Back to `back_to` (default: the services)."""
    ids = (service_ids,) if isinstance(service_ids, int) else tuple(service_ids)
    buttons = [button(limits.label(m.name), cb.MASTER, ids, m.id) for m in items]
    rows = paged_rows(buttons, page, MASTERS_PER_PAGE, lang, next_step(ids),
                      (cb.MASTERS_PAGE, ids))
    any_master = [button(tr("👥 Any master", lang), cb.MASTER, ids, None)]
    return markup(any_master, *rows, [back(lang, *(back_to or (cb.BOOK,)))])


def dates(
    service_ids: tuple[int, ...], master_id: int | None, days: Sequence[dt.date], lang: str,
    page: int = 0,
) -> InlineKeyboardMarkup:
    shown, page, more = page_slice(days, page, DATES_PER_PAGE)
    buttons = [button(format_day(d, lang), cb.DATE, service_ids, master_id, d) for d in shown]
    nav = pager(lang, page, more, (cb.MASTER, service_ids, master_id),
                (cb.DATES_PAGE, service_ids, master_id))
    return markup(*rows(buttons, 3), nav, [back_to_masters(lang, service_ids)])


def times(
    service_ids: tuple[int, ...],
    master_id: int | None,
    day: dt.date,
    starts: Sequence[int],
    lang: str,
    page: int = 0,
) -> InlineKeyboardMarkup:
    shown, page, more = page_slice(starts, page, TIMES_PER_PAGE)
    buttons = [
        button(format_time(t), cb.TIME_PICK, service_ids, master_id, day, t) for t in shown
    ]
    nav = pager(lang, page, more, (cb.DATE, service_ids, master_id, day),
                (cb.TIMES_PAGE, service_ids, master_id, day))
    return markup(*rows(buttons, 4), nav, [back(lang, cb.MASTER, service_ids, master_id)])


def keep_name(
    name: str, service_ids: tuple[int, ...], master_id: int | None, day: dt.date, start: int,
    lang: str,
) -> InlineKeyboardMarkup:
    return markup(
        [button(tr("✅ Keep “{name}”", lang, name=limits.clip(name, 40)), cb.KEEP_NAME,
                service_ids, master_id, day, start)],
        [back(lang, cb.DATE, service_ids, master_id, day)],
    )


def review(
    service_ids: tuple[int, ...], master_id: int | None, day: dt.date, start: int, lang: str
) -> InlineKeyboardMarkup:
    return markup(
        [button(tr("✅ Book", lang), cb.CONFIRM, service_ids, master_id, day, start)],
        [button(tr("💬 A wish for the master?", lang), cb.WISH, service_ids, master_id, day,
                start)],
        [back(lang, cb.DATE, service_ids, master_id, day)],
    )


def share_contact(lang: str) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(tr("📱 Share my phone number", lang), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def no_reply_keyboard() -> ReplyKeyboardRemove:
    return ReplyKeyboardRemove()


# ---- My bookings -----------------------------------------------------------------------------


def my_bookings(items: Sequence[Booking], lang: str, page: int = 0) -> InlineKeyboardMarkup:
    buttons = [
        button(f"{format_day(b.date, lang)} {format_time(b.start)} · "
               f"{limits.clip(visits.title(b), 28)}", cb.MY_CARD, b.number)
        for b in items
    ]
    rows = paged_rows(buttons, page, BOOKINGS_PER_PAGE, lang, (cb.MY,), (cb.MY_PAGE,))
    return markup(*rows, [button(tr("🏠 Main menu", lang), cb.MENU)])


def my_card(number: int, lang: str, *, changeable: bool = True) -> InlineKeyboardMarkup:
    """The client's booking card: Reschedule and Cancel while the online window is open."""
    if not changeable:
        return markup([back(lang, cb.MY)])
    return markup(
        [button(tr("🔁 Reschedule", lang), cb.MY_MOVE, number)],
        [button(tr("❌ Cancel the booking", lang), cb.MY_CANCEL, number)],
        [back(lang, cb.MY)],
    )


def cancel_confirm(number: int, lang: str) -> InlineKeyboardMarkup:
    return markup(
        [button(tr("Yes, cancel it", lang), cb.MY_CANCEL_YES, number)],
        [button(tr("No, keep it", lang), cb.MY_CARD, number)],
    )


def move_dates(
    number: int, days: Sequence[dt.date], lang: str, page: int = 0
) -> InlineKeyboardMarkup:
    shown, page, more = page_slice(days, page, DATES_PER_PAGE)
    buttons = [button(format_day(d, lang), cb.MY_MOVE_DATE, number, d) for d in shown]
    nav = pager(lang, page, more, (cb.MY_MOVE, number), (cb.MY_MOVE_DATES_PAGE, number))
    return markup(*rows(buttons, 3), nav, [back(lang, cb.MY_CARD, number)])


def move_times(
    number: int, day: dt.date, starts: Sequence[int], lang: str, page: int = 0
) -> InlineKeyboardMarkup:
    shown, page, more = page_slice(starts, page, TIMES_PER_PAGE)
    buttons = [button(format_time(t), cb.MY_MOVE_TIME, number, day, t) for t in shown]
    nav = pager(lang, page, more, (cb.MY_MOVE_DATE, number, day),
                (cb.MY_MOVE_TIMES_PAGE, number, day))
    return markup(*rows(buttons, 4), nav, [back(lang, cb.MY_MOVE, number)])


def move_confirm(number: int, day: dt.date, start: int, lang: str) -> InlineKeyboardMarkup:
    return markup(
        [button(tr("✅ Move it", lang), cb.MY_MOVE_YES, number, day, start)],
        [back(lang, cb.MY_MOVE_DATE, number, day)],
    )


# ---- The master's answer to a new booking ----------------------------------------------------


def master_answer(number: int, lang: str) -> InlineKeyboardMarkup:
    return markup(
        [
            button(tr("✅ Confirm", lang), cb.MASTER_CONFIRM, number),
            button(tr("❌ Decline", lang), cb.MASTER_DECLINE, number),
        ]
    )


# ---- Conversations ---------------------------------------------------------------------------


def write_to_salon(lang: str) -> InlineKeyboardMarkup:
    return markup([button(tr("✉️ Write to the salon", lang), cb.WRITE_SALON)])


def reply_to_client(client_id: int, lang: str) -> InlineKeyboardMarkup:
    return markup([button(tr("↩️ Reply", lang), cb.REPLY_CLIENT, client_id)])


# ---- The waitlist ----------------------------------------------------------------------------


def waitlist_button(service_ids, master_id: int | None, lang: str) -> InlineKeyboardButton:
    return button(tr("⏳ A full day? Join its waitlist", lang), cb.WL_FULL, tuple(service_ids),
                  master_id)


def waitlist_offer(entry_id: int, starts: Sequence[int], lang: str) -> InlineKeyboardMarkup:
    buttons = [button(tr("Book {time}", lang, time=format_time(t)), cb.WL_BOOK, entry_id, t)
               for t in starts]
    return markup(*rows(buttons, 2), [button(tr("Leave the waitlist", lang), cb.WL_LEAVE,
                                             entry_id)])
