"""Russian texts of the tui area, keyed by the English text."""

MESSAGES: dict[str, str] = {
}
