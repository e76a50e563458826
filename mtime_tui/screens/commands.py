"""The command palette: every section, and every action a section binds to a key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..i18n import _
from .nav import SECTIONS, section_key
from .sections import section_class

CHAIN_ONLY = {"whole_chain", "move_branch"}  # section actions of a chain's only


def section_actions(screen_cls: type) -> list[Binding]:
    """The bindings (with descriptions) a section screen class declares, base classes first —
    ours only: Textual's own (Tab's "Focus Next") are not an owner's commands."""
    seen: set[str] = set()
    found: list[Binding] = []
    for klass in reversed(screen_cls.__mro__):
        if not klass.__module__.startswith("mtime_tui."):
            continue
        for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", ())):
            if binding.description and binding.action not in seen | {"focus_sidebar"}:
                seen.add(binding.action)
                found.append(binding)
    return found


class SectionCommands(Provider):
    """"Go to <section>" and "<Section>: <action>" for every registered section."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = self.app
        modes = getattr(app, "MODES", {})
        for number, (mode, title) in enumerate(SECTIONS, start=1):
            if mode not in modes:
                continue
            name = _(title)
            yield (
                _("Go to {section}", section=name),
                partial(app.switch_mode, mode),
                _("Key {key}", key=section_key(number)),
            )
            for binding in section_actions(section_class(modes[mode])):
                if binding.action in CHAIN_ONLY and getattr(app, "branch", None) is None:
                    continue  # a single-branch salon never sees a branch (docs/BRANCHES.md)
                yield (
                    f"{name}: {_(binding.description)}",
                    partial(app.run_in_section, mode, binding.action),
                    _("Key {key}", key=binding.key_display or binding.key),
                )
        if getattr(app, "branch", None) is not None:
            yield _("Choose the branch"), app.action_pick_branch, "Ctrl+B"
        yield _("Help"), app.action_help, "F1"

    def _search_only(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        """Found by typing, never listed: a single-branch salon sees no branch until it adds
        one (docs/BRANCHES.md)."""
        add = getattr(self.app, "action_add_branch", None)
        if add is not None:
            yield _("Add a branch"), add, ""

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands():
            yield DiscoveryHit(text, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_text in [*self._commands(), *self._search_only()]:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, help=help_text)
