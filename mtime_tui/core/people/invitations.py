"""Invitations for clients known only by phone (SPEC "Clients", issue 16).

The salon makes a link `https://t.me/<bot>?start=<token>` bound to one client and sends it by
hand (SMS, WhatsApp, a QR code at the desk). Whoever opens it and presses Start in Telegram is
bound to that client: their bookings, reminders and messages reach that Telegram user from then
on. A token is single-use, expires after `invitation_days` (setting, default 7), and never moves
a client who already has another Telegram ID. A Telegram user who had already written to the bot
(a client row of their own, without a phone) joins the invited client, bookings and all, as a
shared phone does (`clients.set_phone`).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from .. import clock
from .. import settings as settings_mod
from ..errors import NotAllowed
from ..storage.db import write_transaction
from ..storage.models import Client, Invitation
from .clients import get_client, merge_into
from .fields import sanitize_name

TOKEN_BYTES = 9  # 12 URL-safe characters (72 bits): unguessable, and the QR code stays small
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")  # what Telegram allows in a start parameter

# Outcomes of `redeem`.
BOUND = "bound"  # the user is now this client
ALREADY = "already"  # the user was already this client (a second Start with the same link)
FORGED = "forged"  # no such invitation (a typo, made up)
EXPIRED = "expired"
USED = "used"  # somebody else used it first
TAKEN = "taken"  # the client has another Telegram ID meanwhile
OTHER_CLIENT = "other_client"  # this user is already another client who has a phone


@dataclass(frozen=True)
class Redeemed:
    outcome: str
    client: Client | None = None


def _naive(now: dt.datetime | None) -> dt.datetime:
    return (now or clock.now_utc()).astimezone(dt.UTC).replace(tzinfo=None)


def link(token: str, bot_username: str | None = None) -> str:
    """The deep link for a token; '' while the bot's name is unknown (it never started)."""
    name = (bot_username if bot_username is not None else settings_mod.load().bot_username)
    name = (name or "").lstrip("@")
    return f"https://t.me/{name}?start={token}" if name else ""


def create_invitation(client_id: int, *, now: dt.datetime | None = None) -> Invitation:
    """A new invitation for a client who is not on Telegram yet."""
    stamp = _naive(now)
    days = settings_mod.load().invitation_days
    with write_transaction():
        client = get_client(client_id)
        if client.telegram_id is not None:
            raise NotAllowed("This client is already on Telegram")
        return Invitation.create(
            token=secrets.token_urlsafe(TOKEN_BYTES),
            client=client.id,
            created_at=stamp,
            expires_at=stamp + dt.timedelta(days=days),
        )


def valid_shape(token: object) -> bool:
    return isinstance(token, str) and bool(_TOKEN_RE.fullmatch(token))


def redeem(
    token: str,
    telegram_id: int,
    *,
    first_name: str = "",
    last_name: str = "",
    language: str = "ru",
    now: dt.datetime | None = None,
) -> Redeemed:
    """Bind the Telegram user to the invited client, or say why not (nothing changes then).

    One write transaction: two people pressing Start with one link at once bind exactly one.
    """
    if not valid_shape(token):
        return Redeemed(FORGED)
    stamp = _naive(now)
    with write_transaction():
        invitation = Invitation.get_or_none(Invitation.token == token)
        if invitation is None:
            return Redeemed(FORGED)
        client = Client.get_or_none(Client.id == invitation.client_id)
        if client is None:
            return Redeemed(FORGED)
        if client.telegram_id == telegram_id:
            return Redeemed(ALREADY, client)
        if invitation.used_at is not None:
            return Redeemed(USED)
        if stamp >= invitation.expires_at:
            return Redeemed(EXPIRED)
        if client.telegram_id is not None:
            return Redeemed(TAKEN)
        own = Client.get_or_none(Client.telegram_id == telegram_id)
        if own is not None and own.phone is not None and own.phone != client.phone:
            return Redeemed(OTHER_CLIENT)
        if own is not None:
            client = merge_into(client, own)
        else:
            client.telegram_id = telegram_id
            client.language = language
            client.first_name = client.first_name or sanitize_name(first_name)
            client.last_name = client.last_name or sanitize_name(last_name)
            client.save()
        Invitation.update(used_at=stamp, used_by=telegram_id).where(
            Invitation.id == invitation.id
        ).execute()
        return Redeemed(BOUND, client)


def latest_for(client_id: int, *, now: dt.datetime | None = None) -> Invitation | None:
    """The client's newest invitation that can still be used, if any."""
    stamp = _naive(now)
    return (
        Invitation.select()
        .where(
            (Invitation.client == client_id)
            & Invitation.used_at.is_null()
            & (Invitation.expires_at > stamp)
        )
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .first()
    )
