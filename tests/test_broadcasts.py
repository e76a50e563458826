"""core.messaging.broadcasts: who is in an audience, as the salon's data says (issue 16)."""

from __future__ import annotations

import pytest

from mtime_tui.core.messaging import broadcasts, outbox
from mtime_tui.core.people import masters
from mtime_tui.core.storage.models import Client, Outbox, TelegramUser

pytestmark = pytest.mark.both_engines


def test_a_403_keeps_an_imported_client_out_of_the_next_audience(salon):
    """A client known by Telegram ID only (imported from an old system; never wrote to the bot)
    who answers 403 is unreachable from then on: not counted, not tried again."""
    Client.create(telegram_id=424242, first_name="Imported", language="ru")
    Client.create(telegram_id=434343, first_name="Reachable", language="ru")
    first = broadcasts.create("News", broadcasts.Audience())
    assert broadcasts.start(first.id) == 2
    row = Outbox.get((Outbox.broadcast == first.id) & (Outbox.chat_id == 424242))
    outbox.mark_unreachable(row.id, "Forbidden: bot can't initiate conversation with a user")
    assert broadcasts.count(broadcasts.Audience()) == 1
    again = broadcasts.create("More news", broadcasts.Audience())
    assert broadcasts.start(again.id) == 1
    assert [r.chat_id for r in Outbox.select().where(Outbox.broadcast == again.id)] == [434343]


def test_a_403_from_a_masters_chat_does_not_count_as_their_start(salon):
    maria = masters.create_master(telegram_id=5001, name="Maria", shift_start=9, shift_end=18,
                                  interval=60)
    row = Outbox.create(chat_id=maria.telegram_id, kind="message", payload="{}", language="en")
    outbox.mark_unreachable(row.id, "Forbidden")
    assert [m.id for m in masters.masters_not_started()] == [maria.id]
    assert not TelegramUser.select().exists()


def test_opting_out_stops_booking_notices_only_when_the_setting_says_so(salon, fixed_clock):
    import datetime as dt

    from mtime_tui.core import settings
    from mtime_tui.core.booking import bookings
    from mtime_tui.core.messaging import notify
    from mtime_tui.core.people import services
    from mtime_tui.core.storage.models import SOURCE_MANUAL
    from tests.conftest import TODAY

    cut = services.create_service(name="Cut", duration=60)
    maria = masters.create_master(telegram_id=5001, name="Maria", shift_start=9, shift_end=18,
                                  interval=60)
    masters.add_master_services(maria.id, [cut.id])
    anna = Client.create(telegram_id=1001, first_name="Anna", language="en")
    assert broadcasts.opt_out(1001)

    def to_anna(start: int) -> list[str]:
        bookings.create_booking(service_id=cut.id, client_id=anna.id,
                                day=TODAY + dt.timedelta(days=1), start=start,
                                master_id=maria.id, source=SOURCE_MANUAL)
        notify.enqueue_due_reminders()
        kinds = [r.kind for r in Outbox.select().where(Outbox.chat_id == 1001)]
        Outbox.delete().execute()
        return kinds

    assert to_anna(600)  # by default the notices about her own bookings still come
    settings.save(opt_out_stops_notices=True)
    assert to_anna(720) == []
    assert broadcasts.opt_in(1001)
    assert to_anna(840)  # back with /start: they come again


def test_a_finished_broadcast_keeps_its_figures_past_the_outbox_purge(salon, fixed_clock):
    for n in range(3):
        Client.create(telegram_id=600 + n, first_name=f"C{n}", language="en")
    draft = broadcasts.create("News", broadcasts.Audience())
    broadcasts.start(draft.id)
    sent, gone, _left = Outbox.select().where(Outbox.broadcast == draft.id).order_by(Outbox.id)
    outbox.mark_sent(sent.id)
    outbox.mark_unreachable(gone.id, "Forbidden")
    broadcasts.opt_out(sent.chat_id)
    before = broadcasts.figures(draft.id)
    fixed_clock.advance(days=outbox.RETENTION_DAYS + 30)
    outbox.purge_done()
    assert broadcasts.figures(draft.id) == before
    assert (before.sent, before.unreachable, before.left, before.opted_out_after) == (1, 1, 1, 1)


@pytest.mark.parametrize(("text", "nameless", "named"), [
    ("Hi {first_name}!", "Hi!", "Hi Olga!"),
    ("Привет, {first_name}! Пятница свободна", "Привет! Пятница свободна",
     "Привет, Olga! Пятница свободна"),
    ("{first_name}, Friday is free", "Friday is free", "Olga, Friday is free"),
    ("Braces {{first_name}} stay, {first_name}.", "Braces {first_name} stay.",
     "Braces {first_name} stay, Olga."),
])
def test_a_client_with_no_first_name_reads_no_gap(text, nameless, named):
    """The audit found "Hello !" for a client with no first name: the placeholder goes with
    the comma or space that joined it to the text."""
    assert broadcasts.personal(text, "") == nameless
    assert broadcasts.personal(text, "   ") == nameless
    assert broadcasts.personal(text, "Olga") == named
