"""Data flows one way: `core` knows nothing of textual or telegram (nor of screens, bot, app),
the bot nothing of textual or the screens, widgets nothing of screens, bot or app, and the
layers cli > app > screens > widgets | bot > core > i18n hold.

Checked by import-linter's contracts in pyproject.toml, and for core also by an AST scan of
every module in mtime_tui/core (which also catches imports inside functions and `importlib`).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "mtime_tui" / "core"
FORBIDDEN = ("textual", "telegram", "mtime_tui.screens", "mtime_tui.bot", "mtime_tui.app",
             "mtime_tui.widgets")
FORBIDDEN_RELATIVE = ("screens", "bot", "app", "widgets")  # `from ..bot import x` in core


def imported_names(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.append((node.lineno, node.module or ""))
            elif node.level >= 2:  # from .. (mtime_tui) …
                module = node.module or ""
                names = [module] if module else [a.name for a in node.names]
                found += [(node.lineno, "mtime_tui." + n) for n in names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def is_forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_scanner_sees_forbidden_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import textual.app\nfrom telegram import Bot\nfrom ..bot import runner\n"
        "def f():\n    from ..screens.x import y\n    import importlib\n"
        "    importlib.import_module('telegram.ext')\nfrom . import slots\n"
    )
    bad = [name for _, name in imported_names(sample) if is_forbidden(name)]
    assert bad == ["textual.app", "telegram", "mtime_tui.bot", "mtime_tui.screens.x", "telegram.ext"]


def test_core_imports_no_ui_by_ast():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted(CORE.rglob("*.py"))
        for line, name in imported_names(path)
        if is_forbidden(name)
    ]
    assert not offenders, "core must not import these:\n" + "\n".join(offenders)


def test_import_linter_contract_holds():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports"
    )
    assert exe, "lint-imports (import-linter) is part of the test extra"
    result = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout and "BROKEN" not in result.stdout
    for contract in (
        "core knows nothing of textual or telegram",
        "the bot knows nothing of textual or the screens",
        "widgets are reusable pieces: no screens, bot or app",
        "layers: cli > app > screens > widgets | bot > core > i18n",
    ):
        assert f"{contract} KEPT" in result.stdout, contract
