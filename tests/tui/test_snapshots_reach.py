"""Pictures of issue 16's screens: the invitation (link and QR code) at 80x24, 120x36 and
200x50, in English and Russian. Regenerate with `--snapshot-update` and look at them."""

from __future__ import annotations

import pytest

from mtime_tui.core import invitations, settings

from .test_snapshots_shell import opened


@pytest.fixture
def fixed_token(monkeypatch, salon):
    settings.save(bot_username="salon_test_bot")
    monkeypatch.setattr(invitations.secrets, "token_urlsafe", lambda n: "Qx7pL2mZk9Ta")


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 50)])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_invitation(snap_compare, app_factory, shell_salon, fixed_token, language, size):
    assert snap_compare(app_factory(language), terminal_size=size,
                        run_before=opened("clients", "o", "i", row=0))
