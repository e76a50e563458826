"""The reports' tests: a hand-counted salon, closed again so a command opens it as a user's
would."""

from __future__ import annotations

import pytest

from mtime_tui.core.storage import db
from tests.reports import fixture_salon


@pytest.fixture
def closed_salon(salon):
    fixture_salon.build()
    db.close_database()
    return salon
