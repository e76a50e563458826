"""Russian texts of the bot area, keyed by the English text."""

MESSAGES: dict[str, str] = {
}
