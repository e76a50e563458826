"""What `--db` / MTIME_DB names: an SQLite file (a path) or a PostgreSQL database (a URL).

`postgresql://user:password@host:port/dbname` (or `postgres://…`) is a server; anything else
with a `scheme://` is refused with a clear message (it would otherwise become a file under a
folder named after the scheme); everything else is a file path. A URL is shown and logged only
masked: its password never leaves this process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import DatabaseUnavailable

PG_SCHEMES = ("postgresql", "postgres")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_PASSWORD = re.compile(r"(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """A database to open: `url` for a server, else `path` for a file."""

    path: Path | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        return mask_url(self.url) if self.url else str(self.path)


def parse_target(text: str | Path) -> Target:
    if isinstance(text, Path):
        return Target(path=text.expanduser())
    found = _SCHEME.match(text.strip())
    if found is None:
        return Target(path=Path(text).expanduser())
    scheme = found.group(1).lower()
    if scheme not in PG_SCHEMES:
        raise DatabaseUnavailable(
            "Unsupported database address {scheme}://…: give a file path for SQLite, or "
            "postgresql://user:password@host:port/dbname for PostgreSQL",
            scheme=scheme,
        )
    url = "postgresql://" + text.strip()[found.end():]
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise DatabaseUnavailable(
            "The database address {url} is not valid: {reason}", url=mask_url(url), reason=str(exc)
        ) from None
    if not parts.path.strip("/"):
        raise DatabaseUnavailable(
            "The database address {url} names no database: add /dbname at its end",
            url=mask_url(url),
        )
    return Target(url=url)


def is_url(text: str | Path) -> bool:
    return isinstance(text, str) and _SCHEME.match(text.strip()) is not None


def mask_url(text: str) -> str:
    """Any PostgreSQL URL in `text` with its password replaced by ***."""
    return _PASSWORD.sub(r"\1***@", text)
