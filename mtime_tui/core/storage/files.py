"""Writing the salon's files safely, and CSV as Excel and LibreOffice read it in a Russian locale.

- Every export is created owner-only (0600: it holds clients' names and phones), written to a
  temporary file beside the target and renamed over it when complete, so a failed or cancelled
  export never leaves half a file under the name asked for.
- CSV (docs/EXPORTS.md): UTF-8 with a BOM (Excel opens UTF-8 only with it), `;` between fields
  (Excel's list separator in a Russian locale, where `,` is the decimal comma; LibreOffice detects
  it), `\\r\\n` line ends, dates as 23.11.2026 and times as 10:00 (both read as dates and times in
  ru-RU). A cell starting with = + - @ would be run as a formula by a spreadsheet: it gets a
  leading apostrophe, which the import removes again.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ValidationError

DELIMITER = ";"
ENCODING = "utf-8-sig"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int, int], None]  # (done, total)


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def unsafe_cell(text: str) -> str:
    """The cell as written before `safe_cell` (the import reads its own exports as they are)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


@contextmanager
def owner_only(path: str | Path, *, newline: str | None = "", encoding: str | None = "utf-8"):
    """A file at `path` (text; binary when `encoding` is None), readable by its owner only, in
    place only once fully written."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ValidationError("{path} is a folder: give a file name", path=str(target),
                              field="file")
    part = target.with_name(target.name + ".part")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise ValidationError("Cannot write {path}: {reason}", path=str(target),
                              reason=exc.strerror or str(exc), field="file") from exc
    try:
        os.fchmod(fd, 0o600)  # an old .part left with other rights
        mode = ("w", {"encoding": encoding, "newline": newline}) if encoding else ("wb", {})
        with os.fdopen(fd, mode[0], **mode[1]) as out:
            yield out
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def write_csv(path: str | Path, header: list[str], rows: Iterator[list[object]], *,
              text_columns: tuple[int, ...] | None = None) -> int:
    """Write the header and rows as the salon's CSV; returns the number of rows.

    `text_columns`: the only columns that may hold typed text (names, notes, phones) and so need
    `safe_cell`; the others (numbers, dates the app wrote) go as they are. None: every column;
    (): none (the rows come guarded already)."""
    count = 0
    with owner_only(path, encoding=ENCODING) as out:
        writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
        writer.writerow([safe_cell(h) for h in header])
        if text_columns == ():
            write = writer.writerow
            for row in rows:
                write(row)
                count += 1
            return count
        for row in rows:
            if text_columns is None:
                row = [safe_cell(c) for c in row]
            else:
                for i in text_columns:
                    cell = row[i]
                    if cell and cell[0] in FORMULA_START:
                        row[i] = "'" + cell
            writer.writerow(row)
            count += 1
    return count
