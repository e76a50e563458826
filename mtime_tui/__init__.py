"""mtime_tui: a salon's booking system — a Textual admin TUI and a Telegram bot over one SQLite file."""

__version__ = "0.1.0"
