"""The admin's figures on the phone (issue 15): /stats (and the admin menu's 📊 button) shows
today, this week and this month in one message, each beside the period before it; the optional
end-of-day summary (core.messaging.digest, through the outbox) is rendered here too.

Every press and command re-checks that the user of the update is an admin in the settings. The
message is a fixed set of short lines (well under Telegram's 4096 characters); the salon's name
is clipped and every text escaped (bot/telegram/limits.py)."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.ext import Application, CommandHandler

from ...core import settings as settings_mod
from ...core.messaging import digest
from ...core.people import branches
from ...core.reports.periods import MONTH, TODAY, WEEK
from ...i18n import N_, tr
from ..telegram import dialogue, keyboards, limits
from ..telegram.dbcalls import read_db, run_db
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.routes import route
from ..telegram.texts import esc, payload_of
from . import staff

STATS = staff.STATS
TITLES = {TODAY: N_("Today"), WEEK: N_("This week"), MONTH: N_("This month")}
SALON_ROOM = 64  # characters of the salon's name in a heading


def _dates(block: dict) -> str:
    first, last = (dt.date.fromisoformat(block[k]) for k in ("first", "last"))
    return f"{first:%d.%m}" if first == last else f"{first:%d.%m} – {last:%d.%m}"


def block_html(block: dict, lang: str) -> str:
    """One period: a bold title with its dates, then "label: value (change)" lines."""
    title = tr(TITLES.get(block.get("kind"), N_("Today")), lang)
    lines = [f"<b>{esc(title)}</b> · {esc(_dates(block))}"]
    for label, value, change in block.get("lines", []):
        tail = f" ({esc(change)})" if change and change != "=" else ""
        lines.append(f"{esc(label)}: <b>{esc(value)}</b>{tail}")
    return "\n".join(lines)


def stats_html(blocks: list[dict], salon: str, lang: str) -> str:
    head = tr("📊 <b>{salon}</b>: the figures", lang, salon=esc(limits.clip(salon, SALON_ROOM)))
    note = tr("(in brackets: the change from the period before)", lang)
    return "\n\n".join([f"{head}\n{esc(note)}", *(block_html(b, lang) for b in blocks)])


def daily_summary_html(row, settings: settings_mod.Settings) -> str:
    """The end-of-day summary outbox row as a message."""
    lang = row.language if row.language in ("ru", "en") else "en"
    block = payload_of(row)
    salon = block.get("salon") or settings.salon_name  # a chain's: the branch's name
    head = tr("🌙 <b>{salon}</b>: the day in figures", lang,
              salon=esc(limits.clip(str(salon), SALON_ROOM)))
    return f"{head}\n\n{block_html(block, lang)}"


def _stats_screen(lang: str, admin: int | None) -> list[tuple[list[dict], str]]:
    """The salon's figures; for an admin limited to branches, each of theirs (docs/BRANCHES.md)."""
    limit = staff.admin_branches(admin)
    if limit is None:
        return [(digest.stats_periods(lang), settings_mod.load().salon_name)]
    return [(digest.stats_periods(lang, branch=b), branches.get_branch(b).name)
            for b in sorted(limit) if branches.find_branch(b) is not None]


async def send_stats(update: Update, context: Context, *, new: bool) -> None:
    lang = lang_of(update)
    screens = await run_db(_stats_screen, lang, staff.user_id(update))
    text = ""
    for blocks, salon in screens:  # as many branches as fit one message
        part = stats_html(blocks, salon, lang)
        joined = f"{text}\n\n{part}" if text else part
        if text and limits.utf16_len(limits.parse_html(joined)[0]) > limits.MAX_TEXT:
            break
        text = joined
    markup = keyboards.Markup([[keyboards.button(tr("🔄 Refresh", lang), STATS)],
                                   [staff.back_home(lang)]])
    await show(update, text, markup, new=new)


async def stats_command(update: Update, context: Context) -> None:
    await dialogue.remember_user(update)
    dialogue.forget(context)
    if not await read_db(staff.is_admin, staff.user_id(update)):
        await dialogue.show_menu(update, context, new=True, prefix=tr(
            "This command is for the salon's admins.", lang_of(update)))
        return
    await send_stats(update, context, new=True)


async def stats_press(update: Update, context: Context) -> None:
    await answer(update)
    if not await read_db(staff.is_admin, staff.user_id(update)):
        await staff.refuse(update, context)
        return
    await send_stats(update, context, new=False)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("stats", stats_command))
    route(app, {STATS: stats_press})
