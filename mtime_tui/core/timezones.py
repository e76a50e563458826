"""Time zones as an owner picks one: by the city (SPEC "Settings": the salon's IANA time zone,
default the machine's). `choices()` lists the cities with their zone and offset; `search()`
finds them by any part of the city, the zone, or a city's Russian name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from . import clock

REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia",
           "Europe", "Indian", "Pacific")

# Russian names of the zones' cities a Russian-speaking owner is likely to type.
RUSSIAN = {
    "Europe/Moscow": "Москва Санкт-Петербург Нижний Новгород Казань Ростов-на-Дону Краснодар"
                     " Воронеж Сочи",
    "Europe/Kaliningrad": "Калининград",
    "Europe/Samara": "Самара Ижевск",
    "Europe/Volgograd": "Волгоград",
    "Europe/Saratov": "Саратов",
    "Europe/Ulyanovsk": "Ульяновск",
    "Europe/Astrakhan": "Астрахань",
    "Europe/Kirov": "Киров",
    "Asia/Yekaterinburg": "Екатеринбург Челябинск Пермь Уфа Тюмень",
    "Asia/Omsk": "Омск",
    "Asia/Novosibirsk": "Новосибирск",
    "Asia/Barnaul": "Барнаул",
    "Asia/Tomsk": "Томск",
    "Asia/Novokuznetsk": "Новокузнецк Кемерово",
    "Asia/Krasnoyarsk": "Красноярск",
    "Asia/Irkutsk": "Иркутск",
    "Asia/Chita": "Чита",
    "Asia/Yakutsk": "Якутск",
    "Asia/Vladivostok": "Владивосток Хабаровск",
    "Asia/Sakhalin": "Сахалин Южно-Сахалинск",
    "Asia/Magadan": "Магадан",
    "Asia/Kamchatka": "Камчатка Петропавловск-Камчатский",
    "Asia/Anadyr": "Анадырь",
    "Europe/Minsk": "Минск",
    "Europe/Kyiv": "Киев",
    "Europe/Chisinau": "Кишинёв",
    "Europe/Riga": "Рига",
    "Europe/Vilnius": "Вильнюс",
    "Europe/Tallinn": "Таллин",
    "Europe/Istanbul": "Стамбул",
    "Europe/Berlin": "Берлин",
    "Europe/London": "Лондон",
    "Europe/Paris": "Париж",
    "Asia/Almaty": "Алматы",
    "Asia/Tashkent": "Ташкент",
    "Asia/Bishkek": "Бишкек",
    "Asia/Dushanbe": "Душанбе",
    "Asia/Ashgabat": "Ашхабад",
    "Asia/Tbilisi": "Тбилиси",
    "Asia/Yerevan": "Ереван",
    "Asia/Baku": "Баку",
    "Asia/Dubai": "Дубай",
}


@dataclass(frozen=True)
class Zone:
    name: str  # the IANA name, what is stored
    city: str  # "Moscow", "Port of Spain", "Argentina / Buenos Aires"
    offset: str  # "UTC+03:00" now

    @property
    def label(self) -> str:
        return f"{self.city} — {self.name} ({self.offset})"

    @property
    def short(self) -> str:
        """"Moscow, UTC+03:00": the city alone, for a narrow field."""
        return f"{self.city.rsplit(' / ', 1)[-1]}, {self.offset}"


def _offset(name: str, at: dt.datetime) -> str:
    delta = at.astimezone(ZoneInfo(name)).utcoffset() or dt.timedelta()
    minutes = int(delta.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@lru_cache(maxsize=4)
def _choices(day: dt.date) -> tuple[Zone, ...]:
    at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    zones = [Zone("UTC", "UTC", "UTC+00:00")]
    for name in available_timezones():
        region, _, place = name.partition("/")
        if region in REGIONS and place:
            zones.append(Zone(name, place.replace("_", " ").replace("/", " / "), _offset(name, at)))
    return tuple(sorted(zones, key=lambda z: (z.city.casefold(), z.name)))


def choices(now: dt.datetime | None = None) -> tuple[Zone, ...]:
    """Every city's zone (and UTC), by city name; offsets as of `now` (summer time moves them)."""
    return _choices((now or clock.now_utc()).date())


def search(text: str, now: dt.datetime | None = None) -> list[Zone]:
    """The zones whose city, IANA name or Russian city names contain every word of `text`;
    a city that starts with the text first."""
    words = text.casefold().replace("_", " ").split()
    found = []
    for zone in choices(now):
        haystack = f"{zone.city} {zone.name.replace('_', ' ')} {RUSSIAN.get(zone.name, '')}"
        haystack = haystack.casefold()
        if all(word in haystack for word in words):
            found.append(zone)
    first = words[0] if words else ""
    return sorted(found, key=lambda z: not (
        z.city.casefold().startswith(first)
        or any(n.casefold().startswith(first) for n in RUSSIAN.get(z.name, "").split())))


def zone_label(name: str, now: dt.datetime | None = None, *, short: bool = False) -> str:
    """"Moscow — Europe/Moscow (UTC+03:00)" (or "Moscow, UTC+03:00") for a stored zone; the
    name alone if it is not a city's."""
    for zone in choices(now):
        if zone.name == name:
            return zone.short if short else zone.label
    return name
