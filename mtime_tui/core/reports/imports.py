"""Importing clients from a CSV file (issue 15): read and check everything first (`read_clients`,
the preview), then write all of it or nothing (`apply`).

Columns are recognised by their header, in Russian or English, whatever their order: a name (one
column, or first and last name apart), the phone (required), notes, the Telegram ID — so this
app's own client export and YCLIENTS' client export import as they are. Phones are parsed as
everywhere else (core/people/phones.py, the salon's region). A client whose phone is already in the salon
is merged: empty fields are filled from the file, notes are added to the existing ones, and
anything the file says differently (another name, another Telegram ID) is kept as it was and said
in the preview. A line that cannot be imported is refused with its line number and the reason;
then nothing is imported unless the owner asks to import without the refused lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...i18n import tr
from .. import settings as settings_mod
from ..errors import ValidationError
from ..people import clients as clients_mod
from ..people.phones import parse_phone
from ..storage import files
from ..storage.db import write_transaction
from ..storage.models import Client, database, utcnow

MAX_BYTES = 64 * 1024 * 1024
MAX_NAME = 100
MAX_NOTES = 2000
CHUNK = 500

# Header words (case-folded, ё → е, spaces single) → the field they fill.
HEADERS = {
    "name": ("name", "full name", "client", "client name", "имя клиента", "фио", "клиент",
             "ф.и.о.", "полное имя", "имя и фамилия", "наименование"),
    "first_name": ("first name", "firstname", "given name", "имя"),
    "last_name": ("last name", "lastname", "surname", "family name", "фамилия"),
    "phone": ("phone", "phone number", "mobile", "mobile phone", "telephone", "tel",
              "телефон", "номер телефона", "мобильный телефон", "моб. телефон", "мобильный",
              "тел.", "тел"),
    "notes": ("notes", "note", "comment", "comments", "заметки", "примечание", "примечания",
              "комментарий", "комментарии"),
    "telegram_id": ("telegram id", "telegram", "tg id", "телеграм", "телеграм id",
                    "id telegram", "telegram user id"),
}


@dataclass
class Refused:
    line: int
    reason: str


@dataclass
class Merge:
    """An existing client the file names by phone: what gets filled, and what stays as it was."""

    client_id: int
    line: int
    fill: dict[str, object] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)  # "name: kept Olga (the file says Olya)"


@dataclass
class Preview:
    """What an import would do. Nothing is written until `apply`."""

    path: str
    lines: int = 0  # data lines read (the header not counted)
    columns: dict[str, str] = field(default_factory=dict)  # field → the header it came from
    new: list[dict] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    unchanged: int = 0
    refused: list[Refused] = field(default_factory=list)

    @property
    def changed(self) -> list[Merge]:
        return [m for m in self.merges if m.fill]


def _fold(text: str) -> str:
    return " ".join(text.strip().strip("\ufeff").casefold().replace("ё", "е").split())


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _fold(files.unsafe_cell(title))
        for name, words in HEADERS.items():
            if key in words and name not in found:
                found[name] = index
                break
    if "first_name" in found and "name" not in found and "last_name" not in found:
        # YCLIENTS and many others call the whole name "Имя": one column, the whole name.
        found["name"] = found.pop("first_name")
    return found


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise ValidationError("This file is not a CSV table (it is not text)", field="file")


def _rows(text: str) -> list[list[str]]:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = files.DELIMITER if sample.count(";") >= sample.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ValidationError("This file is not a CSV table: {reason}", reason=str(exc),
                              field="file") from exc


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(row):
        return ""
    return files.unsafe_cell(row[index].strip())


def read_clients(path: str | Path, *, lang: str | None = None,
                 progress: files.Progress | None = None) -> Preview:
    """Read and check the file; raises ValidationError when it is not a client table at all."""
    target = Path(path).expanduser()
    try:
        if target.stat().st_size > MAX_BYTES:
            raise ValidationError("The file is larger than {limit} MB", limit=MAX_BYTES >> 20,
                                  field="file")
        raw = target.read_bytes()
    except OSError as exc:
        raise ValidationError("Cannot read {path}: {reason}", path=str(target),
                              reason=exc.strerror or str(exc), field="file") from exc
    rows = [r for r in _rows(_decode(raw)) if any(c.strip() for c in r)]
    if not rows:
        raise ValidationError("The file is empty", field="file")
    header, data = rows[0], rows[1:]
    columns = _columns(header)
    if "phone" not in columns:
        raise ValidationError(
            "No phone column: the first line must name the columns, one of them the phone "
            "(Phone, Телефон)", field="file")
    if not data:
        raise ValidationError("The file has a header and no clients", field="file")
    preview = Preview(str(target), len(data), {k: header[i].strip() for k, i in columns.items()})
    _check(preview, data, columns, lang, progress)
    return preview


def _check(preview: Preview, data: list[list[str]], columns: dict[str, int], lang, progress):
    region = settings_mod.load().phone_region
    existing = {phone: (cid, first, last, tid, notes) for cid, phone, first, last, tid, notes in
                Client.select(Client.id, Client.phone, Client.first_name, Client.last_name,
                              Client.telegram_id, Client.notes)
                .where(Client.phone.is_null(False)).tuples().iterator()}
    telegram_owner = dict(Client.select(Client.telegram_id, Client.id)
                          .where(Client.telegram_id.is_null(False)).tuples())
    seen_phones: dict[str, int] = {}
    seen_telegram: dict[int, int] = {}
    for offset, row in enumerate(data):
        line = offset + 2  # the header is line 1
        if progress and offset % 5000 == 0:
            progress(offset, len(data))
        reason = _line(preview, row, line, columns, region, existing, telegram_owner,
                       seen_phones, seen_telegram, lang)
        if reason:
            preview.refused.append(Refused(line, reason))
    if progress:
        progress(len(data), len(data))


def _names(row, columns) -> tuple[str, str]:
    """(first, last). A whole name in one column is split at its first space: shown as it was
    typed ("first last" reads back the same), and found by either word."""
    first, last = _cell(row, columns, "first_name"), _cell(row, columns, "last_name")
    if not first and not last:
        first, _space, last = " ".join(_cell(row, columns, "name").split()).partition(" ")
    return " ".join(first.split()), " ".join(last.split())


def _line(preview, row, line, columns, region, existing, telegram_owner, seen_phones,
          seen_telegram, lang) -> str | None:
    """Check one line and put it into the preview; the reason when it is refused."""
    raw_phone = _cell(row, columns, "phone")
    if not raw_phone:
        return tr("no phone", lang)
    try:
        phone = parse_phone(raw_phone, region)
    except ValidationError as err:
        return tr("the phone {phone}: {reason}", lang, phone=raw_phone, reason=err.message(lang))
    if phone in seen_phones:
        return tr("the same phone as line {line}", lang, line=seen_phones[phone])
    first, last = _names(row, columns)
    if len(first) > MAX_NAME or len(last) > MAX_NAME:
        return tr("the name is longer than {limit} characters", lang, limit=MAX_NAME)
    notes = _cell(row, columns, "notes")
    if len(notes) > MAX_NOTES:
        return tr("the notes are longer than {limit} characters", lang, limit=MAX_NOTES)
    telegram_id = None
    raw_tid = _cell(row, columns, "telegram_id")
    if raw_tid:
        try:
            telegram_id = settings_mod.parse_telegram_id(raw_tid)
        except ValidationError:
            return tr("the Telegram ID {value} is not a number", lang, value=raw_tid)
        if telegram_id in seen_telegram:
            return tr("the same Telegram ID as line {line}", lang, line=seen_telegram[telegram_id])
    current = existing.get(phone)
    owner = telegram_owner.get(telegram_id) if telegram_id else None
    if current is None and owner is not None:
        return tr("the Telegram ID {value} belongs to another client", lang, value=telegram_id)
    seen_phones[phone] = line
    if telegram_id:
        seen_telegram[telegram_id] = line
    if current is None:
        preview.new.append({"phone": phone, "first_name": first, "last_name": last,
                            "notes": notes, "telegram_id": telegram_id})
        return None
    preview.merges.append(_merge(current, line, first, last, notes, telegram_id, owner, lang))
    if not preview.merges[-1].fill:
        preview.unchanged += 1
    return None


def _merge(current, line, first, last, notes, telegram_id, owner, lang) -> Merge:
    cid, old_first, old_last, old_tid, old_notes = current
    merge = Merge(cid, line)
    if first or last:
        if not old_first and not old_last:
            merge.fill.update(first_name=first, last_name=last)
        elif (first, last) != (old_first, old_last):
            merge.kept.append(tr("the name {old} is kept (the file says {new})", lang,
                                 old=" ".join(p for p in (old_first, old_last) if p),
                                 new=" ".join(p for p in (first, last) if p)))
    if notes and notes not in (old_notes or ""):
        merge.fill["notes"] = f"{old_notes}\n{notes}" if old_notes else notes
    if telegram_id and telegram_id != old_tid:
        if old_tid is None and owner is None:
            merge.fill["telegram_id"] = telegram_id
        else:
            merge.kept.append(tr("the Telegram ID {old} is kept (the file says {new})", lang,
                                 old=old_tid or "—", new=telegram_id))
    return merge


# A new client's columns as the import writes them, in this order: the file's, then what every
# imported client has (the model's defaults, one moment for the whole import), then the folded
# names the client search reads (core.people.clients).
_FROM_FILE = (Client.phone, Client.first_name, Client.last_name, Client.notes, Client.telegram_id)
_THE_SAME = (Client.language, Client.blocked, Client.block_reason, Client.created_at,
             Client.broadcasts_off)


def _insert_new() -> tuple[str, tuple]:
    """One INSERT for every new client (executemany: built once, not a peewee query per batch
    — those spent as long as the whole rest of the import) and the values all of them share."""
    names = [f.column_name for f in (*_FROM_FILE, *_THE_SAME)] + ["search_name", "search_name_rev"]
    marks = ", ".join([database.param] * len(names))
    columns = ", ".join(f'"{name}"' for name in names)
    constant = tuple(f.db_value(v) for f, v in zip(
        _THE_SAME, ("ru", False, "", utcnow(), False), strict=True))
    return f'INSERT INTO "client" ({columns}) VALUES ({marks})', constant


def _new_values(row: dict, constant: tuple) -> tuple:
    return (*(f.db_value(row[f.name]) for f in _FROM_FILE), *constant,
            *clients_mod._search_keys(row["first_name"], row["last_name"]))


@dataclass(frozen=True)
class Result:
    added: int
    merged: int
    skipped: int  # refused lines left out (only with skip_refused)


def apply(preview: Preview, *, skip_refused: bool = False,
          progress: Callable[[int, int], None] | None = None) -> Result:
    """Write the preview in one transaction: all of it, or nothing (a refused line stops it
    unless `skip_refused`; a client added meanwhile with one of the phones stops it too)."""
    if preview.refused and not skip_refused:
        raise ValidationError(
            "{count} line(s) cannot be imported; nothing was imported. Fix them, or import "
            "without them", count=len(preview.refused), field="file")
    total = len(preview.new) + len(preview.changed)
    done = 0
    with write_transaction():
        phones = [n["phone"] for n in preview.new]
        for at in range(0, len(phones), CHUNK):
            taken = Client.select(Client.phone).where(Client.phone.in_(phones[at:at + CHUNK]))
            if taken.exists():
                raise ValidationError(
                    "A client with the phone {phone} was added meanwhile; read the file again",
                    phone=taken.scalar(), field="file")
        insert, constant = _insert_new()
        for at in range(0, len(preview.new), CHUNK):
            batch = preview.new[at:at + CHUNK]
            database.cursor().executemany(insert, [_new_values(row, constant) for row in batch])
            done += len(batch)
            if progress:
                progress(done, total)
        for merge in preview.changed:
            Client.update(**merge.fill).where(Client.id == merge.client_id).execute()
            if "first_name" in merge.fill:
                clients_mod.reindex_names(merge.client_id)
            done += 1
            if progress and done % CHUNK == 0:
                progress(done, total)
    if progress:
        progress(total, total)
    return Result(len(preview.new), len(preview.changed),
                  len(preview.refused) if skip_refused else 0)

