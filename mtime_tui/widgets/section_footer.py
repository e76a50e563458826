"""The footer of every section: Textual's Footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple:
    """What the footer would show for `screen`: each binding's key, action, text and state."""
    return tuple(
        (key, binding.action, binding.description, binding.show, enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
    )


class SectionFooter(Footer):
    """Textual's Footer recomposes all its keys whenever the screen's bindings may have changed —
    on every switch to the section, twice (focus moves). Each rebuild restyles every key and
    lays the footer out again after the first paint, an extra frame of a switch. Here it is
    rebuilt only when what it shows differs from what it last composed."""

    _composed_keys: tuple | None = None

    def compose(self):  # noqa: ANN201 - Footer.compose's own signature
        if self._bindings_ready:
            self._composed_keys = shown_keys(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if (self._bindings_ready and self._composed_keys is not None and screen is self.screen
                and shown_keys(screen) == self._composed_keys):
            return
        super().bindings_changed(screen)
