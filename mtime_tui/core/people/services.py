"""The salon's services: what clients book (SPEC "Services"). Blocked, never deleted."""

from __future__ import annotations

import re

from ..errors import NotFound, ValidationError
from ..storage.db import write_transaction
from ..storage.models import DEFAULT_BRANCH, Service
from .fields import clean_int, clean_name, clean_text

NAME_LIMIT = 100
DESCRIPTION_LIMIT = 1000
PRICE_MAX = 10_000_000
DURATION_MIN, DURATION_MAX = 5, 720

EDITABLE = ("name", "description", "price", "duration")


def validate_name(value: object) -> str:
    return clean_name(value, "name", limit=NAME_LIMIT, required=True)


def validate_description(value: object) -> str:
    return clean_text(value, "description", limit=DESCRIPTION_LIMIT, multiline=True)


# "1 500", "1 500 ₽", "12 000 000": thousands grouped by a space (or a no-break or thin one), as
# the app itself shows prices (amount_text), with the currency after or not.
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+")
_CURRENCY_AFTER = re.compile(r"\s*(?:[^\d\s-][^\d]{0,4})$")


def validate_price(value: object) -> int | None:
    """Optional: None or empty text means "no price shown"; else whole units 0..PRICE_MAX, typed
    as the app shows them too ("1 500", "1 500 ₽")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = _CURRENCY_AFTER.sub("", value.strip())
        value = re.sub(r"\D", "", text) if _GROUPED.fullmatch(text) else text
    price = clean_int(value, "price")
    if not 0 <= price <= PRICE_MAX:
        raise ValidationError("The price must be 0 to {limit}", field="price", limit=PRICE_MAX)
    return price


def amount_text(price: int, currency: str, *, separator: str = " ") -> str:
    """"1 500 ₽": thousands grouped, the salon's currency after. One format for the TUI's tables,
    card and wizard and the bot's messages (the bot groups with a narrow no-break space)."""
    return f"{price:,}".replace(",", separator) + f" {currency}"


def validate_duration(value: object) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError("The duration is required", field="duration")
    duration = clean_int(value, "duration")
    if not DURATION_MIN <= duration <= DURATION_MAX:
        raise ValidationError("The duration must be 5 to 720 minutes", field="duration")
    return duration


VALIDATORS = {
    "name": validate_name,
    "description": validate_description,
    "price": validate_price,
    "duration": validate_duration,
}


def _clean(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not a service field: {', '.join(sorted(unknown))}")
    return {name: VALIDATORS[name](value) for name, value in fields.items()}


def _check_name_free(name: str, service_id: int | None = None, branch_id: int | None = None) -> None:
    """Two services of one name are two identical rows for the client: refuse the second one
    (letter case and spacing aside), blocked ones included — unblock that one instead. Each
    branch of a chain has its own list (docs/BRANCHES.md)."""
    key = " ".join(name.split()).casefold()
    if branch_id is None:
        branch_id = DEFAULT_BRANCH if service_id is None else get_service(service_id).branch_id
    for other in Service.select(Service.id, Service.name, Service.active).where(
        Service.branch == branch_id
    ):
        if other.id != service_id and " ".join(other.name.split()).casefold() == key:
            if other.active:
                raise ValidationError(
                    "There is already a service named {name}", field="name", name=other.name
                )
            raise ValidationError(
                "There is already a blocked service named {name}: unblock it instead",
                field="name", name=other.name,
            )


def create_service(
    *, name: object, duration: object, price: object = None, description: object = "",
    branch: int = DEFAULT_BRANCH,
) -> Service:
    """A new service of the branch (a single-branch salon's: the default one)."""
    clean = _clean({"name": name, "duration": duration, "price": price, "description": description})
    with write_transaction():
        _check_name_free(clean["name"], branch_id=branch)
        return Service.create(branch=branch, **clean)


def get_service(service_id: int) -> Service:
    service = Service.get_or_none(Service.id == service_id)
    if service is None:
        raise NotFound("Service not found")
    return service


def update_service(service_id: int, **fields: object) -> Service:
    """Change some fields; all are checked before anything is written. Old bookings keep theirs."""
    clean = _clean(fields)
    with write_transaction():
        service = get_service(service_id)
        if "name" in clean:
            _check_name_free(clean["name"], service_id)
        for name, value in clean.items():
            setattr(service, name, value)
        service.save()
    return service


def set_service_active(service_id: int, active: bool) -> Service:
    """Block or unblock: a blocked service disappears for clients and masters, bookings stay."""
    service = get_service(service_id)
    service.active = bool(active)
    service.save()
    return service


def list_services(include_blocked: bool = True, branch: int | None = None) -> list[Service]:
    """Active first, then by name (case-insensitive, any alphabet); one branch's or all."""
    query = Service.select()
    if branch is not None:
        query = query.where(Service.branch == branch)
    if not include_blocked:
        query = query.where(Service.active == True)  # noqa: E712
    return sorted(query, key=lambda s: (not s.active, s.name.casefold(), s.id))
