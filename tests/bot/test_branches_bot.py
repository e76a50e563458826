"""A chain in the bot (docs/BRANCHES.md): the branch step first, the client's last branch
remembered, "About" with every branch — through the real bot and the Telegram stand-in."""

from __future__ import annotations

import pytest

from mtime_tui.core.people import branches, masters, services
from mtime_tui.core.storage.models import Booking, TelegramUser
from tests.bot.conftest import settle

pytestmark = pytest.mark.both_engines

BORIS_TID = 5003


@pytest.fixture
def east(seed):
    """A second branch, in Vladivostok, with its own service and master."""
    east = branches.add_branch("East", "Svetlanskaya 5", "+7 423 200-00-00", "Asia/Vladivostok")
    shave = services.create_service(name="Shave", duration=60, price=900, branch=east.id)
    boris = masters.create_master(telegram_id=BORIS_TID, name="Boris", shift_start=9,
                                  shift_end=20, interval=60, branch=east.id)
    masters.add_master_services(boris.id, [shave.id])
    return east


def labels(user, msg=None) -> list[str]:
    return [t for t, _ in user.buttons(msg)]


def test_the_branch_comes_first_and_is_remembered(runner, fake, east):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.press("Book")
    step = anna.wait_for("Choose a branch")
    assert "Test Salon" in step.text and "1 Main St" in step.text
    assert "East" in step.text and "Svetlanskaya 5" in step.text
    assert labels(anna, step) == ["Test Salon", "East", "⬅️ Back"]
    assert (("East", f"bk:br:{east.id}")) in anna.buttons(step)
    anna.press("East")
    shown = anna.wait_for("Choose a service")
    assert "East" in shown.text and "Svetlanskaya 5" in shown.text
    names = labels(anna, shown)
    assert any(n.startswith("Shave") for n in names)
    assert not any(n.startswith("Haircut") or n.startswith("Colour") for n in names)
    assert "🏢 Another branch" in names
    assert TelegramUser.get_by_id(1001).branch_id == east.id
    # Boris works 9–20 in Vladivostok, where it is already 16:00: today's first time is 17:00.
    anna.press("Shave")
    anna.wait_for("Choose a master")
    anna.press("Boris")
    anna.wait_for("Choose a date")
    anna.press("Mon, 23 Nov")
    times = anna.wait_for("Free times")
    assert labels(anna, times)[0] == "17:00"
    anna.press("17:00")
    anna.wait_for("phone number")
    anna.send_contact("+79123456789")
    anna.press("Keep")
    review = anna.wait_for("check your booking")
    assert "Svetlanskaya 5" in review.text and "1 Main St" not in review.text
    anna.clear()
    anna.press("✅ Book")
    done = anna.wait_for("Booked")
    assert "Svetlanskaya 5" in done.text
    booking = Booking.get(Booking.number == 1001)
    assert (booking.master.name, booking.start) == ("Boris", 17 * 60)

    # The next time: straight to the last branch's services, another branch one press away.
    anna.clear()
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.press("Book")
    again = anna.wait_for("Choose a service")
    assert "East" in again.text
    anna.press("🏢 Another branch")
    step = anna.wait_for("Choose a branch")
    assert labels(anna, step) == ["Test Salon", "✅ East", "⬅️ Back"]
    anna.press("Test Salon")
    home = anna.wait_for("Choose a service")
    assert any(n.startswith("Haircut") for n in labels(anna, home))
    assert not any(n.startswith("Shave") for n in labels(anna, home))


def test_about_shows_every_branch(runner, fake, east):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.press("About")
    about = anna.wait_for("Svetlanskaya 5")
    for part in ("Test Salon", "1 Main St", "+7 900 000-00-00", "East", "+7 423 200-00-00"):
        assert part in about.text
    assert about.text.count("🏢") == 2


def test_a_forged_or_gone_branch_is_out_of_date(runner, fake, east):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.wait_answer(anna.press_data("bk:br:999"))
    anna.wait_for("out of date")
    anna.wait_answer(anna.press_data("bk:br:x"))
    settle(anna)
    assert Booking.select().count() == 0


def test_many_branches_page_within_telegram_limits(runner, fake, east):
    for n in range(120):
        branches.add_branch(f"Branch {n:03d} " + "Ж" * 80, "Street " + "д" * 190)
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.press("Book")
    first = anna.wait_for("Choose a branch")
    assert "(page 1 of 13)" in first.text
    assert len(first.buttons()) <= 100  # the stand-in also refuses > 4096 characters or bad HTML
    anna.press("Later ▶️")
    second = anna.wait_for("(page 2 of 13)")
    assert any(t.startswith("Branch 008") for t in labels(anna, second))


def test_a_single_branch_salon_sees_no_branch(runner, fake, seed):
    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.press("Book")
    shown = anna.wait_for("Choose a service")
    assert "🏢" not in shown.text
    assert not any("branch" in t.lower() for t in labels(anna, shown))
    anna.press("⬅️ Back")
    anna.press("About")
    about = anna.wait_for("Address")
    assert "🏢" not in about.text and "branch" not in about.text.lower()


def test_an_admin_limited_to_a_branch_sees_only_its_bookings(runner, fake, east, admin):
    from mtime_tui.core import settings
    from mtime_tui.core.storage.models import Outbox
    from tests.bot.staff_seed import client, make

    settings.add_admin(7002, "East manager")
    branches.limit_admin(7002, {east.id})
    shave = services.list_services(branch=east.id)[0]
    boris = masters.list_masters(branch=east.id)[0]
    anna = client("Anna", "+79123456789", telegram_id=1001)
    home = make(masters.list_masters(branch=1)[0], services.list_services(branch=1)[0], 1, 10,
                anna)
    far = make(boris, shave, 1, 12, anna)
    # The notices: the boss hears of both, the East manager of East's only.
    notices = {(r.chat_id, r.booking.number) for r in Outbox.select()
               if r.kind == "admin_new_booking"}
    assert notices == {(admin, home.number), (admin, far.number), (7002, far.number)}

    manager = fake.user(7002, first_name="Eve", language_code="en")
    manager.send("/start")
    menu = manager.wait_for("This is the admin menu")
    assert "⚠️ New bookings, all masters: 1" in labels(manager, menu)
    manager.press("⚠️ New bookings")
    listing = manager.wait_for("New bookings, all masters: 1")
    assert [d for _, d in manager.buttons(listing) if d and d.startswith("a:v:")] == [
        f"a:v:{far.number}:1"]
    # The other branch's card, forged: refused, nothing shown of it.
    manager.clear()
    manager.wait_answer(manager.press_data(f"a:v:{home.number}:1"))
    settle(manager)
    assert not any("№ 1001" in (m.text or "") for m in manager.messages)
    manager.send("/stats")
    stats = manager.wait_for("Today")
    assert "East" in stats.text and "Test Salon" not in stats.text
