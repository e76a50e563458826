"""The branch step of a chain (docs/BRANCHES.md): "📝 Book" asks for the branch first when the
salon has more than one (the seed's `get_companies_for_booking`: id, name, address), and the
client's last branch is remembered, so the next "📝 Book" goes straight to its services with
"🏢 Another branch" to choose again. A single-branch salon never gets here.

A branch button carries the branch (`bk:br:<id>`); the press re-checks it (a branch gone is
"this menu is out of date"). The services screen after it learns the branch from the visit's
services when some are ticked (an old keyboard shows and books the branch it names), else from
the client's last branch.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update

from ...core.people import branches
from ...core.people.branches import BranchInfo
from ...core.storage.readcache import cached
from ...i18n import tr
from ..telegram import callbacks as cb
from ..telegram import dialogue, keyboards, limits
from ..telegram.dbcalls import read_screen, run_db
from ..telegram.dialogue import Context, answer, lang_of, show
from ..telegram.texts import esc

BRANCHES = cb.action("bk:bl")  # the branches (page 0)
BRANCHES_PAGE = cb.action("bk:bp", cb.NUM)  # more branches: page 1, 2 … (page 0 is bk:bl)
BRANCH = cb.action("bk:br", cb.ID)  # a branch picked: its services
BRANCHES_PER_PAGE = 10  # a button each; the text names each with its address


def is_chain() -> bool:
    return branches.is_chain()


def branch_of(telegram_id: int, chosen: Sequence[int], given: int | None) -> int | None:
    """Which branch the services screen shows: the ticked services' (an old keyboard shows its
    own), else the one just picked, else the client's last one — if it still exists."""
    if chosen:
        found = cached(branches.service_branch, chosen[0])
        if found is not None:
            return found
    for candidate in (given, cached(branches.last_branch, telegram_id)):
        if candidate is not None and branches.find_branch(candidate) is not None:
            return candidate
    return None


def heading(branch_id: int) -> list[str]:
    """"🏢 East — Svetlanskaya 5" above the services of a chain's branch."""
    found = branches.find_branch(branch_id)
    if found is None:
        return []
    line = f"🏢 <b>{esc(limits.clip(found.name, 100))}</b>"
    if found.address:
        line += f" — {esc(limits.clip(found.address, 200))}"
    return [line]


def another_branch(lang: str) -> list:
    return [keyboards.button(tr("🏢 Another branch", lang), BRANCHES)]


async def pick_branch(update: Update, context: Context) -> None:
    """A branch button: remember it as the client's and show its services."""
    from .visit_choice import show_services

    await answer(update)
    (branch_id,) = cb.decode(update.callback_query.data).values
    found = await read_screen(lambda: branches.find_branch(branch_id))
    if found is None:
        await dialogue.stale(update, context)
        return
    await run_db(branches.remember_branch, update.effective_user.id, branch_id)
    await show_services(update, context, branch=branch_id)


async def branches_page(update: Update, context: Context) -> None:
    await answer(update)
    values = cb.decode(update.callback_query.data).values
    await show_branches(update, context, values[0] if values else 0)


async def show_branches(update: Update, context: Context, page: int = 0) -> None:
    """"Choose a branch:" with each branch of the page named with its address and phone."""
    lang = lang_of(update)
    items, last = await read_screen(
        lambda: (branches.list_branches(), cached(branches.last_branch, update.effective_user.id))
    )
    if len(items) < 2:  # no longer a chain (an old keyboard): the services as usual
        from .visit_choice import show_services

        await show_services(update, context)
        return
    shown, page, _more = keyboards.page_slice(items, page, BRANCHES_PER_PAGE)
    lines = [tr("Choose a branch:", lang)
             + keyboards.page_note(lang, page, len(items), BRANCHES_PER_PAGE), ""]
    lines += [branch_line(b, b.id == last) for b in shown]
    buttons = [keyboards.button(("✅ " if b.id == last else "") + limits.label(b.name), BRANCH, b.id)
               for b in items]
    rows = keyboards.paged_rows(buttons, page, BRANCHES_PER_PAGE, lang, (BRANCHES,), (BRANCHES_PAGE,))
    await show(update, "\n".join(lines), keyboards.markup(*rows,
                                                          [keyboards.back(lang, cb.MENU)]))


def branch_line(branch: BranchInfo, last: bool = False) -> str:
    parts = [f"<b>{esc(limits.clip(branch.name, 100))}</b>"]
    if branch.address:
        parts.append(esc(limits.clip(branch.address, 200)))
    return ("✅ " if last else "🏢 ") + " — ".join(parts)


def about_blocks(lang: str, hours_of) -> list[list[str]]:
    """"About" in a chain: each branch's name, address, phone and hours, one block each."""
    blocks = []
    for b in branches.list_branches():
        block = [f"🏢 <b>{esc(limits.clip(b.name, 100))}</b>"]
        if b.address:
            block.append(tr("📍 Address: {address}", lang, address=esc(b.address)))
        if b.phone:
            block.append(tr("📞 Phone: {phone}", lang, phone=esc(b.phone)))
        hours = hours_of(b.id)
        if hours:
            block.append("🕐 " + hours)
        blocks.append(block)
    return blocks


def fit_blocks(head: list[str], blocks: list[list[str]], lang: str) -> str:
    """The blocks under `head`, as many as fit Telegram's 4096 characters ("…and N more")."""
    text = "\n".join(head)
    for n, block in enumerate(blocks):
        more = tr("…and {count} more", lang, count=len(blocks) - n)
        candidate = text + "\n\n" + "\n".join(block)
        rest = blocks[n + 1:]
        room = limits.MAX_TEXT - (len(more) + 2 if rest else 0)
        if limits.utf16_len(limits.parse_html(candidate)[0]) > room:
            return text + "\n\n" + more
        text = candidate
    return text
