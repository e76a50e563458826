"""What the bot says: booking cards and notification texts, in HTML, in the reader's language.

Every message goes out with parse_mode=HTML (the Application's default), so every piece of text a
person typed — names, service names, addresses, free messages — passes through `esc` here. The
fixed parts come from the catalog (`tr`) and may carry <b> tags of their own.
"""

from __future__ import annotations

import datetime as dt
import html
import json

from ...core.messaging import notify
from ...core.people import branches, phones, services
from ...core.settings import Settings
from ...core.storage.models import (
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    PENDING,
    Booking,
    Outbox,
)
from ...i18n import N_, tr
from ...i18n.amounts import duration_text
from . import limits

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip
STATUS_NAMES = {
    PENDING: N_("Awaiting confirmation"),
    CONFIRMED: N_("Confirmed"),
    COMPLETED: N_("Completed"),
    NO_SHOW: N_("No-show"),
    CANCELLED: N_("Cancelled"),
}

# The kinds of outbox rows (CORE_API "core.messaging.notify") and their headline.
HEADLINES = {
    "client_received": N_("📝 We have received your booking № {number}. The salon will confirm it soon."),
    "client_confirmed": N_("✅ Your booking № {number} is confirmed. See you!"),
    "client_declined": N_("😔 Sorry, the salon could not accept your booking № {number}."),
    "client_cancelled_by_salon": N_("❌ The salon has cancelled your booking № {number}."),
    "client_moved_by_salon": N_("🔁 The salon has moved your booking № {number}. The new time:"),
    "client_reminder": N_("⏰ A reminder: your visit is in {hours} h."),
    "master_new_booking": N_("🆕 New booking № {number}"),
    "master_cancelled": N_("❌ The client cancelled booking № {number}"),
    "master_moved": N_("🔁 The client moved booking № {number}. The new time:"),
    "admin_new_booking": N_("🆕 New booking № {number}"),
    "admin_cancelled": N_("❌ Booking № {number} was cancelled"),
    "master_visit_changed": N_("✏️ The services of booking № {number} have changed"),
    "master_visit_outcome": N_("❓ Did the client come? Booking № {number}"),
    "client_visit_changed": N_("✏️ The salon has changed the services of your booking № {number}:"),
    "client_branch_changed": N_("🏢 Your booking № {number} is now at another branch of the salon "
                                "(the same time and master). The address:"),
}
OUTCOME_NAMED = N_("❓ Did {client} come? Booking № {number}")
MESSAGE = "message"
CLIENT_MESSAGE = "client_message"
WAITLIST_FREE = "waitlist_free"
KINDS = (*HEADLINES, MESSAGE, CLIENT_MESSAGE, WAITLIST_FREE)
CAPTION_LIMIT = 1024
FORWARD_LIMIT = 3600  # of the client's text in a staff message: the header needs the rest


class RenderError(ValueError):
    """The row cannot be turned into a message (unknown kind, its booking is gone)."""


def esc(text: object) -> str:
    """Escape user-supplied text for parse_mode=HTML."""
    return html.escape("" if text is None else str(text), quote=False)


def format_day(day: dt.date, lang: str) -> str:
    """'Mon, 23 Nov' / 'Пн, 23 нояб.' — short enough for a button."""
    return f"{tr(WEEKDAYS[day.weekday()], lang)}, {day.day} {tr(MONTHS[day.month - 1], lang)}"


def format_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_price(price: int | None, settings: Settings) -> str:
    """'1 500 ₽', or '' when the service has no price."""
    if price is None:
        return ""
    return services.amount_text(price, settings.currency, separator="\u202f")


def status_name(status: str, lang: str) -> str:
    return tr(STATUS_NAMES.get(status, status), lang)


def hours_text(settings: Settings, lang: str, branch: int | None = None) -> str:
    """The salon's opening hours by weekday, from the active masters' weekly patterns and cycles
    (no separate setting exists): each weekday from the earliest first start to the latest last
    start of the masters who may work it ("Mon–Fri 09:30–20:00, Sat 10:00–16:00"); one branch's
    masters when `branch` is given."""
    from ...core.booking import schedule
    from ...core.booking.day_plans import schedules
    from ...core.storage.models import Master

    query = Master.select().where(Master.active == True)  # noqa: E712
    if branch is not None:
        query = query.where(Master.branch == branch)
    masters = list(query)
    week: list[tuple[int, int] | None] = [None] * 7
    for plan in schedules(masters).values():
        for day in range(7):
            hours = plan.week[day] if plan.kind == schedule.WEEK else schedule.span(plan)
            if hours is None:
                continue
            old = week[day]
            week[day] = hours if old is None else (min(old[0], hours[0]), max(old[1], hours[1]))
    if all(h is None for h in week):
        return ""
    text = schedule.week_text(schedule.Schedule(interval=60, week=tuple(week)), lang)
    return tr("Hours: {week} (the last start)", lang, week=text)


def booking_details(
    booking: Booking | dict,
    lang: str,
    settings: Settings,
    *,
    show_master: bool = True,
    show_client: bool = False,
    show_status: bool = False,
    show_address: bool = False,
) -> str:
    """The lines of a booking card (number first, then the when, who and what).

    `booking` is a Booking or its snapshot (`notify.booking_payload`: what an outbox row carries,
    so an old notification shows the booking as it was when it happened).
    """
    data = notify.booking_payload(booking) if isinstance(booking, Booking) else booking
    day = dt.date.fromisoformat(str(data["date"]))
    lines = [
        tr("№ {number}", lang, number=data["number"]),
        tr("📅 Date: {day}", lang, day=format_day(day, lang)),
        tr("🕐 Time: {time}", lang, time=format_time(int(data["start"]))),
    ]
    if show_master:
        lines.append(tr("👤 Master: {name}", lang, name=esc(data.get("master", ""))))
    lines += service_lines(data, lang)
    price = format_price(data.get("price"), settings)
    if price:
        lines.append(tr("💰 Price: {price}", lang, price=esc(price)))
    if data.get("comment"):
        lines.append(tr("💬 Wish: {comment}", lang, comment=esc(limits.clip(data["comment"], 300))))
    if show_client:
        lines.append(tr("🙋 Client: {name}", lang, name=esc(data.get("client") or "—")))
        missed = int(data.get("no_shows") or 0)
        if missed >= settings.no_show_flag:
            lines.append(tr("⚠️ Did not come {count} times before", lang, count=missed))
        if data.get("phone"):
            lines.append(tr("📞 Phone: {phone}", lang, phone=esc(phones.format_phone(data["phone"]))))
    if show_status and data.get("status"):
        lines.append(tr("Status: {status}", lang, status=status_name(data["status"], lang)))
    if show_address and data.get("master_id"):  # a chain's booking: its branch's address
        settings = branches.for_master(settings, int(data["master_id"]))
    if show_address and settings.salon_address:
        lines.append(tr("📍 Address: {address}", lang, address=esc(settings.salon_address)))
    return "\n".join(lines)


def service_lines(data: dict, lang: str) -> list[str]:
    """The visit's services: one line for one service; for several, each on its own line and
    the total duration (a snapshot from before visits has only "service")."""
    names = data.get("services")
    if not isinstance(names, list) or len(names) < 2:
        return [tr("💇 Service: {name}", lang, name=esc(data.get("service", "")))]
    lines = [tr("💇 Services:", lang), *(f"• {esc(name)}" for name in names)]
    if data.get("duration"):
        lines.append(tr("⏱ Duration: {duration}", lang,
                        duration=duration_text(int(data["duration"]), lang)))
    return lines


def payload_of(row: Outbox) -> dict:
    try:
        payload = json.loads(row.payload or "{}")
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def render_messages(row: Outbox, settings: Settings) -> list[str]:
    """The HTML texts one outbox row goes out as: one message, or — for a salon's message longer
    than a Telegram message holds (core allows 4000 characters, and the heading comes on top) —
    its parts, split between words. Raises RenderError."""
    if row.kind != MESSAGE:
        return [render_notification(row, settings)]
    text = _message_text(row)
    head = _message_head(row, settings) + "\n\n"
    room = limits.MAX_TEXT - limits.utf16_len(limits.parse_html(head)[0]) - 2
    first, *rest = limits.split_plain(text, room)
    return [head + esc(first), *(esc(part) for part in rest)]


def _message_head(row: Outbox, settings: Settings) -> str:
    """"A message from the salon", or from the master who wrote it."""
    lang, sender = _language(row), payload_of(row).get("from")
    if sender:
        return tr("✉️ {master} from {salon}:", lang, master=esc(sender),
                  salon=esc(settings.salon_name))
    return tr("✉️ A message from {salon}:", lang, salon=esc(settings.salon_name))


def _language(row: Outbox) -> str:
    return row.language if row.language in ("ru", "en") else "en"


def _message_text(row: Outbox) -> str:
    text = str(payload_of(row).get("text", "")).strip()
    if not text:
        raise RenderError("empty message")
    return text


def render_notification(row: Outbox, settings: Settings) -> str:
    """The HTML text of one outbox row in the row's language (a salon's message: whole, see
    `render_messages` for what is sent). Raises RenderError."""
    lang = _language(row)
    payload = payload_of(row)
    if row.kind == notify.ADMIN_DAILY_SUMMARY:
        from ..staff.admin_stats import daily_summary_html  # it builds on this module

        return daily_summary_html(row, settings)
    if row.kind == MESSAGE:
        return _message_head(row, settings) + "\n\n" + esc(_message_text(row))
    if row.kind == CLIENT_MESSAGE:
        return client_message_text(payload, lang)
    if row.kind == WAITLIST_FREE:
        return waitlist_text(payload, lang)
    headline = HEADLINES.get(row.kind)
    if headline is None:
        raise RenderError(f"unknown notification kind {row.kind!r}")
    data = payload
    if not {"number", "date", "start"} <= data.keys():
        booking = Booking.get_or_none(Booking.id == row.booking_id) if row.booking_id else None
        if booking is None:
            raise RenderError(f"{row.kind} without its booking")
        data = notify.booking_payload(booking, **payload)
    if data.get("master_id"):  # a chain's booking: its branch's address and phone
        settings = branches.for_master(settings, int(data["master_id"]))
    if row.kind == notify.MASTER_VISIT_OUTCOME and data.get("client"):
        headline = OUTCOME_NAMED  # "Did Anna come?" (issue 15), the name as the salon keeps it
    try:
        head = tr(headline, lang, number=data["number"], hours=data.get("hours", ""),
                  client=esc(str(data.get("client", ""))))
        to_client = row.kind.startswith("client_")
        body = booking_details(
            data,
            lang,
            settings,
            show_master=True,
            show_client=not to_client,
            show_status=row.kind.startswith("admin_"),
            show_address=to_client and row.kind != "client_declined",
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise RenderError(f"{row.kind}: bad payload ({exc})") from exc
    text = f"<b>{head}</b>\n\n{body}"
    old = _old_time(payload, lang)
    if old and row.kind in ("client_moved_by_salon", "master_moved"):
        text += "\n" + tr("(was {old})", lang, old=old)
    if to_client and row.kind in ("client_received", "client_reminder") and settings.salon_phone:
        text += "\n\n" + tr("To change the booking, use My bookings or call {phone}.", lang,
                            phone=esc(settings.salon_phone))
    return text


def waitlist_text(payload: dict, lang: str) -> str:
    """Time freed up on a date the client waits for; the buttons book it."""
    try:
        day = dt.date.fromisoformat(str(payload["date"]))
    except (KeyError, ValueError) as exc:
        raise RenderError(f"waitlist_free: bad payload ({exc})") from exc
    lines = [tr("⏳ <b>Time has freed up on {day}!</b>", lang, day=format_day(day, lang)),
             tr("💇 Service: {name}", lang, name=esc(limits.clip(payload.get("service", ""), 200)))]
    if payload.get("master"):
        lines.append(tr("👤 Master: {name}", lang, name=esc(limits.clip(payload["master"], 100))))
    lines += ["", tr("The first to press books it. Press a time:", lang)]
    return "\n".join(lines)


def client_message_text(payload: dict, lang: str, *, limit: int = FORWARD_LIMIT) -> str:
    """A client's message as staff see it: who wrote (name, phone) and what, cut to `limit`."""
    who = esc(payload.get("client") or "—")
    if payload.get("phone"):
        who += ", " + esc(phones.format_phone(payload["phone"]))
    if payload.get("branches"):  # a chain: the client's branches (none yet: nothing shown)
        who += " · 🏢 " + esc(limits.clip(", ".join(payload["branches"]), 80))
    text = limits.clip(str(payload.get("text") or ""), limit)  # UTF-16 units, as Telegram counts
    head = tr("✉️ <b>A message from the client {client}:</b>", lang, client=who)
    body = esc(text) if text else tr("(a photo)", lang)
    return f"{head}\n\n{body}"


def _old_time(payload: dict, lang: str) -> str:
    """The previous date and time of a moved booking, when the notification carries them."""
    try:
        day = dt.date.fromisoformat(str(payload["old_date"]))
        start = int(payload["old_start"])
    except (KeyError, ValueError, TypeError):
        return ""
    return f"{format_day(day, lang)} {format_time(start)}"
