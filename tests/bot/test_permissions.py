"""Who may press what (SPEC "People"): every master and admin action × every kind of user.

Authorisation comes from the Telegram user of the update only. Each action is pressed with its
exact callback data (as a forger would send it) by: the master of the booking, another master,
an admin, the booking's client, the master of the booking after being blocked, and a stranger.
Where SPEC does not allow it, the answer is "this menu is out of date" and the bookings, breaks
and days off are exactly as before.
"""

from __future__ import annotations

import os

import pytest

from mtime_tui.core.booking import working_time
from mtime_tui.core.people import masters
from mtime_tui.core.storage.db import write_transaction
from mtime_tui.core.storage.models import SOURCE_MANUAL, Booking, Break, DayOff, Outbox
from tests.bot.conftest import ADMIN_TID, MARIA_TID, OLGA_TID
from tests.bot.staff_seed import OLD_MESSAGE, client, day, dump, make, ymd

ACTORS = {
    "master": MARIA_TID,  # the master of bookings 1001 and 1002
    "other": OLGA_TID,  # another (active) master
    "admin": ADMIN_TID,
    "client": 1001,  # Anna, the client of both bookings
    "blocked": MARIA_TID,  # the master of the bookings, blocked in the TUI
    "stranger": 9999,
}

# Outcomes: "change" (the database changes), "view" (a screen, no change), "same" (allowed, but
# there is nothing of theirs to change), "refused" ("out of date", no change).
C, V, S = "change", "view", "same"

# (callback data, marker text of an allowed answer, {actor: outcome}); anyone not named: refused.
TABLE = [
    ("m:c:1001", "Done", {"master": C, "admin": C}),
    ("m:d:1001", "Done", {"master": C, "admin": C}),
    ("m:cc:1001:1", "Done", {"master": C, "admin": C}),
    ("m:dd:1001:1", "Done", {"master": C, "admin": C}),
    ("m:ok:1002:5", "Done", {"master": C, "admin": C}),
    ("m:ns:1002:5", "Done", {"master": C, "admin": C}),
    ("m:ky:1002:5", "Done", {"master": C, "admin": C}),
    ("m:k:1002:5", "Cancel booking № 1002", {"master": V, "admin": V}),
    ("m:v:1001:5", "Status:", {"master": V, "admin": V}),
    ("m:l:1:0", "ew bookings", {"master": V, "other": V}),
    ("m:l:4:0", "30 days", {"master": V, "other": V}),
    ("m:cm:{d0}", "Choose a date", {"master": V, "other": V}),
    ("m:dl:{d1}:0", "Tue, 24 Nov", {"master": V, "other": V}),
    ("a:v:1001:2", "Status:", {"admin": V}),
    ("a:s:1001:2:2", "Done", {"admin": C}),
    ("a:s:1002:5:1", "Done", {"admin": C}),
    ("a:n:0", "ew bookings", {"admin": V}),
    ("a:w:1001:2", "Type the message", {"admin": V}),
    ("a:cm:{d0}", "All masters", {"admin": V}),
    ("a:dl:{d1}:0", "all masters", {"admin": V}),
    ("st", "menu.", {"master": V, "other": V, "admin": V}),
    ("mt", "days off and breaks", {"master": V, "other": V}),
    ("mt:o", "days off", {"master": V, "other": V}),
    ("mt:oc:{d0}", "Choose the day off", {"master": V, "other": V}),
    ("mt:op:{d1}", "Tue, 24 Nov", {"master": V, "other": V}),  # Olga: no bookings of hers
    ("mt:oy:{d3}:0:0", "is a day off", {"master": C, "other": C}),  # each their own
    ("mt:oy:{d1}:2:1002", "day off", {"master": C, "other": V}),  # Maria's 1001, 1002 go
    ("mt:or:{d4}", "day", {"master": C, "other": S}),
    ("mt:b", "reaks", {"master": V, "other": V}),
    ("mt:bd:{d2}", "reaks", {"master": V, "other": V}),
    ("mt:br:{d2}:1200", "break at 12:00", {"master": C, "other": S}),
    ("mt:bx:{d2}", "Breaks removed", {"master": C, "other": S}),
    ("mt:bp:{d2}", "Tick the free slots", {"master": V, "other": V}),
    ("mt:bg:{d2}:1", "Tick the free slots", {"master": V, "other": V}),
    ("mt:bt:{d2}:0900:0", "Tick the free slots", {"master": V, "other": V}),
    ("mt:bs:{d2}", "Tick at least one", {"master": S, "other": S}),
    ("mb", "Choose the service", {"master": V, "other": V}),
    ("mb:s:{colour}", "Choose a date", {"master": V}),  # Olga does not do colour
    ("mb:dp:{haircut}:1", "Choose a date", {"master": V, "other": V}),
    ("mb:tp:{colour}:{d3}:1", "Free times", {"master": V}),
    ("mb:t:{haircut}:{d3}:1200", "phone number", {"master": V, "other": V}),
    ("mb:ok:{haircut}:{d3}:1200:{anna}", "Booked", {"master": C, "other": C}),
    ("mb:ok:{colour}:{d3}:1200:{anna}", "Booked", {"master": C}),
    # Forged: no such booking, a booking number of nobody, a status index out of range.
    ("m:c:9999", "", {}),
    ("m:v:9999:1", "", {}),
    ("a:s:1001:9:2", "", {}),
    ("a:v:9999:2", "", {}),
]


def reset(seed) -> dict:
    """The same salon for every actor: 1001 (pending, Anna on Telegram) and 1002 (confirmed)
    tomorrow with Maria, her break in 2 days at 12:00 and her day off in 4 days.

    One IMMEDIATE transaction: the running bot's sender writes too (see staff_seed.client)."""
    with write_transaction():
        return _reset(seed)


def _reset(seed) -> dict:
    Outbox.delete().execute()
    Booking.delete().execute()
    Break.delete().execute()
    DayOff.delete().execute()
    masters.set_master_active(seed.maria.id, True)
    anna = client("Anna", "+79123456789", telegram_id=1001)
    make(seed.maria, seed.haircut, 1, 10, anna)
    make(seed.maria, seed.colour, 1, 11, anna, SOURCE_MANUAL)
    working_time.add_breaks(seed.maria.id, day(2), [12 * 60])
    working_time.add_day_off(seed.maria.id, day(4))
    Outbox.delete().execute()  # the setup's notifications are not what the test looks at
    return {"d0": ymd(0)[:6] + "01", "d1": ymd(1), "d2": ymd(2), "d3": ymd(3), "d4": ymd(4),
            "haircut": seed.haircut.id, "colour": seed.colour.id, "anna": anna.id}


def press(user, data: str, marker: str, expect: str) -> str:
    """Press on an old message (so the answer is always a new message); the answer's text."""
    user.clear()
    query = user.press_data(data, OLD_MESSAGE)
    user.wait_answer(query)
    wanted = "out of date" if expect == "refused" else marker
    return user.wait_for(lambda m: wanted in (m.text or "") and "out of date" not in
                         (m.text or "") if expect != "refused" else wanted in (m.text or "")).text


@pytest.mark.parametrize("actor", list(ACTORS))
def test_every_staff_action_for_every_kind_of_user(runner, fake, seed, admin, actor):
    user = fake.user(ACTORS[actor], first_name=actor.title(), language_code="en")
    wrong = []
    for template, marker, allowed in TABLE:
        values = reset(seed)
        if actor == "blocked":
            with write_transaction():
                masters.set_master_active(seed.maria.id, False)
        data = template.format(**values)
        expect = allowed.get(actor, "refused")
        before = dump()
        try:
            text = press(user, data, marker, expect)
        except TimeoutError:
            wrong.append(f"{data}: expected {expect}, no such answer; last: {user.last!r}")
            continue
        after = dump()
        changed = after["booking"] != before["booking"] or after["break"] != before["break"] \
            or after["day_off"] != before["day_off"]
        if changed != (expect == C):
            wrong.append(f"{data}: expected {expect}, the database {'did' if changed else 'did not'}"
                         f" change; answer {text[:80]!r}")
        if expect in ("refused", V, S) and after != before:
            wrong.append(f"{data}: expected {expect}, but rows changed")
    assert not wrong, f"{actor}:\n" + "\n".join(wrong)


def test_random_bytes_and_garbled_data_change_nothing(runner, fake, seed, admin):
    reset(seed)
    users = [fake.user(tid, first_name="U", language_code="en") for tid in (MARIA_TID, ADMIN_TID)]
    before = dump()
    for user in users:
        for data in (os.urandom(20).decode("latin-1"), "m:c:1001:1", "m:c:01001", "a:s:1001:0:2",
                     "m:c:-1001", "mt:oy:20261131:0:0", "mt:bt:20261125:2400:1", "m:c:1001;",
                     "a:s:1001:2:2:" + "9" * 60):
            user.clear()
            user.press_data(data, OLD_MESSAGE)
            assert user.wait_answer().get("text") == "This menu is out of date"
            user.wait_for("out of date")
    assert dump() == before


def chat_commands(fake, chat_id: int) -> list[str]:
    """The command menu set for one chat (BotCommandScopeChat), as names."""
    found = [c for key, c in fake.world.commands.items() if f"'chat_id': {chat_id}" in key]
    return [c["command"] for c in found[0]] if found else []


@pytest.mark.both_engines  # representative: this module's flow on PostgreSQL too (CI time)
def test_a_blocked_master_loses_the_master_menu(runner, fake, seed):
    maria = fake.user(MARIA_TID, first_name="Maria", language_code="en")
    maria.send("/start")
    maria.wait_for("this is your master menu")
    fake.wait_until(lambda: chat_commands(fake, MARIA_TID))
    assert chat_commands(fake, MARIA_TID) == ["start", "master", "help", "cancel"]
    with write_transaction():
        masters.set_master_active(seed.maria.id, False)
    maria.clear()
    maria.send("/start")
    menu = maria.wait_for("Welcome")
    got = [t for t, _ in maria.buttons(menu)]
    assert got == ["📝 Book", "📋 My bookings", "ℹ️ About the salon", "✉️ Write to the salon"]
    maria.clear()
    maria.send("/master")
    maria.wait_for("This command is for the salon's masters")
    fake.wait_until(lambda: not chat_commands(fake, MARIA_TID))
    with write_transaction():
        masters.set_master_active(seed.maria.id, True)
    maria.clear()
    maria.send("/start")
    maria.wait_for("this is your master menu")
    # A client never gets the staff menu, by command either.
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/admin")
    anna.wait_for("This command is for the salon's admins")
    anna.clear()
    anna.send("/start")
    assert "🧰 Staff menu" not in [t for t, _ in anna.buttons(anna.wait_for("Welcome"))]
    assert chat_commands(fake, 1001) == []


def test_an_admin_gets_admin_in_the_command_menu(runner, fake, seed, admin):
    boss = fake.user(admin, first_name="Boss", language_code="ru")
    boss.send("/start")
    boss.wait_for("меню администратора")
    fake.wait_until(lambda: chat_commands(fake, admin))
    assert chat_commands(fake, admin) == ["start", "admin", "stats", "help", "cancel"]
    boss.clear()
    boss.send("/admin")
    menu = boss.wait_for("Это меню администратора")
    assert [t for t, _ in boss.buttons(menu)] == ["🗂 Все заявки по дате", "📊 Статистика",
                                                  "🧰 Меню сотрудника"]
