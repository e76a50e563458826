"""Russian texts of the bot_staff area, keyed by the English text."""

MESSAGES: dict[str, str] = {
}
