"""Every text marked for translation has Russian, with the same {placeholders}; no dead Russian.

The marked texts are found in the source itself (AST): string literals given as the first
positional argument to tr, _, N_ and to the domain error classes, anywhere under mtime_tui/.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

from mtime_tui.i18n import CATALOGS

PACKAGE = Path(__file__).resolve().parent.parent / "mtime_tui"
MARKERS = {
    "tr",
    "_",
    "N_",
    "DomainError",
    "ValidationError",
    "SlotTaken",
    "NotFound",
    "NotAllowed",
    "Conflict",
    "TooLate",
    "TooManyBookings",
    "DatabaseUnavailable",
}


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def marked_texts() -> dict[str, list[str]]:
    """msgid -> the places ("file:line") that use it."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "i18n" and path.name.startswith("ru_"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _callee(node) in MARKERS and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                place = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                found.setdefault(first.value, []).append(place)
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_scan_finds_known_texts():
    texts = marked_texts()
    # Guards the scanner itself: these are marked in core and must be seen.
    assert "Enter a whole number" in texts
    assert "Too long: at most {limit} characters" in texts


def test_every_marked_text_has_russian():
    russian = CATALOGS["ru"]
    missing = {msgid: places for msgid, places in marked_texts().items() if msgid not in russian}
    report = "\n".join(f"  {msgid!r}  ({', '.join(places[:3])})" for msgid, places in sorted(missing.items()))
    assert not missing, f"{len(missing)} texts have no Russian entry:\n{report}"


def test_russian_keeps_the_placeholders():
    russian = CATALOGS["ru"]
    wrong = [
        f"  {msgid!r}: {sorted(placeholders(msgid))} vs {sorted(placeholders(text))}"
        for msgid, text in russian.items()
        if placeholders(msgid) != placeholders(text)
    ]
    assert not wrong, "Russian texts with other placeholders than the English id:\n" + "\n".join(wrong)


def test_no_russian_entry_is_unused():
    """Catalog rot: Russian for texts no source marks any more."""
    used = marked_texts()
    unused = sorted(msgid for msgid in CATALOGS["ru"] if msgid not in used)
    if unused:
        print("Unused Russian entries:\n" + "\n".join(f"  {m!r}" for m in unused))
    assert not unused, f"{len(unused)} Russian entries are used nowhere:\n" + "\n".join(
        f"  {m!r}" for m in unused
    )


def test_no_formatted_string_is_given_as_a_message_id():
    """tr(f"…{x}") can never match a catalog entry: params go as keywords, tr("…{x}", x=x)."""
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) in MARKERS and node.args:
                first = node.args[0]
                if isinstance(first, ast.JoinedStr) or (
                    isinstance(first, ast.Call)
                    and isinstance(first.func, ast.Attribute)
                    and first.func.attr == "format"
                ):
                    bad.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert not bad, "formatted text given as a message id:\n" + "\n".join(bad)


def test_catalogs_agree_on_shared_texts():
    """Two areas may both translate a text; then they must say the same (the last one wins)."""
    from mtime_tui.i18n import ru_booking, ru_bot, ru_bot_staff, ru_core, ru_tui, ru_wizard

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for module in (ru_core, ru_booking, ru_tui, ru_wizard, ru_bot, ru_bot_staff):
        name = module.__name__.rsplit(".", 1)[1]
        for msgid, text in module.MESSAGES.items():
            if msgid in seen and seen[msgid][1] != text:
                clashes.append(f"  {msgid!r}: {seen[msgid][0]} {seen[msgid][1]!r} vs {name} {text!r}")
            seen.setdefault(msgid, (name, text))
    assert not clashes, "one text, two Russian translations:\n" + "\n".join(clashes)
