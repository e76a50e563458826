"""The salon's services: what clients book (SPEC "Services"). Blocked, never deleted."""

from __future__ import annotations

from .errors import NotFound, ValidationError
from .fields import clean_int, clean_name, clean_text
from .models import Service

NAME_LIMIT = 100
DESCRIPTION_LIMIT = 1000
PRICE_MAX = 10_000_000
DURATION_MIN, DURATION_MAX = 5, 720

EDITABLE = ("name", "description", "price", "duration")


def validate_name(value: object) -> str:
    return clean_name(value, "name", limit=NAME_LIMIT, required=True)


def validate_description(value: object) -> str:
    return clean_text(value, "description", limit=DESCRIPTION_LIMIT, multiline=True)


def validate_price(value: object) -> int | None:
    """Optional: None or empty text means "no price shown"; else whole units 0..PRICE_MAX."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
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


def create_service(
    *, name: object, duration: object, price: object = None, description: object = ""
) -> Service:
    clean = _clean({"name": name, "duration": duration, "price": price, "description": description})
    return Service.create(**clean)


def get_service(service_id: int) -> Service:
    service = Service.get_or_none(Service.id == service_id)
    if service is None:
        raise NotFound("Service not found")
    return service


def update_service(service_id: int, **fields: object) -> Service:
    """Change some fields; all are checked before anything is written. Old bookings keep theirs."""
    clean = _clean(fields)
    service = get_service(service_id)
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


def list_services(include_blocked: bool = True) -> list[Service]:
    """Active first, then by name (case-insensitive, any alphabet)."""
    query = Service.select()
    if not include_blocked:
        query = query.where(Service.active == True)  # noqa: E712
    return sorted(query, key=lambda s: (not s.active, s.name.casefold(), s.id))
