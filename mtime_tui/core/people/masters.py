"""The salon's masters (staff) and the services each performs (SPEC "Masters")."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from peewee import fn

from ..booking.schedule import WEEK, parse_time
from ..errors import NotFound, ValidationError
from ..settings import parse_telegram_id
from ..storage.db import write_transaction
from ..storage.models import DEFAULT_BRANCH, Master, MasterService, Service, TelegramUser, WorkHours
from ..storage.prepared import Prepared
from .fields import clean_int, clean_name, clean_text

NAME_LIMIT = 100
ABOUT_LIMIT = 1000
INTERVAL_MIN, INTERVAL_MAX = 5, 240
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")

EDITABLE = ("telegram_id", "name", "photo", "about", "interval")


def _image_kind(head: bytes) -> str | None:
    """What the first bytes say the file is: a renamed text file is not a photo."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def validate_name(value: object) -> str:
    """The master's name: required, a normal name (`fields.clean_name`)."""
    return clean_name(value, "name", limit=NAME_LIMIT, required=True)


def validate_photo(value: object) -> str | None:
    """Optional: a path to an existing JPG, PNG or WebP file; stored as an absolute path."""
    text = clean_text(value, "photo", limit=1000)
    if not text:
        return None
    path = Path(text).expanduser()
    if path.suffix.lower() not in PHOTO_SUFFIXES:
        raise ValidationError("The photo must be a JPG, PNG or WebP image", field="photo")
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except IsADirectoryError:
        raise ValidationError("The photo file does not exist: {path}", field="photo", path=text) from None
    except FileNotFoundError:
        raise ValidationError("The photo file does not exist: {path}", field="photo", path=text) from None
    except OSError as exc:
        raise ValidationError(
            "Cannot read the photo file: {reason}", field="photo", reason=exc.strerror or str(exc)
        ) from None
    if _image_kind(head) is None:
        raise ValidationError("The photo must be a JPG, PNG or WebP image", field="photo")
    return str(path.resolve())


def validate_time(value: object, field: str) -> int:
    """A time of day typed by a person: '9' (an hour), '9:30', '09.30'; or an int hour 0–23.
    Returns minutes after midnight; public so a form can mark it beside the other fields."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError("Enter a time from 0:00 to 23:59, e.g. 9:30", field=field)
    try:
        if isinstance(value, int) and not isinstance(value, bool):
            if not 0 <= value <= 23:
                raise ValueError(value)
            return value * 60
        return parse_time(value)
    except ValueError:
        raise ValidationError("Enter a time from 0:00 to 23:59, e.g. 9:30", field=field) from None


def validate_interval(value: object) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError("The interval is required", field="interval")
    interval = clean_int(value, "interval")
    if not INTERVAL_MIN <= interval <= INTERVAL_MAX:
        raise ValidationError("The interval must be 5 to 240 minutes", field="interval")
    return interval


def _check_unique_telegram_id(telegram_id: int, master_id: int | None) -> None:
    query = Master.select().where(Master.telegram_id == telegram_id)
    if master_id is not None:
        query = query.where(Master.id != master_id)
    other = query.first()
    if other is not None:
        raise ValidationError(
            "A master with this Telegram ID already exists: {name}",
            field="telegram_id",
            name=other.name,
        )


def _clean(fields: dict, master_id: int | None) -> dict:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not a master field: {', '.join(sorted(unknown))}")
    clean: dict = {}
    if "telegram_id" in fields:
        clean["telegram_id"] = parse_telegram_id(fields["telegram_id"])
        _check_unique_telegram_id(clean["telegram_id"], master_id)
    if "name" in fields:
        clean["name"] = validate_name(fields["name"])
    if "photo" in fields:
        clean["photo"] = validate_photo(fields["photo"])
    if "about" in fields:
        clean["about"] = clean_text(fields["about"], "about", limit=ABOUT_LIMIT, multiline=True)
    if "interval" in fields:
        clean["interval"] = validate_interval(fields["interval"])
    return clean


def check_shift_order(start: int | None, end: int | None, field: str = "shift_end") -> None:
    """The last start may not come before the first (equal is a one-start day); a missing
    time is not this check's business."""
    if start is not None and end is not None and end < start:
        raise ValidationError("The shift cannot end before it starts", field=field)


def create_master(
    *,
    telegram_id: object,
    name: object,
    shift_start: object,
    shift_end: object,
    interval: object,
    photo: object = None,
    about: object = "",
    branch: int = DEFAULT_BRANCH,
) -> Master:
    """A new master working `shift_start` … `shift_end` (the last start) on every weekday; the
    week and cycle are then shaped in Working time (`work_plans`)."""
    fields = {
        "telegram_id": telegram_id,
        "name": name,
        "interval": interval,
        "photo": photo,
        "about": about,
    }
    errors = []
    hours = []
    for field, value in (("shift_start", shift_start), ("shift_end", shift_end)):
        try:
            hours.append(validate_time(value, field))
        except ValidationError as err:
            errors.append(err)
    with write_transaction():  # the uniqueness check and the insert hold one lock
        clean = _clean(fields, None)
        if errors:
            raise errors[0]
        check_shift_order(*hours)
        master = Master.create(branch=branch, **clean)
        WorkHours.insert_many(
            [{"master": master.id, "kind": WEEK, "day": d, "start": hours[0],
              "last_start": hours[1]} for d in range(7)]
        ).execute()
        return master


def get_master(master_id: int) -> Master:
    master = Master.get_or_none(Master.id == master_id)
    if master is None:
        raise NotFound("Master not found")
    return master


def update_master(master_id: int, **fields: object) -> Master:
    """Change some fields; all are checked (with the others kept) before anything is written.
    Working time is changed through `work_plans`, which re-checks the bookings it affects."""
    with write_transaction():
        master = get_master(master_id)
        clean = _clean(fields, master_id)
        for name, value in clean.items():
            setattr(master, name, value)
        master.save()
    return master


def set_master_active(master_id: int, active: bool) -> Master:
    """Block or unblock: a blocked master is not offered to clients; their bookings stay."""
    master = get_master(master_id)
    master.active = bool(active)
    master.save()
    return master


def list_masters(include_blocked: bool = True, branch: int | None = None) -> list[Master]:
    """Active first, then by name; one branch's or all."""
    query = Master.select()
    if branch is not None:
        query = query.where(Master.branch == branch)
    if not include_blocked:
        query = query.where(Master.active == True)  # noqa: E712
    return sorted(query, key=lambda m: (not m.active, m.name.casefold(), m.id))


def master_by_telegram(telegram_id: int) -> Master | None:
    """The active master behind a Telegram user, if any (the bot's master menu; every press of
    staff and every /start asks: its SQL is built once, `prepared`)."""
    return _MASTER_BY_TELEGRAM.first(telegram_id)


_MASTER_BY_TELEGRAM = Prepared(lambda telegram_id: (
    Master.select()
    .where((Master.telegram_id == telegram_id) & (Master.active == True))  # noqa: E712
    .order_by(Master.id)
    .limit(1)
), 1)


def master_services(master_id: int, include_blocked: bool = True) -> list[Service]:
    """The services linked to a master, by name (blocked ones too unless told otherwise)."""
    query = Service.select().join(MasterService).where(MasterService.master == master_id)
    if not include_blocked:
        query = query.where(Service.active == True)  # noqa: E712
    return sorted(query, key=lambda s: (s.name.casefold(), s.id))


def service_counts(active_only: bool = False) -> dict[int, int]:
    """Services linked to each master, in one grouped query (the masters table counts them all
    at once); `active_only` leaves blocked services out. Masters with none are absent."""
    query = (
        MasterService.select(MasterService.master, fn.COUNT(MasterService.id).alias("n"))
        .join(Service)
        .group_by(MasterService.master)
    )
    if active_only:
        query = query.where(Service.active == True)  # noqa: E712
    return {row.master_id: row.n for row in query}


def add_master_services(master_id: int, service_ids: Iterable[int]) -> list[Service]:
    """Link services to a master (only active ones); already linked ones are left as they are."""
    master = get_master(master_id)
    ids = list(dict.fromkeys(service_ids))
    with write_transaction():
        found = {s.id: s for s in Service.select().where(Service.id.in_(ids))}
        for service_id in ids:
            service = found.get(service_id)
            if service is None:
                raise NotFound("Service not found")
            if service.branch_id != master.branch_id:
                raise ValidationError(
                    "The service {name} belongs to another branch", field="services",
                    name=service.name,
                )
            if not service.active:
                raise ValidationError(
                    "The service {name} is blocked: unblock it before giving it to a master",
                    field="services",
                    name=service.name,
                )
        linked = {
            link.service_id
            for link in MasterService.select().where(MasterService.master == master_id)
        }
        for service_id in ids:
            if service_id not in linked:
                MasterService.create(master=master_id, service=service_id)
    return master_services(master_id)


def remove_master_services(master_id: int, service_ids: Iterable[int]) -> list[Service]:
    """Unlink services from a master; their existing bookings stay as they are."""
    get_master(master_id)
    ids = list(service_ids)
    MasterService.delete().where(
        (MasterService.master == master_id) & (MasterService.service.in_(ids))
    ).execute()
    return master_services(master_id)


def masters_without_services(branch: int | None = None) -> list[Master]:
    """Active masters with no active service: clients never see them (the TUI warns)."""
    with_service = (
        MasterService.select(MasterService.master)
        .join(Service)
        .where(Service.active == True)  # noqa: E712
    )
    query = Master.select().where(
        (Master.active == True) & (Master.id.not_in(with_service))  # noqa: E712
    )
    if branch is not None:
        query = query.where(Master.branch == branch)
    return sorted(query, key=lambda m: (m.name.casefold(), m.id))


def masters_not_started(branch: int | None = None) -> list[Master]:
    """Active masters who never pressed /start: the bot cannot write to them yet."""
    started = TelegramUser.select(TelegramUser.telegram_id)
    query = Master.select().where(
        (Master.active == True) & (Master.telegram_id.not_in(started))  # noqa: E712
    )
    if branch is not None:
        query = query.where(Master.branch == branch)
    return sorted(query, key=lambda m: (m.name.casefold(), m.id))
