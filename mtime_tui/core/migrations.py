"""Versioned schema migrations. Version 1 is the first schema; each later step upgrades by one.

Before any upgrade of an existing file a snapshot is taken (SPEC "Data safety").
"""

from __future__ import annotations

from pathlib import Path

from .models import ALL_MODELS, SchemaVersion, database

LATEST = 1


def current_version() -> int:
    if not database.table_exists(SchemaVersion._meta.table_name):
        return 0
    row = SchemaVersion.select().first()
    return row.version if row else 0


def _v1() -> None:
    database.create_tables(ALL_MODELS)


STEPS = {1: _v1}


def upgrade(path: Path) -> int:
    """Bring the open database up to LATEST; returns the version it had."""
    found = current_version()
    if found >= LATEST:
        return found
    with database.atomic("IMMEDIATE"):
        for version in range(found + 1, LATEST + 1):
            STEPS[version]()
        SchemaVersion.delete().execute()
        SchemaVersion.create(version=LATEST)
    return found
