"""F1: the keys of the section under it, the section keys and the global ones."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from ..i18n import N_, _
from .base import TranslatedBindings
from .nav import SECTIONS, section_key


def help_markdown(under: Screen | None) -> str:
    lines = [f"## {_('Keys on this screen')}", ""]
    if under is not None:
        seen: set[str] = set()  # "a" and the Russian-layout "ф" run the same action
        for item in under.active_bindings.values():
            binding = item.binding
            if binding.description and binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown = under.app.get_key_display(binding)  # "[", not "left_square_bracket"
                lines.append(f"- `{shown}` — {binding.description}")
    lines += ["", f"## {_('Sections')}", ""]
    modes = getattr(under.app, "MODES", {}) if under is not None else {}
    for number, (mode, title) in enumerate(SECTIONS, start=1):
        if not modes or mode in modes:
            lines.append(f"- `{section_key(number)}` — {_(title)}")
    lines += [
        "",
        f"## {_('Everywhere')}",
        "",
        f"- `Ctrl+P` — {_('command palette: every section and action')}",
        f"- `F1` — {_('this help')}",
        f"- `Esc` — {_('close a dialog, go back')}",
        f"- `Tab` / `Shift+Tab` — {_('next / previous field')}",
        f"- `Ctrl+Q` — {_('quit (the bot stops too)')}",
    ]
    return "\n".join(lines)


class HelpScreen(TranslatedBindings, ModalScreen[None]):
    """Keys and sections, in the TUI language."""

    BINDINGS = [Binding("escape,f1,q,й", "dismiss", N_("Close"))]

    def __init__(self, under: Screen | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(_("Help"), classes="dialog-title")
            with VerticalScroll():
                yield Markdown(help_markdown(self.under))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
