"""Pictures of a chain's branch picker and its header (docs/BRANCHES.md) at the three sizes, in
both languages. Regenerate with `pytest tests/tui/test_snapshots_branches.py --snapshot-update`
and look at them."""

from __future__ import annotations

import pytest

from mtime_tui.core.people import branches

from .test_snapshots_shell import opened

SIZES = [(80, 24), (120, 36), (200, 50)]


@pytest.fixture
def chain(shell_salon):
    branches.add_branch("East", "Vladivostok, Svetlanskaya 5", "", "Asia/Vladivostok")
    branches.add_branch("Пресня — второй этаж торгового центра «Радуга»",
                        "Москва, ул. Красная Пресня, 36, стр. 1", "")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "ru"])
def test_branch_picker(snap_compare, app_factory, chain, language, size):
    assert snap_compare(app_factory(language), terminal_size=size,
                        run_before=opened("masters", "ctrl+b"))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_new_branch_form(snap_compare, app_factory, chain, language):
    assert snap_compare(app_factory(language), terminal_size=(80, 24),
                        run_before=opened("masters", "ctrl+b", "n"))


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "ru"])
def test_statistics_of_a_chain(snap_compare, app_factory, chain, language, size):
    """The branch in the header, "This branch / Whole chain" in the toolbar."""
    assert snap_compare(app_factory(language), terminal_size=size,
                        run_before=opened("statistics"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "ru"])
def test_edit_branch_form(snap_compare, app_factory, chain, language, size):
    """E in the picker on East: its own fields (its time zone, an empty phone: the salon's)."""
    assert snap_compare(app_factory(language), terminal_size=size,
                        run_before=opened("masters", "ctrl+b", "down", "e"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "ru"])
def test_move_master_form(snap_compare, app_factory, chain, language, size):
    assert snap_compare(app_factory(language), terminal_size=size,
                        run_before=opened("masters", "m", row=0))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "ru"])
def test_move_master_question(snap_compare, app_factory, chain, language, size):
    """Anna's two bookings today and Presnya on Moscow's clock: keep (they go along) or cancel."""
    assert snap_compare(app_factory(language), terminal_size=size,
                        run_before=opened("masters", "m", "down", "enter", row=0))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_move_master_to_another_clock(snap_compare, app_factory, chain, language):
    """East keeps Vladivostok's clock: only cancelling is offered."""
    assert snap_compare(app_factory(language), terminal_size=(80, 24),
                        run_before=opened("masters", "m", "enter", row=0))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_delete_branch_refused(snap_compare, app_factory, chain, language):
    """D on the main branch: refused, the toast says what to do instead."""
    assert snap_compare(app_factory(language), terminal_size=(120, 36),
                        run_before=opened("masters", "ctrl+b", "d"))


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "ru"])
def test_broadcast_form_of_a_branch(snap_compare, app_factory, chain, language, size):
    """A chain's seat writes to its branch's clients: the form says so."""
    assert snap_compare(app_factory(language), terminal_size=size,
                        run_before=opened("clients", "s", "n",
                                          fill={"#text": "Hi {first_name}, Friday is free!"}))
