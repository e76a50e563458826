"""An empty salon's Today shows the first steps (issue 11, defect 11), each one's state from the
data and each a key away; it showed nothing helpful."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from mtime_tui.core import settings
from mtime_tui.core.people import masters, services
from mtime_tui.core.storage.models import TelegramUser

from .conftest import SIZE, settle

pytestmark = pytest.mark.anyio

TOKEN = "123456789:AAFakeSecretPartOfTheTokenXYZ9-abcd"


def steps_text(app) -> str:
    widget = app.screen.query_one("#today-steps", Static)
    return str(widget.render()) if widget.display else ""


async def test_the_checklist_follows_the_data_and_goes_when_done(salon):
    from mtime_tui.app import make_app

    settings.save(salon_name="MTime")  # as a new database starts
    app = make_app(start_bot=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = steps_text(app)
        assert text.startswith("First steps:")
        assert text.count("○") == 5 and "key 9" in text and "key 2" in text
        settings.save(salon_name="Barbershop North")
        cut = services.create_service(name="Haircut", duration=60)
        anna = masters.create_master(telegram_id=111, name="Anna", shift_start=9,
                                     shift_end=20, interval=30)
        masters.add_master_services(anna.id, [cut.id])
        app.screen.refresh_data()
        await settle(pilot)
        assert steps_text(app).count("✓") == 3
        settings.save(bot_token=TOKEN)
        TelegramUser.create(telegram_id=111, first_name="Anna")
        app.screen.refresh_data()
        await settle(pilot)
        assert steps_text(app) == ""
