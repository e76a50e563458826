"""The footer of every section: Textual's Footer, rebuilt only when the keys it shows change, and
narrowed to what fits 80 columns (issue 11, every screen fits)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

SLACK = 1  # cells kept free before the palette's key
COMPACT_BELOW = 100  # terminal columns: the compact style, as the sections' "-narrow" layout
Level = tuple[bool, frozenset[str], int]  # compact, the actions left out, the slack


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
    rebuilt only when what it shows differs from what it last composed.

    Below COMPACT_BELOW columns, or where the keys would not fit beside the palette's key (docked
    right), the keys draw compact (Textual's own style, less space around each key); where they
    still do not fit, the footer leaves out the actions the screen names in
    `FOOTER_NARROW_HIDES`, and where even that is too wide (a chain's branch key), the last keys
    in turn. At 80 columns F1 (first), the palette's key (last) and the section's main keys stay
    in sight, none of them cut; F1 and the palette list the rest."""

    _composed_keys: tuple | None = None

    def _shown(self, screen: Screen) -> list[Binding]:
        """The bindings the footer draws, one per action (as Footer.compose does)."""
        by_action: dict[str, Binding] = {}
        for _node, binding, _enabled, _tooltip in screen.active_bindings.values():
            if binding.show:
                by_action.setdefault(binding.action, binding)
        return list(by_action.values())

    def _width(self, bindings: list[Binding], compact: bool) -> int:
        """Cells the keys take, from the padding and margins of Footer's DEFAULT_CSS."""
        def key(binding: Binding) -> int:
            return cell_len(self.app.get_key_display(binding)) + (0 if compact else 2)

        width = 0
        for group, members in groupby(bindings, key=lambda binding: binding.group):
            grouped = list(members)
            if group is not None and len(grouped) > 1:  # "[ ] Day": keys, then one label
                width += 2 + sum(key(binding) + 1 for binding in grouped)
                width += cell_len(group.description) + 1
            else:
                width += sum(key(binding) + cell_len(binding.description) + 2
                             for binding in grouped)
        return width

    def _palette_width(self, screen: Screen, compact: bool) -> int:
        found = screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if found is None or not self.show_command_palette:
            return 0
        binding = found.binding
        text = cell_len(self.app.get_key_display(binding)) + 1 + cell_len(binding.description)
        return text + (1 if compact else 4)  # its border, and the padding of the wide style

    def _levels(self, screen: Screen, shown: list[Binding]) -> Iterator[Level]:
        """(compact, actions left out, cells kept free) from the widest footer to the narrowest."""
        hides = frozenset(getattr(screen, "FOOTER_NARROW_HIDES", ()))
        if self.app.size.width >= COMPACT_BELOW:  # one look in every section at 80 columns
            yield False, frozenset(), SLACK
        yield True, frozenset(), SLACK
        yield True, hides, SLACK
        # Still too wide (a chain's branch key, a narrow terminal): the slack goes, then the last
        # keys in turn, F1 stays; a key is never drawn cut under the palette's.
        kept = [binding.action for binding in shown if binding.action not in hides]
        dropped = set(hides)
        yield True, hides, 0
        while len(kept) > 1:
            dropped.add(kept.pop())
            yield True, frozenset(dropped), 0

    def _level(self, screen: Screen) -> tuple[bool, frozenset[str]]:
        """(compact, actions left out): the widest footer whose keys fit the terminal (or F1
        alone, compact, where nothing else does)."""
        shown = self._shown(screen)
        for compact, hidden, slack in self._levels(screen, shown):
            room = self.app.size.width - self._palette_width(screen, compact) - slack
            kept = [binding for binding in shown if binding.action not in hidden]
            if self._width(kept, compact) <= room:
                break
        return compact, hidden

    def _wanted(self, screen: Screen) -> tuple:
        return shown_keys(screen), self._level(screen)

    def compose(self):  # noqa: ANN201 - Footer.compose's own signature
        if not self._bindings_ready:  # Footer.compose draws nothing yet either
            return
        compact, hidden = self._level(self.screen)
        self._composed_keys = (shown_keys(self.screen), (compact, hidden))
        self.compact = compact
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action in hidden:
                continue
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        if (self._bindings_ready and self._composed_keys is not None and screen is self.screen
                and self._wanted(screen) == self._composed_keys):
            return
        super().bindings_changed(screen)

    def on_resize(self, event: events.Resize) -> None:
        if self._composed_keys is not None and self._wanted(self.screen) != self._composed_keys:
            self.call_after_refresh(self.recompose)
