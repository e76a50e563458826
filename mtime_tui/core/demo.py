"""The demo salon: a living week of a small salon, so a newcomer sees something on first run.

Everything is built through the same core functions the app uses (so the demo obeys the rules),
and depends only on `now`: the same `now` gives the same salon. Bookings are made "as of" a few
days ago and then moved on to completed / no-show where their time has passed. Notifications the
demo would send go nowhere: its outbox rows are removed.
"""

from __future__ import annotations

import datetime as dt

from . import settings
from .booking import bookings, day_plans, slots, work_plans, working_time
from .clock import now_utc
from .errors import Conflict, TooManyBookings
from .people import clients, masters, services
from .storage.db import write_transaction
from .storage.models import (
    BY_CLIENT,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    SOURCE_BOT,
    SOURCE_MANUAL,
    Master,
    Outbox,
    Service,
)

SALON = {
    "salon_name": "Студия красоты «Лаванда»",
    "salon_address": "Москва, ул. Садовая, 12",
    "salon_phone": "8 (495) 123-45-67",
    "timezone": "Europe/Moscow",  # the salon is in Moscow, whatever the machine says
}

# name, duration, price, description
SERVICES = [
    ("Женская стрижка", 60, 2000, "Мытьё, стрижка и укладка феном."),
    ("Мужская стрижка", 45, 1200, "Машинка и ножницы, мытьё головы, укладка."),
    ("Окрашивание волос", 120, 4500, "Окрашивание в один тон, цена для средней длины."),
    ("Укладка", 45, 1500, "Локоны или объём на выбор."),
    ("Стрижка бороды", 30, 800, "Форма, контур и горячее полотенце."),
    ("Маникюр с покрытием", 90, 2200, "Аппаратный маникюр и гель-лак; 15 минут на уборку."),
]

# name, telegram id, shift start, shift end, interval, services (indexes), about, booking starts
# (the hours every master starts with; `_plan_working_time` then shapes them as salons do)
MASTERS = [
    ("Анна Смирнова", 100000001, 9, 19, 60, (0, 2, 3),
     "Стилист-колорист, 8 лет опыта.", (9 * 60, 11 * 60, 14 * 60, 16 * 60, 18 * 60)),
    ("Дмитрий Козлов", 100000002, 10, 20, 30, (1, 4, 0),
     "Барбер. Мужские стрижки и бороды.", (600, 690, 780, 900, 1050, 1140)),
    ("Елена Волкова", 100000003, 11, 20, 90, (5,),
     "Мастер ногтевого сервиса.", (660, 750, 930, 1110)),
]

# first name, last name, phone, telegram id (None: a client known by phone only)
CLIENTS = [
    ("Мария", "Иванова", "+79161234501", 200000001),
    ("Ольга", "Петрова", "+79161234502", None),
    ("Сергей", "Соколов", "+79161234503", 200000003),
    ("Екатерина", "Морозова", "+79161234504", None),
    ("Алексей", "Новиков", "+79161234505", None),
    ("Наталья", "Фёдорова", "+79161234506", 200000006),
    ("Иван", "Васильев", "+79161234507", None),
    ("Татьяна", "Павлова", "+79161234508", None),
    ("Андрей", "Семёнов", "+79161234509", 200000009),
    ("Юлия", "Голубева", "+79161234510", None),
    ("Михаил", "Виноградов", "+79161234511", None),
    ("Светлана", "Богданова", "+79161234512", 200000012),
    ("Павел", "Воробьёв", "+79161234513", None),
    ("Анастасия", "Лебедева", "+79161234514", None),
    ("Дарья", "Кузнецова", "+79161234515", 200000015),
]

DAYS_BEFORE, DAYS_AFTER = 3, 3
VACATION_IN = 8  # Elena's vacation starts this many days after today, inside the horizon


def has_salon() -> bool:
    """A database "holds a salon" once it has any master or service."""
    return Master.select().exists() or Service.select().exists()


def create_demo_salon(*, now: dt.datetime | None = None) -> None:
    """Fill an empty database with the demo salon, all in one transaction."""
    now = now or now_utc()
    if has_salon():
        raise Conflict("This database already holds a salon; the demo goes into an empty one")
    with write_transaction():
        settings.save(**SALON)
        tz = settings.load().tz
        today = now.astimezone(tz).date()
        # Bookings are made as if on the morning before the demo week began.
        then = dt.datetime.combine(
            today - dt.timedelta(days=DAYS_BEFORE + 1), dt.time(7, 0), tzinfo=tz
        ).astimezone(dt.UTC)
        made_services = [
            services.create_service(name=n, duration=d, price=p, description=text)
            for n, d, p, text in SERVICES
        ]
        made_masters = []
        for name, tid, start, end, interval, owned, about, _starts in MASTERS:
            master = masters.create_master(
                telegram_id=tid, name=name, shift_start=start, shift_end=end,
                interval=interval, about=about,
            )
            masters.add_master_services(master.id, [made_services[i].id for i in owned])
            made_masters.append(master)
        people = []
        for first, last, phone, tid in CLIENTS:
            client = clients.find_or_create_by_phone(phone, first, last)
            if tid is not None:
                client.telegram_id = tid
                client.save()
            people.append(client)
        anna, dmitry, elena = made_masters
        _plan_working_time(anna, dmitry, elena, today, then)
        working_time.add_breaks(anna.id, _next_working(anna, today + dt.timedelta(days=1)),
                                [11 * 60], now=then)
        day_off = today + dt.timedelta(days=2)
        working_time.add_day_off(elena.id, day_off, now=then)
        _book_the_week(made_masters, made_services, people, today, day_off, then, now, tz)
        Outbox.delete().execute()  # pretend people: nothing to deliver


def _plan_working_time(anna, dmitry, elena, today: dt.date, then: dt.datetime) -> None:
    """Working time as salons plan it (SPEC "Working time"): Anna is off on Sundays and Mondays,
    lunches 13:00–14:00 and works a short Saturday; Dmitry works 2/2; Elena every day, with a
    vacation inside the booking horizon."""
    day = ("9:00", "19:00")
    work_plans.set_week(anna.id, [None, day, day, day, day, ("10:00", "15:00"), None], now=then)
    work_plans.add_recurring_break(anna.id, "13:00", 60, [1, 2, 3, 4], now=then)
    work_plans.set_cycle(dmitry.id, on=2, off=2, anchor=today - dt.timedelta(days=1),
                         hours=("10:00", "20:00"), now=then)
    work_plans.add_vacation(elena.id, today + dt.timedelta(days=VACATION_IN),
                            today + dt.timedelta(days=VACATION_IN + 3), now=then)


def _next_working(master, day: dt.date) -> dt.date:
    while not day_plans.master_day(master, day).working:
        day += dt.timedelta(days=1)
    return day


def _book_the_week(made_masters, made_services, people, today, day_off, then, now, tz) -> None:
    local_now = now.astimezone(tz).replace(tzinfo=None)
    upcoming = 0
    for i in range(DAYS_BEFORE + DAYS_AFTER + 1):
        day = today + dt.timedelta(days=i - DAYS_BEFORE)
        for k, (master, plan) in enumerate(zip(made_masters, MASTERS, strict=True)):
            if master.name == MASTERS[2][0] and day == day_off:
                continue
            owned, starts = plan[5], plan[7]
            for j, start in enumerate(starts):
                if (i * 3 + j * 2 + k) % 5 >= 3:
                    continue  # a free slot: not every hour is booked
                service = made_services[owned[(i + j) % len(owned)]]
                free = slots.master_free_starts(master, service.duration, day, now=then)
                if start not in free:
                    continue  # a day off, lunch, or after a short day's last start
                client = people[(i * 7 + j * 3 + k * 5) % len(people)]
                source = SOURCE_BOT if client.telegram_id else SOURCE_MANUAL
                try:
                    booking = bookings.create_booking(
                        service_id=service.id, client_id=client.id, day=day, start=start,
                        master_id=master.id, source=source, now=then,
                    )
                except TooManyBookings:  # the client's online limit: the salon books it
                    booking = bookings.create_booking(
                        service_id=service.id, client_id=client.id, day=day, start=start,
                        master_id=master.id, source=SOURCE_MANUAL, now=then,
                    )
                begins = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=start)
                if begins < local_now:
                    status = NO_SHOW if (i + j + k) % 9 == 4 else COMPLETED
                    bookings.set_status(booking.number, status, now=then)
                    continue
                upcoming += 1
                if upcoming == 2:
                    bookings.cancel(booking.number, by=BY_CLIENT, now=then)
                elif source == SOURCE_BOT and upcoming % 3 == 0:
                    bookings.set_status(booking.number, CONFIRMED, now=then)
