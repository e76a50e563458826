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


def test_each_branch_lives_on_its_own_clock_around_midnight(runner, fake, east, seed):
    """23:30 in Moscow is 06:30 tomorrow in Vladivostok: Boris's today, his calendars and the
    client's dates in East are the 24th; Maria's (the main branch) are still the 23rd."""
    import datetime as dt

    from mtime_tui.core import clock
    from mtime_tui.core import settings as salon_settings
    from tests.bot.staff_seed import client, make

    boris = masters.list_masters(branch=east.id)[0]
    shave = services.list_services(branch=east.id)[0]
    olga = client("Olga", "+79123456780")
    make(boris, shave, 1, 10, olga)  # the 24th at 10:00 in Vladivostok
    make(seed.maria, seed.haircut, 0, 11, olga)  # the 23rd at 11:00 in Moscow
    salon_settings.save(horizon_days=1)
    clock.get_clock().set(dt.datetime(2026, 11, 23, 20, 30, tzinfo=dt.UTC))

    him = fake.user(BORIS_TID, first_name="Boris", language_code="en")
    him.send("/start")
    him.wait_for("master menu")
    him.clear()
    him.press("📅 Today")
    assert "Today, Tue, 24 Nov: 1" in him.wait_for("Today,").text
    him.send("/start")
    him.wait_for("master menu")
    him.clear()
    him.press("🕐 My working time")
    him.wait_for("days off and breaks")
    him.press("🏖 Days off")
    him.wait_for("no days off planned")
    him.clear()
    him.press("➕ Add a day off")
    days = labels(him, him.wait_for("Choose the day off"))
    assert "23" not in days and "24•" in days  # the 23rd is over in Vladivostok

    maria = fake.user(5001, first_name="Maria", language_code="en")
    maria.send("/start")
    maria.wait_for("master menu")
    maria.clear()
    maria.press("📅 Today")
    assert "Today, Mon, 23 Nov: 1" in maria.wait_for("Today,").text

    anna = fake.user(1001, first_name="Anna", language_code="en")
    anna.send("/start")
    anna.wait_for("Welcome")
    anna.press("Book")
    anna.wait_for("Choose a branch")
    anna.press("East")
    anna.wait_for("Choose a service")
    anna.press("Shave")
    anna.wait_for("Choose a master")
    anna.press("Boris")
    dates = anna.wait_for("Choose a date")
    shown = [t for t in labels(anna, dates) if "Nov" in t]
    assert shown == ["Tue, 24 Nov"]  # one day of horizon: East's own today
