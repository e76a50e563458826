"""Services and masters: the SPEC's field rules, block/unblock, links, and the TUI's warnings."""

from __future__ import annotations

import pytest

from mtime_tui.core.errors import NotFound, ValidationError
from mtime_tui.core.people import masters, services
from mtime_tui.core.storage.models import Master, Service, TelegramUser

pytestmark = pytest.mark.both_engines

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 16


def make_master(tid=111, name="Anna", **extra) -> Master:
    fields = dict(telegram_id=tid, name=name, shift_start=9, shift_end=21, interval=60)
    fields.update(extra)
    return masters.create_master(**fields)


# --- services ---


def test_create_service_strips_and_stores(salon):
    s = services.create_service(name="  Haircut  ", duration="75", price=" 1500 ", description=" Wash\r\nand cut ")
    s = Service.get_by_id(s.id)
    assert (s.name, s.duration, s.price, s.description, s.active) == ("Haircut", 75, 1500, "Wash\nand cut", True)


def test_price_is_optional(salon):
    assert services.create_service(name="Consult", duration=15).price is None
    assert services.create_service(name="Free", duration=15, price="").price is None
    assert services.create_service(name="Zero", duration=15, price=0).price == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "", "duration": 60}, "name"),
        ({"name": "   ", "duration": 60}, "name"),
        ({"name": "x" * 101, "duration": 60}, "name"),
        ({"name": "Cut\x00", "duration": 60}, "name"),
        ({"name": "Cut\nline", "duration": 60}, "name"),
        ({"name": "Cut\u202eevil", "duration": 60}, "name"),
        ({"name": "Cut\u2028line", "duration": 60}, "name"),
        ({"name": "Cut", "duration": None}, "duration"),
        ({"name": "Cut", "duration": 4}, "duration"),
        ({"name": "Cut", "duration": 721}, "duration"),
        ({"name": "Cut", "duration": "60.5"}, "duration"),
        ({"name": "Cut", "duration": "abc"}, "duration"),
        ({"name": "Cut", "duration": True}, "duration"),
        ({"name": "Cut", "duration": 60, "price": -1}, "price"),
        ({"name": "Cut", "duration": 60, "price": 10_000_001}, "price"),
        ({"name": "Cut", "duration": 60, "price": "12.50"}, "price"),
        ({"name": "Cut", "duration": 60, "description": "d" * 1001}, "description"),
    ],
)
def test_service_validation_names_the_field(salon, fields, field):
    with pytest.raises(ValidationError) as err:
        services.create_service(**fields)
    assert err.value.field == field
    assert err.value.message("ru") != err.value.message("en")  # there is a Russian text
    assert Service.select().count() == 0


@pytest.mark.parametrize(
    ("typed", "price"),
    [("1 500", 1500), ("1 500 ₽", 1500), ("1\u00a0500", 1500), ("1\u202f500 ₽", 1500),
     ("1500 ₽", 1500), ("1 000 000", 1_000_000), (" 700 ", 700)],
)
def test_a_price_typed_as_the_app_shows_it_is_accepted(salon, typed, price):
    """Issue 11, defect 10: "1 500", the app's own price format, was refused."""
    assert services.create_service(name="Cut", duration=60, price=typed).price == price


@pytest.mark.parametrize("typed", ["15 00", "1 5000", "1,500", "1.500", "1 500 500 5"])
def test_a_price_grouped_wrongly_is_refused(salon, typed):
    with pytest.raises(ValidationError) as err:
        services.create_service(name="Cut", duration=60, price=typed)
    assert err.value.field == "price"


def test_a_second_service_of_the_same_name_is_refused(salon):
    """Issue 11, defect 10: a duplicate name was accepted silently (two identical rows)."""
    cut = services.create_service(name="Haircut", duration=60)
    with pytest.raises(ValidationError) as err:
        services.create_service(name="  haircut ", duration=30)
    assert err.value.field == "name" and "Haircut" in err.value.message("en")
    other = services.create_service(name="Beard", duration=30)
    with pytest.raises(ValidationError):
        services.update_service(other.id, name="HAIRCUT")
    services.update_service(cut.id, name="Haircut", duration=75)  # its own name is fine
    services.set_service_active(cut.id, False)
    with pytest.raises(ValidationError) as err:
        services.create_service(name="Haircut", duration=60)
    assert "unblock it instead" in err.value.message("en")
    assert Service.select().count() == 2


def test_service_limits_inclusive(salon):
    services.create_service(name="x" * 100, duration=5, price=10_000_000, description="d" * 1000)
    services.create_service(name="Long", duration=720)


def test_html_characters_are_plain_text(salon):
    s = services.create_service(name="<b>Cut & dry</b>", duration=30)
    assert Service.get_by_id(s.id).name == "<b>Cut & dry</b>"


def test_update_service_checks_all_before_writing(salon):
    s = services.create_service(name="Cut", duration=60, price=100)
    with pytest.raises(ValidationError):
        services.update_service(s.id, name="New", duration=1)
    assert Service.get_by_id(s.id).name == "Cut"
    services.update_service(s.id, name="New", price=None)
    assert (Service.get_by_id(s.id).name, Service.get_by_id(s.id).price) == ("New", None)
    with pytest.raises(TypeError):
        services.update_service(s.id, active=False)


def test_block_unblock_service_never_deletes(salon):
    a = services.create_service(name="Б-стрижка", duration=60)
    b = services.create_service(name="а-укладка", duration=30)
    services.set_service_active(a.id, False)
    assert [s.id for s in services.list_services(include_blocked=False)] == [b.id]
    assert [s.id for s in services.list_services()] == [b.id, a.id]  # active first
    services.set_service_active(a.id, True)
    assert [s.name for s in services.list_services()] == ["а-укладка", "Б-стрижка"]  # casefold


def test_missing_service(salon):
    with pytest.raises(NotFound):
        services.get_service(999)
    with pytest.raises(NotFound):
        services.set_service_active(999, False)


# --- masters ---


def test_create_master(salon):
    m = make_master(tid="  123456 ", name=" Anna ", about="Colours\nand cuts")
    m = Master.get_by_id(m.id)
    assert (m.telegram_id, m.name, m.about, m.photo, m.active) == (123456, "Anna", "Colours\nand cuts", None, True)


def test_duplicate_telegram_id_names_the_other_master(salon):
    make_master(tid=555, name="Anna")
    with pytest.raises(ValidationError) as err:
        make_master(tid=555, name="Olga")
    assert err.value.field == "telegram_id"
    assert "Anna" in err.value.message("en")
    assert "Anna" in err.value.message("ru") and "Мастер" in err.value.message("ru")


def test_update_master_may_keep_own_telegram_id(salon):
    a = make_master(tid=1)
    b = make_master(tid=2, name="Olga")
    masters.update_master(a.id, telegram_id=1, name="Anna K")
    with pytest.raises(ValidationError) as err:
        masters.update_master(b.id, telegram_id=1)
    assert err.value.field == "telegram_id"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"telegram_id": "abc"}, "telegram_id"),
        ({"telegram_id": 0}, "telegram_id"),
        ({"telegram_id": -5}, "telegram_id"),
        ({"name": ""}, "name"),
        ({"name": "n" * 101}, "name"),
        ({"shift_start": 24}, "shift_start"),
        ({"shift_start": -1}, "shift_start"),
        ({"shift_end": 24}, "shift_end"),
        ({"shift_start": 12, "shift_end": 11}, "shift_end"),
        ({"interval": 4}, "interval"),
        ({"interval": 241}, "interval"),
        ({"interval": ""}, "interval"),
        ({"about": "a" * 1001}, "about"),
    ],
)
def test_master_validation(salon, extra, field):
    with pytest.raises(ValidationError) as err:
        make_master(**extra)
    assert err.value.field == field
    assert Master.select().count() == 0


def test_shift_bounds_inclusive(salon):
    from mtime_tui.core.booking import work_plans

    m = make_master(shift_start=0, shift_end=23, interval=5)
    assert work_plans.week_of(m.id) == [(0, 23 * 60)] * 7
    one = make_master(tid=2, shift_start="10:30", shift_end="10:30", interval=240)
    assert work_plans.week_of(one.id) == [(630, 630)] * 7  # a one-start day
    with pytest.raises(ValidationError) as err:
        make_master(tid=3, shift_start="23:00", shift_end="22:59")
    assert err.value.field == "shift_end"


@pytest.mark.parametrize(("name", "data"), [("a.png", PNG), ("b.JPG", JPEG), ("c.jpeg", JPEG), ("d.webp", WEBP)])
def test_photo_accepts_images(salon, tmp_path, name, data):
    photo = tmp_path / name
    photo.write_bytes(data)
    m = make_master(photo=str(photo))
    assert Master.get_by_id(m.id).photo == str(photo.resolve())


def test_photo_rejects_bad_files(salon, tmp_path):
    text = tmp_path / "fake.png"
    text.write_text("not an image")
    gif = tmp_path / "x.gif"
    gif.write_bytes(b"GIF89a")
    for path in (tmp_path / "missing.png", text, gif, tmp_path):
        with pytest.raises(ValidationError) as err:
            make_master(photo=str(path))
        assert err.value.field == "photo"
    assert make_master(photo="  ").photo is None


def test_block_master_and_lookup_by_telegram(salon):
    m = make_master(tid=77)
    assert masters.master_by_telegram(77).id == m.id
    masters.set_master_active(m.id, False)
    assert masters.master_by_telegram(77) is None
    assert masters.list_masters(include_blocked=False) == []
    assert [x.id for x in masters.list_masters()] == [m.id]
    with pytest.raises(NotFound):
        masters.get_master(12345)


def test_master_services_links(salon):
    m = make_master()
    cut = services.create_service(name="Cut", duration=60)
    dye = services.create_service(name="Dye", duration=120)
    off = services.create_service(name="Old", duration=30)
    services.set_service_active(off.id, False)
    assert [s.id for s in masters.add_master_services(m.id, [cut.id, dye.id, cut.id])] == [cut.id, dye.id]
    masters.add_master_services(m.id, [cut.id])  # already linked: fine
    with pytest.raises(ValidationError) as err:
        masters.add_master_services(m.id, [off.id])
    assert "Old" in err.value.message("en")
    with pytest.raises(NotFound):
        masters.add_master_services(m.id, [9999])
    assert [s.id for s in masters.remove_master_services(m.id, [cut.id])] == [dye.id]
    services.set_service_active(dye.id, False)
    assert masters.master_services(m.id, include_blocked=False) == []
    assert [s.id for s in masters.master_services(m.id)] == [dye.id]


def test_service_counts_per_master(salon):
    a = make_master(tid=1, name="Anna")
    b = make_master(tid=2, name="Boris")
    make_master(tid=3, name="Clara")  # no services: absent from the counts
    cut = services.create_service(name="Cut", duration=60)
    dye = services.create_service(name="Dye", duration=120)
    nails = services.create_service(name="Nails", duration=45)
    masters.add_master_services(a.id, [cut.id, dye.id, nails.id])
    masters.add_master_services(b.id, [dye.id])
    services.set_service_active(dye.id, False)
    assert masters.service_counts() == {a.id: 3, b.id: 1}
    assert masters.service_counts(active_only=True) == {a.id: 2}
    for m in (a, b):  # the same figures as one master_services() call per master
        assert masters.service_counts(active_only=True).get(m.id, 0) == len(
            masters.master_services(m.id, include_blocked=False)
        )


def test_masters_without_services(salon):
    a = make_master(tid=1, name="Anna")
    b = make_master(tid=2, name="Boris")
    c = make_master(tid=3, name="Clara")
    cut = services.create_service(name="Cut", duration=60)
    masters.add_master_services(a.id, [cut.id])
    masters.add_master_services(c.id, [cut.id])
    masters.set_master_active(b.id, False)
    assert masters.masters_without_services() == []  # blocked Boris does not count
    services.set_service_active(cut.id, False)
    assert [m.name for m in masters.masters_without_services()] == ["Anna", "Clara"]


def test_masters_not_started(salon):
    make_master(tid=1, name="Anna")
    make_master(tid=2, name="Boris")
    TelegramUser.create(telegram_id=2, first_name="Boris")
    assert [m.name for m in masters.masters_not_started()] == ["Anna"]


def test_time_and_shift_order_checks_are_public(salon):
    assert masters.validate_time(" 7 ", "shift_start") == 7 * 60
    assert masters.validate_time("9:30", "shift_start") == 9 * 60 + 30
    assert masters.validate_time("09.05", "shift_start") == 9 * 60 + 5
    assert masters.validate_time(23, "shift_end") == 23 * 60
    assert masters.validate_time("23:59", "shift_end") == 23 * 60 + 59
    for bad in ("", None, "24", -1, "nine", "9:3", "9:60", "24:00", 24):
        with pytest.raises(ValidationError) as err:
            masters.validate_time(bad, "shift_end")
        assert err.value.field == "shift_end"
    masters.check_shift_order(10, 10)  # a one-start shift
    masters.check_shift_order(None, 5)  # a missing hour is the hour check's business
    with pytest.raises(ValidationError) as err:
        masters.check_shift_order(11, 10)
    assert err.value.field == "shift_end"


def test_amounts_are_grouped_by_thousands_with_the_currency_after():
    assert services.amount_text(0, "₽") == "0 ₽"
    assert services.amount_text(950, "₽") == "950 ₽"
    assert services.amount_text(1500, "₽") == "1 500 ₽"
    assert services.amount_text(10_000_000, "€") == "10 000 000 €"
    assert services.amount_text(2000, "₽", separator="\u202f") == "2\u202f000 ₽"
