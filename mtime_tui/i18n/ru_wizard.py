"""Russian texts of the wizard area, keyed by the English text."""

MESSAGES: dict[str, str] = {
}
