"""Hostile presses on old menus (issue 10): clients walk the booking dialogue, then press the
buttons they have seen — on any of their messages, in any order, double taps included. Every
press is answered, and the bot never sends an edit that changes nothing (Telegram answers those
with 400 "message is not modified"; the black-box run counted 68 in 290 presses)."""

from __future__ import annotations

import random

import pytest

pytestmark = [pytest.mark.stress, pytest.mark.both_engines]

PRESSES = 300
SEED = 20261124


def seen_buttons(user, msg, pool: set[str]) -> None:
    pool.update(data for _, data in msg.buttons() if data)


def test_presses_on_old_menus_never_send_an_edit_that_changes_nothing(runner, fake, shop,
                                                                       error_log):
    rng = random.Random(SEED)
    people = [fake.user(430_000 + i, first_name=f"Client{i}", language_code=("en", "ru")[i % 2])
              for i in range(3)]
    pools: dict[int, set[str]] = {}
    for person in people:
        pools[person.id] = set()
        person.send("/start")
        seen_buttons(person, person.wait_for(lambda m: bool(m.buttons())), pools[person.id])
        person.press("📝")
        seen_buttons(person, person.wait_for(lambda m: "Haircut" in (m.text or "") or any(
            "Haircut" in t for t, _ in m.buttons())), pools[person.id])
        person.press("Haircut")
        for _ in range(3):  # the masters, a date, the times: whatever the screens offer
            msg = person.wait_for(lambda m: len(m.buttons()) > 2)
            seen_buttons(person, msg, pools[person.id])
            nexts = [d for _, d in msg.buttons() if d and d.startswith(("bk:m:", "bk:d:"))]
            if not nexts:
                break
            person.clear()
            person.press_data(nexts[-1])
        fake.wait_fetched()
    presses = 0
    while presses < PRESSES:
        person = rng.choice(people)
        ids = [m.message_id for m in person.messages]
        data = rng.choice(sorted(pools[person.id]))
        taps = 2 if rng.random() < 0.3 else 1  # a double tap: the second before any answer
        target = rng.choice(ids)
        queries = [person.press_data(data, message_id=target) for _ in range(taps)]
        for query in queries:
            person.wait_answer(query, timeout=15)
        presses += taps
        if rng.random() < 0.2:  # new buttons appear as screens change
            for msg in person.messages:
                seen_buttons(person, msg, pools[person.id])
    fake.wait_fetched()
    for person in people:  # everything handled: an inert press after them is answered
        person.wait_answer(person.press_data("nop"), timeout=15)
    not_modified = [c for c in fake.calls if "not modified" in (c.description or "")]
    refused = [(c.method, c.description) for c in fake.calls if c.status == 400]
    print(f"\nold-menu figures: {presses} presses, {len(fake.calls)} Bot API calls, "
          f"{len(not_modified)} 'not modified', {len(refused)} refused")
    assert not_modified == []
    assert refused == []
    assert error_log.lines() == []
